//! Result types of a comparison: plain serde structs shared by the CLI, the
//! server and batch jobs (schema `unspin.compare/1`).

use serde::{Deserialize, Serialize};

/// The schema name written in every report.
pub const COMPARE_SCHEMA: &str = "unspin.compare/1";

/// A character range of one document (Unicode scalar values, end-exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Span {
    /// Offset of the first character.
    pub start: usize,
    /// Offset one past the last character.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// Number of characters covered.
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
}

/// What kind of copy one document is of the other.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum CompareVerdict {
    /// Passages reused with few changes.
    VerbatimCopy,
    /// Passages reused with many synonym swaps.
    SpunCopy,
    /// The same content reworded beyond word swaps.
    Paraphrase,
    /// Independent coverage of one event: shared names, numbers or quotes,
    /// but no reused passages.
    SameStory,
    /// Nothing in common worth reporting.
    Unrelated,
}

impl CompareVerdict {
    /// All verdicts, copies first.
    pub const ALL: [CompareVerdict; 5] = [
        CompareVerdict::VerbatimCopy,
        CompareVerdict::SpunCopy,
        CompareVerdict::Paraphrase,
        CompareVerdict::SameStory,
        CompareVerdict::Unrelated,
    ];

    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            CompareVerdict::VerbatimCopy => "verbatim_copy",
            CompareVerdict::SpunCopy => "spun_copy",
            CompareVerdict::Paraphrase => "paraphrase",
            CompareVerdict::SameStory => "same_story",
            CompareVerdict::Unrelated => "unrelated",
        }
    }

    /// Whether the verdict says one document copies the other.
    pub fn is_copy(self) -> bool {
        matches!(
            self,
            CompareVerdict::VerbatimCopy | CompareVerdict::SpunCopy | CompareVerdict::Paraphrase
        )
    }
}

/// Which way the text seems to have travelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// `b` looks derived from `a`.
    AToB,
    /// `a` looks derived from `b`.
    BToA,
    /// No sign either way.
    Unknown,
}

impl Direction {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::AToB => "a_to_b",
            Direction::BToA => "b_to_a",
            Direction::Unknown => "unknown",
        }
    }
}

/// One step of a word-level edit script, from `a` to `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum OpKind {
    /// The same words on both sides (a run of them).
    Match,
    /// A thesaurus-related swap (also across inflections: "told" and
    /// "instructed", "attacks" and "assaults").
    Synonym,
    /// Another change of wording.
    Substitute,
    /// Words only in `b`.
    Insert,
    /// Words only in `a`.
    Delete,
}

impl OpKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            OpKind::Match => "match",
            OpKind::Synonym => "synonym",
            OpKind::Substitute => "substitute",
            OpKind::Insert => "insert",
            OpKind::Delete => "delete",
        }
    }
}

/// One edit step with the words of each side and where they are.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Op {
    /// What changed.
    pub op: OpKind,
    /// The words on the `a` side (absent for `insert`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a_text: Option<String>,
    /// The words on the `b` side (absent for `delete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b_text: Option<String>,
    /// Where `a_text` is in `a` (absent for `insert`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub a: Option<Span>,
    /// Where `b_text` is in `b` (absent for `delete`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub b: Option<Span>,
}

/// A passage of `a` reused in `b`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Passage {
    /// The passage in `a`.
    pub a: Span,
    /// The passage in `b`.
    pub b: Span,
    /// Word-level edit script from `a` to `b`.
    pub ops: Vec<Op>,
}

/// Whether a quotation reads the same in both documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuoteStatus {
    /// Word for word the same.
    Exact,
    /// The same quotation with changed words.
    Altered,
}

impl QuoteStatus {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            QuoteStatus::Exact => "exact",
            QuoteStatus::Altered => "altered",
        }
    }
}

/// A quotation found in both documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct QuotePair {
    /// The quoted words in `a` (inside the quotation marks).
    pub a: Span,
    /// The quoted words in `b`.
    pub b: Span,
    /// Exact or altered.
    pub status: QuoteStatus,
    /// Who is quoted, when the text says so (`null` otherwise).
    pub speaker: Option<String>,
    /// Word-level edit script from the `a` quote to the `b` quote.
    pub ops: Vec<Op>,
}

/// Share of each document covered by reused passages, in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Coverage {
    /// Share of `a`'s words inside passages.
    pub a: f64,
    /// Share of `b`'s words inside passages.
    pub b: f64,
}

/// The comparison of two documents.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CompareReport {
    /// Always [`COMPARE_SCHEMA`].
    pub schema: String,
    /// Source of the first document (path as given, or `-`).
    pub a: String,
    /// Source of the second document.
    pub b: String,
    /// What kind of copy, if any.
    pub verdict: CompareVerdict,
    /// How much of the wording the two share, in [0, 1].
    pub similarity: f64,
    /// Which way the text seems to have travelled.
    pub direction: Direction,
    /// Share of each document inside reused passages.
    pub coverage: Coverage,
    /// Reused passages, in order of their position in `a`.
    pub passages: Vec<Passage>,
    /// Quotations found in both documents.
    pub quotes: Vec<QuotePair>,
}
