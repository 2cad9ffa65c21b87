//! `cargo run --release -p xtask -- eval`: the figures of `unspin scan` on
//! clean and synthetically spun news and science.

use std::time::Instant;

use anyhow::Result;
use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use unspin_detect::{Detector, Finding, FindingKind, Verdict};

use crate::corpus::Doc;
use crate::spin::{Choice, SpinOptions, Swap, Thesauri, Thesaurus, spin};

/// Figures on one set of clean documents.
#[derive(Debug, Default, Clone)]
pub struct CleanFigures {
    pub docs: usize,
    pub words: usize,
    pub findings: usize,
    pub spun: usize,
    pub suspicious: usize,
    /// Spin scores of the documents.
    pub scores: Vec<f64>,
}

/// Figures on one set of spun documents.
#[derive(Debug, Default, Clone)]
pub struct SpunFigures {
    pub docs: usize,
    pub spun: usize,
    pub swaps: usize,
    pub found: usize,
    pub restored: usize,
    pub findings: usize,
    pub true_findings: usize,
    /// Documents of at least the score model's `min_words` (shorter ones
    /// are `too_short` unless a strong finding decides), and of those the
    /// ones given `spun`.
    pub long: usize,
    pub long_spun: usize,
    /// Documents given `spun` and documents, per thesaurus of the spinner
    /// (in the order of [`Thesaurus::EVERY`]).
    pub by_thesaurus: [(usize, usize); 4],
    /// The same per synonym choice (in the order of [`Choice::EVERY`]).
    pub by_choice: [(usize, usize); 3],
}

fn overlaps(f: &Finding, s: &Swap) -> bool {
    f.start < s.end && s.start < f.end
}

/// Scans clean documents.
pub fn clean(det: &Detector, docs: &[Doc], show: usize) -> CleanFigures {
    let reports: Vec<_> = docs
        .par_iter()
        .map(|d| det.scan(&d.id, &d.text, false))
        .collect();
    let mut f = CleanFigures::default();
    let mut shown = 0;
    for r in &reports {
        f.docs += 1;
        f.words += r.words;
        f.findings += r.findings.len();
        f.scores.push(r.score);
        match r.verdict {
            Verdict::Spun => f.spun += 1,
            Verdict::Suspicious => f.suspicious += 1,
            _ => {}
        }
        for x in &r.findings {
            if shown < show {
                eprintln!(
                    "  FP {}: {:?} -> {:?} ({}) {}",
                    r.source, x.text, x.suggestion, x.confidence, x.explanation
                );
                shown += 1;
            }
        }
    }
    f
}

/// What one spun document gave.
struct DocOutcome {
    thesaurus: usize,
    choice: usize,
    long: bool,
    spun: bool,
    swaps: usize,
    found: usize,
    restored: usize,
    findings: usize,
    true_findings: usize,
}

/// Spins every document with a rotating choice of spinner and scans it.
pub fn spun(
    det: &Detector,
    th: &Thesauri,
    choices: &[Choice],
    docs: &[Doc],
    rate: f64,
    seed: u64,
) -> SpunFigures {
    let min_words = det.score_model().min_words;
    let results: Vec<DocOutcome> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            let mut rng = doc_rng(seed, i);
            let spinner = spinner_for(th, i, rate, choices);
            let thesaurus = Thesaurus::EVERY
                .iter()
                .position(|&t| t == spinner.thesaurus)
                .unwrap_or(0);
            let choice = Choice::EVERY
                .iter()
                .position(|&c| c == spinner.choice)
                .unwrap_or(0);
            let (text, swaps) = spin(th, spinner, &d.text, &mut rng);
            let r = det.scan(&d.id, &text, false);
            let torture: Vec<&Finding> = r
                .findings
                .iter()
                .filter(|f| {
                    matches!(
                        f.kind,
                        FindingKind::TorturedPhrase | FindingKind::SynonymSwap
                    )
                })
                .collect();
            let mut found = 0;
            let mut restored = 0;
            for s in &swaps {
                if let Some(f) = torture.iter().find(|f| overlaps(f, s)) {
                    found += 1;
                    if f.suggestion
                        .to_lowercase()
                        .split(' ')
                        .any(|w| w == s.original)
                        || f.suggestion.to_lowercase() == s.original
                    {
                        restored += 1;
                    }
                }
            }
            let true_findings = torture
                .iter()
                .filter(|f| swaps.iter().any(|s| overlaps(f, s)))
                .count();
            DocOutcome {
                thesaurus,
                choice,
                long: r.words >= min_words,
                spun: r.verdict == Verdict::Spun,
                swaps: swaps.len(),
                found,
                restored,
                findings: torture.len(),
                true_findings,
            }
        })
        .collect();
    let mut f = SpunFigures::default();
    for o in results {
        f.docs += 1;
        f.spun += usize::from(o.spun);
        f.long += usize::from(o.long);
        f.long_spun += usize::from(o.long && o.spun);
        f.by_thesaurus[o.thesaurus].0 += usize::from(o.spun);
        f.by_thesaurus[o.thesaurus].1 += 1;
        f.by_choice[o.choice].0 += usize::from(o.spun);
        f.by_choice[o.choice].1 += 1;
        f.swaps += o.swaps;
        f.found += o.found;
        f.restored += o.restored;
        f.findings += o.findings;
        f.true_findings += o.true_findings;
    }
    f
}

