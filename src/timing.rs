//! The footer's "Rendered in 0.084 s": the time from navigation start until the parts a page
//! waits for (the article, its first comments) are in the DOM.

use leptos::prelude::*;

/// Measures one page's render; shared through context so the footer can show it.
#[derive(Clone, Copy)]
pub struct RenderClock {
    state: RwSignal<ClockState>,
}

#[derive(Clone, Debug, Default, PartialEq)]
struct ClockState {
    started_ms: f64,
    waiting_for: Vec<&'static str>,
    rendered_ms: Option<f64>,
    first_page_done: bool,
}

fn now_ms() -> f64 {
    window()
        .performance()
        .map_or(0.0, |performance| performance.now())
}

impl RenderClock {
    /// A clock with nothing measured yet.
    pub fn new() -> Self {
        Self {
            state: RwSignal::new(ClockState::default()),
        }
    }

    /// Starts measuring a page that is rendered once every part in `parts` is done. The first
    /// page counts from the browser's navigation start, later ones from the route change.
    pub fn begin(&self, parts: &[&'static str]) {
        self.state.update(|state| {
            state.started_ms = if state.first_page_done { now_ms() } else { 0.0 };
            state.first_page_done = true;
            state.waiting_for = parts.to_vec();
            state.rendered_ms = None;
        });
    }

    /// Marks one part as in the DOM.
    pub fn done(&self, part: &'static str) {
        self.state.update(|state| {
            let before = state.waiting_for.len();
            state.waiting_for.retain(|waiting| *waiting != part);
            if before > 0 && state.waiting_for.is_empty() && state.rendered_ms.is_none() {
                state.rendered_ms = Some(now_ms() - state.started_ms);
            }
        });
    }

    /// The render time of the current page, once every part is done.
    pub fn rendered_ms(&self) -> Option<f64> {
        self.state.with(|state| state.rendered_ms)
    }
}

impl Default for RenderClock {
    fn default() -> Self {
        Self::new()
    }
}

/// The page's clock, or a fresh one where no `App` provided it (component tests).
pub fn use_render_clock() -> RenderClock {
    use_context::<RenderClock>().unwrap_or_default()
}

/// A render time as the footer shows it: seconds to the millisecond, written by the page's
/// number format (never by Rust's float formatting, which would add kilobytes).
pub fn seconds(ms: f64) -> f64 {
    ms.max(0.0).round() / 1000.0
}

/// A duration in whole microseconds, for machine readers (the benchmark) of the footer.
pub fn micros(ms: f64) -> u64 {
    (ms.max(0.0) * 1000.0).round() as u64
}

#[cfg(test)]
mod tests {
    #[test]
    fn render_times_read_in_seconds_to_the_millisecond() {
        assert_eq!(super::seconds(84.2), 0.084);
        assert_eq!(super::seconds(1234.4), 1.234);
        assert_eq!(super::seconds(1234.5), 1.235);
        assert_eq!(super::seconds(0.0), 0.0);
        assert_eq!(super::seconds(-3.0), 0.0);
        assert_eq!(super::micros(84.2), 84_200);
    }
}
