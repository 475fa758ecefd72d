//! The OpenAPI document at `/api/v1/openapi.json`: served, every operation in it routed, and
//! schemathesis (from PyPI) finding no failure against it: no 5xx, and every answer's status,
//! content type, headers and body as the document says.
//!
//! The schemathesis test is `#[ignore]`d in a plain `cargo test` (it needs schemathesis
//! installed); `cargo xtask test` installs it and runs the test with `--ignored`, naming the
//! program in `BYLINE_SCHEMATHESIS`.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use crate::common::{FIXTURE, Site};
use byline_server::SeedSource;
use reqwest::{Method, StatusCode};
use serde_json::Value;

async fn spawn() -> Site {
    common::site(|config| config.seed = SeedSource::File(PathBuf::from(FIXTURE))).await
}

async fn document(site: &Site) -> Value {
    let answer = site.send(site.client.get(site.url("/openapi.json"))).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(answer.content_type(), "application/json");
    answer.json()
}

#[tokio::test]
async fn the_document_is_served_and_every_operation_in_it_is_routed() {
    let site = spawn().await;
    let doc = document(&site).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["servers"][0]["url"], "/api/v1");
    let mut operations = 0;
    for (path, methods) in doc["paths"].as_object().unwrap() {
        // Placeholders filled in: an unknown slug or id is a 404 of its own, not "no route".
        let concrete = path
            .replace("{slug}", "no-such-article")
            .replace("{id}", "999999");
        for method in methods.as_object().unwrap().keys() {
            operations += 1;
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
            let answer = site
                .send(site.request(method.clone(), &concrete, None).body("{}"))
                .await;
            assert_ne!(
                answer.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path} is documented but not routed"
            );
            assert!(
                !answer
                    .text
                    .contains("There is no API route at this address."),
                "{method} {path} is documented but not routed"
            );
        }
    }
    assert!(operations >= 29, "only {operations} operations documented");
}

/// Runs schemathesis against the site; `session` signs its requests in.
async fn schemathesis(site: &Site, session: Option<&str>) {
    let program = std::env::var("BYLINE_SCHEMATHESIS").unwrap_or_else(|_| "st".to_owned());
    // schemathesis keeps a cache in its working directory: a temp dir, not the source tree.
    let scratch = tempfile::tempdir().unwrap();
    let mut command = tokio::process::Command::new(&program);
    command.current_dir(scratch.path());
    command.args([
        "run",
        &site.url("/openapi.json"),
        "--checks",
        "not_a_server_error,status_code_conformance,content_type_conformance,\
         response_headers_conformance,response_schema_conformance",
        "--max-examples",
        "60",
        // One worker: hypothesis describing strategies from two threads at once trips a
        // CPython 3.11 bug in its parser ("AST constructor recursion depth mismatch").
        "--workers",
        "1",
        "--max-redirects",
        "0",
        "--generation-database",
        "none",
        "--no-color",
        "--header",
        "X-Byline-Request: 1",
        "--header",
        &format!("Origin: {}", site.origin),
    ]);
    if let Some(session) = session {
        // Signing out would end the session the rest of the run needs; the first run
        // tests it.
        command.args([
            "--header",
            &format!("Cookie: byline_session={session}"),
            "--exclude-path",
            "/auth/sign-out",
        ]);
    }
    let output = command
        .output()
        .await
        .unwrap_or_else(|error| panic!("cannot run {program} (schemathesis): {error}"));
    let report = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "schemathesis found failures ({}):\n{report}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        report.contains(" passed"),
        "schemathesis ran no test:\n{report}"
    );
    println!("{report}");
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs schemathesis (pip): `cargo xtask test` runs it"]
async fn schemathesis_finds_no_failure_for_a_guest_or_a_moderator() {
    let site = spawn().await;
    schemathesis(&site, None).await;
    // A moderator, so the moderators' routes are reached too.
    let session = site.member("Dana Kaya", "dana@example.org").await;
    byline_server::moderation::grant(
        &site.pool,
        "dana@example.org",
        byline_contract::auth::Role::Moderator,
    )
    .await
    .unwrap();
    schemathesis(&site, Some(&session)).await;
}
