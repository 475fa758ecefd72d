//! What members do with their own account: change their name and password, download their
//! comments, delete the account (keeping or removing their comments), over real HTTP.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use crate::common::{FIXTURE, PASSWORD, Site};
use byline_contract::auth::{CommentExport, FORMER_MEMBER, Member};
use byline_contract::{AuthorKind, CommentPage, PostedComment};
use byline_server::SeedSource;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The fixture article with no comments.
const QUIET: &str = "festival-opens";

async fn spawn() -> Site {
    common::site(|config| config.seed = SeedSource::File(PathBuf::from(FIXTURE))).await
}

async fn send(
    site: &Site,
    method: Method,
    path: &str,
    body: &Value,
    session: &str,
) -> common::Answer {
    site.send(site.request(method, path, Some(session)).json(body))
        .await
}

async fn comment(site: &Site, text: &str, parent_id: Option<i64>, session: &str) -> i64 {
    let answer = site
        .post(
            &format!("/articles/{QUIET}/comments"),
            &json!({"body": text, "parent_id": parent_id}),
            Some(session),
        )
        .await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    answer.json::<PostedComment>().comment.id
}

async fn page(site: &Site) -> CommentPage {
    let answer = site
        .send(
            site.client
                .get(site.url(&format!("/articles/{QUIET}/comments"))),
        )
        .await;
    answer.json()
}

