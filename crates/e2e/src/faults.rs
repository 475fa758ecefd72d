//! A proxy between the browser and the endpoint that breaks the endpoint's answers on purpose,
//! so end-to-end tests can switch faults on and off while a page is open: an error status, no
//! answer at all, a late answer, malformed JSON, a body cut off mid-way, a 10 MB body, a
//! refused connection, an answer lost after the endpoint acted, an upload read slowly, an
//! upload cut off half-way to the endpoint. It counts the requests it sees, by method and
//! path.
//!
//! It speaks just enough HTTP/1.1 for a browser: one request a connection (it answers with
//! `Connection: close`), bodies by `Content-Length`. Everything it does not break it forwards
//! to the real endpoint unchanged, except that it asks for uncompressed answers.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use anyhow::{Context, Result, bail};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

use crate::Site;

/// What the proxy does to the requests a rule matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// Answers with this status and a problem body, without asking the endpoint.
    Status(u16),
    /// Never answers (until the browser gives up).
    Hang,
    /// Forwards the request after this pause: the endpoint's own answer, late.
    Slow(Duration),
    /// Answers 200 with JSON that stops half-way.
    Malformed,
    /// Forwards the request (the endpoint acts on it), then sends half of the answer's body
    /// under a `Content-Length` for all of it, and hangs up.
    Truncated,
    /// Answers 200 with a 10 MB JSON body.
    Huge,
    /// Closes the connection without a word, as a dead server or a lost network does.
    Refuse,
    /// Forwards the request (the endpoint acts on it), then closes the connection without a
    /// word: the answer is lost on the way back, whatever its body (a `204` has none to cut).
    Lost,
    /// Reads the request's body from the browser at this many bytes a second, then forwards
    /// it: an upload on a slow line, whose progress the page can watch.
    SlowUpload(u64),
    /// Sends the endpoint the request's head and half its body (under a `Content-Length` for
    /// all of it), then hangs up on both sides: a connection lost mid-upload.
    CutUpload,
}

/// Which requests a fault applies to: a method (any, when `None`) and an exact path (the part
/// before any `?`).
#[derive(Clone, Debug)]
struct Rule {
    method: Option<String>,
    path: String,
    fault: Fault,
}

