//! The widgets on a partner's page: a page on another origin embeds Byline's comments, comment
//! counts and latest comments with `embed.js`, in headless Chromium against the real endpoint.

use anyhow::{Context, Result, bail, ensure};
use byline_e2e::{Page, PartnerSite, Site};
use fantoccini::Locator;
use serde_json::Value;

/// A Byline site that names `partner` as a partner origin.
async fn site_for(partner: &PartnerSite) -> Result<Site> {
    let origin = partner.origin().to_owned();
    Site::start_with(|_| vec!["--partner-origins".to_owned(), origin]).await
}

/// A partner page: the partner's own (hostile) CSS, then `body`, then the loader.
fn partner_page(site: &Site, body: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Partner</title>
<style>
  * {{ all: unset !important; }}
  body {{ direction: rtl; font: 40px/3 serif !important; color: #f0f !important; }}
  h1 {{ display: block !important; }}
</style></head><body>
<h1>The partner's story</h1>
{body}
<script async src="{loader}"></script>
</body></html>"#,
        loader = site.url("/embed.js")
    )
}

async fn number(page: &Page, script: &str) -> Result<f64> {
    let value = page.script(script).await?;
    value
        .as_f64()
        .with_context(|| format!("{script} gave {value}"))
}

/// The frame's height on the partner's page, and the widget's own height inside it.
async fn heights(page: &Page, index: u16) -> Result<(f64, f64)> {
    let outer = number(
        page,
        &format!(
            "return document.querySelectorAll('iframe')[{index}].getBoundingClientRect().height"
        ),
    )
    .await?;
    page.client().enter_frame(index).await?;
    let inner = number(
        page,
        "const e = document.querySelector('.embed'); return e ? e.offsetHeight : 0",
    )
    .await;
    // Back to the partner's page whatever happened inside.
    page.client().enter_parent_frame().await?;
    Ok((outer, inner?))
}

/// Posts a comment as a guest from the widget the page is in, and waits to see it.
async fn comment_as_guest(page: &Page, text: &str) -> Result<()> {
    page.fill(&page.field("Name").await?, "Partner Reader")
        .await?;
    page.fill(&page.field("Email").await?, "reader@partner.example")
        .await?;
    page.fill(&page.field("Comment").await?, text).await?;
    page.button("Post comment").await?.click().await?;
    page.see_text(text).await?;
    Ok(())
}

#[tokio::test]
async fn a_partner_page_embeds_comments_a_guest_posts_and_the_frame_follows_the_content()
-> Result<()> {
    let partner = PartnerSite::start("127.0.0.2").await?;
    let site = site_for(&partner).await?;
    let (slug, _) = site.small_article().await?;
    let before = site.api(&format!("/articles/{slug}")).await?["comment_count"]
        .as_u64()
        .context("comment_count")?;
    let url = partner.page(
        "story.html",
        &partner_page(
            &site,
            &format!(
                r##"<p>Comments: <span id="count" data-byline-count data-article="{slug}"></span></p>
<div data-byline-comments data-article="{slug}" data-color-accent="#0a5c36" data-color-paper="red;x:y"></div>"##
            ),
        ),
    )?;
    let page = Page::open().await?;
    page.visit(&url).await?;

    // The count arrives in one request.
    page.until("the count", || async {
        Ok(page
            .script("return document.getElementById('count').textContent")
            .await?
            == Value::String(before.to_string()))
    })
    .await?;

    // The frame takes the height of its content once the comments are in: no inner scrolling.
    page.until("the frame to fit its comments", || async {
        let (outer, inner) = heights(&page, 0).await?;
        Ok(inner > 480.0 && (outer - inner).abs() <= 1.0)
    })
    .await?;
    let (outer_before, _) = heights(&page, 0).await?;

    // The partner's CSS does not reach into the widget, nor undo the frame's own styles.
    let width = number(
        &page,
        "return document.querySelector('iframe').getBoundingClientRect().width",
    )
    .await?;
    ensure!(width > 600.0, "the frame is {width}px wide");
    page.client().enter_frame(0).await?;
    let style = page
        .script(
            "const p = document.querySelector('.comment__body, .comment p');
             const s = getComputedStyle(p);
             return [s.fontSize, s.direction, s.color, document.documentElement.scrollHeight <= innerHeight + 1];",
        )
        .await?;
    ensure!(
        style[0] != "40px" && style[1] == "ltr" && style[2] != "rgb(255, 0, 255)",
        "{style}"
    );
    ensure!(
        style[3] == true,
        "the widget scrolls inside its frame: {style}"
    );

    // The partner's accent colour, and nothing that is not a colour.
    let colours = page
        .script(
            "const root = getComputedStyle(document.documentElement);
             return [root.getPropertyValue('--color-accent').trim(), root.getPropertyValue('--color-paper').trim(),
                     getComputedStyle([...document.querySelectorAll('button')].find(b => b.textContent.includes('Post comment'))).backgroundColor];",
        )
        .await?;
    ensure!(
        colours[0] == "#0a5c36" && colours[1] != "red;x:y" && colours[2] == "rgb(10, 92, 54)",
        "the widget's colours: {colours}"
    );

    // A guest posts from the partner's page.
    comment_as_guest(&page, "Read on the partner's site.").await?;
    page.client().enter_parent_frame().await?;
    page.until("the frame to grow with the new comment", || async {
        let (outer, inner) = heights(&page, 0).await?;
        Ok(outer > outer_before && (outer - inner).abs() <= 1.0)
    })
    .await?;
    let after = site.api(&format!("/articles/{slug}")).await?["comment_count"]
        .as_u64()
        .context("comment_count")?;
    ensure!(after == before + 1, "count went from {before} to {after}");
    page.close().await
}

#[tokio::test]
async fn a_partner_page_of_its_own_gets_a_thread_with_its_first_comment() -> Result<()> {
    let partner = PartnerSite::start("127.0.0.2").await?;
    let site = site_for(&partner).await?;
    let story = format!("{}/stories/river-walk", partner.origin());
    let url = partner.page(
        "own.html",
        &partner_page(
            &site,
            &format!(
                r#"<p>Comments: <span id="count" data-byline-count data-url="{story}">?</span></p>
<div data-byline-comments data-url="{story}" data-title="The river walk"></div>
<div data-byline-comments data-url="http://127.0.0.9/stories/copied"></div>"#
            ),
        ),
    )?;
    let page = Page::open().await?;
    page.visit(&url).await?;
    let count = || async {
        page.script("return document.getElementById('count').textContent")
            .await
    };
    page.until("the count of a page nobody has commented on", || async {
        Ok(count().await? == "0")
    })
    .await?;

    // A page off the partner origins gets a clear refusal, not a form.
    page.until("the second widget", || async {
        Ok(page
            .script("return document.querySelectorAll('iframe[src]').length")
            .await?
            == 2)
    })
    .await?;
    page.client().enter_frame(1).await?;
    page.see_text("Comments are not open on this page.").await?;
    page.see_text("http://127.0.0.9").await?;
    ensure!(
        page.client()
            .find_all(Locator::Css("form.comment-form"))
            .await?
            .is_empty(),
        "a form for a stranger's page"
    );
    page.client().enter_parent_frame().await?;

    // The partner's page starts empty; its first comment starts the thread.
    page.client().enter_frame(0).await?;
    page.see_text("No comments yet").await?;
    page.button("Newest first").await?.click().await?;
    comment_as_guest(&page, "The first word on the walk.").await?;
    page.client().enter_parent_frame().await?;

    // Back later: the thread is there, counted, and nowhere among the site's own stories.
    page.reload().await?;
    page.until("the new count", || async { Ok(count().await? == "1") })
        .await?;
    page.until("the widget", || async {
        page.client().enter_frame(0).await?;
        let shown = page.has_text("The first word on the walk.").await;
        page.client().enter_parent_frame().await?;
        shown
    })
    .await?;
    let thread = site
        .api(&format!(
            "/threads?url={}",
            story.replace(':', "%3A").replace('/', "%2F")
        ))
        .await?;
    ensure!(
        thread["started"] == true && thread["comment_count"] == 1,
        "{thread}"
    );
    let slug = thread["slug"].as_str().context("slug")?;
    let listed = site.api("/articles?limit=50").await?;
    ensure!(
        !listed.to_string().contains(slug),
        "the partner's page is listed as an article"
    );
    let latest = site.api("/comments/latest?limit=50").await?;
    ensure!(
        !latest.to_string().contains("The first word on the walk."),
        "the partner's comment is among the site's latest"
    );
    page.close().await
}

#[tokio::test]
async fn widgets_below_the_fold_load_only_when_scrolled_to() -> Result<()> {
    let partner = PartnerSite::start("127.0.0.2").await?;
    let site = site_for(&partner).await?;
    let articles = site.api("/articles?limit=3").await?;
    let slugs: Vec<String> = articles["items"]
        .as_array()
        .context("items")?
        .iter()
        .filter_map(|a| a["slug"].as_str().map(str::to_owned))
        .collect();
    ensure!(slugs.len() >= 2, "too few articles");
    let url = partner.page(
        "long.html",
        &partner_page(
            &site,
            &format!(
                r#"<div style="display:block !important;height:5000px !important">The story.</div>
<div data-byline-comments data-article="{}"></div>
<div data-byline-comments data-article="{}" data-sort="newest"></div>
<div data-byline-latest data-limit="3"></div>"#,
                slugs[0], slugs[1]
            ),
        ),
    )?;
    let page = Page::open().await?;
    page.visit(&url).await?;
    page.until("three frames", || async {
        Ok(page
            .script("return document.querySelectorAll('iframe').length")
            .await?
            == 3)
    })
    .await?;
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let loaded = page
        .script("return [...document.querySelectorAll('iframe')].filter(f => f.getAttribute('src')).length")
        .await?;
    ensure!(
        loaded == 0,
        "{loaded} widgets loaded before the reader scrolled"
    );
    // Space is reserved while they wait, so nothing jumps when they arrive.
    let reserved = number(
        &page,
        "return document.querySelector('iframe').getBoundingClientRect().height",
    )
    .await?;
    ensure!(reserved >= 300.0, "only {reserved}px reserved");

    page.script("document.querySelectorAll('iframe')[2].scrollIntoView()")
        .await?;
    page.until("all three widgets to load and size themselves", || async {
        let mut fitted = 0;
        for index in 0..3 {
            let (outer, inner) = heights(&page, index).await?;
            if inner > 0.0 && (outer - inner).abs() <= 1.0 {
                fitted += 1;
            }
        }
        Ok(fitted == 3)
    })
    .await?;
    // The second asked for the newest comments first.
    page.client().enter_frame(1).await?;
    let pressed = page
        .script("const b = document.querySelector('[aria-pressed=true]'); return b ? b.textContent : ''")
        .await?;
    page.client().enter_parent_frame().await?;
    ensure!(
        pressed
            .as_str()
            .is_some_and(|text| text.contains("Newest first")),
        "the second widget sorts by {pressed}"
    );
    // Each shows its own article's comments.
    for (index, slug) in slugs.iter().take(2).enumerate() {
        page.client().enter_frame(index as u16).await?;
        let shown = page.script("return location.search").await?;
        page.client().enter_parent_frame().await?;
        ensure!(
            shown
                .as_str()
                .is_some_and(|search| search.contains(&format!("article={slug}"))),
            "frame {index} shows {shown}"
        );
    }
    page.close().await
}

#[tokio::test]
async fn a_page_on_an_origin_not_on_the_list_gets_neither_widgets_nor_counts() -> Result<()> {
    let partner = PartnerSite::start("127.0.0.2").await?;
    let stranger = PartnerSite::start("127.0.0.3").await?;
    let site = site_for(&partner).await?;
    let (slug, _) = site.small_article().await?;
    let url = stranger.page(
        "copy.html",
        &partner_page(
            &site,
            &format!(
                r#"<span id="count" data-byline-count data-article="{slug}">?</span>
<div data-byline-comments data-article="{slug}"></div>"#
            ),
        ),
    )?;
    let page = Page::open().await?;
    page.visit(&url).await?;
    page.until("the frame", || async {
        Ok(page
            .script("return document.querySelectorAll('iframe[src]').length")
            .await?
            == 1)
    })
    .await?;
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    // The browser refuses to show the widget (frame-ancestors), and CORS keeps the count.
    page.client().enter_frame(0).await?;
    let framed = page
        .client()
        .find_all(Locator::Css("form.comment-form"))
        .await?
        .len();
    page.client().enter_parent_frame().await?;
    ensure!(framed == 0, "the widget rendered on a stranger's page");
    let count = page
        .script("return document.getElementById('count').textContent")
        .await?;
    ensure!(count == "?", "the count was filled: {count}");

    // What the endpoint says, to a stranger's page and to a partner's.
    let preflight = |origin: String| {
        let url = site.url("/api/v1/counts");
        async move {
            let response = reqwest::Client::new()
                .request(reqwest::Method::OPTIONS, url)
                .header("Origin", origin)
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .send()
                .await?;
            Ok::<_, anyhow::Error>(
                response
                    .headers()
                    .get("access-control-allow-origin")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned),
            )
        }
    };
    ensure!(
        preflight(stranger.origin().to_owned()).await?.is_none(),
        "CORS let a stranger in"
    );
    ensure!(
        preflight(partner.origin().to_owned()).await?.as_deref() == Some(partner.origin()),
        "CORS refused the partner"
    );
    let widget = reqwest::get(site.url("/embed/comments?article=x")).await?;
    let policy = widget
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    ensure!(
        policy.ends_with(&format!("; frame-ancestors 'self' {}", partner.origin()))
            && !policy.contains("unsafe-inline"),
        "the widget's policy is {policy:?}"
    );
    let home = reqwest::get(site.url("/")).await?;
    ensure!(
        home.headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|policy| policy.ends_with("; frame-ancestors 'self'")),
        "the site's own pages can be framed by others"
    );
    if stranger.origin() == partner.origin() {
        bail!("the two sites share an origin");
    }
    page.close().await
}

