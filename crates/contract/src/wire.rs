//! How [`Span`](crate::Span) and [`Block`](crate::Block) are read: the same JSON as their
//! internally tagged form (`{"kind": "link", "text": …, "href": …}`), read as one flat record
//! and then checked.
//!
//! Serde reads an internally tagged enum by first buffering each object into a generic tree,
//! then reading the tree again; that code is the largest part of the contract in the page's
//! WebAssembly. A flat record reads in one pass, with a fraction of the code.

use serde::Deserialize;

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum SpanKind {
    Text,
    Emphasis,
    Link,
}

/// Every field any span may have.
#[derive(Deserialize)]
pub struct Span {
    kind: SpanKind,
    text: String,
    href: Option<String>,
}

impl TryFrom<Span> for crate::Span {
    type Error = &'static str;

    fn try_from(span: Span) -> Result<Self, Self::Error> {
        let Span { kind, text, href } = span;
        Ok(match kind {
            SpanKind::Text => Self::Text { text },
            SpanKind::Emphasis => Self::Emphasis { text },
            SpanKind::Link => Self::Link {
                text,
                href: href.ok_or("a link span needs an `href`")?,
            },
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum BlockKind {
    Paragraph,
    Heading,
    Quote,
    Image,
}

/// Every field any block may have.
#[derive(Deserialize)]
pub struct Block {
    #[serde(rename = "type")]
    kind: BlockKind,
    spans: Option<Vec<crate::Span>>,
    text: Option<String>,
    cite: Option<String>,
    picture: Option<crate::Picture>,
}

impl TryFrom<Block> for crate::Block {
    type Error = &'static str;

    fn try_from(block: Block) -> Result<Self, Self::Error> {
        let Block {
            kind,
            spans,
            text,
            cite,
            picture,
        } = block;
        Ok(match kind {
            BlockKind::Paragraph => Self::Paragraph {
                spans: spans.ok_or("a paragraph needs `spans`")?,
            },
            BlockKind::Heading => Self::Heading {
                text: text.ok_or("a heading needs `text`")?,
            },
            BlockKind::Quote => Self::Quote {
                spans: spans.ok_or("a quote needs `spans`")?,
                cite,
            },
            BlockKind::Image => Self::Image {
                picture: picture.ok_or("an image block needs a `picture`")?,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::{Block, Picture, Span};

    #[test]
    fn blocks_and_spans_read_back_what_they_write() {
        let blocks = vec![
            Block::Paragraph {
                spans: vec![
                    Span::Text {
                        text: "Plain ".into(),
                    },
                    Span::Emphasis {
                        text: "stressed".into(),
                    },
                    Span::Link {
                        text: "a link".into(),
                        href: "https://example.org/".into(),
                    },
                ],
            },
            Block::Heading {
                text: "A heading".into(),
            },
            Block::Quote {
                spans: vec![Span::Text {
                    text: "Said".into(),
                }],
                cite: Some("Someone".into()),
            },
            Block::Quote {
                spans: vec![],
                cite: None,
            },
            Block::Image {
                picture: Picture {
                    src: "/images/a.svg".into(),
                    alt: "A picture".into(),
                    caption: "Caption".into(),
                    credit: "Credit".into(),
                    width: 1200,
                    height: 800,
                },
            },
        ];
        let json = serde_json::to_string(&blocks).expect("blocks serialise");
        assert!(json.contains(r#""type":"paragraph""#), "{json}");
        assert!(json.contains(r#""kind":"link""#), "{json}");
        let read: Vec<Block> = serde_json::from_str(&json).expect("blocks read back");
        assert_eq!(read, blocks);
    }

    #[test]
    fn blocks_missing_what_their_kind_needs_are_refused() {
        for json in [
            r#"{"type": "paragraph"}"#,
            r#"{"type": "heading", "spans": []}"#,
            r#"{"type": "image"}"#,
            r#"{"type": "video", "text": "x"}"#,
            r#"{"spans": []}"#,
        ] {
            assert!(serde_json::from_str::<Block>(json).is_err(), "{json}");
        }
        assert!(serde_json::from_str::<Span>(r#"{"kind": "link", "text": "x"}"#).is_err());
        assert!(serde_json::from_str::<Span>(r#"{"kind": "text"}"#).is_err());
    }
}
