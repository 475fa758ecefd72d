//! The endpoint's tests over real HTTP, one module per part of it, in one test binary: each
//! binary links the whole endpoint (about 50 MB in a debug build, and a link each), so one
//! keeps `cargo xtask test` quick and small on disk. Run one part with a filter, for example
//! `cargo test -p byline-server --test endpoint moderation::`.

#![allow(clippy::unwrap_used)]

mod common;

mod account;
mod api;
mod auth;
mod caching;
mod comments_members;
mod contributions;
mod crash;
mod defences;
mod moderation;
mod oidc;
mod openapi;
mod partner_threads;
mod replay;
mod shared_cache;
