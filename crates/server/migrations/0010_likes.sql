-- Likes, featured comments and the "Top" order.

-- One like per reader and comment: `liker` is `account:ID` for a member, and a hex SHA-256
-- of the browser's own random key for a guest (once per browser).
CREATE TABLE comment_likes (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    liker      TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, liker)
) STRICT, WITHOUT ROWID;

-- Kept by the like routes in the same transaction as `comment_likes`.
ALTER TABLE comments ADD COLUMN like_count INTEGER NOT NULL DEFAULT 0 CHECK (like_count >= 0);
-- When a moderator featured the comment (shown first under "Top", and marked).
ALTER TABLE comments ADD COLUMN featured_at INTEGER;
-- The "Top" order: featured comments first, then by likes. 2^40 is far above any like count.
ALTER TABLE comments ADD COLUMN top_score INTEGER
    GENERATED ALWAYS AS ((featured_at IS NOT NULL) * 1099511627776 + like_count) VIRTUAL;
CREATE INDEX comments_roots_top ON comments (article_id, top_score, id) WHERE parent_id IS NULL;
