//! The endpoint's side of "Connect using" that needs no provider: the list of providers, and
//! the answers when a sign-in cannot go ahead. The whole flow, against a real OpenID provider,
//! is in the end-to-end tests (`crates/e2e/tests/accounts.rs`).

#![allow(clippy::unwrap_used)]

use crate::common;

use byline_contract::auth::Providers;
use byline_server::auth::oidc::ProviderConfig;
use reqwest::StatusCode;
use reqwest::redirect::Policy;

/// A site with one provider whose issuer nothing listens on.
async fn site_with_a_provider_down() -> common::Site {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let issuer = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    common::site(|config| {
        config.oidc_providers = vec![ProviderConfig {
            id: "example-id".into(),
            name: "Example ID".into(),
            issuer,
            client_id: "byline".into(),
            client_secret: "secret".into(),
        }];
    })
    .await
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn the_providers_are_listed_by_id_and_name_without_secrets() {
    let site = site_with_a_provider_down().await;
    let answer = site
        .send(site.client.get(site.url("/auth/providers")))
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(!answer.text.contains("secret") && !answer.text.contains("issuer"));
    let providers: Providers = answer.json();
    assert_eq!(providers.items.len(), 1);
    assert_eq!(providers.items[0].id, "example-id");
    assert_eq!(providers.items[0].name, "Example ID");

    let none = common::site(|_| {}).await;
    let providers: Providers = none
        .send(none.client.get(none.url("/auth/providers")))
        .await
        .json();
    assert!(providers.items.is_empty());
}

#[tokio::test]
async fn a_provider_that_is_down_sends_the_reader_back_to_sign_in_with_a_message() {
    let site = site_with_a_provider_down().await;
    let client = no_redirects();
    let answer = site
        .send(client.get(site.url("/auth/oidc/example-id/start?next=/articles/x")))
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    let location = answer.header("location").unwrap();
    assert!(
        location.starts_with("/account/sign-in?error="),
        "{location}"
    );
    assert!(location.contains("error=oidc-unavailable"), "{location}");
    assert!(location.contains("next=%2Farticles%2Fx"), "{location}");

    let answer = site
        .send(client.get(site.url("/auth/oidc/nobody/start")))
        .await;
    let problem = answer.problem(StatusCode::NOT_FOUND);
    assert_eq!(problem.code.as_deref(), Some("provider_unknown"));
}

#[tokio::test]
async fn a_callback_this_browser_did_not_start_signs_no_one_in() {
    let site = site_with_a_provider_down().await;
    let client = no_redirects();
    // No state cookie: as when a link to the callback is sent to someone else.
    let answer = site
        .send(client.get(site.url("/auth/oidc/example-id/callback?code=abc&state=xyz")))
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with("/account/sign-in?error=")
    );
    assert!(
        answer
            .headers
            .get("set-cookie")
            .is_none_or(|c| !c.to_str().unwrap().contains("byline_session="))
    );

    // A cookie and a state that match but were never issued.
    let answer = site
        .send(
            client
                .get(site.url("/auth/oidc/example-id/callback?code=abc&state=xyz"))
                .header("Cookie", "byline_oidc=xyz"),
        )
        .await;
    assert_eq!(answer.status, StatusCode::SEE_OTHER);
    assert!(
        answer
            .header("location")
            .unwrap()
            .starts_with("/account/sign-in?error=")
    );
    let cookies: Vec<&str> = answer
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|c| c.to_str().unwrap())
        .collect();
    assert!(
        cookies.iter().all(|c| !c.starts_with("byline_session=")),
        "{cookies:?}"
    );
    assert!(
        cookies.iter().any(|c| c.starts_with("byline_oidc=;")),
        "{cookies:?}"
    );
}
