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
use tower_http::set_header::SetResponseHeaderLayer;

/// `Cache-Control` of content-hashed assets: they never change under the same name.
pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
/// `Cache-Control` of everything else: revalidate before each use.
pub const NO_CACHE: &str = "no-cache";

/// The shortest hex run that counts as a content hash.
const MIN_HASH_LEN: usize = 16;

/// A router serving `dir`, with `dir/index.html` as the fallback for unknown paths.
pub fn router(dir: &Path) -> Router {
    let index = SetResponseHeaderLayer::overriding(
        header::CACHE_CONTROL,
        HeaderValue::from_static(NO_CACHE),
    )
    .layer(ServeFile::new(dir.join("index.html")));
    let files = ServeDir::new(dir).fallback(index);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_control))
}

/// Sets `Cache-Control` by the requested file name unless already set.
async fn cache_control(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    let served = response.status().is_success() || response.status() == StatusCode::NOT_MODIFIED;
    if !response.headers().contains_key(header::CACHE_CONTROL) {
        let value = if hashed && served {
            IMMUTABLE
        } else {
            NO_CACHE
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
