//! Light and dark themes: the reader's system setting (`prefers-color-scheme`) until they
//! choose with the header's toggle; the choice is remembered. `boot/theme.js`, inlined into the
//! pages, puts `theme-dark` or `theme-light` on `<html>` before the first paint. The palettes
//! are CSS custom properties in `style/main.css`.

use leptos::prelude::*;

use crate::storage;

const DARK: &str = "theme-dark";
const LIGHT: &str = "theme-light";

/// Whether the page shows the dark theme now.
pub fn is_dark() -> bool {
    let Some(root) = document().document_element() else {
        return false;
    };
    let classes = root.class_list();
    if classes.contains(DARK) {
        return true;
    }
    if classes.contains(LIGHT) {
        return false;
    }
    system_prefers_dark()
}

/// Shows the dark theme (or the light one) from now on, and remembers the choice.
pub fn choose(dark: bool) {
    apply(dark);
    storage::save_theme(if dark { "dark" } else { "light" });
}

/// The system's setting: whether the reader's device asks for dark pages.
pub fn system_prefers_dark() -> bool {
    window()
        .match_media("(prefers-color-scheme: dark)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Shows the dark or the light theme on this page, whatever the system says.
pub fn apply(dark: bool) {
    if let Some(root) = document().document_element() {
        let classes = root.class_list();
        let (on, off) = if dark { (DARK, LIGHT) } else { (LIGHT, DARK) };
        let _ = classes.remove_1(off);
        let _ = classes.add_1(on);
    }
}
