//! Every HTTP call the page makes, and nothing else.
//!
//! One small function per endpoint, all going through [`get`] or [`post`], which own the base
//! URL, the time limit, aborting a request whose view went away, and the mapping of failures
//! into [`ApiError`] (transport failures apart from the API's own problem bodies).

use std::future::Future;
use std::pin::{Pin, pin};

use byline_contract::auth::{
    Accepted, AccountDeletion, Confirm, Forgot, Member, PasswordChange, ProfileChange, Providers,
    Register, Reset, SignIn, WidgetSession,
};
use byline_contract::code::Code;
use byline_contract::contribution::{
    Draft, FILE_NAME_HEADER, NewContribution, Receipt, StoredFile, UPLOAD_TOKEN_HEADER,
};
use byline_contract::moderation::{
    ArticleModeration, Bans, Decision, Featured, LiftBan, Like, Likes, Log, Queue, Report,
};
use byline_contract::{
    API_PREFIX, Article, ArticlePage, Comment, CommentEdit, CommentPage, CommentSort,
    EDIT_TOKEN_HEADER, FieldErrors, IDEMPOTENCY_KEY_HEADER, LatestComments, NewComment,
    PROBLEM_CONTENT_TYPE, PartnerThread, PostedComment, Problem, RelatedArticles,
};
use futures::future::{Either, select};
use gloo_net::http::{Request, RequestBuilder, Response};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::JsCast;

use crate::i18n::{self, Key};

/// How long the page waits for an answer before it tells the reader.
pub const TIMEOUT_MS: u32 = 10_000;

/// Why a request did not give the page what it asked for.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer: the reader is offline or the server is down.
    #[error("{}", i18n::format(i18n::current(), Key::ErrorNetwork, &[]))]
    Network,
    /// No answer came within [`TIMEOUT_MS`].
    #[error("{}", i18n::format(i18n::current(), Key::ErrorTimeout, &[]))]
    Timeout,
    /// The server answered, but not with anything the page can read.
    #[error("{}", i18n::format(i18n::current(), Key::ErrorMalformed, &[]))]
    Malformed,
    /// The server answered with an error status and, usually, a problem body.
    #[error("{}", status_message(*status, problem.as_deref()))]
    Status {
        /// The HTTP status.
        status: u16,
        /// The API's problem body, when it sent one (boxed: every call's `Result` carries it).
        problem: Option<Box<Problem>>,
    },
}

impl ApiError {
    /// The HTTP status, when the endpoint answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Self::Status { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the thing asked for does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, Self::Status { status: 404, .. })
    }

    /// The messages for each bad field, when the server rejected what was sent.
    pub fn field_errors(&self) -> Option<&FieldErrors> {
        match self {
            Self::Status {
                problem: Some(problem),
                ..
            } if !problem.errors.is_empty() => Some(&problem.errors),
            _ => None,
        }
    }
}

fn status_message(status: u16, problem: Option<&Problem>) -> String {
    if let Some(detail) = problem.and_then(|p| p.detail.as_deref()) {
        return detail.to_owned();
    }
    let lang = i18n::current();
    let key = match generic_key(status) {
        Some(key) => key,
        None => match problem {
            Some(problem) if !problem.title.is_empty() => return problem.title.clone(),
            _ => Key::ErrorStatus,
        },
    };
    i18n::format(
        lang,
        key,
        &[("status", i18n::Arg::Number(f64::from(status)))],
    )
}

/// The page's own words for a status, where one says enough.
fn generic_key(status: u16) -> Option<Key> {
    Some(match status {
        404 => Key::ErrorNotFound,
        413 => Key::ErrorTooLarge,
        422 => Key::ErrorFields,
        429 => Key::ErrorTooMany,
        500..=599 => Key::ErrorServer,
        _ => return None,
    })
}

/// Puts a problem in the page's language: the cases the endpoint names with a [`Code`] in the
/// page's words, for the answer and for each field. An unnamed case keeps the endpoint's
/// English sentence, except where the page has words of its own for the status and speaks
/// another language: a reader of Arabic is better served by a general sentence in Arabic.
pub fn localize(problem: &mut Problem, retry_after: Option<u32>) {
    let said =
        |name: &str| Code::parse(name).and_then(|code| i18n::code_message(code, retry_after));
    match problem.code.as_deref().and_then(said) {
        Some(text) => problem.detail = Some(text),
        None if i18n::current() != i18n::Lang::En && generic_key(problem.status).is_some() => {
            problem.detail = None;
        }
        None => {}
    }
    for (field, name) in &problem.error_codes {
        if let Some(text) = said(name) {
            problem.errors.insert(field.clone(), vec![text]);
        }
    }
}

