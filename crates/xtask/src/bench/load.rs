//! The endpoint under load: wrk against the API's busiest routes and, as a ceiling, against a
//! static file holding exactly the bytes of the article route's answer.
//!
//! No request carries `Accept-Encoding` (wrk sends none unless told), so the API and the static
//! file are compared on the same uncompressed bytes.

use std::io::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, bail};

use super::report::{Budget, Figure, median};

/// What the load test aims at: an endpoint already running on loopback.
pub struct LoadTarget<'a> {
    /// Where the endpoint listens, without a trailing slash: "http://127.0.0.1:PORT".
    pub base: &'a str,
    /// An article of the seeded site.
    pub article_slug: &'a str,
    /// URL path of a static file holding exactly the bytes of `GET /api/v1/articles/{slug}`.
    pub static_path: &'a str,
    /// The server's process, for its peak RSS (`VmHWM` in `/proc/PID/status`).
    pub server_pid: u32,
}

/// Connections wrk keeps open.
const CONNECTIONS: &str = "64";
/// wrk's threads.
const THREADS: &str = "2";

/// What a route is to the report.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The article: held to a share of the ceiling's throughput and a p99.
    Article,
    /// Another read route.
    Read,
    /// Posting comments: held to a throughput.
    Post,
    /// The static file, the ceiling the article is compared with.
    Ceiling,
}

/// One thing to load: its name in the report, its URL and its kind.
struct Route {
    name: &'static str,
    url: String,
    kind: Kind,
}

/// What one wrk run measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WrkRun {
    /// Requests completed per second.
    pub requests_per_sec: f64,
    /// Median latency, in milliseconds.
    pub p50_ms: f64,
    /// 99th percentile latency, in milliseconds.
    pub p99_ms: f64,
    /// Socket errors (connect, read, write, timeout) plus answers outside 2xx and 3xx.
    pub errors: u64,
}

/// Runs wrk against each route and the static ceiling; returns the figures.
///
/// Every read route and the static file are loaded in turn, once per run, so drift on the
/// machine touches them alike; the comment posts come last, since each one changes the
/// article's comment count and with it the bytes the static file must match.
pub fn measure(target: &LoadTarget, quick: bool) -> Result<Vec<Figure>> {
    let (duration, runs) = if quick { ("5s", 1) } else { ("30s", 3) };
    let slug = target.article_slug;
    let route = |name, path: &str, kind| Route {
        name,
        url: url(target.base, path),
        kind,
    };
    // Report order: the API's routes, then the ceiling.
    let routes = [
        route(
            "GET article",
            &format!("/api/v1/articles/{slug}"),
            Kind::Article,
        ),
        route(
            "GET comments page",
            &format!("/api/v1/articles/{slug}/comments?limit=50"),
            Kind::Read,
        ),
        route(
            "GET latest comments",
            "/api/v1/comments/latest?limit=10",
            Kind::Read,
        ),
        route(
            "POST comment",
            &format!("/api/v1/articles/{slug}/comments"),
            Kind::Post,
        ),
        route("static file (ceiling)", target.static_path, Kind::Ceiling),
    ];

    let mut results: Vec<Vec<WrkRun>> = vec![Vec::new(); routes.len()];
    for run in 1..=runs {
        for (route, samples) in routes.iter().zip(&mut results) {
            if route.kind != Kind::Post {
                samples.push(run_wrk(route, duration, run, runs)?);
            }
        }
    }
    for run in 1..=runs {
        for (route, samples) in routes.iter().zip(&mut results) {
            if route.kind == Kind::Post {
                samples.push(run_wrk(route, duration, run, runs)?);
            }
        }
    }

    let ceiling_rps = routes
        .iter()
        .zip(&results)
        .find(|(route, _)| route.kind == Kind::Ceiling)
        .map(|(_, runs)| median(&runs.iter().map(|r| r.requests_per_sec).collect::<Vec<_>>()))
        .unwrap_or_default();
    let mut figures = Vec::new();
    for (route, runs) in routes.iter().zip(&results) {
        let samples = |pick: fn(&WrkRun) -> f64| runs.iter().map(pick).collect::<Vec<_>>();
        let figure = |what: &str, unit, pick| {
            Figure::new(
                "endpoint",
                format!("{} {what}", route.name),
                unit,
                samples(pick),
            )
        };
        let mut rps = figure("req/s", "req/s", |r| r.requests_per_sec);
        let p50 = figure("p50", "ms", |r| r.p50_ms);
        let mut p99 = figure("p99", "ms", |r| r.p99_ms);
        let errors = figure("errors", "errors", |r| r.errors as f64).within(Budget::AtMost(0.0));
        match route.kind {
            Kind::Article => {
                rps = rps.against(ceiling_rps).within(Budget::RatioAtLeast(0.5));
                p99 = p99.within(Budget::AtMost(25.0));
            }
            Kind::Post => rps = rps.within(Budget::AtLeast(1000.0)),
            Kind::Read | Kind::Ceiling => {}
        }
        figures.extend([rps, p50, p99, errors]);
    }

    let status_path = format!("/proc/{}/status", target.server_pid);
    let status = std::fs::read_to_string(&status_path)
        .with_context(|| format!("could not read the server's peak RSS from {status_path}"))?;
    let peak_kb =
        parse_vm_hwm_kb(&status).with_context(|| format!("{status_path} has no VmHWM line"))?;
    figures.push(
        Figure::new("endpoint", "peak RSS", "MB", vec![peak_kb as f64 / 1024.0])
            .within(Budget::AtMost(150.0)),
    );
    Ok(figures)
}

