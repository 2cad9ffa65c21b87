//! `unspin quotes`: every quotation with its speaker, optionally looked up
//! in other documents or a corpus index.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use termcolor::BufferedStandardStream;
use unspin_align::{Comparer, QuotesReport};
use unspin_index::{SourceIndex, Tracer};
use unspin_text::{Document, read_input};

use crate::corpus::report_all;
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
    let others: Vec<(&str, &str)> = against
        .iter()
        .map(|o| (o.source.as_str(), o.text.as_str()))
        .collect();
    let mut out = BufferedStandardStream::stdout(color_choice(args.common.color));
    let mut any_altered = false;
    had_error |= report_all(
        &args.files,
        args.common.input_format,
        "reading quotes",
        |d| {
            let mut r = comparer.quotes_report(&d.source, &d.text, &others);
            if let Some(t) = &tracer {
                t.look_up_quotes(&mut r, &d.text, &index_name)
                    .map_err(|e| e.to_string())?;
            }
            Ok(r)
        },
        &mut out,
        |out, r: &QuotesReport| {
            any_altered |= r.has_altered();
            match args.format {
                QuotesFormat::Text => unspin_printer::quotes_text(out, r),
                QuotesFormat::Json => unspin_printer::quotes_json(out, r),
                QuotesFormat::Jsonl => unspin_printer::quotes_jsonl(out, r),
            }
        },
    )?;
    out.flush()?;
    Ok(if had_error {
        ExitCode::from(2)
    } else if any_altered {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
