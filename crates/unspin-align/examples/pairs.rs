//! Times `Comparer::compare` on one pair of documents, repeated:
//! `cargo run --release -p unspin-align --example pairs -- A B [N]`.

use std::time::Instant;

use unspin_align::Comparer;
use unspin_lexicon::Lexicon;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 2 {
        eprintln!("usage: pairs A B [N]");
        std::process::exit(2);
    }
    let a = std::fs::read_to_string(&args[0]).expect("read A");
    let b = std::fs::read_to_string(&args[1]).expect("read B");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(200);
    let lex = Lexicon::embedded();
    let cmp = Comparer::new(&lex);
    let t = Instant::now();
    let mut passages = 0;
    for _ in 0..n {
        passages += cmp.compare("a", &a, "b", &b).passages.len();
    }
    let s = t.elapsed().as_secs_f64();
    println!(
        "{n} comparisons in {s:.3} s: {:.1} pairs/s ({passages} passages)",
        n as f64 / s
    );
}
