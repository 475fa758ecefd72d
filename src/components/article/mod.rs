//! The article itself: headline, byline, hero picture and body.

mod body;

use byline_contract::{Article, Picture};
use leptos::prelude::*;

pub use body::ArticleBody;

use crate::components::feedback::Skeleton;
use crate::i18n::{Arg, Key, tr_around, tr_with};
use crate::time::date;

/// A whole article, in its own language and direction.
#[component]
pub fn ArticleView(
    /// The article to show.
    article: Article,
    /// Called once the article is in the DOM.
    #[prop(into, optional)]
    on_rendered: Option<Callback<()>>,
) -> impl IntoView {
    let Article {
        title,
        dek,
        section,
        author,
        published_at,
        updated_at,
        lang,
        dir,
        hero,
        body,
        ..
    } = article;
    crate::components::layout::set_document_title(&title);
    if let Some(on_rendered) = on_rendered {
        Effect::new(move |_| on_rendered.run(()));
    }
    let published = date(&published_at);
    let by = tr_around(Key::ArticleBy, "author");
    let updated = updated_at.map(|at| {
        let shown = date(&at);
        let label = tr_with(Key::ArticleUpdated, &[("date", Arg::Own(&shown))]);
        view! { " · " <time datetime=at>{label}</time> }
    });
    view! {
        <article class="article" lang=lang dir=dir.as_str() aria-labelledby="article-title">
            <header class="article__header">
                <p class="article__section">{section}</p>
                <h1 id="article-title" class="article__title">{title}</h1>
                <p class="article__dek">{dek}</p>
                <p class="article__byline">
                    {by.0} <bdi class="article__author">{author}</bdi> {by.1} " · "
                    <time datetime=published_at>{published}</time>
                    {updated}
                </p>
            </header>
            <Figure picture=hero class="article__hero" eager=true/>
            <ArticleBody blocks=body/>
        </article>
    }
}

/// A picture with its caption and credit.
#[component]
pub fn Figure(
    /// The picture.
    picture: Picture,
    /// A class for the `<figure>`.
    #[prop(into, optional)]
    class: String,
    /// Load at once (the hero) rather than when scrolled near.
    #[prop(optional)]
    eager: bool,
) -> impl IntoView {
    let Picture {
        src,
        alt,
        caption,
        credit,
        width,
        height,
    } = picture;
    view! {
        <figure class=format!("figure {class}")>
            <img
                src=src
                alt=alt
                width=width
                height=height
                loading=if eager { "eager" } else { "lazy" }
                decoding="async"
            />
            <figcaption>
                <span class="figure__caption">{caption}</span>
                " "
                <span class="figure__credit">{credit}</span>
            </figcaption>
        </figure>
    }
}

/// The article's shape while it loads.
#[component]
pub fn ArticleSkeleton() -> impl IntoView {
    view! {
        <div class="article article--loading" aria-busy="true">
            <div class="skeleton__title" aria-hidden="true"></div>
            <div class="skeleton__hero" aria-hidden="true"></div>
            <Skeleton lines=8 label=Key::WhatArticle/>
        </div>
    }
}
