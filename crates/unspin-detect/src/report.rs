//! Result types of a scan: plain serde structs shared by the CLI, the
//! server and batch jobs (schema `unspin.scan/1`).

use serde::{Deserialize, Serialize};

/// The schema name written in every report.
pub const SCAN_SCHEMA: &str = "unspin.scan/1";

/// The verdict on one document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// Very likely machine-spun.
    Spun,
    /// Some traces of spinning; worth a look.
    Suspicious,
    /// No sign of spinning.
    Clean,
    /// Too few words to judge.
    TooShort,
}

impl Verdict {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Spun => "spun",
            Verdict::Suspicious => "suspicious",
            Verdict::Clean => "clean",
            Verdict::TooShort => "too_short",
        }
    }
}

/// What a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FindingKind {
    /// A phrase far less likely than a synonym-restored variant that is an
    /// established collocation or name.
    TorturedPhrase,
    /// A phrase from a user-supplied list (`--phrases`).
    KnownPhrase,
    /// Left-over spin syntax such as `{big|large}`.
    Spintax,
    /// A word mixing look-alike letters from another script, or hiding
    /// invisible characters.
    Homoglyph,
    /// In a document that reads as spun, a word a spinner is far likelier
    /// to have written than a writer, with the original it likely
    /// replaced: the word-level evidence behind the score.
    SynonymSwap,
}

impl FindingKind {
    /// The name used in reports.
    pub fn as_str(self) -> &'static str {
        match self {
            FindingKind::TorturedPhrase => "tortured_phrase",
            FindingKind::KnownPhrase => "known_phrase",
            FindingKind::Spintax => "spintax",
            FindingKind::Homoglyph => "homoglyph",
            FindingKind::SynonymSwap => "synonym_swap",
        }
    }
}

/// One finding: a span of the document, what it likely was, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Finding {
    /// Kind of the finding.
    pub kind: FindingKind,
    /// Character offset of the first character (Unicode scalar values).
    pub start: usize,
    /// Character offset one past the last character.
    pub end: usize,
    /// The text of the span as written.
    pub text: String,
    /// The likely original wording.
    pub suggestion: String,
    /// How sure unspin is, in [0, 1].
    pub confidence: f64,
    /// One sentence a person understands.
    pub explanation: String,
}

/// The report on one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScanReport {
    /// Always [`SCAN_SCHEMA`].
    pub schema: String,
    /// The path as given, `-` for standard input, or the JSON Lines id.
    pub source: String,
    /// The verdict.
    pub verdict: Verdict,
    /// Calibrated probability that the text was machine-spun.
    pub score: f64,
    /// Number of words.
    pub words: usize,
    /// Findings, sorted by start offset, not overlapping.
    pub findings: Vec<Finding>,
    /// The text with every suggestion applied (only when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restored: Option<String>,
}
