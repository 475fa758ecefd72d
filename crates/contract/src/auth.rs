//! Member accounts: the bodies of the `/auth` routes and the rules a new account and a new
//! password must follow, shared like the comment rules so the page can check them before
//! sending.
//!
//! Answers under `/auth` never say whether an address is registered: registering a taken
//! address and asking to reset the password of an unknown one are answered exactly like the
//! other case, and a failed sign-in has one message whatever the reason.

use serde::{Deserialize, Serialize};

use crate::FieldErrors;
use crate::validate::{RuleBreak, char_count, email_break, field_errors, name_break};

/// The shortest password, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;
/// The longest password, in characters.
pub const PASSWORD_MAX_CHARS: usize = 1024;

/// Weak passwords of at least [`PASSWORD_MIN_CHARS`] characters, one a line, lowercase.
const COMMON_PASSWORDS: &str = include_str!("common_passwords.txt");

/// The body of `POST /auth/register`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Register {
    /// The name shown with the member's comments.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub display_name: String,
    /// The address to sign in with; confirmed by a link sent to it.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    /// The password to sign in with.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: String,
    /// The language the confirmation email is written in, a BCP 47 tag (the page's own
    /// language); English when absent or not one of the site's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The body of `POST /auth/sign-in`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignIn {
    /// The account's address.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    /// The account's password.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub password: String,
}

/// The body of `POST /auth/forgot`: send a password reset link to this address.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Forgot {
    /// The account's address.
    #[cfg_attr(feature = "openapi", schema(format = Email, max_length = 254))]
    pub email: String,
    /// The language the reset email is written in, as [`Register::lang`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The body of `POST /auth/reset`: the token from a reset link and the new password.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reset {
    /// The `token` query parameter of the reset link.
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub token: String,
    /// The new password.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub password: String,
}

/// The body of `POST /auth/confirm`: the token from a confirmation link.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Confirm {
    /// The `token` query parameter of the confirmation link.
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub token: String,
}

/// The signed-in member, as `/auth` answers show them to themselves (the only answers that
/// hold an email address: the member's own).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The account's identifier.
    pub id: i64,
    /// The name shown with the member's comments.
    pub display_name: String,
    /// The member's own address.
    pub email: String,
    /// What else the member may do: moderators and admins reach the moderators' queue.
    #[serde(default)]
    pub role: Role,
}

/// A member's role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Comments, and manages their own account.
    #[default]
    Member,
    /// Also moderates comments.
    Moderator,
    /// Also makes moderators (with `byline-server grant`).
    Admin,
}

impl Role {
    /// The name on the wire and in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Moderator => "moderator",
            Role::Admin => "admin",
        }
    }

    /// The role of a name; `None` for an unknown one.
    pub fn parse(name: &str) -> Option<Role> {
        [Role::Member, Role::Moderator, Role::Admin]
            .into_iter()
            .find(|role| role.as_str() == name)
    }

    /// Whether the role moderates.
    pub fn moderates(self) -> bool {
        matches!(self, Role::Moderator | Role::Admin)
    }
}

/// The body of `PATCH /auth/me`: the member's new display name (their comments show it too).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileChange {
    /// The new name.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 60))]
    pub display_name: String,
}

/// The body of `POST /auth/password`: a new password, proved by the current one. Other
/// sessions of the account end; this one goes on.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    /// The password the member signs in with now.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 1024))]
    pub current_password: String,
    /// The password to sign in with from now on.
    #[cfg_attr(feature = "openapi", schema(min_length = 10, max_length = 1024))]
    pub new_password: String,
}

/// The body of `DELETE /auth/me`: deleting the account, proved by its password. The
/// member's comments stay, shown as by [`FORMER_MEMBER`], unless `delete_comments` is set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountDeletion {
    /// The account's password.
    pub password: String,
    /// Also remove every comment of the account (those with replies stay as placeholders).
    #[serde(default)]
    pub delete_comments: bool,
}

/// A social sign-in the endpoint offers ("Connect using NAME"): `GET /auth/providers`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Provider {
    /// Its id in the sign-in address `/auth/oidc/{id}/start`.
    pub id: String,
    /// What its button says.
    pub name: String,
}

/// The answer of `GET /auth/providers`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Providers {
    /// Every configured provider, in the configuration's order.
    pub items: Vec<Provider>,
}

