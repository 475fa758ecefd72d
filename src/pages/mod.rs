//! One module per route.

mod account;
mod article;
mod home;
mod not_found;

pub use account::{
    AccountPage, ConfirmPage, ConnectedPage, ContributePage, ForgotPage, HandoffPage,
    ModerationPage, RegisterPage, ResetPage, SignInPage, code_words as account_code_words,
};
pub use article::ArticlePage;
pub use home::HomePage;
pub use not_found::NotFound;
