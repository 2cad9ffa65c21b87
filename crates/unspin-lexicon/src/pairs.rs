//! The pair index: the two-word keys of the default bigram and phrase maps
//! by word id, derived from them by the build script (see `build.rs` for
//! the layout).
//!
//! Every word of a two-word key has an id, in sorted order; the other
//! synonym-graph terms and their known inflected forms follow (see
//! [`Lexicon::word_stats_of`] and [`Lexicon::default_known_forms`]). For each id the
//! index lists the words that follow it ([`Lexicon::continuations`] of the
//! default lexicon) and the words that precede it
//! ([`Lexicon::preceders`]), by id, so that a word's neighbours cost no
//! search and no string comparison.
//!
//! [`Lexicon::continuations`]: crate::Lexicon::continuations
//! [`Lexicon::word_stats_of`]: crate::Lexicon::word_stats_of
//! [`Lexicon::default_known_forms`]: crate::Lexicon::default_known_forms
//! [`Lexicon::preceders`]: crate::Lexicon::preceders

use fst::Map;

use crate::store::{WordFilter, open_map, read_u32, read_varint, split_table};
use crate::{LexiconError, PairFacts};

/// The pair index over byte slices.
pub struct Pairs<'a> {
    vocab: Map<&'a [u8]>,
    /// Rules out most words without a look-up in `vocab`.
    filter: WordFilter<'a>,
    len: usize,
    /// Ids below this are the words of keys, with followers and preceders.
    paired: usize,
    word_offsets: &'a [u8],
    /// The words one after the other, checked to be UTF-8 once at opening.
    word_text: &'a str,
    next_offsets: &'a [u8],
    next_bytes: &'a [u8],
    prev_offsets: &'a [u8],
    prev_bytes: &'a [u8],
    sure_next_offsets: &'a [u8],
    sure_next_bytes: &'a [u8],
    sure_prev_offsets: &'a [u8],
    sure_prev_bytes: &'a [u8],
    /// Per word of a key, a bit: it has sure followers.
    with_sure_next: Vec<u64>,
}

/// The `i`th entry of a table split by [`split_table`] (empty when out of
/// range or damaged).
fn entry<'a>(offsets: &[u8], data: &'a [u8], len: usize, i: usize) -> &'a [u8] {
    if i >= len {
        return &[];
    }
    let s = read_u32(offsets, i);
    let e = read_u32(offsets, i + 1);
    data.get(s..e).unwrap_or_default()
}

/// Calls `f` with each id of a list of `varint(id delta)`.
fn each_id(b: &[u8], mut f: impl FnMut(u32)) {
    let mut pos = 0;
    let mut id = 0u64;
    while let Some(delta) = read_varint(b, &mut pos) {
        id += delta;
        f(id as u32);
    }
}

impl<'a> Pairs<'a> {
    /// Opens the index from its parts.
    pub fn open(
        vocab: &'a [u8],
        filter: &'a [u8],
        words: &'a [u8],
        next: &'a [u8],
        prev: &'a [u8],
        sure_next: &'a [u8],
        sure_prev: &'a [u8],
    ) -> Result<Self, LexiconError> {
        let vocab = open_map(vocab, "pair vocabulary")?;
        let filter = WordFilter::open(filter, "pair filter")?;
        let (len, word_offsets, word_bytes) = split_table(words, "pair words")?;
        let (n, next_offsets, next_bytes) = split_table(next, "pair followers")?;
        let (p, prev_offsets, prev_bytes) = split_table(prev, "pair preceders")?;
        let (q, sure_next_offsets, sure_next_bytes) = split_table(sure_next, "sure followers")?;
        let (r, sure_prev_offsets, sure_prev_bytes) = split_table(sure_prev, "sure preceders")?;
        if vocab.len() != len || n != p || n != q || n != r || n > len {
            return Err(LexiconError::Corrupt(
                "pair index tables disagree in size".into(),
            ));
        }
        let mut with_sure_next = vec![0u64; n.div_ceil(64)];
        for i in 0..n {
            if read_u32(sure_next_offsets, i + 1) > read_u32(sure_next_offsets, i) {
                with_sure_next[i / 64] |= 1 << (i % 64);
            }
        }
        let word_text = std::str::from_utf8(word_bytes)
            .map_err(|e| LexiconError::Corrupt(format!("pair words: {e}")))?;
        Ok(Pairs {
            vocab,
            filter,
            len,
            paired: n,
            word_offsets,
            word_text,
            next_offsets,
            next_bytes,
            prev_offsets,
            prev_bytes,
            sure_next_offsets,
            sure_next_bytes,
            sure_prev_offsets,
            sure_prev_bytes,
            with_sure_next,
        })
    }

