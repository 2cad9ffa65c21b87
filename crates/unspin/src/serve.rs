//! `unspin serve`: the JSON API and the web page (crate `unspin-server`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use unspin_index::SourceIndex;
use unspin_server::{Config, Resources};

use crate::{load_lexicon, load_phrases};

/// The environment variable that can hold the token instead of a file.
const TOKEN_VAR: &str = "UNSPIN_TOKEN";

#[derive(clap::Args)]
pub(crate) struct ServeArgs {
    /// Where to listen. The default answers this machine only; to serve a
    /// network, give its address (and put TLS in front).
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// A corpus index (from `unspin index`): enables /v1/trace, quotation
    /// look-ups in the index and, with a token, /v1/documents.
    #[arg(long, value_name = "DIR")]
    index: Option<PathBuf>,
    /// A file holding the bearer token that allows changes to the index
    /// (or set UNSPIN_TOKEN). Without one the index is read-only.
    #[arg(long, value_name = "FILE")]
    token_file: Option<PathBuf>,
    /// The largest request body taken, in MB (larger ones are answered
    /// 413).
    #[arg(long, value_name = "MB", default_value_t = 5.0)]
    max_request_mb: f64,
    /// Time limit of one request in seconds (answered 408 past it).
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    timeout: f64,
    /// Analysis threads (default: one per CPU).
    #[arg(long, value_name = "N")]
    workers: Option<usize>,
    /// Requests admitted at once, running or queued (default: 64 per
    /// analysis thread); past it the answer is 503 at once.
    #[arg(long, value_name = "N")]
    max_pending: Option<usize>,
    /// Allow browser pages from this origin to call the API (CORS;
    /// repeatable). Off by default.
    #[arg(long, value_name = "ORIGIN")]
    cors_origin: Vec<String>,
    /// A known tortured-phrase list for /v1/scan: the Problematic Paper
    /// Screener CSV export or a `tortured<TAB>original` TSV.
    #[arg(long, value_name = "FILE")]
    phrases: Option<PathBuf>,
    /// A lexicon pack from `unspin learn`, added to the built-in lexicon
    /// (repeatable).
    #[arg(long, value_name = "PACK")]
    lexicon: Vec<PathBuf>,
}

fn seconds(what: &str, s: f64) -> anyhow::Result<Duration> {
    if !(s.is_finite() && s > 0.0) {
        anyhow::bail!("{what} must be a positive number of seconds (got {s})");
    }
    Ok(Duration::from_secs_f64(s))
}

fn token(args: &ServeArgs) -> anyhow::Result<Option<String>> {
    let token = match &args.token_file {
        Some(path) => {
            let t = std::fs::read_to_string(path).with_context(|| {
                format!(
                    "{}: cannot read the token file; check the path",
                    path.display()
                )
            })?;
            Some((t.trim().to_string(), format!("{}", path.display())))
        }
        None => std::env::var(TOKEN_VAR)
            .ok()
            .map(|t| (t.trim().to_string(), TOKEN_VAR.to_string())),
    };
    match token {
        Some((t, from)) if t.len() < 16 => anyhow::bail!(
            "the token in {from} is too short ({} characters); use at least 16, e.g. from `openssl rand -hex 32`",
            t.len()
        ),
        Some((t, _)) => Ok(Some(t)),
        None => Ok(None),
    }
}

pub(crate) fn serve(args: ServeArgs) -> anyhow::Result<ExitCode> {
    if !(args.max_request_mb.is_finite() && args.max_request_mb > 0.0) {
        anyhow::bail!(
            "--max-request-mb must be a positive number (got {})",
            args.max_request_mb
        );
    }
    let mut config = Config {
        addr: args.addr,
        token: token(&args)?,
        max_body: (args.max_request_mb * 1_000_000.0) as usize,
        timeout: seconds("--timeout", args.timeout)?,
        cors_origins: args.cors_origin.clone(),
        ..Config::default()
    };
    if let Some(w) = args.workers {
        if w == 0 {
            anyhow::bail!("--workers must be at least 1");
        }
        config.workers = w;
        config.max_pending = 64 * w;
    }
    if let Some(p) = args.max_pending {
        if p == 0 {
            anyhow::bail!("--max-pending must be at least 1");
        }
        config.max_pending = p;
    }
    let lexicon = load_lexicon(&args.lexicon)?;
    let phrases = load_phrases(args.phrases.as_deref())?;
    let index = match &args.index {
        Some(dir) => Some(SourceIndex::open(dir)?),
        None => None,
    };
    if config.token.is_some() && index.is_none() {
        eprintln!(
            "unspin: warning: a token was given but no --index; there is nothing it can change"
        );
    }
    let documents = index.as_ref().map(|i| i.len());
    let writable = config.token.is_some();
    let public = !config.addr.ip().is_loopback();
    unspin_server::run(
        config,
        Resources {
            lexicon,
            phrases,
            index,
        },
        |addr| {
            eprintln!("unspin: listening on http://{addr}/ (Ctrl-C to stop)");
            match documents {
                Some(n) => eprintln!(
                    "unspin: index of {n} documents, {}",
                    if writable {
                        "changes allowed with the token"
                    } else {
                        "read-only (no token)"
                    }
                ),
                None => eprintln!("unspin: no index: /v1/trace is off (start with --index DIR)"),
            }
            if public {
                eprintln!(
                    "unspin: warning: listening beyond this machine; anyone who can reach {addr} can send text to scan"
                );
            }
        },
    )?;
    eprintln!("unspin: stopped");
    Ok(ExitCode::SUCCESS)
}