/// A base address and a path joined with exactly one slash.
fn url(base: &str, path: &str) -> String {
    format!(
        "{}/{}",
        base.trim_end_matches('/'),
        path.trim_start_matches('/')
    )
}

/// One wrk run against one route.
fn run_wrk(route: &Route, duration: &str, run: usize, runs: usize) -> Result<WrkRun> {
    println!("  wrk {} (run {run}/{runs})…", route.name);
    let script = if route.kind == Kind::Post {
        let mut file = tempfile::Builder::new()
            .prefix("byline-bench-post-")
            .suffix(".lua")
            .tempfile()
            .context("could not create the wrk script for posting comments")?;
        file.write_all(post_script(&format!("{}-{run}", nonce())).as_bytes())
            .and_then(|()| file.flush())
            .context("could not write the wrk script for posting comments")?;
        Some(file)
    } else {
        None
    };
    let mut command = crate::tools::tool("wrk");
    command.args([
        "-t",
        THREADS,
        "-c",
        CONNECTIONS,
        "-d",
        duration,
        "--latency",
    ]);
    if let Some(script) = &script {
        command.arg("-s").arg(script.path());
    }
    command.arg(&route.url);
    let out = command
        .output()
        .context("could not run wrk; install it with `apt-get install -y wrk`")?;
    let stdout = String::from_utf8_lossy(&out.stdout);
    if !out.status.success() {
        bail!(
            "wrk failed against {} ({}):\n{}{}",
            route.url,
            out.status,
            stdout.trim(),
            String::from_utf8_lossy(&out.stderr).trim()
        );
    }
    parse_wrk(&stdout)
        .with_context(|| format!("unexpected wrk output for {}:\n{stdout}", route.url))
}

/// Something that makes this run's comment bodies unlike any posted before.
fn nonce() -> String {
    let millis = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis())
        .unwrap_or_default();
    format!("{millis}-{}", std::process::id())
}

/// The wrk script that posts comments, each body distinct: `run` tells this run from others,
/// the thread number tells wrk's threads apart (each has its own Lua state), and a counter
/// tells each thread's requests apart.
fn post_script(run: &str) -> String {
    format!(
        r#"wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

local counter = 0
function request()
  counter = counter + 1
  local body = string.format(
    '{{"body":"Load test comment %s-%d-%d: the road is quicker now.","guest":{{"name":"Load Tester","email":"load@example.org"}}}}',
    "{run}", thread_id or 0, counter)
  return wrk.format(nil, nil, nil, body)
end
"#
    )
}

