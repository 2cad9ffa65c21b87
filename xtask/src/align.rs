//! `cargo run --release -p xtask -- align-eval`: the figures of
//! `unspin compare` (document `a` is the source, `b` the suspicious one).
//!
//! * `pan`: the no-obfuscation part of the PAN 2013 text-alignment corpus,
//!   with the truth re-anchored on the text (see [`reanchor`]);
//! * `synthetic`: spun passages of held-out news and science placed into
//!   suspicious documents whose truth is known by construction;
//! * `verdicts`: a labelled set over the five verdicts and its confusion
//!   matrix;
//! * `speed`: pairs per second on typical news articles, and time and peak
//!   memory on one pair of 100,000-word documents.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::path::Path;
use std::time::Instant;

use anyhow::{Context, Result};
use clap::ValueEnum;
use rand::seq::{IndexedRandom, SliceRandom};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use unspin_align::pan::{self, Annotation, DocPair, Measures};
use unspin_align::{CompareVerdict, Comparer, Span};
use unspin_text::{TokenKind, sentences, tokenize};

use crate::corpus::{self, Doc};
use crate::spin::{self, SpinOptions, Thesauri, Thesaurus};

/// One part of the evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Part {
    /// PAN 2013 no-obfuscation pairs.
    Pan,
    /// Synthetic spun pairs with known passages.
    Synthetic,
    /// The labelled verdict set.
    Verdicts,
    /// Throughput and memory.
    Speed,
}

/// Runs the parts asked for and prints a Markdown report.
/// What `align-eval` runs.
pub struct Options {
    /// Pairs at most per set.
    pub sample: Option<usize>,
    /// One part only.
    pub only: Option<Part>,
    /// The training half instead of the held-out one.
    pub tune: bool,
    /// Print the verdict set's per-pair features.
    pub features: bool,
    /// Seed of the verdict set (which documents, spin rates, edits).
    pub seed: Option<u64>,
}

/// Words a document of the verdict set has at least (as `scan`'s
/// too_short threshold).
const MIN_WORDS: usize = 40;
/// Changes at most in a light edit (a verbatim copy).
const MAX_LIGHT_EDITS: usize = 3;
/// Documents tried for each spun copy of the verdict set.
const MAX_SPIN_ATTEMPTS: usize = 5;

/// Seed of the reported verdict set.
pub const VERDICT_SEED: u64 = 0x5E7D_1C75;

pub fn run(
    data: &Path,
    lex: &unspin_lexicon::Lexicon,
    th: impl Fn() -> Result<Thesauri>,
    opts: Options,
) -> Result<()> {
    let Options {
        sample,
        only,
        tune,
        features,
        seed,
    } = opts;
    let cmp = Comparer::new(lex);
    let wants = |p: Part| only.is_none_or(|o| o == p);
    if wants(Part::Pan) {
        pan_eval(&cmp, data, sample)?;
    }
    if wants(Part::Synthetic) || wants(Part::Verdicts) || wants(Part::Speed) {
        let th = th()?;
        let pick = |docs| {
            if tune {
                corpus::training_half(docs)
            } else {
                corpus::half(docs, true)
            }
        };
        let news = pick(corpus::news(data)?);
        let science = pick(corpus::science(data)?);
        if wants(Part::Synthetic) {
            synthetic_eval(&cmp, &th, &news, &science, sample.unwrap_or(240));
        }
        if wants(Part::Verdicts) {
            let all_news = corpus::news(data)?;
            let set = verdict_set(
                &th,
                &news,
                &science,
                &all_news,
                sample.unwrap_or(60),
                seed.unwrap_or(VERDICT_SEED),
            );
            verdict_eval(&cmp, &set, features);
        }
        if wants(Part::Speed) {
            speed_eval(&th, &news, sample.unwrap_or(100))?;
        }
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// Character offsets.

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// The characters `span` of `s` (clipped to the text).
fn slice_chars(s: &str, span: Span) -> &str {
    let byte = |c: usize| s.char_indices().nth(c).map_or(s.len(), |(b, _)| b);
    let start = byte(span.start);
    let end = byte(span.end.max(span.start)).max(start);
    &s[start..end]
}

/// Sentences of `text` as character spans.
fn sentence_spans(text: &str) -> Vec<Span> {
    let tokens = tokenize(text);
    sentences(text, &tokens)
        .into_iter()
        .filter(|r| r.start < r.end && r.end <= tokens.len())
        .map(|r| Span::new(tokens[r.start].start, tokens[r.end - 1].end))
        .collect()
}

fn words(text: &str) -> usize {
    text.split_whitespace().count()
}

fn pct(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        100.0 * a as f64 / b as f64
    }
}

fn measures_row(label: &str, pairs: usize, m: &Measures) -> String {
    format!(
        "| {label} | {pairs} | {} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} |",
        m.cases,
        m.detections,
        m.plagdet_macro(),
        m.macro_precision,
        m.macro_recall,
        m.granularity,
        m.plagdet_micro(),
        m.micro_precision,
        m.micro_recall,
    )
}

const MEASURES_HEAD: &str = "| set | pairs | cases | detections | plagdet | precision | recall | granularity | plagdet (micro) | precision (micro) | recall (micro) |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

// ---------------------------------------------------------------------------
// PAN: re-anchoring the truth.

/// How a PAN truth case was placed on the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// One identical (whitespace-normalised) string in both documents,
    /// as long as the stated lengths.
    Exact,
    /// A chain of identical strings separated by small differences.
    Approximate,
    /// Not found: the stated offsets are kept (clipped to the text).
    Failed,
}

/// Text with whitespace runs folded into one space, and where each of its
/// characters comes from.
struct Folded {
    chars: Vec<char>,
    from: Vec<usize>,
}

fn fold(text: &[char], range: Span) -> Folded {
    let mut chars = Vec::with_capacity(range.len());
    let mut from = Vec::with_capacity(range.len());
    let mut space = false;
    for (i, &c) in text
        .iter()
        .enumerate()
        .take(range.end.min(text.len()))
        .skip(range.start)
    {
        if c.is_whitespace() {
            if space {
                continue;
            }
            space = true;
            chars.push(' ');
        } else {
            space = false;
            chars.push(c);
        }
        from.push(i);
    }
    Folded { chars, from }
}

impl Folded {
    /// Folded index of original offset `o` (the first folded character at
    /// or after it).
    fn index(&self, o: usize) -> usize {
        self.from.partition_point(|&f| f < o)
    }

    /// The original span of folded range `[i, j)`.
    fn span(&self, i: usize, j: usize) -> Span {
        if i >= j || j > self.from.len() {
            return Span::new(0, 0);
        }
        Span::new(self.from[i], self.from[j - 1] + 1)
    }
}

/// A maximal common substring: `r[i..i + len] == t[j..j + len]`.
#[derive(Debug, Clone, Copy)]
struct Block {
    i: usize,
    j: usize,
    len: usize,
}

/// Seed length of the block search, in characters.
const SEED: usize = 12;
/// Seeds more frequent than this in `t` are skipped (runs of dashes...).
const MAX_SEED_HITS: usize = 64;

