-- Paper vectors for similar papers and For you (internal/recs).
-- rec_terms gives every stem of stored titles and abstracts an id and its
-- document frequency, kept exact at import; rec_corpus counts the papers
-- those frequencies are over.
CREATE TABLE rec_terms (
    id   INTEGER PRIMARY KEY,
    term TEXT NOT NULL UNIQUE,
    df   INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE rec_corpus (docs INTEGER NOT NULL);
INSERT INTO rec_corpus (docs) VALUES (0);
-- One row per paper whose stems are counted in rec_terms; vec is its
-- encoded vector (recs.Vector.Encode), NULL until the backfill computes it
-- for papers stored before this migration. docs is the corpus size the
-- vector's idf was computed with.
CREATE TABLE paper_vectors (
    seq  INTEGER PRIMARY KEY REFERENCES papers (seq) ON DELETE CASCADE,
    vec  BLOB,
    docs INTEGER NOT NULL DEFAULT 0
);
-- The inverted lookup of similar papers: each paper under its heaviest
-- terms, weight quantised as in the vector, read heaviest first.
CREATE TABLE vector_postings (
    term_id INTEGER NOT NULL,
    weight  INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (term_id, weight, seq)
) WITHOUT ROWID;
-- For you ranks the papers whose first version falls in a period.
CREATE INDEX papers_published_at ON papers (published_at);
