//! Reading and inserting articles.

use byline_contract::{Block, Picture, TextDirection};
use sqlx::SqliteExecutor;

use super::{Position, StoreError};
use crate::model::{ArticleRefRow, ArticleRow, SummaryRow};
use crate::partner::StartingThread;

/// The columns of a [`SummaryRow`].
macro_rules! summary_columns {
    () => {
        "id, slug, title, dek, section, author, lang, dir, published_at, hero, comment_count"
    };
}

const PAGE: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM articles WHERE url IS NULL AND (published_at, id) < (?1, ?2)",
    " ORDER BY published_at DESC, id DESC LIMIT ?3"
);

const PAGE_IN_SECTION: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM articles WHERE url IS NULL AND section = ?4 AND (published_at, id) < (?1, ?2)",
    " ORDER BY published_at DESC, id DESC LIMIT ?3"
);

const BY_SLUG: &str = concat!(
    "SELECT ",
    summary_columns!(),
    ", updated_at, body, moderation FROM articles WHERE slug = ?1 AND url IS NULL"
);

const RELATED: &str = concat!(
    "SELECT ",
    summary_columns!(),
    " FROM articles WHERE id <> ?1 AND url IS NULL",
    " ORDER BY section = ?2 DESC, published_at DESC, id DESC LIMIT ?3"
);

/// Up to `limit` articles published before `after` (all when `None`), newest first, optionally
/// only those of one section (compared without regard to case).
pub async fn page(
    db: impl SqliteExecutor<'_>,
    section: Option<&str>,
    after: Option<Position>,
    limit: u32,
) -> Result<Vec<SummaryRow>, StoreError> {
    let after = after.unwrap_or(Position {
        at: i64::MAX,
        id: i64::MAX,
    });
    let query = match section {
        Some(section) => sqlx::query_as(PAGE_IN_SECTION)
            .bind(after.at)
            .bind(after.id)
            .bind(limit)
            .bind(section),
        None => sqlx::query_as(PAGE)
            .bind(after.at)
            .bind(after.id)
            .bind(limit),
    };
    Ok(query.fetch_all(db).await?)
}

/// The whole article with this slug.
pub async fn find(
    db: impl SqliteExecutor<'_>,
    slug: &str,
) -> Result<Option<ArticleRow>, StoreError> {
    Ok(sqlx::query_as(BY_SLUG)
        .bind(slug)
        .fetch_optional(db)
        .await?)
}

/// The id, publication time and comment count of the article (or partner page thread) with
/// this slug.
pub async fn find_ref(
    db: impl SqliteExecutor<'_>,
    slug: &str,
) -> Result<Option<ArticleRefRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, published_at, comment_count, moderation FROM articles WHERE slug = ?1",
    )
    .bind(slug)
    .fetch_optional(db)
    .await?)
}

/// Up to `limit` other articles: those of `section` first, then the rest, each group newest
/// first.
pub async fn related(
    db: impl SqliteExecutor<'_>,
    article_id: i64,
    section: &str,
    limit: u32,
) -> Result<Vec<SummaryRow>, StoreError> {
    Ok(sqlx::query_as(RELATED)
        .bind(article_id)
        .bind(section)
        .bind(limit)
        .fetch_all(db)
        .await?)
}

/// Whether the site has no article yet.
pub async fn is_empty(db: impl SqliteExecutor<'_>) -> Result<bool, StoreError> {
    let any: Option<i64> = sqlx::query_scalar("SELECT 1 FROM articles WHERE url IS NULL LIMIT 1")
        .fetch_optional(db)
        .await?;
    Ok(any.is_none())
}

/// An article to insert.
#[derive(Debug, Clone, Copy)]
pub struct NewArticle<'a> {
    /// URL identifier, unique.
    pub slug: &'a str,
    /// Headline.
    pub title: &'a str,
    /// Standfirst.
    pub dek: &'a str,
    /// Section name.
    pub section: &'a str,
    /// Author's name.
    pub author: &'a str,
    /// BCP 47 language tag.
    pub lang: &'a str,
    /// Text direction.
    pub dir: TextDirection,
    /// Milliseconds since the epoch.
    pub published_at: i64,
    /// Milliseconds since the epoch, if changed after publication.
    pub updated_at: Option<i64>,
    /// The picture at the top.
    pub hero: &'a Picture,
    /// The body blocks.
    pub body: &'a [Block],
}

/// Inserts an article and returns its id.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    article: NewArticle<'_>,
) -> Result<i64, StoreError> {
    let hero = serde_json::to_string(article.hero).map_err(|source| StoreError::Json {
        column: "hero",
        source,
    })?;
    let body = serde_json::to_string(article.body).map_err(|source| StoreError::Json {
        column: "body",
        source,
    })?;
    let id = sqlx::query_scalar(
        "INSERT INTO articles \
         (slug, title, dek, section, author, lang, dir, published_at, updated_at, hero, body) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
    )
    .bind(article.slug)
    .bind(article.title)
    .bind(article.dek)
    .bind(article.section)
    .bind(article.author)
    .bind(article.lang)
    .bind(article.dir.as_str())
    .bind(article.published_at)
    .bind(article.updated_at)
    .bind(hero)
    .bind(body)
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// Starts the thread of a partner's page (or finds the one another first comment started a
/// moment ago) and returns it; `now` is its start.
pub async fn start_partner_thread(
    conn: &mut sqlx::SqliteConnection,
    thread: &StartingThread,
    now: i64,
) -> Result<ArticleRefRow, StoreError> {
    sqlx::query(
        "INSERT INTO articles \
         (slug, url, title, dek, section, author, lang, dir, published_at, hero, body) \
         VALUES (?1, ?2, ?3, '', '', '', '', 'ltr', ?4, 'null', '[]') \
         ON CONFLICT DO NOTHING",
    )
    .bind(&thread.page.slug)
    .bind(&thread.page.url)
    .bind(&thread.title)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    find_ref(&mut *conn, &thread.page.slug)
        .await?
        .ok_or(StoreError::Database(sqlx::Error::RowNotFound))
}

/// Whether the thread of a partner's page has started, and its comment count.
pub async fn partner_thread_count(
    db: impl SqliteExecutor<'_>,
    slug: &str,
) -> Result<Option<i64>, StoreError> {
    Ok(
        sqlx::query_scalar(
            "SELECT comment_count FROM articles WHERE slug = ?1 AND url IS NOT NULL",
        )
        .bind(slug)
        .fetch_optional(db)
        .await?,
    )
}
