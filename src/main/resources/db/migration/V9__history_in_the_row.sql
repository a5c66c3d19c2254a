-- A message's history now lives in its own row, one line of JSON per entry (OutboundLedger.historyLine), instead of a
-- row per entry in message_event with two index entries each: a message costs one row on disk, not five (the embedded
-- database grew by ~6 KB per message). The statuses Twilio reported are listed in reported (",sent,delivered,"), so
-- that a report sent again changes nothing, as the unique index on message_event did.
-- message_event keeps the entries of messages accepted before this version; the history-retention purge empties it.
ALTER TABLE outbound_message ADD COLUMN history VARCHAR(20000);
ALTER TABLE outbound_message ADD COLUMN reported VARCHAR(200);
