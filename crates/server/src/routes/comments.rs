//! Comment threads of an article, posting a comment, one comment, and the latest comments.

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use byline_contract::validate::{self, ValidComment};
use byline_contract::{
    API_PREFIX, AuthorKind, Comment, CommentPage, LatestComments, NewComment, field,
};

use super::articles::{next_page, unknown_article};
use crate::AppState;
use crate::db::{BEGIN_WRITE, now_ms};
use crate::error::ApiError;
use crate::idempotency::{self, IdempotencyKey, Lookup, StoredResponse};
use crate::json_body;
use crate::model::{ArticleRefRow, CommentRow, LatestRow};
use crate::params::{CursorKind, QueryParams, encode_cursor};
use crate::store::{Position, StoreError, articles, comments};
use crate::threads;

/// Top-level comments per page when `limit` is absent.
pub const PAGE_DEFAULT_LIMIT: u32 = 50;
/// The largest `limit` of a comment page.
pub const PAGE_MAX_LIMIT: u32 = 100;
/// Latest comments when `limit` is absent.
pub const LATEST_DEFAULT_LIMIT: u32 = 10;
/// The largest `limit` of the latest comments.
pub const LATEST_MAX_LIMIT: u32 = 50;

/// `GET /api/v1/articles/{slug}/comments?sort=&limit=&cursor=`: `limit` threads, each with all
/// its replies nested.
pub async fn list(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    mut params: QueryParams,
) -> Result<Json<CommentPage>, ApiError> {
    let sort = params.sort();
    let limit = params.limit(PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT);
    let after = params.cursor(CursorKind::Comments);
    params.finish()?;

    // One read transaction, so the page and its total come from the same snapshot.
    let mut tx = state.pool.begin().await?;
    let article = articles::find_ref(&mut *tx, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    let mut roots = comments::roots(&mut *tx, article.id, sort, after, limit + 1).await?;
    let next_cursor = next_page(&mut roots, limit).map(|last| {
        encode_cursor(
            CursorKind::Comments,
            Position {
                at: last.created_at,
                id: last.id,
            },
        )
    });
    let root_ids: Vec<i64> = roots.iter().map(|row| row.id).collect();
    let replies = comments::replies_of(&mut *tx, &root_ids).await?;
    tx.commit().await?;

    Ok(Json(CommentPage {
        items: threads::assemble(roots, replies),
        next_cursor,
        total: article.total(),
    }))
}

/// `POST /api/v1/articles/{slug}/comments`: a guest's comment or reply; `201` with the comment
/// and its `Location`. Honours `Idempotency-Key`.
pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    OriginalUri(uri): OriginalUri,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    json_body::require_json(&headers)?;
    let body = json_body::body_bytes(body)?;
    let key = IdempotencyKey::from_headers(&headers)?;
    let input: NewComment = json_body::parse(&body)?;
    let article = articles::find_ref(&state.pool, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    let valid = validate::new_comment(&input).map_err(ApiError::comment_invalid)?;

    // The write runs in its own task: when a client disconnects, hyper drops this handler's
    // future, and a write transaction dropped part-way (inside `BEGIN IMMEDIATE`, say) could go
    // back to the pool still holding SQLite's write lock, stalling every later write. A
    // spawned task always finishes: it commits, or rolls back on an error.
    let write = tokio::spawn(store(
        state,
        article,
        valid,
        key,
        uri.path().to_owned(),
        body,
    ));
    write.await.map_err(|error| {
        tracing::error!(%error, "the comment write task failed");
        ApiError::internal()
    })?
}

/// Stores a validated comment (or replays the answer to a repeated idempotency key) in one
/// write transaction.
async fn store(
    state: AppState,
    article: ArticleRefRow,
    valid: ValidComment,
    key: Option<IdempotencyKey>,
    path: String,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
    let now = now_ms();
    let idempotency = match key {
        Some(key) => {
            let fingerprint = idempotency::fingerprint("POST", &path, &body);
            match idempotency::lookup(&mut tx, &key, &fingerprint, now).await? {
                Lookup::Fresh => Some((key, fingerprint)),
                Lookup::Replay(stored) => return Ok(stored.into_response(true)),
                Lookup::Conflict => return Err(idempotency::conflict()),
            }
        }
        None => None,
    };
    if let Some(parent_id) = valid.parent_id
        && !comments::exists_in_article(&mut *tx, parent_id, article.id).await?
    {
        return Err(ApiError::comment_invalid(
            [(
                field::PARENT_ID.to_owned(),
                vec!["Choose an existing comment of this article to reply to.".to_owned()],
            )]
            .into(),
        ));
    }
    let comment = insert(&mut tx, &article, &valid, now).await?;
    let stored = StoredResponse {
        status: StatusCode::CREATED.as_u16(),
        location: Some(format!("{API_PREFIX}/comments/{}", comment.id)),
        body: serde_json::to_string(&comment).map_err(|error| {
            tracing::error!(%error, "serialising a comment failed");
            ApiError::internal()
        })?,
    };
    if let Some((key, fingerprint)) = &idempotency {
        idempotency::remember(&mut *tx, key, fingerprint, &stored, now).await?;
    }
    tx.commit().await?;
    tracing::info!(
        comment_id = comment.id,
        article_id = article.id,
        reply = comment.parent_id.is_some(),
        "comment posted"
    );
    Ok(stored.into_response(false))
}

/// Inserts a validated guest comment and returns it as the API shows it.
async fn insert(
    conn: &mut sqlx::SqliteConnection,
    article: &ArticleRefRow,
    valid: &ValidComment,
    now: i64,
) -> Result<Comment, StoreError> {
    let id = comments::insert(
        &mut *conn,
        comments::NewCommentRow {
            article_id: article.id,
            parent_id: valid.parent_id,
            author_name: &valid.guest.name,
            author_kind: AuthorKind::Guest,
            author_email: Some(&valid.guest.email),
            body: &valid.body,
            created_at: now,
        },
    )
    .await?;
    let row = CommentRow {
        id,
        parent_id: valid.parent_id,
        root_id: id,
        author_name: valid.guest.name.clone(),
        author_kind: "guest".to_owned(),
        body: valid.body.clone(),
        created_at: now,
    };
    Ok(row.into_comment(Vec::new()))
}

/// `GET /api/v1/comments/{id}`: one comment with its replies (the `Location` of a new comment).
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<Comment>, ApiError> {
    let not_found = || ApiError::not_found("There is no comment with this id.");
    let id: i64 = id.parse().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let mut tx = state.pool.begin().await?;
    let row = comments::find(&mut *tx, id).await?.ok_or_else(not_found)?;
    let later = comments::thread_after(&mut *tx, row.root_id, row.id).await?;
    tx.commit().await?;
    threads::assemble(vec![row], later)
        .pop()
        .map(Json)
        .ok_or_else(not_found)
}

/// `GET /api/v1/articles/{slug}/comments/{id}/thread`: the whole thread (its top-level comment
/// with every reply) that holds comment `id`, so a link to a comment beyond the first page
/// can still show it in context. 404 when the article has no such comment.
pub async fn thread(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
) -> Result<Json<Comment>, ApiError> {
    let not_found = || ApiError::not_found("This article has no comment with this id.");
    let id: i64 = id.parse().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    let mut tx = state.pool.begin().await?;
    let article = articles::find_ref(&mut *tx, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    if !comments::exists_in_article(&mut *tx, id, article.id).await? {
        return Err(not_found());
    }
    let comment = comments::find(&mut *tx, id).await?.ok_or_else(not_found)?;
    let root = comments::find(&mut *tx, comment.root_id)
        .await?
        .ok_or_else(not_found)?;
    let replies = comments::replies_of(&mut *tx, &[root.id]).await?;
    tx.commit().await?;
    threads::assemble(vec![root], replies)
        .pop()
        .map(Json)
        .ok_or_else(not_found)
}

/// `GET /api/v1/comments/latest?limit=`: the newest comments site-wide with their articles.
pub async fn latest(
    State(state): State<AppState>,
    mut params: QueryParams,
) -> Result<Json<LatestComments>, ApiError> {
    let limit = params.limit(LATEST_DEFAULT_LIMIT, LATEST_MAX_LIMIT);
    params.finish()?;
    let rows = comments::latest(&state.pool, limit).await?;
    Ok(Json(LatestComments {
        items: rows.into_iter().map(LatestRow::into_latest).collect(),
    }))
}
