//! A reader's paths through Byline, in headless Chromium, against the release build served by
//! the real endpoint on a fresh seeded SQLite file.

use anyhow::{Context, Result, bail, ensure};
use byline_e2e::{Page, Site};
use fantoccini::Locator;
use serde_json::Value;

/// The seeded article with the most comments (the 2,000-comment one).
async fn biggest_article(site: &Site) -> Result<(String, String, u64)> {
    let mut best: Option<(String, String, u64)> = None;
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(cursor) => format!("/articles?limit=50&cursor={cursor}"),
            None => "/articles?limit=50".to_owned(),
        };
        let page = site.api(&path).await?;
        for item in page["items"].as_array().context("items")? {
            let count = item["comment_count"].as_u64().unwrap_or(0);
            if best.as_ref().is_none_or(|(_, _, most)| count > *most) {
                best = Some((
                    item["slug"].as_str().unwrap_or_default().to_owned(),
                    item["title"].as_str().unwrap_or_default().to_owned(),
                    count,
                ));
            }
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = Some(next.to_owned()),
            None => break,
        }
    }
    best.context("no articles seeded")
}

/// A reader on a small article of a fresh site, and the article's comment count before they
/// do anything.
struct Reading {
    site: Site,
    slug: String,
    title: String,
    before: u64,
    page: Page,
}

async fn read_a_small_article() -> Result<Reading> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let before = comment_count(&site, &slug).await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    Ok(Reading {
        site,
        slug,
        title,
        before,
        page,
    })
}

async fn comment_count(site: &Site, slug: &str) -> Result<u64> {
    let article = site.api(&format!("/articles/{slug}")).await?;
    article["comment_count"].as_u64().context("comment_count")
}

/// Top-level comments shown, found through the list a screen reader announces as "Comments".
async fn shown_threads(page: &Page) -> Result<usize> {
    Ok(page
        .client()
        .find_all(Locator::XPath("//ol[@aria-label='Comments']/li"))
        .await?
        .len())
}

#[tokio::test]
async fn a_reader_goes_from_the_front_page_to_a_whole_article() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    let first: Value = site.api("/articles?limit=1").await?;
    let title = first["items"][0]["title"]
        .as_str()
        .context("title")?
        .to_owned();
    let author = first["items"][0]["author"]
        .as_str()
        .context("author")?
        .to_owned();

    page.visit(&site.url("/")).await?;
    page.heading(1, "Latest news").await?;
    page.link(&title).await?.click().await?;

    page.heading(1, &title).await?;
    let byline = page.see_text(&author).await?;
    let byline = byline.find(Locator::XPath("..")).await?.text().await?;
    assert!(
        byline.starts_with(&format!("By {author}")),
        "byline reads {byline:?}"
    );
    let hero = page
        .client()
        .find(Locator::XPath("//article//figure/img[@alt != '']"))
        .await
        .context("a hero picture with alt text")?;
    assert!(
        hero.attr("src")
            .await?
            .is_some_and(|src| src.ends_with(".svg"))
    );
    let paragraphs = page
        .client()
        .find_all(Locator::XPath(
            "//article//div[contains(@class,'article__body')]/p",
        ))
        .await?;
    assert!(
        paragraphs.len() >= 3,
        "body has {} paragraphs",
        paragraphs.len()
    );
    page.heading(2, "comment").await?;
    page.heading(2, "What you say").await?;
    page.heading(2, "Elsewhere on Byline").await?;
    page.heading(2, "Be part of").await?;
    let footer = page.see_text("Rendered in").await?;
    let rendered = footer.text().await?;
    let seconds: f64 = rendered
        .trim_start_matches("Rendered in ")
        .trim_end_matches(" s")
        .parse()
        .with_context(|| format!("the footer says {rendered:?}"))?;
    assert!(seconds > 0.0 && seconds < 30.0, "rendered in {seconds} s");
    let document_title = page.script("return document.title").await?;
    assert!(
        document_title
            .as_str()
            .is_some_and(|t| t.starts_with(&title))
    );
    assert_eq!(
        page.client().find_all(Locator::Css("h1")).await?.len(),
        1,
        "one h1 per page"
    );
    page.close().await
}

