//! Accessibility: axe-core (from npm, injected into the page) finds no WCAG 2.2 A or AA
//! violation on the home page, an article page in each language and direction, both themes,
//! the comment form showing its errors, the account views and a partner's widget; and a guest
//! comments with the keyboard alone. In headless Chromium against the real endpoint.

use anyhow::{Context, Result, ensure};
use byline_e2e::{Page, PartnerSite, Site, root};
use fantoccini::key::Key;
use serde_json::Value;

/// axe-core's browser build, as `npm ci` installed it.
fn axe_source() -> Result<String> {
    let path = root().join("crates/e2e/npm/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).with_context(|| {
        format!(
            "no axe-core at {} (did `npm ci --prefix crates/e2e/npm` run?)",
            path.display()
        )
    })
}

/// The WCAG 2.2 A and AA violations axe finds in the current document (or frame), each as
/// "rule: where (why)".
async fn violations(page: &Page, axe: &str) -> Result<Vec<String>> {
    violations_of(
        page,
        axe,
        "{ type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }",
    )
    .await
}

/// What axe finds of a whole page's structure, which its WCAG tags leave to its best-practice
/// rules: one main landmark and one h1, every part of the page within a landmark, landmarks
/// told apart, and a skip link that leads somewhere. (Not for a widget's frame, which is a
/// part of its partner's page.)
async fn structure_violations(page: &Page, axe: &str) -> Result<Vec<String>> {
    violations_of(
        page,
        axe,
        "{ type: 'rule', values: ['landmark-one-main', 'landmark-no-duplicate-main', \
         'page-has-heading-one', 'region', 'landmark-unique', 'skip-link', 'bypass'] }",
    )
    .await
}

/// The violations axe finds with `run_only` (axe's `runOnly` option, as JavaScript).
async fn violations_of(page: &Page, axe: &str, run_only: &str) -> Result<Vec<String>> {
    page.script(&format!("{axe}\nreturn true;")).await?;
    let found = page
        .client()
        .execute_async(
            &format!(
                "const done = arguments[arguments.length - 1];
             axe.run(document, {{ runOnly: {run_only} }})
               .then(result => done(result.violations.map(v =>
                   v.id + ': ' + v.nodes.slice(0, 3).map(n => n.target.join(' ') + ' (' +
                   (n.failureSummary || '').replace(/\\s+/g, ' ') + ')').join('; '))))
               .catch(error => done(['axe failed: ' + error]));"
            ),
            vec![],
        )
        .await?;
    Ok(found
        .as_array()
        .context("axe's answer")?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect())
}

#[tokio::test]
async fn axe_finds_no_violations_on_any_page_language_or_theme() -> Result<()> {
    let axe = axe_source()?;
    let site = Site::start().await?;
    let page = Page::open().await?;
    let mut found = Vec::new();
    let mut check = |what: String, list: Vec<String>| {
        found.extend(
            list.into_iter()
                .map(|violation| format!("{what}: {violation}")),
        );
    };

    for theme in ["light", "dark"] {
        page.visit(&site.url("/")).await?;
        page.script(&format!(
            "localStorage.setItem('byline.theme', '{theme}'); return true;"
        ))
        .await?;
        page.visit(&site.url("/")).await?;
        page.see_text("What you say").await?;
        check(format!("home, {theme}"), violations(&page, &axe).await?);
        check(
            format!("home's structure, {theme}"),
            structure_violations(&page, &axe).await?,
        );
        for lang in ["en", "ar", "ckb", "kmr"] {
            let slug = site.article_in(lang).await?;
            page.visit(&site.url(&format!("/articles/{slug}"))).await?;
            page.until("the comments", || async {
                Ok(page
                    .script("return document.querySelectorAll('.comment').length > 0")
                    .await?
                    == true)
            })
            .await?;
            check(
                format!("{lang} article, {theme}"),
                violations(&page, &axe).await?,
            );
            check(
                format!("{lang} article's structure, {theme}"),
                structure_violations(&page, &axe).await?,
            );
        }
    }

    // The comment form showing its errors.
    let (slug, _) = site.small_article().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.button("Post comment").await?.click().await?;
    page.see_text("Give your name").await.ok();
    page.until("the form's errors", || async {
        Ok(page
            .script("return document.querySelectorAll('.field__error').length > 0")
            .await?
            == true)
    })
    .await?;
    check(
        "comment form with errors".into(),
        violations(&page, &axe).await?,
    );

    // The account views.
    for path in ["/account/sign-in", "/account/register", "/account/forgot"] {
        page.visit(&site.url(path)).await?;
        page.until("the form", || async {
            Ok(page
                .script("return !!document.querySelector('main form')")
                .await?
                == true)
        })
        .await?;
        check(path.to_owned(), violations(&page, &axe).await?);
        check(
            format!("{path}'s structure"),
            structure_violations(&page, &axe).await?,
        );
    }
    page.close().await?;
    ensure!(found.is_empty(), "axe found:\n{}", found.join("\n"));
    Ok(())
}

