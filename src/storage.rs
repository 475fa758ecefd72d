//! What the page keeps in the reader's browser. In localStorage: comment drafts per article,
//! the guest's name and address for the next comment, the tokens that let this browser edit
//! or delete the comments it posted (and see them while they wait for a moderator), and who
//! is signed in (a hint: the session itself is an HttpOnly cookie the page cannot read). In
//! sessionStorage, for this tab only: the reader's place on each page of its history
//! (`places.rs`), so a reload returns to it.
//!
//! Storage can be missing or full (private windows, quotas); then the page simply forgets, so
//! every function here returns nothing rather than an error.

use std::cell::RefCell;
use std::collections::HashMap;

use byline_contract::GuestIdentity;
use byline_contract::auth::Member;

const GUEST_KEY: &str = "byline.guest";
const EDIT_TOKENS_KEY: &str = "byline.edit-tokens";
const MEMBER_KEY: &str = "byline.member";
const PLACES_KEY: &str = "byline.places";

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The key of a draft: one per article for a new comment, one per comment for a reply.
pub fn draft_key(slug: &str, parent_id: Option<i64>) -> String {
    match parent_id {
        Some(parent) => format!("byline.draft.{slug}.reply-{parent}"),
        None => format!("byline.draft.{slug}"),
    }
}

/// The draft saved under `key`, if any.
pub fn load_draft(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Saves a draft; an empty one is removed instead.
pub fn save_draft(key: &str, body: &str) {
    if let Some(storage) = local_storage() {
        let _ = if body.trim().is_empty() {
            storage.remove_item(key)
        } else {
            storage.set_item(key, body)
        };
    }
}

/// Forgets a draft once its comment is posted.
pub fn clear_draft(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

const THEME_KEY: &str = "byline.theme";

/// Remembers the reader's theme (`dark` or `light`), which `index.html` reads before the first
/// paint.
pub fn save_theme(theme: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
}

const LANG_KEY: &str = "byline.lang";

/// The interface language the reader chose last (a BCP 47 tag).
pub fn load_lang() -> Option<String> {
    local_storage()?.get_item(LANG_KEY).ok().flatten()
}

/// Remembers the reader's choice of interface language.
pub fn save_lang(tag: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(LANG_KEY, tag);
    }
}

/// The name and address the guest used last time.
pub fn load_guest() -> Option<GuestIdentity> {
    let saved = local_storage()?.get_item(GUEST_KEY).ok().flatten()?;
    serde_json::from_str(&saved).ok()
}

/// Remembers the guest's name and address for their next comment.
pub fn save_guest(guest: &GuestIdentity) {
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(guest)) {
        let _ = storage.set_item(GUEST_KEY, &json);
    }
}

