//! "Connect using": sign-in through OpenID Connect providers, with the authorization code flow
//! and PKCE (RFC 7636).
//!
//! The page links to `GET /auth/oidc/{id}/start?next=/path`, which remembers a random `state`,
//! a PKCE verifier and a nonce (in `oidc_logins`, and the state also in a short-lived cookie
//! that ties the sign-in to this browser) and sends the browser to the provider. The provider
//! sends it back to `GET /auth/oidc/{id}/callback?code&state`; the endpoint checks the state
//! against the cookie, trades the code and verifier for an ID token at the provider's token
//! endpoint, checks the token (signature by the provider's published keys, issuer, audience,
//! expiry, nonce), and signs in:
//!
//! - the account already linked to this provider identity (`account_identities`);
//! - else, when the provider vouches for the email address (`email_verified`), the account
//!   with that address, which is linked from now on (an unconfirmed one is confirmed and its
//!   password, set by whoever registered it, stops working);
//! - else a new account with that address and the provider's name for the person.
//!
//! Both ends of the flow are browser navigations, so they answer with redirects: once signed in
//! to the page's `/account/connected?next=…` (which learns who signed in, then goes on to
//! `next`), or to the sign-in page with `?error=` saying what went wrong.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, bail, ensure};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use byline_contract::API_PREFIX;
use byline_contract::auth::{self, safe_next};
use byline_contract::code::Code;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use reqwest::Url;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use sqlx::SqliteConnection;
use tokio::sync::RwLock;

use super::{display_name_key, display_name_taken, session, start_session};
use crate::AppState;
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;

/// How long a sign-in may spend at the provider.
const LOGIN_TTL: Duration = Duration::from_secs(10 * 60);
/// The cookie that ties a sign-in to the browser that started it.
const STATE_COOKIE: &str = "byline_oidc";
/// How long the endpoint waits for a provider.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);
/// The name of an account whose provider gave no usable one.
const FALLBACK_NAME: &str = "Member";

/// A provider as configured (`--oidc-providers FILE`, a JSON array of these).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// Its id in addresses: lowercase letters, digits and dashes.
    pub id: String,
    /// The name on its button ("Connect using NAME").
    pub name: String,
    /// Its issuer URL; `{issuer}/.well-known/openid-configuration` describes it.
    pub issuer: String,
    /// The client id Byline is registered with at the provider.
    pub client_id: String,
    /// The client secret that goes with it.
    pub client_secret: String,
}

/// Checks a list of providers: ids well-formed and unique, issuers `http(s)://`.
pub fn check_providers(providers: &[ProviderConfig]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for provider in providers {
        let id_ok = !provider.id.is_empty()
            && provider
                .id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !id_ok {
            return Err(format!(
                "the provider id `{}` may hold only lowercase letters, digits and dashes",
                provider.id
            ));
        }
        if !seen.insert(provider.id.as_str()) {
            return Err(format!("the provider id `{}` is listed twice", provider.id));
        }
        if !(provider.issuer.starts_with("https://") || provider.issuer.starts_with("http://")) {
            return Err(format!(
                "the issuer of `{}` is not an http(s) address",
                provider.id
            ));
        }
        if provider.name.trim().is_empty() || provider.client_id.is_empty() {
            return Err(format!(
                "the provider `{}` needs a name and a client id",
                provider.id
            ));
        }
    }
    Ok(())
}

/// What the provider's discovery document says, and its keys.
#[derive(Debug)]
struct Discovered {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
    /// Whether the client authenticates with HTTP Basic (else with form fields).
    basic_auth: bool,
    keys: RwLock<JwkSet>,
}

/// The configured providers, and what the endpoint learnt of each.
pub struct Oidc {
    providers: Vec<ProviderConfig>,
    public_url: String,
    http: reqwest::Client,
    discovered: RwLock<HashMap<String, Arc<Discovered>>>,
}

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let ids: Vec<&str> = self.providers.iter().map(|p| p.id.as_str()).collect();
        f.debug_struct("Oidc")
            .field("providers", &ids)
            .finish_non_exhaustive()
    }
}

