//! Reading, inserting, editing and removing comments. No query here selects `author_email`.

use byline_contract::{AuthorKind, CommentSort};
use sqlx::{QueryBuilder, Sqlite, SqliteExecutor};

use super::{Position, StoreError};
use crate::model::{CommentRow, LatestRow, author_kind_name};

/// The columns of a [`CommentRow`].
macro_rules! comment_columns {
    () => {
        "id, parent_id, root_id, author_name, author_kind, account_id, body, created_at, \
         edited_at, removed_at, held, like_count, featured_at"
    };
}

/// The top-level comments a page may show to the viewer in parameter `$viewer` (a member's
/// account id, or NULL): published ones, hidden ones (placeholders when they have replies,
/// else left out by `threads::assemble`), and the viewer's own that wait for a moderator.
/// Filtered here, not after, so a flood of comments waiting for moderators cannot empty a page.
macro_rules! roots_shown {
    ($viewer:literal) => {
        concat!(
            " AND (held IS NULL OR held = 'reported' OR (held = 'pending' AND account_id = ",
            $viewer,
            "))"
        )
    };
}

// Under "Oldest" and "Newest", featured comments stand before the pages (see
// `featured_roots`), so the pages leave them out.
const ROOTS_OLDEST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = ?1 AND parent_id IS NULL AND featured_at IS NULL",
    " AND (created_at, id) > (?2, ?3)",
    roots_shown!("?5"),
    " ORDER BY created_at, id LIMIT ?4"
);

const ROOTS_NEWEST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = ?1 AND parent_id IS NULL AND featured_at IS NULL",
    " AND (created_at, id) < (?2, ?3)",
    roots_shown!("?5"),
    " ORDER BY created_at DESC, id DESC LIMIT ?4"
);

const FEATURED_OLDEST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = ?1 AND parent_id IS NULL AND featured_at IS NOT NULL",
    roots_shown!("?3"),
    " ORDER BY created_at, id LIMIT ?2"
);

const FEATURED_NEWEST: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = ?1 AND parent_id IS NULL AND featured_at IS NOT NULL",
    roots_shown!("?3"),
    " ORDER BY created_at DESC, id DESC LIMIT ?2"
);

const BY_ID: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE id = ?1"
);

const THREAD: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE root_id = ?1 AND id > ?2 ORDER BY created_at, id"
);

const LATEST: &str = "SELECT c.id, c.parent_id, c.root_id, c.author_name, c.author_kind, \
     c.account_id, c.body, c.created_at, c.edited_at, c.removed_at, c.held, \
     c.like_count, c.featured_at, \
     a.slug AS article_slug, \
     a.title AS article_title, a.published_at AS article_published_at, \
     a.comment_count AS article_comment_count \
     FROM comments AS c JOIN articles AS a ON a.id = c.article_id \
     WHERE c.removed_at IS NULL AND c.held IS NULL AND a.url IS NULL \
     ORDER BY c.created_at DESC, c.id DESC LIMIT ?1";

const ROOTS_TOP: &str = concat!(
    "SELECT ",
    comment_columns!(),
    " FROM comments WHERE article_id = ?1 AND parent_id IS NULL",
    " AND (top_score, id) < (?2, ?3)",
    roots_shown!("?5"),
    " ORDER BY top_score DESC, id DESC LIMIT ?4"
);

/// Where the pages of `sort` start: before every comment. The time decides (no comment is
/// dated at either end of the range); the id is one a cursor may carry.
pub fn start_of(sort: CommentSort) -> Position {
    let at = match sort {
        CommentSort::Oldest => i64::MIN,
        CommentSort::Newest | CommentSort::Top => i64::MAX,
    };
    Position { at, id: i64::MAX }
}

/// Up to `limit` top-level comments of an article after `after` in the order of `sort`
/// (from the start when `None`) that `viewer` may see (see `roots_shown`). Under "Oldest" and
/// "Newest", featured comments are not among them: see [`featured_roots`].
pub async fn roots(
    db: impl SqliteExecutor<'_>,
    article_id: i64,
    sort: CommentSort,
    after: Option<Position>,
    limit: u32,
    viewer: Option<i64>,
) -> Result<Vec<CommentRow>, StoreError> {
    let sql = match sort {
        CommentSort::Oldest => ROOTS_OLDEST,
        CommentSort::Newest => ROOTS_NEWEST,
        CommentSort::Top => ROOTS_TOP,
    };
    let after = after.unwrap_or_else(|| start_of(sort));
    Ok(sqlx::query_as(sql)
        .bind(article_id)
        .bind(after.at)
        .bind(after.id)
        .bind(limit)
        .bind(viewer)
        .fetch_all(db)
        .await?)
}

