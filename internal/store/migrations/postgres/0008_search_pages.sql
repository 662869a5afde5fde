-- Search moves from the generated tsvector column to the index the store
-- writes itself, as on SQLite (internal/textindex, search_index.go): one
-- search for both databases, and imports no longer compute three
-- tsvectors a paper and update a GIN index. The Go step of this migration
-- (goMigrationStep) indexes the papers already stored.
ALTER TABLE papers DROP COLUMN search; -- and its index, papers_search_seq

-- A segment is the index of the papers one import batch wrote (or of
-- several small segments merged). Searches read the newest first.
CREATE TABLE search_segments (
    id      BIGSERIAL PRIMARY KEY,
    docs    INTEGER NOT NULL, -- papers indexed in it
    max_seq BIGINT NOT NULL, -- the newest of them
    -- A Bloom filter of its words (textindex.Bloom): searches skip the
    -- segments that lack a word without reading their pages.
    bloom   BYTEA NOT NULL DEFAULT ''::bytea
);
CREATE INDEX search_segments_newest ON search_segments (max_seq DESC);

-- A page holds the words of a segment from first_term up to the next page's
-- first word, each with its papers' seqs (see textindex.Page).
CREATE TABLE search_pages (
    segment    BIGINT NOT NULL,
    first_term TEXT COLLATE "C" NOT NULL,
    data       BYTEA NOT NULL,
    PRIMARY KEY (segment, first_term)
);
-- Pages (about 4 KiB) stay in the row rather than in the TOAST table, a
-- second index lookup a page; larger ones (a common word's postings) go
-- there uncompressed: they are compact already.
ALTER TABLE search_pages SET (toast_tuple_target = 8160);
ALTER TABLE search_pages ALTER COLUMN data SET STORAGE EXTERNAL;
