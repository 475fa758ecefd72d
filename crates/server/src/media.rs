//! Contributed files: their type decided by their content, never their name ([`sniff`]),
//! photos copied without their metadata ([`strip`]): EXIF (with GPS), XMP, IPTC, comments and
//! text chunks, and videos (MP4, MOV, WebM) blanked in place where they say where, when and on
//! what they were recorded ([`blank_video_metadata`]). All work on files as streams or by seeking,
//! a segment, chunk or box at a time, so a large file is never held whole in memory.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use byline_contract::contribution::MediaKind;

/// A type of file the newsroom takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    /// JPEG.
    Jpeg,
    /// PNG.
    Png,
    /// WebP.
    Webp,
    /// HEIC (HEIF with HEVC).
    Heic,
    /// MP4.
    Mp4,
    /// QuickTime.
    Mov,
    /// WebM.
    Webm,
}

/// The bytes [`sniff`] needs to decide.
pub const SNIFF_BYTES: usize = 16;

impl Media {
    /// Photo or video.
    pub fn kind(self) -> MediaKind {
        match self {
            Media::Jpeg | Media::Png | Media::Webp | Media::Heic => MediaKind::Photo,
            Media::Mp4 | Media::Mov | Media::Webm => MediaKind::Video,
        }
    }

    /// Its media type.
    pub fn media_type(self) -> &'static str {
        match self {
            Media::Jpeg => "image/jpeg",
            Media::Png => "image/png",
            Media::Webp => "image/webp",
            Media::Heic => "image/heic",
            Media::Mp4 => "video/mp4",
            Media::Mov => "video/quicktime",
            Media::Webm => "video/webm",
        }
    }
}

/// The type of a file from its first [`SNIFF_BYTES`] bytes; `None` for anything else.
pub fn sniff(head: &[u8]) -> Option<Media> {
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(Media::Jpeg);
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some(Media::Png);
    }
    if head.len() >= 12 && &head[..4] == b"RIFF" && &head[8..12] == b"WEBP" {
        return Some(Media::Webp);
    }
    if head.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        return Some(Media::Webm);
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return match &head[8..12] {
            b"heic" | b"heix" | b"heim" | b"heis" | b"mif1" | b"msf1" => Some(Media::Heic),
            b"qt  " => Some(Media::Mov),
            b"isom" | b"iso2" | b"iso4" | b"iso5" | b"iso6" | b"mp41" | b"mp42" | b"avc1"
            | b"M4V " | b"dash" | b"MSNV" => Some(Media::Mp4),
            _ => None,
        };
    }
    None
}

fn malformed(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

/// Copies photo `src` to `dst` without its metadata; `Ok(true)` when there was some. An
/// error when the file is not a well-formed file of its type. Videos are not given here.
pub fn strip(media: Media, src: &Path, dst: &Path) -> io::Result<bool> {
    if media == Media::Heic {
        std::fs::copy(src, dst)?;
        let mut file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(dst)?;
        return blank_heif_metadata(&mut file);
    }
    let mut input = BufReader::new(File::open(src)?);
    let mut output = BufWriter::new(File::create(dst)?);
    let removed = match media {
        Media::Jpeg => strip_jpeg(&mut input, &mut output)?,
        Media::Png => strip_png(&mut input, &mut output)?,
        Media::Webp => strip_webp(&mut input, &mut output)?,
        Media::Heic | Media::Mp4 | Media::Mov | Media::Webm => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "videos are stored as sent",
            ));
        }
    };
    output.flush()?;
    Ok(removed)
}

fn read_u16(input: &mut impl Read) -> io::Result<u16> {
    let mut bytes = [0u8; 2];
    input.read_exact(&mut bytes)?;
    Ok(u16::from_be_bytes(bytes))
}

/// JPEG: every marker segment is copied but APP1 (EXIF, XMP), APP13 (IPTC), the other
/// application segments and comments; of APP0 only JFIF stays, without the thumbnail it may
/// carry (and not JFXX, which carries one), of APP2 only the ICC colour profile (not MPF, which points at further images),
/// and Adobe's APP14 colour transform, as the picture needs them. The image data is copied as
/// it is, scan by scan, up to the end-of-image marker; what follows it (the further images of
/// MPF, a phone's depth map or original, each possibly with an EXIF of its own, or anything
/// else) is not kept. A file cut short in its image data is kept as far as it goes.
fn strip_jpeg(input: &mut impl io::BufRead, output: &mut impl Write) -> io::Result<bool> {
    let mut soi = [0u8; 2];
    input.read_exact(&mut soi)?;
    if soi != [0xFF, 0xD8] {
        return Err(malformed("not a JPEG"));
    }
    output.write_all(&soi)?;
    let mut removed = false;
    let mut marker = next_marker(input)?;
    loop {
        if marker == 0xD9 {
            output.write_all(&[0xFF, marker])?;
            // Anything after the end of the image goes.
            if !input.fill_buf()?.is_empty() {
                removed = true;
            }
            return Ok(removed);
        }
        if (0xD0..=0xD7).contains(&marker) || marker == 0x01 {
            output.write_all(&[0xFF, marker])?;
            marker = next_marker(input)?;
            continue;
        }
        let length = read_u16(input)?;
        if length < 2 {
            return Err(malformed("a JPEG segment too short"));
        }
        let mut body = vec![0u8; usize::from(length - 2)];
        input
            .read_exact(&mut body)
            .map_err(|_| malformed("a JPEG cut short"))?;
        // JFIF's own header may carry an uncompressed thumbnail: kept without it.
        if marker == 0xE0 && body.starts_with(b"JFIF\0") && body.len() >= 14 {
            let thumbnail = body.len() > 14 || body[12] != 0 || body[13] != 0;
            if thumbnail {
                body.truncate(14);
                body[12] = 0;
                body[13] = 0;
                removed = true;
            }
        }
        let length = u16::try_from(body.len() + 2).unwrap_or(length);
        let keep = match marker {
            0xE0 => body.starts_with(b"JFIF\0"),
            0xE2 => body.starts_with(b"ICC_PROFILE\0"),
            0xEE => body.starts_with(b"Adobe"),
            0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
            _ => true,
        };
        if keep {
            output.write_all(&[0xFF, marker])?;
            output.write_all(&length.to_be_bytes())?;
            output.write_all(&body)?;
        } else {
            removed = true;
        }
        if marker == 0xDA {
            // Start of scan: its image data, as it is, to the marker after it.
            match copy_scan(input, output)? {
                Some(next) => marker = next,
                None => return Ok(removed),
            }
        } else {
            marker = next_marker(input)?;
        }
    }
}

/// The next JPEG marker: `0xFF`, any fill bytes, the marker's code.
fn next_marker(input: &mut impl Read) -> io::Result<u8> {
    let mut byte = [0u8; 1];
    input.read_exact(&mut byte)?;
    if byte[0] != 0xFF {
        return Err(malformed("a JPEG segment without its marker"));
    }
    while byte[0] == 0xFF {
        input.read_exact(&mut byte)?;
    }
    Ok(byte[0])
}

