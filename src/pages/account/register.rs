use byline_contract::auth::{self, Register, field};
use leptos::prelude::*;

use crate::i18n::{AccountKey, rule_errors, tr};
use leptos_router::components::A;

use super::{AccountShell, ConnectUsing, next_path, with_next};
use crate::api;
use crate::components::form::{AccountForm, EmailSent, Field, FormState};
use crate::storage;

/// `/account/register?next=…`: display name, email, password; then a confirmation link by
/// email. The answer is the same whether or not the address already has an account.
#[component]
pub fn RegisterPage() -> impl IntoView {
    let next = next_path();
    let state = FormState::new();
    let display_name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<String>);

    let submit = move || {
        let input = Register {
            display_name: display_name.get_untracked(),
            email: email.get_untracked(),
            password: password.get_untracked(),
            lang: Some(crate::i18n::current().code().to_owned()),
        };
        let checked = rule_errors(auth::register_breaks(&input));
        state.submit(
            checked,
            move || async move { api::register(&input).await },
            move |accepted| {
                storage::save_return_to(&next.get_untracked());
                sent.set(Some(super::accepted_text(accepted)));
            },
        );
    };

    view! {
        <AccountShell title=AccountKey::AccRegisterTitle>
            {move || match sent.get() {
                Some(message) => view! {
                    <EmailSent message/>
                    <p><A href=move || next.get()>{tr(AccountKey::AccBackToReading)}</A></p>
                }
                .into_any(),
                None => view! {
                    <AccountForm state submit_label=(AccountKey::AccRegisterSubmit, AccountKey::AccCreating) on_submit=submit>
                        <Field
                            state
                            name=field::DISPLAY_NAME
                            label=AccountKey::AccDisplayName
                            value=display_name
                            autocomplete="nickname"
                            hint=AccountKey::AccDisplayNameHint
                            autofocus=true
                        />
                        <Field
                            state
                            name=field::EMAIL
                            label=AccountKey::AccEmail
                            value=email
                            kind="email"
                            autocomplete="email"
                            hint=AccountKey::AccEmailHint
                        />
                        <Field
                            state
                            name=field::PASSWORD
                            label=AccountKey::AccPassword
                            value=password
                            kind="password"
                            autocomplete="new-password"
                            hint=AccountKey::AccPasswordHint
                        />
                    </AccountForm>
                    <ConnectUsing next/>
                    <p class="account__switch">
                        {tr(AccountKey::AccAlreadyMember)} " "
                        <A href=move || with_next("/account/sign-in", &next.get())>{tr(AccountKey::AccSignInTitle)}</A> "."
                    </p>
                }
                .into_any(),
            }}
        </AccountShell>
    }
}
