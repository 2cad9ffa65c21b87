//! Statistical detection of tortured phrases: a pair of adjacent words that
//! is unknown as written, but becomes an established collocation or name
//! when one or both words are replaced by a word they are a synonym of.

use std::collections::HashMap;
use std::sync::Arc;

use foldhash::fast::FixedState;

use unspin_lexicon::store::edge::WORDNET;
use unspin_lexicon::{
    Colloc, Inflection, Lexicon, PairFacts, Pairs, RecordForms, Source, WordStats, phrase_flags,
};
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

/// A word's id in a [`Vocab`].
pub(crate) type WordId = u32;

/// Every word the detector has looked up, numbered, so that the memos and
/// word lists compare and hash integers instead of strings. The words of
/// the lexicon's pair index keep their ids there; other words are numbered
/// after them.
pub(crate) struct Vocab<'l> {
    pairs: &'l Pairs<'static>,
    ids: FastMap<Arc<str>, WordId>,
    /// The words beyond the pair index, from id `pairs.len()` on.
    words: Vec<Arc<str>>,
    /// Per id: 0 not known yet, 1 a content word, 2 a function word.
    function: Vec<u8>,
}

impl<'l> Vocab<'l> {
    fn new(lex: &'l Lexicon) -> Self {
        Vocab {
            pairs: lex.pairs(),
            ids: FastMap::default(),
            words: Vec::new(),
            function: Vec::new(),
        }
    }

    /// The id of `w`, numbering it if it is new.
    pub(crate) fn id(&mut self, w: &str) -> WordId {
        if let Some(&id) = self.ids.get(w) {
            return id;
        }
        let shared: Arc<str> = Arc::from(w);
        let id = match self.pairs.id(w) {
            Some(id) => id,
            None => {
                // The memo starts afresh long before ids run out.
                let id = WordId::try_from(self.pairs.len() + self.words.len())
                    .expect("fewer than 2^32 words");
                self.words.push(Arc::clone(&shared));
                id
            }
        };
        let i = id as usize;
        if self.function.len() <= i {
            self.function.resize(self.len().max(i + 1), 0);
        }
        self.function[i] = if is_function_word(w) { 2 } else { 1 };
        self.ids.insert(shared, id);
        id
    }

    /// The id of `w`, if it has been numbered here.
    fn get(&self, w: &str) -> Option<WordId> {
        self.ids.get(w).copied()
    }

    /// Whether the word of an id is a function word.
    pub(crate) fn is_function_word(&self, id: WordId) -> bool {
        match self.function.get(id as usize) {
            Some(1) => false,
            Some(2) => true,
            _ => is_function_word(self.word(id)),
        }
    }

    /// The word of an id.
    pub(crate) fn word(&self, id: WordId) -> &str {
        match (id as usize).checked_sub(self.pairs.len()) {
            Some(i) => &self.words[i],
            None => self.pairs.word(id),
        }
    }

    /// Compares the words of two ids.
    fn cmp(&self, a: WordId, b: WordId) -> std::cmp::Ordering {
        if a == b {
            std::cmp::Ordering::Equal
        } else if self.in_pairs(a) && self.in_pairs(b) && self.has_pairs(a) == self.has_pairs(b) {
            // The pair index numbers the words of keys in sorted order, and
            // its other words after them in sorted order.
            a.cmp(&b)
        } else {
            self.word(a).cmp(self.word(b))
        }
    }

    /// Whether the id is one of the pair index.
    fn in_pairs(&self, id: WordId) -> bool {
        (id as usize) < self.pairs.len()
    }

    /// Whether the id is one of a word of the pair index's keys, with its
    /// followers and preceders there.
    fn has_pairs(&self, id: WordId) -> bool {
        (id as usize) < self.pairs.paired_len()
    }

    /// Number of ids given out, and the least id not given out yet.
    fn len(&self) -> usize {
        self.pairs.len() + self.words.len()
    }
}

/// A word of the document with what detection needs to know about it.
#[derive(Debug, Clone)]
pub(crate) struct Word {
    pub start: usize,
    pub end: usize,
    /// The folded word ([`unspin_text::fold_word`]), as an id of the memo's
    /// vocabulary.
    pub id: WordId,
    /// Length of the folded word in bytes.
    pub len: usize,
    /// The folded word is a function word.
    pub function: bool,
    /// Starts with an upper-case letter.
    pub capital: bool,
    /// Directly follows the previous word (no punctuation between).
    pub linked: bool,
    /// First word of a sentence (after . ! ? or at the start).
    pub sentence_start: bool,
    pub alphabetic: bool,
}

