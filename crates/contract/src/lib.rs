//! The JSON contract of Byline's API: every type the endpoint sends or accepts, and the rules a
//! new comment must follow.
//!
//! The front end and the reference endpoint both depend on this crate, so the two cannot drift.
//! Partners who implement the API in their own CMS can read these types as the specification.
//!
//! Conventions:
//! - every route lives under [`API_PREFIX`];
//! - times are RFC 3339 strings in UTC (`2026-11-24T15:38:13Z`); the crate holds no date library
//!   so that the WebAssembly front end stays small (the browser formats dates through `Intl`);
//! - every error is an RFC 9457 [`Problem`] served as `application/problem+json`;
//! - an email address never appears in any response.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub mod auth;
pub mod code;
pub mod contribution;
pub mod moderation;
pub mod validate;
mod wire;

/// The path every API route starts with.
pub const API_PREFIX: &str = "/api/v1";

/// The media type of every error body.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// The header that makes a retried `POST` return its first result instead of a duplicate.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// The header that carries a guest's [`PostedComment::edit_token`] on `PATCH` and `DELETE`
/// of `/comments/{id}`.
pub const EDIT_TOKEN_HEADER: &str = "Byline-Edit-Token";

/// A point in time, as an RFC 3339 string in UTC.
pub type Timestamp = String;

/// The writing direction of a text, for `dir` attributes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum TextDirection {
    /// Left to right (English, Kurmanji).
    #[default]
    Ltr,
    /// Right to left (Arabic, Sorani).
    Rtl,
}

impl TextDirection {
    /// The value of an HTML `dir` attribute.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Ltr => "ltr",
            Self::Rtl => "rtl",
        }
    }
}

/// A picture with what a reader needs to understand and credit it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Picture {
    /// Where the image is, an absolute path or URL.
    pub src: String,
    /// Text that replaces the image for readers who cannot see it.
    pub alt: String,
    /// What the picture shows, for the caption under it.
    pub caption: String,
    /// Who made the picture ("Byline illustration").
    pub credit: String,
    /// Intrinsic width in pixels, so the page can reserve the space before it loads.
    pub width: u32,
    /// Intrinsic height in pixels.
    pub height: u32,
}

/// A run of inline text in an article body. Never HTML: the page renders each as text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", try_from = "wire::Span")]
pub enum Span {
    /// Plain text.
    Text {
        /// The words.
        text: String,
    },
    /// Emphasised text.
    Emphasis {
        /// The words.
        text: String,
    },
    /// A link to another page.
    Link {
        /// The words of the link.
        text: String,
        /// Where it goes (`https://…` or a path on this site).
        href: String,
    },
}

impl Span {
    /// The span's words, whatever its kind.
    pub fn text(&self) -> &str {
        match self {
            Self::Text { text } | Self::Emphasis { text } | Self::Link { text, .. } => text,
        }
    }
}

/// One block of an article body.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", try_from = "wire::Block")]
pub enum Block {
    /// A paragraph of inline spans.
    Paragraph {
        /// The paragraph's text.
        spans: Vec<Span>,
    },
    /// A subheading inside the article.
    Heading {
        /// The heading's text.
        text: String,
    },
    /// A quotation set apart from the text.
    Quote {
        /// The quoted words.
        spans: Vec<Span>,
        /// Who said it, when known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cite: Option<String>,
    },
    /// A picture inside the body.
    Image {
        /// The picture.
        picture: Picture,
    },
}

/// What a list of stories shows of each article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleSummary {
    /// The article's identifier in URLs.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// The standfirst: one or two sentences under the headline, used as the excerpt.
    pub dek: String,
    /// The section the article belongs to ("Politics").
    pub section: String,
    /// The author's name.
    pub author: String,
    /// When it was first published.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
    /// The article's language, a BCP 47 tag ("en", "ar", "ckb", "kmr").
    pub lang: String,
    /// The direction its text runs in.
    pub dir: TextDirection,
    /// Its hero picture, for thumbnails.
    pub hero: Picture,
    /// How many visible comments it has.
    pub comment_count: u32,
}

/// A whole article.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Article {
    /// The article's identifier in URLs.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// The standfirst under the headline.
    pub dek: String,
    /// The section it belongs to.
    pub section: String,
    /// The author's name.
    pub author: String,
    /// When it was first published.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
    /// When it was last changed, if ever after publication.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub updated_at: Option<Timestamp>,
    /// The article's language, a BCP 47 tag.
    pub lang: String,
    /// The direction its text runs in.
    pub dir: TextDirection,
    /// The picture at the top.
    pub hero: Picture,
    /// The body, as structured blocks.
    pub body: Vec<Block>,
    /// How many visible comments it has.
    pub comment_count: u32,
    /// How comments on it are moderated: whether they appear at once, wait for a moderator,
    /// or are closed.
    #[serde(default)]
    pub moderation: moderation::Mode,
}