/// The values sorted, to read quantiles from with [`quantile`].
fn sorted(mut v: Vec<f64>) -> Vec<f64> {
    v.sort_by(f64::total_cmp);
    v
}

/// The `p` quantile (0 to 1) of sorted values: the value at rank
/// `⌊(n − 1)·p⌋`; NaN when there are none.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 - 1.0) * p) as usize]
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

/// Runs the whole document-level evaluation and prints a Markdown report.
pub fn run(
    det: &Detector,
    th: &Thesauri,
    choices: &[Choice],
    news: &mut [Doc],
    science: &mut [Doc],
    sample: usize,
    show: usize,
) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(7);
    news.shuffle(&mut rng);
    science.shuffle(&mut rng);
    let news = &news[..sample.min(news.len())];
    let science = &science[..sample.min(science.len())];
    println!(
        "| corpus | docs | words | false findings / 1,000 words | verdict spun | verdict suspicious |"
    );
    println!("|---|---|---|---|---|---|");
    for (name, docs) in [("news/bbc (clean)", news), ("science/* (clean)", science)] {
        let f = clean(det, docs, show);
        println!(
            "| {name} | {} | {} | {:.2} | {:.2}% | {:.2}% |",
            f.docs,
            f.words,
            1000.0 * f.findings as f64 / f.words.max(1) as f64,
            pct(f.spun, f.docs),
            pct(f.suspicious, f.docs)
        );
        let d = sorted(f.scores.clone());
        let q = |p: f64| quantile(&d, p);
        eprintln!(
            "  {name}: score p50 {:.2} p90 {:.2} p99 {:.2} max {:.2}",
            q(0.5),
            q(0.9),
            q(0.99),
            q(1.0)
        );
    }
    println!();
    println!(
        "| corpus | spin rate | docs | verdict spun | of documents ≥ {} words | spun-word recall | restoration accuracy (of found) | finding precision |",
        det.score_model().min_words
    );
    println!("|---|---|---|---|---|---|---|---|");
    let mut by_thesaurus = Vec::new();
    for (name, docs) in [("news/bbc", news), ("science/*", science)] {
        for rate in [0.10, 0.25, 0.40] {
            let f = spun(det, th, choices, docs, rate, 11);
            by_thesaurus.push((name, rate, f.by_thesaurus, f.by_choice));
            println!(
                "| {name} | {:.0}% | {} | {:.2}% | {:.2}% of {} | {:.3} | {:.3} | {:.3} |",
                rate * 100.0,
                f.docs,
                pct(f.spun, f.docs),
                pct(f.long_spun, f.long),
                f.long,
                f.found as f64 / f.swaps.max(1) as f64,
                f.restored as f64 / f.found.max(1) as f64,
                f.true_findings as f64 / f.findings.max(1) as f64,
            );
        }
    }
    println!();
    println!(
        "Verdict `spun` by the spinner's thesaurus (two-step: synonyms of synonyms, which unspin's lexicon does not link; roget: a thesaurus it is not built from):"
    );
    println!();
    let used: Vec<usize> = (0..Thesaurus::EVERY.len())
        .filter(|&k| th.rotation.contains(&Thesaurus::EVERY[k]))
        .collect();
    let names: Vec<&str> = used.iter().map(|&k| Thesaurus::EVERY[k].name()).collect();
    println!("| corpus | spin rate | {} |", names.join(" | "));
    println!("|---|---|{}", "---|".repeat(names.len()));
    let cell = |(s, n): (usize, usize)| format!("{:.1}% of {n}", pct(s, n));
    for (name, rate, t, _) in &by_thesaurus {
        let cells: Vec<String> = used.iter().map(|&k| cell(t[k])).collect();
        println!("| {name} | {:.0}% | {} |", rate * 100.0, cells.join(" | "));
    }
    if choices.len() > 1 {
        println!();
        println!("Verdict `spun` by the spinner's synonym choice:");
        println!();
        let names: Vec<&str> = choices.iter().map(|c| c.name()).collect();
        println!("| corpus | spin rate | {} |", names.join(" | "));
        println!("|---|---|{}", "---|".repeat(names.len()));
        for (name, rate, _, c) in &by_thesaurus {
            let cells: Vec<String> = choices
                .iter()
                .filter_map(|ch| Choice::EVERY.iter().position(|e| e == ch))
                .map(|k| cell(c[k]))
                .collect();
            println!("| {name} | {:.0}% | {} |", rate * 100.0, cells.join(" | "));
        }
    }
    Ok(())
}

