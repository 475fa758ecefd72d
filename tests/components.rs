//! The comment form's states in a real browser (wasm-bindgen-test in headless Chromium): empty,
//! errors shown, sending, sent, and failed with the text kept; and how broken answers from the
//! endpoint become messages with a way to retry.
//!
//! The form is given a sender function through context instead of the network, so each test
//! decides what "the endpoint" answers; end-to-end tests cover the real endpoint.

#![cfg(target_arch = "wasm32")]

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;

use byline::api::ApiError;
use byline::components::comments::{CommentForm, FormSender};
use byline_contract::{Author, AuthorKind, Comment, FieldErrors, NewComment, Problem};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// What the fake endpoint answers next.
#[derive(Clone)]
enum Answer {
    Posted,
    Invalid(FieldErrors),
    Offline,
    Never,
}

thread_local! {
    static ANSWER: RefCell<Answer> = const { RefCell::new(Answer::Posted) };
    static SENT: RefCell<Vec<(NewComment, String)>> = const { RefCell::new(Vec::new()) };
    static POSTED: RefCell<Vec<Comment>> = const { RefCell::new(Vec::new()) };
}

fn answer_with(answer: Answer) {
    ANSWER.with(|a| *a.borrow_mut() = answer);
}

fn sent() -> Vec<(NewComment, String)> {
    SENT.with(|s| s.borrow().clone())
}

fn fake_sender(
    _slug: String,
    comment: NewComment,
    key: String,
) -> Pin<Box<dyn Future<Output = Result<byline_contract::PostedComment, ApiError>>>> {
    SENT.with(|s| s.borrow_mut().push((comment.clone(), key)));
    let answer = ANSWER.with(|a| a.borrow().clone());
    Box::pin(async move {
        match answer {
            Answer::Posted => Ok(byline_contract::PostedComment {
                comment: Comment {
                    id: 7,
                    parent_id: comment.parent_id,
                    author: Author {
                        name: comment.guest.map(|g| g.name).unwrap_or_default(),
                        kind: AuthorKind::Guest,
                        member_id: None,
                    },
                    body: comment.body,
                    created_at: "2026-11-24T10:00:00Z".into(),
                    replies: vec![],
                    ..Comment::default()
                },
                edit_token: None,
            }),
            Answer::Invalid(errors) => Err(ApiError::Status {
                status: 422,
                problem: Some(Box::new(Problem {
                    title: "Your comment needs changes".into(),
                    status: 422,
                    errors,
                    ..Problem::default()
                })),
            }),
            Answer::Offline => Err(ApiError::Network),
            Answer::Never => std::future::pending().await,
        }
    })
}

/// An empty element of its own on a page with no other test's views, with storage cleared.
fn fresh_host() -> HtmlElement {
    SENT.with(|s| s.borrow_mut().clear());
    POSTED.with(|p| p.borrow_mut().clear());
    if let Some(storage) = window().local_storage().ok().flatten() {
        let _ = storage.clear();
    }
    // Field ids are unique per page, so each test starts from a page with no other form.
    let previous = document().query_selector_all(".test-host").expect("hosts");
    for i in 0..previous.length() {
        if let Some(old) = previous.item(i) {
            old.unchecked_into::<web_sys::Element>().remove();
        }
    }
    let host: HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    host.set_class_name("test-host");
    document()
        .body()
        .expect("a body")
        .append_child(&host)
        .expect("appended");
    host
}

/// Mounts a fresh form for a new comment in its own element.
fn mount_form() -> HtmlElement {
    let host = fresh_host();
    let handle = leptos::mount::mount_to(host.clone(), || {
        provide_context(FormSender(fake_sender));
        view! {
            <CommentForm
                slug="test-article"
                on_posted=move |comment: Comment| POSTED.with(|p| p.borrow_mut().push(comment))
            />
        }
    });
    handle.forget();
    host
}

async fn tick() {
    gloo_timers::future::TimeoutFuture::new(20).await;
}

/// The id of the focused element once the focus has gone to `id`, or after a second: the form
/// moves the focus in an animation frame, once the field is described by its error.
async fn focused_once(id: &str) -> Option<String> {
    for _ in 0..50 {
        if document().active_element().map(|e| e.id()).as_deref() == Some(id) {
            break;
        }
        tick().await;
    }
    document().active_element().map(|e| e.id())
}

