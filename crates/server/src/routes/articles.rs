//! `GET /articles`, `GET /articles/{slug}` and `GET /articles/{slug}/related`; comment counts
//! and the threads of partners' own pages.

use axum::Json;
use axum::extract::{Path, State};
use byline_contract::{
    Article, ArticlePage, ArticleSummary, COUNTS_MAX, Counts, CountsRequest, PartnerThread,
    RelatedArticles,
};

use crate::AppState;
use crate::error::ApiError;
use crate::model::SummaryRow;
use crate::params::{CursorKind, QueryParams, encode_cursor};
use crate::partner;
use crate::store::{Position, StoreError, articles};

/// Articles per page when `limit` is absent.
pub const LIST_DEFAULT_LIMIT: u32 = 20;
/// The largest `limit` of the article list.
pub const LIST_MAX_LIMIT: u32 = 50;
/// Related articles when `limit` is absent.
pub const RELATED_DEFAULT_LIMIT: u32 = 5;
/// The largest `limit` of related articles.
pub const RELATED_MAX_LIMIT: u32 = 20;

/// `GET /api/v1/articles?section=&limit=&cursor=`: newest first, a keyset cursor per page.
#[utoipa::path(
    get,
    path = "/articles",
    tag = "articles",
    params(
        ("section" = Option<String>, Query, description = "Only this section"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 50, description = "How many, 20 when absent"),
        ("cursor" = Option<String>, Query, description = "The `next_cursor` of the page before"),
    ),
    responses(
        (status = 200, description = "Newest first, with a cursor when more follow", body = byline_contract::ArticlePage),
        crate::openapi::Problems,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    mut params: QueryParams,
) -> Result<Json<ArticlePage>, ApiError> {
    let section = params.text("section");
    let limit = params.limit(LIST_DEFAULT_LIMIT, LIST_MAX_LIMIT);
    let after = params.cursor(CursorKind::Articles);
    params.finish()?;

    let mut rows = articles::page(&state.pool, section.as_deref(), after, limit + 1).await?;
    let next_cursor = next_page(&mut rows, limit).map(|last| {
        encode_cursor(
            CursorKind::Articles,
            Position {
                at: last.published_at,
                id: last.id,
            },
        )
    });
    Ok(Json(ArticlePage {
        items: summaries(rows)?,
        next_cursor,
    }))
}

/// `GET /api/v1/articles/{slug}`: the whole article.
#[utoipa::path(
    get,
    path = "/articles/{slug}",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug"),
    ),
    responses(
        (status = 200, description = "The whole article", body = byline_contract::Article),
        crate::openapi::Problems,
    )
)]
pub async fn show(
    State(state): State<AppState>,
    Path(slug): Path<String>,
) -> Result<Json<Article>, ApiError> {
    let row = articles::find(&state.pool, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    Ok(Json(row.into_article(state.moderation)?))
}

/// `GET /api/v1/articles/{slug}/related?limit=`: other articles, the same section first.
#[utoipa::path(
    get,
    path = "/articles/{slug}/related",
    tag = "articles",
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("limit" = Option<u32>, Query, minimum = 1, maximum = 20, description = "How many, 5 when absent"),
    ),
    responses(
        (status = 200, description = "Other stories, the same section first", body = byline_contract::RelatedArticles),
        crate::openapi::Problems,
    )
)]
pub async fn related(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    mut params: QueryParams,
) -> Result<Json<RelatedArticles>, ApiError> {
    let limit = params.limit(RELATED_DEFAULT_LIMIT, RELATED_MAX_LIMIT);
    params.finish()?;
    let article = articles::find(&state.pool, &slug)
        .await?
        .ok_or_else(unknown_article)?;
    let rows = articles::related(
        &state.pool,
        article.summary.id,
        &article.summary.section,
        limit,
    )
    .await?;
    Ok(Json(RelatedArticles {
        items: summaries(rows)?,
    }))
}

