//! Statistical detection of tortured phrases: a pair of adjacent words that
//! is unknown as written, but becomes an established collocation or name
//! when one or both words are replaced by a word they are a synonym of.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

use foldhash::fast::FixedState;

use unspin_lexicon::{Colloc, Lexicon, PairFacts, Source, WordStats, phrase_flags};
use unspin_text::{Token, TokenKind};

use crate::report::{Finding, FindingKind};
use crate::restore::title_case;
use crate::stop::is_function_word;

/// Tuning of the tortured-phrase detector.
#[derive(Debug, Clone)]
pub struct TorturedConfig {
    /// Least PMI (bits) of a restored bigram to count as a collocation.
    pub min_pmi: f64,
    /// Least relative frequency of a candidate original word.
    pub min_candidate_freq: f64,
    /// Written bigrams at or above this PMI are taken as ordinary English.
    pub written_ok_pmi: f64,
    /// Least confidence of a reported finding.
    pub min_confidence: f64,
}

impl Default for TorturedConfig {
    fn default() -> Self {
        TorturedConfig {
            min_pmi: 9.0,
            min_candidate_freq: 2e-7,
            written_ok_pmi: 3.0,
            min_confidence: 0.6,
        }
    }
}

/// A word of the document with what detection needs to know about it.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    pub folded: String,
    /// Starts with an upper-case letter.
    pub capital: bool,
    /// Directly follows the previous word (no punctuation between).
    pub linked: bool,
    /// First word of a sentence (after . ! ? or at the start).
    pub sentence_start: bool,
    pub alphabetic: bool,
}

pub(crate) fn words(text: &str, tokens: &[Token]) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(tokens.len());
    let mut linked = false;
    let mut sentence_start = true;
    for t in tokens {
        match t.kind {
            TokenKind::Punct => {
                linked = false;
                let s = t.text(text);
                if matches!(s, "." | "!" | "?" | ":" | ";") {
                    sentence_start = true;
                }
            }
            TokenKind::Word | TokenKind::Number => {
                let raw = t.text(text);
                out.push(Word {
                    start: t.start,
                    end: t.end,
                    folded: unspin_text::fold_word(raw),
                    capital: raw.chars().next().is_some_and(char::is_uppercase),
                    linked,
                    sentence_start,
                    alphabetic: t.kind == TokenKind::Word
                        && raw
                            .chars()
                            .all(|c| c.is_alphabetic() || c == '\'' || c == '’'),
                });
                linked = true;
                sentence_start = false;
            }
        }
    }
    out
}

struct Best {
    c1: String,
    c2: String,
    confidence: f64,
    why: String,
}

type FastMap<K, V> = HashMap<K, V, FixedState>;
type FastSet<T> = HashSet<T, FixedState>;

pub(crate) fn hash(w: &str) -> u64 {
    FixedState::default().hash_one(w)
}

/// An item of a [`WordList`], found by its word.
pub(crate) trait Keyed {
    fn key(&self) -> &str;
}

impl Keyed for String {
    fn key(&self) -> &str {
        self
    }
}

impl Keyed for (String, PairFacts) {
    fn key(&self) -> &str {
        &self.0
    }
}

/// A list of items sorted by word, with a Bloom filter that rules out most
/// absent words without a comparison.
pub(crate) struct WordList<T> {
    items: Vec<T>,
    bloom: Vec<u64>,
}

impl<T: Keyed> WordList<T> {
    fn new(items: Vec<T>) -> Self {
        let bits = (items.len() * 8).next_power_of_two().max(64);
        let mut bloom = vec![0u64; bits / 64];
        for it in &items {
            let (x, y) = Self::bits(hash(it.key()), bits);
            bloom[x / 64] |= 1 << (x % 64);
            bloom[y / 64] |= 1 << (y % 64);
        }
        WordList { items, bloom }
    }

    fn bits(h: u64, bits: usize) -> (usize, usize) {
        let mask = bits as u64 - 1;
        ((h & mask) as usize, ((h >> 32) & mask) as usize)
    }

