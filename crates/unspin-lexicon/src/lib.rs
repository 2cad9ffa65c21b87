//! The lexicon of unspin: what English usually looks like.
//!
//! * word frequencies and bigram counts (Google Web 1T and Google Books
//!   counts, as shipped in the `wordsegment` and `symspellpy` packages);
//! * multi-word expressions and names (WordNet's multi-word lemmas, GeoNames
//!   places, countries and US states);
//! * a synonym graph (WordNet synsets by part of speech, and the Moby
//!   thesaurus), with English inflection so that "instructed" leads back to
//!   "told";
//! * optional learned [`Pack`]s with the statistics of a user's own corpus.
//!
//! The default lexicon is compiled into the binary as fst maps and opens
//! without parsing anything: `cargo run -p xtask -- build-lexicon`
//! regenerates it from the packages (see `LICENSES/` for attribution).
//!
//! ```
//! let lex = unspin_lexicon::Lexicon::embedded();
//! assert!(lex.phrase("white house") & unspin_lexicon::phrase_flags::NAME != 0);
//! let back: Vec<String> = lex.originals("instructed").into_iter().map(|c| c.text).collect();
//! assert!(back.iter().any(|w| w == "told"));
//! ```
#![deny(missing_docs)]

pub mod hash;
pub mod morph;
mod pack;
pub mod pairs;
pub mod store;

use fst::{Map, Set};

pub use morph::Inflection;
pub use pack::{Pack, PackBuilder};
pub use pairs::Pairs;

use store::{Graph, WordFilter, open_map, split_table};

/// Errors opening lexicon data.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// Lexicon data that does not decode.
    #[error("lexicon data is corrupt ({0}); rebuild it with `cargo run -p xtask -- build-lexicon`")]
    Corrupt(String),
    /// A pack file that is not a pack.
    #[error("{0}: cannot read lexicon pack: {1}; build one with `unspin learn CORPUS... -o PACK`")]
    BadPack(String, String),
    /// An I/O error on a named file.
    #[error("{0}: {1}")]
    Io(String, std::io::Error),
}

/// Flags of a multi-word expression in [`Lexicon::phrase`].
pub mod phrase_flags {
    /// A WordNet lemma.
    pub const WORDNET: u64 = 1;
    /// A name: written with capitals in its source ("White House").
    pub const NAME: u64 = 2;
    /// A place name from GeoNames.
    pub const PLACE: u64 = 4;
}

static UNIGRAMS: &[u8] = include_bytes!("../assets/unigrams.fst");
static BIGRAMS: &[u8] = include_bytes!("../assets/bigrams.fst");
static PHRASES: &[u8] = include_bytes!("../assets/phrases.fst");
static SYN_VOCAB: &[u8] = include_bytes!("../assets/syn_vocab.fst");
static SYN_TERMS: &[u8] = include_bytes!("../assets/syn_terms.bin");
static SYN_ADJ: &[u8] = include_bytes!("../assets/syn_adj.bin");
/// `second first` for every two-word key of the bigram and phrase maps
/// (derived from them by the build script).
static PRECEDERS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/preceders.fst"));
/// The pair index ([`Pairs`], derived by the build script).
/// A Bloom filter of the unigram map's words (derived by the build script).
static UNIGRAM_FILTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/unigram_filter.bin"));
static PAIR_VOCAB: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_vocab.fst"));
static PAIR_FILTER: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_filter.bin"));
static PAIR_WORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_words.bin"));
static PAIR_NEXT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_next.bin"));
static PAIR_PREV: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_prev.bin"));
/// Per word of a two-word key the words it forms a sure pair with, after
/// and before it (derived by the build script; see
/// [`Pairs::for_each_sure_next`]).
static PAIR_SURE_NEXT: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_sure_next.bin"));
static PAIR_SURE_PREV: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/pair_sure_prev.bin"));
/// Per word of the pair index its unigram count (derived by the build
/// script; see [`Lexicon::word_stats_of`]).
static WORD_COUNTS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/word_counts.bin"));
/// Per synonym-graph term its word id and its known inflected forms by id
/// (derived by the build script; see [`Lexicon::default_known_forms`]).
/// Per graph term, the sizes of its thesaurus entries and its word id
/// (derived by the build script; see [`Lexicon::term_record`]).
static TERM_RECORDS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/term_records.bin"));
static TERM_FORMS: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/term_forms.bin"));
/// Sum of all unigram counts of the embedded word list (written by the
/// lexicon builder).
const UNIGRAM_TOTAL: f64 = include!("../assets/unigram_total.in");

/// What the default lexicon keeps of one synonym-graph term
/// ([`Lexicon::term_record`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TermRecord {
    /// Number of synonyms: the size of the term's thesaurus entry.
    pub synonyms: u16,
    /// Number of WordNet synonyms.
    pub wordnet_synonyms: u16,
    /// The term's word id ([`Lexicon::word_stats_of`]): what
    /// [`Lexicon::default_known_forms`] gives for [`Inflection::Base`].
    pub id: u32,
    /// Per inflection S, Ed and Ing: the id of the term's one known form,
    /// [`TermRecord::NO_FORM`] or [`TermRecord::SEVERAL_FORMS`].
    forms: [u32; 3],
}

