//! Member accounts under `/api/v1/auth`: registering with an emailed confirmation link,
//! signing in and out, the current member, and resetting a forgotten password by email; what
//! members do with their own account is in [`account`].
//!
//! No answer says whether an address is registered: `register` and `forgot` answer 202 with
//! the same body either way (the follow-up happens by email), and a failed sign-in has one
//! message for an unknown address, a wrong password and an unconfirmed account, after the same
//! password check (against a dummy hash when there is no account).
//!
//! Every sign-in (confirming, signing in, resetting) starts a new session and ends the one
//! whose cookie the request carried.

pub mod account;
pub mod csrf;
pub mod limiter;
pub mod oidc;
pub mod password;
pub mod session;

use std::net::SocketAddr;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{ConnectInfo, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use byline_contract::auth::{self, field};
use byline_contract::code::Code;
use sqlx::SqliteConnection;

pub use session::{Member, OptionalMember};

use crate::AppState;
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;
use crate::json_body;
use crate::mail::Mail;
use crate::mail_text::MailLang;
use session::millis;

/// How long a confirmation link works.
pub const CONFIRM_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// How long a password reset link works.
pub const RESET_TTL: Duration = Duration::from_secs(60 * 60);

/// The one message of every failed sign-in.
pub const SIGN_IN_FAILED: &str = "The email address or password is not right, or the account \
                                  has not been confirmed yet.";
/// The message of every registration.
pub const REGISTER_ACCEPTED: &str = "Thank you. We have sent a message to this address: follow \
                                     the link in it within 24 hours to confirm your account.";
/// The message of every forgotten-password request.
pub const FORGOT_ACCEPTED: &str = "If this address belongs to a confirmed account, we have sent \
                                   it a link to choose a new password. The link works for an \
                                   hour.";

/// The routes to nest at `/api/v1/auth`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", post(register))
        .route("/confirm", post(confirm))
        .route("/sign-in", post(sign_in))
        .route("/sign-out", post(sign_out))
        .route(
            "/me",
            get(me)
                .patch(account::change_profile)
                .delete(account::delete_account),
        )
        .route("/me/comments", get(account::export_comments))
        .route("/password", post(account::change_password))
        .route("/widget-session", post(widget_session))
        .route("/providers", get(oidc::providers))
        .route("/oidc/{id}/start", get(oidc::start))
        .route("/oidc/{id}/callback", get(oidc::callback))
        .route("/forgot", post(forgot))
        .route("/reset", post(reset))
}

/// What an emailed token is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    Confirm,
    Reset,
}

impl Purpose {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirm => "confirm",
            Self::Reset => "reset",
        }
    }
}

/// `202` with a message.
fn accepted(message: &str, code: Code) -> Response {
    (
        StatusCode::ACCEPTED,
        Json(auth::Accepted {
            message: message.to_owned(),
            code: Some(code.as_str().to_owned()),
        }),
    )
        .into_response()
}

/// `200 Member` with the cookie of a new session.
fn signed_in(state: &AppState, member: auth::Member, token: &str) -> Response {
    let mut response = Json(member).into_response();
    response.headers_mut().insert(
        header::SET_COOKIE,
        session::set_cookie(token, state.secure_cookies),
    );
    response
}

/// The 400 answer to a link that does not work.
fn bad_link(purpose: Purpose) -> ApiError {
    let detail = match purpose {
        Purpose::Confirm => {
            "This confirmation link does not work: it is mistyped, was used already, or is \
             more than 24 hours old. Sign in if you confirmed already, or register again."
        }
        Purpose::Reset => {
            "This password reset link does not work: it is mistyped, was used already, or is \
             more than an hour old. Ask for a new one."
        }
    };
    let code = match purpose {
        Purpose::Confirm => Code::ConfirmLinkInvalid,
        Purpose::Reset => Code::ResetLinkInvalid,
    };
    ApiError::new(StatusCode::BAD_REQUEST, Some(detail.to_owned()))
        .with_title("This link does not work")
        .with_code(code)
        .with_field_code(field::TOKEN, code, detail)
}