/// The answer of `POST /auth/widget-session`: a session for a widget framed by a partner, to
/// send as `Authorization: Bearer TOKEN` (the browser may not send Byline's cookie there).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WidgetSession {
    /// The session token.
    pub token: String,
    /// Who it signs in.
    pub member: Member,
}

/// The author name of comments whose member deleted their account but kept their comments.
pub const FORMER_MEMBER: &str = "former member";

/// `GET /auth/me/comments`: everything the member wrote, to download.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CommentExport {
    /// Who the comments are by.
    pub member: Member,
    /// When the export was made.
    pub exported_at: String,
    /// Every live comment of the account, oldest first.
    pub comments: Vec<ExportedComment>,
}

/// One of the member's comments, with where it was posted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExportedComment {
    /// The comment's id.
    pub id: i64,
    /// The slug of its article.
    pub article_slug: String,
    /// The title of its article.
    pub article_title: String,
    /// The address of the partner's page it was posted on, for a comment in a partner page's
    /// own thread.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_url: Option<String>,
    /// The comment it answers, if it is a reply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<i64>,
    /// Its text.
    pub body: String,
    /// When it was posted.
    pub created_at: String,
    /// When it was last edited, if ever.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub edited_at: Option<String>,
}

/// The answer of a request that is taken in and followed up by email (`202 Accepted`). Its
/// message is the same whatever the address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Accepted {
    /// What happens next, for a person, in English.
    pub message: String,
    /// The same, named for clients that say it in their reader's language (a
    /// [`Code`](crate::code::Code) name).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

/// Field names used in [`Problem::errors`](crate::Problem::errors) by the `/auth` routes.
pub mod field {
    /// The display name of a new account.
    pub const DISPLAY_NAME: &str = "display_name";
    /// An email address.
    pub const EMAIL: &str = "email";
    /// A password.
    pub const PASSWORD: &str = "password";
    /// The token of an emailed link.
    pub const TOKEN: &str = "token";
    /// The current password, proving a change.
    pub const CURRENT_PASSWORD: &str = "current_password";
    /// A new password replacing the current one.
    pub const NEW_PASSWORD: &str = "new_password";
}

/// A registration whose fields passed every rule: name and address trimmed, the password as
/// typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidRegistration {
    /// The trimmed display name.
    pub display_name: String,
    /// The trimmed address.
    pub email: String,
    /// The password, untouched (spaces count).
    pub password: String,
}

/// Every rule a registration breaks, by field.
pub fn register_breaks(input: &Register) -> Vec<(&'static str, RuleBreak)> {
    let email = input.email.trim();
    [
        (field::DISPLAY_NAME, name_break(input.display_name.trim())),
        (field::EMAIL, email_break(email)),
        (field::PASSWORD, password_break(&input.password, email)),
    ]
    .into_iter()
    .filter_map(|(name, broken)| Some((name, broken?)))
    .collect()
}

/// Checks a registration, returning the cleaned fields or a message for each bad one.
pub fn register(input: &Register) -> Result<ValidRegistration, FieldErrors> {
    let breaks = register_breaks(input);
    if !breaks.is_empty() {
        return Err(field_errors(breaks));
    }
    Ok(ValidRegistration {
        display_name: input.display_name.trim().to_owned(),
        email: input.email.trim().to_owned(),
        password: input.password.clone(),
    })
}

/// Where to send a reader after signing in: `next` when it is a path on this site, else the
/// front page. Anything else (`//elsewhere`, `/\elsewhere`, `https://…`, `javascript:`) would
/// make the sign-in an open redirect. The page and the endpoint (after a provider sign-in) both
/// follow this rule.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(next)
            if next.starts_with('/')
                && !next.starts_with("//")
                && !next.starts_with("/\\")
                && !next.chars().any(char::is_control) =>
        {
            next.to_owned()
        }
        _ => "/".to_owned(),
    }
}

/// The rule a new display name breaks, by field.
pub fn profile_breaks(input: &ProfileChange) -> Vec<(&'static str, RuleBreak)> {
    name_break(input.display_name.trim())
        .map(|broken| (field::DISPLAY_NAME, broken))
        .into_iter()
        .collect()
}

/// Checks a new display name, returning it trimmed.
pub fn profile_change(input: &ProfileChange) -> Result<String, FieldErrors> {
    let breaks = profile_breaks(input);
    if breaks.is_empty() {
        Ok(input.display_name.trim().to_owned())
    } else {
        Err(field_errors(breaks))
    }
}

