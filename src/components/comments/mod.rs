//! Reader comments under an article: the heading with the count, sorting, the threads, "Load
//! more", and the form.

mod actions;
mod form;
mod item;
mod lazy;
mod like;
mod own;
mod report;
mod thread;

use std::sync::Arc;

use byline_contract::moderation::{Held, Mode};
use byline_contract::{Comment, CommentPage, CommentSort};
use leptos::prelude::*;
use leptos::task::spawn_local;

pub use form::{CommentForm, FormSender, StartsThread};
pub use item::{CommentBody, CommentItem};
pub use lazy::{ActionParts, FormProps, LazyForm, action_parts, form_part};
pub use report::reason_key;
pub use thread::Thread;

use crate::api::{self, ApiError};
use crate::components::feedback::{ErrorNotice, Skeleton};
use crate::components::later::Later;
use crate::i18n::{Arg, Key, tr, tr_around, tr_with};
use crate::session::{Session, use_session};
use crate::storage;

/// What the comment list shares with every comment in it: which one has its reply form open,
/// and the article they belong to. Small and `Copy`, so passing it down re-renders nothing.
#[derive(Clone, Copy)]
pub struct ThreadContext {
    /// The article's slug.
    pub slug: StoredValue<String>,
    /// Opens and closes reply forms: the comment whose form is open, if any.
    pub reply_to: RwSignal<Option<i64>>,
    /// Which comment has its reply form open, as a selector each comment can ask cheaply.
    pub replying_to: StoredValue<Selector<Option<i64>>>,
    /// The comment the address bar points at (`#comment-ID`).
    pub target_id: Memo<Option<i64>>,
    /// Who is reading, to tell their own comments.
    pub session: Session,
    /// The words every comment shows.
    pub words: StoredValue<CommentWords>,
    /// How the article's comments are moderated (closed: no replies either).
    pub moderation: Mode,
    /// What the comments' buttons act on, for the section's one click listener.
    pub actions: actions::Actions,
}

/// The words every comment shows, in the page's language: made once per list rather than once
/// per comment (a thousand comments would format them a thousand times).
pub struct CommentWords {
    /// "Reply".
    pub reply: String,
    /// The permalink's title.
    pub link: String,
    /// The members' badge.
    pub member: String,
    /// "replying to NAME", around the name.
    pub replying_to: (String, String),
    /// "Reply to NAME" (the reply button's label), around the name.
    pub reply_to: (String, String),
    /// "Replies to NAME" (a list of replies' label), around the name.
    pub replies_to: (String, String),
    /// "Report".
    pub report: String,
    /// "Report the comment of NAME" (the report button's label), around the name.
    pub report_comment_of: (String, String),
    /// "Like the comment of NAME" (the like button's label), around the name.
    pub like_comment_of: (String, String),
    /// The featured comments' mark.
    pub featured: String,
    /// "Like".
    pub like: String,
}

impl CommentWords {
    fn new() -> Self {
        Self {
            reply: tr(Key::CommentReply),
            link: tr(Key::CommentLink),
            member: tr(Key::CommentMemberBadge),
            replying_to: tr_around(Key::CommentReplyingTo, "name"),
            reply_to: tr_around(Key::CommentReplyTo, "name"),
            replies_to: tr_around(Key::CommentRepliesTo, "name"),
            report: tr(Key::CommentReport),
            report_comment_of: tr_around(Key::CommentReportLabel, "name"),
            like_comment_of: tr_around(Key::CommentLikeLabel, "name"),
            featured: tr(Key::CommentFeatured),
            like: tr(Key::CommentLike),
        }
    }

    /// A phrase with `name` in its place, isolated from the words around it.
    pub fn with_name((before, after): &(String, String), name: &str) -> String {
        format!("{before}\u{2068}{name}\u{2069}{after}")
    }
}

/// The class of the comment the address names (`#comment-ID`).
const TARGET_CLASS: &str = "comment__card--target";

