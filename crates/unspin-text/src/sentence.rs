//! Sentence segmentation over tokens.

use std::ops::Range;

use crate::token::{Token, TokenKind};

/// Words that are followed by a full stop without ending the sentence
/// (compared lower-cased). Words that are normally followed by a number
/// ("No. 5", "Fig. 3", "p. 12") need no entry: a sentence only ends before
/// a capital letter or a quote.
const ABBREVIATIONS: &[&str] = &[
    "adm", "al", "approx", "assn", "ave", "bros", "capt", "cdr", "cf", "cmdr", "co", "col", "corp",
    "dept", "det", "dr", "esq", "est", "fr", "ft", "gen", "gov", "hon", "inc", "insp", "jr", "lt",
    "ltd", "maj", "messrs", "mme", "mlle", "mr", "mrs", "ms", "mssrs", "mt", "prof", "pres", "rep",
    "rev", "sen", "sgt", "sr", "st", "supt", "viz", "vs", "jan", "feb", "mar", "apr", "jun", "jul",
    "aug", "sep", "sept", "oct", "nov", "dec",
];

fn is_terminator(s: &str) -> bool {
    matches!(
        s,
        "." | "!" | "?" | "…" | "‼" | "⁇" | "⁈" | "⁉" | "。" | "！" | "？" | "｡"
    )
}

/// Terminators of scripts written without spaces: they end a sentence
/// whatever follows.
fn is_spaceless_terminator(s: &str) -> bool {
    matches!(s, "。" | "！" | "？" | "｡")
}

fn is_closing(s: &str) -> bool {
    matches!(
        s,
        "\"" | "'" | "”" | "’" | "»" | "›" | ")" | "]" | "}" | "」" | "』" | "）"
    )
}

/// Whether a token can start a sentence: a capital letter, a letter of a
/// script without case, or an opening quote or bracket.
fn starts_sentence(s: &str) -> bool {
    let Some(c) = s.chars().next() else {
        return false;
    };
    if c.is_alphabetic() {
        return !c.is_lowercase();
    }
    matches!(
        c,
        '"' | '\'' | '“' | '‘' | '«' | '‹' | '(' | '[' | '¿' | '¡' | '「' | '『' | '（'
    )
}

/// Whether the whitespace between two tokens holds a blank line (or a
/// paragraph separator).
fn is_paragraph_break(gap: &str) -> bool {
    if gap.contains('\u{2029}') {
        return true;
    }
    let newlines = gap.bytes().filter(|&b| b == b'\n').count();
    newlines >= 2 || (newlines == 0 && gap.bytes().filter(|&b| b == b'\r').count() >= 2)
}

/// Splits tokens (from [`tokenize`](crate::tokenize) on the same `text`)
/// into sentences, returned as ranges of token indices that cover every
/// token, in order, without gaps.
///
/// A sentence ends at `.`, `!`, `?` or `…` (with any closing quotes or
/// brackets right after it) when whitespace and a capital letter, an
/// opening quote or bracket, or the end of the text follows; but not after
/// common abbreviations ("Mr.", "Dr.", "Inc.", "Jan.") or single letters
/// ("J. Smith", "U.S.", "e.g.", "i.e."). A blank line (paragraph break)
/// always ends a sentence, so headings without a full stop stand alone.
///
/// ```
/// use unspin_text::{sentences, tokenize};
///
/// let text = "Mr. Smith went to Washington. He said \"Hi.\" Then he left!";
/// let tokens = tokenize(text);
/// let spans: Vec<String> = sentences(text, &tokens)
///     .into_iter()
///     .map(|r| text[tokens[r.start].byte_start..tokens[r.end - 1].byte_end].to_owned())
///     .collect();
/// assert_eq!(spans, ["Mr. Smith went to Washington.", "He said \"Hi.\"", "Then he left!"]);
/// ```
pub fn sentences(text: &str, tokens: &[Token]) -> Vec<Range<usize>> {
    let tok_text = |i: usize| {
        text.get(tokens[i].byte_start..tokens[i].byte_end)
            .unwrap_or("")
    };
    let gap = |i: usize| {
        text.get(tokens[i].byte_end..tokens[i + 1].byte_start)
            .unwrap_or("")
    };
    let n = tokens.len();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < n {
        let mut end = i; // last token of the sentence, if it ends here
        let mut split = false;
        let t = tok_text(i);
        if tokens[i].kind == TokenKind::Punct && is_terminator(t) {
            // Absorb further terminators ("?!", "...") and closing quotes or
            // brackets written right after.
            while end + 1 < n && gap(end).is_empty() {
                let next = tok_text(end + 1);
                if is_terminator(next) || is_closing(next) {
                    end += 1;
                } else {
                    break;
                }
            }
            split = if end + 1 == n {
                false // the end of the text closes the sentence anyway
            } else if is_spaceless_terminator(t) {
                true
            } else {
                let g = gap(end);
                !g.is_empty()
                    && g.chars().any(char::is_whitespace)
                    && starts_sentence(tok_text(end + 1))
                    && !(t == "." && is_abbreviation(text, tokens, i))
            };
        }
        if !split && end + 1 < n && is_paragraph_break(gap(end)) {
            split = true;
        }
        if split {
            out.push(start..end + 1);
            start = end + 1;
        }
        i = end + 1;
    }
    if start < n {
        out.push(start..n);
    }
    out
}

