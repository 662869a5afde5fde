-- Submissions of papers new to the site, waiting for their metadata from
-- arXiv (internal/community/fetches.go). A submission is answered at once and
-- its paper fetched in the background, one at a time, by whichever server
-- claims the row under a lease; a restart or a stopped server loses nothing,
-- as an expired lease is claimed again. One row per paper: a paper is
-- fetched once, whoever asks. state is fetching (waiting or being fetched),
-- done (stored and on the feed) or failed (error says why; a retry makes it
-- fetching again). While fetching, lease_until is when the holder's lease
-- ends or, with no holder, the earliest the fetch is tried again.
CREATE TABLE paper_fetches (
    paper_id     TEXT PRIMARY KEY,
    submitter_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    day          TEXT NOT NULL, -- the feed day the submission goes on
    state        TEXT NOT NULL DEFAULT 'fetching' CHECK (state IN ('fetching', 'done', 'failed')),
    error        TEXT NOT NULL DEFAULT '',
    attempts     INTEGER NOT NULL DEFAULT 0,
    lease_owner  TEXT NOT NULL DEFAULT '',
    lease_until  TIMESTAMP,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
-- The workers' queue, and a person's fetches in flight (the per-person bound).
CREATE INDEX paper_fetches_queue ON paper_fetches (state, lease_until);
CREATE INDEX paper_fetches_submitter ON paper_fetches (submitter_id, state);
