//! `xtask serve-load`: an open-loop load test of `unspin serve` on
//! loopback. Starts the server, offers `POST /v1/scan` requests of
//! ~600-word articles at fixed rates for a bounded time, and checks every
//! answer: a 200 must be byte for byte the report the detector gives in process,
//! a 503 must be the JSON "overloaded" answer; anything else is an error.
//! Latency counts from the moment a request was due, so a slow server
//! cannot hide queueing (no coordinated omission). The server's resident
//! memory is sampled throughout.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use serde_json::{Value, json};
use unspin_detect::Detector;
use unspin_lexicon::Lexicon;

/// Load-test settings.
pub struct LoadOptions {
    pub unspin: PathBuf,
    pub rates: Vec<u32>,
    pub seconds: f64,
    pub articles: usize,
    pub server_args: Vec<String>,
}

/// Articles of 560 to 640 words from BBC news, spun at 25 % (so answers
/// carry findings), with the report each must get.
fn articles(data: &Path, n: usize, lex: &Lexicon) -> Result<Vec<(Bytes, Bytes)>> {
    use rand::SeedableRng;
    let th = crate::base_thesauri(data)?;
    let mut files = Vec::new();
    for topic in ["business", "politics", "tech", "entertainment", "sport"] {
        let dir = data.join("news/bbc").join(topic);
        let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("{}: cannot read the BBC corpus", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        files.extend(entries);
    }
    let detector = Detector::new(lex);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(7);
    let mut out = Vec::new();
    for f in files {
        // A few corpus files are not UTF-8; they are left out.
        let Ok(text) = String::from_utf8(std::fs::read(&f)?) else {
            continue;
        };
        let words = text.split_whitespace().count();
        if !(560..=640).contains(&words) {
            continue;
        }
        let opts = crate::spin::SpinOptions {
            thesaurus: crate::spin::Thesaurus::ALL[out.len() % crate::spin::Thesaurus::ALL.len()],
            choice: crate::spin::Choice::Uniform,
            rate: 0.25,
            capitals: true,
            phrases: true,
        };
        let (spun, _) = crate::spin::spin(&th, opts, &text, &mut rng);
        // The server encodes the same report type with the same encoder:
        // its answer must be these very bytes.
        let want = Bytes::from(serde_json::to_vec(&detector.scan("-", &spun, false))?);
        let body = json!({"text": spun}).to_string();
        out.push((Bytes::from(body), want));
        if out.len() == n {
            break;
        }
    }
    if out.is_empty() {
        bail!(
            "no BBC article of 560 to 640 words found under {}",
            data.display()
        );
    }
    Ok(out)
}

struct Outcome {
    status: u16,
    latency: Duration,
    correct: bool,
}

fn rss_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn percentile(sorted: &[Duration], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i].as_secs_f64() * 1000.0
}

