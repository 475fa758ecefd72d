//! Moderation over real HTTP: reports that hide a comment, the moderation modes (pre, first
//! time, closed), the moderators' queue and decisions, bans, roles and the log.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::PathBuf;

use crate::common::{Answer, FIXTURE, Site};
use byline_contract::auth::Role;
use byline_contract::moderation::{Bans, Held, Log, Queue};
use byline_contract::{Article, Comment, CommentPage, EDIT_TOKEN_HEADER, PostedComment};
use byline_server::SeedSource;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The fixture article with no comments.
const QUIET: &str = "festival-opens";

async fn spawn(threshold: u32) -> Site {
    common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.report_threshold = threshold;
    })
    .await
}

/// A member with a role.
async fn with_role(site: &Site, name: &str, email: &str, role: Role) -> String {
    let session = site.member(name, email).await;
    byline_server::moderation::grant(&site.pool, email, role)
        .await
        .unwrap();
    session
}

async fn send(
    site: &Site,
    method: Method,
    path: &str,
    body: &Value,
    session: Option<&str>,
) -> Answer {
    site.send(site.request(method, path, session).json(body))
        .await
}

async fn post_guest(site: &Site, text: &str, email: &str) -> Answer {
    let body = json!({"body": text, "guest": {"name": "Avan", "email": email}});
    site.post(&format!("/articles/{QUIET}/comments"), &body, None)
        .await
}

async fn post_member(site: &Site, text: &str, session: &str) -> Answer {
    site.post(
        &format!("/articles/{QUIET}/comments"),
        &json!({ "body": text }),
        Some(session),
    )
    .await
}

async fn listing(site: &Site, session: Option<&str>) -> CommentPage {
    let mut request = site
        .client
        .get(site.url(&format!("/articles/{QUIET}/comments")));
    if let Some(session) = session {
        request = request.header("Cookie", format!("byline_session={session}"));
    }
    site.send(request).await.json()
}

async fn article(site: &Site) -> Article {
    site.send(site.client.get(site.url(&format!("/articles/{QUIET}"))))
        .await
        .json()
}

