-- A message's row is changed three to five times (sending, sent, each status Twilio reports), and every change of a
-- row rewrites the row's entries in every index of its table: H2 removes and re-adds them all (Table.updateRows), and
-- the idempotency key's and the SID's entries sit on random pages, so each change dirtied two more pages to write.
-- Both lookups move to tables of their own, written once per message; outbound_message keeps only its primary key
-- (time-ordered ids: the messages in flight share a few pages). The columns stay in the row, which is read whole.
CREATE TABLE outbound_key (
    idempotency_key VARCHAR(255) NOT NULL PRIMARY KEY,   -- once per key: the insert of a second one fails
    message_id      VARCHAR(36)  NOT NULL                -- outbound_message.id
);
CREATE TABLE outbound_sid (
    message_sid VARCHAR(34) NOT NULL PRIMARY KEY,        -- Twilio's SID, for its status callbacks
    message_id  VARCHAR(36) NOT NULL
);
INSERT INTO outbound_key (idempotency_key, message_id) SELECT idempotency_key, id FROM outbound_message;
INSERT INTO outbound_sid (message_sid, message_id) SELECT message_sid, id FROM outbound_message WHERE message_sid IS NOT NULL;
ALTER TABLE outbound_message DROP CONSTRAINT outbound_message_idempotency_key;
DROP INDEX outbound_message_by_sid;
