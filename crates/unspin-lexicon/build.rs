//! Derives indexes of the embedded assets:
//!
//! * Bloom filters of the unigram map's words and of the pair index's
//!   words (see `store::WordFilter`), which rule out most absent words
//!   without walking an fst;
//! * the reversed two-word index (`second first` for every two-word key),
//!   so that the words that can precede a word are one range scan away;
//! * the pair index: every word of a key numbered in sorted order, then
//!   the other synonym-graph terms and inflected forms of terms that are
//!   known words, in sorted order (an fst map and an id → word table); per
//!   word id its unigram count; per word of a key the words that follow
//!   it (for a term or form of more than one word, the single words that
//!   continue it in a longer key), with what each map knows of the pair,
//!   and the single words that precede it, so that a word's neighbours are
//!   read without a search;
//! * per synonym-graph term its word id and, per inflection, the ids of
//!   its known forms, so that a term's candidate forms cost no inflection
//!   and no fst walk.
//!
//! Tables use the layout of `store::encode_table`: `u32 n`,
//! `u32 offsets[n+1]`, then the data. A follower list is, per follower in
//! increasing id order, `varint(id delta)`, a tag byte (0x80: the bigram
//! map has the pair, its count follows as a varint; 0x40: the phrase map
//! has it, with the flags in the low six bits); a preceder list is
//! `varint(id delta)` per preceder. A term's forms are `varint(term id)`,
//! then for each of S, Ed, Ing, Er and Est `varint(n)` and `n` varint ids.
//! The counts are a `u32` per word id: 0 when the unigram map lacks the
//! word, the count + 1 when that is below `u32::MAX`, else `u32::MAX`.
//! The term records are, per graph term, two `u16` (its number of
//! neighbours and of WordNet neighbours, both at most `u16::MAX`) and its
//! `u32` word id, then for S, Ed and Ing the `u32` id of its one known
//! form (`u32::MAX`: none, `u32::MAX - 1`: several). The sure pairs are,
//! per word of a key, the ids of the followers that form a WordNet
//! expression or name with it or a bigram of PMI at least `SURE_PMI` (the
//! pairs that can make a finding), and likewise its single-word
//! preceders, as `varint(id delta)` each.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use fst::{IntoStreamer, Map, MapBuilder, SetBuilder, Streamer};

/// The inflection rules of the lexicon, to list each synonym-graph term's
/// known inflected forms.
#[path = "src/morph.rs"]
#[allow(dead_code)]
mod morph;

/// The hash of the Bloom filters, as `store::WordFilter` reads them.
#[path = "src/hash.rs"]
#[allow(dead_code)]
mod hash;

use morph::Inflection;

/// The inflections of `term_forms.bin`, in order.
const INFLECTED: [Inflection; 5] = [
    Inflection::S,
    Inflection::Ed,
    Inflection::Ing,
    Inflection::Er,
    Inflection::Est,
];

/// Least PMI (bits, from the default counts as `Lexicon::default_colloc`
/// computes it) of a bigram among the sure pairs (`Pairs::SURE_PMI`).
const SURE_PMI: f64 = 8.5;
/// `phrase_flags::WORDNET`.
const WORDNET_PHRASE: u64 = 1;

/// Reads a table of `encode_table`'s layout.
fn decode_table(bytes: &[u8]) -> Vec<&[u8]> {
    let u32_at =
        |i: usize| u32::from_le_bytes(bytes[i * 4..i * 4 + 4].try_into().unwrap()) as usize;
    let n = u32_at(0);
    let data = &bytes[4 + 4 * (n + 1)..];
    (0..n)
        .map(|i| &data[u32_at(i + 1)..u32_at(i + 2)])
        .collect()
}

