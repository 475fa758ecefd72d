//! `Idempotency-Key` on every write but posting a comment: editing and deleting comments,
//! and every account form. A request sent again with the key of one that succeeded gets the
//! first answer back (marked [`REPLAYED_HEADER`]) instead of being done twice, so a reader
//! who sends again after a lost answer is told "deleted" rather than "not found", "password
//! changed" rather than "current password wrong", and gets one email, not two.
//!
//! Posting a comment keeps its key in the comment's own transaction ([`crate::idempotency`]),
//! the strongest form. Here the layer claims the key before the handler runs and seals the
//! answer after it, so two requests with one key never run at once (the second is told to
//! wait, 409), and a claim left by a crash lapses after [`STALE_CLAIM_MS`].
//!
//! Only the client holds the key, and the database keeps nothing it could use without it:
//! the key's SHA-256 names the row, the request's fingerprint is an HMAC keyed by the key
//! (a password in a body cannot be tested against it), and the answer, which may carry a new
//! session's cookie, is sealed with ChaCha20-Poly1305 under a key derived from it.
//!
//! Only successful answers are kept: a refused or failed request changed nothing, so its
//! repeat is simply done again.

use axum::body::{Body, Bytes, to_bytes};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use byline_contract::API_PREFIX;
use byline_contract::code::Code;
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::SqlitePool;

use crate::AppState;
use crate::auth::password::hex;
use crate::auth::session::{random_bytes, request_token};
use crate::db::{BEGIN_WRITE, now_ms};
use crate::error::ApiError;
use crate::idempotency::{self, IdempotencyKey, KEY_TTL_MS, REPLAYED_HEADER};
use crate::routes::BODY_LIMIT_BYTES;

/// How long a claim may wait for its answer before another request with the key may take it
/// over: far above the API's request timeout, so only a crashed request's claim lapses.
pub const STALE_CLAIM_MS: i64 = 60 * 1000;

/// The largest answer kept for replay; a larger one (none of these routes sends one) is
/// answered once and not kept.
const MAX_SEALED_BYTES: usize = 256 * 1024;

/// The layer: claims, runs and seals a keyed write; passes everything else straight through.
pub async fn replay_writes(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let target = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().clone(), |original| original.0.clone());
    if !covered(request.method(), target.path()) {
        return next.run(request).await;
    }
    let key = match IdempotencyKey::from_headers(request.headers()) {
        Ok(Some(key)) => key,
        Ok(None) => return next.run(request).await,
        Err(error) => return error.into_response(),
    };
    let (parts, body) = request.into_parts();
    let Ok(body) = to_bytes(body, BODY_LIMIT_BYTES).await else {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            Some(format!(
                "The request body is larger than {} KB.",
                BODY_LIMIT_BYTES / 1024
            )),
        )
        .into_response();
    };
    let secrets = Secrets::of(&key);
    let path = target.path_and_query().map_or("", |p| p.as_str());
    let fingerprint = secrets.fingerprint(
        parts.method.as_str(),
        path,
        &body,
        request_token(&parts.headers).as_deref(),
    );
    match claim(&state.pool, &secrets.row, &fingerprint, now_ms()).await {
        Ok(Claim::Taken) => {}
        Ok(Claim::Answered(sealed)) => {
            return match secrets.open(&sealed) {
                Some(answer) => answer.into_response(),
                None => {
                    tracing::error!("a sealed answer did not open");
                    ApiError::internal().into_response()
                }
            };
        }
        Ok(Claim::InProgress) => return in_progress(),
        Ok(Claim::Conflict) => return idempotency::conflict().into_response(),
        Err(error) => {
            tracing::error!(%error, "claiming an idempotency key failed");
            return ApiError::internal().into_response();
        }
    }
    let response = next.run(Request::from_parts(parts, Body::from(body))).await;
    settle(&state.pool, &secrets, response).await
}

/// Whether a request is a write this layer keeps keys for: not a read, not `POST /counts`
/// (a read with a body), and not posting a comment (which keeps its own).
fn covered(method: &Method, path: &str) -> bool {
    if !matches!(
        *method,
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    ) {
        return false;
    }
    let Some(rest) = path.strip_prefix(API_PREFIX) else {
        return false;
    };
    let posts_comment = *method == Method::POST
        && rest
            .strip_prefix("/articles/")
            .and_then(|rest| rest.strip_suffix("/comments"))
            .is_some_and(|slug| !slug.is_empty() && !slug.contains('/'));
    // A file upload streams to disk: it is not buffered here (sending a position again
    // replaces its file, so a repeat does no harm).
    let uploads_file = rest.starts_with("/contributions/") && rest.contains("/files/");
    rest != "/counts" && !uploads_file && !posts_comment
}

/// What one key derives: the row's name, the fingerprint's HMAC key, the sealing key.
struct Secrets {
    row: String,
    mac_key: [u8; 32],
    seal_key: [u8; 32],
}