async fn set_mode(site: &Site, mode: &str, moderator: &str) {
    let answer = send(
        site,
        Method::PUT,
        &format!("/moderation/articles/{QUIET}"),
        &json!({ "mode": mode }),
        Some(moderator),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

async fn queue(site: &Site, moderator: &str) -> Queue {
    let answer = site
        .send(site.request(Method::GET, "/moderation/queue", Some(moderator)))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    answer.json()
}

async fn decide(site: &Site, id: i64, body: Value, moderator: &str) -> Answer {
    send(
        site,
        Method::POST,
        &format!("/moderation/comments/{id}"),
        &body,
        Some(moderator),
    )
    .await
}

/// The actions in the moderation log, newest first.
async fn logged(site: &Site, moderator: &str) -> Vec<String> {
    let log: Log = site
        .send(site.request(Method::GET, "/moderation/log", Some(moderator)))
        .await
        .json();
    log.items.into_iter().map(|entry| entry.action).collect()
}

fn ids(comments: &[Comment]) -> Vec<i64> {
    comments.iter().map(|comment| comment.id).collect()
}

#[tokio::test]
async fn reports_from_enough_readers_hide_a_comment_until_a_moderator_approves_it() {
    let site = spawn(2).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let posted: PostedComment = post_guest(&site, "Buy cheap watches here.", "spam@example.org")
        .await
        .json();
    let id = posted.comment.id;
    let report = |body: Value, session: Option<String>| {
        let site = &site;
        async move {
            send(
                site,
                Method::POST,
                &format!("/comments/{id}/report"),
                &body,
                session.as_deref(),
            )
            .await
        }
    };

    let other = report(json!({"reason": "other"}), Some(dana.clone())).await;
    assert_eq!(
        other.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["detail"]
    );
    let first = report(json!({"reason": "spam"}), Some(dana.clone())).await;
    assert_eq!(first.status, StatusCode::NO_CONTENT, "{}", first.text);
    let again = report(json!({"reason": "abuse"}), Some(dana.clone())).await;
    assert_eq!(
        again.problem(StatusCode::CONFLICT).code.as_deref(),
        Some("already_reported")
    );
    assert_eq!(
        ids(&listing(&site, None).await.items),
        [id],
        "one report is not enough"
    );

    // A guest at another address is a second reader.
    let second = report(
        json!({"reason": "other", "detail": "Advertising, again."}),
        None,
    )
    .await;
    assert_eq!(second.status, StatusCode::NO_CONTENT, "{}", second.text);
    assert!(
        listing(&site, None).await.items.is_empty(),
        "hidden after two"
    );
    assert_eq!(article(&site).await.comment_count, 0);
    assert!(logged(&site, &moderator).await.contains(&"hide".to_owned()));
    let hidden = report(json!({"reason": "spam"}), Some(moderator.clone())).await;
    assert_eq!(
        hidden.status,
        StatusCode::NOT_FOUND,
        "a hidden comment is not reported"
    );

    let queued = queue(&site, &moderator).await;
    assert_eq!(queued.items.len(), 1);
    let item = &queued.items[0];
    assert_eq!(item.comment.moderation, Some(Held::Hidden));
    assert_eq!(
        item.comment.body, "Buy cheap watches here.",
        "moderators see the text"
    );
    assert_eq!(item.article.slug, QUIET);
    let reasons: Vec<(String, u32)> = item
        .reports
        .iter()
        .map(|r| (r.reason.as_str().to_owned(), r.count))
        .collect();
    assert_eq!(reasons, [("spam".to_owned(), 1), ("other".to_owned(), 1)]);
    assert_eq!(item.reports[1].details, ["Advertising, again."]);

    let approved = decide(&site, id, json!({"action": "approve"}), &moderator).await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(ids(&listing(&site, None).await.items), [id]);
    assert_eq!(article(&site).await.comment_count, 1);
    assert!(queue(&site, &moderator).await.items.is_empty());
}

#[tokio::test]
async fn a_page_with_a_hidden_comment_still_fills_up() {
    let site = spawn(1).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let mut posted = Vec::new();
    for (text, email) in [
        ("First of three.", "one@example.org"),
        ("Second, about to be hidden.", "two@example.org"),
        ("Third of three.", "three@example.org"),
    ] {
        let answer: PostedComment = post_guest(&site, text, email).await.json();
        posted.push(answer.comment.id);
    }
    let [first, hidden, third] = posted[..] else {
        panic!("three comments: {posted:?}");
    };
    let answer = send(
        &site,
        Method::POST,
        &format!("/comments/{hidden}/report"),
        &json!({"reason": "spam"}),
        Some(&dana),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    let page = |query: String| {
        let site = &site;
        async move {
            let path = format!("/articles/{QUIET}/comments?sort=oldest&{query}");
            let page: CommentPage = site.send(site.client.get(site.url(&path))).await.json();
            page
        }
    };

    let whole = page("limit=2".into()).await;
    assert_eq!(
        ids(&whole.items),
        [first, third],
        "the page reads past the hidden comment"
    );
    assert_eq!(whole.next_cursor, None);
    // A page of one that would hold only the hidden comment holds the next one instead.
    let start = page("limit=1".into()).await;
    assert_eq!(ids(&start.items), [first]);
    let cursor = start.next_cursor.expect("a cursor after the first page");
    let next = page(format!("limit=1&cursor={cursor}")).await;
    assert_eq!(ids(&next.items), [third]);
    assert_eq!(next.next_cursor, None, "nothing after the third");
}

#[tokio::test]
async fn a_hidden_comment_with_replies_stays_as_a_placeholder() {
    let site = spawn(1).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let root: PostedComment = post_guest(&site, "A rude remark.", "rude@example.org")
        .await
        .json();
    let reply = site
        .post(
            &format!("/articles/{QUIET}/comments"),
            &json!({"body": "Please keep it civil.", "parent_id": root.comment.id}),
            Some(&dana),
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text);
    let answer = send(
        &site,
        Method::POST,
        &format!("/comments/{}/report", root.comment.id),
        &json!({"reason": "abuse"}),
        Some(&dana),
    )
    .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT);
    let page = listing(&site, None).await;
    assert_eq!(ids(&page.items), [root.comment.id]);
    let placeholder = &page.items[0];
    assert_eq!(placeholder.moderation, Some(Held::Hidden));
    assert!(placeholder.body.is_empty() && placeholder.author.name.is_empty());
    assert_eq!(placeholder.replies[0].body, "Please keep it civil.");
    assert_eq!(
        page.total, 1,
        "the reply counts, the hidden comment does not"
    );
    // Nobody may answer a comment they cannot read.
    let answer = site
        .post(
            &format!("/articles/{QUIET}/comments"),
            &json!({"body": "What did it say?", "parent_id": root.comment.id}),
            Some(&dana),
        )
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["parent_id"]
    );
}

#[tokio::test]
async fn under_pre_moderation_only_the_author_sees_a_comment_until_it_is_approved() {
    let site = spawn(3).await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Admin).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    set_mode(&site, "pre", &moderator).await;
    assert_eq!(article(&site).await.moderation.as_str(), "pre");

    let guest = post_guest(&site, "Waiting my turn.", "avan@example.org").await;
    assert_eq!(guest.status, StatusCode::CREATED, "{}", guest.text);
    let guest: PostedComment = guest.json();
    assert_eq!(guest.comment.moderation, Some(Held::Pending));
    let mine: PostedComment = post_member(&site, "Mine waits too.", &dana).await.json();
    assert_eq!(mine.comment.moderation, Some(Held::Pending));

    assert!(
        listing(&site, None).await.items.is_empty(),
        "readers see neither"
    );
    let for_dana = listing(&site, Some(&dana)).await;
    assert_eq!(ids(&for_dana.items), [mine.comment.id], "Dana sees her own");
    assert_eq!(for_dana.items[0].moderation, Some(Held::Pending));
    assert_eq!(for_dana.total, 0);
    let one = site
        .send(
            site.client
                .get(site.url(&format!("/comments/{}", guest.comment.id))),
        )
        .await;
    assert_eq!(one.status, StatusCode::NOT_FOUND);
    // The guest's browser, after a reload, finds its waiting comment by its edit token; a
    // wrong token or none finds nothing, and a member's session does not open a guest's.
    let thread = |token: Option<String>, session: Option<&str>| {
        let path = format!("/articles/{QUIET}/comments/{}/thread", guest.comment.id);
        let mut request = site.request(Method::GET, &path, session);
        if let Some(token) = token {
            request = request.header(EDIT_TOKEN_HEADER, token);
        }
        site.send(request)
    };
    let token = guest
        .edit_token
        .clone()
        .expect("a guest gets an edit token");
    let own = thread(Some(token.clone()), None).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.text);
    let own: Comment = own.json();
    assert_eq!(own.id, guest.comment.id);
    assert_eq!(own.moderation, Some(Held::Pending));
    assert_eq!(own.body, "Waiting my turn.");
    let other = format!(
        "{}{}",
        &token[..token.len() - 1],
        if token.ends_with('0') { '1' } else { '0' }
    );
    assert_eq!(
        thread(Some(other), None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(thread(None, None).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        thread(None, Some(&dana)).await.status,
        StatusCode::NOT_FOUND
    );

    let queued = queue(&site, &moderator).await;
    assert_eq!(
        ids(&queued
            .items
            .iter()
            .map(|i| i.comment.clone())
            .collect::<Vec<_>>()),
        [guest.comment.id, mine.comment.id]
    );
    assert_eq!(queued.items[1].history.held, 1);
    let approved = decide(
        &site,
        guest.comment.id,
        json!({"action": "approve"}),
        &moderator,
    )
    .await;
    assert_eq!(approved.status, StatusCode::OK, "{}", approved.text);
    assert_eq!(ids(&listing(&site, None).await.items), [guest.comment.id]);
    assert_eq!(article(&site).await.comment_count, 1);

    let refused = decide(
        &site,
        mine.comment.id,
        json!({"action": "reject"}),
        &moderator,
    )
    .await;
    assert_eq!(
        refused.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["reason"]
    );
    let rejected = decide(
        &site,
        mine.comment.id,
        json!({"action": "reject", "reason": "Off topic"}),
        &moderator,
    )
    .await;
    assert_eq!(rejected.status, StatusCode::OK);
    assert!(ids(&listing(&site, Some(&dana)).await.items) == [guest.comment.id]);

    let log: Log = site
        .send(site.request(Method::GET, "/moderation/log", Some(&moderator)))
        .await
        .json();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["reject", "approve", "mode:pre"]);
    assert_eq!(log.items[0].reason.as_deref(), Some("Off topic"));
    assert_eq!(log.items[0].moderator.as_deref(), Some("Mod Erator"));
    assert_eq!(log.items[2].article_slug.as_deref(), Some(QUIET));
}