/// Single-thread throughput of a full scan over the documents, MB/s.
pub fn throughput(det: &Detector, docs: &[Doc]) -> (usize, f64) {
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let t = Instant::now();
    let mut n = 0;
    for d in docs {
        n += det.scan(&d.id, &d.text, true).findings.len();
    }
    let secs = t.elapsed().as_secs_f64();
    std::hint::black_box(n);
    (bytes, bytes as f64 / 1e6 / secs)
}

/// Distribution of the document-level word signals on clean and spun text,
/// and the share of spun documents above the clean 99th percentile.
pub fn signals(det: &Detector, th: &Thesauri, choices: &[Choice], docs: &[Doc], name: &str) {
    let labels = [
        "unattested",
        "odd",
        "odd+unatt",
        "restorable",
        "spin-llr",
        "llr/word",
        "score",
    ];
    let mut clean99 = vec![0.0; labels.len()];
    for rate in [0.0, 0.10, 0.25, 0.40] {
        let rows: Vec<Vec<f64>> = docs
            .par_iter()
            .enumerate()
            .map(|(i, d)| {
                let text = if rate == 0.0 {
                    d.text.clone()
                } else {
                    spin(
                        th,
                        spinner_for(th, i, rate, choices),
                        &d.text,
                        &mut doc_rng(5, i),
                    )
                    .0
                };
                let (findings, words, s) = det.analyse(&text);
                let score = det.score_model().judge(&findings, words, &s).0;
                let c = s.content.max(1) as f64;
                let mut v = vec![
                    s.unattested as f64 / c,
                    s.odd_choice as f64 / c,
                    s.odd_unattested as f64 / c,
                    s.restorable as f64 / c,
                ];
                v.extend([s.spin_llr, s.spin_llr / s.distinct.max(1) as f64, score]);
                v
            })
            .collect();
        for (k, label) in labels.iter().enumerate() {
            let v = sorted(rows.iter().map(|r| r[k]).collect());
            let q = |p: f64| quantile(&v, p);
            if rate == 0.0 {
                clean99[k] = q(0.99);
            }
            let above = v.iter().filter(|&&x| x > clean99[k]).count() as f64 / v.len() as f64;
            println!(
                "{name} rate {:.2} {label:<11}: p01 {:.3} p10 {:.3} p50 {:.3} p90 {:.3} p99 {:.3} caught {:.1}%",
                rate,
                q(0.01),
                q(0.1),
                q(0.5),
                q(0.9),
                q(0.99),
                100.0 * above
            );
        }
    }
}

