-- Member accounts, their sessions, the single-use tokens of emailed links, and sign-in
-- throttling. Times are INTEGER milliseconds since the Unix epoch, UTC. Secrets are never
-- stored: passwords as Argon2id PHC strings, tokens as the hex SHA-256 of what was sent.

CREATE TABLE accounts (
    id            INTEGER PRIMARY KEY,
    display_name  TEXT    NOT NULL,
    -- Unique whatever the case of its letters (ASCII case folding).
    email         TEXT    NOT NULL COLLATE NOCASE UNIQUE,
    password_hash TEXT    NOT NULL,
    -- NULL until the emailed link is followed; an unconfirmed account cannot sign in.
    confirmed_at  INTEGER,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE sessions (
    -- Hex SHA-256 of the `byline_session` cookie's token.
    token_hash TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

-- Signing an account out everywhere (after a password reset).
CREATE INDEX sessions_by_account ON sessions (account_id);
-- Purging expired sessions.
CREATE INDEX sessions_by_expiry ON sessions (expires_at);

CREATE TABLE email_tokens (
    -- Hex SHA-256 of the token in the emailed link.
    token_hash TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    purpose    TEXT    NOT NULL CHECK (purpose IN ('confirm', 'reset')),
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    -- Set when the link is followed; a used token never works again.
    used_at    INTEGER
) STRICT;

-- The tokens of an account (deleted with it), and purging expired ones.
CREATE INDEX email_tokens_by_account ON email_tokens (account_id, purpose);
CREATE INDEX email_tokens_by_expiry ON email_tokens (expires_at);

CREATE TABLE sign_in_failures (
    -- `account:<email, lowercased>` or `addr:<client IP>`.
    key             TEXT    PRIMARY KEY,
    failures        INTEGER NOT NULL CHECK (failures >= 0),
    last_failure_at INTEGER NOT NULL,
    -- No sign-in is tried for this key before this time.
    locked_until    INTEGER
) STRICT;
