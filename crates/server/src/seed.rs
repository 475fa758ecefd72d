//! Demo content: loading a seed file into an empty database, and appending generated comments.
//!
//! Seed times are relative to the moment of seeding ("published 5 hours ago"), clamped so
//! nothing is in the future; everything else is deterministic.

pub mod generator;

use std::path::Path;

use anyhow::{Context, bail};
use byline_contract::validate::{body_rule, email_rule, name_rule, normalise_body};
use byline_contract::{AuthorKind, Block, Picture, TextDirection};
use serde::Deserialize;
use sqlx::{SqliteConnection, SqlitePool};

use crate::config::SeedSource;
use crate::db::{BEGIN_WRITE, now_ms};
use crate::store::articles::{self, NewArticle};
use crate::store::comments::{self, NewCommentRow};
pub use generator::GeneratorLists;

/// The seed compiled into the binary.
pub const BUILTIN_SEED: &str = include_str!("../seed/site.json");

const MS_PER_MINUTE: f64 = 60_000.0;
const MS_PER_HOUR: f64 = 3_600_000.0;

/// A seed file.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedFile {
    /// The articles, each with its comments.
    pub articles: Vec<SeedArticle>,
    /// Phrases for generated comments.
    #[serde(default)]
    pub generator: GeneratorLists,
}

/// An article of a seed file.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedArticle {
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
    /// Text direction.
    #[serde(default)]
    pub dir: TextDirection,
    /// How long before seeding it was published.
    pub published_hours_ago: f64,
    /// How long before seeding it was last changed, if it was.
    #[serde(default)]
    pub updated_hours_ago: Option<f64>,
    /// The picture at the top.
    pub hero: Picture,
    /// The body.
    pub body: Vec<Block>,
    /// Hand-written comments with their replies.
    #[serde(default)]
    pub comments: Vec<SeedComment>,
    /// How many generated comments to add after the hand-written ones.
    #[serde(default)]
    pub generated_comments: u32,
}

/// A hand-written comment of a seed file.
#[derive(Debug, Clone, Deserialize)]
pub struct SeedComment {
    /// Display name.
    pub name: String,
    /// Contact address (required for guests).
    #[serde(default)]
    pub email: Option<String>,
    /// Guest (the default) or member.
    #[serde(default)]
    pub kind: Option<AuthorKind>,
    /// Minutes between the article's publication and this comment; a reply's must be greater
    /// than its parent's.
    pub minutes_after_publish: f64,
    /// Plain text.
    pub body: String,
    /// Replies, same shape.
    #[serde(default)]
    pub replies: Vec<SeedComment>,
}

/// What a seeding inserted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    /// Articles inserted.
    pub articles: usize,
    /// Comments inserted, hand-written and generated.
    pub comments: usize,
}

impl SeedFile {
    /// Parses a seed file's text.
    pub fn parse(text: &str) -> anyhow::Result<Self> {
        serde_json::from_str(text).context("reading the seed JSON")
    }

    /// Reads a seed file from disk.
    pub fn read(path: &Path) -> anyhow::Result<Self> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("reading the seed file {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("in {}", path.display()))
    }

    /// The seed compiled into the binary.
    pub fn builtin() -> anyhow::Result<Self> {
        Self::parse(BUILTIN_SEED).context("in the built-in seed")
    }
}

/// Seeds an empty database from `source`; `None` when seeding is disabled or the database
/// already has articles.
pub async fn seed_if_empty(
    pool: &SqlitePool,
    source: &SeedSource,
) -> anyhow::Result<Option<SeedReport>> {
    let file = match source {
        SeedSource::Disabled => return Ok(None),
        SeedSource::Builtin => SeedFile::builtin()?,
        SeedSource::File(path) => SeedFile::read(path)?,
    };
    seed(pool, &file).await
}

/// Inserts everything in `file` in one transaction if the database has no article yet.
pub async fn seed(pool: &SqlitePool, file: &SeedFile) -> anyhow::Result<Option<SeedReport>> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    if !articles::is_empty(&mut *tx).await? {
        return Ok(None);
    }
    let now = now_ms();
    let mut report = SeedReport::default();
    for article in &file.articles {
        report.comments += insert_article(&mut tx, article, &file.generator, now)
            .await
            .with_context(|| format!("seeding article `{}`", article.slug))?;
        report.articles += 1;
    }
    tx.commit().await?;
    Ok(Some(report))
}