thread_local! {
    /// Whether the member hint lives with this tab only (a widget, whose session token does).
    static MEMBER_PER_TAB: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Keeps the member hint per tab (`sessionStorage`), beside a widget's session token: another
/// tab's widget has its own session, or none, and must not sign this one out.
pub fn keep_member_per_tab() {
    MEMBER_PER_TAB.with(|per_tab| per_tab.set(true));
}

fn member_storage() -> Option<web_sys::Storage> {
    if MEMBER_PER_TAB.with(std::cell::Cell::get) {
        session_storage()
    } else {
        local_storage()
    }
}

/// What this tab keeps until it closes.
fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

const WIDGET_TOKEN_KEY: &str = "byline.widget-session";

/// The session token this tab's widget was handed, if any.
pub fn load_widget_token() -> Option<String> {
    session_storage()?.get_item(WIDGET_TOKEN_KEY).ok().flatten()
}

/// Keeps the widget's session token for this tab, or forgets it.
pub fn save_widget_token(token: Option<&str>) {
    if let Some(storage) = session_storage() {
        let _ = match token {
            Some(token) => storage.set_item(WIDGET_TOKEN_KEY, token),
            None => storage.remove_item(WIDGET_TOKEN_KEY),
        };
    }
}

/// The member this browser signed in as, if it did: shown at once, then checked with the
/// endpoint. Guests have none, so the page asks the endpoint nothing for them.
pub fn load_member() -> Option<Member> {
    let saved = member_storage()?.get_item(MEMBER_KEY).ok().flatten()?;
    serde_json::from_str(&saved).ok()
}

/// Remembers who signed in.
pub fn save_member(member: &Member) {
    if let (Some(storage), Ok(json)) = (member_storage(), serde_json::to_string(member)) {
        let _ = storage.set_item(MEMBER_KEY, &json);
    }
}

/// Forgets who signed in, at sign-out or when the endpoint says the session is over.
pub fn forget_member() {
    if let Some(storage) = member_storage() {
        let _ = storage.remove_item(MEMBER_KEY);
    }
}

thread_local! {
    /// The edit tokens, read from storage once per page: every comment asks, so a lookup must
    /// cost a hash probe, not a storage read.
    static EDIT_TOKENS: RefCell<Option<HashMap<i64, String>>> = const { RefCell::new(None) };
}

fn with_edit_tokens<R>(use_them: impl FnOnce(&mut HashMap<i64, String>) -> R) -> R {
    EDIT_TOKENS.with(|tokens| {
        let mut tokens = tokens.borrow_mut();
        let tokens = tokens.get_or_insert_with(|| {
            local_storage()
                .and_then(|storage| storage.get_item(EDIT_TOKENS_KEY).ok().flatten())
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default()
        });
        use_them(tokens)
    })
}

fn save_edit_tokens(tokens: &HashMap<i64, String>) {
    if let (Some(storage), Ok(json)) = (local_storage(), serde_json::to_string(tokens)) {
        let _ = storage.set_item(EDIT_TOKENS_KEY, &json);
    }
}

/// The token this browser got when it posted comment `id`, if it did.
pub fn edit_token(id: i64) -> Option<String> {
    with_edit_tokens(|tokens| tokens.get(&id).cloned())
}

/// Keeps the token of a comment this browser posted.
pub fn remember_edit_token(id: i64, token: &str) {
    with_edit_tokens(|tokens| {
        tokens.insert(id, token.to_owned());
        save_edit_tokens(tokens);
    });
}

/// Forgets the token of a comment that is gone.
pub fn forget_edit_token(id: i64) {
    with_edit_tokens(|tokens| {
        if tokens.remove(&id).is_some() {
            save_edit_tokens(tokens);
        }
    });
}

/// How long after this browser's last write (a comment, an edit, a like, a report) its reads
/// are asked for past every cache: longer than the endpoint's default freshness of comment
/// pages (10 s, and 60 s stale), so that an answer a cache kept from before the write is never
/// shown to the reader who made it.
pub const WROTE_FRESH_MS: u64 = 120_000;

/// The key of when this browser last wrote.
const WROTE_KEY: &str = "byline.wrote";

/// Notes that this browser has just written.
pub fn remember_wrote() {
    if let Some(storage) = local_storage() {
        // Whole milliseconds: no float is formatted or parsed on the reader's page.
        let now = js_sys::Date::now() as u64;
        let _ = storage.set_item(WROTE_KEY, &now.to_string());
    }
}

/// When this browser last wrote, in ms since the epoch, if that was less than
/// [`WROTE_FRESH_MS`] ago: its reads then name that time, an address no cache holds.
pub fn wrote_lately() -> Option<u64> {
    let at: u64 = local_storage()?
        .get_item(WROTE_KEY)
        .ok()
        .flatten()?
        .parse()
        .ok()?;
    let now = js_sys::Date::now() as u64;
    (now.saturating_sub(at) < WROTE_FRESH_MS).then_some(at)
}

/// The key of the list of a guest's comments on an article that wait for a moderator.
fn waiting_key(slug: &str) -> String {
    format!("byline.waiting.{slug}")
}

/// This browser's comments on article `slug` that waited for a moderator when they were
/// posted (as a guest: a member's come with the comments by themselves).
pub fn waiting(slug: &str) -> Vec<i64> {
    local_storage()
        .and_then(|storage| storage.get_item(&waiting_key(slug)).ok().flatten())
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_default()
}

fn save_waiting(slug: &str, ids: &[i64]) {
    if let Some(storage) = local_storage() {
        let key = waiting_key(slug);
        let _ = match serde_json::to_string(ids) {
            Ok(json) if !ids.is_empty() => storage.set_item(&key, &json),
            _ => storage.remove_item(&key),
        };
    }
}

/// Remembers a guest's comment that waits for a moderator, to show it again after a reload.
pub fn remember_waiting(slug: &str, id: i64) {
    let mut ids = waiting(slug);
    if !ids.contains(&id) {
        ids.push(id);
        save_waiting(slug, &ids);
    }
}

/// Forgets a comment that no longer waits (published, rejected or removed).
pub fn forget_waiting(slug: &str, id: i64) {
    let mut ids = waiting(slug);
    let before = ids.len();
    ids.retain(|kept| *kept != id);
    if ids.len() != before {
        save_waiting(slug, &ids);
    }
}

const RETURN_TO_KEY: &str = "byline.return-to";

/// Remembers where a new member was reading, for when they follow the confirmation link
/// (perhaps in another tab).
pub fn save_return_to(path: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.set_item(RETURN_TO_KEY, path);
    }
}

