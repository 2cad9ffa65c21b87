//! Decodes arbitrary bytes in every input format, then runs the text layer
//! on each document and checks that offsets stay exact.
#![no_main]

use libfuzzer_sys::fuzz_target;
use unspin_text::{
    InputFormat, TokenKind, decode_bytes, find_homoglyphs, fold_word, normalize, sentences,
    tokenize,
};

fuzz_target!(|data: &[u8]| {
    for format in [
        InputFormat::Auto,
        InputFormat::Text,
        InputFormat::Html,
        InputFormat::Jsonl,
    ] {
        for doc in decode_bytes("fuzz.txt", data, format) {
            let Ok(doc) = doc else { continue };
            assert_ne!(doc.format, InputFormat::Auto);
            check_text(&doc.text);
        }
    }
});

fn check_text(text: &str) {
    let tokens = tokenize(text);
    let mut prev_end = 0;
    let mut chars = text.char_indices().enumerate().peekable();
    for t in &tokens {
        assert!(t.start >= prev_end && t.start < t.end);
        prev_end = t.end;
        // Character offsets agree with byte offsets.
        while chars.peek().is_some_and(|&(i, _)| i < t.start) {
            chars.next();
        }
        assert_eq!(chars.peek().map(|&(_, (b, _))| b), Some(t.byte_start));
        let word = text
            .get(t.byte_start..t.byte_end)
            .expect("token on char boundaries");
        assert_eq!(word.chars().count(), t.end - t.start);
        if t.kind == TokenKind::Word {
            let _ = fold_word(word);
        }
    }
    let ranges = sentences(text, &tokens);
    assert_eq!(ranges.last().map_or(0, |r| r.end), tokens.len());
    for hit in find_homoglyphs(text, &tokens) {
        assert!(hit.start < hit.end && hit.end <= prev_end);
    }
    let n = normalize(text);
    assert_eq!(n.map.len(), n.text.chars().count());
    assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
}
