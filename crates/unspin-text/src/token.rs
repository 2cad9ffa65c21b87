//! Tokenisation with character offsets.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

use crate::script;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A run of letters (and marks), possibly with inner apostrophes
    /// ("don't", "BBC's") and digits ("G8", "mp3").
    Word,
    /// A number: digits with inner `.` or `,` ("2,225", "3.5").
    Number,
    /// Any other non-space character, one per token.
    Punct,
}

/// A token with its position in the text, both in characters (the unit of
/// every reported offset) and in bytes (for slicing the `&str`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Token {
    /// Kind of the token.
    pub kind: TokenKind,
    /// Character offset of the first character.
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// Byte offset of the first character.
    pub byte_start: usize,
    /// Byte offset one past the last character.
    pub byte_end: usize,
}

impl Token {
    /// The token's text inside `text` (the string it was produced from).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        &text[self.byte_start..self.byte_end]
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Characters that continue a word but cannot start one on their own:
/// combining marks (so decomposed accents stay inside their word) and the
/// invisible characters of [`script::is_invisible`] (so a zero-width space
/// planted inside a word does not split it).
#[inline]
fn is_joiner(c: char) -> bool {
    // Combining marks (general category M) in the common blocks.
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
        || script::is_invisible(c)
}

#[inline(always)]
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        script::is_alnum(c) || is_joiner(c)
    }
}

/// Decodes the character at byte offset `b` (which must be a character
/// boundary or `text.len()`).
#[inline(always)]
fn char_at(text: &str, b: usize) -> Option<char> {
    let first = *text.as_bytes().get(b)?;
    if first < 0x80 {
        Some(first as char)
    } else {
        text[b..].chars().next()
    }
}

/// An iterator over the [`Token`]s of a text, in order; [`tokenize`]
/// collects it. Use it directly to scan a large text without holding every
/// token in memory.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    text: &'a str,
    byte: usize,
    chr: usize,
    /// Byte offset before which joiners are known not to start a word (the
    /// end of a run of joiners with no letter after it), so such runs are
    /// scanned once.
    no_word_before: usize,
}

impl<'a> Tokens<'a> {
    /// Starts tokenising `text`.
    pub fn new(text: &'a str) -> Self {
        Tokens {
            text,
            byte: 0,
            chr: 0,
            no_word_before: 0,
        }
    }

    /// Starts tokenising at byte offset `byte`, which must be a token
    /// boundary (the start of the text, the end of a token, or just after
    /// whitespace); character offsets then count from there.
    pub(crate) fn starting_at(text: &'a str, byte: usize) -> Self {
        Tokens {
            text,
            byte,
            chr: 0,
            no_word_before: 0,
        }
    }

    #[inline(always)]
    fn advance(&mut self, c: char) {
        self.byte += c.len_utf8();
        self.chr += 1;
    }

    #[inline(always)]
    fn peek(&self) -> Option<char> {
        char_at(self.text, self.byte)
    }

    /// The character after the next one.
    #[inline(always)]
    fn peek2(&self, next: char) -> Option<char> {
        char_at(self.text, self.byte + next.len_utf8())
    }

    /// Consumes word characters, with inner apostrophes followed by a letter.
    #[inline(always)]
    fn scan_word(&mut self) {
        let bytes = self.text.as_bytes();
        loop {
            while let Some(&b) = bytes.get(self.byte) {
                if b < 0x80 {
                    if !b.is_ascii_alphanumeric() {
                        break;
                    }
                    self.byte += 1;
                    self.chr += 1;
                } else {
                    match self.peek() {
                        Some(c) if is_word_char(c) => self.advance(c),
                        _ => break,
                    }
                }
            }
            if let Some(a) = self.peek()
                && is_apostrophe(a)
                && self.peek2(a).is_some_and(script::is_alpha)
            {
                self.advance(a);
                continue;
            }
            break;
        }
    }

