//! Articles that do not fit the word after them ("a intense contrast"). A
//! spinner swaps the word after "a" or "an" and leaves the article as it
//! was, so the article still fits the word it replaced ("a stark
//! contrast"). Writers make this slip rarely (16 times in the 1.44 million
//! words of the clean news and science corpora, nearly always after
//! editing a word); spun text shows it tens of times more often, whichever
//! thesaurus the spinner used and however it picked among the synonyms.

use crate::report::{Finding, FindingKind};
use crate::tortured::{Cache, Word, WordId};

/// Confidence of a finding whose restoring word also forms a known pair
/// with the word after it.
const FITTING_CONFIDENCE: f64 = 0.9;
/// Confidence of a finding whose restoring word only fits the article.
const CONFIDENCE: f64 = 0.7;

/// Whether a word is said with a vowel sound first, so takes "an"; `None`
/// where spelling does not tell ("union" but "unable", "hour" but
/// "house").
pub(crate) fn takes_an_by_spelling(word: &str) -> Option<bool> {
    let first = word.chars().next()?;
    match first {
        'a' | 'i' => Some(true),
        'e' => Some(!(word.starts_with("eu") || word.starts_with("ewe"))),
        'o' => Some(!(word.starts_with("one") || word.starts_with("once"))),
        'u' | 'h' => None,
        c if c.is_ascii_lowercase() => Some(false),
        _ => None,
    }
}

/// Whether word `w` takes "an": from how often the bigram lists have "a w"
/// and "an w" (where they have either, by a clear margin), else from its
/// spelling.
fn takes_an(cache: &mut Cache<'_, '_>, a: WordId, an: WordId, w: WordId) -> Option<bool> {
    let with_a = cache.pair(a, w).and_then(|f| f.bigram);
    let with_an = cache.pair(an, w).and_then(|f| f.bigram);
    match (with_a, with_an) {
        (Some(x), Some(y)) if x >= 4 * y => Some(false),
        (Some(x), Some(y)) if y >= 4 * x => Some(true),
        (Some(_), Some(_)) => None,
        (Some(_), None) => Some(false),
        (None, Some(_)) => Some(true),
        (None, None) => takes_an_by_spelling(cache.memo().word(w)),
    }
}

/// Finds words after "a" or "an" that the article does not fit, where a
/// word they are a synonym of does: the suggestion is that word, the one
/// that also forms a known pair with the next word first, then one known
/// after the article, then the one a spinner most likely replaced (the
/// largest spin mass).
pub(crate) fn find(cache: &mut Cache<'_, '_>, words: &[Word]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut ids: Option<(WordId, WordId)> = None;
    for i in 1..words.len() {
        let (art, w) = (&words[i - 1], &words[i]);
        // "a" or "an" in lower case, or capitalised where a sentence
        // starts ("A" inside a sentence is a name or a variable), then a
        // lower-case content word with nothing between.
        if !art.function || art.len > 2 || (art.capital && !art.sentence_start) {
            continue;
        }
        if !w.linked || !w.alphabetic || w.function || w.capital || w.len < 3 {
            continue;
        }
        let (a, an) = *ids.get_or_insert_with(|| (cache.vocab().id("a"), cache.vocab().id("an")));
        let wants_an = if art.id == a {
            false
        } else if art.id == an {
            true
        } else {
            continue;
        };
        if takes_an(cache, a, an, w.id) != Some(!wants_an) {
            continue;
        }
        let next = words
            .get(i + 1)
            .filter(|n| n.linked && n.alphabetic && !n.capital);
        // Originals that the article fits, best first.
        let mut best: Option<(bool, bool, f64, WordId)> = None;
        for (c, mass) in cache.original_masses(w.id) {
            // Spelling variants are not swaps.
            if mass <= 0.0 || takes_an(cache, a, an, c) != Some(wants_an) {
                continue;
            }
            let fits = next.is_some_and(|n| cache.attested(c, n.id));
            let after_article = cache.attested(art.id, c);
            if best.is_none_or(|(f, g, m, _)| (fits, after_article, mass) > (f, g, m)) {
                best = Some((fits, after_article, mass, c));
            }
        }
        let Some((fits, _, _, c)) = best else {
            continue;
        };
        let memo = cache.memo();
        let (article, written, original) = (memo.word(art.id), memo.word(w.id), memo.word(c));
        let other = if wants_an { "a" } else { "an" };
        let mut explanation = format!(
            "\"{article} {written}\" keeps the article of another word: \"{written}\" takes \"{other}\", as if a spinner swapped it after the article was written; \"{original}\", which thesauri offer it for, takes \"{article}\""
        );
        if fits && let Some(n) = next {
            explanation.push_str(&format!(
                " and makes the common pair \"{original} {}\"",
                memo.word(n.id)
            ));
        }
        out.push(Finding {
            kind: FindingKind::TorturedPhrase,
            start: w.start,
            end: w.end,
            text: String::new(),
            suggestion: original.to_string(),
            confidence: if fits { FITTING_CONFIDENCE } else { CONFIDENCE },
            explanation,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Detector;
    use unspin_lexicon::Lexicon;

    #[test]
    fn spelling_tells_the_article_where_it_can() {
        for (w, an) in [
            ("apple", Some(true)),
            ("intense", Some(true)),
            ("european", Some(false)),
            ("one", Some(false)),
            ("other", Some(true)),
            ("stark", Some(false)),
            ("unit", None),
            ("hour", None),
        ] {
            assert_eq!(takes_an_by_spelling(w), an, "{w}");
        }
    }

    #[test]
    fn an_article_that_fits_a_synonym_is_found() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let text = "The results were a intense contrast to the year before, when profits rose.";
        let report = det.scan("-", text, false);
        let found = crate::tests::found(&report);
        // "sharp contrast" and "stark contrast" both restore it.
        assert!(
            found.contains(&("intense", "sharp")) || found.contains(&("intense", "stark")),
            "{found:?}"
        );
    }

    #[test]
    fn fitting_articles_and_capitals_are_left_alone() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        for text in [
            "It was a stark contrast to the year before, when profits rose.",
            "It was an unusual result and a unique chance for a European team.",
            "Let A be a set and an hour the unit; then A intense is not a word here.",
            "She said it was an honour to serve as a one-off replacement.",
        ] {
            let report = det.scan("-", text, false);
            assert!(
                !report
                    .findings
                    .iter()
                    .any(|f| f.explanation.contains("keeps the article")),
                "{text}: {:?}",
                report.findings
            );
        }
    }
}
