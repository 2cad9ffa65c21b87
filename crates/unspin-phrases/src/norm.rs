//! The normalised form that phrases and documents are matched in.
//!
//! A text becomes a sequence of *units*: folded words and numbers, and
//! "hard" punctuation marks (anything that may separate clauses: `.`, `,`,
//! `(`, …). "Soft" punctuation — hyphens, en dashes, slashes and stray
//! apostrophes — is dropped, so `signal-to-noise`, `signal–to–noise` and
//! `signal to noise` all become the units `signal to noise`.
//!
//! Each unit that occurs in some phrase of a list has an id in the list's
//! [`Vocab`]; a document is matched as the string of its unit ids, each
//! written as a fixed-width code whose first byte alone has its high bit set
//! (so a match can only start at a unit), and every other unit as the single
//! byte 0, which no pattern contains. This keeps the automaton small and the
//! scanned string short.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use unspin_text::{Token, TokenKind, fold_word};

/// Whether a punctuation mark joins words rather than separating them.
pub(crate) fn is_soft_punct(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}' // hyphen
            | '\u{2011}' // non-breaking hyphen
            | '\u{2012}' // figure dash
            | '\u{2013}' // en dash
            | '\u{2212}' // minus sign
            | '\u{FE63}' | '\u{FF0D}' // small and full-width hyphen-minus
            | '/' | '\u{2044}' | '\u{2215}' // slashes
            | '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' // apostrophes
    )
}

/// Calls `f(token index, unit, is_word)` for each unit of `text`, in order.
/// Tokens whose offsets do not fit `text` are skipped, so any input is safe.
pub(crate) fn for_each_unit(text: &str, tokens: &[Token], mut f: impl FnMut(usize, &str, bool)) {
    let mut buf = String::new();
    for (i, tok) in tokens.iter().enumerate() {
        let Some(t) = text.get(tok.byte_start..tok.byte_end) else {
            continue;
        };
        if t.is_empty() {
            continue;
        }
        match tok.kind {
            TokenKind::Word | TokenKind::Number => {
                let folded: &str = if t.is_ascii() {
                    buf.clear();
                    buf.push_str(t);
                    buf.make_ascii_lowercase();
                    &buf
                } else {
                    buf = fold_word(t);
                    &buf
                };
                // Nothing left after folding (a lone invisible character):
                // not a unit.
                if !folded.is_empty() && (t.is_ascii() || !folded.contains(char::is_whitespace)) {
                    f(i, folded, true);
                }
            }
            TokenKind::Punct => {
                let mut chars = t.chars();
                let c = chars.next().unwrap_or(' ');
                if (is_soft_punct(c) && chars.next().is_none()) || t.contains(char::is_whitespace) {
                    continue;
                }
                f(i, t, false);
            }
        }
    }
}

/// The units of a phrase: (folded text, is a word).
pub(crate) fn phrase_units(phrase: &str) -> Vec<(String, bool)> {
    let tokens = unspin_text::tokenize(phrase);
    let mut out = Vec::new();
    for_each_unit(phrase, &tokens, |_, u, w| out.push((u.to_string(), w)));
    out
}

/// A small, fast hasher (the "Fx" hash of rustc) for short strings.
#[derive(Default, Clone, Copy)]
pub(crate) struct FxHasher(u64);

impl Hasher for FxHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
    }

    #[inline]
    fn write_u128(&mut self, i: u128) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(K);
        self.0 = (self.0.rotate_left(5) ^ (i >> 64) as u64).wrapping_mul(K);
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ i as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    #[inline]
    fn finish(&self) -> u64 {
        self.0
    }
}

/// A hash map keyed by unit strings.
pub(crate) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The units that occur in a list's phrases, with their ids (from 1; 0 is
/// every other unit). Units of up to 15 bytes — nearly all — are keyed by
/// their packed bytes, which makes a look-up one multiplication and one
/// integer comparison.
#[derive(Debug, Clone, Default)]
pub(crate) struct Vocab {
    short: FxMap<u128, u32>,
    long: FxMap<Box<str>, u32>,
}

