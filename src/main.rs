//! The browser entry point; everything else lives in the library so tests can reach it.

fn main() {
    byline::start();
}