/// Copies a scan's entropy-coded data (with its stuffed `FF 00` bytes and restart markers)
/// and returns the code of the marker that ends it; `None` when the file ends first.
fn copy_scan(input: &mut impl io::BufRead, output: &mut impl Write) -> io::Result<Option<u8>> {
    loop {
        let buffer = input.fill_buf()?;
        if buffer.is_empty() {
            return Ok(None);
        }
        let Some(at) = buffer.iter().position(|byte| *byte == 0xFF) else {
            let length = buffer.len();
            output.write_all(buffer)?;
            input.consume(length);
            continue;
        };
        output.write_all(&buffer[..at])?;
        input.consume(at + 1);
        let mut byte = [0u8; 1];
        loop {
            if input.read(&mut byte)? == 0 {
                return Ok(None);
            }
            if byte[0] != 0xFF {
                break;
            }
        }
        match byte[0] {
            0x00 | 0xD0..=0xD7 => output.write_all(&[0xFF, byte[0]])?,
            code => return Ok(Some(code)),
        }
    }
}

/// PNG: every chunk is copied but `eXIf`, `tEXt`, `zTXt`, `iTXt` and `tIME`.
fn strip_png(input: &mut impl Read, output: &mut impl Write) -> io::Result<bool> {
    let mut signature = [0u8; 8];
    input.read_exact(&mut signature)?;
    if &signature != b"\x89PNG\r\n\x1a\n" {
        return Err(malformed("not a PNG"));
    }
    output.write_all(&signature)?;
    let mut removed = false;
    loop {
        let mut head = [0u8; 8];
        input.read_exact(&mut head)?;
        let length = u32::from_be_bytes([head[0], head[1], head[2], head[3]]);
        let kind = [head[4], head[5], head[6], head[7]];
        let mut chunk = input.take(u64::from(length) + 4);
        let drop_it = matches!(&kind, b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME");
        let moved = if drop_it {
            removed = true;
            io::copy(&mut chunk, &mut io::sink())?
        } else {
            output.write_all(&head)?;
            io::copy(&mut chunk, output)?
        };
        if moved != u64::from(length) + 4 {
            return Err(malformed("a PNG cut short"));
        }
        if &kind == b"IEND" {
            return Ok(removed);
        }
    }
}

/// WebP: every chunk is copied but `EXIF` and `XMP `; the extended header's flags for them
/// are cleared and the RIFF size is set again.
fn strip_webp<W: Write + Seek>(input: &mut impl Read, output: &mut W) -> io::Result<bool> {
    let mut head = [0u8; 12];
    input.read_exact(&mut head)?;
    if &head[..4] != b"RIFF" || &head[8..12] != b"WEBP" {
        return Err(malformed("not a WebP"));
    }
    let declared = u64::from(u32::from_le_bytes([head[4], head[5], head[6], head[7]]));
    output.write_all(&head)?;
    let mut read = 4u64;
    let mut written = 4u64;
    let mut removed = false;
    while read < declared {
        let mut chunk_head = [0u8; 8];
        input.read_exact(&mut chunk_head)?;
        let fourcc = [chunk_head[0], chunk_head[1], chunk_head[2], chunk_head[3]];
        let size = u64::from(u32::from_le_bytes([
            chunk_head[4],
            chunk_head[5],
            chunk_head[6],
            chunk_head[7],
        ]));
        let padded = size + (size & 1);
        read += 8 + padded;
        let mut chunk = input.take(padded);
        if matches!(&fourcc, b"EXIF" | b"XMP ") {
            removed = true;
            if io::copy(&mut chunk, &mut io::sink())? != padded {
                return Err(malformed("a WebP cut short"));
            }
            continue;
        }
        output.write_all(&chunk_head)?;
        if &fourcc == b"VP8X" {
            let mut data = vec![0u8; usize::try_from(padded).unwrap_or(0)];
            chunk.read_exact(&mut data)?;
            if let Some(flags) = data.first_mut() {
                // Bit 3: EXIF; bit 2: XMP.
                *flags &= !0b0000_1100;
            }
            output.write_all(&data)?;
        } else if io::copy(&mut chunk, output)? != padded {
            return Err(malformed("a WebP cut short"));
        }
        written += 8 + padded;
    }
    let size = u32::try_from(written).map_err(|_| malformed("a WebP over 4 GB"))?;
    output.seek(SeekFrom::Start(4))?;
    output.write_all(&size.to_le_bytes())?;
    output.seek(SeekFrom::End(0))?;
    Ok(removed)
}

/// HEIF (HEIC): the file keeps its structure, and the bytes of every `Exif` item and XMP
/// item (`mime` with `application/rdf+xml`) that `iloc` places in the file, or in the `meta`
/// box's own `idat`, are overwritten with zeros. Reads the `meta` box only.
fn blank_heif_metadata(file: &mut File) -> io::Result<bool> {
    let length = file.seek(SeekFrom::End(0))?;
    file.seek(SeekFrom::Start(0))?;
    // Find the top-level `meta` box.
    let mut at = 0u64;
    let meta = loop {
        if at + 8 > length {
            return Ok(false);
        }
        let (size, kind, header) = box_header(file, at, length)?;
        if &kind == b"meta" {
            break (at + header, at + size);
        }
        at += size;
    };
    // A full box: version and flags first.
    let (start, end) = (meta.0 + 4, meta.1);
    let mut metadata_items = Vec::new();
    let mut locations = Vec::new();
    // The `idat` box's contents, where items of construction method 1 lie.
    let mut idat = None;
    let mut at = start;
    while at + 8 <= end {
        let (size, kind, header) = box_header(file, at, end)?;
        match &kind {
            // Only where it is: its contents may be large, and are blanked in place.
            b"idat" => idat = Some((at + header, at + size)),
            b"iinf" => {
                metadata_items = metadata_item_ids(&read_at(file, at + header, size - header)?)?;
            }
            b"iloc" => locations = item_locations(&read_at(file, at + header, size - header)?)?,
            _ => {}
        }
        at += size;
    }
    let mut removed = false;
    for (item, in_idat, extents) in locations {
        if !metadata_items.contains(&item) {
            continue;
        }
        // Method 0 places an item in the file, method 1 in `idat`'s contents.
        let (base, limit) = match (in_idat, idat) {
            (false, _) => (0, length),
            (true, Some((idat_start, idat_end))) => (idat_start, idat_end),
            (true, None) => return Err(malformed("a HEIF item in an idat that is not there")),
        };
        for (offset, extent) in extents {
            let offset = base
                .checked_add(offset)
                .ok_or_else(|| malformed("a HEIF item outside the file"))?;
            // A length of 0 means the rest of the file (or of `idat`).
            let extent = if extent == 0 {
                limit.saturating_sub(offset)
            } else {
                extent
            };
            if offset.checked_add(extent).is_none_or(|last| last > limit) {
                return Err(malformed("a HEIF item outside the file"));
            }
            file.seek(SeekFrom::Start(offset))?;
            io::copy(&mut io::repeat(0).take(extent), file)?;
            removed = true;
        }
    }
    file.flush()?;
    Ok(removed)
}

/// Blanks, in place, what an MP4 or QuickTime (MOV) video says about where, when and on what
/// it was recorded; `Ok(true)` when it said anything. Phones write the place as an ISO 6709
/// position (`©xyz` in `udta`, or `com.apple.quicktime.location.ISO6709` in `meta`), with the
/// device's make and model beside it, and the moment in the movie, track and media headers.
///
/// Every `udta` and `meta` box in `moov` and its tracks, and an XMP `uuid` box, becomes a
/// `free` box of the same size with zeros for contents, and the headers' creation and
/// modification times become zero. No box moves or changes size, so the sample offsets into
/// `mdat` stay right and the video plays as before. Only the boxes' headers and the small
/// boxes named are read, however long the video.
///
/// A WebM (Matroska) file keeps its structure the same way: its `Tags` (where a position, a
/// device or a name is written) and `Attachments`, and the date and title in its `Info`,
/// become `Void` elements of the same length with zeros for contents; see [`blank_webm`].
///
/// The walk stops where the boxes stop making sense (a size past its parent's end): what
/// follows is stored as sent, and a video is never refused for it.
pub fn blank_video_metadata(media: Media, path: &Path) -> io::Result<bool> {
    if !matches!(media, Media::Mp4 | Media::Mov | Media::Webm) {
        return Ok(false);
    }
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?;
    let length = file.seek(SeekFrom::End(0))?;
    let mut removed = false;
    if media == Media::Webm {
        blank_webm(&mut file, length, &mut removed)?;
    } else {
        blank_boxes(&mut file, 0, length, 0, &mut removed)?;
    }
    file.flush()?;
    Ok(removed)
}

/// Matroska's element ids, as far as blanking needs them.
mod mkv {
    pub const SEGMENT: u32 = 0x1853_8067;
    pub const SEEK_HEAD: u32 = 0x114D_9B74;
    pub const INFO: u32 = 0x1549_A966;
    pub const TRACKS: u32 = 0x1654_AE6B;
    pub const TAGS: u32 = 0x1254_C367;
    pub const CLUSTER: u32 = 0x1F43_B675;
    pub const CUES: u32 = 0x1C53_BB6B;
    pub const CHAPTERS: u32 = 0x1043_A770;
    pub const ATTACHMENTS: u32 = 0x1941_A469;
    /// In `Info`: when the file was made, and its title.
    pub const DATE_UTC: u32 = 0x4461;
    pub const TITLE: u32 = 0x7BA9;
    /// Filler, which every reader skips.
    pub const VOID: u8 = 0xEC;
    /// What may stand in a segment: the end of a cluster of unknown size (as browsers record
    /// them) is where one of these begins.
    pub const SEGMENT_CHILDREN: [u32; 8] = [
        SEEK_HEAD,
        INFO,
        TRACKS,
        TAGS,
        CLUSTER,
        CUES,
        CHAPTERS,
        ATTACHMENTS,
    ];
}

/// An EBML element's header: its id, where it starts, its header's length and its size
/// (`None`: unknown, running to the end of its parent).
struct Element {
    id: u32,
    at: u64,
    header: u64,
    size: Option<u64>,
}

impl Element {
    fn body(&self) -> u64 {
        self.at + self.header
    }
}

/// The element at `at`, checked against `end`.
fn ebml_element(file: &mut File, at: u64, end: u64) -> io::Result<Element> {
    let head = read_at(file, at, (end - at).min(12))?;
    let id_length = head
        .first()
        .map_or(9, |first| first.leading_zeros() as usize + 1);
    if id_length > 4 || head.len() <= id_length {
        return Err(malformed("an EBML id"));
    }
    let id = head[..id_length]
        .iter()
        .fold(0u32, |id, byte| id << 8 | u32::from(*byte));
    let first = head[id_length];
    let size_length = first.leading_zeros() as usize + 1;
    if size_length > 8 || head.len() < id_length + size_length {
        return Err(malformed("an EBML size"));
    }
    let value = head[id_length + 1..id_length + size_length]
        .iter()
        .fold(u64::from(first) & (0xFF >> size_length), |value, byte| {
            value << 8 | u64::from(*byte)
        });
    let unknown = value == (1u64 << (7 * size_length)) - 1;
    let header = (id_length + size_length) as u64;
    let size = (!unknown).then_some(value);
    if size.is_some_and(|size| at + header + size > end) {
        return Err(malformed("an EBML element outside its parent"));
    }
    Ok(Element {
        id,
        at,
        header,
        size,
    })
}

/// Blanks a WebM file's metadata (see [`blank_video_metadata`]): the top level holds the EBML
/// header and the segment.
fn blank_webm(file: &mut File, length: u64, removed: &mut bool) -> io::Result<()> {
    let mut at = 0;
    while at < length {
        let Ok(element) = ebml_element(file, at, length) else {
            return Ok(());
        };
        let end = element.size.map_or(length, |size| element.body() + size);
        if element.id == mkv::SEGMENT {
            blank_segment(file, element.body(), end, removed)?;
        } else if element.size.is_none() {
            return Ok(());
        }
        at = end;
    }
    Ok(())
}

fn blank_segment(file: &mut File, start: u64, end: u64, removed: &mut bool) -> io::Result<()> {
    let mut at = start;
    while at < end {
        let Ok(element) = ebml_element(file, at, end) else {
            return Ok(());
        };
        at = match (element.id, element.size) {
            (mkv::TAGS | mkv::ATTACHMENTS, Some(size)) => {
                void_element(file, &element, size)?;
                *removed = true;
                element.body() + size
            }
            (mkv::INFO, Some(size)) => {
                blank_info(file, element.body(), element.body() + size, removed)?;
                element.body() + size
            }
            (_, Some(size)) => element.body() + size,
            (mkv::CLUSTER, None) => match end_of_open_cluster(file, element.body(), end) {
                Some(next) => next,
                None => return Ok(()),
            },
            (_, None) => return Ok(()),
        };
    }
    Ok(())
}

/// Blanks the date and title among the `Info` elements between `start` and `end`.
fn blank_info(file: &mut File, start: u64, end: u64, removed: &mut bool) -> io::Result<()> {
    let mut at = start;
    while at < end {
        let Some((child, size)) = ebml_element(file, at, end)
            .ok()
            .and_then(|child| child.size.map(|size| (child, size)))
        else {
            return Ok(());
        };
        if matches!(child.id, mkv::DATE_UTC | mkv::TITLE) {
            void_element(file, &child, size)?;
            *removed = true;
        }
        at = child.body() + size;
    }
    Ok(())
}

/// Where a cluster of unknown size that starts its blocks at `start` ends: at the next
/// element that belongs to the segment, or at `end`. `None` when its contents stop making
/// sense. Only the blocks' headers are read.
fn end_of_open_cluster(file: &mut File, start: u64, end: u64) -> Option<u64> {
    let mut at = start;
    while at < end {
        let element = ebml_element(file, at, end).ok()?;
        if mkv::SEGMENT_CHILDREN.contains(&element.id) {
            return Some(at);
        }
        at = element.body() + element.size?;
    }
    Some(end)
}

/// Makes `element` (with contents of `size` bytes) a `Void` element of the same length, with
/// zeros for contents: its id becomes `Void`, and the size its header's other bytes say
/// covers the rest.
fn void_element(file: &mut File, element: &Element, size: u64) -> io::Result<()> {
    let total = element.header + size;
    let size_length = (element.header - 1).min(8);
    let contents = total - 1 - size_length;
    if contents >= (1u64 << (7 * size_length)) - 1 {
        return Err(malformed("an EBML element too long to blank"));
    }
    // A size of n bytes carries its length as a 1 bit after n - 1 zero bits: bit 7n.
    let marker = 1u64 << (7 * size_length);
    let size_bytes = (contents | marker).to_be_bytes();
    file.seek(SeekFrom::Start(element.at))?;
    file.write_all(&[mkv::VOID])?;
    file.write_all(&size_bytes[8 - size_length as usize..])?;
    io::copy(&mut io::repeat(0).take(contents), file)?;
    Ok(())
}

/// The `uuid` of XMP packets in ISO files.
const XMP_UUID: [u8; 16] = [
    0xBE, 0x7A, 0xCF, 0xCB, 0x97, 0xA9, 0x42, 0xE8, 0x9C, 0x71, 0x99, 0x94, 0x91, 0xE3, 0xAF, 0xAC,
];

/// [`blank_video_metadata`] over the boxes between `start` and `end`, `depth` boxes down.
fn blank_boxes(
    file: &mut File,
    start: u64,
    end: u64,
    depth: u8,
    removed: &mut bool,
) -> io::Result<()> {
    let mut at = start;
    while at + 8 <= end {
        let Ok((size, kind, header)) = box_header(file, at, end) else {
            return Ok(());
        };
        let body = at + header;
        match &kind {
            // Movie, track, media, media information: where the metadata boxes sit.
            b"moov" | b"trak" | b"mdia" | b"minf" if depth < 4 => {
                blank_boxes(file, body, at + size, depth + 1, removed)?;
            }
            b"udta" | b"meta" => {
                blank_box(file, at, body, at + size)?;
                *removed = true;
            }
            b"uuid" if size >= header + 16 && read_at(file, body, 16)? == XMP_UUID => {
                blank_box(file, at, body, at + size)?;
                *removed = true;
            }
            // Version and flags, then the creation and modification times: 4 bytes each in
            // version 0, 8 in version 1.
            b"mvhd" | b"tkhd" | b"mdhd" if size >= header + 20 => {
                let version = read_at(file, body, 1)?[0];
                let times = if version == 1 { 16 } else { 8 };
                if size >= header + 4 + times {
                    let at_times = body + 4;
                    if read_at(file, at_times, times)?
                        .iter()
                        .any(|byte| *byte != 0)
                    {
                        file.seek(SeekFrom::Start(at_times))?;
                        io::copy(&mut io::repeat(0).take(times), file)?;
                        *removed = true;
                    }
                }
            }
            _ => {}
        }
        at += size;
    }
    Ok(())
}

/// Makes the box at `at` (contents from `body` to `end`) a `free` box of zeros.
fn blank_box(file: &mut File, at: u64, body: u64, end: u64) -> io::Result<()> {
    file.seek(SeekFrom::Start(at + 4))?;
    file.write_all(b"free")?;
    file.seek(SeekFrom::Start(body))?;
    io::copy(&mut io::repeat(0).take(end - body), file)?;
    Ok(())
}

/// The size, type and header length of the box at `at`, checked against `end`.
fn box_header(file: &mut File, at: u64, end: u64) -> io::Result<(u64, [u8; 4], u64)> {
    let head = read_at(file, at, 8)?;
    let mut size = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
    let kind = [head[4], head[5], head[6], head[7]];
    let mut header = 8;
    if size == 1 {
        let large = read_at(file, at + 8, 8)?;
        size = u64::from_be_bytes(large.try_into().map_err(|_| malformed("an ISO box"))?);
        header = 16;
    } else if size == 0 {
        size = end - at;
    }
    // Checked: a 64-bit size could wrap around and send a walk back to where it was.
    if size < header || at.checked_add(size).is_none_or(|box_end| box_end > end) {
        return Err(malformed("an ISO box outside its parent"));
    }
    Ok((size, kind, header))
}

fn read_at(file: &mut File, at: u64, length: u64) -> io::Result<Vec<u8>> {
    if length > 16 * 1024 * 1024 {
        return Err(malformed("an ISO metadata box over 16 MB"));
    }
    file.seek(SeekFrom::Start(at))?;
    let mut bytes = vec![0u8; usize::try_from(length).unwrap_or(0)];
    file.read_exact(&mut bytes)?;
    Ok(bytes)
}

/// A cursor over a box's bytes that fails instead of panicking.
struct Bytes<'a>(&'a [u8]);

