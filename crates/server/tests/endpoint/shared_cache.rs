//! The endpoint behind a real shared cache: Debian's nginx with `proxy_cache`, started on
//! loopback from a config in a temp dir, obeying the endpoint's own `Cache-Control` and `Vary`
//! (no cache rules of its own). A second anonymous reader is served from the cache; an answer
//! for one reader never reaches another; a new comment reaches anonymous readers within
//! `max-age` plus `stale-while-revalidate`, and at once at the address the page asks for
//! after its reader posted.

#![allow(clippy::unwrap_used)]

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{self, Answer, FIXTURE, Site};
use byline_contract::moderation::Mode;
use byline_server::SeedSource;
use byline_server::caching::{CachePolicy, Freshness};
use reqwest::StatusCode;
use serde_json::json;

const QUIET: &str = "festival-opens";

/// A partner site the endpoint lets call it (CORS adds `Vary: Origin`).
const PARTNER: &str = "https://partner.example";

/// nginx in front of one endpoint, stopped when dropped.
struct Nginx {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

impl Nginx {
    fn start(upstream: &str) -> Self {
        // A free port can be taken between finding it and nginx binding it: try another.
        for _ in 0..5 {
            if let Some(nginx) = Self::try_start(upstream) {
                return nginx;
            }
        }
        panic!("nginx did not start on any of five ports");
    }