#[tokio::test]
async fn first_time_commenters_wait_once_and_closed_articles_take_nothing() {
    let site = spawn(3).await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    set_mode(&site, "first", &moderator).await;
    let first: PostedComment = post_guest(&site, "My first words here.", "new@example.org")
        .await
        .json();
    assert_eq!(first.comment.moderation, Some(Held::Pending));
    decide(
        &site,
        first.comment.id,
        json!({"action": "approve"}),
        &moderator,
    )
    .await;
    let second: PostedComment = post_guest(&site, "And my second.", "NEW@example.org")
        .await
        .json();
    assert_eq!(second.comment.moderation, None, "known now, in any case");

    set_mode(&site, "closed", &moderator).await;
    assert_eq!(article(&site).await.moderation.as_str(), "closed");
    let closed = post_guest(&site, "Too late?", "new@example.org").await;
    let problem = closed.problem(StatusCode::FORBIDDEN);
    assert_eq!(problem.code.as_deref(), Some("comments_closed"));
    assert_eq!(
        listing(&site, None).await.items.len(),
        2,
        "what was there stays"
    );
}

#[tokio::test]
async fn rejecting_and_banning_stops_a_member_and_a_guest_address() {
    let site = spawn(3).await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let troll = site.member("Troll Member", "troll@example.org").await;
    set_mode(&site, "pre", &moderator).await;
    let by_member: PostedComment = post_member(&site, "Insults.", &troll).await.json();
    let by_guest: PostedComment = post_guest(&site, "More insults.", "Troll@Example.net")
        .await
        .json();
    for id in [by_member.comment.id, by_guest.comment.id] {
        let answer = decide(
            &site,
            id,
            json!({"action": "reject_and_ban", "reason": "Abuse"}),
            &moderator,
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json::<Comment>().moderation, Some(Held::Rejected));
    }
    set_mode(&site, "post", &moderator).await;
    let member = post_member(&site, "Let me back in.", &troll).await;
    assert_eq!(
        member.problem(StatusCode::FORBIDDEN).code.as_deref(),
        Some("banned")
    );
    let guest = post_guest(&site, "Let me back in.", "troll@example.NET").await;
    assert_eq!(
        guest.problem(StatusCode::FORBIDDEN).code.as_deref(),
        Some("banned")
    );
    assert!(
        post_guest(&site, "I am someone else.", "kind@example.org")
            .await
            .status
            .is_success()
    );
    let log: Log = site
        .send(site.request(Method::GET, "/moderation/log", Some(&moderator)))
        .await
        .json();
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert!(
        actions.contains(&"ban") && actions.contains(&"block_email"),
        "{actions:?}"
    );

    // The moderators see who is banned, and lift a ban: the member and the address may
    // comment again.
    let bans: Bans = site
        .send(site.request(Method::GET, "/moderation/bans", Some(&moderator)))
        .await
        .json();
    let names: Vec<&str> = bans
        .accounts
        .iter()
        .map(|a| a.display_name.as_str())
        .collect();
    let emails: Vec<&str> = bans.emails.iter().map(|e| e.email.as_str()).collect();
    assert_eq!(
        (names, emails),
        (vec!["Troll Member"], vec!["Troll@Example.net"])
    );
    let lift = |body: Value, session: String| {
        let site = &site;
        async move {
            send(
                site,
                Method::POST,
                "/moderation/bans/lift",
                &body,
                Some(&session),
            )
            .await
        }
    };
    let reader = site.member("Kind Reader", "kind.reader@example.org").await;
    let refused = lift(json!({"email": "troll@example.net"}), reader).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    for body in [
        json!({}),
        json!({"account_id": 1, "email": "troll@example.net"}),
    ] {
        let unclear = lift(body, moderator.clone()).await;
        assert_eq!(
            unclear.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
            ["account_id"]
        );
    }
    let account_id = bans.accounts[0].account_id;
    for body in [
        json!({ "account_id": account_id }),
        json!({"email": "TROLL@example.net"}),
    ] {
        let lifted = lift(body.clone(), moderator.clone()).await;
        assert_eq!(lifted.status, StatusCode::NO_CONTENT, "{}", lifted.text);
        let again = lift(body, moderator.clone()).await;
        again.problem(StatusCode::NOT_FOUND);
    }
    assert!(
        post_member(&site, "Back, and civil.", &troll)
            .await
            .status
            .is_success()
    );
    assert!(
        post_guest(&site, "Back, and civil too.", "troll@example.net")
            .await
            .status
            .is_success()
    );
    assert_eq!(
        logged(&site, &moderator).await[..2],
        ["unblock_email".to_owned(), "unban".to_owned()]
    );
}

