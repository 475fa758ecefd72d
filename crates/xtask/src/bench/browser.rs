//! Headless Chromium driven over the DevTools protocol: fresh browser contexts, CPU
//! throttling, and timings read from the page's own Performance timeline.

use std::io::{BufRead, BufReader};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};
use tungstenite::stream::MaybeTlsStream;
use tungstenite::{Message, WebSocket};

/// Records, from the first byte of the document on, when the headline, the first comment and
/// the footer's render time reach the DOM. The same script runs on Byline and on the static
/// floor page, so both are measured the same way. The marks place the first two in a trace
/// ([`compile_time`]).
pub const OBSERVER: &str = r#"
(() => {
  const seen = (window.__bench = {});
  const look = () => {
    const now = performance.now();
    if (seen.headline === undefined && document.getElementById('article-title')) {
      seen.headline = now;
      performance.mark('bench:headline');
    }
    if (seen.comments === undefined && document.querySelector('.comment__card')) {
      seen.comments = now;
      performance.mark('bench:comments');
    }
    const footer = document.querySelector('[data-rendered-us]');
    if (seen.footer === undefined && footer) seen.footer = Number(footer.dataset.renderedUs) / 1000;
  };
  new MutationObserver(look).observe(document, { childList: true, subtree: true });
})();
"#;

/// A running headless Chromium with one DevTools connection.
pub struct Browser {
    child: Child,
    socket: WebSocket<MaybeTlsStream<TcpStream>>,
    next_id: u64,
    /// The trace DevTools sends while one records ([`compile_time`]).
    trace: Option<Trace>,
    _profile: tempfile::TempDir,
}

/// A page in its own browser context: no cache, cookies or storage shared with any other.
pub struct Tab {
    context_id: String,
    session_id: String,
}