fn field<T: JsCast>(host: &HtmlElement, label: &str) -> T {
    let labels = host.query_selector_all("label").expect("labels");
    for i in 0..labels.length() {
        let Some(node) = labels.item(i) else { continue };
        let element: web_sys::Element = node.unchecked_into();
        let text = element.text_content().unwrap_or_default();
        if text.trim_start().starts_with(label) {
            let id = element.get_attribute("for").expect("label for");
            return document()
                .get_element_by_id(&id)
                .expect("the labelled field")
                .unchecked_into();
        }
    }
    panic!("no field labelled {label}");
}

fn type_into(element: &web_sys::HtmlElement, value: &str) {
    if let Some(input) = element.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    } else if let Some(area) = element.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    }
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let event = web_sys::Event::new_with_event_init_dict("input", &init).expect("event");
    element.dispatch_event(&event).expect("dispatched");
}

fn button(host: &HtmlElement, text: &str) -> HtmlElement {
    let buttons = host.query_selector_all("button").expect("buttons");
    for i in 0..buttons.length() {
        let Some(node) = buttons.item(i) else {
            continue;
        };
        let element: HtmlElement = node.unchecked_into();
        if element.text_content().unwrap_or_default().contains(text) {
            return element;
        }
    }
    panic!("no button {text:?} in {}", host.inner_html());
}

fn error_beside(field: &HtmlElement) -> String {
    let ids = field.get_attribute("aria-describedby").unwrap_or_default();
    ids.split_whitespace()
        .filter(|id| id.ends_with("-error"))
        .filter_map(|id| document().get_element_by_id(id))
        .map(|e| e.text_content().unwrap_or_default())
        .collect()
}

fn see_text(host: &HtmlElement, text: &str) -> bool {
    host.text_content().unwrap_or_default().contains(text)
}

fn fill_valid(host: &HtmlElement) {
    type_into(&field(host, "Name"), "Nasrin");
    type_into(&field(host, "Email"), "nasrin@example.org");
    type_into(
        &field(host, "Comment"),
        "The bridge story missed the night ferry.",
    );
}

#[wasm_bindgen_test]
async fn an_empty_form_shows_labelled_required_fields_and_a_zero_count() {
    let host = mount_form();
    tick().await;
    for label in ["Name", "Email", "Comment"] {
        let input: HtmlElement = field(&host, label);
        assert_eq!(
            input.get_attribute("aria-required").as_deref(),
            Some("true"),
            "{label}"
        );
        assert_eq!(
            input.get_attribute("aria-invalid").as_deref(),
            Some("false"),
            "{label}"
        );
    }
    assert!(see_text(&host, "Never shown publicly"));
    assert!(see_text(&host, "0 / 5,000"));
    assert!(see_text(&host, "Post comment"));
}

#[wasm_bindgen_test]
async fn sending_an_empty_form_shows_each_error_beside_its_field_and_sends_nothing() {
    let host = mount_form();
    tick().await;
    button(&host, "Post comment").click();
    tick().await;
    let name: HtmlElement = field(&host, "Name");
    let email: HtmlElement = field(&host, "Email");
    let body: HtmlElement = field(&host, "Comment");
    assert!(
        error_beside(&name).contains("name"),
        "{}",
        error_beside(&name)
    );
    assert!(
        error_beside(&email).contains("email"),
        "{}",
        error_beside(&email)
    );
    assert!(
        error_beside(&body).contains("comment"),
        "{}",
        error_beside(&body)
    );
    assert_eq!(name.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        focused_once(&name.id()).await,
        Some(name.id()),
        "focus moves to the first bad field"
    );
    assert!(sent().is_empty());
}