/// One page of articles, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticlePage {
    /// The articles on this page.
    pub items: Vec<ArticleSummary>,
    /// Pass as `cursor` to get the next page; absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// Who wrote a comment, as the public sees it (never an email address).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Author {
    /// The name the commenter chose.
    pub name: String,
    /// Whether they commented as a guest or as a signed-in member.
    pub kind: AuthorKind,
    /// The member's account id, for a member's comment: lets a signed-in member's page offer
    /// Edit and Delete on their own comments from any browser.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member_id: Option<i64>,
}

/// How a commenter was identified.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum AuthorKind {
    /// Gave a name and an email address.
    #[default]
    Guest,
    /// Signed in to an account.
    Member,
}

/// A reader comment with its replies.
///
/// A comment its author removed while it had replies stays in its thread as a placeholder so
/// the replies still read in context: `removed` is true, `author.name` and `body` are empty and
/// `edited_at` is absent. A removed comment without replies is not listed at all.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    /// Its identifier, unique across the site; `#comment-{id}` is its permalink.
    pub id: i64,
    /// The comment it answers, if it is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    /// Who wrote it (blank when removed).
    pub author: Author,
    /// Plain text; blank lines separate paragraphs. Never HTML. Empty when removed.
    pub body: String,
    /// When it was posted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When its author last changed its text, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub edited_at: Option<Timestamp>,
    /// Whether its author removed it (it is then a placeholder for its replies).
    #[serde(default, skip_serializing_if = "is_false")]
    pub removed: bool,
    /// Its replies, oldest first, each with its own replies.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(no_recursion))]
    pub replies: Vec<Comment>,
    /// Why readers do not see it, when they do not: `pending` (shown to its author alone,
    /// waiting for a moderator) or `hidden` (held for review after reports; shown as a
    /// placeholder, with no author or text, while it has replies).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderation: Option<moderation::Held>,
    /// How many readers like it.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub likes: u32,
    /// Whether the newsroom featured it (it comes first under "Top", and is marked).
    #[serde(default, skip_serializing_if = "is_false")]
    pub featured: bool,
}

fn is_zero(value: &u32) -> bool {
    *value == 0
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// The `201` answer to `POST /articles/{slug}/comments`: the new comment, and for a guest the
/// token that lets the same browser edit or delete it.
///
/// In JSON the comment's fields and `edit_token` sit side by side, so a client that reads the
/// answer as a plain [`Comment`] keeps working.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostedComment {
    /// The comment as stored.
    #[serde(flatten)]
    pub comment: Comment,
    /// For a guest's comment only: send it back in the [`EDIT_TOKEN_HEADER`] header to edit or
    /// delete the comment. Only this answer holds it (and its idempotent replays), so the page
    /// keeps it in the browser that posted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edit_token: Option<String>,
}

/// The body of `PATCH /comments/{id}`: the comment's new text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentEdit {
    /// The new text, under the same rules as a new comment's.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub body: String,
}

/// The order of top-level comments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum CommentSort {
    /// Oldest first, as a conversation reads.
    #[default]
    Oldest,
    /// Newest first.
    Newest,
    /// Featured comments first, then the most liked.
    Top,
}

impl CommentSort {
    /// The value of the `sort` query parameter.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Oldest => "oldest",
            Self::Newest => "newest",
            Self::Top => "top",
        }
    }

    /// Reads a `sort` query value.
    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "oldest" => Some(Self::Oldest),
            "newest" => Some(Self::Newest),
            "top" => Some(Self::Top),
            _ => None,
        }
    }
}

/// One page of an article's comment threads.
///
/// Pages hold top-level comments (`limit` of them), each with all its replies nested. The
/// cursor is a position, not an offset, so comments posted while a reader pages through
/// neither repeat nor go missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentPage {
    /// The threads on this page.
    pub items: Vec<Comment>,
    /// Pass as `cursor` to get the next page; absent on the last one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// How many visible comments the article has, replies included (placeholders of removed
    /// comments are not counted).
    pub total: u32,
}

/// What a guest gives to comment. The email address is never shown to anyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct GuestIdentity {
    /// The name shown with the comment.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub name: String,
    /// A contact address for the newsroom, never displayed.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
}