impl Oidc {
    /// The providers, with callbacks under `public_url`. Nothing is fetched until a reader
    /// uses a provider, so a provider that is down does not stop the endpoint.
    pub fn new(providers: Vec<ProviderConfig>, public_url: &str) -> anyhow::Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(PROVIDER_TIMEOUT)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .context("the HTTP client for OpenID providers")?;
        Ok(Self {
            providers,
            public_url: public_url.trim_end_matches('/').to_owned(),
            http,
            discovered: RwLock::new(HashMap::new()),
        })
    }

    /// The provider with this id, or the 404 answer.
    fn provider(&self, id: &str) -> Result<ProviderConfig, ApiError> {
        self.providers
            .iter()
            .find(|provider| provider.id == id)
            .cloned()
            .ok_or_else(|| {
                ApiError::not_found("There is no sign-in provider with this id.")
                    .with_code(Code::ProviderUnknown)
            })
    }

    /// Where the provider sends the browser back.
    fn redirect_uri(&self, id: &str) -> String {
        format!("{}{API_PREFIX}/auth/oidc/{id}/callback", self.public_url)
    }

    /// The provider's discovery document, fetched once.
    async fn discover(&self, provider: &ProviderConfig) -> anyhow::Result<Arc<Discovered>> {
        if let Some(found) = self.discovered.read().await.get(&provider.id) {
            return Ok(Arc::clone(found));
        }
        #[derive(Deserialize)]
        struct Document {
            issuer: String,
            authorization_endpoint: String,
            token_endpoint: String,
            jwks_uri: String,
            #[serde(default)]
            token_endpoint_auth_methods_supported: Vec<String>,
        }
        let url = format!(
            "{}/.well-known/openid-configuration",
            provider.issuer.trim_end_matches('/')
        );
        let document: Document = self.get_json(&url).await?;
        ensure!(
            document.issuer.trim_end_matches('/') == provider.issuer.trim_end_matches('/'),
            "the discovery document names the issuer {}, not {}",
            document.issuer,
            provider.issuer
        );
        // Basic is the default of the specification; form fields only when they are all the
        // provider takes.
        let methods = &document.token_endpoint_auth_methods_supported;
        let basic_auth = methods.is_empty()
            || methods.iter().any(|m| m == "client_secret_basic")
            || !methods.iter().any(|m| m == "client_secret_post");
        let keys: JwkSet = self.get_json(&document.jwks_uri).await?;
        let discovered = Arc::new(Discovered {
            issuer: document.issuer,
            authorization_endpoint: document.authorization_endpoint,
            token_endpoint: document.token_endpoint,
            jwks_uri: document.jwks_uri,
            basic_auth,
            keys: RwLock::new(keys),
        });
        self.discovered
            .write()
            .await
            .insert(provider.id.clone(), Arc::clone(&discovered));
        Ok(discovered)
    }

    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> anyhow::Result<T> {
        let response = self
            .http
            .get(url)
            .header(header::ACCEPT, "application/json")
            .send()
            .await
            .with_context(|| format!("GET {url}"))?;
        ensure!(
            response.status().is_success(),
            "GET {url} answered {}",
            response.status()
        );
        response
            .json()
            .await
            .with_context(|| format!("GET {url} did not answer JSON of the expected shape"))
    }

    /// The key that signed a token: by its `kid`, fetching the key set again once when the
    /// provider has rotated its keys.
    async fn key(&self, discovered: &Discovered, kid: Option<&str>) -> anyhow::Result<DecodingKey> {
        for attempt in 0..2 {
            if attempt == 1 {
                let fresh: JwkSet = self.get_json(&discovered.jwks_uri).await?;
                *discovered.keys.write().await = fresh;
            }
            let keys = discovered.keys.read().await;
            let found = match kid {
                Some(kid) => keys.find(kid),
                None if keys.keys.len() == 1 => keys.keys.first(),
                None => None,
            };
            if let Some(jwk) = found {
                return DecodingKey::from_jwk(jwk).context("the provider's key cannot be used");
            }
        }
        bail!("no key of the provider has the id {kid:?}")
    }

    /// Trades an authorization code for the provider's checked claims about the person.
    async fn claims(
        &self,
        provider: &ProviderConfig,
        code: &str,
        verifier: &str,
        nonce: &str,
    ) -> anyhow::Result<Claims> {
        let discovered = self.discover(provider).await?;
        let redirect_uri = self.redirect_uri(&provider.id);
        let mut form = vec![
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect_uri.as_str()),
            ("code_verifier", verifier),
        ];
        let mut request = self
            .http
            .post(&discovered.token_endpoint)
            .header(header::ACCEPT, "application/json");
        if discovered.basic_auth {
            request = request.basic_auth(&provider.client_id, Some(&provider.client_secret));
        } else {
            form.push(("client_id", provider.client_id.as_str()));
            form.push(("client_secret", provider.client_secret.as_str()));
        }
        let response = request
            .form(&form)
            .send()
            .await
            .context("the token request")?;
        let status = response.status();
        ensure!(
            status.is_success(),
            "the token endpoint answered {status}: {}",
            response.text().await.unwrap_or_default()
        );
        #[derive(Deserialize)]
        struct Tokens {
            id_token: String,
        }
        let tokens: Tokens = response
            .json()
            .await
            .context("the token answer holds no id_token")?;
        self.check_id_token(provider, &discovered, &tokens.id_token, nonce)
            .await
    }

    /// Checks an ID token: signed by the provider with an asymmetric algorithm, for this
    /// client, from this issuer, not expired, with the nonce of this sign-in.
    async fn check_id_token(
        &self,
        provider: &ProviderConfig,
        discovered: &Discovered,
        token: &str,
        nonce: &str,
    ) -> anyhow::Result<Claims> {
        let head = jsonwebtoken::decode_header(token).context("the ID token is not a JWT")?;
        // Never `none` or a shared-secret algorithm: the key must be the provider's own.
        let asymmetric = matches!(
            head.alg,
            Algorithm::RS256
                | Algorithm::RS384
                | Algorithm::RS512
                | Algorithm::PS256
                | Algorithm::PS384
                | Algorithm::PS512
                | Algorithm::ES256
                | Algorithm::ES384
                | Algorithm::EdDSA
        );
        ensure!(asymmetric, "the ID token is signed with {:?}", head.alg);
        let key = self.key(discovered, head.kid.as_deref()).await?;
        let mut validation = Validation::new(head.alg);
        validation.set_issuer(&[discovered.issuer.as_str()]);
        validation.set_audience(&[provider.client_id.as_str()]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 60;
        let claims = jsonwebtoken::decode::<Claims>(token, &key, &validation)
            .context("the ID token does not check out")?
            .claims;
        ensure!(
            claims.nonce.as_deref() == Some(nonce),
            "the ID token carries another nonce"
        );
        Ok(claims)
    }
}

