//! Member mode end to end: the real endpoint sends its emails over SMTP to a real SMTP server
//! on loopback (aiosmtpd); a reader in headless Chromium registers, follows the links in
//! them, signs in and out, and comments as a member. Some tests speak HTTP as the page does,
//! with its `Origin` and `X-Byline-Request` header, to check the rules underneath.

use anyhow::{Context, Result, bail, ensure};
use byline_e2e::{OidcProvider, Page, Site, SmtpServer, free_port};
use fantoccini::Locator;
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

/// The endpoint's own cases reach the reader in the page's language: on an Arabic article, a
/// guest who takes a member's name is told so in Arabic beside the name, and keeps the text.
#[tokio::test]
async fn a_guest_taking_a_members_name_is_told_in_the_pages_language() -> Result<()> {
    let smtp = SmtpServer::start().await?;
    let site = site_sending_to(&smtp).await?;
    let (status, _, _) = post(
        &site,
        "/auth/register",
        &json!({
            "display_name": "Hêvî Mizgîn",
            "email": "hevi@example.org",
            "password": "figs drying on the roof",
        }),
    )
    .await?;
    ensure!(status == 202, "register answered {status}");
    let message = smtp
        .message("hevi@example.org", "/account/confirm?token=")
        .await?;
    let token = token_in(&message, &site, "/account/confirm")?;
    let (status, _, _) = post(&site, "/auth/confirm", &json!({ "token": token })).await?;
    ensure!(status == 200, "confirm answered {status}");

    let slug = site.article_in("ar").await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    let body = "تعليق باسم ليس لي.";
    const FORM: &str = "أضف تعليقًا";
    page.fill(&page.field_in(FORM, "التعليق").await?, body)
        .await?;
    let name = page.field_in(FORM, "الاسم").await?;
    page.fill(&name, "hêvî mizgîn").await?;
    page.fill(
        &page.field_in(FORM, "البريد الإلكتروني").await?,
        "guest@example.org",
    )
    .await?;
    page.button("انشر التعليق").await?.click().await?;
    page.until("the name's error in Arabic", || async {
        let error = page.field_error(&name).await?;
        Ok(error.contains("يستخدم أحد أعضاء بايلاين هذا الاسم. اختر اسمًا آخر."))
    })
    .await?;
    ensure!(
        page.field_in(FORM, "التعليق")
            .await?
            .prop("value")
            .await?
            .as_deref()
            == Some(body),
        "the comment's text was lost"
    );
    page.close().await
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

/// The full `{site}{path}?token=…` link in a message.
fn link_in(message: &str, site: &Site, path: &str) -> Result<String> {
    Ok(format!(
        "{}?token={}",
        site.url(path),
        token_in(message, site, path)?
    ))
}

/// What the comment box holds right now.
async fn comment_box(page: &Page) -> Result<String> {
    let field = page.field("Comment").await?;
    Ok(field.prop("value").await?.unwrap_or_default())
}

/// Whether the guest's name and email fields are shown.
async fn guest_fields_shown(page: &Page) -> Result<bool> {
    Ok(page.field("Name").await?.is_displayed().await?)
}

/// Registers through the page and follows the emailed link; ends on the welcome view.
async fn register_in_the_browser(
    page: &Page,
    site: &Site,
    smtp: &SmtpServer,
    name: &str,
    email: &str,
    password: &str,
) -> Result<()> {
    page.heading(1, "Create an account").await?;
    // The page checks the endpoint's rules before sending: a short password is refused.
    page.fill_in("Display name", name).await?;
    page.fill_in("Email", email).await?;
    let password_field = page.labelled("Password").await?;
    page.fill(&password_field, "too short").await?;
    page.button("Create account").await?.click().await?;
    page.until("the password error", || async {
        Ok(page
            .field_error(&password_field)
            .await?
            .contains("at least 10"))
    })
    .await?;
    page.fill(&password_field, password).await?;
    page.button("Create account").await?.click().await?;
    page.see_text("Check your email").await?;

    let message = smtp.message(email, "/account/confirm?token=").await?;
    page.visit(&link_in(&message, site, "/account/confirm")?)
        .await?;
    page.see_text("Your account is confirmed and you are signed in.")
        .await?;
    Ok(())
}

#[tokio::test]
async fn a_reader_registers_comments_as_a_member_edits_deletes_and_keeps_drafts_across_sign_in()
-> Result<()> {
    let smtp = SmtpServer::start().await?;
    let site = site_sending_to(&smtp).await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;

    // A guest starts a comment, then decides to sign up: the draft waits.
    let draft = "Started as a guest, finished as a member.";
    page.fill(&page.field("Comment").await?, draft).await?;
    page.link("Sign in or sign up").await?.click().await?;
    page.heading(1, "Sign in").await?;
    page.link("Create an account").await?.click().await?;
    register_in_the_browser(
        &page,
        &site,
        &smtp,
        "Awat Salih",
        "awat@example.org",
        "walnut trees in autumn",
    )
    .await?;
    page.link("Go back to reading").await?.click().await?;
    page.heading(1, &title).await?;
    page.see_text("Commenting as").await?;
    ensure!(
        comment_box(&page).await? == draft,
        "the draft did not survive signing up"
    );
    ensure!(
        !guest_fields_shown(&page).await?,
        "a member sees guest fields"
    );
    page.link("Awat Salih").await?;

    // Posted as a member: marked so, editable, and edited says so.
    page.button("Post comment").await?.click().await?;
    page.see_text(draft).await?;
    page.see_comment_marked(draft, "member").await?;
    page.button("Edit your comment").await?.click().await?;
    let edited = "Started as a guest, finished as a signed-in member.";
    page.fill_in("Your comment", edited).await?;
    page.button("Save").await?.click().await?;
    page.see_text(edited).await?;
    page.see_comment_marked(edited, "edited").await?;

    page.button("Delete your comment").await?.click().await?;
    page.button("Delete").await?.click().await?;
    page.until("the comment to go", || async {
        Ok(!page.has_text(edited).await?)
    })
    .await?;
    let stored = site
        .api(&format!("/articles/{slug}/comments?sort=newest"))
        .await?;
    ensure!(
        !stored.to_string().contains(edited),
        "the deleted comment is still served"
    );

    // Signing out turns the form back to guest mode and drops Edit/Delete at once.
    page.fill(&page.field("Comment").await?, "One more thought.")
        .await?;
    page.button("Post comment").await?.click().await?;
    page.see_text("One more thought.").await?;
    page.button("Edit your comment").await?;
    page.button("Sign out").await?.click().await?;
    page.until("guest mode", || async { guest_fields_shown(&page).await })
        .await?;
    page.link("Sign in / up").await?;
    ensure!(
        page.client()
            .find_all(Locator::XPath("//button[@aria-label='Edit your comment']"))
            .await?
            .is_empty(),
        "a signed-out reader can still edit"
    );

    // Signing in again brings back the draft typed meanwhile, and Edit on the member's own
    // comment: known by the account, as this browser holds no token for it.
    let second = "Typed while signed out, posted signed in.";
    page.fill(&page.field("Comment").await?, second).await?;
    page.link("Sign in or sign up").await?.click().await?;
    page.heading(1, "Sign in").await?;
    page.fill_in("Email", "awat@example.org").await?;
    page.fill_in("Password", "walnut trees in autumn").await?;
    page.button("Sign in").await?.click().await?;
    page.heading(1, &title).await?;
    page.see_text("Commenting as").await?;
    ensure!(
        comment_box(&page).await? == second,
        "the draft did not survive signing in"
    );
    page.button("Newest first").await?.click().await?;
    page.see_text("One more thought.").await?;
    page.button("Edit your comment").await?;
    page.close().await
}

#[tokio::test]
async fn a_member_resets_a_forgotten_password_from_the_emailed_link() -> Result<()> {
    let smtp = SmtpServer::start().await?;
    let site = site_sending_to(&smtp).await?;
    let page = Page::open().await?;
    page.visit(&site.url("/account/register")).await?;
    register_in_the_browser(
        &page,
        &site,
        &smtp,
        "Lana Qadir",
        "lana@example.org",
        "swallows over the citadel",
    )
    .await?;
    page.link("Lana Qadir").await?.click().await?;
    page.heading(1, "Your account").await?;
    page.button("Sign out").await?.click().await?;
    page.see_text("You are not signed in.").await?;

    page.visit(&site.url("/account/sign-in")).await?;
    page.link("Forgot your password?").await?.click().await?;
    page.heading(1, "Forgot your password?").await?;
    page.fill_in("Email", "lana@example.org").await?;
    page.button("Send the link").await?.click().await?;
    page.see_text("Check your email").await?;
    let message = smtp
        .message("lana@example.org", "/account/reset?token=")
        .await?;
    let link = link_in(&message, &site, "/account/reset")?;
    page.visit(&link).await?;
    page.heading(1, "Choose a new password").await?;
    page.fill_in("New password", "storks on the minaret")
        .await?;
    page.button("Save the new password").await?.click().await?;
    page.see_text("Your password is changed").await?;
    page.link("Lana Qadir").await?;

    // The link works once.
    page.visit(&link).await?;
    page.fill_in("New password", "another good password")
        .await?;
    page.button("Save the new password").await?.click().await?;
    page.alert("does not work").await?;

    // The new password signs in; the old one does not.
    let (status, _, _) = post(
        &site,
        "/auth/sign-in",
        &json!({"email": "lana@example.org", "password": "swallows over the citadel"}),
    )
    .await?;
    ensure!(status == 401, "the old password answered {status}");
    let (status, _, _) = post(
        &site,
        "/auth/sign-in",
        &json!({"email": "lana@example.org", "password": "storks on the minaret"}),
    )
    .await?;
    ensure!(status == 200, "the new password answered {status}");
    page.close().await
}

#[tokio::test]
async fn wrong_passwords_are_refused_then_slowed_down_in_the_browser() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/account/sign-in")).await?;
    page.heading(1, "Sign in").await?;
    let email = page.labelled("Email").await?;
    page.fill(&email, "nobody@example.org").await?;
    let password = page.labelled("Password").await?;
    page.fill(&password, "not the password at all").await?;
    page.button("Sign in").await?.click().await?;
    page.alert("is not right").await?;
    // Five failures are free; after them each one locks the address for longer.
    for attempt in 2..=8 {
        page.button("Sign in").await?.click().await?;
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        page.until("the answer", || async {
            Ok(page
                .button("Sign in")
                .await?
                .attr("aria-busy")
                .await?
                .as_deref()
                == Some("false"))
        })
        .await?;
        if page.has_text("Too many failed sign-ins").await? {
            ensure!(attempt > 5, "locked after {attempt} attempts");
            // What was typed is still there.
            ensure!(
                email.prop("value").await?.as_deref() == Some("nobody@example.org"),
                "the address was lost"
            );
            return page.close().await;
        }
    }
    bail!("eight wrong passwords in a row were never slowed down")
}

