//! Alignment of two documents through the spin.
//!
//! [`Comparer::compare`] finds every passage of one document reused in the
//! other, robust to synonym swaps, inflection changes, inserted and deleted
//! words and reordered sentences; gives each a word-level edit script;
//! pairs up the quotations of both documents; and says what kind of copy,
//! if any, one is of the other. [`pan`] implements the PAN text-alignment
//! measures used to evaluate it.
//!
//! ```
//! use unspin_align::{Comparer, CompareVerdict, OpKind};
//! use unspin_lexicon::Lexicon;
//!
//! let lex = Lexicon::embedded();
//! let a = "Secretary of State Marco Rubio told ABC on Sunday that the talks had failed, \
//!          and officials told the network's partner that a new round was not planned before \
//!          the summit in Geneva next month, when ministers meet again.";
//! let b = "Secretary of State Marco Rubio instructed ABC on Sunday that the talks had failed, \
//!          and officers instructed the network's accomplice that a new round was not planned \
//!          before the summit in Geneva next month, when ministers meet again.";
//! let report = Comparer::new(&lex).compare("a.txt", a, "b.txt", b);
//! assert_eq!(report.verdict, CompareVerdict::SpunCopy);
//! let swaps: Vec<(&str, &str)> = report.passages[0]
//!     .ops
//!     .iter()
//!     .filter(|o| o.op == OpKind::Synonym)
//!     .map(|o| (o.a_text.as_deref().unwrap(), o.b_text.as_deref().unwrap()))
//!     .collect();
//! assert!(swaps.contains(&("told", "instructed")));
//! ```
#![deny(missing_docs)]

mod chain;
mod edit;
pub mod pan;
mod quote_report;
mod quotes;
pub mod report;
mod verdict;
mod words;

pub use quote_report::{MatchStatus, QUOTES_SCHEMA, QuoteEntry, QuoteMatch, QuotesReport};
pub use report::{
    COMPARE_SCHEMA, CompareReport, CompareVerdict, Coverage, Direction, Op, OpKind, Passage,
    QuotePair, QuoteStatus, Span,
};
use unspin_lexicon::Lexicon;

use crate::chain::{ChainConfig, Seed};
use crate::edit::{Step, StepCounts};
use crate::words::{Doc, LemmaMemo, Relation, Vocab};

/// Compares documents with a lexicon. Cheap to create; it remembers how
/// word forms read in the lexicon across comparisons (results never depend
/// on it), and one comparer can serve many threads.
pub struct Comparer<'l> {
    lex: &'l Lexicon,
    chain: ChainConfig,
    lemma_memo: LemmaMemo,
}

/// A passage under construction: its fixed points, as word indices.
struct Draft {
    anchors: Vec<(u32, u32, Relation)>,
    score: f64,
}

impl Draft {
    fn a_first(&self) -> u32 {
        self.anchors[0].0
    }
    fn a_last(&self) -> u32 {
        self.anchors[self.anchors.len() - 1].0
    }
    fn b_first(&self) -> u32 {
        self.anchors.iter().map(|x| x.1).min().unwrap_or(0)
    }
    fn b_last(&self) -> u32 {
        self.anchors.iter().map(|x| x.1).max().unwrap_or(0)
    }
}

/// Words of gap, in each document, across which two neighbouring passages
/// are taken as one.
const MERGE_GAP: u32 = 40;
/// Passages looked back at for one that a passage continues.
const MERGE_LOOKBACK: usize = 4;
/// Words by which neighbouring passages may overlap and still be one.
const MAX_OVERLAP: i64 = 30;
/// Longest gap, in words, bridged when the words of the gaps overlap.
const MAX_BRIDGE: u32 = 150;
/// Share of the gap's word forms found on both sides for a bridge.
const MIN_BRIDGE_OVERLAP: f64 = 0.3;

