//! Hostile input in the browser: a corpus of script-injection payloads, posted through the
//! real endpoint as comment bodies and as guests' names, renders as literal text. No script
//! runs, no dialog opens, and no element is injected into the page.

use std::collections::BTreeSet;

use anyhow::{Context, Result, bail, ensure};
use byline_e2e::{Page, Site};
use fantoccini::Locator;
use serde_json::{Value, json};

/// Ways to smuggle markup or script into a page, each calling `alert(N)` if it ever runs.
/// `N` stands for the payload's number, so a test can tell which one got through.
const VECTORS: [&str; 24] = [
    "<script>alert(N)</script>",
    "<img src=x onerror=alert(N)>",
    "<svg onload=alert(N)>",
    "\"><script>alert(N)</script>",
    "'><img src=x onerror=alert(N)>",
    "javascript:alert(N)",
    "<iframe src=\"javascript:alert(N)\"></iframe>",
    "<a href=\"javascript:alert(N)\">click</a>",
    "<body onload=alert(N)>",
    "<details open ontoggle=alert(N)>",
    "<input autofocus onfocus=alert(N)>",
    "<video><source onerror=alert(N)></video>",
    "<object data=\"javascript:alert(N)\"></object>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(N)>",
    "</textarea><script>alert(N)</script>",
    "</p><script>alert(N)</script><p>",
    "<!--><script>alert(N)</script>-->",
    "<style>@import 'javascript:alert(N)';</style>",
    "<div style=\"background:url(javascript:alert(N))\">x</div>",
    "{{constructor.constructor('alert(N)')()}}",
    "${alert(N)}",
    "https://example.org/\"><img src=x onerror=alert(N)>",
    "https://example.org/?q=<script>alert(N)</script>",
    "www.example.org/'onmouseover='alert(N)'",
];

/// What stands around a vector in a comment: plain, inside words, after a line break, beside
/// text in another script, and beside a real link.
const CONTEXTS: [&str; 5] = [
    "V",
    "Before V after.",
    "A first line.\nV",
    "ڕاستە V هەڵەیە",
    "See https://example.org/page and V too.",
];

/// Every body payload (vectors × contexts, numbered from 1) and the short ones used as names.
fn corpus() -> (Vec<String>, Vec<String>) {
    let mut bodies = Vec::new();
    for context in CONTEXTS {
        for vector in VECTORS {
            let n = bodies.len() + 1;
            bodies.push(context.replace('V', &vector.replace('N', &n.to_string())));
        }
    }
    let names = VECTORS
        .iter()
        .enumerate()
        .map(|(i, vector)| vector.replace('N', &(1000 + i).to_string()))
        .filter(|name| name.chars().count() <= 60)
        .collect();
    (bodies, names)
}

async fn post(site: &Site, slug: &str, body: &str, name: &str, key: &str) -> Result<()> {
    let answer = reqwest::Client::new()
        .post(site.url(&format!("/api/v1/articles/{slug}/comments")))
        .header("Idempotency-Key", key)
        .json(&json!({"body": body, "guest": {"name": name, "email": "xss@example.org"}}))
        .send()
        .await?;
    ensure!(
        answer.status().as_u16() == 201,
        "posting {body:?} as {name:?}: {}",
        answer.status()
    );
    Ok(())
}

/// The text of the comment list, as a reader reads it.
async fn comment_text(page: &Page) -> Result<String> {
    let text = page
        .script("return document.querySelector('ol.comment-list[aria-label]').innerText")
        .await?;
    Ok(text.as_str().unwrap_or_default().to_owned())
}

/// An open dialog, if one is open (the test fails on it: a payload ran).
async fn open_dialog(page: &Page) -> Option<String> {
    page.client().get_alert_text().await.ok()
}

#[tokio::test]
async fn script_injection_payloads_render_as_literal_text() -> Result<()> {
    // The corpus is posted in one burst: no write limit for it.
    let site = Site::start_with(|_| vec!["--write-limit".into(), "0".into()]).await?;
    let (slug, title) = site.small_article().await?;
    let (bodies, names) = corpus();
    ensure!(
        bodies.len() + names.len() >= 100,
        "a corpus of {}",
        bodies.len()
    );
    for (n, body) in bodies.iter().enumerate() {
        post(&site, &slug, body, "Corpus", &format!("xss-body-{n}")).await?;
    }
    for (n, name) in names.iter().enumerate() {
        let body = format!("Posted under a hostile name, number {n}.");
        post(&site, &slug, &body, name, &format!("xss-name-{n}")).await?;
    }

    let page = Page::open().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    // Any payload that ran would have opened a dialog by now, or call this from here on.
    page.script("window.__alerts = []; window.alert = (n) => window.__alerts.push(n);")
        .await?;
    page.button("Newest first").await?.click().await?;
    // Every comment on the page: "Load more" until it is gone (waiting out each page).
    let more = Locator::XPath("//button[normalize-space(.)='Load more comments']");
    let mut misses = 0;
    while misses < 5 {
        match page.client().find(more).await {
            Ok(button) => {
                misses = 0;
                button.click().await?;
            }
            Err(_) => misses += 1,
        }
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
    let shown = page
        .client()
        .find_all(Locator::Css("ol.comment-list > li"))
        .await?
        .len();
    ensure!(
        shown >= bodies.len() + names.len(),
        "only {shown} comments shown"
    );
    let text = comment_text(&page).await?;
    let missing: Vec<&String> = bodies
        .iter()
        .chain(&names)
        .filter(|payload| {
            // innerText shows each line apart: look for every line.
            !payload.lines().all(|line| text.contains(line))
        })
        .collect();
    if !missing.is_empty() {
        bail!(
            "{} payloads are not shown as text, the first {:?}",
            missing.len(),
            missing[0]
        );
    }

    if let Some(dialog) = open_dialog(&page).await {
        bail!("a payload opened a dialog: {dialog}");
    }
    let alerts = page.script("return window.__alerts").await?;
    ensure!(alerts == json!([]), "payloads ran: {alerts}");
    // Nothing but the page's own markup in the comments: no element a payload names, no
    // event handler attribute, no link that is not a web address.
    let injected = page
        .script(
            "const list = document.querySelector('ol.comment-list[aria-label]');\
             const found = [];\
             for (const el of list.querySelectorAll('script, img, svg, iframe, object, embed, \
                  video, audio, source, style, math, input, textarea, details, body, div[style]')) {\
               found.push(el.outerHTML.slice(0, 80));\
             }\
             for (const el of list.querySelectorAll('*')) {\
               for (const attribute of el.attributes) {\
                 if (attribute.name.startsWith('on')) found.push(el.tagName + ' ' + attribute.name);\
               }\
             }\
             for (const a of list.querySelectorAll('a[href]')) {\
               const href = a.getAttribute('href');\
               if (!/^(https?:\\/\\/|#comment-)/.test(href)) found.push('link ' + href);\
             }\
             return found;",
        )
        .await?;
    let injected: BTreeSet<String> = injected
        .as_array()
        .context("a list")?
        .iter()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    ensure!(injected.is_empty(), "injected into the page: {injected:?}");
    page.close().await
}
