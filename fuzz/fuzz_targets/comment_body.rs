//! The comment body formatter (`src/text.rs`): whatever a reader writes, splitting it into
//! paragraphs and finding its links loses and invents no text, never panics, and makes links
//! only of web addresses that cannot break out of an `href`.

#![no_main]

use libfuzzer_sys::fuzz_target;

// The formatter is a pure module of the page (std only), included as it is so the fuzzer need
// not build the whole front end.
#[path = "../../src/text.rs"]
#[allow(dead_code)]
mod text;

use text::{Segment, excerpt, linkify, paragraphs};

fuzz_target!(|data: &[u8]| {
    let Ok(body) = std::str::from_utf8(data) else {
        return;
    };
    for paragraph in paragraphs(body) {
        assert!(!paragraph.trim().is_empty(), "a blank paragraph");
        assert!(
            body.contains(paragraph),
            "a paragraph that is not in the body"
        );
        for line in paragraph.lines() {
            let segments = linkify(line);
            let rebuilt: String = segments
                .iter()
                .map(|segment| match segment {
                    Segment::Text(text) | Segment::Link(text) => *text,
                })
                .collect();
            assert_eq!(rebuilt, line, "linkify changed the text");
            for segment in segments {
                if let Segment::Link(url) = segment {
                    let lower = url.to_ascii_lowercase();
                    let scheme = ["https://", "http://"]
                        .into_iter()
                        .find(|scheme| lower.starts_with(scheme));
                    let scheme =
                        scheme.unwrap_or_else(|| panic!("a link that is not web: {url:?}"));
                    assert!(
                        url.len() > scheme.len(),
                        "a link of a scheme alone: {url:?}"
                    );
                    assert!(
                        !url.contains(|c: char| c.is_whitespace() || "<>\"".contains(c)),
                        "a link that can break out: {url:?}"
                    );
                }
            }
        }
    }
    for max_chars in [0, 1, 5, 40, 150] {
        let cut = excerpt(body, max_chars);
        assert!(
            cut.chars().count() <= max_chars.max(body.chars().count()) + 1,
            "an excerpt longer than asked"
        );
    }
});