/// The root of the API: `<meta name="byline-api" content="…">` when the page sets one (a
/// partner hosting the page elsewhere), else the same origin's [`API_PREFIX`].
pub fn base_url() -> String {
    leptos::prelude::document()
        .query_selector("meta[name='byline-api']")
        .ok()
        .flatten()
        .and_then(|meta| meta.get_attribute("content"))
        .map(|url| url.trim_end_matches('/').to_owned())
        .filter(|url| !url.is_empty())
        .unwrap_or_else(|| API_PREFIX.to_owned())
}

/// `GET /articles`: a page of articles, newest first.
pub async fn articles(cursor: Option<String>) -> Result<ArticlePage, ApiError> {
    let mut path = "/articles?limit=12".to_owned();
    if let Some(cursor) = cursor {
        path.push_str("&cursor=");
        path.push_str(&encode(&cursor));
    }
    get(&path).await
}

/// `GET /articles/{slug}`: one whole article.
pub async fn article(slug: &str) -> Result<Article, ApiError> {
    get(&format!("/articles/{}", encode(slug))).await
}

/// `GET /threads?url=`: the thread of a partner's own page, started or not.
pub async fn partner_thread(url: &str) -> Result<PartnerThread, ApiError> {
    get(&format!("/threads?url={}", encode(url))).await
}

/// `GET /articles/{slug}/comments`: a page of comment threads.
pub async fn comments(
    slug: &str,
    sort: CommentSort,
    cursor: Option<String>,
) -> Result<CommentPage, ApiError> {
    let mut path = format!(
        "/articles/{}/comments?sort={}&limit=50",
        encode(slug),
        sort.as_str()
    );
    if let Some(cursor) = cursor {
        path.push_str("&cursor=");
        path.push_str(&encode(&cursor));
    }
    get(&path).await
}

/// `GET /articles/{slug}/comments/{id}/thread`: the whole thread holding one comment, for
/// links to a comment that is not on the pages loaded so far. With the `edit_token` of a
/// guest's comment, that comment shows while it waits for a moderator.
pub async fn comment_thread(
    slug: &str,
    id: i64,
    edit_token: Option<&str>,
) -> Result<Comment, ApiError> {
    let path = format!("/articles/{}/comments/{id}/thread", encode(slug));
    decode(get_answer_as(&path, edit_token).await?)
}

/// `POST /articles/{slug}/comments`. The same `idempotency_key` on a retry returns the first
/// result instead of posting twice. A guest's answer carries the token that lets this browser
/// edit or delete the comment later.
pub async fn post_comment(
    slug: &str,
    comment: &NewComment,
    idempotency_key: &str,
) -> Result<PostedComment, ApiError> {
    /// The token beside the comment's fields. Read on its own: serde reads the flattened
    /// `PostedComment` through a generic buffer whose code is larger than this whole feature.
    #[derive(serde::Deserialize)]
    struct Token {
        edit_token: Option<String>,
    }
    let path = format!("/articles/{}/comments", encode(slug));
    let body = serde_json::to_string(comment).map_err(|_| ApiError::Malformed)?;
    let answer = post_answer(&path, body, idempotency_key).await?;
    let edit_token = serde_json::from_str::<Token>(&answer.text)
        .ok()
        .and_then(|token| token.edit_token);
    Ok(PostedComment {
        comment: decode(answer)?,
        edit_token,
    })
}

/// `PATCH /comments/{id}`: new text for a comment, with the token a guest's comment was
/// posted with (a member's session cookie goes along by itself).
pub async fn edit_comment(
    id: i64,
    body: String,
    edit_token: Option<&str>,
) -> Result<Comment, ApiError> {
    let body = serde_json::to_string(&CommentEdit { body }).map_err(|_| ApiError::Malformed)?;
    let path = format!("/comments/{id}");
    let request = with_edit_token(Request::patch(&format!("{}{path}", base_url())), edit_token);
    decode(send_change(request, Kept(format!("PATCH {path}")), Some(body)).await?)
}

/// `DELETE /comments/{id}`, with the token a guest's comment was posted with.
pub async fn delete_comment(id: i64, edit_token: Option<&str>) -> Result<(), ApiError> {
    let path = format!("/comments/{id}");
    let request = with_edit_token(
        Request::delete(&format!("{}{path}", base_url())),
        edit_token,
    );
    successful(send_change(request, Kept(format!("DELETE {path}")), None).await?).map(drop)
}

fn with_edit_token(builder: RequestBuilder, edit_token: Option<&str>) -> RequestBuilder {
    match edit_token {
        Some(token) => builder.header(EDIT_TOKEN_HEADER, token),
        None => builder,
    }
}

/// `POST /comments/{id}/report`: a reader's report of a comment.
pub async fn report_comment(id: i64, report: &Report) -> Result<(), ApiError> {
    successful(post_json(&format!("/comments/{id}/report"), report).await?).map(drop)
}