#[tokio::test]
async fn a_member_renames_changes_password_downloads_comments_and_deletes_the_account() -> Result<()>
{
    let smtp = SmtpServer::start().await?;
    let site = site_sending_to(&smtp).await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/account/register")).await?;
    register_in_the_browser(
        &page,
        &site,
        &smtp,
        "Hana Jalal",
        "hana@example.org",
        "pomegranates in the market",
    )
    .await?;
    let article = site.url(&format!("/articles/{slug}"));
    page.visit(&article).await?;
    page.heading(1, &title).await?;
    page.fill(&page.field("Comment").await?, "Written as Hana.")
        .await?;
    page.button("Post comment").await?.click().await?;
    page.see_comment_marked("Written as Hana.", "member")
        .await?;

    // A new name: in the header at once, and on the past comment.
    page.link("Hana Jalal").await?.click().await?;
    page.heading(1, "Your account").await?;
    page.fill_in("New display name", "Hana J.").await?;
    page.button("Change name").await?.click().await?;
    page.see_text("Your display name is changed").await?;
    page.link("Hana J.").await?;

    // The password: the current one is checked beside its field, then the change is saved.
    let current = page.labelled("Current password").await?;
    page.fill(&current, "not my password at all").await?;
    page.fill_in("New password", "figs from the mountain")
        .await?;
    page.button("Change password").await?.click().await?;
    page.until("the wrong-password error", || async {
        Ok(page
            .field_error(&current)
            .await?
            .contains("not your current password"))
    })
    .await?;
    page.fill(&current, "pomegranates in the market").await?;
    page.button("Change password").await?.click().await?;
    page.see_text("Your password is changed").await?;

    // The download link gives this member's comments, with the session the browser holds.
    let export = page
        .client()
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch(document.querySelector('a[download]').href)
                 .then(r => r.text()).then(done, e => done(String(e)));",
            vec![],
        )
        .await?;
    let export: Value = serde_json::from_str(export.as_str().unwrap_or_default())
        .with_context(|| format!("the download is not JSON: {export}"))?;
    ensure!(export["member"]["display_name"] == "Hana J.", "{export}");
    ensure!(
        export["comments"][0]["body"] == "Written as Hana."
            && export["comments"][0]["article_slug"] == slug.as_str(),
        "{export}"
    );

    // Deleting the account keeps the comment, by a former member.
    page.fill_in("Your password", "figs from the mountain")
        .await?;
    page.button("Delete my account").await?.click().await?;
    page.see_text("Your account is deleted").await?;
    page.link("Sign in / up").await?;
    page.visit(&article).await?;
    page.heading(1, &title).await?;
    page.button("Newest first").await?.click().await?;
    page.see_text("Written as Hana.").await?;
    page.client()
        .find(Locator::XPath(
            "//article[.//p[contains(., 'Written as Hana.')]]//header//bdi[normalize-space(.)='former member']",
        ))
        .await
        .context("the kept comment is not shown as by a former member")?;
    page.close().await
}

