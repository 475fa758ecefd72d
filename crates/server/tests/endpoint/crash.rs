//! Crash safety: the real `byline-server` binary is killed with SIGKILL in the middle of a
//! burst of concurrent posts. After a restart on the same SQLite file, every post it had
//! acknowledged is there exactly once, SQLite's integrity check passes, and the posts that got
//! no answer, retried with their idempotency keys, are stored once each.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::sqlite::SqliteConnectOptions;

const STORY: &str = "festival-opens";
/// Concurrent writers, and the posts each tries.
const WRITERS: usize = 8;
const POSTS_EACH: usize = 400;

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// The endpoint binary on `port` over `db`, seeded from the fixture when new.
fn start(db: &Path, port: u16) -> Child {
    Command::new(env!("CARGO_BIN_EXE_byline-server"))
        .args(["--addr", &format!("127.0.0.1:{port}"), "--db"])
        .arg(db)
        .args(["--seed-file", common::FIXTURE])
        // The burst is the test: the flood defences would refuse it.
        .args(["--write-limit", "0", "--duplicate-window", "0"])
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap()
}

/// `byline-server backup --db DB --to COPY`, run to its end.
fn back_up(db: &Path, copy: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_byline-server"))
        .args(["backup", "--db"])
        .arg(db)
        .arg("--to")
        .arg(copy)
        .output()
        .unwrap()
}

async fn wait_until_up(base: &str) {
    let started = Instant::now();
    while reqwest::get(format!("{base}/api/v1/health")).await.is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the endpoint did not start"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn comment(writer: usize, n: usize) -> (String, Value) {
    let body = format!("Crash test comment {writer}-{n}.");
    let value =
        json!({"body": body, "guest": {"name": "Crash Tester", "email": "crash@example.org"}});
    (format!("crash-{writer}-{n}"), value)
}

async fn post(client: &reqwest::Client, base: &str, key: &str, body: &Value) -> Option<StatusCode> {
    client
        .post(format!("{base}/api/v1/articles/{STORY}/comments"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .ok()
        .map(|answer| answer.status())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_killed_endpoint_keeps_every_acknowledged_post_once_and_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("byline.db");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port);
    wait_until_up(&base).await;

    // Every writer posts as fast as it can; acknowledged keys are noted as the 201s arrive.
    let acknowledged = Arc::new(Mutex::new(BTreeSet::new()));
    let client = reqwest::Client::new();
    let writers: Vec<_> = (0..WRITERS)
        .map(|writer| {
            let (client, base, acknowledged) = (client.clone(), base.clone(), acknowledged.clone());
            tokio::spawn(async move {
                for n in 0..POSTS_EACH {
                    let (key, body) = comment(writer, n);
                    match post(&client, &base, &key, &body).await {
                        Some(StatusCode::CREATED) => {
                            acknowledged.lock().unwrap().insert(key);
                        }
                        Some(status) => panic!("{key}: {status}"),
                        // The endpoint is gone: this writer stops.
                        None => return,
                    }
                }
            })
        })
        .collect();
    // Kill it mid-burst, once a good number of posts went through.
    let started = Instant::now();
    while acknowledged.lock().unwrap().len() < 200 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the burst is too slow"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.kill().unwrap(); // SIGKILL
    server.wait().unwrap();
    for writer in writers {
        writer.await.unwrap();
    }
    let acknowledged = acknowledged.lock().unwrap().clone();
    let total = WRITERS * POSTS_EACH;
    assert!(
        acknowledged.len() < total,
        "every post went through before the kill: the test proved nothing"
    );

    // The database, as the killed process left it (with its write-ahead log).
    let pool = sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(&db))
        .await
        .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    pool.close().await;

    // Restarted, the endpoint retries nothing by itself; the writers retry what got no answer.
    let mut server = start(&db, port);
    wait_until_up(&base).await;
    for writer in 0..WRITERS {
        for n in 0..POSTS_EACH {
            let (key, body) = comment(writer, n);
            let status = post(&client, &base, &key, &body).await;
            assert_eq!(status, Some(StatusCode::CREATED), "{key}");
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();

    let pool = sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(&db))
        .await
        .unwrap();
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT body, COUNT(*) FROM comments WHERE body LIKE 'Crash test comment %' GROUP BY body",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let stored: BTreeMap<String, i64> = rows.into_iter().collect();
    for key in &acknowledged {
        assert_eq!(
            stored.get(&body_of_key(key)),
            Some(&1),
            "acknowledged {key}"
        );
    }
    assert_eq!(
        stored.len(),
        total,
        "every post is stored after the retries"
    );
    assert!(
        stored.values().all(|count| *count == 1),
        "a post is stored twice"
    );
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
}

/// The body of the comment posted with `key` (see [`comment`]).
fn body_of_key(key: &str) -> String {
    let rest = key.strip_prefix("crash-").unwrap();
    format!("Crash test comment {rest}.")
}

#[tokio::test]
async fn a_backup_taken_while_serving_restores_the_whole_site() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("byline.db");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&db, port);
    wait_until_up(&base).await;
    let client = reqwest::Client::new();
    for n in 0..20 {
        let (key, body) = comment(0, n);
        assert_eq!(
            post(&client, &base, &key, &body).await,
            Some(StatusCode::CREATED)
        );
    }
    // The backup runs as a command beside the serving endpoint, while comments keep coming.
    let copy = dir.path().join("copy.db");
    let writing = {
        let (client, base) = (client.clone(), base.clone());
        tokio::spawn(async move {
            for n in 20..60 {
                let (key, body) = comment(0, n);
                post(&client, &base, &key, &body).await;
            }
        })
    };
    let backup = back_up(&db, &copy);
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    writing.await.unwrap();
    // Into a file that exists: refused, and the file is left alone.
    assert!(!back_up(&db, &copy).status.success());
    server.kill().unwrap();
    server.wait().unwrap();

    // Restored as the README says: the copy in place of the database, served again.
    let restored = dir.path().join("restored.db");
    std::fs::copy(&copy, &restored).unwrap();
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = start(&restored, port);
    wait_until_up(&base).await;
    let page: Value = client
        .get(format!("{base}/api/v1/articles/{STORY}/comments?limit=100"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bodies: Vec<&str> = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|item| item["body"].as_str())
        .filter(|body| body.starts_with("Crash test comment"))
        .collect();
    // Everything posted before the backup began is in it.
    assert!(bodies.len() >= 20, "{bodies:?}");
    server.kill().unwrap();
    server.wait().unwrap();
}
