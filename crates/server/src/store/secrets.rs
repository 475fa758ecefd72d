//! The server's secrets (`server_secrets`), shared by every process on the database.

use sqlx::SqlitePool;

/// Stores `value` as the secret `name` unless one is there already (another process may have
/// stored it first: it wins), and returns the secret that stands.
pub async fn keep_first(
    pool: &SqlitePool,
    name: &str,
    value: &[u8],
    now_ms: i64,
) -> Result<Vec<u8>, sqlx::Error> {
    sqlx::query(
        "INSERT OR IGNORE INTO server_secrets (name, value, created_at) VALUES (?1, ?2, ?3)",
    )
    .bind(name)
    .bind(value)
    .bind(now_ms)
    .execute(pool)
    .await?;
    sqlx::query_scalar("SELECT value FROM server_secrets WHERE name = ?1")
        .bind(name)
        .fetch_one(pool)
        .await
}