pub(crate) fn words(text: &str, tokens: &[Token], vocab: &mut Vocab<'_>) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::with_capacity(tokens.len());
    let mut linked = false;
    let mut sentence_start = true;
    let mut folded = String::new();
    let mut prev_end = 0;
    for t in tokens {
        // A paragraph break (a blank line) ends a sentence, as after a
        // title without a full stop.
        let gap = text.get(prev_end..t.byte_start).unwrap_or("");
        if gap.matches('\n').count() >= 2 {
            linked = false;
            sentence_start = true;
        }
        prev_end = t.byte_end;
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
                unspin_text::fold_word_into(raw, &mut folded);
                let id = vocab.id(&folded);
                out.push(Word {
                    start: t.start,
                    end: t.end,
                    id,
                    len: folded.len(),
                    function: vocab.is_function_word(id),
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

/// Why a restored pair is evidence, for the explanation.
#[derive(Clone, Copy)]
enum Reason {
    None,
    /// A name of the dictionary.
    Name,
    /// A dictionary expression without counts.
    Expression,
    /// A collocation with counts in a source.
    Collocation(Source),
    /// A frequent phrase, written in capitals as a name.
    Capitalised,
}

#[derive(Clone, Copy)]
struct Best {
    c1: WordId,
    c2: WordId,
    confidence: f64,
    why: Reason,
    /// The document uses the restored pair elsewhere.
    in_document: bool,
}

type FastMap<K, V> = HashMap<K, V, FixedState>;

/// Word ids sorted, each with a value; a long list has a Bloom filter that
/// rules out most absent ids without a search.
pub(crate) struct WordList<T> {
    ids: Vec<WordId>,
    values: Vec<T>,
    bloom: Vec<u64>,
}

impl<T> WordList<T> {
    /// The list of `items`; the values of a repeated id are combined with
    /// `merge`.
    fn new(mut items: Vec<(WordId, T)>, merge: impl Fn(&mut T, T)) -> Self {
        if !items.is_sorted_by_key(|&(id, _)| id) {
            items.sort_by_key(|&(id, _)| id);
        }
        let mut ids: Vec<WordId> = Vec::with_capacity(items.len());
        let mut values: Vec<T> = Vec::with_capacity(items.len());
        for (id, v) in items {
            match values.last_mut() {
                Some(last) if ids.last() == Some(&id) => merge(last, v),
                _ => {
                    ids.push(id);
                    values.push(v);
                }
            }
        }
        if ids.len() <= Self::SHORT {
            return WordList {
                ids,
                values,
                bloom: Vec::new(),
            };
        }
        let bits = (ids.len() * 8).next_power_of_two().max(64);
        let mut bloom = vec![0u64; bits / 64];
        for &id in &ids {
            let (x, y) = Self::bits(id, bits);
            bloom[x / 64] |= 1 << (x % 64);
            bloom[y / 64] |= 1 << (y % 64);
        }
        WordList { ids, values, bloom }
    }

    /// Lists at most this long are searched without a Bloom filter.
    const SHORT: usize = 16;

    fn bits(id: WordId, bits: usize) -> (usize, usize) {
        // A multiplicative hash: two bit positions from its high halves.
        let h = u64::from(id).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mask = bits as u64 - 1;
        (((h >> 40) & mask) as usize, ((h >> 20) & mask) as usize)
    }

    /// The value of `id`.
    pub(crate) fn get(&self, id: WordId) -> Option<&T> {
        if self.bloom.is_empty() {
            return self
                .ids
                .iter()
                .position(|&x| x == id)
                .map(|i| &self.values[i]);
        }
        let (x, y) = Self::bits(id, self.bloom.len() * 64);
        if self.bloom[x / 64] & (1 << (x % 64)) == 0 || self.bloom[y / 64] & (1 << (y % 64)) == 0 {
            return None;
        }
        self.ids.binary_search(&id).ok().map(|i| &self.values[i])
    }

    /// Whether the list has `id`.
    pub(crate) fn contains(&self, id: WordId) -> bool {
        self.get(id).is_some()
    }

    /// Calls `f` with each id of `sorted` (sorted, without repeats) that
    /// the list has, in increasing order, looking up each id of the
    /// shorter of the two in the other; `mask` is [`Mask::of`] `sorted`.
    pub(crate) fn each_common(&self, sorted: &[WordId], mask: &Mask, mut f: impl FnMut(WordId)) {
        if self.ids.len() < sorted.len() {
            for &id in &self.ids {
                if mask.may_contain(id) && sorted.binary_search(&id).is_ok() {
                    f(id);
                }
            }
        } else {
            for &id in sorted {
                if self.contains(id) {
                    f(id);
                }
            }
        }
    }

    /// The ids of `sorted` (sorted, without repeats) that the list has,
    /// lazily, as [`WordList::each_common`] finds them.
    pub(crate) fn common<'a>(
        &'a self,
        sorted: &'a [WordId],
        mask: &'a Mask,
    ) -> impl Iterator<Item = WordId> + 'a {
        let (mine, theirs): (&[WordId], &[WordId]) = if self.ids.len() < sorted.len() {
            (&self.ids, &[])
        } else {
            (&[], sorted)
        };
        let mine = mine
            .iter()
            .filter(|&&id| mask.may_contain(id) && sorted.binary_search(&id).is_ok());
        let theirs = theirs.iter().filter(|&&id| self.contains(id));
        mine.chain(theirs).copied()
    }
}

/// A 256-bit filter of a short list of ids, by their low bits: a clear
/// bit rules an id out without a search.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mask([u64; 4]);

impl Mask {
    pub(crate) fn of(ids: &[WordId]) -> Mask {
        let mut m = Mask::default();
        for &id in ids {
            let b = (id & 255) as usize;
            m.0[b >> 6] |= 1 << (b & 63);
        }
        m
    }

    /// False when the list surely lacks `id`.
    fn may_contain(&self, id: WordId) -> bool {
        let b = (id & 255) as usize;
        self.0[b >> 6] & (1 << (b & 63)) != 0
    }
}

/// Values by word id, found through a table indexed by id: no hashing.
struct IdMap<T> {
    /// Per id, one more than the position of its value (0: none).
    index: Vec<u32>,
    values: Vec<T>,
}

impl<T> Default for IdMap<T> {
    fn default() -> Self {
        IdMap {
            index: Vec::new(),
            values: Vec::new(),
        }
    }
}

impl<T> IdMap<T> {
    fn get(&self, id: WordId) -> Option<&T> {
        match self.index.get(id as usize) {
            Some(&i) if i > 0 => Some(&self.values[i as usize - 1]),
            _ => None,
        }
    }

    fn contains(&self, id: WordId) -> bool {
        self.get(id).is_some()
    }

    /// Sets the value of an id that has none.
    fn insert(&mut self, id: WordId, value: T) {
        let i = id as usize;
        if self.index.len() <= i {
            self.index.resize((i + 1).next_power_of_two(), 0);
        }
        debug_assert_eq!(self.index[i], 0);
        self.values.push(value);
        // The memo starts afresh long before positions run out.
        self.index[i] = u32::try_from(self.values.len()).expect("fewer than 2^32 values");
    }

    fn len(&self) -> usize {
        self.values.len()
    }
}

/// What detection needs to know about one word, from the lexicon alone.
pub(crate) struct WordInfo {
    /// Candidate originals: single, non-function words at least
    /// `min_candidate_freq` frequent, sorted by id.
    pub(crate) originals: Vec<WordId>,
    /// [`Mask::of`] the originals.
    pub(crate) originals_mask: Mask,
    /// Originals linked by a WordNet synset (closer synonyms than Moby's),
    /// sorted by id.
    close: Vec<WordId>,
    /// [`Mask::of`] the close originals.
    close_mask: Mask,
    /// The largest relative frequency of an original (−∞ without one).
    pub(crate) max_original_freq: f64,
    /// How much likelier a spinner would write this word than a writer
    /// ([`crate::signals::spin_ratio`] of its spin mass: the sum, over
    /// candidate originals, of the original's relative frequency times the
    /// chance that a thesaurus entry for it offers this word, one over the
    /// size of the entry — its WordNet synonyms for a WordNet link, all its
    /// synonyms otherwise).
    pub(crate) spin_ratio: f64,
}

impl WordInfo {
    pub(crate) fn is_close(&self, id: WordId) -> bool {
        self.close.binary_search(&id).is_ok()
    }
}

/// Lexicon look-ups remembered across documents. Everything here depends
/// on the lexicon and the configuration only.
pub(crate) struct Memo<'l> {
    vocab: Vocab<'l>,
    /// What the lexicon says of each word id, once looked up.
    entries: Vec<Option<Entry>>,
    words: IdMap<WordInfo>,
    /// Continuations of a word ([`Lexicon::continuations`]).
    next: IdMap<WordList<PairFacts>>,
    /// Preceders of a word ([`Lexicon::preceders`]).
    prev: IdMap<WordList<()>>,
    /// Sure followers of a word ([`Pairs::for_each_sure_next`]).
    sure_next: IdMap<WordList<()>>,
    /// Sure preceders of a word ([`Pairs::for_each_sure_prev`]).
    sure_prev: IdMap<WordList<()>>,
    /// The known forms of each synonym-graph term with each inflection
    /// ([`Lexicon::known_forms`]), shared by every word that the term is a
    /// synonym of: per term and inflection, one more than the position in
    /// `form_lists` of its list (0: not worked out yet).
    form_index: Vec<u32>,
    /// Lists of known forms, each preceded by its length.
    form_lists: Vec<WordId>,
    /// Room to gather a word's candidates in ([`Cache::word`]).
    scratch: Scratch,
    /// Spin ratios of two-word synonym-graph terms ([`Cache::phrase_ratio`]).
    phrases: HashMap<(WordId, WordId), Option<f64>, FixedState>,
    /// Per word id, its [`unspin_lexicon::hash::word_hash`] (0: not worked
    /// out yet).
    hashes: Vec<u64>,
    /// Per word id and side (true: the word first), how many known
    /// two-word names it is part of there ([`Cache::names_of`]).
    names: HashMap<(WordId, bool), u32, FixedState>,
    /// Per word id, one more than the id of its stem ([`Cache::stem`]; 0:
    /// not worked out yet).
    stems: Vec<WordId>,
    stemmer: rust_stemmers::Stemmer,
}

/// Buffers that [`Cache::word`] reuses from word to word.
#[derive(Default)]
struct Scratch {
    /// The candidates as found, each packed by [`pack_candidate`]: id,
    /// edge bits of the link, and the size of the thesaurus entry it comes
    /// from ([`unspin_lexicon::TermRecord::entry_size`]). Sorted and merged
    /// by id afterwards (a short list sorts faster than arrays indexed by
    /// id are reached in memory).
    found: Vec<u64>,
    close: Vec<WordId>,
    originals: Vec<WordId>,
    /// Per original, the spin mass it brings.
    masses: Vec<f64>,
}

/// A candidate original of [`Scratch::found`] as one integer, which sorts
/// by `id` first.
fn pack_candidate(id: WordId, size: u16, bits: u8) -> u64 {
    (u64::from(id) << 32) | (u64::from(size) << 8) | u64::from(bits)
}

/// The id, entry size and edge bits of a [`pack_candidate`].
fn unpack_candidate(c: u64) -> (WordId, u16, u8) {
    ((c >> 32) as WordId, (c >> 8) as u16, c as u8)
}

/// Count taken for a two-word term missing from the bigram lists, which stop
/// at about 100,000 occurrences: at most that.
const PHRASE_FLOOR_COUNT: u64 = 100_000;

/// Number of [`Inflection`]s, for indexing by term and inflection.
const INFLECTIONS: usize = 6;
const _: () = assert!(Inflection::Est as usize + 1 == INFLECTIONS);

impl<'l> Memo<'l> {
    /// Entries kept at most; past it the memo starts afresh, so that memory
    /// stays bounded however many distinct words are scanned.
    const MAX_ENTRIES: usize = 2_000_000;

    pub(crate) fn new(lex: &'l Lexicon) -> Self {
        Memo {
            vocab: Vocab::new(lex),
            entries: Vec::new(),
            words: IdMap::default(),
            next: IdMap::default(),
            prev: IdMap::default(),
            sure_next: IdMap::default(),
            sure_prev: IdMap::default(),
            form_index: Vec::new(),
            form_lists: Vec::new(),
            scratch: Scratch::default(),
            phrases: HashMap::default(),
            hashes: Vec::new(),
            names: HashMap::default(),
            stems: Vec::new(),
            stemmer: rust_stemmers::Stemmer::create(rust_stemmers::Algorithm::English),
        }
    }

    fn len(&self) -> usize {
        self.vocab.ids.len()
            + self.words.len()
            + self.next.len()
            + self.prev.len()
            + self.sure_next.len()
            + self.sure_prev.len()
            + self.form_lists.len()
            + self.phrases.len()
            + self.stems.len()
    }

    /// The word of an id.
    pub(crate) fn word(&self, id: WordId) -> &str {
        self.vocab.word(id)
    }

    /// What [`Cache::word`] found for `id`.
    pub(crate) fn info(&self, id: WordId) -> &WordInfo {
        self.words.get(id).expect("looked up by Cache::word")
    }

    /// What [`Cache::next`] found for `id`.
    pub(crate) fn next(&self, id: WordId) -> &WordList<PairFacts> {
        self.next.get(id).expect("looked up by Cache::next")
    }

    /// What [`Cache::prev`] found for `id`.
    pub(crate) fn prev(&self, id: WordId) -> &WordList<()> {
        self.prev.get(id).expect("looked up by Cache::prev")
    }

    /// Whether `c n` is a known pair, read from the preceders of `n`
    /// ([`Cache::prev`] must have looked them up), or with learned packs,
    /// which keep no preceder lists, from the lexicon.
    pub(crate) fn precedes(&self, lex: &Lexicon, c: WordId, n: WordId) -> bool {
        if lex.packs().is_empty() {
            self.prev(n).contains(c)
        } else {
            lex.attested(self.word(c), self.word(n))
        }
    }

    /// What [`Cache::sure_next`] found for `id`.
    fn sure_next(&self, id: WordId) -> &WordList<()> {
        self.sure_next
            .get(id)
            .expect("looked up by Cache::sure_next")
    }

    /// What [`Cache::sure_prev`] found for `id`.
    fn sure_prev(&self, id: WordId) -> &WordList<()> {
        self.sure_prev
            .get(id)
            .expect("looked up by Cache::sure_prev")
    }

    /// Calls `f` with each id of `sorted` ([`WordList::each_common`]) that
    /// follows `id` in a known pair: a sure pair only when `sure` (see
    /// [`Cache::fill_followers`], which must have been called).
    fn each_follower(
        &self,
        id: WordId,
        sure: bool,
        sorted: &[WordId],
        mask: &Mask,
        f: impl FnMut(WordId),
    ) {
        if sure && self.vocab.in_pairs(id) {
            // Most words have no sure follower: no look-up then.
            if self.vocab.pairs.has_sure_next(id) {
                self.sure_next(id).each_common(sorted, mask, f);
            }
        } else {
            self.next(id).each_common(sorted, mask, f);
        }
    }
}

/// What the lexicon says of one word.
#[derive(Clone, Copy)]
struct Entry {
    stats: WordStats,
    /// The word can be a candidate original: a single, non-function word
    /// at least `min_candidate_freq` frequent.
    original: bool,
}

/// The entry of `id` in `entries`, looked up on first use.
fn entry_of(
    lex: &Lexicon,
    cfg: &TorturedConfig,
    vocab: &Vocab<'_>,
    entries: &mut Vec<Option<Entry>>,
    id: WordId,
    stats: Option<WordStats>,
) -> Entry {
    let i = id as usize;
    if entries.len() <= i {
        entries.resize(vocab.len().max(i + 1), None);
    }
    *entries[i].get_or_insert_with(|| {
        let stats = stats.unwrap_or_else(|| {
            if vocab.in_pairs(id) {
                lex.word_stats_of(id)
            } else {
                lex.word_stats(vocab.word(id))
            }
        });
        // The frequency first: it needs no look at the word.
        let original = stats.freq >= cfg.min_candidate_freq && {
            let w = vocab.word(id);
            !w.contains(' ') && !vocab.is_function_word(id)
        };
        Entry { stats, original }
    })
}

/// Lexicon look-ups for one scan, through the memo.
pub(crate) struct Cache<'l, 'm> {
    pub(crate) lex: &'l Lexicon,
    cfg: &'m TorturedConfig,
    memo: &'m mut Memo<'l>,
}

impl<'l, 'm> Cache<'l, 'm> {
    pub(crate) fn new(lex: &'l Lexicon, cfg: &'m TorturedConfig, memo: &'m mut Memo<'l>) -> Self {
        if memo.len() > Memo::MAX_ENTRIES {
            *memo = Memo::new(lex);
        }
        Cache { lex, cfg, memo }
    }

    /// The memo, to read what the `&mut` methods have filled in.
    pub(crate) fn memo(&self) -> &Memo<'l> {
        self.memo
    }

    /// The vocabulary, to number the words of a document.
    pub(crate) fn vocab(&mut self) -> &mut Vocab<'l> {
        &mut self.memo.vocab
    }

    #[inline]
    fn entry(&mut self, id: WordId) -> Entry {
        let memo = &mut *self.memo;
        if let Some(Some(e)) = memo.entries.get(id as usize) {
            return *e;
        }
        entry_of(self.lex, self.cfg, &memo.vocab, &mut memo.entries, id, None)
    }

    /// The id of the stem of word `id` (Snowball's English stemmer): the
    /// forms of one word share it ("knighted", "knighting", "knights").
    pub(crate) fn stem(&mut self, id: WordId) -> WordId {
        let i = id as usize;
        if let Some(&s) = self.memo.stems.get(i)
            && s != 0
        {
            return s - 1;
        }
        let memo = &mut *self.memo;
        let stem = memo.stemmer.stem(memo.vocab.word(id)).into_owned();
        let s = memo.vocab.id(&stem);
        if memo.stems.len() <= i {
            memo.stems.resize(i + 1, 0);
        }
        memo.stems[i] = s + 1;
        s
    }

    pub(crate) fn stats(&mut self, id: WordId) -> WordStats {
        self.entry(id).stats
    }

    /// The known forms of the synonym-graph term `term` inflected as `inf`.
    fn forms(&mut self, term: usize, inf: Inflection) -> &[WordId] {
        let (lex, cfg) = (self.lex, self.cfg);
        let Memo {
            vocab,
            entries,
            form_index,
            form_lists,
            ..
        } = &mut *self.memo;
        if form_index.is_empty() {
            *form_index = vec![0; lex.graph().len() * INFLECTIONS];
        }
        let slot = term * INFLECTIONS + inf as usize;
        if slot >= form_index.len() {
            // Not a term of the graph (damaged data).
            return &[];
        }
        if form_index[slot] == 0 {
            let start = form_lists.len();
            form_lists.push(0);
            if lex.packs().is_empty() {
                // The default lexicon alone: derived at build time, by id.
                lex.default_known_forms(term, inf, |id| form_lists.push(id));
            } else if inf == Inflection::Base {
                // A graph term is its own base form, known by construction.
                form_lists.push(vocab.id(lex.graph().term(term)));
            } else {
                let known = lex.known_forms(term, inf, |w| {
                    if let Some(id) = vocab.get(w) {
                        return entry_of(lex, cfg, vocab, entries, id, None).stats.known;
                    }
                    // Known words keep their statistics; unknown forms are not
                    // worth an id.
                    let stats = lex.word_stats(w);
                    if stats.known {
                        let id = vocab.id(w);
                        entry_of(lex, cfg, vocab, entries, id, Some(stats));
                    }
                    stats.known
                });
                form_lists.extend(known.iter().map(|f| vocab.id(f)));
            }
            form_lists[start] = (form_lists.len() - start - 1) as WordId;
            // The memo starts afresh long before positions run out.
            form_index[slot] = u32::try_from(start + 1).expect("fewer than 2^32 forms");
        }
        // The list follows its length.
        let first = form_index[slot] as usize;
        let len = form_lists[first - 1] as usize;
        &form_lists[first..first + len]
    }

    pub(crate) fn word(&mut self, id: WordId) -> &WordInfo {
        if !self.memo.words.contains(id) {
            let info = self.word_info(id);
            self.memo.words.insert(id, info);
        }
        self.memo.info(id)
    }

    /// Works out [`Cache::word`]: the candidates of [`Lexicon::originals`],
    /// from the known forms of each synonym.
    fn word_info(&mut self, id: WordId) -> WordInfo {
        let max_original_freq = self.gather(id);
        let written_freq = self.entry(id).stats.freq;
        let Scratch {
            close,
            originals,
            masses,
            ..
        } = &self.memo.scratch;
        // Summed in the order of ids, as the lists are.
        let spin_mass = masses.iter().fold(0.0, |sum, m| sum + m);
        WordInfo {
            originals: originals.to_vec(),
            originals_mask: Mask::of(originals),
            close: close.to_vec(),
            close_mask: Mask::of(close),
            max_original_freq,
            spin_ratio: crate::signals::spin_ratio(spin_mass, written_freq),
        }
    }

    /// Each candidate original of word `id` ([`WordInfo::originals`]) with
    /// its spin mass: its relative frequency times the chance that its
    /// thesaurus entry offers the word (0 for a spelling variant).
    pub(crate) fn original_masses(&mut self, id: WordId) -> Vec<(WordId, f64)> {
        self.gather(id);
        let s = &self.memo.scratch;
        s.originals
            .iter()
            .copied()
            .zip(s.masses.iter().copied())
            .collect()
    }

    /// Gathers the candidates of word `id` into the memo's scratch: its
    /// originals sorted by id with their spin masses, and its close
    /// originals. Returns the largest relative frequency of an original
    /// (−∞ without one).
    fn gather(&mut self, id: WordId) -> f64 {
        let graph = self.lex.graph();
        let Scratch {
            mut found,
            mut close,
            mut originals,
            mut masses,
        } = std::mem::take(&mut self.memo.scratch);
        found.clear();
        let written = self.memo.vocab.word(id).to_string();
        unspin_lexicon::morph::analyses_each(&written, |lemma, inf| {
            let Some(term) = self.lex.graph_term(lemma) else {
                return;
            };
            // With the default lexicon alone, most forms are in the term's
            // record, read with its entry sizes; learned packs can make
            // more forms known.
            let by_record = self.lex.packs().is_empty();
            for (n, bits) in graph.neighbours_iter(term) {
                let Some(r) = self.lex.term_record(n) else {
                    continue;
                };
                let size = r.entry_size(bits);
                let forms = if by_record {
                    r.forms(inf)
                } else {
                    RecordForms::Look
                };
                match forms {
                    RecordForms::None => {}
                    RecordForms::One(form) => {
                        if form != id {
                            found.push(pack_candidate(form, size, bits));
                        }
                    }
                    RecordForms::Look => {
                        for &form in self.forms(n, inf) {
                            if form != id {
                                found.push(pack_candidate(form, size, bits));
                            }
                        }
                    }
                }
            }
        });
        // Each candidate once, with the edge bits of all its links and the
        // largest chance that one of its thesaurus entries offers the word
        // (the smallest entry). Sorting the packed integers orders by id.
        found.sort_unstable();
        close.clear();
        originals.clear();
        masses.clear();
        let mut max_original_freq = f64::NEG_INFINITY;
        let written_freq = self.entry(id).stats.freq;
        let mut i = 0;
        while i < found.len() {
            let (c, mut size, mut bits) = unpack_candidate(found[i]);
            i += 1;
            while let Some(&next) = found.get(i)
                && let (d, z, b) = unpack_candidate(next)
                && d == c
            {
                bits |= b;
                size = size.min(z);
                i += 1;
            }
            let offered = 1.0 / f64::from(size);
            if bits & WORDNET != 0 {
                close.push(c);
            }
            let e = self.entry(c);
            if e.original {
                max_original_freq = max_original_freq.max(e.stats.freq);
                // A spelling variant ("publicizing" for "publicising") is
                // a writer's habit, not a spinner's swap. (One rarer than
                // the written word adds little, and is not checked.)
                let variant = e.stats.freq > written_freq
                    && variant_spelling(&written, self.memo.vocab.word(c));
                masses.push(if variant { 0.0 } else { e.stats.freq * offered });
                originals.push(c);
            }
        }
        self.memo.scratch = Scratch {
            found,
            close,
            originals,
            masses,
        };
        max_original_freq
    }

    /// The spin ratio ([`crate::signals::spin_ratio`]) of the two words `a
    /// b` written together, when they are a multi-word term of the synonym
    /// graph or an inflected form of one ("got here" for "came", "business
    /// deal" for "deal"): a spinner offers such a term in place of each of
    /// its synonyms, a writer uses it as often as the bigram lists say.
    pub(crate) fn phrase_ratio(&mut self, a: WordId, b: WordId) -> Option<f64> {
        // The pair index numbers every graph term and known form of more
        // than one word: most pairs are ruled out by its Bloom filter, from
        // the hashes of the two words.
        let (ha, hb) = (self.word_hash(a), self.word_hash(b));
        if !self.lex.pairs().may_contain_pair(ha, hb) {
            return None;
        }
        if let Some(&r) = self.memo.phrases.get(&(a, b)) {
            return r;
        }
        let vocab = &self.memo.vocab;
        let phrase = format!("{} {}", vocab.word(a), vocab.word(b));
        let r = self.phrase_ratio_of(a, b, &phrase);
        self.memo.phrases.insert((a, b), r);
        r
    }

    /// The [`unspin_lexicon::hash::word_hash`] of word `id`.
    fn word_hash(&mut self, id: WordId) -> u64 {
        let i = id as usize;
        let hashes = &mut self.memo.hashes;
        if let Some(&h) = hashes.get(i)
            && h != 0
        {
            return h;
        }
        if hashes.len() <= i {
            hashes.resize(self.memo.vocab.len().max(i + 1), 0);
        }
        let h = unspin_lexicon::hash::word_hash(self.memo.vocab.word(id).as_bytes());
        self.memo.hashes[i] = h;
        h
    }

    /// [`Cache::phrase_ratio`] of `a b`, written `phrase`.
    fn phrase_ratio_of(&mut self, a: WordId, b: WordId, phrase: &str) -> Option<f64> {
        self.lex.pairs().id(phrase)?;
        // The readings of the pair: as written, with the first word's
        // inflection undone ("got here"), or the second's ("business
        // deals").
        let (wa, wb) = phrase.split_once(' ')?;
        let mut terms: Vec<(usize, Inflection)> = Vec::new();
        let mut reading = String::new();
        let mut look = |first: &str, second: &str, inf: Inflection| {
            reading.clear();
            reading.push_str(first);
            reading.push(' ');
            reading.push_str(second);
            if let Some(t) = self.lex.graph_term(&reading) {
                terms.push((t, inf));
            }
        };
        unspin_lexicon::morph::analyses_each(wa, |lemma, inf| look(lemma, wb, inf));
        unspin_lexicon::morph::analyses_each(wb, |lemma, inf| {
            if inf != Inflection::Base {
                look(wa, lemma, inf);
            }
        });
        if terms.is_empty() {
            return None;
        }
        let graph = self.lex.graph();
        let mut mass = 0.0;
        for (term, inf) in terms {
            for (n, bits) in graph.neighbours_iter(term) {
                let Some(r) = self.lex.term_record(n) else {
                    continue;
                };
                let offered = r.offered(bits);
                let form = self.forms(n, inf).first().copied();
                if let Some(form) = form {
                    let e = self.entry(form);
                    if e.original {
                        mass += e.stats.freq * offered;
                    }
                }
            }
        }
        // A term the bigram lists (or a learned pack) have is one writers
        // use: ten times less likely a swap, as for a word in a known pair.
        let facts = self.pair(a, b);
        let count = facts.and_then(|f| f.bigram);
        let freq = Lexicon::relative_freq(count.unwrap_or(0).max(PHRASE_FLOOR_COUNT));
        let ratio = crate::signals::spin_ratio(mass, freq);
        Some(if count.is_some() || facts.is_some_and(|f| f.in_pack) {
            ratio / crate::signals::KNOWN_PAIR_DISCOUNT
        } else {
            ratio
        })
    }

    /// The continuations of `id`.
    pub(crate) fn next(&mut self, id: WordId) -> &WordList<PairFacts> {
        if !self.memo.next.contains(id) {
            let lex = self.lex;
            let vocab = &mut self.memo.vocab;
            let mut items: Vec<(WordId, PairFacts)> = Vec::new();
            let in_pairs = vocab.in_pairs(id);
            if vocab.has_pairs(id) {
                // With the continuations of graph terms and forms of more
                // than one word.
                lex.pairs().for_each_next(id, |w, f| items.push((w, f)));
            }
            // Other words have no two-word keys in the default lexicon;
            // other phrases are looked up by their words.
            let first = vocab.word(id);
            if first.contains(' ') && !in_pairs {
                let first = first.to_string();
                lex.for_each_continuation(&first, |w, f| items.push((vocab.id(w), f)));
            } else if !lex.packs().is_empty() {
                let first = first.to_string();
                lex.for_each_learned_continuation(&first, |w, f| items.push((vocab.id(w), f)));
            }
            let list = WordList::new(items, PairFacts::merge);
            self.memo.next.insert(id, list);
        }
        self.memo.next(id)
    }

    /// How many known two-word names (abbreviations aside) the word `id`
    /// starts (`first`) or ends: "Wall" starts "Wall Street" alone,
    /// "Western" starts many names.
    fn names_of(&mut self, id: WordId, first: bool) -> u32 {
        if let Some(&n) = self.memo.names.get(&(id, first)) {
            return n;
        }
        let lex = self.lex;
        let word = self.memo.vocab.word(id).to_string();
        let alphabetic = |w: &str| w.chars().all(char::is_alphabetic);
        let mut names = 0u32;
        if first {
            lex.for_each_continuation(&word, |w, f| {
                names += u32::from(
                    alphabetic(w) && f.phrase.is_some_and(|p| p & phrase_flags::NAME != 0),
                );
            });
        } else {
            lex.for_each_preceder(&word, |w| {
                names += u32::from(
                    alphabetic(w) && lex.phrase(&format!("{w} {word}")) & phrase_flags::NAME != 0,
                );
            });
        }
        self.memo.names.insert((id, first), names);
        names
    }

    /// The words that precede `id` in the default lexicon.
    pub(crate) fn prev(&mut self, id: WordId) -> &WordList<()> {
        if !self.memo.prev.contains(id) {
            let mut items: Vec<(WordId, ())> = Vec::new();
            // Only two-word keys have preceders, all in the pair index.
            if self.memo.vocab.has_pairs(id) {
                self.lex.pairs().for_each_prev(id, |w| items.push((w, ())));
            }
            let list = WordList::new(items, |_, _| {});
            self.memo.prev.insert(id, list);
        }
        self.memo.prev(id)
    }

    /// The words that form a sure pair with `id` after it in the default
    /// lexicon ([`Pairs::for_each_sure_next`]; none for a word outside the
    /// pair index's keys).
    fn sure_next(&mut self, id: WordId) -> &WordList<()> {
        self.sure(id, true)
    }

    /// The words that form a sure pair with `id` before it
    /// ([`Pairs::for_each_sure_prev`]).
    fn sure_prev(&mut self, id: WordId) -> &WordList<()> {
        self.sure(id, false)
    }

    /// Looks up what [`Memo::each_follower`] reads for `id`: its sure
    /// followers when `sure` (a word of the pair index without any needs
    /// none), else all its followers.
    fn fill_followers(&mut self, id: WordId, sure: bool) {
        if sure && self.memo.vocab.in_pairs(id) {
            if self.lex.pairs().has_sure_next(id) {
                self.sure_next(id);
            }
        } else {
            self.next(id);
        }
    }

    /// [`Cache::sure_next`] (`after`) or [`Cache::sure_prev`].
    fn sure(&mut self, id: WordId, after: bool) -> &WordList<()> {
        let has_pairs = self.memo.vocab.has_pairs(id);
        let pairs = self.lex.pairs();
        let memo = &mut *self.memo;
        let lists = if after {
            &mut memo.sure_next
        } else {
            &mut memo.sure_prev
        };
        if !lists.contains(id) {
            let mut items: Vec<(WordId, ())> = Vec::new();
            if has_pairs {
                let push = |w| items.push((w, ()));
                if after {
                    pairs.for_each_sure_next(id, push);
                } else {
                    pairs.for_each_sure_prev(id, push);
                }
            }
            lists.insert(id, WordList::new(items, |_, _| {}));
        }
        lists.get(id).expect("just filled in")
    }

    /// What the lexicon knows of the pair `a b` (`None`: not attested).
    pub(crate) fn pair(&mut self, a: WordId, b: WordId) -> Option<PairFacts> {
        self.next(a).get(b).copied()
    }

    /// Whether `a b` is a known two-word name ("Home Office").
    fn is_name(&mut self, a: WordId, b: WordId) -> bool {
        self.pair(a, b)
            .and_then(|f| f.phrase)
            .is_some_and(|f| f & phrase_flags::NAME != 0)
    }

    /// [`Lexicon::attested`] for a single word `b`.
    pub(crate) fn attested(&mut self, a: WordId, b: WordId) -> bool {
        self.pair(a, b).is_some()
    }

    /// [`Lexicon::bigram`] of a pair with the given facts.
    fn bigram(&mut self, a: WordId, b: WordId, facts: Option<PairFacts>) -> Option<Colloc> {
        let facts = facts?;
        if self.lex.packs().is_empty() {
            let c = facts.bigram?;
            let ca = self.stats(a).count;
            let cb = self.stats(b).count;
            Some(Lexicon::default_colloc(c, ca, cb))
        } else {
            let memo = &*self.memo;
            self.lex.bigram(memo.word(a), memo.word(b))
        }
    }
}