/// What a [`TermRecord`] says of a term's known forms with one inflection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordForms {
    /// None is known.
    None,
    /// Exactly this one.
    One(u32),
    /// Not in the record: ask [`Lexicon::default_known_forms`].
    Look,
}

impl TermRecord {
    const NO_FORM: u32 = u32::MAX;
    const SEVERAL_FORMS: u32 = u32::MAX - 1;

    /// The chance that the term's thesaurus entry offers a given synonym,
    /// linked to it by an edge with `bits` ([`store::edge`]): one over the
    /// size of the entry the link comes from, its WordNet synonyms for a
    /// WordNet link, all its synonyms otherwise.
    pub fn offered(&self, bits: u8) -> f64 {
        1.0 / f64::from(self.entry_size(bits))
    }

    /// The size of the entry [`TermRecord::offered`] takes, at least 1.
    pub fn entry_size(&self, bits: u8) -> u16 {
        let size = if bits & store::edge::WORDNET != 0 {
            self.wordnet_synonyms
        } else {
            self.synonyms
        };
        size.max(1)
    }

    /// The known forms of the term with inflection `inf`, as far as the
    /// record knows them: what [`Lexicon::default_known_forms`] gives.
    pub fn forms(&self, inf: Inflection) -> RecordForms {
        let slot = match inf {
            Inflection::Base => return RecordForms::One(self.id),
            Inflection::S => 0,
            Inflection::Ed => 1,
            Inflection::Ing => 2,
            _ => return RecordForms::Look,
        };
        match self.forms[slot] {
            Self::NO_FORM => RecordForms::None,
            Self::SEVERAL_FORMS => RecordForms::Look,
            id => RecordForms::One(id),
        }
    }
}

/// Bytes of a term record in its table.
const TERM_RECORD_BYTES: usize = 20;

/// Where a collocation's evidence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The embedded default lexicon.
    Default,
    /// The learned pack with this index.
    Pack(usize),
}

/// How strongly two words go together.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Colloc {
    /// Count of the n-gram in its source.
    pub count: u64,
    /// Pointwise mutual information, in bits.
    pub pmi: f64,
    /// `P(b | a)` in the same source: how strongly the first word calls
    /// for the second.
    pub given_first: f64,
    /// `P(a | b)` in the same source: how strongly the second word calls
    /// for the first.
    pub given_second: f64,
    /// Source of the count.
    pub source: Source,
}

/// What the lexicon knows about one word.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct WordStats {
    /// Whether any source knows the word ([`Lexicon::is_word`]).
    pub known: bool,
    /// Count in the default word list ([`Lexicon::count`]).
    pub count: u64,
    /// Relative frequency, the largest over all sources ([`Lexicon::freq`]).
    pub freq: f64,
}

/// What the lexicon knows about a pair of words `first second`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairFacts {
    /// Count of the bigram in the default lexicon.
    pub bigram: Option<u64>,
    /// Flags ([`phrase_flags`]) of the two-word phrase, when it is one.
    pub phrase: Option<u64>,
    /// Whether some learned pack has the bigram.
    pub in_pack: bool,
}

impl PairFacts {
    /// Adds what another source knows of the same pair.
    pub fn merge(&mut self, other: PairFacts) {
        self.bigram = self.bigram.or(other.bigram);
        self.phrase = self.phrase.or(other.phrase);
        self.in_pack |= other.in_pack;
    }
}

/// A candidate original wording of a written word or phrase.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The candidate, inflected like the written word.
    pub text: String,
    /// The lemma the written word was read as.
    pub written_lemma: String,
    /// Edge bits ([`store::edge`]) linking the two lemmas.
    pub bits: u8,
}

/// The lexicon: embedded statistics plus any learned packs.
pub struct Lexicon {
    unigrams: Map<&'static [u8]>,
    unigram_filter: WordFilter<'static>,
    bigrams: Map<&'static [u8]>,
    phrases: Map<&'static [u8]>,
    preceders: Set<&'static [u8]>,
    pairs: Pairs<'static>,
    graph: Graph<'static>,
    /// `WORD_COUNTS`, checked to have one count per word of `pairs`.
    word_counts: &'static [u8],
    /// Offsets and data of `TERM_FORMS`, one entry per graph term.
    term_form_offsets: &'static [u8],
    term_form_bytes: &'static [u8],
    /// `ENTRY_SIZES`, checked to have two `u16` per graph term.
    term_records: &'static [u8],
    packs: Vec<Pack>,
}

impl Lexicon {
    /// The default lexicon compiled into the binary.
    pub fn embedded() -> Lexicon {
        Self::open_embedded().expect("the embedded lexicon is built and tested with the binary")
    }

