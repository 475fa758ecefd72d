//! Moderation in the browser: readers report a comment until it hides; under pre-moderation a
//! guest sees their comment "awaiting moderation" (after a reload too) while another reader
//! does not, until a moderator approves it from the queue; a banned member is told why their
//! comment is refused and keeps the text; a closed article shows a notice instead of the form.

use anyhow::{Result, bail, ensure};
use byline_e2e::{Page, Site};
use fantoccini::Locator;
use reqwest::Method;

const PASSWORD: &str = "lanterns along the river";

/// Whether the comment list (not the sidebars) shows some text.
async fn in_comments(page: &Page, text: &str) -> Result<bool> {
    let found = page
        .client()
        .find_all(Locator::XPath(&format!(
            "//section[@id='comments']//*[contains(normalize-space(text()), {})]",
            byline_e2e::literal(text)
        )))
        .await?;
    Ok(!found.is_empty())
}

/// Sorts the comments newest first and waits until the page shows the newest comment a reader
/// without a session gets from the endpoint (so that a check of what is missing runs on the
/// new list, not on the one before it). More than one is asked for: a page leaves out the
/// hidden comments it read, so a page of one can be empty.
async fn newest_first(page: &Page, site: &Site, slug: &str) -> Result<()> {
    page.button("Newest first").await?.click().await?;
    let newest = site
        .api(&format!("/articles/{slug}/comments?sort=newest&limit=5"))
        .await?;
    // Its first words: the page shows paragraphs apart, which `textContent` runs together.
    let newest: String = newest["items"][0]["body"]
        .as_str()
        .unwrap_or_default()
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(30)
        .collect();
    let first = || async {
        let first = page
            .script(
                "const body = document.querySelector('ol[aria-label=\"Comments\"] > li .comment__body');
                 return body ? body.textContent : '';",
            )
            .await?;
        anyhow::Ok(first.as_str().unwrap_or_default().to_owned())
    };
    let waited = page
        .until("the newest comment first", || async {
            Ok(!newest.is_empty() && first().await?.contains(&newest))
        })
        .await;
    if let Err(error) = waited {
        let shown = first().await.unwrap_or_default();
        return Err(error.context(format!(
            "expected {newest:?} first, the page shows {shown:?}"
        )));
    }
    Ok(())
}

/// A member with the moderator's role (nian@example.org): their session.
async fn moderator(site: &Site) -> Result<String> {
    let session = site
        .member("Nian Moderator", "nian@example.org", PASSWORD)
        .await?;
    site.grant("nian@example.org", "moderator")?;
    Ok(session)
}

/// Signs in through the page; ends back on `back_to` (a path).
async fn sign_in(page: &Page, site: &Site, email: &str, back_to: &str) -> Result<()> {
    page.sign_in(site, email, PASSWORD, back_to).await
}

/// Sets an article's moderation mode through the API, as a moderator.
async fn set_mode(site: &Site, slug: &str, mode: &str, moderator: &str) -> Result<()> {
    let answer = site
        .request(
            Method::PUT,
            &format!("/moderation/articles/{slug}"),
            Some(moderator),
        )
        .json(&serde_json::json!({ "mode": mode }))
        .send()
        .await?;
    ensure!(
        answer.status().is_success(),
        "setting {mode}: {}",
        answer.status()
    );
    Ok(())
}

async fn post_as_guest(page: &Page, name: &str, email: &str, text: &str) -> Result<()> {
    page.fill(&page.field("Name").await?, name).await?;
    page.fill(&page.field("Email").await?, email).await?;
    page.fill(&page.field("Comment").await?, text).await?;
    page.button("Post comment").await?.click().await?;
    Ok(())
}

async fn report(page: &Page, author: &str, reason: &str) -> Result<()> {
    page.button(&format!("Report the comment of \u{2068}{author}\u{2069}"))
        .await?
        .click()
        .await?;
    page.labelled(reason).await?.click().await?;
    page.button("Send report").await?.click().await?;
    page.see_text("Thank you. The moderators will look at it.")
        .await?;
    Ok(())
}

