-- The outbox of mail a request asks for (sign-in links, double opt-in
-- confirmations). A request only inserts a row, whatever the address, so
-- neither its answer nor its timing tells whether the address is known; a
-- worker decides what to send, makes the link's secret, and sends it
-- (internal/outbox). Secrets are never stored in clear: token_hash is the
-- hash of the last link the row's mail carried.
CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT NOT NULL,            -- signin, confirm
    email       TEXT NOT NULL,
    params      TEXT NOT NULL DEFAULT '{}', -- what the kind needs, as JSON
    -- queued, claimed, sending, sent, failed, unknown, discarded
    state       TEXT NOT NULL DEFAULT 'queued',
    lease_owner TEXT NOT NULL DEFAULT '',
    lease_until TIMESTAMP,
    attempts    INTEGER NOT NULL DEFAULT 0,
    next_at     TIMESTAMP NOT NULL,
    token_hash  TEXT NOT NULL DEFAULT '',
    last_error  TEXT NOT NULL DEFAULT '',
    created_at  TIMESTAMP NOT NULL,
    updated_at  TIMESTAMP NOT NULL,
    sent_at     TIMESTAMP
);
CREATE INDEX outbox_queue ON outbox (state, next_at);