/// Appends `count` generated comments to an article, posted between its last comment and now.
/// Returns the article's new comment count.
pub async fn add_generated_comments(
    pool: &SqlitePool,
    slug: &str,
    count: u32,
    lists: &GeneratorLists,
) -> anyhow::Result<u32> {
    let mut tx = pool.begin_with(BEGIN_WRITE).await?;
    let Some(article) = articles::find_ref(&mut *tx, slug).await? else {
        bail!("there is no article with the slug `{slug}`");
    };
    let mut recent = comments::recent_in_article(&mut *tx, article.id, 40).await?;
    recent.reverse();
    let start = recent.last().map_or(article.published_at, |(_, _, at)| {
        (*at).max(article.published_at)
    });
    let earlier = recent.into_iter().map(|(id, name, _)| (id, name)).collect();
    insert_generated(
        &mut tx,
        Batch {
            article_id: article.id,
            lists,
            seed: generator::seed_for(slug, u64::from(article.total())),
            count,
            earlier,
            start,
            now: now_ms(),
        },
    )
    .await?;
    let total = articles::find_ref(&mut *tx, slug)
        .await?
        .map_or(0, |article| article.total());
    tx.commit().await?;
    Ok(total)
}

/// A hand-written comment placed in time, with its parent as an index into the same list.
struct Placed<'a> {
    comment: &'a SeedComment,
    parent: Option<usize>,
    at: i64,
}

/// Inserts one article with its hand-written and generated comments; returns how many
/// comments.
async fn insert_article(
    conn: &mut SqliteConnection,
    article: &SeedArticle,
    lists: &GeneratorLists,
    now: i64,
) -> anyhow::Result<usize> {
    let published_at = ago(now, article.published_hours_ago * MS_PER_HOUR)
        .context("published_hours_ago must be a number of hours, not negative")?;
    let updated_at = match article.updated_hours_ago {
        Some(hours) => Some(
            ago(now, hours * MS_PER_HOUR)
                .context("updated_hours_ago must be a number of hours, not negative")?
                .max(published_at),
        ),
        None => None,
    };
    let article_id = articles::insert(
        &mut *conn,
        NewArticle {
            slug: &article.slug,
            title: &article.title,
            dek: &article.dek,
            section: &article.section,
            author: &article.author,
            lang: &article.lang,
            dir: article.dir,
            published_at,
            updated_at,
            hero: &article.hero,
            body: &article.body,
        },
    )
    .await?;

    let mut placed = Vec::new();
    place(&article.comments, None, published_at, now, &mut placed)?;
    // Insert in time order (a stable sort keeps every parent before its replies), so ids
    // follow time as they do for posted comments.
    let mut order: Vec<usize> = (0..placed.len()).collect();
    order.sort_by_key(|&index| placed.get(index).map_or(0, |p| p.at));
    let mut ids: Vec<Option<i64>> = vec![None; placed.len()];
    let mut earlier: Vec<(i64, String)> = Vec::with_capacity(placed.len());
    let mut last_at = published_at;
    for index in order {
        let Some(p) = placed.get(index) else { continue };
        let parent_id = match p.parent {
            Some(parent) => Some(
                ids.get(parent)
                    .copied()
                    .flatten()
                    .context("a reply was placed before its parent")?,
            ),
            None => None,
        };
        let valid = checked(p.comment)?;
        let id = comments::insert(
            &mut *conn,
            NewCommentRow {
                article_id,
                parent_id,
                author_name: &valid.name,
                author_kind: valid.kind,
                author_email: valid.email.as_deref(),
                account_id: None,
                body: &valid.body,
                created_at: p.at,
                pending: false,
            },
        )
        .await?;
        if let Some(slot) = ids.get_mut(index) {
            *slot = Some(id);
        }
        earlier.push((id, valid.name));
        last_at = last_at.max(p.at);
    }
    let hand_written = earlier.len();
    let generated = insert_generated(
        conn,
        Batch {
            article_id,
            lists,
            seed: generator::seed_for(&article.slug, 0),
            count: article.generated_comments,
            earlier,
            start: last_at,
            now,
        },
    )
    .await?;
    Ok(hand_written + generated)
}

/// Flattens hand-written comments into `out` with their times, checking that replies come
/// after their parents.
fn place<'a>(
    comments: &'a [SeedComment],
    parent: Option<usize>,
    published_at: i64,
    now: i64,
    out: &mut Vec<Placed<'a>>,
) -> anyhow::Result<()> {
    let parent_minutes = parent
        .and_then(|p| out.get(p))
        .map(|p| p.comment.minutes_after_publish);
    for comment in comments {
        let minutes = comment.minutes_after_publish;
        if !minutes.is_finite() || minutes < 0.0 {
            bail!(
                "comment by {} has minutes_after_publish {minutes}; use a number of minutes, not negative",
                comment.name
            );
        }
        if let Some(parent_minutes) = parent_minutes
            && minutes <= parent_minutes
        {
            bail!(
                "reply by {} ({minutes} min) is not later than its parent ({parent_minutes} min)",
                comment.name
            );
        }
        // Times after "now" are clamped to now.
        let at = published_at
            .saturating_add((minutes * MS_PER_MINUTE).round() as i64)
            .min(now);
        out.push(Placed {
            comment,
            parent,
            at,
        });
        let index = out.len() - 1;
        place(&comment.replies, Some(index), published_at, now, out)?;
    }
    Ok(())
}