/// All maximal common substrings of `r` and `t` of at least [`SEED`]
/// characters.
fn common_blocks(r: &[char], t: &[char]) -> Vec<Block> {
    if r.len() < SEED || t.len() < SEED {
        return Vec::new();
    }
    let mut index: HashMap<&[char], Vec<usize>> = HashMap::new();
    for j in 0..=t.len() - SEED {
        index.entry(&t[j..j + SEED]).or_default().push(j);
    }
    let mut out = Vec::new();
    for i in 0..=r.len() - SEED {
        let Some(js) = index.get(&r[i..i + SEED]) else {
            continue;
        };
        if js.len() > MAX_SEED_HITS {
            continue;
        }
        for &j in js {
            if i > 0 && j > 0 && r[i - 1] == t[j - 1] {
                continue;
            }
            let mut len = SEED;
            while i + len < r.len() && j + len < t.len() && r[i + len] == t[j + len] {
                len += 1;
            }
            out.push(Block { i, j, len });
        }
    }
    out
}

/// Largest difference bridged between two blocks of a chain, in
/// characters on each side.
const GAP: usize = 48;
/// Largest shift between the diagonals of two chained blocks.
const SHIFT: usize = 16;

fn diagonal(b: &Block) -> isize {
    b.j as isize - b.i as isize
}

/// Extends `blocks[main]` into a chain of blocks on nearby diagonals
/// separated by at most [`GAP`] characters; returns `[i0, i1)`, `[j0, j1)`
/// and the number of blocks.
fn chain(blocks: &[Block], main: Block) -> (usize, usize, usize, usize, usize) {
    let (mut i0, mut j0) = (main.i, main.j);
    let (mut i1, mut j1) = (main.i + main.len, main.j + main.len);
    let mut n = 1;
    loop {
        let d = j1 as isize - i1 as isize;
        let next = blocks
            .iter()
            .filter(|c| c.i + c.len > i1 && c.j + c.len > j1)
            .filter(|c| c.i <= i1 + GAP && c.j <= j1 + GAP && c.i >= i0 && c.j >= j0)
            .filter(|c| diagonal(c).abs_diff(d) <= SHIFT)
            .min_by_key(|c| {
                (
                    c.i.saturating_sub(i1).max(c.j.saturating_sub(j1)),
                    usize::MAX - c.len,
                )
            });
        let Some(c) = next else { break };
        i1 = c.i + c.len;
        j1 = c.j + c.len;
        n += 1;
    }
    loop {
        let d = j0 as isize - i0 as isize;
        let prev = blocks
            .iter()
            .filter(|c| c.i < i0 && c.j < j0)
            .filter(|c| c.i + c.len + GAP >= i0 && c.j + c.len + GAP >= j0)
            .filter(|c| c.i + c.len <= i1 && c.j + c.len <= j1)
            .filter(|c| diagonal(c).abs_diff(d) <= SHIFT)
            .min_by_key(|c| {
                (
                    i0.saturating_sub(c.i + c.len)
                        .max(j0.saturating_sub(c.j + c.len)),
                    usize::MAX - c.len,
                )
            });
        let Some(c) = prev else { break };
        i0 = c.i;
        j0 = c.j;
        n += 1;
    }
    (i0, i1, j0, j1, n)
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

/// Whether a found length agrees with a stated one, allowing for the
/// characters the text files lost.
fn length_agrees(found: usize, stated: usize) -> bool {
    found.abs_diff(stated) <= (stated / 10).max(16)
}

/// Places a PAN truth case whose stated offsets drift on the text.
///
/// The passage of a no-obfuscation case reads the same in both documents,
/// up to line breaks and the characters the files lost. Both documents are
/// searched within `window` characters of the stated ranges, with
/// whitespace runs folded into one space: every maximal common substring
/// of at least 12 characters is found, the one covering most of both
/// stated ranges is taken, and it is extended through differences of at
/// most 48 characters (shifting the alignment by at most 16) by
/// neighbouring common substrings. The result is
/// [`Anchor::Exact`] when one common substring makes the whole passage,
/// [`Anchor::Approximate`] when several do, and either only when its
/// lengths agree with the stated ones (within 10% or 16 characters);
/// otherwise [`Anchor::Failed`] with the stated offsets clipped to the
/// text. Whitespace at either end, and punctuation ending a sentence
/// before the passage, are left out.
pub fn reanchor(
    src: &[char],
    susp: &[char],
    stated: Annotation,
    window: usize,
) -> (Annotation, Anchor) {
    let clip = |s: Span, n: usize| Span::new(s.start.min(n), s.end.min(n));
    let failed = (
        Annotation::new(
            clip(stated.this, susp.len()),
            clip(stated.source, src.len()),
        ),
        Anchor::Failed,
    );
    let region = |s: Span, n: usize| {
        Span::new(
            s.start.saturating_sub(window).min(n),
            s.end.saturating_add(window).min(n),
        )
    };
    let r = fold(src, region(stated.source, src.len()));
    let t = fold(susp, region(stated.this, susp.len()));
    let blocks = common_blocks(&r.chars, &t.chars);
    let want_r = (r.index(stated.source.start), r.index(stated.source.end));
    let want_t = (t.index(stated.this.start), t.index(stated.this.end));
    let best = blocks.iter().copied().max_by_key(|b| {
        (
            overlap((b.i, b.i + b.len), want_r).min(overlap((b.j, b.j + b.len), want_t)),
            b.len,
        )
    });
    let Some(main) = best else { return failed };
    if overlap((main.i, main.i + main.len), want_r) == 0 {
        return failed;
    }
    let (mut i0, mut i1, mut j0, mut j1, n) = chain(&blocks, main);
    // A chain may take in the identical end of the sentences before the
    // passage (". ") and the space after it: leave them out.
    let lead = |c: char| c == ' ' || matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | ')');
    while i0 < i1 && lead(r.chars[i0]) && t.chars.get(j0) == Some(&r.chars[i0]) {
        i0 += 1;
        j0 += 1;
    }
    while i1 > i0 && r.chars[i1 - 1] == ' ' && j1 > j0 && t.chars[j1 - 1] == ' ' {
        i1 -= 1;
        j1 -= 1;
    }
    let found = Annotation::new(t.span(j0, j1), r.span(i0, i1));
    if found.this.is_empty()
        || !length_agrees(found.source.len(), stated.source.len())
        || !length_agrees(found.this.len(), stated.this.len())
    {
        return failed;
    }
    (
        found,
        if n == 1 {
            Anchor::Exact
        } else {
            Anchor::Approximate
        },
    )
}

/// Windows tried in turn by [`reanchor`] on the PAN corpus.
const WINDOWS: [usize; 3] = [512, 4096, 65536];

struct PanPair {
    susp_name: String,
    src_name: String,
    susp: String,
    src: String,
    stated: Vec<Annotation>,
    cases: Vec<Annotation>,
}

