//! "Be part of" over real HTTP: a story with photos and a video is received, its photos
//! stored without their metadata, under their digests, outside the static root; a file that
//! is not what its name says, one over its limit, bad text and a dropped connection are
//! refused and leave nothing behind; moderators alone list the contributions and fetch files.

#![allow(clippy::unwrap_used)]

use crate::common;

use std::path::{Path, PathBuf};

use crate::common::Site;
use byline_contract::auth::Role;
use byline_contract::contribution::{
    Contributions, Draft, FILE_NAME_HEADER, MediaKind, Receipt, UPLOAD_TOKEN_HEADER,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use tokio::io::AsyncWriteExt;

fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&u16::try_from(body.len() + 2).unwrap().to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// A JPEG whose EXIF holds a GPS position, padded to `size` bytes of image data.
fn jpeg_with_gps(size: usize) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8];
    bytes.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
    bytes.extend(segment(
        0xE1,
        b"Exif\0\0MM\0*GPSLatitude 36.19N GPSLongitude 44.01E",
    ));
    bytes.extend(segment(0xDB, &[0u8; 65]));
    bytes.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
    bytes.extend(std::iter::repeat_n(0x55u8, size));
    bytes.extend_from_slice(&[0xFF, 0xD9]);
    bytes
}

fn png_with_text() -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut out = u32::try_from(data.len()).unwrap().to_be_bytes().to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0, 0, 0, 0]);
        out
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    png.extend(chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
    png.extend(chunk(b"tEXt", b"Author\0Hejar Ali"));
    png.extend(chunk(b"IDAT", b"pixels"));
    png.extend(chunk(b"IEND", b""));
    png
}

fn short_mp4() -> Vec<u8> {
    let mut mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    mp4.extend(std::iter::repeat_n(7u8, 4096));
    mp4
}

fn story() -> Value {
    json!({
        "title": "Flooded road near the bridge",
        "story": "The water rose overnight; these are from this morning.",
        "place": "Zakho",
        "date": "2026-11-30",
        "name": "Hejar",
        "email": "hejar@example.org",
        "consent": true,
        "lang": "ckb",
    })
}

/// Starts a contribution; its id and upload token.
async fn draft(site: &Site, body: &Value, session: Option<&str>) -> (i64, String) {
    let answer = site.post("/contributions", body, session).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let draft: Draft = answer.json();
    (draft.id, draft.upload_token)
}

async fn upload(
    site: &Site,
    id: i64,
    position: usize,
    token: &str,
    name: &str,
    bytes: Vec<u8>,
) -> common::Answer {
    site.send(
        site.request(
            Method::PUT,
            &format!("/contributions/{id}/files/{position}"),
            None,
        )
        .header(UPLOAD_TOKEN_HEADER, token)
        .header(FILE_NAME_HEADER, name)
        .body(bytes),
    )
    .await
}

async fn submit(site: &Site, id: i64, token: &str) -> common::Answer {
    site.send(
        site.request(Method::POST, &format!("/contributions/{id}/submit"), None)
            .header(UPLOAD_TOKEN_HEADER, token),
    )
    .await
}

fn uploads(site: &Site) -> PathBuf {
    site.dir().join("uploads")
}

