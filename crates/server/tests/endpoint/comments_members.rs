//! Comments by members, and editing and removing comments (members by their session, guests by
//! the edit token of their answer), over real HTTP on the fixture's mini site.

#![allow(clippy::unwrap_used)]

use crate::common;

use crate::common::{Answer, FIXTURE, Site};

use std::path::PathBuf;
use std::time::Duration;

use byline_contract::{
    Article, AuthorKind, Comment, CommentPage, EDIT_TOKEN_HEADER, LatestComments, PostedComment,
};
use byline_server::{Config, REPLAYED_HEADER, SeedSource};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

/// The fixture article with no comments, so counts start at zero.
const QUIET: &str = "festival-opens";
/// The fixture article with hand-written threads (6 comments).
const DAM: &str = "dam-talks";

async fn spawn() -> Site {
    spawn_with(|_| {}).await
}

async fn spawn_with(configure: impl FnOnce(&mut Config)) -> Site {
    common::site(|config| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
        configure(config);
    })
    .await
}

/// A guest's comment body.
fn as_guest(text: &str, name: &str, parent_id: Option<i64>) -> Value {
    let mut value = json!({"body": text, "guest": {"name": name, "email": "guest@example.net"}});
    if let Some(parent_id) = parent_id {
        value["parent_id"] = json!(parent_id);
    }
    value
}

/// A member's comment body (no guest block).
fn as_member(text: &str, parent_id: Option<i64>) -> Value {
    let mut value = json!({"body": text});
    if let Some(parent_id) = parent_id {
        value["parent_id"] = json!(parent_id);
    }
    value
}

/// What a test does with comments, on top of the shared [`Site`].
trait Comments {
    async fn post_comment(&self, slug: &str, body: &Value, session: Option<&str>) -> Answer;
    async fn posted(&self, slug: &str, body: &Value, session: Option<&str>) -> PostedComment;
    async fn patch(
        &self,
        id: i64,
        text: &str,
        session: Option<&str>,
        token: Option<&str>,
    ) -> Answer;
    async fn delete(&self, id: i64, session: Option<&str>, token: Option<&str>) -> Answer;
    async fn get(&self, path: &str) -> Answer;
    async fn page(&self, slug: &str) -> CommentPage;
    async fn article(&self, slug: &str) -> Article;
    async fn latest(&self) -> LatestComments;
    async fn assert_counts_match_rows(&self);
}

impl Comments for Site {
    async fn post_comment(&self, slug: &str, body: &Value, session: Option<&str>) -> Answer {
        self.post(&format!("/articles/{slug}/comments"), body, session)
            .await
    }

    async fn posted(&self, slug: &str, body: &Value, session: Option<&str>) -> PostedComment {
        let answer = self.post_comment(slug, body, session).await;
        assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
        answer.json()
    }

    async fn patch(
        &self,
        id: i64,
        text: &str,
        session: Option<&str>,
        token: Option<&str>,
    ) -> Answer {
        let mut request = self
            .request(Method::PATCH, &format!("/comments/{id}"), session)
            .json(&json!({"body": text}));
        if let Some(token) = token {
            request = request.header(EDIT_TOKEN_HEADER, token);
        }
        self.send(request).await
    }

    async fn delete(&self, id: i64, session: Option<&str>, token: Option<&str>) -> Answer {
        let mut request = self.request(Method::DELETE, &format!("/comments/{id}"), session);
        if let Some(token) = token {
            request = request.header(EDIT_TOKEN_HEADER, token);
        }
        self.send(request).await
    }

    async fn get(&self, path: &str) -> Answer {
        self.send(self.client.get(self.url(path))).await
    }

    async fn page(&self, slug: &str) -> CommentPage {
        self.get(&format!("/articles/{slug}/comments?limit=100"))
            .await
            .json()
    }

    async fn article(&self, slug: &str) -> Article {
        self.get(&format!("/articles/{slug}")).await.json()
    }

    async fn latest(&self) -> LatestComments {
        self.get("/comments/latest?limit=50").await.json()
    }