/// Share of the distinct word forms of two gaps that occur in both.
fn gap_overlap(a: &Doc, ra: std::ops::Range<u32>, b: &Doc, rb: std::ops::Range<u32>) -> f64 {
    let set = |d: &Doc, r: std::ops::Range<u32>| -> Vec<u32> {
        let mut v: Vec<u32> = r.map(|i| d.words[i as usize].ty).collect();
        v.sort_unstable();
        v.dedup();
        v
    };
    let (x, y) = (set(a, ra), set(b, rb));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let common = x.iter().filter(|t| y.binary_search(t).is_ok()).count();
    common as f64 / x.len().min(y.len()) as f64
}

/// Related words (identical, inflected or synonyms) taken in before a
/// passage's first fixed point and after its last.
const MAX_EXTEND: usize = 12;

impl<'l> Comparer<'l> {
    /// A comparer with the default configuration.
    pub fn new(lex: &'l Lexicon) -> Self {
        Comparer {
            lex,
            chain: ChainConfig::default(),
            lemma_memo: LemmaMemo::default(),
        }
    }

    /// Compares document `a` (named `a_source` in the report) with `b`.
    pub fn compare(&self, a_source: &str, a: &str, b_source: &str, b: &str) -> CompareReport {
        let mut vocab = Vocab::new(self.lex, &self.lemma_memo);
        let da = vocab.doc(a);
        let db = vocab.doc(b);
        let drafts = self.drafts(&mut vocab, &da, &db);
        let min_short_same = MIN_SHORT_SAME.min(da.words.len().min(db.words.len()) / 2);
        let mut passages = Vec::with_capacity(drafts.len());
        let mut counts = StepCounts::default();
        let mut steps_all: Vec<Step> = Vec::new();
        let mut ranges: Vec<((u32, u32), (u32, u32))> = Vec::new();
        for d in &drafts {
            let steps = passage_steps(&mut vocab, &da, &db, d);
            let c = StepCounts::of(&steps);
            // A short chain must be a stretch of text, function words
            // included, not a repeated name ("Orange County Convention
            // Center").
            if d.anchors.len() < SHORT_CHAIN && c.same < min_short_same {
                continue;
            }
            counts.add(c);
            let (wa, wb) = word_ranges(&steps);
            ranges.push((wa, wb));
            let (sa, sb) = extend_span(&da, wa, &db, wb);
            passages.push(Passage {
                a: sa,
                b: sb,
                ops: edit::ops(&da, &db, &steps),
            });
            steps_all.extend(steps);
        }
        let coverage = Coverage {
            a: covered(da.words.len(), ranges.iter().map(|r| r.0)),
            b: covered(db.words.len(), ranges.iter().map(|r| r.1)),
        };
        let similarity = if da.words.is_empty() && db.words.is_empty() {
            0.0
        } else {
            (2 * counts.related()) as f64 / (da.words.len() + db.words.len()) as f64
        }
        .min(1.0);
        let quotes = quotes::pairs(&mut vocab, &da, &db);
        // Passages in another order in `b` than in `a`: restructured text.
        let mut order: Vec<(usize, usize)> =
            passages.iter().map(|p| (p.a.start, p.b.start)).collect();
        order.sort_unstable();
        let reordered = order.windows(2).any(|w| w[1].1 < w[0].1);
        let verdict = verdict::verdict(&vocab, &da, &db, &counts, coverage, &quotes, reordered);
        let direction = if verdict.is_copy() {
            verdict::direction(&vocab, &da, &db, &steps_all)
        } else {
            Direction::Unknown
        };
        CompareReport {
            schema: COMPARE_SCHEMA.to_string(),
            a: a_source.to_string(),
            b: b_source.to_string(),
            verdict,
            similarity: round3(similarity),
            direction,
            coverage: Coverage {
                a: round3(coverage.a),
                b: round3(coverage.b),
            },
            passages,
            quotes,
        }
    }