    /// Number of words; their ids are `0..len()`.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Number of words of keys: ids `0..paired_len()`, numbered in sorted
    /// order; the other words (graph terms and forms) follow, in sorted
    /// order among themselves, without followers or preceders.
    pub fn paired_len(&self) -> usize {
        self.paired
    }

    /// Whether the index has no words.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The id of a folded word that is part of some two-word key, a
    /// synonym-graph term or a known form of one.
    pub fn id(&self, word: &str) -> Option<u32> {
        if !self.filter.may_contain(word) {
            return None;
        }
        self.vocab.get(word).map(|v| v as u32)
    }

    /// False when the index surely lacks `word` (a Bloom filter: no walk
    /// of the fst).
    pub fn may_contain(&self, word: &str) -> bool {
        self.filter.may_contain(word)
    }

    /// [`Pairs::may_contain`] of `first second`, from the
    /// [`crate::hash::word_hash`] of each word.
    pub fn may_contain_pair(&self, first: u64, second: u64) -> bool {
        self.filter
            .may_contain_hash(crate::hash::pair_hash(first, second))
    }

    /// The word of an id ("" for an unknown id).
    pub fn word(&self, id: u32) -> &'a str {
        let i = id as usize;
        if i >= self.len {
            return "";
        }
        let s = read_u32(self.word_offsets, i);
        let e = read_u32(self.word_offsets, i + 1);
        self.word_text.get(s..e).unwrap_or_default()
    }

    /// Calls `f` with the id of each word that follows word `id` in a
    /// two-word key of the default bigrams or phrases, in increasing id
    /// order, with what the two maps know of the pair. For a graph term or
    /// form of more than one word, the single words that continue it in a
    /// longer key: its default [`Lexicon::for_each_continuation`].
    ///
    /// [`Lexicon::for_each_continuation`]: crate::Lexicon::for_each_continuation
    pub fn for_each_next(&self, id: u32, mut f: impl FnMut(u32, PairFacts)) {
        let b = entry(self.next_offsets, self.next_bytes, self.paired, id as usize);
        let mut pos = 0;
        let mut word = 0u64;
        while pos < b.len() {
            let Some(delta) = read_varint(b, &mut pos) else {
                return;
            };
            let Some(&tag) = b.get(pos) else {
                return;
            };
            pos += 1;
            word += delta;
            let mut facts = PairFacts::default();
            if tag & 0x80 != 0 {
                let Some(count) = read_varint(b, &mut pos) else {
                    return;
                };
                facts.bigram = Some(count);
            }
            if tag & 0x40 != 0 {
                facts.phrase = Some(u64::from(tag & 0x3f));
            }
            f(word as u32, facts);
        }
    }

    /// Calls `f` with the id of each word that forms a sure pair with word
    /// `id` as its follower, in increasing id order: a WordNet expression
    /// or name ([`phrase_flags::WORDNET`]), or a bigram of PMI at least
    /// [`Pairs::SURE_PMI`] on the default counts
    /// ([`Lexicon::default_colloc`]) — the pairs of the default lexicon
    /// that can make a finding.
    ///
    /// [`phrase_flags::WORDNET`]: crate::phrase_flags::WORDNET
    /// [`Lexicon::default_colloc`]: crate::Lexicon::default_colloc
    pub fn for_each_sure_next(&self, id: u32, f: impl FnMut(u32)) {
        let b = entry(
            self.sure_next_offsets,
            self.sure_next_bytes,
            self.paired,
            id as usize,
        );
        each_id(b, f);
    }

    /// Whether word `id` has any sure follower ([`Pairs::for_each_sure_next`]),
    /// without a look at the table.
    pub fn has_sure_next(&self, id: u32) -> bool {
        let i = id as usize;
        self.with_sure_next
            .get(i / 64)
            .is_some_and(|bits| bits & (1 << (i % 64)) != 0)
    }

    /// Calls `f` with the id of each single word that forms a sure pair
    /// ([`Pairs::for_each_sure_next`]) with word `id` as its preceder, in
    /// increasing id order.
    pub fn for_each_sure_prev(&self, id: u32, f: impl FnMut(u32)) {
        let b = entry(
            self.sure_prev_offsets,
            self.sure_prev_bytes,
            self.paired,
            id as usize,
        );
        each_id(b, f);
    }

    /// Least PMI of a bigram among the sure pairs
    /// ([`Pairs::for_each_sure_next`]).
    pub const SURE_PMI: f64 = 8.5;

    /// Calls `f` with the id of each word that precedes word `id` in a
    /// two-word key of the default bigrams or phrases, in increasing id
    /// order.
    pub fn for_each_prev(&self, id: u32, f: impl FnMut(u32)) {
        let b = entry(self.prev_offsets, self.prev_bytes, self.paired, id as usize);
        each_id(b, f);
    }
}
