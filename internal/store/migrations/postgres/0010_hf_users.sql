-- People named by imports (Hugging Face submitters) live apart from the
-- accounts of this site. Before, an import merged its submitter into the
-- account of the same name: whoever registered a Hugging Face username first
-- became the submitter of that person's papers, with the submitter's rights,
-- and every import overwrote their profile. Now an import writes hf_users
-- only, a feed entry names its imported submitter in hf_submitter_id, and
-- submitter_id is left to submissions made here: the two never meet, and
-- nothing in hf_users can sign in or hold a role.
CREATE TABLE hf_users (
    id         BIGSERIAL PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE,
    full_name  TEXT NOT NULL DEFAULT '',
    avatar_url TEXT NOT NULL DEFAULT '',
    type       TEXT NOT NULL DEFAULT 'user',
    hf_id      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE daily_entries ADD COLUMN hf_submitter_id BIGINT REFERENCES hf_users (id);
CREATE INDEX daily_entries_hf_submitter ON daily_entries (hf_submitter_id);

-- A user without an address was imported: it moves, with its entries.
INSERT INTO hf_users (name, full_name, avatar_url, type, hf_id, created_at)
    SELECT name, full_name, avatar_url, type, hf_id, created_at FROM users WHERE email IS NULL;
UPDATE daily_entries SET
    hf_submitter_id = (SELECT h.id FROM users u JOIN hf_users h ON h.name = u.name WHERE u.id = daily_entries.submitter_id),
    submitter_id = NULL
    WHERE submitter_id IN (SELECT id FROM users WHERE email IS NULL);

-- An account with an address and a Hugging Face id was merged with an
-- imported user of its name (only imports set hf_id). The imported person
-- gets a row of their own and takes the entries that carry imported data
-- (a thumbnail, media or counts from Hugging Face); an entry submitted here
-- and never imported has none of these and stays with the account. The
-- account loses the imported picture; its full name, which an import may
-- have overwritten, is its owner's to correct.
INSERT INTO hf_users (name, full_name, avatar_url, type, hf_id, created_at)
    SELECT name, full_name, avatar_url, type, hf_id, created_at FROM users
    WHERE email IS NOT NULL AND hf_id <> '';
UPDATE daily_entries SET
    hf_submitter_id = (SELECT h.id FROM users u JOIN hf_users h ON h.name = u.name WHERE u.id = daily_entries.submitter_id),
    submitter_id = NULL
    WHERE submitter_id IN (SELECT id FROM users WHERE email IS NOT NULL AND hf_id <> '')
    AND (thumbnail <> '' OR media_urls <> '[]' OR upvotes <> local_upvotes OR num_comments <> local_comments);
UPDATE users SET hf_id = '', avatar_url = '' WHERE email IS NOT NULL AND hf_id <> '';

-- Nothing else refers to an imported user: without an address it could
-- never sign in to vote, comment or act. Should anything still refer to one,
-- the delete fails and the migration with it, leaving the database as it was.
DELETE FROM users WHERE email IS NULL;

-- Sign-up refuses a name an imported user holds, in any case.
CREATE INDEX hf_users_name_lower ON hf_users (lower(name));
