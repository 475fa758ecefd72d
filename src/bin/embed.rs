//! The browser entry point of the widgets' bundle (`embed.html`, served under `/embed`): the
//! comments and the latest comments that partner pages frame.

fn main() {
    byline::start_embed();
}
