//! Document-level signals of spinning: many weak, word-level hints pooled
//! over a whole document.
//!
//! A spinner's swap breaks the common word pairs around it ("told the
//! reporters" becomes "instructed the reporters"). For each content word we
//! ask: are both pairs it forms with its neighbours unknown as written, and
//! does one of the words it is a synonym of make both pairs known again? In
//! clean text that happens by chance for a few words in a hundred; in spun
//! text for many more.
//!
//! The strongest of these signals weighs each word by how much more likely
//! a spinner would have written it than a writer: a spinner picks among the
//! synonyms its thesaurus offers for the original, rare ones as readily as
//! common ones, so "twelvemonth" in place of "year" or "instructed" in
//! place of "told" is far likelier from a spinner than from a writer, who
//! picks words about as often as English uses them.

use std::collections::HashSet;

use foldhash::fast::FixedState;

use crate::report::{Finding, FindingKind};
use crate::tortured::{Cache, Word, WordId};

/// Word-level counts pooled over a document.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    /// Content words with a linked word on both sides.
    pub content: usize,
    /// Of those, words whose two pairs are both unknown as written.
    pub unattested: usize,
    /// Of those, words that a synonym makes fit on both sides.
    pub restorable: usize,
    /// Content words (any context) that are rare while a synonym is far
    /// more common.
    pub odd_choice: usize,
    /// Unattested words that are also odd choices.
    pub odd_unattested: usize,
    /// Distinct content words, the forms of one word (one stem) counted
    /// once: the first use of each in each stretch of [`CHUNK_WORDS`]
    /// words counts.
    pub distinct: usize,
    /// Log-likelihood ratio, in nats, of "spun at a rate of one word in
    /// ten" over "written as is", summed over distinct content words (the
    /// first form of each stem, see [`Signals::distinct`]): each
    /// word's ratio is how often a spinner would write it in place of one of
    /// its synonyms (the synonym's frequency over the size of its thesaurus
    /// entry) over how often a writer would (from how often English uses the
    /// word), ten times less when the word forms a known pair with a
    /// neighbour. A longer document is taken in stretches of
    /// [`CHUNK_WORDS`] words, and the ratio is their mean: the ratio of a
    /// typical article's length whatever the document's length (over a
    /// whole book, the rare words that each stretch brings would add up to
    /// any value).
    pub spin_llr: f64,
    /// The spin ratios of the distinct content words, as a histogram
    /// ([`RatioHistogram`]): what the share of swapped words is estimated
    /// from.
    pub ratios: RatioHistogram,
}

/// Bins of a [`RatioHistogram`].
const HIST_BINS: usize = 32;
/// Base-2 logarithm of the lower edge of a [`RatioHistogram`]'s first bin,
/// and the width of its bins: ratios from 1/256 to 65,536 in steps of a
/// factor of 1.7, smaller and larger ones in the first and last bins.
const HIST_MIN_LOG2: f64 = -8.0;
const HIST_STEP_LOG2: f64 = 0.75;
/// The shares of swapped words a document's spin rate is chosen among
/// ([`RatioHistogram::spin_rate`]); the least is the score's [`SPIN_RATE`].
const SPIN_RATES: [f64; 8] = [SPIN_RATE, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, MAX_SPIN_RATE];
/// The largest of [`SPIN_RATES`]: one word in two.
pub(crate) const MAX_SPIN_RATE: f64 = 0.5;

/// A histogram of the logarithms of words' spin ratios: a fixed size
/// whatever the length of the document.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RatioHistogram {
    counts: [u32; HIST_BINS],
}

impl RatioHistogram {
    /// Counts a word of spin ratio `ratio`.
    pub fn add(&mut self, ratio: f64) {
        let bin = ((ratio.max(f64::MIN_POSITIVE).log2() - HIST_MIN_LOG2) / HIST_STEP_LOG2).floor();
        self.counts[(bin.max(0.0) as usize).min(HIST_BINS - 1)] += 1;
    }

    /// Number of words counted.
    pub fn len(&self) -> usize {
        self.counts.iter().map(|&c| c as usize).sum()
    }

