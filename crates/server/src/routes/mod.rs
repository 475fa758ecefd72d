//! The JSON API under `/api/v1`.

pub mod articles;
pub mod comments;
pub mod contributions;

use std::time::Duration;

use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::map_response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Serialize;
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;

use crate::AppState;
use crate::error::{api_not_found, ensure_problem};

/// The largest request body accepted.
pub const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The largest upload body accepted at all, whatever the configured limits (which the
/// handler holds each file and contribution to).
pub const UPLOAD_LIMIT_BYTES: usize = 4 * 1024 * 1024 * 1024;

/// How long a request may take before it is answered with a 503 problem.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// The router to nest at `/api`: the v1 routes, a problem for every unknown path, and the
/// layers every API answer goes through.
pub fn api() -> Router<AppState> {
    let v1 = Router::new()
        .route("/health", get(health))
        .route("/openapi.json", get(crate::openapi::serve))
        .route("/articles", get(articles::list))
        .route("/articles/{slug}", get(articles::show))
        .route("/articles/{slug}/related", get(articles::related))
        .route(
            "/articles/{slug}/comments",
            get(comments::list).post(comments::create),
        )
        .route(
            "/articles/{slug}/comments/{id}/thread",
            get(comments::thread),
        )
        .route("/comments/latest", get(comments::latest))
        .route("/counts", post(articles::counts))
        .route("/threads", get(articles::partner_thread))
        .route(
            "/comments/{id}",
            get(comments::show)
                .patch(comments::edit)
                .delete(comments::remove),
        )
        .route("/comments/{id}/report", post(crate::moderation::report))
        .route(
            "/comments/{id}/like",
            axum::routing::put(crate::moderation::like).delete(crate::moderation::unlike),
        )
        .nest("/moderation", crate::moderation::routes())
        .route("/contributions", post(contributions::create))
        .route("/contributions/{id}/submit", post(contributions::submit))
        .route("/moderation/contributions", get(contributions::list))
        .route(
            "/moderation/contributions/{id}",
            post(contributions::decide),
        )
        .route(
            "/moderation/contributions/{id}/files/{position}",
            get(contributions::file),
        )
        .nest("/auth", crate::auth::routes())
        .layer(
            ServiceBuilder::new()
                .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::SERVICE_UNAVAILABLE,
                    REQUEST_TIMEOUT,
                )),
        )
        // Uploads stream: no 64 KB limit (the handler holds each file to its kind's), and
        // no 10-second deadline (a video over a slow line takes minutes).
        .merge(
            Router::new()
                .route(
                    "/contributions/{id}/files/{position}",
                    axum::routing::put(contributions::upload).delete(contributions::remove_file),
                )
                .layer(DefaultBodyLimit::disable())
                .layer(RequestBodyLimitLayer::new(UPLOAD_LIMIT_BYTES)),
        );
    let version = byline_contract::API_PREFIX
        .strip_prefix("/api")
        .unwrap_or("/v1");
    Router::new()
        .nest(version, v1)
        .fallback(api_not_found)
        .layer(
            // `Cache-Control` comes from `caching::api_cache_control`, around this router.
            ServiceBuilder::new().layer(CatchPanicLayer::new()),
        )
        // Outermost, so it sees the answers of the layers above as well as the routes'.
        .layer(map_response(ensure_problem))
}

/// The body of `GET /health`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Health {
    /// Always `ok`.
    status: &'static str,
}

/// `GET /api/v1/health`: the process answers.
#[utoipa::path(
    get,
    path = "/health",
    tag = "meta",
    responses((status = 200, description = "The process answers", body = Health))
)]
pub async fn health() -> Json<Health> {
    Json(Health { status: "ok" })
}