    /// Skips ASCII whitespace quickly.
    #[inline(always)]
    fn skip_ascii_space(&mut self) {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.byte) {
            if matches!(b, b' ' | b'\n' | b'\r' | b'\t' | 0x0B | 0x0C) {
                self.byte += 1;
                self.chr += 1;
            } else {
                break;
            }
        }
    }

    /// At a joiner: whether a letter or digit follows the run of joiners
    /// that starts here, so that the run begins a word.
    fn joiner_run_starts_word(&mut self) -> bool {
        let rest = &self.text[self.byte..];
        for (i, c) in rest.char_indices() {
            if !is_joiner(c) {
                if script::is_alnum(c) {
                    return true;
                }
                self.no_word_before = self.byte + i;
                return false;
            }
        }
        self.no_word_before = self.text.len();
        false
    }

    fn token(&self, kind: TokenKind, byte_start: usize, start: usize) -> Token {
        Token {
            kind,
            start,
            end: self.chr,
            byte_start,
            byte_end: self.byte,
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = Token;

    fn next(&mut self) -> Option<Token> {
        loop {
            self.skip_ascii_space();
            let b = *self.text.as_bytes().get(self.byte)?;
            if b.is_ascii_alphabetic() {
                // Fast path for the common case: an ASCII letter starts a word.
                let (byte_start, start) = (self.byte, self.chr);
                self.byte += 1;
                self.chr += 1;
                self.scan_word();
                return Some(self.token(TokenKind::Word, byte_start, start));
            }
            if b.is_ascii() && !b.is_ascii_digit() {
                // ASCII punctuation, symbols and controls: one token each.
                self.byte += 1;
                self.chr += 1;
                return Some(self.token(TokenKind::Punct, self.byte - 1, self.chr - 1));
            }
            let c = self.peek()?;
            if c.is_whitespace() {
                self.advance(c);
                continue;
            }
            let (byte_start, start) = (self.byte, self.chr);
            if c.is_ascii_digit() {
                // A number, possibly with inner separators ("2,225", "3.5"),
                // or a word that starts with digits ("4th", "1990s", "90's").
                self.advance(c);
                while let Some(d) = self.peek() {
                    if d.is_ascii_digit()
                        || (matches!(d, '.' | ',')
                            && self.peek2(d).is_some_and(|e| e.is_ascii_digit()))
                    {
                        self.advance(d);
                    } else {
                        break;
                    }
                }
                let word = match self.peek() {
                    Some(d) if is_word_char(d) => true,
                    Some(a) if is_apostrophe(a) => self.peek2(a).is_some_and(script::is_alpha),
                    _ => false,
                };
                if word {
                    self.scan_word();
                    return Some(self.token(TokenKind::Word, byte_start, start));
                }
                return Some(self.token(TokenKind::Number, byte_start, start));
            }
            if is_word_char(c)
                && (script::is_alnum(c)
                    || (self.byte >= self.no_word_before && self.joiner_run_starts_word()))
            {
                self.scan_word();
                return Some(self.token(TokenKind::Word, byte_start, start));
            }
            self.advance(c);
            if script::is_invisible(c) {
                // An invisible character outside any word is not a token.
                continue;
            }
            return Some(self.token(TokenKind::Punct, byte_start, start));
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.text.len() - self.byte))
    }
}

impl std::iter::FusedIterator for Tokens<'_> {}

/// Splits `text` into words, numbers and punctuation. Whitespace separates
/// tokens and is not returned, nor are invisible characters (zero-width
/// space, soft hyphen, ...) that stand outside a word; inside a word they
/// stay part of it. Offsets are exact: for every token,
/// `text[byte_start..byte_end]` is its text and `start..end` are the same
/// bounds counted in characters.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(estimate_tokens(text.as_bytes()));
    out.extend(Tokens::new(text));
    out
}

/// A quick estimate of the number of tokens, so that [`tokenize`] rarely
/// reallocates: starts of whitespace-separated chunks, plus ASCII
/// punctuation, plus characters of the U+2000..U+2FFF blocks (typographic
/// quotes and dashes).
fn estimate_tokens(bytes: &[u8]) -> usize {
    // Branch-free per byte, in blocks of counters too narrow to overflow,
    // so that the loop runs on vectors.
    fn space(b: u8) -> bool {
        b.is_ascii_whitespace()
    }
    fn counted(prev: u8, b: u8) -> u16 {
        u16::from(space(prev) & !space(b)) + u16::from(b.is_ascii_punctuation() | (b == 0xE2))
    }
    let Some(&first) = bytes.first() else {
        return 1;
    };
    // Before the text counts as a space.
    let mut n = 1 + usize::from(counted(b' ', first));
    // Each byte after the first with the byte before it.
    for (prev, cur) in bytes.chunks(16_000).zip(bytes[1..].chunks(16_000)) {
        let block: u16 = prev.iter().zip(cur).map(|(&p, &b)| counted(p, b)).sum();
        n += usize::from(block);
    }
    n
}

