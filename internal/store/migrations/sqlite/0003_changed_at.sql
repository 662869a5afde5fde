-- When data last changed, in Unix seconds: pages answer with it as
-- Last-Modified, so clients that only send If-Modified-Since (many feed
-- readers) get 304s too.
ALTER TABLE data_version ADD COLUMN changed_unix BIGINT NOT NULL DEFAULT 0;