    fn open_embedded() -> Result<Lexicon, LexiconError> {
        let pairs = Pairs::open(
            PAIR_VOCAB,
            PAIR_FILTER,
            PAIR_WORDS,
            PAIR_NEXT,
            PAIR_PREV,
            PAIR_SURE_NEXT,
            PAIR_SURE_PREV,
        )?;
        let graph = Graph::open(SYN_VOCAB, SYN_TERMS, SYN_ADJ)?;
        let (n, term_form_offsets, term_form_bytes) = split_table(TERM_FORMS, "term forms")?;
        if WORD_COUNTS.len() != pairs.len() * 4
            || n != graph.len()
            || TERM_RECORDS.len() != graph.len() * TERM_RECORD_BYTES
        {
            return Err(LexiconError::Corrupt(
                "word counts, term forms or term records disagree in size with their index".into(),
            ));
        }
        Ok(Lexicon {
            unigrams: open_map(UNIGRAMS, "unigrams")?,
            unigram_filter: WordFilter::open(UNIGRAM_FILTER, "unigram filter")?,
            bigrams: open_map(BIGRAMS, "bigrams")?,
            phrases: open_map(PHRASES, "phrases")?,
            preceders: Set::new(PRECEDERS)
                .map_err(|e| LexiconError::Corrupt(format!("preceders: {e}")))?,
            pairs,
            graph,
            word_counts: WORD_COUNTS,
            term_form_offsets,
            term_form_bytes,
            term_records: TERM_RECORDS,
            packs: Vec::new(),
        })
    }

    /// Adds a learned pack; its statistics count alongside the default ones.
    pub fn add_pack(&mut self, pack: Pack) {
        self.packs.push(pack);
    }

    /// The learned packs.
    pub fn packs(&self) -> &[Pack] {
        &self.packs
    }

