//! The browser entry point of the account bundle (`account.html`, served under `/account`):
//! sign in, register, confirm, forgotten password, the account page.

fn main() {
    byline::start_account();
}