/// A site offering "Connect using Fixture ID", a real OpenID provider on loopback, and mail
/// going to `smtp`.
async fn site_with_provider(smtp: &SmtpServer) -> Result<(Site, OidcProvider)> {
    let port = free_port()?;
    let site_url = format!("http://127.0.0.1:{port}");
    let provider =
        OidcProvider::start(&format!("{site_url}/api/v1/auth/oidc/fixture/callback")).await?;
    let site = Site::start_at(
        port,
        vec![
            "--oidc-providers".to_owned(),
            provider.providers_file("fixture", "Fixture ID")?,
            "--public-url".to_owned(),
            site_url,
            "--smtp-url".to_owned(),
            smtp.url(),
        ],
    )
    .await?;
    Ok((site, provider))
}

/// On the provider's own login page, signs in as `login` (any password works there).
async fn log_in_at_the_provider(page: &Page, login: &str) -> Result<()> {
    let field = page
        .client()
        .wait()
        .at_most(byline_e2e::PATIENCE)
        .for_element(Locator::Css("input[name='login']"))
        .await
        .context("the provider's login page did not open")?;
    page.fill(&field, login).await?;
    let password = page
        .client()
        .find(Locator::Css("input[name='password']"))
        .await?;
    page.fill(&password, "anything at all").await?;
    page.button("Sign-in").await?.click().await?;
    Ok(())
}

