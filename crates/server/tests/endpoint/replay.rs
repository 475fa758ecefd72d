//! `Idempotency-Key` on the writes other than posting a comment (edits, deletes, every account
//! form), over real HTTP: a repeat gets the first answer back and does nothing again; a key
//! with another request, another session or a request still running is refused; failures are
//! not kept; and the database holds nothing usable without the key.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use crate::common::{Answer, FIXTURE, PASSWORD, Site};
use byline_contract::{IDEMPOTENCY_KEY_HEADER, PostedComment};
use byline_server::{REPLAYED_HEADER, SeedSource};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The fixture article with no comments.
const QUIET: &str = "festival-opens";

async fn spawn() -> Site {
    common::site(|config| config.seed = SeedSource::File(PathBuf::from(FIXTURE))).await
}

/// A write as the page sends it, with a key.
async fn keyed(
    site: &Site,
    method: Method,
    path: &str,
    body: Option<&Value>,
    session: Option<&str>,
    key: &str,
) -> Answer {
    let mut request = site
        .request(method, path, session)
        .header(IDEMPOTENCY_KEY_HEADER, key);
    if let Some(body) = body {
        request = request.json(body);
    }
    site.send(request).await
}

fn replayed(answer: &Answer) -> bool {
    answer.header(REPLAYED_HEADER) == Some("true")
}

async fn comment(site: &Site, text: &str, session: &str) -> i64 {
    let answer = site
        .post(
            &format!("/articles/{QUIET}/comments"),
            &json!({ "body": text }),
            Some(session),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json::<PostedComment>().comment.id
}

#[tokio::test]
async fn a_repeated_password_change_is_answered_as_the_first_was() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let change = json!({"current_password": PASSWORD, "new_password": "a brand new passphrase"});
    let first = keyed(
        &site,
        Method::POST,
        "/auth/password",
        Some(&change),
        Some(&dana),
        "k-1",
    )
    .await;
    assert_eq!(first.status, StatusCode::NO_CONTENT, "{}", first.text);
    assert!(!replayed(&first));

    // The answer was lost; the page sends the same again.
    let again = keyed(
        &site,
        Method::POST,
        "/auth/password",
        Some(&change),
        Some(&dana),
        "k-1",
    )
    .await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "{}", again.text);
    assert!(replayed(&again));

    // Without the key the change is made again, and fails: the current password changed.
    let unkeyed = site
        .send(
            site.request(Method::POST, "/auth/password", Some(&dana))
                .json(&change),
        )
        .await;
    assert_eq!(unkeyed.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_repeated_delete_says_deleted_and_an_expired_key_is_done_again() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let id = comment(&site, "A comment to take back.", &dana).await;
    let path = format!("/comments/{id}");

    let first = keyed(&site, Method::DELETE, &path, None, Some(&dana), "del-1").await;
    assert_eq!(first.status, StatusCode::NO_CONTENT, "{}", first.text);
    let again = keyed(&site, Method::DELETE, &path, None, Some(&dana), "del-1").await;
    assert_eq!(again.status, StatusCode::NO_CONTENT, "{}", again.text);
    assert!(replayed(&again));
    assert_eq!(
        again.header("cache-control"),
        Some("no-store"),
        "replays keep the first answer's headers"
    );

    let fresh = keyed(&site, Method::DELETE, &path, None, Some(&dana), "del-2").await;
    assert_eq!(
        fresh.status,
        StatusCode::NOT_FOUND,
        "a new key is a new request"
    );

    // A day later the key is forgotten: the same request is done again.
    sqlx::query("UPDATE write_replays SET created_at = created_at - 25 * 3600 * 1000")
        .execute(&site.pool)
        .await
        .unwrap();
    let later = keyed(&site, Method::DELETE, &path, None, Some(&dana), "del-1").await;
    assert_eq!(later.status, StatusCode::NOT_FOUND);
    assert!(!replayed(&later));
}

#[tokio::test]
async fn a_repeated_edit_and_profile_change_replay_their_bodies() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let id = comment(&site, "First words.", &dana).await;
    let edit = json!({"body": "Better words."});
    let path = format!("/comments/{id}");
    let first = keyed(&site, Method::PATCH, &path, Some(&edit), Some(&dana), "e-1").await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = keyed(&site, Method::PATCH, &path, Some(&edit), Some(&dana), "e-1").await;
    assert!(replayed(&again));
    assert_eq!((again.status, &again.text), (first.status, &first.text));
    assert_eq!(again.content_type(), first.content_type());

    let profile = json!({"display_name": "Dana K."});
    let first = keyed(
        &site,
        Method::PATCH,
        "/auth/me",
        Some(&profile),
        Some(&dana),
        "p-1",
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = keyed(
        &site,
        Method::PATCH,
        "/auth/me",
        Some(&profile),
        Some(&dana),
        "p-1",
    )
    .await;
    assert!(replayed(&again));
    assert_eq!(again.text, first.text);
}

#[tokio::test]
async fn a_repeated_registration_sends_one_email() {
    let site = spawn().await;
    let body = json!({
        "display_name": "Rezan Ali",
        "email": "rezan@example.org",
        "password": PASSWORD,
    });
    for _ in 0..3 {
        let answer = keyed(
            &site,
            Method::POST,
            "/auth/register",
            Some(&body),
            None,
            "r-1",
        )
        .await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    }
    site.wait_for_mail("rezan@example.org", "confirm", 1).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(site.mails("rezan@example.org", "confirm").len(), 1);
}

