//! Measures how fast a list is built and matched, on one thread.
//!
//! ```text
//! cargo run --release -p unspin-phrases --example phrase_throughput -- \
//!     [LIST] [CORPUS_DIR ...]
//! ```
//!
//! LIST defaults to `../shared/data/tortured/pps-2022.csv` and the corpora
//! to the science abstracts and BBC news under `../shared/data` (paths from
//! the workspace root). Prints the build time, the matching throughput
//! (MB of text per second, tokenisation excluded and included) and the hits
//! per megabyte, which on these clean corpora are false alarms.

use std::path::{Path, PathBuf};
use std::time::Instant;

use unspin_phrases::PhraseList;

fn collect(dir: &Path, out: &mut Vec<String>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        if p.is_dir() {
            collect(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt")
            && let Ok(s) = std::fs::read_to_string(&p)
        {
            out.push(s);
        }
    }
}

/// Nanoseconds this thread has run on a CPU (Linux), so that the figure
/// does not depend on other processes; wall-clock time elsewhere.
struct Clock {
    wall: Instant,
    cpu: Option<u64>,
}

fn thread_cpu_ns() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

impl Clock {
    fn start() -> Clock {
        Clock {
            wall: Instant::now(),
            cpu: thread_cpu_ns(),
        }
    }

    fn secs(&self) -> f64 {
        match (self.cpu, thread_cpu_ns()) {
            (Some(a), Some(b)) => (b - a) as f64 / 1e9,
            _ => self.wall.elapsed().as_secs_f64(),
        }
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut args = std::env::args().skip(1);
    let list_path = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("../shared/data/tortured/pps-2022.csv"));
    let mut dirs: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs = vec![
            root.join("../shared/data/science"),
            root.join("../shared/data/news/bbc"),
        ];
    }

    let t = Instant::now();
    let (list, warnings) = match PhraseList::load(&list_path) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    println!(
        "list: {} entries, {} warnings, built in {:.1} ms",
        list.len(),
        warnings.len(),
        t.elapsed().as_secs_f64() * 1e3
    );

    let mut docs = Vec::new();
    for d in &dirs {
        collect(d, &mut docs);
    }
    let bytes: usize = docs.iter().map(String::len).sum();
    if bytes == 0 {
        eprintln!("no .txt files under {dirs:?}");
        std::process::exit(2);
    }
    let tokens: Vec<_> = docs.iter().map(|d| unspin_text::tokenize(d)).collect();

    // Best of five passes, in thread CPU time.
    let mut best_find = f64::MAX;
    let mut best_all = f64::MAX;
    let mut best_tok = f64::MAX;
    let mut hits = 0;
    let mut examples = Vec::new();
    for _ in 0..5 {
        let t = Clock::start();
        hits = 0;
        for (d, toks) in docs.iter().zip(&tokens) {
            let h = list.find(d, toks);
            hits += h.len();
            if examples.len() < 10 {
                examples
                    .extend(h.into_iter().map(|h| {
                        format!("{:?} -> {:?} ({})", h.text, h.suggestion, h.fingerprint)
                    }));
            }
        }
        best_find = best_find.min(t.secs());
        let t = Clock::start();
        for d in &docs {
            std::hint::black_box(list.find_text(d));
        }
        best_all = best_all.min(t.secs());
        let t = Clock::start();
        for d in &docs {
            std::hint::black_box(unspin_text::tokenize(d));
        }
        best_tok = best_tok.min(t.secs());
    }
    let mb = bytes as f64 / 1e6;
    println!("corpus: {} documents, {mb:.1} MB", docs.len());
    println!("find:            {:.0} MB/s", mb / best_find);
    println!("tokenize + find: {:.0} MB/s", mb / best_all);
    println!("tokenize alone:  {:.0} MB/s", mb / best_tok);
    println!("hits: {hits} ({:.2} per MB)", hits as f64 / mb);
    for e in examples.iter().take(10) {
        println!("  {e}");
    }
}
