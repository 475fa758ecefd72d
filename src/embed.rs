//! The widgets partner sites embed (through `public/embed.js`, which frames them): the comments
//! of an article (`/embed/comments?article=SLUG&sort=oldest|newest`) or of a partner's own page
//! (`/embed/comments?url=ADDRESS&title=TITLE`), and the latest comments
//! (`/embed/latest?limit=N`), without the site's header and footer.
//!
//! A widget tells the page that framed it how tall it is, whenever that changes, so the frame
//! never scrolls: `{byline: "height", frame, height}` posted to the parent, only to the origin
//! the loader named (`parent=`). Links that leave the widget (an article) open in a new tab
//! rather than inside the frame.
//!
//! Signing in happens in a first-party pop-up (`/account/sign-in?next=/account/handoff`), as
//! a browser that blocks third-party cookies never sends Byline's cookie to a partner's frame:
//! the pop-up hands the widget a session token (`{byline: "session", payload}`, posted to
//! Byline's origin only, taken only from that pop-up), which the widget sends as
//! `Authorization: Bearer` and keeps for the tab in `sessionStorage`.

use leptos::html;
use leptos::prelude::*;
use leptos_router::components::{FlatRoutes, Route, Router};
use leptos_router::hooks::use_query_map;
use leptos_router::path;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::api;
use byline_contract::{CommentPage, CommentSort, NewThread};

use crate::components::comments::{CommentsSection, StartsThread};
use crate::components::feedback::{ErrorNotice, Skeleton};
use crate::components::sidebar::LatestComments;
use crate::i18n::{Key, tr};
use crate::pages::NotFound;
use crate::session::{Session, provide_session, use_session};
use crate::storage;
use crate::theme;
use crate::timing::RenderClock;

/// The widgets' application: no header or footer, one widget per frame.
#[component]
pub fn EmbedApp() -> impl IntoView {
    crate::i18n::provide_locale();
    provide_context(RenderClock::new());
    api::use_bearer(storage::load_widget_token());
    storage::keep_member_per_tab();
    provide_session();
    receive_sessions(use_session());
    if let Some(root) = document().document_element() {
        let _ = root.class_list().add_1("embed-mode");
    }
    view! {
        <Router>
            <FlatRoutes fallback=NotFound>
                <Route path=path!("/embed/comments") view=EmbedComments/>
                <Route path=path!("/embed/latest") view=EmbedLatest/>
            </FlatRoutes>
        </Router>
    }
}

/// What the loader passes to every widget.
#[derive(Clone, Debug, Default)]
struct Framing {
    /// The frame's id on the partner's page.
    frame: String,
    /// The partner page's origin, the only one told the widget's height.
    parent: Option<String>,
}

/// Reads the loader's options, and applies the theme to the document.
fn framing() -> Framing {
    let query = use_query_map();
    let get = |name: &str| query.with_untracked(|query| query.get(name));
    // The language came with the locale (`?lang=`); the theme is the partner's choice, light
    // unless it says dark or `auto` (the reader's system setting).
    match get("theme").as_deref() {
        Some("dark") => theme::apply(true),
        Some("auto") => theme::apply(theme::system_prefers_dark()),
        _ => theme::apply(false),
    }
    apply_palette(&query);
    // An origin and nothing more: the page's scheme, host and port.
    let parent = get("parent").filter(|origin| {
        origin
            .strip_prefix("https://")
            .or_else(|| origin.strip_prefix("http://"))
            .is_some_and(|host| !host.is_empty() && !host.contains(['/', '?', '#', ' ']))
    });
    Framing {
        frame: get("frame").unwrap_or_default(),
        parent,
    }
}

/// The palette's names a partner may set (`data-color-NAME` on the widget's element, passed
/// as `color-NAME=#hex`), each the custom property `--color-NAME` of `style/main.css`.
const PALETTE: [&str; 11] = [
    "ink",
    "ink-soft",
    "ink-faint",
    "paper",
    "paper-sunk",
    "rule",
    "accent",
    "accent-ink",
    "link",
    "focus",
    "error",
];

/// Sets the partner's colours on the widget's root: known names only, hex colours only, so
/// nothing else reaches the style.
fn apply_palette(query: &Memo<leptos_router::params::ParamsMap>) {
    let Some(root) = document()
        .document_element()
        .and_then(|root| root.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    for name in PALETTE {
        let value = query.with_untracked(|query| query.get(&format!("color-{name}")));
        if let Some(value) = value.filter(|value| is_hex_colour(value)) {
            let _ = root
                .style()
                .set_property(&format!("--color-{name}"), &value);
        }
    }
}

/// `#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`.
fn is_hex_colour(value: &str) -> bool {
    value.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
    })
}