/// `PUT` (or, to take it back, `DELETE`) `/comments/{id}/like`: a like from this reader,
/// counted once per account or, for a guest, per browser.
pub async fn like_comment(id: i64, like: bool) -> Result<Likes, ApiError> {
    let path = format!("/comments/{id}/like");
    let url = format!("{}{path}", base_url());
    let (request, method) = if like {
        (Request::put(&url), "PUT")
    } else {
        (Request::delete(&url), "DELETE")
    };
    let body = Like {
        browser: Some(crate::storage::browser_key()),
    };
    decode(send_json(request, &format!("{method} {path}"), &body).await?)
}

/// `PUT /moderation/comments/{id}/featured`: a moderator features a comment, or stops.
pub async fn feature_comment(id: i64, featured: bool) -> Result<Comment, ApiError> {
    let path = format!("/moderation/comments/{id}/featured");
    let request = Request::put(&format!("{}{path}", base_url()));
    decode(send_json(request, &format!("PUT {path}"), &Featured { featured }).await?)
}

/// `POST /contributions`: the text of a contribution to "Be part of"; a draft its files go
/// to.
pub async fn start_contribution(input: &NewContribution) -> Result<Draft, ApiError> {
    decode(post_json("/contributions", input).await?)
}

/// `POST /contributions/{id}/submit`: sends a draft to the newsroom; the receipt.
pub async fn submit_contribution(draft: &Draft) -> Result<Receipt, ApiError> {
    let path = format!("/contributions/{}/submit", draft.id);
    let request = Request::post(&format!("{}{path}", base_url()))
        .header(UPLOAD_TOKEN_HEADER, &draft.upload_token);
    decode(send_change(request, Kept(format!("POST {path}")), None).await?)
}

/// `DELETE /contributions/{id}/files/{position}`: takes a file the draft holds out of it
/// before it is sent (nothing there is no error).
pub async fn remove_contribution_file(draft: &Draft, position: usize) -> Result<(), ApiError> {
    let path = format!("/contributions/{}/files/{position}", draft.id);
    let request = Request::delete(&format!("{}{path}", base_url()))
        .header(UPLOAD_TOKEN_HEADER, &draft.upload_token);
    successful(send_change(request, Kept(format!("DELETE {path}")), None).await?).map(drop)
}

/// `PUT /contributions/{id}/files/{position}`: one file, sent with `XMLHttpRequest` (fetch
/// cannot report an upload's progress): `on_progress` hears the share sent so far, 0 to 1.
/// Has no time limit: a video on a slow line takes minutes.
pub async fn upload_contribution_file(
    draft: &Draft,
    position: usize,
    file: &web_sys::File,
    on_progress: impl Fn(f64) + 'static,
) -> Result<StoredFile, ApiError> {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;

    let url = format!("{}/contributions/{}/files/{position}", base_url(), draft.id);
    let xhr = web_sys::XmlHttpRequest::new().map_err(|_| ApiError::Network)?;
    xhr.open("PUT", &url).map_err(|_| ApiError::Network)?;
    for (name, value) in [
        ("Accept", "application/json".to_owned()),
        ("X-Byline-Request", "1".to_owned()),
        (UPLOAD_TOKEN_HEADER, draft.upload_token.clone()),
        (FILE_NAME_HEADER, encode(&file.name())),
    ] {
        xhr.set_request_header(name, &value)
            .map_err(|_| ApiError::Network)?;
    }
    // The promise settles from the request's events; its resolver waits in `settle`.
    let settle: Rc<RefCell<Option<js_sys::Function>>> = Rc::new(RefCell::new(None));
    let waiting = js_sys::Promise::new(&mut |resolve, _reject| {
        *settle.borrow_mut() = Some(resolve);
    });
    let finish = {
        let settle = Rc::clone(&settle);
        move |outcome: &str| {
            if let Some(resolve) = settle.borrow_mut().take() {
                let _ = resolve.call1(&wasm_bindgen::JsValue::NULL, &outcome.into());
            }
        }
    };
    let on_load = Closure::<dyn FnMut()>::new({
        let finish = finish.clone();
        move || finish("load")
    });
    let on_error = Closure::<dyn FnMut()>::new(move || finish("error"));
    let progress =
        Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |event: web_sys::ProgressEvent| {
            if event.length_computable() && event.total() > 0.0 {
                on_progress(event.loaded() / event.total());
            }
        });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    xhr.set_onabort(Some(on_error.as_ref().unchecked_ref()));
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(progress.as_ref().unchecked_ref()));
    }
    xhr.send_with_opt_blob(Some(file))
        .map_err(|_| ApiError::Network)?;
    let outcome = wasm_bindgen_futures::JsFuture::from(waiting)
        .await
        .ok()
        .and_then(|value| value.as_string());
    // The handlers live until the request is over.
    drop((on_load, on_error, progress));
    if outcome.as_deref() != Some("load") {
        return Err(ApiError::Network);
    }
    let answer = Answer {
        status: xhr.status().unwrap_or(0),
        content_type: xhr
            .get_response_header("content-type")
            .ok()
            .flatten()
            .unwrap_or_default(),
        text: xhr
            .response_text()
            .ok()
            .flatten()
            .ok_or(ApiError::Malformed)
            .and_then(|text| text_of(text.into_bytes()))?,
        retry_after: xhr
            .get_response_header("retry-after")
            .ok()
            .flatten()
            .and_then(|seconds| seconds.trim().parse().ok()),
    };
    decode(answer)
}

