//! Quotations in news text: where each quote is, and who is quoted.
//!
//! [`quotations`] finds text in quotation marks (“curly”, "straight",
//! «guillemets»), including the news convention of a quote running over
//! several paragraphs with no closing mark at each paragraph's end, and
//! attributes each to a speaker when a speech verb next to it says who
//! ("…," said Marco Rubio; Mr Smith told the BBC: "…"; "…," he added).
//!
//! ```
//! let text = "“We will not back down,” said Marco Rubio on Sunday.";
//! let q = unspin_quotes::quotations(text);
//! assert_eq!(q.len(), 1);
//! assert_eq!(q[0].text(text), "We will not back down,");
//! assert_eq!(q[0].speaker.as_deref(), Some("Marco Rubio"));
//! ```
#![deny(missing_docs)]

use serde::{Deserialize, Serialize};
use unspin_text::{Token, TokenKind, tokenize};

/// One quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotation {
    /// Character offset of the first quoted character (inside the marks).
    pub start: usize,
    /// Character offset one past the last quoted character.
    pub end: usize,
    /// Byte offset of `start`.
    pub byte_start: usize,
    /// Byte offset of `end`.
    pub byte_end: usize,
    /// Who is quoted, as written ("Marco Rubio", "the minister", "he").
    pub speaker: Option<String>,
}

impl Quotation {
    /// The quoted text inside `text` (the string it was found in).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.byte_start..self.byte_end).unwrap_or_default()
    }
}

/// Verbs that introduce reported speech.
const SPEECH_VERBS: &[&str] = &[
    "added",
    "adds",
    "admitted",
    "announced",
    "argued",
    "asked",
    "asks",
    "claimed",
    "claims",
    "commented",
    "concluded",
    "confirmed",
    "continued",
    "declared",
    "denied",
    "explained",
    "explains",
    "insisted",
    "insists",
    "noted",
    "notes",
    "replied",
    "reported",
    "said",
    "says",
    "stated",
    "states",
    "stressed",
    "suggested",
    "told",
    "tells",
    "wrote",
    "writes",
    "warned",
    "warns",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it"];

const DETERMINERS: &[&str] = &["the", "a", "an", "his", "her", "their", "its", "our"];

fn is_speech_verb(w: &str) -> bool {
    SPEECH_VERBS.contains(&w.to_ascii_lowercase().as_str())
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Straight,
    Curly,
    Guillemet,
}

/// Every quotation of `text`, in order, with its speaker when one is named.
pub fn quotations(text: &str) -> Vec<Quotation> {
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new(); // chars, bytes
    let mut open: Option<(Mark, usize, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (ci, &(bi, c)) in chars.iter().enumerate() {
        let after = (ci + 1, bi + c.len_utf8());
        let prev = ci.checked_sub(1).map(|i| chars[i].1);
        let next = chars.get(ci + 1).map(|x| x.1);
        // The shape of a straight quote: opening after a space and before
        // a word, closing after a word and before a space or punctuation.
        let opening_shape = c == '"'
            && prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}-".contains(p))
            && next.is_some_and(|n| !n.is_whitespace());
        let closing_shape = c == '"'
            && prev.is_some_and(|p| !p.is_whitespace())
            && next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation());
        match (open, c) {
            (None, '"') | (None, '\u{201C}') | (None, '\u{00AB}') => {
                // A straight quote right after a letter or digit is an inch
                // mark or a stray closing mark, not an opening one.
                if c == '"' && (closing_shape || prev.is_some_and(char::is_alphanumeric)) {
                    continue;
                }
                let mark = match c {
                    '"' => Mark::Straight,
                    '\u{201C}' => Mark::Curly,
                    _ => Mark::Guillemet,
                };
                open = Some((mark, after.0, after.1));
            }
            (Some((Mark::Straight, s, sb)), '"') if opening_shape && !closing_shape => {
                // A new quote opens while one is open: the first ran to the
                // end of its paragraph without a closing mark.
                spans.push((s, ci, sb, bi));
                open = Some((Mark::Straight, after.0, after.1));
            }
            (Some((Mark::Straight, s, sb)), '"')
            | (Some((Mark::Curly, s, sb)), '\u{201D}')
            | (Some((Mark::Guillemet, s, sb)), '\u{00BB}') => {
                spans.push((s, ci, sb, bi));
                open = None;
            }
            (Some((Mark::Curly, s, sb)), '\u{201C}') => {
                spans.push((s, ci, sb, bi));
                open = Some((Mark::Curly, after.0, after.1));
            }
            (Some((_, s, sb)), '\n') => {
                // A quote that runs to the end of its paragraph.
                spans.push((s, ci, sb, bi));
                open = None;
            }
            _ => {}
        }
    }
    if let Some((_, s, sb)) = open {
        spans.push((s, text.chars().count(), sb, text.len()));
    }
    let tokens = tokenize(text);
    let mut out = Vec::new();
    for (s, e, sb, eb) in spans {
        let inner = &text[sb..eb];
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        let (sb2, eb2) = (sb + lead, eb - trail);
        if sb2 >= eb2 || !text[sb2..eb2].chars().any(char::is_alphanumeric) {
            continue;
        }
        let s2 = s + text[sb..sb2].chars().count();
        let e2 = e - text[eb2..eb].chars().count();
        let speaker = speaker(text, &tokens, sb2, eb2);
        out.push(Quotation {
            start: s2,
            end: e2,
            byte_start: sb2,
            byte_end: eb2,
            speaker,
        });
    }
    out
}

