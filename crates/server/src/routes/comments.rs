//! Comment threads of an article, posting, editing and removing a comment, one comment, and
//! the latest comments.

use std::time::Duration;

use axum::Json;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{OriginalUri, Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use byline_contract::code::Code;
use byline_contract::validate;
use byline_contract::{
    API_PREFIX, AuthorKind, Comment, CommentEdit, CommentPage, CommentSort, EDIT_TOKEN_HEADER,
    FieldErrors, GuestIdentity, LatestComments, NewComment, PostedComment, field,
};

use super::articles::unknown_article;
use crate::AppState;
use crate::auth::session::millis;
use crate::auth::{self, Member, OptionalMember};
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;
use crate::idempotency::{self, IdempotencyKey, Lookup, StoredResponse};
use crate::json_body;
use crate::model::{ArticleRefRow, CommentRow, LatestRow, author_kind_name};
use crate::moderation;
use crate::params::{CursorKind, QueryParams, encode_cursor};
use crate::partner;
use crate::store::comments::Ownership;
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
/// its replies nested. Featured comments come first in every order: "Top" ranks them first,
/// and the first page of "Oldest" and "Newest" starts with them (the pages after it leave
/// them out).
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("sort" = Option<byline_contract::CommentSort>, Query, description = "The order of top-level comments"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 100, description = "How many, 50 when absent"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before"),
    ),
    responses(
        (status = 200, description = "A page of threads, each with all its replies", body = byline_contract::CommentPage),
        crate::openapi::Problems,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    OptionalMember(member): OptionalMember,
    mut params: QueryParams,
) -> Result<Json<CommentPage>, ApiError> {
    let viewer = threads::Viewer::member(member.map(|member| member.account_id));
    let sort = params.sort();
    let limit = params.limit(PAGE_DEFAULT_LIMIT, PAGE_MAX_LIMIT);
    // "Top" pages by score, the others by time: their cursors are not interchangeable.
    let kind = match sort {
        CommentSort::Top => CursorKind::TopComments,
        CommentSort::Oldest | CommentSort::Newest => CursorKind::Comments,
    };
    let after = params.cursor(kind);
    params.finish()?;

    // One read transaction, so the page and its total come from the same snapshot.
    let mut tx = state.pool.begin().await?;
    let article = articles::find_ref(&mut *tx, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    let account = match viewer {
        threads::Viewer::Member(account_id) => Some(account_id),
        _ => None,
    };
    // The first page starts with the featured comments, within its `limit`; the pages after
    // it go on from the last comment that is not featured.
    let featured = match after {
        None => comments::featured_roots(&mut *tx, article.id, sort, limit, account).await?,
        Some(_) => Vec::new(),
    };
    let replies = comments::replies_of(&mut *tx, &ids_of(&featured)).await?;
    let mut items = threads::assemble(featured, replies, viewer);
    let want = usize::try_from(limit).unwrap_or(usize::MAX);
    let mut at = after.unwrap_or_else(|| comments::start_of(sort));
    let mut next_cursor = None;
    // A hidden comment without replies the viewer may see is left out after the query (see
    // `threads::shown`), so a page that lost some reads on until it is full, for a few rounds.
    for _ in 0..FILL_ROUNDS {
        let room = want.saturating_sub(items.len());
        let fetch = u32::try_from(room).unwrap_or(u32::MAX).saturating_add(1);
        let mut rows =
            comments::roots(&mut *tx, article.id, sort, Some(at), fetch, account).await?;
        let more = rows.len() > room;
        rows.truncate(room);
        if let Some(last) = rows.last() {
            at = Position {
                at: match sort {
                    CommentSort::Top => last.top_score(),
                    CommentSort::Oldest | CommentSort::Newest => last.created_at,
                },
                id: last.id,
            };
        }
        let replies = comments::replies_of(&mut *tx, &ids_of(&rows)).await?;
        items.extend(threads::assemble(rows, replies, viewer));
        next_cursor = more.then(|| encode_cursor(kind, at));
        if !more || items.len() >= want {
            break;
        }
    }
    tx.commit().await?;

    Ok(Json(CommentPage {
        items,
        next_cursor,
        total: article.total(),
    }))
}

/// How many reads one page of comments makes at most to fill itself (see [`list`]). Past
/// them it comes back short, with the cursor that goes on.
const FILL_ROUNDS: usize = 8;

fn ids_of(rows: &[CommentRow]) -> Vec<i64> {
    rows.iter().map(|row| row.id).collect()
}

/// `POST /api/v1/articles/{slug}/comments`: a comment or reply, `201` with the comment and its
/// `Location`. A signed-in member posts under their display name (any `guest` block is
/// ignored); a guest gives a name no member uses and gets an `edit_token` in the answer.
/// Honours `Idempotency-Key`.
#[utoipa::path(
    post,
    path = "/articles/{slug}/comments",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::NewComment, content_type = "application/json"),
    responses(
        (status = 201, description = "The comment as stored; a guest's carries its edit token", body = byline_contract::PostedComment),
        crate::openapi::Problems,
    )
)]
pub async fn create(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    OriginalUri(uri): OriginalUri,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    json_body::require_json(&headers)?;
    let body = json_body::body_bytes(body)?;
    let key = IdempotencyKey::from_headers(&headers)?;
    let input: NewComment = json_body::parse(&body)?;
    let target = match articles::find_ref(&state.pool, &slug).await? {
        Some(article) => Target::Existing(article),
        // The first comment on a partner's page starts its thread.
        None => match &input.thread {
            Some(thread) => partner::starting(thread, &slug, &state.partner_origins)
                .map(Target::Starting)
                .map_err(|message| {
                    ApiError::comment_invalid(
                        [(field::THREAD_URL.to_owned(), vec![message])].into(),
                    )
                })?,
            None => return Err(unknown_article()),
        },
    };
    let mut posting = match member {
        Some(member) => {
            let valid = validate::member_comment(&input).map_err(ApiError::comment_invalid)?;
            Posting {
                body: valid.body,
                parent_id: valid.parent_id,
                author: Poster::Member {
                    account_id: member.account_id,
                    display_name: member.display_name,
                },
                hold: false,
            }
        }
        None => guest_posting(&state, &input).await?,
    };
    let guest_name = match &posting.author {
        Poster::Guest(guest) => Some(guest.name.as_str()),
        Poster::Member { .. } => None,
    };
    let hold = state
        .comment_checks
        .check(&posting.body, guest_name, input.homepage.as_deref())?;
    posting.hold = hold;

    // The write runs in its own task (see `in_task`).
    in_task(store(
        state,
        target,
        posting,
        key,
        uri.path().to_owned(),
        body,
    ))
    .await
}