fn source_name(lex: &Lexicon, s: Source) -> String {
    match s {
        Source::Default => "English".to_string(),
        Source::Pack(i) => format!("the lexicon pack {}", lex.packs()[i].name()),
    }
}

/// Confidence of a broken dictionary name ("White Home").
const NAME_CONFIDENCE: f64 = 0.95;
/// Confidence of a dictionary expression without counts.
const EXPRESSION_CONFIDENCE: f64 = 0.55;
/// Least chance, in a learned pack, that the word left as written is
/// followed (or preceded) by the original ([`Colloc::given_first`],
/// [`Colloc::given_second`]).
const PACK_MIN_CALL: f64 = 0.2;
/// Least spin ratio of a word swapped out of a collocation that only a
/// learned pack knows.
const PACK_MIN_SWAP_RATIO: f64 = 3.0;
/// Confidence of a default-lexicon collocation at `min_pmi`, growing by
/// `COLLOCATION_STEP` a bit of PMI up to `MAX_COLLOCATION_CONFIDENCE`.
const COLLOCATION_CONFIDENCE: f64 = 0.55;
const COLLOCATION_STEP: f64 = 0.05;
const MAX_COLLOCATION_CONFIDENCE: f64 = 0.9;
/// Taken from a restoration that swaps both words.
const DOUBLE_SWAP_PENALTY: f64 = 0.2;
/// Added when the document uses the restored pair elsewhere.
const IN_DOCUMENT_BONUS: f64 = 0.1;
/// Confidence of a capitalised pair one swap away from a frequent phrase
/// ("World Warfare" for "World War").
const CAPITALISED_CONFIDENCE: f64 = 0.8;
/// Least count in the bigram lists of the phrase such a pair restores.
const CAPITALISED_MIN_COUNT: u64 = 10_000;
/// Least spin ratio of a word swapped inside such a pair for a close
/// synonym; inside a known name's continuation ("New York Occasions"), any
/// synonym at [`crate::signals::MIN_SWAP_RATIO`].
const CAPITALISED_MIN_RATIO: f64 = 10.0;

