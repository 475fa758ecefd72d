-- Byline's schema: articles, their reader comments, and stored answers for idempotent POSTs.
-- Times are INTEGER milliseconds since the Unix epoch, UTC.

CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT    NOT NULL UNIQUE,
    title         TEXT    NOT NULL,
    dek           TEXT    NOT NULL,
    section       TEXT    NOT NULL COLLATE NOCASE,
    author        TEXT    NOT NULL,
    lang          TEXT    NOT NULL,
    dir           TEXT    NOT NULL CHECK (dir IN ('ltr', 'rtl')),
    published_at  INTEGER NOT NULL,
    updated_at    INTEGER,
    -- A contract `Picture`, as JSON.
    hero          TEXT    NOT NULL CHECK (json_valid(hero)),
    -- A contract `Vec<Block>`, as JSON.
    body          TEXT    NOT NULL CHECK (json_valid(body)),
    -- Kept in step with `comments` by the `comments_after_insert` trigger, so it changes in the
    -- same transaction as every insert.
    comment_count INTEGER NOT NULL DEFAULT 0 CHECK (comment_count >= 0)
) STRICT;

-- The article list, newest first, and its keyset cursor.
CREATE INDEX articles_by_published ON articles (published_at DESC, id DESC);
-- The list filtered by section, and related articles.
CREATE INDEX articles_by_section ON articles (section, published_at DESC, id DESC);

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    article_id   INTEGER NOT NULL REFERENCES articles (id),
    parent_id    INTEGER REFERENCES comments (id),
    -- The top-level comment of the thread (its own id for a top-level comment). Filled in by the
    -- `comments_after_insert` trigger when inserted as NULL.
    root_id      INTEGER REFERENCES comments (id),
    author_name  TEXT    NOT NULL,
    author_kind  TEXT    NOT NULL CHECK (author_kind IN ('guest', 'member')),
    -- For the newsroom only: never selected by any API query.
    author_email TEXT,
    body         TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;

-- Top-level comments of an article in (created_at, id) order, for keyset pagination both ways.
CREATE INDEX comments_roots ON comments (article_id, created_at, id) WHERE parent_id IS NULL;
-- Every reply of the threads on a page, in one query.
CREATE INDEX comments_by_root ON comments (root_id, created_at, id);
-- The site-wide latest comments.
CREATE INDEX comments_latest ON comments (created_at DESC, id DESC);

-- A reply must answer a comment of the same article.
CREATE TRIGGER comments_parent_same_article
BEFORE INSERT ON comments
WHEN NEW.parent_id IS NOT NULL
 AND (SELECT article_id FROM comments WHERE id = NEW.parent_id) IS NOT NEW.article_id
BEGIN
    SELECT RAISE(ABORT, 'a reply must belong to the article of its parent');
END;

-- Sets the thread root and counts the comment on its article, in the inserting transaction.
CREATE TRIGGER comments_after_insert
AFTER INSERT ON comments
BEGIN
    UPDATE comments
       SET root_id = COALESCE((SELECT root_id FROM comments WHERE id = NEW.parent_id), NEW.id)
     WHERE id = NEW.id AND NEW.root_id IS NULL;
    UPDATE articles SET comment_count = comment_count + 1 WHERE id = NEW.article_id;
END;

CREATE TABLE idempotency_keys (
    key         TEXT    PRIMARY KEY,
    -- Hex SHA-256 of method, path and body of the first request with this key.
    fingerprint TEXT    NOT NULL,
    status      INTEGER NOT NULL,
    location    TEXT,
    response    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

-- Purging keys older than a day.
CREATE INDEX idempotency_keys_by_created ON idempotency_keys (created_at);
