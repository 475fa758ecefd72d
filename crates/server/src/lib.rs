//! Byline's reference endpoint: the JSON API of articles and reader comments (the contract is
//! `byline_contract`), over SQLite, optionally serving the built front end too.
//!
//! [`run`] is what the binary does; [`start`] opens, migrates and seeds the database and binds
//! the listener, so tests and tools can run the real server in-process:
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! let mut config = byline_server::Config::new("/tmp/byline.db");
//! config.addr = ([127, 0, 0, 1], 0).into();
//! let server = byline_server::start(config).await?;
//! let addr = server.local_addr();
//! tokio::spawn(server.serve(std::future::pending()));
//! # Ok(()) }
//! ```

pub mod auth;
pub mod caching;
pub mod config;
mod db;
pub mod defences;
pub mod edit_token;
mod error;
mod idempotency;
mod json_body;
pub mod mail;
pub mod mail_text;
mod media;
mod model;
pub mod moderation;
pub mod openapi;
mod params;
pub mod partner;
mod replay;
mod routes;
pub mod seed;
mod static_files;
mod store;
mod threads;
pub mod uploads;

use std::future::Future;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, header};
use sqlx::SqlitePool;
use tokio::net::TcpListener;
use tower_http::LatencyUnit;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use config::{
    BackupArgs, Cli, Command, Config, MailConfig, SeedArgs, SeedSource, ServeArgs, SignInLimits,
};
pub use db::{BEGIN_WRITE, now_ms, open_db};
pub use defences::{CommentChecks, WriteLimits};
pub use edit_token::EditTokens;
pub use error::ApiError;
pub use idempotency::REPLAYED_HEADER;
pub use routes::contributions::purge_drafts;
pub use routes::{BODY_LIMIT_BYTES, REQUEST_TIMEOUT};
pub use static_files::{IMMUTABLE, LOADER_CACHE, NO_CACHE};
pub use threads::MAX_NESTING;

/// What every handler can reach.
#[derive(Clone, Debug)]
pub struct AppState {
    /// The database.
    pub pool: SqlitePool,
    /// A built front end to serve outside /api.
    pub static_dir: Option<PathBuf>,
    /// Origins allowed by CORS (`*` for any); empty means same-origin only. The named ones
    /// also pass the CSRF check of member requests.
    pub allowed_origins: Arc<[String]>,
    /// Partner sites: they may frame the widgets, and CORS lets their pages call the API.
    pub partner_origins: Arc<[String]>,
    /// Whether the session cookie is `Secure` (and the site's own origin `https`).
    pub secure_cookies: bool,
    /// Sends account emails.
    pub mailer: Arc<mail::Mailer>,
    /// Sign-in throttling.
    pub sign_in_limits: SignInLimits,
    /// Proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Arc<[std::net::IpAddr]>,
    /// How long after posting a comment its author may edit it.
    pub edit_window: Duration,
    /// Issues and checks guests' edit tokens.
    pub edit_tokens: EditTokens,
    /// The OpenID Connect providers members can sign in with.
    pub oidc: Arc<auth::oidc::Oidc>,
    /// The rate limit of write requests, by client address and by account.
    pub write_limiter: Arc<defences::RateLimiter>,
    /// What a new comment must pass beyond the contract's rules.
    pub comment_checks: Arc<defences::CommentChecks>,
    /// The site's moderation mode, for articles without one of their own.
    pub moderation: byline_contract::moderation::Mode,
    /// How many reports hide a comment pending review.
    pub report_threshold: u32,
    /// Where contributed files are kept.
    pub storage: Arc<dyn uploads::Storage>,
    /// The size limits of contributions.
    pub upload_limits: routes::contributions::UploadLimits,
    /// How long shared caches may keep public reads.
    pub cache: caching::CachePolicy,
}

