//! `<time>` elements: machine-readable, with the full date on hover.

use leptos::prelude::*;

use crate::time::{date_time, date_time_and_relative};

/// A moment shown as "5 hours ago", with the full date and time as its title.
#[component]
pub fn RelativeTime(
    /// The moment, RFC 3339.
    #[prop(into)]
    at: String,
) -> impl IntoView {
    let (full, shown) = date_time_and_relative(&at);
    view! { <time datetime=at title=full>{shown}</time> }
}

/// A moment shown in full ("24 Nov 2026, 15:38").
#[component]
pub fn FullTime(
    /// The moment, RFC 3339.
    #[prop(into)]
    at: String,
) -> impl IntoView {
    let shown = date_time(&at);
    view! { <time datetime=at>{shown}</time> }
}
