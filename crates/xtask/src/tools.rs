//! The tools Byline's build and tests need, how to tell whether each is here, and how to
//! install it on Debian as root. Elsewhere the commands say what to install and stop.

use std::process::{Command, Stdio};

use anyhow::{Context, Result, bail};

/// Trunk's version: 0.22 needs a newer rustc than this project's machines have.
pub const TRUNK_VERSION: &str = "0.21.14";

/// Binaryen's release from npm (`binaryen`, whose `wasm-opt` runs on the machine's Node.js):
/// it installs in seconds, where the `wasm-opt` crate built Binaryen 116 from C++ source for
/// about ten minutes. Debian 12's Binaryen (108) turns wasm-bindgen's `externref` table into a
/// function table, and the page then fails to start ("WebAssembly.Table.set(): Argument 1 is
/// invalid"), so it is not used.
pub const BINARYEN_NPM_VERSION: &str = "132.0.0";

/// Where npm installs Binaryen, under the target directory.
pub fn binaryen_dir() -> std::path::PathBuf {
    pypi_dir().with_file_name("binaryen")
}
/// Lighthouse from npm, for the benchmark's page audits: 12 is the last line that runs on
/// Debian 12's Node.js 20 (13 needs Node.js 22.19).
pub const LIGHTHOUSE_NPM_VERSION: &str = "12.8.2";

/// Where npm installs Lighthouse, under the target directory.
pub fn lighthouse_dir() -> std::path::PathBuf {
    pypi_dir().with_file_name("lighthouse")
}

/// Lighthouse's command-line entry point, run with the machine's Node.js.
pub fn lighthouse_cli() -> std::path::PathBuf {
    lighthouse_dir().join("node_modules/lighthouse/cli/index.js")
}

/// How to install an npm package (`name@version`) into a folder of its own.
fn npm_install(dir: &std::path::Path, package: &str) -> (String, Vec<String>, bool) {
    let dir = dir.display().to_string();
    (
        format!("npm install --prefix {dir} {package}"),
        [
            "npm",
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            &dir,
            package,
        ]
        .map(str::to_owned)
        .to_vec(),
        false,
    )
}

/// Debian's nginx binary, which the endpoint's shared-cache tests run (`BYLINE_NGINX`).
pub const NGINX: &str = "/usr/sbin/nginx";

/// The oldest Binaryen release known to keep reference types intact.
pub const WASM_OPT_MIN_RELEASE: u32 = 116;

/// Something the build or the tests need on the machine.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tool {
    /// The `wasm32-unknown-unknown` Rust target.
    WasmTarget,
    /// Trunk, which builds and serves the front end.
    Trunk,
    /// The wasm-bindgen CLI, at exactly the version in Cargo.lock.
    WasmBindgen,
    /// Binaryen's wasm-opt, which shrinks the release WebAssembly.
    WasmOpt,
    /// Chromium and ChromeDriver, for the browser tests.
    Chromium,
    /// wrk, the HTTP load generator of the endpoint benchmark.
    Wrk,
    /// Lighthouse ([`LIGHTHOUSE_NPM_VERSION`]), which audits the article page and the static
    /// floor in the benchmark.
    Lighthouse,
    /// Debian's nginx (`nginx-light`), the real shared cache in front of the endpoint in its
    /// caching tests, run from a config file in a temp dir on loopback; its system service is
    /// never started.
    Nginx,
    /// A real SMTP server for the end-to-end tests of account emails: Debian's aiosmtpd,
    /// run with Debian's own Python ([`SYSTEM_PYTHON`]).
    SmtpServer,
    /// What the end-to-end tests take from npm, at the versions in
    /// `crates/e2e/npm/package-lock.json`: a real OpenID Connect provider for "Connect using"
    /// (`oidc-provider`, run with the machine's Node.js) and `axe-core`, the accessibility
    /// checker they inject into pages.
    NpmFixtures,
    /// A nightly Rust toolchain, which `cargo fuzz` needs (sanitizers and coverage), used for
    /// the fuzz targets alone.
    Nightly,
    /// cargo-fuzz, which builds and runs the fuzz targets under libFuzzer.
    CargoFuzz,
    /// The test tools from PyPI, pinned, in one virtual environment ([`pypi_dir`]):
    /// schemathesis ([`SCHEMATHESIS_VERSION`]), which tests the endpoint against its OpenAPI
    /// document, and Pillow ([`PILLOW_VERSION`]), a real image encoder and decoder that
    /// writes the photos (with a GPS position) an endpoint test sends and decodes what was
    /// stored.
    PypiTools,
}

