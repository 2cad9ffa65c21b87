//! Development tasks of unspin (not part of the user CLI).
//!
//! * `build-lexicon`: regenerate the embedded lexicon from its packages.

mod corpus;
mod eval;
mod html_bench;
mod lexicon;
mod spin;

use std::path::PathBuf;

use anyhow::Result;
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "xtask", about = "Development tasks of unspin")]
struct Cli {
    /// The shared data directory.
    #[arg(long, global = true, default_value = "../shared/data")]
    data: PathBuf,
    #[command(subcommand)]
    cmd: Cmd,
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
    },
    /// Article-extraction F1 of the HTML decoder on the benchmark pages.
    HtmlBench,
    /// Single-thread throughput of a full scan over the news corpus.
    Bench,
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
        Cmd::Eval { sample, show } => {
            let src = lexicon::Sources::locate(&cli.data)?;
            let th = spin::Thesauri::new(
                &lexicon::read_wordnet(&src.wordnet)?,
                &lexicon::read_moby(&src.moby)?,
            );
            let lex = unspin_lexicon::Lexicon::embedded();
            let det = unspin_detect::Detector::new(&lex);
            let mut news = corpus::news(&cli.data)?;
            let mut science = corpus::science(&cli.data)?;
            eval::run(&det, &th, &mut news, &mut science, sample, show)?;
        }
        Cmd::HtmlBench => {
            let report = html_bench::run(&cli.data)?;
            print!("{report}");
        }
        Cmd::Bench => {
            let lex = unspin_lexicon::Lexicon::embedded();
            let det = unspin_detect::Detector::new(&lex);
            let news = corpus::news(&cli.data)?;
            let (bytes, mbs) = eval::throughput(&det, &news);
            println!("scan throughput: {mbs:.2} MB/s over {bytes} bytes of news (one thread)");
        }
        Cmd::Spin {
            file,
            rate,
            thesaurus,
            seed,
        } => {
            use rand::SeedableRng;
            let src = lexicon::Sources::locate(&cli.data)?;
            let th = spin::Thesauri::new(
                &lexicon::read_wordnet(&src.wordnet)?,
                &lexicon::read_moby(&src.moby)?,
            );
            let t = spin::Thesaurus::ALL
                .into_iter()
                .find(|t| t.name() == thesaurus)
                .ok_or_else(|| {
                    anyhow::anyhow!("unknown thesaurus {thesaurus}: wordnet, moby or twostep")
                })?;
            let text = std::fs::read_to_string(&file)?;
            let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
            let opts = spin::SpinOptions {
                thesaurus: t,
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
