//! The page in each of its languages and directions, and in both themes: English, Arabic,
//! Sorani and Kurmanji interface text from the catalogues, `<html lang dir>`, a mirrored
//! layout, mixed-script comments kept whole, the language switcher and the theme toggle; in
//! headless Chromium against the real endpoint with its seeded articles.

use anyhow::{Context, Result, ensure};
use byline_e2e::{Fault, FaultProxy, Page, Site};
use serde_json::Value;

/// `<html lang>` and `<html dir>`.
async fn lang_and_dir(page: &Page) -> Result<(String, String)> {
    let value = page
        .script("return [document.documentElement.lang, document.documentElement.dir]")
        .await?;
    Ok((
        value[0].as_str().unwrap_or_default().to_owned(),
        value[1].as_str().unwrap_or_default().to_owned(),
    ))
}

/// Where the sidebar sits beside the main column: `"start"` when it is on the left.
async fn sidebar_side(page: &Page) -> Result<String> {
    let value = page
        .script(
            "const main = document.querySelector('.page-grid__main').getBoundingClientRect();
             const aside = document.querySelector('.page-grid__aside').getBoundingClientRect();
             return aside.left < main.left ? 'left' : 'right';",
        )
        .await?;
    Ok(value.as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn each_language_has_its_interface_direction_and_mirrored_layout() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    // (language, direction, "What you say", "Post comment", sidebar side)
    let cases = [
        ("en", "ltr", "What you say", "Post comment", "right"),
        ("ar", "rtl", "ماذا تقولون", "انشر التعليق", "left"),
        (
            "ckb",
            "rtl",
            "ئێوە چی دەڵێن",
            "لێدوانەکە بڵاو بکەرەوە",
            "left",
        ),
        (
            "kmr",
            "ltr",
            "Hûn çi dibêjin",
            "Şîroveyê belav bike",
            "right",
        ),
    ];
    for (lang, dir, latest, post, side) in cases {
        let slug = site.article_in(lang).await?;
        page.visit(&site.url(&format!("/articles/{slug}"))).await?;
        page.heading(2, latest).await?;
        page.button(post).await?;
        let (shown_lang, shown_dir) = lang_and_dir(&page).await?;
        ensure!(
            shown_lang == lang && shown_dir == dir,
            "{slug}: <html lang={shown_lang} dir={shown_dir}>"
        );
        let shown_side = sidebar_side(&page).await?;
        ensure!(
            shown_side == side,
            "{lang}: the sidebar is on the {shown_side}"
        );
    }
    page.close().await
}

#[tokio::test]
async fn sorani_comments_in_other_scripts_keep_names_prefixes_and_dates_whole() -> Result<()> {
    let site = Site::start().await?;
    let slug = site.article_in("ckb").await?;
    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.see_text("Ez ji Beroj im").await?;
    // Each comment's text takes the direction of its own script, whatever the page's; names
    // are isolated from the sentence around them.
    let directions = page
        .script(
            "const of = (text) => [...document.querySelectorAll('.comment__body p, .comment p[dir=auto]')]
                 .find(p => p.textContent.includes(text));
             const dir = (text) => { const p = of(text); return p ? getComputedStyle(p).direction : 'missing'; };
             return [dir('Ez ji Beroj im'), dir('@هێمن عومەر'), dir('نۆژەنکردنەوەی'),
                     [...document.querySelectorAll('.comment__author')].every(a => a.tagName === 'BDI')];",
        )
        .await?;
    ensure!(
        directions == serde_json::json!(["ltr", "rtl", "rtl", true]),
        "comment directions and names: {directions}"
    );
    // The reply's "@name:" prefix leads its line (the first thing in reading order).
    let reply = page
        .script(
            "const p = [...document.querySelectorAll('p[dir=auto]')].find(p => p.textContent.includes('@هێمن عومەر'));
             return p.textContent.trim().startsWith('@هێمن عومەر:');",
        )
        .await?;
    ensure!(reply == true, "the reply does not start with its @name");
    // A web address in a Sorani sentence reads left to right, isolated from the words around
    // it, so its slashes and dots stay in place.
    let address = page
        .script(
            "const a = document.querySelector('.comment__body a[href=\"https://example.org/beroj\"]');
             if (!a) return 'missing';
             const style = getComputedStyle(a);
             return [style.direction, style.unicodeBidi];",
        )
        .await?;
    ensure!(
        address == serde_json::json!(["ltr", "isolate"]),
        "the address in a Sorani comment: {address}"
    );
    // Dates are Sorani: a Sorani month name or Arabic-Indic digits, never English words.
    let dates: Value = page
        .script("return [...document.querySelectorAll('.comment time, .article time')].map(t => t.textContent)")
        .await?;
    let dates: Vec<String> = dates
        .as_array()
        .context("dates")?
        .iter()
        .filter_map(|d| d.as_str().map(str::to_owned))
        .collect();
    ensure!(!dates.is_empty(), "no dates");
    for date in &dates {
        ensure!(
            !date.chars().any(|c| c.is_ascii_alphabetic()),
            "an English date on a Sorani page: {date:?}"
        );
        // Sorani writes its numbers in Arabic-Indic digits.
        ensure!(
            !date.chars().any(|c| c.is_ascii_digit())
                && date.chars().any(|c| ('\u{0660}'..='\u{0669}').contains(&c)),
            "a date without Arabic-Indic digits on a Sorani page: {date:?}"
        );
    }
    // The form's own checks speak Sorani too, beside their fields.
    page.button("لێدوانەکە بڵاو بکەرەوە").await?.click().await?;
    page.see_text("ئەو ناوە بنووسە کە لەگەڵ لێدوانەکەت پیشان دەدرێت.")
        .await?;
    page.see_text("پێش ناردن لێدوانەکەت بنووسە.").await?;
    // Back on the front page (a route change, no new load), the reader's language again.
    page.link("بایلاین").await?.click().await?;
    page.heading(1, "Latest news").await?;
    ensure!(
        lang_and_dir(&page).await? == ("en".to_owned(), "ltr".to_owned()),
        "the front page kept the article's language"
    );
    page.close().await
}

/// A reply whose "@Name:" is in another script than its words: the paragraph takes the
/// direction of its words, and the name stays whole at the start of the line, on the right in a
/// right-to-left paragraph and on the left in a left-to-right one. Without the name's isolation
/// the name set the direction ("@Farah al-Sayegh: بەڵێ…" read left to right).
#[tokio::test]
async fn a_reply_names_who_it_answers_in_any_script_and_keeps_its_own_direction() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    let cases = [
        (
            "zerin-festival-opening-ckb",
            "@Farah al-Sayegh:",
            "ژێرنووسی عەرەبی",
            "rtl",
        ),
        (
            "gali-road-villages-kmr",
            "@Minibus driver:",
            "لە سلێمانییەوە",
            "rtl",
        ),
        ("flaring-orchards-kmr", "@هاوڕێ ت.:", "Rast e", "ltr"),
    ];
    for (slug, mention, words, dir) in cases {
        page.visit(&site.url(&format!("/articles/{slug}"))).await?;
        page.see_text(words).await?;
        let shown = page
            .script(&format!(
                "const p = [...document.querySelectorAll('.comment__body p')]
                     .find(p => p.textContent.includes({words:?}));
                 if (!p) return 'no paragraph';
                 const name = p.querySelector('bdi.comment__mention');
                 if (!name || name.textContent !== {mention:?} || p.firstChild !== name) return 'no isolated name';
                 const range = document.createRange();
                 range.selectNodeContents(name.nextSibling);
                 const first = range.getClientRects()[0];
                 const at = name.getBoundingClientRect();
                 const dir = getComputedStyle(p).direction;
                 const leads = dir === 'rtl' ? at.left >= first.right - 1 : at.right <= first.left + 1;
                 return [dir, leads];"
            ))
            .await?;
        ensure!(
            shown == serde_json::json!([dir, true]),
            "{slug}: {mention} {words}: {shown}"
        );
    }
    page.close().await
}

