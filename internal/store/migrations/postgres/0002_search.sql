-- Full-text search over titles (weight A), author names (B) and abstracts
-- (C). Names are not stemmed ('simple'); English text is.
ALTER TABLE papers ADD COLUMN authors_text TEXT NOT NULL DEFAULT '';
-- The title lower-cased with white space collapsed, for exact-title lookups.
ALTER TABLE papers ADD COLUMN title_key TEXT NOT NULL DEFAULT '';
CREATE INDEX papers_title_key ON papers (title_key);
ALTER TABLE papers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('simple', authors_text), 'B') ||
    setweight(to_tsvector('english', abstract), 'C')
) STORED;
CREATE INDEX papers_search ON papers USING GIN (search);

CREATE INDEX papers_published_id ON papers (published_at DESC, id DESC);

-- A counter every write transaction increments, so that servers can cache
-- rendered pages and notice, by reading one row, when any process changed data.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);
INSERT INTO data_version (id, version) VALUES (1, 0);