/// The speaker of the quote spanning bytes `sb..eb`, from a speech verb in
/// the same sentence just after or just before it.
fn speaker(text: &str, tokens: &[Token], sb: usize, eb: usize) -> Option<String> {
    let first = tokens.partition_point(|t| t.byte_end <= sb);
    let after = tokens.partition_point(|t| t.byte_start < eb);
    let word = |i: usize| tokens[i].text(text);
    let is_word = |i: usize| tokens[i].kind == TokenKind::Word;
    let ends_sentence = |i: usize| matches!(word(i), "." | "!" | "?" | "\n");
    // `X said: "…"`: the clause before the quote names the speaker.
    let mut i0 = first;
    if i0 > 0 && matches!(word(i0 - 1), "\"" | "\u{201C}" | "\u{00AB}") {
        i0 -= 1;
    }
    if i0 > 0
        && word(i0 - 1) == ":"
        && let Some(s) = speaker_before(text, tokens, i0 - 1)
    {
        return Some(s);
    }
    // After: skip the closing mark and punctuation, then `said X` / `X said`.
    let mut k = after;
    while k < tokens.len() && !is_word(k) {
        if ends_sentence(k) || tokens[k].byte_start - tokens[k.saturating_sub(1)].byte_end > 2 {
            break;
        }
        k += 1;
    }
    if k < tokens.len() && is_word(k) {
        let limit = (k + 8).min(tokens.len());
        if let Some(v) = (k..limit)
            .take_while(|&i| is_word(i) || word(i) == "'" || word(i) == "-")
            .find(|&i| is_speech_verb(word(i)))
        {
            if v > k {
                return phrase_before(text, tokens, k, v);
            }
            return phrase_after(text, tokens, v + 1);
        }
    }
    speaker_before(text, tokens, i0)
}

/// The speaker named by a speech verb in the clause ending before token
/// `i` (`X said: "`, `X told the BBC: "`), within the same sentence.
fn speaker_before(text: &str, tokens: &[Token], mut i: usize) -> Option<String> {
    let word = |i: usize| tokens[i].text(text);
    let mut seen = 0;
    while i > 0 && seen < 12 {
        i -= 1;
        if matches!(word(i), "." | "!" | "?" | "\"" | "\u{201D}") {
            break;
        }
        if tokens[i].kind == TokenKind::Word {
            seen += 1;
            if is_speech_verb(word(i)) {
                let start = sentence_start(tokens, text, i);
                return phrase_before(text, tokens, start, i);
            }
        }
    }
    None
}

fn sentence_start(tokens: &[Token], text: &str, mut i: usize) -> usize {
    while i > 0 {
        let w = tokens[i - 1].text(text);
        if matches!(w, "." | "!" | "?" | "\"" | "\u{201D}" | "\u{201C}") {
            break;
        }
        i -= 1;
    }
    i
}

