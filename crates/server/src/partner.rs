//! Threads for partners' own pages: a partner that embeds the comment widget under a page of
//! its own (`data-url`) gets a thread for that page's address, started by its first comment.
//!
//! Only pages on the endpoint's partner origins have threads. The thread's slug is derived
//! from the page's address (`u-` and 24 hex digits of the SHA-256 of its canonical form), so
//! every widget of the same page finds the same thread without anything being stored before
//! the first comment. A thread is an `articles` row with the page's `url` and title and
//! nothing of an article: it is never listed, related or shown as one, and its comments stay
//! out of the site's latest comments.

use byline_contract::{NewThread, THREAD_TITLE_MAX_CHARS, THREAD_URL_MAX_CHARS};
use sha2::{Digest, Sha256};
use url::Url;

use crate::auth::password::hex;

/// The prefix of every partner thread's slug; article slugs never start with it.
pub const SLUG_PREFIX: &str = "u-";

/// A partner's page that may have a thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerPage {
    /// The canonical address: scheme and host in lower case, no default port, no fragment.
    pub url: String,
    /// The slug of its thread.
    pub slug: String,
}

/// A partner's page and the title its thread starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartingThread {
    /// The page.
    pub page: PartnerPage,
    /// Its title, trimmed and cut to length (the address when none was given).
    pub title: String,
}

/// The partner page at `address`, when it is an `http(s)` address on one of
/// `partner_origins`; otherwise the reason, for the reader.
pub fn page(address: &str, partner_origins: &[String]) -> Result<PartnerPage, String> {
    let address = address.trim();
    if address.chars().count() > THREAD_URL_MAX_CHARS {
        return Err(format!(
            "Use a page address of at most {THREAD_URL_MAX_CHARS} characters."
        ));
    }
    let mut url = Url::parse(address)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.host().is_some())
        .ok_or_else(|| "Give the full address of the page, starting with https://.".to_owned())?;
    if !url.username().is_empty() || url.password().is_some() {
        return Err("Give the page's address without a user name or password.".to_owned());
    }
    url.set_fragment(None);
    let origin = url.origin().ascii_serialization();
    let partner = partner_origins
        .iter()
        .any(|partner| partner.trim_end_matches('/').eq_ignore_ascii_case(&origin));
    if !partner {
        return Err(format!(
            "Comments are not open for pages on {origin}: it is not one of this site's \
             partners."
        ));
    }
    let url = String::from(url);
    let slug = slug_of(&url);
    Ok(PartnerPage { url, slug })
}

/// The thread a first comment on `slug` starts, from what the widget sent; the reason when the
/// address is refused or belongs to another thread.
pub fn starting(
    thread: &NewThread,
    slug: &str,
    partner_origins: &[String],
) -> Result<StartingThread, String> {
    let page = page(&thread.url, partner_origins)?;
    if page.slug != slug {
        return Err(
            "This page's comments live at another address of this endpoint: ask \
                    `GET /threads?url=` for it."
                .to_owned(),
        );
    }
    let title: String = thread
        .title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(THREAD_TITLE_MAX_CHARS)
        .collect();
    let title = if title.is_empty() {
        page.url.clone()
    } else {
        title
    };
    Ok(StartingThread { page, title })
}

/// The slug of the thread of the page at the canonical address `url`.
fn slug_of(url: &str) -> String {
    let digest = hex(&Sha256::digest(url.as_bytes()));
    format!("{SLUG_PREFIX}{}", &digest[..24])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn partners() -> Vec<String> {
        vec![
            "https://news.example".to_owned(),
            "http://127.0.0.2:8081".to_owned(),
        ]
    }

    #[test]
    fn a_partner_page_has_one_slug_whatever_the_spelling_of_its_address() {
        let plain = page("https://news.example/story?id=7", &partners()).expect("a partner");
        assert_eq!(plain.url, "https://news.example/story?id=7");
        assert!(plain.slug.starts_with(SLUG_PREFIX));
        assert_eq!(plain.slug.len(), SLUG_PREFIX.len() + 24);
        for spelling in [
            "  https://NEWS.example/story?id=7  ",
            "https://news.example:443/story?id=7",
            "https://news.example/story?id=7#comments",
        ] {
            assert_eq!(page(spelling, &partners()), Ok(plain.clone()), "{spelling}");
        }
        let other = page("https://news.example/story?id=8", &partners()).expect("a partner");
        assert_ne!(other.slug, plain.slug);
        let port = page("http://127.0.0.2:8081/a", &partners()).expect("a partner");
        assert_eq!(port.url, "http://127.0.0.2:8081/a");
    }

    #[test]
    fn pages_off_the_partner_origins_and_odd_addresses_are_refused() {
        for refused in [
            "https://evil.example/story",
            "http://news.example/story",
            "https://news.example.evil.example/",
            "http://127.0.0.2:8082/a",
            "https://user:pw@news.example/story",
            "javascript:alert(1)",
            "/story",
            "",
        ] {
            assert!(page(refused, &partners()).is_err(), "{refused}");
        }
        let long = format!("https://news.example/{}", "a".repeat(THREAD_URL_MAX_CHARS));
        assert!(page(&long, &partners()).is_err());
        let message = page("https://evil.example/x", &partners()).expect_err("refused");
        assert!(message.contains("https://evil.example"), "{message}");
    }

    #[test]
    fn a_starting_thread_must_match_its_slug_and_gets_a_tidy_title() {
        let slug = page("https://news.example/story", &partners())
            .expect("a partner")
            .slug;
        let thread = |title: &str| NewThread {
            url: "https://news.example/story".into(),
            title: title.into(),
        };
        let started =
            starting(&thread("  A   story\n about\tthings "), &slug, &partners()).expect("starts");
        assert_eq!(started.title, "A story about things");
        let untitled = starting(&thread(" "), &slug, &partners()).expect("starts");
        assert_eq!(untitled.title, "https://news.example/story");
        let long = starting(&thread(&"é".repeat(400)), &slug, &partners()).expect("starts");
        assert_eq!(long.title.chars().count(), THREAD_TITLE_MAX_CHARS);
        assert!(starting(&thread("x"), "u-000000000000000000000000", &partners()).is_err());
    }
}
