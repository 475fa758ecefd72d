//! Stable names for what went wrong (or what happens next), so a client can say it in its
//! reader's language.
//!
//! The endpoint writes its sentences in English (`Problem::detail`, the messages of
//! `Problem::errors`, `Accepted::message`) for developers and for clients that show them as
//! they are. Beside them it names the case with a [`Code`]: `Problem::code` for the answer as a
//! whole, `Problem::error_codes` for a field, `Accepted::code` for a request taken in. A
//! client that knows the code shows its own words; one that does not (or a code added later)
//! falls back to the English sentence. On the wire a code is a plain string, so a code this
//! crate does not know yet still decodes.
//!
//! The rules a comment or an account form breaks are not here: they are
//! [`RuleBreak`](crate::validate::RuleBreak)s, which the client checks itself before sending.
//! These are the cases only the endpoint can know.

/// A case the endpoint names, beyond the rules a client checks itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Code {
    /// 401 on sign-in: wrong address or password, or an unconfirmed account (one case, so
    /// that the answer does not tell which addresses have accounts).
    SignInFailed,
    /// 429: too many failed sign-ins or wrong current passwords; `Retry-After` says how many
    /// seconds to wait.
    SignInThrottled,
    /// 401: the request needs a member, and its session is missing or has ended.
    SignedOut,
    /// 403: a request that changes something came from another site, or without the
    /// `X-Byline-Request` header.
    CrossSiteRefused,
    /// 403: a widget's session cannot manage the account.
    WidgetSessionRefused,
    /// 400 on confirming: the confirmation link is mistyped, used or expired.
    ConfirmLinkInvalid,
    /// 400 on resetting: the reset link is mistyped, used or expired.
    ResetLinkInvalid,
    /// 404: no sign-in provider has this id.
    ProviderUnknown,
    /// A field's: a member uses this display name (a guest's name or a new member's).
    NameTaken,
    /// A field's: the current password given is not the account's.
    PasswordWrong,
    /// A field's: the account has no password yet (it signs in with a provider).
    PasswordNotSet,
    /// 403: the comment is someone else's.
    NotYourComment,
    /// 403: the comment can no longer be edited (its author can still remove it).
    EditWindowClosed,
    /// 202 on registering: a confirmation link is on its way.
    RegisterSent,
    /// 202 on a forgotten password: a reset link is on its way, if the address has an account.
    ForgotSent,
    /// 429: too many write requests from one address or account; `Retry-After` says how many
    /// seconds to wait.
    RateLimited,
    /// A field's (`body`): the same comment from the same author, posted moments ago.
    DuplicateComment,
    /// A field's (`body`): more links than a guest's comment may carry.
    TooManyLinks,
    /// A field's (`body`, `guest.name`): words the site does not publish.
    BannedWords,
    /// 422: a field that people never see was filled in, as robots do.
    LooksAutomated,
    /// 422: an `Idempotency-Key` already sent with a different request.
    KeyReused,
    /// 409: the first request with this `Idempotency-Key` is still being answered.
    RequestInProgress,
    /// 403: the article takes no new comments.
    CommentsClosed,
    /// 403: a moderator banned this member, or blocked this guest's address.
    Banned,
    /// 409: this reader reported this comment already.
    AlreadyReported,
    /// 403: only moderators may do this.
    NotAModerator,
    /// 415: a contributed file is neither a photo nor a video we take, by its content.
    NotPhotoOrVideo,
    /// 413: a contributed file is over its kind's limit (or the contribution over its own).
    FileTooLarge,
}

impl Code {
    /// Every code, for tests and documentation.
    pub const ALL: [Code; 28] = [
        Code::SignInFailed,
        Code::SignInThrottled,
        Code::SignedOut,
        Code::CrossSiteRefused,
        Code::WidgetSessionRefused,
        Code::ConfirmLinkInvalid,
        Code::ResetLinkInvalid,
        Code::ProviderUnknown,
        Code::NameTaken,
        Code::PasswordWrong,
        Code::PasswordNotSet,
        Code::NotYourComment,
        Code::EditWindowClosed,
        Code::RegisterSent,
        Code::ForgotSent,
        Code::RateLimited,
        Code::DuplicateComment,
        Code::TooManyLinks,
        Code::BannedWords,
        Code::LooksAutomated,
        Code::KeyReused,
        Code::RequestInProgress,
        Code::CommentsClosed,
        Code::Banned,
        Code::AlreadyReported,
        Code::NotAModerator,
        Code::NotPhotoOrVideo,
        Code::FileTooLarge,
    ];

    /// The name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Code::SignInFailed => "sign_in_failed",
            Code::SignInThrottled => "sign_in_throttled",
            Code::SignedOut => "signed_out",
            Code::CrossSiteRefused => "cross_site_refused",
            Code::WidgetSessionRefused => "widget_session_refused",
            Code::ConfirmLinkInvalid => "confirm_link_invalid",
            Code::ResetLinkInvalid => "reset_link_invalid",
            Code::ProviderUnknown => "provider_unknown",
            Code::NameTaken => "name_taken",
            Code::PasswordWrong => "password_wrong",
            Code::PasswordNotSet => "password_not_set",
            Code::NotYourComment => "not_your_comment",
            Code::EditWindowClosed => "edit_window_closed",
            Code::RegisterSent => "register_sent",
            Code::ForgotSent => "forgot_sent",
            Code::RateLimited => "rate_limited",
            Code::DuplicateComment => "duplicate_comment",
            Code::TooManyLinks => "too_many_links",
            Code::BannedWords => "banned_words",
            Code::LooksAutomated => "looks_automated",
            Code::KeyReused => "idempotency_key_reused",
            Code::RequestInProgress => "request_in_progress",
            Code::CommentsClosed => "comments_closed",
            Code::Banned => "banned",
            Code::AlreadyReported => "already_reported",
            Code::NotAModerator => "not_a_moderator",
            Code::NotPhotoOrVideo => "not_photo_or_video",
            Code::FileTooLarge => "file_too_large",
        }
    }

    /// The code of a name on the wire; `None` for one this crate does not know.
    pub fn parse(name: &str) -> Option<Code> {
        Code::ALL.into_iter().find(|code| code.as_str() == name)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_round_trips_through_its_name_and_names_are_unique() {
        let mut names = std::collections::BTreeSet::new();
        for code in Code::ALL {
            assert_eq!(Code::parse(code.as_str()), Some(code));
            assert!(names.insert(code.as_str()), "{code} twice");
            assert!(
                code.as_str()
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_'),
                "{code} is not snake case"
            );
        }
        assert_eq!(Code::parse("a_code_from_later"), None);
    }
}
