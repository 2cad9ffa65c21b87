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

mod acronym;
mod article;
pub mod report;
mod restore;
mod score;
pub mod signals;
pub mod spintax;
mod stop;
mod swaps;
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
        self.analyse_in_windows(text, WINDOW_BYTES)
    }

    /// [`Detector::analyse`], a long text taken in windows of about
    /// `window` bytes (cut between paragraphs or sentences where it can
    /// be), so that memory stays bounded whatever the length of the text.
    fn analyse_in_windows(
        &self,
        text: &str,
        window: usize,
    ) -> (Vec<Finding>, usize, signals::Signals) {
        let mut memo = self.take_memo();
        let a = self.analyse_with(&mut memo, text, window);
        self.pool().push(memo);
        (a.findings, a.words, a.signals)
    }

    /// A memo from the pool, or a new one.
    fn take_memo(&self) -> tortured::Memo<'l> {
        self.pool()
            .pop()
            .unwrap_or_else(|| tortured::Memo::new(self.lex))
    }

    /// [`Detector::analyse_in_windows`] with a memo, keeping the words that
    /// may be synonym swaps.
    fn analyse_with(&self, memo: &mut tortured::Memo<'l>, text: &str, window: usize) -> Analysis {
        let mut all = Vec::new();
        let mut swaps = Vec::new();
        let mut sig = signals::Signals::default();
        let mut words = 0;
        // Characters before the window.
        let mut base = 0;
        let mut rest = text;
        while !rest.is_empty() {
            let (part, after) = rest.split_at(window_end(rest, window));
            let (first, first_swap) = (all.len(), swaps.len());
            words += self.analyse_window(memo, part, &mut all, &mut sig, &mut swaps);
            if base > 0 {
                for f in &mut all[first..] {
                    f.start += base;
                    f.end += base;
                }
                for c in &mut swaps[first_swap..] {
                    c.start += base;
                    c.end += base;
                }
            }
            if !after.is_empty() {
                base += part.chars().count();
            }
            rest = after;
        }
        signals::finish(&mut sig, words);
        Analysis {
            findings: resolve_overlaps(text, all),
            words,
            signals: sig,
            swaps,
        }
    }

    /// Adds the findings of one window of text to `all` (offsets within
    /// the window) and its signals to `sig`; returns its number of words.
    fn analyse_window(
        &self,
        memo: &mut tortured::Memo<'l>,
        text: &str,
        all: &mut Vec<Finding>,
        sig: &mut signals::Signals,
        swaps: &mut Vec<swaps::Candidate>,
    ) -> usize {
        let tokens = unspin_text::tokenize(text);
        let mut cache = tortured::Cache::new(self.lex, &self.tortured, memo);
        let words = tortured::words(text, &tokens, cache.vocab());
        let doc_bigrams = tortured::doc_bigrams(&words);
        all.extend(spintax::find(text));
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
        all.extend(acronym::find(&mut cache, text, &tokens, &words));
        all.extend(tortured::find(&mut cache, &words, &doc_bigrams));
        all.extend(article::find(&mut cache, &words));
        signals::compute(&mut cache, &words, all, sig, swaps)
    }

    fn pool(&self) -> std::sync::MutexGuard<'_, Vec<tortured::Memo<'l>>> {
        // A memo only ever holds finished look-ups, so a panic elsewhere
        // cannot leave the pool inconsistent.
        self.memos.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Scans one document. `source` is echoed in the report.
    pub fn scan(&self, source: &str, text: &str, with_restored: bool) -> ScanReport {
        self.scan_in_windows(source, text, with_restored, WINDOW_BYTES)
    }

    /// [`Detector::scan`], a long text taken in windows of about `window`
    /// bytes ([`Detector::analyse_in_windows`]).
    fn scan_in_windows(
        &self,
        source: &str,
        text: &str,
        with_restored: bool,
        window: usize,
    ) -> ScanReport {
        let mut memo = self.take_memo();
        let a = self.analyse_with(&mut memo, text, window);
        let (score, verdict) = self.score.judge(&a.findings, a.words, &a.signals);
        let (words, mut findings) = (a.words, a.findings);
        // The words behind a `spun` verdict, where no other finding covers
        // them.
        if verdict == Verdict::Spun && !a.swaps.is_empty() {
            let mut cache = tortured::Cache::new(self.lex, &self.tortured, &mut memo);
            let doc_words = swaps::folded_words(&mut cache, text);
            let rate = a.signals.ratios.spin_rate();
            findings.extend(swaps::explain(
                &mut cache, &a.swaps, score, rate, &doc_words,
            ));
            findings = resolve_overlaps(text, findings);
        }
        self.pool().push(memo);
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

/// What [`Detector::analyse_with`] finds in a text.
struct Analysis {
    /// Findings, resolved ([`resolve_overlaps`]).
    findings: Vec<Finding>,
    /// Number of words.
    words: usize,
    signals: signals::Signals,
    /// Words that may be synonym swaps.
    swaps: Vec<swaps::Candidate>,
}

/// Texts longer than this many bytes are analysed in windows of about
/// this size ([`Detector::analyse`]): 4 MiB, some 700,000 words.
const WINDOW_BYTES: usize = 4 << 20;

/// Where the first window of `text` ends (a byte offset on a character
/// boundary, greater than 0 for a non-empty text): the whole text when it
/// is at most `window` bytes; else the first paragraph break after
/// `window` bytes, or else the first sentence end, line break or space,
/// within a quarter window more; else the first character boundary.
fn window_end(text: &str, window: usize) -> usize {
    if text.len() <= window {
        return text.len();
    }
    let mut from = window.max(1);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let mut to = (from + window / 4).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let ahead = &text[from..to];
    for cut in ["\n\n", ". ", "\n", " "] {
        if let Some(i) = ahead.find(cut) {
            return from + i + cut.len();
        }
    }
    from
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
    // The kept spans by start: they never overlap, so a new span overlaps
    // one only if the last span starting before its end reaches past its
    // start.
    let mut spans: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Finding> = Vec::with_capacity(all.len());
    for f in all {
        if f.start >= f.end {
            continue;
        }
        let overlaps = spans
            .range(..f.end)
            .next_back()
            .is_some_and(|(_, &end)| end > f.start);
        if !overlaps {
            spans.insert(f.start, f.end);
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
            FindingKind::TorturedPhrase | FindingKind::KnownPhrase | FindingKind::SynonymSwap
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
pub(crate) mod tests {
    use super::*;

    /// The written text and suggestion of each finding of a report.
    pub(crate) fn found(r: &ScanReport) -> Vec<(&str, &str)> {
        r.findings
            .iter()
            .map(|f| (f.text.as_str(), f.suggestion.as_str()))
            .collect()
    }

    #[test]
    fn finds_broken_names_and_restores_them() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        let r = d.scan(
            "t",
            "The president spoke at the White Home on Monday about the Supreme Courtroom.",
            true,
        );
        let texts = found(&r);
        assert!(texts.contains(&("Home", "House")), "{texts:?}");
        assert!(texts.contains(&("Courtroom", "Court")), "{texts:?}");
        let restored = r.restored.unwrap();
        assert!(restored.contains("White House") && restored.contains("Supreme Court"));
    }

    #[test]
    fn names_broken_by_a_loose_synonym_where_the_kept_word_calls_for_them() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        // "road" is a synonym of "street" in Moby only; "Wall" and
        // "Downing" are each known for one name.
        let r = d.scan(
            "t",
            "The story ran in the Wall Road Journal, and the Prime Minister spoke at \
             Downing Road on Friday.",
            true,
        );
        assert_eq!(found(&r), [("Road", "Street"), ("Road", "Street")]);
        let restored = r.restored.unwrap();
        assert!(restored.contains("Wall Street Journal") && restored.contains("Downing Street"));
        // "Western" starts many names: "Western Europe" is not a broken
        // "Western Australia". "Office" makes a name with "Home": "Home
        // Office Minister" is not a broken "Prime Minister".
        for clean in [
            "Exports to Western Europe fell sharply last year, the ministry said.",
            "Home Office Minister Hazel Blears said the plan would go ahead.",
        ] {
            let r = d.scan("t", clean, false);
            assert!(r.findings.is_empty(), "{clean}: {:?}", r.findings);
        }
    }

    #[test]
    fn a_blank_line_ends_a_sentence() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        // A title without a full stop: "axe" and "Number" are no pair, and
        // "Number" starts a sentence, not a name ("Section Eight").
        let r = d.scan(
            "t",
            "Harinordoquy suffers France axe\n\nNumber eight Imanol Harinordoquy has been \
             dropped from the squad.",
            false,
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn capitalised_phrases_one_swap_from_a_frequent_one_are_names() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        let r = d.scan(
            "t",
            "The New York Occasions reported that World Warfare Three was not imminent.",
            false,
        );
        let names = found(&r);
        assert!(names.contains(&("Occasions", "Times")), "{names:?}");
        assert!(names.contains(&("Warfare", "War")), "{names:?}");
        // Names one loose synonym from a frequent phrase ("New Drive",
        // "Virgin Wireless") stay clean.
        let r = d.scan(
            "t",
            "New Labour won the vote, Virgin Radio said on Monday.",
            false,
        );
        assert!(r.findings.is_empty(), "{:?}", r.findings);
    }

    #[test]
    fn a_learned_collocation_counts_where_the_written_word_calls_for_the_original() {
        let mut archive = unspin_lexicon::PackBuilder::new();
        for _ in 0..5 {
            archive.add_text("The supermarket chain said sales were up.");
        }
        // "songbook" only ever follows "American", but "American" is
        // followed by many words: a rare word's company says nothing of
        // what a common word goes with.
        for _ in 0..3 {
            archive.add_text("She sang from the American songbook.");
        }
        for w in [
            "voters",
            "firms",
            "banks",
            "troops",
            "officials",
            "markets",
            "fans",
            "studios",
            "shoppers",
            "carmakers",
        ] {
            archive.add_text(&format!("The American {w} reacted. American {w} again."));
        }
        let mut lex = Lexicon::embedded();
        lex.add_pack(archive.finish("archive", 2));
        let d = Detector::new(&lex);
        let r = d.scan("t", "The supermarket string said profits rose.", false);
        assert_eq!(found(&r), [("string", "chain")]);
        let r = d.scan("t", "Factory orders and American production rose.", false);
        assert!(r.findings.is_empty(), "{:?}", r.findings);
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

    #[test]
    fn long_texts_are_taken_in_windows_with_document_offsets() {
        let lex = Lexicon::embedded();
        let d = Detector::new(&lex);
        // A copy with non-ASCII text, so that characters and bytes differ.
        let copy = format!(
            "Café ✓ {}",
            include_str!("../../../examples/spun-news.txt").trim_end()
        );
        let (one, one_words, _) = d.analyse(&copy);
        assert!(!one.is_empty());
        // Copies joined by blank lines, a window of one copy's bytes: each
        // window is one copy and its blank line.
        let text = [copy.as_str(); 5].join("\n\n");
        let (all, words, _) = d.analyse_in_windows(&text, copy.len());
        assert_eq!(words, 5 * one_words);
        let step = copy.chars().count() + 2;
        let expected: Vec<(usize, usize, &str, &str)> = (0..5)
            .flat_map(|k| {
                one.iter().map(move |f| {
                    (
                        f.start + k * step,
                        f.end + k * step,
                        f.text.as_str(),
                        f.suggestion.as_str(),
                    )
                })
            })
            .collect();
        let got: Vec<(usize, usize, &str, &str)> = all
            .iter()
            .map(|f| (f.start, f.end, f.text.as_str(), f.suggestion.as_str()))
            .collect();
        assert_eq!(got, expected);
        for f in &all {
            let s: String = text.chars().skip(f.start).take(f.end - f.start).collect();
            assert_eq!(s, f.text);
        }
    }

    #[test]
    fn window_ends_prefer_paragraphs_then_sentences() {
        assert_eq!(window_end("short", 10), 5);
        // A window of 40 bytes looks 10 bytes further for a break.
        let x = "x".repeat(40);
        let end = |tail: &str| window_end(&format!("{x}{tail}"), 40) - 40;
        assert_eq!(end("ab. cd\n\nef gh"), "ab. cd\n\n".len());
        assert_eq!(end("ab. cd ef gh"), "ab. ".len());
        assert_eq!(end("abc\ndef. gh"), "abc\ndef. ".len());
        assert_eq!(end("abcdefg hi"), "abcdefg ".len());
        assert_eq!(end("abcdefghij klm"), 0);
        // The first character boundary.
        assert_eq!(window_end("ééééééé", 3), 4);
        assert_eq!(window_end("ab", 0), 1);
    }

    fn finding(start: usize, end: usize, confidence: f64) -> Finding {
        Finding {
            kind: FindingKind::TorturedPhrase,
            start,
            end,
            text: String::new(),
            suggestion: String::new(),
            confidence,
            explanation: String::new(),
        }
    }

    #[test]
    fn overlaps_keep_the_more_confident_finding() {
        let text = "abcdefghijklmnopqrstuvwxyz";
        let kept = resolve_overlaps(
            text,
            vec![
                finding(0, 5, 0.6),
                finding(3, 8, 0.9),
                finding(8, 10, 0.5),
                finding(9, 12, 0.7),
                finding(12, 14, 0.7),
                finding(13, 13, 0.99),
                finding(20, 26, 0.6),
                finding(18, 22, 0.6),
            ],
        );
        let spans: Vec<(usize, usize, &str)> = kept
            .iter()
            .map(|f| (f.start, f.end, f.text.as_str()))
            .collect();
        assert_eq!(
            spans,
            [
                (3, 8, "defgh"),
                (9, 12, "jkl"),
                (12, 14, "mn"),
                (20, 26, "uvwxyz")
            ]
        );
    }
}
