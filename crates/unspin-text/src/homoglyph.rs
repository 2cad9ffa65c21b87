//! Look-alike letters and invisible characters planted inside words.
//!
//! Spinners and plagiarists defeat exact matching by swapping a Latin letter
//! for one from another script that renders the same ("pаyment" with a
//! Cyrillic "а") or by slipping zero-width characters inside a word. Both
//! are strong evidence of deliberate obfuscation: ordinary writers never
//! produce them.

use crate::script;
use crate::token::{Token, TokenKind};

/// A word that contains look-alike letters from another script, or
/// invisible characters.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct HomoglyphHit {
    /// Character offset of the start of the whole word containing the
    /// look-alike.
    pub start: usize,
    /// Character offset one past the end of the word.
    pub end: usize,
    /// The word as written.
    pub text: String,
    /// The word with look-alikes replaced by their Latin letters and
    /// invisible characters removed.
    pub suggestion: String,
    /// The foreign characters found, in order of first appearance, without
    /// repeats.
    pub chars: Vec<char>,
    /// The script of the look-alikes: "Cyrillic", "Greek", "Armenian",
    /// "Cherokee", "Fullwidth" or "Mathematical" (Latin letters in those
    /// forms), "mixed" when several of these appear in one word, and
    /// "invisible" for zero-width characters and soft hyphens.
    pub script: &'static str,
}

/// Finds words (tokens of kind [`TokenKind::Word`] from
/// [`tokenize`](crate::tokenize) on the same `text`) that mix Latin letters
/// with look-alike letters of another script, and words with invisible
/// characters inside (zero-width space, non-joiner, joiner, word joiner,
/// byte-order mark, soft hyphen).
///
/// A word written wholly in another script ("Москва", "Αθήνα") is not
/// reported, nor is a word that has letters of another script with no Latin
/// look-alike (a Russian word with one stray Latin letter). A word with
/// both look-alikes and invisible characters yields two hits with the same
/// span, the look-alike one first. Hits are in text order.
///
/// ```
/// use unspin_text::{find_homoglyphs, tokenize};
///
/// let text = "Confirm your pаyment today.";
/// let hits = find_homoglyphs(text, &tokenize(text));
/// assert_eq!(hits.len(), 1);
/// assert_eq!((hits[0].start, hits[0].end), (13, 20));
/// assert_eq!(hits[0].suggestion, "payment");
/// assert_eq!(hits[0].script, "Cyrillic");
/// ```
pub fn find_homoglyphs(text: &str, tokens: &[Token]) -> Vec<HomoglyphHit> {
    let mut hits = Vec::new();
    for tok in tokens {
        if tok.kind != TokenKind::Word {
            continue;
        }
        let Some(word) = text.get(tok.byte_start..tok.byte_end) else {
            continue;
        };
        if word.is_ascii() {
            continue;
        }
        let mixed = script::is_mixed_latin(word);
        // Zero-width joiners and spaces are legitimate in some scripts
        // (Persian, Thai, ...), so only words with Latin letters count.
        let latin = word
            .chars()
            .any(|c| script::is_latin_letter(c) || script::confusable(c).is_some());
        let invisible: Vec<char> = if latin && word.chars().any(script::is_invisible) {
            dedup(word.chars().filter(|&c| script::is_invisible(c)))
        } else {
            Vec::new()
        };
        if !mixed && invisible.is_empty() {
            continue;
        }
        let suggestion: String = word
            .chars()
            .filter(|&c| !script::is_invisible(c))
            .map(|c| {
                if mixed {
                    script::confusable(c).unwrap_or(c)
                } else {
                    c
                }
            })
            .collect();
        if mixed {
            let chars = dedup(word.chars().filter(|&c| script::confusable(c).is_some()));
            let first = script::script_of(chars[0]);
            let script = if chars.iter().all(|&c| script::script_of(c) == first) {
                first
            } else {
                "mixed"
            };
            hits.push(HomoglyphHit {
                start: tok.start,
                end: tok.end,
                text: word.to_owned(),
                suggestion: suggestion.clone(),
                chars,
                script,
            });
        }
        if !invisible.is_empty() {
            hits.push(HomoglyphHit {
                start: tok.start,
                end: tok.end,
                text: word.to_owned(),
                suggestion,
                chars: invisible,
                script: "invisible",
            });
        }
    }
    hits
}