/// `GET /moderation/contributions`: the latest contributions, for moderators.
pub async fn contributions() -> Result<byline_contract::contribution::Contributions, ApiError> {
    get("/moderation/contributions").await
}

/// The address of a contribution's file, for a moderator's download link (the browser sends
/// the session cookie itself).
pub fn contribution_file_url(id: i64, position: u32) -> String {
    format!(
        "{}/moderation/contributions/{id}/files/{position}",
        base_url()
    )
}

/// `POST /moderation/contributions/{id}`: accepts or rejects a contribution.
pub async fn decide_contribution(
    id: i64,
    status: byline_contract::contribution::Status,
) -> Result<(), ApiError> {
    let body = byline_contract::contribution::ContributionDecision { status };
    successful(post_json(&format!("/moderation/contributions/{id}"), &body).await?).map(drop)
}

/// `GET /moderation/queue`: the comments that wait for a moderator or were hidden by reports.
pub async fn moderation_queue() -> Result<Queue, ApiError> {
    get("/moderation/queue").await
}

/// `POST /moderation/comments/{id}`: a moderator's decision on a queued comment.
pub async fn moderate(id: i64, decision: &Decision) -> Result<Comment, ApiError> {
    decode(post_json(&format!("/moderation/comments/{id}"), decision).await?)
}

/// `PUT /moderation/articles/{slug}`: an article's moderation mode.
pub async fn set_article_moderation(slug: &str, input: &ArticleModeration) -> Result<(), ApiError> {
    let path = format!("/moderation/articles/{}", encode(slug));
    let request = Request::put(&format!("{}{path}", base_url()));
    successful(send_json(request, &format!("PUT {path}"), input).await?).map(drop)
}

/// `GET /moderation/log`: the latest moderation actions.
pub async fn moderation_log() -> Result<Log, ApiError> {
    get("/moderation/log").await
}

/// `GET /moderation/bans`: the members banned and the guests' addresses blocked.
pub async fn moderation_bans() -> Result<Bans, ApiError> {
    get("/moderation/bans").await
}

/// `POST /moderation/bans/lift`: lets a banned member or a blocked address comment again.
pub async fn lift_ban(lift: &LiftBan) -> Result<(), ApiError> {
    successful(post_json("/moderation/bans/lift", lift).await?).map(drop)
}

/// `GET /auth/me`: the signed-in member; a 401 when the session is over.
pub async fn me() -> Result<Member, ApiError> {
    get("/auth/me").await
}

/// `POST /auth/sign-in`: starts a session (the cookie comes with the answer).
pub async fn sign_in(input: &SignIn) -> Result<Member, ApiError> {
    decode(post_json("/auth/sign-in", input).await?)
}

/// `POST /auth/register`: an account waiting for its emailed confirmation link.
pub async fn register(input: &Register) -> Result<Accepted, ApiError> {
    decode(post_json("/auth/register", input).await?)
}

/// `POST /auth/confirm`: follows a confirmation link, and signs in.
pub async fn confirm(token: String) -> Result<Member, ApiError> {
    decode(post_json("/auth/confirm", &Confirm { token }).await?)
}

/// `POST /auth/forgot`: asks for a password reset link.
pub async fn forgot(input: &Forgot) -> Result<Accepted, ApiError> {
    decode(post_json("/auth/forgot", input).await?)
}

/// `POST /auth/reset`: sets a new password from a reset link, and signs in.
pub async fn reset(input: &Reset) -> Result<Member, ApiError> {
    decode(post_json("/auth/reset", input).await?)
}

/// `POST /auth/sign-out`: ends the session.
pub async fn sign_out() -> Result<(), ApiError> {
    let request = Request::post(&format!("{}/auth/sign-out", base_url()));
    let key = Kept("POST /auth/sign-out".to_owned());
    successful(send_change(request, key, None).await?).map(drop)
}

/// `PATCH /auth/me`: a new display name.
pub async fn change_profile(input: &ProfileChange) -> Result<Member, ApiError> {
    let request = Request::patch(&format!("{}/auth/me", base_url()));
    decode(send_json(request, "PATCH /auth/me", input).await?)
}

/// `POST /auth/password`: a new password, proved by the current one.
pub async fn change_password(input: &PasswordChange) -> Result<(), ApiError> {
    successful(post_json("/auth/password", input).await?).map(drop)
}

/// `DELETE /auth/me`: deletes the account (and its comments, when asked).
pub async fn delete_account(input: &AccountDeletion) -> Result<(), ApiError> {
    let request = Request::delete(&format!("{}/auth/me", base_url()));
    successful(send_json(request, "DELETE /auth/me", input).await?).map(drop)
}