fn read_text(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

fn pan_eval(cmp: &Comparer, data: &Path, sample: Option<usize>) -> Result<()> {
    let root = data.join("align/pan13-subset");
    let truth = root.join("02-no-obfuscation");
    let list = read_text(&truth.join("pairs"))?;
    let mut names: Vec<(String, String)> = list
        .lines()
        .filter_map(|l| {
            let mut it = l.split_whitespace();
            Some((it.next()?.to_string(), it.next()?.to_string()))
        })
        .collect();
    if let Some(n) = sample {
        let step = (names.len() / n.max(1)).max(1);
        names = names.into_iter().step_by(step).take(n).collect();
    }
    let stem = |s: &str| s.strip_suffix(".txt").unwrap_or(s).to_string();
    let mut pairs = Vec::new();
    for (susp_name, src_name) in names {
        let xml_path = truth.join(format!("{}-{}.xml", stem(&susp_name), stem(&src_name)));
        let doc = pan::read_xml(&read_text(&xml_path)?)
            .with_context(|| format!("reading {}", xml_path.display()))?;
        let stated: Vec<Annotation> = doc
            .features
            .iter()
            .filter(|f| f.name == "plagiarism")
            .filter(|f| f.source_reference.as_deref().is_none_or(|s| s == src_name))
            .filter_map(|f| Some(Annotation::new(f.this, f.source?)))
            .collect();
        pairs.push(PanPair {
            susp: read_text(&root.join("susp").join(&susp_name))?,
            src: read_text(&root.join("src").join(&src_name))?,
            susp_name,
            src_name,
            stated,
            cases: Vec::new(),
        });
    }

    let mut counts = [0usize; 3];
    let mut drift: Vec<usize> = Vec::new();
    for p in &mut pairs {
        let src: Vec<char> = p.src.chars().collect();
        let susp: Vec<char> = p.susp.chars().collect();
        for &s in &p.stated {
            let mut placed = reanchor(&src, &susp, s, WINDOWS[0]);
            for w in &WINDOWS[1..] {
                if placed.1 == Anchor::Failed {
                    placed = reanchor(&src, &susp, s, *w);
                }
            }
            let (a, how) = placed;
            counts[how as usize] += 1;
            if how != Anchor::Failed {
                drift.push(a.this.start.abs_diff(s.this.start));
                drift.push(a.source.start.abs_diff(s.source.start));
            }
            p.cases.push(a);
        }
    }
    drift.sort_unstable();
    let total: usize = counts.iter().sum();

    let start = Instant::now();
    let detections: Vec<Vec<Annotation>> = pairs
        .par_iter()
        .map(|p| {
            let r = cmp.compare(&p.src_name, &p.src, &p.susp_name, &p.susp);
            pan::report_detections(&r)
        })
        .collect();
    let secs = start.elapsed().as_secs_f64();
    let doc_pairs = |stated: bool| -> Vec<DocPair> {
        pairs
            .iter()
            .zip(&detections)
            .map(|(p, d)| DocPair {
                suspicious: p.susp_name.clone(),
                source: p.src_name.clone(),
                cases: if stated {
                    p.stated.clone()
                } else {
                    p.cases.clone()
                },
                detections: d.clone(),
            })
            .collect()
    };
    let m = pan::evaluate(&doc_pairs(false));
    let m_stated = pan::evaluate(&doc_pairs(true));

    println!("## PAN 2013 text alignment, no obfuscation\n");
    println!(
        "{} pairs, {total} cases. Truth re-anchored on the text: {} exact ({:.1}%), {} approximate ({:.1}%), {} failed ({:.1}%, scored at the stated offsets); start offsets moved by a median of {} characters (90th percentile {}).\n",
        pairs.len(),
        counts[0],
        pct(counts[0], total),
        counts[1],
        pct(counts[1], total),
        counts[2],
        pct(counts[2], total),
        drift.get(drift.len() / 2).copied().unwrap_or(0),
        drift.get(drift.len() * 9 / 10).copied().unwrap_or(0),
    );
    println!("{MEASURES_HEAD}");
    println!("{}", measures_row("re-anchored truth", pairs.len(), &m));
    println!("{}", measures_row("stated offsets", pairs.len(), &m_stated));
    println!(
        "\n{:.1} s for {} pairs ({:.1} pairs/s on {} threads)\n",
        secs,
        pairs.len(),
        pairs.len() as f64 / secs.max(1e-9),
        rayon::current_num_threads()
    );
    Ok(())
}

// ---------------------------------------------------------------------------
// Synthetic spun pairs.

/// Where the spun passages go in a synthetic suspicious document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// The whole source, spun.
    Whole,
    /// One passage of 30–70% of the source, spun, alone.
    Partial,
    /// One passage of 20–50% of the source, spun, between unrelated text.
    Embedded,
    /// Two passages of the source, spun, in swapped order with unrelated
    /// text around and between them.
    Reordered,
}

impl Layout {
    const ALL: [Layout; 4] = [
        Layout::Whole,
        Layout::Partial,
        Layout::Embedded,
        Layout::Reordered,
    ];

    fn name(self) -> &'static str {
        match self {
            Layout::Whole => "whole",
            Layout::Partial => "partial",
            Layout::Embedded => "embedded",
            Layout::Reordered => "reordered",
        }
    }
}

/// A source document, a suspicious one and the passages of the first
/// reused in the second.
pub struct Synthetic {
    /// The source document.
    pub source: String,
    /// The suspicious document.
    pub suspicious: String,
    /// Where each reused passage is in both.
    pub cases: Vec<Annotation>,
}

/// Builds a suspicious document by concatenation, recording where the
/// reused passages land.
#[derive(Default)]
struct Builder {
    text: String,
    chars: usize,
    cases: Vec<Annotation>,
}

impl Builder {
    fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if !self.text.is_empty() {
            self.text.push_str("\n\n");
            self.chars += 2;
        }
        self.text.push_str(s);
        self.chars += char_len(s);
    }

    fn push_case(&mut self, s: &str, source: Span) {
        self.push(s);
        let start = self.chars - char_len(s);
        self.cases
            .push(Annotation::new(Span::new(start, self.chars), source));
    }
}

/// A run of whole sentences of `sents` covering about `share` of the
/// characters of `total`, starting at a random sentence of
/// `sents[lo..hi]`.
fn passage(
    sents: &[Span],
    lo: usize,
    hi: usize,
    total: usize,
    share: f64,
    rng: &mut ChaCha8Rng,
) -> Option<Span> {
    let hi = hi.min(sents.len());
    if lo >= hi {
        return None;
    }
    let target = (total as f64 * share) as usize;
    // Start early enough that the passage can reach its length.
    let mut first = rng.random_range(lo..hi);
    while first > lo && sents[hi - 1].end.saturating_sub(sents[first].start) < target {
        first -= 1;
    }
    let mut last = first;
    while last + 1 < hi && sents[last].end - sents[first].start < target {
        last += 1;
    }
    Some(Span::new(sents[first].start, sents[last].end))
}

/// Some whole sentences of an unrelated document.
fn filler(doc: &str, rng: &mut ChaCha8Rng) -> String {
    let sents = sentence_spans(doc);
    let total = sents.last().map_or(0, |s| s.end);
    match passage(
        &sents,
        0,
        sents.len(),
        total,
        rng.random_range(0.2..0.5),
        rng,
    ) {
        Some(s) => slice_chars(doc, s).to_string(),
        None => doc.trim().to_string(),
    }
}

/// Builds a synthetic pair from `src` with a spinner of `opts`.
pub fn synthetic_pair(
    th: &Thesauri,
    opts: SpinOptions,
    layout: Layout,
    src: &str,
    fillers: [&str; 2],
    rng: &mut ChaCha8Rng,
) -> Synthetic {
    let sents = sentence_spans(src);
    let whole = match (sents.first(), sents.last()) {
        (Some(f), Some(l)) => Span::new(f.start, l.end),
        _ => Span::new(0, 0),
    };
    let total = whole.len();
    let mut b = Builder::default();
    let spun_case = |b: &mut Builder, span: Span, rng: &mut ChaCha8Rng| {
        let (spun, _) = spin::spin(th, opts, slice_chars(src, span), rng);
        b.push_case(&spun, span);
    };
    let n = sents.len();
    match layout {
        Layout::Whole => spun_case(&mut b, whole, rng),
        Layout::Partial => {
            let share = rng.random_range(0.3..0.7);
            if let Some(p) = passage(&sents, 0, n, total, share, rng) {
                spun_case(&mut b, p, rng);
            }
        }
        Layout::Embedded => {
            let share = rng.random_range(0.2..0.5);
            b.push(&filler(fillers[0], rng));
            if let Some(p) = passage(&sents, 0, n, total, share, rng) {
                spun_case(&mut b, p, rng);
            }
            b.push(&filler(fillers[1], rng));
        }
        Layout::Reordered => {
            let mid = sents
                .partition_point(|s| s.start < whole.start + total / 2)
                .clamp(1, n.saturating_sub(1).max(1));
            let first = passage(&sents, 0, mid, total, rng.random_range(0.15..0.35), rng);
            let second = passage(&sents, mid, n, total, rng.random_range(0.15..0.35), rng);
            b.push(&filler(fillers[0], rng));
            if let Some(p) = second {
                spun_case(&mut b, p, rng);
            }
            b.push(&filler(fillers[1], rng));
            if let Some(p) = first {
                spun_case(&mut b, p, rng);
            }
        }
    }
    Synthetic {
        source: src.to_string(),
        suspicious: b.text,
        cases: b.cases,
    }
}