impl Browser {
    /// Starts Chromium and connects to it.
    pub fn launch() -> Result<Self> {
        let profile = tempfile::tempdir().context("no temp dir for the browser profile")?;
        let mut child = Command::new("chromium")
            .args([
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--no-first-run",
                "--remote-debugging-port=0",
                "--window-size=1280,900",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .context("could not start chromium")?;
        let stderr = child.stderr.take().context("no stderr from chromium")?;
        let (found, wait) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.strip_prefix("DevTools listening on ") {
                    let _ = found.send(url.trim().to_owned());
                }
            }
        });
        let url = wait
            .recv_timeout(Duration::from_secs(30))
            .context("chromium did not open its DevTools port")?;
        let (socket, _) =
            tungstenite::connect(url.as_str()).context("could not connect to DevTools")?;
        Ok(Self {
            child,
            socket,
            next_id: 0,
            trace: None,
            _profile: profile,
        })
    }

    /// Calls a DevTools method and returns its result, skipping the events in between.
    pub fn call(&mut self, session: Option<&str>, method: &str, params: Value) -> Result<Value> {
        self.next_id += 1;
        let id = self.next_id;
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(session) = session {
            message["sessionId"] = json!(session);
        }
        self.socket
            .send(Message::text(message.to_string()))
            .with_context(|| format!("could not send {method}"))?;
        loop {
            let value = self
                .read()
                .with_context(|| format!("no answer to {method}"))?;
            if value["id"].as_u64() != Some(id) {
                continue;
            }
            if let Some(error) = value.get("error") {
                bail!("{method} failed: {error}");
            }
            return Ok(value["result"].clone());
        }
    }

    /// The next message from DevTools; while a trace records, its events are kept.
    fn read(&mut self) -> Result<Value> {
        loop {
            let Message::Text(text) = self.socket.read()? else {
                continue;
            };
            let value: Value = serde_json::from_str(text.as_str())?;
            if let Some(trace) = self.trace.as_mut() {
                match value["method"].as_str() {
                    Some("Tracing.dataCollected") => {
                        if let Some(events) = value["params"]["value"].as_array() {
                            trace.events.extend(events.iter().cloned());
                        }
                    }
                    Some("Tracing.tracingComplete") => trace.complete = true,
                    _ => {}
                }
            }
            return Ok(value);
        }
    }

    /// Opens a blank page in a fresh browser context, throttled `cpu_slowdown` times, with
    /// the [`OBSERVER`] installed.
    pub fn open(&mut self, cpu_slowdown: f64) -> Result<Tab> {
        let context = self.call(
            None,
            "Target.createBrowserContext",
            json!({ "disposeOnDetach": true }),
        )?;
        let context_id = string(&context, "browserContextId")?;
        let target = self.call(
            None,
            "Target.createTarget",
            json!({ "url": "about:blank", "browserContextId": context_id }),
        )?;
        let target_id = string(&target, "targetId")?;
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
        )?;
        let session_id = string(&attached, "sessionId")?;
        let tab = Tab {
            context_id,
            session_id,
        };
        for method in ["Page.enable", "Runtime.enable", "Performance.enable"] {
            self.call(Some(&tab.session_id), method, json!({}))?;
        }
        self.call(
            Some(&tab.session_id),
            "Emulation.setCPUThrottlingRate",
            json!({ "rate": cpu_slowdown }),
        )?;
        self.call(
            Some(&tab.session_id),
            "Page.addScriptToEvaluateOnNewDocument",
            json!({ "source": OBSERVER }),
        )?;
        Ok(tab)
    }

    /// Navigates a tab.
    pub fn goto(&mut self, tab: &Tab, url: &str) -> Result<()> {
        let result = self.call(
            Some(&tab.session_id),
            "Page.navigate",
            json!({ "url": url }),
        )?;
        if let Some(error) = result.get("errorText") {
            bail!("could not open {url}: {error}");
        }
        Ok(())
    }

    /// Evaluates JavaScript in the page, awaiting a promise, and returns its value.
    pub fn eval(&mut self, tab: &Tab, expression: &str) -> Result<Value> {
        let result = self.call(
            Some(&tab.session_id),
            "Runtime.evaluate",
            json!({ "expression": expression, "awaitPromise": true, "returnByValue": true }),
        )?;
        if let Some(exception) = result.get("exceptionDetails") {
            bail!("the page threw: {exception}");
        }
        Ok(result["result"]["value"].clone())
    }

    /// Waits (up to 60 s of page time) until a JavaScript condition is truthy; returns its value.
    pub fn wait_for(&mut self, tab: &Tab, condition: &str) -> Result<Value> {
        self.poll(tab, condition, 5)
    }

    /// [`Browser::wait_for`], checking every `every_ms` milliseconds.
    pub fn poll(&mut self, tab: &Tab, condition: &str, every_ms: u32) -> Result<Value> {
        let expression = format!(
            "new Promise((resolve, reject) => {{
               const start = Date.now();
               const check = () => {{
                 let value;
                 try {{ value = ({condition}); }} catch (e) {{ value = undefined; }}
                 if (value) resolve(value);
                 else if (Date.now() - start > 60000) reject(new Error('timed out waiting for: {}'));
                 else setTimeout(check, {every_ms});
               }};
               check();
             }})",
            condition.replace('\'', "\\'")
        );
        self.eval(tab, &expression)
    }

    /// The page's total scripting time so far, in milliseconds (DevTools' `ScriptDuration`).
    pub fn script_ms(&mut self, tab: &Tab) -> Result<f64> {
        let metrics = self.call(Some(&tab.session_id), "Performance.getMetrics", json!({}))?;
        metrics["metrics"]
            .as_array()
            .and_then(|all| all.iter().find(|m| m["name"] == "ScriptDuration"))
            .and_then(|m| m["value"].as_f64())
            .map(|seconds| seconds * 1000.0)
            .ok_or_else(|| anyhow!("no ScriptDuration metric"))
    }

    /// Closes a tab and its browser context.
    pub fn close(&mut self, tab: Tab) -> Result<()> {
        self.call(
            None,
            "Target.disposeBrowserContext",
            json!({ "browserContextId": tab.context_id }),
        )?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn string(value: &Value, key: &str) -> Result<String> {
    value[key]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("DevTools answer without {key}: {value}"))
}

/// What one load of a page showed.
#[derive(Clone, Copy, Debug, Default)]
pub struct Load {
    /// Navigation start to the headline in the DOM, ms.
    pub headline: f64,
    /// Navigation start to the first comment in the DOM, ms.
    pub comments: f64,
    /// First contentful paint, ms.
    pub fcp: f64,
    /// The footer's own render time (Byline only), ms.
    pub footer: Option<f64>,
}

