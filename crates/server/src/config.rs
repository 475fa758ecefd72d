//! The command line (each option has an environment twin) and the settings it produces.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::auth::oidc::{ProviderConfig, check_providers};
use crate::defences::{CommentChecks, WriteLimits};
use crate::routes::contributions::{
    DEFAULT_CONTRIBUTION_MB, DEFAULT_DRAFT_HOURS, DEFAULT_PHOTO_MB, DEFAULT_VIDEO_MB, UploadLimits,
};

/// The default database file, relative to the working directory.
pub const DEFAULT_DB: &str = "data/byline.db";

/// `byline-server [serve] [OPTIONS]` or `byline-server seed --article SLUG --comments N`.
#[derive(Debug, Parser)]
#[command(
    name = "byline-server",
    version,
    about = "Byline's JSON endpoint: articles and reader comments over SQLite",
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// What to do; serving is the default.
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Options of `serve` when the subcommand is left out.
    #[command(flatten)]
    pub serve: ServeArgs,
}

impl Cli {
    /// The command to run, `serve` with the top-level options when none was named.
    pub fn into_command(self) -> Command {
        self.command.unwrap_or(Command::Serve(self.serve))
    }
}

/// The subcommands.
// Parsed once at start-up: the size of the larger variant costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the API (and optionally a built front end). The default.
    Serve(ServeArgs),
    /// Append generated comments to an article, for load and pagination testing.
    Seed(SeedArgs),
    /// Copy the database, whole and consistent, into a new file, while the endpoint keeps
    /// serving (SQLite's `VACUUM INTO`). To restore: stop the endpoint, put the copy in
    /// place of the database file, delete the `-wal` and `-shm` files beside it, start.
    Backup(BackupArgs),
    /// Give a confirmed member a role: `admin` for the first administrator, `moderator` for
    /// the people who work the moderators' queue, `member` to take a role back.
    Grant(GrantArgs),
}

/// Options of `grant`.
#[derive(Debug, Clone, Args)]
pub struct GrantArgs {
    /// The SQLite file.
    #[arg(long, env = "BYLINE_DB", default_value = DEFAULT_DB, value_parser = parse_db)]
    pub db: PathBuf,
    /// The member's email address.
    #[arg(long)]
    pub email: String,
    /// `member`, `moderator` or `admin`.
    #[arg(long, value_parser = parse_role)]
    pub role: byline_contract::auth::Role,
}

fn parse_role(text: &str) -> Result<byline_contract::auth::Role, String> {
    byline_contract::auth::Role::parse(text)
        .ok_or_else(|| "use member, moderator or admin".to_owned())
}

fn parse_mode(text: &str) -> Result<byline_contract::moderation::Mode, String> {
    byline_contract::moderation::Mode::parse(text)
        .ok_or_else(|| "use post, pre, first or closed".to_owned())
}

