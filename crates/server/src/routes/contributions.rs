//! "Be part of": a reader's story, then its photos and videos one request each, then the
//! sending. `POST /contributions` checks the text and makes a draft with an upload token;
//! `PUT /contributions/{id}/files/{n}` streams one file to a temporary file as it arrives,
//! never held whole in memory: its type decided by its first bytes, its size held to its
//! kind's limit while it arrives (the upload stops there, before it fills the disk), a
//! photo copied without its metadata, then the file goes into the
//! [`Storage`](crate::uploads::Storage) under its SHA-256. Each file reports its own progress
//! and a failed one is sent again alone; a dropped upload leaves nothing behind.
//! `POST /contributions/{id}/submit` sends it to the newsroom: the receipt (a reference) is
//! the answer, and goes by email.
//!
//! Moderators list contributions and fetch their files under `/moderation/contributions`;
//! nothing else serves them.

use std::sync::Arc;

use axum::Json;
use axum::body::Body;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use byline_contract::code::Code;
use byline_contract::contribution::{
    Contribution, ContributionDecision, Contributions, Draft, FILE_NAME_HEADER, MAX_FILES,
    MediaKind, NewContribution, PLACE_MAX_CHARS, Receipt, STORY_MAX_CHARS, Status, StoredFile,
    TITLE_MAX_CHARS, UPLOAD_TOKEN_HEADER, field,
};
use byline_contract::validate;
use byline_contract::{FieldErrors, GuestIdentity};
use sha2::{Digest, Sha256};
use sqlx::Row;
use tokio::io::AsyncWriteExt;

use crate::AppState;
use crate::auth::OptionalMember;
use crate::auth::password::hex;
use crate::db::{BEGIN_WRITE, in_task, now_ms};
use crate::error::ApiError;
use crate::mail::Mail;
use crate::mail_text::MailLang;
use crate::media::{self, Media, SNIFF_BYTES};
use crate::model::timestamp;
use crate::moderation::Moderator;
use crate::store::StoreError;
use crate::uploads::{Storage, TempFile};

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

/// A megabyte, as the limits are given.
pub const MB: u64 = 1024 * 1024;
/// The default largest photo, in megabytes.
pub const DEFAULT_PHOTO_MB: u64 = 20;
/// The default largest video, in megabytes.
pub const DEFAULT_VIDEO_MB: u64 = 200;
/// The default most one contribution may carry, in megabytes.
pub const DEFAULT_CONTRIBUTION_MB: u64 = 500;

impl UploadLimits {
    /// Limits given in megabytes.
    pub fn in_megabytes(photo: u64, video: u64, total: u64) -> Self {
        Self {
            photo: photo.saturating_mul(MB),
            video: video.saturating_mul(MB),
            total: total.saturating_mul(MB),
        }
    }
}

impl Default for UploadLimits {
    fn default() -> Self {
        Self::in_megabytes(DEFAULT_PHOTO_MB, DEFAULT_VIDEO_MB, DEFAULT_CONTRIBUTION_MB)
    }
}

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

fn storage_failed(error: impl std::fmt::Display) -> ApiError {
    tracing::error!(%error, "storing an upload failed");
    ApiError::internal()
}

