//! What a shared cache may keep, over real HTTP: anonymous reads are public for as long as the
//! flags say, with a strong `ETag` and `304` on `If-None-Match`; a read by someone the request
//! names (a member's session, a guest's edit token) is private and never tagged; every answer
//! of a public read varies on the headers that name someone; the rest stays `no-store`.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use crate::common::{self, Answer, FIXTURE, Site};
use byline_contract::PostedComment;
use byline_contract::moderation::Mode;
use byline_server::SeedSource;
use byline_server::caching::{CachePolicy, Freshness};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The fixture article with no comments.
const QUIET: &str = "festival-opens";

async fn spawn(configure: impl FnOnce(&mut byline_server::Config)) -> Site {
    common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        configure(config);
    })
    .await
}

async fn get(site: &Site, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = site.client.get(site.url(path));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    site.send(request).await
}

fn varies_on_who_asks(answer: &Answer) -> bool {
    let vary: Vec<String> = answer
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .collect();
    ["cookie", "authorization", "byline-edit-token"]
        .iter()
        .all(|name| vary.iter().any(|v| v == name))
}

#[tokio::test]
async fn anonymous_reads_are_public_tagged_and_answered_304_when_unchanged() {
    let site = spawn(|_| {}).await;
    for (path, control) in [
        (
            "/articles/dam-talks/comments",
            "public, max-age=10, stale-while-revalidate=60",
        ),
        (
            "/comments/latest",
            "public, max-age=10, stale-while-revalidate=60",
        ),
        (
            "/articles/dam-talks",
            "public, max-age=10, stale-while-revalidate=60",
        ),
        ("/articles", "public, max-age=10, stale-while-revalidate=60"),
        (
            "/articles/dam-talks/related",
            "public, max-age=60, stale-while-revalidate=600",
        ),
    ] {
        let first = get(&site, path, &[]).await;
        assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.text);
        assert_eq!(first.header("cache-control"), Some(control), "{path}");
        assert!(varies_on_who_asks(&first), "{path}: {:?}", first.headers);
        let tag = first.header("etag").expect("an ETag").to_owned();
        assert!(tag.starts_with('"') && !tag.starts_with("W/"), "{tag}");
        // The same bytes again: the same tag, and a 304 without a body for it.
        let again = get(&site, path, &[]).await;
        assert_eq!(again.header("etag"), Some(tag.as_str()), "{path}");
        let unchanged = get(&site, path, &[("If-None-Match", &tag)]).await;
        assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(unchanged.text, "");
        assert_eq!(unchanged.header("etag"), Some(tag.as_str()));
        assert_eq!(unchanged.header("cache-control"), Some(control));
        let other = get(&site, path, &[("If-None-Match", "\"0123\", \"4567\"")]).await;
        assert_eq!(other.status, StatusCode::OK, "{path}");
        assert_eq!(other.text, first.text);
    }
}

