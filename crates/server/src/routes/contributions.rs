//! `POST /api/v1/contributions`: a reader's story with up to ten photos and videos, as
//! `multipart/form-data` (text fields first, then the files). Each file is streamed to a
//! temporary file as it arrives, never held whole in memory; its type is decided by its first
//! bytes, its size checked against the limit of its kind while it arrives (the upload stops
//! there, before it fills the disk); a photo is copied without its metadata; then every file
//! goes into the [`Storage`](crate::uploads::Storage) under its SHA-256 at once with the
//! contribution's rows. Anything that fails, a dropped connection included, leaves no file
//! behind. The receipt (a reference) is the answer, and goes by email.
//!
//! Moderators list contributions and fetch their files under `/moderation/contributions`;
//! nothing else serves them.

use axum::Json;
use axum::body::Body;
use axum::extract::multipart::{Field, MultipartError, MultipartRejection};
use axum::extract::{Multipart, Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_contract::contribution::{
    Contribution, ContributionDecision, Contributions, MAX_FILES, MediaKind, PLACE_MAX_CHARS,
    Receipt, STORY_MAX_CHARS, Status, StoredFile, TITLE_MAX_CHARS, field,
};
use byline_contract::validate;
use byline_contract::{FieldErrors, GuestIdentity};
use sha2::{Digest, Sha256};
use sqlx::Row;
use tokio::io::AsyncWriteExt;

use crate::AppState;
use crate::auth::OptionalMember;
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;
use crate::mail::Mail;
use crate::mail_text::MailLang;
use crate::media::{self, Media, SNIFF_BYTES};
use crate::model::timestamp;
use crate::moderation::Moderator;
use crate::store::StoreError;
use crate::uploads::TempFile;

/// The size limits of uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// The largest photo, in bytes.
    pub photo: u64,
    /// The largest video, in bytes.
    pub video: u64,
    /// The most one contribution may carry in all, in bytes.
    pub total: u64,
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self {
            photo: 20 * 1024 * 1024,
            video: 200 * 1024 * 1024,
            total: 500 * 1024 * 1024,
        }
    }
}

/// The longest text field read, in bytes (a story at its longest, in any script).
const TEXT_FIELD_MAX_BYTES: usize = STORY_MAX_CHARS * 4 + 1024;

/// A received file, waiting to be kept.
struct Received {
    temp: TempFile,
    stored: StoredFile,
}

/// The text of a contribution, once checked.
struct Story {
    title: String,
    story: String,
    place: Option<String>,
    date: Option<String>,
    guest: Option<GuestIdentity>,
    lang: Option<String>,
}

fn file_field(index: usize) -> String {
    format!("files[{index}]")
}

fn upload_failed(error: MultipartError) -> ApiError {
    tracing::info!(%error, "an upload did not arrive whole");
    ApiError::new(
        StatusCode::BAD_REQUEST,
        Some("The upload did not arrive whole. Send it again.".to_owned()),
    )
    .with_title("Upload interrupted")
}

fn storage_failed(error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "storing an upload failed");
    ApiError::internal()
}

#[utoipa::path(
    post,
    path = "/contributions",
    tag = "contributions",
    request_body(content_type = "multipart/form-data", description = "title, story, place, date (YYYY-MM-DD), name and email (guests), consent (`yes`), lang, then up to 10 `file` parts"),
    responses(
        (status = 201, description = "The receipt", body = Receipt),
        crate::openapi::Problems,
    )
)]
/// `POST /api/v1/contributions`.
pub async fn create(
    State(state): State<AppState>,
    OptionalMember(member): OptionalMember,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<Response, ApiError> {
    let mut multipart = multipart.map_err(|_| {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some("Send a contribution as multipart/form-data.".to_owned()),
        )
    })?;
    let mut text: Vec<(String, String)> = Vec::new();
    let mut story: Option<Story> = None;
    let mut files: Vec<Received> = Vec::new();
    let mut total = 0u64;
    while let Some(part) = multipart.next_field().await.map_err(upload_failed)? {
        let name = part.name().unwrap_or_default().to_owned();
        if name == field::FILE {
            // The text is checked before a byte of any file is stored.
            if story.is_none() {
                story = Some(check_story(&text, member.is_some())?);
            }
            if files.len() == MAX_FILES {
                return Err(ApiError::field_invalid(
                    "files",
                    format!("Send at most {MAX_FILES} files."),
                ));
            }
            let received = receive(&state, part, files.len(), &mut total).await?;
            files.push(received);
        } else {
            let value = read_text(part).await?;
            text.push((name, value));
        }
    }
    let story = match story {
        Some(story) => story,
        None => check_story(&text, member.is_some())?,
    };
    keep(state, member, story, files).await
}

