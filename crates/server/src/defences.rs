//! Defences against floods and spam on the write routes: a rate limit per client address and
//! per account, and the checks a new comment passes before it is stored (a hidden field only
//! robots fill in, the number of links a guest may post, banned words). Refusing the same
//! comment posted again within minutes happens in the write transaction
//! (`routes::comments`), which alone sees the comments stored a moment ago.
//!
//! The rate limit is counted in the database (`store::limits`): a restart keeps it, and every
//! process serving the same database counts a client's writes alike.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use axum::extract::{ConnectInfo, FromRequestParts, OriginalUri, Request, State};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::Response;
use byline_contract::code::Code;
use byline_contract::{API_PREFIX, field};

use crate::AppState;
use crate::auth::OptionalMember;
use crate::auth::limiter::{address_key, client_ip};
use crate::error::ApiError;
use crate::store::{Pool, StoreError, limits};

/// How many write requests a client address, and an account, may make.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WriteLimits {
    /// Requests per minute, sustained; 0 turns the limit off.
    pub per_minute: u32,
    /// Requests that may come at once, above the sustained rate.
    pub burst: u32,
}

impl Default for WriteLimits {
    fn default() -> Self {
        Self {
            per_minute: 30,
            burst: 20,
        }
    }
}

/// A rate limiter by key (the generic cell rate algorithm): each key has a theoretical
/// arrival time that every request pushes on by one interval; a request that would push it
/// more than the burst ahead of now waits. The arrival times are in the database.
#[derive(Debug)]
pub struct RateLimiter {
    limits: WriteLimits,
    pool: Pool,
    /// Requests counted, for sweeping passed keys now and then.
    counted: AtomicU64,
}

/// Every this many requests counted, the keys whose time has passed are swept.
const SWEEP_EVERY: u64 = 1_000;

impl RateLimiter {
    /// A limiter that holds `limits`, counting in `pool`'s database.
    pub fn new(limits: WriteLimits, pool: Pool) -> Self {
        Self {
            limits,
            pool,
            counted: AtomicU64::new(0),
        }
    }

    /// Counts one request of `key` at `now_ms`: `Ok`, or how long it must wait.
    pub async fn check(&self, key: &str, now_ms: i64) -> Result<Result<(), Duration>, StoreError> {
        if self.limits.per_minute == 0 {
            return Ok(Ok(()));
        }
        let interval = 60_000 / i64::from(self.limits.per_minute);
        let tolerance = interval * i64::from(self.limits.burst.max(1));
        if self.counted.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            limits::sweep(&self.pool, now_ms).await?;
        }
        Ok(
            match limits::take(&self.pool, key, now_ms, interval, tolerance).await? {
                None => Ok(()),
                Some(arrival) => {
                    let next = arrival.max(now_ms) + interval;
                    let wait = (next - (now_ms + tolerance)).max(1);
                    Err(Duration::from_millis(u64::try_from(wait).unwrap_or(1)))
                }
            },
        )
    }
}

/// Counts a request of `key`: `Some(wait)` when it is over the limit. A database that fails
/// here lets the request through (the write itself will say so), logged.
async fn over_limit(state: &AppState, key: &str, now_ms: i64) -> Option<Duration> {
    match state.write_limiter.check(key, now_ms).await {
        Ok(result) => result.err(),
        Err(error) => {
            tracing::error!(%error, "could not count a write against its limit");
            None
        }
    }
}

/// Middleware of the API: refuses a write request (any method but GET, HEAD and OPTIONS;
/// `POST /counts` is a read) over the limit of its client address or of the account it is
/// signed in to, with `429` and `Retry-After`.
pub async fn limit_writes(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // The path as the client sent it: the API is nested under `/api`.
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path(), |original| original.path());
    let reads = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || path == format!("{API_PREFIX}/counts");
    if reads || state.write_limiter.limits.per_minute == 0 {
        return next.run(request).await;
    }
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    let now = crate::now_ms();
    if let Some(peer) = peer {
        let ip = client_ip(peer, request.headers(), &state.trusted_proxies);
        if let Some(wait) = over_limit(&state, &address_key(ip), now).await {
            tracing::info!("write refused: too many from one address");
            return too_many(wait);
        }
    }
    let (mut parts, body) = request.into_parts();
    let member = OptionalMember::from_request_parts(&mut parts, &state).await;
    if let Ok(OptionalMember(Some(member))) = member
        && let Some(wait) = over_limit(&state, &format!("account:{}", member.account_id), now).await
    {
        tracing::info!(
            account_id = member.account_id,
            "write refused: too many from one account"
        );
        return too_many(wait);
    }
    next.run(Request::from_parts(parts, body)).await
}