    /// The quotations of `a` paired with the quotations of `b` that read
    /// like them (same speaker or unattributed, most words related), one
    /// to one, each `exact` or `altered` with its word-level edits: what
    /// [`Comparer::compare`] reports as `quotes`, without aligning the
    /// rest of the texts.
    pub fn quote_pairs(&self, a: &str, b: &str) -> Vec<QuotePair> {
        let mut vocab = Vocab::new(self.lex, &self.lemma_memo);
        let da = vocab.doc(a);
        let db = vocab.doc(b);
        quotes::pairs(&mut vocab, &da, &db)
    }

    /// The quotations of `text` (named `source`), each looked up in every
    /// one of `others` (`(source, text)` pairs): found exact, altered, or
    /// `not_found` there. What `unspin quotes --against` reports.
    pub fn quotes_report(&self, source: &str, text: &str, others: &[(&str, &str)]) -> QuotesReport {
        let mut r = QuotesReport::new(source, text);
        for (other_source, other) in others {
            let pairs = self.quote_pairs(text, other);
            r.record(other_source, other, &pairs, true);
        }
        r
    }

    /// Chains of seeds turned into passages of word indices, merged where
    /// neighbouring and trimmed where they overlap in `b`.
    fn drafts(&self, vocab: &mut Vocab, a: &Doc, b: &Doc) -> Vec<Draft> {
        // Short documents (a title, a one-line abstract) cannot offer as
        // many seeds as the defaults ask for: ask for half their words.
        let mut cfg = self.chain;
        let fewest = a.content.len().min(b.content.len());
        cfg.min_seeds = cfg.min_seeds.min((fewest / 2).max(2));
        cfg.min_score = cfg.min_score.min(cfg.min_seeds as f64);
        let seeds = chain::seeds(vocab, a, b, &cfg);
        let chains = chain::chains(&seeds, &cfg);
        let to_words = |s: &Seed| (a.content[s.ca as usize], b.content[s.cb as usize], s.rel);
        // Chains of reworded reuse (a paraphrase keeps fewer words than a
        // spun copy) count only when together they cover much of a
        // document: sparse chains alone are chance runs of common words.
        let chains: Vec<chain::Chain> = chains
            .into_iter()
            .filter(|c| c.seeds.len() >= 2 * SHORT_CHAIN || diversity(c, a) >= MIN_DIVERSITY)
            .collect();
        let strict: Vec<&chain::Chain> = chains
            .iter()
            .filter(|c| density(c) >= MIN_DENSITY && steady(c) >= MIN_STEADY)
            .collect();
        let loose: Vec<&chain::Chain> = chains
            .iter()
            .filter(|c| {
                let d = density(c);
                steady(c) >= MIN_STEADY
                    && (d >= MIN_DENSITY
                        || (d >= MIN_LOOSE_DENSITY && c.seeds.len() >= SHORT_CHAIN))
            })
            .collect();
        let cover = |cs: &[&chain::Chain]| -> f64 {
            let ra = cs.iter().map(|c| {
                let (f, l) = (c.seeds[0], c.seeds[c.seeds.len() - 1]);
                (a.content[f.ca as usize], a.content[l.ca as usize])
            });
            let rb = cs.iter().map(|c| {
                let (f, l) = (c.seeds[0], c.seeds[c.seeds.len() - 1]);
                (b.content[f.cb as usize], b.content[l.cb as usize])
            });
            covered(a.words.len(), ra).max(covered(b.words.len(), rb))
        };
        let chosen = if cover(&strict) < LOOSE_MIN_COVERAGE && cover(&loose) >= LOOSE_MIN_COVERAGE {
            loose
        } else {
            strict
        };
        let mut drafts: Vec<Draft> = chosen
            .into_iter()
            .map(|c| Draft {
                anchors: c.seeds.iter().map(to_words).collect(),
                score: c.score,
            })
            .collect();
        // Drop chains that mostly overlap a stronger one in `b`: each part
        // of `b` has one source.
        drafts.sort_by(|x, y| y.score.total_cmp(&x.score));
        let mut kept: Vec<Draft> = Vec::new();
        for d in drafts {
            let (s, e) = (d.b_first(), d.b_last() + 1);
            let overlap: u32 = kept
                .iter()
                .map(|k| {
                    let (ks, ke) = (k.b_first(), k.b_last() + 1);
                    e.min(ke).saturating_sub(s.max(ks))
                })
                .sum();
            if overlap * 2 <= e - s {
                kept.push(d);
            }
        }
        // Merge neighbours that continue each other in both documents: a
        // short gap, or a longer one of similar length in both whose words
        // overlap (a stretch too common or too heavily reworded to seed).
        kept.sort_by_key(|d| (d.a_first(), d.b_first()));
        let mut merged: Vec<Draft> = Vec::new();
        for d in kept {
            // The passage this one continues, among the last few (another
            // passage may sit between them in `a`'s order).
            let n = merged.len();
            let target = (n.saturating_sub(MERGE_LOOKBACK)..n).rev().find(|&k| {
                let last = &merged[k];
                let a_gap = d.a_first() as i64 - last.a_last() as i64;
                let b_gap = d.b_first() as i64 - last.b_last() as i64;
                let near = |g: i64| (-MAX_OVERLAP..=MERGE_GAP as i64).contains(&g);
                let far = |g: i64| (1..=MAX_BRIDGE as i64).contains(&g);
                (near(a_gap) && near(b_gap))
                    || (far(a_gap)
                        && far(b_gap)
                        && (a_gap - b_gap).abs() <= 10 + a_gap.max(b_gap) / 2
                        && gap_overlap(
                            a,
                            last.a_last() + 1..d.a_first(),
                            b,
                            last.b_last() + 1..d.b_first(),
                        ) >= MIN_BRIDGE_OVERLAP)
            });
            match target {
                Some(k) => {
                    merged[k].anchors.extend(d.anchors);
                    merged[k].score += d.score;
                }
                None => merged.push(d),
            }
        }
        merged
    }
}