/// Where a new comment goes.
#[derive(Debug, Clone)]
enum Target {
    /// An article, or a partner page's thread that has started.
    Existing(ArticleRefRow),
    /// A partner page's thread, started by this comment.
    Starting(partner::StartingThread),
}

/// A checked new comment and who posts it.
#[derive(Debug, Clone)]
struct Posting {
    body: String,
    parent_id: Option<i64>,
    author: Poster,
    /// Whether it waits for a moderator whatever the article's mode (banned words, held).
    hold: bool,
}

/// Who posts a comment.
#[derive(Debug, Clone)]
enum Poster {
    /// A guest, with their trimmed name and address.
    Guest(GuestIdentity),
    /// A signed-in member.
    Member {
        account_id: i64,
        display_name: String,
    },
}

/// Checks a guest's comment, including that no member shows with the guest's name; one 422
/// names every bad field.
async fn guest_posting(state: &AppState, input: &NewComment) -> Result<Posting, ApiError> {
    let (valid, errors) = match validate::new_comment(input) {
        Ok(valid) => (Some(valid), FieldErrors::new()),
        Err(errors) => (None, errors),
    };
    let name_taken = match &input.guest {
        Some(guest) if !errors.contains_key(field::GUEST_NAME) => {
            auth::display_name_taken(&state.pool, &guest.name).await?
        }
        _ => false,
    };
    match valid {
        Some(valid) if errors.is_empty() && !name_taken => Ok(Posting {
            body: valid.body,
            parent_id: valid.parent_id,
            author: Poster::Guest(valid.guest),
            hold: false,
        }),
        _ if name_taken => Err(ApiError::comment_invalid(errors).with_field_code(
            field::GUEST_NAME,
            Code::NameTaken,
            NAME_OF_A_MEMBER,
        )),
        _ => Err(ApiError::comment_invalid(errors)),
    }
}