/// The article's comment count, shared so that a comment deleted in place can lower it.
#[derive(Clone, Copy)]
pub struct CommentTotal(pub RwSignal<u32>);

/// The loaded threads and where the next page starts.
#[derive(Clone, Copy)]
struct Threads {
    items: RwSignal<Vec<Arc<Thread>>>,
    next_cursor: RwSignal<Option<String>>,
    total: RwSignal<u32>,
    sort: RwSignal<CommentSort>,
    loading_more: RwSignal<bool>,
    more_error: RwSignal<Option<ApiError>>,
    /// A thread fetched on its own because the address links to a comment in it that is not
    /// on the pages loaded so far; shown first, and skipped when its page arrives.
    linked: RwSignal<Option<Arc<Thread>>>,
}

impl Threads {
    fn new(page: CommentPage, sort: CommentSort) -> Self {
        Self {
            items: RwSignal::new(threads_of(page.items)),
            next_cursor: RwSignal::new(page.next_cursor),
            total: RwSignal::new(page.total),
            sort: RwSignal::new(sort),
            loading_more: RwSignal::new(false),
            more_error: RwSignal::new(None),
            linked: RwSignal::new(None),
        }
    }

    /// Replaces everything with a fresh first page (after a change of sort).
    fn reset(&self, page: CommentPage, sort: CommentSort) {
        self.items.set(threads_of(page.items));
        self.next_cursor.set(page.next_cursor);
        self.total.set(page.total);
        self.sort.set(sort);
    }

    /// Adds the next page, skipping threads already shown (a comment the reader just posted).
    fn append(&self, page: CommentPage) {
        let linked = self
            .linked
            .with_untracked(|linked| linked.as_ref().map(|t| t.id()));
        self.items.update(|items| {
            let shown: std::collections::HashSet<i64> =
                items.iter().map(|t| t.id()).chain(linked).collect();
            items.extend(
                page.items
                    .into_iter()
                    .filter(|c| !shown.contains(&c.id))
                    .map(Thread::new),
            );
        });
        self.next_cursor.set(page.next_cursor);
        self.total.set(page.total);
    }

    /// The number of featured threads at the head of the list, which every order puts first.
    fn featured_count(&self) -> usize {
        self.items.with_untracked(|items| {
            items
                .iter()
                .take_while(|thread| thread.comment.featured)
                .count()
        })
    }

    /// Shows this browser's own comment that waits for a moderator, in `thread` (fetched
    /// with its edit token): the thread takes the place of the one already shown, or comes
    /// first after the featured ones.
    async fn show_waiting(&self, thread: Comment) {
        let id = thread.id;
        let shown_at = self
            .items
            .with_untracked(|items| items.iter().position(|t| t.id() == id));
        let at = match shown_at {
            Some(at) => {
                // The keyed list keeps a thread's view while its key stays: the old one leaves
                // first, and the new one (with the waiting reply) takes its place a turn later,
                // before the browser paints.
                self.items.try_update(|items| {
                    items.remove(at);
                });
                gloo_timers::future::TimeoutFuture::new(0).await;
                at
            }
            None => self.featured_count(),
        };
        self.items.try_update(|items| {
            if !items.iter().any(|t| t.id() == id) {
                items.insert(at.min(items.len()), Thread::new(thread));
            }
        });
    }

    /// Shows a new top-level comment where the current sort puts it.
    fn add_root(&self, comment: Comment) {
        let comment = Thread::new(comment);
        let sort = self.sort.get_untracked();
        let featured = self.featured_count();
        self.items.update(|items| match sort {
            // First after the featured comments, which lead every order.
            CommentSort::Newest => items.insert(featured, comment),
            // A new comment has no likes yet: last under "Top" too.
            CommentSort::Oldest | CommentSort::Top => items.push(comment),
        });
        self.total.update(|total| *total += 1);
    }
}

