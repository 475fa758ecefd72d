//! Members' accounts as their own settings change them: name, password, the download of their
//! comments, and deletion (see `crate::auth::account`).

use sqlx::{SqliteConnection, SqlitePool};

/// Whether another confirmed account than `account_id` goes by this display-name key.
pub async fn name_taken_by_other(
    conn: &mut SqliteConnection,
    key: &str,
    account_id: i64,
) -> Result<bool, sqlx::Error> {
    let taken: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM accounts
          WHERE display_name_key = ?1 AND confirmed_at IS NOT NULL AND id != ?2 LIMIT 1",
    )
    .bind(key)
    .bind(account_id)
    .fetch_optional(conn)
    .await?;
    Ok(taken.is_some())
}

/// Renames an account, and its comments with it.
pub async fn rename(
    conn: &mut SqliteConnection,
    account_id: i64,
    name: &str,
    key: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET display_name = ?1, display_name_key = ?2 WHERE id = ?3")
        .bind(name)
        .bind(key)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE comments SET author_name = ?1 WHERE account_id = ?2")
        .bind(name)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Sets an account's password hash and ends its sessions but the one with `kept_token_hash`.
pub async fn set_password(
    conn: &mut SqliteConnection,
    account_id: i64,
    password_hash: &str,
    kept_token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE accounts SET password_hash = ?1 WHERE id = ?2")
        .bind(password_hash)
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE account_id = ?1 AND token_hash != ?2")
        .bind(account_id)
        .bind(kept_token_hash)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An account's password hash (empty for an account made through a provider).
pub async fn password_hash(pool: &SqlitePool, account_id: i64) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM accounts WHERE id = ?1")
        .bind(account_id)
        .fetch_one(pool)
        .await
}

/// A comment of the member's, as the download reads it.
#[derive(sqlx::FromRow)]
pub struct ExportRow {
    /// The comment's id.
    pub id: i64,
    /// Its article's slug.
    pub slug: String,
    /// Its article's title.
    pub title: String,
    /// A partner page's address, for a partner thread.
    pub url: Option<String>,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// Its text.
    pub body: String,
    /// When it was posted, ms.
    pub created_at: i64,
    /// When it was last edited, ms.
    pub edited_at: Option<i64>,
}

/// Every live comment of an account with its article, oldest first.
pub async fn comments_to_export(
    pool: &SqlitePool,
    account_id: i64,
) -> Result<Vec<ExportRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT c.id, a.slug, a.title, a.url, c.parent_id, c.body, c.created_at, c.edited_at
           FROM comments c JOIN articles a ON a.id = c.article_id
          WHERE c.account_id = ?1 AND c.removed_at IS NULL
          ORDER BY c.created_at, c.id",
    )
    .bind(account_id)
    .fetch_all(pool)
    .await
}

/// The ids of an account's live comments, newest first (replies before what they answer).
pub async fn live_comment_ids(
    conn: &mut SqliteConnection,
    account_id: i64,
) -> Result<Vec<i64>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT id FROM comments WHERE account_id = ?1 AND removed_at IS NULL
          ORDER BY created_at DESC, id DESC",
    )
    .bind(account_id)
    .fetch_all(conn)
    .await
}

/// Gives an account's comments to `former_name`, a guest with no account.
pub async fn disown_comments(
    conn: &mut SqliteConnection,
    account_id: i64,
    former_name: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE comments SET author_name = ?1, author_kind = 'guest', account_id = NULL
          WHERE account_id = ?2",
    )
    .bind(former_name)
    .bind(account_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// Deletes an account; its sessions and emailed tokens go with it (`ON DELETE CASCADE`).
pub async fn delete(conn: &mut SqliteConnection, account_id: i64) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM accounts WHERE id = ?1")
        .bind(account_id)
        .execute(conn)
        .await?;
    Ok(())
}
