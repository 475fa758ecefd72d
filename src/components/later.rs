//! Parts of a page that wait one turn, so that what the reader came for shows first.

use std::time::Duration;

use leptos::either::Either;
use leptos::prelude::*;

/// Renders its children in the browser task after the one that built it. The part above it
/// (the article) reaches the DOM, and usually the screen, without waiting for the parts
/// below and beside it (comments, sidebars) to be built. Until then it shows `fallback`, if
/// any: a box that holds the children's place, so nothing below them moves when they come.
#[component]
pub fn Later(children: ChildrenFn, #[prop(optional, into)] fallback: ViewFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    set_timeout(
        move || {
            // The page may have gone in the meantime.
            ready.try_set(true);
        },
        Duration::ZERO,
    );
    move || {
        if ready.get() {
            Either::Left(children())
        } else {
            Either::Right(fallback.run())
        }
    }
}
