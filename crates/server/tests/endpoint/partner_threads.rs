//! Threads for partners' own pages (`data-url` widgets): looked up by address, started by the
//! first comment, refused off the partner origins, and kept out of the site's own lists; over
//! real HTTP on the fixture's mini site.

#![allow(clippy::unwrap_used)]

use crate::common;

use crate::common::{FIXTURE, Site};

use std::path::PathBuf;

use byline_contract::{
    ArticlePage, CommentPage, Counts, LatestComments, PartnerThread, PostedComment, RelatedArticles,
};
use byline_server::SeedSource;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const PARTNER: &str = "https://partner.example";
const STORY: &str = "https://partner.example/2026/11/river-walk?ref=home";

async fn spawn() -> Site {
    common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.partner_origins = vec![PARTNER.to_owned()];
    })
    .await
}

fn encode(text: &str) -> String {
    text.bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (byte as char).to_string()
            }
            _ => format!("%{byte:02X}"),
        })
        .collect()
}

impl Site {
    async fn get(&self, path: &str) -> common::Answer {
        self.send(self.client.get(self.url(path))).await
    }

    async fn thread_of(&self, url: &str) -> common::Answer {
        self.send(
            self.client
                .get(self.url(&format!("/threads?url={}", encode(url)))),
        )
        .await
    }

    async fn thread(&self, url: &str) -> PartnerThread {
        let answer = self.thread_of(url).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.json()
    }

    async fn post_on(&self, slug: &str, body: &Value) -> common::Answer {
        self.send(
            self.client
                .request(
                    Method::POST,
                    self.url(&format!("/articles/{slug}/comments")),
                )
                .json(body),
        )
        .await
    }
}

fn first_comment(text: &str, url: &str, title: &str) -> Value {
    json!({
        "body": text,
        "guest": {"name": "Partner Reader", "email": "reader@partner.example"},
        "thread": {"url": url, "title": title},
    })
}

#[tokio::test]
async fn the_first_comment_on_a_partner_page_starts_its_thread() {
    let site = spawn().await;
    let before = site.thread(STORY).await;
    assert!(!before.started);
    assert_eq!(before.comment_count, 0);
    assert_eq!(before.url, STORY);
    // Its comments cannot be listed before it starts.
    let early = site
        .send(
            site.client
                .get(site.url(&format!("/articles/{}/comments", before.slug))),
        )
        .await;
    assert_eq!(early.status, StatusCode::NOT_FOUND);
    // The same page however its address is spelled.
    let spelled = site
        .thread("https://PARTNER.example:443/2026/11/river-walk?ref=home#comments")
        .await;
    assert_eq!(spelled.slug, before.slug);

    let answer = site
        .post_on(
            &before.slug,
            &first_comment("First on this walk.", STORY, "  The river walk "),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let posted: PostedComment = answer.json();
    assert!(posted.edit_token.is_some());

    let after = site.thread(STORY).await;
    assert!(after.started);
    assert_eq!(after.comment_count, 1);
    let title: String = sqlx::query_scalar("SELECT title FROM articles WHERE url = ?1")
        .bind(STORY)
        .fetch_one(&site.pool)
        .await
        .unwrap();
    assert_eq!(title, "The river walk");

    // Later comments and replies go to the same thread, with or without the page's details.
    let reply = json!({
        "body": "Agreed.",
        "parent_id": posted.comment.id,
        "guest": {"name": "Second Reader", "email": "second@partner.example"},
    });
    let answer = site.post_on(&after.slug, &reply).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let again = site
        .post_on(
            &after.slug,
            &first_comment("Another one.", STORY, "A new title"),
        )
        .await;
    assert_eq!(again.status, StatusCode::CREATED, "{}", again.text);
    let page: CommentPage = site
        .send(
            site.client
                .get(site.url(&format!("/articles/{}/comments", after.slug))),
        )
        .await
        .json();
    assert_eq!(page.total, 3);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].replies.len(), 1);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM articles WHERE url IS NOT NULL")
            .await,
        1
    );
    assert_eq!(
        site.count("SELECT COUNT(*) FROM articles WHERE title = 'A new title'")
            .await,
        0,
        "the first comment names the thread"
    );
}

