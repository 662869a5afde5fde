-- Search looks for the newest matches in a window of the newest papers
-- (seq > n). With seq in the same GIN index as the tsvector (btree_gin, a
-- contrib extension trusted since PostgreSQL 13), the index returns only
-- the window's matches; with two indexes, the planner, misjudging how many
-- papers a pair of words like "black hole" matches, read every match from
-- the table: 200 ms and more.
CREATE EXTENSION IF NOT EXISTS btree_gin;
CREATE INDEX papers_search_seq ON papers USING GIN (search, seq);
DROP INDEX papers_search;