    /// False when the word with hash `h` is surely absent.
    fn may_contain(&self, h: u64) -> bool {
        let (x, y) = Self::bits(h, self.bloom.len() * 64);
        self.bloom[x / 64] & (1 << (x % 64)) != 0 && self.bloom[y / 64] & (1 << (y % 64)) != 0
    }

    /// The item of word `w` (hash `h`).
    pub(crate) fn get(&self, w: &str, h: u64) -> Option<&T> {
        if !self.may_contain(h) {
            return None;
        }
        self.items
            .binary_search_by(|it| it.key().cmp(w))
            .ok()
            .map(|i| &self.items[i])
    }

    /// The words of `words` (with their hashes) that the list has.
    pub(crate) fn common<'x>(&self, words: &'x Words) -> impl Iterator<Item = &'x String> {
        words
            .list
            .iter()
            .zip(&words.hashes)
            .filter(|(w, h)| self.get(w, **h).is_some())
            .map(|(w, _)| w)
    }
}

/// Sorted words with their hashes.
#[derive(Default)]
pub(crate) struct Words {
    pub(crate) list: Vec<String>,
    hashes: Vec<u64>,
}

impl Words {
    fn new(mut list: Vec<String>) -> Self {
        list.sort();
        list.dedup();
        let hashes = list.iter().map(|w| hash(w)).collect();
        Words { list, hashes }
    }
}

/// What detection needs to know about one word, from the lexicon alone.
pub(crate) struct WordInfo {
    /// Candidate originals: single, non-function words at least
    /// `min_candidate_freq` frequent.
    pub(crate) originals: Words,
    /// Originals linked by a WordNet synset (closer synonyms than Moby's).
    close: FastSet<String>,
    close_sorted: Words,
    /// Relative frequency of the word.
    pub(crate) freq: f64,
    /// The largest relative frequency of an original (−∞ without one).
    pub(crate) max_original_freq: f64,
}

/// Lexicon look-ups remembered across documents. Everything here depends
/// on the lexicon and the configuration only.
#[derive(Default)]
pub(crate) struct Memo {
    pub(crate) words: FastMap<String, WordInfo>,
    /// Continuations of a word ([`Lexicon::continuations`]).
    pub(crate) next: FastMap<String, WordList<(String, PairFacts)>>,
    /// Preceders of a word ([`Lexicon::preceders`]).
    pub(crate) prev: FastMap<String, WordList<String>>,
    stats: FastMap<String, WordStats>,
}

impl Memo {
    /// Entries kept at most; past it the memo starts afresh, so that memory
    /// stays bounded however many distinct words are scanned.
    const MAX_ENTRIES: usize = 2_000_000;

    fn len(&self) -> usize {
        self.words.len() + self.next.len() + self.prev.len() + self.stats.len()
    }
}

fn stats_of<'m>(
    lex: &Lexicon,
    stats: &'m mut FastMap<String, WordStats>,
    w: &str,
) -> &'m WordStats {
    if !stats.contains_key(w) {
        stats.insert(w.to_string(), lex.word_stats(w));
    }
    &stats[w]
}

/// Lexicon look-ups for one scan, through the memo.
pub(crate) struct Cache<'l, 'm> {
    pub(crate) lex: &'l Lexicon,
    cfg: &'l TorturedConfig,
    memo: &'m mut Memo,
}

impl<'l, 'm> Cache<'l, 'm> {
    pub(crate) fn new(lex: &'l Lexicon, cfg: &'l TorturedConfig, memo: &'m mut Memo) -> Self {
        if memo.len() > Memo::MAX_ENTRIES {
            *memo = Memo::default();
        }
        Cache { lex, cfg, memo }
    }

    /// The memo, to read what the `&mut` methods have filled in.
    pub(crate) fn memo(&self) -> &Memo {
        self.memo
    }

    pub(crate) fn stats(&mut self, w: &str) -> WordStats {
        *stats_of(self.lex, &mut self.memo.stats, w)
    }