#[tokio::test]
async fn axe_finds_no_violations_in_a_partners_widget() -> Result<()> {
    let axe = axe_source()?;
    let partner = PartnerSite::start("127.0.0.2").await?;
    let origin = partner.origin().to_owned();
    let site = Site::start_with(|_| vec!["--partner-origins".to_owned(), origin]).await?;
    let (slug, _) = site.small_article().await?;
    let url = partner.page(
        "a11y.html",
        &format!(
            r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title></head>
<body><main><h1>A partner's story</h1>
<div data-byline-comments data-article="{slug}"></div></main>
<script async src="{}"></script></body></html>"#,
            site.url("/embed.js")
        ),
    )?;
    let page = Page::open().await?;
    page.visit(&url).await?;
    page.until("the widget's comments", || async {
        page.client().enter_frame(0).await?;
        let ready = page
            .script("return document.querySelectorAll('.comment').length > 0")
            .await;
        page.client().enter_parent_frame().await?;
        Ok(ready? == true)
    })
    .await?;
    page.client().enter_frame(0).await?;
    let found = violations(&page, &axe).await?;
    page.client().enter_parent_frame().await?;
    page.close().await?;
    ensure!(
        found.is_empty(),
        "axe found in the widget:\n{}",
        found.join("\n")
    );
    Ok(())
}

/// Presses a key where the focus is.
async fn press(page: &Page, key: Key) -> Result<()> {
    page.client()
        .active_element()
        .await?
        .send_keys(&key.to_string())
        .await?;
    Ok(())
}

/// Types into the focused field, then moves on with Tab.
async fn type_and_tab(page: &Page, text: &str) -> Result<()> {
    page.client()
        .active_element()
        .await?
        .send_keys(text)
        .await?;
    press(page, Key::Tab).await
}

/// Following a link within the app (or going back) puts the keyboard focus at the new page's
/// start, the main landmark, as a new load would: the next Tab goes into the new page. Before,
/// the link followed went with its page and the focus fell back to the document's start.
#[tokio::test]
async fn moving_to_another_page_puts_the_focus_at_its_start() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/")).await?;
    page.heading(1, "Latest news").await?;
    let focused_main = || async {
        let on = page
            .script("return document.activeElement && document.activeElement.id;")
            .await?;
        Ok::<_, anyhow::Error>(on == "main")
    };
    ensure!(
        !focused_main().await?,
        "the first page's focus is not the browser's own"
    );
    page.script("document.querySelector('.story-card__title a').focus();")
        .await?;
    press(&page, Key::Enter).await?;
    page.until_present("the story", "#article-title").await?;
    ensure!(
        focused_main().await?,
        "after the link, the focus is not at the story's start"
    );
    press(&page, Key::Tab).await?;
    let inside = page
        .script("return !!document.activeElement.closest('main');")
        .await?;
    ensure!(inside == true, "Tab did not go into the story");
    page.client().back().await?;
    page.heading(1, "Latest news").await?;
    page.until("the focus at the front page's start", focused_main)
        .await?;
    page.close().await
}

