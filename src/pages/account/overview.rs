use byline_contract::FieldErrors;
use byline_contract::auth::{self, AccountDeletion, PasswordChange, ProfileChange, field};
use leptos::prelude::*;

use crate::i18n::{AccountKey, rule_errors, tr};
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::AccountShell;
use crate::api;
use crate::components::form::{AccountForm, Field, FormState};
use crate::session::{Session, use_session};

/// `/account`: the signed-in member's details, their display name and password, their
/// comments to download, sign-out, and deleting the account; a way to sign in otherwise.
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    let deleted = RwSignal::new(false);
    // On whether someone is signed in only: a new name must not re-render the forms.
    let signed_in = Memo::new(move |_| session.member_id().is_some());
    view! {
        <AccountShell title=AccountKey::AccTitle>
            {move || match signed_in.get() {
                _ if deleted.get() => view! {
                    <div class="notice notice--success" role="status">
                        <p class="notice__title">{tr(AccountKey::AccDeleted)}</p>
                        <p>{tr(AccountKey::AccDeletedText)}</p>
                    </div>
                    <p><A href="/">{tr(AccountKey::AccFrontPage)}</A></p>
                }
                .into_any(),
                true => view! {
                    <dl class="account__details">
                        <dt>{tr(AccountKey::AccDisplayName)}</dt>
                        <dd><bdi>{move || session.member().map(|m| m.display_name)}</bdi></dd>
                        <dt>{tr(AccountKey::AccEmail)}</dt>
                        <dd dir="ltr">{move || session.member().map(|m| m.email)}</dd>
                    </dl>
                    {move || session.member().is_some_and(|m| m.role.moderates()).then(|| view! {
                        <p class="account__moderation"><A href="/account/moderation">{tr(AccountKey::AccModLink)}</A></p>
                    })}
                    <SignOut session/>
                    <NameForm session/>
                    <PasswordForm/>
                    <section class="account__section" aria-labelledby="account-comments">
                        <h2 id="account-comments">{tr(AccountKey::AccYourComments)}</h2>
                        <p>
                            {tr(AccountKey::AccExportText)} " "
                            <a href=api::comment_export_url() download="byline-comments.json">
                                {tr(AccountKey::AccExportLink)}
                            </a>
                        </p>
                    </section>
                    <DeleteForm session deleted/>
                }
                .into_any(),
                false => view! {
                    <p class="account__intro">{tr(AccountKey::AccNotSignedIn)}</p>
                    <p>
                        <A href="/account/sign-in">{tr(AccountKey::AccSignInTitle)}</A> " " {tr(AccountKey::AccOrLower)} " "
                        <A href="/account/register">{tr(AccountKey::AccCreateAccountLower)}</A> "."
                    </p>
                }
                .into_any(),
            }}
        </AccountShell>
    }
}

/// Sign-out, with its error when the endpoint cannot be reached.
#[component]
fn SignOut(session: Session) -> impl IntoView {
    let failure = RwSignal::new(None::<String>);
    let sign_out = move |_| {
        failure.set(None);
        spawn_local(async move {
            if let Err(error) = session.sign_out().await {
                failure.try_set(Some(error.to_string()));
            }
        });
    };
    view! {
        {move || failure.get().map(|message| view! {
            <p class="notice notice--error" role="alert">{message}</p>
        })}
        <div class="account__actions">
            <button type="button" class="button button--secondary" on:click=sign_out>
                {tr(AccountKey::AccSignOut)}
            </button>
        </div>
    }
}

/// A line that confirms a saved change to screen readers and eyes alike.
fn saved_note(saved: RwSignal<Option<String>>) -> impl IntoView {
    view! { <p class="account__saved" role="status">{move || saved.get()}</p> }
}

