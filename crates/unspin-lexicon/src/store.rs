//! Binary formats of the lexicon: fst maps and a compact synonym graph.
//!
//! Everything here reads from byte slices without copying, so the embedded
//! default lexicon costs nothing to open.

use std::collections::BTreeMap;

use fst::{Map, MapBuilder};

use crate::LexiconError;

/// Builds an fst map from any iterator of `(key, value)`; keys need not be
/// sorted or unique (the largest value of a repeated key wins).
pub fn build_map<I, K>(entries: I) -> Vec<u8>
where
    I: IntoIterator<Item = (K, u64)>,
    K: Into<String>,
{
    let mut sorted: BTreeMap<String, u64> = BTreeMap::new();
    for (k, v) in entries {
        let k = k.into();
        if k.is_empty() {
            continue;
        }
        let e = sorted.entry(k).or_insert(0);
        *e = (*e).max(v);
    }
    let mut b = MapBuilder::memory();
    for (k, v) in sorted {
        // Keys are sorted and unique, so insertion cannot fail.
        b.insert(k, v).expect("sorted unique keys");
    }
    b.into_inner().expect("in-memory fst")
}

/// Opens an fst map over bytes, naming `what` in the error.
pub fn open_map<D: AsRef<[u8]>>(bytes: D, what: &str) -> Result<Map<D>, LexiconError> {
    Map::new(bytes).map_err(|e| LexiconError::Corrupt(format!("{what}: {e}")))
}

/// A Bloom filter over a word list: [`WordFilter::may_contain`] is false for
/// most words the list lacks, and never for a word it has. The build script
/// derives one for the unigram map: ten bits per word (rounded up to a power
/// of two), three bits set per word by double hashing of its
/// [`crate::hash::filter_hash`].
pub struct WordFilter<'a> {
    bytes: &'a [u8],
}

impl<'a> WordFilter<'a> {
    /// Opens a filter; its length in bytes must be a power of two of at
    /// least 8.
    pub fn open(bytes: &'a [u8], what: &str) -> Result<Self, LexiconError> {
        if bytes.len() < 8 || !bytes.len().is_power_of_two() {
            return Err(LexiconError::Corrupt(format!("{what}: bad filter size")));
        }
        Ok(WordFilter { bytes })
    }

    /// False when the filter's list surely lacks `word`.
    pub fn may_contain(&self, word: &str) -> bool {
        self.may_contain_hash(crate::hash::filter_hash(word.as_bytes()))
    }

    /// [`WordFilter::may_contain`] of a string whose
    /// [`crate::hash::filter_hash`] is `h`.
    pub fn may_contain_hash(&self, h: u64) -> bool {
        let (h1, h2) = (h & 0xffff_ffff, (h >> 32) | 1);
        let mask = self.bytes.len() * 8 - 1;
        (0..3u64).all(|i| {
            let bit = (h1.wrapping_add(i.wrapping_mul(h2)) as usize) & mask;
            self.bytes[bit / 8] & (1 << (bit % 8)) != 0
        })
    }
}

/// A part-of-speech or source bit on a synonym edge.
pub mod edge {
    /// WordNet noun synset.
    pub const NOUN: u8 = 1;
    /// WordNet verb synset.
    pub const VERB: u8 = 2;
    /// WordNet adjective synset.
    pub const ADJ: u8 = 4;
    /// WordNet adverb synset.
    pub const ADV: u8 = 8;
    /// Moby thesaurus entry.
    pub const MOBY: u8 = 16;
    /// Any WordNet bit.
    pub const WORDNET: u8 = NOUN | VERB | ADJ | ADV;
}

/// A symmetric synonym graph over a vocabulary of terms (words or
/// multi-word phrases), stored as:
/// `vocab` (fst term → id), `terms` (id → term) and `adj` (per id, the
/// neighbours with edge bits, varint-delta encoded).
pub struct Graph<'a> {
    vocab: Map<&'a [u8]>,
    term_offsets: &'a [u8],
    term_bytes: &'a [u8],
    adj_offsets: &'a [u8],
    adj_bytes: &'a [u8],
    len: usize,
}

