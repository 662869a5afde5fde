-- Rate limits every server on this database shares (internal/ratelimit's
-- Shared): for each limit and key (an address, a network, an account), the
-- time at which the key's allowance is whole again, in Unix microseconds.
-- A row whose time has passed says nothing more than no row, and is swept.
CREATE TABLE rate_limits (
    name    TEXT NOT NULL,
    subject TEXT NOT NULL,
    full_at BIGINT NOT NULL,
    PRIMARY KEY (name, subject)
);
CREATE INDEX rate_limits_full_at ON rate_limits (full_at);