/// A seed comment that passed the contract's rules, trimmed.
struct CheckedComment {
    name: String,
    email: Option<String>,
    kind: AuthorKind,
    body: String,
}

/// Applies the rules a posted comment must follow to a seed comment.
fn checked(comment: &SeedComment) -> anyhow::Result<CheckedComment> {
    let name = comment.name.trim().to_owned();
    let body = normalise_body(&comment.body);
    let kind = comment.kind.unwrap_or(AuthorKind::Guest);
    let email = comment.email.as_deref().map(str::trim).map(str::to_owned);
    let problem = name_rule(&name)
        .err()
        .map(|m| format!("name: {m}"))
        .or_else(|| body_rule(&body).err().map(|m| format!("body: {m}")))
        .or_else(|| match (&email, kind) {
            (Some(email), _) => email_rule(email).err().map(|m| format!("email: {m}")),
            (None, AuthorKind::Guest) => Some("email: a guest comment needs one".to_owned()),
            (None, AuthorKind::Member) => None,
        });
    if let Some(problem) = problem {
        bail!("comment by {name} breaks a rule ({problem})");
    }
    Ok(CheckedComment {
        name,
        email,
        kind,
        body,
    })
}

/// A batch of generated comments for one article.
struct Batch<'a> {
    article_id: i64,
    lists: &'a GeneratorLists,
    seed: u64,
    count: u32,
    /// Comments they may answer (id and author name), oldest first.
    earlier: Vec<(i64, String)>,
    /// They are posted after this time...
    start: i64,
    /// ...and no later than this one.
    now: i64,
}

/// Inserts a batch of generated comments; returns how many.
async fn insert_generated(conn: &mut SqliteConnection, batch: Batch<'_>) -> anyhow::Result<usize> {
    let (mut ids, names): (Vec<i64>, Vec<String>) = batch.earlier.into_iter().unzip();
    let count = usize::try_from(batch.count).unwrap_or(usize::MAX);
    let start = batch.start.min(batch.now);
    let planned = generator::plan(batch.lists, batch.seed, count, &names, start, batch.now)?;
    ids.reserve(planned.len());
    for comment in &planned {
        let parent_id = match comment.reply_to {
            Some(index) => Some(
                ids.get(index)
                    .copied()
                    .context("a generated reply answers an unknown comment")?,
            ),
            None => None,
        };
        let id = comments::insert(
            &mut *conn,
            NewCommentRow {
                article_id: batch.article_id,
                parent_id,
                author_name: &comment.name,
                author_kind: AuthorKind::Guest,
                author_email: Some(&comment.email),
                account_id: None,
                body: &comment.body,
                created_at: comment.created_at,
                pending: false,
            },
        )
        .await?;
        ids.push(id);
    }
    Ok(planned.len())
}

/// `now` minus a non-negative duration in milliseconds.
fn ago(now: i64, ms: f64) -> Option<i64> {
    (ms.is_finite() && ms >= 0.0).then(|| now.saturating_sub(ms.round() as i64))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_placeholder_seed_parses() {
        let file = SeedFile::parse(
            r#"{"articles":[],"generator":{"names":[],"openers":[],"points":[],"closers":[]}}"#,
        )
        .expect("parses");
        assert!(file.articles.is_empty());
    }

    #[test]
    fn the_builtin_seed_parses() {
        SeedFile::builtin().expect("seed/site.json is a valid seed file");
    }

    fn comment(name: &str, minutes: f64, replies: Vec<SeedComment>) -> SeedComment {
        SeedComment {
            name: name.into(),
            email: Some(format!("{name}@example.org")),
            kind: None,
            minutes_after_publish: minutes,
            body: "Fine.".into(),
            replies,
        }
    }

    #[test]
    fn replies_must_come_after_their_parents_and_times_clamp_to_now() {
        let mut out = Vec::new();
        let tree = vec![comment("a", 10.0, vec![comment("b", 20.0, vec![])])];
        place(&tree, None, 0, 900_000, &mut out).expect("valid");
        assert_eq!(out.len(), 2);
        assert_eq!(out[1].parent, Some(0));
        assert_eq!(out[0].at, 600_000);
        assert_eq!(out[1].at, 900_000, "clamped to now");

        let mut out = Vec::new();
        let bad = vec![comment("a", 10.0, vec![comment("b", 10.0, vec![])])];
        assert!(place(&bad, None, 0, i64::MAX, &mut out).is_err());
    }

    #[test]
    fn seed_comments_follow_the_posting_rules() {
        assert!(checked(&comment("Shilan", 1.0, vec![])).is_ok());
        let mut no_email = comment("Shilan", 1.0, vec![]);
        no_email.email = None;
        assert!(checked(&no_email).is_err());
        no_email.kind = Some(AuthorKind::Member);
        assert!(checked(&no_email).is_ok());
        let mut tab = comment("Shilan", 1.0, vec![]);
        tab.body = "a\tb".into();
        assert!(checked(&tab).is_err());
    }
}
