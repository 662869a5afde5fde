-- A reader's reading list (saves, each with an optional note) and the papers
-- they said they are not interested in (dismissals). Both are one row per
-- reader and paper, so that saving or dismissing twice keeps one; the
-- recommenders read them as the reader's signals. The note's bound is the
-- one the community checks (community.MaxNote), kept here as a last guard.
CREATE TABLE saves (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    paper_id   TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    note       TEXT NOT NULL DEFAULT '' CHECK (length(note) <= 1000),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);
-- The list page, newest first.
CREATE INDEX saves_user_created ON saves (user_id, created_at);
-- Deleting a paper finds its saves.
CREATE INDEX saves_paper ON saves (paper_id);

CREATE TABLE dismissals (
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    paper_id   TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (user_id, paper_id)
);
CREATE INDEX dismissals_paper ON dismissals (paper_id);