/// What an ID token says about the person.
#[derive(Debug, Clone, Deserialize)]
struct Claims {
    sub: String,
    nonce: Option<String>,
    email: Option<String>,
    /// A boolean, or (from some providers) the string `"true"`.
    #[serde(default)]
    email_verified: serde_json::Value,
    name: Option<String>,
    preferred_username: Option<String>,
}

impl Claims {
    fn email_verified(&self) -> bool {
        self.email_verified == serde_json::Value::Bool(true)
            || self.email_verified == serde_json::Value::String("true".into())
    }

    /// The name for a new account: the provider's name for the person, else their user name,
    /// else the part of the address before `@`; at most 60 characters.
    fn display_name(&self, email: &str) -> String {
        let local = email.split('@').next().unwrap_or_default();
        [
            self.name.as_deref(),
            self.preferred_username.as_deref(),
            Some(local),
        ]
        .into_iter()
        .flatten()
        .map(|name| {
            name.trim()
                .chars()
                .take(60)
                .collect::<String>()
                .trim()
                .to_owned()
        })
        .find(|name| byline_contract::validate::name_rule(name).is_ok())
        .unwrap_or_else(|| FALLBACK_NAME.to_owned())
    }
}

/// `GET /api/v1/auth/providers`: the configured providers, for the page's buttons.
#[utoipa::path(
    get,
    path = "/auth/providers",
    tag = "auth",
    responses(
        (status = 200, description = "The social sign-ins this endpoint offers", body = byline_contract::auth::Providers),
        crate::openapi::Problems,
    )
)]
pub async fn providers(State(state): State<AppState>) -> Json<auth::Providers> {
    Json(auth::Providers {
        items: state
            .oidc
            .providers
            .iter()
            .map(|provider| auth::Provider {
                id: provider.id.clone(),
                name: provider.name.clone(),
            })
            .collect(),
    })
}

/// The query of `start`.
#[derive(Debug, Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