    /// Every article's count is its number of comments that are not removed.
    async fn assert_counts_match_rows(&self) {
        let wrong = self
            .count(
                "SELECT COUNT(*) FROM articles a WHERE comment_count <> \
                 (SELECT COUNT(*) FROM comments c \
                   WHERE c.article_id = a.id AND c.removed_at IS NULL)",
            )
            .await;
        assert_eq!(wrong, 0, "comment_count agrees with the visible comments");
    }
}

/// A token of the right shape that the server never issued.
fn forged() -> String {
    "0123456789abcdef".repeat(4)
}

#[tokio::test]
async fn a_members_comment_shows_their_display_name_as_a_member() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let posted = site
        .posted(QUIET, &as_member("  Signed in now. ", None), Some(&session))
        .await;
    let comment = &posted.comment;
    assert_eq!(comment.author.name, "Dana Kaya");
    assert_eq!(comment.author.kind, AuthorKind::Member);
    let account_id = site
        .count("SELECT id FROM accounts WHERE email = 'dana@example.org'")
        .await;
    assert_eq!(comment.author.member_id, Some(account_id));
    assert_eq!(comment.body, "Signed in now.");
    assert_eq!(posted.edit_token, None, "members edit with their session");
    assert_eq!(comment.edited_at, None);
    assert!(!comment.removed);

    // A guest block sent along is ignored, even an invalid one.
    let body = json!({
        "body": "A reply, signed in.",
        "parent_id": comment.id,
        "guest": {"name": "Someone Else", "email": "not-an-address"}
    });
    let reply = site.posted(QUIET, &body, Some(&session)).await;
    assert_eq!(reply.comment.author.name, "Dana Kaya");
    assert_eq!(reply.comment.author.kind, AuthorKind::Member);
    assert_eq!(reply.comment.parent_id, Some(comment.id));

    let page = site.page(QUIET).await;
    assert_eq!(page.total, 2);
    assert_eq!(page.items[0].author.name, "Dana Kaya");
    assert_eq!(page.items[0].author.kind, AuthorKind::Member);
    assert_eq!(page.items[0].replies[0].author.kind, AuthorKind::Member);
    assert_eq!(page.items[0].author.member_id, Some(account_id));
    assert_eq!(page.items[0].replies[0].author.member_id, Some(account_id));
    let latest = site.latest().await;
    assert_eq!(latest.items[0].id, reply.comment.id);
    assert_eq!(latest.items[0].author.name, "Dana Kaya");
    assert_eq!(latest.items[0].author.member_id, Some(account_id));

    // Stored with the account and without any address.
    let linked = site
        .count(&format!(
            "SELECT COUNT(*) FROM comments WHERE account_id IS NOT NULL \
             AND author_email IS NULL AND id IN ({}, {})",
            comment.id, reply.comment.id
        ))
        .await;
    assert_eq!(linked, 2);

    // Without a session the guest block is needed again.
    let answer = site
        .post_comment(QUIET, &as_member("Who am I?", None), None)
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["guest"]
    );
    // A member's text follows the same rules.
    let answer = site
        .post_comment(QUIET, &as_member(" ", None), Some(&session))
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["body"]
    );
    site.assert_counts_match_rows().await;
}

#[tokio::test]
async fn guests_cannot_post_under_a_members_name() {
    let site = spawn().await;
    site.member("Shilan Ahmed", "shilan@example.org").await;
    site.member("Êzîdxan", "ezidxan@example.org").await;
    for name in ["Shilan Ahmed", "  shilan AHMED ", "êZÎDXAN"] {
        let answer = site
            .post_comment(QUIET, &as_guest("Hello.", name, None), None)
            .await;
        let problem = answer.problem(StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            problem.errors.keys().collect::<Vec<_>>(),
            ["guest.name"],
            "{name}"
        );
        assert!(
            problem.errors["guest.name"][0].contains("member of this site uses this name"),
            "{problem:?}"
        );
        // Named, so the page can say it in its reader's language.
        assert_eq!(problem.error_codes["guest.name"], "name_taken");
        assert_eq!(problem.error_codes.len(), 1);
    }
    // Reported together with the other mistakes.
    let answer = site
        .post_comment(QUIET, &as_guest("", "Shilan Ahmed", None), None)
        .await;
    assert_eq!(
        answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["body", "guest.name"]
    );
    assert_eq!(site.article(QUIET).await.comment_count, 0);

    // Other names are fine, and so is the name of an account not confirmed yet.
    site.posted(QUIET, &as_guest("Hello.", "Shilan A.", None), None)
        .await;
    site.register("Pending Name", "pending@example.org", common::PASSWORD)
        .await;
    site.posted(QUIET, &as_guest("Hello.", "Pending Name", None), None)
        .await;
    // The member themselves posts under the name, of course.
    let session = site
        .sign_in("shilan@example.org", common::PASSWORD, None)
        .await
        .session();
    let posted = site
        .posted(QUIET, &as_member("It is me.", None), Some(&session))
        .await;
    assert_eq!(posted.comment.author.name, "Shilan Ahmed");
}

