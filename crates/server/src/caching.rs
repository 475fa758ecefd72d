//! Reads a shared cache can hold.
//!
//! An anonymous GET of a public read (an article, the article list, related stories, a page of
//! comments, a thread, one comment, the latest comments, a partner page's thread) answers
//! `Cache-Control: public, max-age=…, stale-while-revalidate=…`, with the comments' freshness
//! or the articles' (flags). The same read by someone the request names (a session cookie, a
//! widget's bearer token, a guest's edit token) may hold what only they may see, and answers
//! `private, no-store`. Both carry `Vary` on those headers, so that no shared cache hands one
//! reader's answer to another. Every other API answer stays `no-store`.
//!
//! Every GET answer that a cache may keep (not `no-store`) gets a strong `ETag`: the hash of
//! its bytes, with the encoding named after it when it goes out compressed (each encoding has
//! its own bytes, so its own tag), and an `If-None-Match` that names it is answered `304 Not
//! Modified` with no body. A HEAD gets neither (it says the same as the GET would, untagged).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::auth::session;

/// How long an answer is fresh, and how long after that a cache may still serve it while it
/// asks again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Freshness {
    /// Seconds an answer is fresh (`max-age`).
    pub max_age: u32,
    /// Seconds after that a cache may serve it while it revalidates
    /// (`stale-while-revalidate`).
    pub stale_while_revalidate: u32,
}

impl Freshness {
    /// The `Cache-Control` of a public answer this fresh.
    fn header(self) -> HeaderValue {
        let value = format!(
            "public, max-age={}, stale-while-revalidate={}",
            self.max_age, self.stale_while_revalidate
        );
        HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(NO_STORE))
    }
}

/// How fresh the public reads are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CachePolicy {
    /// Comment pages, threads, single comments, the latest comments, partner threads, and
    /// articles and the article list (which carry comment counts and the moderation mode).
    pub comments: Freshness,
    /// Related stories, which change far less often.
    pub articles: Freshness,
}

impl Default for CachePolicy {
    fn default() -> Self {
        Self {
            comments: Freshness {
                max_age: 10,
                stale_while_revalidate: 60,
            },
            articles: Freshness {
                max_age: 60,
                stale_while_revalidate: 600,
            },
        }
    }
}

/// The request headers a public read's answer depends on (the compression layer adds
/// `Accept-Encoding`).
pub const VARY: &str = "Cookie, Authorization, Byline-Edit-Token";

/// What an answer no cache may keep says.
const NO_STORE: &str = "no-store";

/// What an answer for one reader says.
pub const PRIVATE: &str = "private, no-store";

/// The largest answer given an `ETag` (larger ones, none of them API answers, go out as they
/// are).
const ETAG_LIMIT_BYTES: usize = 8 * 1024 * 1024;

/// Which public read a path of the API is (`/v1/…`, as the API's router sees it).
fn public_read(policy: CachePolicy, path: &str) -> Option<Freshness> {
    let path = path.strip_prefix("/api").unwrap_or(path);
    let path = path.strip_prefix("/v1")?;
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match segments.as_slice() {
        // An article and the article list carry live parts (comment counts, the moderation
        // mode, which opens or closes the form): they are as fresh as the comments.
        ["articles", _, "related"] => Some(policy.articles),
        ["articles"]
        | ["articles", _]
        | ["articles", _, "comments"]
        | ["articles", _, "comments", _, "thread"]
        | ["comments", "latest"]
        | ["threads"] => Some(policy.comments),
        ["comments", id] if id.bytes().all(|b| b.is_ascii_digit()) => Some(policy.comments),
        _ => None,
    }
}

/// Whether a request names who asks: a session cookie, a bearer token or a guest's edit token.
pub fn names_someone(headers: &HeaderMap) -> bool {
    session::cookie_token(headers).is_some()
        || headers.contains_key(header::AUTHORIZATION)
        || headers.contains_key(byline_contract::EDIT_TOKEN_HEADER)
}

/// The API's `Cache-Control` and `Vary`, for answers whose handler set none.
pub async fn api_cache_control(
    State(policy): State<CachePolicy>,
    request: Request,
    next: Next,
) -> Response {
    let read = matches!(*request.method(), Method::GET | Method::HEAD);
    let public = read
        .then(|| public_read(policy, request.uri().path()))
        .flatten();
    let personal = names_someone(request.headers());
    let mut response = next.run(request).await;
    if public.is_some() {
        response
            .headers_mut()
            .append(header::VARY, HeaderValue::from_static(VARY));
    }
    if response.headers().contains_key(header::CACHE_CONTROL) {
        return response;
    }
    let value = match public {
        Some(freshness) => {
            // An error is no one's answer to keep: the next request asks again; an answer
            // that sets a cookie is its reader's alone.
            if personal || response.headers().contains_key(header::SET_COOKIE) {
                HeaderValue::from_static(PRIVATE)
            } else if response.status() == StatusCode::OK {
                freshness.header()
            } else {
                HeaderValue::from_static(NO_STORE)
            }
        }
        None => HeaderValue::from_static(NO_STORE),
    };
    response.headers_mut().insert(header::CACHE_CONTROL, value);
    response
}

/// Whether a cache may keep an answer: a 200 not marked `no-store`.
fn keepable(response: &Response) -> bool {
    response.status() == StatusCode::OK
        && !response
            .headers()
            .get(header::CACHE_CONTROL)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.contains(NO_STORE))
}

