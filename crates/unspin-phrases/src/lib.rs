//! Known tortured-phrase lists for unspin.
//!
//! A *tortured phrase* is what a paraphrasing tool makes of an established
//! term: "counterfeit consciousness" for "artificial intelligence",
//! "irregular backwoods" for "random forest". Curated lists of them, such as
//! the [Problematic Paper Screener](https://www.irit.fr/~Guillaume.Cabanac/problematic-paper-screener)
//! export, are the most precise evidence of machine-spun text. This crate
//! reads such lists and finds their phrases in a document
//! (`unspin scan --phrases FILE`).
//!
//! Two formats are read, told apart by their content:
//!
//! * the screener's CSV export, with the header
//!   `"Fingerprint - Tortured Phrase","Expected Text","Nb Retrieved Papers"`.
//!   The fingerprint is a query: `"surface region" AND "surface area"`
//!   (the other term must also occur in the document),
//!   `"magnetic cell separation" NOT "with MACS"` (it must not),
//!   `"gatherings clustering"~10` (the words in any order within 10 extra
//!   words), unquoted words and `prefix*` terms, `OR` and parentheses. Its
//!   first quoted phrase (with `OR`, the first phrase of each alternative)
//!   is the one reported. Notes in the expected text (`(?)`, `(in HMM)`,
//!   links) are dropped from the suggestion;
//! * a plain list of `tortured<TAB>original` lines, with `#` comments and
//!   blank lines.
//!
//! Matching works on word tokens, case-insensitively. Hyphens, dashes,
//! slashes and apostrophes between words are ignored on both sides
//! (`signal-to-noise` matches "signal to noise" and the reverse); any other
//! punctuation must be where the phrase has it, so a phrase never matches
//! across a full stop or a comma that it does not contain. All phrases of a
//! list are compiled into one Aho–Corasick automaton, so a document is
//! scanned once whatever the size of the list.
//!
//! ```
//! use unspin_phrases::PhraseList;
//!
//! let list = "# tortured\toriginal\n\
//!             counterfeit consciousness\tartificial intelligence\n\
//!             irregular backwoods\trandom forest\n";
//! let (phrases, warnings) = PhraseList::parse("example.tsv", list).unwrap();
//! assert!(warnings.is_empty());
//! assert_eq!(phrases.len(), 2);
//!
//! let text = "We train an Irregular Backwoods with counterfeit-consciousness.";
//! let tokens = unspin_text::tokenize(text);
//! let hits = phrases.find(text, &tokens);
//! assert_eq!(hits.len(), 2);
//! assert_eq!(hits[0].text, "Irregular Backwoods");
//! assert_eq!(hits[0].suggestion, "random forest");
//! assert_eq!((hits[0].start, hits[0].end), (12, 31));
//! assert_eq!(hits[1].text, "counterfeit-consciousness");
//! assert_eq!(hits[1].suggestion, "artificial intelligence");
//! ```
#![deny(missing_docs)]

mod load;
mod matcher;
mod norm;
mod query;
mod suggest;

use std::fmt;
use std::path::Path;

use serde::Serialize;

pub use matcher::PhraseList;

/// The format of a list file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ListFormat {
    /// The Problematic Paper Screener CSV export (fingerprint queries).
    ScreenerCsv,
    /// `tortured<TAB>original` lines.
    Tsv,
}

impl fmt::Display for ListFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ListFormat::ScreenerCsv => "Problematic Paper Screener CSV",
            ListFormat::Tsv => "tab-separated list",
        })
    }
}

/// One entry of a list, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhraseEntry {
    /// 1-based line of the entry in the list file.
    pub line: usize,
    /// The query (or, in a TSV list, the phrase) as given.
    pub fingerprint: String,
    /// The tortured phrase that is reported: the first phrase of the query.
    pub phrase: String,
    /// The suggested wording (the expected text without curators' notes;
    /// empty where the list does not know it).
    pub suggestion: String,
}

/// A tortured phrase found in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhraseHit {
    /// Character offset of the first character of the phrase.
    pub start: usize,
    /// Character offset one past its last character.
    pub end: usize,
    /// The phrase as written in the document.
    pub text: String,
    /// The established wording it stands for (may be empty).
    pub suggestion: String,
    /// The list's query that matched, for the explanation.
    pub fingerprint: String,
}