/// Where a new member was reading when they registered, taken once.
pub fn take_return_to() -> Option<String> {
    let storage = local_storage()?;
    let path = storage.get_item(RETURN_TO_KEY).ok().flatten();
    let _ = storage.remove_item(RETURN_TO_KEY);
    path
}

const RELOADED_KEY: &str = "byline.reloaded";

/// Whether this tab loaded `href` to fetch the other bundle less than five seconds ago (a
/// loop to stop); records this reload otherwise. Without storage, it says no.
pub fn reloaded_recently(href: &str) -> bool {
    let Some(storage) = session_storage() else {
        return false;
    };
    // Whole milliseconds: formatting or parsing a float would pull about 20 KB of code into
    // the page for this one line.
    let now = js_sys::Date::now() as u64;
    let last = storage.get_item(RELOADED_KEY).ok().flatten();
    let recent = last
        .as_deref()
        .and_then(|last| last.split_once(' '))
        .is_some_and(|(at, url)| {
            url == href
                && at
                    .parse::<u64>()
                    .is_ok_and(|at| now.saturating_sub(at) < 5_000)
        });
    if !recent {
        let _ = storage.set_item(RELOADED_KEY, &format!("{now} {href}"));
    }
    recent
}

const BROWSER_KEY: &str = "byline.browser";
const LIKED_KEY: &str = "byline.liked";

/// This browser's own random key, made once: a guest likes a comment once per browser.
pub fn browser_key() -> String {
    let stored = local_storage().and_then(|storage| storage.get_item(BROWSER_KEY).ok().flatten());
    match stored {
        Some(key) if key.len() >= 16 => key,
        _ => {
            let key = crate::api::new_idempotency_key();
            if let Some(storage) = local_storage() {
                let _ = storage.set_item(BROWSER_KEY, &key);
            }
            key
        }
    }
}

thread_local! {
    /// The comments this browser likes, read from storage once per page.
    static LIKED: RefCell<Option<std::collections::HashSet<i64>>> = const { RefCell::new(None) };
}

fn with_liked<R>(use_them: impl FnOnce(&mut std::collections::HashSet<i64>) -> R) -> R {
    LIKED.with(|liked| {
        let mut liked = liked.borrow_mut();
        let liked = liked.get_or_insert_with(|| {
            local_storage()
                .and_then(|storage| storage.get_item(LIKED_KEY).ok().flatten())
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default()
        });
        use_them(liked)
    })
}

/// Whether this browser likes comment `id`.
pub fn likes(id: i64) -> bool {
    with_liked(|liked| liked.contains(&id))
}

/// Remembers whether this browser likes comment `id`.
pub fn set_liked(id: i64, like: bool) {
    with_liked(|liked| {
        let changed = if like {
            liked.insert(id)
        } else {
            liked.remove(&id)
        };
        if let (true, Some(storage), Ok(json)) =
            (changed, local_storage(), serde_json::to_string(liked))
        {
            let _ = storage.set_item(LIKED_KEY, &json);
        }
    });
}

/// Where the reader was on the pages of this tab's history (`path?query` → scroll offset),
/// kept across a reload of the tab: a line each, the offset in pixels, a space, the address (which has
/// no spaces: they are percent-encoded).
pub fn load_places() -> Vec<(String, u32)> {
    let Some(kept) =
        session_storage().and_then(|storage| storage.get_item(PLACES_KEY).ok().flatten())
    else {
        return Vec::new();
    };
    kept.lines()
        .filter_map(|line| {
            let (offset, address) = line.split_once(' ')?;
            Some((address.to_owned(), offset.parse().ok()?))
        })
        .collect()
}

/// Keeps the places for [`load_places`] after a reload.
pub fn save_places(places: &[(String, u32)]) {
    if let Some(storage) = session_storage() {
        let lines: Vec<String> = places
            .iter()
            .map(|(address, offset)| format!("{offset} {address}"))
            .collect();
        let _ = storage.set_item(PLACES_KEY, &lines.join("\n"));
    }
}
