//! Rows as stored and their conversion into the contract's JSON types.

use byline_contract::moderation::{Held, Mode};
use byline_contract::{
    Article, ArticleRef, ArticleSummary, Author, AuthorKind, Block, Comment, LatestComment,
    Picture, TextDirection, Timestamp,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::store::StoreError;

/// Formats milliseconds since the epoch as RFC 3339 in UTC with seconds precision
/// (`2026-11-24T15:38:13Z`).
pub fn timestamp(ms: i64) -> Timestamp {
    OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .ok()
        .and_then(|time| time.format(&Rfc3339).ok())
        .unwrap_or_else(|| {
            tracing::warn!(ms, "a stored time is out of range");
            "1970-01-01T00:00:00Z".to_owned()
        })
}

/// A stored count as the contract's `u32`.
fn count(value: i64) -> u32 {
    u32::try_from(value.max(0)).unwrap_or(u32::MAX)
}

/// A stored direction (`ltr`/`rtl`).
pub fn direction(value: &str) -> TextDirection {
    match value {
        "rtl" => TextDirection::Rtl,
        _ => TextDirection::Ltr,
    }
}

/// A stored author kind (`guest`/`member`).
pub fn author_kind(value: &str) -> AuthorKind {
    match value {
        "member" => AuthorKind::Member,
        _ => AuthorKind::Guest,
    }
}

/// The stored name of an author kind.
pub fn author_kind_name(kind: AuthorKind) -> &'static str {
    match kind {
        AuthorKind::Guest => "guest",
        AuthorKind::Member => "member",
    }
}

/// An article row without its body, as lists need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SummaryRow {
    /// Row id (for cursors).
    pub id: i64,
    /// URL identifier.
    pub slug: String,
    /// Headline.
    pub title: String,
    /// Standfirst.
    pub dek: String,
    /// Section name.
    pub section: String,
    /// Author's name.
    pub author: String,
    /// BCP 47 language tag.
    pub lang: String,
    /// `ltr` or `rtl`.
    pub dir: String,
    /// Milliseconds since the epoch.
    pub published_at: i64,
    /// A `Picture` as JSON.
    pub hero: String,
    /// Number of comments.
    pub comment_count: i64,
}

impl SummaryRow {
    /// The list entry of the contract.
    pub fn into_summary(self) -> Result<ArticleSummary, StoreError> {
        Ok(ArticleSummary {
            hero: parse_json::<Picture>(&self.hero, "hero")?,
            dir: direction(&self.dir),
            published_at: timestamp(self.published_at),
            comment_count: count(self.comment_count),
            slug: self.slug,
            title: self.title,
            dek: self.dek,
            section: self.section,
            author: self.author,
            lang: self.lang,
        })
    }
}

/// A whole article row.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRow {
    /// The columns lists use.
    #[sqlx(flatten)]
    pub summary: SummaryRow,
    /// Milliseconds since the epoch, when changed after publication.
    pub updated_at: Option<i64>,
    /// A `Vec<Block>` as JSON.
    pub body: String,
    /// Its own moderation mode, if it has one.
    pub moderation: Option<String>,
}

impl ArticleRow {
    /// The contract's article; `site_mode` is the moderation mode of articles without one.
    pub fn into_article(self, site_mode: Mode) -> Result<Article, StoreError> {
        let moderation = self
            .moderation
            .as_deref()
            .and_then(Mode::parse)
            .unwrap_or(site_mode);
        let body = parse_json::<Vec<Block>>(&self.body, "body")?;
        let updated_at = self.updated_at.map(timestamp);
        let summary = self.summary.into_summary()?;
        Ok(Article {
            slug: summary.slug,
            title: summary.title,
            dek: summary.dek,
            section: summary.section,
            author: summary.author,
            published_at: summary.published_at,
            updated_at,
            lang: summary.lang,
            dir: summary.dir,
            hero: summary.hero,
            body,
            comment_count: summary.comment_count,
            moderation,
        })
    }
}

/// The few article columns that comment routes need.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ArticleRefRow {
    /// Row id.
    pub id: i64,
    /// Milliseconds since the epoch.
    pub published_at: i64,
    /// Number of comments.
    pub comment_count: i64,
    /// Its own moderation mode, if it has one.
    pub moderation: Option<String>,
}

impl ArticleRefRow {
    /// The article's comment count as the contract's `u32`.
    pub fn total(&self) -> u32 {
        count(self.comment_count)
    }
}

/// A comment row (never with its author's email address).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CommentRow {
    /// Row id.
    pub id: i64,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// The top-level comment of its thread.
    pub root_id: i64,
    /// Display name.
    pub author_name: String,
    /// `guest` or `member`.
    pub author_kind: String,
    /// The member who posted it; `None` for a guest (or a deleted account).
    pub account_id: Option<i64>,
    /// Plain text.
    pub body: String,
    /// Milliseconds since the epoch.
    pub created_at: i64,
    /// When its author last changed its text, in milliseconds since the epoch.
    pub edited_at: Option<i64>,
    /// When its author removed it (it is then a placeholder for its replies).
    pub removed_at: Option<i64>,
    /// Why readers do not see it (`pending`, `reported`, `rejected`); `None` when published.
    pub held: Option<String>,
    /// How many readers like it.
    pub like_count: i64,
    /// When a moderator featured it.
    pub featured_at: Option<i64>,
}