#[tokio::test]
async fn an_author_edits_within_the_window_and_the_comment_shows_edited_at() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let posted = site
        .posted(QUIET, &as_member("First tkae.", None), Some(&session))
        .await;
    let id = posted.comment.id;
    let reply = site
        .posted(QUIET, &as_guest("A reply.", "Aram", Some(id)), None)
        .await;

    let answer = site
        .patch(id, "  First take.\r\n\r\nFixed.  ", Some(&session), None)
        .await;
    let edited: Comment = answer.json();
    assert_eq!(edited.body, "First take.\n\nFixed.");
    assert_eq!(edited.id, id);
    assert_eq!(edited.author, posted.comment.author);
    assert_eq!(edited.created_at, posted.comment.created_at);
    let edited_at = edited.edited_at.clone().expect("edited_at");
    assert!(
        time::OffsetDateTime::parse(&edited_at, &time::format_description::well_known::Rfc3339)
            .is_ok()
            && edited_at.ends_with('Z'),
        "{edited_at}"
    );
    assert!(edited_at >= posted.comment.created_at);
    assert_eq!(edited.replies.len(), 1, "answered with its replies");
    assert_eq!(edited.replies[0].id, reply.comment.id);
    assert_eq!(edited.replies[0].edited_at, None);

    // Every reading shows it.
    let shown: Comment = site.get(&format!("/comments/{id}")).await.json();
    assert_eq!(shown, edited);
    let page = site.page(QUIET).await;
    assert_eq!(page.items[0], edited);
    let thread: Comment = site
        .get(&format!(
            "/articles/{QUIET}/comments/{}/thread",
            reply.comment.id
        ))
        .await
        .json();
    assert_eq!(thread, edited);
    let latest = site.latest().await;
    let item = latest.items.iter().find(|item| item.id == id).unwrap();
    assert_eq!(item.body, "First take.\n\nFixed.");
    assert_eq!(item.edited_at.as_deref(), Some(edited_at.as_str()));

    // The same text again changes nothing, not even the time.
    let stamp = |site: &Site| {
        let pool = site.pool.clone();
        async move {
            sqlx::query_scalar::<_, Option<i64>>("SELECT edited_at FROM comments WHERE id = ?")
                .bind(id)
                .fetch_one(&pool)
                .await
                .unwrap()
        }
    };
    let before = stamp(&site).await;
    tokio::time::sleep(Duration::from_millis(20)).await;
    let again = site
        .patch(id, "First take.\n\nFixed.", Some(&session), None)
        .await;
    assert_eq!(again.json::<Comment>(), edited);
    assert_eq!(stamp(&site).await, before);

    // The text follows the rules of a new comment.
    let long = "x".repeat(5_001);
    for bad in ["", " \n ", long.as_str()] {
        let answer = site.patch(id, bad, Some(&session), None).await;
        assert_eq!(
            answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
            ["body"]
        );
    }
    let wrong_shape = site
        .send(
            site.request(Method::PATCH, &format!("/comments/{id}"), Some(&session))
                .json(&json!({"text": "no body field"})),
        )
        .await;
    assert_eq!(
        wrong_shape.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["body"]
    );
    // Unknown comments are 404.
    for path in ["/comments/999999", "/comments/abc", "/comments/0"] {
        let answer = site
            .send(
                site.request(Method::PATCH, path, Some(&session))
                    .json(&json!({"body": "x"})),
            )
            .await;
        answer.problem(StatusCode::NOT_FOUND);
    }
    let shown: Comment = site.get(&format!("/comments/{id}")).await.json();
    assert_eq!(shown.body, "First take.\n\nFixed.");
    site.assert_counts_match_rows().await;
}

