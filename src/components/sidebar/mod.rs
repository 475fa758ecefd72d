//! The sidebars beside the article: what readers say across the site, other stories, and the
//! call to send in stories.

mod be_part_of;
mod elsewhere;
mod latest;

pub use be_part_of::BePartOf;
pub use elsewhere::Elsewhere;
pub use latest::{LatestComments, group_by_article};
