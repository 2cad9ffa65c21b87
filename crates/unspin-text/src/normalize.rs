//! Typographic normalisation with an exact map back to the original text.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::script;
use crate::token::{TokenKind, Tokens};

/// Text after [`normalize`], with the way back to the original.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
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
    // Byte ranges of words whose look-alikes are replaced.
    let mixed: Vec<(usize, usize)> = Tokens::new(text)
        .filter(|t| {
            t.kind == TokenKind::Word && {
                let w = &text[t.byte_start..t.byte_end];
                !w.is_ascii() && script::is_mixed_latin(w)
            }
        })
        .map(|t| (t.byte_start, t.byte_end))
        .collect();
    let mut next_mixed = mixed.iter().peekable();

    let mut out = String::with_capacity(text.len());
    let mut map = Vec::with_capacity(text.len());
    for (i, (b, c)) in text.char_indices().enumerate() {
        if c.is_ascii() {
            out.push(c);
            map.push(i);
            continue;
        }
        if script::is_invisible(c) {
            continue;
        }
        while next_mixed.peek().is_some_and(|&&(_, end)| end <= b) {
            next_mixed.next();
        }
        if let Some(&&(start, _)) = next_mixed.peek()
            && start <= b
            && let Some(latin) = script::confusable(c)
        {
            out.push(latin);
            map.push(i);
            continue;
        }
        if let Some(folded) = simple_fold(c) {
            out.push(folded);
            map.push(i);
            continue;
        }
        if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
            out.push(c);
            map.push(i);
            continue;
        }
        for d in std::iter::once(c).nfkc() {
            if script::is_invisible(d) {
                continue;
            }
            out.push(simple_fold(d).unwrap_or(d));
            map.push(i);
        }
    }
    Normalized { text: out, map }
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
