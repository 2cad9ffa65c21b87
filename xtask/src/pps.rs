//! `cargo run --release -p xtask -- pps`: recall and top-1 restoration of
//! tortured phrases of the Problematic Paper Screener list that unspin has
//! never seen, placed into clean scientific text where their original
//! expression occurs. Rows on even lines are the tuning half; rows on odd
//! lines are reported.

use anyhow::Result;
use rayon::prelude::*;
use unspin_detect::{Detector, FindingKind};

use crate::corpus::Doc;

/// Finds `needle` (lower case, whole words) in `hay`; returns char offsets.
fn find_words(hay: &str, needle: &str) -> Option<(usize, usize)> {
    all_words(hay, needle).next()
}

/// How many times `needle` (lower case, whole words) occurs in `hay`.
fn count_words(hay: &str, needle: &str) -> usize {
    all_words(hay, needle).count()
}

/// Every whole-word occurrence of `needle` (lower case) in `hay`, as char
/// offsets; none where lower-casing changes the length.
fn all_words<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = (usize, usize)> + 'a {
    let lower = hay.to_lowercase();
    let same = lower.len() == hay.len();
    let mut from = 0;
    std::iter::from_fn(move || {
        if !same {
            return None;
        }
        while let Some(i) = lower[from..].find(needle) {
            let s = from + i;
            let e = s + needle.len();
            let before_ok = s == 0
                || !lower[..s]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
            let after_ok = !lower[e..].chars().next().is_some_and(char::is_alphanumeric);
            from = e;
            if before_ok && after_ok {
                return Some((hay[..s].chars().count(), hay[..e].chars().count()));
            }
        }
        None
    })
}

/// Prints how many two-word phrases of one half of the list (their
/// original two words too) the built-in lexicon could restore at all: the
/// swapped words linked to their originals, and the original in the bigram
/// lists, at any PMI and at the least PMI of a collocation finding.
pub fn coverage(
    lex: &unspin_lexicon::Lexicon,
    list_path: &std::path::Path,
    tune: bool,
) -> Result<()> {
    let half = if tune { 0 } else { 1 };
    let (list, _) = unspin_phrases::PhraseList::load(list_path)?;
    let min_pmi = unspin_detect::TorturedConfig::default().min_pmi;
    let (mut n, mut linked, mut listed, mut collocation, mut both) = (0, 0, 0, 0, 0);
    for e in list.entries().iter().filter(|e| e.line % 2 == half) {
        let (phrase, original) = (e.phrase.to_lowercase(), e.suggestion.to_lowercase());
        let p: Vec<&str> = phrase.split_whitespace().collect();
        let o: Vec<&str> = original.split_whitespace().collect();
        if p.len() != 2 || o.len() != 2 || p == o {
            continue;
        }
        n += 1;
        let is_linked =
            (0..2).all(|k| p[k] == o[k] || lex.originals(p[k]).iter().any(|c| c.text == o[k]));
        let bigram = lex.bigram(o[0], o[1]);
        linked += usize::from(is_linked);
        listed += usize::from(bigram.is_some());
        collocation += usize::from(bigram.is_some_and(|b| b.pmi >= min_pmi));
        both += usize::from(is_linked && bigram.is_some_and(|b| b.pmi >= min_pmi));
    }
    let share = |k: usize| 100.0 * k as f64 / n.max(1) as f64;
    println!("two-word phrases: {n}");
    println!(
        "swapped words linked to their originals: {linked} ({:.1}%)",
        share(linked)
    );
    println!(
        "original in the bigram lists: {listed} ({:.1}%)",
        share(listed)
    );
    println!(
        "original a collocation (PMI >= {min_pmi}): {collocation} ({:.1}%)",
        share(collocation)
    );
    println!(
        "both linked and a collocation: {both} ({:.1}%)",
        share(both)
    );
    Ok(())
}

/// Runs the evaluation; prints a Markdown table row.
pub fn run(
    det: &Detector,
    list_path: &std::path::Path,
    science: &[Doc],
    limit: usize,
    tune: bool,
    every: bool,
) -> Result<()> {
    let half = if tune { 0 } else { 1 };
    let (list, _) = unspin_phrases::PhraseList::load(list_path)?;
    let entries: Vec<_> = list
        .entries()
        .iter()
        .filter(|e| e.line % 2 == half && !e.suggestion.is_empty() && !e.phrase.is_empty())
        .filter(|e| {
            e.suggestion
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        })
        .collect();
    let results: Vec<Option<(bool, bool, usize, usize)>> = entries
        .par_iter()
        .take(limit)
        .map(|e| {
            let original = e.suggestion.to_lowercase();
            let (doc, first) = science
                .iter()
                .find_map(|d| find_words(&d.text, &original).map(|u| (d, u)))?;
            // The phrase in place of the first use of the original, or
            // of every use (a spinner that swaps a term consistently).
            let uses: Vec<(usize, usize)> = if every {
                all_words(&doc.text, &original).collect()
            } else {
                vec![first]
            };
            let chars: Vec<char> = doc.text.chars().collect();
            let phrase_len = e.phrase.chars().count();
            let mut text = String::new();
            let mut placed: Vec<(usize, usize)> = Vec::new();
            let (mut from, mut len) = (0, 0);
            for &(s, t) in &uses {
                text.extend(&chars[from..s]);
                len += s - from;
                text.push_str(&e.phrase);
                placed.push((len, len + phrase_len));
                len += phrase_len;
                from = t;
            }
            text.extend(&chars[from..]);
            let r = det.scan(&doc.id, &text, true);
            let torture: Vec<_> = r
                .findings
                .iter()
                .filter(|f| {
                    matches!(
                        f.kind,
                        FindingKind::TorturedPhrase | FindingKind::SynonymSwap
                    )
                })
                .collect();
            let hits: Vec<_> = torture
                .iter()
                .filter(|f| placed.iter().any(|&(s, t)| f.start < t && s < f.end))
                .collect();
            let found = !hits.is_empty();
            // Top-1: the restored text has the original expression back
            // (once more than the text with the phrase placed, which may
            // use it elsewhere).
            let restored = r.restored.unwrap_or_default().to_lowercase();
            let top1 = found
                && count_words(&restored, &original) > count_words(&text.to_lowercase(), &original);
            Some((found, top1, hits.len(), torture.len()))
        })
        .collect();
    let placed = results.iter().flatten().count();
    let found = results.iter().flatten().filter(|r| r.0).count();
    let top1 = results.iter().flatten().filter(|r| r.1).count();
    let true_f: usize = results.iter().flatten().map(|r| r.2).sum();
    let all_f: usize = results.iter().flatten().map(|r| r.3).sum();
    println!("| placed | recall | precision | top-1 restoration |");
    println!("|---|---|---|---|");
    println!(
        "| {placed} | {:.3} | {:.3} | {:.3} |",
        found as f64 / placed.max(1) as f64,
        true_f as f64 / all_f.max(1) as f64,
        top1 as f64 / placed.max(1) as f64
    );
    Ok(())
}