#[tokio::test]
async fn a_guest_posts_a_comment_that_survives_a_reload() -> Result<()> {
    let Reading {
        site,
        slug,
        title,
        before,
        page,
    } = read_a_small_article().await?;

    // index.html asked for the article while the WebAssembly loaded; the app used that answer.
    let article_requests = page
        .script(&format!(
            "return performance.getEntriesByType('resource')\
               .filter(e => e.name.endsWith('/api/v1/articles/{slug}')).length"
        ))
        .await?;
    assert_eq!(article_requests, 1, "the article is requested once");

    let email = "hidden-address-e2e@example.org";
    let text = "The ferry timetable in paragraph four changed last spring, worth a correction.";
    page.fill(&page.field("Name").await?, "Dilan from the river")
        .await?;
    page.fill(&page.field("Email").await?, email).await?;
    page.fill(&page.field("Comment").await?, text).await?;
    page.see_text(&format!("{} / 5,000", text.chars().count()))
        .await?;
    page.button("Post comment").await?.click().await?;

    page.see_text(text).await?;
    page.see_text("Your comment is posted.").await?;
    assert_eq!(comment_count(&site, &slug).await?, before + 1);
    // The form is ready for the next comment, and remembers who is writing.
    let body = page.field("Comment").await?;
    assert_eq!(body.prop("value").await?.unwrap_or_default(), "");
    assert_eq!(
        page.field("Name")
            .await?
            .prop("value")
            .await?
            .unwrap_or_default(),
        "Dilan from the river"
    );

    page.reload().await?;
    page.heading(1, &title).await?;
    // With oldest first, the new comment may sit on a later page; newest first shows it at once.
    page.button("Newest first").await?.click().await?;
    page.see_text(text).await?;
    let source = page.client().source().await?;
    assert!(!source.contains(email), "the email address is in the page");
    page.close().await
}

/// What the comment form's live region says.
async fn form_status(page: &Page) -> Result<String> {
    let text = page
        .script("return document.querySelector('.comment-form__status').textContent")
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn empty_and_invalid_fields_show_errors_beside_them_and_post_nothing() -> Result<()> {
    let Reading {
        site,
        slug,
        before,
        page,
        ..
    } = read_a_small_article().await?;

    // What each field is described by as it takes the focus: its error must be said with it.
    page.script(
        "window.__focused = [];
         document.addEventListener('focusin', (event) => window.__focused.push(
             [event.target.id, event.target.getAttribute('aria-describedby') || '']));",
    )
    .await?;
    page.button("Post comment").await?.click().await?;
    let name = page.field("Name").await?;
    let email = page.field("Email").await?;
    let body = page.field("Comment").await?;
    page.until("errors beside every field", || async {
        Ok(!page.field_error(&name).await?.is_empty()
            && !page.field_error(&email).await?.is_empty()
            && !page.field_error(&body).await?.is_empty())
    })
    .await?;
    assert_eq!(name.attr("aria-invalid").await?.as_deref(), Some("true"));
    let name_id = name.attr("id").await?.unwrap_or_default();
    // The focus moves in the next frame, once the field is described by its error.
    page.until("focus on the first bad field", || async {
        Ok(page.script("return document.activeElement.id").await? == name_id.as_str())
    })
    .await?;
    let focused_with = page
        .script(&format!(
            "return window.__focused.filter(([id]) => id === {name_id:?}).map(([, by]) => by)"
        ))
        .await?;
    assert_eq!(
        focused_with,
        serde_json::json!([format!("{name_id}-error")]),
        "the name field took the focus described by its error"
    );
    // The errors are said in the form's live region too, in the fields' order.
    let said = form_status(&page).await?;
    let name_error = page.field_error(&name).await?;
    let body_error = page.field_error(&body).await?;
    assert!(
        said.contains(&name_error)
            && said.contains(&body_error)
            && said.find(&name_error) < said.find(&body_error),
        "the live region says {said:?}"
    );

    page.fill(&name, "Karwan").await?;
    page.fill(&email, "not an address").await?;
    page.fill(&body, "A comment that should wait for a valid address.")
        .await?;
    page.button("Post comment").await?.click().await?;
    page.until("an error on the email only", || async {
        Ok(page.field_error(&email).await?.contains("email address")
            && page.field_error(&name).await?.is_empty()
            && page.field_error(&body).await?.is_empty())
    })
    .await?;
    let said = form_status(&page).await?;
    assert!(
        said.contains("email address") && !said.contains(&name_error),
        "the live region says {said:?}"
    );
    // What the reader typed is still there.
    assert_eq!(
        body.prop("value").await?.as_deref(),
        Some("A comment that should wait for a valid address.")
    );
    assert_eq!(
        comment_count(&site, &slug).await?,
        before,
        "nothing was posted"
    );
    page.close().await
}

#[tokio::test]
async fn a_reader_replies_to_a_comment_and_the_reply_nests_under_it() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;

    let first_reply_button = page.button("Reply to").await?;
    let replying_to = first_reply_button
        .attr("aria-label")
        .await?
        .unwrap_or_default()
        .trim_start_matches("Reply to ")
        .to_owned();
    first_reply_button.click().await?;
    let text =
        "Replying to say the numbers in the second table add up once you include the villages.";
    page.fill(&page.field_in("Your reply", "Name").await?, "Hêvî")
        .await?;
    page.fill(
        &page.field_in("Your reply", "Email").await?,
        "hevi@example.net",
    )
    .await?;
    page.fill(&page.field_in("Your reply", "Comment").await?, text)
        .await?;
    page.button("Post reply").await?.click().await?;

    let reply = page.see_text(text).await?;
    let list_label = reply
        .find(Locator::XPath("ancestor::ol[1]"))
        .await?
        .attr("aria-label")
        .await?
        .unwrap_or_default();
    assert_eq!(list_label, format!("Replies to {replying_to}"));
    // Focus lands on the new reply.
    let focused = page
        .script("return document.activeElement.textContent")
        .await?;
    assert!(focused.as_str().is_some_and(|t| t.contains(text)));
    page.close().await
}

