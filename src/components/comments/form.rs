use byline_contract::moderation::Held;
use byline_contract::validate::{self, BODY_MAX_CHARS, char_count};
use byline_contract::{Comment, FieldErrors, GuestIdentity, NewComment, NewThread, field};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::{self, ApiError, SendComment};
use crate::i18n::{self, Arg, Key, format_number, rule_errors, tr, tr_around, tr_with};
use crate::session::{sign_in_href, use_session};
use crate::storage;

/// The function the form sends comments with. The page uses the real endpoint; component
/// tests provide another through context.
#[derive(Clone, Copy)]
pub struct FormSender(pub SendComment);

impl Default for FormSender {
    fn default() -> Self {
        Self(api::send_comment)
    }
}

/// The partner's page a widget's comments are about, for a thread of the page's own: top-level
/// comments carry it, so that the first one starts the thread (the widget provides it).
#[derive(Clone, Debug)]
pub struct StartsThread(pub NewThread);

/// Where the form is in sending a comment.
#[derive(Clone, Debug, PartialEq)]
enum Status {
    /// The reader is writing.
    Editing,
    /// The comment is on its way; the button is busy and a second click does nothing.
    Sending,
    /// The last comment arrived.
    Sent,
    /// The last comment arrived, and waits for a moderator before readers see it.
    SentPending,
    /// Sending failed for a reason that trying again may fix; the text is kept.
    Failed(ApiError),
}

/// The form's fields in the order they are shown; the endpoint names them so.
const FIELDS: [&str; 3] = [field::GUEST_NAME, field::GUEST_EMAIL, field::BODY];

/// The comment form, for a new comment or a reply: as the signed-in member, or as a guest
/// with a name and address.
///
/// Client-side checks use the same rules as the endpoint (`byline_contract::validate`), so the
/// reader sees mistakes at once; the endpoint's own 422 errors land beside the same fields.
/// Nothing the reader typed is ever lost: the draft survives failures and reloads.
/// The ids of a comment form's parts, which its shell (`lazy::FormShell`) shares so that the
/// focus, the labels and a press of Post carry over when the form takes the shell's place.
pub(super) struct FormIds(String);

impl FormIds {
    /// The ids of the new comment's form, or of the reply form to `parent_id`.
    pub(super) fn of(parent_id: Option<i64>) -> Self {
        Self(match parent_id {
            Some(parent) => format!("reply-{parent}"),
            None => "new-comment".to_owned(),
        })
    }

    /// The id of a field, by its name in the contract (`guest.name` → `…-guest-name`).
    pub(super) fn field(&self, name: &str) -> String {
        format!("{}-{}", self.0, name.replace('.', "-"))
    }

    /// The id of the form's title.
    pub(super) fn title(&self) -> String {
        format!("{}-title", self.0)
    }
}

