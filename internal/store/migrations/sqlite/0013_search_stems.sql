-- The search index gains word stems and title stems (textindex.AddPaper),
-- and folds compatibility forms (ligatures, full-width letters) as well as
-- accents. The old segments lack those terms: they are dropped, and the Go
-- step of this migration (goMigrationStep) indexes every paper again.
DELETE FROM search_pages;
DELETE FROM search_segments;
