-- Help-desk tickets the bridge opened in Jira from texts: whose phone a ticket belongs to, and from which of our
-- numbers (or Messaging Service) answers to that phone go out. Agent comments are sent only for these tickets.
CREATE TABLE ticket (
    issue_key             VARCHAR(64)              NOT NULL PRIMARY KEY,  -- SUP-42
    phone                 VARCHAR(32)              NOT NULL,              -- E.164 of the person who texted
    reply_from            VARCHAR(32),                                    -- the number they texted
    messaging_service_sid VARCHAR(34),
    opened_by_message_sid VARCHAR(34)              NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ticket_by_phone ON ticket (phone, created_at);

-- Each text handed to Jira, by MessageSid: 'in-doubt' from just before the Jira call until its answer is recorded,
-- then 'filed'. A text found in doubt on redelivery (a timeout, a lost answer, a crash) is first looked for in Jira
-- (its MessageSid is in the issue or comment) instead of being filed a second time.
CREATE TABLE ticket_text (
    message_sid VARCHAR(34)              NOT NULL PRIMARY KEY,
    action      VARCHAR(10)              NOT NULL,  -- create | comment
    issue_key   VARCHAR(64),                        -- the ticket commented on, or the one created once known
    state       VARCHAR(10)              NOT NULL,  -- in-doubt | filed
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