/// The folder a corpus document is in (its category).
fn category(id: &str) -> &str {
    let mut parts = id.rsplit('/');
    parts.next();
    parts.next().unwrap_or("")
}

/// `k` documents of `docs` other than `docs[i]` and from another category.
fn unrelated(docs: &[Doc], i: usize, k: usize) -> Vec<&Doc> {
    let cat = category(&docs[i].id);
    let n = docs.len();
    let mut out = Vec::new();
    let mut j = (i * 7919 + n / 2) % n.max(1);
    for _ in 0..n {
        if out.len() == k {
            break;
        }
        if j != i && category(&docs[j].id) != cat {
            out.push(&docs[j]);
        }
        j = (j + 97) % n;
    }
    while out.len() < k {
        out.push(&docs[(i + 1 + out.len()) % n]);
    }
    out
}

pub fn spinner(i: usize, rate: f64) -> SpinOptions {
    SpinOptions {
        thesaurus: Thesaurus::ALL[i % Thesaurus::ALL.len()],
        choice: spin::Choice::Uniform,
        rate,
        capitals: true,
        phrases: true,
    }
}

fn synthetic_eval(cmp: &Comparer, th: &Thesauri, news: &[Doc], science: &[Doc], per_rate: usize) {
    println!("## Synthetic spun passages (held-out news and science)\n");
    println!(
        "Layouts rotate over whole copies, partial copies (30–70% of the source), passages embedded in unrelated text, and two passages in swapped order; thesauri rotate over {}; capitalised words and phrases are swapped too.\n",
        Thesaurus::ALL.map(Thesaurus::name).join(", ")
    );
    println!("{MEASURES_HEAD}");
    let mut by_layout: Vec<String> = Vec::new();
    for (ri, rate) in [0.10, 0.25, 0.40].into_iter().enumerate() {
        let pairs: Vec<(Layout, Synthetic)> = (0..per_rate)
            .into_par_iter()
            .map(|i| {
                let docs = if i % 2 == 0 { news } else { science };
                let k = (i / 2 * 37 + ri * 11) % docs.len();
                let mut rng =
                    ChaCha8Rng::seed_from_u64(0xA11C_0000 + (ri as u64) * 100_000 + i as u64);
                let layout = Layout::ALL[(i / 2) % Layout::ALL.len()];
                let f = unrelated(docs, k, 2);
                let s = synthetic_pair(
                    th,
                    spinner(i / 2, rate),
                    layout,
                    &docs[k].text,
                    [&f[0].text, &f[1].text],
                    &mut rng,
                );
                (layout, s)
            })
            .collect();
        let detections: Vec<Vec<Annotation>> = pairs
            .par_iter()
            .map(|(_, s)| pan::report_detections(&cmp.compare("a", &s.source, "b", &s.suspicious)))
            .collect();
        let doc_pairs: Vec<(Layout, DocPair)> = pairs
            .iter()
            .zip(detections)
            .enumerate()
            .map(|(i, ((l, s), d))| {
                (
                    *l,
                    DocPair {
                        suspicious: format!("susp{i}"),
                        source: format!("src{i}"),
                        cases: s.cases.clone(),
                        detections: d,
                    },
                )
            })
            .collect();
        let all: Vec<DocPair> = doc_pairs.iter().map(|(_, p)| p.clone()).collect();
        let m = pan::evaluate(&all);
        println!(
            "{}",
            measures_row(&format!("rate {:.0}%", rate * 100.0), all.len(), &m)
        );
        let mut row = format!("| {:.0}% |", rate * 100.0);
        for l in Layout::ALL {
            let sub: Vec<DocPair> = doc_pairs
                .iter()
                .filter(|(x, _)| *x == l)
                .map(|(_, p)| p.clone())
                .collect();
            let m = pan::evaluate(&sub);
            let _ = write!(row, " {:.3} / {:.2} |", m.plagdet_macro(), m.granularity);
        }
        by_layout.push(row);
    }
    println!("\nplagdet / granularity by layout:\n");
    println!(
        "| rate | {} |\n| --- |{}",
        Layout::ALL.map(Layout::name).join(" | "),
        " ---: |".repeat(Layout::ALL.len())
    );
    for r in by_layout {
        println!("{r}");
    }
    println!();
}

// ---------------------------------------------------------------------------
// Verdicts.

/// A labelled pair of the verdict set.
pub struct Labelled {
    /// The expected verdict.
    pub label: CompareVerdict,
    /// Where it comes from (document ids and how `b` was made).
    pub id: String,
    /// Document `a` (the source).
    pub a: String,
    /// Document `b`.
    pub b: String,
}

/// A copy with few changes: the whole document or most of it, with up to
/// three words deleted, replaced or inserted.
pub fn light_edit(text: &str, other: &str, rng: &mut ChaCha8Rng) -> String {
    let sents = sentence_spans(text);
    let total = sents.last().map_or(0, |s| s.end);
    let base = if rng.random_bool(0.5) {
        text.trim().to_string()
    } else {
        let share = rng.random_range(0.6..0.95);
        passage(&sents, 0, sents.len(), total, share, rng).map_or_else(
            || text.trim().to_string(),
            |p| slice_chars(text, p).to_string(),
        )
    };
    let mut words: Vec<String> = base.split(' ').map(str::to_string).collect();
    let pool: Vec<&str> = other
        .split_whitespace()
        .filter(|w| w.chars().all(char::is_alphabetic))
        .collect();
    for _ in 0..rng.random_range(0..=3) {
        if words.len() < 2 {
            break;
        }
        let k = rng.random_range(1..words.len());
        match rng.random_range(0..3) {
            0 => {
                words.remove(k);
            }
            1 => {
                if let Some(w) = pool.choose(rng) {
                    words[k] = (*w).to_string();
                }
            }
            _ => {
                if let Some(w) = pool.choose(rng) {
                    words.insert(k, (*w).to_string());
                }
            }
        }
    }
    words.join(" ")
}

const OPENERS: &[&str] = &[
    "In fact,",
    "Reportedly,",
    "Notably,",
    "At the same time,",
    "It is understood that",
    "According to reports,",
    "Meanwhile,",
    "As it turns out,",
];

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        // Keep acronyms and names of more than one capital ("BBC", "UK").
        Some(f) if !c.clone().next().is_some_and(char::is_uppercase) => {
            f.to_lowercase().chain(c).collect()
        }
        _ => s.to_string(),
    }
}

fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// A synthetic paraphrase: the content of `text` reworded beyond word
/// swaps. Per paragraph, sentences are split at ", and", merged in pairs,
/// moved, and reordered internally (a trailing clause moved to the front);
/// words are dropped, short openers inserted, and the result is spun at a
/// high rate with a rotating thesaurus.
pub fn paraphrase(th: &Thesauri, text: &str, thesaurus: Thesaurus, rng: &mut ChaCha8Rng) -> String {
    let mut paragraphs = Vec::new();
    for para in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let mut sents: Vec<String> = sentence_spans(para)
            .into_iter()
            .map(|s| slice_chars(para, s).replace('\n', " "))
            .collect();
        // Split at ", and ".
        let mut split = Vec::new();
        for s in sents {
            match s.split_once(", and ") {
                Some((x, y)) if rng.random_bool(0.5) && y.len() > 20 => {
                    split.push(format!("{x}."));
                    split.push(upper_first(y));
                }
                _ => split.push(s),
            }
        }
        sents = split;
        // Merge neighbours.
        let mut merged: Vec<String> = Vec::new();
        let mut k = 0;
        while k < sents.len() {
            if k + 1 < sents.len() && rng.random_bool(0.25) && sents[k].ends_with('.') {
                let first = sents[k].trim_end_matches('.');
                merged.push(format!("{first}, while {}", lower_first(&sents[k + 1])));
                k += 2;
            } else {
                merged.push(sents[k].clone());
                k += 1;
            }
        }
        sents = merged;
        // Clause order: "A, B." becomes "B, a.".
        for s in &mut sents {
            if rng.random_bool(0.4)
                && let Some((x, y)) = s.trim_end_matches('.').rsplit_once(", ")
                && s.ends_with('.')
                && !y.contains('"')
                && !x.contains('"')
                && y.split(' ').count() >= 3
            {
                *s = format!("{}, {}.", upper_first(y), lower_first(x));
            }
        }
        // Drop words and insert openers.
        for s in &mut sents {
            let mut ws: Vec<&str> = s.split(' ').collect();
            let mut k = 1;
            while k + 1 < ws.len() {
                if rng.random_bool(0.08) && ws[k].chars().all(char::is_alphabetic) {
                    ws.remove(k);
                } else {
                    k += 1;
                }
            }
            let mut out = ws.join(" ");
            if rng.random_bool(0.3) {
                let o = OPENERS.choose(rng).copied().unwrap_or("Notably,");
                out = format!("{o} {}", lower_first(&out));
            }
            *s = out;
        }
        // Move sentences.
        if sents.len() > 2 {
            for k in 0..sents.len() - 1 {
                if rng.random_bool(0.3) {
                    sents.swap(k, k + 1);
                }
            }
        }
        paragraphs.push(sents.join(" "));
    }
    let reworded = paragraphs.join("\n\n");
    let opts = SpinOptions {
        thesaurus,
        choice: spin::Choice::Uniform,
        rate: rng.random_range(0.5..0.65),
        capitals: false,
        phrases: true,
    };
    spin::spin(th, opts, &reworded, rng).0
}

/// Words kept out of the same-story keys: capitalised function words and
/// words frequent at the start of sentences.
const NOT_NAMES: &[&str] = &[
    "The",
    "But",
    "And",
    "He",
    "She",
    "It",
    "In",
    "On",
    "At",
    "For",
    "This",
    "That",
    "They",
    "We",
    "I",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "A",
    "An",
    "If",
    "As",
    "However",
    "There",
    "Its",
    "His",
    "Her",
    "Their",
    "When",
    "While",
    "After",
    "Before",
    "Also",
    "With",
    "From",
    "By",
    "Of",
    "To",
    "Some",
    "Many",
    "Other",
    "One",
    "Two",
    "Three",
    "Last",
    "Next",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Capitalised words and numbers of `text` (the keys of same-story pairs).
fn story_keys(text: &str) -> HashSet<String> {
    tokenize(text)
        .into_iter()
        .filter_map(|t| {
            let s = t.text(text);
            let name = t.kind == TokenKind::Word
                && s.chars().count() >= 3
                && s.chars().next().is_some_and(char::is_uppercase)
                && !NOT_NAMES.contains(&s);
            let number = t.kind == TokenKind::Number && s.chars().count() >= 2;
            (name || number).then(|| s.to_string())
        })
        .collect()
}

fn shingles(text: &str, n: usize) -> HashSet<Vec<String>> {
    let ws: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            w.chars()
                .filter(|c| c.is_alphanumeric())
                .flat_map(char::to_lowercase)
                .collect()
        })
        .filter(|w: &String| !w.is_empty())
        .collect();
    ws.windows(n).map(<[String]>::to_vec).collect()
}

/// Share of the smaller document's word 5-grams found in the other.
fn containment(a: &str, b: &str) -> f64 {
    let (x, y) = (shingles(a, 5), shingles(b, 5));
    let small = x.len().min(y.len());
    if small == 0 {
        return 0.0;
    }
    x.intersection(&y).count() as f64 / small as f64
}

/// Documents sharing keys with at most this many documents count as rare.
const RARE_DF: usize = 6;
/// Rare keys a same-story pair shares at least.
const MIN_SHARED: usize = 7;
/// Same-story pairs share at most this share of word 5-grams; pairs above
/// [`DUPLICATE`] are near-duplicates of one article.
const STORY_MAX_CONTAINMENT: f64 = 0.05;
/// Containment from which a pair is one article published twice.
const DUPLICATE: f64 = 0.5;

/// Candidate pairs whose titles and leads were read and found to report
/// one event or subject (not different matches of one league, different
/// award ceremonies or different artists of one label). Candidates of the
/// rule outside this list are left out (ids relative to the data
/// directory).
const SAME_STORY_CHECKED: &[(&str, &str)] = &[
    ("news/bbc/sport/287.txt", "news/bbc/sport/332.txt"),
    ("news/bbc/sport/306.txt", "news/bbc/sport/344.txt"),
    ("news/bbc/sport/192.txt", "news/bbc/sport/205.txt"),
    ("news/bbc/sport/295.txt", "news/bbc/sport/410.txt"),
    ("news/bbc/business/197.txt", "news/bbc/business/217.txt"),
    ("news/bbc/business/435.txt", "news/bbc/business/451.txt"),
    ("news/bbc/tech/110.txt", "news/bbc/tech/364.txt"),
    (
        "news/bbc/entertainment/203.txt",
        "news/bbc/entertainment/225.txt",
    ),
    ("news/bbc/business/181.txt", "news/bbc/business/399.txt"),
    (
        "news/bbc/entertainment/043.txt",
        "news/bbc/entertainment/044.txt",
    ),
    (
        "news/bbc/entertainment/298.txt",
        "news/bbc/entertainment/305.txt",
    ),
    ("news/bbc/sport/058.txt", "news/bbc/sport/059.txt"),
    ("news/bbc/sport/163.txt", "news/bbc/sport/178.txt"),
    ("news/bbc/sport/233.txt", "news/bbc/sport/270.txt"),
    ("news/bbc/business/379.txt", "news/bbc/business/486.txt"),
    (
        "news/bbc/entertainment/065.txt",
        "news/bbc/entertainment/087.txt",
    ),
    (
        "news/bbc/entertainment/076.txt",
        "news/bbc/entertainment/297.txt",
    ),
    ("news/bbc/politics/151.txt", "news/bbc/politics/192.txt"),
    ("news/bbc/sport/322.txt", "news/bbc/sport/350.txt"),
    ("news/bbc/tech/016.txt", "news/bbc/tech/035.txt"),
    ("news/bbc/tech/138.txt", "news/bbc/tech/196.txt"),
    ("news/bbc/business/209.txt", "news/bbc/business/242.txt"),
    ("news/bbc/business/298.txt", "news/bbc/business/326.txt"),
    (
        "news/bbc/entertainment/187.txt",
        "news/bbc/entertainment/221.txt",
    ),
    (
        "news/bbc/entertainment/201.txt",
        "news/bbc/entertainment/212.txt",
    ),
    ("news/bbc/sport/464.txt", "news/bbc/sport/493.txt"),
    ("news/bbc/tech/177.txt", "news/bbc/tech/250.txt"),
];