    fn try_start(upstream: &str) -> Option<Self> {
        let nginx = std::env::var("BYLINE_NGINX")
            .expect("BYLINE_NGINX names Debian's nginx (`cargo xtask test` installs and sets it)");
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let upstream = upstream.trim_start_matches("http://");
        let d = dir.path().display();
        let config = format!(
            "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log warn;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  \
             proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  \
             uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n  \
             proxy_cache_path {d}/cache keys_zone=byline:1m;\n  \
             server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      \
             proxy_pass http://{upstream};\n      proxy_http_version 1.1;\n      \
             proxy_cache byline;\n      proxy_cache_revalidate on;\n      \
             proxy_cache_background_update on;\n      proxy_cache_use_stale updating;\n      \
             add_header X-Cache-Status $upstream_cache_status always;\n    }}\n  }}\n}}\n"
        );
        let file = dir.path().join("nginx.conf");
        std::fs::write(&file, config).unwrap();
        let mut child = Command::new(&nginx)
            .arg("-p")
            .arg(dir.path())
            .arg("-c")
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|error| panic!("could not start {nginx}: {error}"));
        let started = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            // It stopped: the port was taken (another try), or it could not run at all.
            if child.try_wait().ok().flatten().is_some() {
                let log = std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default();
                assert!(
                    log.contains("Address already in use"),
                    "nginx stopped: {log}"
                );
                return None;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "nginx did not listen: {}",
                std::fs::read_to_string(dir.path().join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        Some(Self {
            child,
            base: format!("http://127.0.0.1:{port}"),
            _dir: dir,
        })
    }

    /// A GET of an API path through the cache as a browser on a partner's page sends it (its
    /// `Origin`, gzip accepted), with a session cookie if given; the body read decompressed.
    async fn get(&self, site: &Site, path: &str, session: Option<&str>) -> Answer {
        let mut request = site
            .client
            .get(format!("{}/api/v1{path}", self.base))
            .header("Accept-Encoding", "gzip")
            .header("Origin", PARTNER);
        if let Some(session) = session {
            request = request.header("Cookie", format!("byline_session={session}"));
        }
        let response = request.send().await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let text = if headers.get("content-encoding").is_some_and(|v| v == "gzip") {
            let mut text = String::new();
            let mut decoder = flate2::read::GzDecoder::new(&bytes[..]);
            std::io::Read::read_to_string(&mut decoder, &mut text).unwrap();
            text
        } else {
            String::from_utf8(bytes.to_vec()).unwrap()
        };
        Answer {
            status,
            headers,
            text,
        }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cache_status(answer: &Answer) -> &str {
    answer.header("x-cache-status").unwrap_or("")
}

async fn spawn(configure: impl FnOnce(&mut byline_server::Config)) -> Site {
    common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.partner_origins = vec![PARTNER.into()];
        configure(config);
    })
    .await
}

#[tokio::test]
#[ignore = "needs nginx: `cargo xtask test` installs it and runs this"]
async fn a_second_anonymous_reader_is_served_from_the_cache() {
    let site = spawn(|_| {}).await;
    let cache = Nginx::start(&site.base);
    for path in [
        "/articles/dam-talks",
        "/articles/dam-talks/comments?sort=oldest&limit=50",
        "/comments/latest?limit=5",
    ] {
        let first = cache.get(&site, path, None).await;
        assert_eq!(first.status, StatusCode::OK, "{path}: {}", first.text);
        assert_eq!(cache_status(&first), "MISS", "{path}");
        let second = cache.get(&site, path, None).await;
        assert_eq!(cache_status(&second), "HIT", "{path}");
        assert_eq!(second.text, first.text, "{path}");
    }
}

#[tokio::test]
#[ignore = "needs nginx: `cargo xtask test` installs it and runs this"]
async fn an_answer_for_one_reader_never_reaches_another() {
    let site = spawn(|config| config.moderation = Mode::Pre).await;
    let cache = Nginx::start(&site.base);
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let omar = site.member("Omar Haddad", "omar@example.org").await;
    let path = format!("/articles/{QUIET}/comments?sort=oldest&limit=50");
    let held = "Dana's words, still with the moderators.";
    let posted = site
        .post(
            &format!("/articles/{QUIET}/comments"),
            &json!({ "body": held }),
            Some(&dana),
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);

    // An anonymous reader first, so that the cache holds the public page.
    let anyone = cache.get(&site, &path, None).await;
    assert!(!anyone.text.contains(held));
    // Dana sees her held comment, whatever the cache holds, and her answer is not kept.
    for _ in 0..2 {
        let hers = cache.get(&site, &path, Some(&dana)).await;
        assert!(hers.text.contains(held), "{}", hers.text);
        assert_ne!(cache_status(&hers), "HIT");
    }
    // Nobody else gets it: not the next anonymous reader, not another member.
    let next = cache.get(&site, &path, None).await;
    assert_eq!(cache_status(&next), "HIT");
    assert!(!next.text.contains(held));
    let his = cache.get(&site, &path, Some(&omar)).await;
    assert!(!his.text.contains(held));
    assert_ne!(cache_status(&his), "HIT");
}

#[tokio::test]
#[ignore = "needs nginx: `cargo xtask test` installs it and runs this"]
async fn a_new_comment_reaches_anonymous_readers_within_max_age_and_stale() {
    // nginx counts whole seconds: enough of each that a loaded machine still sees every phase.
    let freshness = Freshness {
        max_age: 4,
        stale_while_revalidate: 2,
    };
    let site = spawn(|config| {
        config.cache = CachePolicy {
            comments: freshness,
            ..CachePolicy::default()
        };
    })
    .await;
    let cache = Nginx::start(&site.base);
    let path = format!("/articles/{QUIET}/comments?sort=oldest&limit=50");
    assert_eq!(cache_status(&cache.get(&site, &path, None).await), "MISS");
    assert_eq!(cache_status(&cache.get(&site, &path, None).await), "HIT");
    let words = "A guest's word on the festival.";
    let posted_at = Instant::now();
    let posted = site
        .post(
            &format!("/articles/{QUIET}/comments"),
            &json!({"body": words, "guest": {"name": "Tara Sarraf", "email": "tara@example.org"}}),
            None,
        )
        .await;
    assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
    // The page of the reader who posted asks at an address of its own, which no cache holds.
    let theirs = cache
        .get(&site, &format!("{path}&fresh=1765000000000"), None)
        .await;
    assert!(theirs.text.contains(words));
    // Everyone else gets the kept page until it goes stale, then the new one.
    let bound = Duration::from_secs(u64::from(
        freshness.max_age + freshness.stale_while_revalidate,
    ));
    let mut kept_while_fresh = false;
    loop {
        let answer = cache.get(&site, &path, None).await;
        if answer.text.contains(words) {
            break;
        }
        kept_while_fresh |= matches!(cache_status(&answer), "HIT" | "UPDATING" | "STALE");
        assert!(
            posted_at.elapsed() <= bound + Duration::from_secs(1),
            "the new comment was not out after {:?} (max-age plus stale-while-revalidate: {bound:?})",
            posted_at.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    assert!(
        kept_while_fresh,
        "the cache never served the kept page: it was not in use"
    );
}
