//! The corpus commands: `unspin index`, `unspin trace` and `unspin dedup`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use termcolor::BufferedStandardStream;
use unspin_index::{
    DedupDoc, DedupOptions, DedupRow, Deduper, NewDoc, SourceIndex, TraceOptions, Tracer,
    fingerprints,
};
use unspin_text::{Document, InputFormat, Record, expand_paths, read_input, read_records};

use crate::{CommonArgs, color_choice, load_lexicon};

/// Documents fingerprinted together (in parallel) before they are stored.
const BATCH: usize = 512;
/// Duplicate-id and input errors printed in full; the rest are counted.
const SHOWN_ERRORS: usize = 20;

#[derive(clap::Args)]
pub struct IndexArgs {
    #[command(subcommand)]
    action: IndexAction,
}

#[derive(clap::Subcommand)]
enum IndexAction {
    /// Create an empty index in a new or empty directory.
    Create {
        /// The index directory.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
    },
    /// Add source documents: files, directories (recursively), JSON Lines
    /// (`id`, `text`, optional `title`, `url`, `date`; other fields kept as
    /// metadata), HTML and WARC files (gzipped too).
    ///
    /// The whole add is one commit: if it is interrupted (Ctrl-C, a crash),
    /// the index keeps its last committed state. Readers keep working
    /// meanwhile.
    Add(AddArgs),
    /// Remove documents by id.
    Remove {
        /// The index directory.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// Ids of the documents to remove.
        #[arg(required = true, value_name = "ID")]
        ids: Vec<String>,
    },
    /// Show the figures of an index: documents, text size, size on disk.
    Stats {
        /// The index directory.
        #[arg(long, value_name = "DIR")]
        index: PathBuf,
        /// Output format.
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
        /// Also check every index file against its checksum (reads the
        /// whole index).
        #[arg(long)]
        check: bool,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum StatsFormat {
    /// For people.
    Text,
    /// A JSON object.
    Json,
}

#[derive(clap::Args)]
struct AddArgs {
    /// The index directory.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Files or directories to add; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Replace documents whose id is already in the index (otherwise they
    /// are reported and skipped).
    #[arg(long)]
    replace: bool,
    /// Commit after every N documents as well as at the end, so a very
    /// long add keeps its progress if it is interrupted (0: only at the
    /// end).
    #[arg(long, value_name = "N", default_value_t = 0)]
    commit_every: usize,
    /// Indexing memory budget in MB.
    #[arg(long, value_name = "MB", default_value_t = 256)]
    memory: usize,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum TraceFormat {
    /// For people: each source with its reused passages.
    Text,
    /// One pretty JSON object per query (schema unspin.trace/1).
    Json,
    /// One JSON object per line, in input order.
    Jsonl,
}

#[derive(clap::Args)]
pub struct TraceArgs {
    /// The index directory.
    #[arg(long, value_name = "DIR")]
    index: PathBuf,
    /// Documents to trace: plain text, HTML, or JSON Lines (one query per
    /// line); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Report at most N sources per document.
    #[arg(long, value_name = "N", default_value_t = 5)]
    top: usize,
    /// Keep a source only if the reused passages cover at least this share
    /// (0 to 1) of the document or of the source.
    #[arg(long, value_name = "X", default_value_t = 0.0)]
    min_coverage: f64,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Text)]
    format: TraceFormat,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum DedupFormat {
    /// JSON Lines: one object per document.
    Jsonl,
    /// Apache Parquet: columns id, family, role, verdict, similarity.
    Parquet,
}

#[derive(clap::Args)]
pub struct DedupArgs {
    /// Files or directories: plain text, HTML, JSON Lines (`id`, `text`,
    /// optional `date`) or WARC; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Where to write the families (`-` for standard output, JSON Lines
    /// only).
    #[arg(short, long, value_name = "OUT")]
    output: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
    format: DedupFormat,
    /// Directory for the temporary text spill file (default: the system's
    /// temporary directory).
    #[arg(long, value_name = "DIR")]
    tmp_dir: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

/// A progress line on standard error with documents per second; hidden
/// when standard error is not a terminal.
pub(crate) fn progress(what: &str, total: Option<u64>) -> ProgressBar {
    let bar = match total {
        Some(n) => ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
        None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
    };
    let template = if total.is_some() {
        format!(
            "{{spinner}} {what} {{bar:30}} {{human_pos}}/{{human_len}} ({{per_sec}}, {{eta}} left)"
        )
    } else {
        format!("{{spinner}} {what} {{human_pos}} documents ({{per_sec}}, {{elapsed}})")
    };
    bar.set_style(ProgressStyle::with_template(&template).expect("template"));
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Reads the documents of every file in `files`, makes the report of each
/// with `make` (in parallel, a chunk at a time) and prints them in input
/// order with `print`; a progress bar shows while a file holds several
/// documents. Unreadable inputs and failed reports are printed on standard
/// error and skipped; the result says whether there were any.
pub(crate) fn report_all<R: Send>(
    files: &[String],
    format: InputFormat,
    what: &str,
    make: impl Fn(&Document) -> Result<R, String> + Sync,
    out: &mut BufferedStandardStream,
    mut print: impl FnMut(&mut BufferedStandardStream, &R) -> io::Result<()>,
) -> io::Result<bool> {
    let mut had_error = false;
    for path in files {
        let docs = read_input(path, format);
        let bar = if docs.len() > 1 {
            progress(what, Some(docs.len() as u64))
        } else {
            ProgressBar::hidden()
        };
        for chunk in docs.chunks(64) {
            let reports: Vec<Result<R, String>> = chunk
                .par_iter()
                .map(|d| match d {
                    Ok(d) => make(d),
                    Err(e) => Err(e.to_string()),
                })
                .collect();
            bar.inc(chunk.len() as u64);
            for r in reports {
                match r {
                    Ok(report) => bar.suspend(|| print(out, &report))?,
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
    Ok(had_error)
}

/// Prints an error, or counts it once [`SHOWN_ERRORS`] have been printed.
struct Errors {
    shown: usize,
    hidden: usize,
}

impl Errors {
    fn new() -> Self {
        Errors {
            shown: 0,
            hidden: 0,
        }
    }

    fn report(&mut self, bar: &ProgressBar, msg: impl std::fmt::Display) {
        if self.shown < SHOWN_ERRORS {
            bar.suspend(|| eprintln!("unspin: {msg}"));
            self.shown += 1;
        } else {
            self.hidden += 1;
        }
    }

    fn any(&self) -> bool {
        self.shown + self.hidden > 0
    }

    fn finish(&self) {
        if self.hidden > 0 {
            eprintln!("unspin: … and {} more errors", self.hidden);
        }
    }
}

/// The records of every input, in order; unreadable files, lines and
/// records are reported and skipped.
struct RecordStream<'a> {
    files: std::vec::IntoIter<PathBuf>,
    current: Option<unspin_text::Records>,
    format: InputFormat,
    errors: &'a mut Errors,
    bar: &'a ProgressBar,
}

impl<'a> RecordStream<'a> {
    fn new(
        inputs: &[PathBuf],
        format: InputFormat,
        errors: &'a mut Errors,
        bar: &'a ProgressBar,
    ) -> Self {
        let mut files = Vec::new();
        for f in expand_paths(inputs) {
            match f {
                Ok(f) => files.push(f),
                Err(e) => errors.report(bar, e),
            }
        }
        RecordStream {
            files: files.into_iter(),
            current: None,
            format,
            errors,
            bar,
        }
    }
}

impl Iterator for RecordStream<'_> {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(cur) = &mut self.current {
                match cur.next() {
                    Some(Ok(r)) => return Some(r),
                    Some(Err(e)) => {
                        self.errors.report(self.bar, e);
                        continue;
                    }
                    None => self.current = None,
                }
            }
            let f = self.files.next()?;
            self.current = Some(read_records(&f, self.format));
        }
    }
}

pub fn index(args: IndexArgs) -> anyhow::Result<ExitCode> {
    match args.action {
        IndexAction::Create { index } => {
            SourceIndex::create(&index)?;
            eprintln!(
                "unspin: created an empty index in {}; add documents with `unspin index add --index {} FILES…`",
                index.display(),
                index.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        IndexAction::Add(args) => add(args),
        IndexAction::Remove { index, ids } => {
            let idx = SourceIndex::open(&index)?;
            let mut writer = idx.writer(50_000_000)?;
            let mut missing = 0;
            for id in &ids {
                if !writer.remove(id)? {
                    eprintln!("unspin: no document with id {id:?} in {}", index.display());
                    missing += 1;
                }
            }
            let summary = writer.commit()?;
            writer.finish()?;
            eprintln!(
                "unspin: removed {} document{} ({} left)",
                summary.removed,
                if summary.removed == 1 { "" } else { "s" },
                idx.len()
            );
            Ok(if missing > 0 {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            })
        }
        IndexAction::Stats {
            index,
            format,
            check,
        } => {
            let idx = SourceIndex::open(&index)?;
            if check {
                idx.verify()?;
            }
            let stats = idx.stats()?;
            let mut out = io::stdout().lock();
            match format {
                StatsFormat::Text => unspin_printer::stats_text(&mut out, &stats)?,
                StatsFormat::Json => unspin_printer::stats_json(&mut out, &stats)?,
            }
            if check {
                writeln!(out, "check        every file matches its checksum")?;
            }
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn add(args: AddArgs) -> anyhow::Result<ExitCode> {
    let lex = load_lexicon(&args.common.lexicon)?;
    let idx = SourceIndex::open(&args.index)?;
    let mut writer = idx.writer(args.memory.saturating_mul(1_000_000))?;
    let bar = progress("indexing", None);
    let mut errors = Errors::new();
    let mut dup_errors = Errors::new();
    let mut since_commit = 0usize;
    let mut added = 0u64;
    {
        let mut stream =
            RecordStream::new(&args.inputs, args.common.input_format, &mut errors, &bar);
        loop {
            let batch: Vec<Record> = stream.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            let prints: Vec<Vec<u64>> = batch
                .par_iter()
                .map(|r| fingerprints(&lex, &r.text))
                .collect();
            for (r, fps) in batch.iter().zip(&prints) {
                let doc = NewDoc {
                    id: &r.id,
                    text: &r.text,
                    title: r.title.as_deref(),
                    url: r.url.as_deref(),
                    date: r.date.as_deref(),
                    meta: Some(&r.meta),
                };
                match writer.add(doc, fps, args.replace) {
                    Ok(()) => added += 1,
                    Err(e @ unspin_index::IndexError::DuplicateId(_)) => {
                        dup_errors.report(&bar, e);
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            bar.inc(batch.len() as u64);
            since_commit += batch.len();
            if args.commit_every > 0 && since_commit >= args.commit_every {
                bar.suspend(|| writer.commit())?;
                since_commit = 0;
            }
        }
    }
    writer.commit()?;
    writer.finish()?;
    bar.finish_and_clear();
    errors.finish();
    dup_errors.finish();
    let secs = bar.elapsed().as_secs_f64().max(1e-9);
    eprintln!(
        "unspin: added {added} document{} in {secs:.1} s ({:.0}/s); the index holds {}",
        if added == 1 { "" } else { "s" },
        added as f64 / secs,
        idx.len()
    );
    Ok(if errors.any() || dup_errors.any() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn trace(args: TraceArgs) -> anyhow::Result<ExitCode> {
    if !(0.0..=1.0).contains(&args.min_coverage) {
        anyhow::bail!(
            "--min-coverage must be between 0 and 1 (got {})",
            args.min_coverage
        );
    }
    let lex = load_lexicon(&args.common.lexicon)?;
    let idx = SourceIndex::open(&args.index)?;
    let tracer = Tracer::new(&lex, &idx);
    let opts = TraceOptions {
        top: args.top,
        min_coverage: args.min_coverage,
        ..TraceOptions::default()
    };
    let mut out = BufferedStandardStream::stdout(color_choice(args.common.color));
    let mut any_copy = false;
    let had_error = report_all(
        &args.files,
        args.common.input_format,
        "tracing",
        |d| {
            tracer
                .trace(&d.source, &d.text, &opts)
                .map_err(|e| e.to_string())
        },
        &mut out,
        |out, report| {
            any_copy |= report.has_copy();
            match args.format {
                TraceFormat::Text => unspin_printer::trace_text(out, report),
                TraceFormat::Json => unspin_printer::trace_json(out, report),
                TraceFormat::Jsonl => unspin_printer::trace_jsonl(out, report),
            }
        },
    )?;
    out.flush()?;
    Ok(if had_error {
        ExitCode::from(2)
    } else if any_copy {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub fn dedup(args: DedupArgs) -> anyhow::Result<ExitCode> {
    let to_stdout = args.output.as_os_str() == "-";
    if to_stdout && args.format == DedupFormat::Parquet {
        anyhow::bail!("Parquet output needs a file; give -o FILE.parquet");
    }
    let lex = load_lexicon(&args.common.lexicon)?;
    let tmp = args.tmp_dir.clone().unwrap_or_else(std::env::temp_dir);
    let mut deduper = Deduper::new(&lex, DedupOptions::default(), &tmp).with_context(|| {
        format!(
            "{}: cannot create the spill file; give a writable --tmp-dir",
            tmp.display()
        )
    })?;
    let bar = progress("reading", None);
    let mut errors = Errors::new();
    let mut dup_ids = Errors::new();
    let mut seen = std::collections::HashSet::new();
    {
        let mut stream =
            RecordStream::new(&args.inputs, args.common.input_format, &mut errors, &bar);
        loop {
            let raw: Vec<Record> = stream.by_ref().take(BATCH).collect();
            if raw.is_empty() {
                break;
            }
            bar.inc(raw.len() as u64);
            let mut batch = Vec::with_capacity(raw.len());
            for r in raw {
                if seen.insert(r.id.clone()) {
                    batch.push(DedupDoc {
                        id: r.id,
                        text: r.text,
                        date: r.date,
                    });
                } else {
                    dup_ids.report(
                        &bar,
                        format!(
                            "document id {:?} appears again; the later one is left out",
                            r.id
                        ),
                    );
                }
            }
            deduper
                .push(batch)
                .with_context(|| format!("{}: writing the spill file", tmp.display()))?;
        }
    }
    bar.finish_and_clear();
    let n = deduper.len() as u64;
    let bar = progress("comparing", Some(n));
    let rows = deduper.finish(&|done, _| bar.set_position(done as u64))?;
    bar.finish_and_clear();
    write_rows(&args.output, args.format, &rows)?;
    errors.finish();
    dup_ids.finish();
    let families = rows
        .iter()
        .filter(|r| r.role == unspin_index::Role::Copy)
        .map(|r| r.family.as_str())
        .collect::<std::collections::HashSet<_>>()
        .len();
    let copies = rows
        .iter()
        .filter(|r| r.role == unspin_index::Role::Copy)
        .count();
    eprintln!(
        "unspin: {} documents: {copies} copies in {families} families{}",
        rows.len(),
        if to_stdout {
            String::new()
        } else {
            format!("; written to {}", args.output.display())
        }
    );
    Ok(if errors.any() || dup_ids.any() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn write_rows(path: &Path, format: DedupFormat, rows: &[DedupRow]) -> anyhow::Result<()> {
    match format {
        DedupFormat::Jsonl => {
            let sink: Box<dyn Write> = if path.as_os_str() == "-" {
                Box::new(io::stdout().lock())
            } else {
                Box::new(std::fs::File::create(path).with_context(|| {
                    format!("{}: cannot create the output file", path.display())
                })?)
            };
            let mut w = io::BufWriter::new(sink);
            for r in rows {
                serde_json::to_writer(&mut w, r)?;
                writeln!(w)?;
            }
            w.flush()?;
        }
        DedupFormat::Parquet => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("{}: cannot create the output file", path.display()))?;
            unspin_printer::dedup_parquet(file, rows)
                .with_context(|| format!("{}: writing Parquet", path.display()))?;
        }
    }
    Ok(())
}
