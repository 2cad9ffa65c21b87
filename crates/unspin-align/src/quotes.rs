//! Quotations found in both documents, paired and compared word by word.

use foldhash::HashMap;

use unspin_quotes::quotations;

use crate::edit::{self, Step, StepCounts};
use crate::report::{QuotePair, QuoteStatus, Span};
use crate::words::{Doc, Vocab};

/// Words a quotation needs to be paired when it is not word for word the
/// same on both sides.
const MIN_WORDS: usize = 3;
/// Share of related words two quotations need to count as one.
const MIN_SIMILARITY: f64 = 0.5;
/// Share of related words from which two quotations are one whoever the
/// text says spoke them (a spinner swaps names too).
const SAME_WHOEVER_SPOKE: f64 = 0.8;
/// Quotations of `b` compared in full with each quotation of `a`: those
/// sharing the most words with it.
const MAX_CANDIDATES: usize = 4;
/// Word forms found in more quotations than this are not used to find
/// candidates.
const MAX_QUOTES_PER_WORD: usize = 64;

struct Quote {
    words: std::ops::Range<u32>,
    chars: Span,
    speaker: Option<String>,
}

fn quotes_of(d: &Doc) -> Vec<Quote> {
    quotations(d.text)
        .into_iter()
        .filter_map(|q| {
            let first = d.words.partition_point(|w| w.start < q.start) as u32;
            let last = d.words.partition_point(|w| w.end <= q.end) as u32;
            (first < last).then(|| Quote {
                words: first..last,
                chars: Span::new(q.start, q.end),
                speaker: q.speaker.map(|s| s.name),
            })
        })
        .collect()
}

/// Whether two speakers can be one person: either unknown or not a name
/// (a pronoun, a description), or two names sharing their last word
/// ("Marco Rubio" and "Rubio", "Mr Rubio").
fn same_speaker(a: Option<&str>, b: Option<&str>) -> bool {
    let name = |s: &str| -> Option<String> {
        let first = s.split_whitespace().next()?;
        if !first.chars().next()?.is_uppercase()
            || [
                "he", "she", "they", "i", "we", "it", "you", "the", "a", "an",
            ]
            .contains(&first.to_lowercase().as_str())
        {
            return None;
        }
        s.split_whitespace().last().map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
    };
    match (a.and_then(name), b.and_then(name)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Pairs each quotation of `a` with its best counterpart in `b`, one to
/// one, best pairs first.
pub(crate) fn pairs(vocab: &mut Vocab, a: &Doc, b: &Doc) -> Vec<QuotePair> {
    let qa = quotes_of(a);
    let qb = quotes_of(b);
    if qa.is_empty() || qb.is_empty() {
        return Vec::new();
    }
    // Quotations of `b` by their content words, so that only quotations
    // sharing words are compared.
    let mut by_type: HashMap<u32, Vec<usize>> = HashMap::default();
    // A quotation of function words only ("It's about me.") is found by
    // all its words.
    let keys = |vocab: &Vocab, d: &Doc, q: &Quote| -> Vec<u32> {
        let all: Vec<u32> = q.words.clone().map(|w| d.words[w as usize].ty).collect();
        let content: Vec<u32> = all
            .iter()
            .copied()
            .filter(|&t| !vocab.types[t as usize].function)
            .collect();
        if content.is_empty() { all } else { content }
    };
    for (k, q) in qb.iter().enumerate() {
        for ty in keys(vocab, b, q) {
            by_type.entry(ty).or_default().push(k);
        }
    }
    let mut scored: Vec<(f64, usize, usize, Vec<Step>)> = Vec::new();
    let mut shared: HashMap<usize, usize> = HashMap::default();
    for (i, q) in qa.iter().enumerate() {
        shared.clear();
        let mut seen: Vec<u32> = Vec::new();
        for ty in keys(vocab, a, q) {
            if seen.contains(&ty) {
                continue;
            }
            seen.push(ty);
            // Forms found in many quotations say little about which one
            // this is.
            if let Some(ks) = by_type
                .get(&ty)
                .filter(|ks| ks.len() <= MAX_QUOTES_PER_WORD)
            {
                let mut last = usize::MAX;
                for &k in ks {
                    if k != last {
                        *shared.entry(k).or_default() += 1;
                        last = k;
                    }
                }
            }
        }
        let mut cands: Vec<(usize, usize)> = shared.iter().map(|(&k, &n)| (n, k)).collect();
        cands.sort_unstable_by(|x, y| y.cmp(x));
        let best = cands.first().map_or(0, |c| c.0);
        let cands: Vec<usize> = cands
            .into_iter()
            .take_while(|&(n, _)| n * 2 >= best)
            .take(MAX_CANDIDATES)
            .map(|(_, k)| k)
            .collect();
        for k in cands {
            let r = &qb[k];
            let (na, nb) = (q.words.len(), r.words.len());
            let mut steps = Vec::new();
            edit::align_words(vocab, a, b, q.words.clone(), r.words.clone(), &mut steps);
            let c = StepCounts::of(&steps);
            let exact = c.same == na && na == nb;
            let sim = (2 * c.related()) as f64 / (na + nb) as f64;
            let long_enough = na.min(nb) >= MIN_WORDS || (exact && na >= 2);
            let speakers_agree = exact
                || sim >= SAME_WHOEVER_SPOKE
                || same_speaker(q.speaker.as_deref(), r.speaker.as_deref());
            if long_enough && speakers_agree && (exact || sim >= MIN_SIMILARITY) {
                scored.push((sim, i, k, steps));
            }
        }
    }
    scored.sort_by(|x, y| y.0.total_cmp(&x.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    let mut used_a = vec![false; qa.len()];
    let mut used_b = vec![false; qb.len()];
    let mut out = Vec::new();
    for (_, i, k, steps) in scored {
        if used_a[i] || used_b[k] {
            continue;
        }
        used_a[i] = true;
        used_b[k] = true;
        let c = StepCounts::of(&steps);
        let status = if c.same == c.pairs() && c.inserted == 0 && c.deleted == 0 {
            QuoteStatus::Exact
        } else {
            QuoteStatus::Altered
        };
        out.push(QuotePair {
            a: qa[i].chars,
            b: qb[k].chars,
            status,
            speaker: qa[i].speaker.clone().or_else(|| qb[k].speaker.clone()),
            ops: edit::ops(a, b, &steps),
        });
    }
    out.sort_by_key(|p| p.a.start);
    out
}
