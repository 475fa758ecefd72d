-- "Be part of": stories, photos and videos readers send the newsroom. Files are stored by
-- the storage (the local disk by default, outside the static root) under their SHA-256;
-- these rows say which contribution holds which. Times are milliseconds since the epoch.

CREATE TABLE contributions (
    id           INTEGER PRIMARY KEY,
    -- What the receipt quotes, such as `BP-7KX2-M4QD`.
    reference    TEXT    NOT NULL UNIQUE,
    title        TEXT    NOT NULL,
    story        TEXT    NOT NULL,
    place        TEXT,
    -- `YYYY-MM-DD`, as the contributor gave it.
    event_date   TEXT,
    author_name  TEXT    NOT NULL,
    -- For the newsroom only: never in any answer.
    author_email TEXT,
    account_id   INTEGER REFERENCES accounts (id) ON DELETE SET NULL,
    lang         TEXT    NOT NULL,
    -- `draft` while its files arrive (moderators do not see it), `pending` once sent.
    status       TEXT    NOT NULL DEFAULT 'draft'
        CHECK (status IN ('draft', 'pending', 'accepted', 'rejected')),
    -- Hex SHA-256 of the token its files are uploaded with (the contributor's alone).
    upload_token TEXT    NOT NULL,
    created_at   INTEGER NOT NULL
) STRICT;
CREATE INDEX contributions_by_time ON contributions (created_at);

CREATE TABLE contribution_files (
    contribution_id  INTEGER NOT NULL REFERENCES contributions (id) ON DELETE CASCADE,
    position         INTEGER NOT NULL,
    sha256           TEXT    NOT NULL,
    kind             TEXT    NOT NULL CHECK (kind IN ('photo', 'video')),
    media_type       TEXT    NOT NULL,
    size             INTEGER NOT NULL,
    original_name    TEXT    NOT NULL,
    metadata_removed INTEGER NOT NULL,
    PRIMARY KEY (contribution_id, position)
) STRICT;
CREATE INDEX contribution_files_by_digest ON contribution_files (sha256);
