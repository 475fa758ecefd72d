use byline_contract::ArticleSummary;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::feedback::{ErrorNotice, Skeleton};
use crate::components::time::RelativeTime;
use crate::i18n::{Arg, Key, tr, tr_with};
use crate::text::excerpt;

/// Other stories, the same section first.
#[component]
pub fn Elsewhere(
    /// The article being read, which the list leaves out.
    #[prop(into)]
    slug: Signal<String>,
) -> impl IntoView {
    let related = LocalResource::new(move || {
        let slug = slug.get();
        async move { api::related(&slug, 5).await }
    });
    view! {
        <section class="sidebar-box elsewhere" aria-labelledby="elsewhere-title">
            <h2 id="elsewhere-title" class="sidebar-box__title">{tr(Key::ElsewhereTitle)}</h2>
            <Transition fallback=|| view! { <Skeleton lines=5 label=Key::WhatOtherStories/> }>
                {move || Suspend::new(async move {
                    match related.await {
                        Ok(list) => view! {
                            <ul class="elsewhere__list">
                                {list.items.into_iter().map(|story| view! { <StoryTeaser story=story/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(error) => view! {
                            <ErrorNotice error=error what=Key::WhatOtherStories on_retry=move |_| related.refetch()/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One story in the "Elsewhere" list.
#[component]
fn StoryTeaser(story: ArticleSummary) -> impl IntoView {
    let href = format!("/articles/{}", story.slug);
    let more_label = tr_with(
        Key::ElsewhereMoreLabel,
        &[("title", Arg::Text(&story.title))],
    );
    // The story's own words in its language; the age and "more" in the interface's, isolated
    // (as on the front page's cards).
    let ui = crate::i18n::current();
    view! {
        <li class="elsewhere__item" lang=story.lang dir=story.dir.as_str()>
            <h3 class="elsewhere__title"><A href=href.clone()>{story.title}</A></h3>
            <p class="elsewhere__meta">
                <span lang=ui.code() dir=ui.dir()><RelativeTime at=story.published_at/></span> " · " {story.section}
            </p>
            <p class="elsewhere__excerpt">
                {excerpt(&story.dek, 140).into_owned()} " "
                <A href=href attr:class="elsewhere__more" attr:aria-label=more_label attr:lang=ui.code() attr:dir=ui.dir()>
                    {tr(Key::ElsewhereMore)}
                </A>
            </p>
        </li>
    }
}