/// Options of `backup`.
#[derive(Debug, Clone, Args)]
pub struct BackupArgs {
    /// The SQLite file to copy.
    #[arg(long, env = "BYLINE_DB", default_value = DEFAULT_DB, value_parser = parse_db)]
    pub db: PathBuf,
    /// The new file to write the copy to; it must not exist yet.
    #[arg(long, value_name = "FILE")]
    pub to: PathBuf,
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeArgs {
    /// The address to listen on.
    #[arg(long, env = "BYLINE_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: SocketAddr,
    /// The SQLite file; created and migrated when missing.
    #[arg(long, env = "BYLINE_DB", default_value = DEFAULT_DB, value_parser = parse_db)]
    pub db: PathBuf,
    /// A directory with a built front end, served for every path outside /api.
    #[arg(long = "static", env = "BYLINE_STATIC", value_name = "DIR")]
    pub static_dir: Option<PathBuf>,
    /// Origins allowed to call the API from a browser (comma-separated, or `*`); none means
    /// same-origin only.
    #[arg(
        long,
        env = "BYLINE_ALLOWED_ORIGINS",
        value_delimiter = ',',
        value_parser = parse_origin
    )]
    pub allowed_origins: Vec<String>,
    /// Partner sites that embed Byline's widgets (comma-separated origins like
    /// https://partner.example): they may frame the widgets and call the API from their pages.
    #[arg(
        long,
        env = "BYLINE_PARTNER_ORIGINS",
        value_delimiter = ',',
        value_parser = parse_partner_origin
    )]
    pub partner_origins: Vec<String>,
    /// Seconds a shared cache (a CDN, a caching proxy) may serve an anonymous reader's page of
    /// comments, thread, comment, latest comments, article or article list as fresh (at most
    /// 60: with the next flag, within the two minutes a page asks past caches after its
    /// reader wrote).
    #[arg(
        long,
        env = "BYLINE_CACHE_COMMENTS_MAX_AGE",
        default_value_t = 10,
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u32).range(0..=60)
    )]
    pub cache_comments_max_age: u32,
    /// Seconds after that a shared cache may still serve them while it asks again (at most 60).
    #[arg(
        long,
        env = "BYLINE_CACHE_COMMENTS_STALE",
        default_value_t = 60,
        value_name = "SECONDS",
        value_parser = clap::value_parser!(u32).range(0..=60)
    )]
    pub cache_comments_stale: u32,
    /// Seconds a shared cache may serve an anonymous reader's related stories as fresh.
    #[arg(
        long,
        env = "BYLINE_CACHE_ARTICLES_MAX_AGE",
        default_value_t = 60,
        value_name = "SECONDS"
    )]
    pub cache_articles_max_age: u32,
    /// Seconds after that a shared cache may still serve them while it asks again.
    #[arg(
        long,
        env = "BYLINE_CACHE_ARTICLES_STALE",
        default_value_t = 600,
        value_name = "SECONDS"
    )]
    pub cache_articles_stale: u32,
    /// A seed file to load into an empty database instead of the built-in one.
    #[arg(long, env = "BYLINE_SEED_FILE", value_name = "FILE")]
    pub seed_file: Option<PathBuf>,
    /// Leave an empty database empty.
    #[arg(long, env = "BYLINE_NO_SEED", conflicts_with = "seed_file")]
    pub no_seed: bool,
    /// Mark the session cookie `Secure` (sent over HTTPS only): set it whenever the site is
    /// served over HTTPS, as it should be in production.
    #[arg(long, env = "BYLINE_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Reverse proxies in front of the endpoint (comma-separated IP addresses): for requests
    /// from them, the client's address is read from `X-Forwarded-For`. Without it every client
    /// behind a proxy shares the proxy's address in sign-in throttling.
    #[arg(long, env = "BYLINE_TRUSTED_PROXIES", value_delimiter = ',')]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Where account emails go: an SMTP server as `smtp://host[:port]` (plain, no
    /// authentication). Without it each message is written to the outbox instead.
    #[arg(long, env = "BYLINE_SMTP_URL", value_name = "URL", value_parser = parse_smtp_url)]
    pub smtp_url: Option<String>,
    /// The directory that receives each account email as an `.eml` file when no SMTP server is
    /// set.
    #[arg(long, env = "BYLINE_OUTBOX", value_name = "DIR", default_value = DEFAULT_OUTBOX)]
    pub outbox: PathBuf,
    /// The sender of account emails.
    #[arg(long, env = "BYLINE_MAIL_FROM", default_value = DEFAULT_MAIL_FROM)]
    pub mail_from: String,
    /// The address of the site, the base of the links in account emails.
    #[arg(long, env = "BYLINE_PUBLIC_URL", default_value = DEFAULT_PUBLIC_URL, value_parser = parse_public_url)]
    pub public_url: String,
    /// OpenID Connect providers for "Connect using": a JSON file holding an array of
    /// `{id, name, issuer, client_id, client_secret}`. Each provider must send readers back
    /// to `{public_url}/api/v1/auth/oidc/{id}/callback`.
    #[arg(long, env = "BYLINE_OIDC_PROVIDERS", value_name = "FILE", value_parser = parse_oidc_file)]
    pub oidc_providers: Option<OidcProviders>,
    /// How long after posting a comment its author may still change its text, in seconds.
    #[arg(long, env = "BYLINE_EDIT_WINDOW", value_name = "SECONDS", default_value_t = DEFAULT_EDIT_WINDOW.as_secs())]
    pub edit_window: u64,
    /// Write requests a client address, and an account, may make a minute (sustained); 0
    /// turns the limit off. Over it the endpoint answers 429 with `Retry-After`.
    #[arg(long, env = "BYLINE_WRITE_LIMIT", value_name = "PER_MINUTE", default_value_t = WriteLimits::default().per_minute)]
    pub write_limit: u32,
    /// Write requests that may come at once above that rate.
    #[arg(long, env = "BYLINE_WRITE_BURST", default_value_t = WriteLimits::default().burst)]
    pub write_burst: u32,
    /// The most web addresses a guest's comment may carry (members have no limit).
    #[arg(long, env = "BYLINE_GUEST_MAX_LINKS", default_value_t = CommentChecks::standard().guest_max_links)]
    pub guest_max_links: usize,
    /// A file of words and phrases refused in comments and guests' names, one a line (`#`
    /// starts a comment line), matched as whole words in any case.
    #[arg(long, env = "BYLINE_BANNED_WORDS", value_name = "FILE", value_parser = parse_banned_words)]
    pub banned_words: Option<BannedWords>,
    /// What happens to a comment with banned words: `refuse` it (the reader is told which
    /// field to change), or `hold` it for a moderator.
    #[arg(long, env = "BYLINE_BANNED_WORDS_ACTION", value_parser = ["refuse", "hold"], default_value = "refuse")]
    pub banned_words_action: String,
    /// How long the same comment from the same author is refused again, in seconds.
    #[arg(long, env = "BYLINE_DUPLICATE_WINDOW", value_name = "SECONDS", default_value_t = CommentChecks::standard().duplicate_window.as_secs())]
    pub duplicate_window: u64,
    /// How new comments are moderated where an article does not say: `post` (they appear at
    /// once), `pre` (each waits for a moderator), `first` (a first-time commenter's waits) or
    /// `closed` (none are taken).
    #[arg(long, env = "BYLINE_MODERATION", value_parser = parse_mode, default_value = "post")]
    pub moderation: byline_contract::moderation::Mode,
    /// Where contributed photos and videos are kept, outside the static root (created when
    /// missing); `uploads/` beside the database when not given.
    #[arg(long, env = "BYLINE_UPLOADS", value_name = "DIR")]
    pub uploads: Option<PathBuf>,
    /// The largest photo a contribution may carry, in megabytes.
    #[arg(long, env = "BYLINE_MAX_PHOTO_MB", default_value_t = DEFAULT_PHOTO_MB)]
    pub max_photo_mb: u64,
    /// The largest video a contribution may carry, in megabytes.
    #[arg(long, env = "BYLINE_MAX_VIDEO_MB", default_value_t = DEFAULT_VIDEO_MB)]
    pub max_video_mb: u64,
    /// The most a contribution may carry in all, in megabytes.
    #[arg(long, env = "BYLINE_MAX_CONTRIBUTION_MB", default_value_t = DEFAULT_CONTRIBUTION_MB)]
    pub max_contribution_mb: u64,
    /// How long a contribution that was started and never sent keeps its text and files, in
    /// hours; then it is deleted (checked at start and every hour).
    #[arg(long, env = "BYLINE_DRAFT_HOURS", default_value_t = DEFAULT_DRAFT_HOURS, value_parser = clap::value_parser!(u64).range(1..))]
    pub draft_hours: u64,
    /// How many readers' reports hide a comment until a moderator reviews it.
    #[arg(long, env = "BYLINE_REPORT_THRESHOLD", default_value_t = DEFAULT_REPORT_THRESHOLD, value_parser = clap::value_parser!(u32).range(1..))]
    pub report_threshold: u32,
}

