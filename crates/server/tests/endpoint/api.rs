//! The real server, in-process on a free port with a fresh SQLite file, over real HTTP.

#![allow(clippy::unwrap_used)]

use crate::common;

use crate::common::Answer;

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use byline_contract::{
    Article, ArticlePage, AuthorKind, Block, Comment, CommentPage, LatestComments, RelatedArticles,
    TextDirection,
};
use byline_server::seed::{SeedFile, add_generated_comments};
use byline_server::{Config, IMMUTABLE, LOADER_CACHE, NO_CACHE, REPLAYED_HEADER, SeedSource};
use reqwest::header;
use reqwest::{Client, Method, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
use sqlx::SqlitePool;
use tempfile::TempDir;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-site.json");
/// The fixture article with 120 generated comments.
const BUSY: &str = "busy-thread";
/// The fixture article with hand-written threads.
const DAM: &str = "dam-talks";

/// A running server and what a test needs to talk to it.
struct TestServer {
    base: String,
    client: Client,
    pool: SqlitePool,
    _dir: TempDir,
}

async fn spawn() -> TestServer {
    spawn_with(|_| {}).await
}

async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestServer {
    let started = common::start(|config, _| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        configure(config);
    })
    .await;
    TestServer {
        base: started.base,
        client: Client::new(),
        pool: started.pool,
        _dir: started.dir,
    }
}

impl TestServer {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        Answer::read(request.send().await.unwrap()).await
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(self.client.get(self.url(path))).await
    }

    async fn get_json<T: DeserializeOwned>(&self, path: &str) -> T {
        self.get(path).await.json()
    }

    async fn post(&self, slug: &str, body: &Value, key: Option<&str>) -> Answer {
        let mut request = self
            .client
            .post(self.url(&format!("/api/v1/articles/{slug}/comments")))
            .json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        self.send(request).await
    }

    /// Posts a valid comment and returns it.
    async fn comment(&self, slug: &str, text: &str, parent_id: Option<i64>) -> Comment {
        let answer = self
            .post(
                slug,
                &new_comment(text, parent_id, "Tester", "tester@example.net"),
                None,
            )
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.json()
    }

    async fn article(&self, slug: &str) -> Article {
        self.get_json(&format!("/api/v1/articles/{slug}")).await
    }

    /// Every thread of an article, walking pages of `limit`.
    async fn all_threads(&self, slug: &str, sort: &str, limit: u32) -> Vec<Comment> {
        let mut threads = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut path = format!("/api/v1/articles/{slug}/comments?sort={sort}&limit={limit}");
            if let Some(cursor) = &cursor {
                path.push_str(&format!("&cursor={cursor}"));
            }
            let page: CommentPage = self.get_json(&path).await;
            assert!(page.items.len() <= limit as usize);
            threads.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return threads,
            }
        }
    }

    async fn count_rows(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

fn new_comment(body: &str, parent_id: Option<i64>, name: &str, email: &str) -> Value {
    let mut value = json!({"body": body, "guest": {"name": name, "email": email}});
    if let Some(parent_id) = parent_id {
        value["parent_id"] = json!(parent_id);
    }
    value
}

/// How many comments a tree holds.
fn tree_size(comments: &[Comment]) -> usize {
    comments
        .iter()
        .map(|comment| 1 + tree_size(&comment.replies))
        .sum()
}

fn ids(comments: &[Comment]) -> Vec<i64> {
    comments.iter().map(|comment| comment.id).collect()
}

/// Checks every level is oldest first and every reply names its parent.
fn assert_well_nested(comments: &[Comment], parent: Option<i64>) {
    for pair in comments.windows(2) {
        assert!(
            (&pair[0].created_at, pair[0].id) < (&pair[1].created_at, pair[1].id),
            "replies oldest first"
        );
    }
    for comment in comments {
        if parent.is_some() {
            assert_eq!(comment.parent_id, parent);
        }
        assert_well_nested(&comment.replies, Some(comment.id));
    }
}

fn is_rfc3339_utc(text: &str) -> bool {
    time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).is_ok()
        && text.ends_with('Z')
}

#[tokio::test]
async fn health_answers_ok_as_uncached_json() {
    let server = spawn().await;
    let answer = server.get("/api/v1/health").await;
    let body: Value = answer.json();
    assert_eq!(body, json!({"status": "ok"}));
    assert_eq!(answer.header("cache-control"), Some("no-store"));
}

