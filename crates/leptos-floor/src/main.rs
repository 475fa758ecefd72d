//! The benchmark's second reference: the least a Leptos CSR page does to show the same article
//! headline and first comments as Byline, built with the same profile and the same wasm-opt,
//! loaded the same way. Where the static floor is what the browser needs, this is what the
//! framework needs; Byline's cost above it is Byline's own.
//!
//! It fetches `/api/v1/articles/{slug}` and its first 50 comment threads (the slug is the
//! query string) and renders the headline and one card per comment, as text. Nothing else:
//! no router, no dates, no forms, no error views.

use byline_contract::{Article, Comment, CommentPage};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

async fn get<T: serde::de::DeserializeOwned>(url: String) -> Option<T> {
    let response = wasm_bindgen_futures::JsFuture::from(window().fetch_with_str(&url))
        .await
        .ok()?
        .dyn_into::<web_sys::Response>()
        .ok()?;
    let text = wasm_bindgen_futures::JsFuture::from(response.text().ok()?)
        .await
        .ok()?
        .as_string()?;
    serde_json::from_str(&text).ok()
}

fn comment_view(comment: Comment) -> AnyView {
    let replies = comment
        .replies
        .into_iter()
        .map(comment_view)
        .collect::<Vec<_>>();
    view! {
        <li class="comment">
            <article class="comment__card">
                <bdi class="comment__author">{comment.author.name}</bdi>
                <div class="comment__body"><p dir="auto">{comment.body}</p></div>
            </article>
            <ol class="comment-list comment-list--replies">{replies}</ol>
        </li>
    }
    .into_any()
}

#[component]
fn Page() -> impl IntoView {
    let slug = window()
        .location()
        .search()
        .unwrap_or_default()
        .trim_start_matches('?')
        .to_owned();
    let base = format!("/api/v1/articles/{slug}");
    let article = LocalResource::new({
        let url = base.clone();
        move || get::<Article>(url.clone())
    });
    let comments =
        LocalResource::new(move || get::<CommentPage>(format!("{base}/comments?limit=50")));
    view! {
        <Suspense>
            {move || Suspend::new(async move {
                article.await.map(|article| view! { <h1 id="article-title">{article.title}</h1> })
            })}
        </Suspense>
        <Suspense>
            {move || Suspend::new(async move {
                comments.await.map(|page| view! {
                    <ol class="comment-list">{page.items.into_iter().map(comment_view).collect::<Vec<_>>()}</ol>
                })
            })}
        </Suspense>
    }
}

fn main() {
    leptos::mount::mount_to_body(Page);
}