#[wasm_bindgen_test]
async fn the_count_follows_the_text_in_characters() {
    let host = mount_form();
    tick().await;
    type_into(&field(&host, "Comment"), "سڵاو");
    tick().await;
    assert!(
        see_text(&host, "4 / 5,000"),
        "{}",
        host.text_content().unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn while_sending_the_button_is_busy_and_a_second_click_sends_nothing() {
    answer_with(Answer::Never);
    let host = mount_form();
    tick().await;
    fill_valid(&host);
    tick().await;
    let submit = button(&host, "Post comment");
    submit.click();
    tick().await;
    submit.click();
    tick().await;
    assert_eq!(sent().len(), 1, "a double click sends once");
    assert_eq!(submit.get_attribute("aria-busy").as_deref(), Some("true"));
    assert!(see_text(&host, "Sending…"));
}

#[wasm_bindgen_test]
async fn a_sent_comment_is_handed_over_and_the_box_is_emptied() {
    answer_with(Answer::Posted);
    let host = mount_form();
    tick().await;
    fill_valid(&host);
    tick().await;
    button(&host, "Post comment").click();
    tick().await;
    let posted = POSTED.with(|p| p.borrow().clone());
    assert_eq!(posted.len(), 1);
    assert_eq!(posted[0].body, "The bridge story missed the night ferry.");
    let body: HtmlTextAreaElement = field(&host, "Comment");
    assert_eq!(body.value(), "");
    let name: HtmlInputElement = field(&host, "Name");
    assert_eq!(
        name.value(),
        "Nasrin",
        "the guest's name stays for the next comment"
    );
    assert!(see_text(&host, "Your comment is posted."));
}

#[wasm_bindgen_test]
async fn a_failed_send_keeps_the_text_and_retry_reuses_the_same_key() {
    answer_with(Answer::Offline);
    let host = mount_form();
    tick().await;
    fill_valid(&host);
    tick().await;
    button(&host, "Post comment").click();
    tick().await;
    assert!(see_text(&host, "Your comment was not sent"));
    let body: HtmlTextAreaElement = field(&host, "Comment");
    assert_eq!(body.value(), "The bridge story missed the night ferry.");

    answer_with(Answer::Posted);
    button(&host, "Retry").click();
    tick().await;
    let sent = sent();
    assert_eq!(sent.len(), 2);
    assert_eq!(
        sent[0].1, sent[1].1,
        "a retry carries the first idempotency key"
    );
    assert!(see_text(&host, "Your comment is posted."));
    assert!(!see_text(&host, "Your comment was not sent"));
}

#[wasm_bindgen_test]
async fn the_endpoints_field_errors_land_beside_their_fields() {
    let mut errors = FieldErrors::new();
    errors.insert(
        "guest.email".into(),
        vec!["That address cannot receive mail.".into()],
    );
    answer_with(Answer::Invalid(errors));
    let host = mount_form();
    tick().await;
    fill_valid(&host);
    tick().await;
    button(&host, "Post comment").click();
    tick().await;
    let email: HtmlElement = field(&host, "Email");
    assert_eq!(error_beside(&email), "That address cannot receive mail.");
    assert_eq!(focused_once(&email.id()).await, Some(email.id()));
    let body: HtmlTextAreaElement = field(&host, "Comment");
    assert_eq!(body.value(), "The bridge story missed the night ferry.");
}

#[wasm_bindgen_test]
async fn a_draft_is_restored_when_the_form_comes_back() {
    let host = mount_form();
    tick().await;
    type_into(&field(&host, "Comment"), "Unfinished thought");
    tick().await;
    // A second form for the same article, as after a reload, without clearing storage.
    host.remove();
    let again: HtmlElement = document()
        .create_element("div")
        .expect("div")
        .unchecked_into();
    document()
        .body()
        .expect("body")
        .append_child(&again)
        .expect("appended");
    leptos::mount::mount_to(again.clone(), || {
        provide_context(FormSender(fake_sender));
        view! { <CommentForm slug="test-article" on_posted=|_| ()/> }
    })
    .forget();
    tick().await;
    let body: HtmlTextAreaElement = field(&again, "Comment");
    assert_eq!(body.value(), "Unfinished thought");
}

/// A browser `Response` as the endpoint (or a proxy in front of it) might send.
fn answer(status: u16, content_type: &str, body: &str) -> gloo_net::http::Response {
    let init = web_sys::ResponseInit::new();
    init.set_status(status);
    let headers = web_sys::Headers::new().expect("headers");
    headers.set("content-type", content_type).expect("header");
    init.set_headers(&headers);
    web_sys::Response::new_with_opt_str_and_init(Some(body), &init)
        .expect("a response")
        .into()
}

#[wasm_bindgen_test]
async fn broken_and_error_answers_become_errors_the_page_can_explain() {
    use byline::api::{decode, read_answer};
    use byline_contract::Article;

    async fn read_article(response: gloo_net::http::Response) -> Result<Article, ApiError> {
        decode(read_answer(response).await?)
    }

    let broken = read_article(answer(200, "application/json", "{\"slug\": \"cut off")).await;
    assert_eq!(broken, Err(ApiError::Malformed));

    let proxy_page = read_article(answer(502, "text/html", "<h1>Bad gateway</h1>")).await;
    let error = proxy_page.expect_err("a 502 is an error");
    assert_eq!(
        error,
        ApiError::Status {
            status: 502,
            problem: None
        }
    );
    assert!(error.to_string().contains("problem on its side"), "{error}");

    // Bodies are read as bytes: bytes that are not UTF-8 leave a success malformed, and an
    // error still explained by its status.
    let latin1 = |status: u16| {
        let init = web_sys::ResponseInit::new();
        init.set_status(status);
        let mut bytes = b"{\"slug\": \"caf".to_vec();
        bytes.extend([0xe9, b'"', b'}']);
        web_sys::Response::new_with_opt_u8_array_and_init(Some(&mut bytes), &init)
            .expect("a response")
            .into()
    };
    assert_eq!(read_article(latin1(200)).await, Err(ApiError::Malformed));
    assert_eq!(
        read_article(latin1(503)).await,
        Err(ApiError::Status {
            status: 503,
            problem: None
        })
    );
    let arabic = sample_article("عبّارة");
    let json = serde_json::to_string(&arabic).expect("json");
    assert_eq!(
        read_article(answer(200, "application/json", &json)).await,
        Ok(arabic),
        "UTF-8 in several scripts reads whole"
    );

    let missing = read_article(answer(
        404,
        "application/problem+json",
        r#"{"type":"about:blank","title":"Not Found","status":404}"#,
    ))
    .await
    .expect_err("a 404 is an error");
    assert!(missing.is_not_found());

    let invalid = read_article(answer(
        422,
        "application/problem+json",
        r#"{"title":"Your comment needs changes","status":422,"errors":{"body":["Too long."]}}"#,
    ))
    .await
    .expect_err("a 422 is an error");
    let fields = invalid.field_errors().expect("field errors");
    assert_eq!(fields.get("body"), Some(&vec!["Too long.".to_owned()]));
}

/// A browser `Response` as [`answer`] makes, with one more header.
fn answer_with_header(
    status: u16,
    content_type: &str,
    body: &str,
    (name, value): (&str, &str),
) -> gloo_net::http::Response {
    let response: web_sys::Response = answer(status, content_type, body).into();
    response.headers().set(name, value).expect("header");
    response.into()
}

#[wasm_bindgen_test]
async fn cases_the_endpoint_names_are_said_in_the_pages_own_words() {
    use byline::api::{decode, read_answer};
    use byline_contract::Article;

    async fn refused(response: gloo_net::http::Response) -> ApiError {
        let read = async { decode::<Article>(read_answer(response).await?) };
        read.await.expect_err("an error status")
    }
    const PROBLEM: &str = "application/problem+json";

    let closed = refused(answer(
        403,
        PROBLEM,
        r#"{"title":"The edit window has closed","status":403,"code":"edit_window_closed",
            "detail":"The endpoint's own English sentence."}"#,
    ))
    .await;
    assert_eq!(
        closed.to_string(),
        "The time for editing this comment has passed. You can still delete it."
    );

    // A code from a later endpoint: its English sentence stands.
    let later = refused(answer(
        403,
        PROBLEM,
        r#"{"title":"Forbidden","status":403,"code":"a_code_from_later",
            "detail":"The endpoint's own English sentence."}"#,
    ))
    .await;
    assert_eq!(later.to_string(), "The endpoint's own English sentence.");

    // A field's case is said beside it; the field the endpoint did not name keeps its words.
    let taken = refused(answer(
        422,
        PROBLEM,
        r#"{"title":"Your comment needs changes","status":422,
            "errors":{"guest.name":["English words."],"body":["Too long."]},
            "error_codes":{"guest.name":"name_taken"}}"#,
    ))
    .await;
    let fields = taken.field_errors().expect("field errors");
    assert_eq!(
        fields.get("guest.name"),
        Some(&vec![
            "A member of Byline uses this name. Choose another one.".to_owned()
        ])
    );
    assert_eq!(fields.get("body"), Some(&vec!["Too long.".to_owned()]));

    // The account views' cases are theirs to say: the reader's bundle leaves them as sent,
    // the account bundle says them, with the wait from Retry-After.
    let throttled = || {
        answer_with_header(
            429,
            PROBLEM,
            r#"{"title":"Too Many Requests","status":429,"code":"sign_in_throttled",
                "detail":"The endpoint's own English sentence."}"#,
            ("Retry-After", "3"),
        )
    };
    assert_eq!(
        refused(throttled()).await.to_string(),
        "The endpoint's own English sentence."
    );
    byline::i18n::set_account_words(byline::pages::account_code_words);
    assert_eq!(
        refused(throttled()).await.to_string(),
        "Too many failed sign-ins. Wait 3 seconds before trying again."
    );
}