/// Every rule a password change of the account with address `email` (empty when the page
/// does not know it) breaks: the current password given, the new one following
/// [`password_rule`] and differing from the current one.
pub fn password_change_breaks(
    input: &PasswordChange,
    email: &str,
) -> Vec<(&'static str, RuleBreak)> {
    let mut breaks = Vec::new();
    if input.current_password.is_empty() {
        breaks.push((field::CURRENT_PASSWORD, RuleBreak::CurrentPasswordEmpty));
    }
    if let Some(broken) = password_break(&input.new_password, email) {
        breaks.push((field::NEW_PASSWORD, broken));
    } else if input.new_password == input.current_password {
        breaks.push((field::NEW_PASSWORD, RuleBreak::PasswordUnchanged));
    }
    breaks
}

/// Checks a password change (see [`password_change_breaks`]).
pub fn password_change(input: &PasswordChange, email: &str) -> Result<(), FieldErrors> {
    let breaks = password_change_breaks(input, email);
    if breaks.is_empty() {
        Ok(())
    } else {
        Err(field_errors(breaks))
    }
}

/// The rule the address of a forgotten-password request breaks, by field.
pub fn forgot_breaks(input: &Forgot) -> Vec<(&'static str, RuleBreak)> {
    email_break(input.email.trim())
        .map(|broken| (field::EMAIL, broken))
        .into_iter()
        .collect()
}

/// Checks the address of a forgotten-password request, returning it trimmed.
pub fn forgot(input: &Forgot) -> Result<String, FieldErrors> {
    let breaks = forgot_breaks(input);
    if breaks.is_empty() {
        Ok(input.email.trim().to_owned())
    } else {
        Err(field_errors(breaks))
    }
}

/// Checks a password for the account with address `email`: 10 to 1,024 characters, not the
/// address itself, and not one of the commonly used passwords.
pub fn password_rule(password: &str, email: &str) -> Result<(), String> {
    password_break(password, email).map_or(Ok(()), |broken| Err(broken.to_string()))
}

/// The rule a password for the account with address `email` breaks, if any.
pub fn password_break(password: &str, email: &str) -> Option<RuleBreak> {
    let count = char_count(password);
    if count < PASSWORD_MIN_CHARS {
        Some(RuleBreak::PasswordTooShort(count))
    } else if count > PASSWORD_MAX_CHARS {
        Some(RuleBreak::PasswordTooLong)
    } else if !email.is_empty() && password.trim().to_lowercase() == email.trim().to_lowercase() {
        Some(RuleBreak::PasswordIsEmail)
    } else if is_common_password(password) {
        Some(RuleBreak::PasswordCommon)
    } else {
        None
    }
}

