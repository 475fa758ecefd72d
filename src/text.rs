//! Pure text logic for showing reader text: excerpts, paragraphs and links.
//!
//! Nothing here produces HTML: the views turn these pieces into text nodes and `<a>` elements.

use std::borrow::Cow;

/// Cuts `text` to about `max_chars` characters at a word boundary and adds an ellipsis.
///
/// Line breaks and runs of spaces fold into single spaces, since an excerpt is one run of text.
pub fn excerpt(text: &str, max_chars: usize) -> Cow<'_, str> {
    let folded = fold_whitespace(text);
    if folded.chars().count() <= max_chars {
        return folded;
    }
    let cut_at = folded
        .char_indices()
        .nth(max_chars)
        .map_or(folded.len(), |(index, _)| index);
    let head = &folded[..cut_at];
    // Back off to the last space, unless that throws away more than a third of the excerpt
    // (one very long word, or a language written without spaces).
    let ends_on_a_word = folded[cut_at..].starts_with(' ');
    let head = match head.rfind(' ') {
        _ if ends_on_a_word => head,
        Some(space) if head[..space].chars().count() >= max_chars * 2 / 3 => &head[..space],
        _ => head,
    };
    let head = head.trim_end_matches(|c: char| c.is_whitespace() || ",;:-–—".contains(c));
    Cow::Owned(format!("{head}…"))
}

fn fold_whitespace(text: &str) -> Cow<'_, str> {
    let trimmed = text.trim();
    let needs_folding = trimmed
        .as_bytes()
        .windows(2)
        .any(|pair| pair[0].is_ascii_whitespace() && pair[1].is_ascii_whitespace())
        || trimmed.contains(['\n', '\r', '\t']);
    if needs_folding {
        Cow::Owned(trimmed.split_whitespace().collect::<Vec<_>>().join(" "))
    } else {
        Cow::Borrowed(trimmed)
    }
}

/// Splits a comment into paragraphs at blank lines; each paragraph keeps its single line
/// breaks.
pub fn paragraphs(body: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut start: Option<usize> = None;
    let mut end = 0;
    let mut offset = 0;
    for line in body.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() {
            if let Some(begin) = start.take() {
                found.push(&body[begin..end]);
            }
        } else {
            start.get_or_insert(offset);
            end = offset + content.len();
        }
        offset += line.len();
    }
    if let Some(begin) = start {
        found.push(&body[begin..end]);
    }
    found
}

/// A reply's leading "@Name:", the readers' way of answering someone by name, split from what
/// follows it: `("@Name:", " the words")`. The page isolates it, so that a name in another
/// script than the sentence neither sets the sentence's direction nor is reordered into it. The
/// name is on the first line, starts with no space and is at most a name's length.
pub fn leading_mention(text: &str) -> Option<(&str, &str)> {
    let rest = text.strip_prefix('@')?;
    if rest.starts_with(char::is_whitespace) {
        return None;
    }
    let (colon, _) = rest
        .char_indices()
        .take(byline_contract::validate::NAME_MAX_CHARS + 1)
        .take_while(|(_, c)| *c != '\n')
        .find(|(_, c)| *c == ':')?;
    if colon == 0 {
        return None;
    }
    // '@' and ':' are one byte each.
    Some(text.split_at(colon + 2))
}

