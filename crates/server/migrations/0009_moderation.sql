-- Moderation: comments held back from readers, reports, moderation modes, roles, bans and the
-- moderators' log. Times are INTEGER milliseconds since the Unix epoch, UTC.

-- Why a comment is held back from readers; NULL for a published one. `pending` waits for a
-- moderator (pre-moderation), `reported` reached the report threshold and waits for review,
-- `rejected` was turned down by a moderator. A held comment counts on no article.
ALTER TABLE comments ADD COLUMN held TEXT CHECK (held IN ('pending', 'reported', 'rejected'));
-- What a moderator gave as the reason of a rejection.
ALTER TABLE comments ADD COLUMN held_reason TEXT;
-- The moderators' queue.
CREATE INDEX comments_held ON comments (held, created_at) WHERE held IS NOT NULL;

-- An article's moderation mode; NULL follows the site's (`--moderation`). `post`: comments
-- appear at once; `pre`: every new comment waits for a moderator; `first`: a first-time
-- commenter's comment waits; `closed`: no new comments.
ALTER TABLE articles ADD COLUMN moderation TEXT CHECK (moderation IN ('post', 'pre', 'first', 'closed'));

-- What a member may do beyond commenting. The first admin is made by `byline-server grant`.
ALTER TABLE accounts ADD COLUMN role TEXT NOT NULL DEFAULT 'member'
    CHECK (role IN ('member', 'moderator', 'admin'));
-- When a moderator banned the member from commenting.
ALTER TABLE accounts ADD COLUMN banned_at INTEGER;

-- Guest addresses a moderator blocked from commenting (compared in any case).
CREATE TABLE blocked_emails (
    email      TEXT    PRIMARY KEY COLLATE NOCASE,
    created_at INTEGER NOT NULL
) STRICT;

-- One report per reader and comment. `reporter` is `account:ID` for a member and a hex
-- SHA-256 of the client address for a guest: no address is stored.
CREATE TABLE comment_reports (
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reporter   TEXT    NOT NULL,
    reason     TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'other')),
    detail     TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (comment_id, reporter)
) STRICT, WITHOUT ROWID;

-- Every moderation action, who took it (NULL: the endpoint itself, as when reports hide a
-- comment) and on what.
CREATE TABLE moderation_log (
    id           INTEGER PRIMARY KEY,
    at           INTEGER NOT NULL,
    moderator_id INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    action       TEXT    NOT NULL,
    comment_id   INTEGER,
    article_id   INTEGER,
    account_id   INTEGER,
    reason       TEXT
) STRICT;
CREATE INDEX moderation_log_by_time ON moderation_log (at);

-- `comment_count` counts published comments only: the triggers of 0001 and 0003 again, minding
-- `held`, and one for holding and releasing.
DROP TRIGGER comments_after_insert;
CREATE TRIGGER comments_after_insert
AFTER INSERT ON comments
BEGIN
    UPDATE comments
       SET root_id = COALESCE((SELECT root_id FROM comments WHERE id = NEW.parent_id), NEW.id)
     WHERE id = NEW.id AND NEW.root_id IS NULL;
    UPDATE articles SET comment_count = comment_count + 1
     WHERE id = NEW.article_id AND NEW.held IS NULL;
END;

DROP TRIGGER comments_after_remove;
CREATE TRIGGER comments_after_remove
AFTER UPDATE OF removed_at ON comments
WHEN OLD.removed_at IS NULL AND NEW.removed_at IS NOT NULL AND OLD.held IS NULL
BEGIN
    UPDATE articles SET comment_count = comment_count - 1 WHERE id = NEW.article_id;
END;

DROP TRIGGER comments_after_delete;
CREATE TRIGGER comments_after_delete
AFTER DELETE ON comments
WHEN OLD.removed_at IS NULL AND OLD.held IS NULL
BEGIN
    UPDATE articles SET comment_count = comment_count - 1 WHERE id = OLD.article_id;
END;

CREATE TRIGGER comments_after_hold
AFTER UPDATE OF held ON comments
WHEN OLD.held IS NULL AND NEW.held IS NOT NULL AND NEW.removed_at IS NULL
BEGIN
    UPDATE articles SET comment_count = comment_count - 1 WHERE id = NEW.article_id;
END;

CREATE TRIGGER comments_after_release
AFTER UPDATE OF held ON comments
WHEN OLD.held IS NOT NULL AND NEW.held IS NULL AND NEW.removed_at IS NULL
BEGIN
    UPDATE articles SET comment_count = comment_count + 1 WHERE id = NEW.article_id;
END;
