//! Sessions (`sessions`) and the sweep of expired sessions and email tokens (see
//! `crate::auth::session`).

use sqlx::{SqliteConnection, SqlitePool};

/// Stores a session of `account_id` under the token's hash.
pub async fn insert(
    conn: &mut SqliteConnection,
    token_hash: &str,
    account_id: i64,
    (created_at, expires_at): (i64, i64),
    kind: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, kind)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )
    .bind(token_hash)
    .bind(account_id)
    .bind(created_at)
    .bind(expires_at)
    .bind(kind)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ends the session with this token hash (if there is one).
pub async fn delete(conn: &mut SqliteConnection, token_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends every session of an account.
pub async fn delete_all(conn: &mut SqliteConnection, account_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE account_id = ?1")
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Removes the sessions and email tokens expired at `now_ms`; returns how many rows went.
pub async fn purge_expired(pool: &SqlitePool, now_ms: i64) -> Result<u64, sqlx::Error> {
    let sessions = sqlx::query("DELETE FROM sessions WHERE expires_at <= ?1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected();
    let tokens = sqlx::query("DELETE FROM email_tokens WHERE expires_at <= ?1")
        .bind(now_ms)
        .execute(pool)
        .await?
        .rows_affected();
    Ok(sessions + tokens)
}

/// A session's member: account id, display name, email address and role.
pub type SessionRow = (i64, String, String, String);

/// The confirmed member whose unexpired session of `kind` has this token hash.
pub async fn member_of(
    pool: &SqlitePool,
    token_hash: &str,
    kind: &str,
    now_ms: i64,
) -> Result<Option<SessionRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.id, a.display_name, a.email, a.role
           FROM sessions s JOIN accounts a ON a.id = s.account_id
          WHERE s.token_hash = ?1 AND s.expires_at > ?2 AND s.kind = ?3
            AND a.confirmed_at IS NOT NULL",
    )
    .bind(token_hash)
    .bind(now_ms)
    .bind(kind)
    .fetch_optional(pool)
    .await
}
