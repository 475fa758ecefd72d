use leptos::prelude::*;

use crate::i18n::{AccountKey, tr};
use leptos_router::components::A;
use wasm_bindgen::JsCast;

use super::AccountShell;
use crate::api;
use crate::components::feedback::Skeleton;

/// Where the sign-in pop-up of a widget lands once the member is signed in
/// (`/account/sign-in?next=/account/handoff`): it asks for a session for the widget and hands
/// it to the widget that opened the pop-up, then closes. The message goes only to Byline's own
/// origin (the widget's), and the widget takes it only from this pop-up.
#[component]
pub fn HandoffPage() -> impl IntoView {
    let handed = LocalResource::new(api::widget_session);
    let content = move || {
        Suspend::new(async move {
            match handed.await {
                Ok(session) => {
                    let sent = hand_over(&session);
                    view! {
                        <p class="notice" role="status">
                            {tr(if sent {
                                AccountKey::AccHandoffClosing
                            } else {
                                AccountKey::AccHandoffGoBack
                            })}
                        </p>
                    }
                    .into_any()
                }
                Err(error) if error.status() == Some(401) => view! {
                    <p class="notice notice--error" role="alert">
                        {tr(AccountKey::AccNotSignedIn)} " "
                        <A href="/account/sign-in?next=%2Faccount%2Fhandoff">{tr(AccountKey::AccSignInTitle)}</A>
                    </p>
                }
                .into_any(),
                Err(error) => view! {
                    <p class="notice notice--error" role="alert">{error.to_string()}</p>
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

/// Posts the session to the window that opened this one, on Byline's own origin, and closes
/// this window; `false` when there is no such window.
fn hand_over(session: &byline_contract::auth::WidgetSession) -> bool {
    let Ok(opener) = window().opener() else {
        return false;
    };
    if !opener.is_object() {
        return false;
    }
    // Another window's object fails `instanceof Window` in this one, so no checked cast.
    let opener = opener.unchecked_into::<web_sys::Window>();
    let (Ok(origin), Ok(payload)) = (window().location().origin(), serde_json::to_string(session))
    else {
        return false;
    };
    let message = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&message, &"byline".into(), &"session".into());
    let _ = js_sys::Reflect::set(&message, &"payload".into(), &payload.into());
    if opener.post_message(&message, &origin).is_err() {
        return false;
    }
    let _ = window().close();
    true
}
