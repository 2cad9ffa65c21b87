//! Statistical detection of tortured phrases: a pair of adjacent words that
//! is unknown as written, but becomes an established collocation or name
//! when one or both words are replaced by a word they are a synonym of.

use std::collections::{HashMap, HashSet};

use unspin_lexicon::{Lexicon, Source, phrase_flags};
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

/// Per-document caches of lexicon look-ups.
pub(crate) struct Cache<'l> {
    pub(crate) lex: &'l Lexicon,
    cfg: &'l TorturedConfig,
    originals: HashMap<String, Vec<String>>,
    /// Originals linked by a WordNet synset (closer synonyms than Moby's).
    close: HashMap<String, HashSet<String>>,
    followers: HashMap<String, HashSet<String>>,
}

impl<'l> Cache<'l> {
    pub(crate) fn new(lex: &'l Lexicon, cfg: &'l TorturedConfig) -> Self {
        Cache {
            lex,
            cfg,
            originals: HashMap::new(),
            close: HashMap::new(),
            followers: HashMap::new(),
        }
    }

    pub(crate) fn originals(&mut self, w: &str) -> &Vec<String> {
        if !self.originals.contains_key(w) {
            let lex = self.lex;
            let min = self.cfg.min_candidate_freq;
            let all = lex.originals(w);
            let close: HashSet<String> = all
                .iter()
                .filter(|c| c.bits & unspin_lexicon::store::edge::WORDNET != 0)
                .map(|c| c.text.clone())
                .collect();
            let mut c: Vec<String> = all
                .into_iter()
                .filter(|c| {
                    !c.text.contains(' ') && !is_function_word(&c.text) && lex.freq(&c.text) >= min
                })
                .map(|c| c.text)
                .collect();
            c.sort();
            c.dedup();
            self.close.insert(w.to_string(), close);
            self.originals.insert(w.to_string(), c);
        }
        &self.originals[w]
    }

    fn followers(&mut self, w: &str) -> &HashSet<String> {
        if !self.followers.contains_key(w) {
            let f = self.lex.followers(w).into_iter().collect();
            self.followers.insert(w.to_string(), f);
        }
        &self.followers[w]
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
    cache: &mut Cache<'_>,
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
        let written_phrase = lex.phrase(&format!("{} {}", a.folded, b.folded));
        if written_phrase != 0 {
            continue;
        }
        if lex
            .bigram(&a.folded, &b.folded)
            .is_some_and(|c| c.pmi >= cfg.written_ok_pmi)
        {
            continue;
        }
        let capitalised = (a.capital && !a.sentence_start) || b.capital;
        let written_attested = lex.attested(&a.folded, &b.folded);
        // Fill the caches this pair needs, then read them without copies.
        cache.originals(&a.folded);
        cache.originals(&b.folded);
        cache.followers(&a.folded);
        let mut close1_sorted: Vec<String> = cache
            .close
            .get(&a.folded)
            .map(|s| s.iter().cloned().collect())
            .unwrap_or_default();
        close1_sorted.sort();
        for c1 in &close1_sorted {
            cache.followers(c1);
        }
        let view: &Cache<'_> = cache;
        let no_close = HashSet::new();
        let originals1 = &view.originals[&a.folded];
        let originals2 = &view.originals[&b.folded];
        let close1 = view.close.get(&a.folded).unwrap_or(&no_close);
        let close2 = view.close.get(&b.folded).unwrap_or(&no_close);
        // Candidate restorations, without walking every pair of synonyms:
        // the second word swapped (known followers of the first word), the
        // first word swapped (direct look-ups), or both swapped between
        // close synonyms only.
        let mut pairs: Vec<(String, String)> = Vec::new();
        let f = &view.followers[&a.folded];
        pairs.extend(
            originals2
                .iter()
                .filter(|c2| f.contains(*c2))
                .map(|c2| (a.folded.clone(), c2.clone())),
        );
        pairs.extend(
            originals1
                .iter()
                .filter(|c1| lex.attested(c1, &b.folded))
                .map(|c1| (c1.clone(), b.folded.clone())),
        );
        for c1 in &close1_sorted {
            let f = &view.followers[c1];
            pairs.extend(
                close2
                    .iter()
                    .filter(|c2| f.contains(*c2))
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
            let restored = format!("{c1} {c2}");
            let flags = lex.phrase(&restored);
            let mut conf: f64 = 0.0;
            let mut why = String::new();
            // A broken name: an ordinary, capitalised word inside a
            // dictionary name swapped for a close synonym ("White Home").
            let swapped_capital = (*c1 == a.folded || a.capital) && (*c2 == b.folded || b.capital);
            let swapped_close = (*c1 == a.folded || close1.contains(c1))
                && (*c2 == b.folded || close2.contains(c2));
            if flags & phrase_flags::NAME != 0
                && flags & phrase_flags::WORDNET != 0
                && capitalised
                && swapped_capital
                && swapped_close
                && !written_attested
                && lex.attested(c1, c2)
            {
                conf = 0.95;
                why = format!("\"{}\" is a well-known name", title_words(&restored));
            } else if flags & phrase_flags::WORDNET != 0 && flags & phrase_flags::NAME == 0 {
                // An expression from a dictionary, without counts: on
                // its own, weak evidence.
                conf = 0.55;
                why = format!("\"{restored}\" is an established expression");
            }
            if let Some(col) = lex.bigram(c1, c2) {
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
                if !close1.contains(c1) || !close2.contains(c2) {
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