#[tokio::test]
async fn after_the_edit_window_an_edit_is_refused_but_deleting_still_works() {
    let site = spawn_with(|config| config.edit_window = Duration::from_secs(2)).await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let member = site
        .posted(QUIET, &as_member("Too late to fix.", None), Some(&session))
        .await;
    let guest = site
        .posted(QUIET, &as_guest("Me too.", "Aram", None), None)
        .await;
    let token = guest.edit_token.clone().unwrap();
    // Within the window, both can edit.
    assert_eq!(
        site.patch(member.comment.id, "Still in time.", Some(&session), None)
            .await
            .status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(2_100)).await;

    let answer = site
        .patch(member.comment.id, "Fixed.", Some(&session), None)
        .await;
    let problem = answer.problem(StatusCode::FORBIDDEN);
    assert_eq!(problem.title, "The edit window has closed");
    assert_eq!(problem.code.as_deref(), Some("edit_window_closed"));
    assert!(
        problem.detail.as_deref().unwrap().contains("2 seconds"),
        "{problem:?}"
    );
    let answer = site
        .patch(guest.comment.id, "Fixed.", None, Some(&token))
        .await;
    assert_eq!(
        answer.problem(StatusCode::FORBIDDEN).title,
        "The edit window has closed"
    );
    let shown: Comment = site
        .get(&format!("/comments/{}", member.comment.id))
        .await
        .json();
    assert_eq!(shown.body, "Still in time.");

    // Deleting has no window.
    let answer = site.delete(member.comment.id, Some(&session), None).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    let answer = site.delete(guest.comment.id, None, Some(&token)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert_eq!(site.article(QUIET).await.comment_count, 0);
}

#[tokio::test]
async fn the_default_edit_window_is_fifteen_minutes() {
    let site = spawn().await;
    let guest = site
        .posted(QUIET, &as_guest("Old news.", "Aram", None), None)
        .await;
    let token = guest.edit_token.unwrap();
    sqlx::query("UPDATE comments SET created_at = created_at - 14 * 60 * 1000 WHERE id = ?")
        .bind(guest.comment.id)
        .execute(&site.pool)
        .await
        .unwrap();
    let answer = site
        .patch(guest.comment.id, "Still mine.", None, Some(&token))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    sqlx::query("UPDATE comments SET created_at = created_at - 2 * 60 * 1000 WHERE id = ?")
        .bind(guest.comment.id)
        .execute(&site.pool)
        .await
        .unwrap();
    let answer = site
        .patch(guest.comment.id, "Too late.", None, Some(&token))
        .await;
    let problem = answer.problem(StatusCode::FORBIDDEN);
    assert!(
        problem.detail.unwrap().contains("15 minutes"),
        "{}",
        answer.text
    );
}

#[tokio::test]
async fn no_one_but_the_author_can_edit_or_delete() {
    let site = spawn().await;
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let karwan = site.member("Karwan Aziz", "karwan@example.org").await;
    let danas = site
        .posted(QUIET, &as_member("Dana's words.", None), Some(&dana))
        .await;
    let first = site
        .posted(QUIET, &as_guest("First guest.", "Aram", None), None)
        .await;
    let second = site
        .posted(QUIET, &as_guest("Second guest.", "Rêbaz", None), None)
        .await;
    let first_token = first.edit_token.clone().unwrap();
    let second_token = second.edit_token.clone().unwrap();
    assert_ne!(first_token, second_token);

    let tries: Vec<(i64, Option<&str>, Option<&str>, &str)> = vec![
        (
            danas.comment.id,
            Some(karwan.as_str()),
            None,
            "another member",
        ),
        (danas.comment.id, None, None, "a guest without token"),
        (
            danas.comment.id,
            None,
            Some(first_token.as_str()),
            "a guest's token",
        ),
        (first.comment.id, None, None, "no token"),
        (
            first.comment.id,
            None,
            Some(second_token.as_str()),
            "another guest's token",
        ),
        (
            first.comment.id,
            Some(dana.as_str()),
            None,
            "a member who did not post it",
        ),
        (
            first.comment.id,
            None,
            Some("not-a-token"),
            "a malformed token",
        ),
    ];
    for (id, session, token, who) in &tries {
        let answer = site.patch(*id, "Hijacked.", *session, *token).await;
        let problem = answer.problem(StatusCode::FORBIDDEN);
        assert_eq!(problem.title, "Not your comment", "{who}");
        assert_eq!(problem.code.as_deref(), Some("not_your_comment"), "{who}");
        let answer = site.delete(*id, *session, *token).await;
        answer.problem(StatusCode::FORBIDDEN);
    }
    let forged = forged();
    site.patch(first.comment.id, "Hijacked.", None, Some(&forged))
        .await
        .problem(StatusCode::FORBIDDEN);
    site.delete(first.comment.id, None, Some(&forged))
        .await
        .problem(StatusCode::FORBIDDEN);

    let page = site.page(QUIET).await;
    assert_eq!(page.total, 3, "nothing was removed");
    assert!(
        page.items
            .iter()
            .all(|comment| comment.edited_at.is_none() && comment.body != "Hijacked.")
    );
    // A seeded comment has no author who could change it.
    let seeded: CommentPage = site.get(&format!("/articles/{DAM}/comments")).await.json();
    let newsroom = &seeded.items[2];
    assert_eq!(newsroom.author.kind, AuthorKind::Member);
    site.delete(newsroom.id, Some(&dana), None)
        .await
        .problem(StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_guests_edit_token_edits_and_deletes_and_a_forged_one_does_not() {
    let site = spawn().await;
    let guest = site
        .posted(QUIET, &as_guest("Typo hree.", "Aram", None), None)
        .await;
    let token = guest.edit_token.clone().expect("a guest gets a token");
    assert_eq!(token.len(), 64);
    assert!(token.chars().all(|c| c.is_ascii_hexdigit()));
    let id = guest.comment.id;

    // One character off, or the token of a neighbouring comment, is refused.
    let mut off = token.clone().into_bytes();
    off[10] = if off[10] == b'a' { b'b' } else { b'a' };
    let off = String::from_utf8(off).unwrap();
    site.patch(id, "Hijacked.", None, Some(&off))
        .await
        .problem(StatusCode::FORBIDDEN);
    site.patch(id, "Hijacked.", None, Some(&forged()))
        .await
        .problem(StatusCode::FORBIDDEN);

    let answer = site.patch(id, "Typo here.", None, Some(&token)).await;
    let edited: Comment = answer.json();
    assert_eq!(edited.body, "Typo here.");
    assert!(edited.edited_at.is_some());
    assert_eq!(edited.author.name, "Aram");
    assert_eq!(edited.author.kind, AuthorKind::Guest);

    // The token works with a session cookie too (another member's, here).
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let answer = site
        .patch(id, "Typo here, really.", Some(&session), Some(&token))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);

    site.delete(id, None, Some(&off))
        .await
        .problem(StatusCode::FORBIDDEN);
    let answer = site.delete(id, None, Some(&token)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert!(answer.text.is_empty());
    site.get(&format!("/comments/{id}"))
        .await
        .problem(StatusCode::NOT_FOUND);
    // Once gone, the token finds nothing to change.
    site.delete(id, None, Some(&token))
        .await
        .problem(StatusCode::NOT_FOUND);
    site.patch(id, "Back?", None, Some(&token))
        .await
        .problem(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn deleting_a_comment_without_replies_takes_it_out_of_threads_and_counts() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let kept = site
        .posted(QUIET, &as_guest("Staying.", "Aram", None), None)
        .await;
    let gone = site
        .posted(QUIET, &as_member("Leaving.", None), Some(&session))
        .await;
    let reply = site
        .posted(
            QUIET,
            &as_member("Leaving too.", Some(kept.comment.id)),
            Some(&session),
        )
        .await;
    assert_eq!(site.article(QUIET).await.comment_count, 3);

    for id in [gone.comment.id, reply.comment.id] {
        let answer = site.delete(id, Some(&session), None).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
        site.get(&format!("/comments/{id}"))
            .await
            .problem(StatusCode::NOT_FOUND);
        site.get(&format!("/articles/{QUIET}/comments/{id}/thread"))
            .await
            .problem(StatusCode::NOT_FOUND);
    }
    let page = site.page(QUIET).await;
    assert_eq!(page.total, 1);
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, kept.comment.id);
    assert!(page.items[0].replies.is_empty());
    let article = site.article(QUIET).await;
    assert_eq!(article.comment_count, 1);
    let latest = site.latest().await;
    let ids: Vec<i64> = latest.items.iter().map(|item| item.id).collect();
    assert!(!ids.contains(&gone.comment.id) && !ids.contains(&reply.comment.id));
    assert_eq!(latest.items[0].id, kept.comment.id);
    assert_eq!(latest.items[0].article.comment_count, 1);
    let listed = site
        .get("/articles?limit=50")
        .await
        .json::<byline_contract::ArticlePage>();
    let summary = listed.items.iter().find(|a| a.slug == QUIET).unwrap();
    assert_eq!(summary.comment_count, 1);

    // Deleting again finds nothing.
    site.delete(gone.comment.id, Some(&session), None)
        .await
        .problem(StatusCode::NOT_FOUND);
    site.assert_counts_match_rows().await;
}

#[tokio::test]
async fn deleting_a_comment_with_replies_leaves_a_placeholder_until_they_go() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let root = site
        .posted(QUIET, &as_member("Root words.", None), Some(&session))
        .await;
    let root_id = root.comment.id;
    let reply = site
        .posted(QUIET, &as_guest("A reply.", "Aram", Some(root_id)), None)
        .await;
    let deeper = site
        .posted(
            QUIET,
            &as_guest("Deeper.", "Rêbaz", Some(reply.comment.id)),
            None,
        )
        .await;
    site.patch(root_id, "Root words, edited.", Some(&session), None)
        .await;

    let answer = site.delete(root_id, Some(&session), None).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);

    let placeholder = |comment: &Comment| {
        assert_eq!(comment.id, root_id);
        assert!(comment.removed);
        assert_eq!(comment.body, "");
        assert_eq!(comment.author.name, "");
        assert_eq!(comment.edited_at, None);
        assert_eq!(comment.created_at, root.comment.created_at);
        assert_eq!(comment.replies.len(), 1);
        assert_eq!(comment.replies[0].id, reply.comment.id);
        assert_eq!(comment.replies[0].body, "A reply.");
        assert!(!comment.replies[0].removed);
        assert_eq!(comment.replies[0].replies[0].id, deeper.comment.id);
    };
    let page = site.page(QUIET).await;
    assert_eq!(page.items.len(), 1);
    placeholder(&page.items[0]);
    assert_eq!(page.total, 2, "a placeholder is not counted");
    assert_eq!(site.article(QUIET).await.comment_count, 2);
    let shown: Comment = site.get(&format!("/comments/{root_id}")).await.json();
    placeholder(&shown);
    let thread: Comment = site
        .get(&format!(
            "/articles/{QUIET}/comments/{}/thread",
            deeper.comment.id
        ))
        .await
        .json();
    placeholder(&thread);
    let latest = site.latest().await;
    assert!(latest.items.iter().all(|item| item.id != root_id));
    assert_eq!(latest.items[0].article.comment_count, 2);
    // In JSON the placeholder says `removed: true`; a live comment says nothing of it.
    let raw: Value =
        serde_json::from_str(&site.get(&format!("/articles/{QUIET}/comments")).await.text).unwrap();
    assert_eq!(raw["items"][0]["removed"], true);
    assert!(raw["items"][0]["replies"][0].get("removed").is_none());

    // What the author wrote is gone from the database too.
    let erased = site
        .count(&format!(
            "SELECT COUNT(*) FROM comments WHERE id = {root_id} AND body = '' \
             AND author_name = '' AND author_email IS NULL AND account_id IS NULL \
             AND removed_at IS NOT NULL"
        ))
        .await;
    assert_eq!(erased, 1);
    // A placeholder can be neither edited nor removed again.
    site.patch(root_id, "Back.", Some(&session), None)
        .await
        .problem(StatusCode::NOT_FOUND);
    site.delete(root_id, Some(&session), None)
        .await
        .problem(StatusCode::NOT_FOUND);
    // Replying to a placeholder still works: the thread goes on.
    let late = site
        .posted(
            QUIET,
            &as_guest("Late reply.", "Karwan", Some(root_id)),
            None,
        )
        .await;
    assert_eq!(site.article(QUIET).await.comment_count, 3);

    // When its last reply goes, the placeholder goes too; a removed reply in the middle
    // stays while it has replies.
    let token = |posted: &PostedComment| posted.edit_token.clone().unwrap();
    for (posted, left) in [(&late, 2), (&reply, 1)] {
        let answer = site
            .delete(posted.comment.id, None, Some(&token(posted)))
            .await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
        assert_eq!(site.article(QUIET).await.comment_count, left);
    }
    let page = site.page(QUIET).await;
    assert!(page.items[0].removed);
    assert!(
        page.items[0].replies[0].removed,
        "the middle reply is a placeholder"
    );
    assert_eq!(page.items[0].replies[0].replies[0].id, deeper.comment.id);
    assert_eq!(page.total, 1);

    let answer = site
        .delete(deeper.comment.id, None, Some(&token(&deeper)))
        .await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    let page = site.page(QUIET).await;
    assert!(page.items.is_empty(), "{:?}", page.items);
    assert_eq!(page.total, 0);
    site.get(&format!("/comments/{root_id}"))
        .await
        .problem(StatusCode::NOT_FOUND);
    assert_eq!(site.count("SELECT COUNT(*) FROM comments WHERE article_id = (SELECT id FROM articles WHERE slug = 'festival-opens')").await, 0);
    site.assert_counts_match_rows().await;
}

#[tokio::test]
async fn an_idempotent_replay_returns_the_same_token() {
    let site = spawn().await;
    let body = as_guest("Sent twice.", "Aram", None);
    let send = |key: &'static str, body: Value, session: Option<String>| {
        let request = site
            .request(
                Method::POST,
                &format!("/articles/{QUIET}/comments"),
                session.as_deref(),
            )
            .header("Idempotency-Key", key)
            .json(&body);
        site.send(request)
    };
    let first = send("retry-1", body.clone(), None).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = send("retry-1", body.clone(), None).await;
    assert_eq!(again.status, StatusCode::CREATED);
    assert_eq!(again.header(REPLAYED_HEADER), Some("true"));
    let first: PostedComment = first.json();
    let again: PostedComment = again.json();
    assert_eq!(again, first);
    let token = first.edit_token.clone().unwrap();
    assert_eq!(site.article(QUIET).await.comment_count, 1);
    let answer = site
        .patch(first.comment.id, "Sent twice, edited.", None, Some(&token))
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    // A replay is the answer as first sent, token included.
    let third = send("retry-1", body.clone(), None).await;
    assert_eq!(third.json::<PostedComment>(), first);
    // Removing the comment forgets the stored answer with its text.
    let answer = site.delete(first.comment.id, None, Some(&token)).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM idempotency_keys WHERE key = 'retry-1'")
            .await,
        0
    );

    // A member's key is theirs: the same request from another member is a conflict.
    let dana = site.member("Dana Kaya", "dana@example.org").await;
    let karwan = site.member("Karwan Aziz", "karwan@example.org").await;
    let mine = as_member("Mine.", None);
    let posted = send("retry-2", mine.clone(), Some(dana.clone())).await;
    assert_eq!(posted.status, StatusCode::CREATED);
    let posted: PostedComment = posted.json();
    assert_eq!(posted.edit_token, None);
    let replay = send("retry-2", mine.clone(), Some(dana)).await;
    assert_eq!(replay.header(REPLAYED_HEADER), Some("true"));
    assert_eq!(replay.json::<PostedComment>(), posted);
    let other = send("retry-2", mine, Some(karwan)).await;
    assert_eq!(
        other.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["Idempotency-Key"]
    );
    assert_eq!(site.article(QUIET).await.comment_count, 1);
}

