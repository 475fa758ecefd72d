use byline_contract::auth::{self, Forgot, field};
use leptos::prelude::*;

use crate::i18n::{AccountKey, rule_errors, tr};
use leptos_router::components::A;

use super::AccountShell;
use crate::api;
use crate::components::form::{AccountForm, EmailSent, Field, FormState};

/// `/account/forgot`: asks for a password reset link. The answer is the same whether or not
/// the address has an account.
#[component]
pub fn ForgotPage() -> impl IntoView {
    let state = FormState::new();
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(None::<String>);

    let submit = move || {
        let input = Forgot {
            email: email.get_untracked(),
            lang: Some(crate::i18n::current().code().to_owned()),
        };
        let checked = rule_errors(auth::forgot_breaks(&input));
        state.submit(
            checked,
            move || async move { api::forgot(&input).await },
            move |accepted| sent.set(Some(super::accepted_text(accepted))),
        );
    };

    view! {
        <AccountShell title=AccountKey::AccForgotTitle>
            {move || match sent.get() {
                Some(message) => view! {
                    <EmailSent message/>
                }
                .into_any(),
                None => view! {
                    <p class="account__intro">
                        {tr(AccountKey::AccForgotIntro)}
                    </p>
                    <AccountForm state submit_label=(AccountKey::AccSendLink, AccountKey::AccSending) on_submit=submit>
                        <Field state name=field::EMAIL label=AccountKey::AccEmail value=email kind="email" autocomplete="username" autofocus=true/>
                    </AccountForm>
                }
                .into_any(),
            }}
            <p class="account__switch">
                {tr(AccountKey::AccRemembered)} " " <A href="/account/sign-in">{tr(AccountKey::AccSignInTitle)}</A> "."
            </p>
        </AccountShell>
    }
}