#[wasm_bindgen_test]
async fn an_error_notice_explains_and_retries() {
    use byline::components::feedback::ErrorNotice;
    thread_local! {
        static RETRIED: RefCell<u32> = const { RefCell::new(0) };
    }
    let host = fresh_host();
    leptos::mount::mount_to(host.clone(), || {
        view! {
            <ErrorNotice
                error=ApiError::Timeout
                what=byline::i18n::Key::WhatArticle
                on_retry=move |_| RETRIED.with(|r| *r.borrow_mut() += 1)
            />
        }
    })
    .forget();
    tick().await;
    assert!(see_text(&host, "We could not load the article."));
    assert!(see_text(&host, "taking too long"));
    let alert = host.query_selector("[role=alert]").expect("query");
    assert!(alert.is_some(), "the notice is announced");
    button(&host, "Try again").click();
    tick().await;
    assert_eq!(RETRIED.with(|r| *r.borrow()), 1);
}

/// Puts answers where `index.html`'s preload script puts them: `settled` when the body has
/// arrived, `answer` (a promise of the same) while it has not.
fn preload(url: &str, status: u16, body: &str, settled: bool) {
    use js_sys::{Object, Promise, Reflect};
    let window = leptos::prelude::window();
    let mut preloads = Reflect::get(&window, &"__bylinePreload".into()).expect("window");
    if !preloads.is_object() {
        preloads = Object::new().into();
        Reflect::set(&window, &"__bylinePreload".into(), &preloads).expect("set");
    }
    let answer = Object::new();
    Reflect::set(&answer, &"status".into(), &status.into()).expect("set");
    Reflect::set(&answer, &"type".into(), &"application/json".into()).expect("set");
    // As index.html keeps it: the body's bytes.
    let bytes = js_sys::Uint8Array::from(body.as_bytes());
    Reflect::set(&answer, &"body".into(), &bytes).expect("set");
    let entry = Object::new();
    let key = if settled { "settled" } else { "answer" };
    let value: wasm_bindgen::JsValue = if settled {
        answer.into()
    } else {
        Promise::resolve(&answer).into()
    };
    Reflect::set(&entry, &key.into(), &value).expect("set");
    Reflect::set(&preloads, &url.into(), &entry).expect("set");
}

