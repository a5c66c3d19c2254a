-- What Twilio reported about delivery: the latest status by lifecycle rank, its carrier time, and whether the
-- fallback email went out (so a redelivered callback does not mail twice).
ALTER TABLE outbound_message ADD COLUMN raw_dlr_done_date VARCHAR(10);
ALTER TABLE outbound_message ADD COLUMN fallback_sent_at TIMESTAMP WITH TIME ZONE;