/// Issues an emailed token for an account, returning the token to put in the link.
async fn issue_token(
    conn: &mut SqliteConnection,
    account_id: i64,
    purpose: Purpose,
    ttl: Duration,
    now: i64,
) -> Result<String, ApiError> {
    let (token, hash) = session::new_token()?;
    sqlx::query(
        "INSERT INTO email_tokens (token_hash, account_id, purpose, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(account_id)
    .bind(purpose.as_str())
    .bind(now)
    .bind(now.saturating_add(millis(ttl)))
    .execute(&mut *conn)
    .await?;
    Ok(token)
}

/// Marks a live token used and returns its account, or `None` when it is unknown, used or
/// expired. One statement, so a token works once even when two requests race.
async fn consume_token(
    conn: &mut SqliteConnection,
    token: &str,
    purpose: Purpose,
    now: i64,
) -> Result<Option<i64>, ApiError> {
    Ok(sqlx::query_scalar(
        "UPDATE email_tokens SET used_at = ?1
          WHERE token_hash = ?2 AND purpose = ?3 AND used_at IS NULL AND expires_at > ?1
          RETURNING account_id",
    )
    .bind(now)
    .bind(session::token_hash(token.trim()))
    .bind(purpose.as_str())
    .fetch_optional(&mut *conn)
    .await?)
}

/// Starts a session for an account, ending the one the request carried: the member and the
/// new cookie token.
pub(super) async fn start_session(
    conn: &mut SqliteConnection,
    account_id: i64,
    carried: Option<&str>,
    now: i64,
) -> Result<(auth::Member, String), ApiError> {
    if let Some(carried) = carried {
        session::delete(&mut *conn, carried).await?;
    }
    let token = session::create(&mut *conn, account_id, now).await?;
    let (id, display_name, email, role): (i64, String, String, String) =
        sqlx::query_as("SELECT id, display_name, email, role FROM accounts WHERE id = ?")
            .bind(account_id)
            .fetch_one(&mut *conn)
            .await?;
    Ok((
        auth::Member {
            id,
            display_name,
            email,
            role: auth::Role::parse(&role).unwrap_or_default(),
        },
        token,
    ))
}

/// Makes every unused password reset link of an account stop working (its password changed).
async fn expire_reset_links(
    conn: &mut SqliteConnection,
    account_id: i64,
    now: i64,
) -> Result<(), ApiError> {
    sqlx::query(
        "UPDATE email_tokens SET used_at = ? WHERE account_id = ? AND purpose = 'reset'
           AND used_at IS NULL",
    )
    .bind(now)
    .bind(account_id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A display name as compared to tell members apart from guests: trimmed and lowercased
/// (Unicode-aware, so `RÊBAZ` and `rêbaz` are the same name).
pub fn display_name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// Whether a confirmed member shows with this name (compared by [`display_name_key`]).
pub async fn display_name_taken(
    db: impl sqlx::SqliteExecutor<'_>,
    name: &str,
) -> Result<bool, sqlx::Error> {
    let found: Option<i64> = sqlx::query_scalar(
        "SELECT 1 FROM accounts
          WHERE display_name_key = ? AND confirmed_at IS NOT NULL LIMIT 1",
    )
    .bind(display_name_key(name))
    .fetch_optional(db)
    .await?;
    Ok(found.is_some())
}

/// Computes the [`display_name_key`] of accounts that have none (those registered before the
/// column existed); returns how many.
pub async fn fill_display_name_keys(pool: &sqlx::SqlitePool) -> Result<u64, sqlx::Error> {
    let missing: Vec<(i64, String)> =
        sqlx::query_as("SELECT id, display_name FROM accounts WHERE display_name_key IS NULL")
            .fetch_all(pool)
            .await?;
    let mut filled = 0;
    for (id, name) in missing {
        filled += sqlx::query(
            "UPDATE accounts SET display_name_key = ? WHERE id = ? AND display_name_key IS NULL",
        )
        .bind(display_name_key(&name))
        .bind(id)
        .execute(pool)
        .await?
        .rows_affected();
    }
    Ok(filled)
}

/// `POST /api/v1/auth/register`: 202 whether or not the address is taken. A new address gets
/// an unconfirmed account and a confirmation link; a taken one gets a notice instead.
#[utoipa::path(
    post,
    path = "/auth/register",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::Register, content_type = "application/json"),
    responses(
        (status = 202, description = "The same answer whether or not the address has an account; a confirmation link goes by email", body = byline_contract::auth::Accepted),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn register(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: auth::Register = json_body::read(&headers, body)?;
    let valid = auth::register(&input).map_err(ApiError::form_invalid)?;
    let lang = MailLang::from_tag(input.lang.as_deref());
    // A name says nothing about an address, so this answer leaks nothing.
    if display_name_taken(&state.pool, &valid.display_name).await? {
        return Err(account::name_taken());
    }
    // Hashed whether or not the address is taken, so both take as long.
    let password_hash = password::hash_async(valid.password.clone()).await?;
    let now = now_ms();
    let pool = state.pool.clone();
    let (name, email) = (valid.display_name, valid.email.clone());
    let token = in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let existing: Option<(i64, Option<i64>, i64)> =
            sqlx::query_as("SELECT id, confirmed_at, created_at FROM accounts WHERE email = ?")
                .bind(&email)
                .fetch_optional(&mut *tx)
                .await?;
        if let Some((id, confirmed_at, created_at)) = existing {
            // An account never confirmed within its link's lifetime gives the address back,
            // so a mistyped or abandoned registration does not block its owner for ever.
            let abandoned =
                confirmed_at.is_none() && created_at.saturating_add(millis(CONFIRM_TTL)) <= now;
            if !abandoned {
                tx.commit().await?;
                return Ok(None);
            }
            sqlx::query("DELETE FROM accounts WHERE id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        let account_id: i64 = sqlx::query_scalar(
            "INSERT INTO accounts
                    (display_name, display_name_key, email, password_hash, confirmed_at,
                     created_at)
             VALUES (?, ?, ?, ?, NULL, ?) RETURNING id",
        )
        .bind(&name)
        .bind(display_name_key(&name))
        .bind(&email)
        .bind(&password_hash)
        .bind(now)
        .fetch_one(&mut *tx)
        .await?;
        let token = issue_token(&mut tx, account_id, Purpose::Confirm, CONFIRM_TTL, now).await?;
        tx.commit().await?;
        tracing::info!(account_id, "account registered");
        Ok(Some(token))
    })
    .await?;
    let mail = match token {
        Some(token) => Mail::Confirm { token },
        None => Mail::AlreadyRegistered,
    };
    state.mailer.send(&valid.email, mail, lang);
    Ok(accepted(REGISTER_ACCEPTED, Code::RegisterSent))
}

/// `POST /api/v1/auth/confirm`: follows a confirmation link; confirms the account and signs in.
#[utoipa::path(
    post,
    path = "/auth/confirm",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::Confirm, content_type = "application/json"),
    responses(
        (status = 200, description = "Confirmed and signed in (the session cookie is set)", body = byline_contract::auth::Member),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn confirm(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: auth::Confirm = json_body::read(&headers, body)?;
    let carried = session::cookie_token(&headers);
    let pool = state.pool.clone();
    let (member, token) = in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let account_id = consume_token(&mut tx, &input.token, Purpose::Confirm, now)
            .await?
            .ok_or_else(|| bad_link(Purpose::Confirm))?;
        sqlx::query("UPDATE accounts SET confirmed_at = COALESCE(confirmed_at, ?) WHERE id = ?")
            .bind(now)
            .bind(account_id)
            .execute(&mut *tx)
            .await?;
        let signed_in = start_session(&mut tx, account_id, carried.as_deref(), now).await?;
        tx.commit().await?;
        tracing::info!(account_id, "account confirmed");
        Ok(signed_in)
    })
    .await?;
    Ok(signed_in(&state, member, &token))
}

