//! `cargo xtask split`: Trunk's `post_build` hook (Trunk.toml), which splits a bundle's
//! WebAssembly so that the first load holds what reading needs and the rest comes in chunks.
//!
//! Trunk has no split build of its own (its issue #1022), so the hook redoes the last steps of
//! Trunk's Rust pipeline from cargo's raw output, as cargo-leptos does:
//!
//! 1. cargo built `target/wasm32-unknown-unknown/<profile>/<bin>.wasm` with
//!    `-Clink-args=--emit-relocs` (`.cargo/config.toml`), so the linker's relocations say which
//!    function and data each piece of code uses;
//! 2. `wasm_split_cli_support` cuts it at the split points (`src/chunks.rs`): a main module,
//!    one `split_NAME.wasm` per split point, `chunk_N.wasm` for code several of them share,
//!    and a small JavaScript loader (`__wasm_split.js`) that fetches and links them;
//! 3. wasm-bindgen makes the main module's JavaScript glue, under the name Trunk gave its
//!    own, into Trunk's staging folder, replacing Trunk's unsplit output;
//! 4. wasm-opt optimises the main module and every chunk (release builds);
//! 5. the chunks and the loader are named by their content's hash, and every reference to
//!    them is rewritten: the loader names the chunks, the glue names the loader.
//!
//! The bundles' HTML turns off Trunk's own wasm-opt (`data-wasm-opt="0"`: this hook
//! optimises what it emits) and its integrity attributes (`data-integrity="none"`): Trunk
//! writes them before hooks run, over files this hook replaces, so they would no longer match;
//! the endpoint serves every file from its own origin under a Content-Security-Policy that
//! allows scripts from that origin alone.
//!
//! What it wrote is listed in `target/split/<bin>/<profile>/files.json` (module, file, raw
//! and final size), which `cargo xtask bench --only size` reads; `bindgen/*_bg.wasm` there
//! keeps the function names for the size-by-crate table.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};

use crate::tools;

/// The wasm-opt flags of release builds: the features the page's WebAssembly uses (wasm-bindgen
/// needs reference types kept) and `-Os`, as Trunk ran it before the split.
const WASM_OPT_FLAGS: [&str; 7] = [
    "-Os",
    "--enable-bulk-memory",
    "--enable-nontrapping-float-to-int",
    "--enable-sign-ext",
    "--enable-mutable-globals",
    "--enable-reference-types",
    "--enable-multivalue",
];

/// The loader's name as the split main module imports it; rewritten to its hashed name.
const LOADER: &str = "__wasm_split.js";

/// One file the split wrote into the bundle.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SplitFile {
    /// `main`, a split point's name (`split_form`) or a shared chunk (`chunk_3`), or `loader`.
    pub module: String,
    /// Its name in the bundle.
    pub file: String,
    /// Its size before wasm-opt.
    pub raw_bytes: u64,
    /// Its size as served.
    pub bytes: u64,
}

/// The cargo binary a bundle's HTML builds.
fn bin_of(html: &Path) -> Result<&'static str> {
    Ok(
        match html
            .file_name()
            .and_then(|name| name.to_str())
            .unwrap_or("")
        {
            "index.html" => "byline",
            "account.html" => "byline-account",
            "embed.html" => "byline-embed",
            other => bail!("the split hook does not know the bundle `{other}`"),
        },
    )
}

/// The hook's entry point: reads what Trunk tells hooks through the environment.
pub fn run_hook() -> Result<()> {
    let var = |name: &str| {
        std::env::var_os(name).map(PathBuf::from).with_context(|| {
            format!("{name} is not set: `cargo xtask split` is Trunk's post_build hook")
        })
    };
    let html = var("TRUNK_HTML_FILE")?;
    let staging = var("TRUNK_STAGING_DIR")?;
    let release = std::env::var("TRUNK_PROFILE").is_ok_and(|profile| profile == "release");
    let bin = bin_of(&html)?;
    // The profile Trunk's cargo build used: the bundles' HTML names `wasm-release`.
    let profile = if release { "wasm-release" } else { "debug" };
    let raw = crate::target_dir()
        .join("wasm32-unknown-unknown")
        .join(profile)
        .join(format!("{bin}.wasm"));
    let files = split_bundle(bin, &raw, &staging, release)?;
    let total: u64 = files.iter().map(|file| file.bytes).sum();
    println!(
        "split {bin} ({profile}): {} files, {:.1} KB",
        files.len(),
        total as f64 / 1000.0
    );
    Ok(())
}

