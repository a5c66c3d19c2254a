-- Every text received from Twilio, once (MessageSid is Twilio's id and the primary key).
CREATE TABLE inbound_message (
    message_sid           VARCHAR(34)              NOT NULL PRIMARY KEY,
    account_sid           VARCHAR(34),
    from_number           VARCHAR(32)              NOT NULL,
    to_number             VARCHAR(32)              NOT NULL,
    messaging_service_sid VARCHAR(34),
    body                  VARCHAR(4000),
    num_media             INT                      NOT NULL,
    media                 VARCHAR(8000),                        -- JSON array of {url, contentType}
    received_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX inbound_message_by_sender ON inbound_message (from_number, received_at);