/// Whether, with the default lexicon alone, every restored pair that can
/// lead ([`find`]: a confidence above 0) is a sure pair
/// ([`Pairs::for_each_sure_next`]): a WordNet expression or name, or a
/// bigram of PMI at least `min_pmi`, no less than [`Pairs::SURE_PMI`].
/// Then restorations are looked for among sure pairs only, with the same
/// reports.
fn sure_pairs_suffice(cfg: &TorturedConfig) -> bool {
    cfg.min_pmi >= Pairs::SURE_PMI
}

/// Whether the word of the pair `text_words[i - 1]`, `text_words[i]` that
/// would be swapped (the second where `kept_first`, else the first) makes
/// a known name with its other neighbour: "Office" in "Home Office
/// Minister" is no broken "Prime Minister", "Home Office" being a name.
fn in_other_name(
    cache: &mut Cache<'_, '_>,
    text_words: &[Word],
    i: usize,
    kept_first: bool,
) -> bool {
    let (x, y) = if kept_first {
        match text_words.get(i + 1) {
            Some(n) if n.linked && n.alphabetic => (text_words[i].id, n.id),
            _ => return false,
        }
    } else {
        match i.checked_sub(2).map(|j| &text_words[j]) {
            Some(p) if text_words[i - 1].linked && p.alphabetic => (p.id, text_words[i - 1].id),
            _ => return false,
        }
    };
    cache.is_name(x, y)
}