    pub(crate) fn word(&mut self, w: &str) -> &WordInfo {
        if !self.memo.words.contains_key(w) {
            let lex = self.lex;
            let min = self.cfg.min_candidate_freq;
            let stats = &mut self.memo.stats;
            let all = lex.originals_with(w, |f| stats_of(lex, stats, f).known);
            let close: FastSet<String> = all
                .iter()
                .filter(|c| c.bits & unspin_lexicon::store::edge::WORDNET != 0)
                .map(|c| c.text.clone())
                .collect();
            let mut originals: Vec<String> = Vec::new();
            let mut max_original_freq = f64::NEG_INFINITY;
            for c in all {
                if c.text.contains(' ') || is_function_word(&c.text) {
                    continue;
                }
                let f = stats_of(lex, stats, &c.text).freq;
                if f >= min {
                    max_original_freq = max_original_freq.max(f);
                    originals.push(c.text);
                }
            }
            let close_sorted = Words::new(close.iter().cloned().collect());
            let freq = stats_of(lex, stats, w).freq;
            self.memo.words.insert(
                w.to_string(),
                WordInfo {
                    originals: Words::new(originals),
                    close,
                    close_sorted,
                    freq,
                    max_original_freq,
                },
            );
        }
        &self.memo.words[w]
    }

    /// The continuations of `w`.
    pub(crate) fn next(&mut self, w: &str) -> &WordList<(String, PairFacts)> {
        if !self.memo.next.contains_key(w) {
            let n = WordList::new(self.lex.continuations(w));
            self.memo.next.insert(w.to_string(), n);
        }
        &self.memo.next[w]
    }

    /// The words that precede `w` in the default lexicon.
    pub(crate) fn prev(&mut self, w: &str) -> &WordList<String> {
        if !self.memo.prev.contains_key(w) {
            let p = WordList::new(self.lex.preceders(w));
            self.memo.prev.insert(w.to_string(), p);
        }
        &self.memo.prev[w]
    }

    /// What the lexicon knows of the pair `a b` (`None`: not attested).
    pub(crate) fn pair(&mut self, a: &str, b: &str) -> Option<PairFacts> {
        self.next(a).get(b, hash(b)).map(|(_, f)| *f)
    }

    /// [`Lexicon::attested`] for a single word `b`.
    pub(crate) fn attested(&mut self, a: &str, b: &str) -> bool {
        self.pair(a, b).is_some()
    }

    /// [`Lexicon::bigram`] of a pair with the given facts.
    fn bigram(&mut self, a: &str, b: &str, facts: Option<PairFacts>) -> Option<Colloc> {
        let facts = facts?;
        if self.lex.packs().is_empty() {
            let c = facts.bigram?;
            let ca = self.stats(a).count;
            let cb = self.stats(b).count;
            Some(Lexicon::default_colloc(c, ca, cb))
        } else {
            self.lex.bigram(a, b)
        }
    }
}

fn source_name(lex: &Lexicon, s: Source) -> String {
    match s {
        Source::Default => "English".to_string(),
        Source::Pack(i) => format!("the lexicon pack {}", lex.packs()[i].name()),
    }
}

