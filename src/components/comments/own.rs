//! The reader's own comment: it can be edited within the edit window and deleted at any time.
//! A guest's comment is theirs in the browser that posted it, with the token the endpoint
//! returned then (kept in `storage`); a member's is theirs wherever they are signed in.

use byline_contract::moderation::Held;
use byline_contract::validate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api;
use crate::i18n::{Key, rule_message, tr};
use crate::session::use_session;
use crate::storage;
use crate::time::parse_millis;

/// How long after posting the endpoint accepts an edit (its default); the page offers Edit
/// only within it, and the endpoint has the last word.
pub const EDIT_WINDOW_MS: f64 = 15.0 * 60.0 * 1000.0;

/// Where an own comment is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnState {
    /// Shown as it is.
    Viewing,
    /// Its text is in an editor.
    Editing,
    /// The reader asked to delete it and is asked to confirm.
    Confirming,
    /// Deleted while it had replies: a placeholder.
    Removed,
    /// Deleted: no longer shown.
    Gone,
}

/// The changing parts of an own comment.
#[derive(Clone, Copy)]
pub struct Own {
    /// The comment's id.
    pub id: i64,
    /// The guest edit token; `None` for a member's comment (the session cookie says who).
    token: StoredValue<Option<String>>,
    /// The member whose comment it is, for a member's comment.
    member_id: Option<i64>,
    /// Its text.
    pub body: RwSignal<String>,
    /// When it was last edited.
    pub edited_at: RwSignal<Option<String>>,
    /// Where it is.
    pub state: RwSignal<OwnState>,
    /// Why the last edit or deletion failed.
    pub error: RwSignal<Option<String>>,
    /// Whether it waits for a moderator: posted so, or edited into text the site reviews.
    pub pending: RwSignal<bool>,
    posted_ms: Option<f64>,
}

impl Own {
    /// The own state of comment `id`: when it is a member's (`author_member_id`), or when
    /// this browser holds its token.
    pub fn of(
        id: i64,
        author_member_id: Option<i64>,
        body: &str,
        edited_at: Option<String>,
        created_at: &str,
        pending: bool,
    ) -> Option<Self> {
        // Every member's comment may be the reader's: they may sign in later on this page
        // (in a widget's pop-up, say). `OwnActions` shows its controls only while it is.
        let (token, member_id) = match author_member_id {
            Some(author) => (None, Some(author)),
            None => (Some(storage::edit_token(id)?), None),
        };
        Some(Self {
            id,
            token: StoredValue::new(token),
            member_id,
            body: RwSignal::new(body.to_owned()),
            edited_at: RwSignal::new(edited_at),
            state: RwSignal::new(OwnState::Viewing),
            error: RwSignal::new(None),
            pending: RwSignal::new(pending),
            posted_ms: parse_millis(created_at),
        })
    }

    /// Whether the edit window is still open.
    fn can_edit(&self) -> bool {
        self.posted_ms
            .is_some_and(|posted| js_sys::Date::now() - posted < EDIT_WINDOW_MS)
    }

    fn save(self, text: String) {
        // The rule of a new comment's text, as the endpoint checks it (`comment_edit`).
        let body = validate::normalise_body(&text);
        if let Some(broken) = validate::body_break(&body) {
            self.error.set(Some(rule_message(broken)));
            return;
        }
        self.error.set(None);
        let token = self.token.get_value();
        spawn_local(async move {
            match api::edit_comment(self.id, body, token.as_deref()).await {
                Ok(comment) => {
                    self.pending
                        .try_set(comment.moderation == Some(Held::Pending));
                    self.body.try_set(comment.body);
                    self.edited_at.try_set(comment.edited_at);
                    self.state.try_set(OwnState::Viewing);
                    self.focus(Focus::Edit);
                }
                Err(error) => {
                    self.error.try_set(Some(error.to_string()));
                }
            }
        });
    }

    /// The id of one of this comment's controls.
    fn control_id(self, control: Focus) -> String {
        let id = self.id;
        match control {
            Focus::Edit => format!("comment-{id}-edit"),
            Focus::Delete => format!("comment-{id}-delete"),
            Focus::Editor => format!("comment-{id}-editor"),
            Focus::ConfirmDelete => format!("comment-{id}-confirm-delete"),
            Focus::Card => format!("comment-{id}"),
        }
    }

    /// Moves the keyboard focus to one of this comment's controls once it is on the page (the
    /// one that was focused has just gone), or to the comment itself when that control is not
    /// there (the edit window closed).
    fn focus(self, control: Focus) {
        let (wanted, card) = (self.control_id(control), self.control_id(Focus::Card));
        request_animation_frame(move || {
            let found = |id: &str| {
                document()
                    .get_element_by_id(id)
                    .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
            };
            if let Some(element) = found(&wanted).or_else(|| found(&card)) {
                let _ = element.focus();
            }
        });
    }

