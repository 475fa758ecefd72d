use leptos::prelude::*;

use crate::i18n::{Key, tr};

/// The invitation to send the newsroom stories, photos and videos. It links to
/// `/contribute`, the address people share: the endpoint sends it on to the form in the
/// account views (`/account/contribute`), a bundle of its own, hence a full load.
#[component]
pub fn BePartOf() -> impl IntoView {
    view! {
        <section class="sidebar-box be-part-of" aria-labelledby="be-part-of-title">
            <h2 id="be-part-of-title" class="sidebar-box__title">{tr(Key::BePartOfTitle)}</h2>
            <p>
                {tr(Key::BePartOfText)}
            </p>
            <p>
                <a class="button button--primary" href="/contribute" rel="external">
                    {tr(Key::BePartOfAction)}
                </a>
            </p>
        </section>
    }
}
