-- Authorship claims: a signed-in user says they are one of a paper's listed
-- authors, and a curator approves or rejects the claim. An approved claim is
-- what makes a "verified author", with the right to set the paper's links.
--
-- Until now an account whose full name matched an author's name had those
-- rights. Nothing is carried over from names: every author, old or new,
-- files a claim.
CREATE TABLE author_claims (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    paper_id    TEXT NOT NULL REFERENCES papers (id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- author is the name as the paper lists it; author_key the same name
    -- trimmed and NFC-normalized, which is what two claims are compared by.
    author      TEXT NOT NULL,
    author_key  TEXT NOT NULL,
    -- pending, approved, rejected or withdrawn.
    status      TEXT NOT NULL,
    -- filings counts how often the claim was filed: a claim may be filed
    -- again once, after a rejection or a withdrawal.
    filings     INTEGER NOT NULL DEFAULT 1,
    note        TEXT NOT NULL DEFAULT '', -- the claimant's, with a re-filing
    reason      TEXT NOT NULL DEFAULT '', -- the curator's, with a decision
    filed_at    TIMESTAMP NOT NULL,
    decided_at  TIMESTAMP,
    decided_by  INTEGER REFERENCES users (id) ON DELETE SET NULL
);
-- One claim per user and paper.
CREATE UNIQUE INDEX author_claims_user ON author_claims (paper_id, user_id);
-- One verified author per listed name; pending claims may compete.
CREATE UNIQUE INDEX author_claims_verified ON author_claims (paper_id, author_key) WHERE status = 'approved';
-- The curators' queue.
CREATE INDEX author_claims_pending ON author_claims (filed_at) WHERE status = 'pending';
-- A profile's verified papers.
CREATE INDEX author_claims_by_user ON author_claims (user_id, status);
