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

/// Why a field breaks one of the rules: its English message by `Display` (what the endpoint
/// sends), and enough for a page to say it in the reader's language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleBreak {
    /// No name.
    NameEmpty,
    /// A name over [`NAME_MAX_CHARS`], with its length.
    NameTooLong(usize),
    /// A name with line breaks or control characters.
    NameControl,
    /// No email address.
    EmailEmpty,
    /// An address over [`EMAIL_MAX_CHARS`].
    EmailTooLong,
    /// Not an address.
    EmailMalformed,
    /// No comment text.
    BodyEmpty,
    /// A text over [`BODY_MAX_CHARS`], with its length.
    BodyTooLong(usize),
    /// A text with control characters.
    BodyControl,
    /// A reply to no comment.
    ParentInvalid,
    /// A guest who gave neither name nor address.
    GuestMissing,
    /// A password under the minimum, with its length.
    PasswordTooShort(usize),
    /// A password over the maximum.
    PasswordTooLong,
    /// A password that is the account's address.
    PasswordIsEmail,
    /// One of the commonly used passwords.
    PasswordCommon,
    /// No current password where one is needed.
    CurrentPasswordEmpty,
    /// A new password the same as the current one.
    PasswordUnchanged,
}

impl std::fmt::Display for RuleBreak {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NameEmpty => f.write_str("Enter the name to show with your comment."),
            Self::NameTooLong(count) => write!(
                f,
                "Use at most {NAME_MAX_CHARS} characters for your name (this one has {count})."
            ),
            Self::NameControl => {
                f.write_str("Your name cannot contain line breaks or control characters.")
            }
            Self::EmailEmpty => f.write_str("Enter your email address. It is never shown."),
            Self::EmailTooLong => write!(
                f,
                "An email address has at most {EMAIL_MAX_CHARS} characters."
            ),
            Self::EmailMalformed => f.write_str("Enter an email address like name@example.com."),
            Self::BodyEmpty => f.write_str("Write your comment before sending it."),
            Self::BodyTooLong(count) => write!(
                f,
                "Keep your comment to {BODY_MAX_CHARS} characters; it has {count}."
            ),
            Self::BodyControl => {
                f.write_str("Your comment contains control characters; remove them and try again.")
            }
            Self::ParentInvalid => f.write_str("Choose an existing comment to reply to."),
            Self::GuestMissing => {
                f.write_str("Give your name and email address to comment as a guest.")
            }
            Self::PasswordTooShort(count) => write!(
                f,
                "Use at least {} characters for your password (this one has {count}).",
                crate::auth::PASSWORD_MIN_CHARS
            ),
            Self::PasswordTooLong => write!(
                f,
                "Use at most {} characters for your password.",
                crate::auth::PASSWORD_MAX_CHARS
            ),
            Self::PasswordIsEmail => f.write_str("Your password cannot be your email address."),
            Self::PasswordCommon => {
                f.write_str("This password is one of the most commonly used ones; choose another.")
            }
            Self::CurrentPasswordEmpty => f.write_str("Enter your current password."),
            Self::PasswordUnchanged => {
                f.write_str("Choose a password different from your current one.")
            }
        }
    }
}

/// Every rule a new comment breaks, by field: the text and the parent, and for a guest
/// (`as_member` false) the name and address.
pub fn comment_breaks(input: &NewComment, as_member: bool) -> Vec<(&'static str, RuleBreak)> {
    let mut breaks = Vec::new();
    if let Some(broken) = body_break(&normalise_body(&input.body)) {
        breaks.push((field::BODY, broken));
    }
    if input.parent_id.is_some_and(|parent| parent <= 0) {
        breaks.push((field::PARENT_ID, RuleBreak::ParentInvalid));
    }
    if !as_member {
        match &input.guest {
            None => breaks.push((field::GUEST, RuleBreak::GuestMissing)),
            Some(guest) => {
                if let Some(broken) = name_break(guest.name.trim()) {
                    breaks.push((field::GUEST_NAME, broken));
                }
                if let Some(broken) = email_break(guest.email.trim()) {
                    breaks.push((field::GUEST_EMAIL, broken));
                }
            }
        }
    }
    breaks
}