/// The bytes of a unit of at most 15 bytes, with its length in the top byte.
#[inline]
fn pack(unit: &str) -> Option<u128> {
    let b = unit.as_bytes();
    if b.len() > 15 {
        return None;
    }
    let mut w = [0u8; 16];
    w[..b.len()].copy_from_slice(b);
    w[15] = b.len() as u8;
    Some(u128::from_le_bytes(w))
}

impl Vocab {
    /// The id of `unit`, adding it if new.
    pub fn intern(&mut self, unit: &str) -> u32 {
        let id = self.get(unit);
        if id != 0 {
            return id;
        }
        let id = self.len() as u32 + 1;
        match pack(unit) {
            Some(k) => self.short.insert(k, id),
            None => self.long.insert(unit.into(), id),
        };
        id
    }

    /// The id of `unit`, or 0.
    #[inline]
    pub fn get(&self, unit: &str) -> u32 {
        match pack(unit) {
            Some(k) => self.short.get(&k),
            None => self.long.get(unit),
        }
        .copied()
        .unwrap_or(0)
    }

    /// The id of a unit of at most 15 bytes given packed (see `pack`).
    #[inline]
    pub fn get_packed(&self, key: u128) -> u32 {
        self.short.get(&key).copied().unwrap_or(0)
    }

    /// Number of distinct units.
    pub fn len(&self) -> usize {
        self.short.len() + self.long.len()
    }

    /// Bytes per unit code for this vocabulary.
    pub fn width(&self) -> usize {
        let max = self.len() as u64 + 1;
        (2..=4).find(|w| max < 1u64 << (7 * w)).unwrap_or(4)
    }
}

/// Appends the `width`-byte code of unit id `id` (non-zero) to `out`.
#[inline]
pub(crate) fn push_code(out: &mut Vec<u8>, id: u32, width: usize) {
    let id = id.min((1u32 << (7 * width.min(4))) - 1);
    out.push(0x80 | (id >> (7 * (width - 1))) as u8);
    for k in (0..width - 1).rev() {
        out.push(((id >> (7 * k)) & 0x7f) as u8);
    }
}

/// One unit of a document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Unit {
    /// Byte offset of the unit's code in [`Normalized::codes`].
    pub code: u32,
    /// Index of the token it came from.
    pub tok: u32,
    /// Its id in the list's vocabulary (0 if none).
    pub id: u32,
}

/// A document in normalised form.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    /// The unit codes.
    pub codes: Vec<u8>,
    /// The units, in order.
    pub units: Vec<Unit>,
}

/// A word unit as seen by [`Normalized::new`]'s callback.
#[derive(Debug, Clone, Copy)]
pub(crate) enum WordRef<'a> {
    /// An ASCII word, not yet lower-cased.
    Ascii(&'a str),
    /// A folded word.
    Folded(&'a str),
}

impl WordRef<'_> {
    /// The first byte of the folded word.
    #[inline]
    pub fn first_byte(&self) -> u8 {
        match self {
            WordRef::Ascii(w) => w.as_bytes().first().map_or(0, u8::to_ascii_lowercase),
            WordRef::Folded(w) => w.as_bytes().first().copied().unwrap_or(0),
        }
    }

    /// Whether the folded word starts with `prefix` (itself folded).
    #[inline]
    pub fn starts_with(&self, prefix: &str) -> bool {
        match self {
            WordRef::Ascii(w) => w
                .as_bytes()
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix.as_bytes())),
            WordRef::Folded(w) => w.starts_with(prefix),
        }
    }
}

const HIGH_BITS: u128 = 0x8080_8080_8080_8080_8080_8080_8080_8080;
const ONES: u128 = 0x0101_0101_0101_0101_0101_0101_0101_0101;