/// Finds tortured phrases among the words.
pub(crate) fn find(
    cache: &mut Cache<'_, '_>,
    text_words: &[Word],
    doc_bigrams: &DocBigrams<'_>,
) -> Vec<Finding> {
    let lex = cache.lex;
    let cfg = cache.cfg;
    let packs = !lex.packs().is_empty();
    let mut out: Vec<Finding> = Vec::new();
    let mut pairs: Vec<(WordId, WordId)> = Vec::new();
    let mut close1: Vec<WordId> = Vec::new();
    let sure = !packs && sure_pairs_suffice(cfg);
    for i in 1..text_words.len() {
        let (a, b) = (&text_words[i - 1], &text_words[i]);
        if !b.linked || !a.alphabetic || !b.alphabetic {
            continue;
        }
        if a.function || b.function {
            continue;
        }
        if a.len < 2 || b.len < 2 {
            continue;
        }
        let (wa, wb) = (a.id, b.id);
        // The pair as written is ordinary: nothing to restore.
        let as_written = cache.pair(wa, wb);
        if as_written.and_then(|f| f.phrase).unwrap_or(0) != 0 {
            continue;
        }
        if cache
            .bigram(wa, wb, as_written)
            .is_some_and(|c| c.pmi >= cfg.written_ok_pmi)
        {
            continue;
        }
        let capitalised = (a.capital && !a.sentence_start) || b.capital;
        let written_attested = as_written.is_some();
        // Fill the memo for this pair, then read it without copies.
        cache.word(wa);
        cache.word(wb);
        // The neighbours of the written words and of each close synonym of
        // the first word: only those of sure pairs where they suffice.
        close1.clear();
        close1.extend_from_slice(&cache.memo.info(wa).close);
        for &c1 in &close1 {
            cache.fill_followers(c1, sure);
        }
        cache.fill_followers(wa, sure);
        if sure {
            cache.sure_prev(wb);
        } else if !packs {
            cache.prev(wb);
        }
        let memo: &Memo<'_> = cache.memo;
        let info1 = memo.info(wa);
        let info2 = memo.info(wb);
        // Candidate restorations, without walking every pair of synonyms:
        // the second word swapped (known continuations of the first word),
        // the first word swapped (known preceders of the second word), or
        // both swapped between close synonyms only.
        pairs.clear();
        memo.each_follower(wa, sure, &info2.originals, &info2.originals_mask, |c2| {
            pairs.push((wa, c2));
        });
        if packs {
            pairs.extend(
                info1
                    .originals
                    .iter()
                    .filter(|&&c1| lex.attested(memo.word(c1), memo.word(wb)))
                    .map(|&c1| (c1, wb)),
            );
        } else if sure {
            memo.sure_prev(wb)
                .each_common(&info1.originals, &info1.originals_mask, |c1| {
                    pairs.push((c1, wb));
                });
        } else {
            memo.prev(wb)
                .each_common(&info1.originals, &info1.originals_mask, |c1| {
                    pairs.push((c1, wb));
                });
        }
        // Both swapped, between close synonyms. Except in broken names,
        // only words a spinner is likely to have written can lead (below),
        // so only these are looked at.
        let min_ratio = crate::signals::MIN_SWAP_RATIO;
        if capitalised || (info1.spin_ratio >= min_ratio && info2.spin_ratio >= min_ratio) {
            for &c1 in &info1.close {
                memo.each_follower(c1, sure, &info2.close, &info2.close_mask, |c2| {
                    pairs.push((c1, c2));
                });
            }
        }
        // Two capitalised words: a name one swap away from a frequent
        // phrase ("World Warfare" for "World War") whatever its PMI, so
        // beyond the sure pairs; any synonym when the first word ends a
        // known name ("New York Occasions").
        let capital_pair = a.capital && b.capital;
        let name_before = capital_pair
            && i >= 2
            && a.linked
            && text_words[i - 2].capital
            && cache.is_name(text_words[i - 2].id, wa);
        if capital_pair {
            let from = pairs.len();
            cache.fill_followers(wa, false);
            if !packs {
                cache.prev(wb);
            }
            let memo: &Memo<'_> = cache.memo;
            let (info1, info2) = (memo.info(wa), memo.info(wb));
            let (l2, m2) = if name_before {
                (&info2.originals, &info2.originals_mask)
            } else {
                (&info2.close, &info2.close_mask)
            };
            memo.each_follower(wa, false, l2, m2, |c2| pairs.push((wa, c2)));
            if !packs {
                memo.prev(wb)
                    .each_common(&info1.close, &info1.close_mask, |c1| {
                        pairs.push((c1, wb));
                    });
            }
            // These may repeat a sure pair of the routes above (which
            // find different pairs).
            if pairs.len() > from {
                pairs.sort_unstable();
                pairs.dedup();
            }
        }
        // Between equally confident candidates, the first in the order of
        // the words leads.
        let mut best: Option<Best> = None;
        for &(c1, c2) in &pairs {
            if c1 == wa && c2 == wb {
                continue;
            }
            let in_close1 = cache.memo.info(wa).is_close(c1);
            let in_close2 = cache.memo.info(wb).is_close(c2);
            let facts = cache.pair(c1, c2);
            let flags = facts.and_then(|f| f.phrase).unwrap_or(0);
            let mut conf: f64 = 0.0;
            let mut why = Reason::None;
            // A broken name: an ordinary, capitalised word inside a
            // dictionary name swapped for a close synonym ("White Home"),
            // or for any synonym where the word kept as written is known
            // for that name alone ("Wall Road" for "Wall Street").
            let swapped_capital = (c1 == wa || a.capital) && (c2 == wb || b.capital);
            let swapped_close = (c1 == wa || in_close1) && (c2 == wb || in_close2);
            if flags & phrase_flags::NAME != 0
                && flags & phrase_flags::WORDNET != 0
                && capitalised
                && swapped_capital
                && !written_attested
                && facts.is_some()
                && (swapped_close
                    || ((c1 == wa) != (c2 == wb)
                        && (if c1 == wa {
                            cache.names_of(wa, true)
                        } else {
                            cache.names_of(wb, false)
                        }) <= 1
                        && !in_other_name(cache, text_words, i, c1 == wa)))
            {
                conf = NAME_CONFIDENCE;
                why = Reason::Name;
            } else if flags & phrase_flags::WORDNET != 0 && flags & phrase_flags::NAME == 0 {
                // An expression from a dictionary, without counts: on
                // its own, weak evidence.
                conf = EXPRESSION_CONFIDENCE;
                why = Reason::Expression;
            }
            if let Some(col) = cache.bigram(c1, c2, facts) {
                // Web-scale counts: a strong PMI. A user's own corpus is
                // small, so there the word left as written must call for
                // the original ("supermarket" for "chain"): that a rare
                // original always comes with a common word ("American
                // songbook") says nothing of the common word's other
                // company.
                let calls = match (c1 == wa, c2 == wb) {
                    (true, false) => col.given_first,
                    (false, true) => col.given_second,
                    _ => col.given_first.min(col.given_second),
                };
                let strength = match col.source {
                    Source::Default if col.pmi >= cfg.min_pmi => Some(
                        (COLLOCATION_CONFIDENCE + COLLOCATION_STEP * (col.pmi - cfg.min_pmi))
                            .min(MAX_COLLOCATION_CONFIDENCE),
                    ),
                    Source::Pack(_) if col.count >= 3 && calls >= PACK_MIN_CALL => {
                        Some((0.6 + 0.3 * calls).min(0.9))
                    }
                    _ => None,
                };
                if let Some(c) = strength
                    && c > conf
                {
                    conf = c;
                    why = Reason::Collocation(col.source);
                }
            }
            if capital_pair
                && conf < CAPITALISED_CONFIDENCE
                && (c1 == wa || c2 == wb)
                && !written_attested
                && cache
                    .bigram(c1, c2, facts)
                    .is_some_and(|c| c.count >= CAPITALISED_MIN_COUNT)
            {
                let (swapped, close) = if c1 != wa {
                    (wa, in_close1)
                } else {
                    (wb, in_close2)
                };
                let ratio = cache.word(swapped).spin_ratio;
                if (close && ratio >= CAPITALISED_MIN_RATIO)
                    || (name_before && c1 == wa && ratio >= crate::signals::MIN_SWAP_RATIO)
                {
                    conf = CAPITALISED_CONFIDENCE;
                    why = Reason::Capitalised;
                }
            }
            if c1 != wa && c2 != wb {
                // Two swaps at once: many more ways to stumble on a
                // collocation by chance, so ask for close synonyms and
                // more evidence.
                if !in_close1 || !in_close2 {
                    continue;
                }
                conf -= DOUBLE_SWAP_PENALTY;
            }
            let mut in_document = false;
            if conf > 0.0 && doc_bigrams.contains(c1, c2) {
                conf = (conf + IN_DOCUMENT_BONUS).min(0.98);
                in_document = true;
            }
            let leads = match &best {
                None => conf > 0.0,
                Some(b) => {
                    conf > b.confidence
                        || (conf == b.confidence && {
                            let vocab = &cache.memo.vocab;
                            vocab
                                .cmp(c1, b.c1)
                                .then_with(|| vocab.cmp(c2, b.c2))
                                .is_lt()
                        })
                }
            };
            if leads {
                // Spelling variants ("defence"/"defense") are not synonym
                // swaps; checked only for a restoration that would lead.
                let memo: &Memo<'_> = cache.memo;
                if (c1 != wa && variant_spelling(memo.word(c1), memo.word(wa)))
                    || (c2 != wb && variant_spelling(memo.word(c2), memo.word(wb)))
                {
                    continue;
                }
                best = Some(Best {
                    c1,
                    c2,
                    confidence: conf,
                    why,
                    in_document,
                });
            }
        }
        let Some(best) = best else { continue };
        if best.confidence < cfg.min_confidence {
            continue;
        }
        // Collocations are found by chance too ("characteristic equations"
        // is English, though short of the bigram lists): only words a
        // spinner is at least as likely to have written as a writer, three
        // times as likely where only a learned pack knows the collocation
        // (a small corpus lacks more of the ordinary pairs).
        if !matches!(best.why, Reason::Name | Reason::Capitalised) {
            let min_ratio = match best.why {
                Reason::Collocation(Source::Pack(_)) => PACK_MIN_SWAP_RATIO,
                _ => crate::signals::MIN_SWAP_RATIO,
            };
            let mut likely = true;
            for (swapped, w) in [(best.c1 != wa, wa), (best.c2 != wb, wb)] {
                if swapped {
                    likely &= cache.word(w).spin_ratio >= min_ratio;
                }
            }
            if !likely {
                continue;
            }
        }
        let memo: &Memo<'_> = cache.memo;
        let (c1, c2) = (memo.word(best.c1), memo.word(best.c2));
        let (w1, w2) = (memo.word(wa), memo.word(wb));
        let restored = format!("{c1} {c2}");
        let mut why = match best.why {
            Reason::None => String::new(),
            Reason::Name => format!("\"{}\" is a well-known name", title_words(&restored)),
            Reason::Expression => format!("\"{restored}\" is an established expression"),
            Reason::Collocation(source) => format!(
                "\"{restored}\" is a common collocation in {}",
                source_name(lex, source)
            ),
            Reason::Capitalised => format!(
                "\"{}\" is a frequent phrase, here in capitals as a name",
                title_words(&restored)
            ),
        };
        if best.in_document {
            why.push_str(", and the document itself uses it elsewhere");
        }
        let swap1 = best.c1 != wa;
        let swap2 = best.c2 != wb;
        let (start, end) = match (swap1, swap2) {
            (true, true) => (a.start, b.end),
            (true, false) => (a.start, a.end),
            _ => (b.start, b.end),
        };
        let suggestion = match (swap1, swap2) {
            (true, true) => restored,
            (true, false) => c1.to_string(),
            _ => c2.to_string(),
        };
        let written = match (swap1, swap2) {
            (true, true) => format!("{w1} {w2}"),
            (true, false) => w1.to_string(),
            _ => w2.to_string(),
        };
        let explanation =
            format!("\"{written}\" is a synonym swap: {why}, while \"{w1} {w2}\" is not");
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
    // One edit changes the length by at most one character of 4 bytes.
    if x == y || x.len().abs_diff(y.len()) > 4 {
        return false;
    }
    if x.is_ascii() && y.is_ascii() {
        return within_one_edit(x.as_bytes(), y.as_bytes());
    }
    let a: Vec<char> = x.chars().collect();
    let b: Vec<char> = y.chars().collect();
    within_one_edit(&a, &b)
}

/// Whether two different sequences are one substitution, insertion or
/// deletion apart.
fn within_one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    if a.len() > b.len() {
        return within_one_edit(b, a);
    }
    if b.len() - a.len() > 1 {
        return false;
    }
    let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if a.len() == b.len() {
        p < a.len() && a[p + 1..] == b[p + 1..]
    } else {
        a[p..] == b[p + 1..]
    }
}