/// What the two maps know of one pair.
#[derive(Default, Clone, Copy)]
struct Facts {
    bigram: Option<u64>,
    phrase: Option<u64>,
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Reads a varint written by [`push_varint`].
fn read_varint(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*pos) {
        *pos += 1;
        v |= u64::from(b & 0x7f) << shift;
        if b & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
    None
}

/// Edge bits of WordNet links (`store::edge::WORDNET`: noun, verb,
/// adjective and adverb synsets).
const WORDNET_EDGES: u64 = 0b1111;

/// Per graph term, its number of neighbours and of WordNet neighbours, from
/// the adjacency table (per term, `varint(id delta << 5 | edge bits)`),
/// then the term's word id (`ids`, in the order of the terms) and its S,
/// Ed and Ing forms (`forms`): `TERM_RECORD_BYTES` a term, so that what a
/// synonym link needs of its term is one read.
fn term_records(adj: &[u8], ids: &[u32], forms: &[[u32; RECORD_FORMS]]) -> Vec<u8> {
    let lists = decode_table(adj);
    assert_eq!(lists.len(), ids.len(), "one adjacency list per graph term");
    let mut out = Vec::with_capacity(lists.len() * TERM_RECORD_BYTES);
    for ((list, id), forms) in lists.into_iter().zip(ids).zip(forms) {
        let (mut all, mut wordnet) = (0u16, 0u16);
        let mut pos = 0;
        while let Some(v) = read_varint(list, &mut pos) {
            all = all.saturating_add(1);
            wordnet = wordnet.saturating_add(u16::from(v & WORDNET_EDGES != 0));
        }
        out.extend_from_slice(&all.to_le_bytes());
        out.extend_from_slice(&wordnet.to_le_bytes());
        out.extend_from_slice(&id.to_le_bytes());
        for f in forms {
            out.extend_from_slice(&f.to_le_bytes());
        }
    }
    out
}

/// Inflections whose forms a term record holds: S, Ed and Ing.
const RECORD_FORMS: usize = 3;
/// Bytes of a term record.
const TERM_RECORD_BYTES: usize = 8 + 4 * RECORD_FORMS;
/// A term record's form: none is known.
const NO_FORM: u32 = u32::MAX;
/// A term record's form: several are known (see the term's forms).
const SEVERAL_FORMS: u32 = u32::MAX - 1;

/// Lists of increasing ids as `varint(id delta)` each.
fn varint_lists(lists: Vec<Vec<u64>>) -> Vec<Vec<u8>> {
    lists
        .into_iter()
        .map(|ids| {
            let mut list = Vec::new();
            let mut last = 0;
            for id in ids {
                push_varint(&mut list, id - last);
                last = id;
            }
            list
        })
        .collect()
}

fn encode_table(items: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    let mut off = 0u32;
    out.extend_from_slice(&off.to_le_bytes());
    for it in items {
        off = off.checked_add(it.len() as u32).expect("table under 4 GiB");
        out.extend_from_slice(&off.to_le_bytes());
    }
    for it in items {
        out.extend_from_slice(it);
    }
    out
}

/// The Bloom filter of `store::WordFilter`: ten bits per word rounded up to
/// a power of two, three bits per word.
fn word_filter(words: &[Vec<u8>]) -> Vec<u8> {
    let bits = (words.len() * 10).next_power_of_two().max(64);
    let mut filter = vec![0u8; bits / 8];
    for w in words {
        let h = hash::filter_hash(w);
        let (h1, h2) = (h & 0xffff_ffff, (h >> 32) | 1);
        for i in 0..3u64 {
            let bit = (h1.wrapping_add(i.wrapping_mul(h2)) as usize) & (bits - 1);
            filter[bit / 8] |= 1 << (bit % 8);
        }
    }
    filter
}

/// Records that the bigram (or phrase) map has `first second` with value
/// `v`.
fn record(
    pairs: &mut BTreeMap<(String, String), Facts>,
    first: &str,
    second: &str,
    v: u64,
    is_phrase: bool,
    asset: &str,
) {
    let facts = pairs
        .entry((first.to_string(), second.to_string()))
        .or_default();
    if is_phrase {
        assert!(
            v < 0x40,
            "{asset}: phrase flags {v} need more than six bits"
        );
        facts.phrase = Some(v);
    } else {
        facts.bigram = Some(v);
    }
}

fn main() {
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    let asset = "assets/unigrams.fst";
    println!("cargo::rerun-if-changed={asset}");
    let bytes = std::fs::read(asset).unwrap_or_else(|e| panic!("{asset}: {e}"));
    let unigrams = Map::new(bytes).unwrap_or_else(|e| panic!("{asset}: {e}"));
    let mut unigram_words: Vec<Vec<u8>> = Vec::with_capacity(unigrams.len());
    let mut stream = unigrams.keys();
    while let Some(k) = stream.next() {
        unigram_words.push(k.to_vec());
    }
    // The synonym graph's terms, and per term and inflection the forms
    // that are known words (every word of a multi-word form): what
    // `Lexicon::known_forms` keeps with the default lexicon alone.
    let asset = "assets/syn_terms.bin";
    println!("cargo::rerun-if-changed={asset}");
    let term_bytes = std::fs::read(asset).unwrap_or_else(|e| panic!("{asset}: {e}"));
    let terms: Vec<&str> = decode_table(&term_bytes)
        .into_iter()
        .map(|t| std::str::from_utf8(t).unwrap_or_else(|e| panic!("{asset}: {e}")))
        .collect();
    let known = |w: &str| unigrams.get(w).is_some();
    let term_forms: Vec<Vec<Vec<String>>> = terms
        .iter()
        .map(|term| {
            INFLECTED
                .iter()
                .map(|&inf| {
                    let mut forms = morph::inflect(term, inf);
                    forms.retain(|f| f.split(' ').all(known));
                    forms
                })
                .collect()
        })
        .collect();

    // The graph terms and known forms of more than one word: the keys of
    // three or more words that continue one of them by a single word are
    // its followers in the pair index, as `Lexicon::for_each_continuation`
    // finds them.
    let long_firsts: HashSet<&str> = terms
        .iter()
        .copied()
        .chain(term_forms.iter().flatten().flatten().map(String::as_str))
        .filter(|w| w.contains(' '))
        .collect();
    let mut reversed: Vec<Vec<u8>> = Vec::new();
    // Every two-word key (exactly one space) whose words are UTF-8, and the
    // longer keys that continue a long graph term or form.
    let mut pairs: BTreeMap<(String, String), Facts> = BTreeMap::new();
    for (asset, is_phrase) in [("assets/bigrams.fst", false), ("assets/phrases.fst", true)] {
        println!("cargo::rerun-if-changed={asset}");
        let bytes = std::fs::read(asset).unwrap_or_else(|e| panic!("{asset}: {e}"));
        let map = Map::new(bytes).unwrap_or_else(|e| panic!("{asset}: {e}"));
        let mut stream = map.into_stream();
        while let Some((k, v)) = stream.next() {
            let Some(i) = k.iter().position(|&b| b == b' ') else {
                continue;
            };
            let (first, second) = (&k[..i], &k[i + 1..]);
            if second.contains(&b' ') {
                let j = k.iter().rposition(|&b| b == b' ').expect("a space");
                if let (Ok(first), Ok(second)) = (
                    std::str::from_utf8(&k[..j]),
                    std::str::from_utf8(&k[j + 1..]),
                ) && long_firsts.contains(first)
                {
                    record(&mut pairs, first, second, v, is_phrase, asset);
                }
                continue;
            }
            let mut r = Vec::with_capacity(k.len());
            r.extend_from_slice(second);
            r.push(b' ');
            r.extend_from_slice(first);
            reversed.push(r);
            let (Ok(first), Ok(second)) = (std::str::from_utf8(first), std::str::from_utf8(second))
            else {
                continue;
            };
            record(&mut pairs, first, second, v, is_phrase, asset);
        }
    }

    reversed.sort_unstable();
    reversed.dedup();
    let mut b = SetBuilder::memory();
    b.extend_iter(reversed).expect("sorted unique keys");
    std::fs::write(
        out.join("preceders.fst"),
        b.into_inner().expect("in-memory fst"),
    )
    .expect("writing preceders.fst");

    // Words numbered in sorted order: first the words of the keys, then
    // the other graph terms and known forms.
    let mut words: Vec<&str> = pairs
        .keys()
        .flat_map(|(a, b)| [a.as_str(), b.as_str()])
        .collect();
    words.sort_unstable();
    words.dedup();
    let paired = words.len();
    let mut others: Vec<&str> = terms
        .iter()
        .copied()
        .chain(term_forms.iter().flatten().flatten().map(String::as_str))
        .filter(|w| words.binary_search(w).is_err())
        .collect();
    others.sort_unstable();
    others.dedup();
    words.extend(others);
    let ids: HashMap<&str, u64> = words
        .iter()
        .enumerate()
        .map(|(i, &w)| (w, i as u64))
        .collect();
    let id = |w: &str| ids[w];
    let mut by_word: Vec<(&str, u64)> = ids.iter().map(|(&w, &i)| (w, i)).collect();
    by_word.sort_unstable();
    let mut vocab = MapBuilder::memory();
    for (w, i) in by_word {
        vocab.insert(w, i).expect("sorted unique words");
    }
    let mut next: Vec<Vec<u8>> = vec![Vec::new(); paired];
    let mut last_next: Vec<u64> = vec![0; paired];
    let mut sure_next: Vec<Vec<u64>> = vec![Vec::new(); paired];
    let mut sure_prev: Vec<Vec<u64>> = vec![Vec::new(); paired];
    let asset = "assets/unigram_total.in";
    println!("cargo::rerun-if-changed={asset}");
    let total: f64 = std::fs::read_to_string(asset)
        .unwrap_or_else(|e| panic!("{asset}: {e}"))
        .trim()
        .parse()
        .unwrap_or_else(|e| panic!("{asset}: {e}"));
    let count = |w: &str| unigrams.get(w).unwrap_or(0).max(1) as f64;
    let mut prev: Vec<Vec<u64>> = vec![Vec::new(); paired];
    // Pairs come sorted by first word, then second: followers in id order.
    for ((first, second), facts) in &pairs {
        let (f, s) = (id(first), id(second));
        let list = &mut next[f as usize];
        push_varint(list, s - last_next[f as usize]);
        last_next[f as usize] = s;
        let mut tag = 0u8;
        if facts.bigram.is_some() {
            tag |= 0x80;
        }
        if let Some(flags) = facts.phrase {
            tag |= 0x40 | flags as u8;
        }
        list.push(tag);
        if let Some(c) = facts.bigram {
            push_varint(list, c);
        }
        let expression = facts.phrase.is_some_and(|f| f & WORDNET_PHRASE != 0);
        let pmi = facts.bigram.map_or(f64::NEG_INFINITY, |c| {
            (c as f64 * total / (count(first) * count(second))).log2()
        });
        if expression || pmi >= SURE_PMI {
            sure_next[f as usize].push(s);
            if !first.contains(' ') {
                sure_prev[s as usize].push(f);
            }
        }
        // Preceders are single words: a longer first is no preceder.
        if !first.contains(' ') {
            prev[s as usize].push(f);
        }
    }
    let prev = varint_lists(prev);
    let sure_next = varint_lists(sure_next);
    let sure_prev = varint_lists(sure_prev);
    // Per word its count in the unigram map: 0 when absent, the count + 1
    // when that fits below `u32::MAX`, else `u32::MAX` (look it up).
    let mut counts: Vec<u8> = Vec::with_capacity(words.len() * 4);
    for w in &words {
        let c = match unigrams.get(w) {
            None => 0,
            Some(c) => u32::try_from(c + 1).unwrap_or(u32::MAX),
        };
        counts.extend_from_slice(&c.to_le_bytes());
    }
    // Per graph term: its word id, then per inflection of `INFLECTED` the
    // number of known forms and their word ids.
    let forms: Vec<Vec<u8>> = terms
        .iter()
        .zip(&term_forms)
        .map(|(term, by_inf)| {
            let mut entry = Vec::new();
            push_varint(&mut entry, id(term));
            for forms in by_inf {
                push_varint(&mut entry, forms.len() as u64);
                for f in forms {
                    push_varint(&mut entry, id(f));
                }
            }
            entry
        })
        .collect();
    let term_ids: Vec<u32> = terms
        .iter()
        .map(|t| u32::try_from(id(t)).expect("fewer than 2^32 words"))
        .collect();
    // The S, Ed and Ing forms of each term when there is one of each.
    let record_forms: Vec<[u32; RECORD_FORMS]> = term_forms
        .iter()
        .map(|by_inf| {
            std::array::from_fn(|i| match by_inf[i].as_slice() {
                [] => NO_FORM,
                [f] => u32::try_from(id(f)).expect("fewer than 2^32 - 2 words"),
                _ => SEVERAL_FORMS,
            })
        })
        .collect();
    let word_bytes: Vec<Vec<u8>> = words.iter().map(|w| w.as_bytes().to_vec()).collect();
    let asset = "assets/syn_adj.bin";
    println!("cargo::rerun-if-changed={asset}");
    let adj = std::fs::read(asset).unwrap_or_else(|e| panic!("{asset}: {e}"));
    for (name, bytes) in [
        (
            "term_records.bin",
            term_records(&adj, &term_ids, &record_forms),
        ),
        ("pair_vocab.fst", vocab.into_inner().expect("in-memory fst")),
        ("pair_words.bin", encode_table(&word_bytes)),
        ("word_counts.bin", counts),
        ("term_forms.bin", encode_table(&forms)),
        ("pair_next.bin", encode_table(&next)),
        ("pair_prev.bin", encode_table(&prev)),
        ("pair_sure_next.bin", encode_table(&sure_next)),
        ("pair_sure_prev.bin", encode_table(&sure_prev)),
        ("pair_filter.bin", word_filter(&word_bytes)),
        ("unigram_filter.bin", word_filter(&unigram_words)),
    ] {
        std::fs::write(out.join(name), bytes).unwrap_or_else(|e| panic!("writing {name}: {e}"));
    }
}