/// The `429` answer, with `Retry-After`.
fn too_many(wait: Duration) -> Response {
    crate::error::retry_later(
        wait,
        Code::RateLimited,
        "Too many requests from here in a short time.",
    )
}

/// What a new comment must also pass, beyond the contract's rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommentChecks {
    /// The most links a guest's comment may carry.
    pub guest_max_links: usize,
    /// Words and phrases refused in names and comments, in lower case.
    pub banned_words: Vec<String>,
    /// How long the same comment from the same author is refused again.
    pub duplicate_window: Duration,
    /// Whether a comment with banned words waits for a moderator instead of being refused.
    pub hold_banned: bool,
}

impl CommentChecks {
    /// The defaults: two links for a guest, no banned words, ten minutes between identical
    /// comments.
    pub fn standard() -> Self {
        Self {
            guest_max_links: 2,
            banned_words: Vec::new(),
            duplicate_window: Duration::from_secs(600),
            hold_banned: false,
        }
    }

    /// Reads a banned-words file: one word or phrase a line; blank lines and lines starting
    /// with `#` are skipped.
    pub fn read_banned_words(text: &str) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .map(str::to_lowercase)
            .collect()
    }

    /// The checks a comment fails, as a problem naming the field at fault; `Ok(true)` when it
    /// passes but must wait for a moderator (banned words with [`Self::hold_banned`]).
    pub fn check(
        &self,
        body: &str,
        guest_name: Option<&str>,
        honeypot: Option<&str>,
    ) -> Result<bool, ApiError> {
        if honeypot.is_some_and(|value| !value.trim().is_empty()) {
            tracing::info!("comment refused: the hidden field was filled in");
            return Err(ApiError::comment_invalid(Default::default())
                .with_code(Code::LooksAutomated)
                .with_detail(
                    "This comment looks automated: a field people never see was filled in.",
                ));
        }
        if guest_name.is_some() && links_in(body) > self.guest_max_links {
            return Err(
                ApiError::comment_invalid(Default::default()).with_field_code(
                    field::BODY,
                    Code::TooManyLinks,
                    format!(
                        "A guest's comment may carry at most {} links; sign in to post more.",
                        self.guest_max_links
                    ),
                ),
            );
        }
        let banned = |text: &str| {
            self.banned_words
                .iter()
                .any(|word| contains_word(text, word))
        };
        let (body_banned, name_banned) = (banned(body), guest_name.is_some_and(banned));
        if (body_banned || name_banned) && self.hold_banned {
            tracing::info!("comment held for review: banned words");
            return Ok(true);
        }
        if body_banned {
            return Err(
                ApiError::comment_invalid(Default::default()).with_field_code(
                    field::BODY,
                    Code::BannedWords,
                    "This comment contains words this site does not publish.",
                ),
            );
        }
        if name_banned {
            return Err(
                ApiError::comment_invalid(Default::default()).with_field_code(
                    field::GUEST_NAME,
                    Code::BannedWords,
                    "This name contains words this site does not publish.",
                ),
            );
        }
        Ok(false)
    }
}

/// How many web addresses a text carries: each `http://`, `https://` or `www.` starting a
/// word.
pub fn links_in(text: &str) -> usize {
    let lower = text.to_lowercase();
    lower
        .split(|c: char| c.is_whitespace() || matches!(c, '(' | '<' | '"' | '\''))
        .filter(|word| {
            word.starts_with("http://") || word.starts_with("https://") || word.starts_with("www.")
        })
        .count()
}