fn title_words(s: &str) -> String {
    s.split(' ').map(title_case).collect::<Vec<_>>().join(" ")
}

/// The adjacent word pairs of a document (for "used elsewhere"): the first
/// few questions are answered by a walk over the words, later ones from
/// the pairs sorted.
pub(crate) struct DocBigrams<'w> {
    words: &'w [Word],
    asked: std::cell::Cell<u32>,
    keys: std::cell::OnceCell<Vec<u64>>,
}

impl DocBigrams<'_> {
    /// Questions answered by a walk before the pairs are sorted.
    const WALKS: u32 = 8;

    fn key(a: WordId, b: WordId) -> u64 {
        (u64::from(a) << 32) | u64::from(b)
    }

    /// Whether the document has `a b` as adjacent words.
    pub(crate) fn contains(&self, a: WordId, b: WordId) -> bool {
        if self.keys.get().is_none() && self.asked.get() < Self::WALKS {
            self.asked.set(self.asked.get() + 1);
            return self
                .words
                .windows(2)
                .any(|w| w[1].linked && w[0].id == a && w[1].id == b);
        }
        let keys = self.keys.get_or_init(|| {
            let mut keys: Vec<u64> = self
                .words
                .windows(2)
                .filter(|w| w[1].linked)
                .map(|w| Self::key(w[0].id, w[1].id))
                .collect();
            keys.sort_unstable();
            keys.dedup();
            keys
        });
        keys.binary_search(&Self::key(a, b)).is_ok()
    }
}

