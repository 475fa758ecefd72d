//! Every SQL statement of the endpoint, behind functions that return model rows.

pub mod accounts;
pub mod articles;
pub mod comments;
pub mod idempotency;
pub mod limits;
pub mod secrets;
pub mod sessions;
pub mod sign_in;

/// The database the store works on, for code outside it that hands it over (a backend is
/// then named in this module alone).
pub type Pool = sqlx::SqlitePool;

/// A storage failure. Its text is for the log, never for a response.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    /// A JSON column holds something the contract types cannot read.
    #[error("stored {column} is not valid contract JSON: {source}")]
    Json {
        /// The column.
        column: &'static str,
        /// Why it did not parse.
        source: serde_json::Error,
    },
}

/// A position in a list ordered by (time, id): the last item of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Milliseconds since the epoch.
    pub at: i64,
    /// Row id, which breaks ties between equal times.
    pub id: i64,
}
