//! "Be part of" under the largest upload it takes: a 200 MB video sent to a running endpoint,
//! timed for throughput, with the endpoint's resident memory sampled while it receives, to
//! show the file goes to disk as it arrives rather than into memory.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::report::{Budget, Figure};

/// The video's size: the endpoint's default limit for a video, 200 MB.
const VIDEO_BYTES: u64 = 200 * 1024 * 1024;

/// An MP4's first bytes, then zeros, `VIDEO_BYTES` in all, made as it is read.
struct Video {
    sent: u64,
}

impl Read for Video {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        const HEAD: &[u8] = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2";
        let left = VIDEO_BYTES - self.sent;
        let n = usize::try_from(left.min(buffer.len() as u64)).unwrap_or(0);
        for (i, byte) in buffer[..n].iter_mut().enumerate() {
            let at = self.sent as usize + i;
            *byte = HEAD.get(at).copied().unwrap_or(0);
        }
        self.sent += n as u64;
        Ok(n)
    }
}

/// The `VmRSS` of a process, in kB.
fn rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
}

/// Sends the video `runs` times; figures for throughput and the memory while receiving.
pub fn measure(base: &str, server_pid: u32, runs: usize) -> Result<Vec<Figure>> {
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_secs(600))
        .build();
    let mut throughput = Vec::new();
    let mut memory = Vec::new();
    for _ in 0..runs {
        let draft: serde_json::Value = agent
            .post(&format!("{base}/api/v1/contributions"))
            .set("Origin", base)
            .set("X-Byline-Request", "1")
            .send_json(serde_json::json!({
                "title": "Benchmark video",
                "story": "A long video, to measure uploads.",
                "name": "Bench",
                "email": "bench@example.org",
                "consent": true,
            }))
            .context("starting a contribution")?
            .into_json()?;
        let id = draft["id"].as_i64().context("no draft id")?;
        let token = draft["upload_token"].as_str().context("no upload token")?;

        let sampling = Arc::new(AtomicBool::new(true));
        let sampler = {
            let sampling = Arc::clone(&sampling);
            std::thread::spawn(move || {
                let mut peak = 0u64;
                while sampling.load(Ordering::Relaxed) {
                    peak = peak.max(rss_kb(server_pid).unwrap_or(0));
                    std::thread::sleep(Duration::from_millis(20));
                }
                peak
            })
        };
        let started = Instant::now();
        let answer = agent
            .put(&format!("{base}/api/v1/contributions/{id}/files/0"))
            .set("Origin", base)
            .set("X-Byline-Request", "1")
            .set("Byline-Upload-Token", token)
            .set("Byline-File-Name", "bench.mp4")
            .set("Content-Length", &VIDEO_BYTES.to_string())
            .send(Video { sent: 0 });
        let elapsed = started.elapsed();
        sampling.store(false, Ordering::Relaxed);
        let peak_kb = sampler.join().unwrap_or(0);
        match answer {
            Ok(response) if response.status() == 200 => {}
            Ok(response) => bail!("the upload was answered {}", response.status()),
            Err(error) => bail!("the upload failed: {error}"),
        }
        throughput.push(VIDEO_BYTES as f64 / (1024.0 * 1024.0) / elapsed.as_secs_f64());
        memory.push(peak_kb as f64 / 1024.0);
    }
    Ok(vec![
        Figure::new("endpoint", "upload of a 200 MB video", "MB/s", throughput),
        // Held well under the video's size: it goes to disk as it arrives.
        Figure::new(
            "endpoint",
            "RSS while receiving a 200 MB video",
            "MB",
            memory,
        )
        .within(Budget::AtMost(150.0)),
    ])
}
