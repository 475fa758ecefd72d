//! Who is reading: a guest, or a signed-in member.
//!
//! The session is an HttpOnly cookie the page cannot see, so the page keeps a hint of who
//! signed in (`storage`). With a hint, the page shows the member at once and asks
//! `GET /auth/me` in the background, dropping the hint when the endpoint says the session is
//! over. Without one, it asks nothing: a guest's page makes no extra request.

use byline_contract::auth::Member;
pub use byline_contract::auth::safe_next;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api;
use crate::storage;

/// The reader's session, shared through context.
#[derive(Clone, Copy, Debug)]
pub struct Session {
    member: RwSignal<Option<Member>>,
}

impl Session {
    /// A session with nobody signed in and no hint read (for views rendered on their own).
    pub fn guest() -> Self {
        Self {
            member: RwSignal::new(None),
        }
    }

    /// The signed-in member, if any (tracked).
    pub fn member(&self) -> Option<Member> {
        self.member.get()
    }

    /// The signed-in member, if any, without tracking.
    pub fn member_untracked(&self) -> Option<Member> {
        self.member.get_untracked()
    }

    /// The signed-in member's account id, if any (tracked).
    pub fn member_id(&self) -> Option<i64> {
        self.member.with(|member| member.as_ref().map(|m| m.id))
    }

    /// Whether the signed-in member moderates, without tracking (nor copying the member).
    pub fn moderates_untracked(&self) -> bool {
        self.member
            .with_untracked(|member| member.as_ref().is_some_and(|m| m.role.moderates()))
    }

    /// The signed-in member's account id, if any, without tracking.
    pub fn member_id_untracked(&self) -> Option<i64> {
        self.member
            .with_untracked(|member| member.as_ref().map(|m| m.id))
    }

    /// Records a sign-in (or fresh details of the member).
    pub fn signed_in(&self, member: Member) {
        storage::save_member(&member);
        self.member.try_set(Some(member));
    }

    /// Signs out with the endpoint, then here. When the endpoint cannot be reached the member
    /// stays signed in (the cookie would still say so) and the error says why.
    pub async fn sign_out(self) -> Result<(), api::ApiError> {
        match api::sign_out().await {
            // 401: the session was over already.
            Ok(()) | Err(api::ApiError::Status { status: 401, .. }) => {
                self.signed_out();
                Ok(())
            }
            Err(error) => Err(error),
        }
    }

    /// Records that nobody is signed in any more.
    pub fn signed_out(&self) {
        storage::forget_member();
        self.member.try_set(None);
    }
}

/// Provides the session to the whole page, from the hint, and checks the hint.
pub fn provide_session() {
    let hint = storage::load_member();
    let checking = hint.is_some();
    let session = Session {
        member: RwSignal::new(hint),
    };
    provide_context(session);
    if checking {
        spawn_local(async move {
            match api::me().await {
                Ok(member) => session.signed_in(member),
                Err(error) if error.status() == Some(401) => session.signed_out(),
                // Offline or a failing endpoint: keep the hint; a request that needs the
                // session will say so.
                Err(_) => {}
            }
        });
    }
}

/// The page's session, or a guest one where none is provided.
pub fn use_session() -> Session {
    use_context::<Session>().unwrap_or_else(Session::guest)
}

/// The address of the sign-in view that comes back to `here` (a path on this site) after.
pub fn sign_in_href(here: &str) -> String {
    let next = js_sys::encode_uri_component(here)
        .as_string()
        .unwrap_or_default();
    format!("/account/sign-in?next={next}")
}
