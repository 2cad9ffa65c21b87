//! Synonym swaps: in a document whose score says it was spun, the words
//! that weigh most in that score, each with the original a spinner most
//! likely replaced. They explain a `spun` verdict word by word; on their
//! own, single words are weak evidence, so they are only reported where the
//! document as a whole is judged spun, and never count towards the score.

use std::collections::HashSet;

use foldhash::fast::FixedState;

use crate::report::{Finding, FindingKind};
use crate::signals::{MAX_SPIN_RATE, SPIN_RATE, swap_chance};
use crate::tortured::{Cache, WordId};

/// Least spin ratio ([`crate::signals::spin_ratio`], after the discount for
/// a known pair with a neighbour) of a word reported as a swap whatever the
/// share of swapped words.
pub(crate) const SWAP_RATIO: f64 = 30.0;
/// Least chance of being a swap of a word reported below [`SWAP_RATIO`],
/// at the share of swapped words the document's ratios point to
/// ([`crate::signals::RatioHistogram::spin_rate`]): in a heavily spun text,
/// far more of the words a spinner is likelier to write than a writer are
/// swaps.
const MIN_SWAP_CHANCE: f64 = 0.85;
/// How much likelier a word the document uses elsewhere is the original of
/// a swap than its spin mass alone says: a spinner that swaps words at
/// random leaves some uses of a word as they were.
const IN_DOCUMENT_WEIGHT: f64 = 10.0;
/// Least spin ratio of a word kept as a candidate: the least that reaches
/// [`MIN_SWAP_CHANCE`] at the largest share of swapped words considered.
pub(crate) const MIN_CANDIDATE_RATIO: f64 =
    MIN_SWAP_CHANCE * (1.0 - MAX_SPIN_RATE) / (MAX_SPIN_RATE * (1.0 - MIN_SWAP_CHANCE));
/// Most confidence of a swap: below every finding that stands on its own.
const MAX_CONFIDENCE: f64 = 0.6;

/// A word of the document that may be a swap, as [`crate::signals::compute`]
/// saw it. Words are kept as text: the memo that numbers them may start
/// afresh before the document's last window.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    /// Character offsets of the word.
    pub start: usize,
    pub end: usize,
    /// The word (folded), and its linked neighbours.
    pub word: Box<str>,
    pub prev: Option<Box<str>>,
    pub next: Option<Box<str>>,
    /// Its spin ratio in this place.
    pub ratio: f64,
}

/// How likely a synonym of spin mass `mass` is the original of a swap,
/// up to a constant: [`IN_DOCUMENT_WEIGHT`] times likelier where the
/// document uses it elsewhere.
pub(crate) fn original_weight(mass: f64, in_document: bool) -> f64 {
    if in_document {
        mass * IN_DOCUMENT_WEIGHT
    } else {
        mass
    }
}

/// Whether a word of spin ratio `ratio` is reported as a swap in a text
/// where a share `rate` of the words seem to be swaps.
fn reported(ratio: f64, rate: f64) -> bool {
    ratio >= SWAP_RATIO || swap_chance(ratio, rate) >= MIN_SWAP_CHANCE
}

/// The words of `text`, folded as the detector reads them.
pub(crate) fn folded_words(cache: &mut Cache<'_, '_>, text: &str) -> HashSet<WordId, FixedState> {
    let mut folded = String::new();
    unspin_text::tokenize(text)
        .iter()
        .filter(|t| t.kind == unspin_text::TokenKind::Word)
        .map(|t| {
            unspin_text::fold_word_into(t.text(text), &mut folded);
            cache.vocab().id(&folded)
        })
        .collect()
}

