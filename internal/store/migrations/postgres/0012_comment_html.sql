-- A comment's HTML is rendered once, when it is written, and kept here with
-- the version of the rendering policy that made it (usertext.Policy), so a
-- page view no longer renders Markdown. Existing comments start empty at
-- version 0: the server renders them again at start (store.RenderComments)
-- and, until it has, whenever they are read.
ALTER TABLE comments ADD COLUMN body_html TEXT NOT NULL DEFAULT '';
ALTER TABLE comments ADD COLUMN html_policy INTEGER NOT NULL DEFAULT 0;
