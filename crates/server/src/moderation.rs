//! Moderation: who may post where ([`admit`]), readers' reports ([`report`]), and the
//! moderators' routes under `/api/v1/moderation`: the queue of comments that wait or were
//! hidden by reports, decisions on them (approve, reject, reject and ban), an article's mode,
//! and the log every action is written to.
//!
//! A held comment (`comments.held`) counts on no article and shows to no reader (see
//! [`crate::threads::shown`]); its author sees one that waits.

use std::net::SocketAddr;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use byline_contract::auth::Role;
use byline_contract::code::Code;
use byline_contract::moderation::{
    Action, ArticleModeration, AuthorHistory, BannedAccount, Bans, BlockedEmail, Decision,
    Featured, LiftBan, Like, Likes, Log, LogEntry, Mode, Queue, QueueItem, REPORT_DETAIL_MAX_CHARS,
    Report, ReportCount, ReportReason,
};
use byline_contract::{Comment, FieldErrors};
use sqlx::SqliteConnection;

use crate::AppState;
use crate::auth::limiter::{address_key, client_ip};
use crate::auth::session::token_hash;
use crate::auth::{Member, OptionalMember};
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;
use crate::json_body;
use crate::model::{CommentRow, LatestRow, timestamp};
use crate::routes::comments::{comment_id, no_such_comment};
use crate::store::StoreError;

/// The most comments the queue lists at once, oldest first.
pub const QUEUE_MAX: u32 = 100;
/// The most log entries listed, newest first.
pub const LOG_MAX: u32 = 200;
/// The longest reason a moderator may give, in characters.
pub const REASON_MAX_CHARS: usize = 500;

/// The routes to nest at `/api/v1/moderation`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/queue", get(queue))
        .route("/comments/{id}", post(decide))
        .route("/comments/{id}/featured", put(feature))
        .route("/articles/{slug}", put(set_mode))
        .route("/log", get(log))
        .route("/bans", get(bans))
        .route("/bans/lift", post(lift_ban))
}

/// Who posts a comment, as far as moderation cares.
#[derive(Debug, Clone, Copy)]
pub enum Poster<'a> {
    /// A guest, by their address.
    Guest(&'a str),
    /// A member, by their account.
    Member(i64),
}

/// Whether a new comment may be posted on the article and, if so, whether it waits for a
/// moderator: refused (403) when comments are closed there or the poster is banned.
pub async fn admit(
    conn: &mut SqliteConnection,
    site_mode: Mode,
    article_mode: Option<&str>,
    poster: Poster<'_>,
) -> Result<bool, ApiError> {
    let mode = article_mode.and_then(Mode::parse).unwrap_or(site_mode);
    if mode == Mode::Closed {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Some("Comments are closed on this article.".to_owned()),
        )
        .with_title("Comments closed")
        .with_code(Code::CommentsClosed));
    }
    let banned: Option<i64> = match poster {
        Poster::Member(account_id) => {
            sqlx::query_scalar("SELECT 1 FROM accounts WHERE id = ?1 AND banned_at IS NOT NULL")
                .bind(account_id)
                .fetch_optional(&mut *conn)
                .await
        }
        Poster::Guest(email) => {
            sqlx::query_scalar("SELECT 1 FROM blocked_emails WHERE email = ?1")
                .bind(email)
                .fetch_optional(&mut *conn)
                .await
        }
    }
    .map_err(StoreError::from)?;
    if banned.is_some() {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Some("The moderators have stopped you from commenting on this site.".to_owned()),
        )
        .with_title("Banned")
        .with_code(Code::Banned));
    }
    Ok(match mode {
        Mode::Post | Mode::Closed => false,
        Mode::Pre => true,
        Mode::First => !has_published(conn, poster).await?,
    })
}