#[tokio::test]
async fn readers_report_a_comment_until_it_is_hidden() -> Result<()> {
    let site =
        Site::start_with(|_| ["--report-threshold", "2"].map(str::to_owned).to_vec()).await?;
    let (slug, title) = site.small_article().await?;
    let article = format!("/articles/{slug}");
    let author = "Sardar";
    let text = "Cheap flights, click my link now.";
    let poster = Page::open().await?;
    poster.visit(&site.url(&article)).await?;
    poster.heading(1, &title).await?;
    post_as_guest(&poster, author, "sardar@example.org", text).await?;
    poster.see_text("Your comment is posted.").await?;
    poster.close().await?;

    // A guest reports it: one report is not enough.
    let guest = Page::open().await?;
    guest.visit(&site.url(&article)).await?;
    guest.heading(1, &title).await?;
    guest.button("Newest first").await?.click().await?;
    guest.see_text(text).await?;
    report(&guest, author, "Spam or advertising").await?;
    guest.reload().await?;
    guest.heading(1, &title).await?;
    guest.button("Newest first").await?.click().await?;
    guest.see_text(text).await?;
    guest.close().await?;

    // A member reports it too: hidden.
    site.member("Shirin Ahmed", "shirin@example.org", PASSWORD)
        .await?;
    let member = Page::open().await?;
    sign_in(&member, &site, "shirin@example.org", &article).await?;
    member.heading(1, &title).await?;
    member.button("Newest first").await?.click().await?;
    member.see_text(text).await?;
    member
        .button(&format!("Report the comment of \u{2068}{author}\u{2069}"))
        .await?
        .click()
        .await?;
    member.labelled("Something else").await?.click().await?;
    member.button("Send report").await?.click().await?;
    // "Something else" needs words: the page says so beside the field, and keeps the choice.
    let detail = member.labelled("What is wrong with it?").await?;
    member
        .until("the detail's error", || async {
            Ok(member
                .field_error(&detail)
                .await?
                .contains("Say what is wrong with it."))
        })
        .await?;
    member
        .fill(
            &member.labelled("What is wrong with it?").await?,
            "It advertises flights.",
        )
        .await?;
    member.button("Send report").await?.click().await?;
    member
        .see_text("Thank you. The moderators will look at it.")
        .await?;
    member.reload().await?;
    member.heading(1, &title).await?;
    newest_first(&member, &site, &slug).await?;
    if in_comments(&member, text).await? {
        bail!("the comment still shows after two reports");
    }
    member.close().await
}

#[tokio::test]
async fn a_premoderated_comment_awaits_a_moderator_who_approves_it_from_the_queue() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let article = format!("/articles/{slug}");
    let moderator = moderator(&site).await?;
    set_mode(&site, &slug, "pre", &moderator).await?;

    let text = "Held for a moderator, then for everyone.";
    let guest = Page::open().await?;
    guest.visit(&site.url(&article)).await?;
    guest.heading(1, &title).await?;
    guest
        .see_text("Comments here appear once a moderator has approved them.")
        .await?;
    post_as_guest(&guest, "Berfin", "berfin@example.org", text).await?;
    guest
        .see_text("Thank you. Your comment will appear once a moderator has approved it.")
        .await?;
    guest.see_text("Awaiting moderation").await?;
    ensure!(
        in_comments(&guest, text).await?,
        "the author does not see it"
    );
    // After a reload the guest's browser still shows it, still waiting.
    guest.reload().await?;
    guest.heading(1, &title).await?;
    guest.see_text(text).await?;
    guest.see_text("Awaiting moderation").await?;

    let other = Page::open().await?;
    other.visit(&site.url(&article)).await?;
    other.heading(1, &title).await?;
    newest_first(&other, &site, &slug).await?;
    if in_comments(&other, text).await? {
        bail!("another reader sees a comment that waits for a moderator");
    }

    let desk = Page::open().await?;
    sign_in(&desk, &site, "nian@example.org", "/account/moderation").await?;
    desk.heading(1, "Moderation").await?;
    desk.see_text(text).await?;
    desk.see_text("Waiting for approval").await?;
    desk.button("Approve").await?.click().await?;
    desk.see_text("Approved.").await?;
    desk.close().await?;

    other.reload().await?;
    other.heading(1, &title).await?;
    other.button("Newest first").await?.click().await?;
    other.see_text(text).await?;
    guest.close().await?;
    other.close().await
}

