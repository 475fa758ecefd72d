-- Comments by members, edited and removed comments, and the server's own secrets. Times are
-- INTEGER milliseconds since the Unix epoch, UTC.

-- The member who posted the comment; NULL for a guest's comment (and for seeded comments).
ALTER TABLE comments ADD COLUMN account_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL;
-- When its author last changed its text.
ALTER TABLE comments ADD COLUMN edited_at INTEGER;
-- When its author removed it. A removed comment that still has replies stays as a placeholder
-- with its name, address, text and account erased; one without replies is deleted.
ALTER TABLE comments ADD COLUMN removed_at INTEGER;

-- Whether a comment has replies (and the foreign-key check of a deleted parent).
CREATE INDEX comments_by_parent ON comments (parent_id);
-- A member's comments (and the foreign-key check of a deleted account).
CREATE INDEX comments_by_account ON comments (account_id);

-- `comment_count` counts visible comments: removing one takes it off its article's count
-- (a placeholder does not count), and deleting one that was not removed first does too.
CREATE TRIGGER comments_after_remove
AFTER UPDATE OF removed_at ON comments
WHEN OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL
BEGIN
    UPDATE articles SET comment_count = comment_count - 1 WHERE id = NEW.article_id;
END;

CREATE TRIGGER comments_after_delete
AFTER DELETE ON comments
WHEN OLD.removed_at IS NULL
BEGIN
    UPDATE articles SET comment_count = comment_count - 1 WHERE id = OLD.article_id;
END;

-- A display name as compared for impersonation: trimmed and lowercased (Unicode-aware, so
-- computed by the endpoint, which fills it for existing accounts when it starts).
ALTER TABLE accounts ADD COLUMN display_name_key TEXT;

CREATE INDEX accounts_by_display_name_key ON accounts (display_name_key)
    WHERE confirmed_at IS NOT NULL;

-- Secrets the endpoint generates once and keeps across restarts, such as the key that signs
-- guests' edit tokens (`edit_token`, 32 random bytes).
CREATE TABLE server_secrets (
    name       TEXT    PRIMARY KEY,
    value      BLOB    NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;
