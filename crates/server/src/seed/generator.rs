//! A deterministic comment generator: plausible reader comments from lists of names and
//! phrases, placed in time and in threads by a tiny seeded PRNG.

use serde::Deserialize;

/// The phrases comments are built from (the `generator` object of a seed file).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct GeneratorLists {
    /// Commenters' display names.
    #[serde(default)]
    pub names: Vec<String>,
    /// First sentences.
    #[serde(default)]
    pub openers: Vec<String>,
    /// Middle sentences, the substance.
    #[serde(default)]
    pub points: Vec<String>,
    /// Last sentences, added to some comments.
    #[serde(default)]
    pub closers: Vec<String>,
}

/// Why comments cannot be generated.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the generator needs at least one entry in `{0}` to make comments")]
pub struct EmptyList(&'static str);

/// SplitMix64: small, fast and good enough to make seed data look random yet repeatable.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// An index below `len` (which must not be 0).
    pub fn below(&mut self, len: usize) -> usize {
        ((self.unit() * len as f64) as usize).min(len.saturating_sub(1))
    }

    /// A random element.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        if items.is_empty() {
            None
        } else {
            items.get(self.below(items.len()))
        }
    }
}

/// The seed of the generator for one article, so each article's comments are repeatable
/// whatever order articles are seeded in. `salt` separates successive batches.
pub fn seed_for(slug: &str, salt: u64) -> u64 {
    // FNV-1a over the slug, mixed with a fixed constant.
    let hash = slug.bytes().fold(0xCBF2_9CE4_8422_2325_u64, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01B3)
    });
    hash ^ 0x4279_6C69_6E65_2121 ^ salt.wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// A comment to insert.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedComment {
    /// Display name.
    pub name: String,
    /// `name-slug@example.org`.
    pub email: String,
    /// Text; sometimes two paragraphs.
    pub body: String,
    /// The comment it answers, as an index into `earlier` followed by the planned comments.
    pub reply_to: Option<usize>,
    /// Milliseconds since the epoch; strictly increasing when time allows, never after `end`.
    pub created_at: i64,
}

/// Share of generated comments that are replies (when there is something to reply to).
const REPLY_SHARE: f64 = 0.3;
/// Replies answer one of this many most recent comments.
const REPLY_WINDOW: usize = 40;

/// Plans `count` comments posted after `start_ms` and no later than `end_ms`, some replying to
/// `earlier` comments (given by author name, oldest first) or to each other.
pub fn plan(
    lists: &GeneratorLists,
    seed: u64,
    count: usize,
    earlier: &[String],
    start_ms: i64,
    end_ms: i64,
) -> Result<Vec<PlannedComment>, EmptyList> {
    if count == 0 {
        return Ok(Vec::new());
    }
    for (name, list) in [
        ("names", &lists.names),
        ("openers", &lists.openers),
        ("points", &lists.points),
    ] {
        if list.is_empty() {
            return Err(EmptyList(name));
        }
    }
    let mut rng = SplitMix64::new(seed);
    // Author names of every comment so far, earlier ones first.
    let mut names: Vec<String> = earlier.to_vec();
    let mut planned: Vec<PlannedComment> = Vec::with_capacity(count);
    let mut previous = start_ms;
    for (index, at) in times(&mut rng, count, start_ms, end_ms)
        .into_iter()
        .enumerate()
    {
        let at = at.max(previous.saturating_add(1)).min(end_ms);
        previous = at;
        let total = earlier.len() + index;
        let reply_to = (total > 0 && rng.chance(REPLY_SHARE))
            .then(|| total.saturating_sub(REPLY_WINDOW) + rng.below(total.min(REPLY_WINDOW)));
        let parent_name = reply_to.and_then(|parent| names.get(parent).cloned());
        let name = pick_name(&mut rng, &lists.names, parent_name.as_deref());
        let mut body = String::new();
        if let Some(parent_name) = parent_name.filter(|_| rng.chance(0.5)) {
            body.push('@');
            body.push_str(&parent_name);
            body.push_str(": ");
        }
        body.push_str(&sentences(&mut rng, lists));
        if rng.chance(0.2) {
            body.push_str("\n\n");
            body.push_str(&sentences(&mut rng, lists));
        }
        names.push(name.clone());
        planned.push(PlannedComment {
            email: format!("{}@example.org", name_slug(&name)),
            name,
            body,
            reply_to,
            created_at: at,
        });
    }
    Ok(planned)
}