/// Whether the full stop at token `dot` closes an abbreviation or initial.
fn is_abbreviation(text: &str, tokens: &[Token], dot: usize) -> bool {
    if dot == 0 {
        return false;
    }
    let prev = &tokens[dot - 1];
    if prev.kind != TokenKind::Word || prev.byte_end != tokens[dot].byte_start {
        return false;
    }
    let word = text.get(prev.byte_start..prev.byte_end).unwrap_or("");
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        // A single letter: an initial ("J. Smith") or part of a dotted
        // abbreviation ("U.S.", "e.g."). A lone "I." ends a sentence unless
        // it is itself inside a dotted abbreviation.
        let dotted = dot >= 2
            && tokens[dot - 2].byte_end == prev.byte_start
            && text.get(tokens[dot - 2].byte_start..tokens[dot - 2].byte_end) == Some(".");
        return c.is_alphabetic() && (c != 'I' || dotted);
    }
    if word.len() > 6 {
        return false;
    }
    let mut lower = [0u8; 6];
    for (l, b) in lower.iter_mut().zip(word.bytes()) {
        *l = b.to_ascii_lowercase();
    }
    let lower = &lower[..word.len()];
    ABBREVIATIONS.iter().any(|a| a.as_bytes() == lower)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tokenize;

    fn split(text: &str) -> Vec<String> {
        let tokens = tokenize(text);
        let ranges = sentences(text, &tokens);
        // Ranges cover all tokens, in order, without gaps.
        let mut next = 0;
        for r in &ranges {
            assert_eq!(r.start, next);
            assert!(r.end > r.start);
            next = r.end;
        }
        assert_eq!(next, tokens.len());
        ranges
            .into_iter()
            .map(|r| text[tokens[r.start].byte_start..tokens[r.end - 1].byte_end].to_owned())
            .collect()
    }

    #[test]
    fn basic_split() {
        assert_eq!(
            split("One two. Three four! Five? Six"),
            ["One two.", "Three four!", "Five?", "Six"]
        );
    }

    #[test]
    fn no_split_before_lowercase_or_number() {
        assert_eq!(
            split("It cost 3.5 million. that is odd."),
            ["It cost 3.5 million. that is odd."]
        );
        assert_eq!(
            split("See No. 5 and Fig. 3 here."),
            ["See No. 5 and Fig. 3 here."]
        );
        assert_eq!(split("\"Why?\" he asked."), ["\"Why?\" he asked."]);
        assert_eq!(
            split("example.com is up. Yes."),
            ["example.com is up.", "Yes."]
        );
    }

    #[test]
    fn abbreviations_and_initials() {
        assert_eq!(
            split(
                "Mr. Smith met Dr. Jones in the U.S. Army base. J. R. R. Tolkien wrote, e.g. The Hobbit."
            ),
            [
                "Mr. Smith met Dr. Jones in the U.S. Army base.",
                "J. R. R. Tolkien wrote, e.g. The Hobbit."
            ]
        );
        assert_eq!(
            split("Acme Inc. Was sold. So was I. Then we left."),
            ["Acme Inc. Was sold.", "So was I.", "Then we left."]
        );
    }

    #[test]
    fn quotes_and_brackets() {
        assert_eq!(
            split(
                "He said \"Stop.\" Then \u{201C}Go!\u{201D} She (quietly.) Left. \u{201C}Really?\u{201D}"
            ),
            [
                "He said \"Stop.\"",
                "Then \u{201C}Go!\u{201D}",
                "She (quietly.)",
                "Left.",
                "\u{201C}Really?\u{201D}"
            ]
        );
        assert_eq!(split("Wait... What?! No."), ["Wait...", "What?!", "No."]);
    }

    #[test]
    fn paragraph_breaks_always_split() {
        assert_eq!(
            split("A Heading\n\nBody text here.\nmore text"),
            ["A Heading", "Body text here.\nmore text"]
        );
        assert_eq!(
            split("Title\r\n\r\nBody. Next."),
            ["Title", "Body.", "Next."]
        );
        assert_eq!(split("Title\n  \t\nBody"), ["Title", "Body"]);
        assert_eq!(split("Mr.\n\nSmith"), ["Mr.", "Smith"]);
    }

    #[test]
    fn spaceless_scripts() {
        assert_eq!(
            split("今日は晴れ。明日は雨。"),
            ["今日は晴れ。", "明日は雨。"]
        );
    }

    #[test]
    fn empty_and_single() {
        assert!(split("").is_empty());
        assert!(split("   ").is_empty());
        assert_eq!(split("."), ["."]);
        assert_eq!(split("Hello"), ["Hello"]);
    }

    #[test]
    fn stale_tokens_do_not_panic() {
        let toks = tokenize("One. Two. Three.");
        let r = sentences("One.", &toks);
        assert_eq!(r.last().map(|r| r.end), Some(toks.len()));
    }
}
