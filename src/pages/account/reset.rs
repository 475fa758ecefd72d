use byline_contract::FieldErrors;
use byline_contract::auth::{self, Reset, field};
use leptos::prelude::*;
use leptos_router::components::A;

use super::{AccountShell, query_value};
use crate::api;
use crate::components::form::{AccountForm, Field, FormState};
use crate::session::use_session;

/// `/account/reset?token=…`, the page of the emailed reset link: a new password, then signed
/// in (every other session of the account ends).
#[component]
pub fn ResetPage() -> impl IntoView {
    let session = use_session();
    let token = query_value("token");
    let state = FormState::new();
    let password = RwSignal::new(String::new());
    let done = RwSignal::new(false);

    let submit = move || {
        let input = Reset {
            token: token.get_untracked().unwrap_or_default(),
            password: password.get_untracked(),
        };
        // The address is the endpoint's to check against; the other rules apply here too.
        let checked = auth::password_rule(&input.password, "")
            .map_err(|message| FieldErrors::from([(field::PASSWORD.to_owned(), vec![message])]));
        state.submit(
            checked,
            move || async move { api::reset(&input).await },
            move |member| {
                session.signed_in(member);
                done.set(true);
            },
        );
    };

    view! {
        <AccountShell title="Choose a new password">
            {move || match (token.get(), done.get()) {
                (_, true) => view! {
                    <div class="notice notice--success" role="status">
                        <p class="notice__title">"Your password is changed"</p>
                        <p>"You are signed in. Every other device was signed out."</p>
                    </div>
                    <p><A href="/">"Go to the front page"</A></p>
                }
                .into_any(),
                (None, false) => view! {
                    <p class="notice notice--error" role="alert">
                        "This page needs the link from your password reset email. "
                        <A href="/account/forgot">"Ask for a new link"</A> "."
                    </p>
                }
                .into_any(),
                (Some(_), false) => view! {
                    <AccountForm state submit_label=("Save the new password", "Saving…") on_submit=submit>
                        <Field
                            state
                            name=field::PASSWORD
                            label="New password"
                            value=password
                            kind="password"
                            autocomplete="new-password"
                            hint="At least 10 characters, and not a commonly used password."
                            autofocus=true
                        />
                    </AccountForm>
                    {move || state.failure.get().is_some().then(|| view! {
                        <p><A href="/account/forgot">"Ask for a new link"</A></p>
                    })}
                }
                .into_any(),
            }}
        </AccountShell>
    }
}
