//! The reader's place on each page of their history: going back, forward or reloading brings
//! them back to where they were on that page.
//!
//! The browser cannot do it here. The router changes pages in place, and the page it goes
//! back to renders from the endpoint's answers after the browser has restored (or not) the
//! offset. So the page does it: it remembers each address's scroll offset as the reader
//! scrolls, and after a move through the history (or a reload) it scrolls back there once the
//! page has grown tall enough, unless the reader scrolls, types or touches first.

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::storage;

/// How many addresses' places are kept (the latest visited).
const KEPT: usize = 50;

/// How long a return waits for the page to grow tall enough, in milliseconds.
const PATIENCE_MS: f64 = 5_000.0;

thread_local! {
    /// Each address's latest offset, the most recently visited last.
    static PLACES: RefCell<Vec<(String, u32)>> = const { RefCell::new(Vec::new()) };
    /// The offset a return is waiting to scroll to, and until when (`performance.now()`).
    static RETURN: Cell<Option<(f64, f64)>> = const { Cell::new(None) };
}

/// Starts keeping the reader's places, and returns them to theirs if this load is a reload
/// or a move through the history to this tab's earlier page.
pub fn keep() {
    let Ok(history) = window().history() else {
        return;
    };
    if history
        .set_scroll_restoration(web_sys::ScrollRestoration::Manual)
        .is_err()
    {
        return;
    }
    PLACES.with_borrow_mut(|places| *places = storage::load_places());
    listen("scroll", remember);
    listen("popstate", back_or_forward);
    listen("pagehide", || {
        PLACES.with_borrow(|places| storage::save_places(places))
    });
    // The reader's own move wins over a return still waiting.
    for input in ["wheel", "touchstart", "keydown"] {
        listen(input, || RETURN.set(None));
    }
    if came_back()
        && let Some(offset) = place_of(&address())
    {
        return_to(offset);
    }
}

/// Calls `then` on each `event` at the window, for as long as the page lives. (One listener
/// type for all of them: a typed listener each would cost more code than they do.)
fn listen(event: &str, then: fn()) {
    let listener = Closure::<dyn Fn()>::new(then);
    let _ = window().add_event_listener_with_callback(event, listener.as_ref().unchecked_ref());
    listener.forget();
}

/// After a move through the history: back to the place kept for the page it went to, or its
/// top (a page never scrolled has no place kept).
fn back_or_forward() {
    return_to(place_of(&address()).unwrap_or(0));
}

/// This page's address, the key of its place: path and query (not the fragment, which
/// moves within the page).
fn address() -> String {
    let location = window().location();
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

fn place_of(address: &str) -> Option<u32> {
    PLACES.with_borrow(|places| {
        places
            .iter()
            .rev()
            .find(|(kept, _)| kept == address)
            .map(|(_, offset)| *offset)
    })
}

/// Notes the offset of the page the reader is on, unless a return is on its way there (the
/// page is still growing under it).
fn remember() {
    if RETURN.get().is_some() {
        return;
    }
    // Whole pixels: a float's text would cost the bundle a float formatter and parser.
    let offset = window()
        .scroll_y()
        .unwrap_or(0.0)
        .clamp(0.0, f64::from(u32::MAX)) as u32;
    let here = address();
    PLACES.with_borrow_mut(|places| {
        // Scrolling on the page visited last, the usual case: its offset alone changes.
        if let Some((kept, kept_offset)) = places.last_mut()
            && *kept == here
        {
            *kept_offset = offset;
            return;
        }
        places.retain(|(kept, _)| *kept != here);
        places.push((here, offset));
        if places.len() > KEPT {
            places.remove(0);
        }
    });
}

/// Whether this load reloads the page or comes back to it through the history.
fn came_back() -> bool {
    let Some(performance) = window().performance() else {
        return false;
    };
    let entry = performance.get_entries_by_type("navigation").get(0);
    let kind = js_sys::Reflect::get(&entry, &"type".into())
        .ok()
        .and_then(|kind| kind.as_string());
    matches!(kind.as_deref(), Some("reload" | "back_forward"))
}

fn now() -> f64 {
    window()
        .performance()
        .map(|performance| performance.now())
        .unwrap_or_default()
}

/// Scrolls to `offset` once the page is tall enough for it, frame by frame, for
/// [`PATIENCE_MS`] at most; to the top at once.
fn return_to(offset: u32) {
    if offset == 0 {
        RETURN.set(None);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        return;
    }
    RETURN.set(Some((f64::from(offset), now() + PATIENCE_MS)));
    request_animation_frame(step);
}

fn step() {
    let Some((offset, until)) = RETURN.get() else {
        return;
    };
    let reach = document()
        .document_element()
        .map(|root| f64::from(root.scroll_height()))
        .unwrap_or_default()
        - window()
            .inner_height()
            .ok()
            .and_then(|height| height.as_f64())
            .unwrap_or_default();
    if reach + 1.0 >= offset {
        RETURN.set(None);
        window().scroll_to_with_x_and_y(0.0, offset);
    } else if now() > until {
        RETURN.set(None);
    } else {
        request_animation_frame(step);
    }
}