/// The 404 for a slug no article has. The slug is not echoed: it is whatever the client put in
/// the path, and answers must never carry an email address.
pub fn unknown_article() -> ApiError {
    ApiError::not_found("There is no article with this slug.")
}

/// Cuts `rows` (fetched with `limit + 1`) to `limit`; the last kept row when more follow.
pub fn next_page<T>(rows: &mut Vec<T>, limit: u32) -> Option<&T> {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        rows.last()
    } else {
        None
    }
}

fn summaries(rows: Vec<SummaryRow>) -> Result<Vec<ArticleSummary>, StoreError> {
    rows.into_iter().map(SummaryRow::into_summary).collect()
}

/// `POST /api/v1/counts` with `{articles: [slug…], urls: [address…]}`: each known article's
/// comment count, and each partner page's (0 before its first comment), for the counts partner
/// pages show (one request for all of a page's). Unknown slugs and addresses off the partner
/// origins are left out. `422` naming `articles` for more than [`COUNTS_MAX`] of both.
#[utoipa::path(
    post,
    path = "/counts",
    tag = "articles",
    request_body(content = byline_contract::CountsRequest, content_type = "application/json"),
    responses(
        (status = 200, description = "The comment count of each known article and partner page", body = byline_contract::Counts),
        crate::openapi::Problems,
    )
)]
pub async fn counts(
    State(state): State<AppState>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<Json<Counts>, ApiError> {
    let input: CountsRequest = crate::json_body::read(&headers, body)?;
    if input.articles.len() + input.urls.len() > COUNTS_MAX {
        return Err(ApiError::field_invalid(
            "articles",
            format!("Ask for at most {COUNTS_MAX} articles and pages at a time."),
        ));
    }
    let pages: Vec<(String, String)> = input
        .urls
        .into_iter()
        .filter_map(|url| {
            let page = partner::page(&url, &state.partner_origins).ok()?;
            Some((url, page.slug))
        })
        .collect();
    let slugs: Vec<&String> = input
        .articles
        .iter()
        .chain(pages.iter().map(|(_, slug)| slug))
        .collect();
    let slugs = serde_json::to_string(&slugs).map_err(|_| ApiError::internal())?;
    let rows: std::collections::HashMap<String, i64> = sqlx::query_as(
        "SELECT slug, comment_count FROM articles
          WHERE slug IN (SELECT value FROM json_each(?1))",
    )
    .bind(slugs)
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?
    .into_iter()
    .collect();
    let count = |slug: &str| rows.get(slug).map(|&n| u32::try_from(n).unwrap_or(0));
    Ok(Json(Counts {
        counts: input
            .articles
            .iter()
            .filter_map(|slug| Some((slug.clone(), count(slug)?)))
            .collect(),
        urls: pages
            .iter()
            .map(|(url, slug)| (url.clone(), count(slug).unwrap_or(0)))
            .collect(),
    }))
}

/// `GET /api/v1/threads?url=ADDRESS`: the thread of a partner's own page, whether or not it
/// has started. `400` naming `url` for an address off the partner origins.
#[utoipa::path(
    get,
    path = "/threads",
    tag = "partners",
    params(
        ("url" = String, Query, description = "The partner page's address"),
    ),
    responses(
        (status = 200, description = "The partner page's thread, started or not", body = byline_contract::PartnerThread),
        crate::openapi::Problems,
    )
)]
pub async fn partner_thread(
    State(state): State<AppState>,
    mut params: QueryParams,
) -> Result<Json<PartnerThread>, ApiError> {
    let url = params.text("url");
    params.finish()?;
    let page = partner::page(url.as_deref().unwrap_or_default(), &state.partner_origins)
        .map_err(|message| ApiError::bad_query([("url".to_owned(), vec![message])].into()))?;
    let count = articles::partner_thread_count(&state.pool, &page.slug).await?;
    Ok(Json(PartnerThread {
        slug: page.slug,
        url: page.url,
        started: count.is_some(),
        comment_count: count.map_or(0, |n| u32::try_from(n).unwrap_or(0)),
    }))
}
