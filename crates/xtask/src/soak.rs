//! `cargo xtask soak [--minutes N]`: the release endpoint on loopback with a fresh seeded
//! database, under a mix of reads and writes from wrk (64 connections) for N minutes (10 by
//! default), in slices of 30 seconds. After each slice it notes throughput, latency, errors,
//! the server's memory and its open files, so a leak or a slowdown shows as a trend. It
//! writes `target/soak/report.{md,json}` and fails on any error answer, on latency that does
//! not stay steady, and on memory or open files that keep growing.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, bail};

use crate::bench::load::{WrkRun, parse_wrk};
use crate::tools::{self, Tool, ensure};
use crate::{cargo, run, target_dir, wait_for_http};

/// One slice's length.
const SLICE_SECS: u64 = 30;

/// What one slice measured.
#[derive(Clone, Copy, Debug)]
struct Slice {
    /// wrk's figures for the slice.
    load: WrkRun,
    /// The server's resident memory at the end of the slice, MB.
    rss_mb: f64,
    /// The server's open files at the end of the slice: its descriptors other than sockets
    /// (the database, its log, anything it opened), a second after the load stopped.
    open_files: usize,
    /// Its open sockets then (the listener, connections still closing).
    sockets: usize,
}

/// The endpoint for the soak, killed when dropped.
struct Endpoint(Child);

impl Drop for Endpoint {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs the soak.
pub fn run_soak(minutes: u64) -> Result<()> {
    ensure(&[Tool::Wrk])?;
    run(
        "release build of the endpoint",
        cargo().args(["build", "--release", "-p", "byline-server"]),
    )?;
    let dir = tempfile::tempdir().context("no temp dir")?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let addr = format!("127.0.0.1:{port}");
    let endpoint = Endpoint(
        Command::new(target_dir().join("release").join("byline-server"))
            .args(["--addr", &addr, "--db"])
            .arg(dir.path().join("soak.db"))
            // One address stands for many readers here (see the bench).
            .args(["--write-limit", "0"])
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .context("could not start byline-server")?,
    );
    wait_for_http(&addr, "/api/v1/health", Duration::from_secs(30))?;
    let base = format!("http://{addr}");
    let slug = first_article(&base)?;

    let slices = (minutes * 60).div_ceil(SLICE_SECS).max(2);
    println!(
        "\n==> soak: {slices} slices of {SLICE_SECS} s at 64 connections against {base} \
         (45% article, 25% comments page, 15% latest comments, 15% new comments)"
    );
    let mut measured = Vec::new();
    for number in 1..=slices {
        // Each slice's comments differ from every other's: wrk starts its counters anew, and
        // the endpoint refuses a comment posted again.
        let script = dir.path().join(format!("mix-{number}.lua"));
        std::fs::File::create(&script)?.write_all(mix_script(&slug, number).as_bytes())?;
        let load = wrk_slice(&base, &script)?;
        // Let the closing connections go, so the count is of what stays open.
        std::thread::sleep(Duration::from_secs(1));
        let (open_files, sockets) = descriptors(endpoint.0.id())?;
        let slice = Slice {
            load,
            rss_mb: rss_mb(endpoint.0.id())?,
            open_files,
            sockets,
        };
        println!(
            "  slice {:>2}: {:>7.0} req/s, p50 {:>5.2} ms, p99 {:>6.2} ms, {} errors, \
             {:>5.1} MB, {} open files, {} sockets",
            measured.len() + 1,
            slice.load.requests_per_sec,
            slice.load.p50_ms,
            slice.load.p99_ms,
            slice.load.errors,
            slice.rss_mb,
            slice.open_files,
            slice.sockets
        );
        measured.push(slice);
    }
    let comments = comment_count(&base, &slug)?;
    drop(endpoint);

    let verdicts = verdicts(&measured);
    let out = target_dir().join("soak");
    std::fs::create_dir_all(&out)?;
    let report = report_markdown(minutes, &measured, comments, &verdicts);
    std::fs::write(out.join("report.md"), &report)?;
    std::fs::write(out.join("report.json"), report_json(&measured, comments))?;
    println!("\n{report}");
    let broken: Vec<&str> = verdicts
        .iter()
        .filter(|(_, ok)| !ok)
        .map(|(what, _)| what.as_str())
        .collect();
    if !broken.is_empty() {
        bail!("the soak failed: {}", broken.join("; "));
    }
    println!("The soak held: no errors, latency steady, memory and open files flat.");
    Ok(())
}

/// What the soak requires, each with whether it held.
fn verdicts(slices: &[Slice]) -> Vec<(String, bool)> {
    let errors: u64 = slices.iter().map(|slice| slice.load.errors).sum();
    // The first slice warms caches up and fills the pool: the trend is read from the second.
    let settled = &slices[1.min(slices.len() - 1)..];
    let first = settled[0];
    let last = settled[settled.len() - 1];
    let files_start = median(settled.iter().take(3).map(|slice| slice.open_files as f64));
    let files_end = median(
        settled
            .iter()
            .rev()
            .take(3)
            .map(|slice| slice.open_files as f64),
    );
    let p99_start = median(settled.iter().take(3).map(|slice| slice.load.p99_ms));
    let p99_end = median(settled.iter().rev().take(3).map(|slice| slice.load.p99_ms));
    let rps_start = median(
        settled
            .iter()
            .take(3)
            .map(|slice| slice.load.requests_per_sec),
    );
    let rps_end = median(
        settled
            .iter()
            .rev()
            .take(3)
            .map(|slice| slice.load.requests_per_sec),
    );
    vec![
        (format!("no error answers ({errors})"), errors == 0),
        (
            format!(
                "p99 steady ({p99_start:.2} ms at the start, {p99_end:.2} ms at the end; at most 2×)"
            ),
            p99_end <= 2.0 * p99_start.max(1.0),
        ),
        (
            format!("throughput steady ({rps_start:.0} req/s, then {rps_end:.0}; at least half)"),
            rps_end >= 0.5 * rps_start,
        ),
        (
            format!(
                "memory flat ({:.1} MB after the first slice, {:.1} MB at the end; at most +25% and +32 MB)",
                first.rss_mb, last.rss_mb
            ),
            last.rss_mb <= (first.rss_mb * 1.25).max(first.rss_mb + 32.0),
        ),
        (
            format!(
                "open files flat ({files_start:.0} at the start, {files_end:.0} at the end, \
                 besides sockets; at most +8)"
            ),
            files_end <= files_start + 8.0,
        ),
    ]
}

fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut values: Vec<f64> = values.collect();
    values.sort_by(f64::total_cmp);
    values.get(values.len() / 2).copied().unwrap_or_default()
}

