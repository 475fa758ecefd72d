//! The buttons every comment carries (Reply, Like, Report) answer one click listener on the
//! comment section instead of one listener each.
//!
//! A listener made from WebAssembly is a closure the browser must track (and finalise) besides
//! the `addEventListener` call; three per comment made them a tenth of the cost of rendering a
//! thousand comments. Each button is known by its class, and sits in the card of its comment
//! (`#comment-ID`); the section's listener finds both from the clicked element and acts
//! through the comment's signals, which each comment registers here as it renders.
//!
//! The buttons carry no `type`: outside any form, a button submits nothing.

use std::collections::HashMap;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::like::LikeState;
use super::report::Step;

/// The classes of a comment's Reply button.
pub const REPLY: &str = "comment__reply-button";
/// The classes of a comment's Like button.
pub const LIKE: &str = "comment__action comment__like";
/// The classes of a comment's Report button.
pub const REPORT: &str = "comment__action comment__report-button";

/// The buttons the section's listener answers, as a selector.
const BUTTONS: &str =
    "button.comment__reply-button, button.comment__like, button.comment__report-button";

/// Gives the keyboard focus back to one of comment `id`'s buttons (by its class's last part:
/// `comment__reply-button` or `comment__report-button`), once it is on the page again: a
/// reply or report form that closes takes the focused control with it, and the focus would
/// otherwise fall back to the document's start.
pub fn focus_button(id: i64, class: &'static str) {
    focus_in_next_frame(format!("#comment-{id} button.{class}"));
}

/// Focuses the element `selector` finds in the next animation frame, after the views that
/// change now have rendered it.
pub fn focus_in_next_frame(selector: String) {
    request_animation_frame(move || {
        let element = document()
            .query_selector(&selector)
            .ok()
            .flatten()
            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok());
        if let Some(element) = element {
            let _ = element.focus();
        }
    });
}

/// What a click asks of a comment.
enum Action {
    Reply,
    Like,
    Report,
}

/// The signals the section's listener acts through, by comment id. A comment that leaves the
/// page leaves its entry behind, with signals that are gone: acting on them does nothing.
#[derive(Clone, Copy)]
pub struct Actions(StoredValue<HashMap<i64, CommentStates>>);

/// A comment's like and report states.
type CommentStates = (RwSignal<LikeState>, RwSignal<Step>);

impl Actions {
    /// A registry for one comment section.
    pub fn new() -> Self {
        Self(StoredValue::new(HashMap::new()))
    }

    /// Registers comment `id`'s like and report states.
    pub fn register(&self, id: i64, like: RwSignal<LikeState>, report: RwSignal<Step>) {
        self.0.update_value(|comments| {
            comments.insert(id, (like, report));
        });
    }

    /// The section's click listener: the action of the button clicked, if it is one of a
    /// comment's, on that comment.
    pub fn on_click(&self, event: &web_sys::MouseEvent, reply_to: RwSignal<Option<i64>>) {
        let Some((action, id)) = clicked_action(event) else {
            return;
        };
        match action {
            Action::Reply => reply_to.update(|open| {
                *open = if *open == Some(id) { None } else { Some(id) };
            }),
            Action::Like | Action::Report => {
                let Some((like, report)) = self.0.with_value(|comments| comments.get(&id).copied())
                else {
                    return;
                };
                if matches!(action, Action::Like) {
                    like_when_ready(id, like);
                } else {
                    report.try_set(Step::Open);
                }
            }
        }
    }
}

/// What the enabled comment button clicked asks, and the id of the comment whose card holds
/// it.
fn clicked_action(event: &web_sys::MouseEvent) -> Option<(Action, i64)> {
    let target = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let button = target.closest(BUTTONS).ok()??;
    if button.has_attribute("disabled") {
        return None;
    }
    let classes = button.class_list();
    let action = if classes.contains("comment__like") {
        Action::Like
    } else if classes.contains("comment__report-button") {
        Action::Report
    } else {
        Action::Reply
    };
    let card = button.closest("article.comment__card").ok()??;
    let id = card.id().strip_prefix("comment-")?.parse().ok()?;
    Some((action, id))
}

/// Likes comment `id` with the actions' chunk: at once when it is here, else with the button
/// busy until it comes; a chunk that fails says so beside the button.
fn like_when_ready(id: i64, like: RwSignal<LikeState>) {
    let chunk = crate::chunks::actions();
    if let Some(parts) = chunk.ready_now() {
        (parts.toggle_like)(id, like);
        return;
    }
    if like.try_with_untracked(|state| state.busy) != Some(false) {
        return;
    }
    like.update(|state| {
        state.busy = true;
        state.error = None;
    });
    leptos::task::spawn_local(async move {
        let parts = chunk.ready().await;
        like.try_update(|state| {
            state.busy = false;
            if parts.is_err() {
                state.error = Some(crate::i18n::tr_with(
                    crate::i18n::Key::CouldNotLoad,
                    &[(
                        "what",
                        crate::i18n::Arg::Own(&crate::i18n::tr(crate::i18n::Key::WhatPart)),
                    )],
                ));
            }
        });
        if let Ok(parts) = parts {
            (parts.toggle_like)(id, like);
        }
    });
}
