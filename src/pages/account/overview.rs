use byline_contract::FieldErrors;
use byline_contract::auth::{self, AccountDeletion, PasswordChange, ProfileChange, field};
use leptos::prelude::*;
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
        <AccountShell title="Your account">
            {move || match signed_in.get() {
                _ if deleted.get() => view! {
                    <div class="notice notice--success" role="status">
                        <p class="notice__title">"Your account is deleted"</p>
                        <p>"You are signed out. Thank you for being part of the conversation."</p>
                    </div>
                    <p><A href="/">"Go to the front page"</A></p>
                }
                .into_any(),
                true => view! {
                    <dl class="account__details">
                        <dt>"Display name"</dt>
                        <dd><bdi>{move || session.member().map(|m| m.display_name)}</bdi></dd>
                        <dt>"Email"</dt>
                        <dd dir="ltr">{move || session.member().map(|m| m.email)}</dd>
                    </dl>
                    <SignOut session/>
                    <NameForm session/>
                    <PasswordForm/>
                    <section class="account__section" aria-labelledby="account-comments">
                        <h2 id="account-comments">"Your comments"</h2>
                        <p>
                            "Everything you have written here, with the article each comment "
                            "belongs to, as one JSON file. "
                            <a href=api::comment_export_url() download="byline-comments.json">
                                "Download my comments"
                            </a>
                        </p>
                    </section>
                    <DeleteForm session deleted/>
                }
                .into_any(),
                false => view! {
                    <p class="account__intro">"You are not signed in."</p>
                    <p>
                        <A href="/account/sign-in">"Sign in"</A> " or "
                        <A href="/account/register">"create an account"</A> "."
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
                "Sign out"
            </button>
        </div>
    }
}

/// A line that confirms a saved change to screen readers and eyes alike.
fn saved_note(saved: RwSignal<Option<&'static str>>) -> impl IntoView {
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
        let checked = auth::profile_change(&input).map(drop);
        state.submit(
            checked,
            move || async move { api::change_profile(&input).await },
            move |member| {
                session.signed_in(member);
                saved.set(Some(
                    "Your display name is changed, on your past comments too.",
                ));
            },
        );
    };
    view! {
        <section class="account__section" aria-labelledby="account-name">
            <h2 id="account-name">"Display name"</h2>
            <AccountForm state submit_label=("Change name", "Saving…") on_submit=submit>
                <Field
                    state
                    name=field::DISPLAY_NAME
                    label="New display name"
                    value=name
                    autocomplete="nickname"
                    hint="Shown with all your comments, past and future."
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
        let checked = auth::password_change(&input, "");
        state.submit(
            checked,
            move || async move { api::change_password(&input).await },
            move |()| {
                current.set(String::new());
                new.set(String::new());
                saved.set(Some(
                    "Your password is changed. Your other devices are signed out.",
                ));
            },
        );
    };
    view! {
        <section class="account__section" aria-labelledby="account-password">
            <h2 id="account-password">"Password"</h2>
            <AccountForm state submit_label=("Change password", "Saving…") on_submit=submit>
                <Field
                    state
                    name=field::CURRENT_PASSWORD
                    label="Current password"
                    value=current
                    kind="password"
                    autocomplete="current-password"
                />
                <Field
                    state
                    name=field::NEW_PASSWORD
                    label="New password"
                    value=new
                    kind="password"
                    autocomplete="new-password"
                    hint="At least 10 characters, and not a commonly used password."
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
                vec!["Enter your password to delete your account.".to_owned()],
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
            <h2 id="account-delete">"Delete your account"</h2>
            <p>
                "This cannot be undone. Your comments stay, shown as by “former member”, "
                "unless you tick the box below."
            </p>
            <AccountForm state submit_label=("Delete my account", "Deleting…") on_submit=submit>
                <div class="field field--check">
                    <input
                        id="delete-comments"
                        type="checkbox"
                        name="delete_comments"
                        prop:checked=move || delete_comments.get()
                        on:change=move |event| delete_comments.set(event_target_checked(&event))
                    />
                    <label for="delete-comments">"Delete my comments too"</label>
                </div>
                <Field
                    state
                    name=field::PASSWORD
                    label="Your password"
                    value=password
                    kind="password"
                    autocomplete="current-password"
                />
            </AccountForm>
        </section>
    }
}