impl AppState {
    /// The state for a pool and the web, mail and account settings of `config`, with the
    /// database's edit token secret (created when missing); fails when the mail settings
    /// cannot be used or the secret cannot be read.
    pub async fn new(pool: SqlitePool, config: &Config) -> anyhow::Result<Self> {
        let edit_tokens = EditTokens::load_or_create(&pool).await?;
        let storage = uploads::LocalDisk::new(&config.uploads).with_context(|| {
            format!(
                "preparing the uploads directory {}",
                config.uploads.display()
            )
        })?;
        if let Some(static_dir) = &config.static_dir {
            uploads::outside_static_root(&config.uploads, static_dir)?;
        }
        let write_limiter = Arc::new(defences::RateLimiter::new(
            config.write_limits,
            pool.clone(),
        ));
        Ok(Self {
            pool,
            static_dir: config.static_dir.clone(),
            allowed_origins: config.allowed_origins.clone().into(),
            partner_origins: config.partner_origins.clone().into(),
            secure_cookies: config.secure_cookies,
            mailer: Arc::new(mail::Mailer::new(&config.mail)?),
            sign_in_limits: config.sign_in_limits,
            trusted_proxies: config.trusted_proxies.clone().into(),
            edit_window: config.edit_window,
            edit_tokens,
            oidc: Arc::new(auth::oidc::Oidc::new(
                config.oidc_providers.clone(),
                &config.mail.public_url,
            )?),
            write_limiter,
            comment_checks: Arc::new(config.comment_checks.clone()),
            moderation: config.moderation,
            report_threshold: config.report_threshold,
            storage: Arc::new(storage),
            upload_limits: config.upload_limits,
            cache: config.cache,
        })
    }
}

/// The whole application: the API under `/api` (behind the CSRF check of member requests),
/// the front end (or a 404 problem) elsewhere, CORS, compression and request tracing.
///
/// Sign-in throttling reads the client address, so serve it with
/// `into_make_service_with_connect_info::<SocketAddr>()` as [`Server::serve`] does.
pub fn app(state: AppState) -> Router {
    // The CSRF check runs first (outermost), then the write limit: a refused cross-site
    // request costs a client nothing of its allowance; then the replay of keyed writes.
    let api = routes::api()
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            replay::replay_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            defences::limit_writes,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf::guard,
        ))
        // Outermost: every answer of the API, refusals included, says how a cache may keep it.
        .layer(axum::middleware::from_fn_with_state(
            state.cache,
            caching::api_cache_control,
        ));
    // The API answers data, never a page: nothing in it may load or frame anything.
    let api = api.layer(SetResponseHeaderLayer::if_not_present(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
    ));
    let router = Router::new()
        .nest("/api", api)
        // "Be part of" is a view of the account bundle.
        .route(
            "/contribute",
            axum::routing::get(|| async { axum::response::Redirect::to("/account/contribute") }),
        )
        .with_state(state.clone());
    let router = match &state.static_dir {
        Some(dir) => router.fallback_service(static_files::router(dir, &state.partner_origins)),
        None => {
            router.fallback(|| async { ApiError::not_found("There is nothing at this address.") })
        }
    };
    let cors_origins: Vec<String> = state
        .allowed_origins
        .iter()
        .chain(state.partner_origins.iter())
        .cloned()
        .collect();
    let router = match cors(&cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("strict-origin-when-cross-origin"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(PERMISSIONS_POLICY),
        ));
    router
        // Tags from the bytes before compression, then (outside it) one per encoding.
        .layer(axum::middleware::from_fn(caching::tag))
        .layer(CompressionLayer::new())
        .layer(axum::middleware::from_fn(caching::conditional))
        .layer(
            TraceLayer::new_for_http()
                // Method and path only: no query strings, headers or bodies in the log.
                .make_span_with(|request: &Request| {
                    tracing::info_span!(
                        "request",
                        method = %request.method(),
                        path = %request.uri().path()
                    )
                })
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Millis),
                ),
        )
}

/// The browser features no page of the site uses, turned off for it and anything it frames.
pub const PERMISSIONS_POLICY: &str =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=()";

/// [`byline_contract::EDIT_TOKEN_HEADER`] as a header name (lowercase, as `HeaderName` wants).
const EDIT_TOKEN_HEADER_LOWER: &str = "byline-edit-token";

