-- An abbreviation's plural now stems to the abbreviation ("LLMs" is found
-- by "LLM", "CNNs" by "CNN"; search.Stem), so papers are indexed under stems
-- the old segments lack: they are dropped, and the Go step of this
-- migration (goMigrationStep) indexes every paper again.
DELETE FROM search_pages;
DELETE FROM search_segments;