/// The message for a guest name that a member uses.
pub const NAME_OF_A_MEMBER: &str = "A member of this site uses this name. Choose another \
                                    name, or sign in if it is yours.";

/// Stores a checked comment (or replays the answer to a repeated idempotency key) in one
/// write transaction.
async fn store(
    state: AppState,
    target: Target,
    posting: Posting,
    key: Option<IdempotencyKey>,
    path: String,
    body: Bytes,
) -> Result<Response, ApiError> {
    let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
    let now = now_ms();
    let idempotency = match key {
        Some(key) => {
            // A member's key is theirs alone: the same request from someone else conflicts.
            let account_id = match &posting.author {
                Poster::Member { account_id, .. } => Some(*account_id),
                Poster::Guest(_) => None,
            };
            let fingerprint = idempotency::fingerprint("POST", &path, &body, account_id);
            match idempotency::lookup(&mut tx, &key, &fingerprint, now).await? {
                Lookup::Fresh => Some((key, fingerprint)),
                Lookup::Replay(stored) => return Ok(stored.into_response(true)),
                Lookup::Conflict => return Err(idempotency::conflict()),
            }
        }
        None => None,
    };
    let article = match target {
        Target::Existing(article) => article,
        Target::Starting(thread) => articles::start_partner_thread(&mut tx, &thread, now).await?,
    };
    let poster = match &posting.author {
        Poster::Guest(guest) => moderation::Poster::Guest(&guest.email),
        Poster::Member { account_id, .. } => moderation::Poster::Member(*account_id),
    };
    let pending = moderation::admit(
        &mut tx,
        state.moderation,
        article.moderation.as_deref(),
        poster,
    )
    .await?
        || posting.hold;
    if let Some(parent_id) = posting.parent_id
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
    // In the write transaction, so two copies sent at once cannot both pass.
    let author = match &posting.author {
        Poster::Guest(guest) => comments::Author::Guest(&guest.email),
        Poster::Member { account_id, .. } => comments::Author::Member(*account_id),
    };
    let window = millis(state.comment_checks.duplicate_window);
    if comments::posted_lately(&mut *tx, author, &posting.body, now.saturating_sub(window)).await? {
        tracing::info!(article_id = article.id, "comment refused: posted again");
        return Err(
            ApiError::comment_invalid(FieldErrors::new()).with_field_code(
                field::BODY,
                Code::DuplicateComment,
                "You posted this same comment a moment ago.",
            ),
        );
    }
    let comment = insert(&mut tx, &article, &posting, now, pending).await?;
    let edit_token = match posting.author {
        Poster::Guest(_) => Some(state.edit_tokens.issue(comment.id)),
        Poster::Member { .. } => None,
    };
    let comment_id = comment.id;
    let reply = comment.parent_id.is_some();
    let answer = PostedComment {
        comment,
        edit_token,
    };
    let stored = StoredResponse {
        status: StatusCode::CREATED.as_u16(),
        location: Some(comment_location(comment_id)),
        body: serde_json::to_string(&answer).map_err(|error| {
            tracing::error!(%error, "serialising a comment failed");
            ApiError::internal()
        })?,
    };
    if let Some((key, fingerprint)) = &idempotency {
        idempotency::remember(&mut *tx, key, fingerprint, &stored, now).await?;
    }
    tx.commit().await?;
    tracing::info!(
        comment_id,
        article_id = article.id,
        reply,
        member = answer.edit_token.is_none(),
        "comment posted"
    );
    Ok(stored.into_response(false))
}