/// The proxy: an address to open pages at, in front of a [`Site`].
pub struct FaultProxy {
    port: u16,
    rule: Arc<Mutex<Option<Rule>>>,
    seen: Arc<Mutex<Vec<(String, String)>>>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultProxy {
    /// Starts a proxy on a free loopback port in front of `site`, forwarding everything.
    pub async fn start(site: &Site) -> Result<Self> {
        // A small receive buffer, so that an upload read slowly is held back at the browser
        // (whose progress then shows it) rather than in the kernel.
        let socket = TcpSocket::new_v4()?;
        socket.set_recv_buffer_size(64 * 1024)?;
        socket.bind(std::net::SocketAddr::from(([127, 0, 0, 1], 0)))?;
        let listener = socket.listen(1024).context("the proxy cannot listen")?;
        let port = listener.local_addr()?.port();
        let upstream = site.url("");
        let rule = Arc::new(Mutex::new(None));
        let seen = Arc::new(Mutex::new(Vec::new()));
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        let task = {
            let (rule, seen) = (Arc::clone(&rule), Arc::clone(&seen));
            tokio::spawn(async move {
                while let Ok((socket, _)) = listener.accept().await {
                    let (rule, seen, upstream, client) = (
                        Arc::clone(&rule),
                        Arc::clone(&seen),
                        upstream.clone(),
                        client.clone(),
                    );
                    tokio::spawn(async move {
                        let _ = handle(socket, &upstream, &client, &rule, &seen).await;
                    });
                }
            })
        };
        Ok(Self {
            port,
            rule,
            seen,
            task,
        })
    }

    /// The proxy's address for a path, e.g. `http://127.0.0.1:41234/articles/x`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// From now on, `fault` for requests with `method` (any, when `None`) to exactly `path`.
    pub fn break_with(&self, method: Option<&str>, path: &str, fault: Fault) {
        let rule = Rule {
            method: method.map(str::to_owned),
            path: path.to_owned(),
            fault,
        };
        *self
            .rule
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(rule);
    }

    /// How many requests with `method` to exactly `path` the proxy has seen (broken or not).
    pub fn requests(&self, method: &str, path: &str) -> usize {
        self.seen
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .filter(|(m, p)| m.eq_ignore_ascii_case(method) && p == path)
            .count()
    }

    /// From now on, everything is forwarded again.
    pub fn heal(&self) {
        *self
            .rule
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) = None;
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// One request read from the browser.
struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Reads a request's head, and as much of its body as came with it (`length` says how much
/// there is in all).
async fn read_head(socket: &mut TcpStream) -> Result<Option<(Request, usize)>> {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 16 * 1024];
    let head_end = loop {
        let read = socket.read(&mut chunk).await?;
        if read == 0 {
            return Ok(None);
        }
        buffer.extend_from_slice(&chunk[..read]);
        if let Some(at) = buffer.windows(4).position(|window| window == b"\r\n\r\n") {
            break at + 4;
        }
        if buffer.len() > 1 << 20 {
            bail!("a request head over 1 MiB");
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap_or_default().split(' ');
    let method = request_line.next().unwrap_or_default().to_owned();
    let target = request_line.next().unwrap_or_default().to_owned();
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let length: usize = headers
        .iter()
        .find(|(name, _)| name == "content-length")
        .and_then(|(_, value)| value.parse().ok())
        .unwrap_or(0);
    let body = buffer[head_end..].to_vec();
    Ok(Some((
        Request {
            method,
            target,
            headers,
            body,
        },
        length,
    )))
}

/// Reads the rest of a request's body, up to `length` in all; at `rate` bytes a second when
/// given.
async fn read_body(
    socket: &mut TcpStream,
    request: &mut Request,
    length: usize,
    rate: Option<u64>,
) -> Result<()> {
    const PIECE: usize = 16 * 1024;
    let mut chunk = [0u8; PIECE];
    while request.body.len() < length {
        let wanted = (length - request.body.len()).min(PIECE);
        let read = socket.read(&mut chunk[..wanted]).await?;
        if read == 0 {
            break;
        }
        request.body.extend_from_slice(&chunk[..read]);
        if let Some(rate) = rate {
            let pause = Duration::from_secs_f64(read as f64 / rate.max(1) as f64);
            tokio::time::sleep(pause).await;
        }
    }
    Ok(())
}

/// An answer to write back.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

async fn handle(
    mut socket: TcpStream,
    upstream: &str,
    client: &reqwest::Client,
    rule: &Mutex<Option<Rule>>,
    seen: &Mutex<Vec<(String, String)>>,
) -> Result<()> {
    let Some((mut request, length)) = read_head(&mut socket).await? else {
        return Ok(());
    };
    let path = request
        .target
        .split('?')
        .next()
        .unwrap_or_default()
        .to_owned();
    seen.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .push((request.method.clone(), path.clone()));
    let fault = rule
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .as_ref()
        .filter(|rule| {
            rule.path == path
                && rule
                    .method
                    .as_ref()
                    .is_none_or(|method| method.eq_ignore_ascii_case(&request.method))
        })
        .map(|rule| rule.fault);
    let rate = match fault {
        Some(Fault::SlowUpload(rate)) => Some(rate),
        _ => None,
    };
    read_body(&mut socket, &mut request, length, rate).await?;
    let json = |body: Vec<u8>| Answer {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body,
    };
    let answer = match fault {
        None | Some(Fault::SlowUpload(_)) => forward(client, upstream, &request).await?,
        Some(Fault::CutUpload) => {
            cut_upload(upstream, &request).await?;
            return Ok(());
        }
        Some(Fault::Refuse) => return Ok(()),
        Some(Fault::Lost) => {
            forward(client, upstream, &request).await?;
            return Ok(());
        }
        Some(Fault::Hang) => {
            tokio::time::sleep(Duration::from_secs(60)).await;
            return Ok(());
        }
        Some(Fault::Slow(pause)) => {
            tokio::time::sleep(pause).await;
            forward(client, upstream, &request).await?
        }
        Some(Fault::Status(status)) => Answer {
            status,
            headers: vec![("content-type".into(), "application/problem+json".into())],
            body: format!(r#"{{"type":"about:blank","title":"Injected fault","status":{status}}}"#)
                .into_bytes(),
        },
        Some(Fault::Malformed) => json(br#"{"slug": "cut off in the mid"#.to_vec()),
        Some(Fault::Huge) => {
            let mut body = br#"{"padding": ""#.to_vec();
            body.resize(body.len() + 10 * 1024 * 1024, b'x');
            body.extend_from_slice(br#""}"#);
            json(body)
        }
        Some(Fault::Truncated) => {
            // Unconditional: a `304` to the browser's revalidation would have no body to cut.
            let mut request = request;
            request.headers.retain(|(name, _)| {
                !matches!(name.as_str(), "if-none-match" | "if-modified-since")
            });
            let answer = forward(client, upstream, &request).await?;
            let half = answer.body.len() / 2;
            write_head(&mut socket, &answer, answer.body.len()).await?;
            socket.write_all(&answer.body[..half]).await?;
            socket.flush().await?;
            return Ok(());
        }
    };
    write_head(&mut socket, &answer, answer.body.len()).await?;
    socket.write_all(&answer.body).await?;
    socket.flush().await?;
    Ok(())
}

/// Sends the endpoint the request's head with its whole length and half its body, lets the
/// endpoint start on it, and hangs up.
async fn cut_upload(upstream: &str, request: &Request) -> Result<()> {
    let address = upstream.trim_start_matches("http://").trim_end_matches('/');
    let mut endpoint = TcpStream::connect(address).await?;
    let mut head = format!("{} {} HTTP/1.1\r\n", request.method, request.target);
    for (name, value) in &request.headers {
        if !matches!(
            name.as_str(),
            "connection" | "content-length" | "keep-alive"
        ) {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
    }
    head.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        request.body.len()
    ));
    endpoint.write_all(head.as_bytes()).await?;
    endpoint
        .write_all(&request.body[..request.body.len() / 2])
        .await?;
    endpoint.flush().await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    Ok(())
}

/// Sends the request on to the endpoint, as the browser sent it but uncompressed.
async fn forward(client: &reqwest::Client, upstream: &str, request: &Request) -> Result<Answer> {
    let method = reqwest::Method::from_bytes(request.method.as_bytes())?;
    let mut builder = client.request(method, format!("{upstream}{}", request.target));
    for (name, value) in &request.headers {
        if !matches!(
            name.as_str(),
            "accept-encoding" | "connection" | "content-length" | "keep-alive" | "upgrade"
        ) {
            builder = builder.header(name, value);
        }
    }
    let response = builder.body(request.body.clone()).send().await?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter(|(name, _)| {
            !matches!(
                name.as_str(),
                "connection" | "content-length" | "transfer-encoding" | "keep-alive"
            )
        })
        .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_owned())))
        .collect();
    let body = response.bytes().await?.to_vec();
    Ok(Answer {
        status,
        headers,
        body,
    })
}

async fn write_head(socket: &mut TcpStream, answer: &Answer, length: usize) -> Result<()> {
    let mut head = format!("HTTP/1.1 {} Proxied\r\n", answer.status);
    for (name, value) in &answer.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {length}\r\nconnection: close\r\n\r\n"
    ));
    socket.write_all(head.as_bytes()).await?;
    Ok(())
}
