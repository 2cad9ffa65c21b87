//! A synthetic article spinner for test data. It varies what real spinners
//! vary: the thesaurus (WordNet synsets, the Moby thesaurus, or two-step
//! WordNet neighbours that unspin's lexicon does not link directly), the
//! rate, phrase-level swaps from a phrase dictionary, and whether
//! capitalised words and names are swapped too.

use std::collections::{HashMap, HashSet};

use rand::Rng;
use rand::seq::IndexedRandom;
use rand_chacha::ChaCha8Rng;
use unspin_lexicon::morph;
use unspin_text::{TokenKind, fold_word, tokenize};

use crate::lexicon::Entry;

/// Which thesaurus a spinner draws from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Thesaurus {
    /// WordNet synsets.
    WordNet,
    /// The Moby thesaurus.
    Moby,
    /// Neighbours of WordNet neighbours (not direct synonyms).
    TwoStep,
}

impl Thesaurus {
    /// All thesauri.
    pub const ALL: [Thesaurus; 3] = [Thesaurus::WordNet, Thesaurus::Moby, Thesaurus::TwoStep];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Thesaurus::WordNet => "wordnet",
            Thesaurus::Moby => "moby",
            Thesaurus::TwoStep => "twostep",
        }
    }
}

/// Phrase swaps of the kind spinners' phrase dictionaries hold.
const PHRASE_SWAPS: &[(&str, &str)] = &[
    ("according to", "in accordance with"),
    ("because of", "as a result of"),
    ("if you", "in the event you"),
    ("as well as", "in addition to"),
    ("a lot of", "plenty of"),
    ("in order to", "so as to"),
    ("at the moment", "in the intervening time"),
    ("more than", "greater than"),
    ("for example", "as an illustration"),
    ("however", "nevertheless"),
];

/// A set of thesauri for the generator, with a list of English words: a
/// spinner writes words, so an inflected synonym that is not one
/// ("strengtheneded") is never used.
pub struct Thesauri {
    wordnet: HashMap<String, Vec<String>>,
    moby: HashMap<String, Vec<String>>,
    words: HashSet<String>,
}

fn single(s: &str) -> Option<String> {
    let s = s.to_lowercase().replace('_', " ");
    (s.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') && s.split(' ').count() <= 2)
        .then_some(s)
}

impl Thesauri {
    /// Builds the generator's thesauri from WordNet and Moby entries and a
    /// list of English words.
    pub fn new(wordnet: &[Entry], moby: &[Entry], words: HashSet<String>) -> Thesauri {
        let mut wn: HashMap<String, Vec<String>> = HashMap::new();
        for e in wordnet {
            let Some(h) = single(&e.head) else { continue };
            for s in &e.synonyms {
                if let Some(s) = single(s)
                    && s != h
                {
                    wn.entry(h.clone()).or_default().push(s);
                }
            }
        }
        let mut mb: HashMap<String, Vec<String>> = HashMap::new();
        for e in moby {
            let Some(h) = single(&e.head) else { continue };
            let syns: Vec<String> = e.synonyms.iter().filter_map(|s| single(s)).collect();
            mb.insert(h, syns);
        }
        for v in wn.values_mut().chain(mb.values_mut()) {
            v.sort();
            v.dedup();
        }
        Thesauri {
            wordnet: wn,
            moby: mb,
            words,
        }
    }

    /// Whether every word of `form` is an English word.
    fn is_words(&self, form: &str) -> bool {
        form.split(' ').all(|w| self.words.contains(w))
    }

    fn synonyms(&self, t: Thesaurus, lemma: &str, rng: &mut ChaCha8Rng) -> Option<String> {
        match t {
            Thesaurus::WordNet => self.wordnet.get(lemma)?.choose(rng).cloned(),
            Thesaurus::Moby => self.moby.get(lemma)?.choose(rng).cloned(),
            Thesaurus::TwoStep => {
                let first = self.wordnet.get(lemma)?.choose(rng)?;
                let second = self.wordnet.get(first)?.choose(rng)?;
                (second != lemma).then(|| second.clone())
            }
        }
    }
}

/// Options of one spinner.
#[derive(Debug, Clone, Copy)]
pub struct SpinOptions {
    /// Thesaurus used.
    pub thesaurus: Thesaurus,
    /// Fraction of content words swapped.
    pub rate: f64,
    /// Whether capitalised words (names included) may be swapped.
    pub capitals: bool,
    /// Whether phrase swaps are applied.
    pub phrases: bool,
}

/// A swap made by the spinner, in character offsets of the spun text.
#[derive(Debug, Clone)]
pub struct Swap {
    /// Start in the spun text.
    pub start: usize,
    /// End in the spun text.
    pub end: usize,
    /// The original wording.
    pub original: String,
}

const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "of", "to", "in", "and", "or", "but", "is", "are", "was", "were", "be",
    "been", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her", "their", "this",
    "that", "these", "those", "with", "for", "on", "at", "by", "from", "as", "not", "has", "have",
    "had", "will", "would", "can", "could", "do", "does", "did", "which", "who", "what", "said",
];