/// Up to `limit` featured top-level comments of an article that `viewer` may see, in the
/// order of `sort`: what the first page of "Oldest" and "Newest" starts with. "Top" ranks
/// featured comments first by itself, so it has none here.
pub async fn featured_roots(
    db: impl SqliteExecutor<'_>,
    article_id: i64,
    sort: CommentSort,
    limit: u32,
    viewer: Option<i64>,
) -> Result<Vec<CommentRow>, StoreError> {
    let sql = match sort {
        CommentSort::Oldest => FEATURED_OLDEST,
        CommentSort::Newest => FEATURED_NEWEST,
        CommentSort::Top => return Ok(Vec::new()),
    };
    Ok(sqlx::query_as(sql)
        .bind(article_id)
        .bind(limit)
        .bind(viewer)
        .fetch_all(db)
        .await?)
}

/// Every reply (at any depth) in the threads of these top-level comments, oldest first.
pub async fn replies_of(
    db: impl SqliteExecutor<'_>,
    root_ids: &[i64],
) -> Result<Vec<CommentRow>, StoreError> {
    if root_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut query = QueryBuilder::<Sqlite>::new(concat!(
        "SELECT ",
        comment_columns!(),
        " FROM comments WHERE parent_id IS NOT NULL AND root_id IN ("
    ));
    let mut ids = query.separated(", ");
    for id in root_ids {
        ids.push_bind(*id);
    }
    ids.push_unseparated(") ORDER BY created_at, id");
    Ok(query.build_query_as().fetch_all(db).await?)
}

/// The comment with this id.
pub async fn find(db: impl SqliteExecutor<'_>, id: i64) -> Result<Option<CommentRow>, StoreError> {
    Ok(sqlx::query_as(BY_ID).bind(id).fetch_optional(db).await?)
}

/// The comments of a thread posted after the comment `after_id` (its possible descendants),
/// oldest first.
pub async fn thread_after(
    db: impl SqliteExecutor<'_>,
    root_id: i64,
    after_id: i64,
) -> Result<Vec<CommentRow>, StoreError> {
    Ok(sqlx::query_as(THREAD)
        .bind(root_id)
        .bind(after_id)
        .fetch_all(db)
        .await?)
}

/// The newest `limit` comments of the whole site with their articles, leaving out removed
/// ones.
pub async fn latest(db: impl SqliteExecutor<'_>, limit: u32) -> Result<Vec<LatestRow>, StoreError> {
    Ok(sqlx::query_as(LATEST).bind(limit).fetch_all(db).await?)
}

/// Whether comment `id` belongs to article `article_id` and is published (what a reply may
/// answer).
pub async fn exists_in_article(
    db: impl SqliteExecutor<'_>,
    id: i64,
    article_id: i64,
) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM comments WHERE id = ?1 AND article_id = ?2 AND held IS NULL",
    )
    .bind(id)
    .bind(article_id)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Whether comment `id` belongs to article `article_id`, published or not.
pub async fn in_article(
    db: impl SqliteExecutor<'_>,
    id: i64,
    article_id: i64,
) -> Result<bool, StoreError> {
    let found: Option<i64> =
        sqlx::query_scalar("SELECT 1 FROM comments WHERE id = ?1 AND article_id = ?2")
            .bind(id)
            .bind(article_id)
            .fetch_optional(db)
            .await?;
    Ok(found.is_some())
}

/// The last `limit` comments of an article that are not removed, as (id, author name, time),
/// newest first.
pub async fn recent_in_article(
    db: impl SqliteExecutor<'_>,
    article_id: i64,
    limit: u32,
) -> Result<Vec<(i64, String, i64)>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT id, author_name, created_at FROM comments \
         WHERE article_id = ?1 AND removed_at IS NULL AND held IS NULL \
         ORDER BY created_at DESC, id DESC LIMIT ?2",
    )
    .bind(article_id)
    .bind(limit)
    .fetch_all(db)
    .await?)
}

/// A comment to insert. Its thread root and its article's count are maintained by triggers.
#[derive(Debug, Clone, Copy)]
pub struct NewCommentRow<'a> {
    /// The article.
    pub article_id: i64,
    /// The comment it answers, which must belong to the same article.
    pub parent_id: Option<i64>,
    /// Display name.
    pub author_name: &'a str,
    /// Guest or member.
    pub author_kind: AuthorKind,
    /// Contact address, stored for the newsroom and never returned.
    pub author_email: Option<&'a str>,
    /// The member's account, for a member's comment posted while signed in.
    pub account_id: Option<i64>,
    /// Plain text.
    pub body: &'a str,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// Whether it waits for a moderator before readers see it.
    pub pending: bool,
}