/// Candidate same-story pairs of BBC articles: different articles (few
/// shared 5-grams) of the same category sharing at least [`MIN_SHARED`]
/// rare capitalised names and numbers, best first, each article used
/// once, kept when listed in [`SAME_STORY_CHECKED`]. Also returns the
/// number of near-duplicate pairs met.
pub fn same_story_pairs(news: &[Doc]) -> (Vec<(usize, usize, usize)>, usize) {
    let keys: Vec<HashSet<String>> = news.iter().map(|d| story_keys(&d.text)).collect();
    let mut df: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, k) in keys.iter().enumerate() {
        for w in k {
            df.entry(w.as_str()).or_default().push(i);
        }
    }
    let mut shared: HashMap<(usize, usize), usize> = HashMap::new();
    for docs in df.values().filter(|d| d.len() >= 2 && d.len() <= RARE_DF) {
        for (x, &i) in docs.iter().enumerate() {
            for &j in &docs[x + 1..] {
                *shared.entry((i.min(j), i.max(j))).or_default() += 1;
            }
        }
    }
    let mut cands: Vec<(usize, usize, usize)> = shared
        .into_iter()
        .filter(|&((i, j), n)| n >= MIN_SHARED && category(&news[i].id) == category(&news[j].id))
        .map(|((i, j), n)| (i, j, n))
        .collect();
    cands.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)).then(a.1.cmp(&b.1)));
    let mut used = HashSet::new();
    let mut out = Vec::new();
    let mut duplicates = 0;
    for (i, j, n) in cands {
        let c = containment(&news[i].text, &news[j].text);
        if c >= DUPLICATE {
            duplicates += 1;
            continue;
        }
        if c > STORY_MAX_CONTAINMENT
            || used.contains(&i)
            || used.contains(&j)
            || !SAME_STORY_CHECKED.contains(&(news[i].id.as_str(), news[j].id.as_str()))
        {
            continue;
        }
        used.insert(i);
        used.insert(j);
        out.push((i, j, n));
    }
    (out, duplicates)
}

/// The labelled verdict set: `per_class` pairs of each verdict (fewer
/// same-story pairs when the corpus has fewer).
pub fn verdict_set(
    th: &Thesauri,
    news: &[Doc],
    science: &[Doc],
    all_news: &[Doc],
    per_class: usize,
    seed: u64,
) -> Vec<Labelled> {
    // Documents too short to judge (`scan` calls them too_short: a title
    // with "No contact information provided yet.") are left out: three
    // changed words decide between every class there.
    let news: Vec<&Doc> = news
        .iter()
        .filter(|d| words(&d.text) >= MIN_WORDS)
        .collect();
    let science: Vec<&Doc> = science
        .iter()
        .filter(|d| words(&d.text) >= MIN_WORDS)
        .collect();
    let (news, science) = (&news[..], &science[..]);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut order: Vec<usize> = (0..news.len()).collect();
    order.shuffle(&mut rng);
    let mut sci_order: Vec<usize> = (0..science.len()).collect();
    sci_order.shuffle(&mut rng);
    let mut out = Vec::new();
    // A third of the copies come from science abstracts.
    let pick = |class: usize, k: usize| -> &Doc {
        if k % 3 == 2 {
            science[sci_order[(class * per_class + k) % science.len()]]
        } else {
            news[order[(class * per_class + k) % news.len()]]
        }
    };
    for k in 0..per_class {
        let d = pick(0, k);
        let other = &news[order[(news.len() - 1 - k) % news.len()]].text;
        out.push(Labelled {
            label: CompareVerdict::VerbatimCopy,
            id: format!("{} light edit", d.id),
            a: d.text.clone(),
            b: light_edit(&d.text, other, &mut rng),
        });
    }
    // A spun copy has more swaps than a light edit has changes (up to
    // three); a document the spinner barely touched (a ten-word title) is
    // passed over for the next one.
    for k in 0..per_class {
        for attempt in 0..MAX_SPIN_ATTEMPTS {
            let d = pick(1, k + attempt * per_class);
            let rate = rng.random_range(0.2..=0.4);
            let sents = sentence_spans(&d.text);
            let total = sents.last().map_or(0, |s| s.end);
            let part = if rng.random_bool(0.5) {
                d.text.trim().to_string()
            } else {
                let share = rng.random_range(0.6..0.95);
                passage(&sents, 0, sents.len(), total, share, &mut rng)
                    .map_or_else(|| d.text.clone(), |p| slice_chars(&d.text, p).to_string())
            };
            let (spun, swaps) = spin::spin(th, spinner(k, rate), &part, &mut rng);
            if swaps.len() <= MAX_LIGHT_EDITS && attempt + 1 < MAX_SPIN_ATTEMPTS {
                continue;
            }
            out.push(Labelled {
                label: CompareVerdict::SpunCopy,
                id: format!("{} spun {:.0}%", d.id, rate * 100.0),
                a: d.text.clone(),
                b: spun,
            });
            break;
        }
    }
    for k in 0..per_class {
        let d = pick(2, k);
        let t = Thesaurus::ALL[k % Thesaurus::ALL.len()];
        out.push(Labelled {
            label: CompareVerdict::Paraphrase,
            id: format!("{} paraphrased", d.id),
            a: d.text.clone(),
            b: paraphrase(th, &d.text, t, &mut rng),
        });
    }
    let (stories, _) = same_story_pairs(all_news);
    for &(i, j, _) in stories.iter().take(per_class) {
        out.push(Labelled {
            label: CompareVerdict::SameStory,
            id: format!("{} ~ {}", all_news[i].id, all_news[j].id),
            a: all_news[i].text.clone(),
            b: all_news[j].text.clone(),
        });
    }
    let mut k = 0;
    while out
        .iter()
        .filter(|l| l.label == CompareVerdict::Unrelated)
        .count()
        < per_class
        && k < 10 * per_class
    {
        k += 1;
        let (i, j) = if k % 4 == 0 {
            (
                rng.random_range(0..science.len()),
                rng.random_range(0..science.len()),
            )
        } else {
            (
                rng.random_range(0..news.len()),
                rng.random_range(0..news.len()),
            )
        };
        let docs = if k % 4 == 0 { science } else { news };
        if category(&docs[i].id) == category(&docs[j].id) {
            continue;
        }
        out.push(Labelled {
            label: CompareVerdict::Unrelated,
            id: format!("{} ~ {}", docs[i].id, docs[j].id),
            a: docs[i].text.clone(),
            b: docs[j].text.clone(),
        });
    }
    out
}