/// The address of the signed-in member's comments as a JSON download (`GET
/// /auth/me/comments`), for a link: the browser downloads it with the session cookie.
pub fn comment_export_url() -> String {
    format!("{}/auth/me/comments", base_url())
}

/// `GET /auth/providers`: the social sign-ins the endpoint offers.
pub async fn providers() -> Result<Providers, ApiError> {
    get("/auth/providers").await
}

/// The address that starts a sign-in with provider `id` and comes back to `next`: the
/// browser goes there (it is a redirect to the provider, not a fetch).
pub fn oidc_start_url(id: &str, next: &str) -> String {
    format!(
        "{}/auth/oidc/{}/start?next={}",
        base_url(),
        encode(id),
        encode(next)
    )
}

/// `POST /auth/widget-session`: a session for a widget on a partner's page, handed to it by
/// the sign-in pop-up.
pub async fn widget_session() -> Result<WidgetSession, ApiError> {
    let request = Request::post(&format!("{}/auth/widget-session", base_url()));
    let key = Kept("POST /auth/widget-session".to_owned());
    decode(send_change(request, key, None).await?)
}

thread_local! {
    /// The session token of a widget framed by a partner (see [`use_bearer`]).
    static BEARER: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Signs every later request in with this session token (`Authorization: Bearer`), or stops
/// doing so: a widget framed by a partner, where the browser may not send Byline's cookie.
pub fn use_bearer(token: Option<String>) {
    BEARER.with(|bearer| *bearer.borrow_mut() = token);
}

fn with_bearer(builder: RequestBuilder) -> RequestBuilder {
    match BEARER.with(|bearer| bearer.borrow().clone()) {
        Some(token) => builder.header("Authorization", &format!("Bearer {token}")),
        None => builder,
    }
}

/// POSTs `body` as JSON to `path`.
async fn post_json<B: Serialize>(path: &str, body: &B) -> Result<Answer, ApiError> {
    let builder = Request::post(&format!("{}{path}", base_url()));
    send_json(builder, &format!("POST {path}"), body).await
}

/// Sends `body` as JSON with a changing request; `write` names it (method and path) for its
/// idempotency key.
async fn send_json<B: Serialize>(
    builder: RequestBuilder,
    write: &str,
    body: &B,
) -> Result<Answer, ApiError> {
    let body = serde_json::to_string(body).map_err(|_| ApiError::Malformed)?;
    send_change(builder, Kept(write.to_owned()), Some(body)).await
}

/// The `Idempotency-Key` a write carries.
enum WriteKey<'a> {
    /// The caller's own (a comment keeps its key with its draft, across reloads).
    Given(&'a str),
    /// The key kept for this write (named by its method and path) by [`write_keys`].
    Kept(String),
}
use WriteKey::Kept;

/// Sends a request that changes something, with the headers every such request carries: JSON
/// both ways, the custom header that tells the endpoint it comes from the page (its check
/// against cross-site requests), and an idempotency key, so that sending it again after a
/// lost answer gets the first answer back instead of doing it twice. Gives up, and aborts
/// it, after [`TIMEOUT_MS`].
async fn send_change(
    builder: RequestBuilder,
    key: WriteKey<'_>,
    body: Option<String>,
) -> Result<Answer, ApiError> {
    let (key, kept) = match key {
        WriteKey::Given(key) => (key.to_owned(), None),
        Kept(write) => (write_keys::key_for(&write, body.as_deref()), Some(write)),
    };
    let abort = AbortOnDrop::new();
    let builder = with_bearer(builder)
        .header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .header("X-Byline-Request", "1")
        .header(IDEMPOTENCY_KEY_HEADER, &key)
        .abort_signal(abort.signal().as_ref());
    let request = match body {
        Some(body) => builder.body(body),
        None => builder.build(),
    }
    .map_err(|_| ApiError::Malformed)?;
    let answer = match send(request, &abort).await {
        Ok(response) => read_answer(response).await,
        Err(error) => Err(error),
    };
    if let Some(write) = kept
        && answer.as_ref().is_ok_and(write_keys::settles)
    {
        write_keys::settle(&write);
    }
    if answer
        .as_ref()
        .is_ok_and(|answer| (200..300).contains(&answer.status))
    {
        crate::storage::remember_wrote();
    }
    answer
}

/// The keys of the page's writes whose outcome it does not know yet. Sending the same write
/// (same method, path and body) again reuses its key, so the endpoint answers a repeat of one
/// that went through with its first answer; an answer that settles it (anything but a lost
/// answer, a 5xx, a 409 or a 429) lets the key go, and a changed body gets a new one.
mod write_keys {
    use std::cell::RefCell;
    use std::hash::{DefaultHasher, Hash, Hasher};

    use super::Answer;

    thread_local! {
        /// (the write, a hash of its body, its key). Hashes, not bodies: a password in a form
        /// is not kept here any longer than the form keeps it.
        static PENDING: RefCell<Vec<(String, u64, String)>> = const { RefCell::new(Vec::new()) };
    }

    fn hash(body: Option<&str>) -> u64 {
        let mut hasher = DefaultHasher::new();
        body.hash(&mut hasher);
        hasher.finish()
    }

    /// The key for sending `write` with `body`: the one it was last sent with when its
    /// outcome is unknown and the body is the same, else a new one.
    pub fn key_for(write: &str, body: Option<&str>) -> String {
        let body = hash(body);
        PENDING.with(|pending| {
            let mut pending = pending.borrow_mut();
            if let Some((_, _, key)) = pending.iter().find(|(w, b, _)| w == write && *b == body) {
                return key.clone();
            }
            pending.retain(|(w, _, _)| w != write);
            let key = super::new_idempotency_key();
            pending.push((write.to_owned(), body, key.clone()));
            key
        })
    }

    /// Whether an answer tells the write's outcome (so a new attempt is a new request).
    pub fn settles(answer: &Answer) -> bool {
        !(answer.status >= 500 || matches!(answer.status, 409 | 429))
    }

    /// Forgets the key of `write`.
    pub fn settle(write: &str) {
        PENDING.with(|pending| pending.borrow_mut().retain(|(w, _, _)| w != write));
    }
}

/// `GET /comments/latest`: the newest comments site-wide.
pub async fn latest_comments(limit: u32) -> Result<LatestComments, ApiError> {
    get(&format!("/comments/latest?limit={limit}")).await
}

/// `GET /articles/{slug}/related`: other stories, the same section first.
pub async fn related(slug: &str, limit: u32) -> Result<RelatedArticles, ApiError> {
    get(&format!("/articles/{}/related?limit={limit}", encode(slug))).await
}

/// The signature of a function that sends a new comment, so the form can be given another
/// sender in component tests. Arguments: article slug, comment, idempotency key.
pub type SendComment = fn(
    String,
    NewComment,
    String,
) -> Pin<Box<dyn Future<Output = Result<PostedComment, ApiError>>>>;

/// The [`SendComment`] that talks to the real endpoint.
pub fn send_comment(
    slug: String,
    comment: NewComment,
    key: String,
) -> Pin<Box<dyn Future<Output = Result<PostedComment, ApiError>>>> {
    Box::pin(async move { post_comment(&slug, &comment, &key).await })
}

async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    decode(get_answer(path).await?)
}

