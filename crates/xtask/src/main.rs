//! Byline's developer commands, run as `cargo xtask <command>`:
//!
//! - `dev`: install what is missing, start the seeded endpoint on 127.0.0.1:3000 and
//!   `trunk serve` on 127.0.0.1:8080 (which proxies `/api/` to it); Ctrl-C stops both.
//! - `bench`: measure sizes, page speed, interactions and endpoint load against budgets.
//! - `soak`: the endpoint under mixed load for ten minutes, watching for leaks and slowdowns.
//! - `test`: install what is missing, then run every test tier: formatting and lints, the
//!   endpoint and pure-logic tests, component tests in headless Chromium, and the end-to-end
//!   tests against a release build served by the real endpoint.

mod bench;
mod soak;
mod split;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use crate::tools::{Tool, ensure};

const USAGE: &str = "\
Usage: cargo xtask <command>

Commands:
  dev     Install what is missing, start the seeded endpoint (127.0.0.1:3000) and
          `trunk serve` (http://127.0.0.1:8080). Ctrl-C stops both.
  test    Install what is missing and run every test: lints, endpoint and unit tests,
          component tests in headless Chromium, end-to-end tests.
  bench   Build for release, measure size, page speed (against a static floor), interaction
          cost and endpoint load; write target/bench/report.{md,json}; fail on a broken
          budget. `--quick` for fewer, shorter runs; `--only size,page,interaction,
          endpoint,upload` to measure some groups while developing.
  split   Trunk's post_build hook (Trunk.toml): split the bundle's WebAssembly into a
          main module and lazily loaded chunks.
  soak    Run the release endpoint under mixed reads and writes (64 connections) for
          `--minutes N` (10); write target/soak/report.{md,json}; fail on any error, on
          latency that does not stay steady, or on memory or open files that keep growing.
";

/// The soak's `--minutes N` (10 when not given).
fn soak_minutes(args: &[String]) -> Result<u64> {
    match args {
        [] => Ok(10),
        [flag, minutes] if flag == "--minutes" => minutes
            .parse()
            .ok()
            .filter(|minutes| *minutes > 0)
            .with_context(|| format!("`--minutes {minutes}` is not a whole number of minutes")),
        _ => bail!("usage: cargo xtask soak [--minutes N]"),
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("dev") => dev(),
        Some("test") => test(),
        Some("split") => split::run_hook(),
        Some("bench") => match bench::Options::parse(&args[1..]) {
            Ok(options) => bench::run_bench(&options),
            Err(error) => Err(error),
        },
        Some("soak") => match soak_minutes(&args[1..]) {
            Ok(minutes) => soak::run_soak(minutes),
            Err(error) => Err(error),
        },
        Some("help" | "--help" | "-h") | None => {
            print!("{USAGE}");
            Ok(())
        }
        Some(other) => {
            eprint!("Unknown command `{other}`.\n\n{USAGE}");
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("\nxtask: {error:#}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root, where Cargo.toml, index.html and Trunk.toml live.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The shared target directory.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn cargo() -> Command {
    let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    command
        .current_dir(root())
        .env("PATH", tools::search_path());
    command
}

/// `cargo` for `cargo xtask test`: without incremental compilation, whose caches would double
/// what the test binaries take on disk and speed up nothing on a clean checkout (CI's case).
fn test_cargo() -> Command {
    let mut command = cargo();
    command.env("CARGO_INCREMENTAL", "0");
    command
}

/// Bytes free on the file system that holds `path`, as `df` reports them.
fn free_bytes(path: &Path) -> Option<u64> {
    let output = Command::new("df")
        .args(["--output=avail", "-B1"])
        .arg(path)
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .nth(1)?
        .trim()
        .parse()
        .ok()
}

/// What a clean `cargo xtask test` adds to `target/` at its peak, with a margin: the native
/// test binaries, the WebAssembly builds, the fuzz builds, the PyPI tools. Measured on fresh
/// clones on 2026-12-01: 2.9 and 3.7 GB (5.0 GB before the tests became one binary per
/// crate, and more before line tables only and no incremental caches).
const TEST_DISK_BYTES: u64 = 4 << 30;

fn gigabytes(bytes: u64) -> String {
    format!("{:.1} GB", bytes as f64 / f64::from(1u32 << 30))
}

/// How many tests passed and failed, summed over the runs of a tier.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Counts {
    passed: u64,
    failed: u64,
}

impl Counts {
    /// Adds the counts of a libtest summary line ("test result: ok. 7 passed; 0 failed; …"),
    /// which both `cargo test` and `wasm-bindgen-test-runner` print.
    fn add_summary(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        let number_before = |word: &str| {
            rest.split(';')
                .find_map(|part| {
                    part.trim()
                        .trim_start_matches(|c: char| !c.is_ascii_digit())
                        .strip_suffix(word)
                })
                .and_then(|n| n.trim().parse::<u64>().ok())
        };
        self.passed += number_before("passed").unwrap_or(0);
        self.failed += number_before("failed").unwrap_or(0);
    }
}

/// Runs a test command, echoing its output and counting its tests.
fn run_tests(step: &str, command: &mut Command, counts: &mut Counts) -> Result<()> {
    use std::io::{BufRead, BufReader};
    println!("\n==> {step}");
    let started = Instant::now();
    let mut child = command
        .stdout(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("could not start: {command:?}"))?;
    if let Some(stdout) = child.stdout.take() {
        for line in BufReader::new(stdout).lines() {
            let line = line.context("could not read the test output")?;
            counts.add_summary(&line);
            println!("{line}");
        }
    }
    let status = child.wait().context("the test command vanished")?;
    if !status.success() {
        bail!("{step} failed ({status})");
    }
    println!("--- {step}: ok in {:.0?}", started.elapsed());
    Ok(())
}

/// Runs a command to completion, failing with its name when it fails.
/// The front-end bundles besides the reader's, each served under `/NAME` from `dist/NAME/`.
const OTHER_BUNDLES: [&str; 2] = ["account", "embed"];

/// Release builds of every front-end bundle into `dist/`: the reader's (`index.html`), then the
/// account views' (`account.html`) and the partners' widgets' (`embed.html`) into
/// `dist/account/` and `dist/embed/`, which the endpoint serves under `/account` and `/embed`.
/// In that order: a build of `index.html` replaces the whole of `dist/`.
fn build_front_end() -> Result<()> {
    run(
        "release build of the front end (trunk build --release)",
        tools::tool("trunk")
            .current_dir(root())
            .args(["build", "--release"]),
    )?;
    for bundle in OTHER_BUNDLES {
        run(
            &format!("release build of {bundle}.html (trunk build {bundle}.html --release)"),
            tools::tool("trunk").current_dir(root()).args([
                "build".to_owned(),
                format!("{bundle}.html"),
                "--release".to_owned(),
                "--dist".to_owned(),
                format!("dist/{bundle}"),
                "--public-url".to_owned(),
                format!("/{bundle}/"),
            ]),
        )?;
    }
    Ok(())
}

fn run(step: &str, command: &mut Command) -> Result<()> {
    println!("\n==> {step}");
    let started = Instant::now();
    let status = command
        .status()
        .with_context(|| format!("could not start: {command:?}"))?;
    if !status.success() {
        bail!("{step} failed ({status})");
    }
    println!("--- {step}: ok in {:.0?}", started.elapsed());
    Ok(())
}

fn dev() -> Result<()> {
    ensure(&[
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
    ])?;
    run(
        "build the endpoint",
        cargo().args(["build", "--release", "-p", "byline-server"]),
    )?;
    let data = root().join("data");
    std::fs::create_dir_all(&data).context("could not create data/")?;
    // The account views and the partners' widgets are bundles of their own, served under
    // /account and /embed. trunk serve serves the reader's bundle only and proxies those paths
    // to the endpoint, which serves the bundles `trunk watch` keeps built in
    // target/dev-front-end/.
    let other_site = target_dir().join("dev-front-end");
    std::fs::create_dir_all(&other_site).context("could not create target/dev-front-end")?;
    std::fs::write(
        other_site.join("index.html"),
        "<!doctype html><title>Byline</title><p>In development the reader's pages are at \
         <a href=\"http://127.0.0.1:8080/\">http://127.0.0.1:8080/</a>.</p>\n",
    )
    .context("could not write the placeholder index.html")?;
    let mut _watchers = Vec::new();
    for bundle in OTHER_BUNDLES {
        let args = |command: &str| -> Vec<std::ffi::OsString> {
            vec![
                command.into(),
                format!("{bundle}.html").into(),
                "--dist".into(),
                other_site.join(bundle).into_os_string(),
                "--public-url".into(),
                format!("/{bundle}/").into(),
            ]
        };
        run(
            &format!("build {bundle}.html (trunk build {bundle}.html)"),
            tools::tool("trunk").current_dir(root()).args(args("build")),
        )?;
        let watch = tools::tool("trunk")
            .current_dir(root())
            .args(args("watch"))
            .arg("--quiet")
            .spawn()
            .with_context(|| format!("could not start trunk watch for {bundle}.html"))?;
        _watchers.push(KillOnDrop(watch));
    }
    let server_bin = target_dir().join("release").join("byline-server");
    println!("\n==> start the endpoint on 127.0.0.1:3000 (database: data/byline.db)");
    let server = Command::new(&server_bin)
        .current_dir(root())
        .args(["--addr", "127.0.0.1:3000", "--db"])
        .arg(data.join("byline.db"))
        .arg("--static")
        .arg(&other_site)
        .args(["--partner-origins", PARTNER_DEMO_ORIGIN])
        // The page is at trunk serve's address, which reaches the endpoint through its proxy:
        // the browser's Origin is then not the endpoint's own, so name it, or the cross-site
        // check would refuse a signed-in member's requests.
        .args(["--allowed-origins", "http://127.0.0.1:8080"])
        .spawn()
        .with_context(|| format!("could not start {}", server_bin.display()))?;
    let mut server = KillOnDrop(server);
    wait_for_http("127.0.0.1:3000", "/api/v1/health", Duration::from_secs(30))
        .context("the endpoint did not come up; is port 3000 taken?")?;
    serve_partner_demo()?;
    println!(
        "\nByline is starting at http://127.0.0.1:8080/, and a partner's page embedding it at \
         {PARTNER_DEMO_ORIGIN}/ (Ctrl-C stops everything)\n"
    );
    let status = tools::tool("trunk")
        .current_dir(root())
        .arg("serve")
        .status()
        .context("could not start trunk")?;
    let _ = server.0.kill();
    if !status.success() {
        bail!("trunk serve stopped ({status})");
    }
    Ok(())
}

/// Where `cargo xtask dev` serves the partner demo page: another origin than Byline's.
const PARTNER_DEMO_ORIGIN: &str = "http://127.0.0.2:8081";

/// Serves `public/partner-demo.html`, with Byline's address filled in, at every path of
/// [`PARTNER_DEMO_ORIGIN`], from a thread that lives as long as the command.
fn serve_partner_demo() -> Result<()> {
    use std::io::{Read, Write};
    let page = std::fs::read_to_string(root().join("public").join("partner-demo.html"))
        .context("could not read public/partner-demo.html")?
        .replace("BYLINE_ORIGIN", "http://127.0.0.1:8080");
    let address = PARTNER_DEMO_ORIGIN.trim_start_matches("http://");
    let listener = std::net::TcpListener::bind(address)
        .with_context(|| format!("could not listen on {address} for the partner demo"))?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut request = [0u8; 4096];
            // One request per connection; what it asks for does not matter.
            let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
            let _ = stream.read(&mut request);
            let answer = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                 Content-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n{page}",
                page.len()
            );
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    Ok(())
}

fn test() -> Result<()> {
    ensure(&[
        Tool::WasmTarget,
        Tool::Trunk,
        Tool::WasmBindgen,
        Tool::WasmOpt,
        Tool::Chromium,
        Tool::SmtpServer,
        Tool::NpmFixtures,
        Tool::Nightly,
        Tool::CargoFuzz,
        Tool::PypiTools,
        Tool::Nginx,
    ])?;
    let started = Instant::now();
    let target = target_dir();
    let fresh = !target.join("debug").exists();
    let free_at_start = free_bytes(root().as_path());
    if let Some(free) = free_at_start {
        println!(
            "{} free on the disk that holds {}",
            gigabytes(free),
            root().display()
        );
        // A clean checkout builds everything: say so now, not when a build dies halfway.
        if fresh && free < TEST_DISK_BYTES {
            bail!(
                "a clean `cargo xtask test` needs about {} free for its builds in {}, and only \
                 {} is free",
                gigabytes(TEST_DISK_BYTES),
                target.display(),
                gigabytes(free)
            );
        }
    }
    run(
        "formatting (cargo fmt --check)",
        test_cargo().args(["fmt", "--all", "--", "--check"]),
    )?;
    run(
        "lints (cargo clippy -D warnings)",
        test_cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    let mut counts = Counts::default();
    run_tests(
        "endpoint, contract and pure-logic tests",
        test_cargo().args(UNIT_TIER),
        &mut counts,
    )?;
    run_tests(
        "the endpoint's tests with real outside parts: schemathesis against its OpenAPI \
         document, photos a real encoder (Pillow) wrote, and a real shared cache (nginx) \
         in front of it",
        test_cargo()
            .args(UNIT_TIER)
            .args(["--test", "endpoint", "--", "--ignored"])
            .env("BYLINE_SCHEMATHESIS", tools::schemathesis_path())
            .env("BYLINE_TEST_PYTHON", tools::test_python_path())
            .env("BYLINE_NGINX", tools::NGINX),
        &mut counts,
    )?;
    fuzz()?;
    run_tests(
        "component tests in headless Chromium (wasm-bindgen-test)",
        test_cargo()
            .args([
                "test",
                "-p",
                "byline",
                "--target",
                "wasm32-unknown-unknown",
                "--test",
                "components",
            ])
            .env("CHROMEDRIVER", tools::chromedriver_path())
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120"),
        &mut counts,
    )?;
    build_front_end()?;
    run(
        "the endpoint binary for the end-to-end tests (the first tier built it)",
        test_cargo().args(UNIT_TIER).arg("--no-run"),
    )?;
    run_tests(
        "end-to-end tests in headless Chromium",
        test_cargo()
            .args(["test", "-p", "byline-e2e", "--", "--test-threads=2"])
            .env("BYLINE_DIST", root().join("dist"))
            .env("BYLINE_SMTP_PYTHON", tools::SYSTEM_PYTHON)
            .env("CHROMEDRIVER", tools::chromedriver_path()),
        &mut counts,
    )?;
    println!("\nAll test tiers passed in {:.0?}.", started.elapsed());
    if let (Some(before), Some(after)) = (free_at_start, free_bytes(root().as_path())) {
        println!(
            "The run took {} of disk; {} is free.",
            gigabytes(before.saturating_sub(after)),
            gigabytes(after)
        );
    }
    // The closing line CI reads: every test of every tier.
    println!("{} passed, {} failed", counts.passed, counts.failed);
    Ok(())
}

/// `cargo test` over every package but the end-to-end tests. The tiers that build the endpoint
/// (its tests, schemathesis, the binary the end-to-end tests start) all select exactly these
/// packages: Cargo unifies dependencies' features over the packages selected, so any other
/// selection would build a second copy of half the dependency tree.
const UNIT_TIER: [&str; 4] = ["test", "--workspace", "--exclude", "byline-e2e"];

/// How long each fuzz target runs in `cargo xtask test`.
const FUZZ_SECS: u32 = 30;

/// Runs each fuzz target (`fuzz/`) under libFuzzer for [`FUZZ_SECS`], from the seed inputs in
/// `fuzz/seeds/TARGET` and what earlier runs found (`fuzz/corpus/TARGET`, not committed).
/// A crash fails the tier; libFuzzer keeps the input that caused it in `fuzz/artifacts/`.
fn fuzz() -> Result<()> {
    for target in ["comment_body", "contract_json"] {
        let corpus = root().join("fuzz").join("corpus").join(target);
        std::fs::create_dir_all(&corpus)?;
        let mut command = tools::tool("cargo");
        command
            .current_dir(root())
            .args(["+nightly", "fuzz", "run", "--fuzz-dir", "fuzz", target])
            .arg(&corpus)
            .arg(root().join("fuzz").join("seeds").join(target))
            .args(["--", &format!("-max_total_time={FUZZ_SECS}")])
            // `cargo xtask` runs under the stable toolchain, which these would otherwise name.
            .env_remove("CARGO")
            .env_remove("RUSTC")
            .env_remove("RUSTDOC")
            .env_remove("RUSTUP_TOOLCHAIN");
        run(
            &format!("fuzzing {target} for {FUZZ_SECS} s (cargo +nightly fuzz run)"),
            &mut command,
        )?;
    }
    Ok(())
}

/// A child process that is killed when it goes out of scope, so no server outlives the task.
struct KillOnDrop(Child);

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `GET path` on `addr` answers 200.
fn wait_for_http(addr: &str, path: &str, limit: Duration) -> Result<()> {
    use std::io::{Read, Write};
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if let Ok(mut stream) = std::net::TcpStream::connect(addr) {
            let request =
                format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
            let mut answer = String::new();
            if stream.write_all(request.as_bytes()).is_ok()
                && stream.read_to_string(&mut answer).is_ok()
                && answer.starts_with("HTTP/1.1 200")
            {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("no answer from http://{addr}{path} within {limit:?}")
}

#[cfg(test)]
mod tests {
    use super::Counts;

    #[test]
    fn test_summaries_are_summed_across_runs() {
        let mut counts = Counts::default();
        counts.add_summary("test result: ok. 7 passed; 0 failed; 0 ignored; 0 measured");
        counts.add_summary("test result: FAILED. 3 passed; 2 failed; 1 ignored");
        counts.add_summary(
            "test result: ok. 8 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.6s",
        );
        counts.add_summary("running 4 tests");
        assert_eq!(
            counts,
            Counts {
                passed: 18,
                failed: 2
            }
        );
    }
}