/// The spinner of the `i`th document: the thesaurus rotates with `i % 3`
/// through [`Thesauri::rotation`] ([`Thesaurus::ALL`] unless chosen),
/// capitals with `i % 2`, phrase swaps with `i % 4`, the synonym choice
/// with `i / 6` (independently of the thesaurus and capitals).
fn spinner_for(th: &Thesauri, i: usize, rate: f64, choices: &[Choice]) -> SpinOptions {
    SpinOptions {
        thesaurus: th.rotation[i % 3 % th.rotation.len()],
        choice: choices[(i / 6) % choices.len()],
        rate,
        capitals: i.is_multiple_of(2),
        phrases: i % 4 < 2,
    }
}

/// The documents [`calibrate`] fits on, each with its corpus: up to
/// `sample` of each corpus, drawn with a fixed seed (news first).
fn calibration_sample<'a>(
    news: &'a mut [Doc],
    science: &'a mut [Doc],
    sample: usize,
) -> Vec<(&'static str, &'a Doc)> {
    let mut rng = ChaCha8Rng::seed_from_u64(3);
    news.shuffle(&mut rng);
    science.shuffle(&mut rng);
    news.iter()
        .take(sample)
        .map(|d| ("news", d))
        .chain(science.iter().take(sample).map(|d| ("science", d)))
        .collect()
}

/// The random stream of the `i`th document of a run seeded with `seed`.
fn doc_rng(seed: u64, i: usize) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed ^ (i as u64).wrapping_mul(0x9E37_79B9))
}

/// Seed of the spun copies the score model is fitted on.
const CALIBRATION_SEED: u64 = 99;

/// The spun copy of the `i`th document that [`calibrate`] fits on and
/// [`reliability`] checks against: the rate varies independently of the
/// thesaurus, which [`spinner_for`] picks by `i % 3`.
fn calibration_copy(th: &Thesauri, choices: &[Choice], i: usize, text: &str) -> String {
    let rate = [0.10, 0.25, 0.40][(i / 3) % 3];
    spin(
        th,
        spinner_for(th, i, rate, choices),
        text,
        &mut doc_rng(CALIBRATION_SEED, i),
    )
    .0
}

/// Share of clean training documents of each corpus kept below the `spun`
/// threshold: a margin under the 1% target, which held-out documents are
/// measured against.
const CLEAN_QUANTILE: f64 = 0.995;