/// The schemathesis release the tests run.
pub const SCHEMATHESIS_VERSION: &str = "4.32.5";

/// The Pillow release the tests run.
pub const PILLOW_VERSION: &str = "11.3.0";

/// The virtual environment the PyPI tools are installed in, under the target directory.
pub fn pypi_dir() -> std::path::PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../../target")
                .components()
                .collect()
        })
        .join("tools/pypi")
}

/// The Python of that environment, which has Pillow.
pub fn test_python_path() -> String {
    pypi_dir().join("bin/python").display().to_string()
}

/// schemathesis's command, `st`.
pub fn schemathesis_path() -> String {
    pypi_dir().join("bin/st").display().to_string()
}

/// The folder of the npm fixtures (their `package.json`, and the provider's `provider.mjs`).
pub fn npm_dir() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../e2e/npm")
        .components()
        .collect()
}

/// The Python that Debian's `python3-*` packages install into (a `python3` earlier on PATH,
/// such as pyenv's, does not see them).
pub const SYSTEM_PYTHON: &str = "/usr/bin/python3";

impl Tool {
    fn is_present(self) -> Result<bool> {
        Ok(match self {
            Self::WasmTarget => output("rustup", &["target", "list", "--installed"])
                .is_some_and(|list| list.lines().any(|l| l.trim() == "wasm32-unknown-unknown")),
            Self::Trunk => output("trunk", &["--version"])
                .is_some_and(|version| version.split_whitespace().nth(1) == Some(TRUNK_VERSION)),
            Self::WasmBindgen => {
                let wanted = wasm_bindgen_version()?;
                output("wasm-bindgen", &["--version"]).is_some_and(|version| {
                    version.split_whitespace().nth(1) == Some(wanted.as_str())
                }) && output("wasm-bindgen-test-runner", &["--version"]).is_some()
            }
            Self::WasmOpt => output("wasm-opt", &["--version"])
                .and_then(|version| binaryen_release(&version))
                .is_some_and(|release| release >= WASM_OPT_MIN_RELEASE),
            Self::Chromium => {
                output("chromium", &["--version"]).is_some()
                    && output(&chromedriver_path(), &["--version"]).is_some()
            }
            // `wrk -v` prints its version and exits with 1, so any run that prints it counts.
            Self::Nginx => output_any_status(NGINX, &["-v"]).is_some(),
            Self::Lighthouse => std::fs::read_to_string(
                lighthouse_dir().join("node_modules/lighthouse/package.json"),
            )
            .is_ok_and(|package| {
                package.contains(&format!("\"version\": \"{LIGHTHOUSE_NPM_VERSION}\""))
            }),
            Self::Wrk => output_any_status("wrk", &["-v"])
                .is_some_and(|version| version.trim_start().starts_with("wrk ")),
            Self::SmtpServer => output(
                SYSTEM_PYTHON,
                &["-c", "import aiosmtpd; print(aiosmtpd.__version__)"],
            )
            .is_some(),
            Self::Nightly => output("rustup", &["toolchain", "list"])
                .is_some_and(|list| list.lines().any(|line| line.starts_with("nightly"))),
            Self::CargoFuzz => output("cargo-fuzz", &["--version"]).is_some(),
            Self::PypiTools => {
                output(&schemathesis_path(), &["--version"])
                    .is_some_and(|version| version.contains(SCHEMATHESIS_VERSION))
                    && output(
                        &test_python_path(),
                        &["-c", "import PIL; print(PIL.__version__)"],
                    )
                    .is_some_and(|version| version.trim() == PILLOW_VERSION)
            }
            Self::NpmFixtures => {
                if output("node", &["--version"]).is_none()
                    || output("npm", &["--version"]).is_none()
                {
                    bail!(
                        "Node.js 20 or newer and npm are needed for the OpenID provider and the \
                         accessibility checks of the end-to-end tests; install them \
                         (https://nodejs.org), then run this command again"
                    );
                }
                ["oidc-provider", "axe-core"].iter().all(|package| {
                    npm_dir()
                        .join(format!("node_modules/{package}/package.json"))
                        .exists()
                })
            }
        })
    }

