-- OpenID Connect sign-in: the sign-ins on their way through a provider, and the provider
-- identities linked to accounts. Times are INTEGER milliseconds since the Unix epoch, UTC.

-- A sign-in sent to a provider and not back yet. Keyed by the hex SHA-256 of its `state`;
-- holds the PKCE verifier and the nonce the ID token must carry, and where to go after.
CREATE TABLE oidc_logins (
    state_hash    TEXT    PRIMARY KEY,
    provider      TEXT    NOT NULL,
    code_verifier TEXT    NOT NULL,
    nonce         TEXT    NOT NULL,
    next          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL
) STRICT;

-- A provider's account (`sub` of its issuer) that signs in to one of ours.
CREATE TABLE account_identities (
    provider   TEXT    NOT NULL,
    subject    TEXT    NOT NULL,
    account_id INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (provider, subject)
) STRICT;

CREATE INDEX account_identities_by_account ON account_identities (account_id);
