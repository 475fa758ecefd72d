//! The split build's chunks never cost a reader a click: the comment form and the comment
//! actions come in chunks after the first load, and a reader who reaches for them before they
//! are in waits on a busy control, keeps what they typed, and can retry a chunk that failed.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use byline_e2e::{Fault, FaultProxy, Page, Site, dist_dir};

/// The path of the reader bundle's chunk whose name starts with `prefix` (`split_form`).
fn chunk_path(prefix: &str) -> Result<String> {
    let dist = dist_dir();
    std::fs::read_dir(&dist)
        .with_context(|| format!("no build in {}", dist.display()))?
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| entry.file_name().into_string().ok())
        .find(|name| name.starts_with(&format!("{prefix}-")) && name.ends_with(".wasm"))
        .map(|name| format!("/{name}"))
        .with_context(|| format!("the build has no {prefix} chunk: was it split?"))
}

#[tokio::test]
async fn a_reader_who_types_before_the_forms_chunk_keeps_every_word() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    proxy.break_with(
        Some("GET"),
        &chunk_path("split_form")?,
        Fault::Slow(Duration::from_secs(4)),
    );
    let page = Page::open().await?;
    page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    // The shell of the form, with its labels, while the chunk is held back: the reader types
    // and presses Post before the form is in.
    let text = "Typed while the form was still on its way.";
    page.fill(&page.shell_field("Comment").await?, text).await?;
    page.fill(&page.shell_field("Name").await?, "Rezan").await?;
    page.fill(&page.shell_field("Email").await?, "rezan@example.org")
        .await?;
    let post = page.shell_button("Post comment").await?;
    ensure!(
        post.attr("aria-busy").await?.as_deref() == Some("true"),
        "the Post button does not say it is busy before the form is in"
    );
    post.click().await?;
    // The form comes with every word in it, and sends what was pressed.
    page.see_text(text).await?;
    page.close().await
}

#[tokio::test]
async fn a_chunk_that_fails_says_so_and_comes_on_retry() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    proxy.break_with(Some("GET"), &chunk_path("split_form")?, Fault::Status(503));
    let page = Page::open().await?;
    page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    let text = "Kept through a chunk that did not come.";
    page.fill(&page.shell_field("Comment").await?, text).await?;
    page.alert("We could not load this part of the page")
        .await?;
    ensure!(
        page.shell_field("Comment")
            .await?
            .prop("value")
            .await?
            .as_deref()
            == Some(text),
        "the text was lost when the chunk failed"
    );
    proxy.heal();
    page.button("Try again").await?.click().await?;
    page.until_present("the comment form", ".comment-form .field__count")
        .await?;
    ensure!(
        page.field("Comment").await?.prop("value").await?.as_deref() == Some(text),
        "the text was lost when the form came on retry"
    );
    page.close().await
}

#[tokio::test]
async fn a_like_before_its_chunk_is_busy_then_counts() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, title) = site.small_article().await?;
    proxy.break_with(
        Some("GET"),
        &chunk_path("split_actions")?,
        Fault::Slow(Duration::from_secs(4)),
    );
    let page = Page::open().await?;
    page.visit(&proxy.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.until_present("a comment's Like button", "button.comment__like")
        .await?;
    let like = page
        .client()
        .find(fantoccini::Locator::Css("button.comment__like"))
        .await?;
    like.click().await?;
    page.until_present(
        "the busy Like button",
        "button.comment__like[aria-busy=\"true\"]",
    )
    .await?;
    page.until_present(
        "the like counted",
        "button.comment__like[aria-pressed=\"true\"]",
    )
    .await?;
    ensure!(
        proxy.requests("GET", &chunk_path("split_actions")?) >= 1,
        "the actions' chunk was never asked for"
    );
    page.close().await
}
