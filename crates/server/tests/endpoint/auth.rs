//! Member accounts over real HTTP: the in-process server on a fresh SQLite file, its emails
//! written to a temp outbox and followed from there.

#![allow(clippy::unwrap_used)]

use crate::common;

use crate::common::{FIXTURE, PASSWORD, Site as TestServer, link_token};

use std::path::PathBuf;
use std::time::{Duration, Instant};

use byline_contract::auth::{Accepted, Member};
use byline_server::{Config, SeedSource, now_ms};
use reqwest::StatusCode;
use reqwest::header;
use serde_json::json;

async fn spawn() -> TestServer {
    spawn_with(|_| {}).await
}

async fn spawn_with(configure: impl FnOnce(&mut Config)) -> TestServer {
    common::site(configure).await
}

#[tokio::test]
async fn registering_a_taken_address_answers_the_same_and_mails_a_notice() {
    let server = spawn().await;
    let first = server
        .register("Shilan", "shilan@example.org", PASSWORD)
        .await;
    assert_eq!(first.status, StatusCode::ACCEPTED);
    let accepted: Accepted = first.json();
    assert!(!accepted.message.is_empty());
    assert_eq!(accepted.code.as_deref(), Some("register_sent"));
    let mail = server
        .wait_for_mail("shilan@example.org", "confirm", 1)
        .await;
    assert!(mail[0].contains("Subject: Confirm your Byline account"));
    link_token(&mail[0], "/account/confirm");

    let again = server
        .register("Someone", "Shilan@Example.ORG", "another long password")
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    assert_eq!(again.text, first.text, "the same answer either way");
    let notice = server
        .wait_for_mail("Shilan@Example.ORG", "already-registered", 1)
        .await;
    assert!(
        notice[0].contains("Someone tried to register"),
        "{}",
        notice[0]
    );
    assert!(
        !notice[0].contains("token="),
        "a notice has no link to confirm"
    );
    assert_eq!(server.count("SELECT COUNT(*) FROM accounts").await, 1);
    assert_eq!(server.mails("Shilan@Example.ORG", "confirm").len(), 0);

    // Only hashes are stored.
    let stored: String = sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_one(&server.pool)
        .await
        .unwrap();
    assert!(stored.starts_with("$argon2id$"), "{stored}");
    let token = link_token(&mail[0], "/account/confirm");
    let tokens = server
        .count(&format!(
            "SELECT COUNT(*) FROM email_tokens WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(tokens, 0, "the token itself is not stored");
}

#[tokio::test]
async fn an_abandoned_registration_gives_the_address_back_after_a_day() {
    let server = spawn().await;
    server.register("First", "late@example.org", PASSWORD).await;
    server.wait_for_mail("late@example.org", "confirm", 1).await;
    sqlx::query("UPDATE accounts SET created_at = created_at - 25 * 3600 * 1000")
        .execute(&server.pool)
        .await
        .unwrap();
    let again = server
        .register("Second", "late@example.org", PASSWORD)
        .await;
    assert_eq!(again.status, StatusCode::ACCEPTED);
    let mails = server.wait_for_mail("late@example.org", "confirm", 2).await;
    let token = link_token(&mails[1], "/account/confirm");
    let answer = server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    assert_eq!(answer.json::<Member>().display_name, "Second");
    let old = link_token(&mails[0], "/account/confirm");
    let answer = server
        .post("/auth/confirm", &json!({"token": old}), None)
        .await;
    answer.problem(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn registration_rules_name_each_bad_field() {
    let server = spawn().await;
    let answer = server.register(" ", "not-an-address", "short").await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["display_name", "email", "password"]
    );
    for weak in ["Password123", "qwertyuiop", "letmein1234", "ninechars"] {
        let answer = server.register("Dana", "dana@example.org", weak).await;
        assert_eq!(
            answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
            ["password"],
            "{weak}"
        );
    }
    let answer = server
        .register("Dana", "dana.long@example.org", "Dana.Long@example.org")
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["password"]
    );
    assert!(
        !answer.text.contains("dana.long"),
        "no answer quotes the address"
    );
    let answer = server
        .post("/auth/register", &json!({"email": "x"}), None)
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["display_name"],
        "a missing field is named"
    );
    assert_eq!(server.count("SELECT COUNT(*) FROM accounts").await, 0);
}

#[tokio::test]
async fn confirming_signs_in_once() {
    let server = spawn().await;
    server
        .register("Rêbaz", "rebaz@example.org", PASSWORD)
        .await;
    let mail = server
        .wait_for_mail("rebaz@example.org", "confirm", 1)
        .await;
    let token = link_token(&mail[0], "/account/confirm");

    let signed_out = server.me(None).await.problem(StatusCode::UNAUTHORIZED);
    assert_eq!(signed_out.code.as_deref(), Some("signed_out"));
    let answer = server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    let member: Member = answer.json();
    assert_eq!(member.display_name, "Rêbaz");
    assert_eq!(member.email, "rebaz@example.org");
    let session = answer.session();
    assert_eq!(server.me(Some(&session)).await.json::<Member>(), member);

    let again = server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    let problem = again.problem(StatusCode::BAD_REQUEST);
    assert_eq!(problem.code.as_deref(), Some("confirm_link_invalid"));
    assert_eq!(problem.error_codes["token"], "confirm_link_invalid");
    assert!(problem.detail.unwrap().contains("does not work"));
    assert_eq!(problem.errors.keys().collect::<Vec<_>>(), ["token"]);
    let bogus = server
        .post("/auth/confirm", &json!({"token": "0".repeat(64)}), None)
        .await;
    bogus.problem(StatusCode::BAD_REQUEST);

    // An expired link does not work either.
    server.register("Late", "late@example.org", PASSWORD).await;
    let mail = server.wait_for_mail("late@example.org", "confirm", 1).await;
    sqlx::query("UPDATE email_tokens SET expires_at = ? WHERE used_at IS NULL")
        .bind(now_ms() - 1)
        .execute(&server.pool)
        .await
        .unwrap();
    let token = link_token(&mail[0], "/account/confirm");
    let expired = server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    expired.problem(StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn every_failed_sign_in_has_the_same_message() {
    let server = spawn().await;
    server.register("Dana", "dana@example.org", PASSWORD).await;
    let unconfirmed = server.sign_in("dana@example.org", PASSWORD, None).await;
    let unconfirmed = unconfirmed.problem(StatusCode::UNAUTHORIZED);

    let mail = server.wait_for_mail("dana@example.org", "confirm", 1).await;
    let token = link_token(&mail[0], "/account/confirm");
    server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    let wrong = server
        .sign_in("dana@example.org", "not the password", None)
        .await
        .problem(StatusCode::UNAUTHORIZED);
    let unknown = server
        .sign_in("nobody@example.org", PASSWORD, None)
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(wrong, unconfirmed);
    assert_eq!(wrong, unknown);
    assert!(wrong.errors.is_empty());
    assert_eq!(wrong.code.as_deref(), Some("sign_in_failed"));

    let answer = server.sign_in(" DANA@example.org ", PASSWORD, None).await;
    assert_eq!(answer.json::<Member>().email, "dana@example.org");
}

#[tokio::test]
async fn repeated_failures_lock_the_account_and_the_address_for_a_growing_delay() {
    let server = spawn_with(|config| {
        config.sign_in_limits.free_failures = 2;
        config.sign_in_limits.base_delay = Duration::from_millis(400);
    })
    .await;
    server.member("Dana", "dana@example.org").await;
    for _ in 0..3 {
        let answer = server
            .sign_in("dana@example.org", "wrong password", None)
            .await;
        answer.problem(StatusCode::UNAUTHORIZED);
    }
    // The third failure locked the account for the base delay: even the right password waits.
    let locked = server.sign_in("dana@example.org", PASSWORD, None).await;
    let problem = locked.problem(StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem.code.as_deref(), Some("sign_in_throttled"));
    assert!(problem.detail.unwrap().contains("Wait 1 second"));
    assert_eq!(locked.headers.get(header::RETRY_AFTER).unwrap(), "1");
    assert!(locked.headers.get(header::SET_COOKIE).is_none());

    tokio::time::sleep(Duration::from_millis(450)).await;
    let answer = server.sign_in("dana@example.org", PASSWORD, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        server
            .count("SELECT COUNT(*) FROM sign_in_failures WHERE key LIKE 'account:%'")
            .await,
        0,
        "a success clears the account's failures"
    );

    // The client address kept its three failures: a fourth (on another account) locks it for
    // twice the base delay, whatever account it tries next.
    let other = server
        .sign_in("other@example.org", "wrong password", None)
        .await;
    other.problem(StatusCode::UNAUTHORIZED);
    let locked = server.sign_in("dana@example.org", PASSWORD, None).await;
    locked.problem(StatusCode::TOO_MANY_REQUESTS);
    let until: i64 = sqlx::query_scalar(
        "SELECT locked_until - last_failure_at FROM sign_in_failures WHERE key = 'addr:127.0.0.1'",
    )
    .fetch_one(&server.pool)
    .await
    .unwrap();
    assert_eq!(until, 800);
    tokio::time::sleep(Duration::from_millis(850)).await;
    let answer = server.sign_in("dana@example.org", PASSWORD, None).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let server = spawn().await;
    let session = server.member("Dana", "dana@example.org").await;
    assert_eq!(server.me(Some(&session)).await.status, StatusCode::OK);
    let answer = server
        .post("/auth/sign-out", &json!({}), Some(&session))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    assert!(answer.set_cookie().starts_with("byline_session=;"));
    assert!(answer.set_cookie().contains("Max-Age=0"));
    server
        .me(Some(&session))
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(server.count("SELECT COUNT(*) FROM sessions").await, 0);
    // Signing out without a session is harmless.
    let answer = server.post("/auth/sign-out", &json!({}), None).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn each_sign_in_rotates_the_session_and_expired_ones_do_not_count() {
    let server = spawn().await;
    let first = server.member("Dana", "dana@example.org").await;
    let answer = server
        .sign_in("dana@example.org", PASSWORD, Some(&first))
        .await;
    let second = answer.session();
    assert_ne!(first, second);
    server
        .me(Some(&first))
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(server.me(Some(&second)).await.status, StatusCode::OK);

    // Another device signs in without a cookie: both sessions live.
    let third = server
        .sign_in("dana@example.org", PASSWORD, None)
        .await
        .session();
    assert_eq!(server.me(Some(&second)).await.status, StatusCode::OK);
    assert_eq!(server.me(Some(&third)).await.status, StatusCode::OK);

    sqlx::query("UPDATE sessions SET expires_at = ?")
        .bind(now_ms() - 1)
        .execute(&server.pool)
        .await
        .unwrap();
    server
        .me(Some(&third))
        .await
        .problem(StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_reset_link_sets_a_new_password_once_and_ends_every_session() {
    let server = spawn().await;
    let kept = server.member("Dana", "dana@example.org").await;
    let other = server
        .sign_in("dana@example.org", PASSWORD, None)
        .await
        .session();

    let unknown = server
        .post(
            "/auth/forgot",
            &json!({"email": "nobody@example.org"}),
            None,
        )
        .await;
    assert_eq!(unknown.status, StatusCode::ACCEPTED);
    let known = server
        .post("/auth/forgot", &json!({"email": "Dana@example.org"}), None)
        .await;
    assert_eq!(known.status, StatusCode::ACCEPTED);
    assert_eq!(known.text, unknown.text, "the same answer either way");
    assert_eq!(
        known.json::<Accepted>().code.as_deref(),
        Some("forgot_sent")
    );
    let mail = server.wait_for_mail("Dana@example.org", "reset", 1).await;
    assert!(mail[0].contains("Subject: Reset your Byline password"));
    let token = link_token(&mail[0], "/account/reset");

    // A password that breaks a rule leaves the link working.
    let weak = server
        .post(
            "/auth/reset",
            &json!({"token": token, "password": "1234567890"}),
            None,
        )
        .await;
    assert_eq!(
        weak.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["password"]
    );
    let new_password = "the kettle on the stove";
    let answer = server
        .post(
            "/auth/reset",
            &json!({"token": token, "password": new_password}),
            None,
        )
        .await;
    assert_eq!(answer.json::<Member>().email, "dana@example.org");
    let fresh = answer.session();
    server
        .me(Some(&kept))
        .await
        .problem(StatusCode::UNAUTHORIZED);
    server
        .me(Some(&other))
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(server.me(Some(&fresh)).await.status, StatusCode::OK);
    server
        .sign_in("dana@example.org", PASSWORD, None)
        .await
        .problem(StatusCode::UNAUTHORIZED);
    assert_eq!(
        server
            .sign_in("dana@example.org", new_password, None)
            .await
            .status,
        StatusCode::OK
    );

    let used = server
        .post(
            "/auth/reset",
            &json!({"token": token, "password": "yet another phrase"}),
            None,
        )
        .await;
    let problem = used.problem(StatusCode::BAD_REQUEST);
    assert_eq!(problem.code.as_deref(), Some("reset_link_invalid"));
    assert!(problem.detail.unwrap().contains("does not work"));

    // An expired link does not work.
    server
        .post("/auth/forgot", &json!({"email": "dana@example.org"}), None)
        .await;
    let mail = server.wait_for_mail("dana@example.org", "reset", 1).await;
    sqlx::query("UPDATE email_tokens SET expires_at = ? WHERE used_at IS NULL")
        .bind(now_ms() - 1)
        .execute(&server.pool)
        .await
        .unwrap();
    let token = link_token(&mail[0], "/account/reset");
    let expired = server
        .post(
            "/auth/reset",
            &json!({"token": token, "password": "yet another phrase"}),
            None,
        )
        .await;
    expired.problem(StatusCode::BAD_REQUEST);

    // An unconfirmed account gets no link (and the same answer).
    server.register("New", "new@example.org", PASSWORD).await;
    let answer = server
        .post("/auth/forgot", &json!({"email": "new@example.org"}), None)
        .await;
    assert_eq!(answer.text, unknown.text);
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(server.mails("new@example.org", "reset").is_empty());
    assert!(server.mails("nobody@example.org", "reset").is_empty());
}

#[tokio::test]
async fn the_session_cookie_is_http_only_lax_and_secure_only_when_configured() {
    let server = spawn().await;
    let answer = server.register("Dana", "dana@example.org", PASSWORD).await;
    assert!(answer.headers.get(header::SET_COOKIE).is_none());
    let mail = server.wait_for_mail("dana@example.org", "confirm", 1).await;
    let token = link_token(&mail[0], "/account/confirm");
    let answer = server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    let cookie = answer.set_cookie();
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/", "Max-Age=2592000"] {
        assert!(cookie.contains(&format!("; {attribute}")), "{cookie}");
    }
    assert!(!cookie.contains("Secure"), "{cookie}");

    let secure = spawn_with(|config| config.secure_cookies = true).await;
    secure.member("Dana", "dana@example.org").await;
    let answer = secure.sign_in("dana@example.org", PASSWORD, None).await;
    assert!(
        answer.set_cookie().ends_with("; Secure"),
        "{}",
        answer.set_cookie()
    );
}

#[tokio::test]
async fn cross_site_requests_are_refused_but_guest_comments_are_not() {
    let server = spawn_with(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.allowed_origins = vec!["https://partner.example".to_owned(), "*".to_owned()];
    })
    .await;
    let session = server.member("Dana", "dana@example.org").await;
    let sign_in = json!({"email": "dana@example.org", "password": PASSWORD});

    let evil = server
        .client
        .post(server.url("/auth/sign-in"))
        .header("Origin", "https://evil.example")
        .header("X-Byline-Request", "1")
        .json(&sign_in);
    let problem = server.send(evil).await.problem(StatusCode::FORBIDDEN);
    assert_eq!(problem.title, "Cross-site request refused");
    assert_eq!(problem.code.as_deref(), Some("cross_site_refused"));

    // What a cross-site HTML form sends: a urlencoded body, no custom header.
    let form = server
        .client
        .post(server.url("/auth/sign-in"))
        .header("Origin", "https://evil.example")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("email=dana%40example.org&password=x");
    server.send(form).await.problem(StatusCode::FORBIDDEN);

    // The site's own origin still needs the header, and the header needs an origin.
    let no_header = server
        .client
        .post(server.url("/auth/sign-in"))
        .header("Origin", &server.origin)
        .json(&sign_in);
    server.send(no_header).await.problem(StatusCode::FORBIDDEN);
    let no_origin = server
        .client
        .post(server.url("/auth/sign-in"))
        .header("X-Byline-Request", "1")
        .json(&sign_in);
    server.send(no_origin).await.problem(StatusCode::FORBIDDEN);

    // A named allowed origin passes; `*` does not let every origin through.
    let partner = server
        .client
        .post(server.url("/auth/sign-in"))
        .header("Origin", "https://partner.example")
        .header("X-Byline-Request", "1")
        .json(&sign_in);
    assert_eq!(server.send(partner).await.status, StatusCode::OK);

    // A guest's comment needs neither.
    let comment =
        json!({"body": "Well put.", "guest": {"name": "Guest", "email": "g@example.org"}});
    let guest = server
        .client
        .post(server.url("/articles/dam-talks/comments"))
        .json(&comment);
    assert_eq!(server.send(guest).await.status, StatusCode::CREATED);
    // The same request with a session cookie is refused without them.
    let with_cookie = server
        .client
        .post(server.url("/articles/dam-talks/comments"))
        .header("Cookie", format!("byline_session={session}"))
        .json(&comment);
    server
        .send(with_cookie)
        .await
        .problem(StatusCode::FORBIDDEN);
    // Reading needs nothing.
    assert_eq!(server.me(Some(&session)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn cors_preflights_allow_the_custom_header() {
    let server = spawn_with(|config| {
        config.allowed_origins = vec!["https://partner.example".to_owned()];
    })
    .await;
    let preflight = server
        .client
        .request(reqwest::Method::OPTIONS, server.url("/auth/sign-in"))
        .header("Origin", "https://partner.example")
        .header("Access-Control-Request-Method", "POST")
        .header(
            "Access-Control-Request-Headers",
            "content-type, x-byline-request",
        );
    let answer = server.send(preflight).await;
    assert_eq!(answer.status, StatusCode::OK);
    let allowed = answer
        .headers
        .get("access-control-allow-headers")
        .unwrap()
        .to_str()
        .unwrap();
    assert!(allowed.contains("x-byline-request"), "{allowed}");
}

#[tokio::test]
async fn an_unreachable_smtp_server_changes_no_answer() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let server = spawn_with(|config| {
        config.mail.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
    })
    .await;
    let started = Instant::now();
    let answer = server.register("Dana", "dana@example.org", PASSWORD).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED);
    let again = server.register("Dana", "dana@example.org", PASSWORD).await;
    assert_eq!(again.text, answer.text);
    let forgot = server
        .post("/auth/forgot", &json!({"email": "dana@example.org"}), None)
        .await;
    assert_eq!(forgot.status, StatusCode::ACCEPTED);
    assert!(started.elapsed() < Duration::from_secs(5));
    assert!(server.mails("dana@example.org", "confirm").is_empty());
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_forwarded_client_is_throttled_on_its_own() {
    let server = spawn_with(|config| {
        config.sign_in_limits.free_failures = 1;
        config.trusted_proxies = vec![[127, 0, 0, 1].into()];
    })
    .await;
    let sign_in_from = |client: &'static str, email: &'static str| {
        let request = server
            .client
            .post(server.url("/auth/sign-in"))
            .header("Origin", &server.origin)
            .header("X-Byline-Request", "1")
            .header("X-Forwarded-For", client)
            .json(&json!({"email": email, "password": "wrong password"}));
        async move { request.send().await.unwrap().status() }
    };
    // Two failures from one client lock that client's address...
    for email in ["a@example.org", "b@example.org"] {
        assert_eq!(
            sign_in_from("203.0.113.5", email).await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        sign_in_from("203.0.113.5", "c@example.org").await,
        StatusCode::TOO_MANY_REQUESTS
    );
    // ...and not the other clients of the same proxy.
    assert_eq!(
        sign_in_from("203.0.113.6", "d@example.org").await,
        StatusCode::UNAUTHORIZED
    );
}

/// A plain-text email's body as text, whichever transfer encoding it was sent in.
fn body_of(eml: &str) -> String {
    use base64::Engine as _;
    let (headers, body) = eml.split_once("\r\n\r\n").expect("headers and a body");
    if headers.contains("Content-Transfer-Encoding: base64") {
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .expect("base64");
        return String::from_utf8(bytes).expect("UTF-8");
    }
    // Quoted-printable (or plain): soft breaks out, `=XX` bytes back.
    let joined = body.replace("=\r\n", "");
    let mut bytes = Vec::new();
    let mut rest = joined.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        let hex = tail.get(..2).and_then(|hex| std::str::from_utf8(hex).ok());
        match (first, hex.and_then(|hex| u8::from_str_radix(hex, 16).ok())) {
            (b'=', Some(byte)) => {
                bytes.push(byte);
                rest = &tail[2..];
            }
            _ => {
                bytes.push(first);
                rest = tail;
            }
        }
    }
    String::from_utf8(bytes).expect("UTF-8")
}

/// The bodies of the messages of one kind sent to `to`, oldest first, decoded from their
/// files as sent (the harness's [`TestServer::mails`] only undoes what links need).
fn bodies(server: &TestServer, to: &str, kind: &str) -> Vec<String> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(&server.outbox)
        .expect("an outbox")
        .map(|entry| entry.expect("an entry").path())
        .filter(|path| path.to_string_lossy().ends_with(&format!("-{kind}.eml")))
        .collect();
    files.sort();
    files
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a message"))
        .filter(|eml| eml.contains(&format!("To: {to}\r\n")))
        .map(|eml| body_of(&eml))
        .collect()
}

/// The token of the `/account/{view}?token=` link in a message's body.
fn token_in_body(body: &str, view: &str) -> String {
    let marker = format!("/account/{view}?token=");
    let start = body.find(&marker).expect("a link") + marker.len();
    body[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect()
}

#[tokio::test]
async fn account_emails_speak_the_language_the_page_asked_in() {
    let server = spawn().await;
    let answer = server
        .post(
            "/auth/register",
            &json!({"display_name": "Jînda", "email": "jinda@example.org",
                    "password": PASSWORD, "lang": "ckb"}),
            None,
        )
        .await;
    assert_eq!(answer.status, StatusCode::ACCEPTED);
    let mail = server
        .wait_for_mail("jinda@example.org", "confirm", 1)
        .await;
    let body = body_of(&mail[0]);
    assert!(body.contains("بەخێربێیت بۆ بایلاین"), "{body}");
    // The link opens the confirmation in Sorani too, and still works.
    assert!(body.contains("&lang=ckb"), "{body}");
    let token = token_in_body(&body, "confirm");
    assert_eq!(token.len(), 64, "{body}");
    let confirmed = server
        .post("/auth/confirm", &json!({"token": token}), None)
        .await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.text);

    server
        .post(
            "/auth/forgot",
            &json!({"email": "jinda@example.org", "lang": "ar-IQ"}),
            None,
        )
        .await;
    server.wait_for_mail("jinda@example.org", "reset", 1).await;
    let body = bodies(&server, "jinda@example.org", "reset").remove(0);
    assert!(body.contains("لاختيار كلمة مرور جديدة"), "{body}");
    assert!(body.contains("&lang=ar"), "{body}");

    // A language the site does not speak, or none: English, and a link without `lang`.
    server
        .post(
            "/auth/forgot",
            &json!({"email": "jinda@example.org", "lang": "fr"}),
            None,
        )
        .await;
    server.wait_for_mail("jinda@example.org", "reset", 2).await;
    let body = bodies(&server, "jinda@example.org", "reset").remove(1);
    assert!(body.contains("To choose a new password"), "{body}");
    assert!(!body.contains("lang="), "{body}");
}
