-- The first 16 bytes of the SHA-256 of a comment's text, so that the same comment posted again
-- by the same author within minutes is found by an index rather than by comparing texts (a
-- flood of one message is exactly when that must stay cheap). Filled in on insert and edit;
-- comments from before this migration have none and match nothing.
ALTER TABLE comments ADD COLUMN body_digest BLOB;
CREATE INDEX comments_by_digest ON comments (body_digest, created_at);