    /// The synonym graph.
    pub fn graph(&self) -> &Graph<'static> {
        &self.graph
    }

    /// The id of a term of the synonym graph ([`Graph::id`]); every term
    /// is a word of the pair index, whose Bloom filter rules out most other
    /// words without walking the graph's fst.
    pub fn graph_term(&self, term: &str) -> Option<usize> {
        if !self.pairs.may_contain(term) {
            return None;
        }
        self.graph.id(term)
    }

    /// The two-word keys of the default bigrams and phrases by word id.
    pub fn pairs(&self) -> &Pairs<'static> {
        &self.pairs
    }

    /// Count of a folded word in the default word list (0 if absent).
    pub fn count(&self, word: &str) -> u64 {
        self.default_count(word).unwrap_or(0)
    }

    /// Count of a folded word in the default word list, if it has the word;
    /// the filter rules out most unknown words before the map is walked.
    fn default_count(&self, word: &str) -> Option<u64> {
        if !self.unigram_filter.may_contain(word) {
            return None;
        }
        self.unigrams.get(word)
    }

    /// A count of the default word or bigram lists as a relative frequency.
    pub fn relative_freq(count: u64) -> f64 {
        count as f64 / UNIGRAM_TOTAL
    }

    /// Relative frequency of a folded word: the largest over all sources.
    pub fn freq(&self, word: &str) -> f64 {
        let mut f = self.count(word) as f64 / UNIGRAM_TOTAL;
        for p in &self.packs {
            if p.total > 0 {
                let c = p.unigrams.get(word).unwrap_or(0) as f64;
                f = f.max(c / p.total as f64);
            }
        }
        f
    }

    /// [`Lexicon::is_word`], [`Lexicon::count`] and [`Lexicon::freq`] of a
    /// folded word at once.
    pub fn word_stats(&self, word: &str) -> WordStats {
        self.stats_with(word, self.default_count(word))
    }

    /// [`Lexicon::word_stats`] of the word with id `id` in the pair index
    /// (which numbers every word of a two-word key, every synonym-graph
    /// term and each term's known inflected forms), its default count read
    /// by id.
    pub fn word_stats_of(&self, id: u32) -> WordStats {
        let i = id as usize;
        if i >= self.pairs.len() {
            return self.word_stats(self.pairs.word(id));
        }
        let default = match store::read_u32(self.word_counts, i) {
            0 => None,
            // Too large for the table: the map has it.
            c if c == u32::MAX as usize => self.unigrams.get(self.pairs.word(id)),
            c => Some(c as u64 - 1),
        };
        if self.packs.is_empty() {
            self.stats_with("", default)
        } else {
            self.stats_with(self.pairs.word(id), default)
        }
    }

    /// The statistics of `word` whose default count is `default`.
    fn stats_with(&self, word: &str, default: Option<u64>) -> WordStats {
        let count = default.unwrap_or(0);
        let mut known = default.is_some();
        let mut f = count as f64 / UNIGRAM_TOTAL;
        for p in &self.packs {
            let c = p.unigrams.get(word);
            known |= c.is_some();
            if p.total > 0 {
                f = f.max(c.unwrap_or(0) as f64 / p.total as f64);
            }
        }
        WordStats {
            known,
            count,
            freq: f,
        }
    }

    /// Whether any source knows the folded word.
    pub fn is_word(&self, word: &str) -> bool {
        self.default_count(word).is_some()
            || self.packs.iter().any(|p| p.unigrams.contains_key(word))
    }

    /// Whether `a b` is a known bigram or two-word phrase of any source.
    pub fn attested(&self, a: &str, b: &str) -> bool {
        let key = format!("{a} {b}");
        self.bigrams.contains_key(&key)
            || self.phrases.contains_key(&key)
            || self.packs.iter().any(|p| p.bigrams.contains_key(&key))
    }

    /// The strongest evidence that `a b` is a collocation, or `None` when no
    /// source has the bigram.
    pub fn bigram(&self, a: &str, b: &str) -> Option<Colloc> {
        let key = format!("{a} {b}");
        let mut best: Option<Colloc> = None;
        if let Some(c) = self.bigrams.get(&key) {
            best = Some(Self::default_colloc(c, self.count(a), self.count(b)));
        }
        for (i, p) in self.packs.iter().enumerate() {
            if let Some(c) = p.bigrams.get(&key) {
                let ca = p.unigrams.get(a).unwrap_or(1).max(1) as f64;
                let cb = p.unigrams.get(b).unwrap_or(1).max(1) as f64;
                let pmi = (c as f64 * p.total.max(1) as f64 / (ca * cb)).log2();
                let cand = Colloc {
                    count: c,
                    pmi,
                    given_first: c as f64 / ca,
                    given_second: c as f64 / cb,
                    source: Source::Pack(i),
                };
                if best.is_none_or(|b| cand.pmi > b.pmi) {
                    best = Some(cand);
                }
            }
        }
        best
    }

    /// The evidence of a bigram of the default lexicon with count `count`,
    /// whose words have the default counts `count_a` and `count_b` (as in
    /// [`Lexicon::bigram`]).
    pub fn default_colloc(count: u64, count_a: u64, count_b: u64) -> Colloc {
        let ca = count_a.max(1) as f64;
        let cb = count_b.max(1) as f64;
        let pmi = (count as f64 * UNIGRAM_TOTAL / (ca * cb)).log2();
        Colloc {
            count,
            pmi,
            given_first: count as f64 / ca,
            given_second: count as f64 / cb,
            source: Source::Default,
        }
    }

    /// Count of a trigram in the learned packs (the default lexicon has no
    /// trigrams), with its source.
    pub fn trigram(&self, a: &str, b: &str, c: &str) -> Option<(u64, Source)> {
        let key = format!("{a} {b} {c}");
        self.packs
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.trigrams.get(&key).map(|n| (n, Source::Pack(i))))
            .max_by_key(|(n, _)| *n)
    }

    /// Flags ([`phrase_flags`]) of a folded multi-word expression or name; 0
    /// when unknown.
    pub fn phrase(&self, phrase: &str) -> u64 {
        self.phrases.get(phrase).unwrap_or(0)
    }

    /// Words that follow `first` in some known bigram or two-word phrase
    /// of any source (may repeat).
    pub fn followers(&self, first: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_continuation(first, |w, _| out.push(w.to_string()));
        out
    }

    /// The words that follow `first` in some known bigram or two-word
    /// phrase of any source, each once and sorted, with what each source
    /// knows of the pair: the same pairs as [`Lexicon::followers`].
    pub fn continuations(&self, first: &str) -> Vec<(String, PairFacts)> {
        let mut merged: std::collections::BTreeMap<String, PairFacts> = Default::default();
        self.for_each_continuation(first, |w, f| {
            if let Some(m) = merged.get_mut(w) {
                m.merge(f);
            } else {
                merged.insert(w.to_string(), f);
            }
        });
        merged.into_iter().collect()
    }

    /// Calls `f` with each word that follows `first` in some known bigram
    /// or two-word phrase, and with what one source knows of the pair: a
    /// word follows once per source that has the pair, so merge the facts
    /// ([`PairFacts::merge`]) to get those of [`Lexicon::continuations`].
    /// Nothing is allocated per word.
    pub fn for_each_continuation(&self, first: &str, mut f: impl FnMut(&str, PairFacts)) {
        for_each_second_word(&self.bigrams, first, |w, v| {
            f(
                w,
                PairFacts {
                    bigram: Some(v),
                    ..PairFacts::default()
                },
            )
        });
        for_each_second_word(&self.phrases, first, |w, v| {
            f(
                w,
                PairFacts {
                    phrase: Some(v),
                    ..PairFacts::default()
                },
            )
        });
        self.for_each_learned_continuation(first, f);
    }

    /// [`Lexicon::for_each_continuation`] for the learned packs only: for a
    /// single word, the default lexicon's part is in [`Lexicon::pairs`].
    pub fn for_each_learned_continuation(&self, first: &str, mut f: impl FnMut(&str, PairFacts)) {
        for p in &self.packs {
            for_each_second_word(&p.bigrams, first, |w, _| {
                f(
                    w,
                    PairFacts {
                        in_pack: true,
                        ..PairFacts::default()
                    },
                )
            });
        }
    }

    /// The words `w` such that `w second` is a two-word key of the default
    /// bigrams or phrases (learned packs are not included), sorted.
    pub fn preceders(&self, second: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.for_each_preceder(second, |w| out.push(w.to_string()));
        out
    }

    /// Calls `f` with each word of [`Lexicon::preceders`], in order, without
    /// allocating per word.
    pub fn for_each_preceder(&self, second: &str, mut f: impl FnMut(&str)) {
        use fst::{IntoStreamer, Streamer};
        let lo = format!("{second} ");
        let hi = format!("{second}!");
        let mut st = self
            .preceders
            .range()
            .ge(lo.as_bytes())
            .lt(hi.as_bytes())
            .into_stream();
        while let Some(k) = st.next() {
            if let Ok(w) = std::str::from_utf8(&k[lo.len()..]) {
                f(w);
            }
        }
    }

    /// Synonyms of a folded term (a word or a phrase), with edge bits.
    pub fn synonyms(&self, term: &str) -> Vec<(&'static str, u8)> {
        match self.graph.id(term) {
            Some(id) => self
                .graph
                .neighbours(id)
                .into_iter()
                .map(|(n, b)| (self.graph.term(n), b))
                .collect(),
            None => Vec::new(),
        }
    }

    /// Whether the synonym graph has the folded term.
    pub fn has_term(&self, term: &str) -> bool {
        self.graph.id(term).is_some()
    }

    /// Wordings a spinner could have replaced with `written` (a folded word
    /// or phrase): its synonyms, inflected the way `written` is inflected,
    /// keeping only forms that are known words. Single-word candidates whose
    /// form is unknown to every word list are dropped.
    pub fn originals(&self, written: &str) -> Vec<Candidate> {
        self.originals_with(written, |w| self.is_word(w))
    }

    /// [`Lexicon::originals`] with `is_word` answering [`Lexicon::is_word`]
    /// (for callers that remember its answers).
    pub fn originals_with(
        &self,
        written: &str,
        mut is_word: impl FnMut(&str) -> bool,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = Vec::new();
        // Position in `out` of each candidate text.
        let mut index: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (lemma, inf) in morph::analyses(written) {
            let Some(id) = self.graph.id(&lemma) else {
                continue;
            };
            for (n, bits) in self.graph.neighbours_iter(id) {
                for form in self.known_forms(n, inf, &mut is_word) {
                    if form == written {
                        continue;
                    }
                    if let Some(&i) = index.get(&form) {
                        out[i].bits |= bits;
                    } else {
                        index.insert(form.clone(), out.len());
                        out.push(Candidate {
                            text: form,
                            written_lemma: lemma.clone(),
                            bits,
                        });
                    }
                }
            }
        }
        out
    }

    /// The sizes of the thesaurus entries of graph term `term`: its number
    /// of synonyms, and of WordNet synonyms (`(0, 0)` for an unknown term).
    pub fn entry_sizes(&self, term: usize) -> (u16, u16) {
        self.term_record(term)
            .map_or((0, 0), |r| (r.synonyms, r.wordnet_synonyms))
    }

    /// What the default lexicon keeps of graph term `term` in one place
    /// (`None` for an unknown term).
    #[inline]
    pub fn term_record(&self, term: usize) -> Option<TermRecord> {
        let at = term * TERM_RECORD_BYTES;
        let b: &[u8; TERM_RECORD_BYTES] = self
            .term_records
            .get(at..at + TERM_RECORD_BYTES)?
            .try_into()
            .ok()?;
        let u32_at = |i: usize| u32::from_le_bytes([b[i], b[i + 1], b[i + 2], b[i + 3]]);
        Some(TermRecord {
            synonyms: u16::from_le_bytes([b[0], b[1]]),
            wordnet_synonyms: u16::from_le_bytes([b[2], b[3]]),
            id: u32_at(4),
            forms: [u32_at(8), u32_at(12), u32_at(16)],
        })
    }

    /// The pair-index ids ([`Lexicon::word_stats_of`]) of what
    /// [`Lexicon::known_forms`] gives for term `term` and inflection `inf`
    /// when the default word list alone answers [`Lexicon::is_word`], in
    /// the same order; for [`Inflection::Base`], the term itself. Nothing
    /// for a term outside the graph.
    pub fn default_known_forms(&self, term: usize, inf: Inflection, mut f: impl FnMut(u32)) {
        if term >= self.graph.len() {
            return;
        }
        let s = store::read_u32(self.term_form_offsets, term);
        let e = store::read_u32(self.term_form_offsets, term + 1);
        let b = self.term_form_bytes.get(s..e).unwrap_or_default();
        let mut pos = 0;
        let mut next = || store::read_varint(b, &mut pos).map(|v| v as u32);
        let Some(id) = next() else { return };
        if inf == Inflection::Base {
            f(id);
            return;
        }
        // Lists for S, Ed, Ing, Er and Est in turn.
        for i in 1..=inf as usize {
            let Some(n) = next() else { return };
            for _ in 0..n {
                let Some(id) = next() else { return };
                if i == inf as usize {
                    f(id);
                }
            }
        }
    }

    /// The forms of the synonym-graph term `term` inflected as `inf` that
    /// are known words, `is_word` answering [`Lexicon::is_word`]: the forms
    /// [`Lexicon::originals`] offers for a synonym. They depend on the term
    /// and the inflection only, so callers may remember them per term.
    pub fn known_forms(
        &self,
        term: usize,
        inf: Inflection,
        mut is_word: impl FnMut(&str) -> bool,
    ) -> Vec<String> {
        let mut forms = morph::inflect(self.graph.term(term), inf);
        // Graph terms are known words by construction; only inflected
        // forms need checking.
        if inf != Inflection::Base {
            forms.retain(|form| {
                if form.contains(' ') {
                    form.split(' ').all(&mut is_word)
                } else {
                    is_word(form)
                }
            });
        }
        forms
    }
}