    /// What to run to install it, as a shell command to show and an argument list to run.
    fn install(self) -> Result<(String, Vec<String>, bool)> {
        let cargo_install = |args: &[&str]| {
            let mut all = vec!["cargo".to_owned(), "install".to_owned()];
            all.extend(args.iter().map(|a| (*a).to_owned()));
            all
        };
        Ok(match self {
            Self::WasmTarget => (
                "rustup target add wasm32-unknown-unknown".into(),
                vec![
                    "rustup".into(),
                    "target".into(),
                    "add".into(),
                    "wasm32-unknown-unknown".into(),
                ],
                false,
            ),
            Self::Trunk => (
                format!("cargo install trunk --version {TRUNK_VERSION} --locked"),
                cargo_install(&["trunk", "--version", TRUNK_VERSION, "--locked"]),
                false,
            ),
            Self::WasmBindgen => {
                let version = wasm_bindgen_version()?;
                // Not --locked: the CLI's own lock file names a crate version the registry
                // mirrors here lack.
                (
                    format!("cargo install wasm-bindgen-cli --version {version}"),
                    cargo_install(&["wasm-bindgen-cli", "--version", &version]),
                    false,
                )
            }
            Self::WasmOpt => {
                npm_install(&binaryen_dir(), &format!("binaryen@{BINARYEN_NPM_VERSION}"))
            }
            Self::Chromium => (
                "apt-get install -y chromium chromium-driver".into(),
                apt(&["chromium", "chromium-driver"]),
                true,
            ),
            Self::Wrk => ("apt-get install -y wrk".into(), apt(&["wrk"]), true),
            Self::Nginx => {
                // A `policy-rc.d` that says no keeps the package from starting its service.
                let script = "if [ -e /usr/sbin/policy-rc.d ]; then apt-get install -y nginx-light; \
                              else printf '#!/bin/sh\\nexit 101\\n' > /usr/sbin/policy-rc.d \
                              && chmod +x /usr/sbin/policy-rc.d \
                              && apt-get install -y nginx-light; status=$?; \
                              rm -f /usr/sbin/policy-rc.d; exit $status; fi";
                (
                    "apt-get install -y nginx-light (its service left stopped)".into(),
                    vec!["sh".into(), "-c".into(), script.into()],
                    true,
                )
            }
            Self::Lighthouse => npm_install(
                &lighthouse_dir(),
                &format!("lighthouse@{LIGHTHOUSE_NPM_VERSION}"),
            ),
            Self::Nightly => (
                "rustup toolchain install nightly --profile minimal".into(),
                [
                    "rustup",
                    "toolchain",
                    "install",
                    "nightly",
                    "--profile",
                    "minimal",
                ]
                .map(str::to_owned)
                .to_vec(),
                false,
            ),
            Self::CargoFuzz => (
                "cargo install cargo-fuzz --locked".into(),
                cargo_install(&["cargo-fuzz", "--locked"]),
                false,
            ),
            Self::PypiTools => {
                let dir = pypi_dir().display().to_string();
                let script = format!(
                    "python3 -m venv {dir} && {dir}/bin/pip install --quiet \
                     schemathesis=={SCHEMATHESIS_VERSION} pillow=={PILLOW_VERSION}"
                );
                (
                    script.clone(),
                    vec!["sh".into(), "-c".into(), script],
                    false,
                )
            }
            Self::SmtpServer => (
                "apt-get install -y python3-aiosmtpd".into(),
                apt(&["python3-aiosmtpd"]),
                true,
            ),
            Self::NpmFixtures => {
                let dir = npm_dir().display().to_string();
                (
                    format!("npm ci --prefix {dir}"),
                    vec![
                        "npm".into(),
                        "ci".into(),
                        "--no-audit".into(),
                        "--no-fund".into(),
                        "--prefix".into(),
                        dir,
                    ],
                    false,
                )
            }
        })
    }
}

fn apt(packages: &[&str]) -> Vec<String> {
    let mut all = vec!["apt-get".to_owned(), "install".to_owned(), "-y".to_owned()];
    all.extend(packages.iter().map(|p| (*p).to_owned()));
    all
}

