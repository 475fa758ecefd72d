//! `/account/contribute` (and `/contribute`, which the endpoint sends here): "Be part of".
//! A reader sends the newsroom a story with up to ten photos and videos: files are picked or
//! dropped, previewed, removable before sending; on Send the text goes first (a draft), then
//! each file in a request of its own with its progress bar, then the sending, whose receipt
//! (a reference) the page shows. A file that fails is sent again alone. The typed text is
//! kept in this browser until the receipt, so a reload loses none of it (files must be
//! chosen again: a page cannot keep them).

use byline_contract::FieldErrors;
use byline_contract::contribution::{
    Draft, MAX_FILES, NewContribution, Receipt, STORY_MAX_CHARS, field,
};
use byline_contract::validate;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use super::AccountShell;
use crate::api;
use crate::components::form::{Field, FormState};
use crate::i18n::{AccountKey, Arg, rule_message, tr, tr_with};
use crate::session::use_session;

/// Where the typed text waits between visits.
const DRAFT_KEY: &str = "byline.contribution";

/// The text fields, as kept in storage.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
struct SavedText {
    title: String,
    story: String,
    place: String,
    date: String,
    name: String,
    email: String,
}

/// Where one chosen file is.
#[derive(Clone, Debug, PartialEq)]
enum Upload {
    /// Not sent yet.
    Waiting,
    /// On its way: the share sent, 0 to 1.
    Sending(f64),
    /// Stored.
    Sent,
    /// Not sent, and why.
    Failed(String),
    /// Being taken out of the draft at the endpoint.
    Removing,
}