/// Strong `ETag`s on the GET answers a cache may keep, from their bytes before the
/// compression layer (inside it). Only answers of a known length up to [`ETAG_LIMIT_BYTES`]
/// are read to tag them; larger or streamed ones, and `immutable` files (named by their
/// content already), go out untagged and unread.
pub async fn tag(request: Request, next: Next) -> Response {
    if request.method() != Method::GET {
        return next.run(request).await;
    }
    let response = next.run(request).await;
    let immutable = response
        .headers()
        .get(header::CACHE_CONTROL)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.contains("immutable"));
    let declared = response
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    let length = declared.or_else(|| axum::body::HttpBody::size_hint(response.body()).exact());
    let small = length.is_some_and(|length| length <= ETAG_LIMIT_BYTES as u64);
    if !keepable(&response) || immutable || !small || response.headers().contains_key(header::ETAG)
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, ETAG_LIMIT_BYTES).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!(%error, "could not read an answer to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    if let Ok(value) = HeaderValue::from_str(&etag(&bytes)) {
        parts.headers.insert(header::ETAG, value);
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Outside the compression layer: each encoding's own tag (`"…-br"`, as the bytes differ),
/// one `Vary` line of every layer's names (caches such as nginx 1.22 keep only the last of
/// several lines), and `304 Not Modified` for a GET whose `If-None-Match` names the tag.
pub async fn conditional(request: Request, next: Next) -> Response {
    let wanted: Vec<String> = request
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/").to_owned())
        .collect();
    let get = request.method() == Method::GET;
    let mut response = next.run(request).await;
    merge_vary(response.headers_mut());
    let encoding = response
        .headers()
        .get(header::CONTENT_ENCODING)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned);
    let Some(tag) = response
        .headers()
        .get(header::ETAG)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
    else {
        return response;
    };
    let tag = match encoding {
        Some(encoding) if !tag.ends_with(&format!("-{encoding}\"")) => {
            format!("{}-{encoding}\"", tag.trim_end_matches('"'))
        }
        _ => tag,
    };
    if let Ok(value) = HeaderValue::from_str(&tag) {
        response.headers_mut().insert(header::ETAG, value);
    }
    if get && keepable(&response) && wanted.iter().any(|w| *w == tag || w == "*") {
        let (mut parts, _body) = response.into_parts();
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(header::CONTENT_LENGTH);
        return Response::from_parts(parts, Body::empty());
    }
    response
}

/// Every `Vary` line as one, each name once.
fn merge_vary(headers: &mut HeaderMap) {
    if headers.get_all(header::VARY).iter().count() < 2 {
        return;
    }
    let mut names: Vec<String> = Vec::new();
    for value in headers.get_all(header::VARY) {
        for name in value.to_str().unwrap_or_default().split(',') {
            let name = name.trim();
            if !name.is_empty() && !names.iter().any(|n| n.eq_ignore_ascii_case(name)) {
                names.push(name.to_owned());
            }
        }
    }
    if let Ok(value) = HeaderValue::from_str(&names.join(", ")) {
        headers.insert(header::VARY, value);
    }
}

/// A strong entity tag for these bytes: the first 128 bits of their SHA-256, quoted.
pub fn etag(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("\"{hex}\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_reads_are_named_by_their_paths() {
        let policy = CachePolicy::default();
        for (path, freshness) in [
            ("/v1/articles", Some(policy.comments)),
            ("/v1/articles/a-story", Some(policy.comments)),
            ("/v1/articles/a-story/related", Some(policy.articles)),
            ("/v1/articles/a-story/comments", Some(policy.comments)),
            (
                "/v1/articles/a-story/comments/12/thread",
                Some(policy.comments),
            ),
            ("/api/v1/comments/latest", Some(policy.comments)),
            ("/v1/comments/12", Some(policy.comments)),
            ("/v1/threads", Some(policy.comments)),
            ("/v1/comments/12/report", None),
            ("/v1/moderation/queue", None),
            ("/v1/auth/session", None),
            ("/v1/comments/mine", None),
            ("/v2/articles", None),
        ] {
            assert_eq!(public_read(policy, path), freshness, "{path}");
        }
    }

    #[test]
    fn a_request_names_someone_by_cookie_bearer_or_edit_token() {
        let mut headers = HeaderMap::new();
        assert!(!names_someone(&headers));
        headers.insert(header::COOKIE, HeaderValue::from_static("theme=dark"));
        assert!(!names_someone(&headers), "an unrelated cookie names no one");
        headers.insert(
            header::COOKIE,
            HeaderValue::from_static("theme=dark; byline_session=abc"),
        );
        assert!(names_someone(&headers));
        let mut headers = HeaderMap::new();
        headers.insert(header::AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(names_someone(&headers));
        let mut headers = HeaderMap::new();
        let name = header::HeaderName::from_bytes(byline_contract::EDIT_TOKEN_HEADER.as_bytes());
        headers.insert(
            name.expect("a valid header name"),
            HeaderValue::from_static("t"),
        );
        assert!(names_someone(&headers));
    }

    #[test]
    fn several_vary_lines_become_one() {
        let mut headers = HeaderMap::new();
        headers.append(header::VARY, HeaderValue::from_static(VARY));
        headers.append(header::VARY, HeaderValue::from_static("origin, cookie"));
        headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
        merge_vary(&mut headers);
        let lines: Vec<_> = headers.get_all(header::VARY).iter().collect();
        assert_eq!(
            lines,
            [HeaderValue::from_static(
                "Cookie, Authorization, Byline-Edit-Token, origin, accept-encoding"
            )]
        );
    }

    #[test]
    fn tags_are_strong_and_follow_the_bytes() {
        assert_eq!(etag(b"one"), etag(b"one"));
        assert_ne!(etag(b"one"), etag(b"two"));
        assert!(etag(b"").starts_with('"') && !etag(b"").starts_with("W/"));
        assert_eq!(etag(b"x").len(), 34);
    }
}