/// Splits `raw` (cargo's output for `bin`) into Trunk's `staging` folder.
pub fn split_bundle(
    bin: &str,
    raw: &Path,
    staging: &Path,
    release: bool,
) -> Result<Vec<SplitFile>> {
    let (glue, wasm) = trunk_output(staging, bin)?;
    let stem = glue
        .file_stem()
        .and_then(|stem| stem.to_str())
        .context("Trunk's glue has no name")?
        .to_owned();
    let work = crate::target_dir()
        .join("split")
        .join(bin)
        .join(if release { "release" } else { "debug" });
    if work.exists() {
        std::fs::remove_dir_all(&work)
            .with_context(|| format!("could not clear {}", work.display()))?;
    }
    let pieces = work.join("pieces");
    std::fs::create_dir_all(&pieces)?;

    // (2) Split.
    let input = std::fs::read(raw).with_context(|| {
        format!(
            "could not read cargo's output {} (built by Trunk just before)",
            raw.display()
        )
    })?;
    let main_path = work.join("main.wasm");
    let main_module = format!("./{stem}.js");
    {
        let mut options = wasm_split_cli_support::Options::new(&input);
        options.output_dir = &pieces;
        options.main_out_path = &main_path;
        options.link_name = "./__wasm_split.js";
        options.main_module = &main_module;
        wasm_split_cli_support::transform(options).map_err(|error| {
            anyhow::anyhow!("wasm-split failed on {}: {error:?}", raw.display())
        })?;
    }

    // (3) wasm-bindgen on the main module, as Trunk runs it, keeping the exports the linker
    // made for the chunks.
    let bindgen = work.join("bindgen");
    let status = tools::tool("wasm-bindgen")
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--keep-lld-exports",
            "--out-dir",
        ])
        .arg(&bindgen)
        .args(["--out-name", &stem])
        .arg(&main_path)
        .status()
        .context("could not run wasm-bindgen")?;
    if !status.success() {
        bail!("wasm-bindgen failed on the split main module ({status})");
    }

    let mut files = Vec::new();
    // (4, 5) The chunks, optimised and named by their content.
    let mut chunk_names = BTreeMap::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&pieces)?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .collect();
    entries.sort();
    for path in entries {
        let name = path
            .file_stem()
            .and_then(|stem| stem.to_str())
            .context("a chunk without a name")?
            .to_owned();
        let optimised = optimise(&path, &work.join(format!("{name}.opt.wasm")), release)?;
        let bytes = std::fs::read(&optimised)?;
        let file = format!("{name}-{}.wasm", short_hash(&bytes));
        std::fs::write(staging.join(&file), &bytes)?;
        files.push(SplitFile {
            module: name.clone(),
            file: file.clone(),
            raw_bytes: std::fs::metadata(&path)?.len(),
            bytes: bytes.len() as u64,
        });
        chunk_names.insert(name, file);
    }

    let glue_js = std::fs::read_to_string(bindgen.join(format!("{stem}.js")))
        .context("wasm-bindgen wrote no glue")?;
    // A bundle whose code reaches no split point (the account views) has no chunks, and its
    // glue imports no loader.
    let glue_js = if chunk_names.is_empty() && !imports(&glue_js, LOADER) {
        glue_js
    } else {
        // The loader, naming the hashed chunks, then named by its own hash.
        let mut loader =
            std::fs::read_to_string(pieces.join(LOADER)).context("wasm-split wrote no loader")?;
        for (name, file) in &chunk_names {
            let before = format!("\"./{name}.wasm\"");
            if !loader.contains(&before) {
                bail!("the loader does not name {name}.wasm as expected");
            }
            loader = loader.replace(&before, &format!("\"./{file}\""));
        }
        let loader_file = format!("__wasm_split-{}.js", short_hash(loader.as_bytes()));
        std::fs::write(staging.join(&loader_file), &loader)?;
        files.push(SplitFile {
            module: "loader".into(),
            file: loader_file.clone(),
            raw_bytes: loader.len() as u64,
            bytes: loader.len() as u64,
        });
        preload_loader(staging, &stem, &loader_file)?;
        // The glue, importing the hashed loader.
        rename_import(&glue_js, LOADER, &loader_file)?
    };
    std::fs::write(&glue, glue_js)?;
    let snippets = bindgen.join("snippets");
    if snippets.exists() {
        copy_dir(&snippets, &staging.join("snippets"))?;
    }
    let main_wasm = bindgen.join(format!("{stem}_bg.wasm"));
    let optimised = optimise(&main_wasm, &work.join("main.opt.wasm"), release)?;
    std::fs::copy(&optimised, &wasm)?;
    files.insert(
        0,
        SplitFile {
            module: "main".into(),
            file: wasm
                .file_name()
                .and_then(|name| name.to_str())
                .unwrap_or_default()
                .to_owned(),
            raw_bytes: std::fs::metadata(&main_wasm)?.len(),
            bytes: std::fs::metadata(&wasm)?.len(),
        },
    );
    std::fs::write(work.join("files.json"), serde_json::to_vec_pretty(&files)?)?;
    Ok(files)
}