#[tokio::test]
async fn only_moderators_reach_the_queue_and_roles_come_from_the_grant_command() {
    let site = spawn(3).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let me: byline_contract::auth::Member = site.me(Some(&dana)).await.json();
    assert_eq!(me.role, Role::Member);
    let refused = site
        .send(site.request(Method::GET, "/moderation/queue", Some(&dana)))
        .await;
    assert_eq!(
        refused.problem(StatusCode::FORBIDDEN).code.as_deref(),
        Some("not_a_moderator")
    );
    let anonymous = site
        .send(site.request(Method::GET, "/moderation/queue", None))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
    let mode = send(
        &site,
        Method::PUT,
        &format!("/moderation/articles/{QUIET}"),
        &json!({"mode": "closed"}),
        Some(&dana),
    )
    .await;
    assert_eq!(mode.status, StatusCode::FORBIDDEN);
    assert_eq!(article(&site).await.moderation.as_str(), "post");

    byline_server::moderation::grant(&site.pool, "dana@example.org", Role::Moderator)
        .await
        .unwrap();
    let me: byline_contract::auth::Member = site.me(Some(&dana)).await.json();
    assert_eq!(me.role, Role::Moderator, "the same session, the new role");
    assert!(queue(&site, &dana).await.items.is_empty());
    assert!(
        byline_server::moderation::grant(&site.pool, "nobody@example.org", Role::Admin)
            .await
            .is_err()
    );
}