/// `count` increasing times after `start_ms`, denser near the start as conversations are.
fn times(rng: &mut SplitMix64, count: usize, start_ms: i64, end_ms: i64) -> Vec<i64> {
    let span = end_ms.saturating_sub(start_ms).max(0) as f64;
    (0..count)
        .map(|index| {
            // Position in [0, 1), increasing with `index` whatever the jitter.
            let position = (index as f64 + rng.unit()) / count as f64;
            start_ms.saturating_add(1 + (span * position.powf(1.6)) as i64)
        })
        .collect()
}

/// A name, preferring one different from the author being answered.
fn pick_name(rng: &mut SplitMix64, names: &[String], avoid: Option<&str>) -> String {
    let mut name = rng.pick(names).cloned().unwrap_or_default();
    for _ in 0..3 {
        if Some(name.as_str()) != avoid {
            break;
        }
        name = rng.pick(names).cloned().unwrap_or_default();
    }
    name
}

/// An opener and a point, sometimes followed by a closer.
fn sentences(rng: &mut SplitMix64, lists: &GeneratorLists) -> String {
    let mut text = String::new();
    for part in [rng.pick(&lists.openers), rng.pick(&lists.points)]
        .into_iter()
        .flatten()
    {
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(part.trim());
    }
    if rng.chance(0.4)
        && let Some(closer) = rng.pick(&lists.closers)
    {
        text.push(' ');
        text.push_str(closer.trim());
    }
    text
}

/// The local part of a generated address: lower-case ASCII letters and digits joined by `-`
/// (`reader` for names without any).
pub fn name_slug(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    if slug.is_empty() {
        "reader".to_owned()
    } else {
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lists() -> GeneratorLists {
        GeneratorLists {
            names: vec!["Shilan".into(), "Karwan A.".into(), "ئارام".into()],
            openers: vec!["Good piece.".into(), "I disagree.".into()],
            points: vec!["The numbers add up.".into(), "Ask the farmers.".into()],
            closers: vec!["Thanks.".into()],
        }
    }

    #[test]
    fn the_same_seed_plans_the_same_comments() {
        let a = plan(&lists(), 7, 50, &[], 0, 1_000_000).expect("plans");
        let b = plan(&lists(), 7, 50, &[], 0, 1_000_000).expect("plans");
        let c = plan(&lists(), 8, 50, &[], 0, 1_000_000).expect("plans");
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn times_increase_strictly_and_stay_in_the_window() {
        let earlier = vec!["Rêbaz".to_owned()];
        let planned = plan(&lists(), 1, 2_000, &earlier, 5_000, 10_000_000).expect("plans");
        assert_eq!(planned.len(), 2_000);
        let mut previous = 5_000;
        for comment in &planned {
            assert!(
                comment.created_at > previous,
                "{} <= {previous}",
                comment.created_at
            );
            assert!(comment.created_at <= 10_000_000);
            previous = comment.created_at;
        }
        // A window too short for strictly increasing times still never passes the end.
        let squeezed = plan(&lists(), 1, 100, &[], 0, 10).expect("plans");
        assert!(squeezed.iter().all(|c| c.created_at <= 10));
    }

    #[test]
    fn about_a_third_are_replies_to_earlier_comments() {
        let planned = plan(&lists(), 3, 1_000, &[], 0, 100_000_000).expect("plans");
        assert_eq!(planned[0].reply_to, None, "nothing to answer yet");
        let replies = planned.iter().filter(|c| c.reply_to.is_some()).count();
        assert!((220..=380).contains(&replies), "{replies} replies");
        for (index, comment) in planned.iter().enumerate() {
            if let Some(parent) = comment.reply_to {
                assert!(parent < index);
                if let Some(rest) = comment.body.strip_prefix('@') {
                    assert!(rest.starts_with(&planned[parent].name));
                }
            }
            assert!(comment.body.len() > 10);
            assert!(comment.email.ends_with("@example.org"));
            assert!(byline_contract::validate::body_rule(&comment.body).is_ok());
        }
        assert!(planned.iter().any(|c| c.body.contains("\n\n")));
    }

    #[test]
    fn empty_lists_are_reported() {
        let mut empty = lists();
        empty.points.clear();
        assert_eq!(plan(&empty, 1, 1, &[], 0, 10), Err(EmptyList("points")));
        assert_eq!(plan(&empty, 1, 0, &[], 0, 10), Ok(Vec::new()));
    }

    #[test]
    fn name_slugs_are_ascii() {
        assert_eq!(name_slug("Karwan A."), "karwan-a");
        assert_eq!(name_slug("ئارام"), "reader");
        assert_eq!(name_slug("  Jo--Ann "), "jo-ann");
    }

    #[test]
    fn splitmix_is_the_reference_sequence() {
        // First outputs of SplitMix64 seeded with 0 (Vigna's reference implementation).
        let mut rng = SplitMix64::new(0);
        assert_eq!(rng.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(rng.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }
}
