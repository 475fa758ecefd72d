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

/// Nests `replies` under `roots`, keeping the roots' order; each level of replies is ordered
/// oldest first. A reply whose ancestors are not among the rows is left out.
pub fn assemble(roots: Vec<CommentRow>, mut replies: Vec<CommentRow>) -> Vec<Comment> {
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
        .map(|row| nest(row, &mut children))
        .collect()
}

/// Builds one comment with its replies. Recursion is bounded by [`MAX_NESTING`].
fn nest(row: CommentRow, children: &mut HashMap<i64, Vec<CommentRow>>) -> Comment {
    let replies = children
        .remove(&row.id)
        .unwrap_or_default()
        .into_iter()
        .map(|child| nest(child, children))
        .collect();
    row.into_comment(replies)
}

#[cfg(test)]
mod tests {
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
        }
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
        let tree = assemble(roots, replies);
        assert_eq!(ids(&tree), [5, 1], "roots keep their order");
        assert_eq!(ids(&tree[0].replies), [6]);
        assert_eq!(ids(&tree[1].replies), [3, 9, 10]);
        assert_eq!(ids(&tree[1].replies[0].replies), [4]);
        assert_eq!(ids(&tree[1].replies[0].replies[0].replies), [8]);
        assert_eq!(tree[1].replies[0].replies[0].parent_id, Some(3));
    }

    #[test]
    fn replies_without_their_root_on_the_page_are_left_out() {
        let tree = assemble(vec![row(1, None, 1, 1)], vec![row(3, Some(2), 2, 3)]);
        assert_eq!(tree.len(), 1);
        assert!(tree[0].replies.is_empty());
    }

    #[test]
    fn very_deep_chains_flatten_at_the_nesting_limit() {
        let mut replies = Vec::new();
        for id in 2..=200 {
            replies.push(row(id, Some(id - 1), 1, id));
        }
        let tree = assemble(vec![row(1, None, 1, 1)], replies);
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
