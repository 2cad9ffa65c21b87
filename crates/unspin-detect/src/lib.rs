//! Detection of machine-spun text in a single document, without its source.
//!
//! [`Detector::scan`] returns a [`ScanReport`]: every finding with its
//! character offsets, the likely original wording, a confidence and an
//! explanation; a calibrated spin score; a verdict; and, on request, the
//! text with the suggestions applied.
//!
//! ```
//! use unspin_detect::{Detector, FindingKind};
//! use unspin_lexicon::Lexicon;
//!
//! let lex = Lexicon::embedded();
//! let detector = Detector::new(&lex);
//! let report = detector.scan("-", "Officials at the White Home said the {big|large} plan failed.", true);
//! let kinds: Vec<FindingKind> = report.findings.iter().map(|f| f.kind).collect();
//! assert!(kinds.contains(&FindingKind::Spintax));
//! assert!(report.findings.iter().any(|f| f.suggestion == "House"));
//! assert!(report.restored.unwrap().contains("White House"));
//! ```
#![deny(missing_docs)]

pub mod report;
mod restore;
mod score;
pub mod signals;
pub mod spintax;
mod stop;
mod tortured;

pub use report::{Finding, FindingKind, SCAN_SCHEMA, ScanReport, Verdict};
pub use restore::{match_case, restore, title_case};
pub use score::ScoreModel;
use std::sync::Mutex;
pub use stop::is_function_word;
pub use tortured::TorturedConfig;

use unspin_lexicon::Lexicon;
use unspin_phrases::PhraseList;

/// Scans documents with a lexicon. Cheap to create. It remembers lexicon
/// look-ups across the documents it scans (which never changes a report),
/// and one detector can serve many threads: each scan takes a memo of its
/// own from a pool.
pub struct Detector<'l> {
    lex: &'l Lexicon,
    tortured: TorturedConfig,
    score: ScoreModel,
    phrases: Option<&'l PhraseList>,
    memos: Mutex<Vec<tortured::Memo<'l>>>,
}

impl<'l> Detector<'l> {
    /// A detector with the default configuration.
    pub fn new(lex: &'l Lexicon) -> Self {
        Detector {
            lex,
            tortured: TorturedConfig::default(),
            score: ScoreModel::default(),
            phrases: None,
            memos: Mutex::new(Vec::new()),
        }
    }

    /// Also reports the phrases of a known tortured-phrase list.
    pub fn with_phrases(mut self, list: &'l PhraseList) -> Self {
        self.phrases = Some(list);
        self
    }

    /// Replaces the tortured-phrase configuration.
    pub fn with_tortured_config(mut self, cfg: TorturedConfig) -> Self {
        self.tortured = cfg;
        self.memos = Mutex::new(Vec::new());
        self
    }

    /// Replaces the score model.
    pub fn with_score_model(mut self, m: ScoreModel) -> Self {
        self.score = m;
        self
    }

    /// The score model in use.
    pub fn score_model(&self) -> &ScoreModel {
        &self.score
    }

    /// Finds every finding in `text`, without scoring; also returns the
    /// number of words and the document-level signals.
    pub fn analyse(&self, text: &str) -> (Vec<Finding>, usize, signals::Signals) {
        let tokens = unspin_text::tokenize(text);
        let mut memo = self
            .pool()
            .pop()
            .unwrap_or_else(|| tortured::Memo::new(self.lex));
        let mut cache = tortured::Cache::new(self.lex, &self.tortured, &mut memo);
        let words = tortured::words(text, &tokens, cache.vocab());
        let n_words = words.iter().filter(|w| w.alphabetic).count();
        let doc_bigrams = tortured::doc_bigrams(&words);
        let mut all = spintax::find(text);
        for h in unspin_text::find_homoglyphs(text, &tokens) {
            let explanation = if h.script == "invisible" {
                format!(
                    "\"{}\" hides invisible characters inside the word",
                    h.suggestion
                )
            } else {
                let chars: String = h.chars.iter().collect();
                format!(
                    "\"{}\" mixes {} look-alike letters ({chars}) into a Latin word, a trick to evade text matching",
                    h.suggestion, h.script
                )
            };
            all.push(Finding {
                kind: FindingKind::Homoglyph,
                start: h.start,
                end: h.end,
                text: h.text,
                suggestion: h.suggestion,
                confidence: 0.99,
                explanation,
            });
        }
        if let Some(list) = self.phrases {
            for hit in list.find(text, &tokens) {
                all.push(Finding {
                    kind: FindingKind::KnownPhrase,
                    start: hit.start,
                    end: hit.end,
                    text: hit.text,
                    suggestion: hit.suggestion,
                    confidence: 0.99,
                    explanation: format!(
                        "listed tortured phrase (fingerprint {} in {})",
                        hit.fingerprint,
                        list.name()
                    ),
                });
            }
        }
        all.extend(tortured::find(&mut cache, &words, &doc_bigrams));
        let sig = signals::compute(&mut cache, &words, &mut all);
        self.pool().push(memo);
        (resolve_overlaps(text, all), n_words, sig)
    }

