//! What the endpoint's test files share: the real server in-process on a free port with a
//! fresh SQLite file in a temp dir, and answers read whole.

// Each test file uses its own part of this module.
#![allow(dead_code, clippy::unwrap_used)]

use byline_contract::{PROBLEM_CONTENT_TYPE, Problem};
use byline_server::Config;
use reqwest::StatusCode;
use reqwest::header::{self, HeaderMap};
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;
use tempfile::TempDir;

/// A server started for one test, serving until the test ends.
pub struct Started {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The configuration it was started with.
    pub config: Config,
    /// Its database.
    pub pool: SqlitePool,
    /// The temp dir holding the database (and anything else the test put there).
    pub dir: TempDir,
}

/// Starts the server on a fresh database in a temp dir, after `configure` has adjusted the
/// configuration (it gets the temp dir to put files in).
pub async fn start(configure: impl FnOnce(&mut Config, &std::path::Path)) -> Started {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("byline.db"));
    config.addr = ([127, 0, 0, 1], 0).into();
    configure(&mut config, dir.path());
    let server = byline_server::start(config.clone()).await.unwrap();
    let base = format!("http://{}", server.local_addr());
    let pool = server.pool().clone();
    tokio::spawn(server.serve(std::future::pending()));
    Started {
        base,
        config,
        pool,
        dir,
    }
}

/// An answer, read whole.
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    /// Reads a response whole.
    pub async fn read(response: reqwest::Response) -> Self {
        Self {
            status: response.status(),
            headers: response.headers().clone(),
            text: response.text().await.unwrap(),
        }
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The body as `T`, checking it is a JSON success.
    pub fn json<T: DeserializeOwned>(&self) -> T {
        assert!(self.status.is_success(), "{}: {}", self.status, self.text);
        assert_eq!(self.content_type(), "application/json", "{}", self.text);
        serde_json::from_str(&self.text).unwrap()
    }

    /// The body as a problem, checking status and media type.
    pub fn problem(&self, status: StatusCode) -> Problem {
        assert_eq!(self.status, status, "{}", self.text);
        assert_eq!(self.content_type(), PROBLEM_CONTENT_TYPE, "{}", self.text);
        let problem: Problem = serde_json::from_str(&self.text).unwrap();
        assert_eq!(problem.status, status.as_u16());
        assert!(!problem.title.is_empty());
        problem
    }

    /// The fields a problem names.
    pub fn error_fields(&self, status: StatusCode) -> Vec<String> {
        self.problem(status).errors.into_keys().collect()
    }
}