#[tokio::test]
async fn a_member_signs_in_through_the_pop_up_and_comments_in_the_widget_with_third_party_cookies_blocked()
-> Result<()> {
    let smtp = byline_e2e::SmtpServer::start().await?;
    let partner = PartnerSite::start("127.0.0.2").await?;
    let origin = partner.origin().to_owned();
    let smtp_url = smtp.url();
    let site = Site::start_with(|site| {
        vec![
            "--partner-origins".to_owned(),
            origin,
            "--smtp-url".to_owned(),
            smtp_url,
            "--public-url".to_owned(),
            site.to_owned(),
        ]
    })
    .await?;
    let (slug, _) = site.small_article().await?;
    let page = Page::open_blocking_third_party_cookies().await?;

    // A member signs up on Byline's own site: the session cookie is first-party there.
    page.visit(&site.url("/account/register")).await?;
    page.fill_in("Display name", "Nishtiman Ali").await?;
    page.fill_in("Email", "nishtiman@example.org").await?;
    page.fill_in("Password", "quinces on the windowsill")
        .await?;
    page.button("Create account").await?.click().await?;
    page.see_text("Check your email").await?;
    let message = smtp
        .message("nishtiman@example.org", "/account/confirm?token=")
        .await?;
    let start = message
        .find(&site.url("/account/confirm?token="))
        .context("no confirmation link")?;
    let link: String = message[start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    page.visit(&link).await?;
    page.see_text("Your account is confirmed and you are signed in.")
        .await?;

    // They comment on Byline's own page of the article, where the cookie is theirs.
    let earlier = "Said at home before the partner's page.";
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.fill(&page.field("Comment").await?, earlier).await?;
    page.button("Post comment").await?.click().await?;
    page.see_comment_marked(earlier, "member").await?;

    // On the partner's page the widget gets no cookie: it shows the guest form.
    let url = partner.page(
        "story.html",
        &partner_page(
            &site,
            &format!(r#"<div data-byline-comments data-article="{slug}"></div>"#),
        ),
    )?;
    page.visit(&url).await?;
    let partner_window = page.client().window().await?;
    page.until("the widget", || async {
        page.client().enter_frame(0).await?;
        let ready = !page
            .client()
            .find_all(Locator::Css("form.comment-form"))
            .await?
            .is_empty();
        page.client().enter_parent_frame().await?;
        Ok(ready)
    })
    .await?;
    // The form is only within reach once the frame has grown to its content (the frame never
    // scrolls, so WebDriver could not scroll to a field below its first height).
    page.until("the frame to fit the widget", || async {
        let (outer, inner) = heights(&page, 0).await?;
        Ok(inner > 480.0 && (outer - inner).abs() <= 1.0)
    })
    .await?;
    page.client().enter_frame(0).await?;
    page.see_text("You are commenting as a guest").await?;
    page.see_text(earlier).await?;
    let can_edit_earlier = format!(
        "return [...document.querySelectorAll('.comment')]
           .filter(c => c.textContent.includes({earlier:?}))
           .some(c => c.querySelector('[aria-label=\"Edit your comment\"]'))"
    );
    ensure!(
        page.script(&can_edit_earlier).await? == false,
        "a guest can edit a member's comment"
    );
    let draft = "Signed in from the partner's page.";
    page.fill(&page.field("Comment").await?, draft).await?;

    // Signing in opens Byline's own window, which hands the session to the widget and closes.
    page.link("Sign in or sign up").await?.click().await?;
    page.until("the pop-up", || async {
        Ok(page.client().windows().await?.len() == 2)
    })
    .await?;
    let popup = page
        .client()
        .windows()
        .await?
        .into_iter()
        .find(|handle| *handle != partner_window)
        .context("no pop-up")?;
    page.client().switch_to_window(popup).await?;
    page.link("Comment with this account")
        .await?
        .click()
        .await?;
    page.until("the pop-up to close", || async {
        Ok(page.client().windows().await?.len() == 1)
    })
    .await?;
    page.client().switch_to_window(partner_window).await?;
    page.client().enter_frame(0).await?;
    page.see_text("Commenting as").await?;
    let name = page
        .client()
        .find(Locator::Css(".comment-form__member"))
        .await?
        .text()
        .await?;
    ensure!(name == "Nishtiman Ali", "commenting as {name:?}");
    let kept = page.field("Comment").await?.prop("value").await?;
    ensure!(
        kept.as_deref() == Some(draft),
        "the draft was lost: {kept:?}"
    );
    // Their earlier comment is theirs again at once: Edit and Delete without a reload.
    page.until("Edit on the earlier comment", || async {
        Ok(page.script(&can_edit_earlier).await? == true)
    })
    .await?;
    page.button("Post comment").await?.click().await?;
    page.see_comment_marked(draft, "member").await?;
    page.client().enter_parent_frame().await?;
    page.close().await
}

/// A Sorani partner page: its counts come in Sorani digits, and each frame is named in the
/// widget's language (its `data-lang`, else the page's), so a screen reader does not announce
/// English names on an Arabic-script page.
#[tokio::test]
async fn widgets_and_counts_speak_the_partners_language() -> Result<()> {
    let partner = PartnerSite::start("127.0.0.2").await?;
    let site = site_for(&partner).await?;
    let (slug, _) = site.small_article().await?;
    let count = site.api(&format!("/articles/{slug}")).await?["comment_count"]
        .as_u64()
        .context("comment_count")?;
    let url = partner.page(
        "ckb.html",
        &format!(
            r#"<!doctype html><html lang="ckb" dir="rtl"><head><meta charset="utf-8"><title>Partner</title></head><body>
<h1>هەواڵ</h1>
<span id="count" data-byline-count data-article="{slug}">?</span>
<div data-byline-comments data-article="{slug}" data-lang="ar"></div>
<div data-byline-latest data-limit="3"></div>
<script async src="{loader}"></script>
</body></html>"#,
            loader = site.url("/embed.js")
        ),
    )?;
    let page = Page::open().await?;
    page.visit(&url).await?;
    let sorani: String = count
        .to_string()
        .chars()
        .map(|digit| char::from_u32(0x0660 + digit.to_digit(10).unwrap_or(0)).unwrap_or(digit))
        .collect();
    page.until("the count in Sorani digits", || async {
        Ok(page
            .script("return document.getElementById('count').textContent")
            .await?
            == sorani.as_str())
    })
    .await?;
    let titles = page
        .script("return [...document.querySelectorAll('iframe')].map(f => f.title)")
        .await?;
    ensure!(
        titles == serde_json::json!(["التعليقات", "ئێوە چی دەڵێن"]),
        "the frames are named {titles}"
    );
    // Inside, each speaks the same language: the latest comments, with no data-lang of their
    // own, the partner page's.
    page.script("document.querySelectorAll('iframe')[1].scrollIntoView()")
        .await?;
    for (index, lang) in [(0, "ar"), (1, "ckb")] {
        page.until(&format!("frame {index} in {lang}"), || async {
            page.client().enter_frame(index).await?;
            let shown = page.script("return document.documentElement.lang").await;
            page.client().enter_parent_frame().await?;
            Ok(shown? == lang)
        })
        .await?;
    }
    page.close().await
}