async fn like(site: &Site, id: i64, method: Method, body: Value, session: Option<&str>) -> Answer {
    send(
        site,
        method,
        &format!("/comments/{id}/like"),
        &body,
        session,
    )
    .await
}

#[tokio::test]
async fn a_reader_likes_a_comment_once_per_browser_or_account_and_can_take_it_back() {
    let site = spawn(3).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let posted: PostedComment = post_guest(&site, "Worth a like.", "avan@example.org")
        .await
        .json();
    let id = posted.comment.id;
    let browser = json!({"browser": "b7c1d2e3f4a5b6c7d8e9"});
    for _ in 0..2 {
        let answer = like(&site, id, Method::PUT, browser.clone(), None).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        assert_eq!(answer.json::<Value>(), json!({"likes": 1, "liked": true}));
    }
    let other = like(
        &site,
        id,
        Method::PUT,
        json!({"browser": "another-browser-key-0001"}),
        None,
    )
    .await;
    assert_eq!(other.json::<Value>()["likes"], 2);
    // A member counts by account, whatever browser key comes along.
    let member = like(&site, id, Method::PUT, browser.clone(), Some(&dana)).await;
    assert_eq!(member.json::<Value>()["likes"], 3);
    let back = like(&site, id, Method::DELETE, json!({}), Some(&dana)).await;
    assert_eq!(back.json::<Value>(), json!({"likes": 2, "liked": false}));
    let again = like(&site, id, Method::DELETE, json!({}), Some(&dana)).await;
    assert_eq!(
        again.json::<Value>()["likes"],
        2,
        "taking back twice changes nothing"
    );
    assert_eq!(listing(&site, None).await.items[0].likes, 2);

    let keyless = like(&site, id, Method::PUT, json!({}), None).await;
    assert_eq!(
        keyless.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["browser"]
    );
    let short = like(&site, id, Method::PUT, json!({"browser": "short"}), None).await;
    assert_eq!(
        short.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["browser"]
    );
    let missing = like(&site, 999_999, Method::PUT, browser, None).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

/// Features comment `id` (or takes that back), as the reader with `session`.
async fn feature(site: &Site, id: i64, featured: bool, session: &str) -> Answer {
    send(
        site,
        Method::PUT,
        &format!("/moderation/comments/{id}/featured"),
        &json!({ "featured": featured }),
        Some(session),
    )
    .await
}

/// One page of the quiet article's comments in order `sort`.
async fn page_of(site: &Site, sort: &str, limit: u32, cursor: Option<&str>) -> CommentPage {
    let mut url = site.url(&format!(
        "/articles/{QUIET}/comments?sort={sort}&limit={limit}"
    ));
    if let Some(cursor) = cursor {
        url.push_str(&format!("&cursor={cursor}"));
    }
    site.send(site.client.get(url)).await.json()
}

/// The ids on every page of order `sort`, page by page, following the cursors.
async fn every_page(site: &Site, sort: &str, limit: u32) -> Vec<Vec<i64>> {
    let mut pages = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = page_of(site, sort, limit, cursor.as_deref()).await;
        pages.push(ids_of(&page.items));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => return pages,
        }
    }
}

