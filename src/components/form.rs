//! The parts of the account forms: a labelled field that shows its errors beside it, and the
//! state a form keeps while it sends (field errors, a busy flag, a failure that is not about
//! one field).
//!
//! Like the comment form, these never lose what was typed: errors land beside the fields, the
//! values stay, and the first field in error gets the focus.

use std::future::Future;

use byline_contract::FieldErrors;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

use crate::api::ApiError;
use crate::i18n::{AccountKey, tr};

/// What a form shows about its last attempt.
#[derive(Clone, Copy)]
pub struct FormState {
    /// Messages for each bad field, shown beside it.
    pub errors: RwSignal<FieldErrors>,
    /// Whether a request is on its way.
    pub sending: RwSignal<bool>,
    /// Why the last attempt failed, when it was not about a field.
    pub failure: RwSignal<Option<String>>,
    /// The form element, to move the focus to its first field in error.
    pub form: NodeRef<html::Form>,
}

impl FormState {
    /// A form with nothing to show yet.
    pub fn new() -> Self {
        Self {
            errors: RwSignal::new(FieldErrors::new()),
            sending: RwSignal::new(false),
            failure: RwSignal::new(None),
            form: NodeRef::new(),
        }
    }

    /// Sends the form when `checked` (the page's own check, with the endpoint's rules) passed
    /// and nothing is on its way already; `done` gets the answer. Field errors from either
    /// check land beside their fields; any other failure in the form's alert.
    pub fn submit<T, F>(
        self,
        checked: Result<(), FieldErrors>,
        send: impl FnOnce() -> F,
        done: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        F: Future<Output = Result<T, ApiError>> + 'static,
    {
        if self.sending.get_untracked() {
            return;
        }
        if let Err(found) = checked {
            self.failure.set(None);
            self.show_errors(found);
            return;
        }
        self.errors.set(FieldErrors::new());
        self.failure.set(None);
        self.sending.set(true);
        let answer = send();
        spawn_local(async move {
            let answer = answer.await;
            self.sending.try_set(false);
            match answer {
                Ok(value) => done(value),
                Err(error) => match error.field_errors() {
                    Some(found) => self.show_errors(found.clone()),
                    None => {
                        self.failure.try_set(Some(error.to_string()));
                    }
                },
            }
        });
    }

    fn show_errors(self, found: FieldErrors) {
        // Errors about something the form has no field for (the token of an emailed link, say)
        // go to the form's alert, so no message is ever dropped.
        let form_element = self.form.get_untracked();
        let unshown: Vec<String> = found
            .iter()
            .filter(|(name, _)| {
                form_element.as_ref().is_some_and(|form| {
                    form.query_selector(&format!("[name='{name}']"))
                        .ok()
                        .flatten()
                        .is_none()
                })
            })
            .flat_map(|(_, messages)| messages.iter().cloned())
            .collect();
        if !unshown.is_empty() {
            self.failure.try_set(Some(unshown.join(" ")));
        }
        self.errors.try_set(found);
        let form = self.form;
        // After the fields have rendered their errors.
        request_animation_frame(move || {
            let first = form
                .get_untracked()
                .and_then(|form| form.query_selector("[aria-invalid='true']").ok().flatten())
                .and_then(|field| field.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(field) = first {
                let _ = field.focus();
            }
        });
    }

    /// Whether field `name` has an error (tracked).
    fn has_error(self, name: &str) -> bool {
        self.errors.with(|errors| errors.contains_key(name))
    }
}

impl Default for FormState {
    fn default() -> Self {
        Self::new()
    }
}

/// A labelled input with its hint and its errors, wired for screen readers.
#[component]
pub fn Field(
    /// The form it belongs to.
    state: FormState,
    /// The field's name in the endpoint's problem bodies; also its element id.
    name: &'static str,
    /// What the label says.
    label: AccountKey,
    /// The value, kept across failures.
    value: RwSignal<String>,
    /// The input type: `text`, `email` or `password`.
    #[prop(default = "text")]
    kind: &'static str,
    /// The `autocomplete` token, so browsers and password managers fill it in.
    #[prop(default = "off")]
    autocomplete: &'static str,
    /// A line of help under the input.
    #[prop(optional)]
    hint: Option<AccountKey>,
    /// Puts the cursor here when the view opens.
    #[prop(optional)]
    autofocus: bool,
    /// The field may stay empty.
    #[prop(optional)]
    optional: bool,
) -> impl IntoView {
    let id = format!("field-{name}");
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let is_password = kind == "password";
    let shown = RwSignal::new(false);
    let input_type = move || {
        if is_password && shown.get() {
            "text"
        } else {
            kind
        }
    };
    let invalid = move || state.has_error(name);
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if invalid() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <div class="field" class:field--invalid=invalid>
            <label for=id.clone()>{tr(label)}</label>
            <div class="field__control">
                <input
                    id=id.clone()
                    name=name
                    type=input_type
                    autocomplete=autocomplete
                    autofocus=autofocus
                    dir=if kind == "text" { "auto" } else { "ltr" }
                    spellcheck="false"
                    aria-required=(!optional).to_string()
                    aria-invalid=move || invalid().to_string()
                    aria-describedby=described_by
                    prop:value=move || value.get()
                    on:input=move |event| value.set(event_target_value(&event))
                />
                {is_password.then(|| view! {
                    <button
                        type="button"
                        class="field__reveal"
                        aria-controls=id.clone()
                        aria-pressed=move || shown.get().to_string()
                        on:click=move |_| shown.update(|shown| *shown = !*shown)
                    >
                        {move || tr(if shown.get() { AccountKey::FieldHide } else { AccountKey::FieldShow })}
                        <span class="visually-hidden">" " {tr(AccountKey::FieldPasswordWord)}</span>
                    </button>
                })}
            </div>
            {hint.map(|hint| view! { <p class="field__hint" id=hint_id>{tr(hint)}</p> })}
            {move || {
                state.errors.with(|errors| {
                    errors.get(name).map(|messages| view! {
                        <p class="field__error" id=error_id.clone()>{messages.join(" ")}</p>
                    })
                })
            }}
        </div>
    }
}

/// An account form: checked by the page, not the browser (so messages match the endpoint's),
/// with the failure alert and the submit button after its fields.
#[component]
pub fn AccountForm(
    state: FormState,
    /// What the submit button says, and says while sending.
    submit_label: (AccountKey, AccountKey),
    /// Sends the form.
    on_submit: impl Fn() + 'static,
    /// The fields.
    children: Children,
    /// More actions beside the submit button.
    #[prop(optional)]
    aside: Option<AnyView>,
) -> impl IntoView {
    let (label, busy) = submit_label;
    view! {
        <form
            class="account__form"
            novalidate
            node_ref=state.form
            on:submit=move |event| {
                event.prevent_default();
                on_submit();
            }
        >
            {children()}
            <FormFailure state/>
            <div class="account__actions">
                <SubmitButton state label busy/>
                {aside}
            </div>
        </form>
    }
}

/// What a view says once its request is taken in and followed up by email.
#[component]
pub fn EmailSent(
    /// The endpoint's message (the same whatever the address).
    message: String,
) -> impl IntoView {
    view! {
        <div class="notice notice--success" role="status">
            <p class="notice__title">{tr(AccountKey::AccCheckEmail)}</p>
            <p>{message}</p>
        </div>
    }
}

/// The form's alert for a failure that is not about one field.
#[component]
pub fn FormFailure(state: FormState) -> impl IntoView {
    move || {
        state.failure.get().map(|message| {
            view! { <p class="notice notice--error" role="alert">{message}</p> }
        })
    }
}

/// The form's submit button, busy while sending.
#[component]
pub fn SubmitButton(
    state: FormState,
    /// What it says.
    label: AccountKey,
    /// What it says while sending.
    busy: AccountKey,
) -> impl IntoView {
    view! {
        <button
            type="submit"
            class="button button--primary"
            aria-busy=move || state.sending.get().to_string()
            aria-disabled=move || state.sending.get().to_string()
        >
            {move || tr(if state.sending.get() { busy } else { label })}
        </button>
    }
}
