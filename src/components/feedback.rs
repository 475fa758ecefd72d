//! What the reader sees while waiting and when something fails.

use leptos::prelude::*;

use crate::api::ApiError;
use crate::i18n::{Arg, Key, tr, tr_with};

/// An error with a plain-language message and a way to try again.
#[component]
pub fn ErrorNotice(
    /// What went wrong.
    error: ApiError,
    /// Tries the failed request again.
    #[prop(into)]
    on_retry: Callback<()>,
    /// What the reader was waiting for ("the article", "the comments").
    what: Key,
) -> impl IntoView {
    view! {
        <div class="notice notice--error" role="alert">
            <p class="notice__title">{tr_with(Key::CouldNotLoad, &[("what", Arg::Own(&tr(what)))])}</p>
            <p class="notice__detail">{error.to_string()}</p>
            <button type="button" class="button button--secondary" on:click=move |_| on_retry.run(())>
                {tr(Key::TryAgain)}
            </button>
        </div>
    }
}

/// Grey placeholder lines in the shape of what is loading.
#[component]
pub fn Skeleton(
    /// How many lines to draw.
    #[prop(default = 3)]
    lines: usize,
    /// What is loading, for screen readers.
    label: Key,
) -> impl IntoView {
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{tr_with(Key::LoadingWhat, &[("what", Arg::Own(&tr(label)))])}</span>
            {(0..lines).map(|_| view! { <span class="skeleton__line" aria-hidden="true"></span> }).collect_view()}
        </div>
    }
}
