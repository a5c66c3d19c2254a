-- A message's trace context (W3C traceparent, 55 characters) from its intake on, so that its sending, its status
-- callbacks and its emails are spans of the one trace (io.smsbridge.tracing.MessageTraces). NULL while tracing is off.
ALTER TABLE outbound_message ADD COLUMN trace_parent VARCHAR(55);
