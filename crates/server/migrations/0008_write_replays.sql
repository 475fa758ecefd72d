-- The answers to writes sent with an Idempotency-Key, other than posting a comment (whose key
-- is kept in idempotency_keys, in the comment's own transaction). Nothing here can be read
-- without the key itself, which only the client that sent it holds.
CREATE TABLE write_replays (
    -- Hex SHA-256 of the key: the key itself is never stored.
    key_hash    TEXT    PRIMARY KEY,
    -- Hex HMAC-SHA-256, keyed by the key, of the method, path, body and session of the first
    -- request: a stolen file cannot be used to test guesses of a password sent in a body.
    fingerprint TEXT    NOT NULL,
    -- The first successful answer (status, headers, body), sealed with ChaCha20-Poly1305
    -- under a key derived from the idempotency key; NULL while it is being answered.
    sealed      BLOB,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX write_replays_by_created ON write_replays (created_at);