/// `/embed/comments?article=SLUG` (an article's comments) or `?url=ADDRESS&title=TITLE` (the
/// thread of a partner's own page, started by its first comment): the comments and the form.
#[component]
fn EmbedComments() -> impl IntoView {
    let framing = framing();
    let (slug, page, sort) = use_query_map().with_untracked(|query| {
        let sort = query
            .get("sort")
            .and_then(|sort| CommentSort::parse(&sort))
            .unwrap_or(CommentSort::Oldest);
        let page = query.get("url").map(|url| NewThread {
            url,
            title: query.get("title").unwrap_or_default(),
        });
        (query.get("article").unwrap_or_default(), page, sort)
    });
    let root = NodeRef::<html::Div>::new();
    let popup_blocked = RwSignal::new(false);
    follow_size(root, framing);
    open_links_outside(root, popup_blocked);
    let blocked_notice = move || {
        popup_blocked.get().then(|| {
            view! {
                <p class="notice notice--error" role="alert">{tr(Key::EmbedPopupBlocked)}</p>
            }
        })
    };
    let comments = match (slug.is_empty(), page) {
        (false, _) => {
            let first_page = {
                let slug = slug.clone();
                LocalResource::new(move || {
                    let slug = slug.clone();
                    async move { api::comments(&slug, sort, None).await }
                })
            };
            view! { <CommentsSection slug=slug first_page=first_page sort=sort/> }.into_any()
        }
        (true, Some(page)) => view! { <PartnerPageComments page=page sort=sort/> }.into_any(),
        (true, None) => view! {
            <p class="notice notice--error" role="alert">{tr(Key::EmbedNoArticle)}</p>
        }
        .into_any(),
    };
    view! {
        <div class="embed" node_ref=root>
            {blocked_notice}
            {comments}
        </div>
    }
}

/// The comments of a partner's own page: its thread is looked up by address, and until its
/// first comment it is an empty list whose form starts it.
#[component]
fn PartnerPageComments(page: NewThread, sort: CommentSort) -> impl IntoView {
    let url = page.url.clone();
    provide_context(StartsThread(page));
    let thread = LocalResource::new(move || {
        let url = url.clone();
        async move { api::partner_thread(&url).await }
    });
    let first_page = LocalResource::new(move || async move {
        let thread = thread.await?;
        if thread.started {
            api::comments(&thread.slug, sort, None).await
        } else {
            Ok(CommentPage {
                items: Vec::new(),
                next_cursor: None,
                total: 0,
            })
        }
    });
    let content = move || {
        Suspend::new(async move {
            match thread.await {
                Ok(thread) => view! {
                    <CommentsSection slug=thread.slug first_page=first_page sort=sort/>
                }
                .into_any(),
                // The endpoint keeps no thread for this address (not a partner's page).
                Err(error) if error.status() == Some(400) => {
                    let reason = error
                        .field_errors()
                        .and_then(|errors| errors.get("url"))
                        .map(|messages| messages.join(" "))
                        .unwrap_or_else(|| error.to_string());
                    view! {
                        <div class="notice notice--error" role="alert">
                            <p class="notice__title">{tr(Key::EmbedNotOpen)}</p>
                            <p class="notice__detail">{reason}</p>
                        </div>
                    }
                    .into_any()
                }
                Err(error) => view! {
                    <ErrorNotice error=error what=Key::WhatComments on_retry=move |_| thread.refetch()/>
                }
                .into_any(),
            }
        })
    };
    view! {
        <Suspense fallback=|| view! { <Skeleton lines=6 label=Key::WhatComments/> }>{content}</Suspense>
    }
}

/// `/embed/latest?limit=N`: the newest comments across the site.
#[component]
fn EmbedLatest() -> impl IntoView {
    let framing = framing();
    let limit = use_query_map()
        .with_untracked(|query| query.get("limit"))
        .and_then(|limit| limit.parse::<u32>().ok())
        .unwrap_or(5)
        .clamp(1, 20);
    let root = NodeRef::<html::Div>::new();
    follow_size(root, framing);
    open_links_outside(root, RwSignal::new(false));
    view! {
        <div class="embed" node_ref=root>
            <LatestComments limit=limit/>
        </div>
    }
}