/// Changing the display name (past comments show the new one too).
#[component]
fn NameForm(session: Session) -> impl IntoView {
    let state = FormState::new();
    let current = session
        .member_untracked()
        .map(|m| m.display_name)
        .unwrap_or_default();
    let name = RwSignal::new(current);
    let saved = RwSignal::new(None);
    let submit = move || {
        let input = ProfileChange {
            display_name: name.get_untracked(),
        };
        saved.set(None);
        let checked = rule_errors(auth::profile_breaks(&input));
        state.submit(
            checked,
            move || async move { api::change_profile(&input).await },
            move |member| {
                session.signed_in(member);
                saved.set(Some(tr(AccountKey::AccNameChanged)));
            },
        );
    };
    view! {
        <section class="account__section" aria-labelledby="account-name">
            <h2 id="account-name">{tr(AccountKey::AccDisplayName)}</h2>
            <AccountForm state submit_label=(AccountKey::AccChangeName, AccountKey::AccSaving) on_submit=submit>
                <Field
                    state
                    name=field::DISPLAY_NAME
                    label=AccountKey::AccNewDisplayName
                    value=name
                    autocomplete="nickname"
                    hint=AccountKey::AccNameHintChange
                />
            </AccountForm>
            {saved_note(saved)}
        </section>
    }
}

/// Changing the password; other devices are signed out.
#[component]
fn PasswordForm() -> impl IntoView {
    let state = FormState::new();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let saved = RwSignal::new(None);
    let submit = move || {
        let input = PasswordChange {
            current_password: current.get_untracked(),
            new_password: new.get_untracked(),
        };
        saved.set(None);
        let checked = rule_errors(auth::password_change_breaks(&input, ""));
        state.submit(
            checked,
            move || async move { api::change_password(&input).await },
            move |()| {
                current.set(String::new());
                new.set(String::new());
                saved.set(Some(tr(AccountKey::AccPasswordChangedOthers)));
            },
        );
    };
    view! {
        <section class="account__section" aria-labelledby="account-password">
            <h2 id="account-password">{tr(AccountKey::AccPassword)}</h2>
            <AccountForm state submit_label=(AccountKey::AccChangePassword, AccountKey::AccSaving) on_submit=submit>
                <Field
                    state
                    name=field::CURRENT_PASSWORD
                    label=AccountKey::AccCurrentPassword
                    value=current
                    kind="password"
                    autocomplete="current-password"
                />
                <Field
                    state
                    name=field::NEW_PASSWORD
                    label=AccountKey::AccNewPassword
                    value=new
                    kind="password"
                    autocomplete="new-password"
                    hint=AccountKey::AccPasswordHint
                />
            </AccountForm>
            {saved_note(saved)}
        </section>
    }
}

/// Deleting the account, proved by the password; the comments stay unless asked otherwise.
#[component]
fn DeleteForm(session: Session, deleted: RwSignal<bool>) -> impl IntoView {
    let state = FormState::new();
    let password = RwSignal::new(String::new());
    let delete_comments = RwSignal::new(false);
    let submit = move || {
        let input = AccountDeletion {
            password: password.get_untracked(),
            delete_comments: delete_comments.get_untracked(),
        };
        let checked = if input.password.is_empty() {
            Err(FieldErrors::from([(
                field::PASSWORD.to_owned(),
                vec![tr(AccountKey::AccDeleteNeedPassword)],
            )]))
        } else {
            Ok(())
        };
        state.submit(
            checked,
            move || async move { api::delete_account(&input).await },
            move |()| {
                deleted.set(true);
                session.signed_out();
            },
        );
    };
    view! {
        <section class="account__section account__section--danger" aria-labelledby="account-delete">
            <h2 id="account-delete">{tr(AccountKey::AccDeleteTitle)}</h2>
            <p>{tr(AccountKey::AccDeleteText)}</p>
            <AccountForm state submit_label=(AccountKey::AccDeleteSubmit, AccountKey::AccDeleting) on_submit=submit>
                <div class="field field--check">
                    <input
                        id="delete-comments"
                        type="checkbox"
                        name="delete_comments"
                        prop:checked=move || delete_comments.get()
                        on:change=move |event| delete_comments.set(event_target_checked(&event))
                    />
                    <label for="delete-comments">{tr(AccountKey::AccDeleteComments)}</label>
                </div>
                <Field
                    state
                    name=field::PASSWORD
                    label=AccountKey::AccYourPassword
                    value=password
                    kind="password"
                    autocomplete="current-password"
                />
            </AccountForm>
        </section>
    }
}
