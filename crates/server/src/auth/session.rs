//! Sessions: the `byline_session` cookie, the rows behind it, and the extractors other routes
//! use to know who is signed in.
//!
//! The cookie holds 32 random bytes in hex; only their SHA-256 is stored, so a copy of the
//! database signs no one in. Sessions last 30 days from sign-in and are not extended.

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use byline_contract::auth;
use byline_contract::code::Code;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;

use super::password::hex;
use crate::AppState;
use crate::db::now_ms;
use crate::error::ApiError;
use crate::store::sessions;

/// The session cookie's name.
pub const COOKIE_NAME: &str = "byline_session";

/// How long a session lasts.
pub const SESSION_TTL: Duration = Duration::from_secs(30 * 24 * 60 * 60);
/// How long a widget's session lasts (see [`Kind::Widget`]).
pub const WIDGET_SESSION_TTL: Duration = Duration::from_secs(7 * 24 * 60 * 60);

/// What a session is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The site's own pages: the session cookie.
    Cookie,
    /// A widget on a partner's page: a bearer token that comments, edits, deletes comments and
    /// signs out, but cannot manage the account.
    Widget,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Cookie => "cookie",
            Self::Widget => "widget",
        }
    }

    fn ttl(self) -> Duration {
        match self {
            Self::Cookie => SESSION_TTL,
            Self::Widget => WIDGET_SESSION_TTL,
        }
    }
}

/// A fresh random token (64 hex characters) and the hash to store for it.
pub fn new_token() -> Result<(String, String), ApiError> {
    let token = hex(&random_bytes()?);
    let hash = token_hash(&token);
    Ok((token, hash))
}

/// 32 bytes from the system's random source; a failure is logged and answered with a 500.
pub fn random_bytes() -> Result<[u8; 32], ApiError> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|error| {
        tracing::error!(%error, "the system random source failed");
        ApiError::internal()
    })?;
    Ok(bytes)
}

/// The stored form of a token: its hex SHA-256.
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

/// Milliseconds of a duration, for adding to [`now_ms`].
pub fn millis(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

/// The session token a request carries in its `Cookie` headers, if any.
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    cookie_value(headers, COOKIE_NAME)
}

/// The value of the cookie `wanted` in a request's `Cookie` headers, if set and not empty.
pub fn cookie_value(headers: &HeaderMap, wanted: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == wanted)
        .map(|(_, value)| value.trim().trim_matches('"').to_owned())
        .filter(|value| !value.is_empty())
}

/// The `Set-Cookie` value that stores a session token.
pub fn set_cookie(token: &str, secure: bool) -> HeaderValue {
    cookie_header(token, SESSION_TTL.as_secs(), secure)
}

/// The `Set-Cookie` value that removes the session cookie.
pub fn clear_cookie(secure: bool) -> HeaderValue {
    cookie_header("", 0, secure)
}

fn cookie_header(value: &str, max_age: u64, secure: bool) -> HeaderValue {
    http_only_cookie(COOKIE_NAME, value, "/", max_age, secure)
}

/// A `Set-Cookie` value for an HttpOnly, SameSite=Lax cookie (`Secure` when asked).
pub fn http_only_cookie(
    name: &str,
    value: &str,
    path: &str,
    max_age: u64,
    secure: bool,
) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text =
        format!("{name}={value}; HttpOnly; SameSite=Lax; Path={path}; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Starts a session for an account, returning the cookie token.
pub async fn create(
    conn: &mut SqliteConnection,
    account_id: i64,
    now: i64,
) -> Result<String, ApiError> {
    create_kind(conn, account_id, Kind::Cookie, now).await
}

/// Starts a session of a kind for an account, returning its token.
pub async fn create_kind(
    conn: &mut SqliteConnection,
    account_id: i64,
    kind: Kind,
    now: i64,
) -> Result<String, ApiError> {
    let (token, hash) = new_token()?;
    let times = (now, now.saturating_add(millis(kind.ttl())));
    sessions::insert(conn, &hash, account_id, times, kind.as_str()).await?;
    Ok(token)
}

/// Ends the session of a cookie token (if it exists).
pub async fn delete(conn: &mut SqliteConnection, token: &str) -> Result<(), ApiError> {
    sessions::delete(conn, &token_hash(token)).await?;
    Ok(())
}

/// Ends every session of an account.
pub async fn delete_all(conn: &mut SqliteConnection, account_id: i64) -> Result<(), ApiError> {
    sessions::delete_all(conn, account_id).await?;
    Ok(())
}

/// The signed-in member of a request: extracting it answers 401 when the request has no
/// live session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    /// The account's id.
    pub account_id: i64,
    /// The name shown with the member's comments.
    pub display_name: String,
    /// The member's address.
    pub email: String,
    /// The token of the session the request came with.
    pub token: String,
    /// What that session is for.
    pub kind: Kind,
    /// What else the member may do.
    pub role: auth::Role,
}