/// Fits the score model by logistic regression (Newton's method) on clean
/// and spun training documents and prints the parameters, with the
/// threshold that keeps 1% of clean training documents above it.
pub fn calibrate(
    det: &Detector,
    th: &Thesauri,
    choices: &[Choice],
    news: &mut [Doc],
    science: &mut [Doc],
    sample: usize,
) {
    let docs: Vec<&Doc> = calibration_sample(news, science, sample)
        .into_iter()
        .map(|(_, d)| d)
        .collect();
    let rows: Vec<([f64; 4], f64)> = docs
        .par_iter()
        .enumerate()
        .flat_map(|(i, d)| {
            let m = det.score_model();
            let (f, w, s) = det.analyse(&d.text);
            let clean = (m.features(&f, w, &s), 0.0);
            let (f, w, s) = det.analyse(&calibration_copy(th, choices, i, &d.text));
            vec![clean, (m.features(&f, w, &s), 1.0)]
        })
        .collect();
    // Newton's method on [1, x...], with a little ridge for stability.
    const K: usize = 5;
    let mut beta = [0.0f64; K];
    let row = |x: &[f64; 4]| [1.0, x[0], x[1], x[2], x[3]];
    for _ in 0..50 {
        let mut g = [0.0f64; K];
        let mut h = [[0.0f64; K]; K];
        for (x, y) in &rows {
            let v = row(x);
            let z: f64 = (0..K).map(|k| beta[k] * v[k]).sum();
            let p = 1.0 / (1.0 + (-z).exp());
            for a in 0..K {
                g[a] += (p - y) * v[a];
                for b in 0..K {
                    h[a][b] += p * (1.0 - p) * v[a] * v[b];
                }
            }
        }
        for a in 0..K {
            g[a] += 1e-3 * beta[a];
            h[a][a] += 1e-3;
        }
        let step = solve(h, g);
        for a in 0..K {
            beta[a] -= step[a];
        }
    }
    let score = |x: &[f64; 4]| {
        let v = row(x);
        let z: f64 = (0..K).map(|k| beta[k] * v[k]).sum();
        1.0 / (1.0 + (-z).exp())
    };
    println!("rows {}", rows.len());
    println!(
        "bias {:.4}, slope {:.4}, w_odd {:.4}, w_restorable {:.4}, w_llr {:.4}",
        beta[0], beta[1], beta[2], beta[3], beta[4]
    );
    // The verdict threshold keeps at most 0.5% of the clean training
    // documents of each corpus above it (news rows come first, then science).
    let half = rows.len() / 2;
    let parts = [("news", &rows[..half]), ("science", &rows[half..])];
    let p99 = |part: &[([f64; 4], f64)], f: &dyn Fn(&[f64; 4]) -> f64| {
        let c = sorted(
            part.iter()
                .filter(|r| r.1 == 0.0)
                .map(|r| f(&r.0))
                .collect(),
        );
        quantile(&c, CLEAN_QUANTILE)
    };
    let spun_at = parts
        .iter()
        .map(|(_, part)| p99(part, &score))
        .fold(f64::NEG_INFINITY, f64::max);
    println!(
        "spun_at {spun_at:.4} (the largest {}th percentile of clean training documents)",
        100.0 * CLEAN_QUANTILE
    );
    for (name, part) in parts {
        for (label, f) in [
            ("model", &score as &dyn Fn(&[f64; 4]) -> f64),
            ("spin_llr alone", &|x: &[f64; 4]| x[3]),
        ] {
            let t = if label == "model" {
                spun_at
            } else {
                p99(part, f)
            };
            let spun: Vec<f64> = part
                .iter()
                .filter(|r| r.1 == 1.0)
                .map(|r| f(&r.0))
                .collect();
            let hit = spun.iter().filter(|&&x| x >= t).count() as f64 / spun.len().max(1) as f64;
            println!(
                "{name} {label}: threshold {t:.4}, spun training documents at or above it {:.1}%",
                100.0 * hit
            );
        }
    }
}

/// Solves `a x = b` by Gauss-Jordan elimination with partial pivoting.
fn solve<const K: usize>(mut a: [[f64; K]; K], mut b: [f64; K]) -> [f64; K] {
    for i in 0..K {
        let p = (i..K)
            .max_by(|&x, &y| a[x][i].abs().total_cmp(&a[y][i].abs()))
            .unwrap_or(i);
        a.swap(i, p);
        b.swap(i, p);
        let d = if a[i][i].abs() < 1e-12 {
            1e-12
        } else {
            a[i][i]
        };
        for r in 0..K {
            if r != i {
                let f = a[r][i] / d;
                let row_i = a[i];
                for (x, yi) in a[r].iter_mut().zip(row_i) {
                    *x -= f * yi;
                }
                b[r] -= f * b[i];
            }
        }
    }
    std::array::from_fn(|i| b[i] / a[i][i])
}