/// Whether comment `id`, somewhere in `thread`, still waits for a moderator.
fn still_waiting(thread: &Comment, id: i64) -> bool {
    if thread.id == id {
        return thread.moderation == Some(Held::Pending);
    }
    thread.replies.iter().any(|reply| still_waiting(reply, id))
}

fn threads_of(comments: Vec<Comment>) -> Vec<Arc<Thread>> {
    comments.into_iter().map(Thread::new).collect()
}

/// The comment section of an article.
#[component]
pub fn CommentsSection(
    /// The article's slug.
    #[prop(into)]
    slug: String,
    /// The first page of comments, requested together with the article.
    first_page: LocalResource<Result<CommentPage, ApiError>>,
    /// Called once the first comments and the comment form are in the DOM.
    #[prop(into, optional)]
    on_rendered: Option<Callback<()>>,
    /// The order `first_page` is in (oldest first unless said otherwise).
    #[prop(optional)]
    sort: Option<CommentSort>,
    /// How the article's comments are moderated (post-moderation unless said otherwise).
    #[prop(optional)]
    moderation: Option<Mode>,
) -> impl IntoView {
    let sort = sort.unwrap_or(CommentSort::Oldest);
    let reply_to = RwSignal::new(None);
    let target = comment_in_address();
    let context = ThreadContext {
        slug: StoredValue::new(slug.clone()),
        reply_to,
        replying_to: StoredValue::new(Selector::new(move || reply_to.get())),
        target_id: target,
        session: use_session(),
        words: StoredValue::new(CommentWords::new()),
        moderation: moderation.unwrap_or_default(),
        actions: actions::Actions::new(),
    };
    provide_context(context);

    let content = move || {
        Suspend::new(async move {
            match first_page.await {
                Ok(page) => view! { <LoadedComments page=page sort=sort on_rendered=on_rendered/> }
                    .into_any(),
                Err(error) => view! {
                    <ErrorNotice
                        error=error
                        what=Key::WhatComments
                        on_retry=move |_| first_page.refetch()
                    />
                }
                .into_any(),
            }
        })
    };

    view! {
        <section
            class="comments"
            id="comments"
            aria-labelledby="comments-title"
            on:click=move |event| context.actions.on_click(&event, reply_to)
        >
            <Transition fallback=|| {
                view! {
                    <h2 id="comments-title" class="comments__title">{tr(Key::CommentsList)}</h2>
                    <Skeleton lines=6 label=Key::WhatComments/>
                }
            }>{content}</Transition>
        </section>
    }
}

