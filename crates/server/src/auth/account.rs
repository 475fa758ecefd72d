//! What a signed-in member does with their own account under `/api/v1/auth/me`: change the
//! display name, change the password, download every comment, delete the account.
//!
//! Changing the password and deleting the account need the current password, so a session
//! left open on a shared computer is not enough; wrong passwords count toward the same
//! throttling as sign-ins.

use axum::Json;
use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_contract::auth::{self, FORMER_MEMBER, field};
use byline_contract::code::Code;

use super::{Member, display_name_key, expire_reset_links, limiter, password, session};
use crate::AppState;
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;
use crate::json_body;
use crate::model::timestamp;
use crate::routes::comments::remove_comment;
use crate::store::{accounts, comments};

/// `PATCH /api/v1/auth/me` with `{display_name}`: the member's new name, on their past
/// comments too; `200` with the member. `422` when the name breaks the rules or another
/// member uses it.
#[utoipa::path(
    patch,
    path = "/auth/me",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::ProfileChange, content_type = "application/json"),
    responses(
        (status = 200, description = "The member with the new display name", body = byline_contract::auth::Member),
        crate::openapi::Problems,
    )
)]
pub async fn change_profile(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Json<auth::Member>, ApiError> {
    member.on_own_site()?;
    let input: auth::ProfileChange = json_body::read(&headers, body)?;
    let name = auth::profile_change(&input).map_err(ApiError::form_invalid)?;
    let pool = state.pool.clone();
    in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let key = display_name_key(&name);
        if accounts::name_taken_by_other(&mut tx, &key, member.account_id).await? {
            return Err(name_taken());
        }
        accounts::rename(&mut tx, member.account_id, &name, &key).await?;
        tx.commit().await?;
        tracing::info!(account_id = member.account_id, "display name changed");
        Ok(Json(auth::Member {
            display_name: name,
            ..member.to_contract()
        }))
    })
    .await
}

/// The 422 answer to a display name another member uses.
pub fn name_taken() -> ApiError {
    ApiError::field_coded(
        field::DISPLAY_NAME,
        Code::NameTaken,
        "Another member uses this name; choose another.",
    )
}

/// `POST /api/v1/auth/password` with `{current_password, new_password}`: `204`; every other
/// session of the account ends and unused reset links stop working. `422` naming the field
/// at fault; `429` after repeated wrong passwords.
#[utoipa::path(
    post,
    path = "/auth/password",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::PasswordChange, content_type = "application/json"),
    responses(
        (status = 204, description = "Changed; the member's other sessions are ended"),
        crate::openapi::Problems,
    )
)]
pub async fn change_password(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    member.on_own_site()?;
    let input: auth::PasswordChange = json_body::read(&headers, body)?;
    auth::password_change(&input, &member.email).map_err(ApiError::form_invalid)?;
    if let Some(refused) = check_password(
        &state,
        &member,
        input.current_password,
        field::CURRENT_PASSWORD,
    )
    .await?
    {
        return Ok(refused);
    }
    let password_hash = password::hash_async(input.new_password).await?;
    let pool = state.pool.clone();
    in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let kept = session::token_hash(&member.token);
        accounts::set_password(&mut tx, member.account_id, &password_hash, &kept).await?;
        expire_reset_links(&mut tx, member.account_id, now).await?;
        tx.commit().await?;
        tracing::info!(account_id = member.account_id, "password changed");
        Ok(StatusCode::NO_CONTENT.into_response())
    })
    .await
}