/// `GET /api/v1/auth/oidc/{id}/start?next=/path`: sends the browser to the provider.
#[utoipa::path(
    get,
    path = "/auth/oidc/{id}/start",
    tag = "auth",
    params(
        ("id" = String, Path, description = "The provider"),
        ("next" = Option<String>, Query, description = "The path on this site to come back to"),
    ),
    responses(
        (status = 303, description = "To the provider's sign-in page"),
        crate::openapi::Problems,
    )
)]
pub async fn start(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<StartQuery>,
) -> Result<Response, ApiError> {
    let provider = state.oidc.provider(&id)?;
    let next = safe_next(query.next.as_deref());
    let discovered = match state.oidc.discover(&provider).await {
        Ok(discovered) => discovered,
        Err(error) => {
            tracing::error!(provider = %id, "OpenID provider unreachable: {error:#}");
            return Ok(to_sign_in(Failure::Unavailable, &next));
        }
    };
    let login_state = random_token()?;
    let verifier = random_token()?;
    let nonce = random_token()?;
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let pool = state.pool.clone();
    let row = (
        session::token_hash(&login_state),
        id.clone(),
        verifier,
        nonce.clone(),
        next,
    );
    in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        sqlx::query("DELETE FROM oidc_logins WHERE expires_at <= ?")
            .bind(now)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO oidc_logins
                    (state_hash, provider, code_verifier, nonce, next, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&row.0)
        .bind(&row.1)
        .bind(&row.2)
        .bind(&row.3)
        .bind(&row.4)
        .bind(now)
        .bind(now.saturating_add(session::millis(LOGIN_TTL)))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, ApiError>(())
    })
    .await?;
    let mut url = Url::parse(&discovered.authorization_endpoint).map_err(|error| {
        tracing::error!(provider = %id, %error, "the authorization endpoint is not a URL");
        ApiError::internal()
    })?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &provider.client_id)
        .append_pair("redirect_uri", &state.oidc.redirect_uri(&id))
        .append_pair("scope", "openid email profile")
        .append_pair("state", &login_state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &challenge)
        .append_pair("code_challenge_method", "S256");
    let mut response = see_other(url.as_str());
    response.headers_mut().append(
        header::SET_COOKIE,
        session::http_only_cookie(
            STATE_COOKIE,
            &login_state,
            &state_cookie_path(),
            LOGIN_TTL.as_secs(),
            state.secure_cookies,
        ),
    );
    Ok(response)
}

/// The query the provider sends back.
#[derive(Debug, Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// A sign-in on its way, as stored.
#[derive(sqlx::FromRow)]
struct Login {
    provider: String,
    code_verifier: String,
    nonce: String,
    next: String,
}

/// `GET /api/v1/auth/oidc/{id}/callback?code&state`: the provider's answer; signs in and sends
/// the browser on to where it was.
#[utoipa::path(
    get,
    path = "/auth/oidc/{id}/callback",
    tag = "auth",
    params(
        ("id" = String, Path, description = "The provider"),
        ("code" = Option<String>, Query, description = "From the provider"),
        ("state" = Option<String>, Query, description = "From the provider"),
        ("error" = Option<String>, Query, description = "From the provider, when the sign-in failed"),
    ),
    responses(
        (status = 303, description = "Back to the page the sign-in started from, signed in or with the reason it failed"),
        crate::openapi::Problems,
    )
)]
pub async fn callback(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<CallbackQuery>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let provider = state.oidc.provider(&id)?;
    let cookie = session::cookie_value(&headers, STATE_COOKIE);
    // The state must be the one this browser was given: a sign-in started elsewhere (a link
    // someone sent) cannot finish here.
    let Some(login_state) = query.state.filter(|s| Some(s) == cookie.as_ref()) else {
        tracing::info!(provider = %id, "OpenID callback without this browser's state");
        return Ok(to_sign_in(Failure::OtherBrowser, "/"));
    };
    let pool = state.pool.clone();
    let hash = session::token_hash(&login_state);
    let login: Option<Login> = in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let login = sqlx::query_as(
            "DELETE FROM oidc_logins WHERE state_hash = ? AND expires_at > ?
             RETURNING provider, code_verifier, nonce, next",
        )
        .bind(&hash)
        .bind(now_ms())
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok::<_, ApiError>(login)
    })
    .await?;
    let Some(login) = login.filter(|login| login.provider == id) else {
        return Ok(finish(&state, to_sign_in(Failure::Expired, "/")));
    };
    let code = match (query.error, query.code) {
        (None, Some(code)) => code,
        (error, _) => {
            tracing::info!(provider = %id, ?error, "OpenID sign-in not granted");
            return Ok(finish(&state, to_sign_in(Failure::Cancelled, &login.next)));
        }
    };
    let claims = match state
        .oidc
        .claims(&provider, &code, &login.code_verifier, &login.nonce)
        .await
    {
        Ok(claims) => claims,
        Err(error) => {
            tracing::error!(provider = %id, "OpenID sign-in failed: {error:#}");
            return Ok(finish(
                &state,
                to_sign_in(Failure::Unavailable, &login.next),
            ));
        }
    };
    let pool = state.pool.clone();
    let carried = session::cookie_token(&headers);
    let provider_id = id.clone();
    let signed_in = in_task(async move {
        let now = now_ms();
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let account = match account_for(&mut tx, &provider_id, &claims, now).await? {
            Ok(account) => account,
            Err(refusal) => {
                tx.commit().await?;
                return Ok(Err(refusal));
            }
        };
        let signed_in = start_session(&mut tx, account, carried.as_deref(), now).await?;
        tx.commit().await?;
        Ok::<_, ApiError>(Ok(signed_in))
    })
    .await?;
    match signed_in {
        Ok((member, token)) => {
            tracing::info!(account_id = member.id, provider = %id, "signed in with OpenID");
            let mut response =
                see_other(&page_path("/account/connected", &[("next", &login.next)]));
            response.headers_mut().append(
                header::SET_COOKIE,
                session::set_cookie(&token, state.secure_cookies),
            );
            Ok(finish(&state, response))
        }
        Err(refusal) => Ok(finish(&state, to_sign_in(refusal, &login.next))),
    }
}