/// The speaker just before the verb at `v`, searching back to `from`: a
/// pronoun, a run of capitalised words, or a determiner phrase.
fn phrase_before(text: &str, tokens: &[Token], from: usize, v: usize) -> Option<String> {
    let mut end = v;
    // "Theresa May, said": one comma may stand between name and verb.
    if end > from && tokens[end - 1].text(text) == "," {
        end -= 1;
    }
    let mut start = end;
    while start > from && tokens[start - 1].kind == TokenKind::Word {
        start -= 1;
    }
    if start == end {
        return None;
    }
    let words: Vec<&str> = (start..end).map(|i| tokens[i].text(text)).collect();
    let lower = |w: &str| w.to_ascii_lowercase();
    let last = words.last()?;
    if PRONOUNS.contains(&lower(last).as_str()) {
        return Some(last.to_string());
    }
    let capital = |w: &&str| w.chars().next().is_some_and(char::is_uppercase);
    // A name right before the verb ("Mr Smith said", "Theresa May, said").
    if capital(last) {
        let mut cs = words.len() - 1;
        while cs > 0 && capital(&words[cs - 1]) {
            cs -= 1;
        }
        let run = &words[cs..];
        if !(run.len() == 1 && DETERMINERS.contains(&lower(run[0]).as_str())) {
            return Some(join(text, tokens, start + cs, end));
        }
    }
    // "the minister said".
    if let Some(d) = words
        .iter()
        .rposition(|w| DETERMINERS.contains(&lower(w).as_str()))
    {
        return Some(join(text, tokens, start + d, end));
    }
    None
}

/// The speaker just after a verb: a pronoun, a capitalised run, or a
/// determiner phrase up to the next punctuation.
fn phrase_after(text: &str, tokens: &[Token], from: usize) -> Option<String> {
    let mut end = from;
    while end < tokens.len() && tokens[end].kind == TokenKind::Word && end < from + 6 {
        end += 1;
    }
    if end == from {
        return None;
    }
    let w0 = tokens[from].text(text);
    if PRONOUNS.contains(&w0.to_ascii_lowercase().as_str()) {
        return Some(w0.to_string());
    }
    if w0.chars().next().is_some_and(char::is_uppercase) {
        let mut e = from + 1;
        while e < end
            && tokens[e]
                .text(text)
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        {
            e += 1;
        }
        return Some(join(text, tokens, from, e));
    }
    if DETERMINERS.contains(&w0.to_ascii_lowercase().as_str()) {
        // "the minister on Monday": the phrase ends before a preposition.
        let stop = (from + 1..end)
            .find(|&i| STOP_AFTER.contains(&tokens[i].text(text).to_ascii_lowercase().as_str()))
            .unwrap_or(end);
        return Some(join(text, tokens, from, stop));
    }
    None
}

/// Words that end a speaker phrase after a speech verb.
const STOP_AFTER: &[&str] = &[
    "after",
    "as",
    "at",
    "before",
    "during",
    "in",
    "on",
    "when",
    "while",
    "yesterday",
    "today",
];

fn join(text: &str, tokens: &[Token], start: usize, end: usize) -> String {
    text[tokens[start].byte_start..tokens[end - 1].byte_end].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(String, Option<String>)> {
        quotations(text)
            .into_iter()
            .map(|q| (q.text(text).to_string(), q.speaker))
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes_with_speakers() {
        let t = "The minister said: \"It was a critical strategic mistake.\" Later, “We will fight on,” he added. \"Nothing changes,\" Mr Smith told reporters.";
        assert_eq!(
            quotes(t),
            [
                (
                    "It was a critical strategic mistake.".to_string(),
                    Some("The minister".to_string())
                ),
                ("We will fight on,".to_string(), Some("he".to_string())),
                ("Nothing changes,".to_string(), Some("Mr Smith".to_string())),
            ]
        );
    }

    #[test]
    fn said_before_the_name() {
        let t = "“Prices will rise,” said the chief executive, Jane Doe.";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("the chief executive"));
        let t = "“Prices will rise,” said the minister on Monday in London.";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("the minister"));
    }

    #[test]
    fn unattributed_and_unclosed_quotes() {
        let t =
            "It was called \"a disaster\" by critics.\n\"A quote running on\nand a new paragraph.";
        let q = quotes(t);
        assert_eq!(q[0], ("a disaster".to_string(), None));
        assert_eq!(q[1].0, "A quote running on");
        assert_eq!(q.len(), 2);
    }

    #[test]
    fn inch_marks_are_not_quotes() {
        assert!(quotations("a 12\" screen and nothing else").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn offsets_slice_the_text(text in "\\PC{0,200}") {
            let chars: Vec<char> = text.chars().collect();
            for q in quotations(&text) {
                let by_chars: String = chars[q.start..q.end].iter().collect();
                proptest::prop_assert_eq!(by_chars.as_str(), q.text(&text));
                proptest::prop_assert!(!q.text(&text).is_empty());
            }
        }
    }
}
