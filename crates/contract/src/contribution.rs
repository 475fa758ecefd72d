//! "Be part of": readers send the newsroom stories, photos and videos. The text goes as JSON
//! ([`NewContribution`], its fields named in errors by [`field`]); each file then goes as the
//! raw body of a request of its own, streamed to disk as it arrives; these are the JSON
//! answers around them.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// The most files one contribution carries.
pub const MAX_FILES: usize = 10;
/// The longest title, in characters.
pub const TITLE_MAX_CHARS: usize = 200;
/// The longest story, in characters.
pub const STORY_MAX_CHARS: usize = 20_000;
/// The longest place, in characters.
pub const PLACE_MAX_CHARS: usize = 200;

/// The header that carries a draft's [`Draft::upload_token`].
pub const UPLOAD_TOKEN_HEADER: &str = "Byline-Upload-Token";
/// The header that carries a file's name as the contributor's device gave it
/// (percent-encoded).
pub const FILE_NAME_HEADER: &str = "Byline-File-Name";

/// The body of `POST /contributions`: the text of a contribution. Its files follow one by one
/// (`PUT /contributions/{id}/files/{position}`, each a request of its own, so each reports
/// its progress and a failed one is sent again alone), then `POST /contributions/{id}/submit`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewContribution {
    /// What it is about.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub title: String,
    /// The story in the contributor's words.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 20000))]
    pub story: String,
    /// Where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// When it happened, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// A guest's name (a signed-in member's account stands in).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A guest's address, for the receipt and the newsroom only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    /// The contributor agrees to the publication terms.
    pub consent: bool,
    /// The page's language, for the receipt.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
}

/// The `201` answer to `POST /contributions`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Draft {
    /// The contribution's id.
    pub id: i64,
    /// What its files and its sending carry in [`UPLOAD_TOKEN_HEADER`].
    pub upload_token: String,
}

/// The field names of [`NewContribution`], as its errors name them.
pub mod field {
    /// What it is about.
    pub const TITLE: &str = "title";
    /// The story in the contributor's words.
    pub const STORY: &str = "story";
    /// Where it happened (optional).
    pub const PLACE: &str = "place";
    /// When it happened, `YYYY-MM-DD` (optional).
    pub const DATE: &str = "date";
    /// A guest's name (a member's account stands in).
    pub const NAME: &str = "name";
    /// A guest's address, for the receipt and the newsroom only.
    pub const EMAIL: &str = "email";
    /// The contributor's agreement to the publication terms.
    pub const CONSENT: &str = "consent";
}

/// What a stored file is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum MediaKind {
    /// A photo: JPEG, PNG, WebP or HEIC, its metadata stripped.
    Photo,
    /// A video: MP4, WebM or MOV.
    Video,
}

/// A file as stored: decided by its content, named by its digest.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StoredFile {
    /// Its place in the contribution, from 0, as it was sent to (`PUT …/files/{position}`)
    /// and is fetched from: places taken out before sending leave gaps.
    pub position: u32,
    /// Photo or video.
    pub kind: MediaKind,
    /// The type its content shows (`image/jpeg`…), whatever its name said.
    pub media_type: String,
    /// Its size as stored, in bytes (a photo's after its metadata went).
    pub size: u64,
    /// The hex SHA-256 of what is stored, which names it.
    pub sha256: String,
    /// What the contributor's device called it.
    pub original_name: String,
    /// Whether metadata (EXIF, GPS, XMP, text chunks) was found and removed.
    pub metadata_removed: bool,
}

/// The `201` answer to `POST /contributions`: the receipt, also sent by email.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Receipt {
    /// The reference to quote to the newsroom, such as `BP-7KX2-M4QD`.
    pub reference: String,
    /// The files as stored.
    pub files: Vec<StoredFile>,
}

/// Where a contribution is with the newsroom.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Waiting for a moderator.
    Pending,
    /// Taken for publication.
    Accepted,
    /// Turned down.
    Rejected,
}

/// A contribution as moderators see it (never the contributor's address).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contribution {
    /// Its id.
    pub id: i64,
    /// Its reference, as in the receipt.
    pub reference: String,
    /// What it is about.
    pub title: String,
    /// The story.
    pub story: String,
    /// Where it happened.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// When it happened, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Who sent it (a guest's name or a member's display name).
    pub author_name: String,
    /// Whether a signed-in member sent it.
    pub by_member: bool,
    /// When it arrived.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub created_at: Timestamp,
    /// Where it is with the newsroom.
    pub status: Status,
    /// Its files, in the order sent.
    pub files: Vec<StoredFile>,
}

/// The answer of `GET /moderation/contributions`: newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Contributions {
    /// The contributions.
    pub items: Vec<Contribution>,
}

/// The body of `POST /moderation/contributions/{id}`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContributionDecision {
    /// `accepted` or `rejected`.
    pub status: Status,
}