fn sample_article(slug: &str) -> byline_contract::Article {
    use byline_contract::{Article, Block, Picture, Span, TextDirection};
    Article {
        slug: slug.to_owned(),
        title: "Ferry service resumes on the lake".into(),
        dek: "Two boats run again after the winter.".into(),
        section: "Local".into(),
        author: "Rezan Ali".into(),
        published_at: "2026-11-20T08:00:00Z".into(),
        updated_at: None,
        lang: "en".into(),
        dir: TextDirection::Ltr,
        hero: Picture {
            src: "/images/lake.svg".into(),
            alt: "A ferry at the pier".into(),
            caption: "The first crossing.".into(),
            credit: "Byline".into(),
            width: 1200,
            height: 800,
        },
        body: vec![Block::Paragraph {
            spans: vec![Span::Text {
                text: "The boats left at dawn.".into(),
            }],
        }],
        comment_count: 0,
        moderation: Default::default(),
    }
}

#[wasm_bindgen_test]
async fn a_preloaded_answer_that_has_arrived_is_read_without_waiting() {
    use futures::FutureExt;

    let article = sample_article("ferry-resumes");
    let json = serde_json::to_string(&article).expect("json");
    preload("/api/v1/articles/ferry-resumes", 200, &json, true);
    // Ready on the first poll: the page renders it without a loading state in between.
    let read = byline::api::article("ferry-resumes").now_or_never();
    assert_eq!(read, Some(Ok(article.clone())));

    // Taken once: a retry asks the endpoint again, so it is not ready at once.
    assert!(
        byline::api::article("ferry-resumes")
            .now_or_never()
            .is_none()
    );

    // Still on its way: read when it comes.
    preload("/api/v1/articles/ferry-resumes", 200, &json, false);
    assert_eq!(byline::api::article("ferry-resumes").await, Ok(article));

    // An error answer that has arrived is the same error as one fetched.
    preload("/api/v1/articles/gone", 404, "{}", true);
    let missing = byline::api::article("gone").now_or_never();
    assert!(
        matches!(missing, Some(Err(ref error)) if error.is_not_found()),
        "{missing:?}"
    );
}