#[tokio::test]
async fn article_list_pages_newest_first_without_repeats() {
    let server = spawn().await;
    let all: ArticlePage = server.get_json("/api/v1/articles").await;
    assert_eq!(all.next_cursor, None);
    let slugs: Vec<&str> = all.items.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "festival-opens",
            "bazaar-prices",
            "budget-vote",
            DAM,
            BUSY,
            "reservoir-rtl"
        ]
    );
    let dam = all.items.iter().find(|a| a.slug == DAM).unwrap();
    assert_eq!(dam.comment_count, 6);
    assert_eq!(dam.hero.width, 1200);
    assert!(is_rfc3339_utc(&dam.published_at), "{}", dam.published_at);
    let rtl = all
        .items
        .iter()
        .find(|a| a.slug == "reservoir-rtl")
        .unwrap();
    assert_eq!((rtl.lang.as_str(), rtl.dir), ("ar", TextDirection::Rtl));

    let mut paged = Vec::new();
    let mut path = "/api/v1/articles?limit=4".to_owned();
    let mut pages = 0;
    loop {
        let page: ArticlePage = server.get_json(&path).await;
        pages += 1;
        paged.extend(page.items.into_iter().map(|a| a.slug));
        match page.next_cursor {
            Some(cursor) => path = format!("/api/v1/articles?limit=4&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(pages, 2);
    assert_eq!(paged, slugs);

    let politics: ArticlePage = server
        .get_json("/api/v1/articles?section=politics&limit=1")
        .await;
    assert_eq!(politics.items[0].slug, "budget-vote");
    let cursor = politics.next_cursor.unwrap();
    let rest: ArticlePage = server
        .get_json(&format!(
            "/api/v1/articles?section=Politics&limit=1&cursor={cursor}"
        ))
        .await;
    assert_eq!(rest.items[0].slug, DAM);
    assert_eq!(rest.next_cursor, None);
    let none: ArticlePage = server.get_json("/api/v1/articles?section=Sport").await;
    assert!(none.items.is_empty());
}

#[tokio::test]
async fn an_article_has_its_body_hero_and_count() {
    let server = spawn().await;
    let article = server.article(DAM).await;
    assert_eq!(article.title, "Dam talks resume upstream");
    assert_eq!(article.section, "Politics");
    assert_eq!(article.comment_count, 6);
    assert_eq!(article.updated_at, None);
    assert_eq!(article.body.len(), 5);
    assert!(matches!(article.body[1], Block::Heading { .. }));
    assert!(matches!(article.body[4], Block::Image { .. }));
    assert_eq!(article.hero.src, "/images/dam-talks.svg");

    let updated = server.article("bazaar-prices").await;
    let updated_at = updated.updated_at.unwrap();
    assert!(is_rfc3339_utc(&updated_at));
    assert!(updated_at > updated.published_at);

    let answer = server.get("/api/v1/articles/no-such-story").await;
    answer.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn comment_pages_nest_replies_and_count_everything() {
    let server = spawn().await;
    let page: CommentPage = server
        .get_json(&format!("/api/v1/articles/{DAM}/comments"))
        .await;
    assert_eq!(page.total, 6);
    assert_eq!(page.next_cursor, None);
    assert_eq!(tree_size(&page.items), 6);
    let names: Vec<&str> = page.items.iter().map(|c| c.author.name.as_str()).collect();
    assert_eq!(names, ["Shilan", "Rêbaz", "Newsroom"]);
    assert_eq!(page.items[2].author.kind, AuthorKind::Member);
    assert_eq!(
        page.items[1].body,
        "Who represents the farmers at the table?\n\nNobody, as far as I can tell."
    );
    let first = &page.items[0];
    let reply_names: Vec<&str> = first
        .replies
        .iter()
        .map(|c| c.author.name.as_str())
        .collect();
    assert_eq!(reply_names, ["Karwan", "Dana"]);
    assert_eq!(
        first.replies[0].replies[0].body,
        "@Karwan: Fair, but it is a start."
    );
    assert_well_nested(&page.items, None);
    for comment in &page.items {
        assert_eq!(comment.parent_id, None);
        assert!(is_rfc3339_utc(&comment.created_at));
    }

    let busy: CommentPage = server
        .get_json(&format!("/api/v1/articles/{BUSY}/comments"))
        .await;
    assert_eq!(busy.total, 123);
    assert_eq!(busy.items.len(), 50, "default limit");
    assert!(busy.next_cursor.is_some());
}

#[tokio::test]
async fn comment_pagination_has_no_gaps_or_repeats_in_both_orders() {
    let server = spawn().await;
    let roots = server
        .count_rows("SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = 'busy-thread' AND c.parent_id IS NULL")
        .await as usize;
    assert!(roots > 60, "{roots} roots");

    let oldest = server.all_threads(BUSY, "oldest", 7).await;
    let newest = server.all_threads(BUSY, "newest", 9).await;
    let whole = server.all_threads(BUSY, "oldest", 100).await;
    assert_eq!(oldest.len(), roots);
    assert_eq!(ids(&oldest), ids(&whole));
    let unique: HashSet<i64> = ids(&oldest).into_iter().collect();
    assert_eq!(unique.len(), roots, "no repeats");
    let mut reversed = ids(&newest);
    reversed.reverse();
    assert_eq!(reversed, ids(&oldest));
    for pair in oldest.windows(2) {
        assert!((&pair[0].created_at, pair[0].id) <= (&pair[1].created_at, pair[1].id));
    }
    assert_eq!(
        tree_size(&oldest),
        123,
        "every reply is on the page of its thread"
    );
    assert_well_nested(&oldest, None);
    assert!(oldest.iter().any(|c| !c.replies.is_empty()));
}

/// Walks pages of `limit` while `between` runs after each page; returns the ids seen.
async fn walk_while<F, Fut>(server: &TestServer, sort: &str, limit: u32, mut between: F) -> Vec<i64>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = format!("/api/v1/articles/{BUSY}/comments?sort={sort}&limit={limit}");
        if let Some(cursor) = &cursor {
            path.push_str(&format!("&cursor={cursor}"));
        }
        let page: CommentPage = server.get_json(&path).await;
        seen.extend(ids(&page.items));
        between().await;
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return seen,
        }
    }
}

