//! The page's parts, one folder or file per feature.

pub mod article;
pub mod comments;
pub mod feedback;
pub mod form;
pub mod later;
pub mod layout;
pub mod parts;
pub mod sidebar;
pub mod time;