/// Spins `text`; returns the spun text and the swaps made.
pub fn spin(
    th: &Thesauri,
    opts: SpinOptions,
    text: &str,
    rng: &mut ChaCha8Rng,
) -> (String, Vec<Swap>) {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut out_chars = 0usize;
    let mut swaps = Vec::new();
    let tokens = tokenize(text);
    let mut pos = 0usize; // byte position in text
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        let gap = &text[pos..t.byte_start];
        out.push_str(gap);
        out_chars += gap.chars().count();
        pos = t.byte_start;
        let raw = t.text(text);
        // Phrase swap over the next words.
        if opts.phrases && t.kind == TokenKind::Word {
            let mut done = false;
            for (from, to) in PHRASE_SWAPS {
                let n = from.split(' ').count();
                if i + n > tokens.len() {
                    continue;
                }
                let span = &tokens[i..i + n];
                if span.iter().any(|s| s.kind != TokenKind::Word) {
                    continue;
                }
                let words: Vec<String> = span.iter().map(|s| fold_word(s.text(text))).collect();
                if words.join(" ") == *from && rng.random_bool(opts.rate.min(1.0)) {
                    let start = out_chars;
                    let rep = case_like(&text[span[0].byte_start..span[n - 1].byte_end], to);
                    out.push_str(&rep);
                    out_chars += rep.chars().count();
                    swaps.push(Swap {
                        start,
                        end: out_chars,
                        original: from.to_string(),
                    });
                    pos = span[n - 1].byte_end;
                    i += n;
                    done = true;
                    break;
                }
            }
            if done {
                continue;
            }
        }
        let folded = fold_word(raw);
        let capital = raw.chars().next().is_some_and(char::is_uppercase);
        let eligible = t.kind == TokenKind::Word
            && folded.len() > 2
            && folded.chars().all(|c| c.is_ascii_alphabetic())
            && !FUNCTION_WORDS.contains(&folded.as_str())
            && (opts.capitals || !capital);
        let mut replaced = false;
        if eligible && rng.random_bool(opts.rate.min(1.0)) {
            'analyses: for (lemma, inf) in morph::analyses(&folded).into_iter().rev() {
                // A few draws: the first synonym may have no inflected form
                // that is a word.
                for _ in 0..4 {
                    let Some(syn) = th.synonyms(opts.thesaurus, &lemma, rng) else {
                        continue 'analyses;
                    };
                    let Some(form) = morph::inflect(&syn, inf)
                        .into_iter()
                        .find(|f| th.is_words(f))
                    else {
                        continue;
                    };
                    if form == folded {
                        continue;
                    }
                    let rep = case_like(raw, &form);
                    let start = out_chars;
                    out.push_str(&rep);
                    out_chars += rep.chars().count();
                    swaps.push(Swap {
                        start,
                        end: out_chars,
                        original: folded.clone(),
                    });
                    replaced = true;
                    break 'analyses;
                }
            }
        }
        if !replaced {
            out.push_str(raw);
            out_chars += raw.chars().count();
        }
        pos = t.byte_end;
        i += 1;
    }
    out.push_str(&text[pos..]);
    (out, swaps)
}

/// Gives `to` the capitalisation of `like`'s first letter.
pub fn case_like(like: &str, to: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        unspin_detect::title_case(to)
    } else {
        to.to_string()
    }
}
