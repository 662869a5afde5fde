-- PostgreSQL's migration 4 indexes seq beside the search words; FTS5 needs
-- nothing: its index is ordered by rowid, which is seq.
SELECT 1;