/// A story in another language than the page's, on the front page and in "Elsewhere": its
/// age ("3 hours ago") is the interface's, isolated in the interface's language and direction,
/// so it keeps its order inside a card written right to left (it read "hours ago 3").
#[tokio::test]
async fn a_storys_age_in_another_direction_keeps_its_order() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    let of_stories = |cards: &str| {
        format!(
            "const times = [...document.querySelectorAll({cards:?})];
             if (!times.length) return 'none';
             return times.map(t => {{
                 const around = t.parentElement;
                 return [around.lang, getComputedStyle(around).direction, getComputedStyle(around).unicodeBidi];
             }});"
        )
    };
    page.visit(&site.url("/")).await?;
    page.heading(1, "Latest news").await?;
    page.until_present("a Sorani story", "li.story-card[lang='ckb'] time")
        .await?;
    let front = page
        .script(&of_stories(
            "li.story-card[lang='ckb'] .story-card__meta time",
        ))
        .await?;
    let en = serde_json::json!(["en", "ltr", "isolate"]);
    ensure!(
        front
            .as_array()
            .is_some_and(|all| all.iter().all(|one| *one == en)),
        "the front page's Sorani stories: {front}"
    );
    let slug = site.article_in("ar").await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.until_present("the sidebar's stories", ".elsewhere__item time")
        .await?;
    let arabic = serde_json::json!(["ar", "rtl", "isolate"]);
    let elsewhere = page
        .script(&of_stories(
            ".elsewhere__item:not([lang='ar']) .elsewhere__meta time",
        ))
        .await?;
    ensure!(
        elsewhere
            .as_array()
            .is_some_and(|all| !all.is_empty() && all.iter().all(|one| *one == arabic)),
        "other stories on an Arabic page: {elsewhere}"
    );
    page.close().await
}

