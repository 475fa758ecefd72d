//! Nesting the flat rows of comment threads into the contract's `replies` trees.

use std::collections::HashMap;

use byline_contract::Comment;

use crate::model::CommentRow;

/// The deepest level of nesting sent (a top-level comment is level 0).
///
/// Replies are stored at any depth, but a reply below this level is listed among the replies
/// of its nearest ancestor at this level (keeping its real `parent_id`), so that clients with
/// recursion limits (`serde_json` stops at 128 levels, about 64 comment levels) can read every
/// page and no reader can grow a response without bound in depth.
pub const MAX_NESTING: usize = 32;

/// Who reads a thread, for the comments that wait for a moderator: only their author sees
/// them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Viewer {
    /// A guest, or anyone: sees none.
    Anyone,
    /// A signed-in member, by account id: sees their own.
    Member(i64),
    /// The proven author of one comment (a guest editing it with its token): sees that one.
    AuthorOf(i64),
}

impl Viewer {
    /// The viewer of a request with this member, if any.
    pub fn member(account_id: Option<i64>) -> Self {
        account_id.map_or(Self::Anyone, Self::Member)
    }
}

/// Nests `replies` under `roots`, keeping the roots' order; each level of replies is ordered
/// oldest first. A reply whose ancestors are not among the rows is left out, and so is what
/// `viewer` may not see (see [`shown`]).
pub fn assemble(
    roots: Vec<CommentRow>,
    mut replies: Vec<CommentRow>,
    viewer: Viewer,
) -> Vec<Comment> {
    // A reply is always stored after its parent, so in id order parents come first.
    replies.sort_by_key(|row| row.id);
    let mut level: HashMap<i64, usize> = roots.iter().map(|row| (row.id, 0)).collect();
    let mut shown_under: HashMap<i64, i64> = HashMap::with_capacity(replies.len());
    for row in &replies {
        let Some(parent) = row.parent_id else {
            continue;
        };
        let Some(&parent_level) = level.get(&parent) else {
            continue;
        };
        let (under, own_level) = if parent_level < MAX_NESTING {
            (parent, parent_level + 1)
        } else {
            (
                shown_under.get(&parent).copied().unwrap_or(parent),
                parent_level,
            )
        };
        level.insert(row.id, own_level);
        shown_under.insert(row.id, under);
    }

    replies.sort_by_key(|row| (row.created_at, row.id));
    let mut children: HashMap<i64, Vec<CommentRow>> = HashMap::new();
    for row in replies {
        if let Some(&under) = shown_under.get(&row.id) {
            children.entry(under).or_default().push(row);
        }
    }
    roots
        .into_iter()
        .filter_map(|row| nest(row, &mut children, viewer))
        .collect()
}

/// Builds one comment with its replies, or nothing when `viewer` may not see it. Recursion is
/// bounded by [`MAX_NESTING`].
fn nest(
    row: CommentRow,
    children: &mut HashMap<i64, Vec<CommentRow>>,
    viewer: Viewer,
) -> Option<Comment> {
    let replies: Vec<Comment> = children
        .remove(&row.id)
        .unwrap_or_default()
        .into_iter()
        .filter_map(|child| nest(child, children, viewer))
        .collect();
    shown(&row, !replies.is_empty(), viewer).then(|| row.into_comment(replies))
}

