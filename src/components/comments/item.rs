use std::sync::Arc;

use byline_contract::{AuthorKind, Comment};
use leptos::prelude::*;

use super::{CommentForm, Thread, ThreadContext};
use crate::text::{Segment, linkify, paragraphs};
use crate::time::{date_time, relative};

/// Replies indent up to this depth; deeper ones line up with it and name whom they answer, so
/// long threads stay readable on a phone.
pub const MAX_INDENT_DEPTH: usize = 3;

/// One comment, its actions, its reply form when open, and its replies.
#[component]
pub fn CommentItem(
    /// The comment with its replies.
    thread: Arc<Thread>,
    /// How deep in its thread it sits: 0 for a top-level comment.
    depth: usize,
    /// The name of the comment it answers, shown when indentation stops.
    #[prop(optional)]
    parent_name: Option<String>,
) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let Comment {
        id,
        author,
        body,
        created_at,
        edited_at,
        removed,
        ..
    } = thread.comment.clone();
    // Replies the reader posts here join the ones the server sent.
    let replies = RwSignal::new(thread.replies.clone());
    // Selectors: when the open reply form or the linked comment changes, only the two
    // comments concerned re-render, not every comment on the page.
    let reply_open = move || {
        context
            .replying_to
            .with_value(|open| open.selected(&Some(id)))
    };
    let is_target = move || {
        context
            .target
            .with_value(|target| target.selected(&Some(id)))
    };

    let on_reply_posted = Callback::new(move |reply: Comment| {
        let reply_id = reply.id;
        replies.update(|replies| replies.push(Thread::new(reply)));
        // After the list has rendered the reply, land keyboard and screen-reader users on it.
        request_animation_frame(move || focus_comment(reply_id));
        context.reply_to.set(None);
    });
    let on_cancel = Callback::new(move |()| context.reply_to.set(None));

    let anchor = format!("comment-{id}");
    let heading_id = format!("comment-{id}-author");
    let permalink = format!("#comment-{id}");
    let full_time = date_time(&created_at);
    let ago = relative(&created_at);
    let is_member = author.kind == AuthorKind::Member;
    let in_reply_to = (depth > MAX_INDENT_DEPTH)
        .then_some(parent_name)
        .flatten()
        .map(|name| view! { <span class="comment__in-reply-to">"replying to " <bdi>{name}</bdi></span> });
    let replies_label = format!("Replies to {}", author.name);
    let reply_label = format!("Reply to {}", author.name);
    let name = StoredValue::new(author.name);
    let indent = depth.min(MAX_INDENT_DEPTH);

    let edited = edited_at.map(|at| {
        let when = date_time(&at);
        view! {
            <span class="comment__edited" title=format!("Edited {when}")>
                <time datetime=at>"edited"</time>
            </span>
        }
    });
    // A comment its author removed while it had replies: a placeholder, so they still read in
    // context. It has no author, text or actions.
    let card = if removed {
        view! {
            <article id=anchor class="comment__card comment__card--removed" tabindex="-1">
                <p class="comment__removed">"This comment was removed by its author."</p>
            </article>
        }
        .into_any()
    } else {
        view! {
            <article
                id=anchor
                class="comment__card"
                class:comment__card--target=is_target
                aria-labelledby=heading_id.clone()
                tabindex="-1"
            >
                <header class="comment__meta">
                    <bdi class="comment__author" id=heading_id.clone()>{name.get_value()}</bdi>
                    {is_member.then(|| view! { <span class="comment__badge">"member"</span> })}
                    {in_reply_to}
                    <a class="comment__time" href=permalink title="Link to this comment">
                        <time datetime=created_at>{full_time}</time>
                    </a>
                    <span class="comment__ago">{ago}</span>
                    {edited}
                </header>
                <CommentBody body=body/>
                <footer class="comment__actions">
                    <button
                        type="button"
                        class="comment__reply-button"
                        aria-expanded=move || if reply_open() { "true" } else { "false" }
                        aria-label=reply_label
                        on:click=move |_| {
                            context.reply_to.update(|open| {
                                *open = if *open == Some(id) { None } else { Some(id) };
                            })
                        }
                    >
                        "Reply"
                    </button>
                </footer>
            </article>
        }
        .into_any()
    };

    view! {
        <li class=format!("comment comment--depth-{indent}")>
            {card}
            {move || {
                reply_open().then(|| {
                    view! {
                        <div class="comment__reply-form">
                            <CommentForm
                                slug=context.slug.get_value()
                                parent_id=id
                                on_posted=on_reply_posted
                                on_cancel=on_cancel
                                autofocus=true
                            />
                        </div>
                    }
                })
            }}
            <Show when=move || replies.with(|replies| !replies.is_empty())>
                <ol class="comment-list comment-list--replies" aria-label=replies_label.clone()>
                    <For
                        each=move || replies.get()
                        key=|reply| reply.id()
                        children=move |reply| {
                            // A component that contains itself needs its type erased.
                            view! {
                                <CommentItem thread=reply depth=depth + 1 parent_name=name.get_value()/>
                            }
                            .into_any()
                        }
                    />
                </ol>
            </Show>
        </li>
    }
}

/// Focuses and scrolls to a comment's card.
pub fn focus_comment(id: i64) {
    use wasm_bindgen::JsCast;
    if let Some(card) = document()
        .get_element_by_id(&format!("comment-{id}"))
        .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = card.focus();
        card.scroll_into_view();
    }
}

/// A comment's text: paragraphs at blank lines, line breaks kept, web addresses as links that
/// search engines do not follow. Always text, never HTML.
#[component]
pub fn CommentBody(
    /// The comment's plain text.
    body: String,
) -> impl IntoView {
    let paragraphs = paragraphs(&body)
        .into_iter()
        .map(|paragraph| {
            let lines = paragraph
                .lines()
                .enumerate()
                .map(|(i, line)| {
                    let pieces = linkify(line)
                        .into_iter()
                        .map(|segment| match segment {
                            Segment::Text(text) => text.to_owned().into_any(),
                            Segment::Link(url) => view! {
                                <a href=url.to_owned() rel="nofollow ugc noopener" target="_blank">
                                    {url.to_owned()}
                                </a>
                            }
                            .into_any(),
                        })
                        .collect_view();
                    view! { {(i > 0).then(|| view! { <br/> })} {pieces} }
                })
                .collect_view();
            view! { <p dir="auto">{lines}</p> }
        })
        .collect_view();
    view! { <div class="comment__body">{paragraphs}</div> }
}