#[tokio::test]
async fn the_big_discussion_loads_fifty_more_threads_at_a_time() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title, count) = biggest_article(&site).await?;
    assert!(
        count >= 2_000,
        "the biggest article has only {count} comments"
    );
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.heading(2, &format!("{},{:03} comments", count / 1000, count % 1000))
        .await?;
    page.until("the first 50 threads", || async {
        Ok(shown_threads(&page).await? == 50)
    })
    .await?;

    page.button("Load more comments").await?.click().await?;
    page.until("100 threads", || async {
        Ok(shown_threads(&page).await? == 100)
    })
    .await?;
    page.button("Load more comments").await?.click().await?;
    page.until("150 threads", || async {
        Ok(shown_threads(&page).await? == 150)
    })
    .await?;
    // A card leaves no empty marker node for the parts it lacks (a badge, an edited mark, a
    // mention, a list of one paragraph): none in its header, and none in a body of one line.
    let markers = page
        .script(
            "const markers = node => {
                 const walker = document.createTreeWalker(node, NodeFilter.SHOW_COMMENT);
                 let n = 0; while (walker.nextNode()) n++; return n; };
             const cards = [...document.querySelectorAll('article.comment__card')];
             const plain = cards.map(card => card.querySelector('.comment__body'))
                 .filter(body => body && body.children.length === 1
                     && body.querySelectorAll('a, br').length === 0);
             return [cards.length, plain.length,
                 Math.max(...cards.map(card => markers(card.querySelector('header') || card))),
                 Math.max(...plain.map(markers))];",
        )
        .await?;
    let number = |index: usize| markers[index].as_u64().unwrap_or(u64::MAX);
    ensure!(
        number(0) >= 150 && number(1) >= 100 && number(2) == 0 && number(3) == 0,
        "cards, cards of one line, most markers in a header, most in a one-line body: {markers}"
    );
    page.close().await
}