/// Inserts a checked comment and returns it as the API shows it.
async fn insert(
    conn: &mut sqlx::SqliteConnection,
    article: &ArticleRefRow,
    posting: &Posting,
    now: i64,
    pending: bool,
) -> Result<Comment, StoreError> {
    let (author_name, author_kind, author_email, account_id) = match &posting.author {
        Poster::Guest(guest) => (
            guest.name.as_str(),
            AuthorKind::Guest,
            Some(guest.email.as_str()),
            None,
        ),
        Poster::Member {
            account_id,
            display_name,
        } => (
            display_name.as_str(),
            AuthorKind::Member,
            None,
            Some(*account_id),
        ),
    };
    let id = comments::insert(
        &mut *conn,
        comments::NewCommentRow {
            article_id: article.id,
            parent_id: posting.parent_id,
            author_name,
            author_kind,
            author_email,
            account_id,
            body: &posting.body,
            created_at: now,
            pending,
        },
    )
    .await?;
    let row = CommentRow {
        id,
        parent_id: posting.parent_id,
        root_id: id,
        author_name: author_name.to_owned(),
        author_kind: author_kind_name(author_kind).to_owned(),
        account_id,
        body: posting.body.clone(),
        created_at: now,
        edited_at: None,
        removed_at: None,
        held: pending.then(|| "pending".to_owned()),
        like_count: 0,
        featured_at: None,
    };
    Ok(row.into_comment(Vec::new()))
}

/// The address of a comment, the `Location` of its `201` answer.
fn comment_location(id: i64) -> String {
    format!("{API_PREFIX}/comments/{id}")
}

/// A comment id from the path; 404 when it is not a positive number.
pub(crate) fn comment_id(id: &str) -> Result<i64, ApiError> {
    id.parse()
        .ok()
        .filter(|id| *id > 0)
        .ok_or_else(no_such_comment)
}

/// The 404 answer for an unknown (or deleted) comment.
pub(crate) fn no_such_comment() -> ApiError {
    ApiError::not_found("There is no comment with this id.")
}

/// One comment with its replies, as `GET /comments/{id}` shows it to `viewer`.
async fn with_replies(
    conn: &mut sqlx::SqliteConnection,
    id: i64,
    viewer: threads::Viewer,
) -> Result<Comment, ApiError> {
    let row = comments::find(&mut *conn, id)
        .await?
        .ok_or_else(no_such_comment)?;
    let later = comments::thread_after(&mut *conn, row.root_id, row.id).await?;
    threads::assemble(vec![row], later, viewer)
        .pop()
        .ok_or_else(no_such_comment)
}