/// Whether the poster has a published comment anywhere on the site.
async fn has_published(conn: &mut SqliteConnection, poster: Poster<'_>) -> Result<bool, ApiError> {
    // One condition per kind of poster, so that a member's is answered by the comments'
    // index on `account_id` (an `OR` with the address would scan the table).
    let query = match poster {
        Poster::Member(account_id) => sqlx::query_scalar(
            "SELECT 1 FROM comments WHERE held IS NULL AND removed_at IS NULL \
               AND account_id = ?1 LIMIT 1",
        )
        .bind(account_id),
        Poster::Guest(email) => sqlx::query_scalar(
            "SELECT 1 FROM comments WHERE held IS NULL AND removed_at IS NULL \
               AND lower(author_email) = ?1 LIMIT 1",
        )
        .bind(email.to_lowercase()),
    };
    let found: Option<i64> = query
        .fetch_optional(&mut *conn)
        .await
        .map_err(StoreError::from)?;
    Ok(found.is_some())
}

/// `POST /api/v1/comments/{id}/report`: a reader reports a published comment, once (a
/// member by account, a guest by address, which is stored only as a hash). When it reaches
/// the site's threshold of reports, it is hidden until a moderator reviews it. `204`; `409`
/// the second time.
#[utoipa::path(
    post,
    path = "/comments/{id}/report",
    tag = "moderation",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = Report, content_type = "application/json"),
    responses(
        (status = 204, description = "Reported"),
        crate::openapi::Problems,
    )
)]
pub async fn report(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let id = comment_id(&id)?;
    let input: Report = json_body::read(&headers, body)?;
    let detail = input
        .detail
        .as_deref()
        .map(str::trim)
        .filter(|detail| !detail.is_empty())
        .map(str::to_owned);
    let mut errors = FieldErrors::new();
    if input.reason == ReportReason::Other && detail.is_none() {
        errors.insert("detail".into(), vec!["Say what is wrong with it.".into()]);
    }
    if detail
        .as_ref()
        .is_some_and(|detail| detail.chars().count() > REPORT_DETAIL_MAX_CHARS)
    {
        errors.insert(
            "detail".into(),
            vec![format!("Use at most {REPORT_DETAIL_MAX_CHARS} characters.")],
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::form_invalid(errors));
    }
    let reporter = match &member {
        Some(member) => format!("account:{}", member.account_id),
        None => {
            let ip = client_ip(peer.ip(), &headers, &state.trusted_proxies);
            token_hash(&address_key(ip))
        }
    };
    let threshold = i64::from(state.report_threshold);
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        ensure_published(&mut tx, id).await?;
        let added = sqlx::query(
            "INSERT OR IGNORE INTO comment_reports (comment_id, reporter, reason, detail, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(id)
        .bind(&reporter)
        .bind(input.reason.as_str())
        .bind(&detail)
        .bind(now_ms())
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        if added.rows_affected() == 0 {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                Some("You have reported this comment already.".to_owned()),
            )
            .with_title("Reported already")
            .with_code(Code::AlreadyReported));
        }
        let reports: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM comment_reports WHERE comment_id = ?1")
                .bind(id)
                .fetch_one(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        if reports >= threshold {
            sqlx::query("UPDATE comments SET held = 'reported' WHERE id = ?1 AND held IS NULL")
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
            write_log(&mut tx, None, "hide", Some(id), None, None, None).await?;
            tracing::info!(comment_id = id, reports, "comment hidden by reports");
        }
        tx.commit().await?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// `PUT /api/v1/comments/{id}/like`: a reader likes a published comment, once (a member by
/// account, a guest by their browser's own key, stored only as a hash).
#[utoipa::path(
    put,
    path = "/comments/{id}/like",
    tag = "comments",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = Like, content_type = "application/json"),
    responses(
        (status = 200, description = "The comment's likes now", body = Likes),
        crate::openapi::Problems,
    )
)]
pub async fn like(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Likes>, ApiError> {
    change_like(state, id, member, headers, body, true).await
}

/// `DELETE /api/v1/comments/{id}/like`: takes the reader's like back.
#[utoipa::path(
    delete,
    path = "/comments/{id}/like",
    tag = "comments",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = Like, content_type = "application/json"),
    responses(
        (status = 200, description = "The comment's likes now", body = Likes),
        crate::openapi::Problems,
    )
)]
pub async fn unlike(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Likes>, ApiError> {
    change_like(state, id, member, headers, body, false).await
}

/// Whether a guest's browser key is usable: 16 to 64 letters, digits, `-` or `_`.
fn valid_browser_key(key: &str) -> bool {
    (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

async fn change_like(
    state: AppState,
    id: String,
    member: Option<Member>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
    liked: bool,
) -> Result<Json<Likes>, ApiError> {
    let id = comment_id(&id)?;
    let input: Like = json_body::read(&headers, body)?;
    let liker = match (&member, input.browser.as_deref()) {
        (Some(member), _) => format!("account:{}", member.account_id),
        (None, Some(key)) if valid_browser_key(key) => token_hash(&format!("browser:{key}")),
        (None, _) => {
            return Err(ApiError::field_invalid(
                "browser",
                "Send this browser's key: 16 to 64 letters, digits, `-` or `_`.",
            ));
        }
    };
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        ensure_published(&mut tx, id).await?;
        let (change, delta) = if liked {
            (
                "INSERT OR IGNORE INTO comment_likes (comment_id, liker, created_at) \
                 VALUES (?1, ?2, ?3)",
                "+ 1",
            )
        } else {
            (
                "DELETE FROM comment_likes WHERE comment_id = ?1 AND liker = ?2 AND ?3 = ?3",
                "- 1",
            )
        };
        let changed = sqlx::query(change)
            .bind(id)
            .bind(&liker)
            .bind(now_ms())
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        if changed.rows_affected() > 0 {
            sqlx::query(&format!(
                "UPDATE comments SET like_count = like_count {delta} WHERE id = ?1"
            ))
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        }
        let likes: i64 = sqlx::query_scalar("SELECT like_count FROM comments WHERE id = ?1")
            .bind(id)
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        tx.commit().await?;
        Ok(Json(Likes {
            likes: u32::try_from(likes).unwrap_or(0),
            liked,
        }))
    })
    .await
}

/// `PUT /api/v1/moderation/comments/{id}/featured`: features a published comment (it comes
/// first under "Top", marked), or stops featuring it.
#[utoipa::path(
    put,
    path = "/moderation/comments/{id}/featured",
    tag = "moderation",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = Featured, content_type = "application/json"),
    responses(
        (status = 200, description = "The comment as it now stands", body = Comment),
        crate::openapi::Problems,
    )
)]
pub async fn feature(
    State(state): State<AppState>,
    Moderator(moderator): Moderator,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Comment>, ApiError> {
    let id = comment_id(&id)?;
    let input: Featured = json_body::read(&headers, body)?;
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        let changed = sqlx::query(
            "UPDATE comments SET featured_at = ?2 \
              WHERE id = ?1 AND held IS NULL AND removed_at IS NULL",
        )
        .bind(id)
        .bind(input.featured.then(now_ms))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        if changed.rows_affected() == 0 {
            return Err(no_such_comment());
        }
        let action = if input.featured {
            "feature"
        } else {
            "unfeature"
        };
        write_log(
            &mut tx,
            Some(moderator.account_id),
            action,
            Some(id),
            None,
            None,
            None,
        )
        .await?;
        let row = crate::store::comments::find(&mut *tx, id)
            .await?
            .ok_or_else(no_such_comment)?;
        tx.commit().await?;
        Ok(Json(row.into_full_comment()))
    })
    .await
}

