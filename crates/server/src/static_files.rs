//! The built front end: files from a directory, `index.html` for every other path (so a deep
//! link such as `/articles/x` survives a reload), and cache headers by file name.

use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower::Layer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::{SetResponseHeader, SetResponseHeaderLayer};

/// `Cache-Control` of content-hashed assets: they never change under the same name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: revalidate before each use.
pub const NO_CACHE: &str = "no-cache";
/// `Cache-Control` of the embed loader, whose address partners write into their pages and so
/// cannot carry a hash: a day, then revalidated in the background for another week.
pub const LOADER_CACHE: &str = "public, max-age=86400, stale-while-revalidate=604800";
/// The embed loader's address.
pub const LOADER_PATH: &str = "/embed.js";

/// The shortest hex run that counts as a content hash.
const MIN_HASH_LEN: usize = 16;

/// The bundles besides the reader's: each a folder of the front end served, with its own
/// `index.html`, for every path under its name (built by `trunk build NAME.html --dist
/// dist/NAME --public-url /NAME/`): the account views and the partners' widgets.
pub const OTHER_BUNDLES: [&str; 2] = ["account", "embed"];

/// A router serving `dir`, with `dir/index.html` as the fallback for unknown paths, and each of
/// the [`OTHER_BUNDLES`] (when built) for every path under its name, with its own `index.html`
/// as the fallback there. Files are sent precompressed (see [`precompress`]) when
/// the client accepts brotli or gzip.
///
/// Pages under `/embed/` (the widgets) may be framed by the site itself and by
/// `partner_origins`; every other page only by the site itself.
pub fn router(dir: &Path, partner_origins: &[String]) -> Router {
    let mut router = Router::new();
    for bundle in OTHER_BUNDLES {
        let bundle_dir = dir.join(bundle);
        if bundle_dir.join("index.html").exists() {
            router = router.nest_service(&format!("/{bundle}"), app_files(&bundle_dir));
        }
    }
    let frame_rules = FrameRules::new(partner_origins);
    router
        .fallback_service(app_files(dir))
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let frame_rules = frame_rules.clone();
            async move { frame_rules.apply(request, next).await }
        }))
}

/// Who may frame the site's pages (`Content-Security-Policy: frame-ancestors`).
#[derive(Clone, Debug)]
struct FrameRules {
    /// For the widgets under `/embed/`: the site and its partners.
    widgets: HeaderValue,
    /// For every other page: the site only.
    pages: HeaderValue,
}

impl FrameRules {
    fn new(partner_origins: &[String]) -> Self {
        let mut widgets = "frame-ancestors 'self'".to_owned();
        for origin in partner_origins {
            widgets.push(' ');
            widgets.push_str(origin);
        }
        Self {
            widgets: HeaderValue::from_str(&widgets)
                .unwrap_or_else(|_| HeaderValue::from_static("frame-ancestors 'self'")),
            pages: HeaderValue::from_static("frame-ancestors 'self'"),
        }
    }

    async fn apply(self, request: Request, next: Next) -> Response {
        let widget = request.uri().path().starts_with("/embed/");
        let mut response = next.run(request).await;
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        if html {
            let rule = if widget { self.widgets } else { self.pages };
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, rule);
        }
        response
    }
}

/// The files of one bundle, with its `index.html` for every path that names no file.
fn app_files(dir: &Path) -> ServeDir<SetResponseHeader<ServeFile, HeaderValue>> {
    let index = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static(NO_CACHE),
    )
    .layer(
        ServeFile::new(dir.join("index.html"))
            .precompressed_br()
            .precompressed_gzip(),
    );
    ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(index)
}

/// File types worth compressing.
const COMPRESSIBLE: &[&str] = &["wasm", "js", "css", "html", "svg", "json", "txt", "xml"];

