use byline_contract::{Block, Span};
use leptos::prelude::*;

use super::Figure;

/// The article's body blocks, each as its own element; spans become text, `<em>` and `<a>`,
/// never HTML.
#[component]
pub fn ArticleBody(
    /// The blocks, in reading order.
    blocks: Vec<Block>,
) -> impl IntoView {
    let blocks = blocks.into_iter().map(block_view).collect_view();
    view! { <div class="article__body">{blocks}</div> }
}

fn block_view(block: Block) -> AnyView {
    match block {
        Block::Paragraph { spans } => view! { <p>{spans_view(spans)}</p> }.into_any(),
        Block::Heading { text } => view! { <h2>{text}</h2> }.into_any(),
        Block::Quote { spans, cite } => view! {
            <blockquote class="article__quote">
                <p>{spans_view(spans)}</p>
                {cite.map(|cite| view! { <footer><cite>{cite}</cite></footer> })}
            </blockquote>
        }
        .into_any(),
        Block::Image { picture } => view! { <Figure picture=picture/> }.into_any(),
    }
}

fn spans_view(spans: Vec<Span>) -> impl IntoView {
    spans
        .into_iter()
        .map(|span| match span {
            Span::Text { text } => text.into_any(),
            Span::Emphasis { text } => view! { <em>{text}</em> }.into_any(),
            Span::Link { text, href } => link_view(text, href),
        })
        .collect_view()
}

/// Links to this site stay in the page; others open as external links. Anything that is not
/// a web or site address (`javascript:` and the like) is shown as plain text.
fn link_view(text: String, href: String) -> AnyView {
    let lower = href.to_ascii_lowercase();
    if href.starts_with('/') && !href.starts_with("//") {
        view! { <a href=href>{text}</a> }.into_any()
    } else if lower.starts_with("https://") || lower.starts_with("http://") {
        view! { <a href=href rel="noopener">{text}</a> }.into_any()
    } else {
        text.into_any()
    }
}