#[tokio::test]
async fn the_switcher_changes_the_language_and_remembers_the_choice() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/")).await?;
    page.heading(1, "Latest news").await?;
    page.link("کوردی (سۆرانی)").await?.click().await?;
    page.heading(1, "دوایین هەواڵەکان").await?;
    ensure!(
        lang_and_dir(&page).await? == ("ckb".to_owned(), "rtl".to_owned()),
        "the switcher did not turn the page to Sorani"
    );
    // A story followed from there, within the app, speaks its own language: the choice in the
    // address was the front page's.
    let story = page
        .client()
        .find(fantoccini::Locator::Css(
            "li.story-card[lang='en'] .story-card__title a",
        ))
        .await?;
    let english_title = story.text().await?;
    story.click().await?;
    page.heading(1, &english_title).await?;
    page.until("the English story in English", || async {
        Ok(lang_and_dir(&page).await? == ("en".to_owned(), "ltr".to_owned()))
    })
    .await?;
    // Remembered: the home page without a choice in its address stays Sorani, and so do the
    // account views, another bundle.
    page.visit(&site.url("/")).await?;
    page.heading(1, "دوایین هەواڵەکان").await?;
    page.visit(&site.url("/account/sign-in?next=%2Farticles%2Fsome-story"))
        .await?;
    page.heading(1, "چوونەژوورەوە").await?;
    // Switching language keeps where the sign-in goes back to.
    let href = page
        .link("Kurdî (Kurmancî)")
        .await?
        .attr("href")
        .await?
        .unwrap_or_default();
    ensure!(
        href == "/account/sign-in?next=%2Farticles%2Fsome-story&lang=kmr",
        "the switcher leads to {href}"
    );
    page.button("پیشاندان").await?;
    ensure!(
        lang_and_dir(&page).await? == ("ckb".to_owned(), "rtl".to_owned()),
        "the account views are not in Sorani"
    );
    // An article speaks its own language.
    let (english, _) = site.small_article().await?;
    page.visit(&site.url(&format!("/articles/{english}")))
        .await?;
    page.heading(2, "What you say").await?;
    ensure!(
        lang_and_dir(&page).await?.0 == "en",
        "an English article in Sorani"
    );
    page.close().await
}

