//! What the page keeps in the reader's browser: comment drafts per article, the guest's name
//! and address for the next comment, and the tokens that let this browser edit or delete the
//! comments it posted.
//!
//! Storage can be missing or full (private windows, quotas); then the page simply forgets, so
//! every function here returns nothing rather than an error.

use std::cell::RefCell;
use std::collections::HashMap;

use byline_contract::GuestIdentity;

const GUEST_KEY: &str = "byline.guest";
const EDIT_TOKENS_KEY: &str = "byline.edit-tokens";

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