/// Starts an iterator over the tokens of `text`; see [`tokenize`].
pub fn tokens(text: &str) -> Tokens<'_> {
    Tokens::new(text)
}

/// The form of a word used for lexicon look-ups: lower case, curly
/// apostrophes straightened, invisible characters and soft hyphens removed,
/// compatibility characters NFKC-folded ("ﬁ" → "fi", fullwidth "ａ" → "a"),
/// and, in a word that mixes Latin letters with look-alikes from another
/// script, the look-alikes replaced by their Latin letter (so "pаyment" with
/// a Cyrillic "а" folds to "payment"). Words written wholly in another
/// script ("москва") keep their letters.
pub fn fold_word(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    fold_word_into(word, &mut s);
    s
}

/// [`fold_word`] writing into a reusable buffer (cleared first), to avoid
/// an allocation per word in hot loops.
pub fn fold_word_into(word: &str, out: &mut String) {
    out.clear();
    if word.is_ascii() {
        out.push_str(word);
        out.make_ascii_lowercase();
        return;
    }
    // Fast pass for words of common letters that NFKC leaves alone; it is
    // redone below if the word needs NFKC or mixes scripts.
    let mut lookalike = false;
    let mut simple = true;
    for c in word.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
        } else if is_apostrophe(c) {
            out.push('\'');
        } else if script::is_invisible(c) {
        } else if script::is_nfkc_stable_letter(c) {
            lookalike |= script::confusable(c).is_some();
            script::push_lowercase(c, out);
        } else {
            simple = false;
            break;
        }
    }
    if simple && !(lookalike && script::is_mixed_latin(word)) {
        return;
    }
    out.clear();
    let mixed = script::is_mixed_latin(word);
    let mut push = |c: char| {
        let c = if mixed {
            script::confusable(c).unwrap_or(c)
        } else {
            c
        };
        match c {
            '\u{2019}' | '\u{02BC}' => out.push('\''),
            c => script::push_lowercase(c, out),
        }
    };
    let visible = word.chars().filter(|&c| !script::is_invisible(c));
    if is_nfkc_quick(word.chars()) == IsNormalized::Yes {
        visible.for_each(&mut push);
    } else {
        visible.nfkc().for_each(&mut push);
    }
}