/// The first `len` (≤ 15) bytes at `start`, as the low bytes of a `u128`.
#[inline]
fn load(bytes: &[u8], start: usize, len: usize) -> u128 {
    let raw = match bytes.get(start..start + 16) {
        Some(w) => {
            let mut a = [0u8; 16];
            a.copy_from_slice(w);
            u128::from_le_bytes(a)
        }
        None => {
            let mut a = [0u8; 16];
            a[..len].copy_from_slice(&bytes[start..start + len]);
            u128::from_le_bytes(a)
        }
    };
    raw & ((1u128 << (8 * len)) - 1)
}

/// Lower-cases the ASCII bytes packed in `x` (no byte may be ≥ 0x80).
#[inline]
fn ascii_lower(x: u128) -> u128 {
    let ge_a = x.wrapping_add(ONES * (0x80 - b'A' as u128));
    let gt_z = x.wrapping_add(ONES * (0x80 - b'Z' as u128 - 1));
    let upper = ge_a & !gt_z & HIGH_BITS;
    x | (upper >> 2)
}

impl Normalized {
    /// Normalises the tokens of `text` against `vocab`, exactly as
    /// [`for_each_unit`] does; `on_word(unit index, word position, word,
    /// id)` sees each word unit.
    pub fn new(
        text: &str,
        tokens: &[Token],
        vocab: &Vocab,
        mut on_word: impl FnMut(usize, u32, WordRef<'_>, u32),
    ) -> Normalized {
        let width = vocab.width();
        let bytes = text.as_bytes();
        let mut codes = Vec::with_capacity(text.len() / 3 + 8);
        let mut units = Vec::with_capacity(tokens.len());
        let mut word_pos = 0u32;
        let limit = u32::MAX as usize - 8;
        let mut buf = String::new();
        for (i, tok) in tokens.iter().enumerate() {
            if codes.len() >= limit || i >= limit {
                break;
            }
            let (bs, be) = (tok.byte_start, tok.byte_end);
            let Some(t) = text.get(bs..be) else {
                continue;
            };
            let len = be.saturating_sub(bs);
            if len == 0 {
                continue;
            }
            // Short ASCII tokens: looked up by their packed bytes.
            let packed = if len <= 15 {
                let x = load(bytes, bs, len);
                (x & HIGH_BITS == 0).then_some(x)
            } else {
                None
            };
            let is_word = tok.kind != TokenKind::Punct;
            let id = if is_word {
                match packed {
                    Some(x) => {
                        let id = vocab.get_packed(ascii_lower(x) | ((len as u128) << 120));
                        on_word(units.len(), word_pos, WordRef::Ascii(t), id);
                        id
                    }
                    None => {
                        if t.is_ascii() {
                            buf.clear();
                            buf.push_str(t);
                            buf.make_ascii_lowercase();
                        } else {
                            buf = fold_word(t);
                            if buf.is_empty() || buf.contains(char::is_whitespace) {
                                continue;
                            }
                        }
                        let id = vocab.get(&buf);
                        on_word(units.len(), word_pos, WordRef::Folded(&buf), id);
                        id
                    }
                }
            } else {
                let mut chars = t.chars();
                let c = chars.next().unwrap_or(' ');
                if (is_soft_punct(c) && chars.next().is_none()) || t.contains(char::is_whitespace) {
                    continue;
                }
                match packed {
                    Some(x) => vocab.get_packed(x | ((len as u128) << 120)),
                    None => vocab.get(t),
                }
            };
            if is_word {
                word_pos += 1;
            }
            units.push(Unit {
                code: codes.len() as u32,
                tok: i as u32,
                id,
            });
            if id == 0 {
                codes.push(0);
            } else {
                push_code(&mut codes, id, width);
            }
        }
        Normalized { codes, units }
    }

    /// The unit whose code starts at byte `b`, or the first one after it.
    pub fn unit_at_or_after(&self, b: usize) -> usize {
        self.units.partition_point(|u| (u.code as usize) < b)
    }

    /// The last unit whose code starts before byte `b`.
    pub fn unit_before(&self, b: usize) -> Option<usize> {
        self.unit_at_or_after(b).checked_sub(1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn units(text: &str) -> Vec<String> {
        phrase_units(text).into_iter().map(|u| u.0).collect()
    }

    #[test]
    fn soft_punctuation_is_dropped_and_hard_kept() {
        assert_eq!(units("Signal-to-Noise"), ["signal", "to", "noise"]);
        assert_eq!(units("RNA–DNA acid/base"), ["rna", "dna", "acid", "base"]);
        assert_eq!(
            units("data technology (IT)."),
            ["data", "technology", "(", "it", ")", "."]
        );
        assert_eq!(units("Alzheimer’s illness"), ["alzheimer's", "illness"]);
        assert!(units("").is_empty());
    }

    #[test]
    fn codes_start_only_at_units() {
        let mut v = Vocab::default();
        for w in ["é", "cole", ","] {
            v.intern(w);
        }
        let text = "É-cole, x";
        let toks = unspin_text::tokenize(text);
        let mut words = Vec::new();
        let n = Normalized::new(text, &toks, &v, |u, pos, w, id| {
            let w = match w {
                WordRef::Ascii(w) => w.to_lowercase(),
                WordRef::Folded(w) => w.to_string(),
            };
            words.push((u, pos, w, id))
        });
        assert_eq!(n.units.len(), 4);
        assert_eq!(n.codes, [0x80, 1, 0x80, 2, 0x80, 3, 0]);
        assert_eq!(words[2], (3, 2, "x".to_string(), 0));
        assert_eq!(n.unit_at_or_after(2), 1);
        assert_eq!(n.unit_before(4), Some(1));
    }

    #[test]
    fn packed_lookups_agree_with_folded_ones() {
        let mut v = Vocab::default();
        let words = [
            "the",
            "signal",
            "noise",
            "x",
            "(",
            "é",
            "ǅ",
            "abcdefghijklmno",
            "abcdefghijklmnop",
            "k2",
            "3.5",
        ];
        for w in words {
            v.intern(w);
        }
        let text = "THE Signal (NOISE) é É ǅ ǆ abcdefghijklmno ABCDEFGHIJKLMNOP K2 3.5 [@`{~ zzz";
        let toks = unspin_text::tokenize(text);
        let n = Normalized::new(text, &toks, &v, |_, _, w, _| {
            let folded = match w {
                WordRef::Ascii(w) => w.to_ascii_lowercase(),
                WordRef::Folded(w) => w.to_string(),
            };
            let first: String = folded.chars().take(1).collect();
            assert!(w.starts_with(&first));
            assert!(w.starts_with(&folded));
            assert!(!w.starts_with(&format!("{folded}x")));
            assert_eq!(w.first_byte(), folded.as_bytes()[0]);
        });
        let mut expected = Vec::new();
        for_each_unit(text, &toks, |_, u, _| expected.push(v.get(u)));
        let got: Vec<u32> = n.units.iter().map(|u| u.id).collect();
        assert_eq!(got, expected);
        assert!(got.iter().filter(|&&id| id != 0).count() >= 10, "{got:?}");
    }

    #[test]
    fn ascii_lowercasing_in_a_word() {
        let all: Vec<u8> = (0u8..0x80).collect();
        for chunk in all.chunks(15) {
            let x = load(chunk, 0, chunk.len());
            let lower = ascii_lower(x).to_le_bytes();
            for (i, b) in chunk.iter().enumerate() {
                assert_eq!(lower[i], b.to_ascii_lowercase());
            }
        }
    }

    #[test]
    fn code_widths() {
        let mut out = Vec::new();
        push_code(&mut out, 300, 2);
        assert_eq!(out, [0x82, (300 & 0x7f) as u8]);
        out.clear();
        push_code(&mut out, 20_000, 3);
        assert_eq!(
            out,
            [0x81, (20_000 >> 7 & 0x7f) as u8, (20_000 & 0x7f) as u8]
        );
    }
}
