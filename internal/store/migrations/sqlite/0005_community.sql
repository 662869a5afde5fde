-- The community: accounts signed in by email, sessions, API tokens, upvotes,
-- comments with their edit history, reports and the moderation audit log.

-- Addresses are stored lower-cased; imported users (from Hugging Face) have
-- none and cannot sign in until an admin gives them one.
ALTER TABLE users ADD COLUMN email TEXT;
CREATE UNIQUE INDEX users_email ON users (email);
-- Names are unique regardless of case, for people who sign up here; imported
-- names kept their case and are checked in code.
CREATE INDEX users_name_lower ON users (lower(name));

-- Votes and comments made here, counted apart from the totals imported from
-- Hugging Face so that re-importing a day never loses them.
ALTER TABLE daily_entries ADD COLUMN local_upvotes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE daily_entries ADD COLUMN local_comments INTEGER NOT NULL DEFAULT 0;

-- One-time sign-in links: only the SHA-256 of the token is kept.
CREATE TABLE signin_tokens (
    hash       TEXT PRIMARY KEY,
    email      TEXT NOT NULL,
    next       TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at    TIMESTAMP
);
CREATE INDEX signin_tokens_expires ON signin_tokens (expires_at);

-- Server-side sessions. user_id is NULL between a first sign-in and the
-- choice of a username; email says who is signing up.
CREATE TABLE sessions (
    hash         TEXT PRIMARY KEY,
    user_id      INTEGER REFERENCES users (id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    csrf         TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id      INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    prefix       TEXT NOT NULL,
    created_at   TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at   TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

-- One row per user and paper: the primary key makes a vote idempotent.
CREATE TABLE upvotes (
    paper_id   TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (paper_id, user_id)
);
CREATE INDEX upvotes_user ON upvotes (user_id, created_at);

CREATE TABLE comments (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id      TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    parent_id     INTEGER REFERENCES comments (id),
    user_id       INTEGER NOT NULL REFERENCES users (id),
    body          TEXT NOT NULL,
    created_at    TIMESTAMP NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    deleted_at    TIMESTAMP,
    hidden_reason TEXT NOT NULL DEFAULT '',
    hidden_by     INTEGER REFERENCES users (id),
    hidden_at     TIMESTAMP
);
CREATE INDEX comments_paper ON comments (paper_id, id);
CREATE INDEX comments_user ON comments (user_id, created_at);

-- Every earlier text of an edited comment.
CREATE TABLE comment_edits (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    edited_at  TIMESTAMP NOT NULL
);
CREATE INDEX comment_edits_comment ON comment_edits (comment_id);

CREATE TABLE comment_reports (
    comment_id  INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    resolved_at TIMESTAMP,
    PRIMARY KEY (comment_id, user_id)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    at        TIMESTAMP NOT NULL,
    actor_id  INTEGER REFERENCES users (id),
    action    TEXT NOT NULL,
    target    TEXT NOT NULL,
    detail    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