impl Bytes<'_> {
    fn take(&mut self, n: usize) -> io::Result<&[u8]> {
        if self.0.len() < n {
            return Err(malformed("a HEIF box cut short"));
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }

    fn uint(&mut self, n: usize) -> io::Result<u64> {
        Ok(self
            .take(n)?
            .iter()
            .fold(0u64, |value, byte| value << 8 | u64::from(*byte)))
    }
}

/// The ids of the `Exif` and XMP items an `iinf` box lists.
fn metadata_item_ids(body: &[u8]) -> io::Result<Vec<u64>> {
    let mut bytes = Bytes(body);
    let version = bytes.uint(1)?;
    bytes.take(3)?;
    let count = bytes.uint(if version == 0 { 2 } else { 4 })?;
    let mut ids = Vec::new();
    for _ in 0..count {
        let size = usize::try_from(bytes.uint(4)?).map_err(|_| malformed("an ISO box"))?;
        let kind = bytes.take(4)?.to_vec();
        let entry = Bytes(bytes.take(size.saturating_sub(8))?);
        if kind != b"infe" {
            continue;
        }
        let mut entry = entry;
        let entry_version = entry.uint(1)?;
        entry.take(3)?;
        if entry_version < 2 {
            continue;
        }
        let id = entry.uint(if entry_version == 2 { 2 } else { 4 })?;
        entry.take(2)?; // protection index
        let item_type = entry.take(4)?;
        let is_metadata = match item_type {
            b"Exif" => true,
            b"mime" => {
                // name, then content type: NUL-terminated strings.
                let rest = entry.0;
                let mut strings = rest.split(|byte| *byte == 0);
                strings.next();
                strings.next() == Some(b"application/rdf+xml".as_slice())
            }
            _ => false,
        };
        if is_metadata {
            ids.push(id);
        }
    }
    Ok(ids)
}