/// Finds tortured phrases among the words.
pub(crate) fn find(
    cache: &mut Cache<'_, '_>,
    text_words: &[Word],
    doc_bigrams: &HashSet<(String, String)>,
) -> Vec<Finding> {
    let lex = cache.lex;
    let cfg = cache.cfg;
    let mut out: Vec<Finding> = Vec::new();
    for i in 1..text_words.len() {
        let (a, b) = (&text_words[i - 1], &text_words[i]);
        if !b.linked || !a.alphabetic || !b.alphabetic {
            continue;
        }
        if is_function_word(&a.folded) || is_function_word(&b.folded) {
            continue;
        }
        if a.folded.len() < 2 || b.folded.len() < 2 {
            continue;
        }
        // The pair as written is ordinary: nothing to restore.
        let as_written = cache.pair(&a.folded, &b.folded);
        if as_written.and_then(|f| f.phrase).unwrap_or(0) != 0 {
            continue;
        }
        if cache
            .bigram(&a.folded, &b.folded, as_written)
            .is_some_and(|c| c.pmi >= cfg.written_ok_pmi)
        {
            continue;
        }
        let capitalised = (a.capital && !a.sentence_start) || b.capital;
        let written_attested = as_written.is_some();
        // Fill the memo for this pair, then read it without copies.
        cache.word(&a.folded);
        cache.word(&b.folded);
        let missing: Vec<String> = cache.memo.words[&a.folded]
            .close_sorted
            .list
            .iter()
            .filter(|c1| !cache.memo.next.contains_key(*c1))
            .cloned()
            .collect();
        for c1 in &missing {
            cache.next(c1);
        }
        let packs = !lex.packs().is_empty();
        if !packs {
            cache.prev(&b.folded);
        }
        let memo: &Memo = cache.memo;
        let info1 = &memo.words[&a.folded];
        let info2 = &memo.words[&b.folded];
        // Candidate restorations, without walking every pair of synonyms:
        // the second word swapped (known continuations of the first word),
        // the first word swapped (known preceders of the second word), or
        // both swapped between close synonyms only.
        let mut pairs: Vec<(String, String)> = Vec::new();
        let next_a = &memo.next[&a.folded];
        pairs.extend(
            next_a
                .common(&info2.originals)
                .map(|c2| (a.folded.clone(), c2.clone())),
        );
        if packs {
            pairs.extend(
                info1
                    .originals
                    .list
                    .iter()
                    .filter(|c1| lex.attested(c1, &b.folded))
                    .map(|c1| (c1.clone(), b.folded.clone())),
            );
        } else {
            pairs.extend(
                memo.prev[&b.folded]
                    .common(&info1.originals)
                    .map(|c1| (c1.clone(), b.folded.clone())),
            );
        }
        for c1 in &info1.close_sorted.list {
            pairs.extend(
                memo.next[c1]
                    .common(&info2.close_sorted)
                    .map(|c2| (c1.clone(), c2.clone())),
            );
        }
        pairs.sort();
        pairs.dedup();

        // Spelling variants ("defence"/"defense") are not synonym swaps.
        pairs.retain(|(c1, c2)| {
            !variant_spelling(c1, &a.folded) && !variant_spelling(c2, &b.folded)
                || (*c1 == a.folded && *c2 == b.folded)
        });
        let mut best: Option<Best> = None;
        for (c1, c2) in &pairs {
            if *c1 == a.folded && *c2 == b.folded {
                continue;
            }
            let (in_close1, in_close2) = {
                let w = &cache.memo.words;
                (
                    w[&a.folded].close.contains(c1),
                    w[&b.folded].close.contains(c2),
                )
            };
            let facts = cache.pair(c1, c2);
            let restored = format!("{c1} {c2}");
            let flags = facts.and_then(|f| f.phrase).unwrap_or(0);
            let mut conf: f64 = 0.0;
            let mut why = String::new();
            // A broken name: an ordinary, capitalised word inside a
            // dictionary name swapped for a close synonym ("White Home").
            let swapped_capital = (*c1 == a.folded || a.capital) && (*c2 == b.folded || b.capital);
            let swapped_close = (*c1 == a.folded || in_close1) && (*c2 == b.folded || in_close2);
            if flags & phrase_flags::NAME != 0
                && flags & phrase_flags::WORDNET != 0
                && capitalised
                && swapped_capital
                && swapped_close
                && !written_attested
                && facts.is_some()
            {
                conf = 0.95;
                why = format!("\"{}\" is a well-known name", title_words(&restored));
            } else if flags & phrase_flags::WORDNET != 0 && flags & phrase_flags::NAME == 0 {
                // An expression from a dictionary, without counts: on
                // its own, weak evidence.
                conf = 0.55;
                why = format!("\"{restored}\" is an established expression");
            }
            if let Some(col) = cache.bigram(c1, c2, facts) {
                // Web-scale counts: a strong PMI. A user's own corpus is
                // small, so there one word must call for the other.
                let strength = match col.source {
                    Source::Default if col.pmi >= cfg.min_pmi => {
                        Some((0.55 + 0.05 * (col.pmi - cfg.min_pmi)).min(0.9))
                    }
                    Source::Pack(_) if col.count >= 3 && col.cond >= 0.2 => {
                        Some((0.6 + 0.3 * col.cond).min(0.9))
                    }
                    _ => None,
                };
                if let Some(c) = strength
                    && c > conf
                {
                    conf = c;
                    why = format!(
                        "\"{restored}\" is a common collocation in {}",
                        source_name(lex, col.source)
                    );
                }
            }
            if *c1 != a.folded && *c2 != b.folded {
                // Two swaps at once: many more ways to stumble on a
                // collocation by chance, so ask for close synonyms and
                // more evidence.
                if !in_close1 || !in_close2 {
                    continue;
                }
                conf -= 0.2;
            }
            if conf > 0.0 && doc_bigrams.contains(&(c1.clone(), c2.clone())) {
                conf = (conf + 0.1).min(0.98);
                why.push_str(", and the document itself uses it elsewhere");
            }
            if conf > best.as_ref().map_or(0.0, |b| b.confidence) {
                best = Some(Best {
                    c1: c1.clone(),
                    c2: c2.clone(),
                    confidence: conf,
                    why,
                });
            }
        }
        let Some(best) = best else { continue };
        if best.confidence < cfg.min_confidence {
            continue;
        }
        let swap1 = best.c1 != a.folded;
        let swap2 = best.c2 != b.folded;
        let (start, end) = match (swap1, swap2) {
            (true, true) => (a.start, b.end),
            (true, false) => (a.start, a.end),
            _ => (b.start, b.end),
        };
        let suggestion = match (swap1, swap2) {
            (true, true) => format!("{} {}", best.c1, best.c2),
            (true, false) => best.c1.clone(),
            _ => best.c2.clone(),
        };
        let written = match (swap1, swap2) {
            (true, true) => format!("{} {}", a.folded, b.folded),
            (true, false) => a.folded.clone(),
            _ => b.folded.clone(),
        };
        let explanation = format!(
            "\"{written}\" is a synonym swap: {}, while \"{} {}\" is not",
            best.why, a.folded, b.folded
        );
        out.push(Finding {
            kind: FindingKind::TorturedPhrase,
            start,
            end,
            text: String::new(),
            suggestion,
            confidence: (best.confidence * 100.0).round() / 100.0,
            explanation,
        });
    }
    out
}