#[tokio::test]
async fn a_new_comment_changes_the_tag_of_its_page() {
    let site = spawn(|_| {}).await;
    let path = format!("/articles/{QUIET}/comments");
    let before = get(&site, &path, &[]).await;
    let tag = before.header("etag").unwrap().to_owned();
    let posted = site
        .post(
            &path,
            &json!({"body": "A word for the festival.", "guest": {"name": "Tara Sarraf", "email": "tara@example.org"}}),
            None,
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
    assert_eq!(posted.header("cache-control"), Some("no-store"));
    let after = get(&site, &path, &[("If-None-Match", &tag)]).await;
    assert_eq!(after.status, StatusCode::OK);
    assert!(after.text.contains("A word for the festival."));
    assert_ne!(after.header("etag"), Some(tag.as_str()));
}

#[tokio::test]
async fn a_read_by_someone_named_is_private_and_keeps_their_held_comment() {
    let site = spawn(|config| config.moderation = Mode::Pre).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let path = format!("/articles/{QUIET}/comments");
    let posted = site
        .post(
            &path,
            &json!({"body": "Held for the moderators."}),
            Some(&dana),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);

    let theirs = get(
        &site,
        &path,
        &[("Cookie", &format!("theme=dark; byline_session={dana}"))],
    )
    .await;
    assert_eq!(theirs.status, StatusCode::OK);
    assert!(theirs.text.contains("Held for the moderators."));
    assert_eq!(theirs.header("cache-control"), Some("private, no-store"));
    assert!(varies_on_who_asks(&theirs));
    assert_eq!(theirs.header("etag"), None, "a private answer was tagged");

    let anyone = get(&site, &path, &[("Cookie", "theme=dark")]).await;
    assert!(!anyone.text.contains("Held for the moderators."));
    assert_eq!(
        anyone.header("cache-control"),
        Some("public, max-age=10, stale-while-revalidate=60"),
        "a cookie that names no one makes the read no less public"
    );

    // A guest's edit token names its comment's author.
    let guest = site
        .post(
            &path,
            &json!({"body": "A guest's words, held.", "guest": {"name": "Rojin Ali", "email": "rojin@example.org"}}),
            None,
        )
        .await
        .json::<PostedComment>();
    let token = guest.edit_token.unwrap();
    let thread = get(
        &site,
        &format!("{path}/{}/thread", guest.comment.id),
        &[("Byline-Edit-Token", &token)],
    )
    .await;
    assert_eq!(thread.status, StatusCode::OK, "{}", thread.text);
    assert!(thread.text.contains("A guest's words, held."));
    assert_eq!(thread.header("cache-control"), Some("private, no-store"));
}

#[tokio::test]
async fn errors_and_other_answers_are_not_kept() {
    let site = spawn(|_| {}).await;
    let missing = get(&site, "/articles/no-such-story/comments", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.header("cache-control"), Some("no-store"));
    assert_eq!(missing.header("etag"), None);
    for path in ["/auth/me", "/health", "/no-such-route"] {
        let answer = get(&site, path, &[]).await;
        assert_eq!(answer.header("cache-control"), Some("no-store"), "{path}");
        assert_eq!(answer.header("etag"), None, "{path}");
    }
    let refused = site
        .send(site.request(Method::POST, "/counts", None).body("not json"))
        .await;
    assert_eq!(refused.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn the_freshness_follows_the_configuration() {
    let site = spawn(|config| {
        config.cache = CachePolicy {
            comments: Freshness {
                max_age: 3,
                stale_while_revalidate: 7,
            },
            articles: Freshness {
                max_age: 120,
                stale_while_revalidate: 0,
            },
        };
    })
    .await;
    let comments = get(&site, "/articles/dam-talks/comments", &[]).await;
    assert_eq!(
        comments.header("cache-control"),
        Some("public, max-age=3, stale-while-revalidate=7")
    );
    let article = get(&site, "/articles/dam-talks", &[]).await;
    assert_eq!(
        article.header("cache-control"),
        Some("public, max-age=3, stale-while-revalidate=7"),
        "an article carries live counts: it is as fresh as the comments"
    );
    let related = get(&site, "/articles/dam-talks/related", &[]).await;
    assert_eq!(
        related.header("cache-control"),
        Some("public, max-age=120, stale-while-revalidate=0")
    );
}

#[tokio::test]
async fn each_encoding_has_its_own_tag_and_one_vary_line_names_every_header() {
    const PARTNER: &str = "https://partner.example";
    let site = spawn(|config| config.partner_origins = vec![PARTNER.into()]).await;
    let path = "/articles/dam-talks/comments";
    let headers = [("Accept-Encoding", "gzip"), ("Origin", PARTNER)];
    let gzipped = get(&site, path, &headers).await;
    assert_eq!(gzipped.header("content-encoding"), Some("gzip"));
    let vary: Vec<&str> = gzipped
        .headers
        .get_all("vary")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .collect();
    assert_eq!(vary.len(), 1, "several Vary lines: {vary:?}");
    let names = vary[0].to_ascii_lowercase();
    for name in [
        "cookie",
        "authorization",
        "byline-edit-token",
        "origin",
        "accept-encoding",
    ] {
        assert!(names.contains(name), "Vary lacks {name}: {names}");
    }
    let gzip_tag = gzipped.header("etag").unwrap().to_owned();
    assert!(gzip_tag.ends_with("-gzip\""), "{gzip_tag}");
    let plain = get(&site, path, &[]).await;
    let plain_tag = plain.header("etag").unwrap().to_owned();
    assert_ne!(plain_tag, gzip_tag);
    // Each tag answers for its own encoding only.
    let unchanged = get(
        &site,
        path,
        &[("Accept-Encoding", "gzip"), ("If-None-Match", &gzip_tag)],
    )
    .await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    let other = get(&site, path, &[("If-None-Match", &gzip_tag)]).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_eq!(other.text, plain.text);
}
