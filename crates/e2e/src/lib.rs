//! The end-to-end harness: a real `byline-server` on a fresh SQLite file serving the release
//! build in `dist/`, and headless Chromium driven over ChromeDriver.
//!
//! Tests find things the way a reader does, by role, label and visible text (see [`Page`]),
//! never by CSS paths into the markup.

pub mod faults;

pub use faults::{Fault, FaultProxy};

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};

/// How long a test waits for something to appear before it fails.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// An XPath test for a comment form's shell, the form's stand-in until its chunk comes.
const SHELL: &str = "contains(concat(' ', @class, ' '), ' comment-form--shell ')";

/// The workspace root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The release build the endpoint serves (`BYLINE_DIST`, else `dist/`).
pub fn dist_dir() -> PathBuf {
    std::env::var_os("BYLINE_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("dist"))
}

fn server_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("BYLINE_SERVER_BIN") {
        return PathBuf::from(path);
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"));
    target.join("debug").join("byline-server")
}

/// Whether something listens on `host:port` within [`PATIENCE`].
async fn listening(host: &str, port: u16) -> bool {
    let deadline = Instant::now() + PATIENCE;
    while Instant::now() < deadline {
        if tokio::net::TcpStream::connect((host, port)).await.is_ok() {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

/// A port nothing listens on right now.
pub fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("no free port")?;
    Ok(listener.local_addr()?.port())
}

/// One Byline site: the endpoint with its own database, serving the release front end.
pub struct Site {
    port: u16,
    dir: tempfile::TempDir,
    server: Option<Child>,
    extra_args: Vec<String>,
}

impl Site {
    /// Starts the endpoint on a free port with a fresh, seeded database.
    pub async fn start() -> Result<Self> {
        Self::start_with(|_| Vec::new()).await
    }

    /// [`Site::start`], with more `byline-server` flags, made from the site's own address
    /// (`http://127.0.0.1:PORT`).
    pub async fn start_with(extra_args: impl FnOnce(&str) -> Vec<String>) -> Result<Self> {
        let port = free_port()?;
        let args = extra_args(&format!("http://127.0.0.1:{port}"));
        Self::start_at(port, args).await
    }

    /// [`Site::start`] on a given port (see [`free_port`]) with more `byline-server` flags, for
    /// a test that must know the site's address before it starts (an OpenID provider's
    /// redirect address).
    pub async fn start_at(port: u16, extra_args: Vec<String>) -> Result<Self> {
        let dist = dist_dir();
        if !dist.join("index.html").exists() {
            bail!(
                "{} has no index.html: run `trunk build --release` first (cargo xtask test does)",
                dist.display()
            );
        }
        let mut site = Self {
            port,
            dir: tempfile::tempdir().context("no temp dir")?,
            server: None,
            extra_args,
        };
        site.resume().await?;
        Ok(site)
    }

    /// The site's address, e.g. `http://127.0.0.1:41234`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// Stops the endpoint, as a crash or an outage would, keeping its database.
    pub fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = server.kill();
            let _ = server.wait();
        }
    }

    /// Starts the endpoint again on the same port and database.
    pub async fn resume(&mut self) -> Result<()> {
        let binary = server_binary();
        let server = Command::new(&binary)
            .arg("--addr")
            .arg(format!("127.0.0.1:{}", self.port))
            .arg("--db")
            .arg(self.dir.path().join("byline.db"))
            .arg("--static")
            .arg(dist_dir())
            .arg("--outbox")
            .arg(self.dir.path().join("outbox"))
            .args(&self.extra_args)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start {}", binary.display()))?;
        self.server = Some(server);
        let health = self.url("/api/v1/health");
        // Each try has a deadline of its own: one that hangs (a connection accepted while the
        // machine is busy) is given up and tried again, within the overall deadline.
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(2))
            .build()?;
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(response) = client.get(&health).send().await
                && response.status().is_success()
            {
                return Ok(());
            }
            // One that stopped (its port taken, a flag refused) will not answer: say so now.
            if let Some(server) = self.server.as_mut()
                && let Ok(Some(status)) = server.try_wait()
            {
                bail!("the endpoint stopped as it started ({status}); see its output above");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the endpoint did not answer {health} within 30 s")
    }

    /// `GET` an API path as JSON, for checks a reader cannot make with their eyes.
    pub async fn api(&self, path: &str) -> Result<serde_json::Value> {
        let response = reqwest::get(self.url(&format!("/api/v1{path}"))).await?;
        Ok(response.json().await?)
    }

    /// A request to an API path as the site's own pages send it (their `Origin` and the
    /// custom header of the cross-site check), signed in with `session` if given.
    pub fn request(
        &self,
        method: reqwest::Method,
        path: &str,
        session: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let mut request = reqwest::Client::new()
            .request(method, self.url(&format!("/api/v1{path}")))
            .header("Origin", self.url(""))
            .header("X-Byline-Request", "1");
        if let Some(session) = session {
            request = request.header("Cookie", format!("byline_session={session}"));
        }
        request
    }

    /// Registers and confirms a member through the API, following the confirmation link in
    /// the site's outbox; returns the session the confirmation signed in.
    pub async fn member(&self, name: &str, email: &str, password: &str) -> Result<String> {
        let body = serde_json::json!({"display_name": name, "email": email, "password": password});
        let answer = self
            .request(reqwest::Method::POST, "/auth/register", None)
            .json(&body)
            .send()
            .await?;
        if answer.status() != reqwest::StatusCode::ACCEPTED {
            bail!("registering {email}: {}", answer.status());
        }
        let token = self.confirm_token(email).await?;
        let answer = self
            .request(reqwest::Method::POST, "/auth/confirm", None)
            .json(&serde_json::json!({ "token": token }))
            .send()
            .await?;
        let cookie = answer
            .headers()
            .get("set-cookie")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.strip_prefix("byline_session="))
            .and_then(|value| value.split(';').next())
            .map(str::to_owned)
            .with_context(|| format!("confirming {email}: {}", answer.status()))?;
        Ok(cookie)
    }

    /// The token of the confirmation link the outbox holds for `email`.
    async fn confirm_token(&self, email: &str) -> Result<String> {
        let marker = "/account/confirm?token=";
        let text = self.outbox_message(email, marker).await?;
        let (_, rest) = text.split_once(marker).context("no link")?;
        Ok(rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect())
    }

    /// Waits for an email to `email` in the site's outbox whose text contains `containing`,
    /// and returns its text with quoted-printable soft breaks and `=3D` undone (enough to
    /// read a link or a reference).
    pub async fn outbox_message(&self, email: &str, containing: &str) -> Result<String> {
        let outbox = self.dir.path().join("outbox");
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            for entry in std::fs::read_dir(&outbox).into_iter().flatten().flatten() {
                let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
                let text = text.replace("=\r\n", "").replace("=3D", "=");
                if text.contains(&format!("To: {email}")) && text.contains(containing) {
                    return Ok(text);
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!(
            "no email to {email} with {containing:?} in {}",
            outbox.display()
        )
    }

    /// Where the endpoint keeps contributed files (`uploads/` beside its database).
    pub fn uploads_dir(&self) -> PathBuf {
        self.dir.path().join("uploads")
    }

    /// Gives a member a role with `byline-server grant`, as a site's operator does.
    pub fn grant(&self, email: &str, role: &str) -> Result<()> {
        let status = Command::new(server_binary())
            .arg("grant")
            .arg("--db")
            .arg(self.dir.path().join("byline.db"))
            .args(["--email", email, "--role", role])
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("byline-server grant {email} {role} failed: {status}");
        }
        Ok(())
    }

    /// The slug of the newest seeded article in `lang` (`en`, `ar`, `ckb`, `kmr`).
    pub async fn article_in(&self, lang: &str) -> Result<String> {
        let page = self.api("/articles?limit=50").await?;
        page["items"]
            .as_array()
            .context("items")?
            .iter()
            .find(|item| item["lang"] == lang)
            .and_then(|item| item["slug"].as_str())
            .map(str::to_owned)
            .with_context(|| format!("no seeded article in {lang}"))
    }

    /// A seeded article in English with a handful of comments, for posting into: its slug and
    /// title. (The interface speaks an article's language, and tests read English.)
    pub async fn small_article(&self) -> Result<(String, String)> {
        let page = self.api("/articles?limit=50").await?;
        for item in page["items"].as_array().context("items")? {
            let count = item["comment_count"].as_u64().unwrap_or(0);
            if (1..100).contains(&count) && item["lang"] == "en" {
                return Ok((
                    item["slug"].as_str().unwrap_or_default().to_owned(),
                    item["title"].as_str().unwrap_or_default().to_owned(),
                ));
            }
        }
        bail!("no article with a few comments")
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A real SMTP server on loopback (aiosmtpd), keeping every message it receives in a
/// Maildir, for following the links in account emails.
pub struct SmtpServer {
    port: u16,
    dir: tempfile::TempDir,
    process: Child,
}

impl SmtpServer {
    /// Starts aiosmtpd on a free port, with the Python in `BYLINE_SMTP_PYTHON` (Debian's own,
    /// `/usr/bin/python3`, by default; `cargo xtask test` installs `python3-aiosmtpd`).
    pub async fn start() -> Result<Self> {
        let python =
            std::env::var("BYLINE_SMTP_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned());
        let port = free_port()?;
        let dir = tempfile::tempdir().context("no temp dir")?;
        let process = Command::new(&python)
            .args(["-m", "aiosmtpd", "-n", "-l"])
            .arg(format!("127.0.0.1:{port}"))
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(dir.path().join("maildir"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("could not start aiosmtpd with {python}"))?;
        let server = Self { port, dir, process };
        if listening("127.0.0.1", port).await {
            return Ok(server);
        }
        bail!("aiosmtpd did not listen on port {port} (is python3-aiosmtpd installed?)")
    }

    /// The `--smtp-url` that sends to it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Waits for a message to `to` whose text contains `containing`, and returns it with
    /// quoted-printable soft line breaks and `=3D` undone (enough to read links).
    pub async fn message(&self, to: &str, containing: &str) -> Result<String> {
        let new = self.dir.path().join("maildir").join("new");
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if let Ok(entries) = std::fs::read_dir(&new) {
                for entry in entries.flatten() {
                    let text = std::fs::read_to_string(entry.path())
                        .unwrap_or_default()
                        .replace("=\r\n", "")
                        .replace("=\n", "")
                        .replace("=3D", "=");
                    if text.contains(&format!("To: {to}")) && text.contains(containing) {
                        return Ok(text);
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("no message to {to} containing {containing:?} reached the SMTP server")
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// The ChromeDriver process shared by every test in a binary.
fn chromedriver() -> Result<u16> {
    static DRIVER: OnceLock<std::result::Result<u16, String>> = OnceLock::new();
    DRIVER
        .get_or_init(|| {
            let port = free_port().map_err(|e| e.to_string())?;
            let path = std::env::var("CHROMEDRIVER")
                .unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned());
            // ChromeDriver outlives the process that started it, so a small shell watches the
            // test binary and stops the driver within a second of its exit (a run would
            // otherwise leave one driver behind per test binary).
            let parent = std::process::id();
            let watch = format!(
                "\"$0\" --port={port} & driver=$!; \
                 while kill -0 {parent} 2>/dev/null; do sleep 1; done; kill $driver"
            );
            Command::new("sh")
                .arg("-c")
                .arg(watch)
                .arg(&path)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .map_err(|e| format!("could not start {path}: {e}"))?;
            let deadline = Instant::now() + Duration::from_secs(20);
            while Instant::now() < deadline {
                if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                    return Ok(port);
                }
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(format!("{path} did not listen on port {port}"))
        })
        .clone()
        .map_err(|message| anyhow!(message))
}

/// A real OpenID Connect provider on loopback: the npm package `oidc-provider` run by
/// `crates/e2e/npm/provider.mjs` (installed by `cargo xtask test` with `npm ci`). Its login
/// page takes any login and password; the login `NAME` signs in as `NAME@example.org`, with
/// the name "Name (OIDC)", verified unless the login starts with `unverified`.
pub struct OidcProvider {
    issuer: String,
    process: Child,
    client_id: String,
    client_secret: String,
    _dir: tempfile::TempDir,
    providers_file: PathBuf,
}

impl OidcProvider {
    /// Starts the provider with one client whose only redirect address is `redirect_uri`.
    pub async fn start(redirect_uri: &str) -> Result<Self> {
        let script = root().join("crates/e2e/npm/provider.mjs");
        let client_id = "byline-e2e".to_owned();
        let client_secret = format!("secret-{}", free_port()?);
        let mut process = Command::new("node")
            .arg(&script)
            .env("OIDC_PORT", "0")
            .env("OIDC_CLIENT_ID", &client_id)
            .env("OIDC_CLIENT_SECRET", &client_secret)
            .env("OIDC_REDIRECT_URIS", redirect_uri)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .with_context(|| format!("could not run node {}", script.display()))?;
        let stdout = process.stdout.take().context("no stdout")?;
        // The one line it prints once it listens.
        let line = tokio::time::timeout(
            PATIENCE,
            tokio::task::spawn_blocking(move || {
                let mut line = String::new();
                std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
                    .map(|_| line)
            }),
        )
        .await
        .context("the OpenID provider did not start in time")???;
        let issuer = line
            .trim()
            .strip_prefix("listening on ")
            .with_context(|| {
                format!(
                    "the OpenID provider said {line:?} (did `npm ci --prefix crates/e2e/npm` run?)"
                )
            })?
            .to_owned();
        let dir = tempfile::tempdir().context("no temp dir")?;
        let providers_file = dir.path().join("providers.json");
        Ok(Self {
            issuer,
            process,
            client_id,
            client_secret,
            _dir: dir,
            providers_file,
        })
    }

    /// Its issuer address.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// Writes a `--oidc-providers` file naming this provider as `id` with the button text
    /// `name`, and returns its path.
    pub fn providers_file(&self, id: &str, name: &str) -> Result<String> {
        let providers = serde_json::json!([{
            "id": id,
            "name": name,
            "issuer": self.issuer,
            "client_id": self.client_id,
            "client_secret": self.client_secret,
        }]);
        std::fs::write(&self.providers_file, providers.to_string())?;
        Ok(self.providers_file.display().to_string())
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A partner's site on another origin (`http://HOST:PORT`, HOST a loopback address such as
/// 127.0.0.2): static pages served by Python's `http.server` from a temp dir.
pub struct PartnerSite {
    origin: String,
    dir: tempfile::TempDir,
    process: Child,
}

impl PartnerSite {
    /// Serves an empty site on `host`.
    pub async fn start(host: &str) -> Result<Self> {
        let port = free_port()?;
        let dir = tempfile::tempdir().context("no temp dir")?;
        let process = Command::new("/usr/bin/python3")
            .args(["-m", "http.server", "--bind", host])
            .arg(port.to_string())
            .arg("--directory")
            .arg(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("could not start python3 -m http.server")?;
        let site = Self {
            origin: format!("http://{host}:{port}"),
            dir,
            process,
        };
        if listening(host, port).await {
            return Ok(site);
        }
        bail!("the partner site did not listen on {host}:{port}")
    }

    /// Its origin, e.g. `http://127.0.0.2:41234`.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Writes a page and returns its address.
    pub fn page(&self, name: &str, html: &str) -> Result<String> {
        std::fs::write(self.dir.path().join(name), html)?;
        Ok(format!("{}/{name}", self.origin))
    }
}

impl Drop for PartnerSite {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}

/// A fresh headless Chromium window with its own empty profile.
pub struct Page {
    client: Client,
    _profile: tempfile::TempDir,
}

impl Page {
    /// Opens a new browser session.
    pub async fn open() -> Result<Self> {
        Self::open_with_prefs(serde_json::json!({})).await
    }

    /// Opens a new browser session that blocks third-party cookies, as more and more browsers
    /// do by default.
    pub async fn open_blocking_third_party_cookies() -> Result<Self> {
        Self::open_with_prefs(serde_json::json!({
            "profile.cookie_controls_mode": 1,
            "profile.block_third_party_cookies": true,
        }))
        .await
    }

    async fn open_with_prefs(prefs: serde_json::Value) -> Result<Self> {
        let port = chromedriver()?;
        let profile = tempfile::tempdir()?;
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--no-first-run",
                    "--window-size=1280,900",
                    format!("--user-data-dir={}", profile.path().display()),
                ],
                "prefs": prefs,
            }),
        );
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = ClientBuilder::new(connector)
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .context("could not open a Chromium session")?;
        Ok(Self {
            client,
            _profile: profile,
        })
    }

    /// The WebDriver client, for what the helpers below do not cover.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Goes to a URL.
    pub async fn visit(&self, url: &str) -> Result<()> {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Signs in through the page at `site` as `email` with `password`; ends back on
    /// `back_to` (a path).
    pub async fn sign_in(
        &self,
        site: &Site,
        email: &str,
        password: &str,
        back_to: &str,
    ) -> Result<()> {
        let next = back_to.replace('/', "%2F").replace('#', "%23");
        self.visit(&site.url(&format!("/account/sign-in?next={next}")))
            .await?;
        self.heading(1, "Sign in").await?;
        self.fill_in("Email", email).await?;
        self.fill_in("Password", password).await?;
        self.button("Sign in").await?.click().await?;
        self.until("signing in", || async {
            Ok(self.path().await? != "/account/sign-in")
        })
        .await
    }

    /// Reloads the page.
    pub async fn reload(&self) -> Result<()> {
        self.client.refresh().await?;
        Ok(())
    }

    /// The path and fragment of the current address.
    pub async fn path(&self) -> Result<String> {
        let url = self.client.current_url().await?;
        Ok(match url.fragment() {
            Some(fragment) => format!("{}#{fragment}", url.path()),
            None => url.path().to_owned(),
        })
    }

    /// Waits for an element an XPath finds.
    async fn wait_for(&self, xpath: &str, what: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::XPath(xpath))
            .await
            .with_context(|| format!("could not see {what}"))
    }

    /// Waits for visible text anywhere on the page.
    pub async fn see_text(&self, text: &str) -> Result<Element> {
        self.wait_for(
            &format!(
                "//body//*[not(self::script)][contains(normalize-space(text()), {})]",
                literal(text)
            ),
            &format!("the text {text:?}"),
        )
        .await
    }

    /// Whether some text is on the page right now (no waiting).
    pub async fn has_text(&self, text: &str) -> Result<bool> {
        let found = self
            .client
            .find_all(Locator::XPath(&format!(
                "//body//*[not(self::script)][contains(normalize-space(text()), {})]",
                literal(text)
            )))
            .await?;
        Ok(!found.is_empty())
    }

    /// Waits for a heading of the given level containing the text.
    pub async fn heading(&self, level: u8, text: &str) -> Result<Element> {
        self.wait_for(
            &format!(
                "//h{level}[contains(normalize-space(.), {})]",
                literal(text)
            ),
            &format!("an h{level} heading {text:?}"),
        )
        .await
    }

    /// Waits for a button whose accessible name (text or aria-label) contains the text. A
    /// button of a comment form's shell (see [`Page::shell_button`]) is not one: the form
    /// takes the shell's place when its chunk comes.
    pub async fn button(&self, name: &str) -> Result<Element> {
        self.wait_for(
            &format!(
                "//button[not(ancestor::form[{SHELL}])][contains(normalize-space(.), {0}) or contains(@aria-label, {0})]",
                literal(name)
            ),
            &format!("a button {name:?}"),
        )
        .await
    }

    /// Waits for a button of a comment form's shell, which stands in for the form until the
    /// form's chunk comes.
    pub async fn shell_button(&self, name: &str) -> Result<Element> {
        self.wait_for(
            &format!(
                "//form[{SHELL}]//button[contains(normalize-space(.), {})]",
                literal(name)
            ),
            &format!("a button {name:?} in a form's shell"),
        )
        .await
    }

    /// Waits for a link whose text contains the given text.
    pub async fn link(&self, text: &str) -> Result<Element> {
        self.wait_for(
            &format!("//a[contains(normalize-space(.), {})]", literal(text)),
            &format!("a link {text:?}"),
        )
        .await
    }

    /// Waits for the form field whose `<label>` starts with the text, within the first form
    /// found (or the form with the given heading: see [`Page::field_in`]).
    pub async fn field(&self, label: &str) -> Result<Element> {
        self.field_in("Add a comment", label).await
    }

    /// A form field anywhere on the page, by the exact text of its label.
    pub async fn labelled(&self, label: &str) -> Result<Element> {
        self.field_of_label(
            &format!("//label[normalize-space(.)={}]", literal(label)),
            label,
            &format!("a field labelled {label:?}"),
        )
        .await
    }

    /// Waits for the field labelled `label` in the form headed `form` (the form itself, not
    /// its shell: see [`Page::shell_field`]).
    pub async fn field_in(&self, form: &str, label: &str) -> Result<Element> {
        self.field_of_label(
            &format!(
                "//form[not({SHELL})][.//h3[normalize-space(.)={}]]//label[starts-with(normalize-space(.), {})]",
                literal(form),
                literal(label)
            ),
            label,
            &format!("a field labelled {label:?} in {form:?}"),
        )
        .await
    }

    /// Waits for the field labelled `label` in the shell of the new comment's form, which
    /// stands in for the form until the form's chunk comes.
    pub async fn shell_field(&self, label: &str) -> Result<Element> {
        self.field_of_label(
            &format!(
                "//form[{SHELL}]//label[starts-with(normalize-space(.), {})]",
                literal(label)
            ),
            label,
            &format!("a field labelled {label:?} in a form's shell"),
        )
        .await
    }

    /// The field the first label matching `label_xpath` points at.
    async fn field_of_label(&self, label_xpath: &str, label: &str, what: &str) -> Result<Element> {
        let label_element = self.wait_for(label_xpath, what).await?;
        let id = label_element
            .attr("for")
            .await?
            .ok_or_else(|| anyhow!("the label {label:?} points at no field"))?;
        Ok(self.client.find(Locator::Id(&id)).await?)
    }

    /// Types into a field, replacing what it held.
    pub async fn fill(&self, field: &Element, text: &str) -> Result<()> {
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Types into the field labelled exactly `label` (see [`Page::labelled`]).
    pub async fn fill_in(&self, label: &str, text: &str) -> Result<()> {
        self.fill(&self.labelled(label).await?, text).await
    }

    /// Waits until an alert (`role="alert"`) containing the text appears.
    pub async fn alert(&self, text: &str) -> Result<Element> {
        self.wait_for(
            &format!(
                "//*[@role='alert'][contains(normalize-space(.), {})]",
                literal(text)
            ),
            &format!("an alert saying {text:?}"),
        )
        .await
    }

    /// The error messages tied to a field through `aria-describedby`.
    pub async fn field_error(&self, field: &Element) -> Result<String> {
        let ids = field.attr("aria-describedby").await?.unwrap_or_default();
        for id in ids.split_whitespace().filter(|id| id.ends_with("-error")) {
            if let Ok(element) = self.client.find(Locator::Id(id)).await {
                return Ok(element.text().await?);
            }
        }
        Ok(String::new())
    }

    /// Waits for a comment's text, and checks its header carries `mark` ("edited", "member"),
    /// not just anywhere on the page.
    pub async fn see_comment_marked(&self, text: &str, mark: &str) -> Result<()> {
        self.see_text(text).await?;
        self.client
            .find(Locator::XPath(&format!(
                "//article[.//p[contains(., {})]]//header//*[normalize-space(text()) = {}]",
                literal(text),
                literal(mark)
            )))
            .await
            .with_context(|| format!("the comment {text:?} is not marked {mark:?}"))?;
        Ok(())
    }

    /// Waits until `check` holds, polling.
    pub async fn until<F, Fut>(&self, what: &str, mut check: F) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if check().await.unwrap_or(false) {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!("gave up waiting for {what}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits until an element matching `selector` (CSS) is in the page.
    pub async fn until_present(&self, what: &str, selector: &str) -> Result<()> {
        self.until(what, || async {
            let here = self
                .client
                .execute(
                    "return !!document.querySelector(arguments[0]);",
                    vec![serde_json::Value::from(selector)],
                )
                .await?;
            Ok(here.as_bool() == Some(true))
        })
        .await
    }

    /// Runs JavaScript in the page and returns its value.
    pub async fn script(&self, source: &str) -> Result<serde_json::Value> {
        Ok(self.client.execute(source, vec![]).await?)
    }

    /// The page's layout-shift score since it loaded, counting only shifts of what lies inside
    /// an element matching `within` (a CSS selector) and not just after the reader's input:
    /// the sum of the browser's buffered `layout-shift` entries (0 is still; a shift of a
    /// tenth of the screen by a tenth of its height is about 0.01).
    pub async fn layout_shift(&self, within: &str) -> Result<f64> {
        let score = self
            .client
            .execute_async(
                "const [within, done] = arguments;
                 let total = 0;
                 new PerformanceObserver((list) => {
                   for (const entry of list.getEntries()) {
                     const inside = entry.sources.some((source) => source.node
                       && source.node.closest && source.node.closest(within));
                     if (inside && !entry.hadRecentInput) total += entry.value;
                   }
                 }).observe({ type: 'layout-shift', buffered: true });
                 setTimeout(() => done(total), 300);",
                vec![serde_json::Value::from(within)],
            )
            .await?;
        score.as_f64().context("a layout-shift score")
    }

    /// Closes the browser session.
    pub async fn close(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }
}

/// Quotes a string as an XPath 1.0 literal, whatever quotes it holds.
pub fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn xpath_literals_survive_any_quotes() {
        assert_eq!(super::literal("plain"), "'plain'");
        assert_eq!(super::literal("it's"), "\"it's\"");
        assert_eq!(
            super::literal(r#"say "it's""#),
            r#"concat('say "it', "'", 's"')"#
        );
    }
}
