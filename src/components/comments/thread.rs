use std::sync::Arc;

use byline_contract::Comment;

/// A comment with its replies, shared rather than copied.
///
/// Keyed lists re-run their `each` closure on every change and take owned items; with
/// `Arc<Thread>` items that costs a reference count per thread instead of a deep copy of every
/// loaded comment, so "Load more" stays as cheap on the tenth page as on the first.
#[derive(Debug, PartialEq, Eq)]
pub struct Thread {
    /// The comment itself; its `replies` field is always empty (they are below).
    pub comment: Comment,
    /// Its replies, oldest first.
    pub replies: Vec<Arc<Thread>>,
}

impl Thread {
    /// Turns a comment tree from the API into shared threads, moving every comment once.
    pub fn new(mut comment: Comment) -> Arc<Self> {
        let replies = std::mem::take(&mut comment.replies)
            .into_iter()
            .map(Thread::new)
            .collect();
        Arc::new(Self { comment, replies })
    }

    /// The comment's id.
    pub fn id(&self) -> i64 {
        self.comment.id
    }
}

#[cfg(test)]
mod tests {
    use byline_contract::{Author, AuthorKind, Comment};

    use super::Thread;

    fn comment(id: i64, replies: Vec<Comment>) -> Comment {
        Comment {
            id,
            parent_id: None,
            author: Author {
                name: format!("Reader {id}"),
                kind: AuthorKind::Guest,
                member_id: None,
            },
            body: "Text".into(),
            created_at: "2026-11-24T10:00:00Z".into(),
            replies,
            ..Comment::default()
        }
    }

    #[test]
    fn a_comment_tree_becomes_threads_in_the_same_order() {
        let tree = comment(
            1,
            vec![comment(2, vec![comment(4, vec![])]), comment(3, vec![])],
        );
        let thread = Thread::new(tree);
        assert_eq!(thread.id(), 1);
        assert!(thread.comment.replies.is_empty());
        let ids: Vec<i64> = thread.replies.iter().map(|t| t.id()).collect();
        assert_eq!(ids, [2, 3]);
        assert_eq!(thread.replies[0].replies[0].id(), 4);
    }
}
