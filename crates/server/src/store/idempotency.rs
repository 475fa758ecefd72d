//! The stored first answers of keyed comment posts (`idempotency_keys`; see
//! `crate::idempotency`).

use sqlx::SqliteExecutor;

/// A stored answer: the request's fingerprint, the status, `Location` and body.
pub type StoredRow = (String, i64, Option<String>, String);

/// The answer stored under `key`, if any.
pub async fn find(
    db: impl SqliteExecutor<'_>,
    key: &str,
) -> Result<Option<StoredRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT fingerprint, status, location, response FROM idempotency_keys WHERE key = ?1",
    )
    .bind(key)
    .fetch_optional(db)
    .await
}

/// Stores the first answer under `key`.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    key: &str,
    fingerprint: &str,
    (status, location, body): (i64, Option<&str>, &str),
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO idempotency_keys (key, fingerprint, status, location, response, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )
    .bind(key)
    .bind(fingerprint)
    .bind(status)
    .bind(location)
    .bind(body)
    .bind(now_ms)
    .execute(db)
    .await?;
    Ok(())
}

/// Forgets the answers that created the resource at `location`; returns how many.
pub async fn forget_location(
    db: impl SqliteExecutor<'_>,
    location: &str,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE location = ?1")
            .bind(location)
            .execute(db)
            .await?
            .rows_affected(),
    )
}

/// Forgets the answers stored before `before_ms`; returns how many.
pub async fn forget_before(
    db: impl SqliteExecutor<'_>,
    before_ms: i64,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM idempotency_keys WHERE created_at < ?1")
            .bind(before_ms)
            .execute(db)
            .await?
            .rows_affected(),
    )
}