/// Whether a password is on the list of common ones, ignoring case.
pub fn is_common_password(password: &str) -> bool {
    let lowered = password.to_lowercase();
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .any(|common| !common.is_empty() && common == lowered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn registration(display_name: &str, email: &str, password: &str) -> Register {
        Register {
            display_name: display_name.into(),
            email: email.into(),
            password: password.into(),
            lang: None,
        }
    }

    fn bad_fields(input: &Register) -> Vec<String> {
        match register(input) {
            Ok(_) => vec![],
            Err(errors) => errors.into_keys().collect(),
        }
    }

    #[test]
    fn each_rule_names_its_field() {
        let long_name = "n".repeat(61);
        let long_password = "p".repeat(1_025);
        let cases: &[(&str, &str, &str, &[&str])] = &[
            (
                "Shilan",
                "shilan@example.org",
                "river crossing at dusk",
                &[],
            ),
            (
                " ",
                "shilan@example.org",
                "river crossing at dusk",
                &["display_name"],
            ),
            (
                &long_name,
                "shilan@example.org",
                "river crossing at dusk",
                &["display_name"],
            ),
            (
                "Tab\tname",
                "shilan@example.org",
                "river crossing at dusk",
                &["display_name"],
            ),
            ("Shilan", "shilan@", "river crossing at dusk", &["email"]),
            ("Shilan", "", "river crossing at dusk", &["email"]),
            ("Shilan", "shilan@example.org", "ninechars", &["password"]),
            ("Shilan", "shilan@example.org", "", &["password"]),
            (
                "Shilan",
                "shilan@example.org",
                &long_password,
                &["password"],
            ),
            ("Shilan", "shilan@example.org", "Password123", &["password"]),
            ("Shilan", "shilan@example.org", "QWERTYUIOP", &["password"]),
            (
                "Shilan",
                "shilan@example.org",
                "Shilan@Example.org",
                &["password"],
            ),
            ("", "", "", &["display_name", "email", "password"]),
        ];
        for (name, email, password, expected) in cases {
            assert_eq!(
                bad_fields(&registration(name, email, password)),
                expected.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                "name={name:?} email={email:?} password={password:?}"
            );
        }
    }

    #[test]
    fn a_valid_registration_is_trimmed_but_the_password_is_not() {
        let valid = register(&registration(
            " Dana ",
            " dana@example.org ",
            " long enough pw ",
        ))
        .expect("valid");
        assert_eq!(valid.display_name, "Dana");
        assert_eq!(valid.email, "dana@example.org");
        assert_eq!(valid.password, " long enough pw ");
    }

    #[test]
    fn password_length_counts_characters() {
        // Ten Arabic letters are twenty bytes but exactly the minimum.
        assert!(password_rule(&"ع".repeat(10), "a@b.iq").is_ok());
        assert!(password_rule(&"ع".repeat(9), "a@b.iq").is_err());
    }

    #[test]
    fn the_common_list_is_long_lowercase_and_has_no_short_or_repeated_entries() {
        let entries: Vec<&str> = COMMON_PASSWORDS
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect();
        assert!(entries.len() >= 190, "{} entries", entries.len());
        let mut seen = std::collections::HashSet::new();
        for entry in &entries {
            assert!(char_count(entry) >= PASSWORD_MIN_CHARS, "{entry} is short");
            assert_eq!(*entry, entry.to_lowercase(), "{entry} is not lowercase");
            assert!(seen.insert(*entry), "{entry} is listed twice");
        }
        for weak in [
            "password123",
            "1234567890",
            "qwertyuiop",
            "iloveyou12",
            "letmein1234",
        ] {
            assert!(is_common_password(weak), "{weak}");
        }
        assert!(!is_common_password("a river crossing at dusk"));
    }

    #[test]
    fn forgot_checks_the_address_only() {
        assert_eq!(
            forgot(&Forgot {
                email: " a@example.org ".into(),
                lang: None,
            }),
            Ok("a@example.org".to_owned())
        );
        let errors = forgot(&Forgot {
            email: "nope".into(),
            lang: None,
        })
        .expect_err("invalid");
        assert_eq!(errors.keys().collect::<Vec<_>>(), ["email"]);
    }

    #[test]
    fn a_password_change_needs_the_current_password_and_a_good_different_new_one() {
        let change = |current: &str, new: &str| {
            password_change(
                &PasswordChange {
                    current_password: current.into(),
                    new_password: new.into(),
                },
                "dana@example.org",
            )
            .err()
            .map(|errors| errors.into_keys().collect::<Vec<_>>())
            .unwrap_or_default()
        };
        assert!(change("old but long enough", "a river crossing at dusk").is_empty());
        assert_eq!(change("", "a river crossing at dusk"), ["current_password"]);
        assert_eq!(change("old but long enough", "short"), ["new_password"]);
        assert_eq!(
            change("old but long enough", "password123"),
            ["new_password"]
        );
        assert_eq!(
            change("old but long enough", "dana@example.org"),
            ["new_password"]
        );
        assert_eq!(
            change("same old password", "same old password"),
            ["new_password"]
        );
    }

    #[test]
    fn a_new_display_name_follows_the_name_rule() {
        let change = |name: &str| {
            profile_change(&ProfileChange {
                display_name: name.into(),
            })
        };
        assert_eq!(change("  Dana K. "), Ok("Dana K.".to_owned()));
        assert!(change(" ").is_err());
        assert!(change(&"n".repeat(61)).is_err());
    }

    #[test]
    fn only_paths_on_this_site_are_followed_after_sign_in() {
        assert_eq!(
            safe_next(Some("/articles/dam-talks#comments")),
            "/articles/dam-talks#comments"
        );
        assert_eq!(safe_next(Some("/")), "/");
        for bad in [
            "//evil.example/x",
            "/\\evil.example",
            "https://evil.example",
            "javascript:alert(1)",
            "",
            "/a\nb",
        ] {
            assert_eq!(safe_next(Some(bad)), "/", "{bad:?}");
        }
        assert_eq!(safe_next(None), "/");
    }
}
