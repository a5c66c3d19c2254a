-- Portable SQL: runs unchanged on H2 (embedded default) and PostgreSQL (production).

-- The opt-out ledger: who may not be texted, by which sender scope. Written by inbound STOP handling and by
-- Twilio error 21610; read before every outbound send.
CREATE TABLE opt_out (
    phone              VARCHAR(20)              NOT NULL,  -- E.164
    scope              VARCHAR(64)              NOT NULL,  -- a From number, a Messaging Service SID (MG...)
    keyword            VARCHAR(32),                        -- what the person texted (STOP, QUIT...), or the error
    source_message_sid VARCHAR(64),                        -- the message that opted them out
    opted_out_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (phone, scope)
);

-- Keys already processed, per processor (outbound idempotency keys, inbound MessageSids, status callbacks).
-- The primary key makes "first one wins" hold across threads and nodes.
CREATE TABLE processed_key (
    processor    VARCHAR(64)              NOT NULL,
    message_key  VARCHAR(255)             NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (processor, message_key)
);
