use leptos::prelude::*;
use leptos_router::components::A;

use super::{AccountShell, query_value};
use crate::api;
use crate::components::feedback::Skeleton;
use crate::session::{safe_next, use_session};
use crate::storage;

/// `/account/confirm?token=…`, the page of the emailed confirmation link: confirms the
/// account, signs in, and offers the way back to where the reader registered.
#[component]
pub fn ConfirmPage() -> impl IntoView {
    let session = use_session();
    let token = query_value("token");
    let confirmed = LocalResource::new(move || {
        let token = token.get();
        async move {
            match token {
                Some(token) => api::confirm(token).await.map(Some),
                None => Ok(None),
            }
        }
    });
    let back_to = safe_next(storage::take_return_to().as_deref());

    let content = move || {
        let back_to = back_to.clone();
        Suspend::new(async move {
            match confirmed.await {
                Ok(Some(member)) => {
                    let name = member.display_name.clone();
                    session.signed_in(member);
                    view! {
                        <div class="notice notice--success" role="status">
                            <p class="notice__title">"Welcome, " <bdi>{name}</bdi></p>
                            <p>"Your account is confirmed and you are signed in."</p>
                        </div>
                        <p><A href=back_to>"Go back to reading"</A></p>
                    }
                    .into_any()
                }
                Ok(None) => view! {
                    <p class="notice notice--error" role="alert">
                        "This page needs the link from your confirmation email."
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <div class="notice notice--error" role="alert">
                        <p>{error.to_string()}</p>
                        <p>
                            <A href="/account/register">"Register again"</A>
                            " to get a new link, or "
                            <A href="/account/sign-in">"sign in"</A>
                            " if you confirmed already."
                        </p>
                    </div>
                }
                .into_any(),
            }
        })
    };

    view! {
        <AccountShell title="Confirm your account">
            <Suspense fallback=|| view! { <Skeleton lines=2 label=crate::i18n::Key::WhatConfirmation/> }>{content}</Suspense>
        </AccountShell>
    }
}