/// A text field, at most [`TEXT_FIELD_MAX_BYTES`].
async fn read_text(mut part: Field<'_>) -> Result<String, ApiError> {
    let name = part.name().unwrap_or_default().to_owned();
    let mut bytes = Vec::new();
    while let Some(chunk) = part.chunk().await.map_err(upload_failed)? {
        if bytes.len() + chunk.len() > TEXT_FIELD_MAX_BYTES {
            return Err(ApiError::field_invalid(&name, "This is far too long."));
        }
        bytes.extend_from_slice(&chunk);
    }
    String::from_utf8(bytes).map_err(|_| ApiError::field_invalid(&name, "Send text as UTF-8."))
}

/// Checks the text fields; one 422 names every bad one.
fn check_story(text: &[(String, String)], member: bool) -> Result<Story, ApiError> {
    let value = |name: &str| {
        text.iter()
            .rev()
            .find(|(field, _)| field == name)
            .map(|(_, value)| value.trim().to_owned())
            .filter(|value| !value.is_empty())
    };
    let mut errors = FieldErrors::new();
    let need = |name: &str, max: usize, errors: &mut FieldErrors| -> Option<String> {
        match value(name) {
            None => {
                errors.insert(name.to_owned(), vec!["Fill this in.".to_owned()]);
                None
            }
            Some(text) if text.chars().count() > max => {
                errors.insert(
                    name.to_owned(),
                    vec![format!("Use at most {max} characters.")],
                );
                None
            }
            Some(text) => Some(text),
        }
    };
    let title = need(field::TITLE, TITLE_MAX_CHARS, &mut errors);
    let body = need(field::STORY, STORY_MAX_CHARS, &mut errors);
    let place = value(field::PLACE);
    if place
        .as_ref()
        .is_some_and(|place| place.chars().count() > PLACE_MAX_CHARS)
    {
        errors.insert(
            field::PLACE.to_owned(),
            vec![format!("Use at most {PLACE_MAX_CHARS} characters.")],
        );
    }
    let date = value(field::DATE);
    if date.as_deref().is_some_and(|date| !is_date(date)) {
        errors.insert(
            field::DATE.to_owned(),
            vec!["Give the date as YYYY-MM-DD.".to_owned()],
        );
    }
    if value(field::CONSENT).as_deref() != Some("yes") {
        errors.insert(
            field::CONSENT.to_owned(),
            vec!["Agree to the terms to send your contribution.".to_owned()],
        );
    }
    let guest = if member {
        None
    } else {
        let identity = GuestIdentity {
            name: value(field::NAME).unwrap_or_default(),
            email: value(field::EMAIL).unwrap_or_default(),
        };
        if let Err(message) = validate::name_rule(&identity.name) {
            errors.insert(field::NAME.to_owned(), vec![message]);
        }
        if let Err(message) = validate::email_rule(&identity.email) {
            errors.insert(field::EMAIL.to_owned(), vec![message]);
        }
        Some(identity)
    };
    match (title, body) {
        (Some(title), Some(story)) if errors.is_empty() => Ok(Story {
            title,
            story,
            place,
            date,
            guest,
            lang: value(field::LANG),
        }),
        _ => Err(ApiError::form_invalid(errors)),
    }
}

/// `YYYY-MM-DD` with a plausible month and day.
fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    match parts.as_slice() {
        [year, month, day] => {
            number(year, 4).is_some()
                && number(month, 2).is_some_and(|m| (1..=12).contains(&m))
                && number(day, 2).is_some_and(|d| (1..=31).contains(&d))
        }
        _ => false,
    }
}

