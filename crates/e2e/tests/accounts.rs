//! Account emails end to end: the real endpoint sends them over SMTP to a real SMTP server
//! on loopback (aiosmtpd), and the links in them work.
//!
//! The page has no account views yet, so these tests speak HTTP as the page will, with its
//! `Origin` and `X-Byline-Request` header.

use anyhow::{Context, Result, ensure};
use byline_e2e::{Site, SmtpServer};
use serde_json::{Value, json};

/// The site with mail going to `smtp`, and links in it pointing back at the site.
async fn site_sending_to(smtp: &SmtpServer) -> Result<Site> {
    let smtp_url = smtp.url();
    Site::start_with(|site| {
        vec![
            "--smtp-url".to_owned(),
            smtp_url,
            "--public-url".to_owned(),
            site.to_owned(),
        ]
    })
    .await
}

/// A POST as the page sends it; returns the status, the session cookie it set (if any) and
/// the body.
async fn post(site: &Site, path: &str, body: &Value) -> Result<(u16, Option<String>, Value)> {
    let response = reqwest::Client::new()
        .post(site.url(&format!("/api/v1{path}")))
        .header("Origin", site.url(""))
        .header("X-Byline-Request", "1")
        .json(body)
        .send()
        .await?;
    let status = response.status().as_u16();
    let session = response
        .headers()
        .get("set-cookie")
        .and_then(|value| value.to_str().ok())
        .and_then(|cookie| cookie.strip_prefix("byline_session="))
        .and_then(|rest| rest.split(';').next())
        .filter(|token| !token.is_empty())
        .map(str::to_owned);
    let body = response.json().await.unwrap_or(Value::Null);
    Ok((status, session, body))
}

/// The token of the first `{site}{path}?token=…` link in a message.
fn token_in(message: &str, site: &Site, path: &str) -> Result<String> {
    let prefix = format!("{}?token=", site.url(path));
    let start = message
        .find(&prefix)
        .with_context(|| format!("no {prefix} link in:\n{message}"))?
        + prefix.len();
    let token: String = message[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    ensure!(token.len() == 64, "a cut token in:\n{message}");
    Ok(token)
}

async fn me(site: &Site, session: &str) -> Result<(u16, Value)> {
    let response = reqwest::Client::new()
        .get(site.url("/api/v1/auth/me"))
        .header("Cookie", format!("byline_session={session}"))
        .send()
        .await?;
    let status = response.status().as_u16();
    Ok((status, response.json().await.unwrap_or(Value::Null)))
}

#[tokio::test]
async fn a_confirmation_mail_arrives_over_smtp_and_its_link_signs_in() -> Result<()> {
    let smtp = SmtpServer::start().await?;
    let site = site_sending_to(&smtp).await?;

    let (status, session, _) = post(
        &site,
        "/auth/register",
        &json!({
            "display_name": "Shirin Ahmed",
            "email": "shirin@example.org",
            "password": "orchards along the river",
        }),
    )
    .await?;
    ensure!(status == 202, "register answered {status}");
    ensure!(
        session.is_none(),
        "registering must not sign in before confirming"
    );

    let message = smtp
        .message("shirin@example.org", "/account/confirm?token=")
        .await?;
    let token = token_in(&message, &site, "/account/confirm")?;
    let (status, session, member) =
        post(&site, "/auth/confirm", &json!({ "token": token })).await?;
    ensure!(status == 200, "confirm answered {status}: {member}");
    let session = session.context("confirming sets the session cookie")?;
    let (status, me) = me(&site, &session).await?;
    ensure!(status == 200, "/me answered {status}");
    ensure!(me["display_name"] == "Shirin Ahmed", "{me}");

    // The link works once.
    let (status, _, _) = post(&site, "/auth/confirm", &json!({ "token": token })).await?;
    ensure!(status == 400, "a used link answered {status}");
    Ok(())
}

#[tokio::test]
async fn a_forgotten_password_is_reset_through_the_emailed_link() -> Result<()> {
    let smtp = SmtpServer::start().await?;
    let site = site_sending_to(&smtp).await?;
    let email = "karwan@example.org";
    post(
        &site,
        "/auth/register",
        &json!({"display_name": "Karwan Aziz", "email": email, "password": "first of the snows"}),
    )
    .await?;
    let message = smtp.message(email, "/account/confirm?token=").await?;
    let token = token_in(&message, &site, "/account/confirm")?;
    let (status, old_session, _) = post(&site, "/auth/confirm", &json!({ "token": token })).await?;
    ensure!(status == 200, "confirm answered {status}");
    let old_session = old_session.context("no session after confirming")?;

    let (status, _, _) = post(&site, "/auth/forgot", &json!({ "email": email })).await?;
    ensure!(status == 202, "forgot answered {status}");
    let message = smtp.message(email, "/account/reset?token=").await?;
    let token = token_in(&message, &site, "/account/reset")?;
    let (status, session, _) = post(
        &site,
        "/auth/reset",
        &json!({ "token": token, "password": "second of the snows" }),
    )
    .await?;
    ensure!(status == 200, "reset answered {status}");
    ensure!(session.is_some(), "a reset signs in");

    // The old password and the old session are gone; the new password works.
    let (status, _, _) = post(
        &site,
        "/auth/sign-in",
        &json!({ "email": email, "password": "first of the snows" }),
    )
    .await?;
    ensure!(status == 401, "the old password answered {status}");
    ensure!(
        me(&site, &old_session).await?.0 == 401,
        "the old session still works"
    );
    let (status, _, _) = post(
        &site,
        "/auth/sign-in",
        &json!({ "email": email, "password": "second of the snows" }),
    )
    .await?;
    ensure!(status == 200, "the new password answered {status}");
    Ok(())
}

#[tokio::test]
async fn a_cross_site_form_post_cannot_sign_in() -> Result<()> {
    let site = Site::start().await?;
    // What a form on another site sends: its own Origin, a form body, no custom header.
    let response = reqwest::Client::new()
        .post(site.url("/api/v1/auth/sign-in"))
        .header("Origin", "https://elsewhere.example")
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body("email=a%40example.org&password=whatever-it-is")
        .send()
        .await?;
    ensure!(
        response.status().as_u16() == 403,
        "answered {}",
        response.status()
    );
    Ok(())
}