/// The adjacent word pairs of a document.
pub(crate) fn doc_bigrams(words: &[Word]) -> DocBigrams<'_> {
    DocBigrams {
        words,
        asked: std::cell::Cell::new(0),
        keys: std::cell::OnceCell::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::{Mask, TorturedConfig, WordId, WordList, sure_pairs_suffice, variant_spelling};

    #[test]
    fn common_ids_of_lists_of_any_lengths() {
        // A small deterministic generator of sorted id lists.
        let mut seed: u64 = 7;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        for _ in 0..400 {
            let (la, lb, range) = (next(300), next(300), 1 + next(2000));
            let mut a: Vec<WordId> = (0..la).map(|_| next(range) as WordId).collect();
            let mut b: Vec<WordId> = (0..lb).map(|_| next(range) as WordId).collect();
            a.sort_unstable();
            a.dedup();
            b.sort_unstable();
            b.dedup();
            let list = WordList::new(a.iter().map(|&id| (id, ())).collect(), |_, _| {});
            let expected: Vec<WordId> = b.iter().copied().filter(|id| a.contains(id)).collect();
            let mask = Mask::of(&b);
            let mut found = Vec::new();
            list.each_common(&b, &mask, |id| found.push(id));
            assert_eq!(found, expected);
            assert_eq!(list.common(&b, &mask).collect::<Vec<_>>(), expected);
        }
    }

    #[test]
    fn sure_pairs_serve_only_where_they_suffice() {
        let default = TorturedConfig::default();
        assert!(sure_pairs_suffice(&default));
        // Weaker collocations could lead: every known pair is needed.
        let loose = TorturedConfig {
            min_pmi: 6.0,
            ..default
        };
        assert!(!sure_pairs_suffice(&loose));
    }

    #[test]
    fn spelling_variants() {
        assert!(variant_spelling("defence", "defense"));
        assert!(variant_spelling("anthony", "antony"));
        assert!(!variant_spelling("home", "house"));
        assert!(!variant_spelling("courtroom", "court"));
        assert!(!variant_spelling("told", "instructed"));
        assert!(!variant_spelling("court", "court"));
        assert!(variant_spelling("colour", "color") && variant_spelling("color", "colour"));
        assert!(variant_spelling("naïve", "naive") && !variant_spelling("naïve", "navy"));
        assert!(!variant_spelling("ab", "ba") && variant_spelling("a", "b"));
    }

    /// Levenshtein distance over characters.
    fn distance(x: &str, y: &str) -> usize {
        let a: Vec<char> = x.chars().collect();
        let b: Vec<char> = y.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for i in 1..=a.len() {
            let mut cur = vec![i; b.len() + 1];
            for j in 1..=b.len() {
                let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
                cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    #[test]
    fn spelling_variants_are_one_edit_apart() {
        let mut words = vec![String::new()];
        for len in 1..=4 {
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.chars().count() == len - 1)
                .cloned()
                .collect();
            for w in shorter {
                for c in ['a', 'b', 'ï'] {
                    words.push(format!("{w}{c}"));
                }
            }
        }
        for x in &words {
            for y in &words {
                let expected = x != y && distance(x, y) <= 1;
                assert_eq!(variant_spelling(x, y), expected, "{x:?} {y:?}");
            }
        }
    }
}
