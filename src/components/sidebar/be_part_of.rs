use leptos::prelude::*;

/// The invitation to send the newsroom stories, photos and videos.
#[component]
pub fn BePartOf() -> impl IntoView {
    view! {
        <section class="sidebar-box be-part-of" aria-labelledby="be-part-of-title">
            <h2 id="be-part-of-title" class="sidebar-box__title">"Be part of Byline"</h2>
            <p>
                "Saw something happen where you live? Share your story, photos and videos with our newsroom."
            </p>
            <p>
                <a class="button button--primary" href="mailto:newsroom@byline.example?subject=My%20story">
                    "Send us your story"
                </a>
            </p>
        </section>
    }
}