/// Loads `url` in a fresh context and reads the timings, waiting for the footer when
/// `wait_for_footer` (the Byline page has one, the static floor does not).
pub fn load(
    browser: &mut Browser,
    url: &str,
    cpu_slowdown: f64,
    wait_for_footer: bool,
) -> Result<Load> {
    let tab = browser.open(cpu_slowdown)?;
    browser.goto(&tab, url)?;
    let ready = if wait_for_footer {
        "window.__bench && window.__bench.headline !== undefined && window.__bench.comments !== undefined && window.__bench.footer !== undefined"
    } else {
        "window.__bench && window.__bench.headline !== undefined && window.__bench.comments !== undefined"
    };
    browser.wait_for(&tab, ready)?;
    let seen = browser.wait_for(
        &tab,
        "(() => { const p = performance.getEntriesByName('first-contentful-paint')[0]; \
           return p && Object.assign({ fcp: p.startTime }, window.__bench); })()",
    )?;
    browser.close(tab)?;
    let number = |key: &str| {
        seen[key]
            .as_f64()
            .ok_or_else(|| anyhow!("no {key} in {seen}"))
    };
    Ok(Load {
        headline: number("headline")?,
        comments: number("comments")?,
        fcp: number("fcp")?,
        footer: seen["footer"].as_f64(),
    })
}

/// Scripting time of one interaction: opens `url`, waits for `ready`, runs `action`, waits for
/// `done`, and returns the scripting time spent between the action and `done`, in ms.
pub fn interaction(
    browser: &mut Browser,
    url: &str,
    ready: &str,
    action: &str,
    done: &str,
) -> Result<f64> {
    let tab = browser.open(1.0)?;
    browser.goto(&tab, url)?;
    browser.wait_for(&tab, ready)?;
    // Let the page settle: pending images, the sidebars' requests.
    browser.eval(&tab, "new Promise(r => setTimeout(r, 300))")?;
    let before = browser.script_ms(&tab)?;
    browser.eval(&tab, action)?;
    // Slow polling: the polls themselves are scripting and would count against the page.
    browser.poll(&tab, done, 100)?;
    let after = browser.script_ms(&tab)?;
    browser.close(tab)?;
    Ok(after - before)
}

/// How long one cold load of a page spent compiling its WebAssembly on the main thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct Compile {
    /// Before the headline reached the DOM, ms.
    pub before_headline: f64,
    /// Between the headline and the first comment, ms.
    pub before_comments: f64,
}

/// Loads `url` (a page with a headline and comments) in a fresh context while DevTools
/// traces V8's WebAssembly compiler, and sums the functions it compiled on the page's main
/// thread. V8 compiles a module's functions lazily, each on its first call, so this is the
/// price of the code a page runs for the first time; the trace slows the page, so these
/// loads are apart from the timed ones.
pub fn compile_time(browser: &mut Browser, url: &str, cpu_slowdown: f64) -> Result<Compile> {
    let tab = browser.open(cpu_slowdown)?;
    browser.trace = Some(Trace::default());
    let traced = trace_load(browser, &tab, url);
    let trace = browser.trace.take().unwrap_or_default().events;
    browser.close(tab)?;
    traced?;
    let mark = |name: &str| {
        trace
            .iter()
            .find(|e| e["name"] == name)
            .cloned()
            .ok_or_else(|| anyhow!("the trace of {url} has no {name} mark"))
    };
    let headline = mark("bench:headline")?;
    let comments = mark("bench:comments")?;
    let at = |e: &Value| e["ts"].as_f64().unwrap_or(f64::MAX);
    let main_thread = |e: &&Value| e["pid"] == headline["pid"] && e["tid"] == headline["tid"];
    let compiled = |from: f64, to: f64| {
        trace
            .iter()
            .filter(main_thread)
            .filter(|e| e["name"] == "wasm.CompileLazy" && at(e) >= from && at(e) < to)
            .filter_map(|e| e["dur"].as_f64())
            .sum::<f64>()
            / 1000.0
    };
    Ok(Compile {
        before_headline: compiled(0.0, at(&headline)),
        before_comments: compiled(at(&headline), at(&comments)),
    })
}

/// What a trace has sent so far.
#[derive(Default)]
struct Trace {
    events: Vec<Value>,
    /// DevTools said it sent the last of them.
    complete: bool,
}

fn trace_load(browser: &mut Browser, tab: &Tab, url: &str) -> Result<()> {
    browser.call(
        None,
        "Tracing.start",
        json!({
            "categories": "v8.wasm,disabled-by-default-v8.wasm.detailed,blink.user_timing",
            "transferMode": "ReportEvents",
        }),
    )?;
    browser.goto(tab, url)?;
    browser.wait_for(
        tab,
        "window.__bench && window.__bench.headline !== undefined && window.__bench.comments !== undefined",
    )?;
    browser.call(None, "Tracing.end", json!({}))?;
    while !browser.trace.as_ref().is_some_and(|trace| trace.complete) {
        browser.read().context("the trace did not finish")?;
    }
    Ok(())
}
