//! Byline end to end, in headless Chromium against the release build served by the real
//! endpoint: one module per part of the product, in one test binary (one link, and one
//! ChromeDriver for every test). Run one part with a filter, for example
//! `cargo test -p byline-e2e -- moderation::`.

mod a11y;
mod accounts;
mod chunks;
mod contribute;
mod embed;
mod faults;
mod hostile;
mod moderation;
mod reach;
mod reader;
