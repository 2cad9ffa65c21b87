//! Development tasks of unspin (not part of the user CLI).
//!
//! * `build-lexicon`: regenerate the embedded lexicon from its packages.

mod lexicon;

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
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    match cli.cmd {
        Cmd::BuildLexicon { out } => {
            let src = lexicon::Sources::locate(&cli.data)?;
            lexicon::build(&src, &out)?;
        }
    }
    Ok(())
}