impl Secrets {
    fn of(key: &IdempotencyKey) -> Self {
        let derive = |purpose: &[u8]| -> [u8; 32] {
            let mut hasher = Sha256::new();
            hasher.update(purpose);
            hasher.update([0]);
            hasher.update(key.as_str().as_bytes());
            hasher.finalize().into()
        };
        Self {
            row: hex(&derive(b"byline replay row")),
            mac_key: derive(b"byline replay fingerprint"),
            seal_key: derive(b"byline replay seal"),
        }
    }

    /// The request's method, path and body, and the session it carries (so that no one else's
    /// request can be answered with this one's answer).
    fn fingerprint(&self, method: &str, path: &str, body: &[u8], session: Option<&str>) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.mac_key)
            .expect("HMAC takes a key of any length");
        for part in [method.as_bytes(), path.as_bytes(), body] {
            mac.update(&(part.len() as u64).to_be_bytes());
            mac.update(part);
        }
        if let Some(session) = session {
            mac.update(b"session");
            mac.update(session.as_bytes());
        }
        hex(&mac.finalize().into_bytes())
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(&self.seal_key))
    }

    /// The answer sealed: a random 12-byte nonce, then the ciphertext and its tag.
    fn seal(&self, answer: &Answer) -> Option<Vec<u8>> {
        let plain = serde_json::to_vec(answer).ok()?;
        let random = random_bytes().ok()?;
        let nonce = Nonce::from_slice(&random[..12]);
        let sealed = self.cipher().encrypt(nonce, plain.as_slice()).ok()?;
        Some([&random[..12], sealed.as_slice()].concat())
    }

    fn open(&self, sealed: &[u8]) -> Option<Answer> {
        if sealed.len() < 12 {
            return None;
        }
        let (nonce, ciphertext) = sealed.split_at(12);
        let plain = self
            .cipher()
            .decrypt(Nonce::from_slice(nonce), ciphertext)
            .ok()?;
        serde_json::from_slice(&plain).ok()
    }
}

/// A kept answer: status, headers (its cookies among them) and body.
#[derive(Debug, Serialize, Deserialize, PartialEq, Eq)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK);
        let mut response = (status, self.body).into_response();
        let headers = response.headers_mut();
        headers.remove(header::CONTENT_TYPE);
        for (name, value) in self.headers {
            if let (Ok(name), Ok(value)) = (
                HeaderName::from_bytes(name.as_bytes()),
                HeaderValue::from_str(&value),
            ) {
                headers.append(name, value);
            }
        }
        headers.insert(REPLAYED_HEADER, HeaderValue::from_static("true"));
        response
    }
}

/// What the database knows of a key.
#[derive(Debug, PartialEq, Eq)]
enum Claim {
    /// Never seen, expired or abandoned: this request now holds it.
    Taken,
    /// Answered: the sealed answer.
    Answered(Vec<u8>),
    /// Held by a request still being answered.
    InProgress,
    /// Seen with a different request.
    Conflict,
}

async fn claim(
    pool: &SqlitePool,
    row: &str,
    fingerprint: &str,
    now: i64,
) -> Result<Claim, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query(BEGIN_WRITE).execute(&mut *conn).await?;
    let outcome = claim_in(&mut conn, row, fingerprint, now).await;
    let end = if outcome.is_ok() {
        "COMMIT"
    } else {
        "ROLLBACK"
    };
    sqlx::query(end).execute(&mut *conn).await?;
    outcome
}

async fn claim_in(
    conn: &mut sqlx::SqliteConnection,
    row: &str,
    fingerprint: &str,
    now: i64,
) -> Result<Claim, sqlx::Error> {
    sqlx::query("DELETE FROM write_replays WHERE created_at < ?1")
        .bind(now.saturating_sub(KEY_TTL_MS))
        .execute(&mut *conn)
        .await?;
    let found: Option<(String, Option<Vec<u8>>, i64)> = sqlx::query_as(
        "SELECT fingerprint, sealed, created_at FROM write_replays WHERE key_hash = ?1",
    )
    .bind(row)
    .fetch_optional(&mut *conn)
    .await?;
    let claim = match found {
        Some((stored, _, _)) if stored != fingerprint => return Ok(Claim::Conflict),
        Some((_, Some(sealed), _)) => return Ok(Claim::Answered(sealed)),
        Some((_, None, claimed)) if claimed > now - STALE_CLAIM_MS => {
            return Ok(Claim::InProgress);
        }
        Some(_) => "UPDATE write_replays SET created_at = ?3 WHERE key_hash = ?1",
        None => {
            "INSERT INTO write_replays (key_hash, fingerprint, sealed, created_at) \
             VALUES (?1, ?2, NULL, ?3)"
        }
    };
    sqlx::query(claim)
        .bind(row)
        .bind(fingerprint)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(Claim::Taken)
}

