//! Flood and spam defences over real HTTP on the fixture's mini site: the write rate limit by
//! client address and by account, the same comment posted again, guests' links, banned words,
//! and the hidden field only robots fill in.

#![allow(clippy::unwrap_used)]

use crate::common;

use crate::common::{Answer, FIXTURE, Site};

use std::path::PathBuf;
use std::time::Duration;

use byline_server::{Config, SeedSource, WriteLimits};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

const STORY: &str = "festival-opens";

async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Site {
    common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        configure(config);
    })
    .await
}

fn guest(body: &str, email: &str) -> Value {
    json!({"body": body, "guest": {"name": "Aram", "email": email}})
}

/// Posts a comment as if from client `address` behind the trusted proxy (the test itself).
async fn post_from(site: &Site, address: &str, body: &Value, session: Option<&str>) -> Answer {
    site.send(
        site.request(
            Method::POST,
            &format!("/articles/{STORY}/comments"),
            session,
        )
        .header("X-Forwarded-For", address)
        .json(body),
    )
    .await
}

async fn comments_stored(site: &Site) -> i64 {
    site.count("SELECT COUNT(*) FROM comments").await
}

#[tokio::test]
async fn each_client_address_gets_its_burst_then_waits_with_retry_after() {
    let site = spawn_with(|config| {
        config.write_limits = WriteLimits {
            per_minute: 6,
            burst: 3,
        };
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    for n in 0..3 {
        let answer = post_from(
            &site,
            "203.0.113.7",
            &guest(&format!("Comment {n}."), "a@example.org"),
            None,
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    }
    let refused = post_from(
        &site,
        "203.0.113.7",
        &guest("One too many.", "a@example.org"),
        None,
    )
    .await;
    let problem = refused.problem(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem.code.as_deref(), Some("rate_limited"));
    // 6 a minute: the next one is 10 seconds away.
    let wait: u64 = refused.header("retry-after").unwrap().parse().unwrap();
    assert!((9..=10).contains(&wait), "Retry-After: {wait}");
    let before = comments_stored(&site).await;

    // Another reader is not held back, reading is not limited, and neither are counts.
    let other = post_from(
        &site,
        "198.51.100.4",
        &guest("Another reader.", "b@example.org"),
        None,
    )
    .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text);
    for _ in 0..10 {
        let read = site
            .send(
                site.client
                    .get(site.url(&format!("/articles/{STORY}/comments")))
                    .header("X-Forwarded-For", "203.0.113.7"),
            )
            .await;
        assert_eq!(read.status, StatusCode::OK);
        let counts = site
            .send(
                site.request(Method::POST, "/counts", None)
                    .header("X-Forwarded-For", "203.0.113.7")
                    .json(&json!({"articles": [STORY]})),
            )
            .await;
        assert_eq!(counts.status, StatusCode::OK, "{}", counts.text);
    }
    assert_eq!(comments_stored(&site).await, before + 1);
}

#[tokio::test]
async fn the_write_limit_counts_across_two_servers_on_one_database() {
    let limits = WriteLimits {
        per_minute: 6,
        burst: 2,
    };
    let proxy: std::net::IpAddr = "127.0.0.1".parse().unwrap();
    let site = spawn_with(|config| {
        config.write_limits = limits;
        config.trusted_proxies = vec![proxy];
    })
    .await;
    let db = site.dir().join("byline.db");
    let second = common::start(move |config, _| {
        config.db = db;
        config.seed = SeedSource::Disabled;
        config.write_limits = limits;
        config.trusted_proxies = vec![proxy];
    })
    .await;
    let post_to_second = |body: Value| {
        site.client
            .post(format!("{}/api/v1/articles/{STORY}/comments", second.base))
            .header("X-Forwarded-For", "203.0.113.9")
            .json(&body)
    };
    // One client's burst of two, one write on each server: the third, on either, waits.
    let first = post_from(
        &site,
        "203.0.113.9",
        &guest("On the first.", "c@example.org"),
        None,
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let other = site
        .send(post_to_second(guest("On the second.", "c@example.org")))
        .await;
    assert_eq!(other.status, StatusCode::CREATED, "{}", other.text);
    let refused = site
        .send(post_to_second(guest("One too many.", "c@example.org")))
        .await;
    assert_eq!(
        refused
            .problem(StatusCode::TOO_MANY_REQUESTS)
            .code
            .as_deref(),
        Some("rate_limited")
    );
    let refused = post_from(
        &site,
        "203.0.113.9",
        &guest("Still too many.", "c@example.org"),
        None,
    )
    .await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_member_is_limited_across_addresses() {
    let site = spawn_with(|config| {
        config.write_limits = WriteLimits {
            per_minute: 6,
            burst: 2,
        };
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    // Registering and confirming are writes too: from an address of their own.
    let session = {
        let register = site
            .send(
                site.request(Method::POST, "/auth/register", None)
                    .header("X-Forwarded-For", "192.0.2.1")
                    .json(
                        &json!({"display_name": "Dana Kaya", "email": "dana@example.org",
                                  "password": common::PASSWORD}),
                    ),
            )
            .await;
        assert_eq!(register.status, StatusCode::ACCEPTED);
        let mail = site.wait_for_mail("dana@example.org", "confirm", 1).await;
        let token = common::link_token(&mail[0], "/account/confirm");
        let confirmed = site
            .send(
                site.request(Method::POST, "/auth/confirm", None)
                    .header("X-Forwarded-For", "192.0.2.2")
                    .json(&json!({"token": token})),
            )
            .await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);
        confirmed.session()
    };
    let member = |body: &str| json!({ "body": body });
    for (n, address) in ["203.0.113.1", "203.0.113.2"].into_iter().enumerate() {
        let answer = post_from(
            &site,
            address,
            &member(&format!("Mine {n}.")),
            Some(&session),
        )
        .await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    }
    // A third address, fresh for its own limit, but the account has used its burst.
    let refused = post_from(&site, "203.0.113.3", &member("Mine 2."), Some(&session)).await;
    let problem = refused.problem(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem.code.as_deref(), Some("rate_limited"));
    // A guest from that address is not.
    let answer = post_from(
        &site,
        "203.0.113.3",
        &guest("A guest here.", "g@example.org"),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
}

#[tokio::test]
async fn the_same_comment_from_the_same_author_is_refused_for_a_while() {
    let site = spawn_with(|config| {
        config.comment_checks.duplicate_window = Duration::from_secs(2);
    })
    .await;
    let first = post_from(&site, "", &guest("Well said.", "a@example.org"), None).await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    // Again, with the address in another case: refused, and nothing is stored.
    let again = post_from(&site, "", &guest("Well said.", "A@Example.org"), None).await;
    let problem = again.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.error_codes["body"], "duplicate_comment");
    assert_eq!(problem.errors.keys().collect::<Vec<_>>(), ["body"]);
    assert_eq!(comments_stored_in_story(&site, "Well said.").await, 1);
    // Someone else may say the same, and the author may say something else.
    for (body, email) in [
        ("Well said.", "b@example.org"),
        ("Agreed.", "a@example.org"),
    ] {
        let answer = post_from(&site, "", &guest(body, email), None).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    }
    // After the window, the same words are welcome again.
    tokio::time::sleep(Duration::from_millis(2_100)).await;
    let later = post_from(&site, "", &guest("Well said.", "a@example.org"), None).await;
    assert_eq!(later.status, StatusCode::CREATED, "{}", later.text);
}

async fn comments_stored_in_story(site: &Site, body: &str) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM comments WHERE body = ?")
        .bind(body)
        .fetch_one(&site.pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_guest_may_post_only_a_few_links() {
    let site = spawn_with(|config| config.comment_checks.guest_max_links = 2).await;
    let two = "See https://a.example and www.b.example.";
    let three = "See https://a.example, https://b.example and https://c.example.";
    let answer = post_from(&site, "", &guest(two, "a@example.org"), None).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let answer = post_from(&site, "", &guest(three, "a@example.org"), None).await;
    let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.error_codes["body"], "too_many_links");
    assert!(
        problem.errors["body"][0].contains("at most 2 links"),
        "{problem:?}"
    );
    // A member may post more.
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let answer = post_from(&site, "", &json!({ "body": three }), Some(&session)).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
}

#[tokio::test]
async fn banned_words_are_refused_in_comments_and_names() {
    let site = spawn_with(|config| {
        config.comment_checks.banned_words = vec!["scoundrel".into(), "cheap pills".into()];
    })
    .await;
    let before = comments_stored(&site).await;
    let answer = post_from(
        &site,
        "",
        &guest("What a SCOUNDREL he is.", "a@example.org"),
        None,
    )
    .await;
    let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.error_codes["body"], "banned_words");
    let named =
        json!({"body": "Hello.", "guest": {"name": "Cheap Pills", "email": "a@example.org"}});
    let problem = post_from(&site, "", &named, None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.error_codes["guest.name"], "banned_words");
    assert_eq!(comments_stored(&site).await, before);
    // Only whole words: a longer word that contains one is fine.
    let answer = post_from(
        &site,
        "",
        &guest("Scoundrelly weather.", "a@example.org"),
        None,
    )
    .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
}

#[tokio::test]
async fn a_filled_in_hidden_field_is_refused_as_automated() {
    let site = spawn_with(|_| {}).await;
    let before = comments_stored(&site).await;
    let mut robot = guest("Great article, visit my site.", "bot@example.org");
    robot["homepage"] = json!("https://spam.example");
    let problem = post_from(&site, "", &robot, None)
        .await
        .problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.code.as_deref(), Some("looks_automated"));
    assert_eq!(comments_stored(&site).await, before);
    // Empty, as a person's browser sends it: posted.
    let mut person = guest("Great article.", "reader@example.org");
    person["homepage"] = json!("");
    let answer = post_from(&site, "", &person, None).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
}

/// Every write route answers the same limit, not only posting: a report, a like, an edit, a
/// removal, a contribution and a moderator's decision from an address that has used its burst
/// all get `429` with `Retry-After`.
#[tokio::test]
async fn every_write_route_is_limited() {
    let site = spawn_with(|config| {
        config.write_limits = WriteLimits {
            per_minute: 6,
            burst: 1,
        };
        config.trusted_proxies = vec!["127.0.0.1".parse().unwrap()];
    })
    .await;
    let address = "203.0.113.9";
    let posted = post_from(
        &site,
        address,
        &guest("My one comment.", "a@example.org"),
        None,
    )
    .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
    let id = posted.json::<byline_contract::PostedComment>().comment.id;
    let writes = [
        (
            Method::POST,
            format!("/comments/{id}/report"),
            json!({"reason": "spam"}),
        ),
        (
            Method::PUT,
            format!("/comments/{id}/like"),
            json!({"browser": "b".repeat(32)}),
        ),
        (
            Method::PATCH,
            format!("/comments/{id}"),
            json!({"body": "Changed."}),
        ),
        (Method::DELETE, format!("/comments/{id}"), json!({})),
        (Method::POST, "/contributions".to_owned(), json!({})),
        (
            Method::POST,
            format!("/moderation/comments/{id}"),
            json!({"action": "approve"}),
        ),
        (Method::POST, "/auth/sign-in".to_owned(), json!({})),
    ];
    for (method, path, body) in writes {
        let answer = site
            .send(
                site.request(method.clone(), &path, None)
                    .header("X-Forwarded-For", address)
                    .json(&body),
            )
            .await;
        let problem = answer.problem(StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(
            problem.code.as_deref(),
            Some("rate_limited"),
            "{method} {path}"
        );
        assert!(
            answer.header("retry-after").is_some(),
            "{method} {path}: no Retry-After"
        );
    }
}

/// Without a trusted proxy, `X-Forwarded-For` is anyone's to write: it names no client, and a
/// new value each time buys no new allowance.
#[tokio::test]
async fn a_forwarded_address_counts_for_nothing_without_a_trusted_proxy() {
    let site = spawn_with(|config| {
        config.write_limits = WriteLimits {
            per_minute: 6,
            burst: 1,
        };
    })
    .await;
    let first = post_from(
        &site,
        "203.0.113.1",
        &guest("First.", "a@example.org"),
        None,
    )
    .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
    let forged = post_from(
        &site,
        "203.0.113.2",
        &guest("Second.", "b@example.org"),
        None,
    )
    .await;
    assert_eq!(
        forged
            .problem(StatusCode::TOO_MANY_REQUESTS)
            .code
            .as_deref(),
        Some("rate_limited")
    );
}