impl CommentRow {
    /// Its place in the "Top" order (`comments.top_score`): featured first, then by likes.
    pub fn top_score(&self) -> i64 {
        i64::from(self.featured_at.is_some()) * (1 << 40) + self.like_count
    }

    /// Why readers do not see it, in the contract's terms.
    pub fn moderation(&self) -> Option<Held> {
        self.held.as_deref().map(|held| match held {
            "pending" => Held::Pending,
            "reported" => Held::Hidden,
            _ => Held::Rejected,
        })
    }

    /// The comment whole, whatever holds it back, for the moderators' queue.
    pub fn into_full_comment(self) -> Comment {
        let moderation = self.moderation();
        let mut comment = CommentRow { held: None, ..self }.into_comment(Vec::new());
        comment.moderation = moderation;
        comment
    }

    /// The contract's comment with the given replies. A removed comment shows neither author
    /// nor text nor edit time, whatever the row still holds.
    pub fn into_comment(self, replies: Vec<Comment>) -> Comment {
        let removed = self.removed_at.is_some();
        let moderation = self.moderation();
        // Readers see a comment held after reports (or rejected) as a placeholder, like a
        // removed one; its author sees one that waits for a moderator whole.
        let blank = removed || matches!(moderation, Some(Held::Hidden | Held::Rejected));
        let (author, body, edited_at) = if blank {
            (Author::default(), String::new(), None)
        } else {
            (
                Author {
                    kind: author_kind(&self.author_kind),
                    name: self.author_name,
                    member_id: self.account_id,
                },
                self.body,
                self.edited_at.map(timestamp),
            )
        };
        Comment {
            id: self.id,
            parent_id: self.parent_id,
            author,
            body,
            created_at: timestamp(self.created_at),
            edited_at,
            removed,
            replies,
            moderation,
            likes: count(self.like_count),
            featured: self.featured_at.is_some(),
        }
    }
}

/// A comment row joined with its article, for the latest-comments list.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct LatestRow {
    /// The comment.
    #[sqlx(flatten)]
    pub comment: CommentRow,
    /// Its article's slug.
    pub article_slug: String,
    /// Its article's headline.
    pub article_title: String,
    /// Its article's publication time.
    pub article_published_at: i64,
    /// Its article's comment count.
    pub article_comment_count: i64,
}

impl LatestRow {
    /// The contract's latest-comment entry.
    pub fn into_latest(self) -> LatestComment {
        let article = ArticleRef {
            slug: self.article_slug,
            title: self.article_title,
            published_at: timestamp(self.article_published_at),
            comment_count: count(self.article_comment_count),
        };
        let comment = self.comment.into_comment(Vec::new());
        LatestComment {
            id: comment.id,
            author: comment.author,
            body: comment.body,
            created_at: comment.created_at,
            edited_at: comment.edited_at,
            article,
        }
    }
}

fn parse_json<T: serde::de::DeserializeOwned>(
    text: &str,
    column: &'static str,
) -> Result<T, StoreError> {
    serde_json::from_str(text).map_err(|source| StoreError::Json { column, source })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_utc_in_whole_seconds() {
        assert_eq!(timestamp(0), "1970-01-01T00:00:00Z");
        assert_eq!(timestamp(1_795_880_293_999), "2026-11-28T15:38:13Z");
        assert_eq!(timestamp(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn a_removed_comment_shows_no_author_text_or_edit_time() {
        let row = CommentRow {
            id: 4,
            parent_id: Some(2),
            root_id: 2,
            author_name: "Dana".into(),
            author_kind: "member".into(),
            account_id: Some(7),
            body: "Left behind".into(),
            created_at: 1_000,
            edited_at: Some(61_000),
            removed_at: None,
            held: None,
            like_count: 0,
            featured_at: None,
        };
        let shown = row.clone().into_comment(Vec::new());
        assert_eq!(shown.author.name, "Dana");
        assert_eq!(shown.author.member_id, Some(7));
        assert_eq!(shown.edited_at.as_deref(), Some("1970-01-01T00:01:01Z"));
        assert!(!shown.removed);
        let removed = CommentRow {
            removed_at: Some(90_000),
            ..row
        }
        .into_comment(Vec::new());
        assert!(removed.removed);
        assert_eq!(removed.author, Author::default());
        assert_eq!(removed.body, "");
        assert_eq!(removed.edited_at, None);
        assert_eq!(removed.parent_id, Some(2));
        assert_eq!(removed.created_at, "1970-01-01T00:00:01Z");
    }

    #[test]
    fn stored_names_map_to_contract_enums() {
        assert_eq!(direction("rtl"), TextDirection::Rtl);
        assert_eq!(direction("ltr"), TextDirection::Ltr);
        assert_eq!(author_kind("member"), AuthorKind::Member);
        for kind in [AuthorKind::Guest, AuthorKind::Member] {
            assert_eq!(author_kind(author_kind_name(kind)), kind);
        }
    }
}