/// Calls `f` with the second word and the value of every two-word key
/// `first w` of `map`, in key order, without allocating per word.
fn for_each_second_word<D: AsRef<[u8]>>(map: &Map<D>, first: &str, mut f: impl FnMut(&str, u64)) {
    use fst::{IntoStreamer, Streamer};
    let lo = format!("{first} ");
    let hi = format!("{first}!");
    let mut st = map
        .range()
        .ge(lo.as_bytes())
        .lt(hi.as_bytes())
        .into_stream();
    while let Some((k, v)) = st.next() {
        let rest = &k[lo.len()..];
        if !rest.contains(&b' ')
            && let Ok(w) = std::str::from_utf8(rest)
        {
            f(w, v);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_opens_and_knows_english() {
        let lex = Lexicon::embedded();
        assert!(lex.count("the") > lex.count("house"));
        assert!(lex.count("house") > 0);
        let ai = lex
            .bigram("artificial", "intelligence")
            .expect("a frequent bigram");
        assert!(ai.pmi > 5.0, "{ai:?}");
        assert!(lex.bigram("counterfeit", "consciousness").is_none());
        assert_ne!(lex.phrase("white house") & phrase_flags::NAME, 0);
        assert_ne!(
            lex.phrase("artificial intelligence") & phrase_flags::WORDNET,
            0
        );
        assert_ne!(lex.phrase("new york") & phrase_flags::PLACE, 0);
    }

    #[test]
    fn every_two_word_entry_passes_the_pair_filter_from_its_word_hashes() {
        use crate::hash::{filter_hash, pair_hash, word_hash};
        let lex = Lexicon::embedded();
        let pairs = lex.pairs();
        let mut two_words = 0;
        for id in 0..pairs.len() as u32 {
            let w = pairs.word(id);
            let Some((a, b)) = w.split_once(' ') else {
                continue;
            };
            if b.contains(' ') {
                continue;
            }
            two_words += 1;
            let (ha, hb) = (word_hash(a.as_bytes()), word_hash(b.as_bytes()));
            assert_eq!(filter_hash(w.as_bytes()), pair_hash(ha, hb), "{w}");
            assert!(pairs.may_contain_pair(ha, hb), "{w}");
        }
        // The graph's two-word terms and their forms ("star sign", "got
        // here") are many.
        assert!(two_words > 10_000, "{two_words}");
        assert!(pairs.id("star sign").is_some());
        // Most pairs of words are not entries.
        let absent = ["house", "green", "quickly", "table", "river", "sings"]
            .iter()
            .flat_map(|a| ["door", "blue", "walks", "paper", "ran"].map(|b| (*a, b)))
            .filter(|(a, b)| {
                !pairs.may_contain_pair(word_hash(a.as_bytes()), word_hash(b.as_bytes()))
            })
            .count();
        assert!(absent >= 25, "{absent} of 30");
    }

    #[test]
    fn entry_sizes_count_each_terms_neighbours() {
        let lex = Lexicon::embedded();
        let graph = lex.graph();
        let told = graph.id("tell").expect("a graph term");
        let (all, wordnet) = lex.entry_sizes(told);
        assert!(all > wordnet && wordnet > 0, "{all} {wordnet}");
        // Every term, against its decoded neighbour list.
        for term in 0..graph.len() {
            let mut expected = (0u16, 0u16);
            for (_, bits) in graph.neighbours_iter(term) {
                expected.0 = expected.0.saturating_add(1);
                expected.1 = expected
                    .1
                    .saturating_add(u16::from(bits & store::edge::WORDNET != 0));
            }
            assert_eq!(lex.entry_sizes(term), expected, "{}", graph.term(term));
        }
        assert_eq!(lex.entry_sizes(graph.len()), (0, 0));
        assert_eq!(lex.term_record(graph.len()), None);
    }

    #[test]
    fn sure_pairs_are_expressions_and_strong_bigrams() {
        let lex = Lexicon::embedded();
        let pairs = lex.pairs();
        let mut listed = 0usize;
        let mut preceders: Vec<Vec<u32>> = vec![Vec::new(); pairs.paired_len()];
        for id in 0..pairs.paired_len() as u32 {
            let mut sure = Vec::new();
            pairs.for_each_sure_next(id, |w| sure.push(w));
            assert_eq!(pairs.has_sure_next(id), !sure.is_empty());
            listed += sure.len();
            let count = |w: u32| lex.word_stats_of(w).count;
            let mut expected = Vec::new();
            pairs.for_each_next(id, |w, facts| {
                let expression = facts.phrase.is_some_and(|f| f & phrase_flags::WORDNET != 0);
                let pmi = facts.bigram.map_or(f64::NEG_INFINITY, |c| {
                    Lexicon::default_colloc(c, count(id), count(w)).pmi
                });
                // Up to rounding at the threshold.
                if expression || pmi >= Pairs::SURE_PMI + 1e-9 {
                    expected.push(w);
                } else if pmi < Pairs::SURE_PMI - 1e-9 {
                    assert!(!sure.contains(&w), "{} {}", pairs.word(id), pairs.word(w));
                }
            });
            for w in expected {
                assert!(sure.contains(&w), "{} {}", pairs.word(id), pairs.word(w));
            }
            if !pairs.word(id).contains(' ') {
                for &w in &sure {
                    preceders[w as usize].push(id);
                }
            }
        }
        assert!(listed > 10_000, "{listed}");
        // The preceders are the same pairs seen from the other side.
        for (id, expected) in preceders.iter().enumerate() {
            let mut sure = Vec::new();
            pairs.for_each_sure_prev(id as u32, |w| sure.push(w));
            assert_eq!(&sure, expected, "{}", pairs.word(id as u32));
        }
        let id = |w: &str| pairs.id(w).expect("a word of the keys");
        let mut sure = Vec::new();
        pairs.for_each_sure_next(id("white"), |w| sure.push(w));
        assert!(sure.contains(&id("house")));
    }

    #[test]
    fn term_records_name_the_base_form() {
        let lex = Lexicon::embedded();
        let graph = lex.graph();
        for term in 0..graph.len() {
            let mut base = Vec::new();
            lex.default_known_forms(term, Inflection::Base, |id| base.push(id));
            let record = lex.term_record(term).expect("a graph term");
            assert_eq!(base, [record.id], "{}", graph.term(term));
            assert_eq!(lex.pairs().word(record.id), graph.term(term));
            // The forms a record holds are the known forms.
            for inf in Inflection::ALL {
                let mut forms = Vec::new();
                lex.default_known_forms(term, inf, |id| forms.push(id));
                match record.forms(inf) {
                    RecordForms::None => assert!(forms.is_empty(), "{}", graph.term(term)),
                    RecordForms::One(id) => assert_eq!(forms, [id], "{}", graph.term(term)),
                    RecordForms::Look => assert!(
                        forms.len() > 1 || matches!(inf, Inflection::Er | Inflection::Est),
                        "{} {inf:?}",
                        graph.term(term)
                    ),
                }
            }
        }
    }

    #[test]
    fn unigram_filter_keeps_every_word() {
        use fst::Streamer;
        let lex = Lexicon::embedded();
        let mut keys = lex.unigrams.keys();
        let mut n = 0;
        while let Some(k) = keys.next() {
            let w = std::str::from_utf8(k).expect("UTF-8 words");
            assert!(lex.unigram_filter.may_contain(w), "{w}");
            n += 1;
        }
        assert!(n > 0);
        let absent = ["zzqqxv", "instructeds", "xylophonically", "qwertyuiop"];
        assert!(absent.iter().any(|w| !lex.unigram_filter.may_contain(w)));
    }

    #[test]
    fn originals_undo_inflected_swaps() {
        let lex = Lexicon::embedded();
        let texts =
            |w: &str| -> Vec<String> { lex.originals(w).into_iter().map(|c| c.text).collect() };
        assert!(texts("instructed").contains(&"told".to_string()));
        assert!(texts("assaults").contains(&"attacks".to_string()));
        assert!(texts("home").contains(&"house".to_string()));
        assert!(texts("counterfeit").contains(&"artificial".to_string()));
    }

    #[test]
    fn continuations_and_preceders_agree_with_attested() {
        let mut lex = Lexicon::embedded();
        let mut b = PackBuilder::new();
        for _ in 0..3 {
            b.add_text("the white zebrafish swam. A white zebrafish again.");
        }
        lex.add_pack(b.finish("t", 2));
        for first in ["white", "artificial", "ice cream", "the", "zzzq"] {
            let next = lex.continuations(first);
            let mut followers = lex.followers(first);
            followers.sort();
            followers.dedup();
            let words: Vec<String> = next.iter().map(|(w, _)| w.clone()).collect();
            assert_eq!(words, followers, "{first}");
            for (w, f) in &next {
                let key = format!("{first} {w}");
                assert!(lex.attested(first, w));
                assert_eq!(f.phrase, lex.phrases.get(&key));
                assert_eq!(f.bigram, lex.bigrams.get(&key));
                assert_eq!(f.in_pack, lex.packs[0].bigrams.contains_key(&key));
            }
        }
        assert!(
            lex.continuations("white")
                .iter()
                .any(|(w, f)| w == "zebrafish" && f.in_pack)
        );
        for second in ["house", "intelligence", "zebrafish"] {
            let pre = lex.preceders(second);
            assert!(pre.windows(2).all(|w| w[0] < w[1]));
            for w in &pre {
                let key = format!("{w} {second}");
                assert!(lex.bigrams.contains_key(&key) || lex.phrases.contains_key(&key));
            }
        }
        assert!(lex.preceders("house").contains(&"white".to_string()));
        // The pair index has the same neighbours, by id.
        let pairs = lex.pairs();
        for w in [
            "white",
            "artificial",
            "house",
            "intelligence",
            "the",
            "zzzq",
        ] {
            let Some(id) = pairs.id(w) else {
                assert!(lex.preceders(w).is_empty() && lex.followers(w).is_empty());
                continue;
            };
            assert_eq!(pairs.word(id), w);
            let mut next: Vec<(String, PairFacts)> = Vec::new();
            pairs.for_each_next(id, |n, f| next.push((pairs.word(n).to_string(), f)));
            lex.for_each_learned_continuation(w, |n, f| next.push((n.to_string(), f)));
            let mut merged: Vec<(String, PairFacts)> = Vec::new();
            next.sort_by(|x, y| x.0.cmp(&y.0));
            for (n, f) in next {
                match merged.last_mut() {
                    Some((m, mf)) if *m == n => mf.merge(f),
                    _ => merged.push((n, f)),
                }
            }
            assert_eq!(merged, lex.continuations(w), "{w}");
            let mut prev: Vec<String> = Vec::new();
            pairs.for_each_prev(id, |p| prev.push(pairs.word(p).to_string()));
            assert_eq!(prev, lex.preceders(w), "{w}");
        }
        assert!(lex.preceders("zebrafish").is_empty());
        let s = lex.word_stats("house");
        // The pair index numbers the words of keys in sorted order, then
        // the other words in sorted order.
        let pairs = lex.pairs();
        let paired = pairs.paired_len() as u32;
        assert!(paired > 0 && paired < pairs.len() as u32);
        assert!(
            (1..pairs.len() as u32)
                .filter(|&i| i != paired)
                .all(|i| pairs.word(i - 1) < pairs.word(i))
        );
        assert!((0..pairs.len() as u32).all(|i| pairs.id(pairs.word(i)) == Some(i)));
        assert_eq!(
            (s.known, s.count, s.freq),
            (lex.is_word("house"), lex.count("house"), lex.freq("house"))
        );
    }

    #[test]
    fn word_index_has_counts_and_known_forms() {
        let lex = Lexicon::embedded();
        let pairs = lex.pairs();
        for id in (0..pairs.len() as u32).step_by(7) {
            assert_eq!(lex.word_stats_of(id), lex.word_stats(pairs.word(id)));
        }
        let the = pairs.id("the").expect("a word of the index");
        assert!(lex.word_stats_of(the).count > u64::from(u32::MAX));
        let infs = Inflection::ALL;
        for term in (0..lex.graph().len()).step_by(11) {
            let word = lex.graph().term(term);
            assert!(pairs.id(word).is_some(), "{word}");
            assert_eq!(lex.graph_term(word), Some(term));
            for inf in infs {
                let mut ids = Vec::new();
                lex.default_known_forms(term, inf, |id| ids.push(id));
                let by_id: Vec<&str> = ids.iter().map(|&id| pairs.word(id)).collect();
                let forms = lex.known_forms(term, inf, |w| lex.is_word(w));
                assert_eq!(by_id, forms, "{} {inf:?}", lex.graph().term(term));
            }
        }
        // Long terms and forms have their continuations in the index.
        let mut long = 0;
        for id in 0..pairs.len() as u32 {
            let w = pairs.word(id);
            if !w.contains(' ') {
                continue;
            }
            long += 1;
            if long % 5 != 0 {
                continue;
            }
            let mut next: Vec<(String, PairFacts)> = Vec::new();
            pairs.for_each_next(id, |n, f| next.push((pairs.word(n).to_string(), f)));
            let mut prev = 0;
            pairs.for_each_prev(id, |_| prev += 1);
            assert_eq!(prev, 0, "{w}");
            assert_eq!(next, lex.continuations(w), "{w}");
        }
        assert!(long > 1000);
        let tell = lex.graph().id("tell").expect("a graph term");
        let mut told = Vec::new();
        lex.default_known_forms(tell, Inflection::Ed, |id| told.push(pairs.word(id)));
        assert!(told.contains(&"told"));
    }

    #[test]
    fn packs_add_collocations() {
        let mut lex = Lexicon::embedded();
        assert!(lex.bigram("profound", "learning").is_none());
        let mut b = PackBuilder::new();
        for _ in 0..3 {
            b.add_text("We train a deep learning model. Deep learning works.");
        }
        lex.add_pack(b.finish("science", 2));
        let c = lex.bigram("deep", "learning").expect("learned");
        assert_eq!(c.source, Source::Pack(0));
        assert!(lex.freq("deep") > 0.0);
    }
}
