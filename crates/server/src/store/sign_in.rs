//! Failed sign-ins by key (`sign_in_failures`; see `crate::auth::limiter`).

use sqlx::{SqliteConnection, SqlitePool};

/// Until when `key` is locked, if it has a lock.
pub async fn locked_until(pool: &SqlitePool, key: &str) -> Result<Option<i64>, sqlx::Error> {
    let until: Option<Option<i64>> =
        sqlx::query_scalar("SELECT locked_until FROM sign_in_failures WHERE key = ?1")
            .bind(key)
            .fetch_optional(pool)
            .await?;
    Ok(until.flatten())
}

/// Counts one failure of `key` at `now_ms` (starting again from one when the last was before
/// `forget_before_ms`); returns how many it has now.
pub async fn count_failure(
    conn: &mut SqliteConnection,
    key: &str,
    now_ms: i64,
    forget_before_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO sign_in_failures (key, failures, last_failure_at, locked_until)
         VALUES (?1, 1, ?2, NULL)
         ON CONFLICT (key) DO UPDATE SET
             failures = CASE WHEN last_failure_at < ?3 THEN 1 ELSE failures + 1 END,
             last_failure_at = ?2
         RETURNING failures",
    )
    .bind(key)
    .bind(now_ms)
    .bind(forget_before_ms)
    .fetch_one(conn)
    .await
}

/// Locks `key` until `until_ms` (or unlocks it, with `None`).
pub async fn lock(
    conn: &mut SqliteConnection,
    key: &str,
    until_ms: Option<i64>,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sign_in_failures SET locked_until = ?1 WHERE key = ?2")
        .bind(until_ms)
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}

/// Forgets the failures of `key`.
pub async fn clear(conn: &mut SqliteConnection, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sign_in_failures WHERE key = ?1")
        .bind(key)
        .execute(conn)
        .await?;
    Ok(())
}
