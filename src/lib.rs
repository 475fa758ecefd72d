//! Byline's reader-facing news page: the article, its reader comments, and the sidebars around
//! them, rendered in the browser from Byline's JSON API.
//!
//! `ls src/` shows the page's parts: [`pages`] (one per route), [`components`] (one folder per
//! feature), [`api`] (every HTTP call), and the small pure modules the views lean on.

pub mod api;
pub mod chunks;
pub mod components;
pub mod embed;
pub mod i18n;
pub mod pages;
pub mod places;
pub mod session;
pub mod storage;
pub mod text;
pub mod theme;
pub mod time;
pub mod timing;

/// The page's allocator: Talc instead of Rust's default for WebAssembly (dlmalloc). A page
/// of comments makes many small allocations (views, signals, strings), and malloc alone took
/// about 7% of the scripting time of 1,000 comments with dlmalloc (measured in a profile).
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::path;

use crate::components::layout::{FocusFollowsPage, SiteFooter, SiteHeader};
use crate::pages::{
    AccountPage, ArticlePage, ConfirmPage, ConnectedPage, ContributePage, ForgotPage, HandoffPage,
    HomePage, ModerationPage, NotFound, RegisterPage, ResetPage, SignInPage,
};
use crate::session::provide_session;
use crate::timing::RenderClock;

/// The reader's application: header, the routed page, footer. The account views are another
/// bundle ([`AccountApp`]); a link to them loads them from the server.
#[component]
pub fn App() -> impl IntoView {
    view! {
        <Frame>
            <FlatRoutes fallback=ReaderFallback>
                <Route path=path!("/") view=HomePage/>
                <Route path=path!("/articles/:slug") view=ArticlePage/>
            </FlatRoutes>
        </Frame>
    }
}

/// The account views' application (`account.html`, everything under `/account`): sign in,
/// register, confirm, provider sign-in, forgotten and reset password, the account page. Any
/// other path belongs to the reader's bundle, loaded from the server.
#[component]
pub fn AccountApp() -> impl IntoView {
    view! {
        <Frame>
            <FlatRoutes fallback=LoadFromServer>
                <Route path=path!("/account") view=AccountPage/>
                <Route path=path!("/account/sign-in") view=SignInPage/>
                <Route path=path!("/account/register") view=RegisterPage/>
                <Route path=path!("/account/confirm") view=ConfirmPage/>
                <Route path=path!("/account/connected") view=ConnectedPage/>
                <Route path=path!("/account/forgot") view=ForgotPage/>
                <Route path=path!("/account/reset") view=ResetPage/>
                <Route path=path!("/account/handoff") view=HandoffPage/>
                <Route path=path!("/account/moderation") view=ModerationPage/>
                <Route path=path!("/account/contribute") view=ContributePage/>
                <Route path=path!("/account/*rest") view=NotFound/>
            </FlatRoutes>
        </Frame>
    }
}

/// What both bundles share around their routes: the render clock and the session, the header,
/// the main landmark, the footer.
#[component]
fn Frame(children: Children) -> impl IntoView {
    crate::i18n::provide_locale();
    provide_context(RenderClock::new());
    provide_session();
    view! {
        <Router>
            <FocusFollowsPage/>
            <SiteHeader/>
            <main id="main" class="site-main" tabindex="-1">{children()}</main>
            <SiteFooter/>
        </Router>
    }
}

/// A path the reader's bundle does not know: the account bundle's (under `/account`), loaded
/// from the server, or none at all. (One check here rather than two more routes, which would
/// cost the reader's bundle about 4 KB.)
#[component]
fn ReaderFallback() -> impl IntoView {
    let path = leptos_router::hooks::use_location()
        .pathname
        .get_untracked();
    let account = path == "/account" || path.starts_with("/account/");
    if account {
        view! { <LoadFromServer/> }.into_any()
    } else {
        view! { <NotFound/> }.into_any()
    }
}

/// A path the other bundle serves: the page goes there for real, and the server answers with
/// that bundle (`account.html` under `/account`, `index.html` elsewhere). A server that does
/// not (a misconfigured proxy) would send this bundle again: a second load of the same address
/// within seconds is not tried, and the reader is told instead.
#[component]
fn LoadFromServer() -> impl IntoView {
    // The router's address, which the address bar may not show yet.
    let location = leptos_router::hooks::use_location();
    let with_prefix = |prefix: char, part: String| match part.as_str() {
        "" => part,
        _ if part.starts_with(prefix) => part,
        _ => format!("{prefix}{part}"),
    };
    let target = format!(
        "{}{}{}",
        location.pathname.get_untracked(),
        with_prefix('?', location.search.get_untracked()),
        with_prefix('#', location.hash.get_untracked()),
    );
    if storage::reloaded_recently(&target) {
        return view! { <NotFound/> }.into_any();
    }
    let address = window().location();
    let shown = format!(
        "{}{}{}",
        address.pathname().unwrap_or_default(),
        address.search().unwrap_or_default(),
        address.hash().unwrap_or_default()
    );
    // Going to the address the bar already shows could only scroll to its fragment.
    let _ = if shown == target {
        address.reload()
    } else {
        address.assign(&target)
    };
    view! { <p class="boot" role="status">{crate::i18n::tr(crate::i18n::Key::Loading)}</p> }
        .into_any()
}

/// Mounts the reader's application into `<body>`, replacing the loading placeholder the HTML
/// carries. An article whose answer is still on its way is waited for (briefly) first: see
/// [`api::article_still_coming`].
pub fn start() {
    places::keep();
    match api::article_still_coming() {
        Some(article) => wasm_bindgen_futures::spawn_local(async move {
            article.await;
            mount(App);
        }),
        None => mount(App),
    }
}

/// Mounts the widgets' application (`embed.html`, under `/embed`; see [`embed`]).
pub fn start_embed() {
    mount(embed::EmbedApp);
}

/// Mounts the account views' application, as [`start`] does the reader's.
pub fn start_account() {
    places::keep();
    i18n::set_account_words(pages::account_code_words);
    mount(AccountApp);
}

fn mount<V: IntoView + 'static>(app: fn() -> V) {
    console_error_panic_hook::set_once();
    if let Some(placeholder) = document().get_element_by_id("boot") {
        placeholder.remove();
    }
    leptos::mount::mount_to_body(app);
}
