//! Parts of a page that wait one turn, so that what the reader came for shows first.

use std::time::Duration;

use leptos::prelude::*;

/// Renders its children in the browser task after the one that built it. The part above it
/// (the article) reaches the DOM, and usually the screen, without waiting for the parts
/// below and beside it (comments, sidebars) to be built.
#[component]
pub fn Later(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    set_timeout(
        move || {
            // The page may have gone in the meantime.
            ready.try_set(true);
        },
        Duration::ZERO,
    );
    move || ready.get().then(|| children())
}