/// Reports that hide a comment when `--report-threshold` is not given.
pub const DEFAULT_REPORT_THRESHOLD: u32 = 3;

/// The words read from `--banned-words`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BannedWords(pub Vec<String>);

/// Reads a banned-words file.
fn parse_banned_words(path: &str) -> Result<BannedWords, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    Ok(BannedWords(CommentChecks::read_banned_words(&text)))
}

/// The providers read from `--oidc-providers`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OidcProviders(pub Vec<ProviderConfig>);

/// Reads and checks a providers file.
fn parse_oidc_file(path: &str) -> Result<OidcProviders, String> {
    let text =
        std::fs::read_to_string(path).map_err(|error| format!("cannot read {path}: {error}"))?;
    let providers: Vec<ProviderConfig> = serde_json::from_str(&text).map_err(|error| {
        format!(
            "{path} is not a JSON array of {{id, name, issuer, client_id, client_secret}}: {error}"
        )
    })?;
    check_providers(&providers)?;
    Ok(OidcProviders(providers))
}

/// Options of `seed`.
#[derive(Debug, Clone, Args)]
pub struct SeedArgs {
    /// The slug of the article to add comments to.
    #[arg(long)]
    pub article: String,
    /// How many comments to add.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    pub comments: u32,
    /// The SQLite file; created, migrated and seeded with the built-in content when missing.
    #[arg(long, env = "BYLINE_DB", default_value = DEFAULT_DB, value_parser = parse_db)]
    pub db: PathBuf,
}

