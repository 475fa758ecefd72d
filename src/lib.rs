//! Byline's reader-facing news page: the article, its reader comments, and the sidebars around
//! them, rendered in the browser from Byline's JSON API.
//!
//! `ls src/` shows the page's parts: [`pages`] (one per route), [`components`] (one folder per
//! feature), [`api`] (every HTTP call), and the small pure modules the views lean on.

pub mod api;
pub mod components;
pub mod pages;
pub mod session;
pub mod storage;
pub mod text;
pub mod time;
pub mod timing;

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use crate::components::layout::{SiteFooter, SiteHeader};
use crate::pages::{
    AccountPage, ArticlePage, ConfirmPage, ConnectedPage, ForgotPage, HomePage, NotFound,
    RegisterPage, ResetPage, SignInPage,
};
use crate::session::provide_session;
use crate::timing::RenderClock;

/// The whole application: header, the routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_context(RenderClock::new());
    provide_session();
    view! {
        <Router>
            <SiteHeader/>
            <main id="main" class="site-main" tabindex="-1">
                <FlatRoutes fallback=NotFound>
                    <Route path=path!("/") view=HomePage/>
                    <Route path=path!("/articles/:slug") view=ArticlePage/>
                    <Route path=path!("/account") view=AccountPage/>
                    <Route path=path!("/account/sign-in") view=SignInPage/>
                    <Route path=path!("/account/register") view=RegisterPage/>
                    <Route path=path!("/account/confirm") view=ConfirmPage/>
                    <Route path=path!("/account/connected") view=ConnectedPage/>
                    <Route path=path!("/account/forgot") view=ForgotPage/>
                    <Route path=path!("/account/reset") view=ResetPage/>
                </FlatRoutes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

/// Mounts the application into `<body>`, replacing the loading placeholder the HTML carries.
pub fn start() {
    console_error_panic_hook::set_once();
    if let Some(placeholder) = document().get_element_by_id("boot") {
        placeholder.remove();
    }
    leptos::mount::mount_to_body(App);
}