/// Whether two different words look like spellings of one word: at most
/// one edit apart ("defence"/"defense", "anthony"/"antony").
fn variant_spelling(x: &str, y: &str) -> bool {
    if x == y {
        return false;
    }
    let a: Vec<char> = x.chars().collect();
    let b: Vec<char> = y.chars().collect();
    if a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        prev = cur;
    }
    prev[b.len()] <= 1
}

fn title_words(s: &str) -> String {
    s.split(' ').map(title_case).collect::<Vec<_>>().join(" ")
}

/// The set of adjacent word pairs of a document (for "used elsewhere").
pub(crate) fn doc_bigrams(words: &[Word]) -> HashSet<(String, String)> {
    let mut set = HashSet::new();
    for i in 1..words.len() {
        if words[i].linked {
            set.insert((words[i - 1].folded.clone(), words[i].folded.clone()));
        }
    }
    set
}

#[cfg(test)]
mod tests {
    use super::variant_spelling;

    #[test]
    fn spelling_variants() {
        assert!(variant_spelling("defence", "defense"));
        assert!(variant_spelling("anthony", "antony"));
        assert!(!variant_spelling("home", "house"));
        assert!(!variant_spelling("courtroom", "court"));
        assert!(!variant_spelling("told", "instructed"));
        assert!(!variant_spelling("court", "court"));
    }
}