/// Share of the content words spanned by a chain (on the wordier side)
/// that must be seeds.
const MIN_DENSITY: f64 = 0.5;
/// Lower density accepted for chains that together cover at least
/// [`LOOSE_MIN_COVERAGE`] of a document (reworded reuse).
const MIN_LOOSE_DENSITY: f64 = 0.3;
const LOOSE_MIN_COVERAGE: f64 = 0.4;

/// Share of distinct word forms a chain of fewer than twice
/// [`SHORT_CHAIN`] seeds needs.
const MIN_DIVERSITY: f64 = 0.75;
/// Chains with fewer seeds than this are short ones.
const SHORT_CHAIN: usize = 8;
/// Identical words (function words included) a short chain's passage needs.
const MIN_SHORT_SAME: usize = 12;

/// Share of a chain's steps that must keep the diagonal exactly.
const MIN_STEADY: f64 = 0.5;

/// Share of the content words spanned by a chain (on the wordier side)
/// that are seeds.
fn density(c: &chain::Chain) -> f64 {
    let first = c.seeds[0];
    let last = c.seeds[c.seeds.len() - 1];
    let span = (last.ca - first.ca + 1).max(last.cb - first.cb + 1) as f64;
    c.seeds.len() as f64 / span
}

/// Share of distinct word forms among a chain's seeds: a short chain
/// resting on a few repeated names ("Lake Las Vegas … Lake Las Vegas") is
/// two texts on one subject, not a copy.
fn diversity(c: &chain::Chain, a: &Doc) -> f64 {
    let mut types: Vec<u32> = c
        .seeds
        .iter()
        .map(|s| a.words[a.content[s.ca as usize] as usize].ty)
        .collect();
    types.sort_unstable();
    types.dedup();
    types.len() as f64 / c.seeds.len().max(1) as f64
}

/// Share of a chain's steps from one seed to the next that keep the
/// diagonal exactly: a copy keeps the order and spacing of its words, a
/// chance run of common words does not.
fn steady(c: &chain::Chain) -> f64 {
    let n = c.seeds.len() as f64;
    c.seeds
        .windows(2)
        .filter(|w| w[1].ca - w[0].ca == w[1].cb - w[0].cb)
        .count() as f64
        / (n - 1.0).max(1.0)
}

