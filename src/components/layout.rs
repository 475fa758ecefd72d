//! The frame around every page: header with the skip link, and the footer with the render time.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;
use wasm_bindgen::JsCast;

use crate::i18n::{Arg, Key, Lang, format, t, tr, tr_with, use_locale};
use crate::session::{sign_in_href, use_session};
use crate::theme;
use crate::timing::{micros, seconds, use_render_clock};

/// Sets the browser tab's title to "`page` — Byline" (the site's name alone when `page` is
/// empty), in the page's language.
pub fn set_document_title(page: &str) {
    let title = if page.is_empty() {
        tr(Key::SiteName)
    } else {
        tr_with(Key::DocumentTitle, &[("page", Arg::Text(page))])
    };
    // No direction marks in a tab's title.
    document().set_title(&title.replace(['\u{2068}', '\u{2069}'], ""));
}

/// The masthead: skip link, site name, the reader's way home, the language switcher and the
/// theme toggle, and their account: "Sign in / up" for a guest (coming back here after), the
/// member's name otherwise.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let account = move || match session.member() {
        Some(member) => view! {
            <A href="/account" attr:class="site-header__account" attr:title=t(Key::YourAccount)>
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
                    {t(Key::SignInUp)}
                </A>
            }
            .into_any()
        }
    };
    view! {
        <a class="skip-link" href="#main">{t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="site-header__inner">
                <A href="/" attr:class="site-header__brand">
                    <span class="site-header__name">{t(Key::SiteName)}</span>
                </A>
                <p class="site-header__tagline">{t(Key::SiteTagline)}</p>
                <div class="site-header__tools">
                    <LanguageSwitcher/>
                    <ThemeToggle/>
                    <nav class="site-header__nav" aria-label=t(Key::NavAccount)>{account}</nav>
                </div>
            </div>
        </header>
    }
}

/// Puts the keyboard focus at the page's start (the main landmark) when the reader moves to
/// another page within the app (a link, back, forward), as a new load would start there: the
/// link they followed went with its page, and the focus would fall back to the document's
/// start, before the header. The first page keeps the browser's own start (the skip link).
#[component]
pub fn FocusFollowsPage() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|previous| previous != path)
            && let Some(main) = document()
                .get_element_by_id("main")
                .and_then(|main| main.dyn_into::<web_sys::HtmlElement>().ok())
        {
            // The reader's place on the page is not the focus's to change (see `places`).
            let options = web_sys::FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = main.focus_with_options(&options);
        }
        path
    });
}

/// The interface languages, each named in itself: a link to this page in that language (a
/// new load, so every part of the page speaks it), the current one marked.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let locale = use_locale();
    let location = use_location();
    let links = move || {
        let current = locale.get();
        let path = location.pathname.get();
        // The page's other parameters (a sign-in's `next`) stay; `lang` is replaced.
        let kept: Vec<String> = location.search.with(|search| {
            search
                .trim_start_matches('?')
                .split('&')
                .filter(|pair| !pair.is_empty() && !pair.starts_with("lang="))
                .map(str::to_owned)
                .collect()
        });
        Lang::ALL
            .iter()
            .map(|lang| {
                let lang = *lang;
                let mut query = kept.clone();
                query.push(format!("lang={}", lang.code()));
                let href = format!("{path}?{}", query.join("&"));
                view! {
                    <li>
                        <a
                            href=href
                            rel="external"
                            hreflang=lang.code()
                            lang=lang.code()
                            dir=lang.dir()
                            class="language-switcher__link"
                            aria-current=(lang == current).then_some("true")
                        >
                            {lang.own_name()}
                        </a>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <nav class="language-switcher" aria-label=t(Key::NavLanguage)>
            <ul class="language-switcher__list">{links}</ul>
        </nav>
    }
}

/// Light or dark: the reader's system setting until they choose, then their choice
/// (remembered; `index.html` applies it before the first paint).
#[component]
fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(theme::is_dark());
    view! {
        <button
            type="button"
            class="theme-toggle"
            aria-pressed=move || dark.get().to_string()
            on:click=move |_| {
                let now_dark = !dark.get_untracked();
                theme::choose(now_dark);
                dark.set(now_dark);
            }
        >
            <span class="theme-toggle__icon" aria-hidden="true"></span>
            {t(Key::ThemeToggle)}
        </button>
    }
}

/// The footer line, with the time the page took to render.
#[component]
pub fn SiteFooter() -> impl IntoView {
    let clock = use_render_clock();
    let locale = use_locale();
    view! {
        <footer class="site-footer">
            <p>
                <span>{t(Key::FooterDemo)}</span>
                {move || {
                    clock
                        .rendered_ms()
                        .map(|ms| {
                            let text = format(
                                locale.get(),
                                Key::FooterRendered,
                                &[("seconds", Arg::Number(seconds(ms)))],
                            );
                            view! {
                                " "
                                <span class="site-footer__render" data-rendered-us=micros(ms)>
                                    {text}
                                </span>
                            }
                        })
                }}
            </p>
        </footer>
    }
}