#[tokio::test]
async fn sidebar_links_lead_to_other_articles_and_comments() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;

    let related: Value = site
        .api(&format!("/articles/{slug}/related?limit=5"))
        .await?;
    let other = related["items"][0]["title"]
        .as_str()
        .context("a related story")?
        .to_owned();
    page.link(&other).await?.click().await?;
    page.heading(1, &other).await?;

    // "What you say" links each comment to its place in its article.
    let latest = site.api("/comments/latest?limit=8").await?;
    let newest = &latest["items"][0];
    let article_title = newest["article"]["title"]
        .as_str()
        .context("title")?
        .to_owned();
    let id = newest["id"].as_i64().context("id")?;
    let link = page
        .client()
        .find(Locator::XPath(&format!(
            "//aside//a[contains(@href, '#comment-{id}')]"
        )))
        .await?;
    link.click().await?;
    page.heading(1, &article_title).await?;
    page.until("the linked comment highlighted", || async {
        let card = page
            .client()
            .find(Locator::Id(&format!("comment-{id}")))
            .await?;
        Ok(card
            .attr("class")
            .await?
            .unwrap_or_default()
            .contains("target"))
    })
    .await?;
    page.close().await
}

/// The sidebar's lists arrive after the boxes are laid out, "What you say" first: each keeps
/// its place while it loads, so no box beside the article jumps down when a list comes (the
/// browser's layout-shift entries whose moved elements are in the sidebar; before, 0.118).
#[tokio::test]
async fn the_sidebar_does_not_jump_as_its_lists_arrive() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.until("both sidebar lists", || async {
        let both = page
            .script(
                "return !!document.querySelector('aside .latest__groups') \
                 && !!document.querySelector('aside .elsewhere__list');",
            )
            .await?;
        Ok(both.as_bool() == Some(true))
    })
    .await?;
    let shift = page.layout_shift("aside").await?;
    assert!(shift < 0.01, "the sidebar shifted by {shift:.3}");
    page.close().await
}

/// A link to an article's comments (`#comments`: the way back from signing in, the moderators'
/// list, a shared link) lands on them once they are here: the browser looked for the anchor
/// before they were (before, the page stayed at its top). The form is built a task after
/// them, and its box holds its place meanwhile, so the comments in view do not jump when it
/// comes. In the four languages, on a phone and on a desktop.
#[tokio::test]
async fn a_link_to_the_comments_lands_on_them_and_they_stay_put_as_the_form_comes() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    for (width, height) in [(390, 844), (1280, 900)] {
        page.client().set_window_size(width, height).await?;
        for lang in ["en", "ar", "ckb", "kmr"] {
            let slug = site.article_in(lang).await?;
            page.visit(&site.url(&format!("/articles/{slug}#comments")))
                .await?;
            page.until_present("the comment form", "#comments form.comment-form textarea")
                .await?;
            ensure!(
                comments_in_view(&page).await?,
                "{lang} at {width} px: the link to the comments did not land on them"
            );
            let shift = page.layout_shift("#comments").await?;
            assert!(
                shift < 0.02,
                "{lang} at {width} px: the comments shifted by {shift:.3}"
            );
            // Where the comments below the form are out of view, a box of the wrong height
            // would move them unseen: its height is the form's, within an eighth.
            let heights = page
                .script(
                    "const form = document.querySelector('#comments form.comment-form'); \
                     const place = document.createElement('div'); \
                     place.className = 'comment-form comment-form--coming'; \
                     form.before(place); \
                     const heights = [form.offsetHeight, place.offsetHeight]; \
                     place.remove(); \
                     return heights;",
                )
                .await?;
            let (form, place) = (heights[0].as_f64(), heights[1].as_f64());
            let (Some(form), Some(place)) = (form, place) else {
                bail!("no heights: {heights}");
            };
            ensure!(
                (form - place).abs() <= form / 8.0,
                "{lang} at {width} px: the form is {form} px high, its place {place} px"
            );
        }
    }
    page.close().await
}

/// Whether the article's comments are on the screen, at least in part.
async fn comments_in_view(page: &Page) -> Result<bool> {
    let in_view = page
        .script(
            "const comments = document.getElementById('comments'); \
             if (!comments) return false; \
             const box = comments.getBoundingClientRect(); \
             return box.top < innerHeight && box.bottom > 0;",
        )
        .await?;
    Ok(in_view.as_bool() == Some(true))
}