fn verdict_eval(cmp: &Comparer, set: &[Labelled], features: bool) {
    let reports: Vec<unspin_align::CompareReport> = set
        .par_iter()
        .map(|l| cmp.compare("a", &l.a, "b", &l.b))
        .collect();
    if features {
        println!(
            "label\tverdict\tpassages\tcov_a\tcov_b\tmatch\tsynonym\tsubstitute\tinsert\tdelete\tinversions\tquotes\tid"
        );
        for (l, r) in set.iter().zip(&reports) {
            let words = |k: unspin_align::OpKind| -> usize {
                r.passages
                    .iter()
                    .flat_map(|p| &p.ops)
                    .filter(|o| o.op == k)
                    .map(|o| {
                        o.a_text
                            .as_deref()
                            .or(o.b_text.as_deref())
                            .unwrap_or("")
                            .split_whitespace()
                            .count()
                    })
                    .sum()
            };
            let mut by_a: Vec<(usize, usize)> =
                r.passages.iter().map(|p| (p.a.start, p.b.start)).collect();
            by_a.sort_unstable();
            let inversions = by_a.windows(2).filter(|w| w[1].1 < w[0].1).count();
            println!(
                "{}\t{}\t{}\t{:.2}\t{:.2}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                l.label.as_str(),
                r.verdict.as_str(),
                r.passages.len(),
                r.coverage.a,
                r.coverage.b,
                words(unspin_align::OpKind::Match),
                words(unspin_align::OpKind::Synonym),
                words(unspin_align::OpKind::Substitute),
                words(unspin_align::OpKind::Insert),
                words(unspin_align::OpKind::Delete),
                inversions,
                r.quotes.len(),
                l.id
            );
        }
    }
    let got: Vec<CompareVerdict> = reports.iter().map(|r| r.verdict).collect();
    let idx = |v: CompareVerdict| {
        CompareVerdict::ALL
            .iter()
            .position(|&x| x == v)
            .unwrap_or(0)
    };
    let mut m = [[0usize; 5]; 5];
    let mut wrong: Vec<String> = Vec::new();
    for (l, &g) in set.iter().zip(&got) {
        m[idx(l.label)][idx(g)] += 1;
        if g != l.label && wrong.len() < 15 {
            wrong.push(format!("- {} → {}: {}", l.label.as_str(), g.as_str(), l.id));
        }
    }
    let right: usize = (0..5).map(|i| m[i][i]).sum();
    println!("## Verdicts\n");
    println!(
        "Synthetic copies of held-out news and science (light edits; spinner at 20–40%; a synthetic paraphraser that splits, merges and reorders sentences and clauses, drops words, adds openers and spins at 50–65%), same-story pairs of different BBC articles sharing at least {MIN_SHARED} rare names or numbers (same category, at most {:.0}% shared word 5-grams), and unrelated pairs from different categories. Rows: truth; columns: verdict.\n",
        STORY_MAX_CONTAINMENT * 100.0
    );
    println!(
        "| truth \\ verdict | {} | n | recall |\n| --- |{}",
        CompareVerdict::ALL.map(CompareVerdict::as_str).join(" | "),
        " ---: |".repeat(7)
    );
    for (i, v) in CompareVerdict::ALL.iter().enumerate() {
        let n: usize = m[i].iter().sum();
        let cells: Vec<String> = m[i].iter().map(usize::to_string).collect();
        println!(
            "| {} | {} | {n} | {:.1}% |",
            v.as_str(),
            cells.join(" | "),
            pct(m[i][i], n)
        );
    }
    println!(
        "\naccuracy: {:.1}% ({right} of {})\n",
        pct(right, set.len()),
        set.len()
    );
    if !wrong.is_empty() {
        println!("first errors:\n\n{}\n", wrong.join("\n"));
    }
}

// ---------------------------------------------------------------------------
// Speed.

/// A field of /proc/self/status in kB.
fn proc_status_kb(field: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// Generates the timed pairs, then times them in a fresh process that
/// loads only the lexicon (`xtask align-bench`), as `unspin compare` and
/// `unspin trace` run: this process holds the spinner's thesauri, whose
/// heap would slow allocation and inflate the memory figures.
fn speed_eval(th: &Thesauri, news: &[Doc], sample: usize) -> Result<()> {
    println!("## Speed (one thread)\n");
    let typical: Vec<&Doc> = news
        .iter()
        .filter(|d| (450..=750).contains(&words(&d.text)))
        .take(sample.max(2))
        .collect();
    let mut rng = ChaCha8Rng::seed_from_u64(0x5BEED);
    let pairs: Vec<(String, String)> = typical
        .iter()
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let (s, _) = spin::spin(th, spinner(i / 2, 0.25), &d.text, &mut rng);
                (d.text.clone(), s)
            } else {
                (
                    d.text.clone(),
                    typical[(i + 1) % typical.len()].text.clone(),
                )
            }
        })
        .collect();
    let mut big = String::new();
    let mut n = 0;
    for d in news {
        if n >= 100_000 {
            break;
        }
        big.push_str(d.text.trim());
        big.push_str("\n\n");
        n += words(&d.text);
    }
    let (spun, _) = spin::spin(th, spinner(0, 0.25), &big, &mut rng);
    let dir = std::env::temp_dir().join(format!("unspin-align-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let write = |name: &str, pairs: &[(String, String)]| -> Result<std::path::PathBuf> {
        let path = dir.join(name);
        let mut out = String::new();
        for (a, b) in pairs {
            out.push_str(&serde_json::json!({ "a": a, "b": b }).to_string());
            out.push('\n');
        }
        std::fs::write(&path, out)?;
        Ok(path)
    };
    let news_file = write("news.jsonl", &pairs)?;
    let big_file = write("big.jsonl", &[(big, spun)])?;
    let exe = std::env::current_exe()?;
    for (file, what) in [
        (
            &news_file,
            "news pairs (half spun copies at 25%, half unrelated)".to_string(),
        ),
        (
            &big_file,
            format!("one pair of {n}-word documents (the second spun at 25%)"),
        ),
    ] {
        let out = std::process::Command::new(&exe)
            .arg("align-bench")
            .arg(file)
            .output()
            .context("run xtask align-bench")?;
        let line = String::from_utf8_lossy(&out.stdout);
        println!("- {what}: {}", line.trim());
    }
    let _ = std::fs::remove_dir_all(&dir);
    println!();
    Ok(())
}