/// The edit token a request carries, if any.
fn edit_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get(EDIT_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// The comment a request wants to change, once it is known to exist, not to be removed, and
/// to be the requester's (see [`authorize`]).
async fn own_live_comment(
    tx: &mut sqlx::SqliteConnection,
    state: &AppState,
    id: i64,
    member: Option<&Member>,
    token: Option<&str>,
) -> Result<Ownership, ApiError> {
    let comment = comments::ownership(&mut *tx, id)
        .await?
        .filter(|comment| comment.removed_at.is_none())
        .ok_or_else(no_such_comment)?;
    authorize(state, &comment, member, token)?;
    Ok(comment)
}

/// Whether a comment's new text may replace the old one and, if so, whether the comment must
/// (again) wait for a moderator. An edit meets the rules a new comment meets, or a comment
/// could be posted clean and edited, within the window, into what the site refuses or reviews:
/// refused on a closed article and to a banned author; the guest's link limit and the banned
/// words checked again (refused, or held when the site holds them); and under pre-moderation
/// the edited text goes back to the moderators.
async fn edit_admitted(
    tx: &mut sqlx::SqliteConnection,
    state: &AppState,
    comment: &Ownership,
    text: &str,
) -> Result<bool, ApiError> {
    let guest_name = comment
        .account_id
        .is_none()
        .then_some(comment.author_name.as_str());
    let words_hold = state.comment_checks.check(text, guest_name, None)?;
    let poster = match (comment.account_id, comment.author_email.as_deref()) {
        (Some(account_id), _) => moderation::Poster::Member(account_id),
        (None, Some(email)) => moderation::Poster::Guest(email),
        // A seeded comment has no author who could hold its token.
        (None, None) => return Ok(words_hold),
    };
    let mode_holds = moderation::admit(
        tx,
        state.moderation,
        comment.article_moderation.as_deref(),
        poster,
    )
    .await?;
    Ok(words_hold || mode_holds)
}

/// Whether the request may change this comment: a member's comment by its member's session, a
/// guest's by the token it was posted with.
fn authorize(
    state: &AppState,
    comment: &Ownership,
    member: Option<&Member>,
    token: Option<&str>,
) -> Result<(), ApiError> {
    let allowed = match comment.account_id {
        Some(account_id) => member.is_some_and(|member| member.account_id == account_id),
        None => token.is_some_and(|token| state.edit_tokens.verify(comment.id, token)),
    };
    if allowed {
        Ok(())
    } else {
        Err(ApiError::new(
            StatusCode::FORBIDDEN,
            Some(format!(
                "Only the author of a comment can change or remove it: sign in as the member who \
                 posted it, or send the {EDIT_TOKEN_HEADER} header with the token returned when \
                 it was posted."
            )),
        )
        .with_title("Not your comment")
        .with_code(Code::NotYourComment))
    }
}

/// The 403 answer to an edit after the window.
fn edit_window_closed(window: Duration) -> ApiError {
    ApiError::new(
        StatusCode::FORBIDDEN,
        Some(format!(
            "A comment can be edited for {} after it is posted; this one can no longer be \
             changed. Its author can still remove it.",
            describe(window)
        )),
    )
    .with_title("The edit window has closed")
    .with_code(Code::EditWindowClosed)
}

/// A duration as a person reads it: "15 minutes", "1 second".
fn describe(duration: Duration) -> String {
    let (count, unit) = match duration.as_secs() {
        0 => (duration.as_millis(), "millisecond"),
        secs if secs % 60 == 0 => (u128::from(secs / 60), "minute"),
        secs => (u128::from(secs), "second"),
    };
    let plural = if count == 1 { "" } else { "s" };
    format!("{count} {unit}{plural}")
}

/// `PATCH /api/v1/comments/{id}` with `{body}`: its author changes a comment's text within the
/// edit window; `200` with the comment (and its replies), now with `edited_at`, and held for a
/// moderator (`moderation: "pending"`) when the new text must be reviewed. `403` to anyone
/// else, after the window, on a closed article and to a banned author, `404` for an unknown or
/// removed comment, `422` naming `body` (its rules, the guest's link limit, banned words).
#[utoipa::path(
    patch,
    path = "/comments/{id}",
    tag = "comments",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Byline-Edit-Token" = Option<String>, Header, description = "A guest's comment: the `edit_token` it was posted with"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::CommentEdit, content_type = "application/json"),
    responses(
        (status = 200, description = "The comment with its new text", body = byline_contract::Comment),
        crate::openapi::Problems,
    )
)]
pub async fn edit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<Comment>, ApiError> {
    let id = comment_id(&id)?;
    let input: CommentEdit = json_body::read(&headers, body)?;
    let token = edit_token(&headers);
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        let now = now_ms();
        let comment =
            own_live_comment(&mut tx, &state, id, member.as_ref(), token.as_deref()).await?;
        if now.saturating_sub(comment.created_at) > millis(state.edit_window) {
            return Err(edit_window_closed(state.edit_window));
        }
        let text = validate::comment_edit(&input).map_err(ApiError::comment_invalid)?;
        // Sending the same text again changes nothing, not even `edited_at`.
        if text != comment.body {
            let held = edit_admitted(&mut tx, &state, &comment, &text).await?;
            comments::update_body(&mut *tx, id, &text, now).await?;
            if held && comment.held.is_none() {
                comments::hold_for_review(&mut *tx, id).await?;
                tracing::info!(comment_id = id, "edited comment held for review");
            }
        }
        let edited = with_replies(&mut tx, id, threads::Viewer::AuthorOf(id)).await?;
        tx.commit().await?;
        tracing::info!(comment_id = id, "comment edited");
        Ok(Json(edited))
    })
    .await
}