/// On the front page, a story's comment count is a link to its comments: the article opens
/// in the page (no new load) and the reader lands on the comments, after the page has gone
/// to the top for the new article.
#[tokio::test]
async fn a_storys_comment_count_on_the_front_page_opens_its_comments() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/")).await?;
    page.heading(1, "Latest news").await?;
    page.script("window.__samePage = true;").await?;
    let count = page
        .client()
        .wait()
        .for_element(Locator::Css(".story-card__meta a[href$='#comments']"))
        .await?;
    count.click().await?;
    page.until("the comments, in view", || async {
        let shown = page
            .script("return !!document.querySelector('#comments .comment__card');")
            .await?;
        Ok(shown.as_bool() == Some(true) && comments_in_view(&page).await?)
    })
    .await?;
    let same_page = page.script("return window.__samePage === true;").await?;
    ensure!(
        same_page.as_bool() == Some(true),
        "the article was a new load"
    );
    page.close().await
}

/// Waits until the page is scrolled to `offset` (within a pixel or two).
async fn scrolled_to(page: &Page, offset: f64, what: &str) -> Result<()> {
    page.until(what, || async {
        let at = page
            .script("return scrollY;")
            .await?
            .as_f64()
            .unwrap_or(-1.0);
        Ok((at - offset).abs() <= 2.0)
    })
    .await
}

/// Scrolls down a `part`th of the way (2.0: halfway) and returns the offset.
async fn scroll_down(page: &Page, part: f64, what: &str) -> Result<f64> {
    let offset = page
        .client()
        .execute(
            "scrollTo(0, Math.floor((document.documentElement.scrollHeight - innerHeight) \
               / arguments[0])); \
             return scrollY;",
            vec![Value::from(part)],
        )
        .await?
        .as_f64()
        .with_context(|| format!("the offset in {what}"))?;
    ensure!(
        offset > 100.0,
        "{what} is too short to scroll ({offset} px)"
    );
    Ok(offset)
}

/// Back, forward and reload bring the reader back to their place on each page, although the
/// page they come back to renders from the endpoint's answers after the move (before, back to
/// the front page kept the article's offset, and forward went to the article's top).
#[tokio::test]
async fn back_forward_and_reload_return_the_reader_to_their_place() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/")).await?;
    page.heading(1, "Latest news").await?;
    // Halfway down the front page, then a story whose title is on the screen there.
    page.script("window.__samePage = true;").await?;
    let front = scroll_down(&page, 2.0, "the front page").await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    page.script(
        "[...document.querySelectorAll('.story-card__title a')] \
           .find((link) => link.getBoundingClientRect().top > 0).click();",
    )
    .await?;
    page.until_present("the story", "#comments .comment__card")
        .await?;
    scrolled_to(&page, 0.0, "the story's top").await?;
    let story = scroll_down(&page, 3.0, "the story").await?;
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;

    page.client().back().await?;
    scrolled_to(&page, front, "the place on the front page").await?;
    page.client().forward().await?;
    scrolled_to(&page, story, "the place in the story").await?;
    let same_page = page.script("return window.__samePage === true;").await?;
    ensure!(same_page.as_bool() == Some(true), "a move was a new load");
    page.client().refresh().await?;
    scrolled_to(&page, story, "the place in the story after a reload").await?;
    page.close().await
}

#[tokio::test]
async fn an_unknown_article_says_so() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/articles/no-such-story-here"))
        .await?;
    page.heading(1, "We could not find that page").await?;
    page.link("latest stories").await?.click().await?;
    page.heading(1, "Latest news").await?;
    page.visit(&site.url("/no/such/route")).await?;
    page.heading(1, "We could not find that page").await?;
    page.close().await
}

#[tokio::test]
async fn when_the_endpoint_goes_down_the_reader_gets_a_retry_that_works() -> Result<()> {
    let mut site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    let related: Value = site
        .api(&format!("/articles/{slug}/related?limit=5"))
        .await?;
    let other = related["items"][0]["title"]
        .as_str()
        .context("a related story")?
        .to_owned();
    let link = page.link(&other).await?;

    site.stop();
    link.click().await?;
    page.alert("We could not load the article").await?;
    page.see_text("could not reach Byline").await?;

    site.resume().await?;
    page.button("Try again").await?.click().await?;
    page.heading(1, &other).await?;
    page.close().await
}