pub(crate) fn read_u32(b: &[u8], i: usize) -> usize {
    let s = i * 4;
    u32::from_le_bytes([b[s], b[s + 1], b[s + 2], b[s + 3]]) as usize
}

pub(crate) fn split_table<'a>(
    bytes: &'a [u8],
    what: &str,
) -> Result<(usize, &'a [u8], &'a [u8]), LexiconError> {
    let bad = || LexiconError::Corrupt(format!("{what}: truncated table"));
    if bytes.len() < 4 {
        return Err(bad());
    }
    let n = read_u32(bytes, 0);
    let off_len = (n + 1).checked_mul(4).ok_or_else(bad)?;
    if bytes.len() < 4 + off_len {
        return Err(bad());
    }
    let offsets = &bytes[4..4 + off_len];
    let data = &bytes[4 + off_len..];
    if read_u32(offsets, n) > data.len() {
        return Err(bad());
    }
    Ok((n, offsets, data))
}

/// Encodes a table of byte strings: `u32 n`, `u32 offsets[n+1]`, data.
pub fn encode_table(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    let mut off = 0u32;
    out.extend_from_slice(&off.to_le_bytes());
    for it in items {
        off += it.len() as u32;
        out.extend_from_slice(&off.to_le_bytes());
    }
    for it in items {
        out.extend_from_slice(it);
    }
    out
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

pub(crate) fn read_varint(b: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    while *pos < b.len() && shift < 64 {
        let x = b[*pos];
        *pos += 1;
        v |= u64::from(x & 0x7f) << shift;
        if x & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
    None
}

/// The three byte blobs of an encoded [`Graph`].
pub struct EncodedGraph {
    /// fst map term → id.
    pub vocab: Vec<u8>,
    /// id → term table.
    pub terms: Vec<u8>,
    /// id → neighbours table.
    pub adj: Vec<u8>,
}

/// Encodes a graph from undirected edges `(a, b, bits)`; edges are made
/// symmetric and bits of repeated edges are merged.
pub fn encode_graph(edges: impl IntoIterator<Item = (String, String, u8)>) -> EncodedGraph {
    let mut adj: BTreeMap<String, BTreeMap<String, u8>> = BTreeMap::new();
    for (a, b, bits) in edges {
        if a == b || a.is_empty() || b.is_empty() {
            continue;
        }
        *adj.entry(a.clone())
            .or_default()
            .entry(b.clone())
            .or_insert(0) |= bits;
        *adj.entry(b).or_default().entry(a).or_insert(0) |= bits;
    }
    let ids: BTreeMap<&str, u64> = adj
        .keys()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i as u64))
        .collect();
    let vocab = build_map(ids.iter().map(|(k, v)| (k.to_string(), *v)));
    let terms: Vec<Vec<u8>> = adj.keys().map(|k| k.as_bytes().to_vec()).collect();
    let mut lists = Vec::with_capacity(adj.len());
    for nbrs in adj.values() {
        let mut ns: Vec<(u64, u8)> = nbrs.iter().map(|(k, b)| (ids[k.as_str()], *b)).collect();
        ns.sort_unstable();
        let mut buf = Vec::new();
        let mut prev = 0u64;
        for (id, bits) in ns {
            push_varint(&mut buf, ((id - prev) << 5) | u64::from(bits & 31));
            prev = id;
        }
        lists.push(buf);
    }
    EncodedGraph {
        vocab,
        terms: encode_table(&terms),
        adj: encode_table(&lists),
    }
}

impl<'a> Graph<'a> {
    /// Opens an encoded graph.
    pub fn open(vocab: &'a [u8], terms: &'a [u8], adj: &'a [u8]) -> Result<Self, LexiconError> {
        let vocab = open_map(vocab, "synonym vocabulary")?;
        let (n, term_offsets, term_bytes) = split_table(terms, "synonym terms")?;
        let (m, adj_offsets, adj_bytes) = split_table(adj, "synonym edges")?;
        if n != m || vocab.len() != n {
            return Err(LexiconError::Corrupt(
                "synonym graph tables disagree in size".into(),
            ));
        }
        Ok(Graph {
            vocab,
            term_offsets,
            term_bytes,
            adj_offsets,
            adj_bytes,
            len: n,
        })
    }

