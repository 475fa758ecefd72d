//! What the endpoint's test files share: the real server in-process on a free port with a
//! fresh SQLite file in a temp dir, answers read whole, and a [`Site`] to sign members up on.

// Each test module uses its own part of this module.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::PathBuf;
use std::time::{Duration, Instant};

use byline_contract::{PROBLEM_CONTENT_TYPE, Problem};
use byline_server::{Config, SeedSource};
use reqwest::header::{self, HeaderMap};
use reqwest::{Client, StatusCode};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};
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
/// configuration (it gets the temp dir to put files in). The flood defences that count
/// requests over time (the write rate limit, refusing a comment posted again) are off
/// unless `configure` turns them on: tests post quickly, from one address, and often the same
/// words; `tests/defences.rs` tests them.
pub async fn start(configure: impl FnOnce(&mut Config, &std::path::Path)) -> Started {
    let dir = tempfile::tempdir().unwrap();
    let mut config = Config::new(dir.path().join("byline.db"));
    config.addr = ([127, 0, 0, 1], 0).into();
    config.write_limits.per_minute = 0;
    config.comment_checks.duplicate_window = Duration::ZERO;
    config.uploads = dir.path().join("uploads");
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

/// The password every test account is registered with.
pub const PASSWORD: &str = "a river crossing at dusk";

/// The site's address in emailed links (`config.mail.public_url` of a [`Site`]).
pub const PUBLIC_URL: &str = "https://news.example";

/// The mini site of the fixture: a few articles with hand-written threads.
pub const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/mini-site.json");

/// A server for member tests, talked to as the page does: its emails go to a temp outbox and
/// are followed from there.
pub struct Site {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// What the page's own requests send as `Origin`.
    pub origin: String,
    pub client: Client,
    pub pool: SqlitePool,
    /// Where account emails are written.
    pub outbox: PathBuf,
    _dir: TempDir,
}

/// Starts a [`Site`] with no seed, mail to its outbox and links to [`PUBLIC_URL`], after
/// `configure` has adjusted the configuration.
pub async fn site(configure: impl FnOnce(&mut Config)) -> Site {
    let started = start(|config, dir| {
        config.seed = SeedSource::Disabled;
        config.mail.outbox = dir.join("outbox");
        config.mail.public_url = PUBLIC_URL.to_owned();
        configure(config);
    })
    .await;
    let scheme = if started.config.secure_cookies {
        "https"
    } else {
        "http"
    };
    Site {
        origin: started.base.replacen("http", scheme, 1),
        base: started.base,
        client: Client::new(),
        pool: started.pool,
        outbox: started.config.mail.outbox,
        _dir: started.dir,
    }
}

impl Answer {
    /// The whole `Set-Cookie` header.
    pub fn set_cookie(&self) -> &str {
        self.headers
            .get(header::SET_COOKIE)
            .expect("a Set-Cookie header")
            .to_str()
            .unwrap()
    }

    /// The session token the answer sets.
    pub fn session(&self) -> String {
        let cookie = self.set_cookie();
        let value = cookie
            .strip_prefix("byline_session=")
            .unwrap()
            .split(';')
            .next()
            .unwrap();
        assert_eq!(value.len(), 64, "{cookie}");
        value.to_owned()
    }
}

impl Site {
    /// The site's temp dir (its database, outbox and uploads).
    pub fn dir(&self) -> &std::path::Path {
        self._dir.path()
    }

    /// The address of an API path (`/auth/me` → `…/api/v1/auth/me`).
    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    pub async fn send(&self, request: reqwest::RequestBuilder) -> Answer {
        Answer::read(request.send().await.unwrap()).await
    }

    /// A request as the page sends it: its own `Origin`, the custom header, and the session
    /// cookie if given.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        session: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut request = self
            .client
            .request(method, self.url(path))
            .header("Origin", &self.origin)
            .header("X-Byline-Request", "1");
        if let Some(session) = session {
            request = request.header("Cookie", format!("byline_session={session}"));
        }
        request
    }

    /// A JSON POST as the page sends it.
    pub async fn post(&self, path: &str, body: &Value, session: Option<&str>) -> Answer {
        self.send(
            self.request(reqwest::Method::POST, path, session)
                .json(body),
        )
        .await
    }

    pub async fn me(&self, session: Option<&str>) -> Answer {
        let mut request = self.client.get(self.url("/auth/me"));
        if let Some(session) = session {
            request = request.header("Cookie", format!("theme=dark; byline_session={session}"));
        }
        self.send(request).await
    }

    pub async fn register(&self, name: &str, email: &str, password: &str) -> Answer {
        self.post(
            "/auth/register",
            &json!({"display_name": name, "email": email, "password": password}),
            None,
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str, session: Option<&str>) -> Answer {
        self.post(
            "/auth/sign-in",
            &json!({"email": email, "password": password}),
            session,
        )
        .await
    }

    /// Registers and confirms an account; returns the session of the confirmation.
    pub async fn member(&self, name: &str, email: &str) -> String {
        assert_eq!(
            self.register(name, email, PASSWORD).await.status,
            StatusCode::ACCEPTED
        );
        let mail = self.wait_for_mail(email, "confirm", 1).await;
        let token = link_token(&mail[0], "/account/confirm");
        let answer = self
            .post("/auth/confirm", &json!({"token": token}), None)
            .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        answer.session()
    }

    /// The decoded messages of one kind sent to `to`, oldest first.
    pub fn mails(&self, to: &str, kind: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.outbox) else {
            return Vec::new();
        };
        let mut files: Vec<PathBuf> = entries
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.to_string_lossy().ends_with(&format!("-{kind}.eml")))
            .collect();
        files.sort();
        files
            .iter()
            .map(|path| decode(&std::fs::read_to_string(path).unwrap()))
            .filter(|text| text.contains(&format!("To: {to}\r\n")))
            .collect()
    }

    /// Waits (mail is sent in the background) until `count` messages of a kind reached `to`.
    pub async fn wait_for_mail(&self, to: &str, kind: &str, count: usize) -> Vec<String> {
        let started = Instant::now();
        loop {
            let mails = self.mails(to, kind);
            if mails.len() >= count {
                assert_eq!(mails.len(), count, "{mails:?}");
                return mails;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "no {kind} mail for {to}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar(sql).fetch_one(&self.pool).await.unwrap()
    }
}

/// A message with quoted-printable soft breaks and `=3D` undone (enough for links).
pub fn decode(eml: &str) -> String {
    eml.replace("=\r\n", "").replace("=3D", "=")
}

/// The token of the link to `path` in a message.
pub fn link_token(mail: &str, path: &str) -> String {
    let prefix = format!("{PUBLIC_URL}{path}?token=");
    let start = mail
        .find(&prefix)
        .unwrap_or_else(|| panic!("no link in {mail}"))
        + prefix.len();
    let token: String = mail[start..]
        .chars()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    assert_eq!(token.len(), 64, "{mail}");
    token
}