/// The findings of the candidates of a document with spin score `score`,
/// a share `rate` of whose words seem to be swaps, each with the original
/// a spinner most likely replaced: among those that make a known pair with
/// more of the word's neighbours, the one of the largest spin mass (how
/// often English uses it, times the chance that its thesaurus entry offers
/// the written word), [`IN_DOCUMENT_WEIGHT`] times more for a word the
/// document itself uses elsewhere ("twelvemonth" where it also writes
/// "year"). `doc_words` are the words of the document, folded. Spelling
/// variants are not swaps, and a word without another original is left
/// out.
pub(crate) fn explain(
    cache: &mut Cache<'_, '_>,
    candidates: &[Candidate],
    score: f64,
    rate: f64,
    doc_words: &HashSet<WordId, FixedState>,
) -> Vec<Finding> {
    let lex = cache.lex;
    let packs = !lex.packs().is_empty();
    let mut out = Vec::new();
    let mut originals: Vec<(WordId, f64)> = Vec::new();
    // The share the words point to, where it is what lets more of them
    // through.
    let share = if rate > SPIN_RATE {
        format!(
            " (word choices like those of a spinner swapping about {:.0}% of words)",
            rate * 100.0
        )
    } else {
        String::new()
    };
    for c in candidates {
        if !reported(c.ratio, rate) {
            continue;
        }
        let swapped = swap_chance(c.ratio, rate);
        let word = cache.vocab().id(&c.word);
        let prev = c.prev.as_deref().map(|p| cache.vocab().id(p));
        let next = c.next.as_deref().map(|n| cache.vocab().id(n));
        if let Some(p) = prev {
            cache.next(p);
        }
        if let Some(n) = next
            && !packs
        {
            cache.prev(n);
        }
        originals.clear();
        originals.extend(
            cache
                .original_masses(word)
                .into_iter()
                .filter(|&(_, mass)| mass > 0.0),
        );
        let memo = cache.memo();
        let fits = |o: WordId| {
            let before = prev.is_some_and(|p| memo.next(p).contains(o));
            let after = next.is_some_and(|n| memo.precedes(lex, o, n));
            u8::from(before) + u8::from(after)
        };
        let Some((best, fit)) = originals
            .iter()
            .map(|&(o, mass)| (o, fits(o), original_weight(mass, doc_words.contains(&o))))
            .max_by(|a, b| a.1.cmp(&b.1).then(a.2.total_cmp(&b.2)))
            .map(|(o, fit, _)| (o, fit))
        else {
            continue;
        };
        let confidence = ((score * swapped).min(MAX_CONFIDENCE) * 100.0).round() / 100.0;
        let (ww, ow) = (memo.word(word), memo.word(best));
        let context = match (fit, prev, next) {
            (0, _, _) => String::new(),
            (_, Some(p), _) if memo.next(p).contains(best) => {
                format!("; \"{} {ow}\" is a common pair", memo.word(p))
            }
            (_, _, Some(n)) => format!("; \"{ow} {}\" is a common pair", memo.word(n)),
            _ => String::new(),
        };
        out.push(Finding {
            kind: FindingKind::SynonymSwap,
            start: c.start,
            end: c.end,
            text: String::new(),
            suggestion: ow.to_string(),
            confidence,
            explanation: format!(
                "in a text that reads as spun{share}, \"{ww}\" is likely a swap for \"{ow}\": thesauri offer it for more common words, so a spinner is {:.0} times likelier than a writer to use it here{context}",
                c.ratio
            ),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Detector, FindingKind, Verdict};
    use unspin_lexicon::Lexicon;

    const ORIGINAL: &str = include_str!("../../../examples/original-news.txt");

    /// Part of `examples/original-news.txt` spun by hand with a thesaurus:
    /// government → authorities, year → twelvemonth, disaster → calamity,
    /// hurt → injure, use → employ, farming → husbandry, consultation →
    /// audience, law → jurisprudence, privacy → privateness, register →
    /// registry, owners → proprietors, police → constabulary.
    const SPUN: &str = "The authorities is considering tighter rules on drone flights after a \
        series of near misses at regional airports, officials told reporters on Tuesday. The \
        twelvemonth has been a difficult one for the industry.\n\n\
        Speaking after a meeting with airline executives, the transport secretary said the \
        measures would be published within weeks. \"We will not wait for a calamity before we \
        act,\" she said, adding that the regulations would be reviewed every twelvemonth.\n\n\
        Pilots reported 92 incidents involving drones last year, up from 71 the twelvemonth \
        before. The court is also expected to rule on a related lawsuit about privateness and \
        aerial cameras.\n\n\
        Industry groups warned that the plans could injure small businesses that employ drones \
        for husbandry and filming. A spokesman for one association said members were deeply \
        concerned and called for a audience before any jurisprudence is passed.\n\n\
        Officials said the new limits would apply to all drones heavier than 250 grams and would \
        include a registry of proprietors, fines for flying near runways and powers for \
        constabulary to seize aircraft.";

    #[test]
    fn more_words_are_reported_where_more_seem_swapped() {
        // A word ten times likelier from a spinner than from a writer is
        // reported in a text that reads as spun at two words in five, not
        // at one word in ten; at thirty times likelier, in both.
        assert!(super::reported(10.0, 0.4));
        assert!(!super::reported(10.0, 0.1));
        assert!(super::reported(30.0, 0.1));
        assert!(!super::reported(super::MIN_CANDIDATE_RATIO * 0.99, 0.5));
    }

    #[test]
    fn a_swap_is_restored_to_a_word_the_document_uses_elsewhere() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let suggestion = |text: &str| {
            let r = det.scan("-", text, false);
            r.findings
                .into_iter()
                .find(|f| f.text == "constabulary")
                .map(|f| f.suggestion)
        };
        // "police" was swapped for "constabulary" (see SPUN); the thesauri
        // offer "constabulary" for other words too.
        let alone = suggestion(SPUN);
        assert!(
            alone.is_some() && alone.as_deref() != Some("police"),
            "{alone:?}"
        );
        let with_police = format!(
            "Police chiefs said drones were a growing problem for forces across the country.\n\n{SPUN}"
        );
        assert_eq!(suggestion(&with_police).as_deref(), Some("police"));
    }

    #[test]
    fn synonym_swaps_explain_a_spun_verdict() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let r = det.scan("-", SPUN, true);
        assert_eq!(r.verdict, Verdict::Spun, "{r:?}");
        let swaps: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.kind == FindingKind::SynonymSwap)
            .collect();
        let found: Vec<(&str, &str)> = swaps
            .iter()
            .map(|f| (f.text.as_str(), f.suggestion.as_str()))
            .collect();
        assert!(found.contains(&("proprietors", "owners")), "{found:?}");
        assert!(found.contains(&("twelvemonth", "year")), "{found:?}");
        for f in &swaps {
            assert!(f.confidence > 0.0 && f.confidence <= 0.6, "{f:?}");
            assert!(f.explanation.contains(&f.text.to_lowercase()), "{f:?}");
        }
        let restored = r.restored.expect("asked for");
        assert!(restored.contains("registry of owners"), "{restored}");
        assert!(restored.contains("reviewed every year"), "{restored}");
        // They explain the score and never make it: the same score from
        // the findings without them.
        let (findings, words, sig) = det.analyse(SPUN);
        assert!(findings.iter().all(|f| f.kind != FindingKind::SynonymSwap));
        assert_eq!(det.score_model().judge(&findings, words, &sig).0, r.score);
    }

    #[test]
    fn synonym_swaps_keep_their_place_across_windows() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let whole = det.scan("-", SPUN, false);
        // Windows of about 300 bytes: every paragraph its own.
        let parts = det.scan_in_windows("-", SPUN, false, 300);
        assert_eq!(parts.verdict, Verdict::Spun, "{parts:?}");
        let chars: Vec<char> = SPUN.chars().collect();
        let swaps = |r: &crate::ScanReport| -> Vec<(usize, String, String)> {
            r.findings
                .iter()
                .filter(|f| f.kind == FindingKind::SynonymSwap)
                .map(|f| (f.start, f.text.clone(), f.suggestion.clone()))
                .collect()
        };
        for (start, text, _) in swaps(&parts) {
            let at: String = chars[start..start + text.chars().count()].iter().collect();
            assert_eq!(at, text);
        }
        let owners = |r: &crate::ScanReport| {
            swaps(r)
                .into_iter()
                .find(|s| s.1 == "proprietors")
                .map(|s| (s.0, s.2))
        };
        assert!(owners(&whole).is_some());
        assert_eq!(owners(&parts), owners(&whole));
    }

    #[test]
    fn clean_text_gets_no_synonym_swaps() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let r = det.scan("-", ORIGINAL, true);
        assert_ne!(r.verdict, Verdict::Spun, "{r:?}");
        assert!(
            r.findings
                .iter()
                .all(|f| f.kind != FindingKind::SynonymSwap),
            "{:?}",
            r.findings
        );
    }
}
