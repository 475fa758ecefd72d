//! The write rate limit's arrival times (see `defences::RateLimiter`).

use sqlx::SqlitePool;

/// Takes one request of `key` at `now_ms`: pushes its arrival time on by `interval_ms` from
/// where it stands (or from now, if that has passed), unless that would put it more than
/// `tolerance_ms` ahead of now. One statement, so two processes taking at once both count.
/// `None` when taken; the arrival time that stands when refused.
pub async fn take(
    pool: &SqlitePool,
    key: &str,
    now_ms: i64,
    interval_ms: i64,
    tolerance_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO write_limits (key, arrival) VALUES (?1, ?2 + ?3) \
         ON CONFLICT (key) DO UPDATE SET arrival = max(write_limits.arrival, ?2) + ?3 \
         WHERE max(write_limits.arrival, ?2) + ?3 <= ?2 + ?4 \
         RETURNING arrival",
    )
    .bind(key)
    .bind(now_ms)
    .bind(interval_ms)
    .bind(tolerance_ms)
    .fetch_optional(pool)
    .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let arrival: Option<i64> =
        sqlx::query_scalar("SELECT arrival FROM write_limits WHERE key = ?1")
            .bind(key)
            .fetch_optional(pool)
            .await?;
    Ok(Some(arrival.unwrap_or(now_ms)))
}

/// Forgets the keys whose arrival time has passed (they would be taken as new ones).
pub async fn sweep(pool: &SqlitePool, now_ms: i64) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query("DELETE FROM write_limits WHERE arrival < ?1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected())
}