#[tokio::test]
async fn a_banned_member_is_refused_with_a_clear_message_and_keeps_the_text() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let article = format!("/articles/{slug}");
    let moderator = site
        .member("Nian Moderator", "nian@example.org", PASSWORD)
        .await?;
    site.grant("nian@example.org", "admin")?;
    site.member("Rizgar Troll", "rizgar@example.org", PASSWORD)
        .await?;
    set_mode(&site, &slug, "pre", &moderator).await?;

    let member = Page::open().await?;
    sign_in(&member, &site, "rizgar@example.org", &article).await?;
    member.heading(1, &title).await?;
    member
        .fill(&member.field("Comment").await?, "You are all fools.")
        .await?;
    member.button("Post comment").await?.click().await?;
    member.see_text("Awaiting moderation").await?;

    let desk = Page::open().await?;
    sign_in(&desk, &site, "nian@example.org", "/account/moderation").await?;
    desk.heading(1, "Moderation").await?;
    desk.see_text("You are all fools.").await?;
    // Rejecting needs a reason, for the log.
    desk.button("Reject and ban the author")
        .await?
        .click()
        .await?;
    desk.see_text("Give the reason, for the log.").await?;
    desk.fill(&desk.labelled("Reason (for the log)").await?, "Insults")
        .await?;
    desk.button("Reject and ban the author")
        .await?
        .click()
        .await?;
    desk.see_text("Rejected.").await?;
    desk.see_text("Insults").await?;

    set_mode(&site, &slug, "post", &moderator).await?;
    member.reload().await?;
    member.heading(1, &title).await?;
    let text = "Let me post again, please.";
    let body = member.field("Comment").await?;
    member.fill(&body, text).await?;
    member.button("Post comment").await?.click().await?;
    member
        .alert("The moderators have stopped you from commenting on this site.")
        .await?;
    ensure!(
        body.prop("value").await?.as_deref() == Some(text),
        "the text was lost"
    );

    // The ban is listed on the moderators' page, where it is lifted; then the same text goes
    // out, once.
    desk.button("Lift the ban on \u{2068}Rizgar Troll\u{2069}")
        .await?
        .click()
        .await?;
    desk.see_text("may comment again.").await?;
    desk.see_text("No one is banned.").await?;
    desk.close().await?;
    member.button("Post comment").await?.click().await?;
    member.see_text(text).await?;
    member.see_text("Your comment is posted.").await?;
    member.close().await
}

#[tokio::test]
async fn closing_comments_replaces_the_form_with_a_notice() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let moderator = moderator(&site).await?;
    set_mode(&site, &slug, "closed", &moderator).await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.see_text("Comments are closed on this article.")
        .await?;
    let forms = page
        .client()
        .find_all(Locator::XPath(
            "//button[normalize-space()='Post comment' or normalize-space()='Reply']",
        ))
        .await?;
    ensure!(
        forms.is_empty(),
        "a closed article still offers {} ways to comment",
        forms.len()
    );
    page.close().await
}