impl Member {
    /// Refuses a widget's session: managing the account happens on Byline's own site.
    pub fn on_own_site(&self) -> Result<(), ApiError> {
        match self.kind {
            Kind::Cookie => Ok(()),
            Kind::Widget => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                Some("Manage your account on Byline's own site, not from a widget.".to_owned()),
            )
            .with_title("Not from a widget")
            .with_code(Code::WidgetSessionRefused)),
        }
    }
}

impl Member {
    /// The member as the API shows them to themselves.
    pub fn to_contract(&self) -> auth::Member {
        auth::Member {
            id: self.account_id,
            display_name: self.display_name.clone(),
            email: self.email.clone(),
            role: self.role,
        }
    }
}

/// The signed-in member of a request, if any: for routes open to guests and members alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OptionalMember(pub Option<Member>);

/// The session token a request carries: in `Authorization: Bearer` (a widget framed by a
/// partner, where the browser may keep cookies from it), else in the cookie.
pub fn request_token(headers: &HeaderMap) -> Option<String> {
    bearer_token(headers).or_else(|| cookie_token(headers))
}

/// The token of an `Authorization: Bearer` header, if any.
pub fn bearer_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|token| !token.is_empty())
        .map(str::to_owned)
}

/// The member whose unexpired session the request names: a widget's session by bearer token,
/// a cookie session by cookie (neither works the other way).
async fn find(state: &AppState, headers: &HeaderMap) -> Result<Option<Member>, ApiError> {
    let (token, kind) = match (bearer_token(headers), cookie_token(headers)) {
        (Some(token), _) => (token, Kind::Widget),
        (None, Some(token)) => (token, Kind::Cookie),
        (None, None) => return Ok(None),
    };
    let row =
        sessions::member_of(&state.pool, &token_hash(&token), kind.as_str(), now_ms()).await?;
    Ok(row.map(|(account_id, display_name, email, role)| Member {
        account_id,
        display_name,
        email,
        token,
        kind,
        role: auth::Role::parse(&role).unwrap_or_default(),
    }))
}

/// The 401 answer of a route that needs a member.
pub fn not_signed_in() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        Some("You are not signed in, or your session has ended. Sign in again.".to_owned()),
    )
    .with_code(Code::SignedOut)
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        find(state, &parts.headers).await?.ok_or_else(not_signed_in)
    }
}

impl FromRequestParts<AppState> for OptionalMember {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        find(state, &parts.headers).await.map(OptionalMember)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_hex_and_stored_hashed() {
        let (token, hash) = new_token().expect("random");
        assert_eq!(token.len(), 64);
        assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(hash, token_hash(&token));
        assert_ne!(hash, token);
        assert_ne!(new_token().expect("random").0, token);
    }

    #[test]
    fn the_cookie_is_found_among_others() {
        let mut headers = HeaderMap::new();
        assert_eq!(cookie_token(&headers), None);
        headers.append(header::COOKIE, HeaderValue::from_static("theme=dark"));
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; byline_session=abc123; b=2"),
        );
        assert_eq!(cookie_token(&headers).as_deref(), Some("abc123"));
        let mut empty = HeaderMap::new();
        empty.insert(header::COOKIE, HeaderValue::from_static("byline_session="));
        assert_eq!(cookie_token(&empty), None);
    }

    #[test]
    fn cookie_attributes() {
        let set = set_cookie("abc", false);
        assert_eq!(
            set,
            "byline_session=abc; HttpOnly; SameSite=Lax; Path=/; Max-Age=2592000"
        );
        assert!(
            set_cookie("abc", true)
                .to_str()
                .expect("ascii")
                .ends_with("; Secure")
        );
        assert!(
            clear_cookie(false)
                .to_str()
                .expect("ascii")
                .contains("Max-Age=0")
        );
    }
}