/// Checks the member's password: `None` when it is right; the answer to send when it is
/// wrong (`422` naming `field`, counted as a failed sign-in) or when the account is locked
/// after too many (`429`).
async fn check_password(
    state: &AppState,
    member: &Member,
    given: String,
    field: &str,
) -> Result<Option<Response>, ApiError> {
    let key = limiter::account_key(&member.email);
    if let Some(wait) = limiter::locked(&state.pool, &[&key], now_ms()).await? {
        return Ok(Some(limiter::too_many(wait)));
    }
    let stored = accounts::password_hash(&state.pool, member.account_id).await?;
    if stored.is_empty() {
        // An account made through a provider: no password to check, and no guess to count.
        return Ok(Some(
            ApiError::field_coded(
                field,
                Code::PasswordNotSet,
                "Your account has no password yet: you sign in with a provider. Set one with \
                 \u{201c}Forgot your password?\u{201d} first.",
            )
            .into_response(),
        ));
    }
    if password::verify_async(given, Some(stored)).await? {
        return Ok(None);
    }
    let pool = state.pool.clone();
    let limits = state.sign_in_limits;
    in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        limiter::record_failure(&mut tx, &limits, &[&key], now_ms()).await?;
        tx.commit().await?;
        Ok(())
    })
    .await?;
    Ok(Some(
        ApiError::field_coded(
            field,
            Code::PasswordWrong,
            "This is not your current password.",
        )
        .into_response(),
    ))
}

/// `GET /api/v1/auth/me/comments`: every live comment of the member with its article, oldest
/// first, as a JSON download.
#[utoipa::path(
    get,
    path = "/auth/me/comments",
    tag = "auth",
    responses(
        (status = 200, description = "Every live comment of the member's, as a download", body = byline_contract::auth::CommentExport),
        crate::openapi::Problems,
    )
)]
pub async fn export_comments(
    State(state): State<AppState>,
    member: Member,
) -> Result<Response, ApiError> {
    member.on_own_site()?;
    let rows = accounts::comments_to_export(&state.pool, member.account_id).await?;
    let export = auth::CommentExport {
        member: member.to_contract(),
        exported_at: timestamp(now_ms()),
        comments: rows
            .into_iter()
            .map(|row| auth::ExportedComment {
                id: row.id,
                article_slug: row.slug,
                article_title: row.title,
                page_url: row.url,
                parent_id: row.parent_id,
                body: row.body,
                created_at: timestamp(row.created_at),
                edited_at: row.edited_at.map(timestamp),
            })
            .collect(),
    };
    let mut response = Json(export).into_response();
    response.headers_mut().insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"byline-comments.json\""),
    );
    Ok(response)
}

/// `DELETE /api/v1/auth/me` with `{password, delete_comments}`: deletes the account and ends
/// its sessions; `204` clearing the cookie. Its comments stay, shown as by "former member",
/// or with `delete_comments` are removed (placeholders where they have replies).
#[utoipa::path(
    delete,
    path = "/auth/me",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::AccountDeletion, content_type = "application/json"),
    responses(
        (status = 204, description = "Deleted (the cookie is cleared)"),
        crate::openapi::Problems,
    )
)]
pub async fn delete_account(
    State(state): State<AppState>,
    member: Member,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    member.on_own_site()?;
    let input: auth::AccountDeletion = json_body::read(&headers, body)?;
    if let Some(refused) = check_password(&state, &member, input.password, field::PASSWORD).await? {
        return Ok(refused);
    }
    let pool = state.pool.clone();
    let account_id = member.account_id;
    let email = member.email.clone();
    let removed = in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let mut removed = 0;
        if input.delete_comments {
            // Newest first, so replies go before the comments they answer.
            let ids = accounts::live_comment_ids(&mut tx, account_id).await?;
            for id in ids {
                if let Some(comment) = comments::ownership(&mut *tx, id).await? {
                    remove_comment(&mut tx, &comment, now).await?;
                    removed += 1;
                }
            }
        } else {
            accounts::disown_comments(&mut tx, account_id, FORMER_MEMBER).await?;
        }
        // Sessions and emailed tokens go with the account (ON DELETE CASCADE).
        accounts::delete(&mut tx, account_id).await?;
        limiter::clear(&mut tx, &limiter::account_key(&email)).await?;
        tx.commit().await?;
        Ok(removed)
    })
    .await?;
    tracing::info!(account_id, removed, "account deleted");
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session::clear_cookie(state.secure_cookies),
        )],
    )
        .into_response())
}
