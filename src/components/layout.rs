//! The frame around every page: header with the skip link, and the footer with the render time.

use leptos::prelude::*;
use leptos_router::components::A;

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

/// The masthead: skip link, site name and the reader's way home.
#[component]
pub fn SiteHeader() -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="site-header__brand">
                    <span class="site-header__name">{SITE_NAME}</span>
                </A>
                <p class="site-header__tagline">"Regional news, and what readers make of it"</p>
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
