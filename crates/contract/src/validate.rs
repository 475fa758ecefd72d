//! The rules a new comment must follow, checked by the page before sending (so the reader sees
//! mistakes at once) and by the endpoint before storing (so no client can skip them).

use crate::{CommentEdit, FieldErrors, GuestIdentity, NewComment, field};

/// The longest display name, in characters after trimming.
pub const NAME_MAX_CHARS: usize = 60;
/// The longest email address, in characters (RFC 5321's limit on a path).
pub const EMAIL_MAX_CHARS: usize = 254;
/// The longest comment, in characters after trimming.
pub const BODY_MAX_CHARS: usize = 5_000;

/// A new comment whose fields passed every rule, trimmed and with line ends normalised.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidComment {
    /// The text, trimmed, with `\r\n` turned into `\n`.
    pub body: String,
    /// The comment it answers.
    pub parent_id: Option<i64>,
    /// The guest's trimmed name and address.
    pub guest: GuestIdentity,
}

/// A signed-in member's new comment whose fields passed every rule (its `guest` block, if
/// any, is ignored).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidMemberComment {
    /// The text, trimmed, with `\r\n` turned into `\n`.
    pub body: String,
    /// The comment it answers.
    pub parent_id: Option<i64>,
}

/// Checks a new comment from a guest, returning the cleaned comment or a message for each bad
/// field.
pub fn new_comment(input: &NewComment) -> Result<ValidComment, FieldErrors> {
    let mut errors = FieldErrors::new();
    let body = text_and_parent(input, &mut errors);
    let mut fail = |name: &str, message: String| {
        errors.entry(name.to_owned()).or_default().push(message);
    };
    let guest = match &input.guest {
        None => {
            fail(
                field::GUEST,
                "Give your name and email address to comment as a guest.".into(),
            );
            GuestIdentity::default()
        }
        Some(guest) => {
            let name = guest.name.trim().to_owned();
            let email = guest.email.trim().to_owned();
            if let Err(message) = name_rule(&name) {
                fail(field::GUEST_NAME, message);
            }
            if let Err(message) = email_rule(&email) {
                fail(field::GUEST_EMAIL, message);
            }
            GuestIdentity { name, email }
        }
    };

    if errors.is_empty() {
        Ok(ValidComment {
            body,
            parent_id: input.parent_id,
            guest,
        })
    } else {
        Err(errors)
    }
}

/// Checks a new comment from a signed-in member: the text and the parent, not the `guest`
/// block (which a member does not need, and which is ignored when sent).
pub fn member_comment(input: &NewComment) -> Result<ValidMemberComment, FieldErrors> {
    let mut errors = FieldErrors::new();
    let body = text_and_parent(input, &mut errors);
    if errors.is_empty() {
        Ok(ValidMemberComment {
            body,
            parent_id: input.parent_id,
        })
    } else {
        Err(errors)
    }
}

/// Checks the new text of an edited comment, under the rule of a new comment's text; returns
/// it normalised, or the message for `body`.
pub fn comment_edit(input: &CommentEdit) -> Result<String, FieldErrors> {
    let body = normalise_body(&input.body);
    body_rule(&body)
        .map(|()| body)
        .map_err(|message| FieldErrors::from([(field::BODY.to_owned(), vec![message])]))
}

/// Checks the text and parent of a new comment, adding a message to `errors` for each bad
/// one; returns the normalised text.
fn text_and_parent(input: &NewComment, errors: &mut FieldErrors) -> String {
    let body = normalise_body(&input.body);
    if let Err(message) = body_rule(&body) {
        errors
            .entry(field::BODY.to_owned())
            .or_default()
            .push(message);
    }
    if let Some(parent) = input.parent_id
        && parent <= 0
    {
        errors
            .entry(field::PARENT_ID.to_owned())
            .or_default()
            .push("Choose an existing comment to reply to.".into());
    }
    body
}

/// Trims a comment and turns Windows and old Mac line ends into `\n`.
pub fn normalise_body(body: &str) -> String {
    body.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_owned()
}

/// The length of a text as a reader counts it: in characters, not bytes.
pub fn char_count(text: &str) -> usize {
    text.chars().count()
}

/// Checks a display name (already trimmed).
pub fn name_rule(name: &str) -> Result<(), String> {
    let count = char_count(name);
    if count == 0 {
        Err("Enter the name to show with your comment.".into())
    } else if count > NAME_MAX_CHARS {
        Err(format!(
            "Use at most {NAME_MAX_CHARS} characters for your name (this one has {count})."
        ))
    } else if name.chars().any(char::is_control) {
        Err("Your name cannot contain line breaks or control characters.".into())
    } else {
        Ok(())
    }
}

/// Checks an email address (already trimmed). Deliberately simple: one `@`, a non-empty local
/// part, a domain with a dot, no spaces. Whether the address works is for a message to prove.
pub fn email_rule(email: &str) -> Result<(), String> {
    if email.is_empty() {
        return Err("Enter your email address. It is never shown.".into());
    }
    if char_count(email) > EMAIL_MAX_CHARS {
        return Err(format!(
            "An email address has at most {EMAIL_MAX_CHARS} characters."
        ));
    }
    let well_formed = match email.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && local.len() <= 64
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !email.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if well_formed {
        Ok(())
    } else {
        Err("Enter an email address like name@example.com.".into())
    }
}