#[tokio::test]
async fn a_new_display_name_shows_on_past_comments_and_must_be_free() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let rebaz = site.member("Rebaz Omer", "rebaz@example.org").await;
    comment(&site, "Before the change.", None, &dana).await;

    let answer = send(
        &site,
        Method::PATCH,
        "/auth/me",
        &json!({"display_name": " Dana K. "}),
        &dana,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.json::<Member>().display_name, "Dana K.");
    assert_eq!(
        site.me(Some(&dana)).await.json::<Member>().display_name,
        "Dana K."
    );
    assert_eq!(page(&site).await.items[0].author.name, "Dana K.");

    // Another member's name, in any case, is refused; so is a blank one.
    for (name, field) in [("rebaz omer", "display_name"), ("  ", "display_name")] {
        let answer = send(
            &site,
            Method::PATCH,
            "/auth/me",
            &json!({"display_name": name}),
            &dana,
        )
        .await;
        assert_eq!(
            answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
            [field],
            "{name:?}"
        );
    }
    // Registering under a member's name is refused too.
    let answer = site
        .register("DANA K.", "other@example.org", PASSWORD)
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["display_name"]
    );
    // Without a session: 401.
    let answer = site
        .send(
            site.request(Method::PATCH, "/auth/me", None)
                .json(&json!({"display_name": "Nobody"})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    drop(rebaz);
}

#[tokio::test]
async fn a_password_change_needs_the_current_one_and_ends_other_sessions() {
    let site = spawn().await;
    let here = site.member("Dana Kaya", "dana@example.org").await;
    let elsewhere = site
        .sign_in("dana@example.org", PASSWORD, None)
        .await
        .session();
    let change =
        |current: &str, new: &str| json!({"current_password": current, "new_password": new});

    let answer = send(
        &site,
        Method::POST,
        "/auth/password",
        &change("not my password", "a brand new passphrase"),
        &here,
    )
    .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["current_password"]
    );
    assert_eq!(
        answer.problem(StatusCode::UNPROCESSABLE_ENTITY).error_codes["current_password"],
        "password_wrong"
    );
    let answer = send(
        &site,
        Method::POST,
        "/auth/password",
        &change(PASSWORD, "short"),
        &here,
    )
    .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["new_password"]
    );

    let answer = send(
        &site,
        Method::POST,
        "/auth/password",
        &change(PASSWORD, "a brand new passphrase"),
        &here,
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert_eq!(
        site.me(Some(&here)).await.status,
        StatusCode::OK,
        "this session goes on"
    );
    assert_eq!(
        site.me(Some(&elsewhere)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site.sign_in("dana@example.org", PASSWORD, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        site.sign_in("dana@example.org", "a brand new passphrase", None)
            .await
            .status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn wrong_current_passwords_are_throttled_like_sign_ins() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let body =
        json!({"current_password": "a wrong guess!", "new_password": "a brand new passphrase"});
    let mut statuses = Vec::new();
    for _ in 0..7 {
        statuses.push(
            send(&site, Method::POST, "/auth/password", &body, &session)
                .await
                .status,
        );
    }
    assert_eq!(statuses[0], StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        statuses.last(),
        Some(&StatusCode::TOO_MANY_REQUESTS),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn the_comment_download_holds_every_live_comment_with_its_article() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let other = site.member("Rebaz Omer", "rebaz@example.org").await;
    let first = comment(&site, "First thought.", None, &dana).await;
    let reply = comment(&site, "Second thought.", Some(first), &dana).await;
    comment(&site, "Not Dana's.", None, &other).await;
    let gone = comment(&site, "Taken back.", None, &dana).await;
    let answer = site
        .send(site.request(Method::DELETE, &format!("/comments/{gone}"), Some(&dana)))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);

    let answer = site
        .send(
            site.client
                .get(site.url("/auth/me/comments"))
                .header("Cookie", format!("byline_session={dana}")),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert!(
        answer
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment")
    );
    let export: CommentExport = answer.json();
    assert_eq!(export.member.email, "dana@example.org");
    let ids: Vec<i64> = export.comments.iter().map(|c| c.id).collect();
    assert_eq!(ids, [first, reply]);
    assert_eq!(export.comments[0].article_slug, QUIET);
    assert!(!export.comments[0].article_title.is_empty());
    assert_eq!(export.comments[1].parent_id, Some(first));
    assert_eq!(export.comments[1].body, "Second thought.");

    let answer = site
        .send(site.client.get(site.url("/auth/me/comments")))
        .await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_deleted_account_leaves_its_comments_to_a_former_member() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    comment(&site, "Kept after I leave.", None, &dana).await;

    // Another site cannot delete it for the member, cookie or not.
    let answer = site
        .send(
            site.client
                .delete(site.url("/auth/me"))
                .header("Origin", "https://elsewhere.example")
                .header("Cookie", format!("byline_session={dana}"))
                .json(&json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
    assert_eq!(site.count("SELECT COUNT(*) FROM accounts").await, 1);

    let answer = send(
        &site,
        Method::DELETE,
        "/auth/me",
        &json!({"password": "wrong password!"}),
        &dana,
    )
    .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["password"]
    );
    let answer = send(
        &site,
        Method::DELETE,
        "/auth/me",
        &json!({"password": PASSWORD}),
        &dana,
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert!(
        answer.set_cookie().contains("Max-Age=0"),
        "{}",
        answer.set_cookie()
    );

    assert_eq!(site.me(Some(&dana)).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        site.sign_in("dana@example.org", PASSWORD, None)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    let shown = &page(&site).await.items[0];
    assert_eq!(shown.body, "Kept after I leave.");
    assert_eq!(shown.author.name, FORMER_MEMBER);
    assert_ne!(shown.author.kind, AuthorKind::Member);
    assert_eq!(shown.author.member_id, None);
    assert_eq!(site.count("SELECT COUNT(*) FROM accounts").await, 0);
    assert_eq!(site.count("SELECT COUNT(*) FROM sessions").await, 0);
    // The address can register again.
    assert_eq!(
        site.register("Dana Kaya", "dana@example.org", PASSWORD)
            .await
            .status,
        StatusCode::ACCEPTED
    );
}

#[tokio::test]
async fn deleting_an_account_with_its_comments_keeps_threads_readable() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let rebaz = site.member("Rebaz Omer", "rebaz@example.org").await;
    let answered = comment(&site, "Someone answers this.", None, &dana).await;
    comment(&site, "An answer.", Some(answered), &rebaz).await;
    let alone = comment(&site, "Nobody answers this.", None, &dana).await;
    let own_reply = comment(&site, "Dana answers herself.", Some(alone), &dana).await;

    let body = json!({"password": PASSWORD, "delete_comments": true});
    let answer = send(&site, Method::DELETE, "/auth/me", &body, &dana).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);

    let page = page(&site).await;
    assert_eq!(page.total, 1, "only Rebaz's answer counts");
    assert_eq!(
        page.items.len(),
        1,
        "the thread with no one else's reply is gone"
    );
    let placeholder = &page.items[0];
    assert_eq!(placeholder.id, answered);
    assert!(placeholder.removed);
    assert_eq!(placeholder.body, "");
    assert_eq!(placeholder.replies[0].body, "An answer.");
    assert_eq!(
        site.count(&format!(
            "SELECT COUNT(*) FROM comments WHERE id IN ({alone}, {own_reply})"
        ))
        .await,
        0
    );
    assert_eq!(
        site.count("SELECT COUNT(*) FROM comments WHERE author_name = 'Dana Kaya'")
            .await,
        0
    );
}

#[tokio::test]
async fn a_widget_session_works_by_bearer_token_without_any_cookie() {
    let site = spawn().await;
    let cookie_session = site.member("Dana Kaya", "dana@example.org").await;
    let answer = site
        .send(site.request(Method::POST, "/auth/widget-session", Some(&cookie_session)))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let handed: byline_contract::auth::WidgetSession = answer.json();
    assert_eq!(handed.member.display_name, "Dana Kaya");
    assert_eq!(
        handed.member.email, "",
        "the address stays on Byline's own site"
    );
    assert!(
        answer.headers.get("set-cookie").is_none(),
        "no cookie for a widget"
    );

    // The token alone signs the widget's requests in, comments included.
    let bearer = format!("Bearer {}", handed.token);
    let me = site
        .send(
            site.client
                .get(site.url("/auth/me"))
                .header("Authorization", &bearer),
        )
        .await;
    assert_eq!(me.status, StatusCode::OK);
    let posted = site
        .send(
            site.client
                .post(site.url(&format!("/articles/{QUIET}/comments")))
                .header("Authorization", &bearer)
                .json(&json!({"body": "From a partner's page."})),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
    assert_eq!(
        posted.json::<PostedComment>().comment.author.kind,
        AuthorKind::Member
    );

    // It cannot manage the account, and it is no cookie.
    let rename = site
        .send(
            site.request(Method::PATCH, "/auth/me", None)
                .header("Authorization", &bearer)
                .json(&json!({"display_name": "Someone Else"})),
        )
        .await;
    assert_eq!(
        rename.problem(StatusCode::FORBIDDEN).code.as_deref(),
        Some("widget_session_refused")
    );
    let export = site
        .send(
            site.client
                .get(site.url("/auth/me/comments"))
                .header("Authorization", &bearer),
        )
        .await;
    assert_eq!(export.status, StatusCode::FORBIDDEN);
    assert_eq!(
        site.me(Some(&handed.token)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let cookie_as_bearer = site
        .send(
            site.client
                .get(site.url("/auth/me"))
                .header("Authorization", format!("Bearer {cookie_session}")),
        )
        .await;
    assert_eq!(cookie_as_bearer.status, StatusCode::UNAUTHORIZED);

    // Signing out in the widget ends the widget's session, not the first one.
    let out = site
        .send(
            site.request(Method::POST, "/auth/sign-out", None)
                .header("Authorization", &bearer),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let me = site
        .send(
            site.client
                .get(site.url("/auth/me"))
                .header("Authorization", &bearer),
        )
        .await;
    assert_eq!(me.status, StatusCode::UNAUTHORIZED);
    assert_eq!(site.me(Some(&cookie_session)).await.status, StatusCode::OK);

    // Another site cannot get a token with the member's cookie.
    let answer = site
        .send(
            site.client
                .post(site.url("/auth/widget-session"))
                .header("Origin", "https://elsewhere.example")
                .header("Cookie", format!("byline_session={cookie_session}")),
        )
        .await;
    assert_eq!(answer.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn an_account_without_a_password_is_told_to_set_one_and_is_not_throttled() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    // As an account made through an OpenID provider is.
    sqlx::query("UPDATE accounts SET password_hash = ''")
        .execute(&site.pool)
        .await
        .unwrap();
    let body =
        json!({"current_password": "anything at all", "new_password": "a brand new passphrase"});
    for _ in 0..7 {
        let answer = send(&site, Method::POST, "/auth/password", &body, &session).await;
        let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert!(
            problem.errors["current_password"][0].contains("no password yet"),
            "{problem:?}"
        );
        assert_eq!(problem.error_codes["current_password"], "password_not_set");
    }
}
