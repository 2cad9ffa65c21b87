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