#[tokio::test]
async fn top_puts_featured_comments_first_then_the_most_liked_and_pages_through_them() {
    let site = spawn(3).await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let mut ids = Vec::new();
    for (text, likes) in [("Quiet one.", 0), ("Most liked.", 2), ("Liked once.", 1)] {
        let posted: PostedComment = post_guest(&site, text, "avan@example.org").await.json();
        for n in 0..likes {
            let key = json!({ "browser": format!("browser-key-number-{n:04}") });
            assert!(
                like(&site, posted.comment.id, Method::PUT, key, None)
                    .await
                    .status
                    .is_success()
            );
        }
        ids.push(posted.comment.id);
    }
    let (quiet, most, once) = (ids[0], ids[1], ids[2]);
    let refused = feature(&site, quiet, true, &dana).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let featured = feature(&site, quiet, true, &moderator).await;
    assert_eq!(featured.status, StatusCode::OK, "{}", featured.text);
    assert!(featured.json::<Comment>().featured);
    assert!(
        logged(&site, &moderator)
            .await
            .contains(&"feature".to_owned())
    );

    assert_eq!(
        every_page(&site, "top", 1).await,
        [vec![quiet], vec![most], vec![once]]
    );
    assert!(page_of(&site, "top", 1, None).await.items[0].featured);
    // A cursor of another order is refused, not misread.
    let oldest = page_of(&site, "oldest", 1, None).await;
    let mixed = site
        .send(site.client.get(site.url(&format!(
            "/articles/{QUIET}/comments?sort=top&cursor={}",
            oldest.next_cursor.unwrap()
        ))))
        .await;
    assert_eq!(mixed.error_fields(StatusCode::BAD_REQUEST), ["cursor"]);
}

#[tokio::test]
async fn featured_comments_open_the_oldest_and_newest_orders_and_are_not_repeated() {
    let site = spawn(3).await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let mut ids = Vec::new();
    for text in ["First one.", "Second one.", "Third one."] {
        let posted: PostedComment = post_guest(&site, text, "avan@example.org").await.json();
        ids.push(posted.comment.id);
    }
    let (first, second, third) = (ids[0], ids[1], ids[2]);
    let featured = feature(&site, second, true, &moderator).await;
    assert_eq!(featured.status, StatusCode::OK, "{}", featured.text);

    // A first page the featured comment fills on its own still leads on to the others.
    assert_eq!(
        every_page(&site, "oldest", 1).await,
        [vec![second], vec![first], vec![third]]
    );
    assert_eq!(
        every_page(&site, "newest", 2).await,
        [vec![second, third], vec![first]]
    );
    assert_eq!(
        every_page(&site, "oldest", 50).await,
        [vec![second, first, third]]
    );

    // No longer featured: back in its place.
    let unfeatured = feature(&site, second, false, &moderator).await;
    assert_eq!(unfeatured.status, StatusCode::OK, "{}", unfeatured.text);
    assert_eq!(
        every_page(&site, "oldest", 50).await,
        [vec![first, second, third]]
    );
}

fn ids_of(comments: &[Comment]) -> Vec<i64> {
    ids(comments)
}