/// Reads wrk's report (run with `--latency`): requests per second, the 50% and 99% latencies,
/// and the errors.
pub fn parse_wrk(output: &str) -> Result<WrkRun> {
    let mut requests_per_sec = None;
    let mut p50_ms = None;
    let mut p99_ms = None;
    let mut errors = 0;
    let mut in_distribution = false;
    for line in output.lines().map(str::trim) {
        if line.starts_with("Latency Distribution") {
            in_distribution = true;
            continue;
        }
        if in_distribution {
            if let Some((percent, value)) = line.split_once('%') {
                match percent.trim() {
                    "50" => p50_ms = Some(duration_ms(value)?),
                    "99" => p99_ms = Some(duration_ms(value)?),
                    _ => {}
                }
                continue;
            }
            in_distribution = false;
        }
        if let Some(value) = line.strip_prefix("Requests/sec:") {
            requests_per_sec = Some(
                value
                    .trim()
                    .parse::<f64>()
                    .with_context(|| format!("bad Requests/sec: {value:?}"))?,
            );
        } else if let Some(counts) = line.strip_prefix("Socket errors:") {
            // "connect 0, read 0, write 0, timeout 15"
            for count in counts.split(',') {
                let number = count.split_whitespace().last().unwrap_or_default();
                errors += number
                    .parse::<u64>()
                    .with_context(|| format!("bad socket error count: {count:?}"))?;
            }
        } else if let Some(value) = line.strip_prefix("Non-2xx or 3xx responses:") {
            errors += value
                .trim()
                .parse::<u64>()
                .with_context(|| format!("bad Non-2xx count: {value:?}"))?;
        }
    }
    Ok(WrkRun {
        requests_per_sec: requests_per_sec.context("no `Requests/sec:` line")?,
        p50_ms: p50_ms
            .context("no 50% line under `Latency Distribution` (was --latency given?)")?,
        p99_ms: p99_ms
            .context("no 99% line under `Latency Distribution` (was --latency given?)")?,
        errors,
    })
}

/// A wrk duration ("812.00us", "6.61ms", "1.50s", "2.00m") in milliseconds.
fn duration_ms(text: &str) -> Result<f64> {
    let text = text.trim();
    let unit_at = text
        .find(|c: char| c.is_ascii_alphabetic())
        .with_context(|| format!("duration without a unit: {text:?}"))?;
    let (number, unit) = text.split_at(unit_at);
    let number: f64 = number
        .parse()
        .with_context(|| format!("bad duration: {text:?}"))?;
    let scale = match unit {
        "us" => 0.001,
        "ms" => 1.0,
        "s" => 1000.0,
        "m" => 60_000.0,
        "h" => 3_600_000.0,
        _ => bail!("unknown duration unit in {text:?}"),
    };
    Ok(number * scale)
}

