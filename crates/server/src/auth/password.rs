//! Password hashing: Argon2id with the `argon2` crate's default parameters and a random
//! 16-byte salt, stored as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
//!
//! Hashing takes tens of milliseconds of CPU on purpose, so the handlers call the async
//! wrappers, which run it on the blocking pool.

use std::sync::LazyLock;

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

use crate::error::ApiError;

/// A hash of a random password, verified against when an address has no account so that a
/// sign-in takes as long for an unknown address as for a known one.
static DUMMY_HASH: LazyLock<Option<String>> = LazyLock::new(|| {
    let mut secret = [0u8; 24];
    getrandom::fill(&mut secret).ok()?;
    hash(&hex(&secret)).ok()
});

/// Hashes a password into a PHC string.
pub fn hash(password: &str) -> Result<String, argon2::password_hash::Error> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|_| argon2::password_hash::Error::Crypto)?;
    let salt = SaltString::encode_b64(&salt)?;
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

/// Whether `password` matches the PHC string `stored`; false for an unreadable string.
pub fn verify(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// [`hash`] on the blocking pool; a failure is logged and answered with a 500.
pub async fn hash_async(password: String) -> Result<String, ApiError> {
    let hashed = tokio::task::spawn_blocking(move || hash(&password))
        .await
        .map_err(|error| {
            tracing::error!(%error, "the password hashing task failed");
            ApiError::internal()
        })?;
    hashed.map_err(|error| {
        tracing::error!(%error, "hashing a password failed");
        ApiError::internal()
    })
}

/// [`verify`] on the blocking pool against `stored`, or against a dummy hash when there is no
/// account (which then never matches).
pub async fn verify_async(password: String, stored: Option<String>) -> Result<bool, ApiError> {
    tokio::task::spawn_blocking(move || match stored {
        Some(stored) => verify(&password, &stored),
        None => {
            if let Some(dummy) = DUMMY_HASH.as_deref() {
                verify(&password, dummy);
            }
            false
        }
    })
    .await
    .map_err(|error| {
        tracing::error!(%error, "the password checking task failed");
        ApiError::internal()
    })
}

/// Lowercase hex of bytes.
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, byte| {
            let _ = write!(out, "{byte:02x}");
            out
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_salted_argon2id_phc_strings_that_verify() {
        let first = hash("a river crossing at dusk").expect("hashes");
        assert!(
            first.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{first}"
        );
        let second = hash("a river crossing at dusk").expect("hashes");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify("a river crossing at dusk", &first));
        assert!(verify("a river crossing at dusk", &second));
        assert!(!verify("a river crossing at dawn", &first));
        assert!(!verify("a river crossing at dusk", "not a phc string"));
    }

    #[tokio::test]
    async fn an_unknown_account_never_verifies() {
        assert!(
            !verify_async("anything at all".to_owned(), None)
                .await
                .expect("runs")
        );
    }
}
