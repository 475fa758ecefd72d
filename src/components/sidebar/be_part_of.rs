use leptos::prelude::*;

use crate::i18n::{Key, tr};

/// The invitation to send the newsroom stories, photos and videos.
#[component]
pub fn BePartOf() -> impl IntoView {
    view! {
        <section class="sidebar-box be-part-of" aria-labelledby="be-part-of-title">
            <h2 id="be-part-of-title" class="sidebar-box__title">{tr(Key::BePartOfTitle)}</h2>
            <p>
                {tr(Key::BePartOfText)}
            </p>
            <p>
                <a class="button button--primary" href="/account/contribute" rel="external">
                    {tr(Key::BePartOfAction)}
                </a>
            </p>
        </section>
    }
}
