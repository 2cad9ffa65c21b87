//! What kind of copy one document is of the other, and which way the text
//! travelled.

use std::collections::HashSet;

use crate::edit::{Step, StepCounts};
use crate::report::{CompareVerdict, Coverage, Direction, QuotePair, QuoteStatus};
use crate::words::{Doc, Relation, Vocab};

/// Words of reused text (on the smaller side) that make a copy, whatever
/// the coverage.
const MIN_COPY_WORDS: usize = 40;
/// Coverage of the better-covered document that makes a copy.
const MIN_COPY_COVERAGE: f64 = 0.15;
/// Share of changed words up to which a copy is verbatim.
const VERBATIM_MAX_CHANGE: f64 = 0.05;
/// Share of inserted and deleted words up to which a reworded copy is spun
/// (word swaps in place) rather than paraphrased (restructured).
const SPUN_MAX_INDEL: f64 = 0.12;
/// Share of changed words up to which a copy with few insertions and
/// deletions is spun.
const SPUN_MAX_CHANGE: f64 = 0.35;
/// Coverage of the better-covered document from which restructured reuse
/// is a paraphrase whatever its wording.
const PARAPHRASE_MIN_COVERAGE: f64 = 0.4;
/// Share of related words from which a restructured passage is a
/// paraphrase even when it covers little.
const PARAPHRASE_MIN_RELATED: f64 = 0.5;
/// Relative frequency below which a capitalised word counts as a name
/// worth sharing (rarer than everyday words such as "Government").
const NAME_MAX_FREQ: f64 = 1e-5;

/// The verdict from the aligned words, the coverage and the quotations.
pub(crate) fn verdict(
    vocab: &Vocab,
    a: &Doc,
    b: &Doc,
    c: &StepCounts,
    coverage: Coverage,
    quotes: &[QuotePair],
    reordered: bool,
) -> CompareVerdict {
    let reused = (c.pairs() + c.deleted).min(c.pairs() + c.inserted);
    let cover = coverage.a.max(coverage.b);
    if reused >= MIN_COPY_WORDS || (reused > 0 && cover >= MIN_COPY_COVERAGE) {
        let pairs = c.pairs().max(1) as f64;
        let indels = (c.inserted + c.deleted) as f64;
        let changed = (c.inflection + c.synonym + c.other) as f64 / pairs;
        let indel = indels / (pairs + indels);
        let related = c.related() as f64 / (pairs + indels);
        if changed <= VERBATIM_MAX_CHANGE && indel <= 2.0 * VERBATIM_MAX_CHANGE {
            return CompareVerdict::VerbatimCopy;
        }
        // Word swaps that keep the structure (the words and the passages
        // in their order): a spinner's work.
        if !reordered && indel <= SPUN_MAX_INDEL && changed <= SPUN_MAX_CHANGE {
            return CompareVerdict::SpunCopy;
        }
        // Reworded beyond swaps: a paraphrase when it covers much of a
        // document or still shares most of its words; otherwise a short
        // stretch of common wording between two texts on one subject.
        if cover >= PARAPHRASE_MIN_COVERAGE || related >= PARAPHRASE_MIN_RELATED {
            return CompareVerdict::Paraphrase;
        }
    }
    let names = shared_names(vocab, a, b);
    let numbers = shared_numbers(vocab, a, b);
    let exact_quotes = quotes
        .iter()
        .filter(|q| q.status == QuoteStatus::Exact)
        .count();
    if names >= 4
        || (names >= 2 && (numbers >= 1 || !quotes.is_empty()))
        || exact_quotes >= 1
        || quotes.len() >= 2
    {
        return CompareVerdict::SameStory;
    }
    CompareVerdict::Unrelated
}

/// Word forms written with a capital in both documents that are rare in
/// general text: names of people, places and organisations.
fn shared_names(vocab: &Vocab, a: &Doc, b: &Doc) -> usize {
    let caps = |d: &Doc| -> HashSet<u32> {
        d.words
            .iter()
            .filter(|w| w.capital && !vocab.types[w.ty as usize].function)
            .map(|w| w.ty)
            .collect()
    };
    let (ca, cb) = (caps(a), caps(b));
    ca.intersection(&cb)
        .filter(|&&t| {
            let ty = &vocab.types[t as usize];
            ty.fold.chars().count() > 2 && vocab.freq(t) < NAME_MAX_FREQ
        })
        .count()
}

/// Distinctive numbers in both documents (not small counts or years).
fn shared_numbers(vocab: &Vocab, a: &Doc, b: &Doc) -> usize {
    let nums = |d: &Doc| -> HashSet<u32> {
        d.words
            .iter()
            .filter(|w| {
                let f = &vocab.types[w.ty as usize].fold;
                f.starts_with(|c: char| c.is_ascii_digit())
                    && f.chars().filter(char::is_ascii_digit).count() >= 3
                    && !(f.len() == 4 && (f.starts_with("19") || f.starts_with("20")))
            })
            .map(|w| w.ty)
            .collect()
    };
    nums(a).intersection(&nums(b)).count()
}

/// Which way the text travelled: a spinner replaces words with rarer
/// synonyms and may leave spin syntax or look-alike letters behind, so the
/// side whose swapped words are rarer, or which alone has such traces, is
/// the copy.
pub(crate) fn direction(vocab: &Vocab, a: &Doc, b: &Doc, steps: &[Step]) -> Direction {
    let (mut a_rarer, mut b_rarer) = (0usize, 0usize);
    for s in steps {
        if let Step::Pair(i, j, Relation::Synonym) = *s {
            let fa = vocab.freq(a.words[i as usize].ty);
            let fb = vocab.freq(b.words[j as usize].ty);
            if fb * 2.0 < fa {
                b_rarer += 1;
            } else if fa * 2.0 < fb {
                a_rarer += 1;
            }
        }
    }
    // Spinner traces that cost one pass over the text: left-over spin
    // syntax and look-alike letters.
    let traces = |d: &Doc| -> usize {
        unspin_detect::spintax::find(d.text).len()
            + unspin_text::find_homoglyphs(d.text, &d.tokens).len()
    };
    let (ta, tb) = (traces(a), traces(b));
    let evidence_b = b_rarer as f64 + 3.0 * tb as f64;
    let evidence_a = a_rarer as f64 + 3.0 * ta as f64;
    if evidence_b >= 3.0 && evidence_b >= 2.0 * evidence_a + 1.0 {
        Direction::AToB
    } else if evidence_a >= 3.0 && evidence_a >= 2.0 * evidence_b + 1.0 {
        Direction::BToA
    } else {
        Direction::Unknown
    }
}