/// Every aligned word of a passage: identical words taken in before and
/// after, the fixed points, and the words between them aligned one by one.
fn passage_steps(vocab: &mut Vocab, a: &Doc, b: &Doc, d: &Draft) -> Vec<Step> {
    let mut steps = Vec::new();
    let (fa, fb, _) = d.anchors[0];
    let mut pre = Vec::new();
    let (mut i, mut j) = (fa, fb);
    while i > 0 && j > 0 && pre.len() < MAX_EXTEND {
        let rel = vocab.relation(a.words[i as usize - 1].ty, b.words[j as usize - 1].ty);
        if rel == Relation::Other {
            break;
        }
        i -= 1;
        j -= 1;
        pre.push(Step::Pair(i, j, rel));
    }
    steps.extend(pre.into_iter().rev());
    let mut prev: Option<(u32, u32)> = None;
    for &(wa, wb, rel) in &d.anchors {
        if let Some((pa, pb)) = prev {
            if wb <= pb || wa <= pa {
                // A fixed point out of order in `b` (after a merge): align
                // it as part of the gap.
                continue;
            }
            edit::align_words(vocab, a, b, pa + 1..wa, pb + 1..wb, &mut steps);
        }
        steps.push(Step::Pair(wa, wb, rel));
        prev = Some((wa, wb));
    }
    let (mut i, mut j) = prev.unwrap_or((fa, fb));
    let mut n = 0;
    while (i as usize + 1) < a.words.len() && (j as usize + 1) < b.words.len() && n < MAX_EXTEND {
        let rel = vocab.relation(a.words[i as usize + 1].ty, b.words[j as usize + 1].ty);
        if rel == Relation::Other {
            break;
        }
        i += 1;
        j += 1;
        n += 1;
        steps.push(Step::Pair(i, j, rel));
    }
    steps
}

/// First and last word index of each side of a passage's steps.
fn word_ranges(steps: &[Step]) -> ((u32, u32), (u32, u32)) {
    let mut a = (u32::MAX, 0);
    let mut b = (u32::MAX, 0);
    for s in steps {
        if let Step::Pair(i, _, _) | Step::Delete(i) = *s {
            a = (a.0.min(i), a.1.max(i));
        }
        if let Step::Pair(_, j, _) | Step::Insert(j) = *s {
            b = (b.0.min(j), b.1.max(j));
        }
    }
    (a, b)
}

/// Character spans of a passage's word ranges, taking in the punctuation
/// that closes the passage when both documents have it.
fn extend_span(a: &Doc, wa: (u32, u32), b: &Doc, wb: (u32, u32)) -> (Span, Span) {
    let sa = a.words[wa.0 as usize].start;
    let sb = b.words[wb.0 as usize].start;
    let la = a.words[wa.1 as usize];
    let lb = b.words[wb.1 as usize];
    let ta: Vec<char> = a.text[la.byte_end..].chars().take(2).collect();
    let tb: Vec<char> = b.text[lb.byte_end..].chars().take(2).collect();
    let mut n = 0;
    while n < ta.len().min(tb.len())
        && ta[n] == tb[n]
        && matches!(
            ta[n],
            '.' | '!' | '?' | '"' | '\u{201D}' | ')' | ',' | ';' | ':'
        )
    {
        n += 1;
    }
    (Span::new(sa, la.end + n), Span::new(sb, lb.end + n))
}

/// Share of `total` words covered by the union of inclusive word ranges.
fn covered(total: usize, ranges: impl Iterator<Item = (u32, u32)>) -> f64 {
    if total == 0 {
        return 0.0;
    }
    let mut r: Vec<(u32, u32)> = ranges.filter(|r| r.0 <= r.1).collect();
    r.sort_unstable();
    let mut n = 0usize;
    let mut end: i64 = -1;
    for (s, e) in r {
        let s = (s as i64).max(end + 1);
        if e as i64 >= s {
            n += (e as i64 - s + 1) as usize;
            end = e as i64;
        }
    }
    n as f64 / total as f64
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}