/// A signed-in moderator or admin: extracting it answers 401 without a session and 403 for
/// a member without the role.
#[derive(Debug, Clone)]
pub struct Moderator(pub Member);

impl FromRequestParts<AppState> for Moderator {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let member = Member::from_request_parts(parts, state).await?;
        if member.role.moderates() {
            Ok(Self(member))
        } else {
            Err(ApiError::new(
                StatusCode::FORBIDDEN,
                Some("Only the site's moderators may do this.".to_owned()),
            )
            .with_title("Moderators only")
            .with_code(Code::NotAModerator))
        }
    }
}

/// `GET /api/v1/moderation/queue`: comments that wait for a moderator or were hidden by
/// reports, oldest first, each with its article, the comment it answers, its reports and its
/// author's history.
#[utoipa::path(
    get,
    path = "/moderation/queue",
    tag = "moderation",
    responses(
        (status = 200, description = "The queue", body = Queue),
        crate::openapi::Problems,
    )
)]
pub async fn queue(
    State(state): State<AppState>,
    _moderator: Moderator,
) -> Result<Json<Queue>, ApiError> {
    let mut conn = state.pool.acquire().await?;
    let rows: Vec<LatestRow> = sqlx::query_as(
        "SELECT c.id, c.parent_id, c.root_id, c.author_name, c.author_kind, c.account_id, \
                c.body, c.created_at, c.edited_at, c.removed_at, c.held, \
                c.like_count, c.featured_at, \
                a.slug AS article_slug, a.title AS article_title, \
                a.published_at AS article_published_at, \
                a.comment_count AS article_comment_count \
           FROM comments AS c JOIN articles AS a ON a.id = c.article_id \
          WHERE c.held IN ('pending', 'reported') AND c.removed_at IS NULL \
          ORDER BY c.created_at, c.id LIMIT ?1",
    )
    .bind(QUEUE_MAX)
    .fetch_all(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let id = row.comment.id;
        let parent = match row.comment.parent_id {
            Some(parent_id) => crate::store::comments::find(&mut *conn, parent_id)
                .await?
                .map(CommentRow::into_full_comment),
            None => None,
        };
        let reports = reports_of(&mut conn, id).await?;
        let history = history_of(&mut conn, id).await?;
        let latest = row.clone().into_latest();
        items.push(QueueItem {
            comment: row.comment.into_full_comment(),
            article: latest.article,
            parent,
            reports,
            history,
        });
    }
    Ok(Json(Queue { items }))
}