    fn pool(&self) -> std::sync::MutexGuard<'_, Vec<tortured::Memo<'l>>> {
        // A memo only ever holds finished look-ups, so a panic elsewhere
        // cannot leave the pool inconsistent.
        self.memos.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Scans one document. `source` is echoed in the report.
    pub fn scan(&self, source: &str, text: &str, with_restored: bool) -> ScanReport {
        let (findings, words, sig) = self.analyse(text);
        let (score, verdict) = self.score.judge(&findings, words, &sig);
        let restored = with_restored.then(|| restore(text, &findings));
        ScanReport {
            schema: SCAN_SCHEMA.to_string(),
            source: source.to_string(),
            verdict,
            score,
            words,
            findings,
            restored,
        }
    }
}

/// Sorts findings, drops overlaps (keeping the more confident, then the
/// longer), and fills in each finding's text from the document.
pub fn resolve_overlaps(text: &str, mut all: Vec<Finding>) -> Vec<Finding> {
    all.sort_by(|a, b| {
        b.confidence
            .total_cmp(&a.confidence)
            .then((b.end - b.start).cmp(&(a.end - a.start)))
            .then(a.start.cmp(&b.start))
    });
    let mut kept: Vec<Finding> = Vec::with_capacity(all.len());
    for f in all {
        if f.start >= f.end {
            continue;
        }
        if kept.iter().all(|k| f.end <= k.start || f.start >= k.end) {
            kept.push(f);
        }
    }
    kept.sort_by_key(|f| f.start);
    // Fill in texts with one pass over the characters.
    let mut starts: Vec<usize> = Vec::with_capacity(kept.len() * 2);
    for f in &kept {
        starts.push(f.start);
        starts.push(f.end);
    }
    let byte_of = char_offsets_to_bytes(text, &starts);
    for (i, f) in kept.iter_mut().enumerate() {
        f.text = text[byte_of[2 * i]..byte_of[2 * i + 1]].to_string();
        if matches!(
            f.kind,
            FindingKind::TorturedPhrase | FindingKind::KnownPhrase
        ) {
            f.suggestion = match_case(&f.text, &f.suggestion);
        }
    }
    kept
}

/// Converts sorted-or-not character offsets to byte offsets of `text`
/// (offsets past the end map to `text.len()`).
pub fn char_offsets_to_bytes(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&i| offsets[i]);
    let mut out = vec![text.len(); offsets.len()];
    let mut it = text.char_indices().enumerate().peekable();
    for i in order {
        let target = offsets[i];
        while let Some(&(ci, (bi, _))) = it.peek() {
            if ci == target {
                out[i] = bi;
                break;
            }
            it.next();
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_broken_names_and_restores_them() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        let r = d.scan(
            "t",
            "The president spoke at the White Home on Monday about the Supreme Courtroom.",
            true,
        );
        let texts: Vec<(&str, &str)> = r
            .findings
            .iter()
            .map(|f| (f.text.as_str(), f.suggestion.as_str()))
            .collect();
        assert!(texts.contains(&("Home", "House")), "{texts:?}");
        assert!(texts.contains(&("Courtroom", "Court")), "{texts:?}");
        let restored = r.restored.unwrap();
        assert!(restored.contains("White House") && restored.contains("Supreme Court"));
    }

    #[test]
    fn clean_sentence_has_no_findings() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        let r = d.scan(
            "t",
            "The government said on Tuesday that the new rules would help small businesses.",
            false,
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn offsets_slice_the_text() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        let text = "Ünïcode ✓ text at the White Home and {big|large} words";
        let r = d.scan("t", text, false);
        assert!(!r.findings.is_empty());
        for f in &r.findings {
            let s: String = text.chars().skip(f.start).take(f.end - f.start).collect();
            assert_eq!(s, f.text);
        }
    }
}
