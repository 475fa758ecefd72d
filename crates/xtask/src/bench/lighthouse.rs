//! Lighthouse's audit of the article page and of the static floor, in turn (Byline, floor,
//! Byline, …) in the same run, with Lighthouse's mobile defaults: a mid-range phone's screen,
//! simulated slow 4G and 4× CPU. The budgets are the issue's: LCP ≤ 2.5 s, Google's line
//! for a good page, and a performance score ≥ 0.97.

use std::path::Path;
use std::process::Command;

use anyhow::{Context, Result, bail};
use serde_json::Value;

use super::report::{self, Budget, Figure};
use crate::tools;

/// The largest contentful paint a good page keeps to, ms.
const LCP_MS: f64 = 2500.0;
/// The least performance score.
const SCORE: f64 = 0.97;

/// What one audit found.
struct Audit {
    score: f64,
    lcp: f64,
    fcp: f64,
    tbt: f64,
}

/// Audits `url` once with Lighthouse's mobile defaults.
fn audit(url: &str, out: &Path) -> Result<Audit> {
    let status = Command::new("node")
        .arg(tools::lighthouse_cli())
        .arg(url)
        .args([
            "--only-categories=performance",
            "--output=json",
            "--quiet",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
        ])
        .arg(format!("--output-path={}", out.display()))
        .env("CHROME_PATH", "/usr/bin/chromium")
        .status()
        .context("could not run Lighthouse")?;
    if !status.success() {
        bail!("Lighthouse failed on {url} ({status})");
    }
    let report: Value = serde_json::from_slice(
        &std::fs::read(out).with_context(|| format!("Lighthouse wrote no {}", out.display()))?,
    )
    .context("Lighthouse's report is not JSON")?;
    if let Some(error) = report["runtimeError"]["message"].as_str() {
        bail!("Lighthouse could not audit {url}: {error}");
    }
    let number = |audit: &str| {
        report["audits"][audit]["numericValue"]
            .as_f64()
            .with_context(|| format!("Lighthouse's report of {url} has no {audit}"))
    };
    Ok(Audit {
        score: report["categories"]["performance"]["score"]
            .as_f64()
            .with_context(|| format!("Lighthouse gave {url} no performance score"))?,
        lcp: number("largest-contentful-paint")?,
        fcp: number("first-contentful-paint")?,
        tbt: number("total-blocking-time")?,
    })
}

/// Audits the article page and the static floor `runs` times each, in turn.
pub fn measure(base: &str, slug: &str, runs: usize, out: &Path) -> Result<Vec<Figure>> {
    println!(
        "\n==> Lighthouse {}, mobile defaults",
        tools::LIGHTHOUSE_NPM_VERSION
    );
    let page_url = format!("{base}/articles/{slug}");
    let floor_url = format!("{base}/floor.html");
    let mut page = Vec::new();
    let mut floor = Vec::new();
    for run in 1..=runs {
        let p = audit(&page_url, &out.join("lighthouse-page.json"))?;
        let f = audit(&floor_url, &out.join("lighthouse-floor.json"))?;
        println!(
            "    run {run}: Byline {:.2}, LCP {:.0} ms; floor {:.2}, LCP {:.0} ms",
            p.score, p.lcp, f.score, f.lcp
        );
        page.push(p);
        floor.push(f);
    }
    let pick =
        |audits: &[Audit], get: fn(&Audit) -> f64| -> Vec<f64> { audits.iter().map(get).collect() };
    let floor_of = |get: fn(&Audit) -> f64| report::median(&pick(&floor, get));
    Ok(vec![
        Figure::new(
            "lighthouse",
            "article page: performance score",
            "score",
            pick(&page, |a| a.score),
        )
        .against(floor_of(|a| a.score))
        .within(Budget::AtLeast(SCORE)),
        Figure::new(
            "lighthouse",
            "article page: largest contentful paint",
            "ms",
            pick(&page, |a| a.lcp),
        )
        .against(floor_of(|a| a.lcp))
        .within(Budget::AtMost(LCP_MS)),
        Figure::new(
            "lighthouse",
            "article page: first contentful paint",
            "ms",
            pick(&page, |a| a.fcp),
        )
        .against(floor_of(|a| a.fcp)),
        Figure::new(
            "lighthouse",
            "article page: total blocking time",
            "ms",
            pick(&page, |a| a.tbt),
        )
        .against(floor_of(|a| a.tbt)),
        Figure::new(
            "lighthouse",
            "static floor: largest contentful paint",
            "ms",
            pick(&floor, |a| a.lcp),
        ),
    ])
}
