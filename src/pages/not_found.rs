use leptos::prelude::*;
use leptos_router::components::A;

/// The page for an address that leads nowhere: an unknown route or article.
#[component]
pub fn NotFound() -> impl IntoView {
    crate::components::layout::set_document_title("Page not found");
    view! {
        <section class="not-found" aria-labelledby="not-found-title">
            <h1 id="not-found-title">"We could not find that page"</h1>
            <p>"The story may have moved, or the address may be mistyped."</p>
            <p><A href="/">"Go to the latest stories"</A></p>
        </section>
    }
}
