//! "Like" on a comment (once per account, or per browser for a guest), and the moderators'
//! "Feature" (a featured comment comes first under "Top", and is marked).

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::actions::LIKE;
use crate::i18n::{Arg, Key, tr, tr_with};
use crate::{api, storage};

/// What a like button shows.
#[derive(Clone, Debug, PartialEq)]
pub struct LikeState {
    likes: u32,
    liked: bool,
    /// A like on its way, or waiting for the actions' chunk.
    pub busy: bool,
    /// Why the last like failed.
    pub error: Option<String>,
}

/// A comment's like button (by `label`, "Like the comment of NAME") with its count.
///
/// One signal and one reactive view per comment, with the count's words formatted only when
/// there is a count: a page of a thousand comments stays light. A change (a like, its answer,
/// a failure) updates the button, the count and the message in place. A click reaches it
/// through the section's listener ([`Actions`]).
pub fn like_button(state: RwSignal<LikeState>, text: String, label: String) -> impl IntoView {
    move || {
        state.with(|state| {
            view! {
                <button
                    class=LIKE
                    aria-label=label.clone()
                    aria-pressed=if state.liked { "true" } else { "false" }
                    aria-busy=state.busy.then_some("true")
                >
                    {text.clone()}
                </button>
                {(state.likes > 0 || state.error.is_some()).then(|| view! {
                    <span class="comment__likes">
                        {(state.likes > 0).then(|| {
                            tr_with(Key::CommentLikes, &[("count", Arg::Number(f64::from(state.likes)))])
                        })}
                    </span>
                    {state.error.clone().map(|message| view! {
                        <span class="comment__like-error" role="alert">{message}</span>
                    })}
                })}
            }
        })
    }
}

impl LikeState {
    /// The state of comment `id`'s like button, with `likes` from the endpoint.
    pub fn signal(id: i64, likes: u32) -> RwSignal<Self> {
        RwSignal::new(Self {
            likes,
            liked: storage::likes(id),
            busy: false,
            error: None,
        })
    }
}

/// Likes comment `id`, or takes the like back; one request at a time.
pub fn toggle_like(id: i64, state: RwSignal<LikeState>) {
    let Some((busy, want)) = state.try_with_untracked(|state| (state.busy, !state.liked)) else {
        return;
    };
    if busy {
        return;
    }
    state.update(|state| {
        state.busy = true;
        state.error = None;
    });
    spawn_local(async move {
        let answer = api::like_comment(id, want).await;
        state.try_update(|state| {
            state.busy = false;
            match answer {
                Ok(answer) => {
                    storage::set_liked(id, answer.liked);
                    state.liked = answer.liked;
                    state.likes = answer.likes;
                }
                Err(error) => state.error = Some(error.to_string()),
            }
        });
    });
}

/// A moderator's "Feature" / "Stop featuring" for comment `id`.
#[component]
pub fn FeatureButton(id: i64, featured: bool) -> impl IntoView {
    let featured = RwSignal::new(featured);
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let toggle = move |_| {
        error.set(None);
        busy.set(true);
        spawn_local(async move {
            let parts = crate::chunks::actions().ready().await;
            busy.try_set(false);
            match parts {
                Ok(parts) => (parts.feature)(id, featured, error),
                Err(failure) => {
                    error.try_set(Some(failure.to_string()));
                }
            }
        });
    };
    view! {
        <button
            type="button"
            class="comment__action"
            aria-pressed=move || featured.get().to_string()
            aria-busy=move || busy.get().to_string()
            on:click=toggle
        >
            {move || tr(if featured.get() { Key::CommentUnfeature } else { Key::CommentFeature })}
        </button>
        {move || error.get().map(|message| view! {
            <span class="comment__like-error" role="alert">{message}</span>
        })}
    }
}

/// Features comment `id`, or stops featuring it (`featured` says which it is now).
pub fn feature_toggle(id: i64, featured: RwSignal<bool>, error: RwSignal<Option<String>>) {
    let Some(want) = featured.try_get_untracked().map(|featured| !featured) else {
        return;
    };
    spawn_local(async move {
        match api::feature_comment(id, want).await {
            Ok(comment) => {
                featured.try_set(comment.featured);
            }
            Err(failure) => {
                error.try_set(Some(failure.to_string()));
            }
        }
    });
}