#[tokio::test]
async fn banned_words_can_hold_a_comment_for_a_moderator_instead_of_refusing_it() {
    let site = common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.comment_checks.banned_words = vec!["swindle".to_owned()];
        config.comment_checks.hold_banned = true;
    })
    .await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let held = post_guest(&site, "What a SWINDLE this is.", "avan@example.org").await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.text);
    assert_eq!(
        held.json::<PostedComment>().comment.moderation,
        Some(Held::Pending)
    );
    let clean = post_guest(&site, "A fair deal.", "avan@example.org").await;
    assert_eq!(clean.json::<PostedComment>().comment.moderation, None);
    assert_eq!(ids(&listing(&site, None).await.items).len(), 1);
    assert_eq!(queue(&site, &moderator).await.items.len(), 1);
}

/// Changes a comment's text as its author: a member by session, a guest by edit token.
async fn edit(
    site: &Site,
    id: i64,
    text: &str,
    session: Option<&str>,
    token: Option<&str>,
) -> Answer {
    let mut request = site
        .request(Method::PATCH, &format!("/comments/{id}"), session)
        .json(&json!({ "body": text }));
    if let Some(token) = token {
        request = request.header(EDIT_TOKEN_HEADER, token);
    }
    site.send(request).await
}

/// Every article's count is its number of published comments.
async fn counts_agree(site: &Site) {
    let wrong = site
        .count(
            "SELECT COUNT(*) FROM articles a WHERE comment_count <> \
             (SELECT COUNT(*) FROM comments c \
               WHERE c.article_id = a.id AND c.removed_at IS NULL AND c.held IS NULL)",
        )
        .await;
    assert_eq!(wrong, 0, "comment_count agrees with the published comments");
}

fn field_code(answer: &Answer, field: &str) -> Option<String> {
    answer
        .problem(StatusCode::UNPROCESSABLE_ENTITY)
        .error_codes
        .get(field)
        .cloned()
}

/// A site that refuses "swindle" (or, with `hold`, holds it for a moderator), its moderator's
/// session, and a guest's clean comment there: its id and edit token.
async fn a_guests_fair_deal(hold: bool) -> (Site, String, i64, String) {
    let site = common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.comment_checks.banned_words = vec!["swindle".to_owned()];
        config.comment_checks.hold_banned = hold;
    })
    .await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let posted: PostedComment = post_guest(&site, "A fair deal.", "avan@example.org")
        .await
        .json();
    let (id, token) = (posted.comment.id, posted.edit_token.unwrap());
    (site, moderator, id, token)
}

#[tokio::test]
async fn an_edit_meets_the_rules_a_new_comment_meets() {
    let (site, moderator, id, token) = a_guests_fair_deal(false).await;

    // Words and links the site refuses in a new comment are refused in an edit, and the
    // comment keeps its text.
    let banned = edit(&site, id, "What a SWINDLE.", None, Some(&token)).await;
    assert_eq!(field_code(&banned, "body").as_deref(), Some("banned_words"));
    let links = "See https://a.example https://b.example https://c.example";
    let linked = edit(&site, id, links, None, Some(&token)).await;
    assert_eq!(
        field_code(&linked, "body").as_deref(),
        Some("too_many_links")
    );
    assert_eq!(listing(&site, None).await.items[0].body, "A fair deal.");
    // A member has no link limit, in an edit as in a new comment.
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let by_dana: PostedComment = post_member(&site, "Sources to follow.", &dana).await.json();
    let with_links = edit(&site, by_dana.comment.id, links, Some(&dana), None).await;
    assert_eq!(with_links.status, StatusCode::OK, "{}", with_links.text);

    // Under pre-moderation an edited comment goes back to the moderators: its author still
    // sees it, marked; other readers and the count do not.
    set_mode(&site, "pre", &moderator).await;
    let count_before = article(&site).await.comment_count;
    let reviewed = edit(&site, id, "A fair deal, I think.", None, Some(&token)).await;
    assert_eq!(reviewed.status, StatusCode::OK, "{}", reviewed.text);
    assert_eq!(reviewed.json::<Comment>().moderation, Some(Held::Pending));
    assert!(!ids(&listing(&site, None).await.items).contains(&id));
    assert_eq!(article(&site).await.comment_count, count_before - 1);
    let queued = queue(&site, &moderator).await;
    assert!(queued.items.iter().any(|item| item.comment.id == id));
    decide(&site, id, json!({"action": "approve"}), &moderator).await;
    assert!(ids(&listing(&site, None).await.items).contains(&id));
    counts_agree(&site).await;

    // A banned author edits nothing; on a closed article no one does.
    set_mode(&site, "post", &moderator).await;
    let other: PostedComment = post_member(&site, "Something else.", &dana).await.json();
    decide(
        &site,
        other.comment.id,
        json!({"action": "reject_and_ban", "reason": "Abuse"}),
        &moderator,
    )
    .await;
    let banned_edit = edit(&site, by_dana.comment.id, "Changed.", Some(&dana), None).await;
    assert_eq!(
        banned_edit.problem(StatusCode::FORBIDDEN).code.as_deref(),
        Some("banned")
    );
    set_mode(&site, "closed", &moderator).await;
    let closed = edit(&site, id, "Changed again.", None, Some(&token)).await;
    assert_eq!(
        closed.problem(StatusCode::FORBIDDEN).code.as_deref(),
        Some("comments_closed")
    );
    assert_eq!(
        listing(&site, None).await.items[0].body,
        "A fair deal, I think.",
        "what was approved stays"
    );
}