/// Where the content of an empty database comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SeedSource {
    /// The seed compiled into the binary (`seed/site.json`).
    Builtin,
    /// A seed file in the same format.
    File(PathBuf),
    /// No seeding.
    Disabled,
}

/// The default outbox for account emails, relative to the working directory.
pub const DEFAULT_OUTBOX: &str = "data/outbox";
/// The default sender of account emails.
pub const DEFAULT_MAIL_FROM: &str = "Byline <no-reply@byline.localhost>";
/// The default base of links in account emails: where `cargo xtask dev` serves the page.
pub const DEFAULT_PUBLIC_URL: &str = "http://127.0.0.1:8080";

/// How account emails are sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailConfig {
    /// An SMTP server as `smtp://host[:port]`; none writes `.eml` files to [`Self::outbox`].
    pub smtp_url: Option<String>,
    /// Where messages go without an SMTP server.
    pub outbox: PathBuf,
    /// The sender, as `Name <address>` or a bare address.
    pub from: String,
    /// The site's address (`scheme://host[:port]`, no trailing slash), the base of every link.
    pub public_url: String,
}

impl Default for MailConfig {
    fn default() -> Self {
        Self {
            smtp_url: None,
            outbox: PathBuf::from(DEFAULT_OUTBOX),
            from: DEFAULT_MAIL_FROM.to_owned(),
            public_url: DEFAULT_PUBLIC_URL.to_owned(),
        }
    }
}

/// How long after posting a comment its author may still change its text.
pub const DEFAULT_EDIT_WINDOW: Duration = Duration::from_secs(15 * 60);

/// How sign-in attempts are throttled, per account and per client address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInLimits {
    /// Failures allowed before each further one locks the key.
    pub free_failures: u32,
    /// The lock after the first failure past the free ones; it doubles with each further one.
    pub base_delay: Duration,
    /// The longest lock.
    pub max_delay: Duration,
    /// A key whose last failure is older than this starts counting again from zero.
    pub forget_after: Duration,
}