#[tokio::test]
async fn a_repeated_sign_in_gets_the_same_session_and_the_file_reveals_nothing() {
    let site = spawn().await;
    site.member("Dana Kaya", "dana@example.org").await;
    let sessions = site.count("SELECT COUNT(*) FROM sessions").await;
    let body = json!({"email": "dana@example.org", "password": PASSWORD});
    let key = "sign-in-key-0b9f7c1e";
    let first = keyed(&site, Method::POST, "/auth/sign-in", Some(&body), None, key).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);
    let again = keyed(&site, Method::POST, "/auth/sign-in", Some(&body), None, key).await;
    assert!(replayed(&again));
    assert_eq!(again.session(), first.session());
    assert_eq!(site.me(Some(&again.session())).await.status, StatusCode::OK);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM sessions").await,
        sessions + 1,
        "one sign-in, one session"
    );

    // What the database keeps: no key, no session token, no email, no password.
    let rows: Vec<(String, String, Vec<u8>)> =
        sqlx::query_as("SELECT key_hash, fingerprint, sealed FROM write_replays")
            .fetch_all(&site.pool)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1);
    let (row, fingerprint, sealed) = &rows[0];
    let stored = format!("{row} {fingerprint} {}", String::from_utf8_lossy(sealed));
    for secret in [key, &first.session(), "dana@example.org", PASSWORD, "Dana"] {
        assert!(!stored.contains(secret), "{secret} is readable in the file");
    }
}

#[tokio::test]
async fn a_key_is_refused_with_another_request_or_another_session() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let lin = site.member("Lin Park", "lin@example.org").await;
    let name = |name: &str| json!({ "display_name": name });
    let first = keyed(
        &site,
        Method::PATCH,
        "/auth/me",
        Some(&name("Dana K.")),
        Some(&dana),
        "x",
    )
    .await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.text);

    let other_body = keyed(
        &site,
        Method::PATCH,
        "/auth/me",
        Some(&name("Dana Q.")),
        Some(&dana),
        "x",
    )
    .await;
    let problem = other_body.problem(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(problem.code.as_deref(), Some("idempotency_key_reused"));
    assert!(problem.errors.contains_key(IDEMPOTENCY_KEY_HEADER));

    // Lin sends Dana's request with Dana's key: not Dana's answer (her email) but a refusal.
    let other_session = keyed(
        &site,
        Method::PATCH,
        "/auth/me",
        Some(&name("Dana K.")),
        Some(&lin),
        "x",
    )
    .await;
    assert_eq!(other_session.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!other_session.text.contains("dana@example.org"));

    let bad_key = keyed(
        &site,
        Method::PATCH,
        "/auth/me",
        Some(&name("Dana K.")),
        Some(&dana),
        "ключ",
    )
    .await;
    assert_eq!(
        bad_key.error_fields(StatusCode::BAD_REQUEST),
        [IDEMPOTENCY_KEY_HEADER]
    );
}

#[tokio::test]
async fn failures_are_not_kept_and_are_done_again() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let wrong =
        json!({"current_password": "not it at all", "new_password": "a brand new passphrase"});
    for _ in 0..2 {
        let answer = keyed(
            &site,
            Method::POST,
            "/auth/password",
            Some(&wrong),
            Some(&dana),
            "f",
        )
        .await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(!replayed(&answer));
    }
    assert_eq!(site.count("SELECT COUNT(*) FROM write_replays").await, 0);
}

#[tokio::test]
async fn a_request_still_running_holds_its_key_and_a_crashed_ones_claim_lapses() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let id = comment(&site, "Going soon.", &dana).await;
    let path = format!("/comments/{id}");
    let first = keyed(&site, Method::DELETE, &path, None, Some(&dana), "c").await;
    assert_eq!(first.status, StatusCode::NO_CONTENT);

    // Make the kept answer look like a claim whose request has not answered yet.
    sqlx::query("UPDATE write_replays SET sealed = NULL, created_at = ?1")
        .bind(byline_server::now_ms())
        .execute(&site.pool)
        .await
        .unwrap();
    let waiting = keyed(&site, Method::DELETE, &path, None, Some(&dana), "c").await;
    let problem = waiting.problem(StatusCode::CONFLICT);
    assert_eq!(problem.code.as_deref(), Some("request_in_progress"));
    assert_eq!(waiting.header("retry-after"), Some("1"));

    // A claim a minute old belonged to a request that died: the repeat runs.
    sqlx::query("UPDATE write_replays SET created_at = created_at - 61 * 1000")
        .execute(&site.pool)
        .await
        .unwrap();
    let retried = keyed(&site, Method::DELETE, &path, None, Some(&dana), "c").await;
    assert_eq!(retried.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn two_sign_ins_at_once_with_one_key_make_one_session() {
    let site = spawn().await;
    site.member("Dana Kaya", "dana@example.org").await;
    let sessions = site.count("SELECT COUNT(*) FROM sessions").await;
    let body = json!({"email": "dana@example.org", "password": PASSWORD});
    let (a, b) = tokio::join!(
        keyed(
            &site,
            Method::POST,
            "/auth/sign-in",
            Some(&body),
            None,
            "same"
        ),
        keyed(
            &site,
            Method::POST,
            "/auth/sign-in",
            Some(&body),
            None,
            "same"
        ),
    );
    let mut statuses = [a.status, b.status];
    statuses.sort();
    assert!(
        statuses == [StatusCode::OK, StatusCode::OK]
            || statuses == [StatusCode::OK, StatusCode::CONFLICT],
        "{statuses:?}"
    );
    assert_eq!(
        site.count("SELECT COUNT(*) FROM sessions").await,
        sessions + 1
    );
}