#[tokio::test]
async fn a_reader_likes_a_comment_and_featured_comments_lead_every_order() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let moderator = moderator(&site).await?;
    let mut ids = Vec::new();
    for (name, text) in [
        ("Dilan", "A plain remark."),
        ("Aram", "A remark readers like."),
    ] {
        let answer = site
            .request(Method::POST, &format!("/articles/{slug}/comments"), None)
            .json(&serde_json::json!({
                "body": text,
                "guest": {"name": name, "email": format!("{}@example.org", name.to_lowercase())}
            }))
            .send()
            .await?;
        let posted: serde_json::Value = answer.json().await?;
        ids.push(posted["id"].as_i64().unwrap_or_default());
    }

    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    let like = "Like the comment of \u{2068}Aram\u{2069}";
    page.button(like).await?.click().await?;
    page.see_text("one like").await?;
    // The like is this browser's: after a reload it still shows as given, and counted once.
    page.reload().await?;
    page.heading(1, &title).await?;
    let button = page.button(like).await?;
    page.until("the like to show as given", || async {
        Ok(button.attr("aria-pressed").await?.as_deref() == Some("true"))
    })
    .await?;
    page.see_text("one like").await?;

    let featured = site
        .request(
            Method::PUT,
            &format!("/moderation/comments/{}/featured", ids[0]),
            Some(&moderator),
        )
        .json(&serde_json::json!({"featured": true}))
        .send()
        .await?;
    ensure!(featured.status().is_success(), "{}", featured.status());
    page.reload().await?;
    page.heading(1, &title).await?;
    let first_two = || async {
        page.script(
            "return [...document.querySelectorAll('#comments .comment-list > li > article .comment__body')]
                .slice(0, 2).map(body => body.innerText.trim())",
        )
        .await
    };
    let featured_then_liked = serde_json::json!(["A plain remark.", "A remark readers like."]);
    // Featured first in every order: under "Newest first" too, although it is the older.
    // (The sort button shows as pressed once the comments in that order are in.)
    for sort in ["Newest first", "Top"] {
        let button = page.button(sort).await?;
        button.click().await?;
        page.until(&format!("the {sort} order"), || async {
            Ok(button.attr("aria-pressed").await?.as_deref() == Some("true"))
        })
        .await?;
        let shown = first_two().await?;
        ensure!(
            shown == featured_then_liked,
            "{sort}: the comments came as {shown}"
        );
    }
    page.see_text("Featured").await?;
    page.close().await
}

/// Under pre-moderation an edited comment goes back to the moderators: its author sees the new
/// text marked "Awaiting moderation" at once, and it leaves the list other readers get until a
/// moderator approves it again.
#[tokio::test]
async fn an_edit_under_premoderation_goes_back_to_the_moderators() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let moderator = moderator(&site).await?;
    let listed = |site: &Site| {
        let path = format!("/articles/{slug}/comments?limit=50");
        let site_url = site.url("");
        async move {
            let page: serde_json::Value = reqwest::get(format!("{site_url}/api/v1{path}"))
                .await?
                .json()
                .await?;
            let bodies: Vec<String> = page["items"]
                .as_array()
                .map(|items| {
                    items
                        .iter()
                        .filter_map(|item| item["body"].as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            anyhow::Ok(bodies)
        }
    };

    let guest = Page::open().await?;
    guest.visit(&site.url(&format!("/articles/{slug}"))).await?;
    guest.heading(1, &title).await?;
    let first = "The ferry runs twice a day now.";
    post_as_guest(&guest, "Berfin", "berfin@example.org", first).await?;
    guest.see_text(first).await?;
    ensure!(
        listed(&site).await?.iter().any(|body| body == first),
        "the comment was not published"
    );

    // Whether the comment holding `text` offers a Reply button.
    let replies_offered = |text: &'static str| {
        let guest = &guest;
        async move {
            let found = guest
                .script(&format!(
                    "return [...document.querySelectorAll('article.comment__card')]
                        .filter(card => card.textContent.includes({text:?}))
                        .map(card => !!card.querySelector('button.comment__reply-button'))"
                ))
                .await?;
            anyhow::Ok(found)
        }
    };
    ensure!(
        replies_offered(first).await? == serde_json::json!([true]),
        "a published comment offers Reply"
    );

    set_mode(&site, &slug, "pre", &moderator).await?;
    guest.button("Edit your comment").await?.click().await?;
    let editor = guest.labelled("Your comment").await?;
    let second = "The ferry runs three times a day now.";
    guest.fill(&editor, second).await?;
    guest.button("Save").await?.click().await?;
    guest
        .see_comment_marked(second, "Awaiting moderation")
        .await?;
    // Nobody may answer it while it waits (the endpoint would refuse the reply).
    ensure!(
        replies_offered(second).await? == serde_json::json!([false]),
        "a comment awaiting moderation still offers Reply"
    );
    let bodies = listed(&site).await?;
    ensure!(
        !bodies.iter().any(|body| body == first || body == second),
        "other readers still get the comment: {bodies:?}"
    );
    guest.close().await
}