/// The CORS layer for the allowed origins, if any.
fn cors(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.iter().any(|origin| origin == "*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|origin| HeaderValue::from_str(origin).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PATCH,
                Method::DELETE,
                Method::OPTIONS,
            ])
            .allow_headers([
                header::CONTENT_TYPE,
                header::AUTHORIZATION,
                HeaderName::from_static("idempotency-key"),
                HeaderName::from_static(auth::csrf::REQUEST_HEADER),
                HeaderName::from_static(EDIT_TOKEN_HEADER_LOWER),
            ])
            .expose_headers([header::LOCATION, HeaderName::from_static(REPLAYED_HEADER)])
            .max_age(Duration::from_secs(600)),
    )
}

/// A server whose database is ready and whose listener is bound, not yet serving.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    local_addr: SocketAddr,
    router: Router,
    pool: SqlitePool,
    drafts: DraftSweep,
}

/// What deletes the contributions that were started and never sent, while the server runs.
#[derive(Debug, Clone)]
struct DraftSweep {
    pool: SqlitePool,
    storage: Arc<dyn uploads::Storage>,
    lifetime: Duration,
}

impl DraftSweep {
    /// How often it looks.
    const EVERY: Duration = Duration::from_secs(3600);

    /// Deletes what is older than the lifetime, now and every [`Self::EVERY`], forever.
    async fn run(self) {
        let lifetime = i64::try_from(self.lifetime.as_millis()).unwrap_or(i64::MAX);
        let mut ticks = tokio::time::interval(Self::EVERY);
        loop {
            ticks.tick().await;
            let before = now_ms().saturating_sub(lifetime);
            match routes::contributions::purge_drafts(&self.pool, &self.storage, before).await {
                Ok(0) => {}
                Ok(purged) => tracing::info!(purged, "unsent contributions deleted"),
                Err(error) => tracing::warn!(?error, "deleting unsent contributions failed"),
            }
        }
    }
}

impl Server {
    /// The address it listens on (with the real port when configured with port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// The database pool.
    pub fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// Serves until `shutdown` completes, then finishes the requests under way and closes the
    /// database.
    pub async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        use axum::serve::ListenerExt;
        let sweep = tokio::spawn(self.drafts.run());
        // Without TCP_NODELAY, a response written as headers then body waits ~40 ms on
        // Nagle's algorithm and the client's delayed ACK (static files showed it first).
        let listener = self.listener.tap_io(|tcp| {
            if let Err(error) = tcp.set_nodelay(true) {
                tracing::warn!(%error, "could not set TCP_NODELAY");
            }
        });
        axum::serve(
            listener,
            self.router
                .into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
        .context("serving HTTP")?;
        sweep.abort();
        self.pool.close().await;
        Ok(())
    }
}

/// Opens, migrates and (when empty) seeds the database, and binds the listener.
pub async fn start(config: Config) -> anyhow::Result<Server> {
    if let Some(dir) = &config.static_dir
        && !dir.join("index.html").is_file()
    {
        bail!(
            "the static directory {} has no index.html; build the front end first",
            dir.display()
        );
    }
    let pool = open_db(&config.db).await?;
    let purged = idempotency::purge_expired(&pool, now_ms()).await?;
    tracing::debug!(purged, "expired idempotency keys removed");
    let purged = replay::purge_expired(&pool, now_ms()).await?;
    tracing::debug!(purged, "expired write replays removed");
    let purged = store::sessions::purge_expired(&pool, now_ms()).await?;
    tracing::debug!(purged, "expired sessions and email tokens removed");
    let filled = auth::fill_display_name_keys(&pool).await?;
    tracing::debug!(filled, "display name keys filled in");

    let started = Instant::now();
    if let Some(report) = seed::seed_if_empty(&pool, &config.seed).await? {
        tracing::info!(
            articles = report.articles,
            comments = report.comments,
            elapsed_ms = started.elapsed().as_millis(),
            "seeded an empty database"
        );
    }

    // The static files are compressed in the background: the endpoint answers at once, and
    // serves each file compressed on the fly until its precompressed copy is in place (each is
    // renamed there whole). A fresh build's three bundles take seconds at brotli's best, and
    // a site is not kept waiting for them after a deploy.
    if let Some(dir) = config.static_dir.clone() {
        let started = Instant::now();
        drop(tokio::task::spawn_blocking(move || {
            static_files::precompress(&dir);
            tracing::info!(
                elapsed_ms = started.elapsed().as_millis(),
                "static files precompressed"
            );
        }));
    }
    let state = AppState::new(pool.clone(), &config).await?;
    let drafts = DraftSweep {
        pool: pool.clone(),
        storage: Arc::clone(&state.storage),
        lifetime: config.draft_lifetime,
    };
    let router = app(state);
    let listener = TcpListener::bind(config.addr)
        .await
        .with_context(|| format!("listening on {}", config.addr))?;
    let local_addr = listener.local_addr().context("reading the bound address")?;
    Ok(Server {
        listener,
        local_addr,
        router,
        pool,
        drafts,
    })
}