    /// Number of terms.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the graph has no terms.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The id of a term.
    pub fn id(&self, term: &str) -> Option<usize> {
        self.vocab.get(term).map(|v| v as usize)
    }

    /// The term of an id.
    pub fn term(&self, id: usize) -> &'a str {
        if id >= self.len {
            return "";
        }
        let s = read_u32(self.term_offsets, id);
        let e = read_u32(self.term_offsets, id + 1);
        std::str::from_utf8(self.term_bytes.get(s..e).unwrap_or_default()).unwrap_or_default()
    }

    /// The neighbours of a term id with their edge bits, decoded lazily in
    /// increasing id order (empty for an unknown id or damaged data).
    pub fn neighbours_iter(&self, id: usize) -> impl Iterator<Item = (usize, u8)> + '_ {
        let bytes = if id < self.len {
            let s = read_u32(self.adj_offsets, id);
            let e = read_u32(self.adj_offsets, id + 1);
            self.adj_bytes.get(s..e).unwrap_or_default()
        } else {
            &[]
        };
        let mut pos = 0;
        let mut prev = 0u64;
        std::iter::from_fn(move || {
            if pos >= bytes.len() {
                return None;
            }
            let v = read_varint(bytes, &mut pos)?;
            prev += v >> 5;
            Some((prev as usize, (v & 31) as u8))
        })
    }

    /// Whether terms `a` and `b` are linked, decoding only the shorter of
    /// the two neighbour lists, and only as far as needed (the graph is
    /// symmetric and lists are sorted by id).
    pub fn linked(&self, a: usize, b: usize) -> bool {
        if a >= self.len || b >= self.len {
            return false;
        }
        let width = |t: usize| {
            read_u32(self.adj_offsets, t + 1).saturating_sub(read_u32(self.adj_offsets, t))
        };
        let (a, b) = if width(b) < width(a) { (b, a) } else { (a, b) };
        self.neighbours_iter(a)
            .map(|(n, _)| n)
            .find(|&n| n >= b)
            .is_some_and(|n| n == b)
    }

    /// Neighbours of a term id with their edge bits.
    pub fn neighbours(&self, id: usize) -> Vec<(usize, u8)> {
        self.neighbours_iter(id).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn graph_round_trip_is_symmetric() {
        let g = encode_graph([
            ("told".to_string(), "instructed".to_string(), edge::VERB),
            ("told".to_string(), "said".to_string(), edge::MOBY),
            ("said".to_string(), "told".to_string(), edge::VERB),
        ]);
        let graph = Graph::open(&g.vocab, &g.terms, &g.adj).unwrap();
        assert_eq!(graph.len(), 3);
        let told = graph.id("told").unwrap();
        let mut n: Vec<(&str, u8)> = graph
            .neighbours(told)
            .into_iter()
            .map(|(i, b)| (graph.term(i), b))
            .collect();
        n.sort();
        assert_eq!(
            n,
            [
                ("instructed", edge::VERB),
                ("said", edge::MOBY | edge::VERB)
            ]
        );
        let instructed = graph.id("instructed").unwrap();
        assert_eq!(graph.neighbours(instructed), [(told, edge::VERB)]);
        let said = graph.id("said").unwrap();
        assert!(graph.linked(told, instructed) && graph.linked(instructed, told));
        assert!(graph.linked(said, told));
        assert!(!graph.linked(said, instructed) && !graph.linked(said, said));
        assert!(!graph.linked(99, told) && !graph.linked(told, 99));
    }

    #[test]
    fn truncated_tables_are_errors_not_panics() {
        let g = encode_graph([("a".to_string(), "b".to_string(), 1)]);
        for cut in 0..g.adj.len() {
            let _ = Graph::open(&g.vocab, &g.terms, &g.adj[..cut]);
        }
        assert!(Graph::open(&g.vocab, &g.terms, &g.adj[..3]).is_err());
    }
}