/// One 30-second wrk run of the mix.
fn wrk_slice(base: &str, script: &Path) -> Result<WrkRun> {
    let out = tools::tool("wrk")
        .args([
            "-t",
            "2",
            "-c",
            "64",
            "-d",
            &format!("{SLICE_SECS}s"),
            "--latency",
            "-s",
        ])
        .arg(script)
        .arg(base)
        .output()
        .context("could not run wrk")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!("wrk failed ({}):\n{stdout}", out.status);
    }
    parse_wrk(&stdout).with_context(|| format!("unexpected wrk output:\n{stdout}"))
}

/// The wrk script of slice `number`: each request picks a route; new comments have bodies
/// distinct from every other slice's.
fn mix_script(slug: &str, number: u64) -> String {
    format!(
        r#"local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local pick = math.random(100)
  if pick <= 45 then
    return wrk.format("GET", "/api/v1/articles/{slug}")
  elseif pick <= 70 then
    return wrk.format("GET", "/api/v1/articles/{slug}/comments?limit=50")
  elseif pick <= 85 then
    return wrk.format("GET", "/api/v1/comments/latest?limit=10")
  end
  local body = string.format(
    '{{"body":"Soak comment {number}-%d-%d: the market reopened today.","guest":{{"name":"Soak Tester","email":"soak@example.org"}}}}',
    thread_id or 0, counter)
  return wrk.format("POST", "/api/v1/articles/{slug}/comments",
    {{["Content-Type"] = "application/json"}}, body)
end
"#
    )
}

/// The first article of the seeded site.
fn first_article(base: &str) -> Result<String> {
    let page: serde_json::Value = ureq::get(&format!("{base}/api/v1/articles?limit=1"))
        .call()?
        .into_json()?;
    page["items"][0]["slug"]
        .as_str()
        .map(str::to_owned)
        .context("the seeded site has no article")
}

fn comment_count(base: &str, slug: &str) -> Result<u64> {
    let article: serde_json::Value = ureq::get(&format!("{base}/api/v1/articles/{slug}"))
        .call()?
        .into_json()?;
    article["comment_count"]
        .as_u64()
        .context("no comment_count")
}