/// Keeps a successful answer under the claim, or lets the claim go; answers the client
/// either way.
async fn settle(pool: &SqlitePool, secrets: &Secrets, response: Response) -> Response {
    if !response.status().is_success() {
        release(pool, &secrets.row).await;
        return response;
    }
    let (parts, body) = response.into_parts();
    let body = match to_bytes(body, MAX_SEALED_BYTES).await {
        Ok(body) => body,
        Err(error) => {
            // Too large to keep, or it failed while being read: nothing to send either.
            tracing::error!(%error, "an answer to a keyed write could not be read");
            release(pool, &secrets.row).await;
            return ApiError::internal().into_response();
        }
    };
    let answer = kept_answer(parts.status, &parts.headers, &body);
    let sealed = answer.as_ref().and_then(|answer| secrets.seal(answer));
    match sealed {
        Some(sealed) => {
            let stored = sqlx::query("UPDATE write_replays SET sealed = ?2 WHERE key_hash = ?1")
                .bind(&secrets.row)
                .bind(sealed)
                .execute(pool)
                .await;
            if let Err(error) = stored {
                tracing::error!(%error, "keeping the answer to a keyed write failed");
            }
        }
        None => release(pool, &secrets.row).await,
    }
    Response::from_parts(parts, Body::from(body))
}

/// The answer as kept: every header but its length (set again on replay).
fn kept_answer(status: StatusCode, headers: &HeaderMap, body: &Bytes) -> Option<Answer> {
    let headers = headers
        .iter()
        .filter(|(name, _)| *name != header::CONTENT_LENGTH)
        .map(|(name, value)| Some((name.as_str().to_owned(), value.to_str().ok()?.to_owned())))
        .collect::<Option<Vec<_>>>()?;
    Some(Answer {
        status: status.as_u16(),
        headers,
        body: String::from_utf8(body.to_vec()).ok()?,
    })
}

async fn release(pool: &SqlitePool, row: &str) {
    let released = sqlx::query("DELETE FROM write_replays WHERE key_hash = ?1 AND sealed IS NULL")
        .bind(row)
        .execute(pool)
        .await;
    if let Err(error) = released {
        tracing::error!(%error, "releasing an idempotency key failed");
    }
}

/// The 409 answer to a request whose key's first request is still being answered.
fn in_progress() -> Response {
    let mut response = ApiError::new(
        StatusCode::CONFLICT,
        Some(
            "The first request with this Idempotency-Key is still being answered. Send it \
             again in a moment."
                .to_owned(),
        ),
    )
    .with_title("Request in progress")
    .with_code(Code::RequestInProgress)
    .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
    response
}

/// Forgets answers older than [`KEY_TTL_MS`]; returns how many.
pub async fn purge_expired(pool: &SqlitePool, now: i64) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM write_replays WHERE created_at < ?1")
        .bind(now.saturating_sub(KEY_TTL_MS))
        .execute(pool)
        .await?;
    Ok(done.rows_affected())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str) -> IdempotencyKey {
        IdempotencyKey::parse(text).expect("a valid key")
    }

    #[test]
    fn every_write_but_posting_a_comment_and_counting_is_covered() {
        let api = |path: &str| format!("{API_PREFIX}{path}");
        assert!(covered(&Method::PATCH, &api("/comments/7")));
        assert!(covered(&Method::DELETE, &api("/comments/7")));
        assert!(covered(&Method::POST, &api("/auth/sign-in")));
        assert!(covered(&Method::DELETE, &api("/auth/me")));
        assert!(covered(&Method::POST, &api("/articles/a/comments/extra")));
        assert!(!covered(&Method::POST, &api("/articles/a-slug/comments")));
        assert!(!covered(&Method::POST, &api("/counts")));
        assert!(!covered(&Method::GET, &api("/auth/me")));
        assert!(!covered(&Method::POST, "/elsewhere"));
    }

    #[test]
    fn a_sealed_answer_opens_only_with_its_own_key() {
        let answer = Answer {
            status: 200,
            headers: vec![("set-cookie".into(), "byline_session=secret".into())],
            body: r#"{"display_name":"Rezan"}"#.into(),
        };
        let mine = Secrets::of(&key("first-key"));
        let sealed = mine.seal(&answer).expect("sealed");
        let text = String::from_utf8_lossy(&sealed);
        assert!(!text.contains("secret") && !text.contains("Rezan"));
        assert_eq!(mine.open(&sealed), Some(answer));
        assert_eq!(Secrets::of(&key("other-key")).open(&sealed), None);
        assert_eq!(mine.open(&sealed[..8]), None);
    }

    #[test]
    fn fingerprints_differ_by_request_session_and_key() {
        let secrets = Secrets::of(&key("k1"));
        let base = secrets.fingerprint("POST", "/p", b"{}", None);
        assert_eq!(base, secrets.fingerprint("POST", "/p", b"{}", None));
        assert_ne!(base, secrets.fingerprint("PATCH", "/p", b"{}", None));
        assert_ne!(base, secrets.fingerprint("POST", "/q", b"{}", None));
        assert_ne!(base, secrets.fingerprint("POST", "/p", b"{ }", None));
        assert_ne!(base, secrets.fingerprint("POST", "/p", b"{}", Some("s")));
        assert_ne!(
            base,
            Secrets::of(&key("k2")).fingerprint("POST", "/p", b"{}", None)
        );
        // Parts are length-prefixed: moving a byte from the path to the body changes it.
        assert_ne!(
            secrets.fingerprint("POST", "/pa", b"b", None),
            secrets.fingerprint("POST", "/p", b"ab", None)
        );
    }
}