#[tokio::test]
async fn a_reader_connects_with_an_openid_provider_keeps_their_draft_and_comments() -> Result<()> {
    let smtp = SmtpServer::start().await?;
    let (site, _provider) = site_with_provider(&smtp).await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    let draft = "Typed before connecting.";
    page.fill(&page.field("Comment").await?, draft).await?;
    page.link("Sign in or sign up").await?.click().await?;
    page.heading(1, "Sign in").await?;
    page.see_text("Or connect using").await?;
    page.link("Fixture ID").await?.click().await?;

    // First sign-in: a new account, named by the provider, back on the article.
    log_in_at_the_provider(&page, "sara").await?;
    page.heading(1, &title).await?;
    page.see_text("Commenting as").await?;
    page.link("Sara (OIDC)").await?;
    ensure!(
        comment_box(&page).await? == draft,
        "the draft did not survive connecting"
    );
    page.button("Post comment").await?.click().await?;
    page.see_comment_marked(draft, "member").await?;
    let me = site
        .api(&format!("/articles/{slug}/comments?sort=newest"))
        .await?;
    ensure!(
        me["items"][0]["author"]["name"] == "Sara (OIDC)",
        "stored as {}",
        me["items"][0]["author"]
    );
    page.close().await?;

    // A verified address that matches an account signs in to it, not to a new one.
    post(
        &site,
        "/auth/register",
        &json!({"display_name": "Rezan Karim", "email": "rezan@example.org",
                "password": "hawthorn by the road"}),
    )
    .await?;
    let message = smtp
        .message("rezan@example.org", "/account/confirm?token=")
        .await?;
    let token = token_in(&message, &site, "/account/confirm")?;
    let (status, _, _) = post(&site, "/auth/confirm", &json!({ "token": token })).await?;
    ensure!(status == 200, "confirm answered {status}");
    let page = Page::open().await?;
    page.visit(&site.url("/account/sign-in")).await?;
    page.link("Fixture ID").await?.click().await?;
    log_in_at_the_provider(&page, "rezan@example.org").await?;
    page.link("Rezan Karim").await?;
    page.close().await?;

    // An address the provider has not verified makes no account and says why.
    let page = Page::open().await?;
    page.visit(&site.url("/account/sign-in")).await?;
    page.link("Fixture ID").await?.click().await?;
    log_in_at_the_provider(&page, "unverified-kal").await?;
    page.heading(1, "Sign in").await?;
    page.alert("has not verified your email address").await?;
    page.link("Sign in / up").await?;
    page.close().await
}

