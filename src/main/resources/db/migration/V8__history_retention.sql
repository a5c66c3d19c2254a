-- Message history is purged after smsbridge.retention.message-history (routes/housekeeping.camel.yaml): these indexes
-- find what is old without reading whole tables. outbound_message needs none: its ids are UUIDv7, in time order.
CREATE INDEX inbound_message_by_age ON inbound_message (received_at);
CREATE INDEX processed_key_by_age ON processed_key (processor, created_at);
CREATE INDEX ticket_text_by_age ON ticket_text (updated_at);
