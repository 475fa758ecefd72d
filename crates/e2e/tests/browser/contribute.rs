//! "Be part of" in the browser: a reader sends a story with two photos and a short video,
//! sees each file's progress and the receipt; the photo's GPS position is gone from the
//! stored file; a file named `.jpg` that is not an image is refused with a clear message; an
//! oversized photo is refused and leaves nothing on disk; the typed text outlives a reload; a
//! connection lost mid-upload leaves no partial file, and the reader sends that file again,
//! alone; a file taken out after it went up leaves the store; a file's progress bar moves as
//! it goes up.

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
    let call = page.link(BE_PART_OF).await?;
    ensure!(call.attr("href").await?.as_deref() == Some("/contribute"));
    call.click().await?;
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

/// The value of a text field, found by its label.
async fn value_of(page: &Page, label: &str) -> Result<String> {
    Ok(page
        .labelled(label)
        .await?
        .prop("value")
        .await?
        .unwrap_or_default())
}

/// Waits for the endpoint to let go of its temporary files (it notices a cut upload on its
/// own time).
async fn until_no_temp_files(root: &Path) -> Result<()> {
    let started = std::time::Instant::now();
    while temp_count(root) > 0 && started.elapsed() < std::time::Duration::from_secs(5) {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    ensure!(temp_count(root) == 0, "a partial file stayed");
    Ok(())
}

#[tokio::test]
async fn a_file_that_is_not_an_image_is_refused_and_a_lost_upload_is_sent_again_alone() -> Result<()>
{
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let files = tempfile::tempdir()?;
    let fake = write(
        files.path(),
        "holiday.jpg",
        b"#!/bin/sh\necho this is a script\n",
    )?;
    let bridge = write(files.path(), "bridge.jpg", &jpeg_with_gps(64 * 1024))?;
    let river = write(files.path(), "river.jpg", &jpeg_with_gps(96 * 1024))?;
    let clip = write(files.path(), "clip.mp4", &mp4())?;
    let page = Page::open().await?;
    fill_in(&page, &proxy.url("/account/contribute")).await?;

    // A reload keeps what the reader typed; files must be chosen again, and the page says so.
    choose(&page, std::slice::from_ref(&fake)).await?;
    page.see_text("holiday.jpg").await?;
    page.reload().await?;
    page.heading(1, "Be part of the story").await?;
    page.see_text("After a reload, choose your files again")
        .await?;
    for (label, typed) in [
        ("What is it about?", "Flooded road near the bridge"),
        (
            "Your story",
            "The water rose overnight; these are from this morning.",
        ),
        ("Where did it happen? (optional)", "Zakho"),
        ("Your name", "Hejar"),
        ("Your email address", "hejar@example.org"),
    ] {
        ensure!(value_of(&page, label).await? == typed, "{label} was lost");
    }
    ensure!(
        !page.has_text("holiday.jpg").await?,
        "a file outlived the reload"
    );

    choose(&page, &[fake]).await?;
    consent_and_send(&page).await?;
    page.alert("Not sent: This file is not a photo").await?;
    page.see_text("Some files were not sent.").await?;
    page.button("Remove holiday.jpg").await?.click().await?;
    // It is taken out of the draft at the endpoint first, which frees its place.
    page.until("the script taken out", || async {
        Ok(!page.has_text("holiday.jpg").await?)
    })
    .await?;

    // The connection drops half-way through the second of three files, after the endpoint
    // has started writing it; the first and the third go up.
    choose(&page, &[bridge, river, clip]).await?;
    page.see_text("clip.mp4").await?;
    let file = |position: u32| format!("/api/v1/contributions/1/files/{position}");
    proxy.break_with(Some("PUT"), &file(1), Fault::CutUpload);
    page.button("Send").await?.click().await?;
    page.alert("Not sent: We could not reach").await?;
    page.see_text("Some files were not sent.").await?;
    let root = site.uploads_dir();
    until_no_temp_files(&root).await?;
    ensure!(stored(&root).len() == 2, "{:?}", stored(&root));
    ensure!(
        value_of(&page, "What is it about?").await? == "Flooded road near the bridge",
        "the text was lost"
    );

    // The reader takes the video out after all, though it went up: it leaves the store too.
    page.button("Remove clip.mp4").await?.click().await?;
    page.until("the video taken out", || async {
        Ok(!page.has_text("clip.mp4").await?)
    })
    .await?;
    ensure!(proxy.requests("DELETE", &file(2)) == 1);
    ensure!(stored(&root).len() == 1, "{:?}", stored(&root));

    // Sent again: only the file that failed goes up again.
    let before: Vec<usize> = (0..3).map(|n| proxy.requests("PUT", &file(n))).collect();
    proxy.heal();
    page.button("Send").await?.click().await?;
    page.see_text("Your reference: BP-").await?;
    let after: Vec<usize> = (0..3).map(|n| proxy.requests("PUT", &file(n))).collect();
    ensure!(
        after == [before[0], before[1] + 1, before[2]],
        "uploads before {before:?}, after {after:?}"
    );
    ensure!(stored(&root).len() == 2, "{:?}", stored(&root));
    ensure!(temp_count(&root) == 0, "temporary files stayed");
    page.close().await
}

#[tokio::test]
async fn a_files_progress_bar_moves_as_it_goes_up() -> Result<()> {
    let site = Site::start().await?;
    let proxy = FaultProxy::start(&site).await?;
    let files = tempfile::tempdir()?;
    let mut video = mp4();
    video.resize(12 * 1024 * 1024, 7);
    let clip = write(files.path(), "long-clip.mp4", &video)?;
    let page = Page::open().await?;
    fill_in(&page, &proxy.url("/account/contribute")).await?;
    choose(&page, &[clip]).await?;
    // A slow line: the proxy takes the upload at 4 MB a second.
    proxy.break_with(
        Some("PUT"),
        "/api/v1/contributions/1/files/0",
        Fault::SlowUpload(4 * 1024 * 1024),
    );
    // Every progress bar that appears, and every value it shows, is noted.
    page.script(
        "window.__bars = 0; window.__shares = [];
         new MutationObserver(records => records.forEach(r => {
             if (r.type === 'attributes' && r.target.matches('progress')) {
                 window.__shares.push(Number(r.target.getAttribute('value')));
             }
             r.addedNodes.forEach(n => {
                 if (n.nodeType !== 1) return;
                 const bar = n.matches('progress') ? n : n.querySelector('progress');
                 if (bar) { window.__bars++; window.__shares.push(Number(bar.getAttribute('value'))); }
             });
         })).observe(document.body, {childList: true, subtree: true, attributes: true, attributeFilter: ['value']});
         return true;",
    )
    .await?;
    consent_and_send(&page).await?;
    page.see_text("Your reference: BP-").await?;
    let bars = page.script("return window.__bars").await?;
    let shares: Vec<f64> = serde_json::from_value(page.script("return window.__shares").await?)?;
    ensure!(
        bars.as_u64() == Some(1),
        "{bars} progress bars for one file"
    );
    ensure!(
        shares.iter().any(|share| *share > 0.05 && *share < 0.95),
        "no share between the start and the end: {shares:?}"
    );
    ensure!(
        shares.windows(2).all(|pair| pair[0] <= pair[1]),
        "the bar went back: {shares:?}"
    );
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

#[tokio::test]
async fn files_are_dropped_previewed_and_held_to_ten() -> Result<()> {
    let site = Site::start().await?;
    let page = Page::open().await?;
    fill_in(&page, &site.url("/account/contribute")).await?;
    // Eleven photos dropped on the form at once, as a file manager drops them.
    page.script(
        "const photos = new DataTransfer();
         for (let n = 1; n <= 11; n++) {
             photos.items.add(new File([new Uint8Array([0xFF, 0xD8, 0xFF, 0xD9])], `photo-${n}.jpg`, {type: 'image/jpeg'}));
         }
         const zone = document.querySelector('.contribute__drop');
         zone.dispatchEvent(new DragEvent('dragover', {dataTransfer: photos, bubbles: true, cancelable: true}));
         zone.dispatchEvent(new DragEvent('drop', {dataTransfer: photos, bubbles: true, cancelable: true}));
         return true;",
    )
    .await?;
    page.alert("Choose at most 10 files.").await?;
    page.see_text("photo-10.jpg").await?;
    ensure!(
        !page.has_text("photo-11.jpg").await?,
        "an eleventh file was taken"
    );
    // Each with a preview of its own, from the file itself (never sent anywhere to show it).
    let previews = page
        .script(
            "return [...document.querySelectorAll('.contribute__list img.contribute__preview')]
                 .filter(img => img.src.startsWith('blob:') && img.alt.startsWith('photo-')).length",
        )
        .await?;
    ensure!(previews.as_u64() == Some(10), "previews: {previews}");
    // One removed frees its place for another.
    page.button("Remove photo-3.jpg").await?.click().await?;
    page.until("the photo taken out", || async {
        Ok(!page.has_text("photo-3.jpg").await?)
    })
    .await?;
    let files = tempfile::tempdir()?;
    let another = write(files.path(), "bridge.jpg", &jpeg_with_gps(1024))?;
    choose(&page, &[another]).await?;
    page.see_text("bridge.jpg").await?;
    ensure!(
        page.script("return document.querySelectorAll('.contribute__file').length")
            .await?
            .as_u64()
            == Some(10)
    );
    page.close().await
}

const PASSWORD: &str = "lanterns along the river";

#[tokio::test]
async fn a_member_sends_with_their_account_and_a_moderator_accepts_it() -> Result<()> {
    let site = Site::start().await?;
    site.member("Shirin Ahmed", "shirin@example.org", PASSWORD)
        .await?;
    site.member("Nian Moderator", "nian@example.org", PASSWORD)
        .await?;
    site.grant("nian@example.org", "moderator")?;
    let files = tempfile::tempdir()?;
    let paths = vec![
        write(files.path(), "market.jpg", &jpeg_with_gps(2048))?,
        write(files.path(), "market.mp4", &mp4())?,
    ];

    // A member: the account stands in for a name and an address.
    let member = Page::open().await?;
    member
        .sign_in(&site, "shirin@example.org", PASSWORD, "/account/contribute")
        .await?;
    member.heading(1, "Be part of the story").await?;
    ensure!(
        !member.has_text("Your email address").await?,
        "a member is asked for an address"
    );
    member
        .fill_in("What is it about?", "The market reopens")
        .await?;
    member
        .fill(
            &member.labelled("Your story").await?,
            "Stalls went up again this morning after the flood.",
        )
        .await?;
    choose(&member, &paths).await?;
    consent_and_send(&member).await?;
    let reference = member.see_text("Your reference: BP-").await?.text().await?;
    let reference = reference
        .trim_start_matches("Your reference: ")
        .trim()
        .to_owned();
    // The receipt goes to the account's address.
    site.outbox_message("shirin@example.org", &reference)
        .await?;

    // The newsroom: the contribution with its files, never its sender's address.
    let desk = Page::open().await?;
    desk.sign_in(&site, "nian@example.org", PASSWORD, "/account/moderation")
        .await?;
    desk.heading(1, "Moderation").await?;
    desk.see_text("The market reopens").await?;
    desk.see_text(&reference).await?;
    desk.see_text("Shirin Ahmed").await?;
    ensure!(
        !desk.has_text("shirin@example.org").await?,
        "the sender's address is shown"
    );
    let links = desk
        .script(
            "return [...document.querySelectorAll('a[download]')].map(a => [a.textContent.trim(), new URL(a.href).pathname])",
        )
        .await?;
    ensure!(
        links
            == serde_json::json!([
                ["market.jpg", "/api/v1/moderation/contributions/1/files/0"],
                ["market.mp4", "/api/v1/moderation/contributions/1/files/1"]
            ]),
        "{links}"
    );
    desk.button("Accept").await?.click().await?;
    desk.see_text("Accepted.").await?;
    desk.reload().await?;
    desk.heading(1, "Moderation").await?;
    desk.see_text("Accepted.").await?;
    desk.close().await?;
    member.close().await
}