/// `POST /api/v1/auth/sign-in`: 200 with a new session, 401 with one message for every
/// failure, 429 while the account or the client address is locked after repeated failures.
#[utoipa::path(
    post,
    path = "/auth/sign-in",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::SignIn, content_type = "application/json"),
    responses(
        (status = 200, description = "Signed in (the session cookie is set)", body = byline_contract::auth::Member),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: auth::SignIn = json_body::read(&headers, body)?;
    let account_key = limiter::account_key(&input.email);
    let address_key = limiter::address_key(limiter::client_ip(
        peer.ip(),
        &headers,
        &state.trusted_proxies,
    ));
    if let Some(wait) =
        limiter::locked(&state.pool, &[&account_key, &address_key], now_ms()).await?
    {
        return Ok(limiter::too_many(wait));
    }
    let account: Option<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT id, password_hash, confirmed_at FROM accounts WHERE email = ?")
            .bind(input.email.trim())
            .fetch_optional(&state.pool)
            .await?;
    let matches =
        password::verify_async(input.password, account.as_ref().map(|row| row.1.clone())).await?;
    let confirmed = account
        .filter(|(_, _, confirmed_at)| matches && confirmed_at.is_some())
        .map(|(id, _, _)| id);
    let carried = session::cookie_token(&headers);
    let pool = state.pool.clone();
    let limits = state.sign_in_limits;
    let outcome = in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let outcome = match confirmed {
            Some(account_id) => {
                limiter::clear(&mut tx, &account_key).await?;
                Some(start_session(&mut tx, account_id, carried.as_deref(), now).await?)
            }
            None => {
                // A right password for an unconfirmed account is no guess: not counted.
                if !matches {
                    limiter::record_failure(&mut tx, &limits, &[&account_key, &address_key], now)
                        .await?;
                }
                None
            }
        };
        tx.commit().await?;
        Ok(outcome)
    })
    .await?;
    match outcome {
        Some((member, token)) => {
            tracing::info!(account_id = member.id, "signed in");
            Ok(signed_in(&state, member, &token))
        }
        None => {
            tracing::info!("sign-in failed");
            Err(
                ApiError::new(StatusCode::UNAUTHORIZED, Some(SIGN_IN_FAILED.to_owned()))
                    .with_title("Sign-in failed")
                    .with_code(Code::SignInFailed),
            )
        }
    }
}

