//! The member views under `/account`: sign in, register, confirm, forgot and reset password,
//! and the account itself. Each is a page of its own (a route, so the browser's back button,
//! password managers and screen readers treat it as one); a comment draft waits in storage
//! while the reader is here, so it is still in the form when they come back.

mod confirm;
mod connected;
mod contribute;
mod forgot;
mod handoff;
mod moderation;
mod overview;
mod register;
mod reset;
mod sign_in;

pub use confirm::ConfirmPage;
pub use connected::ConnectedPage;
pub use contribute::ContributePage;
pub use forgot::ForgotPage;
pub use handoff::HandoffPage;
pub use moderation::ModerationPage;
pub use overview::AccountPage;
pub use register::RegisterPage;
pub use reset::ResetPage;
pub use sign_in::SignInPage;

use byline_contract::auth::Accepted;
use byline_contract::code::Code;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api;
use crate::components::layout::set_document_title;
use crate::i18n::{AccountKey, tr, tr_seconds};
use crate::session::safe_next;

/// How the account views say the cases only they meet, in the page's language (registered
/// with [`crate::i18n::set_account_words`] when the account bundle starts).
pub fn code_words(code: Code, retry_after: Option<u32>) -> Option<String> {
    let key = match code {
        Code::SignInFailed => AccountKey::AccCodeSignInFailed,
        Code::SignInThrottled => {
            return retry_after
                .map(|seconds| tr_seconds(AccountKey::AccCodeSignInThrottled, seconds));
        }
        Code::WidgetSessionRefused => AccountKey::AccCodeWidgetSession,
        Code::ConfirmLinkInvalid => AccountKey::AccCodeConfirmLink,
        Code::ResetLinkInvalid => AccountKey::AccCodeResetLink,
        Code::ProviderUnknown => AccountKey::AccCodeProviderUnknown,
        Code::PasswordWrong => AccountKey::AccCodePasswordWrong,
        Code::PasswordNotSet => AccountKey::AccCodePasswordNotSet,
        Code::RegisterSent => AccountKey::AccCodeRegisterSent,
        Code::ForgotSent => AccountKey::AccCodeForgotSent,
        Code::NotAModerator => AccountKey::AccCodeNotAModerator,
        Code::NotPhotoOrVideo => AccountKey::AccCodeNotPhotoOrVideo,
        Code::FileTooLarge => AccountKey::AccCodeFileTooLarge,
        // The reader's pages' cases: crate::i18n::code_message says them.
        Code::NameTaken
        | Code::SignedOut
        | Code::CrossSiteRefused
        | Code::NotYourComment
        | Code::EditWindowClosed
        | Code::RateLimited
        | Code::DuplicateComment
        | Code::TooManyLinks
        | Code::BannedWords
        | Code::LooksAutomated
        | Code::KeyReused
        | Code::RequestInProgress
        | Code::CommentsClosed
        | Code::Banned
        | Code::AlreadyReported => return None,
    };
    Some(tr(key))
}

/// What an emailed request's answer says happens next, in the page's language when the
/// endpoint names the case (else its own sentence).
fn accepted_text(accepted: Accepted) -> String {
    accepted
        .code
        .as_deref()
        .and_then(Code::parse)
        .and_then(|code| code_words(code, None))
        .unwrap_or(accepted.message)
}

/// The frame of every account view: a narrow column with its heading.
#[component]
fn AccountShell(
    /// The heading, also the tab's title.
    title: AccountKey,
    children: Children,
) -> impl IntoView {
    let title = tr(title);
    set_document_title(&title);
    view! {
        <section class="account" aria-labelledby="account-title">
            <h1 class="account__title" id="account-title">{title}</h1>
            {children()}
        </section>
    }
}

/// The `next` query parameter, where the reader goes back to; a path on this site.
fn next_path() -> Memo<String> {
    let query = use_query_map();
    Memo::new(move |_| safe_next(query.read().get("next").as_deref()))
}

/// A query parameter of this view, such as the `token` of an emailed link.
fn query_value(name: &'static str) -> Memo<Option<String>> {
    let query = use_query_map();
    Memo::new(move |_| query.read().get(name).filter(|value| !value.is_empty()))
}

/// `path` with `?next=` carried along.
fn with_next(path: &str, next: &str) -> String {
    if next == "/" {
        return path.to_owned();
    }
    let next = js_sys::encode_uri_component(next)
        .as_string()
        .unwrap_or_default();
    format!("{path}?next={next}")
}

/// "Connect using": one button per provider the endpoint offers (none when it offers none or
/// cannot say), each coming back to `next`.
#[component]
fn ConnectUsing(next: Memo<String>) -> impl IntoView {
    let providers = LocalResource::new(api::providers);
    let buttons = move || {
        Suspend::new(async move {
            let providers = providers.await.ok()?.items;
            (!providers.is_empty()).then(|| {
                view! {
                    <section class="account__connect" aria-labelledby="connect-title">
                        <h2 class="account__subtitle" id="connect-title">{tr(AccountKey::AccConnectUsing)}</h2>
                        <ul class="account__providers">
                            {providers
                                .into_iter()
                                .map(|provider| {
                                    // rel=external: a navigation to the endpoint, which sends
                                    // the browser on to the provider; not a route of the page.
                                    let href = move || api::oidc_start_url(&provider.id, &next.get());
                                    view! {
                                        <li>
                                            <a class="button button--secondary" rel="external" href=href>
                                                {provider.name.clone()}
                                            </a>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    </section>
                }
            })
        })
    };
    view! { <Suspense fallback=|| ()>{buttons}</Suspense> }
}