/// The comments once the first page has arrived.
#[component]
fn LoadedComments(
    page: CommentPage,
    sort: CommentSort,
    on_rendered: Option<Callback<()>>,
) -> impl IntoView {
    let context = expect_context::<ThreadContext>();
    let threads = Threads::new(page, sort);
    provide_context(CommentTotal(threads.total));
    let on_posted = Callback::new(move |comment: Comment| threads.add_root(comment));

    let change_sort = move |sort: CommentSort| {
        if sort == threads.sort.get_untracked() {
            return;
        }
        // Nothing to put in another order (and a partner page's thread that has not started
        // has no comments to ask for).
        if threads.total.get_untracked() == 0 && threads.items.with_untracked(Vec::is_empty) {
            threads.sort.set(sort);
            return;
        }
        let slug = context.slug.get_value();
        threads.loading_more.set(true);
        threads.more_error.set(None);
        spawn_local(async move {
            match api::comments(&slug, sort, None).await {
                Ok(page) => threads.reset(page, sort),
                Err(error) => threads.more_error.set(Some(error)),
            }
            threads.loading_more.set(false);
        });
    };

    let load_more = move || {
        let Some(cursor) = threads.next_cursor.get_untracked() else {
            return;
        };
        if threads.loading_more.get_untracked() {
            return;
        }
        let slug = context.slug.get_value();
        let sort = threads.sort.get_untracked();
        threads.loading_more.set(true);
        threads.more_error.set(None);
        spawn_local(async move {
            match api::comments(&slug, sort, Some(cursor)).await {
                Ok(page) => threads.append(page),
                Err(error) => threads.more_error.set(Some(error)),
            }
            threads.loading_more.set(false);
        });
    };

    // This browser's own comments that wait for a moderator (posted as a guest): the list
    // leaves them out, so they are asked for with their edit tokens and shown again, still
    // marked as waiting, until a moderator decides.
    let article = context.slug.get_value();
    let waiting = storage::waiting(&article);
    if !waiting.is_empty() {
        spawn_local(async move {
            for id in waiting {
                let Some(token) = storage::edit_token(id) else {
                    storage::forget_waiting(&article, id);
                    continue;
                };
                match api::comment_thread(&article, id, Some(&token)).await {
                    Ok(thread) if still_waiting(&thread, id) => threads.show_waiting(thread).await,
                    // Published (it is in the list like any other) or gone.
                    Ok(_) => storage::forget_waiting(&article, id),
                    Err(error) if error.is_not_found() => storage::forget_waiting(&article, id),
                    // Asked again on the next visit.
                    Err(_) => {}
                }
            }
        });
    }

    // The comment named in the address: marked and brought into view once it is on the page
    // (one effect for the list rather than a reactive class on every comment); when it is not
    // on the pages loaded so far, its thread is fetched and shown first.
    let marked = StoredValue::new(None::<i64>);
    Effect::new(move |_| {
        let id = context.target_id.get();
        threads.items.track();
        threads.linked.track();
        let card = |id: i64| document().get_element_by_id(&format!("comment-{id}"));
        if let Some(old) = marked
            .get_value()
            .filter(|old| Some(*old) != id)
            .and_then(card)
        {
            let _ = old.class_list().remove_1(TARGET_CLASS);
        }
        marked.set_value(id);
        let Some(id) = id else {
            return;
        };
        if let Some(card) = card(id) {
            let _ = card.class_list().add_1(TARGET_CLASS);
            card.scroll_into_view();
            return;
        }
        let already_fetched = threads.linked.with_untracked(Option::is_some);
        if already_fetched {
            return;
        }
        let slug = context.slug.get_value();
        spawn_local(async move {
            if let Ok(thread) = api::comment_thread(&slug, id, None).await {
                let shown = threads
                    .items
                    .with_untracked(|items| items.iter().any(|t| t.id() == thread.id));
                if !shown {
                    threads.linked.try_set(Some(Thread::new(thread)));
                }
            }
        });
    });

    // A link to the comments (`…#comments`: a story's comment count on the front page, the
    // way back from signing in, the moderators' list) lands on them. The browser looked for
    // the anchor as the page loaded, before the comments were here, and found nothing. Not
    // when the reader has scrolled meanwhile: their place is theirs.
    let location = leptos_router::hooks::use_location();
    Effect::new(move |_| {
        // The address first: reading the scroll offset makes the browser lay the page out at
        // once, in the middle of rendering the comments (27–35 ms at 4× CPU, traced).
        let to_comments = location.hash.with_untracked(|hash| hash == "#comments");
        if to_comments
            && window().scroll_y().is_ok_and(|y| y < 1.0)
            && let Some(section) = document().get_element_by_id("comments")
        {
            section.scroll_into_view();
        }
    });

    // The page's render time counts the first comments and the form (or its shell); then the
    // chunks the reader may reach for are fetched while the browser is idle.
    let rendered = move || {
        Effect::new(move |_| {
            if let Some(on_rendered) = on_rendered {
                on_rendered.run(());
            }
            crate::chunks::prefetch_when_idle();
        });
    };
    let form_place = if context.session.member_id_untracked().is_some() {
        "comment-form comment-form--coming comment-form--coming-member"
    } else {
        "comment-form comment-form--coming"
    };

    let heading = move || {
        let total = threads.total.get();
        tr_with(
            Key::CommentsHeading,
            &[("count", Arg::Number(f64::from(total)))],
        )
    };

    view! {
        <div class="comments__header">
            <h2 id="comments-title" class="comments__title" tabindex="-1">{heading}</h2>
            <div class="comments__sort" role="group" aria-label=tr(Key::SortComments)>
                <SortButton label=tr(Key::SortOldest) sort=CommentSort::Oldest current=threads.sort on_pick=change_sort/>
                <SortButton label=tr(Key::SortNewest) sort=CommentSort::Newest current=threads.sort on_pick=change_sort/>
                <SortButton label=tr(Key::SortTop) sort=CommentSort::Top current=threads.sort on_pick=change_sort/>
            </div>
        </div>
        {match context.moderation {
            Mode::Closed => {
                rendered();
                view! {
                    <p class="notice comments__closed" id="comments-closed">{tr(Key::CommentsClosed)}</p>
                }
                .into_any()
            }
            mode => view! {
                {(mode != Mode::Post).then(|| view! {
                    <p class="comments__moderated">
                        {tr(if mode == Mode::Pre { Key::FormPremoderated } else { Key::FormFirstModerated })}
                    </p>
                })}
                // Most readers read and few write: the comments reach the DOM a task before
                // the form, whose box holds its place (no comment moves when it comes).
                <Later fallback=move || view! { <div class=form_place aria-hidden="true"></div> }>
                    {rendered();}
                    <LazyForm props=FormProps {
                        slug: context.slug.get_value(),
                        parent_id: None,
                        on_posted,
                        on_cancel: None,
                        autofocus: false,
                    }/>
                </Later>
            }
            .into_any(),
        }}
        {move || {
            (threads.total.get() == 0)
                .then(|| view! { <p class="comments__empty">{tr(Key::CommentsEmpty)}</p> })
        }}
        {move || threads.linked.get().map(|thread| view! {
            <div class="comments__linked" role="region" aria-label=tr(Key::CommentsLinkedRegion)>
                <p class="comments__linked-note">{tr(Key::CommentsLinkedNote)}</p>
                <ol class="comment-list">
                    <CommentItem thread=thread depth=0/>
                </ol>
            </div>
        })}
        <ol class="comment-list" aria-label=tr(Key::CommentsList)>
            <For each=move || threads.items.get() key=|thread| thread.id() let:thread>
                <CommentItem thread=thread depth=0/>
            </For>
        </ol>
        <div class="comments__more" aria-live="polite">
            {move || threads.more_error.get().map(|error| {
                view! { <p class="notice notice--error" role="alert">{error.to_string()}</p> }
            })}
            {move || {
                threads.next_cursor.with(Option::is_some).then(|| {
                    let shown = threads.items.with(Vec::len);
                    view! {
                        <button
                            type="button"
                            class="button button--secondary"
                            aria-busy=move || threads.loading_more.get().to_string()
                            disabled=move || threads.loading_more.get()
                            on:click=move |_| load_more()
                        >
                            {move || tr(if threads.loading_more.get() { Key::Loading } else { Key::LoadMoreComments })}
                        </button>
                        <span class="comments__shown">{tr_with(Key::ThreadsShown, &[("count", Arg::Number(shown as f64))])}</span>
                    }
                })
            }}
        </div>
    }
}

/// One of the sort choices, pressed when it is the current sort.
#[component]
fn SortButton(
    label: String,
    sort: CommentSort,
    current: RwSignal<CommentSort>,
    on_pick: impl Fn(CommentSort) + 'static,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="comments__sort-button"
            aria-pressed=move || (current.get() == sort).to_string()
            on:click=move |_| on_pick(sort)
        >
            {label}
        </button>
    }
}

/// The comment the address bar's `#comment-ID` names, following the address as it changes.
fn comment_in_address() -> Memo<Option<i64>> {
    let location = leptos_router::hooks::use_location();
    Memo::new(move |_| {
        location.hash.with(|hash| {
            hash.strip_prefix("#comment-")
                .and_then(|id| id.parse().ok())
        })
    })
}