    /// A button that moves the comment to `next` (clearing the last error), and the focus to
    /// what `next` shows.
    fn go_to_button(
        self,
        text: Key,
        label: Key,
        next: OwnState,
        control: Focus,
        then: Focus,
    ) -> impl IntoView {
        view! {
            <button
                type="button"
                class="comment__action"
                id=self.control_id(control)
                aria-label=tr(label)
                on:click=move |_| {
                    self.error.set(None);
                    self.state.set(next);
                    self.focus(then);
                }
            >
                {tr(text)}
            </button>
        }
    }

    /// Deletes the comment; `has_replies` says whether it must stay as a placeholder.
    fn delete(self, has_replies: bool, on_deleted: Callback<()>) {
        let token = self.token.get_value();
        spawn_local(async move {
            match api::delete_comment(self.id, token.as_deref()).await {
                Ok(()) => {
                    storage::forget_edit_token(self.id);
                    self.state.try_set(if has_replies {
                        OwnState::Removed
                    } else {
                        OwnState::Gone
                    });
                    on_deleted.run(());
                    // The placeholder keeps the comment's place; a comment gone for good
                    // leaves the focus with the comments' heading.
                    if has_replies {
                        self.focus(Focus::Card);
                    } else {
                        request_animation_frame(|| {
                            if let Some(heading) = document()
                                .get_element_by_id("comments-title")
                                .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
                            {
                                let _ = heading.focus();
                            }
                        });
                    }
                }
                Err(error) => {
                    self.error.try_set(Some(error.to_string()));
                    self.state.try_set(OwnState::Viewing);
                    self.focus(Focus::Delete);
                }
            }
        });
    }
}

/// The controls of an own comment that take the focus when another goes away.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    /// Its Edit button.
    Edit,
    /// Its Delete button.
    Delete,
    /// The text box of its editor.
    Editor,
    /// The Delete button of the confirmation.
    ConfirmDelete,
    /// The comment's card.
    Card,
}

/// The editor of an own comment's text.
#[component]
pub fn OwnEditor(own: Own) -> impl IntoView {
    let text = RwSignal::new(own.body.get_untracked());
    let editor_id = format!("comment-{}-editor", own.id);
    view! {
        <form
            class="comment__editor"
            on:submit=move |event| {
                event.prevent_default();
                own.save(text.get_untracked());
            }
        >
            <label class="visually-hidden" for=editor_id.clone()>{tr(Key::CommentYourText)}</label>
            <textarea
                id=editor_id
                rows="4"
                dir="auto"
                prop:value=move || text.get()
                on:input=move |event| text.set(event_target_value(&event))
            ></textarea>
            <div class="comment__editor-actions">
                <button type="submit" class="button button--primary">{tr(Key::CommentSave)}</button>
                <button
                    type="button"
                    class="button button--quiet"
                    on:click=move |_| {
                        own.error.set(None);
                        own.state.set(OwnState::Viewing);
                        own.focus(Focus::Edit);
                    }
                >
                    {tr(Key::Cancel)}
                </button>
            </div>
        </form>
    }
}

/// Edit and Delete for an own comment, and the confirmation before deleting.
#[component]
pub fn OwnActions(
    own: Own,
    /// Whether the comment has replies (then it stays as a placeholder).
    has_replies: Signal<bool>,
    /// Called once the comment is deleted.
    on_deleted: Callback<()>,
) -> impl IntoView {
    let can_edit = own.can_edit();
    let session = use_session();
    // A member who signs out on this page stops seeing Edit and Delete at once.
    let still_theirs = move || own.member_id.is_none() || session.member_id() == own.member_id;
    move || {
        match own.state.get() {
        _ if !still_theirs() => ().into_any(),
        OwnState::Confirming => view! {
            <span class="comment__confirm" role="group" aria-label=tr(Key::CommentDeleteConfirm)>
                {tr(Key::CommentDeleteConfirm)} " "
                <button
                    type="button"
                    class="comment__action comment__action--danger"
                    id=own.control_id(Focus::ConfirmDelete)
                    on:click=move |_| own.delete(has_replies.get_untracked(), on_deleted)
                >
                    {tr(Key::CommentDelete)}
                </button>
                <button
                    type="button"
                    class="comment__action"
                    on:click=move |_| {
                        own.state.set(OwnState::Viewing);
                        own.focus(Focus::Delete);
                    }
                >
                    {tr(Key::CommentKeep)}
                </button>
            </span>
        }
        .into_any(),
        OwnState::Viewing => view! {
            {can_edit.then(|| own.go_to_button(Key::CommentEdit, Key::CommentEditLabel, OwnState::Editing, Focus::Edit, Focus::Editor))}
            {own.go_to_button(Key::CommentDelete, Key::CommentDeleteLabel, OwnState::Confirming, Focus::Delete, Focus::ConfirmDelete)}
        }
        .into_any(),
        _ => ().into_any(),
    }
    }
}