#[tokio::test]
async fn an_edit_into_banned_words_waits_for_a_moderator_when_the_site_holds_them() {
    let (site, moderator, id, token) = a_guests_fair_deal(true).await;
    let held = edit(&site, id, "What a swindle.", None, Some(&token)).await;
    assert_eq!(held.status, StatusCode::OK, "{}", held.text);
    assert_eq!(held.json::<Comment>().moderation, Some(Held::Pending));
    assert!(listing(&site, None).await.items.is_empty());
    assert_eq!(queue(&site, &moderator).await.items.len(), 1);
    counts_agree(&site).await;
}

#[tokio::test]
async fn the_sites_mode_holds_where_an_article_has_none_of_its_own() {
    let site = common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        config.moderation = byline_contract::moderation::Mode::Pre;
    })
    .await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    assert_eq!(article(&site).await.moderation.as_str(), "pre");
    let held: PostedComment = post_guest(&site, "Held by the site's rule.", "avan@example.org")
        .await
        .json();
    assert_eq!(held.comment.moderation, Some(Held::Pending));
    // The article's own mode wins over the site's.
    set_mode(&site, "post", &moderator).await;
    let shown: PostedComment = post_guest(&site, "Shown at once here.", "avan@example.org")
        .await
        .json();
    assert_eq!(shown.comment.moderation, None);
    assert_eq!(
        ids(&listing(&site, None).await.items),
        vec![shown.comment.id]
    );
}

#[tokio::test]
async fn the_queue_gives_each_comment_its_article_parent_and_authors_history() {
    let site = spawn(3).await;
    let moderator = with_role(&site, "Mod Erator", "mod@example.org", Role::Moderator).await;
    let email = "avan@example.org";
    let published: PostedComment = post_guest(&site, "Published first.", email).await.json();
    set_mode(&site, "pre", &moderator).await;
    let rejected: PostedComment = post_guest(&site, "Turned down.", email).await.json();
    let answer = decide(
        &site,
        rejected.comment.id,
        json!({"action": "reject", "reason": "Off topic"}),
        &moderator,
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let reply = json!({
        "body": "An answer to myself.",
        "parent_id": published.comment.id,
        "guest": {"name": "Avan", "email": "AVAN@example.org"},
    });
    let waiting: PostedComment = site
        .post(&format!("/articles/{QUIET}/comments"), &reply, None)
        .await
        .json();
    let queued = queue(&site, &moderator).await;
    let [item] = queued.items.as_slice() else {
        panic!("one comment waits: {:?}", queued.items);
    };
    assert_eq!(item.comment.id, waiting.comment.id);
    assert_eq!(item.article.slug, QUIET);
    let parent = item.parent.as_ref().expect("the comment it answers");
    assert_eq!(
        (parent.id, parent.body.as_str()),
        (published.comment.id, "Published first.")
    );
    // The author's history, by address in any case: one published, this one waiting, one
    // rejected, not blocked.
    assert_eq!(
        (
            item.history.published,
            item.history.held,
            item.history.rejected,
            item.history.banned
        ),
        (1, 1, 1, false)
    );
}