/// The account a provider identity signs in to, creating or linking it (see the module
/// docs); `Err` with a message for the reader when there is none to be had.
async fn account_for(
    tx: &mut SqliteConnection,
    provider: &str,
    claims: &Claims,
    now: i64,
) -> Result<Result<i64, Failure>, ApiError> {
    let linked: Option<i64> = sqlx::query_scalar(
        "SELECT account_id FROM account_identities WHERE provider = ? AND subject = ?",
    )
    .bind(provider)
    .bind(&claims.sub)
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(account) = linked {
        return Ok(Ok(account));
    }
    let Some(email) = claims
        .email
        .as_deref()
        .map(str::trim)
        .filter(|e| !e.is_empty())
    else {
        return Ok(Err(Failure::NoEmail));
    };
    if !claims.email_verified() {
        return Ok(Err(Failure::Unverified));
    }
    let existing: Option<(i64, Option<i64>)> =
        sqlx::query_as("SELECT id, confirmed_at FROM accounts WHERE email = ?")
            .bind(email)
            .fetch_optional(&mut *tx)
            .await?;
    let account = match existing {
        Some((account, confirmed_at)) => {
            if confirmed_at.is_none() {
                // Registered by someone who never proved the address: the provider has now
                // proved it is this person's, so the unknown password must not work, nor is
                // the name that someone chose kept.
                let name = free_display_name(&mut *tx, &claims.display_name(email)).await?;
                sqlx::query(
                    "UPDATE accounts SET confirmed_at = ?, password_hash = '', display_name = ?,
                            display_name_key = ?
                      WHERE id = ?",
                )
                .bind(now)
                .bind(&name)
                .bind(display_name_key(&name))
                .bind(account)
                .execute(&mut *tx)
                .await?;
            }
            account
        }
        None => {
            let name = free_display_name(&mut *tx, &claims.display_name(email)).await?;
            // No password (an empty hash never matches); "forgot password" can set one.
            sqlx::query_scalar(
                "INSERT INTO accounts
                        (display_name, display_name_key, email, password_hash, confirmed_at,
                         created_at)
                 VALUES (?, ?, ?, '', ?, ?) RETURNING id",
            )
            .bind(&name)
            .bind(display_name_key(&name))
            .bind(email)
            .bind(now)
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    sqlx::query(
        "INSERT INTO account_identities (provider, subject, account_id, created_at)
         VALUES (?, ?, ?, ?)",
    )
    .bind(provider)
    .bind(&claims.sub)
    .bind(account)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(Ok(account))
}

/// `name`, or `name 2`, `name 3`… when a member uses it already.
async fn free_display_name(conn: &mut SqliteConnection, name: &str) -> Result<String, ApiError> {
    if !display_name_taken(&mut *conn, name).await? {
        return Ok(name.to_owned());
    }
    for n in 2..1000 {
        let suffix = format!(" {n}");
        let base: String = name.chars().take(60 - suffix.chars().count()).collect();
        let candidate = format!("{}{suffix}", base.trim_end());
        if !display_name_taken(&mut *conn, &candidate).await? {
            return Ok(candidate);
        }
    }
    tracing::error!("no free display name near {name:?}");
    Err(ApiError::internal())
}

/// Why a provider sign-in did not sign anyone in, as a code in `/account/sign-in?error=`: the
/// page words it, so a link cannot put text of its choosing on Byline's page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Failure {
    /// The provider could not be reached, or its answer did not check out.
    Unavailable,
    /// The sign-in was started in another browser.
    OtherBrowser,
    /// The sign-in took too long, or its answer came twice.
    Expired,
    /// The reader cancelled at the provider, or the provider refused.
    Cancelled,
    /// The provider gave no email address.
    NoEmail,
    /// The provider has not verified the address.
    Unverified,
}

impl Failure {
    fn code(self) -> &'static str {
        match self {
            Self::Unavailable => "oidc-unavailable",
            Self::OtherBrowser => "oidc-other-browser",
            Self::Expired => "oidc-expired",
            Self::Cancelled => "oidc-cancelled",
            Self::NoEmail => "oidc-no-email",
            Self::Unverified => "oidc-unverified",
        }
    }
}