/// Trunk's glue (`<bin>-<hash>.js`) and module (`<bin>-<hash>_bg.wasm`) in `staging`.
fn trunk_output(staging: &Path, bin: &str) -> Result<(PathBuf, PathBuf)> {
    let mut glue = None;
    for entry in std::fs::read_dir(staging)? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|name| name.to_str()) else {
            continue;
        };
        let hashed = name
            .strip_prefix(bin)
            .and_then(|rest| rest.strip_suffix(".js"))
            .is_some_and(|rest| {
                rest.is_empty() || (rest.starts_with('-') && !rest[1..].contains('-'))
            });
        if hashed {
            glue = Some(path);
        }
    }
    let glue =
        glue.with_context(|| format!("Trunk wrote no {bin}*.js into {}", staging.display()))?;
    let wasm = glue.with_file_name(format!(
        "{}_bg.wasm",
        glue.file_stem()
            .and_then(|stem| stem.to_str())
            .unwrap_or_default()
    ));
    if !wasm.exists() {
        bail!("Trunk wrote no {}", wasm.display());
    }
    Ok((glue, wasm))
}

/// Whether `glue` imports `./name`.
fn imports(glue: &str, name: &str) -> bool {
    ['\'', '"']
        .iter()
        .any(|quote| glue.contains(&format!("{quote}./{name}{quote}")))
}

/// `glue` with its import statement of `from` (`from './from'` or `from "./from"`) naming
/// `to` instead. The key the glue hands the module to the WebAssembly under stays: it is the
/// main module's import name.
fn rename_import(glue: &str, from: &str, to: &str) -> Result<String> {
    let mut out = glue.to_owned();
    let mut found = false;
    for quote in ['\'', '"'] {
        let before = format!("from {quote}./{from}{quote}");
        if out.contains(&before) {
            found = true;
            out = out.replace(&before, &format!("from {quote}./{to}{quote}"));
        }
    }
    if !found {
        bail!("the glue does not import ./{from}");
    }
    Ok(out)
}

/// Adds a `modulepreload` of the loader beside Trunk's of the glue in the bundle's page: the
/// glue imports the loader, so without it the browser learns of the loader only once the
/// glue is in, a round trip later, and the main module waits for both.
fn preload_loader(staging: &Path, stem: &str, loader_file: &str) -> Result<()> {
    for entry in std::fs::read_dir(staging)? {
        let path = entry?.path();
        if path.extension().is_none_or(|ext| ext != "html") {
            continue;
        }
        let html = std::fs::read_to_string(&path)?;
        if let Some(patched) = with_loader_preload(&html, stem, loader_file) {
            std::fs::write(&path, patched)?;
        }
    }
    Ok(())
}

/// `html` with a preload of `loader_file` after the glue's (`<stem>.js`), if it has that one.
fn with_loader_preload(html: &str, stem: &str, loader_file: &str) -> Option<String> {
    let glue = format!("{stem}.js\"");
    let at = html.find(&glue)?;
    let start = html[..at].rfind("<link")?;
    let end = at + html[at..].find('>')? + 1;
    let tag = &html[start..end];
    if !tag.contains("modulepreload") {
        return None;
    }
    let loader_tag = tag.replace(&format!("{stem}.js"), loader_file);
    Some(format!("{}{loader_tag}{}", &html[..end], &html[end..]))
}

/// wasm-opt on `input` into `output` for release builds; the input itself otherwise.
pub fn optimise(input: &Path, output: &Path, release: bool) -> Result<PathBuf> {
    if !release {
        return Ok(input.to_path_buf());
    }
    let status = tools::tool("wasm-opt")
        .args(WASM_OPT_FLAGS)
        .arg(input)
        .arg("-o")
        .arg(output)
        .status()
        .context("could not run wasm-opt")?;
    if !status.success() {
        bail!("wasm-opt failed on {} ({status})", input.display());
    }
    Ok(output.to_path_buf())
}

