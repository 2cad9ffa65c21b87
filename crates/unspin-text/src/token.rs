//! Tokenisation with character offsets.

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_mark(c)
}

fn is_mark(c: char) -> bool {
    // Combining marks (general category M) in the common blocks; enough to
    // keep decomposed accents and zero-width joiners inside words.
    matches!(c as u32,
        0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F
        | 0x200B..=0x200D | 0x2060 | 0xFEFF | 0x00AD)
}

/// Splits `text` into words, numbers and punctuation. Whitespace separates
/// tokens and is not returned. Offsets are exact: for every token,
/// `text[byte_start..byte_end]` is its text and `start..end` are the same
/// bounds counted in characters.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let n = chars.len();
    let byte_at = |i: usize| if i < n { chars[i].0 } else { text.len() };
    let mut i = 0;
    while i < n {
        let c = chars[i].1;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        if c.is_ascii_digit() {
            // Number, possibly with inner separators, or a word like "G8"/"4th".
            let mut j = i + 1;
            while j < n {
                let d = chars[j].1;
                if d.is_ascii_digit() {
                    j += 1;
                } else if matches!(d, '.' | ',') && j + 1 < n && chars[j + 1].1.is_ascii_digit() {
                    j += 2;
                } else {
                    break;
                }
            }
            if j < n && is_word_char(chars[j].1) && !chars[j].1.is_ascii_digit() {
                // "4th", "1990s", "mp3"-like: continue as a word.
                while j < n && is_word_char(chars[j].1) {
                    j += 1;
                }
                out.push(mk(TokenKind::Word, start, j, byte_at(start), byte_at(j)));
            } else {
                out.push(mk(TokenKind::Number, start, j, byte_at(start), byte_at(j)));
            }
            i = j;
        } else if is_word_char(c) {
            let mut j = i + 1;
            loop {
                while j < n && is_word_char(chars[j].1) {
                    j += 1;
                }
                // Inner apostrophe followed by a letter: "don't", "BBC's".
                if j + 1 < n && is_apostrophe(chars[j].1) && chars[j + 1].1.is_alphabetic() {
                    j += 1;
                    continue;
                }
                break;
            }
            out.push(mk(TokenKind::Word, start, j, byte_at(start), byte_at(j)));
            i = j;
        } else {
            out.push(mk(TokenKind::Punct, i, i + 1, byte_at(i), byte_at(i + 1)));
            i += 1;
        }
    }
    out
}

fn mk(kind: TokenKind, start: usize, end: usize, byte_start: usize, byte_end: usize) -> Token {
    Token {
        kind,
        start,
        end,
        byte_start,
        byte_end,
    }
}

/// The form of a word used for lexicon look-ups: lower case, curly
/// apostrophes straightened, invisible characters and soft hyphens removed.
pub fn fold_word(word: &str) -> String {
    let mut s = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{02BC}' => s.push('\''),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            c => s.extend(c.to_lowercase()),
        }
    }
    s
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

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn splits_words_numbers_and_punctuation() {
        assert_eq!(
            words("BBC's 2,225 articles (in 2004-05) don’t lie."),
            ["BBC's", "2,225", "articles", "(", "in", "2004", "-", "05", ")", "don’t", "lie", "."]
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
        assert_eq!(words("the 1990s and 4th G8"), ["the", "1990s", "and", "4th", "G8"]);
    }

    #[test]
    fn folding() {
        assert_eq!(fold_word("Don’t"), "don't");
        assert_eq!(fold_word("Whi\u{200B}te"), "white");
    }
}
