//! Sign-in throttling, per account (the address tried) and per client address.
//!
//! Each key counts failed sign-ins. The first [`SignInLimits::free_failures`] cost nothing;
//! each further failure locks the key for [`SignInLimits::base_delay`], then twice that, and so
//! on up to [`SignInLimits::max_delay`]. While a key is locked, sign-ins are answered 429
//! without looking at the password. A successful sign-in clears the account's key; a key whose
//! last failure is older than [`SignInLimits::forget_after`] starts again from zero.

use byline_contract::code::Code;
use std::net::IpAddr;
use std::time::Duration;

use axum::http::HeaderMap;
use axum::response::Response;
use sqlx::{SqliteConnection, SqlitePool};

use super::session::millis;
use crate::config::SignInLimits;
use crate::error::ApiError;
use crate::store::sign_in;

/// The throttling key of an account: its address, trimmed and lowercased.
pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The throttling key of a client address.
pub fn address_key(ip: IpAddr) -> String {
    // An IPv4 client reached over an IPv6 socket counts as its IPv4 address.
    let ip = match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(IpAddr::V6(v6), IpAddr::V4),
        v4 @ IpAddr::V4(_) => v4,
    };
    format!("addr:{ip}")
}

/// The client's address: the peer's, or, when the peer is a trusted proxy, the last address in
/// `X-Forwarded-For` that is not one of the trusted proxies (each proxy appends the address it
/// got the request from, so the addresses to the right are the trustworthy ones).
pub fn client_ip(peer: IpAddr, headers: &HeaderMap, trusted: &[IpAddr]) -> IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .map_while(|hop| hop.parse::<IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
}

/// How long the lock after failure number `failures` lasts: none up to the free failures,
/// then `base`, `2 × base`, `4 × base`… capped at `max`.
pub fn lock_for(limits: &SignInLimits, failures: u32) -> Option<Duration> {
    let beyond = failures.checked_sub(limits.free_failures)?.checked_sub(1)?;
    let factor = 2u32.checked_pow(beyond.min(31)).unwrap_or(u32::MAX);
    Some(
        limits
            .base_delay
            .checked_mul(factor)
            .unwrap_or(limits.max_delay)
            .min(limits.max_delay),
    )
}

/// The longest remaining lock among `keys` at `now`, if any is locked.
pub async fn locked(
    pool: &SqlitePool,
    keys: &[&str],
    now: i64,
) -> Result<Option<Duration>, ApiError> {
    let mut longest: Option<i64> = None;
    for key in keys {
        if let Some(until) = sign_in::locked_until(pool, key).await?
            && until > now
        {
            longest = Some(longest.map_or(until, |longest| longest.max(until)));
        }
    }
    Ok(longest
        .map(|until| Duration::from_millis(u64::try_from(until.saturating_sub(now)).unwrap_or(0))))
}

/// Counts one failure for each key, locking those past the free failures.
pub async fn record_failure(
    conn: &mut SqliteConnection,
    limits: &SignInLimits,
    keys: &[&str],
    now: i64,
) -> Result<(), ApiError> {
    let forget_before = now.saturating_sub(millis(limits.forget_after));
    for key in keys {
        let failures = sign_in::count_failure(&mut *conn, key, now, forget_before).await?;
        let lock = lock_for(limits, u32::try_from(failures).unwrap_or(u32::MAX));
        let until = lock.map(|lock| now.saturating_add(millis(lock)));
        sign_in::lock(&mut *conn, key, until).await?;
    }
    Ok(())
}

/// Forgets the failures of a key.
pub async fn clear(conn: &mut SqliteConnection, key: &str) -> Result<(), ApiError> {
    sign_in::clear(conn, key).await?;
    Ok(())
}

/// The 429 answer while a key is locked, with `Retry-After` in whole seconds (at least 1).
pub fn too_many(wait: Duration) -> Response {
    crate::error::retry_later(wait, Code::SignInThrottled, "Too many failed sign-ins.")
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::{HeaderValue, StatusCode, header};

    #[test]
    fn the_client_address_comes_from_forwarded_for_only_through_a_trusted_proxy() {
        let proxy: IpAddr = [10, 0, 0, 2].into();
        let peer: IpAddr = [198, 51, 100, 7].into();
        let client: IpAddr = [203, 0, 113, 9].into();
        let forwarded = |value: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                "x-forwarded-for",
                HeaderValue::from_str(value).expect("a header value"),
            );
            headers
        };
        let spoofed = forwarded("203.0.113.9");
        // Not through a trusted proxy: the header is anyone's to write.
        assert_eq!(client_ip(peer, &spoofed, &[]), peer);
        assert_eq!(client_ip(peer, &spoofed, &[proxy]), peer);
        // Through it: the last hop it did not add itself.
        assert_eq!(
            client_ip(proxy, &forwarded("192.0.2.1, 203.0.113.9"), &[proxy]),
            client
        );
        // Chained trusted proxies are skipped; a forged left part is never reached.
        let inner: IpAddr = [10, 0, 0, 3].into();
        assert_eq!(
            client_ip(
                proxy,
                &forwarded("6.6.6.6, 203.0.113.9, 10.0.0.3"),
                &[proxy, inner]
            ),
            client
        );
        // Nothing usable: the proxy itself.
        assert_eq!(client_ip(proxy, &HeaderMap::new(), &[proxy]), proxy);
        assert_eq!(
            client_ip(proxy, &forwarded("not an address"), &[proxy]),
            proxy
        );
    }

    #[test]
    fn locks_start_after_the_free_failures_and_double_up_to_the_cap() {
        let limits = SignInLimits::default();
        let locks: Vec<Option<u64>> = (1..=9)
            .map(|n| lock_for(&limits, n).map(|lock| lock.as_secs()))
            .collect();
        assert_eq!(
            locks,
            [
                None,
                None,
                None,
                None,
                None,
                Some(1),
                Some(2),
                Some(4),
                Some(8)
            ]
        );
        assert_eq!(lock_for(&limits, 20), Some(Duration::from_secs(15 * 60)));
        assert_eq!(
            lock_for(&limits, u32::MAX),
            Some(Duration::from_secs(15 * 60))
        );
    }

    #[test]
    fn keys_name_their_kind() {
        assert_eq!(
            account_key(" Dana@Example.ORG "),
            "account:dana@example.org"
        );
        assert_eq!(
            address_key("::ffff:10.0.0.7".parse().expect("ip")),
            "addr:10.0.0.7"
        );
        assert_eq!(
            address_key("2001:db8::1".parse().expect("ip")),
            "addr:2001:db8::1"
        );
    }

    #[test]
    fn retry_after_rounds_up_to_whole_seconds() {
        let response = too_many(Duration::from_millis(1_200));
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()[header::RETRY_AFTER], "2");
        let response = too_many(Duration::from_millis(10));
        assert_eq!(response.headers()[header::RETRY_AFTER], "1");
    }
}
