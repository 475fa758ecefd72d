//! The comments' parts that wait in chunks (see [`crate::chunks`]): the comment form, and what
//! acting on a comment needs. The cards, their buttons and their counts are in the first load;
//! what a click on them does comes with its chunk.
//!
//! Until the form's chunk is in, a shell of the form stands in its place with the same fields,
//! labels and ids: a reader may start typing at once, and what they type is kept as the draft
//! (and the guest's name and address as the remembered ones), which the form takes up when it
//! comes, with the focus where it was. A press of Post in the shell is kept too: the form
//! sends as soon as it comes, checking what was typed as it always does.

use byline_contract::{Comment, GuestIdentity, field};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::CommentForm;
use super::form::FormIds;
use super::like::{LikeState, feature_toggle, toggle_like};
use super::own::{Own, OwnActions, OwnEditor};
use super::report::{ReportForm, Step};
use crate::chunks::{self, Load, split_point};
use crate::i18n::{Arg, Key, tr, tr_with};
use crate::session::use_session;
use crate::storage;

/// What the comment form is given, across the chunk's boundary.
#[derive(Clone)]
pub struct FormProps {
    /// The article's slug.
    pub slug: String,
    /// The comment being answered, for a reply form.
    pub parent_id: Option<i64>,
    /// Called with the comment once the endpoint has stored it.
    pub on_posted: Callback<Comment>,
    /// Closes a reply form.
    pub on_cancel: Option<Callback<()>>,
    /// Puts the cursor in the comment box when the form appears.
    pub autofocus: bool,
}

split_point!(
    form,
    /// The form's chunk: the comment form, guest and member, and what sending needs.
    pub fn form_part() -> chunks::FormPart {
        form_view
    }
);

fn form_view(props: FormProps) -> AnyView {
    CommentForm(
        super::form::CommentFormProps::builder()
            .slug(props.slug)
            .parent_id(props.parent_id)
            .on_posted(props.on_posted)
            .on_cancel(props.on_cancel)
            .autofocus(props.autofocus)
            .build(),
    )
    .into_any()
}

/// What the actions' chunk holds, as plain functions.
#[derive(Clone, Copy)]
pub struct ActionParts {
    /// Likes a comment, or takes the like back.
    pub toggle_like: fn(i64, RwSignal<LikeState>),
    /// The open form of a report.
    pub report_form: fn(i64, RwSignal<Step>) -> AnyView,
    /// A moderator's Feature / Stop featuring.
    pub feature: fn(i64, RwSignal<bool>, RwSignal<Option<String>>),
    /// Edit and Delete of an own comment.
    pub own_actions: fn(Own, Signal<bool>, Callback<()>) -> AnyView,
    /// The editor of an own comment.
    pub own_editor: fn(Own) -> AnyView,
}

split_point!(
    actions,
    /// The actions' chunk: likes, reports, features, an own comment's edit and delete.
    pub fn action_parts() -> ActionParts {
        ActionParts {
            toggle_like,
            report_form: |id, step| view! { <ReportForm id step/> }.into_any(),
            feature: feature_toggle,
            own_actions: |own, has_replies, on_deleted| {
                view! { <OwnActions own has_replies on_deleted/> }.into_any()
            },
            own_editor: |own| view! { <OwnEditor own/> }.into_any(),
        }
    }
);

/// A part of a comment from the actions' chunk: `part` once it is here, nothing meanwhile
/// (asked for at once), the chunk's failure with a retry if it fails.
pub fn from_actions(part: impl Fn(ActionParts) -> AnyView + Send + Sync + 'static) -> AnyView {
    let chunk = chunks::actions();
    chunk.request();
    (move || match chunk.get() {
        Load::Ready(parts) => part(parts),
        Load::Failed => chunk_failed(move || chunks::actions().request()),
        Load::NotYet | Load::Loading => ().into_any(),
    })
    .into_any()
}

/// The comment form from its chunk, with a shell of it in its place until it comes.
#[component]
pub fn LazyForm(
    /// What the form is given.
    props: FormProps,
) -> impl IntoView {
    let chunk = chunks::form();
    chunk.request();
    let props = StoredValue::new(props);
    // The control the reader was in, in the shell, when the form came.
    let focused = StoredValue::new(None::<String>);
    // Whether the reader pressed Post in the shell.
    let sent = StoredValue::new(false);
    move || match chunk.get() {
        Load::Ready(form) => {
            let mut props = props.get_value();
            let title_id = FormIds::of(props.parent_id).title();
            if let Some(id) = focused.get_value() {
                props.autofocus = false;
                request_animation_frame(move || refocus(&id));
            }
            if sent.get_value() {
                sent.set_value(false);
                request_animation_frame(move || submit_form_titled(&title_id));
            }
            form(props)
        }
        state => {
            let failed = matches!(state, Load::Failed);
            let shell = view! { <FormShell props=props.get_value() focused=focused sent=sent/> };
            let failure = failed.then(|| chunk_failed(move || chunks::form().request()));
            view! { {failure} {shell} }.into_any()
        }
    }
}

/// Sends the form whose title has the id `title_id`, as its Post button would.
fn submit_form_titled(title_id: &str) {
    let form = document()
        .get_element_by_id(title_id)
        .and_then(|title| title.closest("form").ok().flatten())
        .and_then(|form| form.dyn_into::<web_sys::HtmlFormElement>().ok());
    if let Some(form) = form {
        let _ = form.request_submit();
    }
}