#[tokio::test]
async fn after_the_edit_window_the_endpoint_refuses_an_edit_and_the_text_stays() -> Result<()> {
    const WINDOW_SECS: u64 = 8;
    let smtp = SmtpServer::start().await?;
    let smtp_url = smtp.url();
    let site = Site::start_with(|site| {
        vec![
            "--smtp-url".to_owned(),
            smtp_url,
            "--public-url".to_owned(),
            site.to_owned(),
            "--edit-window".to_owned(),
            WINDOW_SECS.to_string(),
        ]
    })
    .await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/account/register")).await?;
    register_in_the_browser(
        &page,
        &site,
        &smtp,
        "Dilan Hawre",
        "dilan@example.org",
        "lanterns along the bazaar",
    )
    .await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.fill(&page.field("Comment").await?, "Posted at noon.")
        .await?;
    let posted = std::time::Instant::now();
    page.button("Post comment").await?.click().await?;
    page.see_text("Posted at noon.").await?;

    // Within the window: edited, and marked so.
    page.button("Edit your comment").await?.click().await?;
    page.fill_in("Your comment", "Posted at noon, edited in time.")
        .await?;
    page.button("Save").await?.click().await?;
    page.see_comment_marked("Posted at noon, edited in time.", "edited")
        .await?;
    ensure!(
        posted.elapsed().as_secs() < WINDOW_SECS,
        "the first edit took too long to prove anything"
    );

    // After it: refused, with the reason, and the new text is still in the editor.
    tokio::time::sleep(std::time::Duration::from_secs(WINDOW_SECS + 1)).await;
    page.button("Edit your comment").await?.click().await?;
    let late = "Too late to change.";
    page.fill_in("Your comment", late).await?;
    page.button("Save").await?.click().await?;
    page.alert("time for editing this comment has passed")
        .await?;
    ensure!(
        page.labelled("Your comment")
            .await?
            .prop("value")
            .await?
            .as_deref()
            == Some(late),
        "the refused text was lost"
    );
    let stored = site
        .api(&format!("/articles/{slug}/comments?sort=newest"))
        .await?;
    ensure!(
        stored["items"][0]["body"] == "Posted at noon, edited in time.",
        "{}",
        stored["items"][0]
    );
    page.close().await
}
