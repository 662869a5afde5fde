-- Full-text search over titles (weight A), author names (B) and abstracts
-- (C). Names are not stemmed ('simple'); English text is.
ALTER TABLE papers ADD COLUMN authors_text TEXT NOT NULL DEFAULT '';
ALTER TABLE papers ADD COLUMN search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('english', title), 'A') ||
    setweight(to_tsvector('simple', authors_text), 'B') ||
    setweight(to_tsvector('english', abstract), 'C')
) STORED;
CREATE INDEX papers_search ON papers USING GIN (search);

CREATE INDEX papers_published_id ON papers (published_at DESC, id DESC);
CREATE INDEX papers_primary_category ON papers (primary_category);
