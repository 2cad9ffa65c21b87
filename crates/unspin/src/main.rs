//! `unspin`: find machine-spun and copied text, trace it to its source and
//! show exactly what was changed. This binary only wires the library crates
//! together: decoding (`unspin-text`), the lexicon (`unspin-lexicon`),
//! detection (`unspin-detect`) and printing (`unspin-printer`).

mod corpus;
mod quotes;
mod serve;

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use termcolor::{BufferedStandardStream, ColorChoice, StandardStream};
use unspin_align::Comparer;
use unspin_detect::{Detector, Verdict};
use unspin_lexicon::{Lexicon, Pack, PackBuilder};
use unspin_phrases::PhraseList;
use unspin_text::{InputFormat, read_input};

#[derive(Parser)]
#[command(
    name = "unspin",
    version,
    about = "Find machine-spun and copied text, show what was changed and restore the original wording",
    long_about = "unspin finds text that an article spinner rewrote with thesaurus synonyms \
                  (\"White Home\" for \"White House\", \"counterfeit consciousness\" for \
                  \"artificial intelligence\"), explains every finding and proposes the \
                  original wording; and it aligns a suspected copy with its source through \
                  the spin, showing every changed word and altered quote.\n\nExit codes: 0 \
                  nothing found (no document spun, no copy), 1 a spun document or a copy, 2 \
                  usage or input errors.",
    after_help = "Examples:\n  unspin scan article.txt\n  unspin scan --format json --restore page.html\n  \
                  cat corpus.jsonl | unspin scan --format jsonl -\n  unspin compare source.txt copy.html\n  \
                  unspin compare --format html source.txt copy.txt > report.html\n  \
                  unspin learn archive/ -o news.pack && unspin scan --lexicon news.pack draft.txt\n  \
                  unspin index create --index idx && unspin index add --index idx archive/ crawl.warc.gz\n  \
                  unspin trace --index idx suspect.html\n  \
                  unspin dedup crawl.jsonl -o families.jsonl\n  \
                  unspin quotes source.txt --against copy.txt\n  \
                  unspin serve --index idx --token-file token.txt"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scan documents for spun text: tortured phrases, known phrases, spin
    /// syntax and look-alike letters, with a spin score, a verdict and, in
    /// a spun text, the swapped words behind it.
    Scan(ScanArgs),
    /// Compare two documents: reused passages aligned through synonym
    /// swaps, every change, altered quotes and a verdict.
    ///
    /// Exit codes: 0 unrelated or same story, 1 a copy (verbatim, spun or
    /// paraphrased), 2 usage or input errors.
    Compare(CompareArgs),
    /// Build and maintain a corpus index of source documents, for `trace`.
    Index(corpus::IndexArgs),
    /// Find the sources of documents in a corpus index: candidates by
    /// spin-robust fingerprints, each verified by the aligner.
    ///
    /// Exit codes: 0 no copy found, 1 a document has a copy-verdict source,
    /// 2 usage or input errors.
    Trace(corpus::TraceArgs),
    /// Cluster a collection into copy families (verbatim, spun and
    /// paraphrased copies together) and name the likely original of each.
    Dedup(corpus::DedupArgs),
    /// Every quotation with its speaker and reporting verb; with
    /// `--against` or `--index`, whether each reads the same elsewhere.
    ///
    /// Exit codes: 0 no quotation altered elsewhere, 1 a quotation reads
    /// differently in another document, 2 usage or input errors.
    Quotes(quotes::QuotesArgs),
    /// Learn word and phrase statistics from a clean corpus of your own,
    /// for `scan --lexicon`.
    Learn(LearnArgs),
    /// Serve the JSON API and a web page for editors on this machine
    /// (http://127.0.0.1:8080/ by default). Text never leaves it.
    Serve(serve::ServeArgs),
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    /// For people: findings highlighted in context.
    Text,
    /// One pretty JSON object per document (schema unspin.scan/1).
    Json,
    /// One JSON object per line, in input order.
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ColorWhen {
    /// Colour when writing to a terminal.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(clap::Args)]
struct ScanArgs {
    /// Files to scan: plain text, HTML or JSON Lines (`text`, optional
    /// `id`); `-` reads standard input.
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Add the text with every suggestion applied.
    #[arg(long)]
    restore: bool,
    /// A known tortured-phrase list: the Problematic Paper Screener CSV
    /// export or a `tortured<TAB>original` TSV.
    #[arg(long, value_name = "FILE")]
    phrases: Option<PathBuf>,
    #[command(flatten)]
    common: CommonArgs,
}

/// Options shared by the commands that read documents.
#[derive(clap::Args)]
pub(crate) struct CommonArgs {
    /// A lexicon pack from `unspin learn`, added to the built-in lexicon
    /// (repeatable).
    #[arg(long, value_name = "PACK")]
    pub(crate) lexicon: Vec<PathBuf>,
    /// How to read the inputs: auto (from the name and content), text,
    /// html, jsonl or warc.
    #[arg(long, value_name = "FORMAT", default_value = "auto")]
    pub(crate) input_format: InputFormat,
    /// When to use colours.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub(crate) color: ColorWhen,
}

#[derive(Clone, Copy, ValueEnum)]
enum CompareFormat {
    /// For people: passages with their changes inline.
    Text,
    /// One pretty JSON object (schema unspin.compare/1).
    Json,
    /// A self-contained HTML report: both texts side by side.
    Html,
    /// PAN text-alignment XML (`b` the suspicious document, `a` the source).
    Pan,
}

#[derive(clap::Args)]
struct CompareArgs {
    /// The first document (the likely source): plain text or HTML; `-`
    /// reads standard input.
    #[arg(value_name = "A")]
    a: String,
    /// The second document (the suspected copy).
    #[arg(value_name = "B")]
    b: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = CompareFormat::Text)]
    format: CompareFormat,
    #[command(flatten)]
    common: CommonArgs,
}