/// The process's resident memory now (`VmRSS`), MB.
fn rss_mb(pid: u32) -> Result<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kb: f64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
        .context("no VmRSS line")?;
    Ok(kb / 1024.0)
}

/// The process's open descriptors now: those that are not sockets, and the sockets.
fn descriptors(pid: u32) -> Result<(usize, usize)> {
    let mut files = 0;
    let mut sockets = 0;
    for entry in std::fs::read_dir(format!("/proc/{pid}/fd"))? {
        let target = std::fs::read_link(entry?.path()).unwrap_or_default();
        if target.to_string_lossy().starts_with("socket:") {
            sockets += 1;
        } else {
            files += 1;
        }
    }
    Ok((files, sockets))
}

fn report_markdown(
    minutes: u64,
    slices: &[Slice],
    comments: u64,
    verdicts: &[(String, bool)],
) -> String {
    let mut md = format!(
        "Soak: {minutes} minutes of mixed reads and writes at 64 connections, in slices of \
         {SLICE_SECS} s; the article had {comments} comments at the end.\n\n\
         | slice | req/s | p50 | p99 | errors | RSS | open files | sockets |\n\
         | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
    );
    for (n, slice) in slices.iter().enumerate() {
        let _ = writeln!(
            md,
            "| {} | {:.0} | {:.2} ms | {:.2} ms | {} | {:.1} MB | {} | {} |",
            n + 1,
            slice.load.requests_per_sec,
            slice.load.p50_ms,
            slice.load.p99_ms,
            slice.load.errors,
            slice.rss_mb,
            slice.open_files,
            slice.sockets
        );
    }
    md.push('\n');
    for (what, ok) in verdicts {
        let _ = writeln!(md, "- {}: {what}", if *ok { "holds" } else { "**broken**" });
    }
    md
}

fn report_json(slices: &[Slice], comments: u64) -> String {
    let slices: Vec<serde_json::Value> = slices
        .iter()
        .map(|slice| {
            serde_json::json!({
                "requests_per_sec": slice.load.requests_per_sec,
                "p50_ms": slice.load.p50_ms,
                "p99_ms": slice.load.p99_ms,
                "errors": slice.load.errors,
                "rss_mb": slice.rss_mb,
                "open_files": slice.open_files,
                "sockets": slice.sockets,
            })
        })
        .collect();
    serde_json::to_string_pretty(&serde_json::json!({
        "slice_secs": SLICE_SECS,
        "final_comment_count": comments,
        "slices": slices,
    }))
    .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(p99_ms: f64, rss_mb: f64, open_files: usize, errors: u64) -> Slice {
        Slice {
            load: WrkRun {
                requests_per_sec: 1000.0,
                p50_ms: 1.0,
                p99_ms,
                errors,
            },
            rss_mb,
            open_files,
            sockets: 40,
        }
    }

    #[test]
    fn a_steady_run_holds_and_a_leak_a_slowdown_or_an_error_does_not() {
        let steady: Vec<Slice> = [9.0, 5.0, 5.5, 5.2, 5.4, 5.1, 5.3]
            .iter()
            .enumerate()
            .map(|(n, p99)| slice(*p99, 40.0 + n as f64, 24, 0))
            .collect();
        assert!(
            verdicts(&steady).iter().all(|(_, ok)| *ok),
            "{:?}",
            verdicts(&steady)
        );
        let leaking: Vec<Slice> = (0..7)
            .map(|n| slice(5.0, 40.0 + 20.0 * n as f64, 24 + 10 * n, 0))
            .collect();
        let broken: Vec<_> = verdicts(&leaking)
            .into_iter()
            .filter(|(_, ok)| !ok)
            .collect();
        assert_eq!(broken.len(), 2, "{broken:?}");
        let slowing: Vec<Slice> = [5.0, 5.0, 5.0, 5.0, 30.0, 30.0, 30.0]
            .iter()
            .map(|p99| slice(*p99, 40.0, 24, 0))
            .collect();
        assert!(
            verdicts(&slowing)
                .iter()
                .any(|(what, ok)| what.starts_with("p99") && !ok)
        );
        let failing = vec![slice(5.0, 30.0, 20, 0), slice(5.0, 40.0, 24, 3)];
        assert!(!verdicts(&failing)[0].1);
    }
}