/// Streams one file into a temporary file, deciding its type from its first bytes and
/// stopping at its kind's limit; strips a photo's metadata.
async fn receive(
    state: &AppState,
    mut part: Field<'_>,
    index: usize,
    total: &mut u64,
) -> Result<Received, ApiError> {
    let name = file_field(index);
    let original_name: String = part
        .file_name()
        .unwrap_or_default()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect();
    let limits = state.upload_limits;
    let temp = TempFile::create(&state.storage.temp_dir()).map_err(storage_failed)?;
    let mut out = tokio::fs::File::create(temp.path())
        .await
        .map_err(storage_failed)?;
    let mut head: Vec<u8> = Vec::with_capacity(SNIFF_BYTES);
    let mut kind: Option<Media> = None;
    let mut size = 0u64;
    let mut hasher = Sha256::new();
    let not_taken = || {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Some(format!(
                "File {} is not a photo or video we take.",
                index + 1
            )),
        )
        .with_error(
            &name,
            "This is not a photo (JPEG, PNG, WebP, HEIC) or a video (MP4, WebM, MOV), \
             whatever its name says.",
        )
    };
    while let Some(chunk) = part.chunk().await.map_err(upload_failed)? {
        size += chunk.len() as u64;
        *total += chunk.len() as u64;
        if kind.is_none() {
            let wanted = SNIFF_BYTES.saturating_sub(head.len()).min(chunk.len());
            head.extend_from_slice(&chunk[..wanted]);
            if head.len() >= SNIFF_BYTES {
                kind = Some(media::sniff(&head).ok_or_else(not_taken)?);
            }
        }
        let limit = match kind.map(Media::kind) {
            Some(MediaKind::Photo) => limits.photo,
            Some(MediaKind::Video) | None => limits.video,
        };
        if size > limit {
            return Err(too_large(&name, index, limit));
        }
        if *total > limits.total {
            return Err(ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                Some(format!(
                    "A contribution may carry at most {} MB in all.",
                    limits.total / (1024 * 1024)
                )),
            )
            .with_error(&name, "This file goes over the contribution's limit."));
        }
        hasher.update(&chunk);
        out.write_all(&chunk).await.map_err(storage_failed)?;
    }
    out.flush().await.map_err(storage_failed)?;
    drop(out);
    let media = match kind {
        Some(media) => media,
        None => media::sniff(&head).ok_or_else(not_taken)?,
    };
    let mut stored = StoredFile {
        kind: media.kind(),
        media_type: media.media_type().to_owned(),
        size,
        sha256: hex(&hasher.finalize()),
        original_name,
        metadata_removed: false,
    };
    if media.kind() == MediaKind::Video {
        return Ok(Received { temp, stored });
    }
    // A photo: copied without its metadata, then hashed again as stored.
    let clean = TempFile::create(&state.storage.temp_dir()).map_err(storage_failed)?;
    let (src, dst) = (temp.path().to_owned(), clean.path().to_owned());
    let stripped = tokio::task::spawn_blocking(move || {
        let removed = media::strip(media, &src, &dst)?;
        let mut file = std::fs::File::open(&dst)?;
        let mut hasher = Sha256::new();
        let size = std::io::copy(&mut file, &mut hasher)?;
        Ok::<_, std::io::Error>((removed, size, hex(&hasher.finalize())))
    })
    .await
    .map_err(storage_failed)?;
    let (removed, size, sha256) = stripped.map_err(|error| {
        tracing::info!(%error, "a photo did not read");
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(format!("Photo {} could not be read.", index + 1)),
        )
        .with_error(&name, "This photo is damaged or cut short; send it again.")
    })?;
    stored.metadata_removed = removed;
    stored.size = size;
    stored.sha256 = sha256;
    Ok(Received {
        temp: clean,
        stored,
    })
}

fn too_large(name: &str, index: usize, limit: u64) -> ApiError {
    let megabytes = limit / (1024 * 1024);
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        Some(format!("File {} is larger than {megabytes} MB.", index + 1)),
    )
    .with_error(
        name,
        format!("Files of this kind may be at most {megabytes} MB."),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A reference such as `BP-7KX2-M4QD`: eight random letters and digits without
/// look-alikes (no 0/O, 1/I/L). Not a secret: it names a contribution in letters.
fn new_reference() -> Result<String, ApiError> {
    const ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|_| ApiError::internal())?;
    let letters: String = bytes
        .iter()
        .map(|byte| char::from(ALPHABET[usize::from(*byte) % ALPHABET.len()]))
        .collect();
    Ok(format!("BP-{}-{}", &letters[..4], &letters[4..]))
}

