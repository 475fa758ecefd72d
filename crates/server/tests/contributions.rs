//! "Be part of" over real HTTP: a story with photos and a video is received, its photos
//! stored without their metadata, under their digests, outside the static root; a file that
//! is not what its name says, one over its limit, bad text and a dropped connection are
//! refused and leave nothing behind; moderators alone list the contributions and fetch files.

#![allow(clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use byline_contract::auth::Role;
use byline_contract::contribution::{Contributions, MediaKind, Receipt};
use common::Site;
use reqwest::multipart::{Form, Part};
use reqwest::{Method, StatusCode};
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

fn story(form: Form) -> Form {
    form.text("title", "Flooded road near the bridge")
        .text(
            "story",
            "The water rose overnight; these are from this morning.",
        )
        .text("place", "Zakho")
        .text("date", "2026-11-30")
        .text("name", "Hejar")
        .text("email", "hejar@example.org")
        .text("consent", "yes")
        .text("lang", "ckb")
}

fn file(bytes: Vec<u8>, name: &str) -> Part {
    Part::bytes(bytes).file_name(name.to_owned())
}

async fn send(site: &Site, form: Form, session: Option<&str>) -> common::Answer {
    site.send(
        site.request(Method::POST, "/contributions", session)
            .multipart(form),
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

#[tokio::test]
async fn a_story_with_photos_and_a_video_is_stored_without_the_photos_metadata() {
    let site = common::site(|_| {}).await;
    let form = story(Form::new())
        .part("file", file(jpeg_with_gps(2048), "IMG_2041.jpg"))
        .part("file", file(png_with_text(), "screenshot.png"))
        .part("file", file(short_mp4(), "clip.mp4"));
    let answer = send(&site, form, None).await;
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
    assert!(!answer.text.contains("hejar@example.org"));

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
    let reader = site.member("Dana Kaya", "dana@example.org").await;
    let refused = site
        .send(site.request(Method::GET, "/moderation/contributions", Some(&reader)))
        .await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    byline_server::moderation::grant(&site.pool, "dana@example.org", Role::Moderator)
        .await
        .unwrap();
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
    let form = story(Form::new())
        .part("file", file(jpeg_with_gps(10), "fine.jpg"))
        .part(
            "file",
            file(
                b"#!/bin/sh\necho hello from a script\n".to_vec(),
                "photo.jpg",
            ),
        );
    let answer = send(&site, form, None).await;
    assert_eq!(
        answer.error_fields(StatusCode::UNSUPPORTED_MEDIA_TYPE),
        ["files[1]"]
    );
    assert!(stored_files(&uploads(&site)).is_empty());
    assert_eq!(temp_files(&uploads(&site)), 0);
    assert_eq!(site.count("SELECT COUNT(*) FROM contributions").await, 0);
}

#[tokio::test]
async fn an_oversized_photo_is_refused_while_it_arrives() {
    let site = common::site(|config| config.upload_limits.photo = 4096).await;
    let form = story(Form::new()).part("file", file(jpeg_with_gps(64 * 1024), "big.jpg"));
    let answer = send(&site, form, None).await;
    let problem = answer.problem(StatusCode::PAYLOAD_TOO_LARGE);
    assert!(problem.errors.contains_key("files[0]"), "{problem:?}");
    assert_eq!(temp_files(&uploads(&site)), 0);
    assert!(stored_files(&uploads(&site)).is_empty());
    // A video may be larger than a photo.
    let form = story(Form::new()).part("file", file(short_mp4(), "clip.mp4"));
    assert_eq!(send(&site, form, None).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn bad_text_is_refused_before_any_file_is_stored() {
    let site = common::site(|_| {}).await;
    let form = Form::new()
        .text("title", "")
        .text("story", "Something happened.")
        .text("date", "yesterday")
        .text("name", "Hejar")
        .text("email", "not an address")
        .part("file", file(jpeg_with_gps(10), "a.jpg"));
    let answer = send(&site, form, None).await;
    let mut fields = answer.error_fields(StatusCode::UNPROCESSABLE_ENTITY);
    fields.sort();
    assert_eq!(fields, ["consent", "date", "email", "title"]);
    assert_eq!(temp_files(&uploads(&site)), 0);
    // A member sends without name and address: the account stands in.
    let member = site.member("Dana Kaya", "dana@example.org").await;
    let form = Form::new()
        .text("title", "A member's story")
        .text("story", "Words.")
        .text("consent", "yes");
    assert_eq!(
        send(&site, form, Some(&member)).await.status,
        StatusCode::CREATED
    );
}

#[tokio::test]
async fn a_connection_dropped_mid_upload_leaves_no_file_behind() {
    let site = common::site(|_| {}).await;
    let address = site.base.trim_start_matches("http://").to_owned();
    let mut socket = tokio::net::TcpStream::connect(&address).await.unwrap();
    let boundary = "byline-boundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nCut off\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"story\"\r\n\r\nWords\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nHejar\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nh@example.org\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"consent\"\r\n\r\nyes\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"v.mp4\"\r\n\
         Content-Type: video/mp4\r\n\r\n"
    )
    .into_bytes();
    body.extend(short_mp4());
    let head = format!(
        "POST /api/v1/contributions HTTP/1.1\r\nHost: {address}\r\nOrigin: {}\r\n\
         X-Byline-Request: 1\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n\
         Content-Length: {}\r\n\r\n",
        site.origin,
        body.len() + 10 * 1024 * 1024
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket.write_all(&body).await.unwrap();
    socket.flush().await.unwrap();
    // The upload is under way: a file is being written.
    let root = uploads(&site);
    let started = std::time::Instant::now();
    while temp_files(&root) == 0 && started.elapsed().as_secs() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    assert_eq!(temp_files(&root), 1, "the upload never started");
    drop(socket);
    let started = std::time::Instant::now();
    while temp_files(&root) > 0 && started.elapsed().as_secs() < 5 {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(temp_files(&root), 0, "a partial file stayed");
    assert!(stored_files(&root).is_empty());
    assert_eq!(site.count("SELECT COUNT(*) FROM contributions").await, 0);
}