impl Default for SignInLimits {
    fn default() -> Self {
        Self {
            free_failures: 5,
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15 * 60),
            forget_after: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// Everything `serve` needs.
#[derive(Debug, Clone)]
pub struct Config {
    /// The address to listen on (port 0 picks a free port).
    pub addr: SocketAddr,
    /// The SQLite file.
    pub db: PathBuf,
    /// A built front end to serve outside /api.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed by CORS (`*` for any); empty means same-origin only.
    pub allowed_origins: Vec<String>,
    /// Partner sites that may frame the widgets and call the API (CORS) from their pages.
    pub partner_origins: Vec<String>,
    /// What to load into an empty database.
    pub seed: SeedSource,
    /// Whether the session cookie is marked `Secure`.
    pub secure_cookies: bool,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How account emails are sent.
    pub mail: MailConfig,
    /// Sign-in throttling (not a flag: the defaults are the policy, tests shorten them).
    pub sign_in_limits: SignInLimits,
    /// How long after posting a comment its author may edit it ([`DEFAULT_EDIT_WINDOW`]; not a
    /// flag either). Deleting has no time limit.
    pub edit_window: Duration,
    /// The OpenID Connect providers members can sign in with.
    pub oidc_providers: Vec<ProviderConfig>,
    /// The rate limit of write requests.
    pub write_limits: WriteLimits,
    /// What a new comment must pass beyond the contract's rules.
    pub comment_checks: CommentChecks,
    /// The site's moderation mode, for articles that have none of their own.
    pub moderation: byline_contract::moderation::Mode,
    /// How many reports hide a comment pending review.
    pub report_threshold: u32,
    /// Where contributed files are kept.
    pub uploads: PathBuf,
    /// The size limits of contributions.
    pub upload_limits: UploadLimits,
    /// How long a contribution started and never sent is kept.
    pub draft_lifetime: Duration,
    /// How long shared caches may keep public reads.
    pub cache: crate::caching::CachePolicy,
}

impl Config {
    /// Settings for a database file with everything else at its default: localhost:3000, no
    /// front end, no CORS, the built-in seed, cookies without `Secure`, mail to `data/outbox`,
    /// the default sign-in limits and edit window.
    pub fn new(db: impl Into<PathBuf>) -> Self {
        let db = db.into();
        Self {
            addr: SocketAddr::from(([127, 0, 0, 1], 3000)),
            uploads: uploads_beside(&db),
            db,
            static_dir: None,
            allowed_origins: Vec::new(),
            partner_origins: Vec::new(),
            seed: SeedSource::Builtin,
            secure_cookies: false,
            trusted_proxies: Vec::new(),
            mail: MailConfig::default(),
            sign_in_limits: SignInLimits::default(),
            edit_window: DEFAULT_EDIT_WINDOW,
            oidc_providers: Vec::new(),
            write_limits: WriteLimits::default(),
            comment_checks: CommentChecks::standard(),
            moderation: byline_contract::moderation::Mode::Post,
            report_threshold: DEFAULT_REPORT_THRESHOLD,
            upload_limits: UploadLimits::default(),
            draft_lifetime: Duration::from_secs(DEFAULT_DRAFT_HOURS * 3600),
            cache: crate::caching::CachePolicy::default(),
        }
    }
}

impl From<ServeArgs> for Config {
    fn from(args: ServeArgs) -> Self {
        let seed = match (args.no_seed, args.seed_file) {
            (true, _) => SeedSource::Disabled,
            (false, Some(file)) => SeedSource::File(file),
            (false, None) => SeedSource::Builtin,
        };
        let uploads = args
            .uploads
            .clone()
            .unwrap_or_else(|| uploads_beside(&args.db));
        Self {
            addr: args.addr,
            db: args.db,
            static_dir: args.static_dir,
            allowed_origins: args
                .allowed_origins
                .into_iter()
                .filter(|origin| !origin.is_empty())
                .collect(),
            partner_origins: args
                .partner_origins
                .into_iter()
                .filter(|origin| !origin.is_empty())
                .collect(),
            seed,
            secure_cookies: args.secure_cookies,
            trusted_proxies: args.trusted_proxies,
            mail: MailConfig {
                smtp_url: args.smtp_url,
                outbox: args.outbox,
                from: args.mail_from,
                public_url: args.public_url,
            },
            sign_in_limits: SignInLimits::default(),
            oidc_providers: args.oidc_providers.map(|p| p.0).unwrap_or_default(),
            edit_window: Duration::from_secs(args.edit_window),
            write_limits: WriteLimits {
                per_minute: args.write_limit,
                burst: args.write_burst,
            },
            comment_checks: CommentChecks {
                guest_max_links: args.guest_max_links,
                banned_words: args.banned_words.map(|words| words.0).unwrap_or_default(),
                duplicate_window: Duration::from_secs(args.duplicate_window),
                hold_banned: args.banned_words_action == "hold",
            },
            moderation: args.moderation,
            report_threshold: args.report_threshold,
            uploads,
            upload_limits: UploadLimits::in_megabytes(
                args.max_photo_mb,
                args.max_video_mb,
                args.max_contribution_mb,
            ),
            draft_lifetime: Duration::from_secs(args.draft_hours.saturating_mul(3600)),
            cache: crate::caching::CachePolicy {
                comments: crate::caching::Freshness {
                    max_age: args.cache_comments_max_age,
                    stale_while_revalidate: args.cache_comments_stale,
                },
                articles: crate::caching::Freshness {
                    max_age: args.cache_articles_max_age,
                    stale_while_revalidate: args.cache_articles_stale,
                },
            },
        }
    }
}

/// Reads `--db`: a SQLite file's path, or a `sqlite:` URL of one (`sqlite:data/byline.db`,
/// `sqlite:///var/lib/byline.db`). Any other URL is refused by name, rather than taken for a
/// path (a `postgres://…` value used to create a SQLite file in a folder named `postgres:`).
fn parse_db(value: &str) -> Result<PathBuf, String> {
    let value = value.trim();
    if value.is_empty() {
        return Err("give the SQLite file's path".into());
    }
    if let Some(rest) = value.strip_prefix("sqlite:") {
        let path = rest.strip_prefix("//").unwrap_or(rest);
        if path.contains('?') {
            return Err("give the `sqlite:` URL without options (`?…`): Byline sets them".into());
        }
        if path.is_empty() {
            return Err("the `sqlite:` URL names no file".into());
        }
        return Ok(PathBuf::from(path));
    }
    let scheme = value
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme.len() > 1
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
    match scheme {
        Some("postgres" | "postgresql") => Err(
            "this build of Byline keeps its data in SQLite only: give a SQLite file's path or a \
             `sqlite:` URL"
                .into(),
        ),
        Some(scheme) => Err(format!(
            "`{scheme}:` is not a database Byline knows: give a SQLite file's path or a \
             `sqlite:` URL"
        )),
        None => Ok(PathBuf::from(value)),
    }
}

/// Checks an SMTP address: `smtp://host` or `smtp://host:port`, nothing else.
fn parse_smtp_url(value: &str) -> Result<String, String> {
    let value = value.trim();
    crate::mail::smtp_host_port(value)
        .map(|_| value.to_owned())
        .ok_or_else(|| format!("`{value}` is not an SMTP address like smtp://127.0.0.1:2525"))
}

/// Checks the public address: `http(s)://host[:port]`, kept without a trailing slash.
fn parse_public_url(value: &str) -> Result<String, String> {
    let value = value.trim().trim_end_matches('/');
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| format!("`{value}` is not an address like https://news.example"))?;
    if rest.is_empty() || rest.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{value}` is not an address like https://news.example"
        ));
    }
    Ok(value.to_owned())
}

/// Checks one partner origin: as [`parse_origin`], but never `*` (framing by any site would
/// undo the protection against clickjacking).
fn parse_partner_origin(value: &str) -> Result<String, String> {
    if value.trim() == "*" {
        return Err("partner origins must be named one by one; `*` is not allowed".into());
    }
    parse_origin(value)
}

/// Checks one allowed origin: `*`, or `http(s)://host[:port]` without a path. An empty value
/// (as from `BYLINE_ALLOWED_ORIGINS=`) is kept and dropped later: it means no origin.
fn parse_origin(value: &str) -> Result<String, String> {
    let value = value.trim();
    if value.is_empty() || value == "*" {
        return Ok(value.to_owned());
    }
    let rest = value
        .strip_prefix("https://")
        .or_else(|| value.strip_prefix("http://"))
        .ok_or_else(|| format!("`{value}` is not an origin like https://example.com"))?;
    let valid_host = !rest.is_empty()
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    if valid_host {
        Ok(value.trim_end_matches('/').to_owned())
    } else {
        Err(format!(
            "`{value}` is not an origin like https://example.com (no path, no trailing slash)"
        ))
    }
}

/// `uploads/` in the directory of the database file.
pub fn uploads_beside(db: &std::path::Path) -> PathBuf {
    db.parent()
        .map_or_else(|| PathBuf::from("uploads"), |dir| dir.join("uploads"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Command {
        Cli::try_parse_from(args).expect("parses").into_command()
    }

    #[test]
    fn the_database_is_a_path_or_a_sqlite_url_and_nothing_else() {
        for (value, path) in [
            ("data/byline.db", "data/byline.db"),
            ("/var/lib/byline/byline.db", "/var/lib/byline/byline.db"),
            ("sqlite:data/byline.db", "data/byline.db"),
            ("sqlite:///var/lib/byline.db", "/var/lib/byline.db"),
        ] {
            assert_eq!(parse_db(value), Ok(PathBuf::from(path)), "{value}");
        }
        for (value, said) in [
            ("postgres://byline@localhost/byline", "SQLite only"),
            ("postgresql://localhost/byline", "SQLite only"),
            (
                "mysql://localhost/byline",
                "`mysql:` is not a database Byline knows",
            ),
            ("sqlite:", "names no file"),
            ("sqlite:data/byline.db?mode=ro", "without options"),
            ("", "path"),
        ] {
            let error = parse_db(value).expect_err(value);
            assert!(error.contains(said), "{value}: {error}");
        }
        let refused = Cli::try_parse_from(["byline-server", "--db", "postgres://db/byline"]);
        assert!(refused.is_err(), "serve took a Postgres URL for a file");
    }

    #[test]
    fn serve_is_the_default_command() {
        let Command::Serve(args) = parse(&["byline-server", "--addr", "0.0.0.0:8080"]) else {
            panic!("expected serve");
        };
        assert_eq!(args.addr.port(), 8080);
        let Command::Serve(args) = parse(&["byline-server", "serve", "--no-seed"]) else {
            panic!("expected serve");
        };
        assert_eq!(Config::from(args).seed, SeedSource::Disabled);
    }

    #[test]
    fn seed_subcommand_takes_article_and_count() {
        let Command::Seed(args) = parse(&[
            "byline-server",
            "seed",
            "--article",
            "river-dam-talks",
            "--comments",
            "500",
            "--db",
            "/tmp/x.db",
        ]) else {
            panic!("expected seed");
        };
        assert_eq!(args.article, "river-dam-talks");
        assert_eq!(args.comments, 500);
        assert!(
            Cli::try_parse_from(["byline-server", "seed", "--article", "x", "--comments", "0"])
                .is_err()
        );
    }

    #[test]
    fn allowed_origins_are_comma_separated_and_checked() {
        let Command::Serve(args) = parse(&[
            "byline-server",
            "--allowed-origins",
            "http://localhost:8080, https://byline.example",
        ]) else {
            panic!("expected serve");
        };
        assert_eq!(
            args.allowed_origins,
            ["http://localhost:8080", "https://byline.example"]
        );
        let Command::Serve(args) = parse(&["byline-server", "--allowed-origins", ""]) else {
            panic!("expected serve");
        };
        assert!(Config::from(args).allowed_origins.is_empty());
        assert!(
            Cli::try_parse_from(["byline-server", "--allowed-origins", "example.com"]).is_err()
        );
        assert!(
            Cli::try_parse_from(["byline-server", "--allowed-origins", "https://a.b/path"])
                .is_err()
        );
    }

    #[test]
    fn mail_and_cookie_flags_reach_the_config() {
        let Command::Serve(args) = parse(&["byline-server"]) else {
            panic!("expected serve");
        };
        let config = Config::from(args);
        assert!(!config.secure_cookies);
        assert_eq!(config.mail, MailConfig::default());
        let Command::Serve(args) = parse(&[
            "byline-server",
            "--secure-cookies",
            "--smtp-url",
            "smtp://127.0.0.1:2525",
            "--outbox",
            "/tmp/out",
            "--mail-from",
            "News <news@example.org>",
            "--public-url",
            "https://news.example/",
        ]) else {
            panic!("expected serve");
        };
        let config = Config::from(args);
        assert!(config.secure_cookies);
        assert_eq!(
            config.mail.smtp_url.as_deref(),
            Some("smtp://127.0.0.1:2525")
        );
        assert_eq!(config.mail.outbox, PathBuf::from("/tmp/out"));
        assert_eq!(config.mail.from, "News <news@example.org>");
        assert_eq!(config.mail.public_url, "https://news.example");
        for bad in [
            ["--smtp-url", "smtps://mail.example"],
            ["--smtp-url", "smtp://mail.example:port"],
            ["--public-url", "news.example"],
        ] {
            assert!(
                Cli::try_parse_from(["byline-server", bad[0], bad[1]]).is_err(),
                "{bad:?}"
            );
        }
    }
}