/// Focuses the control with `id` again, its caret at the end of its text.
fn refocus(id: &str) {
    let Some(element) = document().get_element_by_id(id) else {
        return;
    };
    if let Some(textarea) = element.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        let _ = textarea.focus();
        let end = textarea.value().encode_utf16().count() as u32;
        let _ = textarea.set_selection_range(end, end);
    } else if let Some(input) = element.dyn_ref::<web_sys::HtmlInputElement>() {
        let _ = input.focus();
    }
}

/// The comment form's shell: its fields, labels and ids, with the Post button busy until the
/// form comes. What the reader types is kept where the form will read it, and a press of Post
/// is kept in `sent`.
#[component]
fn FormShell(
    props: FormProps,
    focused: StoredValue<Option<String>>,
    sent: StoredValue<bool>,
) -> impl IntoView {
    let session = use_session();
    let member = session.member_id_untracked().is_some();
    let draft_key = storage::draft_key(&props.slug, props.parent_id);
    let guest = StoredValue::new(storage::load_guest().unwrap_or_default());
    let ids = FormIds::of(props.parent_id);
    let (name_id, email_id, body_id) = (
        ids.field(field::GUEST_NAME),
        ids.field(field::GUEST_EMAIL),
        ids.field(field::BODY),
    );
    let title_id = ids.title();
    // The new comment's shell holds the place the form will take, as the box before it did,
    // so that nothing below moves when the form comes.
    let shell_class = match (props.parent_id, member) {
        (Some(_), _) => "comment-form comment-form--shell",
        (None, false) => "comment-form comment-form--shell comment-form--coming",
        (None, true) => {
            "comment-form comment-form--shell comment-form--coming comment-form--coming-member"
        }
    };
    // A guest's name or address, kept as the remembered one as it is typed.
    let guest_input = move |id: String,
                            kind: &'static str,
                            name: &'static str,
                            part: fn(&mut GuestIdentity) -> &mut String| {
        let value = std::mem::take(part(&mut guest.get_value()));
        view! {
            <input
                id=id
                type=kind
                name=name
                autocomplete=name
                maxlength=(kind == "text").then_some("120")
                aria-required="true"
                prop:value=value
                on:input=move |event| {
                    guest.update_value(|guest| *part(guest) = event_target_value(&event));
                    guest.with_value(storage::save_guest);
                }
            />
        }
        .into_any()
    };
    let track_focus = move |event: leptos::ev::FocusEvent| {
        let id = event
            .target()
            .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
            .map(|element| element.id());
        focused.set_value(id);
    };
    let body = storage::load_draft(&draft_key).unwrap_or_default();
    let title = tr(if props.parent_id.is_some() {
        Key::FormTitleReply
    } else {
        Key::FormTitleNew
    });
    let button = tr(if props.parent_id.is_some() {
        Key::FormPostReply
    } else {
        Key::FormPostComment
    });
    let field = |id: String, label: Key, input: AnyView| {
        view! {
            <div class="field">
                <label for=id>{tr(label)} <span class="required" aria-hidden="true">" *"</span></label>
                {input}
            </div>
        }
    };
    view! {
        <form
            class=shell_class
            novalidate
            aria-labelledby=title_id.clone()
            aria-busy="true"
            on:submit=move |event| {
                event.prevent_default();
                sent.set_value(true);
            }
            on:focusin=track_focus
        >
            <h3 class="comment-form__title" id=title_id.clone()>{title}</h3>
            {(!member).then(|| view! {
                <div class="comment-form__identity">
                    {field(name_id.clone(), Key::FormName, guest_input(name_id, "text", "name", |guest| &mut guest.name))}
                    {field(email_id.clone(), Key::FormEmail, guest_input(email_id, "email", "email", |guest| &mut guest.email))}
                </div>
            })}
            {field(body_id.clone(), Key::FormComment, view! {
                <textarea
                    id=body_id
                    name="body"
                    rows="5"
                    dir="auto"
                    aria-required="true"
                    prop:value=body
                    on:input=move |event| storage::save_draft(&draft_key, &event_target_value(&event))
                ></textarea>
            }.into_any())}
            <div class="comment-form__actions">
                <button type="submit" class="button button--primary" aria-busy="true" aria-disabled="true">
                    {button}
                </button>
                {props.on_cancel.map(|cancel| view! {
                    <button type="button" class="button button--quiet" on:click=move |_| cancel.run(())>
                        {tr(Key::Cancel)}
                    </button>
                })}
                <p class="comment-form__status" role="status" aria-live="polite">{tr(Key::Loading)}</p>
            </div>
        </form>
    }
}

/// A chunk that did not load: said in the reader's language, with a way to try again.
pub fn chunk_failed(retry: impl Fn() + Send + Sync + 'static) -> AnyView {
    view! {
        <div class="notice notice--error comment__chunk-failed" role="alert">
            <p>{tr_with(Key::CouldNotLoad, &[("what", Arg::Own(&tr(Key::WhatPart)))])}</p>
            <p>{tr(Key::ChunkFailedDetail)}</p>
            <button type="button" class="button button--secondary" on:click=move |_| retry()>
                {tr(Key::TryAgain)}
            </button>
        </div>
    }
    .into_any()
}
