use leptos::prelude::*;

use crate::i18n::{AccountKey, tr, tr_around};
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
                    let welcome = tr_around(AccountKey::AccWelcome, "name");
                    session.signed_in(member);
                    view! {
                        <div class="notice notice--success" role="status">
                            <p class="notice__title">{welcome.0} <bdi>{name}</bdi> {welcome.1}</p>
                            <p>{tr(AccountKey::AccConfirmed)}</p>
                        </div>
                        <p><A href=back_to>{tr(AccountKey::AccBackToReading)}</A></p>
                    }
                    .into_any()
                }
                Ok(None) => view! {
                    <p class="notice notice--error" role="alert">
                        {tr(AccountKey::AccConfirmNeedsLink)}
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <div class="notice notice--error" role="alert">
                        <p>{error.to_string()}</p>
                        <p>
                            <A href="/account/register">{tr(AccountKey::AccRegisterAgain)}</A>
                            " " {tr(AccountKey::AccRegisterAgainAfter)} " "
                            <A href="/account/sign-in">{tr(AccountKey::AccSignInLower)}</A>
                            " " {tr(AccountKey::AccIfConfirmed)}
                        </p>
                    </div>
                }
                .into_any(),
            }
        })
    };

    view! {
        <AccountShell title=AccountKey::AccConfirmTitle>
            <Suspense fallback=|| view! { <Skeleton lines=2 label=crate::i18n::Key::WhatConfirmation/> }>{content}</Suspense>
        </AccountShell>
    }
}