/// Tells the parent page the widget's height now and after every change of it.
///
/// A `ResizeObserver` sees every change while the frame is on screen; a `MutationObserver`
/// also sees those made while it is not, when browsers skip rendering a cross-origin frame
/// (and with it resize observations), so the frame has its height before the reader scrolls
/// back to it. Each height is sent once.
fn follow_size(root: NodeRef<html::Div>, framing: Framing) {
    let Some(parent_origin) = framing.parent else {
        return;
    };
    root.on_load(move |element| {
        let element: web_sys::HtmlElement = element.unchecked_into();
        let measured = element.clone();
        let last = std::cell::Cell::new(-1);
        let post = move || {
            let height = measured.offset_height();
            if last.replace(height) == height {
                return;
            }
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"byline".into(), &"height".into());
            let _ = js_sys::Reflect::set(&message, &"frame".into(), &framing.frame.as_str().into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            if let Ok(Some(parent)) = window().parent() {
                let _ = parent.post_message(&message, &parent_origin);
            }
        };
        post();
        let observer = Closure::<dyn Fn()>::new(post);
        let callback = observer.as_ref().unchecked_ref();
        if let Ok(resize) = web_sys::ResizeObserver::new(callback) {
            resize.observe(&element);
            // The observers live as long as the page, as does the widget.
            std::mem::forget(resize);
        }
        if let Ok(mutations) = web_sys::MutationObserver::new(callback) {
            let options = web_sys::MutationObserverInit::new();
            options.set_child_list(true);
            options.set_subtree(true);
            options.set_character_data(true);
            options.set_attributes(true);
            let _ = mutations.observe_with_options(&element, &options);
            std::mem::forget(mutations);
        }
        observer.forget();
    });
}

/// Links that leave the widget open in a new tab, not inside the partner's frame, and the
/// sign-in link opens the sign-in pop-up: set on the way down (capture), before the router
/// would take the click.
fn open_links_outside(root: NodeRef<html::Div>, popup_blocked: RwSignal<bool>) {
    root.on_load(move |element| {
        let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |event: web_sys::Event| {
            let link = event
                .target()
                .and_then(|target| target.dyn_into::<web_sys::Element>().ok())
                .and_then(|target| target.closest("a[href]").ok().flatten());
            if let Some(link) = link {
                let href = link.get_attribute("href").unwrap_or_default();
                if href.starts_with("/account/sign-in") {
                    event.prevent_default();
                    event.stop_propagation();
                    popup_blocked.set(!open_sign_in());
                } else if !href.starts_with('#') {
                    let _ = link.set_attribute("target", "_blank");
                    let _ = link.set_attribute("rel", "noopener");
                }
            }
        });
        let _ = element.add_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        on_click.forget();
    });
}

thread_local! {
    /// The sign-in pop-up this widget opened, the only window it takes a session from.
    static POPUP: std::cell::RefCell<Option<web_sys::Window>> = const { std::cell::RefCell::new(None) };
}

/// Signs the widget's requests in with `token` (or stops), for the rest of the tab's life.
fn use_widget_token(token: Option<String>) {
    storage::save_widget_token(token.as_deref());
    api::use_bearer(token);
}

/// Opens the first-party sign-in pop-up, which comes back through `/account/handoff`; `false`
/// when the browser blocked it.
fn open_sign_in() -> bool {
    let popup = window()
        .open_with_url_and_target_and_features(
            "/account/sign-in?next=%2Faccount%2Fhandoff",
            "byline-sign-in",
            "popup,width=520,height=760",
        )
        .ok()
        .flatten();
    let opened = popup.is_some();
    POPUP.with(|slot| *slot.borrow_mut() = popup);
    opened
}

/// Takes the session the sign-in pop-up hands over, and forgets it when the member signs out.
fn receive_sessions(session: Session) {
    let on_message =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let own_origin = window().location().origin().unwrap_or_default();
            let from_popup = POPUP.with(|popup| {
                let source = event.source();
                popup.borrow().as_ref().is_some_and(|popup| {
                    source.is_some_and(|source| js_sys::Object::is(&source, popup))
                })
            });
            if event.origin() != own_origin || !from_popup {
                return;
            }
            let data = event.data();
            let field = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
            if field("byline").and_then(|kind| kind.as_string()).as_deref() != Some("session") {
                return;
            }
            let handed = field("payload")
                .and_then(|payload| payload.as_string())
                .and_then(|payload| {
                    serde_json::from_str::<byline_contract::auth::WidgetSession>(&payload).ok()
                });
            if let Some(handed) = handed {
                use_widget_token(Some(handed.token));
                session.signed_in(handed.member);
            }
        });
    let _ =
        window().add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    on_message.forget();
    // Signed out (by the member, or by the endpoint answering 401): the token is dead.
    Effect::new(move |_| {
        if session.member_id().is_none() {
            use_widget_token(None);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::is_hex_colour;

    #[test]
    fn only_hex_colours_reach_the_palette() {
        for good in ["#0a5", "#0a5c", "#0a5c36", "#0A5C36ff"] {
            assert!(is_hex_colour(good), "{good}");
        }
        for bad in [
            "0a5c36",
            "#0a5c3",
            "#0a5c36ff0",
            "red",
            "#zzz",
            "#fff;background:url(x)",
            "var(--x)",
            "",
        ] {
            assert!(!is_hex_colour(bad), "{bad}");
        }
    }
}
