-- Each status report Twilio sends (MessageSid + MessageStatus) is recorded once, in its message's history: the status it
-- reported is kept beside the entry, and the unique index makes a report sent again (Twilio's retry, a batch delivered
-- again) a no-op. Entries the bridge writes itself leave it NULL, and NULLs never collide. Until now this was a row per
-- report in processed_key, whose index only grows and is visited at random; this one is visited where the message is.
ALTER TABLE message_event ADD COLUMN reported_status VARCHAR(20);
CREATE UNIQUE INDEX message_event_report ON message_event (message_id, reported_status);