/// `DELETE /api/v1/comments/{id}`: its author removes a comment, at any time; `204`. A
/// comment with replies stays as a placeholder (`removed: true`, no author or text); one
/// without is deleted, and so are the placeholders above it left with no reply. `403` to anyone
/// else, `404` for an unknown or already removed comment.
#[utoipa::path(
    delete,
    path = "/comments/{id}",
    tag = "comments",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Byline-Edit-Token" = Option<String>, Header, description = "A guest's comment: the `edit_token` it was posted with"),
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    responses(
        (status = 204, description = "Removed"),
        crate::openapi::Problems,
    )
)]
pub async fn remove(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let id = comment_id(&id)?;
    let token = edit_token(&headers);
    in_task(async move {
        let mut tx = state.pool.begin_with(BEGIN_WRITE).await?;
        let now = now_ms();
        let comment =
            own_live_comment(&mut tx, &state, id, member.as_ref(), token.as_deref()).await?;
        let placeholder = remove_comment(&mut tx, &comment, now).await?;
        tx.commit().await?;
        tracing::info!(comment_id = id, placeholder, "comment removed");
        Ok(StatusCode::NO_CONTENT)
    })
    .await
}

/// Removes a live comment: a placeholder when it has replies (returns `true`), else deleted
/// together with the placeholders above it left with no reply.
pub async fn remove_comment(
    tx: &mut sqlx::SqliteConnection,
    comment: &Ownership,
    now: i64,
) -> Result<bool, ApiError> {
    let id = comment.id;
    // A retried POST of this comment would otherwise still replay its text.
    idempotency::forget_location(&mut *tx, &comment_location(id)).await?;
    let placeholder = comments::has_replies(&mut *tx, id).await?;
    if placeholder {
        comments::mark_removed(&mut *tx, id, now).await?;
    } else {
        comments::delete(&mut *tx, id).await?;
        // A placeholder stays only while it has replies to hold together.
        let mut parent = comment.parent_id;
        while let Some(parent_id) = parent {
            let Some(above) = comments::ownership(&mut *tx, parent_id).await? else {
                break;
            };
            if above.removed_at.is_none() || comments::has_replies(&mut *tx, parent_id).await? {
                break;
            }
            comments::delete(&mut *tx, parent_id).await?;
            parent = above.parent_id;
        }
    }
    Ok(placeholder)
}

/// `GET /api/v1/comments/{id}`: one comment with its replies (the `Location` of a new comment).
#[utoipa::path(
    get,
    path = "/comments/{id}",
    tag = "comments",
    params(
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
    ),
    responses(
        (status = 200, description = "The comment with its replies", body = byline_contract::Comment),
        crate::openapi::Problems,
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path(id): Path<String>,
    OptionalMember(member): OptionalMember,
) -> Result<Json<Comment>, ApiError> {
    let id = comment_id(&id)?;
    let viewer = threads::Viewer::member(member.map(|member| member.account_id));
    let mut tx = state.pool.begin().await?;
    let comment = with_replies(&mut tx, id, viewer).await?;
    tx.commit().await?;
    Ok(Json(comment))
}

