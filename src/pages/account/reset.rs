use byline_contract::auth::{self, Reset, field};
use leptos::prelude::*;

use crate::i18n::{AccountKey, rule_errors, tr};
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
        let checked = rule_errors(
            auth::password_break(&input.password, "")
                .map(|broken| (field::PASSWORD, broken))
                .into_iter()
                .collect(),
        );
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
        <AccountShell title=AccountKey::AccResetTitle>
            {move || match (token.get(), done.get()) {
                (_, true) => view! {
                    <div class="notice notice--success" role="status">
                        <p class="notice__title">{tr(AccountKey::AccPasswordChanged)}</p>
                        <p>{tr(AccountKey::AccResetSignedIn)}</p>
                    </div>
                    <p><A href="/">{tr(AccountKey::AccFrontPage)}</A></p>
                }
                .into_any(),
                (None, false) => view! {
                    <p class="notice notice--error" role="alert">
                        {tr(AccountKey::AccResetNeedsLink)} " "
                        <A href="/account/forgot">{tr(AccountKey::AccNewLink)}</A> "."
                    </p>
                }
                .into_any(),
                (Some(_), false) => view! {
                    <AccountForm state submit_label=(AccountKey::AccSavePassword, AccountKey::AccSaving) on_submit=submit>
                        <Field
                            state
                            name=field::PASSWORD
                            label=AccountKey::AccNewPassword
                            value=password
                            kind="password"
                            autocomplete="new-password"
                            hint=AccountKey::AccPasswordHint
                            autofocus=true
                        />
                    </AccountForm>
                    {move || state.failure.get().is_some().then(|| view! {
                        <p><A href="/account/forgot">{tr(AccountKey::AccNewLink)}</A></p>
                    })}
                }
                .into_any(),
            }}
        </AccountShell>
    }
}
