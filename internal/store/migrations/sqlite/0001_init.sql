-- Papers, their feed entries, users and harvest checkpoints.
-- Lists (authors, categories, DOIs, versions, keywords) are JSON text: they
-- are always read and written whole with their paper, and a row per author
-- would make a million-paper import several times slower.
CREATE TABLE papers (
    -- seq is the rowid the full-text index refers to; an explicit INTEGER
    -- PRIMARY KEY, because VACUUM may renumber an implicit rowid.
    seq              INTEGER PRIMARY KEY,
    id               TEXT NOT NULL UNIQUE,
    version          INTEGER NOT NULL DEFAULT 0,
    title            TEXT NOT NULL,
    abstract         TEXT NOT NULL DEFAULT '',
    authors          TEXT NOT NULL DEFAULT '[]',
    primary_category TEXT NOT NULL DEFAULT '',
    categories       TEXT NOT NULL DEFAULT '[]',
    comments         TEXT NOT NULL DEFAULT '',
    journal_ref      TEXT NOT NULL DEFAULT '',
    dois             TEXT NOT NULL DEFAULT '[]',
    report_no        TEXT NOT NULL DEFAULT '',
    acm_class        TEXT NOT NULL DEFAULT '',
    msc_class        TEXT NOT NULL DEFAULT '',
    license          TEXT NOT NULL DEFAULT '',
    arxiv_submitter  TEXT NOT NULL DEFAULT '',
    versions         TEXT NOT NULL DEFAULT '[]',
    withdrawn        BOOLEAN NOT NULL DEFAULT FALSE,
    published_at     TIMESTAMP,
    updated_at       TIMESTAMP,
    github_repo      TEXT NOT NULL DEFAULT '',
    github_stars     INTEGER NOT NULL DEFAULT 0,
    project_page     TEXT NOT NULL DEFAULT '',
    ai_summary       TEXT NOT NULL DEFAULT '',
    ai_keywords      TEXT NOT NULL DEFAULT '[]',
    -- Ranks of fields filled from older descriptions than the paper's newest
    -- (see paper.Merge); usually '{}'.
    field_ranks      TEXT NOT NULL DEFAULT '{}',
    created_at       TIMESTAMP NOT NULL,
    modified_at      TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL UNIQUE,
    full_name  TEXT NOT NULL DEFAULT '',
    avatar_url TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT 'user',
    hf_id      TEXT NOT NULL DEFAULT '',
    role       TEXT NOT NULL DEFAULT 'user',
    created_at TIMESTAMP NOT NULL
);

-- One row per paper: a paper is on one feed day only.
CREATE TABLE daily_entries (
    paper_id     TEXT PRIMARY KEY REFERENCES papers (id) ON DELETE CASCADE,
    day          TEXT NOT NULL CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    submitted_at TIMESTAMP NOT NULL,
    submitter_id INTEGER REFERENCES users (id),
    upvotes      INTEGER NOT NULL DEFAULT 0,
    num_comments INTEGER NOT NULL DEFAULT 0,
    thumbnail    TEXT NOT NULL DEFAULT '',
    media_urls   TEXT NOT NULL DEFAULT '[]'
);
CREATE INDEX daily_entries_day ON daily_entries (day, upvotes DESC);
CREATE INDEX daily_entries_submitter ON daily_entries (submitter_id);

CREATE TABLE harvest_checkpoints (
    key              TEXT PRIMARY KEY,
    set_spec         TEXT NOT NULL DEFAULT '',
    metadata_prefix  TEXT NOT NULL,
    from_date        TEXT NOT NULL DEFAULT '',
    until_date       TEXT NOT NULL DEFAULT '',
    resumption_token TEXT NOT NULL DEFAULT '',
    next_from        TEXT NOT NULL DEFAULT '',
    list_started     TEXT NOT NULL DEFAULT '',
    records          INTEGER NOT NULL DEFAULT 0,
    pages            INTEGER NOT NULL DEFAULT 0,
    updated_at       TIMESTAMP NOT NULL
);