/// `GET /api/v1/articles/{slug}/comments/{id}/thread`: the whole thread (its top-level comment
/// with every reply) that holds comment `id`, so a link to a comment beyond the first page
/// can still show it in context. 404 when the article has no such comment.
///
/// A comment waiting for a moderator is there for its author only: a member by their session,
/// a guest by the comment's edit token, which is how a guest's browser shows its own waiting
/// comment again after a reload.
#[utoipa::path(
    get,
    path = "/articles/{slug}/comments/{id}/thread",
    tag = "comments",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("id" = i64, Path, minimum = 1, description = "The comment's id"),
        ("Byline-Edit-Token" = Option<String>, Header, description = "A guest's comment: the `edit_token` it was posted with, to see it while it waits for a moderator"),
    ),
    responses(
        (status = 200, description = "The whole thread the comment is in, from its top-level comment", body = byline_contract::Comment),
        crate::openapi::Problems,
    )
)]
pub async fn thread(
    State(state): State<AppState>,
    Path((slug, id)): Path<(String, String)>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
) -> Result<Json<Comment>, ApiError> {
    let not_found = || ApiError::not_found("This article has no comment with this id.");
    let id: i64 = id.parse().ok().filter(|id| *id > 0).ok_or_else(not_found)?;
    // A guest's token for this very comment first: a reader may have signed in since.
    let viewer = match (edit_token(&headers), member) {
        (Some(token), _) if state.edit_tokens.verify(id, &token) => threads::Viewer::AuthorOf(id),
        (_, Some(member)) => threads::Viewer::Member(member.account_id),
        (_, None) => threads::Viewer::Anyone,
    };
    let mut tx = state.pool.begin().await?;
    let article = articles::find_ref(&mut *tx, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    let found = match viewer {
        // Someone who may be its author: a waiting comment counts; `assemble` shows it only
        // to that author.
        threads::Viewer::Member(_) | threads::Viewer::AuthorOf(_) => {
            comments::in_article(&mut *tx, id, article.id).await?
        }
        threads::Viewer::Anyone => comments::exists_in_article(&mut *tx, id, article.id).await?,
    };
    if !found {
        return Err(not_found());
    }
    let comment = comments::find(&mut *tx, id).await?.ok_or_else(not_found)?;
    let root = comments::find(&mut *tx, comment.root_id)
        .await?
        .ok_or_else(not_found)?;
    let replies = comments::replies_of(&mut *tx, &[root.id]).await?;
    tx.commit().await?;
    threads::assemble(vec![root], replies, viewer)
        .pop()
        .map(Json)
        .ok_or_else(not_found)
}

/// `GET /api/v1/comments/latest?limit=`: the newest comments site-wide with their articles.
#[utoipa::path(
    get,
    path = "/comments/latest",
    tag = "comments",
    params(
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 50, description = "How many, 10 when absent"),
    ),
    responses(
        (status = 200, description = "The newest comments site-wide, with their articles", body = byline_contract::LatestComments),
        crate::openapi::Problems,
    )
)]
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_read_as_a_person_would_say_them() {
        assert_eq!(describe(Duration::from_secs(15 * 60)), "15 minutes");
        assert_eq!(describe(Duration::from_secs(60)), "1 minute");
        assert_eq!(describe(Duration::from_secs(90)), "90 seconds");
        assert_eq!(describe(Duration::from_secs(1)), "1 second");
        assert_eq!(describe(Duration::from_millis(500)), "500 milliseconds");
    }

    #[test]
    fn the_edit_token_is_read_from_its_header_trimmed() {
        let mut headers = HeaderMap::new();
        assert_eq!(edit_token(&headers), None);
        headers.insert(EDIT_TOKEN_HEADER, " abc ".parse().expect("a header value"));
        assert_eq!(edit_token(&headers).as_deref(), Some("abc"));
        headers.insert(EDIT_TOKEN_HEADER, "".parse().expect("a header value"));
        assert_eq!(edit_token(&headers), None);
    }
}