/// Writes `NAME.br` (brotli, quality 11) and `NAME.gz` (gzip, best) beside every compressible
/// file in `dir` that lacks a fresh one, so the largest assets are compressed once, as tightly
/// as the formats allow, instead of on every request at a fast, weaker setting. A directory
/// that cannot be written is served as it is, compressed on the fly.
pub fn precompress(dir: &Path) {
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
                continue;
            }
            let compressible = path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| COMPRESSIBLE.contains(&e));
            if !compressible {
                continue;
            }
            for encoding in [Encoding::Brotli, Encoding::Gzip] {
                if let Err(error) = write_compressed(&path, encoding) {
                    tracing::warn!(file = %path.display(), %error, "could not precompress");
                    return;
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
enum Encoding {
    Brotli,
    Gzip,
}

fn write_compressed(path: &Path, encoding: Encoding) -> std::io::Result<()> {
    use std::io::Write;
    let suffix = match encoding {
        Encoding::Brotli => "br",
        Encoding::Gzip => "gz",
    };
    let mut target = path.as_os_str().to_owned();
    target.push(".");
    target.push(suffix);
    let target = std::path::PathBuf::from(target);
    let source_time = std::fs::metadata(path)?.modified()?;
    if let Ok(existing) = std::fs::metadata(&target)
        && existing.modified()? >= source_time
    {
        return Ok(());
    }
    let bytes = std::fs::read(path)?;
    let compressed = match encoding {
        Encoding::Brotli => {
            let mut out = Vec::new();
            let params = brotli::enc::BrotliEncoderParams {
                quality: 11,
                ..Default::default()
            };
            brotli::BrotliCompress(&mut bytes.as_slice(), &mut out, &params)?;
            out
        }
        Encoding::Gzip => {
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&bytes)?;
            encoder.finish()?
        }
    };
    // Written under a temporary name and renamed, so a server starting at the same moment
    // never serves half a file.
    let mut partial = target.as_os_str().to_owned();
    partial.push(format!(".{}.partial", std::process::id()));
    let partial = std::path::PathBuf::from(partial);
    std::fs::write(&partial, compressed)?;
    std::fs::rename(&partial, &target)
}

/// Sets `Cache-Control` by the requested file name unless already set.
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let loader = request.uri().path() == LOADER_PATH;
    let mut response = next.run(request).await;
    let served = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = match (served, hashed, loader) {
            (true, true, _) => IMMUTABLE,
            (true, _, true) => LOADER_CACHE,
            _ => NO_CACHE,
        };
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    response
}

/// Whether the last path segment carries a content hash as Trunk writes them: `-` and at least
/// 16 hex digits, then the extension or `_` (`app-1f2e3d4c5b6a7988.js`,
/// `app-1f2e3d4c5b6a7988_bg.wasm`).
pub fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.match_indices('-').any(|(dash, _)| {
        let rest = &name[dash + 1..];
        let hex = rest.bytes().take_while(u8::is_ascii_hexdigit).count();
        hex >= MIN_HASH_LEN && matches!(rest.as_bytes().get(hex), Some(b'.' | b'_'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn precompressed_files_decode_to_the_original() {
        use std::io::Read;
        let dir = tempfile::tempdir().expect("temp dir");
        let original = "body { color: black; }\n".repeat(200);
        std::fs::write(dir.path().join("main.css"), &original).expect("written");
        std::fs::write(dir.path().join("photo.jpg"), b"not compressible").expect("written");
        precompress(dir.path());

        let br = std::fs::read(dir.path().join("main.css.br")).expect("a .br file");
        let mut decoded = String::new();
        brotli::Decompressor::new(br.as_slice(), 4096)
            .read_to_string(&mut decoded)
            .expect("brotli");
        assert_eq!(decoded, original);
        let gz = std::fs::read(dir.path().join("main.css.gz")).expect("a .gz file");
        let mut decoded = String::new();
        flate2::read::GzDecoder::new(gz.as_slice())
            .read_to_string(&mut decoded)
            .expect("gzip");
        assert_eq!(decoded, original);
        assert!(!dir.path().join("photo.jpg.br").exists());
    }

    #[test]
    fn trunk_hashes_are_recognised() {
        for hashed in [
            "/byline-1f2e3d4c5b6a7988.js",
            "/byline-1f2e3d4c5b6a7988_bg.wasm",
            "/assets/style-0123456789abcdef0123.css",
        ] {
            assert!(is_hashed_asset(hashed), "{hashed}");
        }
        for plain in [
            "/index.html",
            "/images/river-dam-talks.svg",
            "/byline-1f2e3d4c5b6a798.js",
            "/byline-1f2e3d4c5b6a7988",
            "/deadbeefdeadbeef00.js",
            "/articles/dam-1f2e3d4c5b6a7988x.js",
        ] {
            assert!(!is_hashed_asset(plain), "{plain}");
        }
    }
}