async fn reports_of(conn: &mut SqliteConnection, id: i64) -> Result<Vec<ReportCount>, ApiError> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(
        "SELECT reason, detail FROM comment_reports WHERE comment_id = ?1 ORDER BY created_at",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    let mut counts: Vec<ReportCount> = Vec::new();
    for reason in ReportReason::ALL {
        let of_reason: Vec<&(String, Option<String>)> = rows
            .iter()
            .filter(|(name, _)| name == reason.as_str())
            .collect();
        if of_reason.is_empty() {
            continue;
        }
        counts.push(ReportCount {
            reason,
            count: u32::try_from(of_reason.len()).unwrap_or(u32::MAX),
            details: of_reason
                .iter()
                .filter_map(|(_, detail)| detail.clone())
                .collect(),
        });
    }
    Ok(counts)
}

/// What the author of comment `id` has posted across the site, and whether they are banned.
async fn history_of(conn: &mut SqliteConnection, id: i64) -> Result<AuthorHistory, ApiError> {
    let (account_id, email): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT account_id, lower(author_email) FROM comments WHERE id = ?1")
            .bind(id)
            .fetch_one(&mut *conn)
            .await
            .map_err(StoreError::from)?;
    let (published, held, rejected, banned): (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(held IS NULL AND removed_at IS NULL), 0), \
                COALESCE(SUM(held IN ('pending', 'reported')), 0), \
                COALESCE(SUM(held = 'rejected'), 0), \
                EXISTS (SELECT 1 FROM accounts WHERE id = ?1 AND banned_at IS NOT NULL) \
                OR EXISTS (SELECT 1 FROM blocked_emails WHERE email = ?2) \
           FROM comments WHERE account_id = ?1 OR (?1 IS NULL AND lower(author_email) = ?2)",
    )
    .bind(account_id)
    .bind(email)
    .fetch_one(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    let count = |n: i64| u32::try_from(n).unwrap_or(0);
    Ok(AuthorHistory {
        published: count(published),
        held: count(held),
        rejected: count(rejected),
        banned: banned != 0,
    })
}