#[tokio::test]
async fn a_guest_comments_with_the_keyboard_alone() -> Result<()> {
    let site = Site::start().await?;
    let (slug, _) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.see_text("Add a comment").await?;
    let active = || async {
        let value = page
            .script("const e = document.activeElement; return [e.tagName, e.getAttribute('name') || '', e.textContent.trim().slice(0, 40)]")
            .await?;
        Ok::<_, anyhow::Error>(value)
    };
    // Tab from the top of the page until the name field has the focus; every stop on the way
    // must show where it is (a visible focus ring).
    let mut reached = false;
    for _ in 0..400 {
        page.client()
            .active_element()
            .await?
            .send_keys(&Key::Tab.to_string())
            .await?;
        let now = active().await?;
        let visible = page
            .script("const s = getComputedStyle(document.activeElement); return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2")
            .await?;
        ensure!(visible == true, "no visible focus on {now}");
        if now[0] == "INPUT" && now[1] == "name" {
            reached = true;
            break;
        }
    }
    ensure!(reached, "the name field is not reachable with Tab");
    type_and_tab(&page, "Keyboard Reader").await?;
    type_and_tab(&page, "keys@example.org").await?;
    // The hint and the counter are not stops; the comment box is next.
    let now = active().await?;
    ensure!(
        now[0] == "TEXTAREA",
        "after the email the focus is on {now}"
    );
    let text = "Written and sent without a mouse.";
    type_and_tab(&page, text).await?;
    let now = active().await?;
    ensure!(
        now[0] == "BUTTON",
        "after the comment the focus is on {now}"
    );
    page.client()
        .active_element()
        .await?
        .send_keys(&Key::Enter.to_string())
        .await?;
    page.see_text("Your comment is posted.").await?;
    page.see_text(text).await?;

    // Their comment's Edit and Delete, by keyboard: the focus goes where the eyes go.
    let focused_id = || async {
        let value = page
            .script("return document.activeElement.id || document.activeElement.tagName")
            .await?;
        Ok::<_, anyhow::Error>(value.as_str().unwrap_or_default().to_owned())
    };
    let mut on_edit = false;
    for _ in 0..40 {
        press(&page, Key::Tab).await?;
        let label = page
            .script("return document.activeElement.getAttribute('aria-label') || ''")
            .await?;
        if label == "Edit your comment" {
            on_edit = true;
            break;
        }
    }
    ensure!(on_edit, "Tab never reached the comment's Edit button");
    let edit = focused_id().await?;
    let comment = edit.trim_end_matches("-edit").to_owned();
    press(&page, Key::Enter).await?;
    page.until("the editor to take the focus", || async {
        Ok(focused_id().await? == format!("{comment}-editor"))
    })
    .await?;
    press(&page, Key::Tab).await?;
    press(&page, Key::Tab).await?;
    press(&page, Key::Enter).await?;
    page.until("Cancel to give the focus back to Edit", || async {
        Ok(focused_id().await? == edit)
    })
    .await?;
    press(&page, Key::Tab).await?;
    ensure!(
        focused_id().await? == format!("{comment}-delete"),
        "after Edit comes {}",
        focused_id().await?
    );
    press(&page, Key::Enter).await?;
    page.until("the confirmation to take the focus", || async {
        Ok(focused_id().await? == format!("{comment}-confirm-delete"))
    })
    .await?;
    press(&page, Key::Tab).await?;
    press(&page, Key::Enter).await?;
    page.until("Keep it to give the focus back to Delete", || async {
        Ok(focused_id().await? == format!("{comment}-delete"))
    })
    .await?;
    page.close().await
}

/// A reply or report form that closes gives the focus back to the button that opened it, and
/// a report sent leaves it on the thanks; before, the focused control went with the form and
/// the focus fell back to the document's start.
#[tokio::test]
async fn closing_a_reply_or_report_form_gives_the_focus_back() -> Result<()> {
    let site = Site::start().await?;
    let (slug, _) = site.small_article().await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.see_text("Add a comment").await?;
    page.until_present("a comment's Reply", ".comment__reply-button")
        .await?;
    // The comment whose buttons are used, and what has the focus within it.
    let comment = page
        .script("return document.querySelector('.comment__reply-button').closest('article').id")
        .await?;
    let comment = comment.as_str().context("no comment")?.to_owned();
    let focused = || async {
        let value = page
            .script(&format!(
                "const e = document.activeElement;
                 return e.closest('#{comment}') ? (e.id || e.className) : 'elsewhere: ' + e.tagName;"
            ))
            .await?;
        Ok::<_, anyhow::Error>(value.as_str().unwrap_or_default().to_owned())
    };
    let focus_and_press = |selector: String| {
        let page = &page;
        async move {
            page.script(&format!("document.querySelector({selector:?}).focus()"))
                .await?;
            press(page, Key::Enter).await
        }
    };

    focus_and_press(format!("#{comment} .comment__reply-button")).await?;
    page.until_present("the reply form", ".comment__reply-form textarea")
        .await?;
    focus_and_press(".comment__reply-form .button--quiet".to_owned()).await?;
    page.until("the focus back on Reply", || async {
        Ok(focused().await? == "comment__reply-button")
    })
    .await?;

    focus_and_press(format!("#{comment} .comment__report-button")).await?;
    page.until_present("the report form", ".report").await?;
    focus_and_press(".report .button--quiet".to_owned()).await?;
    page.until("the focus back on Report", || async {
        Ok(focused().await? == "comment__action comment__report-button")
    })
    .await?;

    focus_and_press(format!("#{comment} .comment__report-button")).await?;
    page.until_present("the report form", ".report").await?;
    focus_and_press(".report button[type=submit]".to_owned()).await?;
    page.see_text("Thank you. The moderators will look at it.")
        .await?;
    page.until("the focus on the thanks", || async {
        Ok(focused().await? == format!("{comment}-report-done"))
    })
    .await?;
    page.close().await
}

