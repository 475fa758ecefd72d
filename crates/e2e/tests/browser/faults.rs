//! Faults between the page and the endpoint, switched on by a proxy in front of the real
//! endpoint ([`FaultProxy`]): every broken answer is explained and can be retried once the
//! fault is gone, a comment whose answer was lost is stored once, and one that could not go
//! out is sent by itself when the browser is back online.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use byline_e2e::{Fault, FaultProxy, Page, Site};
use fantoccini::Locator;

async fn comment_count(site: &Site, slug: &str) -> Result<u64> {
    let article = site.api(&format!("/articles/{slug}")).await?;
    Ok(article["comment_count"].as_u64().unwrap_or(0))
}

#[tokio::test]
async fn every_broken_answer_is_explained_and_the_page_recovers_on_retry() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    let article = format!("/api/v1/articles/{slug}");
    let page = Page::open().await?;
    for (fault, explained) in [
        (Fault::Status(503), "problem on its side"),
        (Fault::Malformed, "could not read"),
        (Fault::Huge, "could not read"),
        (Fault::Truncated, "could not reach"),
        (Fault::Refuse, "could not reach"),
        // Regression: after the page gave up on a preloaded article that never came, its
        // retry waited behind the browser's still-open request for the same address.
        (Fault::Hang, "taking too long"),
    ] {
        let during = |what: &str| format!("{what} with {fault:?}");
        proxy.break_with(Some("GET"), &article, fault);
        page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
        page.alert("We could not load")
            .await
            .with_context(|| during("the notice"))?;
        page.alert(explained)
            .await
            .with_context(|| during("the explanation"))?;
        proxy.heal();
        page.button("Try again").await?.click().await?;
        page.heading(1, &title)
            .await
            .with_context(|| during("recovering"))?;
    }
    page.close().await
}

#[tokio::test]
async fn a_comment_whose_answer_was_lost_is_stored_once_after_retry() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    let comments = format!("/api/v1/articles/{slug}/comments");
    let page = Page::open().await?;
    page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.fill(&page.field("Name").await?, "Narin").await?;
    page.fill(&page.field("Email").await?, "narin@example.org")
        .await?;
    let text = "Posted once, whatever the network does to the answer.";
    let body = page.field("Comment").await?;
    page.fill(&body, text).await?;
    let before = comment_count(&site, &slug).await?;

    // The endpoint stores the comment, but its answer is cut off on the way back.
    proxy.break_with(Some("POST"), &comments, Fault::Truncated);
    page.button("Post comment").await?.click().await?;
    page.alert("Your comment was not sent").await?;
    ensure!(
        body.prop("value").await?.as_deref() == Some(text),
        "the text was lost"
    );
    ensure!(
        comment_count(&site, &slug).await? == before + 1,
        "the endpoint did not store it"
    );

    // Retried with the same key: the endpoint answers with the first result, stores nothing more.
    proxy.heal();
    page.button("Retry").await?.click().await?;
    page.see_text("Your comment is posted.").await?;
    ensure!(
        comment_count(&site, &slug).await? == before + 1,
        "the retry posted it twice"
    );
    page.close().await
}

#[tokio::test]
async fn a_comment_that_could_not_go_out_is_sent_once_when_the_browser_is_back_online() -> Result<()>
{
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    let comments = format!("/api/v1/articles/{slug}/comments");
    let page = Page::open().await?;
    page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.fill(&page.field("Name").await?, "Baran").await?;
    page.fill(&page.field("Email").await?, "baran@example.org")
        .await?;
    let text = "Written on the bus, between two tunnels.";
    page.fill(&page.field("Comment").await?, text).await?;
    let before = comment_count(&site, &slug).await?;

    // The connection is gone: nothing reaches the endpoint.
    proxy.break_with(Some("POST"), &comments, Fault::Refuse);
    page.button("Post comment").await?.click().await?;
    page.alert("Your comment was not sent").await?;
    ensure!(
        comment_count(&site, &slug).await? == before,
        "something was stored"
    );

    // The network comes back, and the browser says so: the comment goes out by itself, once.
    proxy.heal();
    page.script("window.dispatchEvent(new Event('online'))")
        .await?;
    page.see_text("Your comment is posted.").await?;
    page.see_text(text).await?;
    page.script("window.dispatchEvent(new Event('online'))")
        .await?;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    ensure!(
        comment_count(&site, &slug).await? == before + 1,
        "not posted exactly once"
    );
    page.close().await
}

