//! Anchors and fingerprints.

use unspin_detect::is_function_word;
use unspin_lexicon::{Lexicon, morph};
use unspin_text::{TokenKind, fold_word, sentences, tokenize};

/// A word a thesaurus spinner leaves alone, with its character span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Anchor {
    /// The folded form (numbers without their separators).
    pub key: String,
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
}

/// The anchors of `text`, in order: numbers, capitalised words inside a
/// sentence (names), and words of three letters or more that the synonym
/// graph does not list under any reading (terms no thesaurus swaps).
pub fn anchors(lex: &Lexicon, text: &str) -> Vec<Anchor> {
    let tokens = tokenize(text);
    let mut first_of_sentence = vec![false; tokens.len()];
    for s in sentences(text, &tokens) {
        if let Some(i) = (s.start..s.end).find(|&i| tokens[i].kind == TokenKind::Word) {
            first_of_sentence[i] = true;
        }
    }
    let mut out = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let raw = t.text(text);
        let key = match t.kind {
            TokenKind::Number => raw.chars().filter(char::is_ascii_digit).collect::<String>(),
            TokenKind::Word => {
                let fold = fold_word(raw);
                if fold.chars().count() < 3 || is_function_word(&fold) {
                    continue;
                }
                let capital = raw.chars().next().is_some_and(char::is_uppercase);
                let name = capital && !first_of_sentence[i];
                // Most words are listed as they stand; only the others
                // need their inflectional readings.
                let swappable = lex.has_term(&fold)
                    || morph::analyses(&fold)
                        .iter()
                        .any(|(lemma, _)| lex.has_term(lemma));
                if !name && swappable {
                    continue;
                }
                fold
            }
            TokenKind::Punct => continue,
        };
        if key.is_empty() {
            continue;
        }
        out.push(Anchor {
            key,
            start: t.start,
            end: t.end,
        });
    }
    out
}

/// One in this many function-word runs becomes a fingerprint.
const FUNCTION_SAMPLE: u64 = 3;

/// FNV-1a, stable across platforms and releases (fingerprints are stored).
pub(crate) fn hash(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for &b in p.as_bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        h ^= 0xff;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The fingerprints of `text`, sorted and without repeats: one hash per
/// anchor, per pair of consecutive anchors and per pair with one anchor
/// between. A spinner that swaps one capitalised word breaks the pairs
/// through it but not the skip pair over it, and rare single anchors (an
/// unusual name) still point at a short passage's source.
pub fn fingerprints(lex: &Lexicon, text: &str) -> Vec<u64> {
    let mut out: Vec<u64> = located_fingerprints(lex, text)
        .into_iter()
        .map(|(f, _)| f)
        .collect();
    out.sort_unstable();
    out
}

/// The fingerprints of `text` (as [`fingerprints`]) with the index of the
/// anchor each first appears at, in order of that position.
pub fn located_fingerprints(lex: &Lexicon, text: &str) -> Vec<(u64, u32)> {
    let a = anchors(lex, text);
    let mut out: Vec<(u64, u32)> = Vec::with_capacity(a.len() * 4);
    // Runs of four function words (the words between left out): a
    // spinner swaps content words and leaves these, so a short passage
    // with few anchors is still found. Positioned at the next anchor.
    let tokens = tokenize(text);
    let mut fw: Vec<String> = Vec::new();
    let mut next_anchor = 0usize;
    for t in &tokens {
        if t.kind != TokenKind::Word {
            continue;
        }
        let fold = fold_word(t.text(text));
        if !is_function_word(&fold) {
            continue;
        }
        while next_anchor < a.len() && a[next_anchor].start < t.start {
            next_anchor += 1;
        }
        fw.push(fold);
        if fw.len() >= 4 {
            let n = fw.len();
            let h = hash(&["f", &fw[n - 4], &fw[n - 3], &fw[n - 2], &fw[n - 1]]);
            // One run in FUNCTION_SAMPLE is kept, chosen by its hash so a
            // copy keeps the same ones: this bounds the index size.
            if h.is_multiple_of(FUNCTION_SAMPLE) {
                out.push((h, next_anchor.min(a.len().saturating_sub(1)) as u32));
            }
        }
    }
    for (i, x) in a.iter().enumerate() {
        let pos = i as u32;
        out.push((hash(&["1", &x.key]), pos));
        if let Some(y) = a.get(i + 1) {
            out.push((hash(&[&x.key, &y.key]), pos));
        }
        if let Some(z) = a.get(i + 2) {
            out.push((hash(&["2", &x.key, &z.key]), pos));
        }
    }
    out.sort_unstable();
    out.dedup_by_key(|(f, _)| *f);
    out.sort_unstable_by_key(|&(f, pos)| (pos, f));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_numbers_and_unlisted_words_are_anchors() {
        let lex = Lexicon::embedded();
        let text = "The minister told reporters in Geneva that 1,400 troops and the \
                    photovoltaics plan would cost £3.5bn.";
        let keys: Vec<String> = anchors(&lex, text).into_iter().map(|a| a.key).collect();
        assert!(keys.contains(&"geneva".to_string()), "{keys:?}");
        assert!(keys.contains(&"1400".to_string()), "{keys:?}");
        assert!(keys.contains(&"3.5bn".to_string()), "{keys:?}");
        // Everyday words a thesaurus lists are not anchors, nor is the
        // capital of the sentence's first word.
        for w in [
            "minister",
            "told",
            "reporters",
            "troops",
            "plan",
            "cost",
            "the",
        ] {
            assert!(!keys.contains(&w.to_string()), "{w} in {keys:?}");
        }
    }

    #[test]
    fn anchor_offsets_slice_the_text() {
        let lex = Lexicon::embedded();
        let text = "Ünïcode first. Then Müller met Łódź officials in 2004, said Zoë.";
        let chars: Vec<char> = text.chars().collect();
        let a = anchors(&lex, text);
        assert!(!a.is_empty());
        for x in &a {
            let s: String = chars[x.start..x.end].iter().collect();
            assert!(!s.is_empty());
        }
    }

    #[test]
    fn unrelated_texts_share_few_fingerprints() {
        let lex = Lexicon::embedded();
        let a = fingerprints(
            &lex,
            "Manchester United beat Arsenal 2-1 at Old Trafford on Saturday, with goals from \
             Rooney and Ronaldo after Henry had equalised.",
        );
        let b = fingerprints(
            &lex,
            "The Bank of England held interest rates at 4.75% on Thursday, citing inflation \
             figures published by the Office for National Statistics.",
        );
        assert!(!a.is_empty() && !b.is_empty());
        assert!(a.iter().all(|f| b.binary_search(f).is_err()));
    }
}
