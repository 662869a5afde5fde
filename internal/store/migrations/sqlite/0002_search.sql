-- Full-text search over titles, abstracts and author names (FTS5).
ALTER TABLE papers ADD COLUMN authors_text TEXT NOT NULL DEFAULT '';
-- The title lower-cased with white space collapsed, for exact-title lookups.
ALTER TABLE papers ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
CREATE INDEX papers_title_key ON papers (title_key);

CREATE VIRTUAL TABLE papers_fts USING fts5(
    title, abstract, authors,
    content = 'papers', content_rowid = 'seq',
    tokenize = 'unicode61 remove_diacritics 2'
);

-- Inserts and updates are indexed by the store a batch at a time (see
-- sqliteDialect.index); a trigger would flush FTS5 at every statement.
CREATE TRIGGER papers_fts_delete AFTER DELETE ON papers BEGIN
    INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors) VALUES ('delete', old.seq, old.title, old.abstract, old.authors_text);
END;

-- Browsing all papers, newest first.
CREATE INDEX papers_published_id ON papers (published_at DESC, id DESC);

-- A counter every write transaction increments, so that servers can cache
-- rendered pages and notice, by reading one row, when any process changed data.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
