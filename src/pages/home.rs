use byline_contract::{ArticlePage as Page, ArticleSummary};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use crate::api::{self, ApiError};
use crate::components::feedback::{ErrorNotice, Skeleton};
use crate::components::layout::set_document_title;
use crate::components::sidebar::{BePartOf, LatestComments};
use crate::components::time::RelativeTime;
use crate::i18n::{Arg, Key, t, tr, tr_with, use_locale};
use crate::text::excerpt;
use crate::timing::use_render_clock;

/// `/`: the latest stories, newest first, with "Load more".
#[component]
pub fn HomePage() -> impl IntoView {
    // Back from an article in another language, the front page speaks the reader's.
    use_locale().follow_reader();
    set_document_title(&tr(Key::LatestNews));
    let clock = use_render_clock();
    let first_page = LocalResource::new(move || {
        clock.begin(&["stories"]);
        api::articles(None)
    });

    let content = move || {
        Suspend::new(async move {
            match first_page.await {
                Ok(page) => {
                    Effect::new(move |_| clock.done("stories"));
                    view! { <StoryList page=page/> }.into_any()
                }
                Err(error) => view! {
                    <ErrorNotice error=error what=Key::WhatLatestStories on_retry=move |_| first_page.refetch()/>
                }
                .into_any(),
            }
        })
    };

    view! {
        <div class="page-grid">
            <div class="page-grid__main">
                <h1 class="home__title">{t(Key::LatestNews)}</h1>
                <Transition fallback=|| view! { <Skeleton lines=10 label=Key::WhatLatestStories/> }>
                    {content}
                </Transition>
            </div>
            <aside class="page-grid__aside" aria-label=t(Key::MoreFromSite)>
                <LatestComments/>
                <BePartOf/>
            </aside>
        </div>
    }
}

/// The stories loaded so far and the button for more.
#[component]
fn StoryList(page: Page) -> impl IntoView {
    let stories = RwSignal::new(page.items);
    let next_cursor = RwSignal::new(page.next_cursor);
    let loading = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);

    let load_more = move |_| {
        let Some(cursor) = next_cursor.get_untracked() else {
            return;
        };
        if loading.get_untracked() {
            return;
        }
        loading.set(true);
        failure.set(None);
        spawn_local(async move {
            match api::articles(Some(cursor)).await {
                Ok(page) => {
                    stories.update(|stories| stories.extend(page.items));
                    next_cursor.set(page.next_cursor);
                }
                Err(error) => failure.set(Some(error)),
            }
            loading.set(false);
        });
    };

    view! {
        <ol class="story-list">
            <For each=move || stories.get() key=|story| story.slug.clone() let:story>
                <StoryCard story=story/>
            </For>
        </ol>
        <div class="story-list__more" aria-live="polite">
            {move || failure.get().map(|error| view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> })}
            <Show when=move || next_cursor.with(Option::is_some)>
                <button
                    type="button"
                    class="button button--secondary"
                    disabled=move || loading.get()
                    aria-busy=move || loading.get().to_string()
                    on:click=load_more
                >
                    {move || tr(if loading.get() { Key::Loading } else { Key::MoreStories })}
                </button>
            </Show>
        </div>
    }
}

/// A story in the list: thumbnail, section, headline, age, excerpt and comment count.
#[component]
fn StoryCard(story: ArticleSummary) -> impl IntoView {
    let href = format!("/articles/{}", story.slug);
    let comments = tr_with(
        Key::CommentCount,
        &[("count", Arg::Number(f64::from(story.comment_count)))],
    );
    // The card speaks its story's language; its age and count are the interface's, isolated
    // in the interface's language and direction so "3 hours ago" keeps its order in a story
    // written right to left (and a screen reader reads them in the right voice).
    let ui = crate::i18n::current();
    view! {
        <li class="story-card" lang=story.lang dir=story.dir.as_str()>
            <img
                class="story-card__thumb"
                src=story.hero.src
                alt=""
                width=story.hero.width
                height=story.hero.height
                loading="lazy"
                decoding="async"
            />
            <div class="story-card__text">
                <p class="story-card__section">{story.section}</p>
                <h2 class="story-card__title"><A href=href.clone()>{story.title}</A></h2>
                <p class="story-card__excerpt">{excerpt(&story.dek, 200).into_owned()}</p>
                <p class="story-card__meta">
                    <span lang=ui.code() dir=ui.dir()><RelativeTime at=story.published_at/></span> " · "
                    <A href=format!("{href}#comments") attr:lang=ui.code() attr:dir=ui.dir()>{comments}</A>
                </p>
            </div>
        </li>
    }
}
