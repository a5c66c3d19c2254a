-- Where the producer of a message wants its state changes posted (its statusCallbackUrl; io.smsbridge.receipts).
-- Null for a message that asked for none, and for every message accepted before receipts existed.
ALTER TABLE outbound_message ADD COLUMN receipt_url VARCHAR(2048);