#[tokio::test]
async fn a_request_with_the_session_cookie_needs_the_custom_header() {
    let site = spawn().await;
    let session = site.member("Dana Kaya", "dana@example.org").await;
    let posted = site
        .posted(QUIET, &as_member("Guarded.", None), Some(&session))
        .await;
    let path = site.url(&format!("/comments/{}", posted.comment.id));
    let cookie = format!("byline_session={session}");

    let patch = site
        .client
        .patch(&path)
        .header("Origin", &site.origin)
        .header("Cookie", &cookie)
        .json(&json!({"body": "Forged edit."}));
    let problem = site.send(patch).await.problem(StatusCode::FORBIDDEN);
    assert_eq!(problem.title, "Cross-site request refused");
    let delete = site
        .client
        .delete(&path)
        .header("Origin", "https://evil.example")
        .header("X-Byline-Request", "1")
        .header("Cookie", &cookie);
    site.send(delete).await.problem(StatusCode::FORBIDDEN);
    let shown: Comment = site
        .get(&format!("/comments/{}", posted.comment.id))
        .await
        .json();
    assert_eq!(shown.body, "Guarded.");

    // A guest's token request carries no cookie: a cross-site page cannot read the token,
    // so it needs neither header.
    let guest = site
        .posted(QUIET, &as_guest("Token only.", "Aram", None), None)
        .await;
    let plain = site
        .client
        .patch(site.url(&format!("/comments/{}", guest.comment.id)))
        .header(EDIT_TOKEN_HEADER, guest.edit_token.unwrap())
        .json(&json!({"body": "Token only, edited."}));
    assert_eq!(site.send(plain).await.status, StatusCode::OK);
}