#[component]
pub fn CommentForm(
    /// The article's slug.
    #[prop(into)]
    slug: String,
    /// The comment being answered, for a reply form.
    #[prop(default = None)]
    parent_id: Option<i64>,
    /// Called with the comment once the endpoint has stored it.
    #[prop(into)]
    on_posted: Callback<Comment>,
    /// Closes a reply form; a form without it has no Cancel button.
    #[prop(default = None)]
    on_cancel: Option<Callback<()>>,
    /// Puts the cursor in the comment box when the form appears.
    #[prop(optional)]
    autofocus: bool,
) -> impl IntoView {
    let sender = use_context::<FormSender>().unwrap_or_default();
    let thread = StoredValue::new(
        use_context::<StartsThread>()
            .filter(|_| parent_id.is_none())
            .map(|starts| starts.0),
    );
    let session = use_session();
    let is_member = move || session.member_id().is_some();
    let sign_out_error = RwSignal::new(None::<String>);
    let draft_key = StoredValue::new(storage::draft_key(&slug, parent_id));
    let slug = StoredValue::new(slug);
    let remembered = storage::load_guest().unwrap_or_default();

    let name = RwSignal::new(remembered.name);
    let email = RwSignal::new(remembered.email);
    let body = RwSignal::new(storage::load_draft(&draft_key.get_value()).unwrap_or_default());
    let errors = RwSignal::new(FieldErrors::new());
    let status = RwSignal::new(Status::Editing);
    // One key per comment, kept across retries so a retry can never post twice; any edit
    // makes it a new comment with a new key.
    let idempotency_key = StoredValue::new(None::<String>);

    let name_ref = NodeRef::<html::Input>::new();
    let email_ref = NodeRef::<html::Input>::new();
    let body_ref = NodeRef::<html::Textarea>::new();
    // The field people never see (nor reach with the keyboard or a screen reader): a robot
    // that fills in every field gives itself away.
    let trap_ref = NodeRef::<html::Input>::new();

    let ids = FormIds::of(parent_id);
    let (name_id, email_id, body_id) = (
        ids.field(field::GUEST_NAME),
        ids.field(field::GUEST_EMAIL),
        ids.field(field::BODY),
    );
    let name_error_id = format!("{name_id}-error");
    let email_error_id = format!("{email_id}-error");
    let body_error_id = format!("{body_id}-error");
    let form_title_id = ids.title();
    let trap_id = ids.field("homepage");
    let form_label_id = form_title_id.clone();
    let count_id = format!("{body_id}-count");
    let email_hint_id = format!("{email_id}-hint");

    // Shows the errors beside their fields, then moves the focus to the first field at fault,
    // once it is described by its error, so that a screen reader reads the two together.
    let show_errors = move |found: FieldErrors| {
        let first = FIELDS.into_iter().find(|field| found.contains_key(*field));
        errors.try_set(found);
        request_animation_frame(move || {
            let _ = match first {
                Some(field::GUEST_NAME) => name_ref.get_untracked().map(|input| input.focus()),
                Some(field::GUEST_EMAIL) => email_ref.get_untracked().map(|input| input.focus()),
                Some(_) => body_ref.get_untracked().map(|input| input.focus()),
                None => None,
            };
        });
    };

    let edited = move || {
        idempotency_key.set_value(None);
        if status.get_untracked() != Status::Editing {
            status.set(Status::Editing);
        }
    };

    let submit = move || {
        if status.get_untracked() == Status::Sending {
            return;
        }
        let as_member = session.member_id_untracked().is_some();
        let input = NewComment {
            body: body.get_untracked(),
            parent_id,
            guest: (!as_member).then(|| GuestIdentity {
                name: name.get_untracked(),
                email: email.get_untracked(),
            }),
            thread: thread.get_value(),
            homepage: trap_ref
                .get_untracked()
                .map(|trap| trap.value())
                .filter(|value| !value.is_empty()),
        };
        if let Err(found) = rule_errors(validate::comment_breaks(&input, as_member)) {
            show_errors(found);
            return;
        }
        errors.set(FieldErrors::new());
        status.set(Status::Sending);
        let key = match idempotency_key.get_value() {
            Some(key) => key,
            None => {
                let key = api::new_idempotency_key();
                idempotency_key.set_value(Some(key.clone()));
                key
            }
        };
        let guest = input.guest.clone().unwrap_or_default();
        let article = slug.get_value();
        let send = (sender.0)(article.clone(), input, key);
        spawn_local(async move {
            match send.await {
                Ok(posted) => {
                    if !as_member {
                        storage::save_guest(&guest);
                    }
                    storage::clear_draft(&draft_key.get_value());
                    idempotency_key.set_value(None);
                    body.try_set(String::new());
                    status.try_set(if posted.comment.moderation.is_some() {
                        Status::SentPending
                    } else {
                        Status::Sent
                    });
                    if let Some(token) = &posted.edit_token {
                        storage::remember_edit_token(posted.comment.id, token);
                        // A guest's comment that waits: shown again after a reload.
                        if posted.comment.moderation == Some(Held::Pending) {
                            storage::remember_waiting(&article, posted.comment.id);
                        }
                    }
                    on_posted.run(posted.comment);
                }
                Err(error) => match error.field_errors() {
                    // The session ended elsewhere: the form turns back to guest mode, with the
                    // text still in it.
                    _ if as_member && error.status() == Some(401) => {
                        session.signed_out();
                        status.try_set(Status::Failed(error));
                    }
                    Some(found) => {
                        show_errors(found.clone());
                        status.try_set(Status::Editing);
                    }
                    None => {
                        status.try_set(Status::Failed(error));
                    }
                },
            }
        });
    };

    // A comment that could not go out because the connection was lost is sent by itself when
    // the browser is back online: the same comment with the same key, so it is posted once.
    let online = window_event_listener(leptos::ev::online, move |_| {
        let lost = matches!(
            status.get_untracked(),
            Status::Failed(ApiError::Network | ApiError::Timeout)
        );
        if lost {
            submit();
        }
    });
    on_cleanup(move || online.remove());

    let error_view = move |field: &'static str, id: String| {
        move || {
            errors.with(|errors| {
                errors.get(field).map(|messages| {
                    view! {
                        <p class="field__error" id=id.clone()>
                            {messages.join(" ")}
                        </p>
                    }
                })
            })
        }
    };
    let has_error = move |field: &'static str| move || errors.with(|e| e.contains_key(field));
    let described_by = move |field: &'static str, error_id: String, hint: Option<String>| {
        move || {
            let mut ids: Vec<String> = hint.iter().cloned().collect();
            if errors.with(|e| e.contains_key(field)) {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    let form_problem = move || {
        errors.with(|errors| {
            // Whatever is not shown beside a field of the form.
            errors
                .iter()
                .filter(|(key, _)| !FIELDS.contains(&key.as_str()))
                .flat_map(|(_, messages)| messages.iter().cloned())
                .collect::<Vec<_>>()
        })
    };
    let count = move || body.with(|body| char_count(body.trim()));

    if autofocus {
        Effect::new(move |_| {
            if let Some(textarea) = body_ref.get() {
                let _ = textarea.focus();
            }
        });
    }

    let lang = i18n::current();
    let max_chars = format_number(lang, BODY_MAX_CHARS as f64);
    let commenting_as = tr_around(Key::FormCommentingAs, "name");
    let title = tr(if parent_id.is_some() {
        Key::FormTitleReply
    } else {
        Key::FormTitleNew
    });
    view! {
        <form
            class="comment-form"
            novalidate
            aria-labelledby=form_label_id
            on:submit=move |event| {
                event.prevent_default();
                submit();
            }
        >
            <h3 class="comment-form__title" id=form_title_id>{title}</h3>
            {move || match session.member() {
                Some(member) => view! {
                    <p class="comment-form__mode comment-form__mode--member">
                        {commenting_as.0.clone()}
                        <bdi class="comment-form__member">{member.display_name}</bdi>
                        {commenting_as.1.clone()} " "
                        <button
                            type="button"
                            class="button button--link"
                            on:click=move |_| {
                                sign_out_error.set(None);
                                spawn_local(async move {
                                    if let Err(error) = session.sign_out().await {
                                        sign_out_error.try_set(Some(error.to_string()));
                                    }
                                });
                            }
                        >
                            {tr(Key::FormSignOut)}
                        </button>
                        {move || sign_out_error.get().map(|message| view! {
                            <span class="field__error" role="alert">" " {message}</span>
                        })}
                    </p>
                }
                .into_any(),
                None => view! {
                    <p class="comment-form__mode">
                        {tr(Key::FormGuestBefore)} " "
                        <span class="required" aria-hidden="true">"*"</span>
                        <span class="visually-hidden">{tr(Key::FormRequired)}</span>
                        " " {tr(Key::FormGuestMiddle)} " "
                        <a href=sign_in_href(&here()) class="comment-form__sign-in">{tr(Key::FormSignInLink)}</a>
                        " " {tr(Key::FormGuestAfter)}
                    </p>
                }
                .into_any(),
            }}
            <div class="visually-hidden" aria-hidden="true">
                <label for=trap_id.clone()>{tr(Key::FormTrap)}</label>
                <input
                    id=trap_id
                    node_ref=trap_ref
                    type="text"
                    name="homepage"
                    tabindex="-1"
                    autocomplete="off"
                />
            </div>
            <div class="comment-form__identity" hidden=is_member>
                <div class="field" class:field--invalid=has_error(field::GUEST_NAME)>
                    <label for=name_id.clone()>
                        {tr(Key::FormName)} <span class="required" aria-hidden="true">" *"</span>
                    </label>
                    <input
                        id=name_id
                        node_ref=name_ref
                        type="text"
                        name="name"
                        autocomplete="name"
                        maxlength="120"
                        aria-required="true"
                        aria-invalid=move || has_error(field::GUEST_NAME)().to_string()
                        aria-describedby=described_by(field::GUEST_NAME, name_error_id.clone(), None)
                        prop:value=move || name.get()
                        on:input=move |event| {
                            name.set(event_target_value(&event));
                            edited();
                        }
                    />
                    {error_view(field::GUEST_NAME, name_error_id)}
                </div>
                <div class="field" class:field--invalid=has_error(field::GUEST_EMAIL)>
                    <label for=email_id.clone()>
                        {tr(Key::FormEmail)} <span class="required" aria-hidden="true">" *"</span>
                    </label>
                    <input
                        id=email_id
                        node_ref=email_ref
                        type="email"
                        name="email"
                        autocomplete="email"
                        inputmode="email"
                        aria-required="true"
                        aria-invalid=move || has_error(field::GUEST_EMAIL)().to_string()
                        aria-describedby=described_by(field::GUEST_EMAIL, email_error_id.clone(), Some(email_hint_id.clone()))
                        prop:value=move || email.get()
                        on:input=move |event| {
                            email.set(event_target_value(&event));
                            edited();
                        }
                    />
                    <p class="field__hint" id=email_hint_id.clone()>
                        {tr(Key::FormEmailHint)}
                    </p>
                    {error_view(field::GUEST_EMAIL, email_error_id)}
                </div>
            </div>
            <div class="field" class:field--invalid=has_error(field::BODY)>
                <label for=body_id.clone()>
                    {tr(Key::FormComment)} <span class="required" aria-hidden="true">" *"</span>
                </label>
                <textarea
                    id=body_id
                    node_ref=body_ref
                    name="body"
                    rows="5"
                    dir="auto"
                    aria-required="true"
                    aria-invalid=move || has_error(field::BODY)().to_string()
                    aria-describedby=described_by(field::BODY, body_error_id.clone(), Some(count_id.clone()))
                    prop:value=move || body.get()
                    on:input=move |event| {
                        let text = event_target_value(&event);
                        storage::save_draft(&draft_key.get_value(), &text);
                        body.set(text);
                        edited();
                    }
                ></textarea>
                <p
                    class="field__count"
                    class:field__count--over={move || count() > BODY_MAX_CHARS}
                    id=count_id.clone()
                >
                    {move || format!("{} / {max_chars}", format_number(lang, count() as f64))}
                    <span class="visually-hidden">" " {tr(Key::FormCharacters)}</span>
                </p>
                {error_view(field::BODY, body_error_id)}
            </div>
            {move || {
                let problems = form_problem();
                (!problems.is_empty()).then(|| view! {
                    <p class="notice notice--error" role="alert">{problems.join(" ")}</p>
                })
            }}
            {move || match status.get() {
                Status::Failed(error) => Some(view! {
                    <div class="notice notice--error comment-form__failure" role="alert">
                        <p>{tr_with(Key::FormNotSent, &[("reason", Arg::Text(&error.to_string()))])}</p>
                        <p>{tr(Key::FormTextKept)}</p>
                        <button type="button" class="button button--secondary" on:click=move |_| submit()>
                            {tr(Key::FormRetry)}
                        </button>
                    </div>
                }),
                _ => None,
            }}
            <div class="comment-form__actions">
                <button
                    type="submit"
                    class="button button--primary"
                    aria-busy=move || (status.get() == Status::Sending).to_string()
                    aria-disabled=move || (status.get() == Status::Sending).to_string()
                >
                    {move || tr(match status.get() {
                        Status::Sending => Key::FormSending,
                        _ if parent_id.is_some() => Key::FormPostReply,
                        _ => Key::FormPostComment,
                    })}
                </button>
                {on_cancel.map(|cancel| view! {
                    <button type="button" class="button button--quiet" on:click=move |_| cancel.run(())>
                        {tr(Key::Cancel)}
                    </button>
                })}
                <p class="comment-form__status" role="status" aria-live="polite">
                    {move || match status.get() {
                        Status::Sending => tr(Key::FormStatusSending),
                        Status::Sent => tr(Key::FormStatusSent),
                        Status::SentPending => tr(Key::FormStatusPending),
                        _ => String::new(),
                    }}
                    // What is wrong, said once more in the live region: the focus moves to the
                    // first field at fault, but a field that has it already is not read again.
                    <span class="visually-hidden">{move || errors.with(|errors| {
                        FIELDS
                            .iter()
                            .filter_map(|field| errors.get(*field))
                            .flatten()
                            .cloned()
                            .collect::<Vec<_>>()
                            .join(" ")
                    })}</span>
                </p>
            </div>
        </form>
    }
}

/// This page's path and the comments' anchor: where signing in comes back to.
fn here() -> String {
    let path = window().location().pathname().unwrap_or_default();
    format!("{path}#comments")
}
