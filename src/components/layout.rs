//! The frame around every page: header with the skip link, and the footer with the render time.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::session::{sign_in_href, use_session};
use crate::timing::{micros, seconds, use_render_clock};

/// The site's name, as the header and document titles show it.
pub const SITE_NAME: &str = "Byline";

/// Sets the browser tab's title to "`page` — Byline".
pub fn set_document_title(page: &str) {
    let title = if page.is_empty() {
        SITE_NAME.to_owned()
    } else {
        format!("{page} — {SITE_NAME}")
    };
    document().set_title(&title);
}

/// The masthead: skip link, site name, the reader's way home, and their account: "Sign in /
/// up" for a guest (coming back here after), the member's name otherwise.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let account = move || match session.member() {
        Some(member) => view! {
            <A href="/account" attr:class="site-header__account" attr:title="Your account">
                <bdi>{member.display_name}</bdi>
            </A>
        }
        .into_any(),
        None => {
            let path = location.pathname.get();
            // The account views keep their own way back.
            let here = if path.starts_with("/account") {
                "/".to_owned()
            } else {
                path
            };
            view! {
                <A href=sign_in_href(&here) attr:class="site-header__account">
                    "Sign in / up"
                </A>
            }
            .into_any()
        }
    };
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="site-header__brand">
                    <span class="site-header__name">{SITE_NAME}</span>
                </A>
                <p class="site-header__tagline">"Regional news, and what readers make of it"</p>
                <nav class="site-header__nav" aria-label="Account">{account}</nav>
            </div>
        </header>
    }
}

/// The footer line, with the time the page took to render.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let clock = use_render_clock();
    view! {
        <footer class="site-footer">
            <p>
                <span>"Byline — demo content, written for this project."</span>
                {move || {
                    clock
                        .rendered_ms()
                        .map(|ms| {
                            view! {
                                " "
                                <span class="site-footer__render" data-rendered-us=micros(ms)>
                                    "Rendered in " {seconds(ms)} " s"
                                </span>
                            }
                        })
                }}
            </p>
        </footer>
    }
}
