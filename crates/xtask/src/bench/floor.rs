//! The physical floor: the same article and first comments as plain server-sent HTML with the
//! same stylesheet and no script, served by the same server.

use std::fmt::Write as _;

use byline_contract::{Article, Block, Comment, CommentPage, Span};

/// Escapes text for HTML element content and attribute values.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn spans(out: &mut String, spans: &[Span]) {
    for span in spans {
        match span {
            Span::Text { text } => out.push_str(&escape(text)),
            Span::Emphasis { text } => {
                let _ = write!(out, "<em>{}</em>", escape(text));
            }
            Span::Link { text, href } => {
                let _ = write!(out, "<a href=\"{}\">{}</a>", escape(href), escape(text));
            }
        }
    }
}

fn comment(out: &mut String, comment: &Comment, depth: usize) {
    let _ = write!(
        out,
        "<li class=\"comment comment--depth-{}\"><article id=\"comment-{}\" class=\"comment__card\">\
         <header class=\"comment__meta\"><bdi class=\"comment__author\">{}</bdi> \
         <time class=\"comment__time\" datetime=\"{}\">{}</time></header><div class=\"comment__body\">",
        depth.min(3),
        comment.id,
        escape(&comment.author.name),
        escape(&comment.created_at),
        escape(&comment.created_at),
    );
    for paragraph in comment.body.split("\n\n") {
        let _ = write!(out, "<p dir=\"auto\">{}</p>", escape(paragraph));
    }
    out.push_str("</div></article>");
    if !comment.replies.is_empty() {
        out.push_str("<ol class=\"comment-list comment-list--replies\">");
        for reply in &comment.replies {
            self::comment(out, reply, depth + 1);
        }
        out.push_str("</ol>");
    }
    out.push_str("</li>");
}

/// The floor page for an article, linking the same stylesheet as Byline's `index.html`.
pub fn page(article: &Article, comments: &CommentPage, stylesheet: &str) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{lang}\" dir=\"{dir}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title} — Byline</title><link rel=\"stylesheet\" href=\"{stylesheet}\"></head><body>\
         <header class=\"site-header\"><div class=\"site-header__inner\">\
         <a class=\"site-header__brand\" href=\"/\">Byline</a></div></header>\
         <main id=\"main\" class=\"site-main\"><div class=\"page-grid\"><div class=\"page-grid__main\">\
         <article class=\"article\"><header class=\"article__header\">\
         <p class=\"article__section\">{section}</p><h1 id=\"article-title\" class=\"article__title\">{title}</h1>\
         <p class=\"article__dek\">{dek}</p><p class=\"article__byline\">By {author} · \
         <time datetime=\"{published}\">{published}</time></p></header>\
         <figure class=\"figure\"><img src=\"{src}\" alt=\"{alt}\" width=\"{width}\" height=\"{height}\">\
         <figcaption>{caption} {credit}</figcaption></figure><div class=\"article__body\">",
        lang = escape(&article.lang),
        dir = article.dir.as_str(),
        title = escape(&article.title),
        stylesheet = escape(stylesheet),
        section = escape(&article.section),
        dek = escape(&article.dek),
        author = escape(&article.author),
        published = escape(&article.published_at),
        src = escape(&article.hero.src),
        alt = escape(&article.hero.alt),
        width = article.hero.width,
        height = article.hero.height,
        caption = escape(&article.hero.caption),
        credit = escape(&article.hero.credit),
    );
    for block in &article.body {
        match block {
            Block::Paragraph { spans: inline } => {
                out.push_str("<p>");
                spans(&mut out, inline);
                out.push_str("</p>");
            }
            Block::Heading { text } => {
                let _ = write!(out, "<h2>{}</h2>", escape(text));
            }
            Block::Quote {
                spans: inline,
                cite,
            } => {
                out.push_str("<blockquote class=\"article__quote\"><p>");
                spans(&mut out, inline);
                out.push_str("</p>");
                if let Some(cite) = cite {
                    let _ = write!(out, "<footer><cite>{}</cite></footer>", escape(cite));
                }
                out.push_str("</blockquote>");
            }
            Block::Image { picture } => {
                let _ = write!(
                    out,
                    "<figure class=\"figure\"><img src=\"{}\" alt=\"{}\" loading=\"lazy\"></figure>",
                    escape(&picture.src),
                    escape(&picture.alt)
                );
            }
        }
    }
    let _ = write!(
        out,
        "</div></article><section class=\"comments\" id=\"comments\">\
         <h2 class=\"comments__title\">{} comments</h2><ol class=\"comment-list\">",
        comments.total
    );
    for thread in &comments.items {
        comment(&mut out, thread, 0);
    }
    out.push_str("</ol></section></div></div></main></body></html>");
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn reader_text_is_escaped() {
        assert_eq!(
            super::escape(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
    }
}
