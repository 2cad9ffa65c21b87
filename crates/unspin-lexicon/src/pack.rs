//! Learned lexicon packs: word and phrase statistics from a user's own clean
//! corpus (`unspin learn`), added to the embedded default with `--lexicon`.

use std::collections::HashMap;
use std::path::Path;

use fst::Map;

use crate::LexiconError;
use crate::store::{build_map, open_map};

const MAGIC: &[u8; 12] = b"UNSPINPACK01";

/// Word, bigram and trigram counts learned from a corpus.
pub struct Pack {
    pub(crate) name: String,
    pub(crate) total: u64,
    pub(crate) unigrams: Map<Vec<u8>>,
    pub(crate) bigrams: Map<Vec<u8>>,
    pub(crate) trigrams: Map<Vec<u8>>,
}

/// Counts n-grams of documents; turn it into a [`Pack`] with
/// [`PackBuilder::finish`].
#[derive(Default)]
pub struct PackBuilder {
    total: u64,
    documents: u64,
    unigrams: HashMap<String, u64>,
    bigrams: HashMap<String, u64>,
    trigrams: HashMap<String, u64>,
}

impl PackBuilder {
    /// A builder with no counts.
    pub fn new() -> Self {
        Self::default()
    }

    /// Number of documents added.
    pub fn documents(&self) -> u64 {
        self.documents
    }

    /// Number of word tokens added.
    pub fn words(&self) -> u64 {
        self.total
    }

    /// Adds one document's text. N-grams do not cross punctuation.
    pub fn add_text(&mut self, text: &str) {
        self.documents += 1;
        let tokens = unspin_text::tokenize(text);
        let mut run: Vec<String> = Vec::new();
        let flush = |run: &mut Vec<String>, me: &mut Self| {
            for i in 0..run.len() {
                *me.unigrams.entry(run[i].clone()).or_insert(0) += 1;
                me.total += 1;
                if i + 1 < run.len() {
                    *me.bigrams
                        .entry(format!("{} {}", run[i], run[i + 1]))
                        .or_insert(0) += 1;
                }
                if i + 2 < run.len() {
                    *me.trigrams
                        .entry(format!("{} {} {}", run[i], run[i + 1], run[i + 2]))
                        .or_insert(0) += 1;
                }
            }
            run.clear();
        };
        for t in &tokens {
            if t.kind == unspin_text::TokenKind::Punct {
                flush(&mut run, self);
            } else {
                run.push(unspin_text::fold_word(t.text(text)));
            }
        }
        flush(&mut run, self);
    }

    /// Builds the pack, keeping n-grams of two or more words seen at least
    /// `min_count` times.
    pub fn finish(self, name: &str, min_count: u64) -> Pack {
        let keep = |m: HashMap<String, u64>| {
            build_map(m.into_iter().filter(|(_, c)| *c >= min_count.max(1)))
        };
        let unigrams = build_map(self.unigrams);
        let bigrams = keep(self.bigrams);
        let trigrams = keep(self.trigrams);
        Pack {
            name: name.to_string(),
            total: self.total,
            unigrams: Map::new(unigrams).expect("fresh fst"),
            bigrams: Map::new(bigrams).expect("fresh fst"),
            trigrams: Map::new(trigrams).expect("fresh fst"),
        }
    }
}

impl Pack {
    /// The pack's name (its file name, for explanations).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Number of word tokens the pack was learned from.
    pub fn words(&self) -> u64 {
        self.total
    }

    /// Number of distinct bigrams kept.
    pub fn bigram_count(&self) -> usize {
        self.bigrams.len()
    }

    /// Serialises the pack.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.total.to_le_bytes());
        for m in [&self.unigrams, &self.bigrams, &self.trigrams] {
            let b = m.as_fst().as_bytes();
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(b);
        }
        out
    }

    /// Reads a pack written by [`Pack::to_bytes`].
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Pack, LexiconError> {
        let bad = |why: &str| LexiconError::BadPack(name.to_string(), why.to_string());
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(bad("not an unspin lexicon pack (wrong magic number)"));
        }
        let mut pos = MAGIC.len();
        let u64_at = |pos: &mut usize| -> Result<u64, LexiconError> {
            let s = bytes.get(*pos..*pos + 8).ok_or_else(|| bad("truncated"))?;
            *pos += 8;
            Ok(u64::from_le_bytes(s.try_into().expect("8 bytes")))
        };
        let total = u64_at(&mut pos)?;
        let mut maps = Vec::new();
        for what in ["unigrams", "bigrams", "trigrams"] {
            let len = u64_at(&mut pos)? as usize;
            let end = pos.checked_add(len).ok_or_else(|| bad("truncated"))?;
            let s = bytes.get(pos..end).ok_or_else(|| bad("truncated"))?;
            pos = end;
            maps.push(open_map(s.to_vec(), what).map_err(|e| bad(&e.to_string()))?);
        }
        let trigrams = maps.pop().expect("3 maps");
        let bigrams = maps.pop().expect("3 maps");
        let unigrams = maps.pop().expect("3 maps");
        Ok(Pack {
            name: name.to_string(),
            total,
            unigrams,
            bigrams,
            trigrams,
        })
    }

    /// Reads a pack file.
    pub fn load(path: &Path) -> Result<Pack, LexiconError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|e| LexiconError::Io(name.clone(), e))?;
        Pack::from_bytes(&name, &bytes)
    }

    /// Writes the pack to a file.
    pub fn save(&self, path: &Path) -> Result<(), LexiconError> {
        std::fs::write(path, self.to_bytes())
            .map_err(|e| LexiconError::Io(path.display().to_string(), e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_and_round_trips() {
        let mut b = PackBuilder::new();
        b.add_text("Deep learning beats shallow learning. Deep learning, again.");
        b.add_text("We use deep learning");
        let pack = b.finish("t", 2);
        let back = Pack::from_bytes("t", &pack.to_bytes()).unwrap();
        assert_eq!(back.bigrams.get("deep learning"), Some(3));
        assert_eq!(back.bigrams.get("shallow learning"), None);
        // no bigram across the comma
        assert_eq!(back.bigrams.get("learning again"), None);
        assert_eq!(back.unigrams.get("deep"), Some(3));
        assert_eq!(back.total, 12);
    }

    #[test]
    fn garbage_is_an_error() {
        assert!(Pack::from_bytes("x", b"hello").is_err());
        let mut b = PackBuilder::new();
        b.add_text("a b c a b c");
        let bytes = b.finish("t", 1).to_bytes();
        for cut in [13, 20, bytes.len() - 1] {
            assert!(Pack::from_bytes("x", &bytes[..cut]).is_err());
        }
    }
}