/// Stores the files and the rows in one go, and sends the receipt.
async fn keep(
    state: AppState,
    member: Option<crate::auth::Member>,
    story: Story,
    files: Vec<Received>,
) -> Result<Response, ApiError> {
    let reference = new_reference()?;
    let (author_name, author_email, account_id) = match (&member, &story.guest) {
        (Some(member), _) => (
            member.display_name.clone(),
            Some(member.email.clone()),
            Some(member.account_id),
        ),
        (None, Some(guest)) => (guest.name.clone(), Some(guest.email.clone()), None),
        (None, None) => return Err(ApiError::internal()),
    };
    let lang = MailLang::from_tag(story.lang.as_deref());
    let receipt = Receipt {
        reference: reference.clone(),
        files: files.iter().map(|file| file.stored.clone()).collect(),
    };
    let storage = std::sync::Arc::clone(&state.storage);
    let pool = state.pool.clone();
    let email = author_email.clone();
    let count = files.len();
    let answer = receipt.clone();
    in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO contributions \
             (reference, title, story, place, event_date, author_name, author_email, \
              account_id, lang, created_at) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        )
        .bind(&reference)
        .bind(&story.title)
        .bind(&story.story)
        .bind(&story.place)
        .bind(&story.date)
        .bind(&author_name)
        .bind(&author_email)
        .bind(account_id)
        .bind(lang.code())
        .bind(now_ms())
        .fetch_one(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        for (position, file) in files.iter().enumerate() {
            let stored = &file.stored;
            sqlx::query(
                "INSERT INTO contribution_files \
                 (contribution_id, position, sha256, kind, media_type, size, original_name, \
                  metadata_removed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )
            .bind(id)
            .bind(i64::try_from(position).unwrap_or(0))
            .bind(&stored.sha256)
            .bind(kind_name(stored.kind))
            .bind(&stored.media_type)
            .bind(i64::try_from(stored.size).unwrap_or(i64::MAX))
            .bind(&stored.original_name)
            .bind(stored.metadata_removed)
            .execute(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        }
        // The files go into the store before the rows commit: a crash between leaves a blob
        // nothing names (harmless), never a row without its file.
        let moving = tokio::task::spawn_blocking(move || {
            for file in &files {
                storage.put(file.temp.path(), &file.stored.sha256)?;
            }
            Ok::<_, std::io::Error>(())
        })
        .await
        .map_err(storage_failed)?;
        moving.map_err(storage_failed)?;
        tx.commit().await?;
        Ok(())
    })
    .await?;
    tracing::info!(files = count, "contribution received");
    if let Some(email) = email {
        state.mailer.send(
            &email,
            Mail::Receipt {
                reference: answer.reference.clone(),
                files: count,
            },
            lang,
        );
    }
    Ok((StatusCode::CREATED, Json(answer)).into_response())
}

fn kind_name(kind: MediaKind) -> &'static str {
    match kind {
        MediaKind::Photo => "photo",
        MediaKind::Video => "video",
    }
}

/// `GET /api/v1/moderation/contributions`: the latest contributions, newest first, with
/// their files (never the contributor's address).
#[utoipa::path(
    get,
    path = "/moderation/contributions",
    tag = "contributions",
    responses(
        (status = 200, description = "The latest contributions", body = Contributions),
        crate::openapi::Problems,
    )
)]
pub async fn list(
    State(state): State<AppState>,
    _moderator: Moderator,
) -> Result<Json<Contributions>, ApiError> {
    let rows = sqlx::query(
        "SELECT id, reference, title, story, place, event_date, author_name, account_id, \
                status, created_at FROM contributions ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.get("id");
        let files = sqlx::query(
            "SELECT sha256, kind, media_type, size, original_name, metadata_removed \
               FROM contribution_files WHERE contribution_id = ?1 ORDER BY position",
        )
        .bind(id)
        .fetch_all(&state.pool)
        .await
        .map_err(StoreError::from)?
        .into_iter()
        .map(|file| StoredFile {
            kind: if file.get::<String, _>("kind") == "video" {
                MediaKind::Video
            } else {
                MediaKind::Photo
            },
            media_type: file.get("media_type"),
            size: u64::try_from(file.get::<i64, _>("size")).unwrap_or(0),
            sha256: file.get("sha256"),
            original_name: file.get("original_name"),
            metadata_removed: file.get("metadata_removed"),
        })
        .collect();
        let status: String = row.get("status");
        items.push(Contribution {
            id,
            reference: row.get("reference"),
            title: row.get("title"),
            story: row.get("story"),
            place: row.get("place"),
            date: row.get("event_date"),
            author_name: row.get("author_name"),
            by_member: row.get::<Option<i64>, _>("account_id").is_some(),
            created_at: timestamp(row.get("created_at")),
            status: match status.as_str() {
                "accepted" => Status::Accepted,
                "rejected" => Status::Rejected,
                _ => Status::Pending,
            },
            files,
        });
    }
    Ok(Json(Contributions { items }))
}