#[tokio::test]
async fn a_draft_survives_a_reload_and_a_failed_send_keeps_the_text() -> Result<()> {
    let mut site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    let url = site.url(&format!("/articles/{slug}"));
    page.visit(&url).await?;
    page.heading(1, &title).await?;
    let draft = "Half-written thoughts about the bridge tender";
    page.fill(&page.field("Comment").await?, draft).await?;
    page.reload().await?;
    page.heading(1, &title).await?;
    let body = page.field("Comment").await?;
    page.until("the draft restored", || async {
        Ok(body.prop("value").await?.as_deref() == Some(draft))
    })
    .await?;

    page.fill(&page.field("Name").await?, "Sara").await?;
    page.fill(&page.field("Email").await?, "sara@example.org")
        .await?;
    site.stop();
    page.button("Post comment").await?.click().await?;
    page.alert("Your comment was not sent").await?;
    assert_eq!(body.prop("value").await?.as_deref(), Some(draft));

    let before = {
        site.resume().await?;
        comment_count(&site, &slug).await?
    };
    page.button("Retry").await?.click().await?;
    page.see_text("Your comment is posted.").await?;
    assert_eq!(comment_count(&site, &slug).await?, before + 1);
    page.close().await
}

/// Posts a guest comment through the API; returns its id and edit token.
async fn post_as_guest(
    site: &Site,
    slug: &str,
    body: &str,
    parent: Option<i64>,
) -> Result<(i64, String)> {
    let mut comment = serde_json::json!({
        "body": body,
        "guest": {"name": "Hawar Salih", "email": "hawar@example.org"}
    });
    if let Some(parent) = parent {
        comment["parent_id"] = parent.into();
    }
    let posted: Value = reqwest::Client::new()
        .post(site.url(&format!("/api/v1/articles/{slug}/comments")))
        .json(&comment)
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    Ok((
        posted["id"].as_i64().context("no id")?,
        posted["edit_token"]
            .as_str()
            .context("no edit token")?
            .to_owned(),
    ))
}

#[tokio::test]
async fn edited_comments_say_so_and_removed_ones_leave_their_replies_readable() -> Result<()> {
    let site = Site::start().await?;
    let (slug, _) = site.small_article().await?;
    let client = reqwest::Client::new();

    let (edited, token) = post_as_guest(&site, &slug, "Teh bridge opened on Monday.", None).await?;
    client
        .patch(site.url(&format!("/api/v1/comments/{edited}")))
        .header("Byline-Edit-Token", &token)
        .json(&serde_json::json!({"body": "The bridge opened on Monday."}))
        .send()
        .await?
        .error_for_status()?;

    let (removed, token) = post_as_guest(&site, &slug, "Words I took back.", None).await?;
    post_as_guest(&site, &slug, "A reply that stays.", Some(removed)).await?;
    let status = client
        .delete(site.url(&format!("/api/v1/comments/{removed}")))
        .header("Byline-Edit-Token", &token)
        .send()
        .await?
        .status();
    if status.as_u16() != 204 {
        bail!("removing answered {status}");
    }

    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.see_comment_marked("The bridge opened on Monday.", "edited")
        .await?;
    page.see_text("This comment was removed by its author.")
        .await?;
    page.see_text("A reply that stays.").await?;
    if page.has_text("Words I took back.").await? {
        bail!("the removed text is still shown");
    }
    page.close().await
}