    /// Whether no word was counted.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The share of swapped words under which the counted words are
    /// likeliest, among [`SPIN_RATES`] (at least the [`SPIN_RATE`] the
    /// score assumes): each word written by a spinner with that chance and
    /// by a writer otherwise, with its ratio taken at the middle of its
    /// bin (in logarithms).
    pub fn spin_rate(&self) -> f64 {
        let mut best = (f64::NEG_INFINITY, SPIN_RATE);
        for rate in SPIN_RATES {
            let ll: f64 = self
                .counts
                .iter()
                .enumerate()
                .filter(|&(_, &c)| c > 0)
                .map(|(i, &c)| {
                    let ratio = (HIST_MIN_LOG2 + (i as f64 + 0.5) * HIST_STEP_LOG2).exp2();
                    f64::from(c) * spun_likelihood(ratio, rate).ln()
                })
                .sum();
            if ll > best.0 {
                best = (ll, rate);
            }
        }
        best.1
    }
}

/// How much likelier a word of spin ratio `ratio` is in a text where a
/// share `rate` of the words are a spinner's swaps than in one written as
/// is.
fn spun_likelihood(ratio: f64, rate: f64) -> f64 {
    1.0 - rate + rate * ratio
}

/// The chance that a word of spin ratio `ratio` was written by a spinner,
/// in a text where a share `rate` of the words are swaps.
pub(crate) fn swap_chance(ratio: f64, rate: f64) -> f64 {
    rate * ratio / spun_likelihood(ratio, rate)
}

impl Signals {
    /// Restorable words per content word.
    pub fn restorable_rate(&self) -> f64 {
        self.restorable as f64 / self.content.max(1) as f64
    }

    /// Unattested odd choices per content word.
    pub fn odd_rate(&self) -> f64 {
        self.odd_unattested as f64 / self.content.max(1) as f64
    }
}

/// Length in words of the stretches a long document's spin ratio is taken
/// over (about an article).
pub const CHUNK_WORDS: usize = 500;
/// Assumed share of swapped words under the spun hypothesis.
pub(crate) const SPIN_RATE: f64 = 0.1;
/// How much less likely a swap is when the written word forms a known pair
/// with a neighbour.
pub(crate) const KNOWN_PAIR_DISCOUNT: f64 = 10.0;
/// Floor of a word's relative frequency (unknown words).
const MIN_FREQ: f64 = 1e-10;
/// Least spin ratio ([`spin_ratio`]) of a word reported on its own, when a
/// synonym restores both pairs it forms.
const WORD_FINDING_RATIO: f64 = 100.0;
/// Least spin ratio of a swapped word in a finding from collocations: a
/// swap only where a spinner is at least as likely as a writer to have
/// written the word.
pub(crate) const MIN_SWAP_RATIO: f64 = 1.0;
/// A writer's chance of using a word grows less than in proportion to its
/// frequency in English at large: a document uses its topic's rare words
/// again and again. The writer's side of the ratio is
/// `REF_FREQ * (freq / REF_FREQ) ^ WRITER_EXPONENT`.
const WRITER_EXPONENT: f64 = 0.85;
const REF_FREQ: f64 = 1e-5;

/// How much likelier a spinner would write a word with relative frequency
/// `freq` and spin mass `mass` ([`crate::tortured`]) than a writer would.
pub(crate) fn spin_ratio(mass: f64, freq: f64) -> f64 {
    mass / (REF_FREQ * (freq.max(MIN_FREQ) / REF_FREQ).powf(WRITER_EXPONENT))
}

