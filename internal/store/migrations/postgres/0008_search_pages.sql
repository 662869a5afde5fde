-- SQLite's migration 8 replaces its FTS5 index; PostgreSQL's generated
-- tsvector column needs nothing.
SELECT 1;