#[tokio::test]
async fn pages_off_the_partner_origins_get_no_thread() {
    let site = spawn().await;
    for (url, says) in [
        (
            "https://elsewhere.example/story",
            "https://elsewhere.example",
        ),
        ("http://partner.example/story", "http://partner.example"),
        ("partner.example/story", "full address"),
        ("", "full address"),
    ] {
        let answer = site.thread_of(url).await;
        let problem = answer.problem(StatusCode::BAD_REQUEST);
        let messages = problem.errors.get("url").expect("names url");
        assert!(
            messages.iter().any(|message| message.contains(says)),
            "{url}: {messages:?}"
        );
    }

    // A comment cannot start one either, nor start the thread of another page under a slug.
    let elsewhere = "https://elsewhere.example/story";
    let partner_slug = site.thread(STORY).await.slug;
    let answer = site
        .post_on(
            &partner_slug,
            &first_comment("Hello", elsewhere, "Somewhere"),
        )
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["thread.url"]
    );
    let other = site.thread("https://partner.example/other").await.slug;
    let answer = site
        .post_on(&other, &first_comment("Hello", STORY, "Wrong slug"))
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["thread.url"]
    );
    // Without the page's details an unknown slug is just unknown.
    let answer = site
        .post_on(
            &other,
            &json!({"body": "Hi", "guest": {"name": "A", "email": "a@b.example"}}),
        )
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND);
    // A bad comment starts nothing, and names its own fields.
    let answer = site
        .post_on(&partner_slug, &first_comment("", STORY, "Story"))
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["body"]
    );
    assert_eq!(
        site.count("SELECT COUNT(*) FROM articles WHERE url IS NOT NULL")
            .await,
        0
    );
}

#[tokio::test]
async fn partner_threads_stay_out_of_the_sites_own_lists() {
    let site = spawn().await;
    let slug = site.thread(STORY).await.slug;
    let answer = site
        .post_on(&slug, &first_comment("Only here.", STORY, "River walk"))
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);

    let list: ArticlePage = site.get("/articles?limit=50").await.json();
    assert!(!list.items.iter().any(|article| article.slug == slug));
    assert!(!list.items.is_empty());
    let related: RelatedArticles = site
        .get("/articles/dam-talks/related?limit=20")
        .await
        .json();
    assert!(!related.items.iter().any(|article| article.slug == slug));
    let latest: LatestComments = site.get("/comments/latest?limit=50").await.json();
    assert!(
        !latest
            .items
            .iter()
            .any(|comment| comment.body == "Only here.")
    );
    assert_eq!(
        site.get(&format!("/articles/{slug}")).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn counts_take_partner_page_addresses_too() {
    let site = spawn().await;
    let slug = site.thread(STORY).await.slug;
    for text in ["One", "Two"] {
        let answer = site
            .post_on(&slug, &first_comment(text, STORY, "River walk"))
            .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    }
    let quiet = "https://partner.example/quiet";
    let answer = site
        .send(site.request(Method::POST, "/counts", None).json(&json!({
            "articles": ["festival-opens"],
            "urls": [STORY, quiet, "https://elsewhere.example/x"],
        })))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let counts: Counts = answer.json();
    assert_eq!(counts.counts.len(), 1);
    assert!(counts.counts.contains_key("festival-opens"));
    assert_eq!(counts.urls.len(), 2, "{:?}", counts.urls);
    assert_eq!(counts.urls[STORY], 2);
    assert_eq!(counts.urls[quiet], 0);

    let too_many: Vec<String> = (0..60).map(|n| format!("{PARTNER}/{n}")).collect();
    let slugs: Vec<String> = (0..41).map(|n| format!("story-{n}")).collect();
    let answer = site
        .send(
            site.request(Method::POST, "/counts", None)
                .json(&json!({"articles": slugs, "urls": too_many})),
        )
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["articles"]
    );
}
