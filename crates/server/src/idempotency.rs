//! `Idempotency-Key`: a retried POST gets the first answer back instead of creating a duplicate.
//!
//! The first successful answer (status, `Location`, body) is stored under the key in the same
//! transaction as the comment, together with a fingerprint of the request. A repeat with the
//! same fingerprint replays it; the same key with a different request is refused. Keys expire
//! after [`KEY_TTL_MS`], and the key of a comment goes when its author removes it.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_contract::IDEMPOTENCY_KEY_HEADER;
use byline_contract::code::Code;
use sha2::{Digest, Sha256};
use sqlx::{SqliteConnection, SqliteExecutor};

use crate::error::ApiError;
use crate::store::{self, StoreError};

/// How long a key is remembered: a day, in milliseconds.
pub const KEY_TTL_MS: i64 = 24 * 60 * 60 * 1000;

/// The longest key accepted, in characters.
pub const KEY_MAX_CHARS: usize = 200;

/// The header set on a replayed answer.
pub const REPLAYED_HEADER: &str = "idempotent-replayed";

/// A valid `Idempotency-Key` value: 1 to 200 printable ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key of a request, if it sent one; a 400 problem when the value is unusable.
    pub fn from_headers(headers: &HeaderMap) -> Result<Option<Self>, ApiError> {
        let mut values = headers.get_all(IDEMPOTENCY_KEY_HEADER).iter();
        let Some(value) = values.next() else {
            return Ok(None);
        };
        let key = value
            .to_str()
            .ok()
            .filter(|_| values.next().is_none())
            .and_then(|text| Self::parse(text.trim()));
        match key {
            Some(key) => Ok(Some(key)),
            None => Err(ApiError::new(
                StatusCode::BAD_REQUEST,
                Some(format!(
                    "Send one {IDEMPOTENCY_KEY_HEADER} header of 1 to {KEY_MAX_CHARS} \
                     printable ASCII characters."
                )),
            )
            .with_error(
                IDEMPOTENCY_KEY_HEADER,
                "Use 1 to 200 printable ASCII characters, such as a UUID.",
            )),
        }
    }

    /// A key from its text.
    pub fn parse(text: &str) -> Option<Self> {
        let valid = (1..=KEY_MAX_CHARS).contains(&text.len())
            && text.bytes().all(|b| (0x20..=0x7e).contains(&b));
        valid.then(|| Self(text.to_owned()))
    }

    /// The key's text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The hex SHA-256 of a request's method, path and body, and for a signed-in member's request
/// their account id (so no one else gets their answer back).
pub fn fingerprint(method: &str, path: &str, body: &[u8], account_id: Option<i64>) -> String {
    let mut hasher = Sha256::new();
    hasher.update(method.as_bytes());
    hasher.update(b"\n");
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(body);
    if let Some(account_id) = account_id {
        hasher.update(format!("\naccount:{account_id}").as_bytes());
    }
    crate::auth::password::hex(&hasher.finalize())
}

/// A stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Location` header, if any.
    pub location: Option<String>,
    /// The JSON body.
    pub body: String,
}

impl StoredResponse {
    /// The answer as first sent, or marked as replayed.
    pub fn into_response(self, replayed: bool) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = (
            status,
            [(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            )],
            self.body,
        )
            .into_response();
        let headers = response.headers_mut();
        if let Some(location) = self
            .location
            .and_then(|location| HeaderValue::from_str(&location).ok())
        {
            headers.insert(header::LOCATION, location);
        }
        if replayed {
            headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        }
        response
    }
}

/// What the store knows about a key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
    /// Never seen (or expired): go ahead.
    Fresh,
    /// Seen with the same request: send this again.
    Replay(StoredResponse),
    /// Seen with a different request.
    Conflict,
}

