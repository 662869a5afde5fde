-- The data version in 16 rows instead of one: every write transaction
-- bumps one row at random, so concurrent writers (64 people upvoting at
-- once) no longer queue on a single row lock on PostgreSQL. The version is
-- the sum of the rows, which grows with every commit and only at commits.
CREATE TABLE data_versions (
    shard        INTEGER PRIMARY KEY,
    version      BIGINT NOT NULL DEFAULT 0,
    changed_unix BIGINT NOT NULL DEFAULT 0
);
INSERT INTO data_versions (shard, version, changed_unix) SELECT 0, version, changed_unix FROM data_version;
INSERT INTO data_versions (shard) VALUES (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15);
DROP TABLE data_version;