/// `POST /api/v1/auth/sign-out`: ends the request's session (if any) and clears the cookie;
/// 204.
#[utoipa::path(
    post,
    path = "/auth/sign-out",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    responses(
        (status = 204, description = "Signed out (the cookie is cleared)"),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    if let Some(token) = session::request_token(&headers) {
        let pool = state.pool.clone();
        in_task(async move {
            let mut conn = pool.acquire().await?;
            session::delete(&mut conn, &token).await
        })
        .await?;
    }
    Ok((
        StatusCode::NO_CONTENT,
        [(
            header::SET_COOKIE,
            session::clear_cookie(state.secure_cookies),
        )],
    )
        .into_response())
}

/// `POST /api/v1/auth/widget-session`: a new session for the signed-in member, its token in the
/// answer (`{token, member}`) rather than in a cookie. The sign-in pop-up of a widget framed
/// by a partner hands it to the widget, which sends it as `Authorization: Bearer`: in a
/// partner's frame the browser may not send Byline's cookie at all.
#[utoipa::path(
    post,
    path = "/auth/widget-session",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    responses(
        (status = 200, description = "A session token for a widget framed by a partner", body = byline_contract::auth::WidgetSession),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn widget_session(
    State(state): State<AppState>,
    member: Member,
) -> Result<Json<auth::WidgetSession>, ApiError> {
    let pool = state.pool.clone();
    let account_id = member.account_id;
    member.on_own_site()?;
    let token = in_task(async move {
        let mut conn = pool.acquire().await?;
        session::create_kind(&mut conn, account_id, session::Kind::Widget, now_ms()).await
    })
    .await?;
    tracing::info!(account_id, "widget session started");
    // The widget shows the name; the address stays on Byline's own site.
    Ok(Json(auth::WidgetSession {
        token,
        member: auth::Member {
            email: String::new(),
            ..member.to_contract()
        },
    }))
}

/// `GET /api/v1/auth/me`: the signed-in member, or 401.
#[utoipa::path(
    get,
    path = "/auth/me",
    tag = "auth",
    responses(
        (status = 200, description = "The signed-in member", body = byline_contract::auth::Member),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn me(member: Member) -> Json<auth::Member> {
    Json(member.to_contract())
}

/// `POST /api/v1/auth/forgot`: 202 whatever the address; a confirmed account gets a reset
/// link by email.
#[utoipa::path(
    post,
    path = "/auth/forgot",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::Forgot, content_type = "application/json"),
    responses(
        (status = 202, description = "The same answer whether or not the address has an account; a reset link goes by email", body = byline_contract::auth::Accepted),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn forgot(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: auth::Forgot = json_body::read(&headers, body)?;
    let email = auth::forgot(&input).map_err(ApiError::form_invalid)?;
    let pool = state.pool.clone();
    let lookup = email.clone();
    let token = in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let account_id: Option<i64> = sqlx::query_scalar(
            "SELECT id FROM accounts WHERE email = ? AND confirmed_at IS NOT NULL",
        )
        .bind(&lookup)
        .fetch_optional(&mut *tx)
        .await?;
        let token = match account_id {
            Some(account_id) => {
                Some(issue_token(&mut tx, account_id, Purpose::Reset, RESET_TTL, now).await?)
            }
            None => None,
        };
        tx.commit().await?;
        Ok(token)
    })
    .await?;
    if let Some(token) = token {
        state.mailer.send(
            &email,
            Mail::Reset { token },
            MailLang::from_tag(input.lang.as_deref()),
        );
    }
    Ok(accepted(FORGOT_ACCEPTED, Code::ForgotSent))
}