/// Inserts a comment and returns its id.
pub async fn insert(
    db: impl SqliteExecutor<'_>,
    comment: NewCommentRow<'_>,
) -> Result<i64, StoreError> {
    let id = sqlx::query_scalar(
        "INSERT INTO comments \
         (article_id, parent_id, author_name, author_kind, author_email, account_id, body, \
          created_at, body_digest, held) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
    )
    .bind(comment.article_id)
    .bind(comment.parent_id)
    .bind(comment.author_name)
    .bind(author_kind_name(comment.author_kind))
    .bind(comment.author_email)
    .bind(comment.account_id)
    .bind(comment.body)
    .bind(comment.created_at)
    .bind(body_digest(comment.body))
    .bind(comment.pending.then_some("pending"))
    .fetch_one(db)
    .await?;
    Ok(id)
}

/// The digest a comment's text is found by (`comments.body_digest`).
pub fn body_digest(body: &str) -> Vec<u8> {
    use sha2::Digest as _;
    sha2::Sha256::digest(body.as_bytes())[..16].to_vec()
}

/// Who posted a comment, for finding their recent ones.
#[derive(Debug, Clone, Copy)]
pub enum Author<'a> {
    /// A guest, by their email address (in any case).
    Guest(&'a str),
    /// A member, by their account.
    Member(i64),
}

/// Whether `author` posted a comment with this text, not since removed, after `since`
/// (milliseconds since the epoch).
pub async fn posted_lately(
    db: impl SqliteExecutor<'_>,
    author: Author<'_>,
    body: &str,
    since: i64,
) -> Result<bool, StoreError> {
    let (account_id, email) = match author {
        Author::Guest(email) => (None, Some(email.to_lowercase())),
        Author::Member(account_id) => (Some(account_id), None),
    };
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM comments \
         WHERE body_digest = ?1 AND created_at > ?2 AND removed_at IS NULL \
           AND (account_id = ?3 OR lower(author_email) = ?4) \
         LIMIT 1",
    )
    .bind(body_digest(body))
    .bind(since)
    .bind(account_id)
    .bind(email)
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// What deciding about an edit or a removal needs to know of a comment.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Ownership {
    /// Row id.
    pub id: i64,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// The member who posted it; `None` for a guest's (or a seeded) comment.
    pub account_id: Option<i64>,
    /// Its current text.
    pub body: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// When it was removed, if it was.
    pub removed_at: Option<i64>,
    /// Its author's name as shown.
    pub author_name: String,
    /// A guest's address; `None` for a member's (or a seeded) comment.
    pub author_email: Option<String>,
    /// Why it is held back from readers (`pending`, `reported`, `rejected`); `None` when
    /// published.
    pub held: Option<String>,
    /// Its article's own moderation mode, when the article has one.
    pub article_moderation: Option<String>,
}

/// The ownership facts of the comment with this id.
pub async fn ownership(
    db: impl SqliteExecutor<'_>,
    id: i64,
) -> Result<Option<Ownership>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.parent_id, c.account_id, c.body, c.created_at, c.removed_at, \
                c.author_name, c.author_email, c.held, a.moderation AS article_moderation \
         FROM comments c JOIN articles a ON a.id = c.article_id WHERE c.id = ?1",
    )
    .bind(id)
    .fetch_optional(db)
    .await?)
}

/// Whether any comment answers comment `id`.
pub async fn has_replies(db: impl SqliteExecutor<'_>, id: i64) -> Result<bool, StoreError> {
    let found: Option<i64> = sqlx::query_scalar("SELECT 1 FROM comments WHERE parent_id = ?1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(found.is_some())
}

/// Replaces a comment's text and stamps the edit.
pub async fn update_body(
    db: impl SqliteExecutor<'_>,
    id: i64,
    body: &str,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE comments SET body = ?2, edited_at = ?3, body_digest = ?4 WHERE id = ?1")
        .bind(id)
        .bind(body)
        .bind(now)
        .bind(body_digest(body))
        .execute(db)
        .await?;
    Ok(())
}

/// Holds a published comment back for a moderator (`held = 'pending'`); the
/// `comments_after_hold` trigger takes it off its article's count.
pub async fn hold_for_review(db: impl SqliteExecutor<'_>, id: i64) -> Result<(), StoreError> {
    sqlx::query("UPDATE comments SET held = 'pending' WHERE id = ?1 AND held IS NULL")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}

/// Turns a comment into a placeholder: marked removed, with its author's name, address,
/// account and its text erased. The `comments_after_remove` trigger takes it off its article's
/// count.
pub async fn mark_removed(
    db: impl SqliteExecutor<'_>,
    id: i64,
    now: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE comments SET removed_at = ?2, author_name = '', author_email = NULL, \
         account_id = NULL, body = '', edited_at = NULL WHERE id = ?1",
    )
    .bind(id)
    .bind(now)
    .execute(db)
    .await?;
    Ok(())
}

/// Deletes a comment that has no replies. The `comments_after_delete` trigger takes it off its
/// article's count unless it was a placeholder already.
pub async fn delete(db: impl SqliteExecutor<'_>, id: i64) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM comments WHERE id = ?1")
        .bind(id)
        .execute(db)
        .await?;
    Ok(())
}