/// The body of `POST /articles/{slug}/comments`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    /// The comment's text.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 5000))]
    pub body: String,
    /// The comment it answers, if it is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub parent_id: Option<i64>,
    /// The guest's name and address: required from a guest, ignored (not even checked) when a
    /// signed-in member posts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guest: Option<GuestIdentity>,
    /// The partner's page this comment is on, for the thread of a partner page's own
    /// (`slug` is then the [`PartnerThread::slug`] of its address): the first comment starts
    /// the thread, later ones may send it too and it is ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub thread: Option<NewThread>,
    /// A field the page hides from people (a honeypot): filled in, the comment is refused as
    /// automated. Absent or empty from a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub homepage: Option<String>,
}

/// A partner's page, as its comment widget describes it (`data-url`, `data-title`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewThread {
    /// The page's address, on one of the endpoint's partner origins.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 2000))]
    pub url: String,
    /// The page's title, for the newsroom and the reader's comment export; the address stands
    /// in when it is empty, and it is cut at [`THREAD_TITLE_MAX_CHARS`].
    pub title: String,
}

/// The longest title kept for a partner's page, in characters.
pub const THREAD_TITLE_MAX_CHARS: usize = 300;

/// The longest address of a partner's page, in characters.
pub const THREAD_URL_MAX_CHARS: usize = 2_000;

/// The answer of `GET /threads?url=URL`: where the comments of a partner's own page live.
/// Every page of a partner origin has one, whether or not anyone has commented yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PartnerThread {
    /// The thread's identifier in the comment routes (`/articles/{slug}/comments`).
    pub slug: String,
    /// The page's address as the endpoint keeps it (without its `#fragment`).
    pub url: String,
    /// Whether the thread exists: `false` until the first comment, which starts it. Its
    /// comments cannot be listed before then.
    pub started: bool,
    /// How many visible comments it has.
    pub comment_count: u32,
}

/// The article a comment in the latest-comments list belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleRef {
    /// The article's identifier in URLs.
    pub slug: String,
    /// The headline.
    pub title: String,
    /// When it was published.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub published_at: Timestamp,
    /// How many visible comments it has.
    pub comment_count: u32,
}

/// A comment in the site-wide "What you say" list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatestComment {
    /// The comment's identifier.
    pub id: i64,
    /// Who wrote it.
    pub author: Author,
    /// Its full text; the page cuts it to an excerpt.
    pub body: String,
    /// When it was posted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// When its author last changed its text, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub edited_at: Option<Timestamp>,
    /// The article it belongs to.
    pub article: ArticleRef,
}

/// The body of `POST /counts`: the articles whose comment counts a page shows (the embed
/// loader's `data-byline-count` elements), at most [`COUNTS_MAX`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CountsRequest {
    /// Article slugs.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub articles: Vec<String>,
    /// Addresses of partner pages with threads of their own (`data-url`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub urls: Vec<String>,
}

/// The most slugs and addresses one `POST /counts` may ask for, together.
pub const COUNTS_MAX: usize = 100;

/// The answer of `POST /counts`: each known article's comment count by slug, and each partner
/// page's by its address as asked (unknown slugs are left out; a partner page nobody has
/// commented on counts 0).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Comment counts by slug.
    pub counts: std::collections::BTreeMap<String, u32>,
    /// Comment counts by partner page address, as given in the request.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub urls: std::collections::BTreeMap<String, u32>,
}

/// The answer of `GET /comments/latest`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LatestComments {
    /// The newest comments site-wide, newest first; removed comments are left out.
    pub items: Vec<LatestComment>,
}

/// The answer of `GET /articles/{slug}/related`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RelatedArticles {
    /// Other stories, the same section first.
    pub items: Vec<ArticleSummary>,
}

/// Field name → messages, for every field a request got wrong.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

/// An RFC 9457 problem detail, the body of every error answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` when the status says it all.
    #[serde(rename = "type", default = "about_blank")]
    pub kind: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong this time, for a person.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For validation problems: each bad field (as a dotted path such as `guest.email`) with
    /// its messages.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = BTreeMap<String, Vec<String>>))]
    pub errors: FieldErrors,
    /// The case as a whole, named for clients that say it in their reader's language (a
    /// [`code::Code`] name; `detail` says it in English).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// Field → the case of its error, where the endpoint names one (a [`code::Code`] name;
    /// `errors` says it in English).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub error_codes: BTreeMap<String, String>,
}

fn about_blank() -> String {
    "about:blank".to_owned()
}