/// Makes sure every tool is present, installing what is missing where it can.
pub fn ensure(tools: &[Tool]) -> Result<()> {
    let mut missing = Vec::new();
    for tool in tools {
        if !tool.is_present()? {
            missing.push(*tool);
        }
    }
    if missing.is_empty() {
        return Ok(());
    }
    let plans = missing
        .iter()
        .map(|tool| tool.install())
        .collect::<Result<Vec<_>>>()?;
    let needs_root = plans.iter().any(|(_, _, apt)| *apt);
    if needs_root && !is_root() {
        let commands: Vec<&str> = plans.iter().map(|(shown, _, _)| shown.as_str()).collect();
        bail!(
            "these tools are missing and installing them needs root:\n  {}\n\
             Run those commands (with sudo), then run this command again.",
            commands.join("\n  ")
        );
    }
    let mut apt_updated = false;
    for (missing_tool, (shown, args, uses_apt)) in missing.iter().zip(plans) {
        println!("\n==> installing {missing_tool:?}: {shown}");
        if uses_apt && !apt_updated {
            run_quietly(&["apt-get", "update"])?;
            apt_updated = true;
        }
        let mut command = tool(&args[0]);
        command.args(&args[1..]);
        if uses_apt {
            command.env("DEBIAN_FRONTEND", "noninteractive");
        }
        let status = command
            .status()
            .with_context(|| format!("could not run `{shown}`"))?;
        if !status.success() {
            bail!("`{shown}` failed ({status}); install {missing_tool:?} by hand and try again");
        }
        if !missing_tool.is_present()? {
            bail!(
                "installed {missing_tool:?} with `{shown}`, but it still cannot be found on PATH"
            );
        }
    }
    Ok(())
}

fn run_quietly(args: &[&str]) -> Result<()> {
    let status = Command::new(args[0])
        .args(&args[1..])
        .stdout(Stdio::null())
        .status()
        .with_context(|| format!("could not run {}", args.join(" ")))?;
    if !status.success() {
        bail!("`{}` failed ({status})", args.join(" "));
    }
    Ok(())
}

fn is_root() -> bool {
    output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0")
}

/// Where ChromeDriver is: `$CHROMEDRIVER`, else Debian's path.
pub fn chromedriver_path() -> String {
    std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".to_owned())
}

/// `PATH` with Cargo's bin folder first, so the tools `cargo install` put there win over older
/// ones the system may have (Debian's wasm-opt, say).
pub fn search_path() -> std::ffi::OsString {
    let cargo_bin = std::env::var_os("CARGO_HOME")
        .map(std::path::PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| std::path::Path::new(&home).join(".cargo")))
        .map(|home| home.join("bin"));
    // Binaryen from npm first of all: Trunk, the split hook and the benchmark's floor find
    // wasm-opt on PATH.
    let mut paths: Vec<std::path::PathBuf> = vec![binaryen_dir().join("node_modules").join(".bin")];
    paths.extend(cargo_bin);
    if let Some(path) = std::env::var_os("PATH") {
        paths.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(paths).unwrap_or_default()
}

/// A command for a tool, found through [`search_path`] and given that `PATH`.
pub fn tool(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("PATH", search_path());
    command
}

/// The release number in `wasm-opt --version` ("wasm-opt version 116 (version_116)").
fn binaryen_release(version: &str) -> Option<u32> {
    version
        .split_whitespace()
        .skip_while(|word| *word != "version")
        .nth(1)?
        .parse()
        .ok()
}

/// A command's standard output, or `None` when it cannot run or fails.
fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = tool(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// A command's standard output whatever its exit status, or `None` when it cannot run.
fn output_any_status(program: &str, args: &[&str]) -> Option<String> {
    let out = tool(program)
        .args(args)
        .stderr(Stdio::null())
        .output()
        .ok()?;
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The wasm-bindgen version Cargo.lock pins, which the CLI must match exactly.
pub fn wasm_bindgen_version() -> Result<String> {
    let lock = std::fs::read_to_string(crate::root().join("Cargo.lock"))
        .context("could not read Cargo.lock")?;
    parse_lock_version(&lock, "wasm-bindgen").context("Cargo.lock names no wasm-bindgen version")
}

fn parse_lock_version(lock: &str, package: &str) -> Option<String> {
    let wanted = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == wanted {
            let version = lines.next()?.trim();
            return version
                .strip_prefix("version = \"")
                .and_then(|v| v.strip_suffix('"'))
                .map(str::to_owned);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::parse_lock_version;

    #[test]
    fn binaryen_releases_are_read_from_wasm_opt_version() {
        use super::binaryen_release;
        assert_eq!(binaryen_release("wasm-opt version 108\n"), Some(108));
        assert_eq!(
            binaryen_release("wasm-opt version 116 (version_116)"),
            Some(116)
        );
        assert_eq!(binaryen_release("something else"), None);
    }

    #[test]
    fn the_lock_file_version_of_a_package_is_found_exactly() {
        let lock = "[[package]]\nname = \"wasm-bindgen-macro\"\nversion = \"0.2.1\"\n\n\
                    [[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            parse_lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(parse_lock_version(lock, "trunk"), None);
    }
}