/// The files under the store, but its `tmp/`.
fn stored_files(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().unwrap() != "tmp" {
            found.extend(
                std::fs::read_dir(&path)
                    .unwrap()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
    }
    found
}

fn temp_files(root: &Path) -> usize {
    std::fs::read_dir(root.join("tmp")).unwrap().count()
}

/// An ISO box (MP4 atom).
fn atom(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
    let size = u32::try_from(body.len() + 8).unwrap().to_be_bytes();
    [&size[..], kind, body].concat()
}

#[tokio::test]
async fn a_phone_video_is_stored_without_its_place_and_plays_from_the_same_offsets() {
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    let place = b"+36.1911+044.0092/";
    let moov = atom(
        b"moov",
        &atom(
            b"udta",
            &atom(b"\xa9xyz", &[b"\0\x12\x15\xc7", &place[..]].concat()),
        ),
    );
    let samples = b"frame one, frame two".repeat(64);
    let video = [
        atom(b"ftyp", b"mp42\0\0\0\0mp42isom"),
        moov,
        atom(b"mdat", &samples),
    ]
    .concat();
    let answer = upload(&site, id, 0, &token, "VID_0412.mp4", video.clone()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    let receipt: Receipt = submit(&site, id, &token).await.json();
    let file = &receipt.files[0];
    assert_eq!((file.kind, file.metadata_removed), (MediaKind::Video, true));
    // Stored under the digest of what is stored, as long as it came, samples in place.
    let root = uploads(&site);
    let bytes = std::fs::read(root.join(&file.sha256[..2]).join(&file.sha256)).unwrap();
    assert_eq!(bytes.len(), video.len());
    assert_eq!(file.size, video.len() as u64);
    assert!(
        !bytes.windows(place.len()).any(|w| w == place),
        "the place is still there"
    );
    assert!(bytes.ends_with(&samples));
    let digest = <sha2::Sha256 as sha2::Digest>::digest(&bytes);
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(hex, file.sha256);
}

#[tokio::test]
async fn a_story_with_photos_and_a_video_is_stored_without_the_photos_metadata() {
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    for (position, name, bytes) in [
        (0, "IMG_2041.jpg", jpeg_with_gps(2048)),
        (1, "screenshot.png", png_with_text()),
        (2, "clip%20one.mp4", short_mp4()),
    ] {
        let answer = upload(&site, id, position, &token, name, bytes).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    // Nothing reaches the newsroom before it is sent.
    let moderator = site.member("Dana Kaya", "dana@example.org").await;
    byline_server::moderation::grant(&site.pool, "dana@example.org", Role::Moderator)
        .await
        .unwrap();
    let list: Contributions = site
        .send(site.request(Method::GET, "/moderation/contributions", Some(&moderator)))
        .await
        .json();
    assert!(list.items.is_empty());
    let answer = submit(&site, id, &token).await;
    assert_eq!(answer.status, StatusCode::CREATED, "{}", answer.text);
    let receipt: Receipt = answer.json();
    assert!(
        receipt.reference.starts_with("BP-"),
        "{}",
        receipt.reference
    );
    let kinds: Vec<(MediaKind, &str, bool)> = receipt
        .files
        .iter()
        .map(|f| (f.kind, f.media_type.as_str(), f.metadata_removed))
        .collect();
    assert_eq!(
        kinds,
        [
            (MediaKind::Photo, "image/jpeg", true),
            (MediaKind::Photo, "image/png", true),
            (MediaKind::Video, "video/mp4", false),
        ]
    );
    assert_eq!(receipt.files[2].original_name, "clip one.mp4");
    assert!(!answer.text.contains("hejar@example.org"));
    assert_eq!(
        submit(&site, id, &token).await.status,
        StatusCode::CONFLICT,
        "sent once"
    );

    // On disk: named by digest, the JPEG without its GPS, nothing left in tmp/.
    let root = uploads(&site);
    let stored = stored_files(&root);
    assert_eq!(stored.len(), 3);
    let jpeg = &receipt.files[0];
    let path = root.join(&jpeg.sha256[..2]).join(&jpeg.sha256);
    let bytes = std::fs::read(&path).unwrap();
    assert!(
        !bytes.windows(3).any(|w| w == b"GPS"),
        "the GPS position is still there"
    );
    assert!(bytes.starts_with(&[0xFF, 0xD8]) && bytes.ends_with(&[0xFF, 0xD9]));
    assert_eq!(bytes.len() as u64, jpeg.size);
    assert_eq!(temp_files(&root), 0);

    // The receipt, in the contributor's language, by email.
    let mails = site.wait_for_mail("hejar@example.org", "receipt", 1).await;
    assert!(mails[0].contains(&receipt.reference));

    // Moderators alone see it, without the address, and fetch its files.
    let reader = site.member("Lin Park", "lin@example.org").await;
    let refused = site
        .send(site.request(Method::GET, "/moderation/contributions", Some(&reader)))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let reader = moderator;
    let list = site
        .send(site.request(Method::GET, "/moderation/contributions", Some(&reader)))
        .await;
    assert!(!list.text.contains("hejar@example.org"));
    let list: Contributions = list.json();
    assert_eq!(list.items.len(), 1);
    assert_eq!(list.items[0].place.as_deref(), Some("Zakho"));
    let id = list.items[0].id;
    let download = site
        .request(
            Method::GET,
            &format!("/moderation/contributions/{id}/files/0"),
            Some(&reader),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(
        download.headers()["content-disposition"].to_str().unwrap(),
        "attachment"
    );
    assert_eq!(download.bytes().await.unwrap().as_ref(), bytes.as_slice());
    let anonymous = site
        .send(site.request(
            Method::GET,
            &format!("/moderation/contributions/{id}/files/0"),
            None,
        ))
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_file_named_jpg_that_is_not_an_image_is_refused_and_nothing_stays() {
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    let script = b"#!/bin/sh\necho hello from a script\n".to_vec();
    let answer = upload(&site, id, 0, &token, "photo.jpg", script).await;
    let problem = answer.problem(StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert!(
        problem
            .detail
            .unwrap_or_default()
            .contains("whatever its name says")
    );
    assert!(stored_files(&uploads(&site)).is_empty());
    assert_eq!(temp_files(&uploads(&site)), 0);
    assert_eq!(
        site.count("SELECT COUNT(*) FROM contribution_files").await,
        0
    );
    // A wrong token is no way in.
    let other = upload(&site, id, 0, "not-the-token", "a.jpg", jpeg_with_gps(10)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let position = upload(&site, id, 10, &token, "a.jpg", jpeg_with_gps(10)).await;
    assert_eq!(
        position.error_fields(StatusCode::UNPROCESSABLE_ENTITY),
        ["position"]
    );
}

#[tokio::test]
async fn an_oversized_photo_is_refused_while_it_arrives() {
    let site = common::site(|config| {
        config.upload_limits.photo = 4096;
        config.upload_limits.total = 64 * 1024;
    })
    .await;
    let (id, token) = draft(&site, &story(), None).await;
    let answer = upload(&site, id, 0, &token, "big.jpg", jpeg_with_gps(64 * 1024)).await;
    answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(temp_files(&uploads(&site)), 0);
    assert!(stored_files(&uploads(&site)).is_empty());
    // A video may be larger than a photo, up to the contribution's limit in all.
    let mut video = short_mp4();
    video.resize(40 * 1024, 0);
    assert_eq!(
        upload(&site, id, 0, &token, "a.mp4", video.clone())
            .await
            .status,
        StatusCode::OK
    );
    let over = upload(&site, id, 1, &token, "b.mp4", video.clone()).await;
    over.problem(StatusCode::PAYLOAD_TOO_LARGE);
    // Sending position 0 again replaces it rather than adding to the total.
    assert_eq!(
        upload(&site, id, 0, &token, "a.mp4", video).await.status,
        StatusCode::OK
    );
    assert_eq!(
        site.count("SELECT COUNT(*) FROM contribution_files").await,
        1
    );
}

/// The head of a raw `PUT` of a draft's first file, with `length` (`Content-Length: N` or
/// `Transfer-Encoding: chunked`), for tests that send its body by hand.
fn raw_put_head(site: &Site, id: i64, token: &str, length: &str) -> String {
    let address = site.base.trim_start_matches("http://");
    format!(
        "PUT /api/v1/contributions/{id}/files/0 HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\n\
         X-Byline-Request: 1\r\n{UPLOAD_TOKEN_HEADER}: {token}\r\n{length}\r\n\
         Connection: close\r\n\r\n",
        site.origin,
    )
}

/// Waits for an upload to be under way: a temporary file is being written.
async fn until_a_temp_file(root: &Path) {
    let started = std::time::Instant::now();
    while temp_files(root) == 0 && started.elapsed().as_secs() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(temp_files(root), 1, "the upload never started");
}

/// Waits (5 s at most) for the endpoint to let go of its temporary files, which it does on
/// its own time after a refused or dropped upload.
async fn until_no_temp_file(root: &Path) {
    let started = std::time::Instant::now();
    while temp_files(root) > 0 && started.elapsed().as_secs() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
}

/// A raw upload on its own connection: the head (with `Content-Length: declared`, or chunked
/// when `None`), then `body_bytes` that start with `first` (padded), in pieces of at most
/// 64 KB (as chunks when chunked), as fast as the endpoint takes them, until it answers.
/// Returns its status line and how many bytes had been written when the answer came.
async fn raw_upload(
    site: &Site,
    (id, token): (i64, &str),
    first: Vec<u8>,
    declared: Option<u64>,
    body_bytes: u64,
) -> (String, u64) {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU64, Ordering};
    use tokio::io::AsyncReadExt;
    let address = site.base.trim_start_matches("http://").to_owned();
    let socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let (mut reader, mut writer) = socket.into_split();
    let length = declared.map_or_else(
        || "Transfer-Encoding: chunked".to_owned(),
        |declared| format!("Content-Length: {declared}"),
    );
    let head = raw_put_head(site, id, token, &length);
    writer.write_all(head.as_bytes()).await.unwrap();
    let written = Arc::new(AtomicU64::new(0));
    let sending = {
        let written = Arc::clone(&written);
        let chunked = declared.is_none();
        tokio::spawn(async move {
            let mut piece = first;
            piece.resize(usize::try_from(body_bytes.min(64 * 1024)).unwrap(), 7);
            while written.load(Ordering::SeqCst) < body_bytes {
                let framed = if chunked {
                    let mut framed = format!("{:x}\r\n", piece.len()).into_bytes();
                    framed.extend_from_slice(&piece);
                    framed.extend_from_slice(b"\r\n");
                    framed
                } else {
                    piece.clone()
                };
                if writer.write_all(&framed).await.is_err() {
                    return;
                }
                written.fetch_add(piece.len() as u64, Ordering::SeqCst);
                // After the first piece, the rest is plain padding.
                piece.fill(7);
            }
        })
    };
    let mut answer = vec![0u8; 1024];
    let read = tokio::time::timeout(std::time::Duration::from_secs(20), reader.read(&mut answer))
        .await
        .expect("the endpoint answers")
        .unwrap();
    let at = written.load(std::sync::atomic::Ordering::SeqCst);
    sending.abort();
    let text = String::from_utf8_lossy(&answer[..read]).into_owned();
    (text.lines().next().unwrap_or_default().to_owned(), at)
}

#[tokio::test]
async fn a_video_over_its_limit_is_refused_as_it_arrives_and_one_declared_too_large_at_once() {
    let site = common::site(|config| {
        config.upload_limits.photo = 16 * 1024;
        config.upload_limits.video = 256 * 1024;
    })
    .await;
    let (id, token) = draft(&site, &story(), None).await;
    let root = uploads(&site);
    // A video of no declared length that never ends: refused once it passes 256 KB, long
    // before it would have been sent whole (the socket buffers on the way take some
    // megabytes at most).
    let (status, written) = raw_upload(&site, (id, &token), short_mp4(), None, 1 << 30).await;
    assert!(status.contains(" 413 "), "{status}");
    assert!(
        written < 64 << 20,
        "{written} bytes went before the refusal"
    );
    // A video that says it is larger than any file may be: refused before a byte of it (no
    // byte is sent: without the refusal, the endpoint would wait for the body, and no answer
    // would come).
    let (status, _) = raw_upload(&site, (id, &token), Vec::new(), Some(300 * 1024), 0).await;
    assert!(status.contains(" 413 "), "{status}");
    // A photo that says it is over the photos' limit (not the videos'): refused once its
    // first bytes show it is a photo (only 8 KB of it is sent, the rest never comes).
    let (status, _) = raw_upload(
        &site,
        (id, &token),
        jpeg_with_gps(100),
        Some(64 * 1024),
        8 * 1024,
    )
    .await;
    assert!(status.contains(" 413 "), "{status}");
    // Nothing of either stays.
    until_no_temp_file(&root).await;
    assert_eq!(temp_files(&root), 0);
    assert!(stored_files(&root).is_empty());
    // One within the limit is taken.
    let mut video = short_mp4();
    video.resize(200 * 1024, 7);
    let answer = upload(&site, id, 0, &token, "v.mp4", video).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

#[tokio::test]
async fn a_file_that_arrives_after_its_contribution_was_sent_is_refused() {
    use tokio::io::AsyncReadExt;
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    let address = site.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let mut body = short_mp4();
    body.resize(64 * 1024, 7);
    let head = raw_put_head(
        &site,
        id,
        &token,
        &format!("Content-Length: {}", body.len()),
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&body[..32 * 1024]).await.unwrap();
    socket.flush().await.unwrap();
    let root = uploads(&site);
    until_a_temp_file(&root).await;
    // Sent while the file is on its way: the receipt counts no file.
    let receipt: Receipt = submit(&site, id, &token).await.json();
    assert!(receipt.files.is_empty());
    socket.write_all(&body[32 * 1024..]).await.unwrap();
    let mut answer = String::new();
    socket.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 409"), "{answer}");
    assert_eq!(
        site.count("SELECT COUNT(*) FROM contribution_files").await,
        0
    );
    assert!(stored_files(&root).is_empty());
}

#[tokio::test]
async fn files_sent_side_by_side_are_held_to_the_contributions_total() {
    let site = common::site(|config| {
        config.upload_limits.total = 100 * 1024;
    })
    .await;
    let (id, token) = draft(&site, &story(), None).await;
    let mut video = short_mp4();
    video.resize(40 * 1024, 7);
    // Three at once, 120 KB in all: each passes alone, not all three together.
    let (first, second, third) = tokio::join!(
        upload(&site, id, 0, &token, "a.mp4", video.clone()),
        upload(&site, id, 1, &token, "b.mp4", video.clone()),
        upload(&site, id, 2, &token, "c.mp4", {
            let mut other = video.clone();
            other[100] = 8;
            other
        }),
    );
    let taken = [&first, &second, &third]
        .iter()
        .filter(|answer| answer.status == StatusCode::OK)
        .count();
    assert_eq!(taken, 2, "{} {} {}", first.text, second.text, third.text);
    for answer in [&first, &second, &third] {
        if answer.status != StatusCode::OK {
            answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
        }
    }
    let total = site
        .count("SELECT COALESCE(SUM(size), 0) FROM contribution_files")
        .await;
    assert!(total <= 100 * 1024, "{total} bytes stored");
    assert_eq!(temp_files(&uploads(&site)), 0);
}

#[tokio::test]
async fn moderators_accept_or_reject_a_contribution_and_fetch_each_file_by_its_place() {
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    for (position, name, bytes) in [
        (0, "first.jpg", jpeg_with_gps(100)),
        (1, "second.png", png_with_text()),
        (2, "third.mp4", short_mp4()),
    ] {
        let answer = upload(&site, id, position, &token, name, bytes).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    // The contributor takes the second out: the third keeps its place.
    let removed = site
        .send(
            site.request(
                Method::DELETE,
                &format!("/contributions/{id}/files/1"),
                None,
            )
            .header(UPLOAD_TOKEN_HEADER, &token),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    let moderator = site.member("Dana Kaya", "dana@example.org").await;
    byline_server::moderation::grant(&site.pool, "dana@example.org", Role::Moderator)
        .await
        .unwrap();
    let decide = |status: &str, session: Option<String>| {
        let site = &site;
        let body = json!({ "status": status });
        async move {
            site.send(
                site.request(
                    Method::POST,
                    &format!("/moderation/contributions/{id}"),
                    session.as_deref(),
                )
                .json(&body),
            )
            .await
        }
    };
    // Not the newsroom's before it is sent: no decision on a draft, and none of its files.
    assert_eq!(
        decide("accepted", Some(moderator.clone())).await.status,
        StatusCode::NOT_FOUND
    );
    let file_of = |position: u32, session: String| {
        let site = &site;
        async move {
            site.send(site.request(
                Method::GET,
                &format!("/moderation/contributions/{id}/files/{position}"),
                Some(&session),
            ))
            .await
        }
    };
    assert_eq!(
        file_of(0, moderator.clone()).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(submit(&site, id, &token).await.status, StatusCode::CREATED);

    let list: Contributions = site
        .send(site.request(Method::GET, "/moderation/contributions", Some(&moderator)))
        .await
        .json();
    let files = &list.items[0].files;
    let places: Vec<(u32, &str)> = files
        .iter()
        .map(|file| (file.position, file.original_name.as_str()))
        .collect();
    assert_eq!(places, [(0, "first.jpg"), (2, "third.mp4")]);
    for file in files {
        let download = site
            .request(
                Method::GET,
                &format!("/moderation/contributions/{id}/files/{}", file.position),
                Some(&moderator),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(download.status(), StatusCode::OK, "{}", file.original_name);
        assert_eq!(download.bytes().await.unwrap().len() as u64, file.size);
    }
    // A reader who is not a moderator neither fetches a file nor decides.
    let reader = site.member("Lin Park", "lin@example.org").await;
    assert_eq!(
        file_of(0, reader.clone()).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        decide("accepted", Some(reader)).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        decide("accepted", None).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Accepted, then rejected after all: the list says so each time.
    for (status, expected) in [
        ("accepted", byline_contract::contribution::Status::Accepted),
        ("rejected", byline_contract::contribution::Status::Rejected),
    ] {
        let answer = decide(status, Some(moderator.clone())).await;
        assert_eq!(answer.status, StatusCode::NO_CONTENT, "{}", answer.text);
        let list: Contributions = site
            .send(site.request(Method::GET, "/moderation/contributions", Some(&moderator)))
            .await
            .json();
        assert_eq!(list.items[0].status, expected);
    }
    // An unknown decision is a bad field, an unknown contribution a 404.
    assert_eq!(
        decide("maybe", Some(moderator.clone())).await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let missing = site
        .send(
            site.request(
                Method::POST,
                "/moderation/contributions/999",
                Some(&moderator),
            )
            .json(&json!({ "status": "accepted" })),
        )
        .await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn bad_text_is_refused_before_any_file_is_stored() {
    let site = common::site(|_| {}).await;
    let body = json!({
        "title": "",
        "story": "Something happened.",
        "date": "yesterday",
        "name": "Hejar",
        "email": "not an address",
        "consent": false,
    });
    let answer = site.post("/contributions", &body, None).await;
    let mut fields = answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["consent", "date", "email", "title"]);
    assert_eq!(site.count("SELECT COUNT(*) FROM contributions").await, 0);
    // A member sends without name and address: the account stands in.
    let member = site.member("Dana Kaya", "dana@example.org").await;
    let body = json!({"title": "A member's story", "story": "Words.", "consent": true});
    let (id, token) = draft(&site, &body, Some(&member)).await;
    assert_eq!(submit(&site, id, &token).await.status, StatusCode::CREATED);
    site.wait_for_mail("dana@example.org", "receipt", 1).await;
}

#[tokio::test]
async fn a_connection_dropped_mid_upload_leaves_no_file_behind() {
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    let address = site.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let body = short_mp4();
    let head = raw_put_head(
        &site,
        id,
        &token,
        &format!("Content-Length: {}", body.len() + 10 * 1024 * 1024),
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&body).await.unwrap();
    socket.flush().await.unwrap();
    let root = uploads(&site);
    until_a_temp_file(&root).await;
    drop(socket);
    until_no_temp_file(&root).await;
    assert_eq!(temp_files(&root), 0, "a partial file stayed");
    assert!(stored_files(&root).is_empty());
    assert_eq!(
        site.count("SELECT COUNT(*) FROM contribution_files").await,
        0
    );
    // The reader sends it again: it arrives.
    let answer = upload(&site, id, 0, &token, "v.mp4", short_mp4()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
}

#[tokio::test]
async fn unsent_contributions_go_with_their_files_and_a_file_taken_out_leaves_the_disk() {
    let site = common::site(|_| {}).await;
    let root = uploads(&site);
    // Sent long ago: kept.
    let (sent, sent_token) = draft(&site, &story(), None).await;
    let answer = upload(&site, sent, 0, &sent_token, "a.jpg", jpeg_with_gps(512)).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    assert_eq!(
        submit(&site, sent, &sent_token).await.status,
        StatusCode::CREATED
    );
    // Started long ago and never sent: to go, with its photo; its video has the same bytes as
    // a recent draft's, which keeps that blob.
    let (left, left_token) = draft(&site, &story(), None).await;
    for (position, name, bytes) in [(0, "b.png", png_with_text()), (1, "c.mp4", short_mp4())] {
        let answer = upload(&site, left, position, &left_token, name, bytes).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    }
    let (recent, recent_token) = draft(&site, &story(), None).await;
    let answer = upload(&site, recent, 0, &recent_token, "d.mp4", short_mp4()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
    sqlx::query("UPDATE contributions SET created_at = 0 WHERE id IN (?1, ?2)")
        .bind(sent)
        .bind(left)
        .execute(&site.pool)
        .await
        .unwrap();
    assert_eq!(stored_files(&root).len(), 3, "a photo, a photo, a video");

    let storage: std::sync::Arc<dyn byline_server::uploads::Storage> =
        std::sync::Arc::new(byline_server::uploads::LocalDisk::new(&root).unwrap());
    let day_ago = byline_server::now_ms() - 24 * 3600 * 1000;
    let purged = byline_server::purge_drafts(&site.pool, &storage, day_ago)
        .await
        .unwrap();
    assert_eq!(purged, 1);
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM contributions ORDER BY id")
        .fetch_all(&site.pool)
        .await
        .unwrap();
    assert_eq!(ids, [sent, recent]);
    assert_eq!(
        stored_files(&root).len(),
        2,
        "the unsent draft's photo is gone"
    );
    let again = byline_server::purge_drafts(&site.pool, &storage, day_ago)
        .await
        .unwrap();
    assert_eq!(again, 0);

    // The recent draft's contributor takes its video out: nothing else holds those bytes.
    let removed = site
        .send(
            site.request(
                Method::DELETE,
                &format!("/contributions/{recent}/files/0"),
                None,
            )
            .header(UPLOAD_TOKEN_HEADER, &recent_token),
        )
        .await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    assert_eq!(stored_files(&root).len(), 1, "only the sent photo is left");
}

/// Writes, with Pillow, one photo in each of JPEG, PNG and WebP into the folder given: a
/// gradient, with EXIF carrying the camera, a time and a GPS position; the JPEG has a comment
/// and the PNG text chunks too.
const MAKE_PHOTOS: &str = r#"
import sys
from PIL import Image, ExifTags, PngImagePlugin
out = sys.argv[1]
img = Image.new("RGB", (96, 64))
img.putdata([((x * 5) % 256, (y * 7) % 256, ((x + y) * 3) % 256) for y in range(64) for x in range(96)])
exif = Image.Exif()
exif[ExifTags.Base.Make] = "Byline Test Camera"
exif[ExifTags.Base.DateTime] = "2026:11:30 08:15:00"
exif.get_ifd(ExifTags.IFD.GPSInfo).update({
    ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (36.0, 11.0, 27.96),
    ExifTags.GPS.GPSLongitudeRef: "E", ExifTags.GPS.GPSLongitude: (44.0, 0.0, 33.12),
})
raw = exif.tobytes()
img.save(f"{out}/photo.jpg", "JPEG", quality=90, exif=raw, comment=b"Shot on Market street")
info = PngImagePlugin.PngInfo()
info.add_text("Location", "Market street, Erbil")
img.save(f"{out}/photo.png", "PNG", exif=raw, pnginfo=info)
img.save(f"{out}/photo.webp", "WEBP", quality=90, exif=raw)
"#;

/// Decodes each file given, whole, with Pillow, and prints as JSON what it holds: format,
/// size, EXIF tags, GPS tags, the other metadata it found, and one pixel.
const READ_PHOTOS: &str = r#"
import sys, json
from PIL import Image
found = []
for path in sys.argv[1:]:
    im = Image.open(path)
    im.load()
    exif = im.getexif()
    kept = sorted(k for k in im.info if k in ("exif", "comment", "xmp", "icc_profile", "Location"))
    found.append({"format": im.format, "size": list(im.size), "exif": len(exif),
                  "gps": len(exif.get_ifd(0x8825)), "metadata": kept,
                  "pixel": list(im.convert("RGB").getpixel((10, 10)))})
print(json.dumps(found))
"#;

fn python(script: &str, args: &[&Path]) -> Value {
    let python = std::env::var("BYLINE_TEST_PYTHON")
        .expect("BYLINE_TEST_PYTHON names a Python with Pillow (`cargo xtask test` sets it)");
    let output = std::process::Command::new(python)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or(Value::Null)
}

#[tokio::test]
#[ignore = "needs Pillow (pip): `cargo xtask test` installs it and runs this"]
async fn photos_a_real_encoder_wrote_lose_their_place_and_still_decode_the_same() {
    let made = tempfile::tempdir().unwrap();
    python(MAKE_PHOTOS, &[made.path()]);
    let names = ["photo.jpg", "photo.png", "photo.webp"];
    let originals: Vec<PathBuf> = names.iter().map(|name| made.path().join(name)).collect();
    let site = common::site(|_| {}).await;
    let (id, token) = draft(&site, &story(), None).await;
    for (position, path) in originals.iter().enumerate() {
        let name = path.file_name().unwrap().to_str().unwrap();
        let answer = upload(
            &site,
            id,
            position,
            &token,
            name,
            std::fs::read(path).unwrap(),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{name}: {}", answer.text);
    }
    let receipt: Receipt = submit(&site, id, &token).await.json();
    assert!(receipt.files.iter().all(|file| file.metadata_removed));
    let root = uploads(&site);
    let stored: Vec<PathBuf> = receipt
        .files
        .iter()
        .map(|file| root.join(&file.sha256[..2]).join(&file.sha256))
        .collect();

    let paths: Vec<&Path> = originals
        .iter()
        .chain(&stored)
        .map(PathBuf::as_path)
        .collect();
    let found = python(READ_PHOTOS, &paths);
    let found = found.as_array().unwrap();
    let (before, after) = found.split_at(names.len());
    for ((name, sent), kept) in names.iter().zip(before).zip(after) {
        // What Pillow wrote carries the position; what is stored carries none of it and no
        // other metadata, and decodes, whole, to the same picture.
        assert_eq!(sent["gps"], 4, "{name}: {sent}");
        assert_eq!(kept["gps"], 0, "{name}: {kept}");
        assert_eq!(kept["exif"], 0, "{name}: {kept}");
        assert_eq!(kept["metadata"], json!([]), "{name}: {kept}");
        for same in ["format", "size", "pixel"] {
            assert_eq!(kept[same], sent[same], "{name}: {same}");
        }
    }
}
