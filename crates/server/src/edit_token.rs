//! Guests' edit tokens: what lets the browser that posted a guest's comment edit or delete it.
//!
//! A token is the hex HMAC-SHA256 of the comment's id (as `comment:{id}`) under a secret of 32
//! random bytes that the endpoint generates the first time it starts on a database and keeps
//! in the `server_secrets` table, so tokens survive restarts. Nothing per comment is stored:
//! the token is computed again to check it, and compared in constant time.

use std::fmt;

use anyhow::Context;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::SqlitePool;

use crate::auth::password::hex;
use crate::db::now_ms;

/// The name of the secret in `server_secrets`.
const SECRET_NAME: &str = "edit_token";

/// The length of the secret, in bytes.
pub const SECRET_BYTES: usize = 32;

/// The length of a token, in hex characters.
pub const TOKEN_CHARS: usize = 64;

/// Issues and checks edit tokens with the endpoint's secret.
#[derive(Clone)]
pub struct EditTokens {
    key: Hmac<Sha256>,
}

impl fmt::Debug for EditTokens {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("EditTokens(..)")
    }
}

impl EditTokens {
    /// Tokens under this secret.
    pub fn new(secret: &[u8; SECRET_BYTES]) -> anyhow::Result<Self> {
        // HMAC takes a key of any length: this fails only if that ever changed.
        let key = Hmac::<Sha256>::new_from_slice(secret)
            .map_err(|error| anyhow::anyhow!("an HMAC key was refused: {error}"))?;
        Ok(Self { key })
    }

    /// Reads the database's secret, generating and storing it the first time.
    pub async fn load_or_create(pool: &SqlitePool) -> anyhow::Result<Self> {
        let mut fresh = [0u8; SECRET_BYTES];
        getrandom::fill(&mut fresh)
            .map_err(|error| anyhow::anyhow!("the system random source failed: {error}"))?;
        // When the secret exists (or another process stored one first), it wins.
        let stored = crate::store::secrets::keep_first(pool, SECRET_NAME, &fresh, now_ms())
            .await
            .context("storing or reading the edit token secret")?;
        let secret: [u8; SECRET_BYTES] = stored.as_slice().try_into().with_context(|| {
            format!(
                "the stored edit token secret has {} bytes instead of {SECRET_BYTES}",
                stored.len()
            )
        })?;
        Self::new(&secret)
    }

    /// The MAC of a comment id, ready to be finalised or verified.
    fn mac(&self, comment_id: i64) -> Hmac<Sha256> {
        let mut mac = self.key.clone();
        mac.update(format!("comment:{comment_id}").as_bytes());
        mac
    }

    /// The token of a comment: 64 hex characters.
    pub fn issue(&self, comment_id: i64) -> String {
        hex(&self.mac(comment_id).finalize().into_bytes())
    }

    /// Whether `token` is the token of this comment (hex, either case, surrounding spaces
    /// ignored). The comparison takes the same time whatever the token.
    pub fn verify(&self, comment_id: i64, token: &str) -> bool {
        decode_hex(token.trim())
            .is_some_and(|bytes| self.mac(comment_id).verify_slice(&bytes).is_ok())
    }
}

/// The bytes of a token of [`TOKEN_CHARS`] hex characters.
fn decode_hex(text: &str) -> Option<Vec<u8>> {
    if text.len() != TOKEN_CHARS {
        return None;
    }
    text.as_bytes()
        .chunks_exact(2)
        .map(|pair| {
            let high = char::from(pair[0]).to_digit(16)?;
            let low = char::from(pair[1]).to_digit(16)?;
            u8::try_from(high * 16 + low).ok()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_for_its_comment_only() {
        let tokens = EditTokens::new(&[7; SECRET_BYTES]).expect("a key");
        let token = tokens.issue(42);
        assert_eq!(token.len(), TOKEN_CHARS);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        assert!(tokens.verify(42, &token));
        assert!(tokens.verify(42, &format!(" {} ", token.to_uppercase())));
        assert!(!tokens.verify(43, &token));
        assert!(!tokens.verify(42, &token[..62]));
        assert!(!tokens.verify(42, ""));
        assert!(!tokens.verify(42, &"z".repeat(TOKEN_CHARS)));
        let other = EditTokens::new(&[8; SECRET_BYTES]).expect("a key");
        assert!(!other.verify(42, &token), "another secret, another token");
        assert_eq!(format!("{tokens:?}"), "EditTokens(..)");
    }

    #[test]
    fn hex_decoding_is_strict() {
        assert_eq!(decode_hex(&"0f".repeat(32)), Some(vec![15; 32]));
        assert_eq!(decode_hex(&"0f".repeat(31)), None);
        assert_eq!(decode_hex(&format!("{}+f", "0f".repeat(31))), None);
    }

    #[tokio::test]
    async fn the_secret_is_made_once_and_kept() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("secret.db");
        let pool = crate::db::open_db(&path).await.expect("opens");
        let first = EditTokens::load_or_create(&pool).await.expect("created");
        let again = EditTokens::load_or_create(&pool).await.expect("read");
        assert_eq!(first.issue(1), again.issue(1));
        pool.close().await;
        let pool = crate::db::open_db(&path).await.expect("reopens");
        let reopened = EditTokens::load_or_create(&pool).await.expect("read");
        assert_eq!(
            first.issue(1),
            reopened.issue(1),
            "tokens survive a restart"
        );
        let stored: Vec<u8> = sqlx::query_scalar("SELECT value FROM server_secrets")
            .fetch_one(&pool)
            .await
            .expect("one secret");
        assert_eq!(stored.len(), SECRET_BYTES);
    }
}