/// `POST /api/v1/contributions`: the text of a contribution, checked (one 422 names every
/// bad field); a draft whose files follow.
#[utoipa::path(
    post,
    path = "/contributions",
    tag = "contributions",
    request_body(content = NewContribution, content_type = "application/json"),
    responses(
        (status = 201, description = "The draft, to upload its files to", body = Draft),
        crate::openapi::Problems,
    )
)]
pub async fn create(
    State(state): State<AppState>,
    OptionalMember(member): OptionalMember,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Result<Response, ApiError> {
    let input: NewContribution = crate::json_body::read(&headers, body)?;
    let story = check_story(&input, member.is_some())?;
    let (author_name, author_email, account_id) = match (&member, &story.guest) {
        (Some(member), _) => (
            member.display_name.clone(),
            member.email.clone(),
            Some(member.account_id),
        ),
        (None, Some(guest)) => (guest.name.clone(), guest.email.clone(), None),
        (None, None) => return Err(ApiError::internal()),
    };
    let reference = new_reference()?;
    let (token, token_hash) = crate::auth::session::new_token()?;
    let lang = MailLang::from_tag(story.lang.as_deref());
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO contributions \
         (reference, title, story, place, event_date, author_name, author_email, account_id, \
          lang, upload_token, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING id",
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
    .bind(&token_hash)
    .bind(now_ms())
    .fetch_one(&state.pool)
    .await
    .map_err(StoreError::from)?;
    Ok((
        StatusCode::CREATED,
        Json(Draft {
            id,
            upload_token: token,
        }),
    )
        .into_response())
}

/// Checks the text; one 422 names every bad field.
fn check_story(input: &NewContribution, member: bool) -> Result<Story, ApiError> {
    let trimmed = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .map(str::to_owned)
    };
    let mut errors = FieldErrors::new();
    let mut need = |name: &str, value: &str, max: usize| -> Option<String> {
        let value = value.trim();
        if value.is_empty() {
            errors.insert(name.to_owned(), vec!["Fill this in.".to_owned()]);
            None
        } else if value.chars().count() > max {
            errors.insert(
                name.to_owned(),
                vec![format!("Use at most {max} characters.")],
            );
            None
        } else {
            Some(value.to_owned())
        }
    };
    let title = need(field::TITLE, &input.title, TITLE_MAX_CHARS);
    let story = need(field::STORY, &input.story, STORY_MAX_CHARS);
    let place = trimmed(&input.place);
    if place
        .as_ref()
        .is_some_and(|place| place.chars().count() > PLACE_MAX_CHARS)
    {
        errors.insert(
            field::PLACE.to_owned(),
            vec![format!("Use at most {PLACE_MAX_CHARS} characters.")],
        );
    }
    let date = trimmed(&input.date);
    if date.as_deref().is_some_and(|date| !is_date(date)) {
        errors.insert(
            field::DATE.to_owned(),
            vec!["Give the date as YYYY-MM-DD.".to_owned()],
        );
    }
    if !input.consent {
        errors.insert(
            field::CONSENT.to_owned(),
            vec!["Agree to the terms to send your contribution.".to_owned()],
        );
    }
    let guest = if member {
        None
    } else {
        let identity = GuestIdentity {
            name: trimmed(&input.name).unwrap_or_default(),
            email: trimmed(&input.email).unwrap_or_default(),
        };
        if let Err(message) = validate::name_rule(&identity.name) {
            errors.insert(field::NAME.to_owned(), vec![message]);
        }
        if let Err(message) = validate::email_rule(&identity.email) {
            errors.insert(field::EMAIL.to_owned(), vec![message]);
        }
        Some(identity)
    };
    match (title, story) {
        (Some(title), Some(story)) if errors.is_empty() => Ok(Story {
            title,
            story,
            place,
            date,
            guest,
            lang: trimmed(&input.lang),
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

/// The draft a request names, once its upload token matches: its id; 404 otherwise (a wrong
/// token says no more than a wrong id), 409 once it has been sent.
async fn own_draft(
    state: &AppState,
    id: &str,
    headers: &HeaderMap,
) -> Result<(i64, String), ApiError> {
    let not_found = || ApiError::not_found("There is no such contribution.");
    let id: i64 = id.parse().map_err(|_| not_found())?;
    let token = headers
        .get(UPLOAD_TOKEN_HEADER)
        .and_then(|value| value.to_str().ok())
        .ok_or_else(not_found)?;
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT status, reference FROM contributions WHERE id = ?1 AND upload_token = ?2",
    )
    .bind(id)
    .bind(crate::auth::session::token_hash(token))
    .fetch_optional(&state.pool)
    .await
    .map_err(StoreError::from)?;
    match found {
        None => Err(not_found()),
        Some((status, reference)) if status == "draft" => Ok((id, reference)),
        Some((_, reference)) => Err(sent_already(&reference)),
    }
}

fn sent_already(reference: &str) -> ApiError {
    ApiError::new(
        StatusCode::CONFLICT,
        Some(format!("Contribution {reference} has been sent already.")),
    )
    .with_title("Sent already")
}

fn position_of(position: &str) -> Result<i64, ApiError> {
    position
        .parse::<usize>()
        .ok()
        .filter(|position| *position < MAX_FILES)
        .and_then(|position| i64::try_from(position).ok())
        .ok_or_else(|| {
            ApiError::field_invalid(
                "position",
                format!(
                    "A contribution carries at most {MAX_FILES} files: 0 to {}.",
                    MAX_FILES - 1
                ),
            )
        })
}

/// `PUT /api/v1/contributions/{id}/files/{position}`: one file of a draft, as the request's
/// raw body, streamed to disk: its type from its first bytes, its kind's limit and the
/// contribution's held while it arrives, a photo's metadata removed. Sending a position
/// again replaces its file (a retry). A dropped upload leaves nothing.
#[utoipa::path(
    put,
    path = "/contributions/{id}/files/{position}",
    tag = "contributions",
    params(
        ("id" = i64, Path, minimum = 1, description = "The contribution's id"),
        ("position" = u32, Path, maximum = 9, description = "The file's place, from 0"),
        ("Byline-Upload-Token" = String, Header, description = "The draft's upload token"),
        ("Byline-File-Name" = Option<String>, Header, description = "The file's name, percent-encoded"),
    ),
    request_body(content_type = "application/octet-stream", description = "The file's bytes"),
    responses(
        (status = 200, description = "The file as stored", body = StoredFile),
        crate::openapi::Problems,
    )
)]
pub async fn upload(
    State(state): State<AppState>,
    Path((id, position)): Path<(String, String)>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<StoredFile>, ApiError> {
    let (id, reference) = own_draft(&state, &id, &headers).await?;
    let position = position_of(&position)?;
    let limits = state.upload_limits;
    let others = u64::try_from(others_size(&state.pool, id, position).await?).unwrap_or(0);
    // A body that says up front it is too large is refused before a byte of it is read.
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if let Some(declared) = declared {
        if declared > limits.photo.max(limits.video) {
            return Err(too_large(limits.photo.max(limits.video)));
        }
        if others.saturating_add(declared) > limits.total {
            return Err(too_large_in_all(limits.total));
        }
    }
    let original_name = headers
        .get(FILE_NAME_HEADER)
        .and_then(|value| value.to_str().ok())
        .map(|name| {
            percent_encoding::percent_decode_str(name)
                .decode_utf8_lossy()
                .into_owned()
        })
        .unwrap_or_default();
    let arriving = Arriving {
        original_name,
        position,
        declared,
        others,
    };
    let received = receive(&state, body, arriving).await?;
    let stored = received.stored.clone();
    let storage = Arc::clone(&state.storage);
    let pool = state.pool.clone();
    let replaced = in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        // Still a draft: one sent while this file arrived has its receipt already, which
        // counts the files it had.
        let status: Option<String> =
            sqlx::query_scalar("SELECT status FROM contributions WHERE id = ?1")
                .bind(id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(StoreError::from)?;
        if status.as_deref() != Some("draft") {
            return Err(sent_already(&reference));
        }
        // A file sent again in the same place replaces the one there.
        let replaced: Option<String> = sqlx::query_scalar(
            "SELECT sha256 FROM contribution_files WHERE contribution_id = ?1 AND position = ?2",
        )
        .bind(id)
        .bind(position)
        .fetch_optional(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        // The contribution's total again, inside the write: files sent to it side by side
        // each passed the check while they arrived, but together they may not pass it.
        let others = u64::try_from(others_size(&mut *tx, id, position).await?).unwrap_or(0);
        if others.saturating_add(received.stored.size) > limits.total {
            return Err(too_large_in_all(limits.total));
        }
        sqlx::query(
            "INSERT INTO contribution_files \
             (contribution_id, position, sha256, kind, media_type, size, original_name, \
              metadata_removed) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) \
             ON CONFLICT (contribution_id, position) DO UPDATE SET sha256 = ?3, kind = ?4, \
             media_type = ?5, size = ?6, original_name = ?7, metadata_removed = ?8",
        )
        .bind(id)
        .bind(position)
        .bind(&received.stored.sha256)
        .bind(name_of(&KINDS, &received.stored.kind))
        .bind(&received.stored.media_type)
        .bind(i64::try_from(received.stored.size).unwrap_or(i64::MAX))
        .bind(&received.stored.original_name)
        .bind(received.stored.metadata_removed)
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        // Into the store before the row commits: a crash between leaves a blob nothing
        // names (harmless), never a row without its file.
        let moving = tokio::task::spawn_blocking(move || {
            storage.put(received.temp.path(), &received.stored.sha256)
        })
        .await
        .map_err(storage_failed)?;
        moving.map_err(storage_failed)?;
        tx.commit().await?;
        Ok(replaced)
    })
    .await?;
    remove_unheld(&state.pool, &state.storage, replaced.into_iter().collect()).await?;
    Ok(Json(stored))
}

/// `DELETE /api/v1/contributions/{id}/files/{position}`: the contributor takes a file out
/// before sending.
#[utoipa::path(
    delete,
    path = "/contributions/{id}/files/{position}",
    tag = "contributions",
    params(
        ("id" = i64, Path, minimum = 1, description = "The contribution's id"),
        ("position" = u32, Path, maximum = 9, description = "The file's place, from 0"),
        ("Byline-Upload-Token" = String, Header, description = "The draft's upload token"),
    ),
    responses(
        (status = 204, description = "Taken out"),
        crate::openapi::Problems,
    )
)]
pub async fn remove_file(
    State(state): State<AppState>,
    Path((id, position)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<StatusCode, ApiError> {
    let (id, _) = own_draft(&state, &id, &headers).await?;
    let position = position_of(&position)?;
    let removed: Option<String> = sqlx::query_scalar(
        "DELETE FROM contribution_files WHERE contribution_id = ?1 AND position = ?2 \
         RETURNING sha256",
    )
    .bind(id)
    .bind(position)
    .fetch_optional(&state.pool)
    .await
    .map_err(StoreError::from)?;
    // Taken out means gone from the disk too, unless another contribution has the same bytes.
    remove_unheld(&state.pool, &state.storage, removed.into_iter().collect()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How long a contribution that was started and never sent keeps its text and files, by
/// default, in hours.
pub const DEFAULT_DRAFT_HOURS: u64 = 24;

/// Deletes the contributions started before `started_before` (milliseconds since the epoch)
/// and never sent, with their files: what a contributor who gave up left behind is not kept.
/// Returns how many went.
pub async fn purge_drafts(
    pool: &sqlx::SqlitePool,
    storage: &Arc<dyn Storage>,
    started_before: i64,
) -> Result<u64, ApiError> {
    // The files' digests and the rows read and deleted in one write transaction, so a file
    // that arrives for one of them meanwhile is either counted or refused.
    let writer = pool.clone();
    let (gone, digests) = in_task(async move {
        let mut tx = writer.begin_with(BEGIN_WRITE).await?;
        let digests: Vec<String> = sqlx::query_scalar(
            "SELECT DISTINCT f.sha256 FROM contribution_files AS f \
             JOIN contributions AS c ON c.id = f.contribution_id \
             WHERE c.status = 'draft' AND c.created_at < ?1",
        )
        .bind(started_before)
        .fetch_all(&mut *tx)
        .await
        .map_err(StoreError::from)?;
        // Their files' rows go with them (ON DELETE CASCADE).
        let gone =
            sqlx::query("DELETE FROM contributions WHERE status = 'draft' AND created_at < ?1")
                .bind(started_before)
                .execute(&mut *tx)
                .await
                .map_err(StoreError::from)?
                .rows_affected();
        tx.commit().await?;
        Ok((gone, digests))
    })
    .await?;
    remove_unheld(pool, storage, digests).await?;
    Ok(gone)
}

/// Deletes from the store each blob of `digests` that no contribution's file names any more.
/// Inside a write transaction: an upload stores its blob and its row inside one too, so one
/// of the same bytes cannot slip in between the check and the removal.
async fn remove_unheld(
    pool: &sqlx::SqlitePool,
    storage: &Arc<dyn Storage>,
    mut digests: Vec<String>,
) -> Result<(), ApiError> {
    digests.sort_unstable();
    digests.dedup();
    if digests.is_empty() {
        return Ok(());
    }
    let (pool, storage) = (pool.clone(), Arc::clone(storage));
    in_task(async move {
        let mut tx = pool.begin_with(BEGIN_WRITE).await?;
        for sha256 in digests {
            let held: Option<i64> =
                sqlx::query_scalar("SELECT 1 FROM contribution_files WHERE sha256 = ?1 LIMIT 1")
                    .bind(&sha256)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err(StoreError::from)?;
            if held.is_none() {
                let storage = Arc::clone(&storage);
                tokio::task::spawn_blocking(move || storage.remove(&sha256))
                    .await
                    .map_err(storage_failed)?
                    .map_err(storage_failed)?;
            }
        }
        tx.commit().await?;
        Ok(())
    })
    .await
}

/// `POST /api/v1/contributions/{id}/submit`: sends the draft to the newsroom with the files
/// it has; the receipt is the answer and goes by email.
#[utoipa::path(
    post,
    path = "/contributions/{id}/submit",
    tag = "contributions",
    params(
        ("id" = i64, Path, minimum = 1, description = "The contribution's id"),
        ("Byline-Upload-Token" = String, Header, description = "The draft's upload token"),
    ),
    responses(
        (status = 201, description = "The receipt", body = Receipt),
        crate::openapi::Problems,
    )
)]
pub async fn submit(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let (id, reference) = own_draft(&state, &id, &headers).await?;
    let (email, lang): (String, String) = sqlx::query_as(
        "UPDATE contributions SET status = 'pending', created_at = ?2 WHERE id = ?1 \
         RETURNING author_email, lang",
    )
    .bind(id)
    .bind(now_ms())
    .fetch_one(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let files = files_of(&state.pool, id).await?;
    tracing::info!(files = files.len(), "contribution received");
    state.mailer.send(
        &email,
        Mail::Receipt {
            reference: reference.clone(),
            files: files.len(),
        },
        MailLang::from_tag(Some(&lang)),
    );
    Ok((StatusCode::CREATED, Json(Receipt { reference, files })).into_response())
}

/// What is known of a file before its bytes: its name, its place, the length its request
/// declares, and the bytes the contribution's other files take.
struct Arriving {
    original_name: String,
    position: i64,
    declared: Option<u64>,
    others: u64,
}

/// Streams one file into a temporary file, deciding its type from its first bytes and
/// stopping at its kind's limit (at once when the declared length is over it), and at the
/// contribution's; strips a photo's metadata.
async fn receive(state: &AppState, body: Body, arriving: Arriving) -> Result<Received, ApiError> {
    use futures_util::StreamExt;
    let Arriving {
        original_name,
        position,
        declared,
        others,
    } = arriving;
    let original_name: String = original_name
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
            Some(
                "This is not a photo (JPEG, PNG, WebP, HEIC) or a video (MP4, WebM, MOV), \
                 whatever its name says."
                    .to_owned(),
            ),
        )
        .with_title("Not a photo or video")
        .with_code(Code::NotPhotoOrVideo)
    };
    let mut stream = body.into_data_stream();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|error| {
            tracing::info!(%error, "an upload did not arrive whole");
            ApiError::new(
                StatusCode::BAD_REQUEST,
                Some("The file did not arrive whole. Send it again.".to_owned()),
            )
            .with_title("Upload interrupted")
        })?;
        size += chunk.len() as u64;
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
        // Once the kind is known, a declared length over its limit ends the upload there.
        let over = declared.filter(|_| kind.is_some()).unwrap_or(size);
        if size.max(over) > limit {
            return Err(too_large(limit));
        }
        if others + size > limits.total {
            return Err(too_large_in_all(limits.total));
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
        position: u32::try_from(position).unwrap_or(0),
        kind: media.kind(),
        media_type: media.media_type().to_owned(),
        size,
        sha256: hex(&hasher.finalize()),
        original_name,
        metadata_removed: false,
    };
    if media.kind() == MediaKind::Video {
        // Blanked in place (a video may be 200 MB): hashed again only when anything changed.
        let path = temp.path().to_owned();
        let blanked = tokio::task::spawn_blocking(move || {
            if !media::blank_video_metadata(media, &path)? {
                return Ok(None);
            }
            digest_file(&path).map(|(_, sha256)| Some(sha256))
        })
        .await
        .map_err(storage_failed)?
        .map_err(storage_failed)?;
        if let Some(sha256) = blanked {
            stored.metadata_removed = true;
            stored.sha256 = sha256;
        }
        return Ok(Received { temp, stored });
    }
    // A photo: copied without its metadata, then hashed again as stored.
    let clean = TempFile::create(&state.storage.temp_dir()).map_err(storage_failed)?;
    let (src, dst) = (temp.path().to_owned(), clean.path().to_owned());
    let stripped = tokio::task::spawn_blocking(move || {
        let removed = media::strip(media, &src, &dst)?;
        let (size, sha256) = digest_file(&dst)?;
        Ok::<_, std::io::Error>((removed, size, sha256))
    })
    .await
    .map_err(storage_failed)?;
    let (removed, size, sha256) = stripped.map_err(|error| {
        tracing::info!(%error, "a photo did not read");
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("This photo is damaged or cut short; send it again.".to_owned()),
        )
        .with_title("Photo unreadable")
    })?;
    stored.metadata_removed = removed;
    stored.size = size;
    stored.sha256 = sha256;
    Ok(Received {
        temp: clean,
        stored,
    })
}