pub fn run(data: &Path, lex: &Lexicon, opts: &LoadOptions) -> Result<()> {
    let docs = Arc::new(articles(data, opts.articles, lex)?);
    let words: usize = docs
        .iter()
        .map(|(_, want)| {
            serde_json::from_slice::<Value>(want).map_or(0, |v| v["words"].as_u64().unwrap_or(0))
                as usize
        })
        .sum::<usize>()
        / docs.len();
    let mut child = Command::new(&opts.unspin)
        .args(["serve", "--addr", "127.0.0.1:0"])
        .args(&opts.server_args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| {
            format!(
                "{}: cannot start; build it with `cargo build --release`",
                opts.unspin.display()
            )
        })?;
    let pid = child.id();
    let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
    let base = loop {
        let Some(line) = lines.next() else {
            bail!("unspin serve stopped before listening");
        };
        let line = line?;
        if let Some(rest) = line.strip_prefix("unspin: listening on ") {
            break rest
                .split_whitespace()
                .next()
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string();
        }
    };
    std::thread::spawn(move || for _ in lines {});
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    println!(
        "server {base} · {} articles of ~{words} words (spun at 25%) · {} s per rate",
        docs.len(),
        opts.seconds
    );
    println!(
        "| offered req/s | sent | 200 ok (correct) | 503 shed | other | answered req/s | p50 ms | p99 ms | max ms | server RSS peak MB |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|");
    let result = rt.block_on(async {
        let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new())
            .pool_max_idle_per_host(4096)
            .build_http();
        let url: hyper::Uri = format!("{base}/v1/scan").parse()?;
        // Warm up: the first answers fill the detector's look-up memos.
        for (body, _) in docs.iter() {
            let req = hyper::Request::post(url.clone())
                .header("content-type", "application/json")
                .body(Full::new(body.clone()))?;
            client.request(req).await?.into_body().collect().await?;
        }
        for &rate in &opts.rates {
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Outcome>();
            let total = (rate as f64 * opts.seconds).round() as u64;
            let start = Instant::now();
            let interval = Duration::from_secs_f64(1.0 / rate as f64);
            let mut peak_rss = 0u64;
            let mut last_sample = Instant::now();
            for i in 0..total {
                let due = start + interval.mul_f64(i as f64);
                tokio::time::sleep_until(due.into()).await;
                if last_sample.elapsed() > Duration::from_millis(100) {
                    peak_rss = peak_rss.max(rss_kb(pid, "VmRSS:").unwrap_or(0));
                    last_sample = Instant::now();
                }
                let (body, want) = &docs[i as usize % docs.len()];
                let req = hyper::Request::post(url.clone())
                    .header("content-type", "application/json")
                    .body(Full::new(body.clone()))?;
                let want = want.clone();
                let client = client.clone();
                let tx = tx.clone();
                tokio::spawn(async move {
                    let outcome = match client.request(req).await {
                        Ok(res) => {
                            let status = res.status().as_u16();
                            let bytes = res.into_body().collect().await.map(|b| b.to_bytes());
                            let latency = due.elapsed();
                            let body = bytes.unwrap_or_default();
                            let correct = match status {
                                200 => body == want,
                                503 => serde_json::from_slice::<Value>(&body)
                                    .is_ok_and(|v| v["error"]["code"] == "overloaded"),
                                _ => false,
                            };
                            Outcome { status, latency, correct }
                        }
                        Err(_) => Outcome {
                            status: 0,
                            latency: due.elapsed(),
                            correct: false,
                        },
                    };
                    let _ = tx.send(outcome);
                });
            }
            drop(tx);
            let mut outcomes = Vec::with_capacity(total as usize);
            while let Some(o) = rx.recv().await {
                outcomes.push(o);
                if last_sample.elapsed() > Duration::from_millis(100) {
                    peak_rss = peak_rss.max(rss_kb(pid, "VmRSS:").unwrap_or(0));
                    last_sample = Instant::now();
                }
            }
            let elapsed = start.elapsed().as_secs_f64();
            peak_rss = peak_rss.max(rss_kb(pid, "VmRSS:").unwrap_or(0));
            let ok: Vec<&Outcome> = outcomes.iter().filter(|o| o.status == 200).collect();
            let ok_correct = ok.iter().filter(|o| o.correct).count();
            let shed = outcomes.iter().filter(|o| o.status == 503 && o.correct).count();
            let other = outcomes.len() - ok.len() - shed;
            let mut lat: Vec<Duration> = ok.iter().map(|o| o.latency).collect();
            lat.sort();
            println!(
                "| {rate} | {} | {} ({ok_correct}) | {shed} | {other} | {:.0} | {:.1} | {:.1} | {:.1} | {:.0} |",
                outcomes.len(),
                ok.len(),
                ok.len() as f64 / elapsed,
                percentile(&lat, 0.50),
                percentile(&lat, 0.99),
                lat.last().map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0),
                peak_rss as f64 / 1024.0,
            );
            if ok_correct != ok.len() || other > 0 {
                eprintln!("error: {} wrong answers and {other} unexpected statuses at {rate} req/s", ok.len() - ok_correct);
            }
        }
        anyhow::Ok(())
    });
    let hwm = rss_kb(pid, "VmHWM:").unwrap_or(0);
    let _ = child.kill();
    let _ = child.wait();
    result?;
    println!(
        "server peak resident memory over the whole run (VmHWM): {:.0} MB",
        hwm as f64 / 1024.0
    );
    Ok(())
}
