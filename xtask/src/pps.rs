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
    let lower = hay.to_lowercase();
    if lower.len() != hay.len() {
        return None;
    }
    let mut from = 0;
    while let Some(i) = lower[from..].find(needle) {
        let s = from + i;
        let e = s + needle.len();
        let before_ok = s == 0
            || !lower[..s]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric);
        let after_ok = !lower[e..].chars().next().is_some_and(char::is_alphanumeric);
        if before_ok && after_ok {
            return Some((hay[..s].chars().count(), hay[..e].chars().count()));
        }
        from = e;
    }
    None
}

/// Runs the evaluation; prints a Markdown table row.
pub fn run(
    det: &Detector,
    list_path: &std::path::Path,
    science: &[Doc],
    limit: usize,
) -> Result<()> {
    let (list, _) = unspin_phrases::PhraseList::load(list_path)?;
    let entries: Vec<_> = list
        .entries()
        .iter()
        .filter(|e| e.line % 2 == 1 && !e.suggestion.is_empty() && !e.phrase.is_empty())
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
            let doc = science
                .iter()
                .find(|d| find_words(&d.text, &original).is_some())?;
            let (s, t) = find_words(&doc.text, &original)?;
            let chars: Vec<char> = doc.text.chars().collect();
            let mut text: String = chars[..s].iter().collect();
            text.push_str(&e.phrase);
            let placed_end = s + e.phrase.chars().count();
            text.extend(&chars[t..]);
            let r = det.scan(&doc.id, &text, true);
            let torture: Vec<_> = r
                .findings
                .iter()
                .filter(|f| f.kind == FindingKind::TorturedPhrase)
                .collect();
            let hits: Vec<_> = torture
                .iter()
                .filter(|f| f.start < placed_end && s < f.end)
                .collect();
            let found = !hits.is_empty();
            // Top-1: the restored text has the original expression back.
            let restored = r.restored.unwrap_or_default().to_lowercase();
            let top1 = found && find_words(&restored, &original).is_some();
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