/// Whether `viewer` sees a comment held back from readers: one waiting for a moderator only
/// its author does; one hidden after reports everyone does as a placeholder while replies
/// hang on it; a rejected one no one does (outside the moderators' queue).
pub fn shown(row: &CommentRow, has_visible_replies: bool, viewer: Viewer) -> bool {
    match row.held.as_deref() {
        None => true,
        Some("pending") => match viewer {
            Viewer::Anyone => false,
            Viewer::Member(account_id) => row.account_id == Some(account_id),
            Viewer::AuthorOf(id) => row.id == id,
        },
        Some("reported") => has_visible_replies,
        Some(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use byline_contract::moderation::Held;

    use super::*;

    fn row(id: i64, parent_id: Option<i64>, root_id: i64, created_at: i64) -> CommentRow {
        CommentRow {
            id,
            parent_id,
            root_id,
            author_name: format!("n{id}"),
            author_kind: "guest".into(),
            account_id: None,
            body: format!("b{id}"),
            created_at,
            edited_at: None,
            removed_at: None,
            held: None,
            like_count: 0,
            featured_at: None,
        }
    }

    fn held(mut row: CommentRow, why: &str, account_id: Option<i64>) -> CommentRow {
        row.held = Some(why.to_owned());
        row.account_id = account_id;
        row
    }

    #[test]
    fn held_comments_show_to_whom_they_may() {
        // 2 waits for a moderator (posted by member 7); 3 was hidden by reports and has a
        // reply; 5 was hidden and has none; 6 was rejected.
        let roots = vec![
            row(1, None, 1, 1),
            held(row(2, None, 2, 2), "pending", Some(7)),
            held(row(3, None, 3, 3), "reported", Some(8)),
            held(row(5, None, 5, 5), "reported", None),
            held(row(6, None, 6, 6), "rejected", Some(7)),
        ];
        let replies = vec![row(4, Some(3), 3, 4)];
        let reader = assemble(roots.clone(), replies.clone(), Viewer::Anyone);
        assert_eq!(ids(&reader), [1, 3]);
        assert_eq!(reader[1].moderation, Some(Held::Hidden));
        assert!(reader[1].body.is_empty() && reader[1].author.name.is_empty());
        assert_eq!(ids(&reader[1].replies), [4]);
        let author = assemble(roots.clone(), replies.clone(), Viewer::Member(7));
        let guest = assemble(roots, replies, Viewer::AuthorOf(2));
        assert_eq!(ids(&guest), [1, 2, 3]);
        assert_eq!(ids(&author), [1, 2, 3]);
        assert_eq!(author[1].moderation, Some(Held::Pending));
        assert_eq!(author[1].body, "b2", "its author sees the text");
    }

    fn ids(comments: &[Comment]) -> Vec<i64> {
        comments.iter().map(|c| c.id).collect()
    }

    #[test]
    fn replies_nest_under_their_parents_oldest_first() {
        let roots = vec![row(5, None, 5, 50), row(1, None, 1, 10)];
        let replies = vec![
            row(9, Some(1), 1, 95),
            row(3, Some(1), 1, 30),
            row(4, Some(3), 1, 40),
            row(6, Some(5), 5, 60),
            row(8, Some(4), 1, 80),
            // Same time as 3's sibling 9? Ties break by id.
            row(10, Some(1), 1, 95),
        ];
        let tree = assemble(roots, replies, Viewer::Anyone);
        assert_eq!(ids(&tree), [5, 1], "roots keep their order");
        assert_eq!(ids(&tree[0].replies), [6]);
        assert_eq!(ids(&tree[1].replies), [3, 9, 10]);
        assert_eq!(ids(&tree[1].replies[0].replies), [4]);
        assert_eq!(ids(&tree[1].replies[0].replies[0].replies), [8]);
        assert_eq!(tree[1].replies[0].replies[0].parent_id, Some(3));
    }

    #[test]
    fn replies_without_their_root_on_the_page_are_left_out() {
        let tree = assemble(
            vec![row(1, None, 1, 1)],
            vec![row(3, Some(2), 2, 3)],
            Viewer::Anyone,
        );
        assert_eq!(tree.len(), 1);
        assert!(tree[0].replies.is_empty());
    }

    #[test]
    fn very_deep_chains_flatten_at_the_nesting_limit() {
        let mut replies = Vec::new();
        for id in 2..=200 {
            replies.push(row(id, Some(id - 1), 1, id));
        }
        let tree = assemble(vec![row(1, None, 1, 1)], replies, Viewer::Anyone);
        let mut level = &tree[0];
        let mut depth = 0;
        while let Some(first) = level.replies.first() {
            depth += 1;
            if depth == MAX_NESTING {
                // Everything deeper is listed here, oldest first, with its true parent.
                assert_eq!(level.replies.len(), 200 - MAX_NESTING);
                assert_eq!(level.replies[1].parent_id, Some(level.replies[0].id));
                assert!(level.replies.iter().all(|c| c.replies.is_empty()));
                break;
            }
            level = first;
        }
        assert_eq!(depth, MAX_NESTING);
        let json = serde_json::to_string(&tree).expect("serialises");
        let _: Vec<Comment> = serde_json::from_str(&json).expect("a client can read it back");
    }
}