/// `POST /api/v1/auth/reset`: follows a reset link: sets the new password, ends every session
/// of the account, and signs in with a new one.
#[utoipa::path(
    post,
    path = "/auth/reset",
    tag = "auth",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "1 to 200 printable ASCII characters; a repeat gets the first answer back"),
    ),
    request_body(content = byline_contract::auth::Reset, content_type = "application/json"),
    responses(
        (status = 200, description = "A new password, and signed in (the session cookie is set)", body = byline_contract::auth::Member),
        crate::openapi::Problems,
    )
)]
pub(crate) async fn reset(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: auth::Reset = json_body::read(&headers, body)?;
    let now = now_ms();
    let found: Option<(i64, String)> = sqlx::query_as(
        "SELECT a.id, a.email FROM email_tokens t JOIN accounts a ON a.id = t.account_id
          WHERE t.token_hash = ? AND t.purpose = 'reset' AND t.used_at IS NULL
            AND t.expires_at > ?",
    )
    .bind(session::token_hash(input.token.trim()))
    .bind(now)
    .fetch_optional(&state.pool)
    .await?;
    let (account_id, email) = found.ok_or_else(|| bad_link(Purpose::Reset))?;
    auth::password_rule(&input.password, &email)
        .map_err(|message| ApiError::field_invalid(field::PASSWORD, message))?;
    let password_hash = password::hash_async(input.password).await?;
    let carried = session::cookie_token(&headers);
    let pool = state.pool.clone();
    let (member, token) = in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        // Consumed here, in the write, so a link raced twice works once.
        if consume_token(&mut tx, &input.token, Purpose::Reset, now).await? != Some(account_id) {
            return Err(bad_link(Purpose::Reset));
        }
        sqlx::query(
            "UPDATE accounts SET password_hash = ?, confirmed_at = COALESCE(confirmed_at, ?)
              WHERE id = ?",
        )
        .bind(&password_hash)
        .bind(now)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
        // Other reset links of the account stop working too.
        expire_reset_links(&mut tx, account_id, now).await?;
        session::delete_all(&mut tx, account_id).await?;
        limiter::clear(&mut tx, &limiter::account_key(&email)).await?;
        let signed_in = start_session(&mut tx, account_id, carried.as_deref(), now).await?;
        tx.commit().await?;
        tracing::info!(account_id, "password reset");
        Ok(signed_in)
    })
    .await?;
    Ok(signed_in(&state, member, &token))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_name_keys_ignore_case_and_surrounding_space_in_any_script() {
        assert_eq!(display_name_key("  Shilan AHMED "), "shilan ahmed");
        assert_eq!(display_name_key("ÊZÎDXAN"), display_name_key("êzîdxan"));
        assert_eq!(display_name_key("شیلان"), "شیلان");
        assert_ne!(display_name_key("Shilan A."), display_name_key("Shilan"));
    }
}
