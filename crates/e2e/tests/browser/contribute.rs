//! "Be part of" in the browser: a reader sends a story with two photos and a short video,
//! sees each file's progress and the receipt; the photo's GPS position is gone from the
//! stored file; a file named `.jpg` that is not an image is refused with a clear message; an
//! oversized photo is refused and leaves nothing on disk; a connection lost mid-upload leaves
//! no partial file, and the reader sends the file again.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, ensure};
use byline_e2e::{Fault, FaultProxy, Page, Site};
use fantoccini::Locator;

/// The sidebar's call to action.
const BE_PART_OF: &str = "Send us your story";

fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut out = vec![0xFF, marker];
    out.extend_from_slice(&u16::try_from(body.len() + 2).unwrap_or(0).to_be_bytes());
    out.extend_from_slice(body);
    out
}

/// A JPEG whose EXIF holds a GPS position, with `size` bytes of image data.
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

fn png() -> Vec<u8> {
    let chunk = |kind: &[u8; 4], data: &[u8]| {
        let mut out = u32::try_from(data.len())
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
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

fn mp4() -> Vec<u8> {
    let mut mp4 = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2".to_vec();
    mp4.extend(std::iter::repeat_n(7u8, 200 * 1024));
    mp4
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> Result<String> {
    let path = dir.join(name);
    std::fs::write(&path, bytes)?;
    Ok(path.display().to_string())
}

/// The files the store holds, but its `tmp/`.
fn stored(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() && path.file_name().is_some_and(|name| name != "tmp") {
            found.extend(
                std::fs::read_dir(&path)
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|e| e.path()),
            );
        }
    }
    found
}

fn temp_count(root: &Path) -> usize {
    std::fs::read_dir(root.join("tmp")).map_or(0, |dir| dir.count())
}

/// Opens the form at `base` and fills in the text as a guest.
async fn fill_in(page: &Page, url: &str) -> Result<()> {
    page.visit(url).await?;
    page.heading(1, "Be part of the story").await?;
    page.fill_in("What is it about?", "Flooded road near the bridge")
        .await?;
    page.fill(
        &page.labelled("Your story").await?,
        "The water rose overnight; these are from this morning.",
    )
    .await?;
    page.fill_in("Where did it happen? (optional)", "Zakho")
        .await?;
    page.fill_in("Your name", "Hejar").await?;
    page.fill_in("Your email address", "hejar@example.org")
        .await?;
    Ok(())
}

async fn choose(page: &Page, paths: &[String]) -> Result<()> {
    let input = page.client().find(Locator::Css("input[type=file]")).await?;
    input.send_keys(&paths.join("\n")).await?;
    Ok(())
}

async fn consent_and_send(page: &Page) -> Result<()> {
    page.labelled("I agree that the newsroom may publish what I send, with my name, and may contact me about it.")
        .await?
        .click()
        .await?;
    page.button("Send").await?.click().await?;
    Ok(())
}

#[tokio::test]
async fn a_reader_sends_a_story_with_two_photos_and_a_video_and_gets_a_receipt() -> Result<()> {
    let site = Site::start().await?;
    let files = tempfile::tempdir()?;
    let paths = vec![
        write(files.path(), "IMG_2041.jpg", &jpeg_with_gps(300 * 1024))?,
        write(files.path(), "screenshot.png", &png())?,
        write(files.path(), "clip.mp4", &mp4())?,
    ];
    let page = Page::open().await?;
    // The sidebar's call, from an article.
    let (slug, title) = site.small_article().await?;
    page.visit(&site.url(&format!("/articles/{slug}"))).await?;
    page.heading(1, &title).await?;
    page.link(BE_PART_OF).await?.click().await?;
    page.heading(1, "Be part of the story").await?;
    // The address people share, /contribute, leads to the same form.
    fill_in(&page, &site.url("/contribute")).await?;
    choose(&page, &paths).await?;
    page.see_text("IMG_2041.jpg").await?;
    page.see_text("clip.mp4").await?;
    page.button("Remove screenshot.png").await?;
    // Every progress bar that appears is noted.
    page.script(
        "window.__progressSeen = 0;
         new MutationObserver(records => records.forEach(r => r.addedNodes.forEach(n => {
             if (n.nodeType === 1 && (n.matches('progress') || n.querySelector('progress'))) window.__progressSeen++;
         }))).observe(document.body, {childList: true, subtree: true});
         return true;",
    )
    .await?;
    consent_and_send(&page).await?;
    let reference = page.see_text("Your reference: BP-").await?.text().await?;
    page.see_text("Thank you. Your contribution has reached the newsroom.")
        .await?;
    let seen = page.script("return window.__progressSeen").await?;
    ensure!(
        seen.as_u64().unwrap_or(0) >= 3,
        "progress bars seen: {seen}"
    );

    // On disk: three files, the JPEG without its GPS position, nothing half-written.
    let root = site.uploads_dir();
    let files_stored = stored(&root);
    ensure!(files_stored.len() == 3, "{files_stored:?}");
    let jpeg = files_stored
        .iter()
        .map(std::fs::read)
        .filter_map(Result::ok)
        .find(|bytes| bytes.starts_with(&[0xFF, 0xD8]))
        .context("no JPEG stored")?;
    ensure!(
        !jpeg.windows(3).any(|w| w == b"GPS"),
        "the GPS position was kept"
    );
    ensure!(temp_count(&root) == 0, "temporary files stayed");
    ensure!(reference.len() > "Your reference: ".len());
    page.close().await
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_refused_and_a_lost_upload_is_sent_again() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let files = tempfile::tempdir()?;
    let fake = write(
        files.path(),
        "holiday.jpg",
        b"#!/bin/sh\necho this is a script\n",
    )?;
    let real = write(files.path(), "bridge.jpg", &jpeg_with_gps(64 * 1024))?;
    let page = Page::open().await?;
    fill_in(&page, &proxy.url("/account/contribute")).await?;
    choose(&page, &[fake]).await?;
    consent_and_send(&page).await?;
    page.alert("Not sent: This file is not a photo").await?;
    page.see_text("Some files were not sent.").await?;
    page.button("Remove holiday.jpg").await?.click().await?;

    // The connection drops while the photo goes up.
    choose(&page, &[real]).await?;
    page.see_text("bridge.jpg").await?;
    proxy.break_with(
        Some("PUT"),
        "/api/v1/contributions/1/files/0",
        Fault::Refuse,
    );
    page.button("Send").await?.click().await?;
    page.alert("Not sent: We could not reach").await?;
    let root = site.uploads_dir();
    ensure!(temp_count(&root) == 0, "a partial file stayed");
    ensure!(stored(&root).is_empty(), "something was stored");
    ensure!(
        page.labelled("What is it about?")
            .await?
            .prop("value")
            .await?
            .as_deref()
            == Some("Flooded road near the bridge"),
        "the text was lost"
    );

    proxy.heal();
    page.button("Send").await?.click().await?;
    page.see_text("Your reference: BP-").await?;
    ensure!(stored(&root).len() == 1, "{:?}", stored(&root));
    page.close().await
}

#[tokio::test]
async fn an_oversized_photo_is_refused_and_leaves_nothing_on_disk() -> Result<()> {
    let site = Site::start_with(|_| ["--max-photo-mb", "1"].map(str::to_owned).to_vec()).await?;
    let files = tempfile::tempdir()?;
    let big = write(files.path(), "huge.jpg", &jpeg_with_gps(2 * 1024 * 1024))?;
    let page = Page::open().await?;
    fill_in(&page, &site.url("/account/contribute")).await?;
    choose(&page, &[big]).await?;
    consent_and_send(&page).await?;
    page.alert("Not sent: This file is larger than this site takes.")
        .await?;
    let root = site.uploads_dir();
    ensure!(
        temp_count(&root) == 0 && stored(&root).is_empty(),
        "the file filled the disk"
    );
    page.close().await
}