/// The length and SHA-256 (hex) of a stored file, read again after a change.
fn digest_file(path: &std::path::Path) -> std::io::Result<(u64, String)> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher)?;
    Ok((size, hex(&hasher.finalize())))
}

/// The bytes a contribution's files but the one at `position` take.
async fn others_size<'e>(
    executor: impl sqlx::SqliteExecutor<'e>,
    id: i64,
    position: i64,
) -> Result<i64, ApiError> {
    Ok(sqlx::query_scalar(
        "SELECT COALESCE(SUM(size), 0) FROM contribution_files \
          WHERE contribution_id = ?1 AND position <> ?2",
    )
    .bind(id)
    .bind(position)
    .fetch_one(executor)
    .await
    .map_err(StoreError::from)?)
}

fn too_large_in_all(total: u64) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        Some(format!(
            "A contribution may carry at most {} MB in all.",
            total / MB
        )),
    )
    .with_title("Too large")
    .with_code(Code::FileTooLarge)
}

fn too_large(limit: u64) -> ApiError {
    let megabytes = limit / MB;
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        Some(format!("Files of this kind may be at most {megabytes} MB.")),
    )
    .with_title("Too large")
    .with_code(Code::FileTooLarge)
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

/// The files of a contribution, in order.
async fn files_of(pool: &sqlx::SqlitePool, id: i64) -> Result<Vec<StoredFile>, ApiError> {
    Ok(sqlx::query(
        "SELECT position, sha256, kind, media_type, size, original_name, metadata_removed \
           FROM contribution_files WHERE contribution_id = ?1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await
    .map_err(StoreError::from)?
    .into_iter()
    .map(|file| StoredFile {
        position: u32::try_from(file.get::<i64, _>("position")).unwrap_or(0),
        kind: value_of(&KINDS, &file.get::<String, _>("kind"), MediaKind::Photo),
        media_type: file.get("media_type"),
        size: u64::try_from(file.get::<i64, _>("size")).unwrap_or(0),
        sha256: file.get("sha256"),
        original_name: file.get("original_name"),
        metadata_removed: file.get("metadata_removed"),
    })
    .collect())
}

/// How each kind of file is named in the database, both ways.
const KINDS: [(MediaKind, &str); 2] = [(MediaKind::Photo, "photo"), (MediaKind::Video, "video")];

/// How each status a moderator gives is named in the database (a contribution not sent yet
/// is a `draft`), both ways.
const STATUSES: [(Status, &str); 3] = [
    (Status::Pending, "pending"),
    (Status::Accepted, "accepted"),
    (Status::Rejected, "rejected"),
];

/// The database's name for `value` in `table`.
fn name_of<T: PartialEq>(table: &[(T, &'static str)], value: &T) -> &'static str {
    table
        .iter()
        .find(|(known, _)| known == value)
        .map_or("", |(_, name)| name)
}

/// The value the database's `name` stands for in `table`; `otherwise` for a name it does not
/// know.
fn value_of<T: Copy>(table: &[(T, &str)], name: &str, otherwise: T) -> T {
    table
        .iter()
        .find(|(_, known)| *known == name)
        .map_or(otherwise, |(value, _)| *value)
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
                status, created_at FROM contributions WHERE status <> 'draft' \
          ORDER BY created_at DESC, id DESC LIMIT 100",
    )
    .fetch_all(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let id: i64 = row.get("id");
        let files = files_of(&state.pool, id).await?;
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
            status: value_of(&STATUSES, &status, Status::Pending),
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
    // Not a draft's: what is not sent is not the newsroom's yet.
    let found: Option<(String, String)> = sqlx::query_as(
        "SELECT f.sha256, f.media_type FROM contribution_files AS f \
           JOIN contributions AS c ON c.id = f.contribution_id \
          WHERE f.contribution_id = ?1 AND f.position = ?2 AND c.status <> 'draft'",
    )
    .bind(id)
    .bind(position)
    .fetch_optional(&state.pool)
    .await
    .map_err(StoreError::from)?;
    let (sha256, media_type) = found.ok_or_else(not_found)?;
    let storage = Arc::clone(&state.storage);
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
    let status = name_of(&STATUSES, &input.status);
    // A draft is not the newsroom's yet: its contributor may still change it or give up.
    let done =
        sqlx::query("UPDATE contributions SET status = ?2 WHERE id = ?1 AND status <> 'draft'")
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
    fn each_kind_and_status_has_one_name_both_ways() {
        let other_kind = |kind| match kind {
            MediaKind::Photo => MediaKind::Video,
            MediaKind::Video => MediaKind::Photo,
        };
        for kind in [MediaKind::Photo, MediaKind::Video] {
            let name = name_of(&KINDS, &kind);
            assert!(!name.is_empty());
            assert_eq!(value_of(&KINDS, name, other_kind(kind)), kind);
        }
        for status in [Status::Pending, Status::Accepted, Status::Rejected] {
            let name = name_of(&STATUSES, &status);
            let otherwise = if status == Status::Pending {
                Status::Rejected
            } else {
                Status::Pending
            };
            assert_eq!(value_of(&STATUSES, name, otherwise), status);
        }
        // A draft is no moderator's status.
        assert_eq!(
            value_of(&STATUSES, "draft", Status::Pending),
            Status::Pending
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
