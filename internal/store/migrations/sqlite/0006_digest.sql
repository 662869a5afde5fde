-- The email digest: subscribers, suppressed addresses, runs (one per
-- frequency and period, with the ranking frozen when planned) and one
-- delivery per run and subscriber, whose state machine (EMAIL.md) is what
-- makes a crash lose nothing and send nothing twice.

CREATE TABLE subscribers (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    email            TEXT NOT NULL UNIQUE, -- lower-cased
    user_id          INTEGER REFERENCES users (id) ON DELETE SET NULL,
    status           TEXT NOT NULL DEFAULT 'pending', -- pending, active, unsubscribed
    frequency        TEXT NOT NULL DEFAULT 'daily',   -- daily (weekdays), weekly
    categories       TEXT NOT NULL DEFAULT '[]',
    keywords         TEXT NOT NULL DEFAULT '[]',
    -- token is the secret of the preferences and unsubscribe links in
    -- every digest; it must be readable to be put in them.
    token            TEXT NOT NULL UNIQUE,
    -- Only the hash of the double opt-in link is kept.
    confirm_hash     TEXT UNIQUE,
    confirm_sent_at  TIMESTAMP,
    consent_at       TIMESTAMP,
    consent_ip       TEXT NOT NULL DEFAULT '',
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL,
    unsubscribed_at  TIMESTAMP,
    unsubscribed_via TEXT NOT NULL DEFAULT ''
);
CREATE INDEX subscribers_sending ON subscribers (status, frequency, id);
CREATE INDEX subscribers_user ON subscribers (user_id);

-- Addresses that get nothing: hard bounces (5.1.x) and manual suppression.
CREATE TABLE suppressions (
    email      TEXT PRIMARY KEY,
    reason     TEXT NOT NULL,
    detail     TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE digest_runs (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    frequency   TEXT NOT NULL,
    period      TEXT NOT NULL, -- 2026-11-27 or 2026-W48
    papers      TEXT NOT NULL, -- the frozen ranking and topic candidates, JSON
    planned_at  TIMESTAMP NOT NULL,
    planned     BOOLEAN NOT NULL DEFAULT FALSE, -- every delivery row is in
    finished_at TIMESTAMP,
    paused      BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (frequency, period)
);

CREATE TABLE deliveries (
    run_id        INTEGER NOT NULL REFERENCES digest_runs (id) ON DELETE CASCADE,
    subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
    -- queued, claimed, sending, sent, failed, unknown, skipped
    state         TEXT NOT NULL DEFAULT 'queued',
    lease_owner   TEXT NOT NULL DEFAULT '',
    lease_until   TIMESTAMP,
    attempts      INTEGER NOT NULL DEFAULT 0,
    next_at       TIMESTAMP NOT NULL,
    picks         TEXT NOT NULL DEFAULT '[]', -- the subscriber's topic picks, frozen at planning
    last_error    TEXT NOT NULL DEFAULT '',
    updated_at    TIMESTAMP NOT NULL,
    sent_at       TIMESTAMP,
    PRIMARY KEY (run_id, subscriber_id)
);
CREATE INDEX deliveries_queue ON deliveries (run_id, state, next_at);