/// A piece of reader text: words, or a web address to show as a link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    /// Text shown as it is.
    Text(&'a str),
    /// An `http://` or `https://` address, shown as a link to itself.
    Link(&'a str),
}

/// Finds web addresses in `text`. Punctuation that ends a sentence after an address is left
/// out of it, and so is a closing bracket that has no opening one inside the address.
pub fn linkify(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    // `text[written..]` is not yet in `segments`; the search goes on from `searched`.
    let mut written = 0;
    let mut searched = 0;
    while let Some(found) = find_url_start(&text[searched..]) {
        let start = searched + found;
        let tail = &text[start..];
        let length = tail
            .find(|c: char| c.is_whitespace() || "<>\"".contains(c))
            .unwrap_or(tail.len());
        let url = trim_url_end(&tail[..length]);
        if url.ends_with("://") {
            // "https://" alone is not an address.
            searched = start + url.len();
            continue;
        }
        if start > written {
            segments.push(Segment::Text(&text[written..start]));
        }
        segments.push(Segment::Link(url));
        written = start + url.len();
        searched = written;
    }
    if written < text.len() {
        segments.push(Segment::Text(&text[written..]));
    }
    segments
}

fn find_url_start(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(['h', 'H']) {
        let at = from + found;
        let after = &text.as_bytes()[at..];
        let has_scheme = [b"https://".as_slice(), b"http://".as_slice()]
            .iter()
            .any(|scheme| {
                after.len() >= scheme.len() && after[..scheme.len()].eq_ignore_ascii_case(scheme)
            });
        let starts_word = !text[..at].ends_with(|c: char| c.is_alphanumeric());
        if has_scheme && starts_word {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn trim_url_end(url: &str) -> &str {
    let mut url = url;
    while let Some(last) = url.chars().last() {
        let unbalanced_close = match last {
            ')' => url.matches('(').count() < url.matches(')').count(),
            ']' => url.matches('[').count() < url.matches(']').count(),
            _ => false,
        };
        if ".,;:!?'’”»".contains(last) || unbalanced_close {
            url = &url[..url.len() - last.len_utf8()];
        } else {
            break;
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_leading_mention_is_split_from_the_words_after_it() {
        let cases: &[(&str, Option<(&str, &str)>)] = &[
            (
                "@Farah al-Sayegh: بەڵێ، ژێرنووسی عەرەبی هەیە.",
                Some(("@Farah al-Sayegh:", " بەڵێ، ژێرنووسی عەرەبی هەیە.")),
            ),
            ("@هاوڕێ ت.: Rast e.", Some(("@هاوڕێ ت.:", " Rast e."))),
            ("@Ana:no space", Some(("@Ana:", "no space"))),
            ("@Ana", None),
            ("@: nobody", None),
            ("@ 10:30 is late", None),
            ("Ana: not a reply", None),
            ("@Ana\nsaid: on another line", None),
        ];
        for (text, expected) in cases {
            assert_eq!(leading_mention(text), *expected, "{text:?}");
        }
        let long = format!("@{}: too long for a name", "n".repeat(61));
        assert_eq!(leading_mention(&long), None);
        let longest = format!("@{}: the longest name", "n".repeat(60));
        assert!(leading_mention(&longest).is_some());
    }

    #[test]
    fn excerpts_cut_at_a_word_boundary_near_the_limit() {
        let cases: &[(&str, usize, &str)] = &[
            ("Short enough.", 150, "Short enough."),
            ("one two three four five", 14, "one two three…"),
            ("one two three four", 7, "one two…"),
            ("one two, three four", 9, "one two…"),
            (
                "Lines\n\nfold   into  spaces",
                150,
                "Lines fold into spaces",
            ),
            ("abcdefghijklmnopqrstuvwxyz", 10, "abcdefghij…"),
            ("کوردستان ئاو و ژیان", 12, "کوردستان ئاو…"),
        ];
        for (text, max, expected) in cases {
            assert_eq!(excerpt(text, *max), *expected, "{text:?} at {max}");
        }
    }

    #[test]
    fn an_excerpt_is_never_longer_than_the_limit_plus_its_ellipsis() {
        let text = "word ".repeat(100);
        let cut = excerpt(&text, 150);
        assert!(cut.chars().count() <= 151, "{}", cut.chars().count());
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn paragraphs_split_at_blank_lines_only() {
        let cases: &[(&str, &[&str])] = &[
            ("One", &["One"]),
            ("One\nstill one", &["One\nstill one"]),
            ("One\n\nTwo", &["One", "Two"]),
            ("One\n \n\n\nTwo\n", &["One", "Two"]),
            ("\n\nOne\r\n\r\nTwo", &["One", "Two"]),
            ("", &[]),
        ];
        for (body, expected) in cases {
            assert_eq!(paragraphs(body), *expected, "{body:?}");
        }
    }

    #[test]
    fn links_are_found_and_trailing_punctuation_stays_text() {
        use Segment::{Link, Text};
        let cases: &[(&str, &[Segment<'_>])] = &[
            ("no links here", &[Text("no links here")]),
            (
                "See https://example.org/report.",
                &[Text("See "), Link("https://example.org/report"), Text(".")],
            ),
            (
                "(http://example.org/a_(b)) ok",
                &[Text("("), Link("http://example.org/a_(b)"), Text(") ok")],
            ),
            (
                "HTTPS://EXAMPLE.ORG, then",
                &[Link("HTTPS://EXAMPLE.ORG"), Text(", then")],
            ),
            ("just https:// alone", &[Text("just https:// alone")]),
            ("xhttps://example.org", &[Text("xhttps://example.org")]),
            (
                "two https://a.example and https://b.example!",
                &[
                    Text("two "),
                    Link("https://a.example"),
                    Text(" and "),
                    Link("https://b.example"),
                    Text("!"),
                ],
            ),
            (
                "javascript:alert(1) is text",
                &[Text("javascript:alert(1) is text")],
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(linkify(text), *expected, "{text:?}");
        }
    }
}