/// Rule breaks as the endpoint's field errors, in English.
pub fn field_errors(breaks: Vec<(&'static str, RuleBreak)>) -> FieldErrors {
    let mut errors = FieldErrors::new();
    for (name, broken) in breaks {
        errors
            .entry(name.to_owned())
            .or_default()
            .push(broken.to_string());
    }
    errors
}

/// Checks a new comment from a guest, returning the cleaned comment or a message for each bad
/// field.
pub fn new_comment(input: &NewComment) -> Result<ValidComment, FieldErrors> {
    let breaks = comment_breaks(input, false);
    if !breaks.is_empty() {
        return Err(field_errors(breaks));
    }
    let guest = input.guest.clone().unwrap_or_default();
    Ok(ValidComment {
        body: normalise_body(&input.body),
        parent_id: input.parent_id,
        guest: GuestIdentity {
            name: guest.name.trim().to_owned(),
            email: guest.email.trim().to_owned(),
        },
    })
}

/// Checks a new comment from a signed-in member: the text and the parent, not the `guest`
/// block (which a member does not need, and which is ignored when sent).
pub fn member_comment(input: &NewComment) -> Result<ValidMemberComment, FieldErrors> {
    let breaks = comment_breaks(input, true);
    if !breaks.is_empty() {
        return Err(field_errors(breaks));
    }
    Ok(ValidMemberComment {
        body: normalise_body(&input.body),
        parent_id: input.parent_id,
    })
}

/// Checks the new text of an edited comment, under the rule of a new comment's text; returns
/// it normalised, or the message for `body`.
pub fn comment_edit(input: &CommentEdit) -> Result<String, FieldErrors> {
    let body = normalise_body(&input.body);
    body_rule(&body)
        .map(|()| body)
        .map_err(|message| FieldErrors::from([(field::BODY.to_owned(), vec![message])]))
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
    name_break(name).map_or(Ok(()), |broken| Err(broken.to_string()))
}

/// The rule a display name (already trimmed) breaks, if any.
pub fn name_break(name: &str) -> Option<RuleBreak> {
    let count = char_count(name);
    if count == 0 {
        Some(RuleBreak::NameEmpty)
    } else if count > NAME_MAX_CHARS {
        Some(RuleBreak::NameTooLong(count))
    } else if name.chars().any(char::is_control) {
        Some(RuleBreak::NameControl)
    } else {
        None
    }
}

/// Checks an email address (already trimmed).
pub fn email_rule(email: &str) -> Result<(), String> {
    email_break(email).map_or(Ok(()), |broken| Err(broken.to_string()))
}

/// The rule an email address (already trimmed) breaks, if any. Deliberately simple: one `@`,
/// a non-empty local part, a domain with a dot, no spaces. Whether the address works is for a
/// message to prove.
pub fn email_break(email: &str) -> Option<RuleBreak> {
    if email.is_empty() {
        return Some(RuleBreak::EmailEmpty);
    }
    if char_count(email) > EMAIL_MAX_CHARS {
        return Some(RuleBreak::EmailTooLong);
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
    (!well_formed).then_some(RuleBreak::EmailMalformed)
}

/// Checks a comment text (already normalised with [`normalise_body`]).
pub fn body_rule(body: &str) -> Result<(), String> {
    body_break(body).map_or(Ok(()), |broken| Err(broken.to_string()))
}

/// The rule a comment text (already normalised) breaks, if any.
pub fn body_break(body: &str) -> Option<RuleBreak> {
    let count = char_count(body);
    if count == 0 {
        Some(RuleBreak::BodyEmpty)
    } else if count > BODY_MAX_CHARS {
        Some(RuleBreak::BodyTooLong(count))
    } else if body.chars().any(|c| c.is_control() && c != '\n') {
        Some(RuleBreak::BodyControl)
    } else {
        None
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
            homepage: None,
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
            homepage: None,
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
            homepage: None,
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
            homepage: None,
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