/// The path of the state cookie: only the callback needs it.
fn state_cookie_path() -> String {
    format!("{API_PREFIX}/auth/oidc")
}

/// Clears the state cookie on a finished sign-in's answer.
fn finish(state: &AppState, mut response: Response) -> Response {
    response.headers_mut().append(
        header::SET_COOKIE,
        session::http_only_cookie(
            STATE_COOKIE,
            "",
            &state_cookie_path(),
            0,
            state.secure_cookies,
        ),
    );
    response
}

/// A `303 See Other` to `location`.
fn see_other(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(value) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, value);
    }
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// A redirect to the page's sign-in view saying what failed, keeping `next`.
fn to_sign_in(failure: Failure, next: &str) -> Response {
    let mut query = vec![("error", failure.code())];
    if next != "/" {
        query.push(("next", next));
    }
    see_other(&page_path("/account/sign-in", &query))
}

/// A path of the page with a query, each value encoded.
fn page_path(path: &str, query: &[(&str, &str)]) -> String {
    let Ok(mut url) = Url::parse(&format!("http://site.invalid{path}")) else {
        return path.to_owned();
    };
    url.query_pairs_mut().extend_pairs(query);
    match url.query() {
        Some(query) => format!("{}?{query}", url.path()),
        None => url.path().to_owned(),
    }
}

/// 32 random bytes as 43 URL-safe characters (state, PKCE verifier, nonce).
fn random_token() -> Result<String, ApiError> {
    Ok(URL_SAFE_NO_PAD.encode(session::random_bytes()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn provider_lists_are_checked() {
        let provider = |id: &str, issuer: &str| ProviderConfig {
            id: id.into(),
            name: "Example".into(),
            issuer: issuer.into(),
            client_id: "byline".into(),
            client_secret: "secret".into(),
        };
        assert!(check_providers(&[provider("example", "https://id.example")]).is_ok());
        assert!(check_providers(&[provider("Example!", "https://id.example")]).is_err());
        assert!(
            check_providers(&[provider("a", "https://x"), provider("a", "https://y")]).is_err()
        );
        assert!(check_providers(&[provider("a", "ftp://x")]).is_err());
    }

    #[test]
    fn a_new_accounts_name_comes_from_the_claims_in_order() {
        let claims = |name: Option<&str>, user: Option<&str>| Claims {
            sub: "1".into(),
            nonce: None,
            email: None,
            email_verified: serde_json::Value::Null,
            name: name.map(Into::into),
            preferred_username: user.map(Into::into),
        };
        assert_eq!(
            claims(Some(" Sara Aziz "), Some("sara")).display_name("s@x.org"),
            "Sara Aziz"
        );
        assert_eq!(
            claims(Some(" "), Some("sara")).display_name("s@x.org"),
            "sara"
        );
        assert_eq!(claims(None, None).display_name("shno@x.org"), "shno");
        assert_eq!(
            claims(Some(&"n".repeat(80)), None)
                .display_name("s@x.org")
                .chars()
                .count(),
            60
        );
        let verified = |value: serde_json::Value| Claims {
            email_verified: value,
            ..claims(None, None)
        };
        assert!(verified(serde_json::json!(true)).email_verified());
        assert!(verified(serde_json::json!("true")).email_verified());
        assert!(!verified(serde_json::json!(false)).email_verified());
        assert!(!verified(serde_json::Value::Null).email_verified());
    }
}
