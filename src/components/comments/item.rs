use std::sync::Arc;

use byline_contract::moderation::{Held, Mode};
use byline_contract::{AuthorKind, Comment};
use leptos::either::Either;
use leptos::prelude::*;

use super::actions;
use super::lazy::{FormProps, LazyForm, from_actions};
use super::like::{FeatureButton, LikeState, like_button};
use super::own::{Own, OwnState};
use super::report::{Step, report_button};
use super::{CommentTotal, CommentWords, Thread, ThreadContext};
use crate::components::parts::{Fresh, fixed};
use crate::i18n::{Arg, Key, tr, tr_with};
use crate::text::{Segment, leading_mention, linkify, paragraphs};
use crate::time::{date_time, date_time_and_relative};

/// Replies indent up to this depth; deeper ones line up with it and name whom they answer, so
/// long threads stay readable on a phone.
pub const MAX_INDENT_DEPTH: usize = 3;

/// A comment's classes by its indentation depth, fixed strings rather than one made per comment.
const DEPTH_CLASSES: [&str; MAX_INDENT_DEPTH + 1] = [
    "comment comment--depth-0",
    "comment comment--depth-1",
    "comment comment--depth-2",
    "comment comment--depth-3",
];

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
        moderation,
        likes,
        featured,
        ..
    } = thread.comment.clone();
    let pending = moderation == Some(Held::Pending);
    // A hidden comment (held after reports) shows as a placeholder while replies hang on it.
    let hidden = moderation.is_some() && !pending;
    // No one answers a comment that waits for a moderator (see `card`), or on a closed
    // article.
    let open = context.moderation != Mode::Closed;
    // Replies the reader posts here join the ones the server sent.
    let replies = RwSignal::new(thread.replies.clone());
    // Whether the list of replies shows: set once, by the first reply.
    let has_replies = RwSignal::new(!thread.replies.is_empty());
    // A selector: when the open reply form changes, only the two comments concerned
    // re-render, not every comment on the page.
    let reply_open = move || {
        context
            .replying_to
            .with_value(|open| open.selected(&Some(id)))
    };

    let permalink = format!("#comment-{id}");
    let (full_time, ago) = date_time_and_relative(&created_at);
    let is_member = author.kind == AuthorKind::Member;
    let in_reply_to = (depth > MAX_INDENT_DEPTH).then_some(parent_name).flatten();
    let words = context.words;
    let name = StoredValue::new(author.name);
    let indent = depth.min(MAX_INDENT_DEPTH);

    let own = (!removed)
        .then(|| {
            Own::of(
                id,
                author.member_id,
                &body,
                edited_at.clone(),
                &created_at,
                pending,
            )
        })
        .flatten();
    let header = move |edited: Option<String>, pending: bool| {
        view! {
            <header class="comment__meta">
                <bdi class="comment__author">{name.get_value()}</bdi>
                {fixed(is_member.then(|| view! { <span class="comment__badge">{words.with_value(|words| words.member.clone())}</span> }))}
                {fixed(featured.then(|| view! { <span class="comment__badge comment__badge--featured">{words.with_value(|words| words.featured.clone())}</span> }))}
                {fixed(in_reply_to.clone().map(|name| view! {
                    <span class="comment__in-reply-to">
                        {words.with_value(|words| words.replying_to.0.clone())}
                        <bdi>{name}</bdi>
                        {words.with_value(|words| words.replying_to.1.clone())}
                    </span>
                }))}
                <a class="comment__time" href=permalink.clone() title=words.with_value(|words| words.link.clone())>
                    <time datetime=created_at.clone()>{full_time.clone()}</time>
                </a>
                <span class="comment__ago">{ago.clone()}</span>
                {fixed(edited.map(edited_marker))}
                {fixed(pending.then(|| view! {
                    <span class="comment__badge comment__badge--pending">{tr(Key::CommentAwaiting)}</span>
                }))}
            </header>
        }
    };
    let reply_button = move |pending: bool| {
        fixed((open && !pending).then(|| view! {
            <button
                class=actions::REPLY
                aria-expanded=move || if reply_open() { "true" } else { "false" }
                aria-busy=move || (reply_open() && crate::chunks::form().loading()).to_string()
                aria-label=words.with_value(|words| CommentWords::with_name(&words.reply_to, &name.get_value()))
            >
                {words.with_value(|words| words.reply.clone())}
            </button>
        }))
    };
    let card = move |body: AnyView, edited: Option<String>, pending: bool, actions: AnyView| {
        view! {
            <article
                id=format!("comment-{id}")
                class="comment__card"
                aria-label=name.get_value()
                tabindex="-1"
            >
                {header(edited, pending)}
                {body}
                <footer class="comment__actions">{reply_button(pending)} {actions}</footer>
            </article>
        }
        .into_any()
    };
    let card = match own {
        // This browser posted it: its text and state change, and its card is built anew when
        // they do (its fixed parts may differ then).
        Some(own) => {
            let has_replies = Signal::from(has_replies);
            let total = use_context::<CommentTotal>();
            let on_deleted = Callback::new(move |()| {
                if let Some(CommentTotal(total)) = total {
                    total.update(|total| *total = total.saturating_sub(1));
                }
            });
            (move || {
                let view = match own.state.get() {
                    OwnState::Removed | OwnState::Gone => placeholder(id, Key::CommentRemoved),
                    OwnState::Editing => card(
                        from_actions(move |parts| (parts.own_editor)(own)),
                        own.edited_at.get(),
                        own.pending.get(),
                        own_error(own),
                    ),
                    _ => card(
                        view! { <CommentBody body=own.body.get()/> }.into_any(),
                        own.edited_at.get(),
                        own.pending.get(),
                        view! {
                            {from_actions(move |parts| (parts.own_actions)(own, has_replies, on_deleted))}
                            {own_error(own)}
                        }
                        .into_any(),
                    ),
                };
                Fresh(view)
            })
            .into_any()
        }
        // A comment its author removed while it had replies.
        None if removed => placeholder(id, Key::CommentRemoved),
        None if hidden => placeholder(id, Key::CommentHidden),
        None => card(
            view! { <CommentBody body=body/> }.into_any(),
            edited_at,
            pending,
            (!pending)
                .then(|| {
                    let (like_text, like_label, report_text, report_label) =
                        words.with_value(|words| {
                            (
                                words.like.clone(),
                                CommentWords::with_name(&words.like_comment_of, &name.get_value()),
                                words.report.clone(),
                                CommentWords::with_name(
                                    &words.report_comment_of,
                                    &name.get_value(),
                                ),
                            )
                        });
                    let moderator = context.session.moderates_untracked();
                    let (like, report) = (LikeState::signal(id, likes), RwSignal::new(Step::Closed));
                    context.actions.register(id, like, report);
                    view! {
                        {like_button(like, like_text, like_label)}
                        {report_button(id, report, report_text, report_label)}
                        {fixed(moderator.then(|| view! { <FeatureButton id=id featured=featured/> }))}
                    }
                })
                .into_any(),
        ),
    };

    let inner = view! {
            {card}
            {move || {
                reply_open().then(|| {
                    // Made when the form opens, not for every comment on the page.
                    let on_reply_posted = Callback::new(move |reply: Comment| {
                        let reply_id = reply.id;
                        replies.update(|replies| replies.push(Thread::new(reply)));
                        if !has_replies.get_untracked() {
                            has_replies.set(true);
                        }
                        // After the list has rendered the reply, land keyboard and
                        // screen-reader users on it.
                        request_animation_frame(move || focus_comment(reply_id));
                        context.reply_to.set(None);
                    });
                    let on_cancel = Callback::new(move |()| {
                        context.reply_to.set(None);
                        actions::focus_button(id, actions::REPLY);
                    });
                    view! {
                        <div class="comment__reply-form">
                            <LazyForm props=FormProps {
                                slug: context.slug.get_value(),
                                parent_id: Some(id),
                                on_posted: on_reply_posted,
                                on_cancel: Some(on_cancel),
                                autofocus: true,
                            }/>
                        </div>
                    }
                })
            }}
            // Most comments have no replies: no list (and no memo, as `Show` would make) until
            // the first one arrives; later ones join the list in place.
            {move || has_replies.get().then(|| {
                let label = words.with_value(|words| {
                    name.with_value(|name| CommentWords::with_name(&words.replies_to, name))
                });
                view! {
                    <ol class="comment-list comment-list--replies" aria-label=label>
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
                }
            })}
    };
    let class = DEPTH_CLASSES[indent];
    match own {
        Some(own) => view! {
            <li class=class hidden=move || own.state.get() == OwnState::Gone>{inner}</li>
        }
        .into_any(),
        None => view! { <li class=class>{inner}</li> }.into_any(),
    }
}

