use leptos::prelude::*;
use leptos_router::components::A;

use crate::i18n::{Key, t, tr};

/// The page for an address that leads nowhere: an unknown route or article.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::layout::set_document_title(&tr(Key::NotFoundTitle));
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">{t(Key::NotFoundHeading)}</h1>
            <p>{t(Key::NotFoundText)}</p>
            <p><A href="/">{t(Key::NotFoundHome)}</A></p>
        </section>
    }
}
