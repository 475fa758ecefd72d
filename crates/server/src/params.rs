//! Query parameters (`limit`, `cursor`, `sort`, `section`): parsed leniently about what is
//! absent or empty, strictly about what is present, and reported all at once as a 400 naming
//! each bad parameter.

use axum::extract::{FromRequestParts, Query};
use axum::http::request::Parts;
use byline_contract::{CommentSort, FieldErrors};

use crate::error::ApiError;
use crate::store::Position;

/// The query string of a request, as name/value pairs, with the errors found so far.
#[derive(Debug, Default)]
pub struct QueryParams {
    pairs: Vec<(String, String)>,
    errors: FieldErrors,
}

impl<S: Send + Sync> FromRequestParts<S> for QueryParams {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let Query(pairs) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
            .map_err(|_| ApiError::bad_query(FieldErrors::new()))?;
        Ok(Self::from_pairs(pairs))
    }
}

impl QueryParams {
    /// Parameters from name/value pairs.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Self {
        Self {
            pairs,
            errors: FieldErrors::new(),
        }
    }

    /// The non-empty value of `name`; records an error when it is given more than once.
    fn value(&mut self, name: &str) -> Option<String> {
        let mut values = self
            .pairs
            .iter()
            .filter(|(key, value)| key == name && !value.is_empty());
        let first = values.next()?.1.clone();
        if values.next().is_some() {
            self.fail(name, format!("Give `{name}` only once."));
            return None;
        }
        Some(first)
    }

    fn fail(&mut self, name: &str, message: String) {
        self.errors
            .entry(name.to_owned())
            .or_default()
            .push(message);
    }

    /// `limit`: a whole number from 1 to `max`, `default` when absent.
    pub fn limit(&mut self, default: u32, max: u32) -> u32 {
        const NAME: &str = "limit";
        let Some(value) = self.value(NAME) else {
            return default;
        };
        match value.parse::<u32>() {
            Ok(limit) if (1..=max).contains(&limit) => limit,
            _ => {
                self.fail(NAME, format!("Use a whole number from 1 to {max}."));
                default
            }
        }
    }

    /// `cursor`: a `next_cursor` this endpoint gave for the same kind of list.
    pub fn cursor(&mut self, kind: CursorKind) -> Option<Position> {
        const NAME: &str = "cursor";
        let value = self.value(NAME)?;
        let position = decode_cursor(kind, &value);
        if position.is_none() {
            self.fail(
                NAME,
                "Pass a `next_cursor` value from an earlier page of this list, unchanged.".into(),
            );
        }
        position
    }

    /// `sort`: `oldest` (the default) or `newest`.
    pub fn sort(&mut self) -> CommentSort {
        const NAME: &str = "sort";
        let Some(value) = self.value(NAME) else {
            return CommentSort::default();
        };
        CommentSort::parse(&value).unwrap_or_else(|| {
            self.fail(NAME, "Use `oldest`, `newest` or `top`.".into());
            CommentSort::default()
        })
    }

    /// A free text parameter, `None` when absent or empty.
    pub fn text(&mut self, name: &str) -> Option<String> {
        self.value(name)
    }

    /// Ends parsing: a 400 problem naming every bad parameter, if any.
    pub fn finish(self) -> Result<(), ApiError> {
        if self.errors.is_empty() {
            Ok(())
        } else {
            Err(ApiError::bad_query(self.errors))
        }
    }
}

/// Which list a cursor belongs to, so one list's cursor is refused by another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorKind {
    /// The article list.
    Articles,
    /// An article's top-level comments, oldest or newest first.
    Comments,
    /// An article's top-level comments in the "Top" order.
    TopComments,
}

impl CursorKind {
    fn tag(self) -> &'static str {
        match self {
            Self::Articles => "a1",
            Self::Comments => "c1",
            Self::TopComments => "t1",
        }
    }
}

/// An opaque, URL-safe cursor for the position of the last item of a page.
pub fn encode_cursor(kind: CursorKind, position: Position) -> String {
    // Hex of the bit patterns, so negative times survive the round trip.
    format!(
        "{}-{:x}-{:x}",
        kind.tag(),
        position.at as u64,
        position.id as u64
    )
}

/// Reads a cursor made by [`encode_cursor`] for the same kind of list.
pub fn decode_cursor(kind: CursorKind, cursor: &str) -> Option<Position> {
    let mut parts = cursor.split('-');
    if parts.next()? != kind.tag() {
        return None;
    }
    let at = u64::from_str_radix(parts.next()?, 16).ok()? as i64;
    let id = u64::from_str_radix(parts.next()?, 16).ok()? as i64;
    if parts.next().is_some() || id <= 0 {
        return None;
    }
    Some(Position { at, id })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(query: &[(&str, &str)]) -> QueryParams {
        QueryParams::from_pairs(
            query
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        )
    }

    fn bad_names(params: QueryParams) -> Vec<String> {
        match params.finish() {
            Ok(()) => vec![],
            Err(error) => error.problem().errors.keys().cloned().collect(),
        }
    }

    #[test]
    fn limits_default_when_absent_or_empty_and_refuse_bad_values() {
        let mut p = params(&[]);
        assert_eq!(p.limit(20, 50), 20);
        assert!(bad_names(p).is_empty());
        let mut p = params(&[("limit", "")]);
        assert_eq!(p.limit(20, 50), 20);
        assert!(bad_names(p).is_empty());
        let mut p = params(&[("limit", "50")]);
        assert_eq!(p.limit(20, 50), 50);
        for bad in ["abc", "0", "51", "-1", "1.5", " 3"] {
            let mut p = params(&[("limit", bad)]);
            p.limit(20, 50);
            assert_eq!(bad_names(p), ["limit"], "{bad}");
        }
        let mut p = params(&[("limit", "2"), ("limit", "3")]);
        p.limit(20, 50);
        assert_eq!(bad_names(p), ["limit"]);
    }

    #[test]
    fn every_bad_parameter_is_named() {
        let mut p = params(&[("limit", "x"), ("sort", "best"), ("cursor", "garbage")]);
        p.limit(50, 100);
        p.sort();
        p.cursor(CursorKind::Comments);
        assert_eq!(bad_names(p), ["cursor", "limit", "sort"]);
    }

    #[test]
    fn cursors_round_trip_and_stay_with_their_list() {
        for position in [
            Position {
                at: 1_795_880_293_000,
                id: 42,
            },
            Position {
                at: -5,
                id: i64::MAX,
            },
        ] {
            let cursor = encode_cursor(CursorKind::Comments, position);
            assert!(
                cursor
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-')
            );
            assert_eq!(decode_cursor(CursorKind::Comments, &cursor), Some(position));
            assert_eq!(decode_cursor(CursorKind::Articles, &cursor), None);
        }
        for bad in ["", "c1", "c1-zz-1", "c1-1-1-1", "c1-1-0", "a1-1-1x"] {
            assert_eq!(decode_cursor(CursorKind::Comments, bad), None, "{bad}");
        }
    }

    #[test]
    fn sort_defaults_to_oldest() {
        assert_eq!(params(&[]).sort(), CommentSort::Oldest);
        assert_eq!(params(&[("sort", "newest")]).sort(), CommentSort::Newest);
    }
}