#[tokio::test]
async fn a_guest_edits_then_deletes_their_own_comment_from_the_same_browser() -> Result<()> {
    let Reading {
        site,
        slug,
        title,
        before,
        page,
    } = read_a_small_article().await?;

    page.fill(&page.field("Name").await?, "Rojin Baban").await?;
    page.fill(&page.field("Email").await?, "rojin@example.org")
        .await?;
    page.fill(&page.field("Comment").await?, "The market opens at sevn.")
        .await?;
    page.button("Post comment").await?.click().await?;
    page.see_text("The market opens at sevn.").await?;

    // Only the comment this browser posted offers Edit and Delete.
    let edit_buttons = page
        .client()
        .find_all(Locator::XPath("//button[@aria-label='Edit your comment']"))
        .await?;
    if edit_buttons.len() != 1 {
        bail!("{} comments offer Edit", edit_buttons.len());
    }
    page.button("Edit your comment").await?.click().await?;
    page.fill(
        &page.labelled("Your comment").await?,
        "The market opens at seven.",
    )
    .await?;
    page.button("Save").await?.click().await?;
    page.see_comment_marked("The market opens at seven.", "edited")
        .await?;

    // After a reload the browser still knows the comment is its own.
    page.reload().await?;
    page.heading(1, &title).await?;
    page.button("Newest first").await?.click().await?;
    page.see_text("The market opens at seven.").await?;
    page.button("Delete your comment").await?.click().await?;
    page.see_text("Delete this comment?").await?;
    page.button("Delete").await?.click().await?;
    // (The "What you say" sidebar still quotes it until the page is loaded again.)
    page.until("the comment to go", || async {
        Ok(!in_comments(&page, "The market opens at seven.").await?)
    })
    .await?;
    assert_eq!(comment_count(&site, &slug).await?, before);
    page.reload().await?;
    page.heading(1, &title).await?;
    page.see_text("Oldest first").await?;
    if page.has_text("The market opens at seven.").await? {
        bail!("the deleted comment came back, or the sidebar still quotes it");
    }
    page.close().await
}

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

/// A flood of posts from one reader meets the endpoint's rate limit: the page says how long to
/// wait, keeps the text, and once the wait is over, Retry posts it (once).
#[tokio::test]
async fn a_flood_of_posts_is_held_back_and_the_page_keeps_the_text() -> Result<()> {
    // 30 a minute, 2 at once: the third comment waits 2 seconds.
    let site = Site::start_with(|_| {
        ["--write-limit", "30", "--write-burst", "2"]
            .map(str::to_owned)
            .to_vec()
    })
    .await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.fill(&page.field("Name").await?, "Rêbaz").await?;
    page.fill(&page.field("Email").await?, "rebaz@example.org")
        .await?;
    for n in 1..=2 {
        let text = format!("Quick thought number {n} about the bridge.");
        page.fill(&page.field("Comment").await?, &text).await?;
        page.button("Post comment").await?.click().await?;
        page.see_text(&text).await?;
    }
    let before = comment_count(&site, &slug).await?;
    let held = "A third thought, too soon after the other two.";
    let body = page.field("Comment").await?;
    page.fill(&body, held).await?;
    page.button("Post comment").await?.click().await?;
    let alert = page.alert("You are sending a lot in a short time").await?;
    let said = alert.text().await?;
    // Two seconds at most, as Retry-After says (less when the posts took a while).
    if !(said.contains("Wait 2 seconds") || said.contains("Wait one second")) {
        bail!("the wait is not said: {said}");
    }
    assert_eq!(body.prop("value").await?.as_deref(), Some(held));
    assert_eq!(comment_count(&site, &slug).await?, before);

    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    page.button("Retry").await?.click().await?;
    page.see_text(held).await?;
    assert_eq!(comment_count(&site, &slug).await?, before + 1);
    page.close().await
}

/// The page runs under a Content-Security-Policy without `'unsafe-inline'`: its own inline
/// scripts (allowed by hash) ran, and a script injected into it does not.
#[tokio::test]
async fn the_page_runs_under_a_policy_that_blocks_injected_scripts() -> Result<()> {
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    // Trunk's loader ran (the article rendered) and so did the preload script.
    page.heading(1, &title).await?;
    let preloaded = page
        .script("return typeof window.__bylinePreload === 'object'")
        .await?;
    assert_eq!(
        preloaded,
        Value::Bool(true),
        "the preload script did not run"
    );
    let injected = page
        .script(
            "const script = document.createElement('script');\
             script.textContent = 'window.__injected = true;';\
             document.head.appendChild(script);\
             return window.__injected === true;",
        )
        .await?;
    assert_eq!(injected, Value::Bool(false), "an injected script ran");
    let policy = reqwest::get(site.url(&format!("/articles/{slug}")))
        .await?
        .headers()
        .get("content-security-policy")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
        .context("no Content-Security-Policy")?;
    if policy.contains("unsafe-inline") {
        bail!("the policy allows inline scripts: {policy}");
    }
    page.close().await
}
