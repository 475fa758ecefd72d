use byline_contract::auth::{SignIn, field};
use byline_contract::{FieldErrors, validate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{AccountShell, ConnectUsing, next_path, query_value, with_next};
use crate::api;
use crate::components::form::{AccountForm, Field, FormState};
use crate::i18n::{AccountKey, tr, tr_around};
use crate::session::use_session;

/// `/account/sign-in?next=…`: email and password; back to `next` once signed in.
#[component]
pub fn SignInPage() -> impl IntoView {
    let session = use_session();
    let next = next_path();
    // What went wrong with a provider sign-in, as the endpoint's redirect says.
    let provider_error = query_value("error");
    let provider_error = move || provider_error.get().map(|code| provider_failure(&code));
    let navigate = use_navigate();
    let state = FormState::new();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let submit = move || {
        let input = SignIn {
            email: email.get_untracked().trim().to_owned(),
            password: password.get_untracked(),
        };
        let mut errors = FieldErrors::new();
        if validate::email_rule(&input.email).is_err() {
            errors.insert(field::EMAIL.into(), vec![tr(AccountKey::AccNeedEmail)]);
        }
        if input.password.is_empty() {
            errors.insert(
                field::PASSWORD.into(),
                vec![tr(AccountKey::AccNeedPassword)],
            );
        }
        let checked = if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        };
        let navigate = navigate.clone();
        state.submit(
            checked,
            move || async move { api::sign_in(&input).await },
            move |member| {
                session.signed_in(member);
                navigate(&next.get_untracked(), Default::default());
            },
        );
    };

    let signed_in_as = tr_around(AccountKey::AccSignedInAs, "name");
    view! {
        <AccountShell title=AccountKey::AccSignInTitle>
            {move || session.member().map(|member| view! {
                <p class="notice">
                    {signed_in_as.0.clone()} <bdi>{member.display_name}</bdi> {signed_in_as.1.clone()} " "
                    <A href=move || next.get()>
                        {move || tr(if next.get() == "/account/handoff" {
                            AccountKey::AccCommentWithAccount
                        } else {
                            AccountKey::AccBackToReading
                        })}
                    </A>
                </p>
            })}
            {move || provider_error().map(|message| view! {
                <p class="notice notice--error" role="alert">{message}</p>
            })}
            <p class="account__intro">
                {tr(AccountKey::AccSignInIntro)}
            </p>
            <AccountForm state submit_label=(AccountKey::AccSignInTitle, AccountKey::AccSigningIn) on_submit=submit aside=view! { <A href="/account/forgot">{tr(AccountKey::AccForgotLink)}</A> }.into_any()>
                <Field state name=field::EMAIL label=AccountKey::AccEmail value=email kind="email" autocomplete="username" autofocus=true/>
                <Field state name=field::PASSWORD label=AccountKey::AccPassword value=password kind="password" autocomplete="current-password"/>
            </AccountForm>
            <ConnectUsing next/>
            <p class="account__switch">
                {tr(AccountKey::AccNewHere)} " " <A href=move || with_next("/account/register", &next.get())>{tr(AccountKey::AccCreateAccountLink)}</A>
                ". " {tr(AccountKey::AccOr)} " " <A href=move || next.get()>{tr(AccountKey::AccGuestBack)}</A> "."
            </p>
        </AccountShell>
    }
}

/// What the reader reads for a provider sign-in's failure code. Only these words: a link can
/// carry any `error=`, and the page must not show text of the link's choosing.
fn provider_failure(code: &str) -> String {
    tr(match code {
        "oidc-other-browser" => AccountKey::AccOidcOtherBrowser,
        "oidc-expired" => AccountKey::AccOidcExpired,
        "oidc-cancelled" => AccountKey::AccOidcCancelled,
        "oidc-no-email" => AccountKey::AccOidcNoEmail,
        "oidc-unverified" => AccountKey::AccOidcUnverified,
        _ => AccountKey::AccOidcUnavailable,
    })
}