/// Deleting a comment whose answer is lost: the comment is gone at the endpoint, the reader
/// is told the answer did not come, and deleting again (with the same key) says it is deleted,
/// not "not found". The same holds for every write the page makes (`src/api.rs`).
#[tokio::test]
async fn a_delete_whose_answer_was_lost_is_done_when_the_reader_deletes_again() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.fill(&page.field("Name").await?, "Hejar").await?;
    page.fill(&page.field("Email").await?, "hejar@example.org")
        .await?;
    let text = "A remark I will think better of.";
    page.fill(&page.field("Comment").await?, text).await?;
    let before = comment_count(&site, &slug).await?;
    page.button("Post comment").await?.click().await?;
    page.see_text("Your comment is posted.").await?;
    let newest = site
        .api(&format!("/articles/{slug}/comments?sort=newest"))
        .await?;
    let id = newest["items"][0]["id"].as_i64().context("no comment id")?;
    ensure!(newest["items"][0]["body"] == text, "{newest}");

    // The endpoint deletes it, but its answer is lost on the way back.
    proxy.break_with(
        Some("DELETE"),
        &format!("/api/v1/comments/{id}"),
        Fault::Lost,
    );
    page.button("Delete your comment").await?.click().await?;
    page.button("Delete").await?.click().await?;
    page.see_text("We could not reach").await?;
    ensure!(
        comment_count(&site, &slug).await? == before,
        "the endpoint did not delete it"
    );
    page.see_text(text).await?;

    // Deleting again is answered with the first answer: deleted, no "not found".
    proxy.heal();
    page.button("Delete your comment").await?.click().await?;
    page.button("Delete").await?.click().await?;
    let in_comments = Locator::XPath(
        "//section[@id='comments']//*[contains(normalize-space(text()), 'I will think better')]",
    );
    page.until("the comment to go", || async {
        Ok(page.client().find_all(in_comments).await?.is_empty())
    })
    .await?;
    // (Without the key, the second delete is a 404: the comment would stay, with the error.)
    ensure!(
        !page.has_text("no comment with this id").await?,
        "the second delete was refused"
    );
    page.close().await
}

/// An article whose answer is late (the WebAssembly is ready before it): the page's first
/// render waits for it, with "Loading…" up meanwhile, so the article comes in its own
/// language and direction at once. A render before it showed an English skeleton, then flipped
/// language and direction as the article came: everything on the screen moved (layout-shift
/// scores of 0.76 and 0.84).
#[tokio::test]
async fn a_late_article_comes_in_the_first_render_in_its_own_direction() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let page = Page::open().await?;
    for lang in ["ckb", "ar", "en"] {
        let slug = site.article_in(lang).await?;
        // Late, but within the page's wait for it (1.5 s).
        proxy.break_with(
            Some("GET"),
            &format!("/api/v1/articles/{slug}"),
            Fault::Slow(Duration::from_millis(900)),
        );
        page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
        page.until_present("the article", "#article-title")
            .await
            .with_context(|| format!("the {lang} article"))?;
        let dir = page.script("return document.documentElement.dir;").await?;
        let expected = if lang == "en" { "ltr" } else { "rtl" };
        ensure!(dir == expected, "the {lang} article's page is {dir}");
        let shift = page.layout_shift("body").await?;
        ensure!(
            shift < 0.05,
            "the {lang} page shifted by {shift:.3} as its article came"
        );
        proxy.heal();
    }
    page.close().await
}
