//! The parts of the page that wait in chunks: the WebAssembly of the first load holds reading
//! (the article, the comments as a reader sees them, the sidebars), and what only writing and
//! acting need comes in chunks loaded on demand (the split build: `crates/xtask/src/split.rs`).
//!
//! Each chunk is reached through one split point that hands back plain function pointers into
//! it ([`FormPart`], [`ActionParts`]): the main module holds the pointers' types and not the
//! code behind them. A [`Part`] tracks a chunk's load, so that a control the reader used
//! before its chunk arrived shows itself busy and completes when it comes, and a chunk that
//! failed can be asked for again (a failed load is not remembered: the next try starts anew).
//!
//! After the first comments render, the page asks for both chunks when the browser is idle
//! ([`prefetch_when_idle`]), so that they are usually in before the reader reaches for them.
//!
//! Builds without the `split` feature (the component tests, the pure-logic tests) have no
//! chunks: the same functions run at once.

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// A chunk could not be loaded (the network, a missing file). Nothing the reader typed is
/// lost; asking again starts a new load.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
#[error("a part of the page could not be loaded")]
pub struct ChunkError;

impl From<leptos::wasm_split::SplitLoaderError> for ChunkError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkError
    }
}

/// Declares a split point: `fn $name() -> $ret` whose body runs in chunk `$chunk`, called as
/// `$name().await` (a `Result<$ret, ChunkError>`). Without the `split` feature the body runs
/// in place.
macro_rules! split_point {
    ($chunk:ident, $(#[$attr:meta])* pub fn $name:ident() -> $ret:ty $body:block) => {
        $(#[$attr])*
        #[cfg(feature = "split")]
        #[::leptos::wasm_split::wasm_split($chunk, wasm_split_path = ::leptos::wasm_split, fallible)]
        pub fn $name() -> Result<$ret, $crate::chunks::ChunkError> {
            Ok($body)
        }

        $(#[$attr])*
        #[cfg(not(feature = "split"))]
        pub async fn $name() -> Result<$ret, $crate::chunks::ChunkError> {
            Ok($body)
        }
    };
}
pub(crate) use split_point;

/// Where a chunk's load is.
#[derive(Clone, Copy, Debug)]
pub enum Load<T> {
    /// Not asked for yet.
    NotYet,
    /// On its way.
    Loading,
    /// Here: what it holds.
    Ready(T),
    /// It failed; it may be asked for again.
    Failed,
}

/// How a chunk is loaded: its split point, called.
type Fetch<T> = fn() -> Pin<Box<dyn Future<Output = Result<T, ChunkError>>>>;

/// One chunk's load, shared by every part of the page that needs it.
pub struct Part<T: Copy + Send + Sync + 'static> {
    state: ArcRwSignal<Load<T>>,
    fetch: Fetch<T>,
}

impl<T: Copy + Send + Sync + 'static> Clone for Part<T> {
    fn clone(&self) -> Self {
        Self {
            state: self.state.clone(),
            fetch: self.fetch,
        }
    }
}

impl<T: Copy + Send + Sync + 'static> Part<T> {
    fn new(fetch: Fetch<T>) -> Self {
        Self {
            state: ArcRwSignal::new(Load::NotYet),
            fetch,
        }
    }

    /// Where the load is, tracked.
    pub fn get(&self) -> Load<T> {
        self.state.get()
    }

    /// What it holds, if it is here, untracked.
    pub fn ready_now(&self) -> Option<T> {
        match self.state.get_untracked() {
            Load::Ready(parts) => Some(parts),
            _ => None,
        }
    }

    /// Starts the load unless it is here or on its way.
    pub fn request(&self) {
        if matches!(self.state.get_untracked(), Load::NotYet | Load::Failed) {
            let part = self.clone();
            leptos::task::spawn_local(async move {
                let _ = part.ready().await;
            });
        }
    }

    /// What it holds, once it is here (loading it if need be).
    pub async fn ready(&self) -> Result<T, ChunkError> {
        if let Load::Ready(parts) = self.state.get_untracked() {
            return Ok(parts);
        }
        if !matches!(self.state.get_untracked(), Load::Loading) {
            self.state.set(Load::Loading);
        }
        // Concurrent callers share one load: the loader runs it once.
        let outcome = (self.fetch)().await;
        self.state.set(match outcome {
            Ok(parts) => Load::Ready(parts),
            Err(_) => Load::Failed,
        });
        outcome
    }
}

impl<T: Copy + Send + Sync + 'static> Part<T> {
    /// Whether it is on its way, tracked: a control waiting for it shows itself busy.
    pub fn loading(&self) -> bool {
        self.state.with(|state| matches!(state, Load::Loading))
    }
}

/// The comment form, for new comments and replies (guest and member), and what posting needs.
pub type FormPart = fn(crate::components::comments::FormProps) -> AnyView;

/// What acting on a comment needs: likes, reports, moderators' features, an own comment's
/// edit and delete.
pub type ActionParts = crate::components::comments::ActionParts;

thread_local! {
    static FORM: Part<FormPart> = Part::new(|| Box::pin(crate::components::comments::form_part()));
    static ACTIONS: Part<ActionParts> =
        Part::new(|| Box::pin(crate::components::comments::action_parts()));
}

/// The comment form's chunk.
pub fn form() -> Part<FormPart> {
    FORM.with(Clone::clone)
}

/// The comment actions' chunk.
pub fn actions() -> Part<ActionParts> {
    ACTIONS.with(Clone::clone)
}

/// Asks for every chunk the article page may need once the browser is idle (or after a
/// moment where it cannot say), after the first comments are on the page.
pub fn prefetch_when_idle() {
    let fetch = || {
        form().request();
        actions().request();
    };
    let window = window();
    let idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
        .ok()
        .and_then(|idle| wasm_bindgen::JsCast::dyn_into::<js_sys::Function>(idle).ok());
    match idle {
        Some(idle) => {
            let callback = wasm_bindgen::closure::Closure::once_into_js(fetch);
            let options = js_sys::Object::new();
            // At the latest after two seconds, idle or not.
            let _ = js_sys::Reflect::set(&options, &"timeout".into(), &2000.into());
            let _ = idle.call2(&window, &callback, &options);
        }
        None => set_timeout(fetch, std::time::Duration::from_millis(200)),
    }
}