/// Writes clean and spun documents (JSON Lines) with their swaps and score
/// features, and the lexicon's single-word candidate originals of every
/// word they use (`<out>.cands.json`).
#[allow(clippy::too_many_arguments)]
pub fn dump(
    det: &Detector,
    lex: &unspin_lexicon::Lexicon,
    th: &Thesauri,
    choices: &[Choice],
    news: &mut [Doc],
    science: &mut [Doc],
    sample: usize,
    out: &std::path::Path,
) -> Result<()> {
    use std::collections::BTreeMap;
    use std::io::Write;
    let docs = calibration_sample(news, science, sample);
    let rows: Vec<(String, Vec<String>)> = docs
        .par_iter()
        .enumerate()
        .flat_map(|(i, (set, d))| {
            let m = det.score_model();
            let mut rows = Vec::new();
            for rate in [0.0, 0.10, 0.25, 0.40] {
                let opts = spinner_for(th, i, rate, choices);
                let (text, swaps) = if rate == 0.0 {
                    (d.text.clone(), Vec::new())
                } else {
                    spin(th, opts, &d.text, &mut doc_rng(CALIBRATION_SEED, i))
                };
                let (f, w, s) = det.analyse(&text);
                let x = m.features(&f, w, &s);
                let (score, _) = m.judge(&f, w, &s);
                let words: Vec<String> = unspin_text::tokenize(&text)
                    .iter()
                    .filter(|t| t.kind == unspin_text::TokenKind::Word)
                    .map(|t| text[t.byte_start..t.byte_end].to_lowercase())
                    .collect();
                let j = serde_json::json!({
                    "set": set, "i": i, "rate": rate,
                    "thesaurus": opts.thesaurus.name(), "choice": opts.choice.name(),
                    "text": text, "words": w, "x": x, "score": score,
                    "content": s.content, "distinct": s.distinct,
                    "swaps": swaps.iter().map(|s| (s.start, s.end, &s.original)).collect::<Vec<_>>(),
                });
                rows.push((j.to_string(), words));
            }
            rows
        })
        .collect();
    let mut w = std::io::BufWriter::new(std::fs::File::create(out)?);
    let mut cands: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (j, words) in &rows {
        writeln!(w, "{j}")?;
        for word in words {
            if !cands.contains_key(word) && word.chars().all(|c| c.is_alphabetic()) {
                let c: Vec<String> = lex
                    .originals(word)
                    .into_iter()
                    .filter(|c| !c.text.contains(' '))
                    .map(|c| c.text)
                    .collect();
                cands.insert(word.clone(), c);
            }
        }
    }
    let mut path = out.as_os_str().to_owned();
    path.push(".cands.json");
    std::fs::write(path, serde_json::to_string(&cands)?)?;
    Ok(())
}

/// How well the spin score works as a probability on held-out documents:
/// each clean document and one spun copy of it (the rate and spinner vary
/// as in [`calibrate`], so half of the documents are spun, as in fitting),
/// grouped by score; prints, per group, the mean score against the share
/// actually spun, with the expected calibration error and the Brier score.
pub fn reliability(det: &Detector, th: &Thesauri, choices: &[Choice], sets: &[(&str, &[Doc])]) {
    let mut all: Vec<(f64, f64)> = Vec::new();
    for &(name, docs) in sets {
        let rows: Vec<(f64, f64)> = docs
            .par_iter()
            .enumerate()
            .flat_map(|(i, d)| {
                let text = calibration_copy(th, choices, i, &d.text);
                vec![
                    (det.scan(&d.id, &d.text, false).score, 0.0),
                    (det.scan(&d.id, &text, false).score, 1.0),
                ]
            })
            .collect();
        print_reliability(name, &rows);
        all.extend(rows);
    }
    print_reliability("both", &all);
}

fn print_reliability(name: &str, rows: &[(f64, f64)]) {
    const BINS: usize = 10;
    let mut bins = [(0usize, 0.0f64, 0.0f64); BINS];
    for &(p, y) in rows {
        let b = &mut bins[((p * BINS as f64) as usize).min(BINS - 1)];
        b.0 += 1;
        b.1 += p;
        b.2 += y;
    }
    let n = rows.len().max(1) as f64;
    let ece: f64 = bins
        .iter()
        .filter(|b| b.0 > 0)
        .map(|b| (b.1 - b.2).abs() / n)
        .sum();
    let brier: f64 = rows.iter().map(|(p, y)| (p - y) * (p - y)).sum::<f64>() / n;
    println!(
        "\n{name}: {} documents, expected calibration error {ece:.3}, Brier score {brier:.3}\n",
        rows.len()
    );
    println!("| score | documents | mean score | share spun |");
    println!("|---|---|---|---|");
    for (k, b) in bins.iter().enumerate() {
        if b.0 > 0 {
            println!(
                "| {:.1}–{:.1} | {} | {:.3} | {:.3} |",
                k as f64 / BINS as f64,
                (k + 1) as f64 / BINS as f64,
                b.0,
                b.1 / b.0 as f64,
                b.2 / b.0 as f64
            );
        }
    }
}