/// Whether `text` holds `word` (lower case) as a whole word or phrase: not inside a longer
/// word, in any script, and whatever its case.
pub fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    let text = text.to_lowercase();
    let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    text.match_indices(word).any(|(at, found)| {
        boundary(text[..at].chars().next_back())
            && boundary(text[at + found.len()..].chars().next())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn limiter(limits: WriteLimits) -> (RateLimiter, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let pool = crate::open_db(&dir.path().join("limits.db"))
            .await
            .expect("opens");
        (RateLimiter::new(limits, pool), dir)
    }

    async fn check(limiter: &RateLimiter, key: &str, now: i64) -> Result<(), Duration> {
        limiter.check(key, now).await.expect("the database counts")
    }

    #[tokio::test]
    async fn a_key_gets_its_burst_then_one_request_an_interval() {
        let (limiter, _dir) = limiter(WriteLimits {
            per_minute: 60,
            burst: 3,
        })
        .await;
        let start = 1_000_000;
        for _ in 0..3 {
            assert_eq!(check(&limiter, "a", start).await, Ok(()));
        }
        let wait = check(&limiter, "a", start)
            .await
            .expect_err("over the burst");
        assert_eq!(wait, Duration::from_secs(1));
        // Another key is not held back by the first.
        assert_eq!(check(&limiter, "b", start).await, Ok(()));
        // A second later, one more goes through, and only one.
        let later = start + 1_000;
        assert_eq!(check(&limiter, "a", later).await, Ok(()));
        assert!(check(&limiter, "a", later).await.is_err());
        // After a long pause the whole burst is back.
        let much_later = later + 60_000;
        for _ in 0..3 {
            assert_eq!(check(&limiter, "a", much_later).await, Ok(()));
        }
    }

    #[tokio::test]
    async fn two_limiters_on_one_database_count_together() {
        let limits = WriteLimits {
            per_minute: 60,
            burst: 2,
        };
        let (first, dir) = limiter(limits).await;
        let pool = crate::open_db(&dir.path().join("limits.db"))
            .await
            .expect("opens");
        let second = RateLimiter::new(limits, pool);
        let now = 5_000_000;
        assert_eq!(check(&first, "a", now).await, Ok(()));
        assert_eq!(check(&second, "a", now).await, Ok(()));
        assert!(check(&first, "a", now).await.is_err());
        assert!(check(&second, "a", now).await.is_err());
        // Passed keys are swept, and count as new.
        assert_eq!(limits::sweep(&first.pool, now + 10_000).await.ok(), Some(1));
        assert_eq!(check(&second, "a", now + 10_000).await, Ok(()));
    }

    #[tokio::test]
    async fn a_limit_of_zero_lets_everything_through() {
        let (limiter, _dir) = limiter(WriteLimits {
            per_minute: 0,
            burst: 0,
        })
        .await;
        for _ in 0..1_000 {
            assert_eq!(check(&limiter, "a", 7).await, Ok(()));
        }
    }

    #[test]
    fn links_are_counted_where_a_word_starts_with_an_address() {
        for (text, count) in [
            ("No links here, just a .com mention.", 0),
            ("See https://example.org and http://example.net/x", 2),
            ("(www.example.org) and HTTPS://EXAMPLE.ORG", 2),
            ("mailto:someone@example.org is not a web address", 0),
            ("https://a.example https://b.example https://c.example", 3),
        ] {
            assert_eq!(links_in(text), count, "{text}");
        }
    }

    #[test]
    fn banned_words_match_whole_words_in_any_case_and_script() {
        for (text, word, found) in [
            ("You are a Spammer!", "spammer", true),
            ("spammers everywhere", "spammer", false),
            ("antispammer", "spammer", false),
            ("buy cheap pills now", "cheap pills", true),
            ("ئەمە قسەیەکی خراپە", "خراپە", true),
            ("ئەمە قسەیەکی خراپەکان", "خراپە", false),
            ("ÇETIN words", "çetin", true),
            ("anything", "", false),
        ] {
            assert_eq!(contains_word(text, word), found, "{text} / {word}");
        }
    }

    #[test]
    fn a_banned_words_file_skips_blank_lines_and_comments() {
        let words =
            CommentChecks::read_banned_words("# words we refuse\n\n Spammer \ncheap pills\n");
        assert_eq!(words, ["spammer", "cheap pills"]);
    }

    #[test]
    fn checks_name_the_field_at_fault() {
        let checks = CommentChecks {
            banned_words: vec!["spammer".into()],
            ..CommentChecks::standard()
        };
        let links = "https://a.example https://b.example https://c.example";
        let problem =
            |result: Result<bool, ApiError>| result.expect_err("refused").problem().clone();
        let too_many = problem(checks.check(links, Some("Aram"), None));
        assert_eq!(too_many.error_codes["body"], "too_many_links");
        // Members may post more links.
        assert!(checks.check(links, None, None).is_ok());
        let banned = problem(checks.check("hello", Some("The Spammer"), None));
        assert_eq!(banned.error_codes["guest.name"], "banned_words");
        let automated = problem(checks.check("hello", Some("Aram"), Some("https://x.example")));
        assert_eq!(automated.code.as_deref(), Some("looks_automated"));
        assert_eq!(
            checks.check("hello", Some("Aram"), Some("  ")).ok(),
            Some(false)
        );
        let holding = CommentChecks {
            hold_banned: true,
            ..checks
        };
        assert_eq!(
            holding.check("hello", Some("The Spammer"), None).ok(),
            Some(true)
        );
    }
}