/// A file the reader chose.
#[derive(Clone)]
struct Chosen {
    /// Unique on the page, for the list's keys and ids.
    key: u32,
    file: web_sys::File,
    /// An object URL for its preview.
    preview: String,
    video: bool,
    /// Its place in the contribution (0 to 9), free again once it is removed.
    slot: usize,
    state: RwSignal<Upload>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// The page.
#[component]
pub fn ContributePage() -> impl IntoView {
    let session = use_session();
    let saved: SavedText = storage()
        .and_then(|storage| storage.get_item(DRAFT_KEY).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default();
    let had_draft = !saved.title.is_empty() || !saved.story.is_empty();
    let title = RwSignal::new(saved.title);
    let story = RwSignal::new(saved.story);
    let place = RwSignal::new(saved.place);
    let date = RwSignal::new(saved.date);
    let name = RwSignal::new(saved.name);
    let email = RwSignal::new(saved.email);
    let consent = RwSignal::new(false);
    let files = RwSignal::new(Vec::<Chosen>::new());
    let next_key = StoredValue::new(0u32);
    let draft = StoredValue::new(None::<Draft>);
    let receipt = RwSignal::new(None::<Receipt>);
    let form = FormState::new();
    let files_error = RwSignal::new(None::<String>);

    // The text is kept as it is typed.
    Effect::new(move |_| {
        let text = SavedText {
            title: title.get(),
            story: story.get(),
            place: place.get(),
            date: date.get(),
            name: name.get(),
            email: email.get(),
        };
        if let (Some(storage), Ok(json)) = (storage(), serde_json::to_string(&text)) {
            let _ = storage.set_item(DRAFT_KEY, &json);
        }
    });

    let add_files = move |list: Option<web_sys::FileList>| {
        let Some(list) = list else { return };
        files_error.set(None);
        let mut added = Vec::new();
        for index in 0..list.length() {
            let Some(file) = list.get(index) else {
                continue;
            };
            let kind = file.type_();
            let video = kind.starts_with("video/");
            if !video && !kind.starts_with("image/") && !kind.is_empty() {
                files_error.set(Some(tr(AccountKey::ConNotMedia)));
                continue;
            }
            let preview = web_sys::Url::create_object_url_with_blob(&file).unwrap_or_default();
            let key = next_key.get_value();
            next_key.set_value(key + 1);
            added.push(Chosen {
                key,
                file,
                preview,
                video,
                slot: 0,
                state: RwSignal::new(Upload::Waiting),
            });
        }
        files.update(|files| {
            for mut chosen in added {
                let free = (0..MAX_FILES).find(|slot| files.iter().all(|f| f.slot != *slot));
                let Some(slot) = free else {
                    files_error.set(Some(tr(AccountKey::ConTooMany)));
                    web_sys::Url::revoke_object_url(&chosen.preview).ok();
                    continue;
                };
                chosen.slot = slot;
                files.push(chosen);
            }
        });
    };
    // A file the endpoint may hold (sent, or failed after it may have arrived) is taken out
    // of the draft there first: what the reader removed never reaches the newsroom.
    let remove = Callback::new(move |key: u32| {
        let Some(chosen) =
            files.with_untracked(|files| files.iter().find(|chosen| chosen.key == key).cloned())
        else {
            return;
        };
        let forget = move || {
            files.update(|files| {
                if let Some(at) = files.iter().position(|chosen| chosen.key == key) {
                    let chosen = files.remove(at);
                    web_sys::Url::revoke_object_url(&chosen.preview).ok();
                }
            });
        };
        let was = chosen.state.get_untracked();
        let held = matches!(was, Upload::Sent | Upload::Failed(_));
        match draft.get_value().filter(|_| held) {
            None => forget(),
            Some(draft_now) => spawn_local(async move {
                files_error.set(None);
                // Meanwhile it is neither sent again nor sent with the rest.
                chosen.state.set(Upload::Removing);
                match api::remove_contribution_file(&draft_now, chosen.slot).await {
                    Ok(()) => forget(),
                    Err(error) => {
                        chosen.state.try_set(was);
                        let (name, reason) = (chosen.file.name(), error.to_string());
                        files_error.try_set(Some(tr_with(
                            AccountKey::ConRemoveFailed,
                            &[("name", Arg::Own(&name)), ("reason", Arg::Own(&reason))],
                        )));
                    }
                }
            }),
        }
    });

    let check = move || -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut need = |name: &str, value: String| {
            if value.trim().is_empty() {
                errors.insert(name.to_owned(), vec![tr(AccountKey::ConFill)]);
            }
        };
        need(field::TITLE, title.get_untracked());
        need(field::STORY, story.get_untracked());
        if session.member_id_untracked().is_none() {
            if let Some(broken) = validate::name_break(name.get_untracked().trim()) {
                errors.insert(field::NAME.to_owned(), vec![rule_message(broken)]);
            }
            if let Some(broken) = validate::email_break(email.get_untracked().trim()) {
                errors.insert(field::EMAIL.to_owned(), vec![rule_message(broken)]);
            }
        }
        if !consent.get_untracked() {
            errors.insert(field::CONSENT.to_owned(), vec![tr(AccountKey::ConFill)]);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    };

    // Sends every file not stored yet, one after another, then the contribution; a failed
    // file stops the sending until it is sent again or removed.
    let send_files_then_submit = move |draft_now: Draft| {
        spawn_local(async move {
            form.sending.set(true);
            let chosen = files.get_untracked();
            let mut all_sent = true;
            for file in &chosen {
                if file.state.get_untracked() == Upload::Sent {
                    continue;
                }
                file.state.set(Upload::Sending(0.0));
                let state = file.state;
                let answer = api::upload_contribution_file(
                    &draft_now,
                    file.slot,
                    &file.file,
                    move |share| {
                        state.try_set(Upload::Sending(share));
                    },
                )
                .await;
                match answer {
                    Ok(_) => {
                        file.state.try_set(Upload::Sent);
                    }
                    Err(error) => {
                        all_sent = false;
                        file.state.try_set(Upload::Failed(error.to_string()));
                    }
                }
            }
            if !all_sent {
                form.failure.try_set(Some(tr(AccountKey::ConSomeFailed)));
                form.sending.try_set(false);
                return;
            }
            match api::submit_contribution(&draft_now).await {
                Ok(done) => {
                    if let Some(storage) = storage() {
                        let _ = storage.remove_item(DRAFT_KEY);
                    }
                    receipt.try_set(Some(done));
                    request_animation_frame(|| {
                        if let Some(heading) = document()
                            .get_element_by_id("contribution-thanks")
                            .and_then(|element| element.dyn_into::<web_sys::HtmlElement>().ok())
                        {
                            let _ = heading.focus();
                        }
                    });
                }
                Err(error) => {
                    form.failure.try_set(Some(error.to_string()));
                }
            }
            form.sending.try_set(false);
        });
    };
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        // Not while a file is on its way out of the draft: it could go with the rest.
        let removing = files.with_untracked(|files| {
            files
                .iter()
                .any(|chosen| chosen.state.get_untracked() == Upload::Removing)
        });
        if form.sending.get_untracked() || removing {
            return;
        }
        form.failure.set(None);
        if let Some(draft_now) = draft.get_value() {
            // The text went already: only what is left to send.
            send_files_then_submit(draft_now);
            return;
        }
        let input = NewContribution {
            title: title.get_untracked(),
            story: story.get_untracked(),
            place: Some(place.get_untracked()).filter(|place| !place.trim().is_empty()),
            date: Some(date.get_untracked()).filter(|date| !date.is_empty()),
            name: Some(name.get_untracked()),
            email: Some(email.get_untracked()),
            consent: consent.get_untracked(),
            lang: Some(crate::i18n::current().code().to_owned()),
        };
        form.submit(
            check(),
            move || async move { api::start_contribution(&input).await },
            move |started: Draft| {
                draft.set_value(Some(started.clone()));
                send_files_then_submit(started);
            },
        );
    };

    let guest_fields = move || {
        session.member_id().is_none().then(|| {
            view! {
                <Field state=form name=field::NAME label=AccountKey::ConFieldName value=name autocomplete="name"/>
                <Field state=form name=field::EMAIL label=AccountKey::ConFieldEmail value=email kind="email" autocomplete="email" hint=AccountKey::ConEmailHint/>
            }
        })
    };
    let story_error = move || {
        form.errors
            .with(|errors| errors.get(field::STORY).map(|m| m.join(" ")))
    };
    let consent_error = move || {
        form.errors
            .with(|errors| errors.get(field::CONSENT).map(|m| m.join(" ")))
    };

    let the_form = move || {
        view! {
            <p class="account__intro">{tr(AccountKey::ConIntro)}</p>
            {had_draft.then(|| view! { <p class="notice">{tr(AccountKey::ConDraftFiles)}</p> })}
            <form class="account__form contribute" node_ref=form.form novalidate on:submit=on_submit>
                <Field state=form name=field::TITLE label=AccountKey::ConFieldTitle value=title/>
                <div class="field" class:field--invalid=move || story_error().is_some()>
                    <label for="field-story">{tr(AccountKey::ConFieldStory)}</label>
                    <textarea
                        id="field-story"
                        name=field::STORY
                        rows="8"
                        dir="auto"
                        maxlength=STORY_MAX_CHARS.to_string()
                        aria-required="true"
                        aria-invalid=move || story_error().is_some().to_string()
                        aria-describedby=move || story_error().map(|_| "field-story-error")
                        prop:value=move || story.get()
                        on:input=move |event| story.set(event_target_value(&event))
                    ></textarea>
                    {move || story_error().map(|message| view! { <p class="field__error" id="field-story-error">{message}</p> })}
                </div>
                <Field state=form name=field::PLACE label=AccountKey::ConFieldPlace value=place optional=true/>
                <Field state=form name=field::DATE label=AccountKey::ConFieldDate value=date kind="date" optional=true/>
                {guest_fields}
                <FilePicker files add_files remove error=files_error busy=form.sending/>
                <section class="contribute__privacy" aria-labelledby="contribute-privacy">
                    <h2 id="contribute-privacy">{tr(AccountKey::ConPrivacyTitle)}</h2>
                    <p>{tr(AccountKey::ConPrivacy)}</p>
                </section>
                <div class="field field--check" class:field--invalid=move || consent_error().is_some()>
                    <input
                        type="checkbox"
                        id="field-consent"
                        name=field::CONSENT
                        aria-invalid=move || consent_error().is_some().to_string()
                        aria-describedby=move || consent_error().map(|_| "field-consent-error")
                        prop:checked=move || consent.get()
                        on:change=move |event| consent.set(event_target_checked(&event))
                    />
                    <label for="field-consent">{tr(AccountKey::ConConsent)}</label>
                    {move || consent_error().map(|message| view! { <p class="field__error" id="field-consent-error">{message}</p> })}
                </div>
                {move || form.failure.get().map(|message| view! { <p class="notice notice--error" role="alert">{message}</p> })}
                <button type="submit" class="button button--primary" aria-busy=move || form.sending.get().to_string()>
                    {move || tr(if form.sending.get() { AccountKey::ConSending } else { AccountKey::ConSend })}
                </button>
            </form>
        }
    };

    view! {
        <AccountShell title=AccountKey::ConTitle>
            {move || match receipt.get() {
                Some(done) => view! {
                    <div class="notice notice--success" role="status">
                        <h2 id="contribution-thanks" tabindex="-1">{tr(AccountKey::ConThanks)}</h2>
                        <p class="contribute__reference">
                            {tr_with(AccountKey::ConReference, &[("reference", Arg::Own(&done.reference))])}
                        </p>
                        <p>{tr(AccountKey::ConReferenceHint)}</p>
                    </div>
                    <p><a href="/account/contribute" rel="external">{tr(AccountKey::ConAnother)}</a></p>
                }
                .into_any(),
                None => the_form().into_any(),
            }}
        </AccountShell>
    }
}

/// The files: a picker, a drop zone, and each chosen file with its preview, its progress and
/// a way to remove it (or send it again).
#[component]
fn FilePicker(
    files: RwSignal<Vec<Chosen>>,
    add_files: impl Fn(Option<web_sys::FileList>) + Copy + 'static,
    remove: Callback<u32>,
    error: RwSignal<Option<String>>,
    /// While the form sends, no file is removed.
    busy: RwSignal<bool>,
) -> impl IntoView {
    let dragging = RwSignal::new(false);
    view! {
        <fieldset class="contribute__files" aria-describedby="contribute-files-hint">
            <legend>{tr(AccountKey::ConFiles)}</legend>
            <p class="field__hint" id="contribute-files-hint">{tr(AccountKey::ConFilesHint)}</p>
            <div
                class="contribute__drop"
                class:contribute__drop--over=move || dragging.get()
                on:dragover=move |event: web_sys::DragEvent| {
                    event.prevent_default();
                    dragging.set(true);
                }
                on:dragleave=move |_| dragging.set(false)
                on:drop=move |event: web_sys::DragEvent| {
                    event.prevent_default();
                    dragging.set(false);
                    add_files(event.data_transfer().and_then(|data| data.files()));
                }
            >
                <label class="button button--secondary" for="contribute-files">{tr(AccountKey::ConChoose)}</label>
                <input
                    type="file"
                    id="contribute-files"
                    class="visually-hidden"
                    multiple
                    accept="image/jpeg,image/png,image/webp,image/heic,video/mp4,video/webm,video/quicktime"
                    on:change=move |event| {
                        let input = event
                            .target()
                            .and_then(|target| target.dyn_into::<web_sys::HtmlInputElement>().ok());
                        if let Some(input) = input {
                            add_files(input.files());
                            input.set_value("");
                        }
                    }
                />
                " " <span>{tr(AccountKey::ConDrop)}</span>
            </div>
            {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
            <ul class="contribute__list">
                <For each=move || files.get() key=|chosen| chosen.key let:chosen>
                    <ChosenFile chosen remove busy/>
                </For>
            </ul>
        </fieldset>
    }
}

/// One chosen file.
#[component]
fn ChosenFile(chosen: Chosen, remove: Callback<u32>, busy: RwSignal<bool>) -> impl IntoView {
    let name = chosen.file.name();
    let key = chosen.key;
    let state = chosen.state;
    let size = format!("{:.1} MB", chosen.file.size() / (1024.0 * 1024.0));
    let label = tr_with(AccountKey::ConRemove, &[("name", Arg::Own(&name))]);
    let preview = if chosen.video {
        view! { <video class="contribute__preview" src=chosen.preview.clone() muted preload="metadata"></video> }.into_any()
    } else {
        view! { <img class="contribute__preview" src=chosen.preview.clone() alt=name.clone()/> }
            .into_any()
    };
    // The state without the share sent, so that the view changes with the state, and the
    // progress bar only with the share.
    let phase = Memo::new(move |_| {
        state.with(|state| match state {
            Upload::Sending(_) => Upload::Sending(0.0),
            other => other.clone(),
        })
    });
    let share = move || match state.get() {
        Upload::Sending(share) => share,
        _ => 0.0,
    };
    let progress_label = {
        let name = name.clone();
        move |share: f64| {
            let percent = format!("{:.0}%", share * 100.0);
            tr_with(
                AccountKey::ConProgress,
                &[("name", Arg::Own(&name)), ("percent", Arg::Own(&percent))],
            )
        }
    };
    view! {
        <li class="contribute__file">
            {preview}
            <div class="contribute__file-text">
                <bdi class="contribute__file-name">{name.clone()}</bdi>
                " · " <span dir="ltr">{size}</span>
                {move || match phase.get() {
                    Upload::Waiting => view! { <p class="contribute__state">{tr(AccountKey::ConWaiting)}</p> }.into_any(),
                    // One bar for the whole upload, its value moving.
                    Upload::Sending(_) => {
                        let label = progress_label.clone();
                        view! {
                            <progress max="1" value=move || share().to_string() aria-label=move || label(share())></progress>
                        }
                        .into_any()
                    }
                    Upload::Sent => view! { <p class="contribute__state">{tr(AccountKey::ConSentFile)}</p> }.into_any(),
                    Upload::Removing => view! { <p class="contribute__state">{tr(AccountKey::ConRemoving)}</p> }.into_any(),
                    Upload::Failed(reason) => view! {
                        <p class="field__error" role="alert">
                            {tr_with(AccountKey::ConFailed, &[("reason", Arg::Own(&reason))])}
                        </p>
                    }
                    .into_any(),
                }}
            </div>
            {move || (!busy.get() && !matches!(phase.get(), Upload::Sending(_) | Upload::Removing)).then(|| view! {
                <button type="button" class="button button--quiet" aria-label=label.clone() on:click=move |_| remove.run(key)>
                    {tr(AccountKey::ConRemoveButton)}
                </button>
            })}
        </li>
    }
}