/// What the endpoint answered: its status, content type and whole body. Everything up to
/// here is the same whatever the answer holds, so it is compiled once rather than once per
/// type the page reads.
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type` header, or empty.
    pub content_type: String,
    /// The body.
    pub text: String,
    /// The `Retry-After` header in seconds, when it says a number of them.
    pub retry_after: Option<u32>,
}

async fn get_answer(path: &str) -> Result<Answer, ApiError> {
    get_answer_as(path, None).await
}

/// `GET path`, with the edit token of a guest's comment when given (for a guest's own comment
/// that waits for a moderator).
async fn get_answer_as(path: &str, edit_token: Option<&str>) -> Result<Answer, ApiError> {
    let url = read_url(path);
    match take_preloaded(&url) {
        // No await on this path: the caller's future is ready on its first poll, so a
        // resource built on it has its value before the first render.
        Some(Preloaded::Settled(answer)) => return preloaded_answer(&answer),
        Some(Preloaded::Pending(answer, abort)) => {
            let waited = within_deadline(wasm_bindgen_futures::JsFuture::from(answer)).await;
            if waited.is_err()
                && let Some(abort) = abort
            {
                // Given up on: its request must not hold a retry of the same address back.
                let _ = abort.call0(&wasm_bindgen::JsValue::NULL);
            }
            let answer = waited?.map_err(|_| ApiError::Network)?;
            return preloaded_answer(&answer);
        }
        None => {}
    }
    let abort = AbortOnDrop::new();
    // The browser asks the endpoint (or the cache in front of it) every time, with the tag of
    // what it holds: a reload never shows an answer older than a shared cache's.
    let request = with_edit_token(with_bearer(Request::get(&url)), edit_token)
        .header("Accept", "application/json")
        .cache(web_sys::RequestCache::NoCache)
        .abort_signal(abort.signal().as_ref());
    let request = request.build().map_err(|_| ApiError::Network)?;
    read_answer(send(request, &abort).await?).await
}

/// The address the page reads `path` at: on the endpoint, and for a while after this browser
/// wrote ([`crate::storage::wrote_lately`]) with `fresh=<when>`, an address no cache holds, so
/// that the reader's own comment, edit or like shows whatever a cache kept from before it
/// (`index.html` preloads the same addresses).
fn read_url(path: &str) -> String {
    let url = format!("{}{path}", base_url());
    match crate::storage::wrote_lately() {
        Some(at) => {
            let join = if url.contains('?') { '&' } else { '?' };
            format!("{url}{join}fresh={at}")
        }
        None => url,
    }
}

async fn post_answer(path: &str, body: String, idempotency_key: &str) -> Result<Answer, ApiError> {
    let request = Request::post(&format!("{}{path}", base_url()));
    send_change(request, WriteKey::Given(idempotency_key), Some(body)).await
}

/// An answer `index.html` asked for while the WebAssembly downloaded.
enum Preloaded {
    /// Already here: `{status, type, text}`.
    Settled(wasm_bindgen::JsValue),
    /// Still coming: a promise of the same, and what aborts its request.
    Pending(js_sys::Promise, Option<js_sys::Function>),
}

/// How long the page waits, before its first render, for the article `index.html` is still
/// fetching ([`article_still_coming`]).
const FIRST_RENDER_WAIT_MS: u32 = 1_500;

/// When `index.html` is still fetching the article of the page being opened: a future that
/// settles when the answer is here, or after [`FIRST_RENDER_WAIT_MS`] at most. The page's
/// first render waits for it (the static "Loading…" stays up meanwhile), so the
/// article, in its own language and direction, is in that render: a render before it would
/// show a skeleton in the interface's language and then flip language, direction and
/// layout when the article came. The answer stays for [`article`] to take.
pub fn article_still_coming() -> Option<impl Future<Output = ()>> {
    let path = leptos::prelude::window().location().pathname().ok()?;
    let slug = path.strip_prefix("/articles/")?.trim_end_matches('/');
    let (_, entry) = preload_entry(&read_url(&format!("/articles/{slug}")))?;
    match preloaded_of(&entry)? {
        Preloaded::Settled(_) => None,
        Preloaded::Pending(answer, _) => Some(async move {
            let _ = within(
                FIRST_RENDER_WAIT_MS,
                wasm_bindgen_futures::JsFuture::from(answer),
            )
            .await;
        }),
    }
}

/// The answer `index.html` already asked for (`window.__bylinePreload[url]`), taken once: a
/// retry asks again.
fn take_preloaded(url: &str) -> Option<Preloaded> {
    let (preloads, entry) = preload_entry(url)?;
    let _ = js_sys::Reflect::delete_property(
        preloads.unchecked_ref::<js_sys::Object>(),
        &wasm_bindgen::JsValue::from_str(url),
    );
    preloaded_of(&entry)
}

/// `window.__bylinePreload` and its entry for `url`, when `index.html` made one.
fn preload_entry(url: &str) -> Option<(wasm_bindgen::JsValue, wasm_bindgen::JsValue)> {
    use js_sys::Reflect;
    let preloads = Reflect::get(&leptos::prelude::window(), &"__bylinePreload".into()).ok()?;
    if !preloads.is_object() {
        return None;
    }
    let entry = Reflect::get(&preloads, &wasm_bindgen::JsValue::from_str(url))
        .ok()
        .filter(|e| e.is_object())?;
    Some((preloads, entry))
}

/// A preload entry's answer: here already, or still coming.
fn preloaded_of(entry: &wasm_bindgen::JsValue) -> Option<Preloaded> {
    use js_sys::Reflect;
    let settled = Reflect::get(entry, &"settled".into())
        .ok()
        .filter(|answer| answer.is_object());
    match settled {
        Some(answer) => Some(Preloaded::Settled(answer)),
        None => {
            let abort = Reflect::get(entry, &"abort".into())
                .ok()
                .and_then(|abort| abort.dyn_into::<js_sys::Function>().ok());
            Reflect::get(entry, &"answer".into())
                .ok()?
                .dyn_into::<js_sys::Promise>()
                .ok()
                .map(|answer| Preloaded::Pending(answer, abort))
        }
    }
}

/// A preloaded `{status, type, text}` as an [`Answer`].
fn preloaded_answer(answer: &wasm_bindgen::JsValue) -> Result<Answer, ApiError> {
    let field = |name: &str| js_sys::Reflect::get(answer, &name.into()).ok();
    let status = field("status")
        .and_then(|status| status.as_f64())
        .ok_or(ApiError::Network)?;
    Ok(Answer {
        status: status as u16,
        content_type: field("type")
            .and_then(|kind| kind.as_string())
            .unwrap_or_default(),
        text: field("body")
            .and_then(|body| body.dyn_into::<js_sys::Uint8Array>().ok())
            .ok_or(ApiError::Network)
            .and_then(|body| text_of(body.to_vec()))?,
        retry_after: None,
    })
}

/// Waits for `future`, or gives up with [`ApiError::Timeout`] after [`TIMEOUT_MS`].
async fn within_deadline<F: Future>(future: F) -> Result<F::Output, ApiError> {
    within(TIMEOUT_MS, future).await
}

/// Waits for `future`, or gives up with [`ApiError::Timeout`] after `ms` milliseconds.
async fn within<F: Future>(ms: u32, future: F) -> Result<F::Output, ApiError> {
    let deadline = gloo_timers::future::TimeoutFuture::new(ms);
    match select(pin!(future), deadline).await {
        Either::Left((output, _)) => Ok(output),
        Either::Right(_) => Err(ApiError::Timeout),
    }
}

/// Sends a request, giving up (and aborting it) after [`TIMEOUT_MS`].
async fn send(request: Request, abort: &AbortOnDrop) -> Result<Response, ApiError> {
    match within_deadline(request.send()).await {
        Ok(answer) => answer.map_err(|_| ApiError::Network),
        Err(timeout) => {
            abort.abort();
            Err(timeout)
        }
    }
}

/// The largest answer the page reads: far above any the endpoint sends (a page of comments is
/// tens of kilobytes), far below what would stall a phone.
pub const MAX_ANSWER_BYTES: usize = 4 * 1024 * 1024;

/// An answer's body as text, unless it is larger than [`MAX_ANSWER_BYTES`]. A body that is
/// not UTF-8 (as JSON always is) reads as empty: its status still explains the answer, and a
/// success with it is malformed.
///
/// Bodies are read as bytes, not as the browser's strings: the bytes are copied into the
/// WebAssembly's memory at once, where a string is copied character by character in
/// JavaScript (8 ms for a page of 1,000 comments, measured).
fn text_of(body: Vec<u8>) -> Result<String, ApiError> {
    if body.len() > MAX_ANSWER_BYTES {
        return Err(ApiError::Malformed);
    }
    Ok(String::from_utf8(body).unwrap_or_default())
}

/// Reads a response whole. A body cut off mid-way fails here as a network error, not as
/// malformed data; one larger than [`MAX_ANSWER_BYTES`] as malformed, unread when its
/// `Content-Length` says so at once.
pub async fn read_answer(response: Response) -> Result<Answer, ApiError> {
    let headers = response.headers();
    let declared = headers
        .get("content-length")
        .and_then(|length| length.trim().parse::<usize>().ok());
    if declared.is_some_and(|length| length > MAX_ANSWER_BYTES) {
        return Err(ApiError::Malformed);
    }
    Ok(Answer {
        status: response.status(),
        content_type: headers.get("content-type").unwrap_or_default(),
        retry_after: headers
            .get("retry-after")
            .and_then(|seconds| seconds.trim().parse().ok()),
        text: response
            .binary()
            .await
            .map_err(|_| ApiError::Network)
            .and_then(text_of)?,
    })
}

/// Reads a successful answer as `T`, or an error answer as its problem: the one place where
/// whatever the endpoint sends (broken JSON, a 5xx page from a proxy, a problem body) becomes
/// an [`ApiError`] the page can explain.
pub fn decode<T: DeserializeOwned>(answer: Answer) -> Result<T, ApiError> {
    let answer = successful(answer)?;
    serde_json::from_str(&answer.text).map_err(|_| ApiError::Malformed)
}

/// The answer when its status is a success, else its problem as an [`ApiError`].
fn successful(answer: Answer) -> Result<Answer, ApiError> {
    if (200..300).contains(&answer.status) {
        return Ok(answer);
    }
    let problem = if answer.content_type.starts_with(PROBLEM_CONTENT_TYPE) {
        serde_json::from_str::<Problem>(&answer.text)
            .ok()
            .map(|mut problem| {
                localize(&mut problem, answer.retry_after);
                Box::new(problem)
            })
    } else {
        None
    };
    Err(ApiError::Status {
        status: answer.status,
        problem,
    })
}

/// Aborts its request when dropped, which happens when the view that asked for it goes away.
struct AbortOnDrop(Option<web_sys::AbortController>);

impl AbortOnDrop {
    fn new() -> Self {
        Self(web_sys::AbortController::new().ok())
    }

    fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.0.as_ref().map(web_sys::AbortController::signal)
    }

    fn abort(&self) {
        if let Some(controller) = &self.0 {
            controller.abort();
        }
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        // Aborting a request that has already finished does nothing.
        self.abort();
    }
}

/// Percent-encodes a path segment or query value.
fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value)
        .as_string()
        .unwrap_or_default()
}

/// A fresh random key for one comment's sending, retries included.
pub fn new_idempotency_key() -> String {
    let mut bytes = [0u8; 16];
    let filled = web_sys::window()
        .and_then(|window| window.crypto().ok())
        .and_then(|crypto| crypto.get_random_values_with_u8_array(&mut bytes).ok())
        .is_some();
    if !filled {
        // No Web Crypto: fall back on time and Math.random, still unique enough per browser.
        let seed = js_sys::Date::now().to_bits() ^ (js_sys::Math::random() * 1e15) as u64;
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        bytes[8..].copy_from_slice(&(js_sys::Math::random().to_bits()).to_le_bytes());
    }
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
