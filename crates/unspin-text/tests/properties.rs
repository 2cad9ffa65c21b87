//! Property tests: offsets stay exact for arbitrary Unicode input.

use proptest::prelude::*;
use unspin_text::{
    InputFormat, TokenKind, char_to_byte, decode_bytes, find_homoglyphs, fold_word, fold_word_into,
    normalize, sentences, tokenize, tokens,
};

/// Characters that exercise the tokeniser's special cases.
const SPECIAL: &[char] = &[
    ' ', '\n', '\r', '\t', '\u{A0}', '\u{2009}', '\u{3000}', '\u{200B}', '\u{200C}', '\u{200D}',
    '\u{2060}', '\u{FEFF}', '\u{AD}', '\u{301}', '\u{20DD}', '\'', '\u{2019}', '\u{2BC}', '.', ',',
    '!', '?', '"', '“', '”', '—', '-', '0', '7', 'a', 'Z', 'é', 'а', 'е', 'о', 'Ο', 'α', 'ж', 'ｅ',
    '𝐞', 'ﬁ', '…', '😀', '中', 'ß', 'İ',
];

fn unicode_text() -> impl Strategy<Value = String> {
    let ch = prop_oneof![
        3 => proptest::sample::select(SPECIAL),
        1 => any::<char>(),
        1 => proptest::char::range('a', 'z'),
    ];
    proptest::collection::vec(ch, 0..120).prop_map(|v| v.into_iter().collect())
}

fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}'
    )
}

fn char_slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn token_offsets_are_exact(text in unicode_text()) {
        let toks = tokenize(&text);
        let n_chars = text.chars().count();
        let mut covered = vec![false; n_chars];
        let mut prev_end = 0;
        let mut prev_byte_end = 0;
        for t in &toks {
            prop_assert!(t.start < t.end && t.end <= n_chars);
            prop_assert!(t.byte_start < t.byte_end && t.byte_end <= text.len());
            prop_assert!(t.start >= prev_end && t.byte_start >= prev_byte_end, "tokens overlap or are out of order");
            let by_bytes = text.get(t.byte_start..t.byte_end);
            prop_assert!(by_bytes.is_some(), "byte offsets not on char boundaries");
            let by_bytes = by_bytes.unwrap();
            prop_assert_eq!(by_bytes, char_slice(&text, t.start, t.end));
            prop_assert_eq!(t.text(&text), by_bytes);
            prop_assert_eq!(char_to_byte(&text, t.start), t.byte_start);
            prop_assert!(!by_bytes.chars().any(char::is_whitespace));
            if t.kind == TokenKind::Punct {
                prop_assert_eq!(t.end - t.start, 1);
            }
            if t.kind == TokenKind::Number {
                prop_assert!(by_bytes.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ','));
            }
            for c in &mut covered[t.start..t.end] {
                *c = true;
            }
            prev_end = t.end;
            prev_byte_end = t.byte_end;
        }
        // Everything left out is whitespace or an invisible character.
        for (c, covered) in text.chars().zip(&covered) {
            if !covered {
                prop_assert!(c.is_whitespace() || is_invisible(c), "{:?} dropped", c);
            }
        }
        prop_assert_eq!(tokens(&text).collect::<Vec<_>>(), toks);
    }

    #[test]
    fn normalize_map_is_monotone_and_in_range(text in unicode_text()) {
        let n = normalize(&text);
        let len = text.chars().count();
        prop_assert_eq!(n.map.len(), n.text.chars().count());
        prop_assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
        prop_assert!(n.map.iter().all(|&m| m < len));
        prop_assert!(!n.text.chars().any(is_invisible), "invisible character kept");
        // Mapping any span back gives an in-range, ordered span.
        let nl = n.map.len();
        for (s, e) in [(0, nl), (0, nl / 2), (nl / 3, nl), (nl / 2, nl / 2 + 1)] {
            let (os, oe) = n.to_original(s, e);
            prop_assert!(os <= oe && oe <= len);
        }
        // Every normalised token maps back onto original text containing
        // at least the token's characters.
        for t in tokenize(&n.text) {
            let (os, oe) = n.to_original(t.start, t.end);
            prop_assert!(os < oe && oe <= len);
        }
        // ASCII text without CR/LF oddities is unchanged.
        if text.is_ascii() {
            prop_assert_eq!(&n.text, &text);
        }
    }

    #[test]
    fn homoglyph_hits_slice_correctly(text in unicode_text()) {
        let toks = tokenize(&text);
        for h in find_homoglyphs(&text, &toks) {
            prop_assert!(h.start < h.end);
            prop_assert_eq!(char_slice(&text, h.start, h.end), h.text.clone());
            prop_assert!(toks.iter().any(|t| t.start == h.start && t.end == h.end && t.kind == TokenKind::Word));
            prop_assert!(!h.chars.is_empty());
            prop_assert!(h.chars.iter().all(|c| h.text.contains(*c)));
            prop_assert!(!h.suggestion.chars().any(|c| h.chars.contains(&c)));
            prop_assert!(!h.script.is_empty());
        }
    }

    #[test]
    fn sentences_partition_tokens(text in unicode_text()) {
        let toks = tokenize(&text);
        let ranges = sentences(&text, &toks);
        let mut next = 0;
        for r in &ranges {
            prop_assert_eq!(r.start, next);
            prop_assert!(r.end > r.start);
            next = r.end;
        }
        prop_assert_eq!(next, toks.len());
    }

    #[test]
    fn folding_is_consistent(text in unicode_text()) {
        let mut buf = String::from("leftover");
        for t in tokenize(&text) {
            let w = t.text(&text);
            let f = fold_word(w);
            fold_word_into(w, &mut buf);
            prop_assert_eq!(&f, &buf);
            prop_assert!(!f.chars().any(is_invisible), "invisible character kept");
            if w.is_ascii() {
                prop_assert_eq!(f, w.to_ascii_lowercase());
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn decoding_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300), text in unicode_text()) {
        for input in [&bytes[..], text.as_bytes()] {
            for format in [InputFormat::Auto, InputFormat::Text, InputFormat::Html, InputFormat::Jsonl] {
                for doc in decode_bytes("in", input, format) {
                    match doc {
                        Ok(doc) => {
                            prop_assert_ne!(doc.format, InputFormat::Auto);
                            let toks = tokenize(&doc.text);
                            let _ = sentences(&doc.text, &toks);
                            let _ = find_homoglyphs(&doc.text, &toks);
                        }
                        Err(e) => prop_assert!(!e.to_string().contains('\n')),
                    }
                }
            }
        }
        // Valid UTF-8 without NUL decodes as text unchanged.
        if !text.contains('\0') && !text.starts_with('\u{FEFF}') && text.bytes().filter(|b| b.is_ascii_control() && !b.is_ascii_whitespace()).count() == 0 {
            let docs = decode_bytes("in", text.as_bytes(), InputFormat::Text);
            prop_assert_eq!(&docs[0].as_ref().unwrap().text, &text);
        }
    }
}
