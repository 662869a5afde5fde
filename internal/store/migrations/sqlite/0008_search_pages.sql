-- The search index moves from FTS5 to pages of postings that the store
-- writes itself (internal/textindex, search_index.go): indexing inside FTS5
-- took three fifths of a bulk import. The Go step of this migration
-- (goMigrationStep) indexes the papers already stored.
DROP TRIGGER IF EXISTS papers_fts_delete;
DROP TABLE IF EXISTS papers_fts;
-- Exact titles are found through the new index too (TitleTerm): inserting
-- into an index of long random keys made a million-paper import a third
-- slower. The column stays, to check a match.
DROP INDEX IF EXISTS papers_title_key;

-- A segment is the index of the papers one import batch wrote (or of
-- several small segments merged). Searches read the newest first.
CREATE TABLE search_segments (
    id      INTEGER PRIMARY KEY,
    docs    INTEGER NOT NULL, -- papers indexed in it
    max_seq INTEGER NOT NULL, -- the newest of them
    -- A Bloom filter of its words (textindex.Bloom): searches skip the
    -- segments that lack a word without reading their pages.
    bloom   BLOB NOT NULL DEFAULT x''
);
CREATE INDEX search_segments_newest ON search_segments (max_seq DESC);

-- A page holds the words of a segment from first_term up to the next page's
-- first word, each with its papers' seqs (see textindex.Page).
CREATE TABLE search_pages (
    segment    INTEGER NOT NULL,
    first_term TEXT NOT NULL,
    data       BLOB NOT NULL,
    PRIMARY KEY (segment, first_term)
);