/// Checks a comment text (already normalised with [`normalise_body`]).
pub fn body_rule(body: &str) -> Result<(), String> {
    let count = char_count(body);
    if count == 0 {
        Err("Write your comment before sending it.".into())
    } else if count > BODY_MAX_CHARS {
        Err(format!(
            "Keep your comment to {BODY_MAX_CHARS} characters; it has {count}."
        ))
    } else if body.chars().any(|c| c.is_control() && c != '\n') {
        Err("Your comment contains control characters; remove them and try again.".into())
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn comment(name: &str, email: &str, body: &str) -> NewComment {
        NewComment {
            body: body.into(),
            parent_id: None,
            guest: Some(GuestIdentity {
                name: name.into(),
                email: email.into(),
            }),
            thread: None,
        }
    }

    fn bad_fields(input: &NewComment) -> Vec<String> {
        match new_comment(input) {
            Ok(_) => vec![],
            Err(errors) => errors.into_keys().collect(),
        }
    }

    #[test]
    fn each_rule_names_its_field() {
        let long_name = "n".repeat(61);
        let long_email = format!("{}@example.com", "a".repeat(250));
        let long_body = "b".repeat(5_001);
        let cases: &[(&str, &str, &str, &[&str])] = &[
            ("Rêbaz", "rebaz@example.org", "Good piece.", &[]),
            ("  ", "rebaz@example.org", "Good piece.", &["guest.name"]),
            (
                &long_name,
                "rebaz@example.org",
                "Good piece.",
                &["guest.name"],
            ),
            (
                "Line\nbreak",
                "rebaz@example.org",
                "Good piece.",
                &["guest.name"],
            ),
            ("Rêbaz", "", "Good piece.", &["guest.email"]),
            ("Rêbaz", "not-an-address", "Good piece.", &["guest.email"]),
            ("Rêbaz", "two@@example.org", "Good piece.", &["guest.email"]),
            (
                "Rêbaz",
                "space @example.org",
                "Good piece.",
                &["guest.email"],
            ),
            ("Rêbaz", "dot@example.", "Good piece.", &["guest.email"]),
            ("Rêbaz", &long_email, "Good piece.", &["guest.email"]),
            ("Rêbaz", "rebaz@example.org", " \n ", &["body"]),
            ("Rêbaz", "rebaz@example.org", &long_body, &["body"]),
            ("Rêbaz", "rebaz@example.org", "bell\u{7}", &["body"]),
            ("Rêbaz", "rebaz@example.org", "tab\there", &["body"]),
            ("", "", "", &["body", "guest.email", "guest.name"]),
        ];
        for (name, email, body, expected) in cases {
            assert_eq!(
                bad_fields(&comment(name, email, body)),
                expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "name={name:?} email={email:?} body={body:?}"
            );
        }
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        // 60 Arabic letters are 120 bytes but a valid name.
        let name = "ع".repeat(60);
        let body = "ک".repeat(5_000);
        assert!(new_comment(&comment(&name, "a@b.iq", &body)).is_ok());
    }

    #[test]
    fn a_valid_comment_comes_back_trimmed_with_unix_line_ends() {
        let valid = new_comment(&comment(
            "  Shilan ",
            " s@example.org ",
            "\r\nOne\r\n\r\nTwo\r\n",
        ))
        .expect("valid");
        assert_eq!(valid.body, "One\n\nTwo");
        assert_eq!(valid.guest.name, "Shilan");
        assert_eq!(valid.guest.email, "s@example.org");
    }

    #[test]
    fn a_missing_guest_block_is_named() {
        let input = NewComment {
            body: "Hello".into(),
            parent_id: None,
            guest: None,
            thread: None,
        };
        assert_eq!(bad_fields(&input), vec!["guest".to_string()]);
    }

    #[test]
    fn a_member_needs_no_guest_block_and_a_sent_one_is_not_checked() {
        let input = NewComment {
            body: " Hello\r\n".into(),
            parent_id: Some(4),
            guest: Some(GuestIdentity::default()),
            thread: None,
        };
        assert_eq!(
            member_comment(&input),
            Ok(ValidMemberComment {
                body: "Hello".into(),
                parent_id: Some(4),
            })
        );
        let bad = NewComment {
            body: "".into(),
            parent_id: Some(0),
            guest: None,
            thread: None,
        };
        let errors = member_comment(&bad).expect_err("invalid");
        assert_eq!(
            errors.into_keys().collect::<Vec<_>>(),
            ["body", "parent_id"]
        );
    }

    #[test]
    fn an_edit_follows_the_body_rule() {
        let edit = |body: &str| CommentEdit { body: body.into() };
        assert_eq!(comment_edit(&edit(" New\r\ntext ")), Ok("New\ntext".into()));
        for bad in ["", " \n ", "bell\u{7}"] {
            let errors = comment_edit(&edit(bad)).expect_err("invalid");
            assert_eq!(errors.into_keys().collect::<Vec<_>>(), ["body"], "{bad:?}");
        }
        assert!(comment_edit(&edit(&"b".repeat(5_001))).is_err());
    }

    #[test]
    fn messages_never_echo_the_email_address() {
        let errors = new_comment(&comment("A", "secret-address@", "x")).expect_err("invalid");
        for messages in errors.values() {
            for message in messages {
                assert!(!message.contains("secret-address"), "{message}");
            }
        }
    }
}