#[derive(clap::Args)]
struct LearnArgs {
    /// Clean documents to learn from: files or directories (read
    /// recursively), plain text, HTML or JSON Lines.
    #[arg(required = true, value_name = "CORPUS")]
    corpus: Vec<PathBuf>,
    /// Where to write the pack.
    #[arg(short, long, value_name = "PACK")]
    output: PathBuf,
    /// Keep phrases seen at least this many times.
    #[arg(long, default_value_t = 2)]
    min_count: u64,
}

fn main() -> ExitCode {
    unspin_index::quiet_storage_panics();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Scan(args) => scan(args),
        Command::Compare(args) => compare(args),
        Command::Index(args) => corpus::index(args),
        Command::Trace(args) => corpus::trace(args),
        Command::Dedup(args) => corpus::dedup(args),
        Command::Quotes(args) => quotes::quotes(args),
        Command::Learn(args) => learn(args),
        Command::Serve(args) => serve::serve(args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if e.downcast_ref::<io::Error>()
                .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("unspin: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    let lex = load_lexicon(&args.common.lexicon)?;
    let list = load_phrases(args.phrases.as_deref())?;
    let mut detector = Detector::new(&lex);
    if let Some(list) = &list {
        detector = detector.with_phrases(list);
    }
    let mut out = StandardStream::stdout(color_choice(args.common.color));
    let mut had_error = false;
    let mut any_spun = false;
    for path in &args.files {
        for doc in read_input(path, args.common.input_format) {
            let doc = match doc {
                Ok(d) => d,
                Err(e) => {
                    out.flush()?;
                    eprintln!("unspin: {e}");
                    had_error = true;
                    continue;
                }
            };
            let report = detector.scan(&doc.source, &doc.text, args.restore);
            any_spun |= report.verdict == Verdict::Spun;
            match args.format {
                Format::Text => unspin_printer::scan_text(&mut out, &report, &doc.text)?,
                Format::Json => unspin_printer::scan_json(&mut out, &report)?,
                Format::Jsonl => unspin_printer::scan_jsonl(&mut out, &report)?,
            }
        }
    }
    out.flush()?;
    Ok(if had_error {
        ExitCode::from(2)
    } else if any_spun {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

pub(crate) fn color_choice(when: ColorWhen) -> ColorChoice {
    match when {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        ColorWhen::Auto if io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none() => {
            ColorChoice::Auto
        }
        ColorWhen::Auto => ColorChoice::Never,
    }
}

pub(crate) fn load_lexicon(packs: &[PathBuf]) -> anyhow::Result<Lexicon> {
    let mut lex = Lexicon::embedded();
    for path in packs {
        lex.add_pack(Pack::load(path)?);
    }
    Ok(lex)
}

/// The known tortured-phrase list of `--phrases`, if one was given; its
/// unreadable lines are summarised on standard error.
pub(crate) fn load_phrases(path: Option<&Path>) -> anyhow::Result<Option<PhraseList>> {
    let Some(path) = path else {
        return Ok(None);
    };
    let (list, warnings) = PhraseList::load(path)?;
    if let Some(msg) = unspin_phrases::summarize_warnings(list.name(), &warnings, 3) {
        eprintln!("unspin: warning: {msg}");
    }
    Ok(Some(list))
}

/// Reads exactly one document from `path` for `compare`.
fn read_one(path: &str, format: InputFormat) -> anyhow::Result<unspin_text::Document> {
    if matches!(format, InputFormat::Jsonl) {
        anyhow::bail!("compare takes one document per file; give text or HTML, not JSON Lines");
    }
    let mut docs = read_input(path, format);
    match docs.len() {
        1 => Ok(docs.pop().expect("one document")?),
        _ => anyhow::bail!("{path}: expected one document; give a text or HTML file"),
    }
}

fn compare(args: CompareArgs) -> anyhow::Result<ExitCode> {
    if args.a == "-" && args.b == "-" {
        anyhow::bail!("only one of A and B can be `-` (standard input)");
    }
    let lex = load_lexicon(&args.common.lexicon)?;
    let (a, b) = match (
        read_one(&args.a, args.common.input_format),
        read_one(&args.b, args.common.input_format),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            for e in [a.err(), b.err()].into_iter().flatten() {
                eprintln!("unspin: {e:#}");
            }
            return Ok(ExitCode::from(2));
        }
    };
    let report = Comparer::new(&lex).compare(&a.source, &a.text, &b.source, &b.text);
    let mut out = BufferedStandardStream::stdout(color_choice(args.common.color));
    match args.format {
        CompareFormat::Text => unspin_printer::compare_text(&mut out, &report)?,
        CompareFormat::Json => unspin_printer::compare_json(&mut out, &report)?,
        CompareFormat::Html => unspin_printer::compare_html(&mut out, &report, &a.text, &b.text)?,
        CompareFormat::Pan => unspin_printer::compare_pan(&mut out, &report)?,
    }
    out.flush()?;
    Ok(if report.verdict.is_copy() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn collect_files(path: &PathBuf, out: &mut Vec<PathBuf>) -> io::Result<()> {
    if path.is_dir() {
        let mut entries: Vec<PathBuf> = std::fs::read_dir(path)?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        entries.sort();
        for e in entries {
            collect_files(&e, out)?;
        }
    } else {
        out.push(path.clone());
    }
    Ok(())
}

fn learn(args: LearnArgs) -> anyhow::Result<ExitCode> {
    let mut files = Vec::new();
    for p in &args.corpus {
        collect_files(p, &mut files)
            .map_err(|e| anyhow::anyhow!("{}: {e}; check the path", p.display()))?;
    }
    let mut builder = PackBuilder::new();
    let mut had_error = false;
    for f in &files {
        for doc in read_input(&f.to_string_lossy(), InputFormat::Auto) {
            match doc {
                Ok(d) => builder.add_text(&d.text),
                Err(e) => {
                    eprintln!("unspin: {e}");
                    had_error = true;
                }
            }
        }
    }
    let (docs, words) = (builder.documents(), builder.words());
    if docs == 0 {
        anyhow::bail!("no readable documents in the corpus; give text, HTML or JSON Lines files");
    }
    let name = args
        .output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "pack".to_string());
    let pack = builder.finish(&name, args.min_count);
    pack.save(&args.output)?;
    eprintln!(
        "unspin: learned {} phrases from {docs} documents ({words} words) into {}",
        pack.bigram_count(),
        args.output.display()
    );
    Ok(if had_error {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