/// An entry of a list that could not be read and was skipped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhraseWarning {
    /// 1-based line of the entry (0 if unknown).
    pub line: usize,
    /// The entry as written (may be empty when unreadable).
    pub entry: String,
    /// What is wrong with it.
    pub problem: String,
}

impl fmt::Display for PhraseWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.problem)?;
        if !self.entry.is_empty() {
            write!(f, ": {}", self.entry)?;
        }
        Ok(())
    }
}

/// One line summing up the entries of list `name` that were skipped, with
/// the first `examples` of them; `None` if there are none.
///
/// ```
/// use unspin_phrases::{PhraseList, summarize_warnings};
///
/// let (_, warnings) = PhraseList::parse("my.tsv", "a b\tc\nno tab here\n").unwrap();
/// assert_eq!(
///     summarize_warnings("my.tsv", &warnings, 3).unwrap(),
///     "my.tsv: skipped 1 entry that could not be read (line 2: no tab between \
///      the tortured phrase and the original: no tab here)"
/// );
/// ```
pub fn summarize_warnings(
    name: &str,
    warnings: &[PhraseWarning],
    examples: usize,
) -> Option<String> {
    if warnings.is_empty() {
        return None;
    }
    let n = warnings.len();
    let shown: Vec<String> = warnings
        .iter()
        .take(examples)
        .map(|w| w.to_string())
        .collect();
    let mut s = format!(
        "{name}: skipped {n} {} that could not be read",
        if n == 1 { "entry" } else { "entries" }
    );
    if !shown.is_empty() {
        s.push_str(" (");
        s.push_str(&shown.join("; "));
        if n > shown.len() {
            s.push_str(&format!("; and {} more", n - shown.len()));
        }
        s.push(')');
    }
    Some(s)
}

/// Why a list could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum PhraseError {
    /// The file could not be read.
    #[error("cannot read phrase list {name}: {source}; check the path and its permissions")]
    Read {
        /// The file.
        name: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// The file is not UTF-8 text.
    #[error(
        "phrase list {name} is not UTF-8 text (invalid byte at offset {offset}); save it as UTF-8"
    )]
    NotUtf8 {
        /// The file.
        name: String,
        /// Byte offset of the first invalid byte.
        offset: usize,
    },
    /// Neither format was recognised.
    #[error(
        "phrase list {name} is in no known format; give either the Problematic Paper Screener CSV export (with its \"Fingerprint - Tortured Phrase\",\"Expected Text\" header) or lines of `tortured<TAB>original`"
    )]
    UnknownFormat {
        /// The file.
        name: String,
    },
    /// The file holds no usable entry.
    #[error(
        "phrase list {name} has no usable phrases ({skipped} entries could not be read); give lines of `tortured<TAB>original` or a Problematic Paper Screener CSV export"
    )]
    NoPhrases {
        /// The file.
        name: String,
        /// Entries that were skipped as unreadable.
        skipped: usize,
    },
}

impl PhraseList {
    /// Reads a list from `content`; `name` (usually the file name) is used
    /// in messages. Entries that cannot be read are skipped and returned as
    /// warnings; the list fails only when its format is unknown or it holds
    /// no usable entry.
    pub fn parse(
        name: &str,
        content: &str,
    ) -> Result<(PhraseList, Vec<PhraseWarning>), PhraseError> {
        let content = content.strip_prefix('\u{feff}').unwrap_or(content);
        let format = load::detect(name, content)?;
        let mut warnings = Vec::new();
        let rows = match format {
            ListFormat::ScreenerCsv => load::read_csv(content, &mut warnings),
            ListFormat::Tsv => load::read_tsv(content, &mut warnings),
        };
        let list = PhraseList::compile(name, format, rows, &mut warnings);
        warnings.sort_by_key(|w| w.line);
        if list.is_empty() {
            return Err(PhraseError::NoPhrases {
                name: name.to_string(),
                skipped: warnings.len(),
            });
        }
        Ok((list, warnings))
    }

    /// Reads the list in file `path`; see [`PhraseList::parse`].
    pub fn load(path: &Path) -> Result<(PhraseList, Vec<PhraseWarning>), PhraseError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| PhraseError::Read {
            name: name.clone(),
            source,
        })?;
        let content = String::from_utf8(bytes).map_err(|e| PhraseError::NotUtf8 {
            name: name.clone(),
            offset: e.utf8_error().valid_up_to(),
        })?;
        PhraseList::parse(&name, &content)
    }
}

#[cfg(test)]
mod tests;
