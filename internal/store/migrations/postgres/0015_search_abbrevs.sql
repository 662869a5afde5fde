-- The abbreviations the stored papers define and their long forms
-- ("large language models (LLMs)"), counted over the papers that define
-- them so (internal/related): a search for one also looks for the other.
-- Kept up to date as papers are imported; the Go step of this migration
-- (goMigrationStep) counts the papers already stored.
CREATE TABLE search_abbrevs (
    short  TEXT NOT NULL,             -- folded, singular: llm
    long   TEXT NOT NULL,             -- the long form's stems: larg languag model
    words  TEXT NOT NULL,             -- the long form as first seen, folded: large language models
    papers INTEGER NOT NULL,          -- papers that define short by long
    PRIMARY KEY (short, long)
);
CREATE INDEX search_abbrevs_long ON search_abbrevs (long);
