//! The built front end: files from a directory, `index.html` for every other path (so a deep
//! link such as `/articles/x` survives a reload), and cache headers by file name.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

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
    let policy = PagePolicy::new(dir, partner_origins);
    router
        .fallback_service(app_files(dir))
        .layer(middleware::from_fn(cache_control))
        .layer(middleware::from_fn(move |request: Request, next: Next| {
            let policy = policy.clone();
            async move { policy.apply(request, next).await }
        }))
}

/// The `Content-Security-Policy` of the site's pages. Scripts run only from the site itself,
/// plus the inline scripts its pages carry (Trunk's loader, the theme and the preload), each
/// allowed by its SHA-256 hash, so no `'unsafe-inline'` is needed; `'wasm-unsafe-eval'` lets
/// the WebAssembly compile. Styles, images, fonts and requests go to the site only; no
/// plugins, no `<base>`, forms post to the site. Pages under `/embed/` (the widgets) may be
/// framed by the site and its partners, every other page by the site only.
///
/// The hashes are read from each bundle's `index.html` and read again when the file changes
/// (`cargo xtask dev` rebuilds bundles under a running endpoint).
/// By page and whether it is a widget's: the file's modification time and its policy.
type PolicyCache = HashMap<(std::path::PathBuf, bool), (SystemTime, HeaderValue)>;

#[derive(Clone, Debug)]
struct PagePolicy {
    dir: std::path::PathBuf,
    widget_ancestors: String,
    cache: Arc<Mutex<PolicyCache>>,
}

impl PagePolicy {
    fn new(dir: &Path, partner_origins: &[String]) -> Self {
        let mut widget_ancestors = "frame-ancestors 'self'".to_owned();
        for origin in partner_origins {
            widget_ancestors.push(' ');
            widget_ancestors.push_str(origin);
        }
        Self {
            dir: dir.to_owned(),
            widget_ancestors,
            cache: Arc::default(),
        }
    }

    /// The HTML file that serves `path`: the file it names (or its directory's `index.html`)
    /// when there is one, else its bundle's `index.html`, or the reader's when that bundle is
    /// not built (the router then falls back to the reader's too).
    fn page_of(&self, path: &str) -> std::path::PathBuf {
        let relative = path.trim_start_matches('/');
        let safe = !relative
            .split('/')
            .any(|segment| segment == ".." || segment.contains('\\'));
        if safe && !relative.is_empty() {
            let named = self.dir.join(relative);
            let page = if named.is_dir() {
                named.join("index.html")
            } else {
                named
            };
            if page.extension().is_some_and(|ext| ext == "html") && page.is_file() {
                return page;
            }
        }
        OTHER_BUNDLES
            .iter()
            .find(|bundle| {
                path.strip_prefix('/')
                    .and_then(|rest| rest.strip_prefix(**bundle))
                    .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            })
            .map(|bundle| self.dir.join(bundle).join("index.html"))
            .filter(|page| page.exists())
            .unwrap_or_else(|| self.dir.join("index.html"))
    }

    /// The policy for a page served at `path`.
    fn for_path(&self, path: &str) -> HeaderValue {
        let page = self.page_of(path);
        let widget = path.starts_with("/embed/");
        let ancestors = if widget {
            self.widget_ancestors.as_str()
        } else {
            "frame-ancestors 'self'"
        };
        let modified = std::fs::metadata(&page)
            .and_then(|meta| meta.modified())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let mut cache = self
            .cache
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let key = (page, widget);
        if let Some((at, value)) = cache.get(&key)
            && *at == modified
        {
            return value.clone();
        }
        let html = std::fs::read_to_string(&key.0).unwrap_or_default();
        let policy = content_security_policy(&html, ancestors);
        let value = HeaderValue::from_str(&policy).unwrap_or_else(|_| {
            HeaderValue::from_static("default-src 'self'; frame-ancestors 'self'")
        });
        cache.insert(key, (modified, value.clone()));
        value
    }

    async fn apply(self, request: Request, next: Next) -> Response {
        let path = request.uri().path().to_owned();
        let mut response = next.run(request).await;
        let html = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .is_some_and(|value| value.starts_with("text/html"));
        if html {
            let policy = self.for_path(&path);
            response
                .headers_mut()
                .insert(header::CONTENT_SECURITY_POLICY, policy);
        }
        response
    }
}

/// The policy of a page whose HTML is `html`: its inline scripts allowed by hash.
pub fn content_security_policy(html: &str, frame_ancestors: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let hashes: String = inline_scripts(html)
        .map(|script| {
            let digest = sha2::Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; {frame_ancestors}"
    )
}

/// The text of each inline `<script>` (one without `src`), exactly as the browser hashes it.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let open_end = start + rest[start..].find('>')?;
            let tag = &rest[start..open_end];
            let body_start = open_end + 1;
            let body_end = body_start + rest[body_start..].find("</script>")?;
            let body = &rest[body_start..body_end];
            rest = &rest[body_end + "</script>".len()..];
            if !tag.contains(" src=") {
                return Some(body);
            }
        }
    })
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
            if is_orphan(&path) {
                let _ = std::fs::remove_file(&path);
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

/// A compressed copy an endpoint stopped before finishing (`NAME.br.PID.partial`, never
/// renamed into place): left for a minute, longer than any file takes to compress, then gone.
fn is_orphan(path: &Path) -> bool {
    path.extension()
        .is_some_and(|extension| extension == "partial")
        && std::fs::metadata(path)
            .and_then(|meta| meta.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > std::time::Duration::from_secs(60))
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
    fn inline_scripts_are_allowed_by_their_hash_and_nothing_else_inline() {
        let html = "<html><head><script>let a = 1;</script>\n\
                    <script type=\"module\">\nimport init from '/x.js';\n</script>\
                    <script src=\"/y.js\"></script></head></html>";
        let scripts: Vec<&str> = inline_scripts(html).collect();
        assert_eq!(scripts, ["let a = 1;", "\nimport init from '/x.js';\n"]);
        let policy = content_security_policy(html, "frame-ancestors 'self'");
        // echo -n 'let a = 1;' | openssl dgst -sha256 -binary | base64
        assert!(
            policy.contains("'sha256-xY6QKfH9PRsQnLz56nj6MBwiK5oHg+im1Jkpdp1x/Ck='"),
            "{policy}"
        );
        assert_eq!(policy.matches("'sha256-").count(), 2, "{policy}");
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("'wasm-unsafe-eval'"), "{policy}");
        assert!(policy.ends_with("frame-ancestors 'self'"), "{policy}");
    }

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
