use byline_contract::LatestComment;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api;
use crate::components::feedback::{ErrorNotice, Skeleton};
use crate::components::time::{FullTime, RelativeTime};
use crate::i18n::{Arg, Key, tr, tr_with};
use crate::text::{excerpt, leading_mention};

/// How long a comment's excerpt may be in the sidebar, in characters.
pub const EXCERPT_CHARS: usize = 150;

/// Consecutive comments on the same article, shown above that article's title once.
pub fn group_by_article(comments: Vec<LatestComment>) -> Vec<Vec<LatestComment>> {
    let mut groups: Vec<Vec<LatestComment>> = Vec::new();
    for comment in comments {
        match groups.last_mut() {
            Some(group) if group[0].article.slug == comment.article.slug => group.push(comment),
            _ => groups.push(vec![comment]),
        }
    }
    groups
}

/// "What you say": the newest comments across the site, grouped by article.
#[component]
pub fn LatestComments(
    /// How many comments to show.
    #[prop(default = 8)]
    limit: u32,
) -> impl IntoView {
    let latest = LocalResource::new(move || api::latest_comments(limit));
    view! {
        <section class="sidebar-box latest" aria-labelledby="latest-title">
            <h2 id="latest-title" class="sidebar-box__title">{tr(Key::LatestTitle)}</h2>
            <Transition fallback=|| view! { <Skeleton lines=6 label=Key::WhatLatestComments/> }>
                {move || Suspend::new(async move {
                    match latest.await {
                        Ok(list) if list.items.is_empty() => view! {
                            <p>{tr(Key::LatestEmpty)}</p>
                        }.into_any(),
                        Ok(list) => view! {
                            <ol class="latest__groups">
                                {group_by_article(list.items).into_iter().map(|group| view! { <LatestGroup group=group/> }).collect_view()}
                            </ol>
                        }.into_any(),
                        Err(error) => view! {
                            <ErrorNotice error=error what=Key::WhatLatestComments on_retry=move |_| latest.refetch()/>
                        }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Comments on one article, then the article's title, age and comment count.
#[component]
fn LatestGroup(group: Vec<LatestComment>) -> impl IntoView {
    let article = group[0].article.clone();
    let article_href = format!("/articles/{}", article.slug);
    let count = tr_with(
        Key::CommentCount,
        &[("count", Arg::Number(f64::from(article.comment_count)))],
    );
    let comments = group
        .into_iter()
        .map(|comment| {
            let href = format!("/articles/{}#comment-{}", comment.article.slug, comment.id);
            let text = excerpt(&comment.body, EXCERPT_CHARS);
            // A reply's "@Name:" is isolated, as in the comment itself (`CommentBody`).
            let (mention, words) = match leading_mention(&text) {
                Some((mention, words)) => (Some(mention.to_owned()), words.to_owned()),
                None => (None, text.clone().into_owned()),
            };
            view! {
                <li class="latest__comment">
                    <p class="latest__meta">
                        <bdi class="latest__author">{comment.author.name}</bdi> " "
                        <FullTime at=comment.created_at/>
                    </p>
                    <p class="latest__excerpt" dir="auto">
                        <A href=href>{mention.map(|mention| view! { <bdi>{mention}</bdi> })}{words}</A>
                    </p>
                </li>
            }
        })
        .collect_view();
    view! {
        <li class="latest__group">
            <ul class="latest__comments">{comments}</ul>
            <p class="latest__article">
                {tr(Key::LatestOn)} " " <A href=article_href attr:class="latest__article-title">{article.title}</A>
                " · " <RelativeTime at=article.published_at/>
                " " <span class="latest__count">"(" {count} ")"</span>
            </p>
        </li>
    }
}