/// A comment's date and "… ago" come from memos (one formatting per minute, one per phrase):
/// they must say what formatting each moment on its own says, and tell minutes apart.
#[wasm_bindgen_test]
fn remembered_dates_and_phrases_match_fresh_formatting() {
    use byline::time::{date_time, date_time_and_relative, relative};

    let moments = [
        "2026-11-24T10:00:05Z",
        "2026-11-24T10:00:55Z",
        "2026-11-24T10:01:00Z",
        "2025-03-02T23:59:00Z",
    ];
    for at in moments {
        let (full, ago) = date_time_and_relative(at);
        assert_eq!(full, date_time(at), "{at}");
        assert_eq!(ago, relative(at), "{at}");
        assert!(!full.is_empty() && !ago.is_empty(), "{at}");
    }
    // The same minute reads the same; the next minute and another year do not.
    assert_eq!(date_time(moments[0]), date_time(moments[1]));
    assert_ne!(date_time(moments[1]), date_time(moments[2]));
    assert_ne!(date_time(moments[2]), date_time(moments[3]));
    // A moment the browser cannot read is shown as it came, with no "… ago".
    assert_eq!(
        date_time_and_relative("not a date"),
        ("not a date".to_owned(), String::new())
    );
}

/// Counts in Arabic take each of its plural forms, from the browser's own rules, with
/// Arabic-Indic digits; Sorani writes the same digits (the catalogue tests outside a browser
/// know only English's rule).
#[wasm_bindgen_test]
fn counts_take_arabics_plural_forms_and_arabic_indic_digits() {
    use byline::i18n::{Arg, Key, Lang, format};
    let count = |lang: Lang, n: f64| format(lang, Key::CommentCount, &[("count", Arg::Number(n))]);
    let arabic: Vec<String> = [0.0, 1.0, 2.0, 3.0, 11.0, 100.0]
        .into_iter()
        .map(|n| count(Lang::Ar, n))
        .collect();
    assert_eq!(
        arabic,
        [
            "لا تعليقات بعد",
            "تعليق واحد",
            "تعليقان",
            "٣ تعليقات",
            "١١ تعليقًا",
            "١٠٠ تعليق",
        ]
    );
    assert_eq!(count(Lang::Ckb, 12.0), "١٢ لێدوان");
    assert_eq!(count(Lang::En, 1.0), "1 comment");
}

/// Kurmanji groups thousands with a dot and writes a decimal comma; the browser has no
/// Kurmanji numbers, and its fallback would write `1,234.5`.
#[wasm_bindgen_test]
fn kurmanji_numbers_group_with_a_dot() {
    use byline::i18n::{Lang, format_number, format_plain_integer};
    assert_eq!(format_number(Lang::Kmr, 12345.0), "12.345");
    assert_eq!(format_number(Lang::Kmr, 0.25), "0,25");
    assert_eq!(format_plain_integer(Lang::Kmr, 2026), "2026");
    assert_eq!(format_number(Lang::En, 12345.0), "12,345");
    assert_eq!(format_number(Lang::Ar, 12345.0), "١٢٬٣٤٥");
}