/// Pools the signals of a document's words; also adds to `findings` the
/// single-word swaps that the evidence points at on its own: a word that
/// breaks both pairs it forms, that a synonym restores, and that a spinner
/// would write far likelier than a writer.
///
/// Adds to `s`, with the spin log-likelihood ratio as a plain sum over the
/// stretches (see [`finish`]), and to `swaps` every use of a word a spinner
/// is far likelier to have written than a writer ([`crate::swaps`]);
/// returns the number of alphabetic words.
pub(crate) fn compute(
    cache: &mut Cache<'_, '_>,
    words: &[Word],
    findings: &mut Vec<Finding>,
    s: &mut Signals,
    swaps: &mut Vec<crate::swaps::Candidate>,
) -> usize {
    let lex = cache.lex;
    let packs = !lex.packs().is_empty();
    let mut seen: HashSet<WordId, FixedState> = HashSet::default();
    let mut seen_phrases: HashSet<(WordId, WordId), FixedState> = HashSet::default();
    let mut alphabetic = 0usize;
    for (i, w) in words.iter().enumerate() {
        if w.alphabetic {
            alphabetic += 1;
            if alphabetic.is_multiple_of(CHUNK_WORDS) {
                seen.clear();
                seen_phrases.clear();
            }
        }
        if !w.alphabetic || (w.capital && !w.sentence_start) {
            continue;
        }
        let n = words.get(i + 1).filter(|n| n.linked && n.alphabetic);
        // A multi-word synonym ("got here", "business deal").
        if let Some(n) = n
            && (!n.capital || n.sentence_start)
            && !(w.function && n.function)
            && let Some(ratio) = cache.phrase_ratio(w.id, n.id)
            && seen_phrases.insert((w.id, n.id))
        {
            s.spin_llr += spun_likelihood(ratio, SPIN_RATE).ln();
        }
        if w.function || w.len < 3 {
            continue;
        }
        // The neighbours the word is linked to (no punctuation between).
        let p = (i > 0 && w.linked && words[i - 1].alphabetic).then(|| &words[i - 1]);
        let fw = cache.stats(w.id).freq;
        let known_left = p.is_some_and(|p| cache.attested(p.id, w.id));
        let known_right = n.is_some_and(|n| cache.attested(w.id, n.id));
        let known_pair = known_left || known_right;
        let mut ratio = cache.word(w.id).spin_ratio;
        if known_pair {
            ratio /= KNOWN_PAIR_DISCOUNT;
        }
        // The forms of one word are one choice of the writer's (or the
        // spinner's): a text about knighthoods writes "knighted" and
        // "knighting" too.
        if seen.insert(cache.stem(w.id)) {
            s.distinct += 1;
            s.spin_llr += spun_likelihood(ratio, SPIN_RATE).ln();
            s.ratios.add(ratio);
        }
        if ratio >= crate::swaps::MIN_CANDIDATE_RATIO {
            let memo = cache.memo();
            swaps.push(crate::swaps::Candidate {
                start: w.start,
                end: w.end,
                word: memo.word(w.id).into(),
                prev: p.map(|p| memo.word(p.id).into()),
                next: n.map(|n| memo.word(n.id).into()),
                ratio,
            });
        }
        let (Some(p), Some(n)) = (p, n) else {
            continue;
        };
        s.content += 1;
        // Some original far more common than the word itself (a common
        // word is never odd, so its originals are not needed here).
        let odd = fw < 2e-5 && cache.word(w.id).max_original_freq >= 20.0 * fw;
        s.odd_choice += usize::from(odd);
        if known_pair {
            continue;
        }
        s.unattested += 1;
        s.odd_unattested += usize::from(odd);
        // An original that fits after the previous word and before the next.
        cache.word(w.id);
        cache.next(p.id);
        if !packs {
            cache.prev(n.id);
        }
        let memo = cache.memo();
        let info = memo.info(w.id);
        let mut fits_before = memo
            .next(p.id)
            .common(&info.originals, &info.originals_mask);
        let fits_after = |c: WordId| memo.precedes(lex, c, n.id);
        let ratio = info.spin_ratio;
        if ratio < WORD_FINDING_RATIO {
            // Not reported on its own: whether a synonym fits is enough.
            s.restorable += usize::from(fits_before.any(fits_after));
            continue;
        }
        // The restoring originals; the one a spinner most likely replaced
        // (the largest spin mass, more where the document uses it
        // elsewhere) leads.
        let fitting: Vec<WordId> = fits_before.filter(|&c| fits_after(c)).collect();
        if fitting.is_empty() {
            continue;
        }
        let Some((c, _)) = cache
            .original_masses(w.id)
            .into_iter()
            .filter(|(c, _)| fitting.contains(c))
            .map(|(c, mass)| {
                let used = words.iter().any(|o| o.id == c);
                (c, crate::swaps::original_weight(mass, used))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1))
        else {
            continue;
        };
        let memo = cache.memo();
        s.restorable += 1;
        let (pw, ww, cw, nw) = (
            memo.word(p.id),
            memo.word(w.id),
            memo.word(c),
            memo.word(n.id),
        );
        findings.push(Finding {
            kind: FindingKind::TorturedPhrase,
            start: w.start,
            end: w.end,
            text: String::new(),
            suggestion: cw.to_string(),
            confidence: ((0.6 + 0.1 * (ratio / WORD_FINDING_RATIO).log10()).min(0.85) * 100.0)
                .round()
                / 100.0,
            explanation: format!(
                "\"{ww}\" is a likely synonym swap: \"{pw} {cw}\" and \"{cw} {nw}\" are common word pairs, \"{pw} {ww}\" and \"{ww} {nw}\" are not, and thesauri offer \"{ww}\" for the more common \"{cw}\""
            ),
        });
    }
    alphabetic
}