/// `POST /api/v1/moderation/comments/{id}`: approve a queued comment (it appears, and its
/// reports are cleared), reject it with a reason, or reject it and ban its author (a
/// member's account, or a guest's address). Answers the comment as it now stands.
#[utoipa::path(
    post,
    path = "/moderation/comments/{id}",
    tag = "moderation",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = Decision, content_type = "application/json"),
    responses(
        (status = 200, description = "The comment as it now stands", body = Comment),
        crate::openapi::Problems,
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    Moderator(moderator): Moderator,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Comment>, ApiError> {
    let id = comment_id(&id)?;
    let input: Decision = json_body::read(&headers, body)?;
    let reason = input
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|reason| !reason.is_empty())
        .map(str::to_owned);
    let rejects = matches!(input.action, Action::Reject | Action::RejectAndBan);
    if rejects && reason.is_none() {
        return Err(ApiError::field_invalid(
            "reason",
            "Give the reason, for the log.",
        ));
    }
    if reason
        .as_ref()
        .is_some_and(|reason| reason.chars().count() > REASON_MAX_CHARS)
    {
        return Err(ApiError::field_invalid(
            "reason",
            format!("Use at most {REASON_MAX_CHARS} characters."),
        ));
    }
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        let found: Option<(i64, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT article_id, account_id, author_email FROM comments \
              WHERE id = ?1 AND removed_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        let Some((article_id, account_id, email)) = found else {
            return Err(no_such_comment());
        };
        let by = Some(moderator.account_id);
        match input.action {
            Action::Approve => {
                sqlx::query("UPDATE comments SET held = NULL, held_reason = NULL WHERE id = ?1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::from)?;
                sqlx::query("DELETE FROM comment_reports WHERE comment_id = ?1")
                    .bind(id)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::from)?;
                write_log(
                    &mut tx,
                    by,
                    "approve",
                    Some(id),
                    Some(article_id),
                    None,
                    None,
                )
                .await?;
            }
            Action::Reject | Action::RejectAndBan => {
                sqlx::query(
                    "UPDATE comments SET held = 'rejected', held_reason = ?2 WHERE id = ?1",
                )
                .bind(id)
                .bind(&reason)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?;
                write_log(
                    &mut tx,
                    by,
                    "reject",
                    Some(id),
                    Some(article_id),
                    None,
                    reason.as_deref(),
                )
                .await?;
            }
        }
        if input.action == Action::RejectAndBan {
            let now = now_ms();
            let action = match (account_id, &email) {
                (Some(account_id), _) => {
                    sqlx::query("UPDATE accounts SET banned_at = ?2 WHERE id = ?1")
                        .bind(account_id)
                        .bind(now)
                        .execute(&mut *tx)
                        .await
                        .map_err(StoreError::from)?;
                    "ban"
                }
                (None, Some(email)) => {
                    sqlx::query(
                        "INSERT OR IGNORE INTO blocked_emails (email, created_at) VALUES (?1, ?2)",
                    )
                    .bind(email)
                    .bind(now)
                    .execute(&mut *tx)
                    .await
                    .map_err(StoreError::from)?;
                    "block_email"
                }
                // A seeded comment, or a former member's: no one to ban.
                (None, None) => "reject",
            };
            if action != "reject" {
                write_log(
                    &mut tx,
                    by,
                    action,
                    Some(id),
                    Some(article_id),
                    account_id,
                    reason.as_deref(),
                )
                .await?;
            }
        }
        let row = crate::store::comments::find(&mut *tx, id)
            .await?
            .ok_or_else(no_such_comment)?;
        tx.commit().await?;
        tracing::info!(comment_id = id, action = ?input.action, "moderation decision");
        Ok(Json(row.into_full_comment()))
    })
    .await
}