/// Converts a character offset into a byte offset of `text`; offsets past
/// the end map to `text.len()`.
pub fn char_to_byte(text: &str, char_offset: usize) -> usize {
    text.char_indices()
        .nth(char_offset)
        .map(|(b, _)| b)
        .unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_estimate_counts_chunk_starts_and_punctuation() {
        fn simple(bytes: &[u8]) -> usize {
            let mut n = 1;
            let mut prev_space = true;
            for &b in bytes {
                let space = b.is_ascii_whitespace();
                n += usize::from(prev_space && !space)
                    + usize::from(b.is_ascii_punctuation() || b == 0xE2);
                prev_space = space;
            }
            n
        }
        let long = "Word, word \u{2019}quoted\u{2019}!  \n".repeat(2_000);
        for text in [
            "",
            " ",
            "a",
            "a b",
            " a, b.",
            long.as_str(),
            &long[1..],
            &long[..16_001],
        ] {
            assert_eq!(
                estimate_tokens(text.as_bytes()),
                simple(text.as_bytes()),
                "{text:?}"
            );
        }
    }

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        assert_eq!(
            words("BBC's 2,225 articles (in 2004-05) don’t lie."),
            [
                "BBC's", "2,225", "articles", "(", "in", "2004", "-", "05", ")", "don’t", "lie",
                "."
            ]
        );
    }

    #[test]
    fn character_offsets_count_scalar_values() {
        let text = "é “White Home”";
        let toks = tokenize(text);
        let white = toks[2];
        assert_eq!(white.text(text), "White");
        assert_eq!((white.start, white.end), (3, 8));
        assert_eq!(text.chars().skip(3).take(5).collect::<String>(), "White");
    }

    #[test]
    fn words_with_digits() {
        assert_eq!(
            words("the 1990s and 4th G8"),
            ["the", "1990s", "and", "4th", "G8"]
        );
    }

    #[test]
    fn folding() {
        assert_eq!(fold_word("Don’t"), "don't");
        assert_eq!(fold_word("Whi\u{200B}te"), "white");
        assert_eq!(fold_word("Soft\u{00AD}ware"), "software");
    }

    #[test]
    fn folding_maps_homoglyphs_in_mixed_words() {
        // Cyrillic а, Greek Ο, fullwidth ｅ.
        assert_eq!(fold_word("pаyment"), "payment");
        assert_eq!(fold_word("ΟBAMA"), "obama");
        assert_eq!(fold_word("hｅllo"), "hello");
        // Whole words in another script keep their letters.
        assert_eq!(fold_word("Москва"), "москва");
        assert_eq!(fold_word("сор"), "сор");
        assert_eq!(fold_word("ΑΘΗΝΑ"), "αθηνα");
    }

    #[test]
    fn folding_applies_nfkc() {
        assert_eq!(fold_word("ﬁnance"), "finance");
        assert_eq!(fold_word("ｆｉｎａｎｃｅ"), "finance");
        assert_eq!(fold_word("cafe\u{301}"), "café");
        assert_eq!(fold_word("Ünïcode"), "ünïcode");
    }

    #[test]
    fn fold_into_reuses_buffer() {
        let mut buf = String::from("junk");
        fold_word_into("Hello", &mut buf);
        assert_eq!(buf, "hello");
        fold_word_into("Wоrld", &mut buf);
        assert_eq!(buf, "world");
    }

    #[test]
    fn invisible_characters() {
        // Inside a word they stay in the word; alone they are not tokens.
        assert_eq!(words("Whi\u{200B}te Home"), ["Whi\u{200B}te", "Home"]);
        assert_eq!(
            words("\u{FEFF}Hello \u{200B} world\u{00AD}"),
            ["\u{FEFF}Hello", "world\u{00AD}"]
        );
        assert_eq!(words("\u{200B}\u{200B}"), Vec::<&str>::new());
        // A combining mark with no letter after it is punctuation.
        assert_eq!(
            words("a \u{301}\u{301} b"),
            ["a", "\u{301}", "\u{301}", "b"]
        );
        assert_eq!(words("cafe\u{301} ok"), ["cafe\u{301}", "ok"]);
    }

    #[test]
    fn apostrophes_and_numbers() {
        assert_eq!(
            words("the 90's rock'n'roll 'quoted'"),
            ["the", "90's", "rock'n'roll", "'", "quoted", "'"]
        );
        assert_eq!(
            words("3.5. 1,000,000, 7.x"),
            ["3.5", ".", "1,000,000", ",", "7", ".", "x"]
        );
        let kinds: Vec<TokenKind> = tokenize("G8 2,225 !").iter().map(|t| t.kind).collect();
        assert_eq!(
            kinds,
            [TokenKind::Word, TokenKind::Number, TokenKind::Punct]
        );
    }

    #[test]
    fn empty_and_whitespace() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" \t\r\n\u{A0}\u{3000}").is_empty());
    }

    #[test]
    fn iterator_matches_vector() {
        let text = "Hello, wörld! 3.14 — ﬁne\r\nOK";
        assert_eq!(tokens(text).collect::<Vec<_>>(), tokenize(text));
    }

    #[test]
    fn char_to_byte_offsets() {
        let text = "aé“b";
        assert_eq!(char_to_byte(text, 0), 0);
        assert_eq!(char_to_byte(text, 2), 3);
        assert_eq!(char_to_byte(text, 3), 6);
        assert_eq!(char_to_byte(text, 99), text.len());
    }
}