/// Turns the summed spin log-likelihood ratio of a document of `words`
/// alphabetic words ([`compute`]) into the mean over its stretches of
/// [`CHUNK_WORDS`] words.
pub(crate) fn finish(s: &mut Signals, words: usize) {
    if words > CHUNK_WORDS {
        s.spin_llr *= CHUNK_WORDS as f64 / words as f64;
    }
}

#[cfg(test)]
mod tests {
    use crate::Detector;
    use unspin_lexicon::Lexicon;

    const ORIGINAL: &str = include_str!("../../../examples/original-news.txt");
    const SPUN: &str = include_str!("../../../examples/spun-news.txt");

    #[test]
    fn spun_wording_is_likelier_from_a_spinner() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let original = det.analyse(ORIGINAL).2;
        let spun = det.analyse(SPUN).2;
        assert!(original.spin_llr < 0.0, "{original:?}");
        assert!(spun.spin_llr > original.spin_llr + 2.0, "{spun:?}");
    }

    #[test]
    fn the_share_of_swapped_words_is_estimated_from_their_ratios() {
        use super::{RatioHistogram, SPIN_RATE};
        let mut clean = RatioHistogram::default();
        for i in 0..100 {
            clean.add(if i % 10 == 0 { 3.0 } else { 0.05 });
        }
        assert_eq!(clean.len(), 100);
        assert_eq!(clean.spin_rate(), SPIN_RATE);
        // Two words in five far likelier from a spinner: the likeliest
        // share lies near two in five.
        let mut spun = RatioHistogram::default();
        for i in 0..100 {
            spun.add(if i % 5 < 2 { 50.0 } else { 0.05 });
        }
        let rate = spun.spin_rate();
        assert!((0.3..=0.5).contains(&rate), "{rate}");
        // Ratios beyond either end of the histogram are kept.
        let mut extreme = RatioHistogram::default();
        extreme.add(0.0);
        extreme.add(1e12);
        assert_eq!(extreme.len(), 2);
    }

    #[test]
    fn the_forms_of_one_word_count_once() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let signals = |text: &str| det.analyse(text).2;
        let one = signals("They knighted him. Ceremonies followed.");
        let forms = signals("They knighted him. Knighting ceremonies followed.");
        assert_eq!(forms.distinct, one.distinct);
        assert_eq!(forms.spin_llr, one.spin_llr);
        let other = signals("They knighted him. Lavish ceremonies followed.");
        assert_eq!(other.distinct, one.distinct + 1);
    }

    #[test]
    fn multi_word_synonyms_count_as_swaps() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        // "star sign" is a thesaurus entry of "sign" (the zodiac's), and
        // missing from the bigram lists.
        let llr = |text: &str| det.analyse(text).2.spin_llr;
        let written = llr("They will sign up new customers.");
        let spun = llr("They will star sign up new customers.");
        assert!(spun > written + 1.0, "{spun} against {written}");
    }

    #[test]
    fn single_swapped_words_are_restored() {
        let lex = Lexicon::embedded();
        let det = Detector::new(&lex);
        let text = "The organisers were widely considered to be playing it safe this \
            twelvemonth by booking the veteran singer for his second appearance at the event. \
            The coach said his side had lost two games in a row, but they were confident for \
            those deuce first games and were positive they could beat Italy too.";
        let report = det.scan("-", text, false);
        let found = crate::tests::found(&report);
        assert!(found.contains(&("twelvemonth", "year")), "{found:?}");
        assert!(found.contains(&("deuce", "two")), "{found:?}");
    }
}
