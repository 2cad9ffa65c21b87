//! Typographic normalisation with an exact map back to the original text.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::script;
use crate::token::{TokenKind, Tokens};

/// Text after [`normalize`], with the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct Normalized {
    /// The normalised text.
    pub text: String,
    /// For each character of `text`, the character offset in the original
    /// text of the character it came from. Non-decreasing; one original
    /// character may yield several (a ligature "ﬁ" yields "f" and "i", both
    /// mapped to the ligature) or none (a removed zero-width space).
    pub map: Vec<usize>,
}

impl Normalized {
    /// Maps a character span `start..end` of the normalised text back to
    /// the span of the original text it came from. A span that covers part
    /// of an expansion covers the whole original character; offsets past
    /// the end are clamped; an empty span stays empty.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let n = self.map.len();
        let orig_start = if start < n {
            self.map[start]
        } else {
            self.map.last().map_or(0, |&last| last + 1)
        };
        let end = end.min(n);
        if end <= start {
            return (orig_start, orig_start);
        }
        (orig_start, self.map[end - 1] + 1)
    }

    /// The character offset in the original text of character `i` of the
    /// normalised text (`i` past the end maps to one past the last mapped
    /// character).
    pub fn original_offset(&self, i: usize) -> usize {
        self.to_original(i, i).0
    }
}

/// Typographic variants folded to one ASCII character.
#[inline]
fn simple_fold(c: char) -> Option<char> {
    Some(match c {
        // Single quotes, apostrophes and primes.
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{2035}'
        | '\u{02BC}' | '\u{00B4}' | '\u{2039}' | '\u{203A}' | '\u{FF07}' => '\'',
        // Double quotes, double primes and guillemets.
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{2036}'
        | '\u{00AB}' | '\u{00BB}' | '\u{FF02}' => '"',
        // Hyphens, dashes and minus signs.
        '\u{2010}'..='\u{2015}'
        | '\u{2212}'
        | '\u{2E3A}'
        | '\u{2E3B}'
        | '\u{FE58}'
        | '\u{FE63}'
        | '\u{FF0D}'
        | '\u{207B}'
        | '\u{208B}' => '-',
        // No-break and other fixed-width spaces.
        '\u{00A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => ' ',
        // Line and paragraph separators, next line.
        '\u{0085}' | '\u{2028}' | '\u{2029}' => '\n',
        _ => return None,
    })
}

/// Normalises typography so that matching is not defeated by look-alike
/// characters, and keeps a map back to the original character offsets.
///
/// - curly quotes, primes and guillemets become `'` or `"`;
/// - hyphens, en and em dashes and minus signs become `-`;
/// - no-break and other odd spaces become a plain space, line and paragraph
///   separators a newline (CR and LF are kept as they are);
/// - zero-width characters and soft hyphens are removed;
/// - compatibility characters are NFKC-folded ("ﬁ" → "fi", "…" → "...",
///   fullwidth "ａ" → "a");
/// - in words that mix Latin letters with look-alikes of another script
///   (see [`find_homoglyphs`](crate::find_homoglyphs)), the look-alikes
///   become their Latin letters; words wholly in another script are kept.
///
/// Canonical composition is not applied (a decomposed "é" stays two
/// characters), so every normalised character comes from exactly one
/// original character.
///
/// ```
/// use unspin_text::normalize;
///
/// let n = normalize("“Whitе\u{200B} Ηouse” — ﬁne");
/// assert_eq!(n.text, "\"White House\" - fine");
/// // "fine" is at normalised 16..20; it came from original 17..20, where
/// // it starts with the ligature "ﬁ".
/// assert_eq!(n.to_original(16, 20), (17, 20));
/// ```
pub fn normalize(text: &str) -> Normalized {
    let mut mixed = MixedWords::new(text);
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    let bytes = text.as_bytes();
    let mut b = 0; // byte offset in `text`
    let mut i = 0; // character offset in `text`
    while b < bytes.len() {
        // Runs of ASCII are copied as they are.
        let run = bytes[b..].iter().take_while(|c| c.is_ascii()).count();
        if run > 0 {
            out.push_str(&text[b..b + run]);
            map.extend(i..i + run);
            b += run;
            i += run;
            continue;
        }
        let Some(c) = text[b..].chars().next() else {
            break;
        };
        let in_mixed = script::confusable(c).is_some() && mixed.contains(b);
        normalize_char(c, i, in_mixed, &mut out, &mut map);
        b += c.len_utf8();
        i += 1;
    }
    Normalized { text: out, map }
}

/// Finds, for look-alike characters met in text order, whether they lie in
/// a word that mixes Latin letters and look-alikes. Only the words around
/// look-alikes are tokenised, so text without any costs nothing.
struct MixedWords<'a> {
    text: &'a str,
    /// Byte range of the last word looked at, and whether it is mixed.
    word: (usize, usize, bool),
}

