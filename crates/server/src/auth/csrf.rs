//! Refuses cross-site requests that could act for a signed-in member.
//!
//! A state-changing request (POST, PUT, PATCH, DELETE) under `/api` that targets
//! `/api/v1/auth/…` or carries the session cookie must have both:
//! - an `Origin` equal to the endpoint's own (`scheme://Host`, the scheme being `https` when
//!   cookies are `Secure`, else `http`) or to one of the allowed origins (a `*` there does not
//!   count), and
//! - the header `X-Byline-Request: 1`.
//!
//! A cross-site HTML form can send neither, and a cross-site script cannot send the custom
//! header without a CORS preflight that only the allowed origins pass. Guest requests without
//! the cookie (a guest's comment) are not affected.

use axum::extract::{OriginalUri, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use byline_contract::API_PREFIX;
use byline_contract::code::Code;

use super::session::cookie_token;
use crate::AppState;
use crate::error::ApiError;

/// The custom header every member request sends.
pub const REQUEST_HEADER: &str = "x-byline-request";

/// Middleware for `/api`: answers 403 to a request that fails the rules above.
pub async fn guard(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let changes_state = matches!(
        *request.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if !changes_state {
        return next.run(request).await;
    }
    let path = request
        .extensions()
        .get::<OriginalUri>()
        .map_or_else(|| request.uri().path(), |original| original.0.path());
    let auth_path = path
        .strip_prefix(API_PREFIX)
        .and_then(|rest| rest.strip_prefix("/auth"))
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    let headers = request.headers();
    let guarded = auth_path || cookie_token(headers).is_some();
    if guarded && !(same_or_allowed_origin(&state, &request, headers) && has_custom_header(headers))
    {
        tracing::info!("cross-site request refused");
        return ApiError::new(
            StatusCode::FORBIDDEN,
            Some(
                "Cross-site request refused: send it from the site itself, with the \
                 `X-Byline-Request: 1` header."
                    .to_owned(),
            ),
        )
        .with_title("Cross-site request refused")
        .with_code(Code::CrossSiteRefused)
        .into_response();
    }
    next.run(request).await
}

/// Whether `Origin` is the endpoint's own origin or an allowed one.
fn same_or_allowed_origin(state: &AppState, request: &Request, headers: &HeaderMap) -> bool {
    let Some(origin) = headers
        .get(header::ORIGIN)
        .and_then(|value| value.to_str().ok())
    else {
        return false;
    };
    let origin = origin.trim_end_matches('/');
    if state
        .allowed_origins
        .iter()
        .any(|allowed| allowed != "*" && allowed.eq_ignore_ascii_case(origin))
    {
        return true;
    }
    let host = request
        .uri()
        .authority()
        .map(|authority| authority.as_str().to_owned())
        .or_else(|| {
            headers
                .get(header::HOST)
                .and_then(|value| value.to_str().ok())
                .map(str::to_owned)
        });
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    host.is_some_and(|host| origin.eq_ignore_ascii_case(&format!("{scheme}://{host}")))
}

/// Whether the request carries `X-Byline-Request: 1`.
fn has_custom_header(headers: &HeaderMap) -> bool {
    headers
        .get(REQUEST_HEADER)
        .is_some_and(|value| value.as_bytes() == b"1")
}
