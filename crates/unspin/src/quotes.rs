//! `unspin quotes`: every quotation with its speaker, optionally looked up
//! in other documents or a corpus index.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use indicatif::ProgressBar;
use rayon::prelude::*;
use termcolor::BufferedStandardStream;
use unspin_align::{Comparer, QuotesReport};
use unspin_index::{SourceIndex, Tracer};
use unspin_text::{Document, read_input};

use crate::corpus::progress;
use crate::{CommonArgs, color_choice, load_lexicon};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum QuotesFormat {
    /// For people: each quotation with its speaker, and how it reads
    /// elsewhere.
    Text,
    /// One pretty JSON object per document (schema unspin.quotes/1).
    Json,
    /// One JSON object per line, in input order.
    Jsonl,
}

#[derive(clap::Args)]
pub(crate) struct QuotesArgs {
    /// Documents to read: plain text, HTML or JSON Lines (`text`, optional
    /// `id`); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Look every quotation up in these documents and say whether it
    /// reads the same there (JSON Lines give one document per line). Put
    /// them after the documents read, or end the list with `--`.
    #[arg(long, value_name = "FILE", num_args = 1..)]
    against: Vec<String>,
    /// Look every quotation up in a corpus index (from `unspin index`).
    #[arg(long, value_name = "DIR", conflicts_with = "against")]
    index: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = QuotesFormat::Text)]
    format: QuotesFormat,
    #[command(flatten)]
    common: CommonArgs,
}

/// Indexed documents looked at per document (whole-text candidates).
const INDEX_CANDIDATES: usize = 10;
/// Indexed documents looked at per quotation.
const INDEX_PER_QUOTE: usize = 3;

pub(crate) fn quotes(args: QuotesArgs) -> anyhow::Result<ExitCode> {
    let lex = load_lexicon(&args.common.lexicon)?;
    let comparer = Comparer::new(&lex);
    let mut had_error = false;
    let mut against: Vec<Document> = Vec::new();
    for path in &args.against {
        for d in read_input(path, args.common.input_format) {
            match d {
                Ok(d) => against.push(d),
                Err(e) => {
                    eprintln!("unspin: {e}");
                    had_error = true;
                }
            }
        }
    }
    if !args.against.is_empty() && against.is_empty() {
        anyhow::bail!("none of the --against documents could be read; check the paths");
    }
    let index = match &args.index {
        Some(dir) => Some(SourceIndex::open(dir)?),
        None => None,
    };
    let tracer = index.as_ref().map(|i| Tracer::new(&lex, i));
    let index_name = args
        .index
        .as_ref()
        .map(|d| d.display().to_string())
        .unwrap_or_default();
    let report = |d: &Document| -> Result<QuotesReport, String> {
        let mut r = QuotesReport::new(&d.source, &d.text);
        for o in &against {
            let pairs = comparer.quote_pairs(&d.text, &o.text);
            r.record(&o.source, &o.text, &pairs, true);
        }
        if let Some(t) = &tracer {
            let quotes: Vec<&str> = r.quotes.iter().map(|q| q.text.as_str()).collect();
            let docs = t
                .quote_sources(&d.text, &quotes, INDEX_CANDIDATES, INDEX_PER_QUOTE)
                .map_err(|e| e.to_string())?;
            for o in docs {
                let pairs = comparer.quote_pairs(&d.text, &o.text);
                r.record(&o.id, &o.text, &pairs, false);
            }
            r.mark_not_found(&index_name);
        }
        Ok(r)
    };
    let mut out = BufferedStandardStream::stdout(color_choice(args.common.color));
    let mut any_altered = false;
    for path in &args.files {
        let docs = read_input(path, args.common.input_format);
        let bar = if docs.len() > 1 {
            progress("reading quotes", Some(docs.len() as u64))
        } else {
            ProgressBar::hidden()
        };
        for chunk in docs.chunks(64) {
            let reports: Vec<Result<QuotesReport, String>> = chunk
                .par_iter()
                .map(|d| match d {
                    Ok(d) => report(d),
                    Err(e) => Err(e.to_string()),
                })
                .collect();
            bar.inc(chunk.len() as u64);
            for r in reports {
                match r {
                    Ok(r) => {
                        any_altered |= r.has_altered();
                        bar.suspend(|| -> io::Result<()> {
                            match args.format {
                                QuotesFormat::Text => unspin_printer::quotes_text(&mut out, &r),
                                QuotesFormat::Json => unspin_printer::quotes_json(&mut out, &r),
                                QuotesFormat::Jsonl => unspin_printer::quotes_jsonl(&mut out, &r),
                            }
                        })?;
                    }
                    Err(e) => {
                        out.flush()?;
                        bar.suspend(|| eprintln!("unspin: {e}"));
                        had_error = true;
                    }
                }
            }
        }
        bar.finish_and_clear();
    }
    out.flush()?;
    Ok(if had_error {
        ExitCode::from(2)
    } else if any_altered {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