/// `PUT /api/v1/moderation/articles/{slug}`: the article's moderation mode from now on
/// (comments already posted stay as they are).
#[utoipa::path(
    put,
    path = "/moderation/articles/{slug}",
    tag = "moderation",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = ArticleModeration, content_type = "application/json"),
    responses(
        (status = 200, description = "The article's mode now", body = ArticleModeration),
        crate::openapi::Problems,
    )
)]
pub async fn set_mode(
    State(state): State<AppState>,
    Moderator(moderator): Moderator,
    Path(slug): Path<String>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<ArticleModeration>, ApiError> {
    let input: ArticleModeration = json_body::read(&headers, body)?;
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        let article_id: Option<i64> =
            sqlx::query_scalar("UPDATE articles SET moderation = ?2 WHERE slug = ?1 RETURNING id")
                .bind(&slug)
                .bind(input.mode.as_str())
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        let Some(article_id) = article_id else {
            return Err(crate::routes::articles::unknown_article());
        };
        let action = format!("mode:{}", input.mode.as_str());
        write_log(
            &mut tx,
            Some(moderator.account_id),
            &action,
            None,
            Some(article_id),
            None,
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(Json(input))
    })
    .await
}

/// `GET /api/v1/moderation/log`: the latest moderation actions, newest first.
#[utoipa::path(
    get,
    path = "/moderation/log",
    tag = "moderation",
    responses(
        (status = 200, description = "The latest actions", body = Log),
        crate::openapi::Problems,
    )
)]
pub async fn log(
    State(state): State<AppState>,
    _moderator: Moderator,
) -> Result<Json<Log>, ApiError> {
    type Row = (
        i64,
        Option<String>,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT l.at, m.display_name, l.action, l.comment_id, a.slug, l.reason \
           FROM moderation_log AS l \
           LEFT JOIN accounts AS m ON m.id = l.moderator_id \
           LEFT JOIN articles AS a ON a.id = l.article_id \
          ORDER BY l.at DESC, l.id DESC LIMIT ?1",
    )
    .bind(LOG_MAX)
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    Ok(Json(Log {
        items: rows
            .into_iter()
            .map(
                |(at, moderator, action, comment_id, article_slug, reason)| LogEntry {
                    at: timestamp(at),
                    moderator,
                    action,
                    comment_id,
                    article_slug,
                    reason,
                },
            )
            .collect(),
    }))
}

/// The most bans of each kind listed, newest first.
pub const BANS_MAX: u32 = 200;

/// `GET /api/v1/moderation/bans`: the members banned and the guests' addresses blocked,
/// newest first, so that a moderator can lift one.
#[utoipa::path(
    get,
    path = "/moderation/bans",
    tag = "moderation",
    responses(
        (status = 200, description = "Who may not comment", body = Bans),
        crate::openapi::Problems,
    )
)]
pub async fn bans(
    State(state): State<AppState>,
    _moderator: Moderator,
) -> Result<Json<Bans>, ApiError> {
    let accounts: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT id, display_name, banned_at FROM accounts WHERE banned_at IS NOT NULL \
          ORDER BY banned_at DESC, id DESC LIMIT ?1",
    )
    .bind(BANS_MAX)
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let emails: Vec<(String, i64)> = sqlx::query_as(
        "SELECT email, created_at FROM blocked_emails ORDER BY created_at DESC, email LIMIT ?1",
    )
    .bind(BANS_MAX)
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    Ok(Json(Bans {
        accounts: accounts
            .into_iter()
            .map(|(account_id, display_name, at)| BannedAccount {
                account_id,
                display_name,
                banned_at: timestamp(at),
            })
            .collect(),
        emails: emails
            .into_iter()
            .map(|(email, at)| BlockedEmail {
                email,
                blocked_at: timestamp(at),
            })
            .collect(),
    }))
}