/// The loading placeholder's language, direction and text, as the page shows them.
async fn boot_placeholder(page: &Page) -> Result<Vec<String>> {
    let value = page
        .script(
            "const boot = document.getElementById('boot');
             return boot ? [boot.lang, boot.dir, boot.querySelector('.boot__text').textContent] : [];",
        )
        .await?;
    Ok(value
        .as_array()
        .map(|parts| {
            parts
                .iter()
                .map(|part| part.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default())
}

#[tokio::test]
async fn the_loading_placeholder_speaks_the_readers_language() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let (slug, _) = site.small_article().await?;
    let html = reqwest::get(site.url(&format!("/articles/{slug}")))
        .await?
        .text()
        .await?;
    for lang in ["en", "ar", "ckb", "kmr"] {
        ensure!(
            html.contains(&format!("<p lang=\"{lang}\"")),
            "the <noscript> text has no {lang} paragraph"
        );
    }
    // The app's WebAssembly never comes, so the placeholder stays up.
    let end = html
        .find("_bg.wasm")
        .context("no WebAssembly in the page")?;
    let start = html[..end]
        .rfind(['"', '\''])
        .context("no WebAssembly address")?
        + 1;
    let wasm = &html[start..end + "_bg.wasm".len()];
    proxy.break_with(Some("GET"), wasm, Fault::Status(404));

    let page = Page::open().await?;
    // (what the reader did before, the address's query, what the placeholder shows)
    let cases: [(&str, &str, [&str; 3]); 3] = [
        ("", "?lang=ckb", ["ckb", "rtl", "بار دەکرێت…"]),
        // A choice the reader made before, without one in the address.
        (
            "localStorage.setItem('byline.lang', 'ar')",
            "",
            ["ar", "rtl", "جارٍ التحميل…"],
        ),
        // Neither: the browser's language (the test browser's is English).
        (
            "localStorage.removeItem('byline.lang')",
            "",
            ["", "", "Loading…"],
        ),
    ];
    for (before, query, expected) in cases {
        if !before.is_empty() {
            page.script(before).await?;
        }
        page.visit(&proxy.url(&format!("/articles/{slug}{query}")))
            .await?;
        let shown = boot_placeholder(&page).await?;
        ensure!(
            shown == expected,
            "after {before:?}, with {query:?}: {shown:?}"
        );
    }
    ensure!(
        proxy.requests("GET", wasm) >= 3,
        "the page did not ask for {wasm}"
    );
    page.close().await
}

#[tokio::test]
async fn the_theme_follows_the_toggle_and_stays_after_a_reload() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    page.visit(&site.url("/")).await?;
    let background = || async {
        let value = page
            .script("return getComputedStyle(document.body).backgroundColor")
            .await?;
        Ok::<_, anyhow::Error>(value.as_str().unwrap_or_default().to_owned())
    };
    let light = background().await?;
    page.button("Dark theme").await?.click().await?;
    let dark = background().await?;
    ensure!(dark != light, "the toggle changed nothing ({light})");
    ensure!(
        dark == "rgb(23, 24, 26)",
        "the dark theme's background is {dark}"
    );
    page.reload().await?;
    page.heading(1, "Latest news").await?;
    ensure!(background().await? == dark, "the choice did not last");
    let pressed = page
        .script("return document.querySelector('.theme-toggle').getAttribute('aria-pressed')")
        .await?;
    ensure!(pressed == "true", "the toggle says {pressed}");
    page.close().await
}
