use byline_contract::auth::{self, Register, field};
use leptos::prelude::*;
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
        };
        let checked = auth::register(&input).map(drop);
        state.submit(
            checked,
            move || async move { api::register(&input).await },
            move |accepted| {
                storage::save_return_to(&next.get_untracked());
                sent.set(Some(accepted.message));
            },
        );
    };

    view! {
        <AccountShell title="Create an account">
            {move || match sent.get() {
                Some(message) => view! {
                    <EmailSent message/>
                    <p><A href=move || next.get()>"Go back to reading"</A></p>
                }
                .into_any(),
                None => view! {
                    <AccountForm state submit_label=("Create account", "Creating…") on_submit=submit>
                        <Field
                            state
                            name=field::DISPLAY_NAME
                            label="Display name"
                            value=display_name
                            autocomplete="nickname"
                            hint="Shown with your comments. No one else can comment under it."
                            autofocus=true
                        />
                        <Field
                            state
                            name=field::EMAIL
                            label="Email"
                            value=email
                            kind="email"
                            autocomplete="email"
                            hint="Never shown publicly. We send a link to it to confirm your account."
                        />
                        <Field
                            state
                            name=field::PASSWORD
                            label="Password"
                            value=password
                            kind="password"
                            autocomplete="new-password"
                            hint="At least 10 characters, and not a commonly used password."
                        />
                    </AccountForm>
                    <ConnectUsing next/>
                    <p class="account__switch">
                        "Already a member? "
                        <A href=move || with_next("/account/sign-in", &next.get())>"Sign in"</A> "."
                    </p>
                }
                .into_any(),
            }}
        </AccountShell>
    }
}
