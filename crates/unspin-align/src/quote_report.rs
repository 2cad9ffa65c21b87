//! Result types of `unspin quotes` (schema `unspin.quotes/1`): every
//! quotation of a document with its speaker, and where it was looked up in
//! other documents, whether it reads the same there.

use serde::{Deserialize, Serialize};
use unspin_quotes::Quotation;

use crate::report::{Op, QuotePair, QuoteStatus};

/// The schema name written in every quotes report.
pub const QUOTES_SCHEMA: &str = "unspin.quotes/1";

/// The quotations of one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuotesReport {
    /// Always [`QUOTES_SCHEMA`].
    pub schema: String,
    /// Where the document came from (a path, `-`, or `path#id`).
    pub source: String,
    /// Its quotations, in order.
    pub quotes: Vec<QuoteEntry>,
}

/// One quotation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteEntry {
    /// The quoted words (inside the quotation marks).
    pub text: String,
    /// Character offset of the first quoted character.
    pub start: usize,
    /// Character offset one past the last quoted character.
    pub end: usize,
    /// Who is quoted: the name as written, or for a pronoun or a
    /// description the named speaker it refers to when that is clear;
    /// `null` when the text does not say.
    pub speaker: Option<String>,
    /// Character offset of the attribution's mention of the speaker ("he"
    /// for a resolved pronoun).
    pub speaker_start: Option<usize>,
    /// Character offset one past that mention.
    pub speaker_end: Option<usize>,
    /// The mention as written, when it differs from `speaker` (a resolved
    /// pronoun or description).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub speaker_mention: Option<String>,
    /// The reporting verb as written ("said", "told", "according to").
    pub verb: Option<String>,
    /// The quotation looked up in other documents (only with `--against`
    /// or `--index`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matches: Option<Vec<QuoteMatch>>,
}

/// Whether a quotation was found in another document, and how it reads
/// there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum MatchStatus {
    /// Word for word the same.
    Exact,
    /// The same quotation with words swapped, added or left out.
    Altered,
    /// No quotation there reads like it.
    NotFound,
}

impl MatchStatus {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchStatus::Exact => "exact",
            MatchStatus::Altered => "altered",
            MatchStatus::NotFound => "not_found",
        }
    }
}

/// A quotation looked up in one other document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuoteMatch {
    /// The other document.
    pub source: String,
    /// Exact, altered or not found.
    pub status: MatchStatus,
    /// How the quotation reads there (`null` when not found).
    pub text: Option<String>,
    /// Where it is there (character offsets; absent when not found).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<usize>,
    /// One past its end there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<usize>,
    /// Word-level edit script from this document's quotation to the
    /// other's (`synonym`, `substitute`, `insert`, `delete` and `match`
    /// runs, as in `unspin.compare/1`); empty when not found.
    pub ops: Vec<Op>,
}

impl QuoteEntry {
    /// The entry of a quotation found in `text`.
    pub fn new(q: &Quotation, text: &str) -> QuoteEntry {
        let speaker = q.speaker.as_ref();
        QuoteEntry {
            text: q.text(text).to_owned(),
            start: q.start,
            end: q.end,
            speaker: speaker.map(|s| s.name.clone()),
            speaker_start: speaker.map(|s| s.start),
            speaker_end: speaker.map(|s| s.end),
            speaker_mention: speaker
                .filter(|s| s.mention != s.name)
                .map(|s| s.mention.clone()),
            verb: q.verb.clone(),
            matches: None,
        }
    }
}

/// The text of characters `start..end` of `text`.
fn char_slice(text: &str, start: usize, end: usize) -> &str {
    let mut idx = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let b0 = idx.nth(start).unwrap_or(text.len());
    let b1 = if end > start {
        idx.nth(end - start - 1).unwrap_or(text.len())
    } else {
        b0
    };
    &text[b0..b1]
}

impl QuotesReport {
    /// The quotations of `text`, with no lookups.
    pub fn new(source: &str, text: &str) -> QuotesReport {
        QuotesReport {
            schema: QUOTES_SCHEMA.to_owned(),
            source: source.to_owned(),
            quotes: unspin_quotes::quotations(text)
                .iter()
                .map(|q| QuoteEntry::new(q, text))
                .collect(),
        }
    }

    /// Records the lookup in the document `other` (named `other_source`)
    /// that gave `pairs` (from [`crate::Comparer::quote_pairs`] with this
    /// document first). With `not_found`, a quotation with no pair gets a
    /// `not_found` entry for this document; otherwise only found ones are
    /// recorded (see [`QuotesReport::mark_not_found`]).
    pub fn record(
        &mut self,
        other_source: &str,
        other: &str,
        pairs: &[QuotePair],
        not_found: bool,
    ) {
        for q in &mut self.quotes {
            let pair = pairs
                .iter()
                .find(|p| p.a.start == q.start && p.a.end == q.end);
            let m = match pair {
                Some(p) => QuoteMatch {
                    source: other_source.to_owned(),
                    status: match p.status {
                        QuoteStatus::Exact => MatchStatus::Exact,
                        QuoteStatus::Altered => MatchStatus::Altered,
                    },
                    text: Some(char_slice(other, p.b.start, p.b.end).to_owned()),
                    start: Some(p.b.start),
                    end: Some(p.b.end),
                    ops: p.ops.clone(),
                },
                None if not_found => QuoteMatch {
                    source: other_source.to_owned(),
                    status: MatchStatus::NotFound,
                    text: None,
                    start: None,
                    end: None,
                    ops: Vec::new(),
                },
                None => {
                    q.matches.get_or_insert_with(Vec::new);
                    continue;
                }
            };
            q.matches.get_or_insert_with(Vec::new).push(m);
        }
    }

    /// Gives every quotation found nowhere one `not_found` entry naming
    /// what was searched (an index directory).
    pub fn mark_not_found(&mut self, searched: &str) {
        for q in &mut self.quotes {
            let found = q.matches.as_ref().is_some_and(|m| !m.is_empty());
            if !found {
                q.matches = Some(vec![QuoteMatch {
                    source: searched.to_owned(),
                    status: MatchStatus::NotFound,
                    text: None,
                    start: None,
                    end: None,
                    ops: Vec::new(),
                }]);
            }
        }
    }

    /// Whether any quotation reads differently in another document.
    pub fn has_altered(&self) -> bool {
        self.quotes.iter().any(|q| {
            q.matches
                .iter()
                .flatten()
                .any(|m| m.status == MatchStatus::Altered)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_slices() {
        let t = "Zoë said “héllo”";
        assert_eq!(char_slice(t, 0, 3), "Zoë");
        assert_eq!(char_slice(t, 10, 15), "héllo");
        assert_eq!(char_slice(t, 3, 3), "");
        assert_eq!(char_slice(t, 14, 99), "o”");
    }
}