/// Times `Comparer::compare` over the JSON Lines pairs (`a`, `b`) of
/// `file`, one thread, and prints pairs/s, words and peak memory of this
/// process (VmHWM, lexicon included).
pub fn bench(lex: &unspin_lexicon::Lexicon, file: &Path) -> Result<()> {
    let text = std::fs::read_to_string(file).with_context(|| file.display().to_string())?;
    let mut pairs = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let get = |k: &str| v[k].as_str().unwrap_or_default().to_string();
        pairs.push((get("a"), get("b")));
    }
    let cmp = Comparer::new(lex);
    let mean_words = pairs
        .iter()
        .map(|(a, b)| words(a) + words(b))
        .sum::<usize>() as f64
        / (2 * pairs.len().max(1)) as f64;
    // The median of several passes over the set, so that a busy moment of
    // the machine does not decide the figure.
    let mut times = Vec::new();
    let mut passages = 0;
    let rounds = if pairs.len() > 1 { 7 } else { 3 };
    for _ in 0..rounds {
        let start = Instant::now();
        passages = 0;
        for (a, b) in &pairs {
            passages += cmp.compare("a", a, "b", b).passages.len();
        }
        times.push(start.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    let secs = times[times.len() / 2];
    let peak = proc_status_kb("VmHWM:").unwrap_or(0);
    println!(
        "{:.1} pairs/s ({secs:.3} s for {} pairs of {mean_words:.0} words on average, median of {rounds} passes; {passages} passages), peak memory of the process {:.0} MB",
        pairs.len() as f64 / secs.max(1e-9),
        pairs.len(),
        peak as f64 / 1024.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    fn text_of(s: &[char], span: Span) -> String {
        s[span.start..span.end].iter().collect()
    }

    const PASSAGE: &str = "The committee approved the new budget after a long debate about schools, roads and the hospital that was promised years ago.";

    #[test]
    fn reanchors_an_exact_passage_with_drift() {
        let src = chars(&format!(
            "Opening words of the source. {PASSAGE} Closing words here."
        ));
        let susp = chars(&format!(
            "Something else entirely is written first, at length. {}\nMore unrelated text.",
            PASSAGE.replace(" about ", "\nabout ")
        ));
        let n = PASSAGE.chars().count();
        let true_src = Span::new(29, 29 + n);
        let true_susp = Span::new(53, 53 + n);
        // Stated offsets drift by a few characters, as after lost characters.
        let stated = Annotation::new(Span::new(60, 60 + n + 3), Span::new(35, 35 + n + 3));
        let (a, how) = reanchor(&src, &susp, stated, 64);
        assert_eq!(how, Anchor::Exact);
        assert_eq!(a.source, true_src);
        assert_eq!(a.this, true_susp);
        assert_eq!(text_of(&src, a.source), PASSAGE);
    }

    #[test]
    fn reanchors_through_small_differences() {
        let src = chars(&format!("Intro. {PASSAGE} End."));
        let changed = PASSAGE
            .replace("promised", "prornised")
            .replace("debate", "debale");
        let susp = chars(&format!("Other matter before it. {changed} After."));
        let stated = Annotation::new(
            Span::new(24, 24 + changed.chars().count()),
            Span::new(7, 7 + PASSAGE.chars().count()),
        );
        let (a, how) = reanchor(&src, &susp, stated, 64);
        assert_eq!(how, Anchor::Approximate);
        assert_eq!(text_of(&src, a.source), PASSAGE);
        assert_eq!(text_of(&susp, a.this), changed);
    }

    #[test]
    fn reanchoring_fails_without_a_shared_passage() {
        let src = chars(&format!("Intro. {PASSAGE} End."));
        let susp = chars("Nothing of the kind is in this document at all, none whatsoever.");
        let stated = Annotation::new(Span::new(10, 40), Span::new(7, 37));
        let (a, how) = reanchor(&src, &susp, stated, 64);
        assert_eq!(how, Anchor::Failed);
        assert_eq!(a, stated);
        // Offsets beyond the text are clipped, not a panic.
        let far = Annotation::new(Span::new(1000, 2000), Span::new(500, 900));
        let (a, how) = reanchor(&src, &susp, far, 64);
        assert_eq!(how, Anchor::Failed);
        assert!(a.this.end <= susp.len() && a.source.end <= src.len());
        let (_, how) = reanchor(&[], &[], far, 64);
        assert_eq!(how, Anchor::Failed);
    }

    #[test]
    fn reanchoring_rejects_a_fragment_of_another_length() {
        // Only half of the stated passage is shared.
        let half: String = PASSAGE.chars().take(60).collect();
        let src = chars(&format!("Intro. {PASSAGE} End."));
        let susp = chars(&format!(
            "Before. {half} and then something quite different follows here and continues for a while."
        ));
        let n = PASSAGE.chars().count();
        let stated = Annotation::new(Span::new(8, 8 + n), Span::new(7, 7 + n));
        assert_eq!(reanchor(&src, &susp, stated, 64).1, Anchor::Failed);
    }

    #[test]
    fn slices_by_characters() {
        assert_eq!(slice_chars("héllo wörld", Span::new(1, 7)), "éllo w");
        assert_eq!(slice_chars("abc", Span::new(2, 10)), "c");
        assert_eq!(slice_chars("abc", Span::new(5, 2)), "");
    }

    fn identity_thesauri() -> Thesauri {
        Thesauri::new(&[], &[], Default::default())
    }

    const SRC: &str = "Markets rallied on Monday. Investors welcomed the news from the central bank. \
        Shares in London rose by two percent. Analysts said the mood had changed. \
        The pound was steady against the dollar. Oil prices fell slightly in late trading.\n\n\
        Traders expect more gains this week. The bank will publish its minutes on Thursday.";
    const FILL1: &str = "The film won three awards at the festival. Critics praised the lead actor. The director thanked her family.";
    const FILL2: &str = "Rain is expected across the north. Temperatures will drop overnight. Drivers were told to take care.";

    #[test]
    fn synthetic_truth_slices_the_spun_passages() {
        let th = identity_thesauri();
        for (i, layout) in Layout::ALL.into_iter().enumerate() {
            for seed in 0..20 {
                let mut rng = ChaCha8Rng::seed_from_u64(seed);
                let s =
                    synthetic_pair(&th, spinner(i, 0.25), layout, SRC, [FILL1, FILL2], &mut rng);
                let want = if layout == Layout::Reordered { 2 } else { 1 };
                assert_eq!(s.cases.len(), want, "{layout:?}");
                for c in &s.cases {
                    // With an empty thesaurus the spinner changes nothing, so
                    // both sides of a case read the same.
                    let src_text = slice_chars(&s.source, c.source);
                    assert_eq!(slice_chars(&s.suspicious, c.this), src_text);
                    assert!(!src_text.is_empty());
                    assert_eq!(src_text.trim(), src_text);
                    assert!(c.this.end <= char_len(&s.suspicious));
                }
                if layout == Layout::Reordered {
                    assert!(s.cases[0].source.start > s.cases[1].source.start);
                    assert!(s.cases[0].this.start < s.cases[1].this.start);
                }
                if layout == Layout::Whole {
                    assert_eq!(s.cases[0].this, Span::new(0, char_len(&s.suspicious)));
                }
            }
        }
    }

    #[test]
    fn synthetic_truth_tracks_non_ascii_text() {
        let th = identity_thesauri();
        let src = "Zoë Ökonom met the Minister in Zürich. Prices were higher — by 5%. \
            The café closed early. Señor García said “no comment” today.";
        let mut rng = ChaCha8Rng::seed_from_u64(3);
        let s = synthetic_pair(
            &th,
            spinner(0, 0.4),
            Layout::Embedded,
            src,
            ["Ångström units — fine. Næste.", FILL2],
            &mut rng,
        );
        for c in &s.cases {
            assert_eq!(
                slice_chars(&s.suspicious, c.this),
                slice_chars(src, c.source)
            );
        }
    }

    #[test]
    fn partial_passages_have_about_the_asked_share() {
        let sents = sentence_spans(SRC);
        let total = sents.last().unwrap().end;
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        for _ in 0..50 {
            let p = passage(&sents, 0, sents.len(), total, 0.5, &mut rng).unwrap();
            assert!(p.len() * 10 >= total * 4, "{p:?} of {total}");
        }
        assert_eq!(passage(&sents, 3, 3, total, 0.5, &mut rng), None);
    }

    #[test]
    fn categories() {
        assert_eq!(category("news/bbc/sport/001.txt"), "sport");
        assert_eq!(category("ncbi/123"), "ncbi");
        assert_eq!(category("x"), "");
    }

    #[test]
    fn containment_of_copies() {
        assert!(containment(SRC, SRC) > 0.99);
        assert!(containment(SRC, FILL1) < 0.01);
        assert_eq!(containment("", SRC), 0.0);
    }

    #[test]
    fn paraphrase_rewords() {
        let th = identity_thesauri();
        let mut rng = ChaCha8Rng::seed_from_u64(5);
        let p = paraphrase(&th, SRC, Thesaurus::WordNet, &mut rng);
        assert_ne!(p, SRC);
        assert!(containment(SRC, &p) < 0.9);
        assert!(words(&p) * 2 > words(SRC));
    }

    #[test]
    fn light_edits_stay_close() {
        let mut rng = ChaCha8Rng::seed_from_u64(9);
        for _ in 0..20 {
            let e = light_edit(SRC, FILL1, &mut rng);
            assert!(containment(SRC, &e) > 0.5, "{e}");
        }
    }
}