/// `wasm` without the linker's custom sections (`linking`, `reloc.*`), which
/// `-Clink-args=--emit-relocs` leaves in every wasm32 build of the workspace. The splitter
/// reads them and writes modules without them; a bundle built without this hook (the
/// benchmark's Leptos floor) would otherwise ship them, several times the size of its code.
/// wasmparser says where each section lies; each kept one is written back whole.
pub fn strip_link_sections(wasm: &[u8]) -> Result<Vec<u8>> {
    use wasmparser::{Parser, Payload};
    let bytes_of = |range: std::ops::Range<u64>| {
        let (start, end) = (usize::try_from(range.start)?, usize::try_from(range.end)?);
        wasm.get(start..end)
            .context("a section runs past the module's end")
    };
    let mut out = Vec::with_capacity(wasm.len());
    for payload in Parser::new(0).parse_all(wasm) {
        let payload = payload.context("not a WebAssembly module")?;
        match &payload {
            Payload::Version { range, .. } => out.extend_from_slice(bytes_of(range.clone())?),
            Payload::CustomSection(section)
                if section.name() == "linking" || section.name().starts_with("reloc.") => {}
            _ => {
                if let Some((id, range)) = payload.as_section() {
                    let body = bytes_of(range)?;
                    out.push(id);
                    // The section's length, LEB128.
                    let mut length = body.len();
                    loop {
                        let low = (length & 0x7f) as u8;
                        length >>= 7;
                        if length == 0 {
                            out.push(low);
                            break;
                        }
                        out.push(low | 0x80);
                    }
                    out.extend_from_slice(body);
                }
            }
        }
    }
    Ok(out)
}

/// The first 16 hex digits of the SHA-256 of `bytes`, for content-named files.
fn short_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_glue_imports_the_hashed_loader() {
        let glue = "import * as __wbg_star0 from './__wasm_split.js';\nlet wasm;";
        assert_eq!(
            rename_import(glue, LOADER, "__wasm_split-0123.js")
                .ok()
                .as_deref(),
            Some("import * as __wbg_star0 from './__wasm_split-0123.js';\nlet wasm;")
        );
        assert!(rename_import("let wasm;", LOADER, "x.js").is_err());
    }

    #[test]
    fn bundles_map_to_their_binaries() {
        assert_eq!(bin_of(Path::new("/w/index.html")).ok(), Some("byline"));
        assert_eq!(bin_of(Path::new("embed.html")).ok(), Some("byline-embed"));
        assert!(bin_of(Path::new("other.html")).is_err());
    }

    #[test]
    fn the_linkers_sections_are_dropped_and_the_rest_kept() {
        let custom = |name: &str, body: &[u8]| {
            let mut section = vec![0, (1 + name.len() + body.len()) as u8, name.len() as u8];
            section.extend_from_slice(name.as_bytes());
            section.extend_from_slice(body);
            section
        };
        let header = b"\0asm\x01\0\0\0".to_vec();
        let types = vec![1, 4, 1, 0x60, 0, 0];
        let names = custom("name", b"xyz");
        let module = [
            header.clone(),
            types.clone(),
            custom("linking", &[2, 8, 0]),
            custom("reloc.CODE", &[3, 0]),
            names.clone(),
        ]
        .concat();
        assert_eq!(
            super::strip_link_sections(&module).ok(),
            Some([header, types, names].concat())
        );
        assert!(super::strip_link_sections(b"\0asm\x01\0\0\0\x01\x09").is_err());
    }

    #[test]
    fn the_page_preloads_the_loader_beside_the_glue() {
        let html = r#"<head><link rel="modulepreload" href="/embed/byline-embed-00aa.js" crossorigin="anonymous"><link rel="preload" href="/embed/byline-embed-00aa_bg.wasm"></head>"#;
        let patched = super::with_loader_preload(html, "byline-embed-00aa", "__wasm_split-11bb.js");
        assert_eq!(
            patched.as_deref(),
            Some(
                r#"<head><link rel="modulepreload" href="/embed/byline-embed-00aa.js" crossorigin="anonymous"><link rel="modulepreload" href="/embed/__wasm_split-11bb.js" crossorigin="anonymous"><link rel="preload" href="/embed/byline-embed-00aa_bg.wasm"></head>"#
            )
        );
        assert_eq!(
            super::with_loader_preload("<head></head>", "x", "y.js"),
            None
        );
    }

    #[test]
    fn hashes_are_short_and_stable() {
        assert_eq!(short_hash(b"byline"), short_hash(b"byline"));
        assert_eq!(short_hash(b"byline").len(), 16);
        assert_ne!(short_hash(b"byline"), short_hash(b"Byline"));
    }
}
