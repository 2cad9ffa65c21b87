//! Applying suggestions to a text.

use crate::char_offsets_to_bytes;
use crate::report::{Finding, FindingKind};

/// `word` with its first letter in upper case.
pub fn title_case(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Gives `suggestion` the capitalisation pattern of `written`: all capitals,
/// a leading capital on each word, or as suggested.
pub fn match_case(written: &str, suggestion: &str) -> String {
    let letters: Vec<char> = written.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return suggestion.to_uppercase();
    }
    let written_words: Vec<&str> = written.split_whitespace().collect();
    let all_title = !written_words.is_empty()
        && written_words
            .iter()
            .all(|w| w.chars().next().is_some_and(char::is_uppercase));
    let first_title = written.chars().next().is_some_and(char::is_uppercase);
    let title = |w: &str| -> String {
        let mut c = w.chars();
        match c.next() {
            Some(f) => f.to_uppercase().chain(c).collect(),
            None => String::new(),
        }
    };
    if all_title {
        suggestion
            .split(' ')
            .map(title)
            .collect::<Vec<_>>()
            .join(" ")
    } else if first_title {
        title(suggestion)
    } else {
        suggestion.to_string()
    }
}

/// The text with every finding's suggestion in place of its span
/// (homoglyph and spin-syntax findings included). Findings must not overlap.
pub fn restore(text: &str, findings: &[Finding]) -> String {
    let mut offsets = Vec::with_capacity(findings.len() * 2);
    for f in findings {
        offsets.push(f.start);
        offsets.push(f.end);
    }
    let bytes = char_offsets_to_bytes(text, &offsets);
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.sort_by_key(|&i| findings[i].start);
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for i in order {
        let (s, e) = (bytes[2 * i], bytes[2 * i + 1]);
        if s < pos || e < s {
            continue;
        }
        out.push_str(&text[pos..s]);
        let f = &findings[i];
        if f.kind == FindingKind::Spintax || !f.suggestion.is_empty() {
            out.push_str(&f.suggestion);
        } else {
            out.push_str(&text[s..e]);
        }
        pos = e;
    }
    out.push_str(&text[pos..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_the_written_word() {
        assert_eq!(match_case("Home", "house"), "House");
        assert_eq!(match_case("HOME", "house"), "HOUSE");
        assert_eq!(match_case("home", "house"), "house");
        assert_eq!(
            match_case("Counterfeit Consciousness", "artificial intelligence"),
            "Artificial Intelligence"
        );
    }
}