/// `POST /api/v1/moderation/bans/lift` with `{account_id}` or `{email}`: a moderator lets a
/// banned member or a blocked guest's address comment again; written to the log (`unban`
/// with the account, `unblock_email` with the address as its reason). `204`; `404` when
/// there is no such ban; `422` unless exactly one of the two is given.
#[utoipa::path(
    post,
    path = "/moderation/bans/lift",
    tag = "moderation",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = LiftBan, content_type = "application/json"),
    responses(
        (status = 204, description = "Lifted"),
        crate::openapi::Problems,
    )
)]
pub async fn lift_ban(
    State(state): State<AppState>,
    Moderator(moderator): Moderator,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let input: LiftBan = json_body::read(&headers, body)?;
    let email = input.email.as_deref().map(str::trim);
    let target = match (input.account_id, email) {
        (Some(account_id), None) => Ok(account_id),
        (None, Some(email)) if !email.is_empty() => Err(email.to_owned()),
        _ => {
            return Err(ApiError::field_invalid(
                "account_id",
                "Give the banned member's account_id or the blocked address's email, not both.",
            ));
        }
    };
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        // What lifts the ban, and how the log names it and whom.
        let (done, action, account_id, email) = match &target {
            Ok(account_id) => (
                sqlx::query(
                    "UPDATE accounts SET banned_at = NULL WHERE id = ?1 AND banned_at IS NOT NULL",
                )
                .bind(account_id)
                .execute(&mut *tx)
                .await,
                "unban",
                Some(*account_id),
                None,
            ),
            Err(email) => (
                sqlx::query("DELETE FROM blocked_emails WHERE email = ?1")
                    .bind(email)
                    .execute(&mut *tx)
                    .await,
                "unblock_email",
                None,
                Some(email.as_str()),
            ),
        };
        if done.map_err(StoreError::from)?.rows_affected() == 0 {
            return Err(ApiError::new(
                StatusCode::NOT_FOUND,
                Some("No such ban: that member or address may already comment.".to_owned()),
            )
            .with_title("No such ban"));
        }
        let by = Some(moderator.account_id);
        write_log(&mut tx, by, action, None, None, account_id, email).await?;
        tx.commit().await?;
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// Writes one action to the log, in the acting transaction.
async fn write_log(
    conn: &mut SqliteConnection,
    moderator_id: Option<i64>,
    action: &str,
    comment_id: Option<i64>,
    article_id: Option<i64>,
    account_id: Option<i64>,
    reason: Option<&str>,
) -> Result<(), ApiError> {
    let article_id = match (article_id, comment_id) {
        (Some(article_id), _) => Some(article_id),
        (None, Some(comment_id)) => {
            sqlx::query_scalar("SELECT article_id FROM comments WHERE id = ?1")
                .bind(comment_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(StoreError::from)?
        }
        (None, None) => None,
    };
    sqlx::query(
        "INSERT INTO moderation_log \
         (at, moderator_id, action, comment_id, article_id, account_id, reason) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )
    .bind(now_ms())
    .bind(moderator_id)
    .bind(action)
    .bind(comment_id)
    .bind(article_id)
    .bind(account_id)
    .bind(reason)
    .execute(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    Ok(())
}

/// A 404 unless comment `id` is published (what readers may report or like).
async fn ensure_published(conn: &mut SqliteConnection, id: i64) -> Result<(), ApiError> {
    let published: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM comments WHERE id = ?1 AND held IS NULL AND removed_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await
    .map_err(StoreError::from)?;
    published.map(drop).ok_or_else(no_such_comment)
}

/// Gives the confirmed member with this address a role; fails when there is none.
pub async fn grant(pool: &sqlx::SqlitePool, email: &str, role: Role) -> anyhow::Result<()> {
    let done =
        sqlx::query("UPDATE accounts SET role = ?2 WHERE email = ?1 AND confirmed_at IS NOT NULL")
            .bind(email)
            .bind(role.as_str())
            .execute(pool)
            .await?;
    if done.rows_affected() == 0 {
        anyhow::bail!("no confirmed member has the address {email}");
    }
    Ok(())
}
