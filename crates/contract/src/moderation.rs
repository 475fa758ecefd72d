//! Moderation: how an article's comments are moderated, reports readers make, and the
//! moderators' queue, decisions and log under `/moderation` (moderators and admins only).

use serde::{Deserialize, Serialize};

use crate::{ArticleRef, Comment, Timestamp};

/// How an article's new comments are treated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// They appear at once; moderators act afterwards (post-moderation).
    #[default]
    Post,
    /// Every new comment waits for a moderator (pre-moderation).
    Pre,
    /// A first-time commenter's comment waits; later ones appear at once.
    First,
    /// No new comments; the existing ones stay.
    Closed,
}

impl Mode {
    /// Every mode.
    pub const ALL: [Mode; 4] = [Mode::Post, Mode::Pre, Mode::First, Mode::Closed];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Post => "post",
            Mode::Pre => "pre",
            Mode::First => "first",
            Mode::Closed => "closed",
        }
    }

    /// The mode of a name; `None` for an unknown one.
    pub fn parse(name: &str) -> Option<Mode> {
        Mode::ALL.into_iter().find(|mode| mode.as_str() == name)
    }
}

/// Why readers do not see a comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Held {
    /// Waiting for a moderator's approval.
    Pending,
    /// Held for review after readers reported it.
    Hidden,
    /// Turned down by a moderator (moderators alone see it).
    Rejected,
}

/// What a report says is wrong with a comment.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ReportReason {
    /// Advertising, scams, links posted in bulk.
    #[default]
    Spam,
    /// Insults, harassment, hate.
    Abuse,
    /// Nothing to do with the article.
    OffTopic,
    /// Something else, said in `detail`.
    Other,
}

impl ReportReason {
    /// Every reason, in the order the page offers them.
    pub const ALL: [ReportReason; 4] = [
        ReportReason::Spam,
        ReportReason::Abuse,
        ReportReason::OffTopic,
        ReportReason::Other,
    ];

    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportReason::Spam => "spam",
            ReportReason::Abuse => "abuse",
            ReportReason::OffTopic => "off_topic",
            ReportReason::Other => "other",
        }
    }
}

/// The longest `detail` of a report, in characters.
pub const REPORT_DETAIL_MAX_CHARS: usize = 500;

/// The body of `POST /comments/{id}/report`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// What is wrong.
    pub reason: ReportReason,
    /// In the reader's words; required when `reason` is `other`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub detail: Option<String>,
}

/// How many reports of one reason a queued comment has.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReportCount {
    /// The reason.
    pub reason: ReportReason,
    /// How many readers gave it.
    pub count: u32,
    /// What readers wrote, for `other`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub details: Vec<String>,
}

/// What the comment's author has posted on the site, for judging a comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorHistory {
    /// Comments published.
    pub published: u32,
    /// Comments waiting or hidden.
    pub held: u32,
    /// Comments rejected.
    pub rejected: u32,
    /// Whether the author is banned (a member) or blocked (a guest's address).
    pub banned: bool,
}

/// One comment in the moderators' queue, with its context.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueItem {
    /// The comment, with its author and text (and `moderation` saying why it is queued).
    pub comment: Comment,
    /// Its article.
    pub article: ArticleRef,
    /// The comment it answers, if it is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<Comment>,
    /// The reports it has.
    #[serde(default)]
    pub reports: Vec<ReportCount>,
    /// Its author's history.
    pub history: AuthorHistory,
}

/// The answer of `GET /moderation/queue`: comments waiting or hidden, oldest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Queue {
    /// The queued comments.
    pub items: Vec<QueueItem>,
}

/// What a moderator decides about a queued comment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Publish it (or publish it again, after reports).
    Approve,
    /// Turn it down, with a reason.
    Reject,
    /// Turn it down and ban its author: a member's account, or a guest's address.
    RejectAndBan,
}

/// The body of `POST /moderation/comments/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Decision {
    /// What to do.
    pub action: Action,
    /// Why, for the log (required to reject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 500))]
    pub reason: Option<String>,
}

/// The body of `PUT /comments/{id}/like` and `DELETE /comments/{id}/like`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Like {
    /// A guest's browser's own random key (16 to 64 letters, digits, `-` or `_`), so that a
    /// browser likes a comment once; ignored for a signed-in member.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(min_length = 16, max_length = 64))]
    pub browser: Option<String>,
}

/// The answer of the like routes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Likes {
    /// How many readers like the comment now.
    pub likes: u32,
    /// Whether this reader does.
    pub liked: bool,
}

/// The body of `PUT /moderation/comments/{id}/featured`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Featured {
    /// Whether the comment is featured from now on.
    pub featured: bool,
}

/// The body of `PUT /moderation/articles/{slug}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ArticleModeration {
    /// The article's mode from now on.
    pub mode: Mode,
}

/// One entry of the moderators' log.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LogEntry {
    /// When.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub at: Timestamp,
    /// Who: a moderator's display name; absent when the endpoint acted itself (reports
    /// hiding a comment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub moderator: Option<String>,
    /// What: `approve`, `reject`, `ban`, `block_email`, `unban`, `unblock_email`, `hide`,
    /// `feature`, `unfeature` or `mode:{mode}`.
    pub action: String,
    /// The comment acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment_id: Option<i64>,
    /// The article acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article_slug: Option<String>,
    /// The reason given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// The answer of `GET /moderation/log`: the latest entries, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Log {
    /// The entries.
    pub items: Vec<LogEntry>,
}

/// A member whose account the moderators have banned from commenting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BannedAccount {
    /// The account's id.
    pub account_id: i64,
    /// Its display name.
    pub display_name: String,
    /// Since when.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub banned_at: Timestamp,
}

/// A guest's address the moderators have blocked from commenting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockedEmail {
    /// The address, as it was blocked (compared in any case).
    pub email: String,
    /// Since when.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub blocked_at: Timestamp,
}

/// The answer of `GET /moderation/bans`: who may not comment, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Bans {
    /// Banned members.
    pub accounts: Vec<BannedAccount>,
    /// Blocked guests' addresses.
    pub emails: Vec<BlockedEmail>,
}

/// The body of `POST /moderation/bans/lift`: one of the two.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LiftBan {
    /// A banned member's account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<i64>,
    /// A blocked guest's address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_length = 254))]
    pub email: Option<String>,
}