/// Serves until Ctrl-C or SIGTERM: what `byline-server serve` does.
pub async fn run(config: Config) -> anyhow::Result<()> {
    let server = start(config).await?;
    println!("listening on http://{}", server.local_addr());
    tracing::info!(addr = %server.local_addr(), "listening");
    server.serve(shutdown_signal()).await?;
    tracing::info!("stopped");
    Ok(())
}

/// `byline-server seed`: appends generated comments to an article (seeding an empty database
/// with the built-in content first).
pub async fn seed_command(args: SeedArgs) -> anyhow::Result<()> {
    let pool = open_db(&args.db).await?;
    seed::seed_if_empty(&pool, &SeedSource::Builtin).await?;
    let lists = seed::SeedFile::builtin()?.generator;
    let started = Instant::now();
    let total = seed::add_generated_comments(&pool, &args.article, args.comments, &lists).await?;
    println!(
        "added {} comments to {} in {} ms; it now has {total}",
        args.comments,
        args.article,
        started.elapsed().as_millis()
    );
    pool.close().await;
    Ok(())
}

/// `byline-server backup`: an online copy of the database into a new file, checked with
/// SQLite's integrity check before it is called done.
/// `byline-server grant`: gives a confirmed member a role.
pub async fn grant_command(args: config::GrantArgs) -> anyhow::Result<()> {
    let pool = open_db(&args.db).await?;
    moderation::grant(&pool, &args.email, args.role).await?;
    println!("{} is now {}", args.email, args.role.as_str());
    Ok(())
}

pub async fn backup_command(args: BackupArgs) -> anyhow::Result<()> {
    let started = Instant::now();
    let bytes = backup(&args.db, &args.to).await?;
    println!(
        "backed up {} to {} ({bytes} bytes, integrity ok) in {} ms",
        args.db.display(),
        args.to.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// Copies the database at `db` into the new file `to` while others may be writing to it
/// (`VACUUM INTO` reads one consistent snapshot), then checks the copy; returns its size.
pub async fn backup(db: &std::path::Path, to: &std::path::Path) -> anyhow::Result<u64> {
    use sqlx::sqlite::SqliteConnectOptions;
    if to.exists() {
        bail!("{} exists already: back up into a new file", to.display());
    }
    if !db.exists() {
        bail!("there is no database at {}", db.display());
    }
    let target = to
        .to_str()
        .with_context(|| format!("{} is not a UTF-8 path", to.display()))?;
    let source =
        sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(db).read_only(true))
            .await
            .with_context(|| format!("opening {}", db.display()))?;
    sqlx::query("VACUUM INTO ?")
        .bind(target)
        .execute(&source)
        .await
        .with_context(|| format!("copying into {target}"))?;
    source.close().await;
    let copy = sqlx::SqlitePool::connect_with(SqliteConnectOptions::new().filename(to))
        .await
        .with_context(|| format!("opening the copy {target}"))?;
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&copy)
        .await?;
    copy.close().await;
    if integrity != "ok" {
        bail!("the copy {target} fails SQLite's integrity check: {integrity}");
    }
    Ok(std::fs::metadata(to)?.len())
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::warn!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::warn!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cors_names_the_contracts_edit_token_header() {
        assert!(EDIT_TOKEN_HEADER_LOWER.eq_ignore_ascii_case(byline_contract::EDIT_TOKEN_HEADER));
        assert_eq!(
            EDIT_TOKEN_HEADER_LOWER,
            EDIT_TOKEN_HEADER_LOWER.to_ascii_lowercase()
        );
    }
}
