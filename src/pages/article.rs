use byline_contract::CommentSort;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::components::article::{ArticleSkeleton, ArticleView};
use crate::components::comments::CommentsSection;
use crate::components::feedback::ErrorNotice;
use crate::components::later::Later;
use crate::components::sidebar::{BePartOf, Elsewhere, LatestComments};
use crate::i18n::{Key, t, use_locale};
use crate::pages::NotFound;
use crate::timing::use_render_clock;

/// `/articles/:slug`: the article, its comments, and the sidebars.
///
/// The article and its first comments are requested at once, in parallel, so the comments do
/// not wait for the article to arrive. When `index.html` has both answers already, the
/// article renders at once, without a loading state; the comments and the sidebars follow
/// in the next task, so the headline does not wait for them.
#[component]
pub fn ArticlePage() -> impl IntoView {
    let params = use_params_map();
    let slug = Memo::new(move |_| params.read().get("slug").unwrap_or_default());
    let clock = use_render_clock();

    let locale = use_locale();
    let article = LocalResource::new(move || {
        let slug = slug.get();
        clock.begin(&["article", "comments"]);
        async move {
            let article = api::article(&slug).await;
            // The interface speaks the article's language when it can: settled as the article
            // arrives, before anything that depends on it renders.
            if let Ok(article) = &article {
                locale.follow_content(&article.lang);
            }
            article
        }
    });
    let first_comments = LocalResource::new(move || {
        let slug = slug.get();
        async move { api::comments(&slug, CommentSort::Oldest, None).await }
    });

    let content = move || {
        Suspend::new(async move {
            match article.await {
                Ok(article) => {
                    let slug = article.slug.clone();
                    let moderation = article.moderation;
                    view! {
                        <ArticleView article=article on_rendered=move |_| clock.done("article")/>
                        <Later>
                            <CommentsSection
                                slug=slug.clone()
                                first_page=first_comments
                                moderation=moderation
                                on_rendered=move |_| clock.done("comments")
                            />
                        </Later>
                    }
                    .into_any()
                }
                Err(error) if error.is_not_found() => view! { <NotFound/> }.into_any(),
                Err(error) => view! {
                    <ErrorNotice
                        error=error
                        what=Key::WhatArticle
                        on_retry=move |_| {
                            article.refetch();
                            first_comments.refetch();
                        }
                    />
                }
                .into_any(),
            }
        })
    };

    view! {
        <div class="page-grid">
            <div class="page-grid__main">
                <Transition fallback=ArticleSkeleton>{content}</Transition>
            </div>
            <aside class="page-grid__aside" aria-label=t(Key::MoreFromSite)>
                // Two turns later: after the article, whose language the sidebars speak, and
                // after the comments, which come before the sidebars in reading order (on a
                // phone the sidebars are below them).
                <Later><Later>
                    <Suspense>
                        {move || Suspend::new(async move {
                            let _ = article.await;
                            view! {
                                <LatestComments/>
                                <Elsewhere slug=slug/>
                                <BePartOf/>
                            }
                        })}
                    </Suspense>
                </Later></Later>
            </aside>
        </div>
    }
}