impl<'a> MixedWords<'a> {
    fn new(text: &'a str) -> Self {
        MixedWords {
            text,
            word: (0, 0, false),
        }
    }

    /// Whether the character at byte offset `b` is in a mixed word; `b`
    /// must not decrease from call to call.
    fn contains(&mut self, b: usize) -> bool {
        let (start, end, mixed) = self.word;
        if start <= b && b < end {
            return mixed;
        }
        // Tokenising can restart at the end of the last word or after any
        // whitespace: no token spans either.
        let from = end.min(b);
        let restart = self.text[from..b]
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace())
            .map_or(from, |(i, c)| from + i + c.len_utf8());
        self.word = (b, b + 1, false);
        for t in Tokens::starting_at(self.text, restart) {
            if t.byte_end > b {
                if t.byte_start <= b {
                    let w = &self.text[t.byte_start..t.byte_end];
                    self.word = (
                        t.byte_start,
                        t.byte_end,
                        t.kind == TokenKind::Word && script::is_mixed_latin(w),
                    );
                }
                break;
            }
        }
        self.word.2
    }
}

/// Appends the normalised form of the non-ASCII character `c` at original
/// character offset `i`.
fn normalize_char(c: char, i: usize, in_mixed_word: bool, out: &mut String, map: &mut Vec<usize>) {
    if script::is_invisible(c) {
        return;
    }
    if in_mixed_word && let Some(latin) = script::confusable(c) {
        out.push(latin);
        map.push(i);
        return;
    }
    if let Some(folded) = simple_fold(c) {
        out.push(folded);
        map.push(i);
        return;
    }
    if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
        out.push(c);
        map.push(i);
        return;
    }
    for d in std::iter::once(c).nfkc() {
        if script::is_invisible(d) {
            continue;
        }
        out.push(simple_fold(d).unwrap_or(d));
        map.push(i);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check_map(original: &str, n: &Normalized) {
        assert_eq!(n.map.len(), n.text.chars().count());
        let len = original.chars().count();
        assert!(n.map.windows(2).all(|w| w[0] <= w[1]));
        assert!(n.map.iter().all(|&m| m < len));
    }

    #[test]
    fn quotes_dashes_spaces() {
        let src = "‘It’s’ “fine” — really – 3−2\u{A0}ok\u{2009}ok «x»";
        let n = normalize(src);
        assert_eq!(n.text, "'It's' \"fine\" - really - 3-2 ok ok \"x\"");
        check_map(src, &n);
    }

    #[test]
    fn ligatures_and_compatibility() {
        let src = "ﬁnal ﬂow… ｆｕｌｌ №5";
        let n = normalize(src);
        assert_eq!(n.text, "final flow... full No5");
        check_map(src, &n);
        // "fi" of "final" both come from the ligature at 0.
        assert_eq!(&n.map[..3], &[0, 0, 1]);
        assert_eq!(n.to_original(0, 1), (0, 1));
        assert_eq!(n.to_original(1, 2), (0, 1));
        // "flow" (normalised 6..10) is original 5..8.
        assert_eq!(n.to_original(6, 10), (5, 8));
    }

    #[test]
    fn zero_width_removed() {
        let src = "Whi\u{200B}te\u{FEFF} Ho\u{AD}use";
        let n = normalize(src);
        assert_eq!(n.text, "White House");
        check_map(src, &n);
        // "te" is at original 4..6, after the removed zero-width space.
        assert_eq!(n.to_original(3, 5), (4, 6));
        // "House" (6..11) maps to original 8..14.
        assert_eq!(n.to_original(6, 11), (8, 14));
    }

    #[test]
    fn homoglyphs_only_in_mixed_words() {
        let src = "pаyment Москва сор Ηello";
        let n = normalize(src);
        assert_eq!(n.text, "payment Москва сор Hello");
        check_map(src, &n);
    }

    #[test]
    fn crlf_and_ascii_untouched() {
        let src = "Line one.\r\nLine two.\r\n\r\nPara\ttwo.";
        let n = normalize(src);
        assert_eq!(n.text, src);
        assert_eq!(n.map, (0..src.len()).collect::<Vec<_>>());
    }

    #[test]
    fn empty_and_edges() {
        let n = normalize("");
        assert!(n.text.is_empty() && n.map.is_empty());
        assert_eq!(n.to_original(0, 0), (0, 0));
        assert_eq!(n.to_original(0, 5), (0, 0));
        let n = normalize("ab\u{200B}");
        assert_eq!(n.to_original(2, 2), (2, 2));
        assert_eq!(n.to_original(1, 99), (1, 2));
        assert_eq!(n.to_original(2, 1), (2, 2));
        assert_eq!(n.original_offset(1), 1);
    }
}