/// `GET /api/v1/moderation/contributions/{id}/files/{position}`: one file of a contribution,
/// to moderators only, as a download (never displayed inline from this origin).
#[utoipa::path(
    get,
    path = "/moderation/contributions/{id}/files/{position}",
    tag = "contributions",
    params(
        ("id" = i64, Path, minimum = 1, description = "The contribution's id"),
        ("position" = u32, Path, description = "The file's place in the contribution, from 0"),
    ),
    responses(
        (status = 200, description = "The file's bytes", content_type = "application/octet-stream"),
        crate::openapi::Problems,
    )
)]
pub async fn file(
    State(state): State<AppState>,
    _moderator: Moderator,
    Path((id, position)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let not_found = || ApiError::not_found("This contribution has no such file.");
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let position: i64 = position.parse().map_err(|_| not_found())?;
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT sha256, media_type FROM contribution_files \
          WHERE contribution_id = ?1 AND position = ?2",
    )
    .bind(id)
    .bind(position)
    .fetch_optional(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let (sha256, media_type) = found.ok_or_else(not_found)?;
    let storage = std::sync::Arc::clone(&state.storage);
    let file = tokio::task::spawn_blocking(move || storage.open(&sha256))
        .await
        .map_err(storage_failed)?
        .map_err(storage_failed)?;
    let stream = tokio_util::io::ReaderStream::new(tokio::fs::File::from_std(file));
    Ok((
        [
            (header::CONTENT_TYPE, media_type),
            (header::CONTENT_DISPOSITION, "attachment".to_owned()),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        Body::from_stream(stream),
    )
        .into_response())
}

/// `POST /api/v1/moderation/contributions/{id}`: accept or reject a contribution.
#[utoipa::path(
    post,
    path = "/moderation/contributions/{id}",
    tag = "contributions",
    params(("id" = i64, Path, minimum = 1, description = "The contribution's id")),
    request_body(content = ContributionDecision, content_type = "application/json"),
    responses(
        (status = 204, description = "Decided"),
        crate::openapi::Problems,
    )
)]
pub async fn decide(
    State(state): State<AppState>,
    _moderator: Moderator,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> Result<StatusCode, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found("There is no such contribution."))?;
    let input: ContributionDecision = crate::json_body::read(&headers, body)?;
    let status = match input.status {
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
        Status::Pending => "pending",
    };
    let done = sqlx::query("UPDATE contributions SET status = ?2 WHERE id = ?1")
        .bind(id)
        .bind(status)
        .execute(&state.pool)
        .await
        .map_err(StoreError::from)?;
    if done.rows_affected() == 0 {
        return Err(ApiError::not_found("There is no such contribution."));
    }
    Ok(StatusCode::NO_CONTENT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_are_distinct_and_readable() {
        let first = new_reference().expect("random");
        let second = new_reference().expect("random");
        assert_ne!(first, second);
        assert_eq!(first.len(), 12);
        assert!(first.starts_with("BP-"));
        assert!(
            first[3..]
                .chars()
                .all(|c| c == '-' || (c.is_ascii_alphanumeric() && !"01OIL".contains(c)))
        );
    }

    #[test]
    fn dates_are_year_month_day() {
        assert!(is_date("2026-11-30"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("30/11/2026"));
        assert!(!is_date("2026-1-3"));
    }
}