/// An item id, whether its extents lie in `idat` (construction method 1) rather than the
/// file (method 0), and its extents: (offset, length) pairs.
type ItemExtents = (u64, bool, Vec<(u64, u64)>);

/// The extents of each item an `iloc` box places in the file or in `idat` (construction
/// methods 0 and 1; items made of other items', method 2, hold no bytes of their own).
fn item_locations(body: &[u8]) -> io::Result<Vec<ItemExtents>> {
    let mut bytes = Bytes(body);
    let version = bytes.uint(1)?;
    bytes.take(3)?;
    let sizes = bytes.uint(1)?;
    let (offset_size, length_size) = ((sizes >> 4) as usize, (sizes & 0xF) as usize);
    let sizes = bytes.uint(1)?;
    let base_offset_size = (sizes >> 4) as usize;
    let index_size = if version == 1 || version == 2 {
        (sizes & 0xF) as usize
    } else {
        0
    };
    let count = bytes.uint(if version < 2 { 2 } else { 4 })?;
    let mut items = Vec::new();
    for _ in 0..count {
        let id = bytes.uint(if version < 2 { 2 } else { 4 })?;
        let method = if version == 1 || version == 2 {
            bytes.uint(2)? & 0xF
        } else {
            0
        };
        bytes.take(2)?; // data reference index
        let base = bytes.uint(base_offset_size)?;
        let extents = bytes.uint(2)?;
        let mut placed = Vec::new();
        for _ in 0..extents {
            if index_size > 0 {
                bytes.uint(index_size)?;
            }
            let offset = bytes.uint(offset_size)?;
            let length = bytes.uint(length_size)?;
            let start = base
                .checked_add(offset)
                .ok_or_else(|| malformed("a HEIF item outside the file"))?;
            placed.push((start, length));
        }
        if method <= 1 {
            items.push((id, method == 1, placed));
        }
    }
    Ok(items)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_content() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Media::Jpeg));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR"), Some(Media::Png));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some(Media::Webp));
        assert_eq!(sniff(b"\0\0\0\x18ftypheic\0\0\0\0"), Some(Media::Heic));
        assert_eq!(sniff(b"\0\0\0\x18ftypisom\0\0\0\0"), Some(Media::Mp4));
        assert_eq!(sniff(b"\0\0\0\x14ftypqt  \0\0\0\0"), Some(Media::Mov));
        assert_eq!(sniff(&[0x1A, 0x45, 0xDF, 0xA3, 0x9F]), Some(Media::Webm));
        assert_eq!(sniff(b"<?php echo 1; ?>"), None);
        assert_eq!(sniff(b"GIF89a"), None);
        assert_eq!(sniff(b""), None);
    }

    fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
        let mut out = vec![0xFF, marker];
        out.extend_from_slice(&u16::try_from(body.len() + 2).unwrap_or(0).to_be_bytes());
        out.extend_from_slice(body);
        out
    }

    fn stripped(media: Media, bytes: &[u8]) -> (bool, Vec<u8>) {
        let dir = tempfile::tempdir().expect("tempdir");
        let (src, dst) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::write(&src, bytes).expect("write");
        let removed = strip(media, &src, &dst).expect("strips");
        (removed, std::fs::read(&dst).expect("read"))
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack
            .windows(needle.len())
            .any(|window| window == needle)
    }

    /// A JPEG with a JFIF header, EXIF with a GPS position, a comment, a quantisation table,
    /// a scan and its data.
    pub fn jpeg_with_gps() -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        bytes.extend(segment(
            0xE1,
            b"Exif\0\0MM\0*GPSLatitude 36.19N GPSLongitude 44.01E",
        ));
        bytes.extend(segment(0xFE, b"Shot on a Phone 12"));
        bytes.extend(segment(0xDB, &[0u8; 65]));
        bytes.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        bytes.extend_from_slice(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]);
        bytes
    }

    #[test]
    fn a_jpeg_loses_exif_gps_and_comments_and_keeps_its_image() {
        let original = jpeg_with_gps();
        let (removed, out) = stripped(Media::Jpeg, &original);
        assert!(removed);
        assert!(!contains(&out, b"Exif") && !contains(&out, b"GPS") && !contains(&out, b"Phone"));
        assert!(contains(&out, b"JFIF"));
        assert!(out.starts_with(&[0xFF, 0xD8]) && out.ends_with(&[0xFF, 0xD9]));
        assert!(
            out.ends_with(&[0x12, 0x34, 0xFF, 0x00, 0x56, 0xFF, 0xD9]),
            "the scan is intact"
        );
        // A clean file comes out the same.
        let (removed, again) = stripped(Media::Jpeg, &out);
        assert!(!removed);
        assert_eq!(again, out);
    }

    #[test]
    fn a_jpeg_keeps_its_colour_profile_and_every_scan_and_loses_what_follows_its_image() {
        // A phone's JPEG: an MPF index and a JFXX thumbnail before the image, a progressive
        // image in two scans with a table between them, then a second image (MPF's) with an
        // EXIF and GPS position of its own after the end of the first.
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0"));
        let jfxx = segment(0xE0, b"JFXX\0\x10thumbnail of the uncropped photo");
        let mpf = segment(0xE2, b"MPF\0MM\0*offsets of further images");
        bytes.extend_from_slice(&jfxx);
        bytes.extend(segment(0xE2, b"ICC_PROFILE\0\x01\x01colours"));
        bytes.extend_from_slice(&mpf);
        bytes.extend(segment(0xDB, &[0u8; 65]));
        bytes.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        let first_scan = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56];
        bytes.extend_from_slice(&first_scan);
        bytes.extend(segment(0xC4, &[0x10, 1, 2, 3]));
        bytes.extend(segment(0xDA, &[1, 1, 0, 1, 0x3F, 0]));
        bytes.extend_from_slice(&[0x78, 0xFF, 0x00, 0x9A, 0xFF, 0xD9]);
        let image = bytes.clone();
        bytes.extend_from_slice(&[0xFF, 0xD8]);
        bytes.extend(segment(0xE1, b"Exif\0\0MM\0*GPSLatitude 36.19N"));
        bytes.extend_from_slice(&[0xFF, 0xD9]);

        let (removed, out) = stripped(Media::Jpeg, &bytes);
        assert!(removed);
        assert!(!contains(&out, b"GPS") && !contains(&out, b"Exif"));
        assert!(!contains(&out, b"uncropped") && !contains(&out, b"MPF"));
        assert!(contains(&out, b"JFIF") && contains(&out, b"ICC_PROFILE\0\x01\x01colours"));
        assert!(contains(&out, &first_scan), "the first scan is intact");
        assert!(
            out.ends_with(&[
                0xFF, 0xC4, 0, 6, 0x10, 1, 2, 3, 0xFF, 0xDA, 0, 8, 1, 1, 0, 1, 0x3F, 0, 0x78, 0xFF,
                0x00, 0x9A, 0xFF, 0xD9
            ]),
            "the table between the scans, the second scan and the end are intact"
        );
        // What was dropped is the JFXX and MPF segments and everything after the image.
        assert_eq!(out.len(), image.len() - jfxx.len() - mpf.len());
        let (removed, again) = stripped(Media::Jpeg, &out);
        assert!(!removed);
        assert_eq!(again, out);
    }

    #[test]
    fn a_jfif_header_keeps_no_thumbnail() {
        // JFIF 1.01, 72 dpi, with a 2 × 1 RGB thumbnail of the uncropped photo.
        let mut jfif = b"JFIF\0\x01\x01\x01\0\x48\0\x48\x02\x01".to_vec();
        jfif.extend_from_slice(b"uncrop");
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(segment(0xE0, &jfif));
        bytes.extend(segment(0xDA, &[1, 1, 0, 0, 0x3F, 0]));
        bytes.extend_from_slice(&[0x12, 0xFF, 0xD9]);
        let (removed, out) = stripped(Media::Jpeg, &bytes);
        assert!(removed);
        assert!(!contains(&out, b"uncrop"));
        let mut header = vec![0xFF, 0xD8];
        header.extend(segment(0xE0, b"JFIF\0\x01\x01\x01\0\x48\0\x48\0\0"));
        assert!(out.starts_with(&header), "the header without its thumbnail");
    }

    #[test]
    fn a_cut_jpeg_is_refused() {
        let original = jpeg_with_gps();
        let dir = tempfile::tempdir().expect("tempdir");
        let (src, dst) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::write(&src, &original[..30]).expect("write");
        assert!(strip(Media::Jpeg, &src, &dst).is_err());
    }

    fn png_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(data.len())
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0, 0, 0, 0]);
        out
    }

    #[test]
    fn a_png_loses_its_text_exif_and_time_chunks() {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        png.extend(png_chunk(b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]));
        png.extend(png_chunk(b"tEXt", b"Author\0Hejar Ali"));
        png.extend(png_chunk(b"eXIf", b"MM\0*GPS 36.19N"));
        png.extend(png_chunk(b"tIME", &[7, 234, 12, 1, 10, 0, 0]));
        png.extend(png_chunk(b"IDAT", b"pixels"));
        png.extend(png_chunk(b"IEND", b""));
        let (removed, out) = stripped(Media::Png, &png);
        assert!(removed);
        assert!(!contains(&out, b"Hejar") && !contains(&out, b"GPS") && !contains(&out, b"tIME"));
        assert!(contains(&out, b"IHDR") && contains(&out, b"pixels") && contains(&out, b"IEND"));
    }

    fn riff_chunk(kind: &[u8; 4], data: &[u8]) -> Vec<u8> {
        let mut out = kind.to_vec();
        out.extend_from_slice(&u32::try_from(data.len()).unwrap_or(0).to_le_bytes());
        out.extend_from_slice(data);
        if data.len() % 2 == 1 {
            out.push(0);
        }
        out
    }

    #[test]
    fn a_webp_loses_exif_and_xmp_and_its_sizes_and_flags_agree() {
        let mut body = b"WEBP".to_vec();
        body.extend(riff_chunk(
            b"VP8X",
            &[0b0000_1100, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        body.extend(riff_chunk(b"VP8 ", b"frame"));
        body.extend(riff_chunk(b"EXIF", b"MM\0*GPS 36.19N"));
        body.extend(riff_chunk(b"XMP ", b"<x:xmpmeta/>"));
        let mut webp = b"RIFF".to_vec();
        webp.extend_from_slice(&u32::try_from(body.len()).unwrap_or(0).to_le_bytes());
        webp.extend(body);
        let (removed, out) = stripped(Media::Webp, &webp);
        assert!(removed);
        assert!(!contains(&out, b"GPS") && !contains(&out, b"xmpmeta"));
        let size = u32::from_le_bytes([out[4], out[5], out[6], out[7]]) as usize;
        assert_eq!(size, out.len() - 8);
        assert_eq!(out[20] & 0b0000_1100, 0, "no EXIF or XMP flag left");
        assert!(contains(&out, b"frame"));
    }

    /// A HEIF file whose `meta` places an `Exif` item in `mdat`.
    pub fn heic_with_gps() -> Vec<u8> {
        let exif = b"Exif\0\0MM\0*GPSLatitude 36.19N";
        let boxed = mp4_box;
        let ftyp = boxed(b"ftyp", b"heic\0\0\0\0mif1heic");
        let mut infe = vec![2, 0, 0, 0, 0, 1, 0, 0];
        infe.extend_from_slice(b"Exif\0");
        let mut iinf = vec![0, 0, 0, 0, 0, 1];
        iinf.extend(boxed(b"infe", &infe));
        let iinf = boxed(b"iinf", &iinf);
        // iloc version 0: 4-byte offsets and lengths, no base offset; one item, one extent.
        let iloc_len = 8 + 4 + 2 + 2 + 2 + 2 + 2 + 4 + 4;
        let meta_len = 8 + 4 + iinf.len() + iloc_len;
        let exif_at = ftyp.len() + meta_len + 8;
        let mut iloc = vec![0, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 1, 0, 0, 0, 1];
        iloc.extend_from_slice(&u32::try_from(exif_at).unwrap_or(0).to_be_bytes());
        iloc.extend_from_slice(&u32::try_from(exif.len()).unwrap_or(0).to_be_bytes());
        let iloc = boxed(b"iloc", &iloc);
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(iinf);
        meta.extend(iloc);
        let mut file = ftyp;
        file.extend(boxed(b"meta", &meta));
        file.extend(boxed(b"mdat", exif));
        file
    }

    /// An MP4 box.
    fn mp4_box(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let mut out = u32::try_from(body.len() + 8)
            .unwrap_or(0)
            .to_be_bytes()
            .to_vec();
        out.extend_from_slice(kind);
        out.extend_from_slice(body);
        out
    }

    /// A phone's MP4 in miniature: the place in `udta` (`©xyz`) and in `meta` (Apple's
    /// keys), the device in `udta`, times in the movie, track and media headers, an XMP
    /// packet, and `mdat` after `moov` with samples that must not change.
    pub fn mp4_with_gps() -> Vec<u8> {
        let header = |version: u8| {
            let mut body = vec![version, 0, 0, 0];
            let time = if version == 1 { 8 } else { 4 };
            body.extend(std::iter::repeat_n(0xE1, 2 * time));
            body.extend(std::iter::repeat_n(0, 16));
            body
        };
        let mut udta = mp4_box(b"\xa9xyz", b"\0\x12\x15\xc7+36.1911+044.0092/");
        udta.extend(mp4_box(b"\xa9mod", b"\0\x08\x15\xc7Pixel 9"));
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(mp4_box(
            b"keys",
            b"\0\0\0\0\0\0\0\x01mdtacom.apple.quicktime.location.ISO6709",
        ));
        meta.extend(mp4_box(b"ilst", b"+36.1911+044.0092+0412.000/"));
        let mut mdia = mp4_box(b"mdhd", &header(1));
        mdia.extend(mp4_box(b"hdlr", b"\0\0\0\0\0\0\0\0vide"));
        let mut trak = mp4_box(b"tkhd", &header(0));
        trak.extend(mp4_box(b"mdia", &mdia));
        trak.extend(mp4_box(b"udta", b"\0\0\0\x10\xa9dayTrack 2026-11-30"));
        let mut moov = mp4_box(b"mvhd", &header(0));
        moov.extend(mp4_box(b"trak", &trak));
        moov.extend(mp4_box(b"udta", &udta));
        moov.extend(mp4_box(b"meta", &meta));
        let mut xmp = XMP_UUID.to_vec();
        xmp.extend_from_slice(b"<x:xmpmeta><exif:GPSLatitude>36,11.466N</exif:GPSLatitude>");
        let mut file = mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2");
        file.extend(mp4_box(b"moov", &moov));
        file.extend(mp4_box(b"uuid", &xmp));
        file.extend(mp4_box(b"mdat", b"samples: frame one, frame two"));
        file
    }

    fn blanked(media: Media, bytes: &[u8]) -> (bool, Vec<u8>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("video");
        std::fs::write(&path, bytes).expect("writes");
        let removed = blank_video_metadata(media, &path).expect("blanks");
        (removed, std::fs::read(&path).expect("reads"))
    }

    #[test]
    fn an_mp4_loses_its_place_device_and_times_and_keeps_every_offset() {
        let original = mp4_with_gps();
        assert_eq!(sniff(&original), Some(Media::Mp4));
        let (removed, out) = blanked(Media::Mp4, &original);
        assert!(removed);
        // Same length, same samples at the same place: nothing moved.
        assert_eq!(out.len(), original.len());
        assert!(out.ends_with(b"samples: frame one, frame two"));
        for secret in [
            &b"+36.1911"[..],
            b"ISO6709",
            b"Pixel 9",
            b"GPSLatitude",
            b"2026-11-30",
            b"\xa9xyz",
        ] {
            assert!(
                !contains(&out, secret),
                "{}",
                String::from_utf8_lossy(secret)
            );
        }
        assert!(
            !contains(&out, &[0xE1]),
            "a creation or modification time is left"
        );
        // The boxes that held them are `free` boxes now; the structure is intact.
        assert!(!contains(&out, b"udta") && !contains(&out, b"meta"));
        assert!(contains(&out, b"free"));
        for kind in [
            &b"ftyp"[..],
            b"moov",
            b"mvhd",
            b"trak",
            b"tkhd",
            b"mdia",
            b"mdhd",
            b"hdlr",
            b"mdat",
        ] {
            assert!(contains(&out, kind), "{}", String::from_utf8_lossy(kind));
        }
        // Blanking again finds nothing more.
        assert_eq!(blanked(Media::Mp4, &out), (false, out.clone()));
    }

    #[test]
    fn a_video_that_stops_making_sense_is_kept_as_sent_up_to_there() {
        // A box claiming more bytes than the file has: the walk stops, nothing is refused.
        let mut cut = mp4_box(b"ftyp", b"isom\0\0\x02\0isomiso2");
        cut.extend_from_slice(b"\x07\x07\x07\x07moov");
        cut.extend(std::iter::repeat_n(7u8, 64));
        assert_eq!(blanked(Media::Mp4, &cut), (false, cut.clone()));
        // A WebM that is only a header: nothing to blank, left untouched.
        let webm = b"\x1a\x45\xdf\xa3\x84\x42\x86\x81\x01".to_vec();
        assert_eq!(blanked(Media::Webm, &webm), (false, webm.clone()));
        // One whose segment claims more than there is: kept as sent.
        let mut cut = webm.clone();
        cut.extend_from_slice(b"\x18\x53\x80\x67\x88\x12\x54\xc3\x67\xff");
        assert_eq!(blanked(Media::Webm, &cut), (false, cut.clone()));
    }

    /// An EBML element with a one-byte size (every one here is under 127 bytes).
    fn mkv_element(id: &[u8], body: &[u8]) -> Vec<u8> {
        let mut out = id.to_vec();
        out.push(0x80 | u8::try_from(body.len()).unwrap_or(0));
        out.extend_from_slice(body);
        out
    }

    /// A recording as a browser or phone writes WebM, in miniature: a segment and a cluster
    /// of unknown size, a title and date in `Info`, the place in `Tags` before the cluster
    /// and the device in `Tags` after it.
    fn webm_with_place() -> (Vec<u8>, Vec<u8>) {
        let header = mkv_element(b"\x1a\x45\xdf\xa3", &mkv_element(b"\x42\x82", b"webm"));
        let info = mkv_element(
            b"\x15\x49\xa9\x66",
            &[
                mkv_element(b"\x2a\xd7\xb1", b"\x0f\x42\x40"),
                mkv_element(b"\x44\x61", b"\x09\x8a\x3c\x0d\x12\x34\x56\x78"),
                mkv_element(b"\x7b\xa9", b"Market street, Erbil"),
                mkv_element(b"\x4d\x80", b"Lavf"),
            ]
            .concat(),
        );
        let tracks = mkv_element(
            b"\x16\x54\xae\x6b",
            &mkv_element(b"\xae", &mkv_element(b"\xd7", b"\x01")),
        );
        let simple_tag = |name: &[u8], value: &[u8]| {
            mkv_element(
                b"\x67\xc8",
                &[
                    mkv_element(b"\x45\xa3", name),
                    mkv_element(b"\x44\x87", value),
                ]
                .concat(),
            )
        };
        let place = mkv_element(
            b"\x12\x54\xc3\x67",
            &mkv_element(b"\x73\x73", &simple_tag(b"LOCATION", b"+36.1911+044.0092/")),
        );
        let device = mkv_element(
            b"\x12\x54\xc3\x67",
            &mkv_element(b"\x73\x73", &simple_tag(b"DEVICE", b"Pixel of Hejar")),
        );
        let blocks = [
            mkv_element(b"\xe7", b"\x00"),
            mkv_element(b"\xa3", b"\x81\x00\x00\x80frame one"),
            mkv_element(b"\xa3", b"\x81\x00\x21\x80frame two"),
        ]
        .concat();
        // Unknown sizes: all ones.
        let cluster = [
            &b"\x1f\x43\xb6\x75\x01\xff\xff\xff\xff\xff\xff\xff"[..],
            &blocks,
        ]
        .concat();
        let segment = [
            &b"\x18\x53\x80\x67\x01\xff\xff\xff\xff\xff\xff\xff"[..],
            &info,
            &tracks,
            &place,
            &cluster,
            &device,
        ]
        .concat();
        ([header, segment].concat(), blocks)
    }

    #[test]
    fn a_webm_loses_its_tags_title_and_date_and_keeps_every_block() {
        let (original, blocks) = webm_with_place();
        assert_eq!(sniff(&original), Some(Media::Webm));
        let (removed, out) = blanked(Media::Webm, &original);
        assert!(removed);
        assert_eq!(out.len(), original.len());
        for gone in [
            &b"+36.1911"[..],
            b"LOCATION",
            b"Pixel of Hejar",
            b"Market street",
            b"\x09\x8a\x3c\x0d",
        ] {
            assert!(!contains(&out, gone), "{}", String::from_utf8_lossy(gone));
        }
        // The blocks, the tracks and the muxer's name are where they were.
        assert!(contains(&out, &blocks));
        assert!(contains(&out, b"\x16\x54\xae\x6b") && contains(&out, b"Lavf"));
        // What held them reads as `Void` elements of the same length: a second pass finds
        // nothing more, and the file still walks from start to end.
        // (The `Void` that was the last `Tags` now reads as part of the open cluster before
        // it, where filler may stand too.)
        assert_eq!(
            segment_children(&out),
            [mkv::INFO, mkv::TRACKS, u32::from(mkv::VOID), mkv::CLUSTER]
        );
        assert_eq!(blanked(Media::Webm, &out), (false, out.clone()));
    }

    /// The ids of the elements in a WebM file's segment, walked as a reader walks them.
    fn segment_children(bytes: &[u8]) -> Vec<u32> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("video.webm");
        std::fs::write(&path, bytes).expect("writes");
        let mut file = File::open(&path).expect("opens");
        let end = bytes.len() as u64;
        let header = ebml_element(&mut file, 0, end).expect("a header");
        let segment_at = header.body() + header.size.expect("sized");
        let segment = ebml_element(&mut file, segment_at, end).expect("a segment");
        let mut ids = Vec::new();
        let mut at = segment.body();
        while at < end {
            let element = ebml_element(&mut file, at, end).expect("an element");
            ids.push(element.id);
            at = match element.size {
                Some(size) => element.body() + size,
                None => end_of_open_cluster(&mut file, element.body(), end).expect("blocks"),
            };
        }
        ids
    }

    /// A HEIF file whose `meta` keeps its `Exif` item in its own `idat` (construction
    /// method 1), as some cameras write it, with the image in `mdat`.
    fn heic_with_gps_in_idat() -> Vec<u8> {
        let exif = b"Exif\0\0MM\0*GPSLatitude 36.19N";
        let ftyp = mp4_box(b"ftyp", b"heic\0\0\0\0mif1heic");
        let mut infe = vec![2, 0, 0, 0, 0, 1, 0, 0];
        infe.extend_from_slice(b"Exif\0");
        let mut iinf = vec![0, 0, 0, 0, 0, 1];
        iinf.extend(mp4_box(b"infe", &infe));
        // iloc version 1: 4-byte offsets and lengths, no base offset or index; item 1 by
        // method 1 at offset 3 of idat's contents.
        let mut iloc = vec![1, 0, 0, 0, 0x44, 0x00, 0, 1, 0, 1, 0, 1, 0, 0, 0, 1];
        iloc.extend_from_slice(&3u32.to_be_bytes());
        iloc.extend_from_slice(&u32::try_from(exif.len()).unwrap_or(0).to_be_bytes());
        let mut idat = b"abc".to_vec();
        idat.extend_from_slice(exif);
        let mut meta = vec![0, 0, 0, 0];
        meta.extend(mp4_box(b"iinf", &iinf));
        meta.extend(mp4_box(b"iloc", &iloc));
        meta.extend(mp4_box(b"idat", &idat));
        let mut file = ftyp;
        file.extend(mp4_box(b"meta", &meta));
        file.extend(mp4_box(b"mdat", b"the picture"));
        file
    }

    #[test]
    fn a_heic_loses_the_exif_it_keeps_in_its_meta_box() {
        let original = heic_with_gps_in_idat();
        assert_eq!(sniff(&original), Some(Media::Heic));
        let (removed, out) = stripped(Media::Heic, &original);
        assert!(removed);
        assert_eq!(out.len(), original.len());
        // (`Exif` itself is still named as the item's type in `iinf`.)
        assert!(!contains(&out, b"GPS") && !contains(&out, b"MM\0*"));
        assert!(contains(&out, b"idatabc"), "idat's other bytes stay");
        assert!(out.ends_with(b"the picture"));
    }

    #[test]
    fn a_heic_item_of_length_zero_is_blanked_to_the_end_of_the_file() {
        // The same file, its EXIF item's length 0: "to the end", where `mdat` holds it.
        let mut original = heic_with_gps();
        let exif_len = b"Exif\0\0MM\0*GPSLatitude 36.19N".len();
        let length_at = original
            .windows(4)
            .position(|w| w == u32::try_from(exif_len).unwrap_or(0).to_be_bytes())
            .expect("the item's length");
        original[length_at..length_at + 4].fill(0);
        let (removed, out) = stripped(Media::Heic, &original);
        assert!(removed);
        assert!(!contains(&out, b"GPS"));
        assert!(out[out.len() - exif_len..].iter().all(|byte| *byte == 0));
    }

    #[test]
    fn an_iso_box_whose_size_wraps_around_is_refused_rather_than_walked_again() {
        // A box with a 64-bit size that, added to its place, wraps to before it.
        let mut file = mp4_box(b"ftyp", b"heic\0\0\0\0mif1heic");
        let at = file.len() as u64;
        file.extend_from_slice(&1u32.to_be_bytes());
        file.extend_from_slice(b"free");
        file.extend_from_slice(&(u64::MAX - at + 1).to_be_bytes());
        file.extend_from_slice(&[0u8; 16]);
        let dir = tempfile::tempdir().expect("tempdir");
        let (src, dst) = (dir.path().join("in"), dir.path().join("out"));
        std::fs::write(&src, &file).expect("write");
        assert!(strip(Media::Heic, &src, &dst).is_err());
        std::fs::write(&src, &file).expect("write");
        assert!(blank_video_metadata(Media::Mp4, &src).is_ok_and(|removed| !removed));
    }

    #[test]
    fn a_heic_keeps_its_structure_and_loses_its_exif_bytes() {
        let original = heic_with_gps();
        assert_eq!(sniff(&original), Some(Media::Heic));
        let (removed, out) = stripped(Media::Heic, &original);
        assert!(removed);
        assert_eq!(out.len(), original.len());
        assert!(!contains(&out, b"GPS"));
        // The item's bytes, at the end of `mdat`, are zeros; the boxes before are intact.
        let exif_len = b"Exif\0\0MM\0*GPSLatitude 36.19N".len();
        assert!(out[out.len() - exif_len..].iter().all(|byte| *byte == 0));
        assert_eq!(
            out[..out.len() - exif_len],
            original[..original.len() - exif_len]
        );
    }
}