/// The placeholder of a comment that shows no more while it has replies, so that they still
/// read in context: one its author removed (`Key::CommentRemoved`), or one hidden after
/// readers' reports while moderators review it (`Key::CommentHidden`). No author, text or
/// actions.
fn placeholder(id: i64, why: Key) -> AnyView {
    view! {
        <article id=format!("comment-{id}") class="comment__card comment__card--removed" tabindex="-1">
            <p class="comment__removed">{tr(why)}</p>
        </article>
    }
    .into_any()
}

/// "· edited", with the time of the edit on hover.
fn edited_marker(at: String) -> impl IntoView {
    let when = date_time(&at);
    view! {
        <span class="comment__edited" title=tr_with(Key::CommentEditedAt, &[("date", Arg::Own(&when))])>
            <time datetime=at>{tr(Key::CommentEdited)}</time>
        </span>
    }
}

/// Why the last edit or deletion of an own comment failed.
fn own_error(own: Own) -> AnyView {
    (move || {
        own.error.get().map(|message| {
            view! { <p class="notice notice--error comment__own-error" role="alert">{message}</p> }
        })
    })
    .into_any()
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
    let paragraph = |(index, paragraph): (usize, &str)| {
        // A reply's "@Name:" is isolated: `dir="auto"` passes over a `<bdi>`, so the
        // paragraph takes its direction from its own words, not from the name.
        let (mention, paragraph) = match leading_mention(paragraph) {
            Some((mention, rest)) if index == 0 => (Some(mention), rest),
            _ => (None, paragraph),
        };
        let mention = fixed(mention.map(|mention| {
            view! { <bdi class="comment__mention">{mention.to_owned()}</bdi> }
        }));
        // Most paragraphs are one line of words without addresses: one text node.
        if !paragraph.contains('\n')
            && let [Segment::Text(text)] = linkify(paragraph).as_slice()
        {
            return Either::Left(view! { <p dir="auto">{mention}{(*text).to_owned()}</p> });
        }
        let lines = paragraph
            .lines()
            .enumerate()
            .map(|(i, line)| {
                let pieces = linkify(line)
                    .into_iter()
                    .map(|segment| match segment {
                        Segment::Text(text) => text.to_owned().into_any(),
                        Segment::Link(url) => view! {
                            // An address reads left to right, isolated from the
                            // words around it in any script.
                            <a href=url.to_owned() dir="ltr" rel="nofollow ugc noopener" target="_blank">
                                {url.to_owned()}
                            </a>
                        }
                        .into_any(),
                    })
                    .collect_view();
                view! { {fixed((i > 0).then(|| view! { <br/> }))} {pieces} }
            })
            .collect_view();
        Either::Right(view! { <p dir="auto">{mention}{lines}</p> })
    };
    // Most comments are one paragraph: the paragraph itself, without the marker node a list
    // of them leaves.
    let paragraphs = match paragraphs(&body).as_slice() {
        [one] => Either::Left(paragraph((0, one))),
        many => Either::Right(
            many.iter()
                .copied()
                .enumerate()
                .map(paragraph)
                .collect_view(),
        ),
    };
    view! { <div class="comment__body">{paragraphs}</div> }
}