/// Looks a key up inside the write transaction, first forgetting expired keys.
pub async fn lookup(
    conn: &mut SqliteConnection,
    key: &IdempotencyKey,
    fingerprint: &str,
    now_ms: i64,
) -> Result<Lookup, StoreError> {
    purge_expired(&mut *conn, now_ms).await?;
    let row = store::idempotency::find(&mut *conn, key.as_str()).await?;
    Ok(match row {
        None => Lookup::Fresh,
        Some((stored, status, location, body)) if stored == fingerprint => {
            Lookup::Replay(StoredResponse {
                status: u16::try_from(status).unwrap_or(200),
                location,
                body,
            })
        }
        Some(_) => Lookup::Conflict,
    })
}

/// Stores the answer to the first request with a key.
pub async fn remember(
    db: impl SqliteExecutor<'_>,
    key: &IdempotencyKey,
    fingerprint: &str,
    response: &StoredResponse,
    now_ms: i64,
) -> Result<(), StoreError> {
    let answer = (
        i64::from(response.status),
        response.location.as_deref(),
        response.body.as_str(),
    );
    store::idempotency::insert(db, key.as_str(), fingerprint, answer, now_ms).await?;
    Ok(())
}

/// Forgets the stored answers that created the resource at `location` (a removed comment), so
/// its text does not outlive it; returns how many.
pub async fn forget_location(
    db: impl SqliteExecutor<'_>,
    location: &str,
) -> Result<u64, StoreError> {
    Ok(store::idempotency::forget_location(db, location).await?)
}

/// Forgets keys older than [`KEY_TTL_MS`]; returns how many.
pub async fn purge_expired(db: impl SqliteExecutor<'_>, now_ms: i64) -> Result<u64, StoreError> {
    Ok(store::idempotency::forget_before(db, now_ms.saturating_sub(KEY_TTL_MS)).await?)
}

/// The 422 answer to a key reused for a different request.
pub fn conflict() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(format!(
            "This {IDEMPOTENCY_KEY_HEADER} was already used for a different request. \
             Use a new key for a new request."
        )),
    )
    .with_title("Idempotency key reused")
    .with_code(Code::KeyReused)
    .with_error(
        IDEMPOTENCY_KEY_HEADER,
        "Already used with a different request body.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_printable_ascii_up_to_200_characters() {
        assert!(IdempotencyKey::parse("0b9f7c1e-5d7a-4a51-9f0e-6f1c2b3a4d5e").is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(200)).is_some());
        assert!(IdempotencyKey::parse(&"k".repeat(201)).is_none());
        assert!(IdempotencyKey::parse("").is_none());
        assert!(IdempotencyKey::parse("tab\there").is_none());
        assert!(IdempotencyKey::parse("ключ").is_none());
    }

    #[test]
    fn headers_give_no_key_one_key_or_a_400() {
        let mut headers = HeaderMap::new();
        assert_eq!(IdempotencyKey::from_headers(&headers), Ok(None));
        headers.insert(IDEMPOTENCY_KEY_HEADER, HeaderValue::from_static("abc"));
        assert_eq!(
            IdempotencyKey::from_headers(&headers),
            Ok(Some(IdempotencyKey("abc".into())))
        );
        headers.append(IDEMPOTENCY_KEY_HEADER, HeaderValue::from_static("def"));
        let error = IdempotencyKey::from_headers(&headers).expect_err("two keys");
        assert_eq!(error.status(), StatusCode::BAD_REQUEST);
        assert!(error.problem().errors.contains_key(IDEMPOTENCY_KEY_HEADER));
    }

    #[test]
    fn fingerprints_tell_requests_apart() {
        let path = "/api/v1/articles/a/comments";
        let a = fingerprint("POST", path, b"{}", None);
        assert_eq!(a.len(), 64);
        assert_eq!(a, fingerprint("POST", path, b"{}", None));
        assert_ne!(
            a,
            fingerprint("POST", "/api/v1/articles/b/comments", b"{}", None)
        );
        assert_ne!(a, fingerprint("POST", path, b"{ }", None));
        let member = fingerprint("POST", path, b"{}", Some(1));
        assert_ne!(a, member, "a member's request is not a guest's");
        assert_ne!(member, fingerprint("POST", path, b"{}", Some(2)));
    }
}
