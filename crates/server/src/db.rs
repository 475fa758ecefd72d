//! The SQLite pool: pragmas, embedded migrations, and the clock the rows are stamped with.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use time::OffsetDateTime;

/// The most connections the pool opens.
pub const MAX_CONNECTIONS: u32 = 8;

/// How long a statement waits for another connection's write lock before failing.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The statement that opens a write transaction.
///
/// `IMMEDIATE` takes the write lock at once, so two writers queue on the busy timeout instead of
/// one of them failing when it upgrades a read lock.
pub const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// Runs a database write in its own task and waits for it. When a client disconnects, hyper
/// drops the handler's future; a write transaction dropped part-way (inside `BEGIN IMMEDIATE`)
/// could go back to the pool still holding SQLite's write lock and stall every later write. A
/// spawned task always finishes: it commits, or rolls back on an error.
pub(crate) async fn in_task<T: Send + 'static>(
    work: impl std::future::Future<Output = Result<T, crate::error::ApiError>> + Send + 'static,
) -> Result<T, crate::error::ApiError> {
    tokio::spawn(work).await.map_err(|error| {
        tracing::error!(%error, "a write task failed");
        crate::error::ApiError::internal()
    })?
}

/// Opens (creating file and parent directory when missing) and migrates the database at `path`.
///
/// Every connection uses WAL journaling, foreign keys, a 5 s busy timeout and
/// `synchronous=NORMAL`.
pub async fn open_db(path: &Path) -> anyhow::Result<SqlitePool> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        tokio::fs::create_dir_all(parent)
            .await
            .with_context(|| format!("creating the database directory {}", parent.display()))?;
    }
    let options = SqliteConnectOptions::from_str("sqlite:")
        .context("building SQLite options")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Normal)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    let pool = SqlitePoolOptions::new()
        .max_connections(MAX_CONNECTIONS)
        .connect_with(options)
        .await
        .with_context(|| format!("opening the database {}", path.display()))?;
    sqlx::migrate!()
        .run(&pool)
        .await
        .with_context(|| format!("migrating the database {}", path.display()))?;
    Ok(pool)
}

/// The current time in milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    let nanos = OffsetDateTime::now_utc().unix_timestamp_nanos();
    i64::try_from(nanos / 1_000_000).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_new_file_is_created_migrated_and_in_wal_mode() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/dir/test.db");
        let pool = open_db(&path).await.expect("opens");
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        assert_eq!(mode, "wal");
        let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
            .fetch_one(&pool)
            .await
            .expect("pragma");
        assert_eq!(foreign_keys, 1);
        let articles: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM articles")
            .fetch_one(&pool)
            .await
            .expect("table exists");
        assert_eq!(articles, 0);
        pool.close().await;
        // Opening again runs no migration twice.
        open_db(&path).await.expect("reopens").close().await;
    }

    #[test]
    fn the_clock_is_in_milliseconds() {
        let now = now_ms();
        assert!(now > 1_700_000_000_000 && now < 10_000_000_000_000, "{now}");
    }
}