#[tokio::test]
async fn cors_preflights_allow_edits_and_the_token_header() {
    let site = spawn_with(|config| {
        config.allowed_origins = vec!["https://partner.example".to_owned()];
    })
    .await;
    for method in ["PATCH", "DELETE"] {
        let preflight = site
            .client
            .request(Method::OPTIONS, site.url("/comments/1"))
            .header("Origin", "https://partner.example")
            .header("Access-Control-Request-Method", method)
            .header(
                "Access-Control-Request-Headers",
                "content-type, byline-edit-token, x-byline-request",
            );
        let answer = site.send(preflight).await;
        assert_eq!(answer.status, StatusCode::OK);
        let methods = answer.header("access-control-allow-methods").unwrap();
        assert!(methods.contains(method), "{methods}");
        let headers = answer.header("access-control-allow-headers").unwrap();
        assert!(headers.contains("byline-edit-token"), "{headers}");
    }
}

#[tokio::test]
async fn edit_tokens_survive_a_restart() {
    let first = common::start(|config, _| {
        config.seed = SeedSource::File(PathBuf::from(FIXTURE));
    })
    .await;
    let client = reqwest::Client::new();
    let answer = client
        .post(format!("{}/api/v1/articles/{QUIET}/comments", first.base))
        .json(&as_guest("Before the restart.", "Aram", None))
        .send()
        .await
        .unwrap();
    let posted: PostedComment = Answer::read(answer).await.json();
    let token = posted.edit_token.unwrap();

    // A second server on the same database file reads the same secret.
    let db = first.config.db.clone();
    let second = common::start(move |config, _| config.db = db).await;
    let answer = client
        .patch(format!(
            "{}/api/v1/comments/{}",
            second.base, posted.comment.id
        ))
        .header(EDIT_TOKEN_HEADER, &token)
        .json(&json!({"body": "After the restart."}))
        .send()
        .await
        .unwrap();
    let edited: Comment = Answer::read(answer).await.json();
    assert_eq!(edited.body, "After the restart.");
    let secrets: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM server_secrets")
        .fetch_one(&second.pool)
        .await
        .unwrap();
    assert_eq!(secrets, 1);
}