/// The `VmHWM` (peak resident set) of a `/proc/PID/status`, in kB.
fn parse_vm_hwm_kb(status: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const CLEAN_MS: &str = "\
Running 2s test @ http://127.0.0.1:3999/api/v1/articles/gali-pass-road-opens
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     6.71ms    1.97ms  19.88ms   76.57%
    Req/Sec     4.78k   511.72     5.87k    70.00%
  Latency Distribution
     50%    6.61ms
     75%    7.61ms
     90%    9.01ms
     99%   12.43ms
  19053 requests in 2.01s, 53.77MB read
Requests/sec:   9491.45
Transfer/sec:     26.78MB
";

    const FAST_US: &str = "\
Running 5s test @ http://127.0.0.1:3999/bench/article.json
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     1.02ms  412.30us   9.80ms   81.10%
    Req/Sec    31.20k     2.10k   35.90k    72.00%
  Latency Distribution
     50%  812.00us
     75%    1.21ms
     90%    1.60ms
     99%    2.47ms
  310411 requests in 5.00s, 887.10MB read
Requests/sec:  62071.93
Transfer/sec:    177.39MB";

    const SLOW_WITH_ERRORS: &str = "\
Running 6s test @ http://127.0.0.1:3997/
  2 threads and 20 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   830.33ms  642.68ms   1.50s    52.83%
    Req/Sec     9.28      8.27    30.00     68.75%
  Latency Distribution
     50%  406.00ms
     75%    1.50s 
     90%    1.50s 
     99%    1.50s 
  68 requests in 6.01s, 8.06KB read
  Socket errors: connect 0, read 2, write 1, timeout 15
  Non-2xx or 3xx responses: 30
Requests/sec:     11.31
Transfer/sec:      1.34KB
";

    const ONLY_NON_2XX: &str = "\
Running 2s test @ http://127.0.0.1:3999/api/v1/nope
  2 threads and 64 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.13ms    1.01ms  10.85ms   73.08%
    Req/Sec    14.89k     1.74k   18.30k    67.50%
  Latency Distribution
     50%    2.04ms
     75%    2.67ms
     90%    3.40ms
     99%    5.13ms
  59269 requests in 2.00s, 15.66MB read
  Non-2xx or 3xx responses: 59269
Requests/sec:  29573.83
Transfer/sec:      7.81MB
";

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-9 * b.abs().max(1.0)
    }

    #[test]
    fn wrk_reports_are_read_in_every_unit_with_their_errors() {
        let cases = [
            ("clean, ms", CLEAN_MS, 9491.45, 6.61, 12.43, 0),
            (
                "fast, us, no final newline",
                FAST_US,
                62071.93,
                0.812,
                2.47,
                0,
            ),
            (
                "slow, s, socket errors",
                SLOW_WITH_ERRORS,
                11.31,
                406.0,
                1500.0,
                18 + 30,
            ),
            ("non-2xx only", ONLY_NON_2XX, 29573.83, 2.04, 5.13, 59269),
        ];
        for (label, output, rps, p50, p99, errors) in cases {
            let run = parse_wrk(output).unwrap_or_else(|e| panic!("{label}: {e:#}"));
            assert!(close(run.requests_per_sec, rps), "{label}: {run:?}");
            assert!(close(run.p50_ms, p50), "{label}: {run:?}");
            assert!(close(run.p99_ms, p99), "{label}: {run:?}");
            assert_eq!(run.errors, errors, "{label}");
        }
    }

    #[test]
    fn wrk_reports_missing_a_figure_are_refused() {
        let cases = [
            ("empty", String::new()),
            ("no --latency", CLEAN_MS.replace("     50%    6.61ms\n", "")),
            (
                "no Requests/sec",
                CLEAN_MS.replace("Requests/sec:   9491.45\n", ""),
            ),
            ("bad unit", CLEAN_MS.replace("12.43ms", "12.43xs")),
        ];
        for (label, output) in cases {
            assert!(parse_wrk(&output).is_err(), "{label} was accepted");
        }
    }

    #[test]
    fn durations_convert_to_milliseconds() {
        let cases = [
            ("812.00us", 0.812),
            ("6.61ms", 6.61),
            ("1.50s", 1500.0),
            ("1.50s ", 1500.0),
            ("2.00m", 120_000.0),
        ];
        for (text, ms) in cases {
            let parsed = duration_ms(text).unwrap_or_else(|e| panic!("{text}: {e:#}"));
            assert!(close(parsed, ms), "{text} -> {parsed}");
        }
        assert!(duration_ms("12").is_err());
    }

    #[test]
    fn peak_rss_is_read_from_proc_status() {
        let status = "Name:\tbyline-server\nVmPeak:\t  712340 kB\nVmHWM:\t   48212 kB\nVmRSS:\t   40000 kB\n";
        assert_eq!(parse_vm_hwm_kb(status), Some(48212));
        assert_eq!(parse_vm_hwm_kb("Name:\tx\n"), None);
    }

    #[test]
    fn urls_join_with_one_slash() {
        assert_eq!(url("http://h:1", "/a"), "http://h:1/a");
        assert_eq!(url("http://h:1/", "/a"), "http://h:1/a");
        assert_eq!(url("http://h:1", "a"), "http://h:1/a");
    }
}
