-- What makes a second message under a taken idempotency key the same message (a duplicate: 200) or a different one
-- (a conflict: 409): a SHA-256 of its content as accepted (see OutboundLedger.contentDigest). Null for rows accepted
-- before it was kept, which count as the same.
ALTER TABLE outbound_message ADD COLUMN content_digest VARCHAR(64);