#[tokio::test]
async fn pagination_stays_consistent_while_comments_arrive() {
    let server = spawn().await;
    let before = ids(&server.all_threads(BUSY, "oldest", 100).await);

    // Oldest first: new threads appear after all the old ones, exactly once.
    let new_ids = std::sync::Mutex::new(Vec::new());
    let (writer, posted) = (&server, &new_ids);
    let seen = walk_while(&server, "oldest", 10, || async move {
        let root = writer.comment(BUSY, "A new thread.", None).await;
        writer.comment(BUSY, "A reply.", Some(root.id)).await;
        posted.lock().unwrap().push(root.id);
    })
    .await;
    let new_ids = new_ids.into_inner().unwrap();
    assert_eq!(
        seen.len(),
        seen.iter().collect::<HashSet<_>>().len(),
        "no repeats"
    );
    assert_eq!(&seen[..before.len()], &before[..], "no gaps, same order");
    assert!(seen[before.len()..].iter().all(|id| new_ids.contains(id)));

    // Newest first: what arrives during the walk is before the cursor, so never repeated.
    let before = ids(&server.all_threads(BUSY, "newest", 100).await);
    let seen = walk_while(&server, "newest", 10, || async move {
        writer.comment(BUSY, "Another thread.", None).await;
    })
    .await;
    assert_eq!(seen, before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn pagination_stays_consistent_under_concurrent_writers() {
    let server = spawn().await;
    let before_oldest = ids(&server.all_threads(BUSY, "oldest", 100).await);
    let before_newest = ids(&server.all_threads(BUSY, "newest", 100).await);
    let total_before = server.article(BUSY).await.comment_count;

    let writers: Vec<_> = (0..3)
        .map(|writer| {
            let client = server.client.clone();
            let url = server.url(&format!("/api/v1/articles/{BUSY}/comments"));
            tokio::spawn(async move {
                let mut last_root = None;
                for n in 0..15 {
                    let parent = if n % 3 == 2 { last_root } else { None };
                    let response = client
                        .post(&url)
                        .json(&new_comment(
                            &format!("Writer {writer}, comment {n}."),
                            parent,
                            "Writer",
                            "w@example.net",
                        ))
                        .send()
                        .await
                        .unwrap();
                    assert_eq!(response.status(), StatusCode::CREATED);
                    let comment: Comment = response.json().await.unwrap();
                    if parent.is_none() {
                        last_root = Some(comment.id);
                    }
                }
            })
        })
        .collect();

    let (oldest, newest) = tokio::join!(
        walk_while(&server, "oldest", 5, || async {
            tokio::task::yield_now().await
        }),
        walk_while(&server, "newest", 5, || async {
            tokio::task::yield_now().await
        }),
    );
    for writer in writers {
        writer.await.unwrap();
    }
    for seen in [&oldest, &newest] {
        assert_eq!(
            seen.len(),
            seen.iter().collect::<HashSet<_>>().len(),
            "no repeats"
        );
    }
    assert_eq!(&oldest[..before_oldest.len()], &before_oldest[..]);
    assert_eq!(
        &newest[newest.len() - before_newest.len()..],
        &before_newest[..]
    );
    assert_eq!(server.article(BUSY).await.comment_count, total_before + 45);
}

#[tokio::test]
async fn replies_nest_under_their_parent_at_any_depth() {
    let server = spawn().await;
    let a = server.comment(DAM, "Root.", None).await;
    let b = server.comment(DAM, "Reply to root.", Some(a.id)).await;
    let c = server.comment(DAM, "Reply to the reply.", Some(b.id)).await;
    let d = server
        .comment(DAM, "Second reply to root.", Some(a.id))
        .await;
    let e = server.comment(DAM, "Deeper still.", Some(c.id)).await;
    assert_eq!(b.parent_id, Some(a.id));

    let page: CommentPage = server
        .get_json(&format!(
            "/api/v1/articles/{DAM}/comments?sort=newest&limit=1"
        ))
        .await;
    let root = &page.items[0];
    assert_eq!(root.id, a.id);
    assert_eq!(ids(&root.replies), [b.id, d.id]);
    assert_eq!(ids(&root.replies[0].replies), [c.id]);
    assert_eq!(ids(&root.replies[0].replies[0].replies), [e.id]);
    assert_eq!(page.total, 11);

    // The Location of a reply shows it with its own replies.
    let reply: Comment = server.get_json(&format!("/api/v1/comments/{}", b.id)).await;
    assert_eq!(ids(&reply.replies), [c.id]);
    assert_eq!(ids(&reply.replies[0].replies), [e.id]);
}

#[tokio::test]
async fn a_linked_comment_comes_back_inside_its_whole_thread() {
    let server = spawn().await;
    let root = server
        .comment(DAM, "Root of the linked thread.", None)
        .await;
    let reply = server.comment(DAM, "A reply.", Some(root.id)).await;
    let deep = server.comment(DAM, "Deeper.", Some(reply.id)).await;

    let thread: Comment = server
        .get_json(&format!(
            "/api/v1/articles/{DAM}/comments/{}/thread",
            deep.id
        ))
        .await;
    assert_eq!(thread.id, root.id);
    assert_eq!(ids(&thread.replies), [reply.id]);
    assert_eq!(ids(&thread.replies[0].replies), [deep.id]);

    // The same comment asked for under another article, or an id that is not a number.
    let other = server.get("/api/v1/articles?limit=50").await;
    let other: ArticlePage = other.json();
    let elsewhere = other
        .items
        .iter()
        .find(|article| article.slug != DAM)
        .expect("a second article");
    for path in [
        format!(
            "/api/v1/articles/{}/comments/{}/thread",
            elsewhere.slug, deep.id
        ),
        format!("/api/v1/articles/{DAM}/comments/abc/thread"),
        format!("/api/v1/articles/{DAM}/comments/999999/thread"),
    ] {
        let answer = server.get(&path).await;
        answer.problem(StatusCode::NOT_FOUND);
    }
}

#[tokio::test]
async fn a_new_comment_is_created_with_location_and_counted() {
    let server = spawn().await;
    let body = json!({
        "body": "  First line.\r\n\r\nSecond line.  ",
        "guest": {"name": "  Rêbaz ", "email": " rebaz@example.net "}
    });
    let answer = server.post("budget-vote", &body, None).await;
    assert_eq!(answer.status, StatusCode::CREATED);
    let comment: Comment = answer.json();
    assert_eq!(comment.body, "First line.\n\nSecond line.");
    assert_eq!(comment.author.name, "Rêbaz");
    assert_eq!(comment.author.kind, AuthorKind::Guest);
    assert_eq!(comment.parent_id, None);
    assert!(comment.replies.is_empty());
    assert!(is_rfc3339_utc(&comment.created_at));
    let location = answer.header("location").unwrap();
    assert_eq!(location, format!("/api/v1/comments/{}", comment.id));
    let fetched: Comment = server.get_json(location).await;
    assert_eq!(fetched, comment);

    assert_eq!(server.article("budget-vote").await.comment_count, 2);
    let latest: LatestComments = server.get_json("/api/v1/comments/latest?limit=1").await;
    assert_eq!(latest.items[0].id, comment.id);
    assert_eq!(latest.items[0].article.comment_count, 2);
}

#[tokio::test]
async fn every_rule_names_exactly_the_bad_fields() {
    let server = spawn().await;
    let long_name = "n".repeat(61);
    let long_body = "b".repeat(5_001);
    let cases: Vec<(Value, &[&str])> = vec![
        (new_comment("", None, "Aram", "aram@example.net"), &["body"]),
        (
            new_comment(" \n ", None, "Aram", "aram@example.net"),
            &["body"],
        ),
        (
            new_comment(&long_body, None, "Aram", "aram@example.net"),
            &["body"],
        ),
        (
            new_comment("tab\there", None, "Aram", "aram@example.net"),
            &["body"],
        ),
        (
            new_comment("Fine.", None, "", "aram@example.net"),
            &["guest.name"],
        ),
        (
            new_comment("Fine.", None, &long_name, "aram@example.net"),
            &["guest.name"],
        ),
        (
            new_comment("Fine.", None, "Line\nbreak", "aram@example.net"),
            &["guest.name"],
        ),
        (new_comment("Fine.", None, "Aram", ""), &["guest.email"]),
        (
            new_comment("Fine.", None, "Aram", "not-an-address"),
            &["guest.email"],
        ),
        (
            new_comment("Fine.", None, "Aram", "two@@example.net"),
            &["guest.email"],
        ),
        (
            new_comment("Fine.", Some(0), "Aram", "aram@example.net"),
            &["parent_id"],
        ),
        (
            new_comment("Fine.", Some(-4), "Aram", "aram@example.net"),
            &["parent_id"],
        ),
        (json!({"body": "Fine."}), &["guest"]),
        (
            new_comment("", Some(0), "", "bad"),
            &["body", "guest.email", "guest.name", "parent_id"],
        ),
    ];
    for (body, expected) in cases {
        let answer = server.post(DAM, &body, None).await;
        let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(problem.title, "Your comment needs changes");
        let fields: Vec<&str> = problem.errors.keys().map(String::as_str).collect();
        assert_eq!(fields, expected, "{body}");
        assert!(problem.errors.values().all(|messages| !messages.is_empty()));
    }
    assert_eq!(server.article(DAM).await.comment_count, 6, "nothing stored");
}

#[tokio::test]
async fn a_parent_must_exist_in_the_same_article() {
    let server = spawn().await;
    let elsewhere = server.comment("budget-vote", "Elsewhere.", None).await;
    let answer = server
        .post(
            DAM,
            &new_comment("Reply.", Some(elsewhere.id), "Aram", "aram@example.net"),
            None,
        )
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["parent_id"]
    );
    let answer = server
        .post(
            DAM,
            &new_comment("Reply.", Some(999_999), "Aram", "aram@example.net"),
            None,
        )
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["parent_id"]
    );
    let answer = server
        .post(
            "no-such-story",
            &new_comment("Hi.", None, "Aram", "aram@example.net"),
            None,
        )
        .await;
    answer.problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn unreadable_bodies_are_problems() {
    let server = spawn().await;
    let url = server.url(&format!("/api/v1/articles/{DAM}/comments"));
    let json_post = |body: &'static str| {
        server
            .client
            .post(&url)
            .header(header::CONTENT_TYPE, "application/json")
            .body(body)
    };
    server
        .send(json_post("{\"body\": "))
        .await
        .problem(StatusCode::BAD_REQUEST);
    server
        .send(json_post("not json"))
        .await
        .problem(StatusCode::BAD_REQUEST);
    server
        .send(json_post(""))
        .await
        .problem(StatusCode::BAD_REQUEST);
    let wrong_type = server
        .send(json_post(
            r#"{"body": 5, "guest": {"name": "A", "email": "a@b.cd"}}"#,
        ))
        .await;
    assert_eq!(
        wrong_type.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["body"]
    );
    let text = server
        .send(
            server
                .client
                .post(&url)
                .header(header::CONTENT_TYPE, "text/plain")
                .body(r#"{"body":"x"}"#),
        )
        .await;
    text.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let none = server
        .send(server.client.post(&url).body(r#"{"body":"x"}"#))
        .await;
    none.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let server = spawn().await;
    let body = new_comment(&"x".repeat(70 * 1024), None, "Aram", "aram@example.net");
    let answer = server.post(DAM, &body, None).await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(server.article(DAM).await.comment_count, 6);
}

#[tokio::test]
async fn bad_query_values_are_400_naming_the_parameter() {
    let server = spawn().await;
    let cases: &[(&str, &[&str])] = &[
        ("/api/v1/articles?limit=abc", &["limit"]),
        ("/api/v1/articles?limit=0", &["limit"]),
        ("/api/v1/articles?limit=51", &["limit"]),
        ("/api/v1/articles?cursor=garbage", &["cursor"]),
        ("/api/v1/articles?limit=2&limit=3", &["limit"]),
        ("/api/v1/articles/dam-talks/comments?sort=best", &["sort"]),
        ("/api/v1/articles/dam-talks/comments?limit=101", &["limit"]),
        ("/api/v1/articles/dam-talks/comments?limit=-1", &["limit"]),
        (
            "/api/v1/articles/dam-talks/comments?cursor=garbage",
            &["cursor"],
        ),
        (
            "/api/v1/articles/dam-talks/comments?sort=best&limit=x&cursor=y",
            &["cursor", "limit", "sort"],
        ),
        ("/api/v1/comments/latest?limit=51", &["limit"]),
        ("/api/v1/articles/dam-talks/related?limit=21", &["limit"]),
    ];
    for (path, expected) in cases {
        let answer = server.get(path).await;
        assert_eq!(
            answer.error_fields(StatusCode::BAD_REQUEST),
            *expected,
            "{path}"
        );
    }
    // A cursor of one list is refused by another.
    let page: ArticlePage = server.get_json("/api/v1/articles?limit=1").await;
    let cursor = page.next_cursor.unwrap();
    let answer = server
        .get(&format!("/api/v1/articles/{DAM}/comments?cursor={cursor}"))
        .await;
    assert_eq!(answer.error_fields(StatusCode::BAD_REQUEST), ["cursor"]);
    // Empty values mean "absent".
    let _: ArticlePage = server
        .get_json("/api/v1/articles?section=&limit=&cursor=")
        .await;
}

#[tokio::test]
async fn unknown_paths_and_methods_are_problems() {
    let server = spawn().await;
    for path in [
        "/api",
        "/api/",
        "/api/v1",
        "/api/v1/nope",
        "/api/v2/articles",
        "/api/v1/articles/dam-talks/comments/extra",
        "/api/v1/articles/no-such-story/comments",
        "/api/v1/articles/no-such-story/related",
        "/api/v1/comments/abc",
        "/api/v1/comments/0",
        "/api/v1/comments/999999",
        "/not-the-api",
    ] {
        server.get(path).await.problem(StatusCode::NOT_FOUND);
    }
    for (method, path) in [
        (Method::DELETE, "/api/v1/articles"),
        (Method::POST, "/api/v1/articles"),
        (Method::PUT, "/api/v1/articles/dam-talks/comments"),
        (Method::POST, "/api/v1/health"),
    ] {
        let answer = server
            .send(server.client.request(method, server.url(path)))
            .await;
        answer.problem(StatusCode::METHOD_NOT_ALLOWED);
        assert!(answer.header("allow").is_some(), "{path}");
    }
}

#[tokio::test]
async fn an_idempotent_retry_returns_the_first_answer() {
    let server = spawn().await;
    let body = new_comment("Sent twice.", None, "Aram", "aram@example.net");
    let first = server.post(DAM, &body, Some("key-123")).await;
    assert_eq!(first.status, StatusCode::CREATED);
    assert_eq!(first.header(REPLAYED_HEADER), None);
    let second = server.post(DAM, &body, Some("key-123")).await;
    assert_eq!(second.status, StatusCode::CREATED);
    assert_eq!(second.text, first.text);
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(second.header(REPLAYED_HEADER), Some("true"));
    assert_eq!(server.article(DAM).await.comment_count, 7);

    // Same key, different body.
    let other = new_comment("Something else.", None, "Aram", "aram@example.net");
    let conflict = server.post(DAM, &other, Some("key-123")).await;
    assert_eq!(
        conflict.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["Idempotency-Key"]
    );
    // Same key and body, other article.
    let conflict = server.post("budget-vote", &body, Some("key-123")).await;
    conflict.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(server.article(DAM).await.comment_count, 7);

    // A new key is a new comment; unusable keys are refused.
    let third = server.post(DAM, &body, Some("key-456")).await;
    assert_eq!(third.status, StatusCode::CREATED);
    assert_ne!(third.text, first.text);
    let too_long = "k".repeat(201);
    let answer = server.post(DAM, &body, Some(&too_long)).await;
    assert_eq!(
        answer.error_fields(StatusCode::BAD_REQUEST),
        ["Idempotency-Key"]
    );
    assert_eq!(server.article(DAM).await.comment_count, 8);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn racing_retries_with_one_key_create_one_comment() {
    let server = spawn().await;
    let body = new_comment("Double click.", None, "Aram", "aram@example.net");
    let url = server.url(&format!("/api/v1/articles/{DAM}/comments"));
    let requests = (0..8).map(|_| {
        server
            .client
            .post(&url)
            .header("Idempotency-Key", "race-key")
            .json(&body)
            .send()
    });
    let responses = futures::future::join_all(requests).await;
    let mut comment_ids = BTreeSet::new();
    for response in responses {
        let response = response.unwrap();
        assert_eq!(response.status(), StatusCode::CREATED);
        let comment: Comment = response.json().await.unwrap();
        comment_ids.insert(comment.id);
    }
    assert_eq!(comment_ids.len(), 1);
    assert_eq!(server.article(DAM).await.comment_count, 7);
}

#[tokio::test]
async fn the_guests_email_never_appears_in_any_answer() {
    let server = spawn().await;
    let secret = "zq-secret-mailbox@example.net";
    let comment = server
        .post(
            DAM,
            &new_comment("Mind my address.", None, "Aram", secret),
            Some("mail-key"),
        )
        .await;
    assert_eq!(comment.status, StatusCode::CREATED);
    let replayed = server
        .post(
            DAM,
            &new_comment("Mind my address.", None, "Aram", secret),
            Some("mail-key"),
        )
        .await;
    let conflict = server
        .post(
            DAM,
            &new_comment("Other text.", None, "Aram", secret),
            Some("mail-key"),
        )
        .await;
    let invalid = server
        .post(DAM, &new_comment("", None, "", secret), None)
        .await;
    let wrong_shape = server
        .post(DAM, &json!({"body": "x", "guest": secret}), None)
        .await;
    let mut answers = vec![comment, replayed, conflict, invalid, wrong_shape];
    for path in [
        "/api/v1/articles".to_owned(),
        format!("/api/v1/articles/{DAM}"),
        format!("/api/v1/articles/{DAM}/comments"),
        format!("/api/v1/articles/{DAM}/comments?sort=newest&limit=100"),
        format!("/api/v1/articles/{BUSY}/comments?limit=100"),
        format!("/api/v1/articles/{DAM}/related"),
        "/api/v1/comments/latest?limit=50".to_owned(),
        format!("/api/v1/articles/{secret}"),
        format!("/api/v1/articles/{secret}/comments"),
        format!("/api/v1/nope/{secret}"),
        format!("/api/v1/articles?section={secret}&cursor={secret}"),
    ] {
        answers.push(server.get(&path).await);
    }
    for id in 1..=server.count_rows("SELECT MAX(id) FROM comments").await {
        answers.push(server.get(&format!("/api/v1/comments/{id}")).await);
    }
    for answer in &answers {
        assert!(!answer.text.contains("secret-mailbox"), "{}", answer.text);
        // Seeded addresses too.
        assert!(!answer.text.contains("@example."), "{}", answer.text);
    }
    let stored = server
        .count_rows(
            "SELECT COUNT(*) FROM comments WHERE author_email = 'zq-secret-mailbox@example.net'",
        )
        .await;
    assert_eq!(stored, 1, "kept for the newsroom");
}

#[tokio::test]
async fn latest_comments_are_newest_first_with_their_articles() {
    let server = spawn().await;
    let posted = server
        .comment("festival-opens", "Opening night was great.", None)
        .await;
    let latest: LatestComments = server.get_json("/api/v1/comments/latest").await;
    assert_eq!(latest.items.len(), 10, "default limit");
    assert_eq!(latest.items[0].id, posted.id);
    assert_eq!(latest.items[0].article.slug, "festival-opens");
    assert_eq!(latest.items[0].article.title, "Film festival opens");
    assert_eq!(latest.items[0].article.comment_count, 1);
    for pair in latest.items.windows(2) {
        assert!((&pair[0].created_at, pair[0].id) >= (&pair[1].created_at, pair[1].id));
    }
    for item in &latest.items {
        let article = server.article(&item.article.slug).await;
        assert_eq!(item.article.published_at, article.published_at);
        assert_eq!(item.article.comment_count, article.comment_count);
    }
    let three: LatestComments = server.get_json("/api/v1/comments/latest?limit=3").await;
    assert_eq!(ids_of_latest(&three), ids_of_latest(&latest)[..3]);
    let fifty: LatestComments = server.get_json("/api/v1/comments/latest?limit=50").await;
    assert_eq!(fifty.items.len(), 50);
}

fn ids_of_latest(latest: &LatestComments) -> Vec<i64> {
    latest.items.iter().map(|item| item.id).collect()
}

#[tokio::test]
async fn related_articles_exclude_the_article_and_put_its_section_first() {
    let server = spawn().await;
    let related: RelatedArticles = server
        .get_json(&format!("/api/v1/articles/{DAM}/related"))
        .await;
    let slugs: Vec<&str> = related.items.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(
        slugs,
        [
            "budget-vote",
            "festival-opens",
            "bazaar-prices",
            BUSY,
            "reservoir-rtl"
        ]
    );
    let culture: RelatedArticles = server
        .get_json("/api/v1/articles/festival-opens/related?limit=2")
        .await;
    let slugs: Vec<&str> = culture.items.iter().map(|a| a.slug.as_str()).collect();
    assert_eq!(slugs, [BUSY, "bazaar-prices"]);
    let all: RelatedArticles = server
        .get_json("/api/v1/articles/festival-opens/related?limit=20")
        .await;
    assert_eq!(all.items.len(), 5);
    assert!(all.items.iter().all(|a| a.slug != "festival-opens"));
}

fn static_dir() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str, text: &str| {
        let path = dir.path().join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("index.html", "<!doctype html><title>Byline</title>");
    write("byline-0123456789abcdef.js", "console.log('hi');");
    write("byline-0123456789abcdef_bg.wasm", "\0asm");
    write(
        "images/dam-talks.svg",
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    );
    dir
}

#[tokio::test]
async fn the_front_end_is_served_with_spa_fallback_and_cache_headers() {
    let files = static_dir();
    let root = files.path().to_owned();
    let server = spawn_with(|config| config.static_dir = Some(root)).await;

    for path in [
        "/",
        "/index.html",
        "/articles/dam-talks",
        "/articles/x-0123456789abcdef.js",
    ] {
        let answer = server.get(path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(answer.content_type().starts_with("text/html"), "{path}");
        assert!(answer.text.contains("<title>Byline</title>"));
        assert_eq!(answer.header("cache-control"), Some(NO_CACHE), "{path}");
    }
    for path in [
        "/byline-0123456789abcdef.js",
        "/byline-0123456789abcdef_bg.wasm",
    ] {
        let answer = server.get(path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert_eq!(answer.header("cache-control"), Some(IMMUTABLE), "{path}");
    }
    let image = server.get("/images/dam-talks.svg").await;
    assert_eq!(image.status, StatusCode::OK);
    assert_eq!(image.content_type(), "image/svg+xml");
    assert_eq!(image.header("cache-control"), Some(NO_CACHE));
    // The page revalidates by its tag, and an unchanged page costs no body.
    let page = server.get("/articles/dam-talks").await;
    let tag = page.header("etag").expect("the page has an ETag");
    let unchanged = Answer::read(
        server
            .client
            .get(server.url("/articles/dam-talks"))
            .header("If-None-Match", tag)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(unchanged.status, StatusCode::NOT_MODIFIED);
    assert_eq!(unchanged.text, "");

    // The API keeps its own answers.
    server
        .get("/api/v1/nope")
        .await
        .problem(StatusCode::NOT_FOUND);
    let _: Value = server.get_json("/api/v1/health").await;
}

#[tokio::test]
async fn paths_under_account_and_embed_get_their_bundles_and_the_rest_the_readers() {
    let files = static_dir();
    std::fs::create_dir_all(files.path().join("account")).unwrap();
    std::fs::write(
        files.path().join("account/index.html"),
        "<!doctype html><title>Your account</title>",
    )
    .unwrap();
    std::fs::write(
        files
            .path()
            .join("account/byline-account-0123456789abcdef.js"),
        "console.log('account');",
    )
    .unwrap();
    std::fs::create_dir_all(files.path().join("embed")).unwrap();
    std::fs::write(
        files.path().join("embed/index.html"),
        "<!doctype html><title>Comments</title>",
    )
    .unwrap();
    let root = files.path().to_owned();
    let server = spawn_with(|config| config.static_dir = Some(root)).await;

    for path in ["/embed/comments?article=x", "/embed/latest"] {
        let answer = server.get(path).await;
        assert!(answer.text.contains("<title>Comments</title>"), "{path}");
    }
    for path in [
        "/account",
        "/account/",
        "/account/sign-in",
        "/account/reset?token=ab",
    ] {
        let answer = server.get(path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        assert!(
            answer.text.contains("<title>Your account</title>"),
            "{path}"
        );
        assert_eq!(answer.header("cache-control"), Some(NO_CACHE), "{path}");
    }
    let script = server
        .get("/account/byline-account-0123456789abcdef.js")
        .await;
    assert_eq!(script.status, StatusCode::OK);
    assert!(script.text.contains("account"));
    assert_eq!(script.header("cache-control"), Some(IMMUTABLE));
    for path in ["/", "/articles/dam-talks", "/accounts-of-the-war"] {
        let answer = server.get(path).await;
        assert!(answer.text.contains("<title>Byline</title>"), "{path}");
    }
}

#[tokio::test]
async fn a_static_dir_without_index_is_refused_at_start() {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("byline.db"));
    config.addr = ([127, 0, 0, 1], 0).into();
    config.static_dir = Some(dir.path().join("missing"));
    assert!(byline_server::start(config).await.is_err());
}

#[tokio::test]
async fn the_database_runs_in_wal_mode() {
    let server = spawn().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let dir = tempfile::tempdir().unwrap();
    let pool = byline_server::open_db(&dir.path().join("other.db"))
        .await
        .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn api_answers_are_compressed_when_asked() {
    let server = spawn().await;
    let answer = server
        .send(
            server
                .client
                .get(server.url(&format!("/api/v1/articles/{BUSY}/comments")))
                .header(header::ACCEPT_ENCODING, "gzip"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert_eq!(answer.header("content-encoding"), Some("gzip"));
}

#[tokio::test]
async fn cors_allows_only_the_configured_origins() {
    let server = spawn_with(|config| {
        config.allowed_origins = vec!["http://localhost:8080".to_owned()];
    })
    .await;
    let preflight = server
        .send(
            server
                .client
                .request(
                    Method::OPTIONS,
                    server.url("/api/v1/articles/dam-talks/comments"),
                )
                .header(header::ORIGIN, "http://localhost:8080")
                .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(
                    header::ACCESS_CONTROL_REQUEST_HEADERS,
                    "content-type,idempotency-key",
                ),
        )
        .await;
    assert!(preflight.status.is_success());
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("http://localhost:8080")
    );
    let allowed_headers = preflight.header("access-control-allow-headers").unwrap();
    assert!(allowed_headers.contains("idempotency-key"));
    let foreign = server
        .send(
            server
                .client
                .get(server.url("/api/v1/health"))
                .header(header::ORIGIN, "https://evil.example"),
        )
        .await;
    assert_eq!(foreign.header("access-control-allow-origin"), None);

    let same_origin_only = spawn().await;
    let answer = same_origin_only
        .send(
            same_origin_only
                .client
                .get(same_origin_only.url("/api/v1/health"))
                .header(header::ORIGIN, "http://localhost:8080"),
        )
        .await;
    assert_eq!(answer.header("access-control-allow-origin"), None);
}

#[tokio::test]
async fn the_seed_command_appends_generated_comments() {
    let server = spawn().await;
    let lists = SeedFile::read(Path::new(FIXTURE)).unwrap().generator;
    let dam_id = server
        .count_rows("SELECT id FROM articles WHERE slug = 'dam-talks'")
        .await;
    let last_id = server.count_rows("SELECT MAX(id) FROM comments").await;
    let last_at = server
        .count_rows(&format!(
            "SELECT MAX(created_at) FROM comments WHERE article_id = {dam_id}"
        ))
        .await;
    let total = add_generated_comments(&server.pool, DAM, 25, &lists)
        .await
        .unwrap();
    let now = byline_server::now_ms();
    assert_eq!(total, 31);
    assert_eq!(server.article(DAM).await.comment_count, 31);
    let in_window = server
        .count_rows(&format!(
            "SELECT COUNT(*) FROM comments WHERE article_id = {dam_id} AND id > {last_id} \
             AND created_at > {last_at} AND created_at <= {now}"
        ))
        .await;
    assert_eq!(in_window, 25, "after the last comment, never in the future");
    let threads = server.all_threads(DAM, "oldest", 100).await;
    assert_eq!(tree_size(&threads), 31);
    assert!(
        add_generated_comments(&server.pool, "no-such-story", 1, &lists)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_real_seed_file_meets_the_content_targets() {
    let seed = SeedFile::builtin().unwrap();
    if seed.articles.is_empty() {
        println!("SKIPPED: seed/site.json has no articles yet");
        return;
    }
    let started = Instant::now();
    let server = spawn_with(|config| config.seed = SeedSource::Builtin).await;
    let elapsed = started.elapsed();
    println!("started with the real seed in {elapsed:?}");
    assert!(
        elapsed < Duration::from_secs(10),
        "seeding took {elapsed:?}"
    );

    let articles = server.count_rows("SELECT COUNT(*) FROM articles").await;
    let sections = server
        .count_rows("SELECT COUNT(DISTINCT section) FROM articles")
        .await;
    let comments = server.count_rows("SELECT COUNT(*) FROM comments").await;
    let replies = server
        .count_rows("SELECT COUNT(*) FROM comments WHERE parent_id IS NOT NULL")
        .await;
    let biggest = server
        .count_rows("SELECT MAX(comment_count) FROM articles")
        .await;
    println!(
        "{articles} articles, {sections} sections, {comments} comments ({replies} replies), biggest thread {biggest}"
    );
    assert!(articles >= 12);
    assert!(sections >= 3);
    assert!(comments >= 150);
    assert!(replies > 0);
    assert!(biggest >= 2_000);
    let miscounted = server
        .count_rows(
            "SELECT COUNT(*) FROM articles a WHERE comment_count <> \
             (SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id)",
        )
        .await;
    assert_eq!(miscounted, 0);
    let now = byline_server::now_ms();
    let future = server
        .count_rows(&format!(
            "SELECT COUNT(*) FROM comments c JOIN articles a ON a.id = c.article_id \
             WHERE c.created_at > {now} OR c.created_at < a.published_at OR a.published_at > {now}"
        ))
        .await;
    assert_eq!(future, 0, "nothing in the future or before its article");
    let early_replies = server
        .count_rows(
            "SELECT COUNT(*) FROM comments c JOIN comments p ON p.id = c.parent_id \
             WHERE c.created_at < p.created_at",
        )
        .await;
    assert_eq!(early_replies, 0, "no reply before its parent");

    // The API serves it.
    let list: ArticlePage = server.get_json("/api/v1/articles?limit=50").await;
    assert_eq!(list.items.len() as i64, articles);
    for summary in &list.items {
        let article = server.article(&summary.slug).await;
        assert!(!article.body.is_empty(), "{}", summary.slug);
        let page: CommentPage = server
            .get_json(&format!(
                "/api/v1/articles/{}/comments?limit=100",
                summary.slug
            ))
            .await;
        assert_eq!(page.total, article.comment_count);
        assert_well_nested(&page.items, None);
        assert!(!serde_json::to_string(&page).unwrap().contains("@example."));
    }
}

#[tokio::test]
async fn counts_answer_for_every_known_article_in_one_request() {
    let server = spawn().await;
    server.comment("dam-talks", "One more.", None).await;
    let dam = server.article("dam-talks").await.comment_count;
    let quiet = server.article("festival-opens").await.comment_count;
    let answer = server
        .send(
            server
                .client
                .post(server.url("/api/v1/counts"))
                .json(&json!({"articles": ["dam-talks", "festival-opens", "no-such-story"]})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let counts: byline_contract::Counts = answer.json();
    assert_eq!(counts.counts.len(), 2);
    assert_eq!(counts.counts["dam-talks"], dam);
    assert_eq!(counts.counts["festival-opens"], quiet);

    let too_many: Vec<String> = (0..101).map(|n| format!("story-{n}")).collect();
    let answer = server
        .send(
            server
                .client
                .post(server.url("/api/v1/counts"))
                .json(&json!({ "articles": too_many })),
        )
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["articles"]
    );
}

#[tokio::test]
async fn partners_may_frame_the_widgets_and_call_the_api_and_no_one_else() {
    let files = static_dir();
    std::fs::write(files.path().join("embed.js"), "(function () {})();").unwrap();
    let root = files.path().to_owned();
    let server = spawn_with(|config| {
        config.static_dir = Some(root);
        config.partner_origins = vec!["https://partner.example".into()];
    })
    .await;
    // The loader's address cannot carry a hash: cached for a day, then revalidated.
    let loader = server.get("/embed.js").await;
    assert_eq!(loader.status, StatusCode::OK);
    assert_eq!(loader.header("cache-control"), Some(LOADER_CACHE));
    let widget = server.get("/embed/comments?article=dam-talks").await;
    let policy = widget.header("content-security-policy").unwrap_or_default();
    assert!(
        policy.ends_with("; frame-ancestors 'self' https://partner.example"),
        "{policy}"
    );
    for path in ["/", "/articles/dam-talks"] {
        let page = server.get(path).await;
        let policy = page.header("content-security-policy").unwrap_or_default();
        assert!(
            policy.ends_with("; frame-ancestors 'self'"),
            "{path}: {policy}"
        );
    }
    let cors = |origin: &'static str| {
        server.send(
            server
                .client
                .get(server.url("/api/v1/articles/dam-talks"))
                .header("Origin", origin),
        )
    };
    let partner = cors("https://partner.example").await;
    assert_eq!(
        partner.header("access-control-allow-origin"),
        Some("https://partner.example")
    );
    let stranger = cors("https://stranger.example").await;
    assert_eq!(stranger.header("access-control-allow-origin"), None);
}

/// The `'sha256-…'` source of a script's text, as a browser computes it.
fn script_hash(script: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(script.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

#[tokio::test]
async fn pages_run_only_their_own_scripts_and_every_answer_carries_security_headers() {
    let files = static_dir();
    let index = files.path().join("index.html");
    let first = "window.first = 1;";
    std::fs::write(
        &index,
        format!("<!doctype html><title>Byline</title><script>{first}</script>"),
    )
    .unwrap();
    let root = files.path().to_owned();
    let server = spawn_with(|config| config.static_dir = Some(root)).await;

    let page = server.get("/articles/dam-talks").await;
    let policy = page.header("content-security-policy").unwrap().to_owned();
    assert!(policy.contains(&script_hash(first)), "{policy}");
    for rule in [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' 'sha256-",
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'self'",
    ] {
        assert!(policy.contains(rule), "{rule} missing in {policy}");
    }
    assert!(!policy.contains("unsafe-inline"), "{policy}");

    // A rebuilt page (as `cargo xtask dev` makes them) gets the hash of its new script.
    let second = "window.second = 2;";
    tokio::time::sleep(Duration::from_millis(20)).await;
    std::fs::write(
        &index,
        format!("<!doctype html><title>Byline</title><script>{second}</script>"),
    )
    .unwrap();
    let policy = server
        .get("/")
        .await
        .header("content-security-policy")
        .unwrap()
        .to_owned();
    assert!(policy.contains(&script_hash(second)), "{policy}");
    assert!(!policy.contains(&script_hash(first)), "{policy}");

    // Every answer, page, asset, API or error, says the rest.
    for path in [
        "/",
        "/byline-0123456789abcdef.js",
        "/api/v1/articles/dam-talks",
        "/api/v1/no-such-route",
    ] {
        let answer = server.get(path).await;
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            answer.header("referrer-policy"),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
        let permissions = answer.header("permissions-policy").unwrap_or_default();
        assert!(permissions.contains("camera=()"), "{path}: {permissions}");
    }
    // The API's answers may load and be framed by nothing.
    let api = server.get("/api/v1/articles/dam-talks").await;
    assert_eq!(
        api.header("content-security-policy"),
        Some("default-src 'none'; frame-ancestors 'none'")
    );
}

#[tokio::test]
async fn deeply_nested_and_non_utf8_bodies_get_a_problem_on_every_json_route() {
    let server = spawn().await;
    let deep = format!(
        "{{\"body\": \"x\", \"extra\": {}1{}}}",
        "[".repeat(50_000),
        "]".repeat(50_000)
    );
    let mut not_utf8 = br#"{"body": "caf"#.to_vec();
    not_utf8.extend_from_slice(&[0xff, 0xfe, 0xc3]);
    not_utf8.extend_from_slice(br#"", "guest": {"name": "A", "email": "a@b.cd"}}"#);
    for path in [
        format!("/articles/{DAM}/comments"),
        "/counts".to_owned(),
        "/auth/register".to_owned(),
        "/auth/sign-in".to_owned(),
    ] {
        for (what, body) in [
            ("deep", deep.clone().into_bytes()),
            ("non-UTF-8", not_utf8.clone()),
        ] {
            let answer = server
                .send(
                    server
                        .client
                        .post(server.url(&format!("/api/v1{path}")))
                        .header(header::CONTENT_TYPE, "application/json")
                        .header("Origin", &server.base)
                        .header("X-Byline-Request", "1")
                        .body(body),
                )
                .await;
            assert!(
                answer.status.is_client_error(),
                "{what} body to {path}: {}",
                answer.status
            );
            assert!(
                answer
                    .content_type()
                    .starts_with("application/problem+json"),
                "{what} body to {path}: {}",
                answer.content_type()
            );
        }
    }
    assert_eq!(server.article(DAM).await.comment_count, 6);
}

#[tokio::test]
async fn a_page_served_as_a_file_of_its_own_gets_the_hashes_of_its_own_scripts() {
    let files = static_dir();
    let page_script = "window.ownPage = true;";
    std::fs::create_dir_all(files.path().join("extra")).unwrap();
    std::fs::write(
        files.path().join("extra").join("index.html"),
        format!("<!doctype html><title>Extra</title><script>{page_script}</script>"),
    )
    .unwrap();
    std::fs::write(
        files.path().join("note.html"),
        format!("<!doctype html><title>Note</title><script>{page_script}</script>"),
    )
    .unwrap();
    let root = files.path().to_owned();
    let server = spawn_with(|config| config.static_dir = Some(root)).await;
    for path in ["/extra/", "/note.html"] {
        let answer = server.get(path).await;
        assert_eq!(answer.status, StatusCode::OK, "{path}");
        let policy = answer.header("content-security-policy").unwrap_or_default();
        assert!(
            policy.contains(&script_hash(page_script)),
            "{path}: {policy}"
        );
    }
    // Other paths get the reader's page, and its policy.
    let reader = server.get("/articles/dam-talks").await;
    let policy = reader.header("content-security-policy").unwrap_or_default();
    assert!(!policy.contains(&script_hash(page_script)), "{policy}");
}
