use byline_contract::auth::{SignIn, field};
use byline_contract::{FieldErrors, validate};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{AccountShell, ConnectUsing, next_path, query_value, with_next};
use crate::api;
use crate::components::form::{AccountForm, Field, FormState};
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
            errors.insert(
                field::EMAIL.into(),
                vec!["Enter the email address of your account.".into()],
            );
        }
        if input.password.is_empty() {
            errors.insert(field::PASSWORD.into(), vec!["Enter your password.".into()]);
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

    view! {
        <AccountShell title="Sign in">
            {move || session.member().map(|member| view! {
                <p class="notice">
                    "You are signed in as " <bdi>{member.display_name}</bdi> ". "
                    <A href=move || next.get()>
                        {move || if next.get() == "/account/handoff" {
                            "Comment with this account"
                        } else {
                            "Go back to reading"
                        }}
                    </A>
                </p>
            })}
            {move || provider_error().map(|message| view! {
                <p class="notice notice--error" role="alert">{message}</p>
            })}
            <p class="account__intro">
                "Members comment without retyping their details, and can edit and delete their "
                "comments from any device."
            </p>
            <AccountForm state submit_label=("Sign in", "Signing in…") on_submit=submit aside=view! { <A href="/account/forgot">"Forgot your password?"</A> }.into_any()>
                <Field state name=field::EMAIL label="Email" value=email kind="email" autocomplete="username" autofocus=true/>
                <Field state name=field::PASSWORD label="Password" value=password kind="password" autocomplete="current-password"/>
            </AccountForm>
            <ConnectUsing next/>
            <p class="account__switch">
                "New here? " <A href=move || with_next("/account/register", &next.get())>"Create an account"</A>
                ". Or " <A href=move || next.get()>"go back and comment as a guest"</A> "."
            </p>
        </AccountShell>
    }
}

/// What the reader reads for a provider sign-in's failure code. Only these words: a link can
/// carry any `error=`, and the page must not show text of the link's choosing.
fn provider_failure(code: &str) -> &'static str {
    match code {
        "oidc-other-browser" => {
            "That sign-in was started in another browser or window. Start again from here."
        }
        "oidc-expired" => "That sign-in took too long, or was used already. Start again.",
        "oidc-cancelled" => "You did not sign in with your provider: it was cancelled or refused.",
        "oidc-no-email" => {
            "Your provider did not share your email address, which Byline needs for an \
             account. Sign in with your email address instead."
        }
        "oidc-unverified" => {
            "Your provider has not verified your email address. Verify it there, or sign in \
             with your email address instead."
        }
        _ => {
            "Signing in with your provider did not work just now. Try again in a moment, or \
             sign in with your email address."
        }
    }
}