fn dedup(chars: impl Iterator<Item = char>) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in chars {
        if !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn hits(text: &str) -> Vec<HomoglyphHit> {
        find_homoglyphs(text, &tokenize(text))
    }

    #[test]
    fn cyrillic_letter_in_latin_word() {
        let text = "The Whitе House said";
        let h = hits(text);
        assert_eq!(h.len(), 1);
        let h = &h[0];
        assert_eq!((h.start, h.end), (4, 9));
        assert_eq!(h.text, "Whitе");
        assert_eq!(h.suggestion, "White");
        assert_eq!(h.chars, ['е']);
        assert_eq!(h.script, "Cyrillic");
        assert_eq!(
            text.chars()
                .skip(h.start)
                .take(h.end - h.start)
                .collect::<String>(),
            h.text
        );
    }

    #[test]
    fn greek_and_capitals() {
        let h = hits("ΟBAMA and Ηello");
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].suggestion, "OBAMA");
        assert_eq!(h[0].script, "Greek");
        assert_eq!(h[1].suggestion, "Hello");
        // Several scripts in one word.
        let h = hits("pаyοut");
        assert_eq!(h[0].script, "mixed");
        assert_eq!(h[0].chars, ['а', 'ο']);
        assert_eq!(h[0].suggestion, "payout");
    }

    #[test]
    fn fullwidth_and_mathematical() {
        let h = hits("hｅllo w𝐨rld");
        assert_eq!(h.len(), 2);
        assert_eq!(
            (h[0].script, h[0].suggestion.as_str()),
            ("Fullwidth", "hello")
        );
        assert_eq!(
            (h[1].script, h[1].suggestion.as_str()),
            ("Mathematical", "world")
        );
        assert_eq!((h[1].start, h[1].end), (6, 11));
    }

    #[test]
    fn real_foreign_words_are_not_reported() {
        assert!(hits("Москва — столица России. Αθήνα είναι η πρωτεύουσα.").is_empty());
        assert!(hits("сор ВЕС ОКО").is_empty());
        // Cyrillic word with a stray Latin letter: not a Latin word.
        assert!(hits("мaма").is_empty());
        assert!(hits("plain ASCII text, café, naïve, Zürich").is_empty());
        assert!(hits("").is_empty());
    }

    #[test]
    fn invisible_characters() {
        let text = "the Whi\u{200B}te Ho\u{00AD}use";
        let h = hits(text);
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].script, "invisible");
        assert_eq!(h[0].chars, ['\u{200B}']);
        assert_eq!(h[0].suggestion, "White");
        assert_eq!((h[0].start, h[0].end), (4, 10));
        assert_eq!(h[1].chars, ['\u{00AD}']);
        assert_eq!(h[1].suggestion, "House");
        // Zero-width non-joiner inside a Persian word is ordinary spelling.
        assert!(hits("می\u{200C}خواهم").is_empty());
    }

    #[test]
    fn lookalike_and_invisible_in_one_word() {
        let h = hits("pа\u{200B}yment");
        assert_eq!(h.len(), 2);
        assert_eq!(h[0].script, "Cyrillic");
        assert_eq!(h[1].script, "invisible");
        assert_eq!(h[0].suggestion, "payment");
        assert_eq!(h[1].suggestion, "payment");
        assert_eq!((h[0].start, h[0].end), (h[1].start, h[1].end));
    }

    #[test]
    fn ignores_non_word_tokens_and_stale_offsets() {
        let text = "а.";
        let mut toks = tokenize(text);
        toks.push(Token {
            kind: TokenKind::Word,
            start: 0,
            end: 50,
            byte_start: 0,
            byte_end: 50,
        });
        assert!(find_homoglyphs(text, &toks).is_empty());
    }
}
