use leptos::prelude::*;

use crate::i18n::{AccountKey, tr};
use leptos_router::NavigateOptions;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

use super::{AccountShell, next_path};
use crate::api;
use crate::components::feedback::Skeleton;
use crate::session::use_session;

/// `/account/connected?next=…`, where the endpoint sends the reader after signing in with a
/// provider: the page learns who signed in (the session cookie is not for it to read), then
/// goes on to `next`, leaving this view out of the history.
#[component]
pub fn ConnectedPage() -> impl IntoView {
    let session = use_session();
    let next = next_path();
    let navigate = use_navigate();
    let member = LocalResource::new(api::me);
    let content = move || {
        let navigate = navigate.clone();
        Suspend::new(async move {
            match member.await {
                Ok(member) => {
                    session.signed_in(member);
                    navigate(
                        &next.get_untracked(),
                        NavigateOptions {
                            replace: true,
                            ..NavigateOptions::default()
                        },
                    );
                    view! { <p role="status">{tr(AccountKey::AccSignedIn)}</p> }.into_any()
                }
                Err(error) => view! {
                    <div class="notice notice--error" role="alert">
                        <p>{error.to_string()}</p>
                        <p><A href="/account/sign-in">{tr(AccountKey::AccSignInAgain)}</A></p>
                    </div>
                }
                .into_any(),
            }
        })
    };
    view! {
        <AccountShell title=AccountKey::AccSigningYouIn>
            <Suspense fallback=|| view! { <Skeleton lines=1 label=crate::i18n::Key::WhatSignIn/> }>
                {content}
            </Suspense>
        </AccountShell>
    }
}