#[tokio::test]
async fn axe_finds_no_violations_in_the_report_form_or_the_moderators_queue() -> Result<()> {
    let axe = axe_source()?;
    let site = Site::start().await?;
    let (slug, title) = site.small_article().await?;
    let password = "lanterns along the river";
    let moderator = site
        .member("Nian Moderator", "nian@example.org", password)
        .await?;
    site.grant("nian@example.org", "moderator")?;
    // A comment waiting in the queue, a reply to one of the article's comments.
    let comments = site.api(&format!("/articles/{slug}/comments")).await?;
    let parent = comments["items"][0]["id"].as_i64().context("a comment")?;
    let mode = site
        .request(
            reqwest::Method::PUT,
            &format!("/moderation/articles/{slug}"),
            Some(&moderator),
        )
        .json(&serde_json::json!({"mode": "pre"}))
        .send()
        .await?;
    ensure!(mode.status().is_success(), "{}", mode.status());
    let posted = site
        .request(
            reqwest::Method::POST,
            &format!("/articles/{slug}/comments"),
            None,
        )
        .json(&serde_json::json!({
            "body": "A reply that waits for a moderator.",
            "parent_id": parent,
            "guest": {"name": "Hêvî", "email": "hevi@example.org"}
        }))
        .send()
        .await?;
    ensure!(posted.status().is_success(), "{}", posted.status());

    let page = Page::open().await?;
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        page.visit(&site.url("/")).await?;
        page.script(&format!(
            "localStorage.setItem('byline.theme', '{theme}'); return true;"
        ))
        .await?;
        page.visit(&site.url(&format!("/articles/{slug}"))).await?;
        page.heading(1, &title).await?;
        page.button("Report the comment of").await?.click().await?;
        page.button("Send report").await?;
        found.extend(
            violations(&page, &axe)
                .await?
                .into_iter()
                .map(|v| format!("report form, {theme}: {v}")),
        );
    }
    page.visit(&site.url("/account/sign-in?next=%2Faccount%2Fmoderation"))
        .await?;
    page.fill_in("Email", "nian@example.org").await?;
    page.fill_in("Password", password).await?;
    page.button("Sign in").await?.click().await?;
    page.heading(1, "Moderation").await?;
    page.see_text("A reply that waits for a moderator.").await?;
    page.button("Reject").await?.click().await?;
    page.see_text("Give the reason, for the log.").await?;
    for theme in ["dark", "light"] {
        page.script(&format!(
            "const root = document.documentElement; root.classList.remove('theme-light', 'theme-dark'); \
             root.classList.add('theme-{theme}'); return true;"
        ))
        .await?;
        found.extend(
            violations(&page, &axe)
                .await?
                .into_iter()
                .map(|v| format!("moderators' queue, {theme}: {v}")),
        );
    }
    ensure!(found.is_empty(), "{}", found.join("\n"));
    page.close().await
}

#[tokio::test]
async fn axe_finds_no_violations_in_the_contribution_form_with_its_errors_and_files() -> Result<()>
{
    let axe = axe_source()?;
    let site = Site::start().await?;
    let files = tempfile::tempdir()?;
    let photo = files.path().join("bridge.jpg");
    std::fs::write(&photo, [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xD9])?;
    let page = Page::open().await?;
    let mut found = Vec::new();
    for theme in ["light", "dark"] {
        page.visit(&site.url("/")).await?;
        page.script(&format!(
            "localStorage.setItem('byline.theme', '{theme}'); return true;"
        ))
        .await?;
        page.visit(&site.url("/account/contribute")).await?;
        page.heading(1, "Be part of the story").await?;
        page.client()
            .find(fantoccini::Locator::Css("input[type=file]"))
            .await?
            .send_keys(&photo.display().to_string())
            .await?;
        page.see_text("bridge.jpg").await?;
        // Sent empty: every error beside its field.
        page.button("Send").await?.click().await?;
        page.see_text("Fill this in.").await?;
        found.extend(
            violations(&page, &axe)
                .await?
                .into_iter()
                .map(|v| format!("contribution form, {theme}: {v}")),
        );
    }
    ensure!(found.is_empty(), "{}", found.join("\n"));
    page.close().await
}