/// Field names used in [`Problem::errors`] for a [`NewComment`].
pub mod field {
    /// The comment text.
    pub const BODY: &str = "body";
    /// The comment being answered.
    pub const PARENT_ID: &str = "parent_id";
    /// The guest block as a whole (when it is missing).
    pub const GUEST: &str = "guest";
    /// The guest's display name.
    pub const GUEST_NAME: &str = "guest.name";
    /// The guest's email address.
    pub const GUEST_EMAIL: &str = "guest.email";
    /// The address of the partner's page a comment starts the thread of.
    pub const THREAD_URL: &str = "thread.url";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_and_spans_are_tagged_for_readers_of_the_json() {
        let block = Block::Paragraph {
            spans: vec![
                Span::Text {
                    text: "See ".into(),
                },
                Span::Link {
                    text: "the map".into(),
                    href: "/maps".into(),
                },
            ],
        };
        let json = serde_json::to_value(&block).expect("serialises");
        assert_eq!(json["type"], "paragraph");
        assert_eq!(json["spans"][1]["kind"], "link");
        assert_eq!(json["spans"][1]["href"], "/maps");
    }

    #[test]
    fn codes_appear_only_when_set_and_an_unknown_one_still_reads() {
        let plain = Problem {
            title: "Forbidden".into(),
            status: 403,
            ..Problem::default()
        };
        let json = serde_json::to_value(&plain).expect("serialises");
        assert!(json.get("code").is_none());
        assert!(json.get("error_codes").is_none());
        let later: Problem = serde_json::from_str(
            r#"{"title":"Forbidden","status":403,"code":"a_code_from_later",
                "error_codes":{"body":"another_one"}}"#,
        )
        .expect("codes are plain strings");
        assert_eq!(later.code.as_deref(), Some("a_code_from_later"));
        assert_eq!(code::Code::parse("a_code_from_later"), None);
        assert_eq!(later.error_codes["body"], "another_one");
    }

    #[test]
    fn a_problem_without_a_type_reads_as_about_blank() {
        let problem: Problem =
            serde_json::from_str(r#"{"title":"Not Found","status":404}"#).expect("parses");
        assert_eq!(problem.kind, "about:blank");
        assert!(problem.errors.is_empty());
    }

    #[test]
    fn edited_and_removed_appear_only_when_set() {
        let comment = Comment {
            id: 3,
            author: Author {
                name: "Dana".into(),
                kind: AuthorKind::Member,
                member_id: Some(9),
            },
            body: "Hello".into(),
            created_at: "2026-11-24T10:00:00Z".into(),
            ..Comment::default()
        };
        let json = serde_json::to_value(&comment).expect("serialises");
        assert!(json.get("edited_at").is_none());
        assert!(json.get("removed").is_none());
        let old: Comment = serde_json::from_str(
            r#"{"id":3,"author":{"name":"Dana","kind":"member"},"body":"Hello",
                "created_at":"2026-11-24T10:00:00Z","replies":[]}"#,
        )
        .expect("an answer without the new fields still parses");
        assert_eq!(json["author"]["member_id"], 9);
        assert_eq!(old.author.member_id, None);
        assert_eq!(
            old,
            Comment {
                author: Author {
                    member_id: None,
                    ..comment.author.clone()
                },
                ..comment.clone()
            }
        );

        let removed = Comment {
            removed: true,
            edited_at: Some("2026-11-24T10:05:00Z".into()),
            ..comment
        };
        let json = serde_json::to_value(&removed).expect("serialises");
        assert_eq!(json["removed"], true);
        assert_eq!(json["edited_at"], "2026-11-24T10:05:00Z");
    }

    #[test]
    fn a_posted_comment_reads_as_a_comment_with_a_token_beside_it() {
        let posted = PostedComment {
            comment: Comment {
                id: 9,
                body: "Hi".into(),
                created_at: "2026-11-24T10:00:00Z".into(),
                ..Comment::default()
            },
            edit_token: Some("ab".repeat(32)),
        };
        let json = serde_json::to_string(&posted).expect("serialises");
        let value: serde_json::Value = serde_json::from_str(&json).expect("json");
        assert_eq!(value["id"], 9);
        assert_eq!(value["edit_token"], "ab".repeat(32));
        let plain: Comment = serde_json::from_str(&json).expect("an old client reads a Comment");
        assert_eq!(plain, posted.comment);
        let back: PostedComment = serde_json::from_str(&json).expect("round trip");
        assert_eq!(back, posted);
        let member = PostedComment {
            edit_token: None,
            ..posted
        };
        let json = serde_json::to_value(&member).expect("serialises");
        assert!(json.get("edit_token").is_none());
    }

    #[test]
    fn comment_sort_round_trips_through_its_query_value() {
        for sort in [CommentSort::Oldest, CommentSort::Newest] {
            assert_eq!(CommentSort::parse(sort.as_str()), Some(sort));
        }
        assert_eq!(CommentSort::parse("best"), None);
    }
}
