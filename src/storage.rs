//! What the page keeps in the reader's browser: comment drafts per article and the guest's
//! name and address for the next comment.
//!
//! Storage can be missing or full (private windows, quotas); then the page simply forgets, so
//! every function here returns nothing rather than an error.

use byline_contract::GuestIdentity;

const GUEST_KEY: &str = "byline.guest";

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
