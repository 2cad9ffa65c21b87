//! Collapsing a collection into copy families.
//!
//! [`Deduper`] takes documents as they stream in: it keeps their
//! fingerprints (4 bytes each) and ids in memory and their text in a
//! temporary spill file, so memory grows with the number of fingerprints,
//! not with the text. [`Deduper::finish`] then finds, for every document,
//! the earlier documents sharing the most idf-weighted fingerprints with
//! it, verifies the best few with the aligner, joins copies (verbatim, spun
//! and paraphrased) into families, and picks the likely original of each:
//! the earliest `date` when every member has one, else the member the
//! aligner's direction evidence (rarer synonyms, spin syntax, look-alike
//! letters in the other) points to as the source, else the first in input
//! order. Identical input gives identical output.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use unspin_align::{CompareVerdict, Comparer, Direction};
use unspin_lexicon::Lexicon;

use unspin_detect::is_function_word;
use unspin_text::{TokenKind, fold_word, tokenize};

use crate::fingerprint::{fingerprints, hash};

/// Whether a document is the original of its family or a copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// The likely original (also every document with no copies).
    Original,
    /// A copy of the family's original.
    Copy,
}

impl Role {
    /// The name used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Original => "original",
            Role::Copy => "copy",
        }
    }
}

/// One output row per input document, in input order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DedupRow {
    /// The document's id.
    pub id: String,
    /// The family: the id of its original.
    pub family: String,
    /// Original or copy.
    pub role: Role,
    /// For a copy, the aligner's verdict against the original (or against
    /// the family member it was found through); none for an original.
    pub verdict: Option<CompareVerdict>,
    /// For a copy, the aligner's similarity to the original (or that
    /// member); 1 for an original.
    pub similarity: f64,
}

/// Tuning of [`Deduper`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DedupOptions {
    /// Earlier documents verified per document.
    pub verify: usize,
    /// A candidate must share at least this many fingerprints.
    pub min_shared: u32,
    /// Fingerprints held by more documents than this are boilerplate or
    /// common phrases and are not used to find candidates.
    pub max_df: usize,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            verify: 4,
            min_shared: 3,
            max_df: 64,
        }
    }
}

/// One fingerprint in this many is kept (chosen by its hash, so copies
/// keep the same ones): whole documents and passages of a third still
/// share dozens, and memory stays a few bytes per word.
const SAMPLE: u32 = 2;

/// A document of at most this many words (a title, an abstract of two
/// lines) keeps all its fingerprints, and its words and word pairs as
/// well: it may have no anchor at all, and halved it would share too few
/// with its copies to be found.
const SHORT_WORDS: usize = 60;

/// Kept fingerprints at or below which two documents may share only two.
const SHORT: u64 = 48;

/// The fingerprints [`Deduper`] keeps of a text: the top 32 bits of one
/// in [`SAMPLE`] of the index fingerprints, or for a short text all of
/// them plus its content words and word pairs, sorted and unique.
fn dedup_prints(lex: &Lexicon, text: &str) -> Vec<u32> {
    let fps = fingerprints(lex, text);
    let words: Vec<String> = tokenize(text)
        .iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .map(|t| fold_word(t.text(text)))
        .collect();
    // The top 32 bits: collisions only add candidates, which the aligner
    // then rejects.
    let mut out: Vec<u32> = if !is_short(text) {
        fps.iter()
            .map(|f| (f >> 32) as u32)
            .filter(|f| f.is_multiple_of(SAMPLE))
            .collect()
    } else {
        let mut out: Vec<u32> = fps.iter().map(|f| (f >> 32) as u32).collect();
        for (i, w) in words.iter().enumerate() {
            if !is_function_word(w) {
                out.push(short_hash(&["w", w]));
            }
            if let Some(next) = words.get(i + 1) {
                out.push(short_hash(&["p", w, next]));
            }
        }
        out
    };
    out.sort_unstable();
    out.dedup();
    out
}

/// A run of [`BOILERPLATE_RUN`] words found in this many short texts is
/// boilerplate ("No abstract available"), left out when two short texts
/// are compared: it would make any two of them look copied.
const BOILERPLATE_DF: u32 = 16;

/// Words in a boilerplate run.
const BOILERPLATE_RUN: usize = 4;

/// A copy of a short text is a copy of all of it: the aligned passages
/// must cover this share of the shorter one (boilerplate left out).
const SHORT_MIN_COVERAGE: f64 = 0.75;

/// Whether a text is short enough for [`dedup_prints`]' word fingerprints.
fn is_short(text: &str) -> bool {
    text.split_whitespace().nth(SHORT_WORDS).is_none()
}

/// The byte ranges of the words and numbers of `text` with the keys of
/// the [`BOILERPLATE_RUN`]-word runs starting at each.
fn word_runs(text: &str) -> (Vec<std::ops::Range<usize>>, Vec<u64>) {
    let words: Vec<_> = tokenize(text)
        .into_iter()
        .filter(|t| t.kind != TokenKind::Punct)
        .collect();
    let folded: Vec<String> = words.iter().map(|t| fold_word(t.text(text))).collect();
    let keys = folded
        .windows(BOILERPLATE_RUN)
        .map(|w| text_key(&w.join(" ")))
        .collect();
    (
        words.iter().map(|t| t.byte_start..t.byte_end).collect(),
        keys,
    )
}

/// The fingerprint hash of the parts, top 32 bits.
fn short_hash(parts: &[&str]) -> u32 {
    (hash(parts) >> 32) as u32
}

/// A candidate must share at least this share of the smaller document's
/// kept fingerprints: copies share most, documents on one subject few.
const MIN_SHARE: f64 = 0.1;

/// Where a document's text lies in the spill file.
#[derive(Debug, Clone, Copy)]
struct Slot {
    offset: u64,
    len: u32,
}

/// Streams documents in, then finds their families.
pub struct Deduper<'l> {
    lex: &'l Lexicon,
    opts: DedupOptions,
    spill: File,
    spilled: u64,
    ids: Vec<String>,
    dates: Vec<Option<String>>,
    slots: Vec<Slot>,
    /// Fingerprints of every document, concatenated; `starts[i]..starts[i+1]`.
    prints: Vec<u32>,
    starts: Vec<u64>,
    /// First document with each exact text (after whitespace and case
    /// folding), and what each later identical one copies.
    exact: HashMap<u64, u32>,
    same_as: Vec<Option<u32>>,
    /// In how many distinct short texts each word run occurs.
    boilerplate: HashMap<u64, u32>,
}

/// A document for [`Deduper::push`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DedupDoc {
    /// Its id.
    pub id: String,
    /// Its text.
    pub text: String,
    /// Its date, if known (ISO 8601 compares correctly as text).
    pub date: Option<String>,
}

/// Progress of [`Deduper::finish`]: documents done out of all.
pub type Progress<'a> = &'a (dyn Fn(usize, usize) + Sync);

/// A found copy relation: `b` copies `a` (`a` earlier in input order).
#[derive(Debug, Clone, Copy)]
struct Edge {
    a: u32,
    b: u32,
    verdict: CompareVerdict,
    similarity: f64,
    direction: Direction,
}

fn text_key(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for w in text.split_whitespace() {
        for c in w.chars().flat_map(char::to_lowercase) {
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h ^= u64::from(b);
                h = h.wrapping_mul(0x0100_0000_01b3);
            }
        }
        h ^= 0x20;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

impl<'l> Deduper<'l> {
    /// A deduper spilling text to an unnamed temporary file in `spill_dir`
    /// (removed when the deduper is dropped, even on a crash).
    pub fn new(lex: &'l Lexicon, opts: DedupOptions, spill_dir: &Path) -> io::Result<Self> {
        Ok(Deduper {
            lex,
            opts,
            spill: tempfile::tempfile_in(spill_dir)?,
            spilled: 0,
            ids: Vec::new(),
            dates: Vec::new(),
            slots: Vec::new(),
            prints: Vec::new(),
            starts: vec![0],
            exact: HashMap::new(),
            same_as: Vec::new(),
            boilerplate: HashMap::new(),
        })
    }

    /// Documents pushed so far.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether no document was pushed.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Adds a batch of documents (fingerprinted in parallel).
    pub fn push(&mut self, docs: Vec<DedupDoc>) -> io::Result<()> {
        let lex = self.lex;
        type Prints = (u64, Vec<u32>, Vec<u64>);
        let prints: Vec<Prints> = docs
            .par_iter()
            .map(|d| {
                let mut keys: Vec<u64> = if is_short(&d.text) {
                    word_runs(&d.text).1
                } else {
                    Vec::new()
                };
                keys.sort_unstable();
                keys.dedup();
                (text_key(&d.text), dedup_prints(lex, &d.text), keys)
            })
            .collect();
        let mut buf = io::BufWriter::new(&mut self.spill);
        for (doc, (key, fps, sentence_keys)) in docs.into_iter().zip(prints) {
            let i = self.ids.len() as u32;
            let len = u32::try_from(doc.text.len()).map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("document {:?} is over 4 GB", doc.id),
                )
            })?;
            buf.write_all(doc.text.as_bytes())?;
            self.slots.push(Slot {
                offset: self.spilled,
                len,
            });
            self.spilled += u64::from(len);
            let first = *self.exact.entry(key).or_insert(i);
            if first == i {
                self.same_as.push(None);
                self.prints.extend(fps);
                for k in sentence_keys {
                    *self.boilerplate.entry(k).or_insert(0) += 1;
                }
            } else {
                self.same_as.push(Some(first));
            }
            self.starts.push(self.prints.len() as u64);
            self.ids.push(doc.id);
            self.dates.push(doc.date);
        }
        buf.flush()
    }

    /// Finds the families; one row per document, in input order.
    pub fn finish(self, progress: Progress<'_>) -> io::Result<Vec<DedupRow>> {
        let n = self.ids.len();
        if n == 0 {
            return Ok(Vec::new());
        }
        // SAFETY: the spill file is an unnamed temporary file of this
        // process, fully written and never modified while mapped.
        let map = unsafe { memmap2::Mmap::map(&self.spill)? };
        let text = |i: u32| -> &str {
            let s = self.slots[i as usize];
            let bytes = &map[s.offset as usize..s.offset as usize + s.len as usize];
            std::str::from_utf8(bytes).unwrap_or_default()
        };
        // Postings: (fingerprint, document), sorted.
        let mut postings: Vec<(u32, u32)> = Vec::with_capacity(self.prints.len());
        for i in 0..n {
            let (s, e) = (self.starts[i] as usize, self.starts[i + 1] as usize);
            postings.extend(self.prints[s..e].iter().map(|&f| (f, i as u32)));
        }
        postings.par_sort_unstable();
        postings.dedup();
        let total = n.max(1) as f64;
        let comparer = Comparer::new(self.lex);
        let opts = self.opts;
        // A text's words outside boilerplate runs.
        let strip = |t: &str| -> String {
            let (words, keys) = word_runs(t);
            let mut keep = vec![true; words.len()];
            for (i, k) in keys.iter().enumerate() {
                if self.boilerplate.get(k).copied().unwrap_or(0) >= BOILERPLATE_DF {
                    keep[i..i + BOILERPLATE_RUN].fill(false);
                }
            }
            let kept: Vec<&str> = words
                .into_iter()
                .zip(keep)
                .filter(|(_, k)| *k)
                .map(|(w, _)| &t[w])
                .collect();
            kept.join(" ")
        };
        let done = std::sync::atomic::AtomicUsize::new(0);
        let edges: Vec<Edge> = (0..n as u32)
            .into_par_iter()
            .flat_map_iter(|i| {
                let (s, e) = (
                    self.starts[i as usize] as usize,
                    self.starts[i as usize + 1] as usize,
                );
                let mut scores: HashMap<u32, (f64, u32)> = HashMap::new();
                for &f in &self.prints[s..e] {
                    let lo = postings.partition_point(|p| p.0 < f);
                    let hi = lo + postings[lo..].partition_point(|p| p.0 == f);
                    let df = hi - lo;
                    if df < 2 || df > opts.max_df {
                        continue;
                    }
                    let idf = (1.0 + total / df as f64).ln();
                    for &(_, j) in &postings[lo..hi] {
                        if j < i {
                            let e = scores.entry(j).or_insert((0.0, 0));
                            e.0 += idf;
                            e.1 += 1;
                        }
                    }
                }
                let len = |d: u32| self.starts[d as usize + 1] - self.starts[d as usize];
                let mut cands: Vec<(u32, f64)> = scores
                    .into_iter()
                    .filter(|&(j, (_, shared))| {
                        let smaller = len(i).min(len(j));
                        // Two short documents may share only a couple.
                        let need = if smaller <= SHORT {
                            opts.min_shared.min(2)
                        } else {
                            opts.min_shared
                        };
                        shared >= need && f64::from(shared) >= MIN_SHARE * smaller as f64
                    })
                    .map(|(j, (score, _))| (j, score))
                    .collect();
                cands.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                cands.truncate(opts.verify);
                let found: Vec<Edge> = cands
                    .into_iter()
                    .filter_map(|(j, _)| {
                        let (tj, ti) = (text(j), text(i));
                        let r = if is_short(tj) || is_short(ti) {
                            let (sj, si) = (strip(tj), strip(ti));
                            let r = comparer.compare("a", &sj, "b", &si);
                            let smaller = if sj.len() <= si.len() {
                                r.coverage.a
                            } else {
                                r.coverage.b
                            };
                            if smaller < SHORT_MIN_COVERAGE {
                                return None;
                            }
                            r
                        } else {
                            comparer.compare("a", tj, "b", ti)
                        };
                        r.verdict.is_copy().then_some(Edge {
                            a: j,
                            b: i,
                            verdict: r.verdict,
                            similarity: r.similarity,
                            direction: r.direction,
                        })
                    })
                    .collect();
                let d = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                if d.is_multiple_of(256) || d == n {
                    progress(d, n);
                }
                found
            })
            .collect();
        drop(postings);
        let mut edges = edges;
        for (i, same) in self.same_as.iter().enumerate() {
            if let Some(first) = same {
                edges.push(Edge {
                    a: *first,
                    b: i as u32,
                    verdict: CompareVerdict::VerbatimCopy,
                    similarity: 1.0,
                    direction: Direction::Unknown,
                });
            }
        }
        edges.sort_by_key(|e| (e.a, e.b));

        // Families: connected components, labelled by their first member.
        let mut parent: Vec<u32> = (0..n as u32).collect();
        fn root(parent: &mut [u32], mut x: u32) -> u32 {
            while parent[x as usize] != x {
                parent[x as usize] = parent[parent[x as usize] as usize];
                x = parent[x as usize];
            }
            x
        }
        for e in &edges {
            let (ra, rb) = (root(&mut parent, e.a), root(&mut parent, e.b));
            if ra != rb {
                let (lo, hi) = (ra.min(rb), ra.max(rb));
                parent[hi as usize] = lo;
            }
        }
        let mut members: HashMap<u32, Vec<u32>> = HashMap::new();
        for i in 0..n as u32 {
            let r = root(&mut parent, i);
            members.entry(r).or_default().push(i);
        }
        // Direction votes: +1 for looking like a source, -1 for a copy.
        let mut votes = vec![0i32; n];
        for e in &edges {
            match e.direction {
                Direction::AToB => {
                    votes[e.a as usize] += 1;
                    votes[e.b as usize] -= 1;
                }
                Direction::BToA => {
                    votes[e.b as usize] += 1;
                    votes[e.a as usize] -= 1;
                }
                Direction::Unknown => {}
            }
        }
        let mut original = vec![0u32; n];
        let mut families: Vec<(u32, Vec<u32>)> = members.into_iter().collect();
        families.sort_by_key(|(r, _)| *r);
        for (_, m) in &families {
            let dated = m.iter().all(|&i| self.dates[i as usize].is_some());
            let orig = if dated {
                *m.iter()
                    .min_by(|&&x, &&y| {
                        self.dates[x as usize]
                            .cmp(&self.dates[y as usize])
                            .then(x.cmp(&y))
                    })
                    .expect("a family has members")
            } else {
                *m.iter()
                    .max_by(|&&x, &&y| votes[x as usize].cmp(&votes[y as usize]).then(y.cmp(&x)))
                    .expect("a family has members")
            };
            for &i in m {
                original[i as usize] = orig;
            }
        }
        // Each copy's verdict: against the original when they were
        // compared (or are compared now), else its strongest relation.
        let mut best: Vec<Option<(CompareVerdict, f64)>> = vec![None; n];
        let mut direct: HashMap<(u32, u32), (CompareVerdict, f64)> = HashMap::new();
        for e in &edges {
            for (me, other) in [(e.a, e.b), (e.b, e.a)] {
                if best[me as usize].is_none_or(|(_, s)| e.similarity > s) {
                    best[me as usize] = Some((e.verdict, e.similarity));
                }
                if original[me as usize] == other {
                    direct.insert((other, me), (e.verdict, e.similarity));
                }
            }
        }
        let missing: Vec<u32> = (0..n as u32)
            .filter(|&i| {
                let o = original[i as usize];
                o != i && !direct.contains_key(&(o, i))
            })
            .collect();
        let computed: Vec<(u32, CompareVerdict, f64)> = missing
            .par_iter()
            .map(|&i| {
                let o = original[i as usize];
                let r = comparer.compare("a", text(o), "b", text(i));
                (i, r.verdict, r.similarity)
            })
            .collect();
        for (i, verdict, similarity) in computed {
            if verdict.is_copy() {
                direct.insert((original[i as usize], i), (verdict, similarity));
            }
        }
        let rows = (0..n as u32)
            .map(|i| {
                let o = original[i as usize];
                let family = self.ids[o as usize].clone();
                if o == i {
                    return DedupRow {
                        id: self.ids[i as usize].clone(),
                        family,
                        role: Role::Original,
                        verdict: None,
                        similarity: 1.0,
                    };
                }
                let (verdict, similarity) = direct
                    .get(&(o, i))
                    .copied()
                    .or(best[i as usize])
                    .expect("a copy has a relation");
                DedupRow {
                    id: self.ids[i as usize].clone(),
                    family,
                    role: Role::Copy,
                    verdict: Some(verdict),
                    similarity,
                }
            })
            .collect();
        Ok(rows)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(id: &str, text: &str, date: Option<&str>) -> DedupDoc {
        DedupDoc {
            id: id.to_owned(),
            text: text.to_owned(),
            date: date.map(str::to_owned),
        }
    }

    const SOURCE: &str = "Secretary of State Marco Rubio told ABC on Sunday that 1,400 troops \
        would leave Kabul before the talks in Geneva resume in March. Officials told the \
        BBC's US partner CBS News that the Pentagon had approved the plan on 12 February, \
        and that General Mark Milley would brief the Senate Armed Services Committee in \
        Washington on Tuesday. The White House said President Trump had spoken to Prime \
        Minister Shehbaz Sharif of Pakistan about the route through Islamabad and Peshawar.";
    const SPUN: &str = "Secretary of State Marco Rubio instructed ABC on Sunday that 1,400 troops \
        would depart Kabul earlier than the talks in Geneva restart in March. Officers instructed \
        the BBC's US accomplice CBS News that the Pentagon had accepted the plan on 12 February, \
        and that General Mark Milley would brief the Senate Armed Services Committee in \
        Washington on Tuesday. The White House stated President Trump had talked to Prime \
        Minister Shehbaz Sharif of Pakistan concerning the path through Islamabad and Peshawar.";
    const OTHER: &str = "Manchester United beat Arsenal 2-1 at Old Trafford on Saturday, with \
        Wayne Rooney scoring twice before Thierry Henry pulled one back for the visitors in \
        the 78th minute. Sir Alex Ferguson praised his defence after the match.";

    #[test]
    fn families_and_originals() {
        let lex = Lexicon::embedded();
        let mut d = Deduper::new(&lex, DedupOptions::default(), &std::env::temp_dir()).unwrap();
        d.push(vec![
            doc("spun", SPUN, None),
            doc("other", OTHER, None),
            doc("source", SOURCE, None),
            doc("twin", &SOURCE.to_uppercase(), None),
        ])
        .unwrap();
        let rows = d.finish(&|_, _| {}).unwrap();
        let ids: Vec<&str> = rows.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["spun", "other", "source", "twin"]);
        let other = &rows[1];
        assert_eq!(
            (other.family.as_str(), other.role),
            ("other", Role::Original)
        );
        // spun, source and twin are one family.
        assert_eq!(rows[0].family, rows[2].family);
        assert_eq!(rows[2].family, rows[3].family);
        let originals = rows
            .iter()
            .filter(|r| r.family == rows[0].family && r.role == Role::Original)
            .count();
        assert_eq!(originals, 1);
        let spun = &rows[0];
        if spun.role == Role::Copy {
            assert_eq!(spun.verdict, Some(CompareVerdict::SpunCopy));
        }
    }

    #[test]
    fn earliest_date_is_the_original() {
        let lex = Lexicon::embedded();
        let mut d = Deduper::new(&lex, DedupOptions::default(), &std::env::temp_dir()).unwrap();
        d.push(vec![
            doc("source", SOURCE, Some("2024-03-02")),
            doc("spun", SPUN, Some("2024-03-01")),
        ])
        .unwrap();
        let rows = d.finish(&|_, _| {}).unwrap();
        assert_eq!(rows[1].role, Role::Original);
        assert_eq!(rows[0].role, Role::Copy);
        assert_eq!(rows[0].family, "spun");
        assert_eq!(rows[0].verdict, Some(CompareVerdict::SpunCopy));
    }

    #[test]
    fn short_titles_with_shared_boilerplate() {
        // Titles with no anchor at all, each followed by the same
        // boilerplate sentence: the spun title joins its original, the
        // other titles stay apart although the boilerplate is most of
        // their words.
        let lex = Lexicon::embedded();
        let mut d = Deduper::new(&lex, DedupOptions::default(), &std::env::temp_dir()).unwrap();
        let titles = [
            "Using semantic web approach in augmented audio reality system for museum visitors",
            "Quality driven web services composition",
            "Type based service composition",
            "Mining models of human activities from the web",
            "Efficient kernel feature extraction for massive data sets",
        ];
        let mut docs: Vec<DedupDoc> = titles
            .iter()
            .enumerate()
            .map(|(i, t)| {
                doc(
                    &format!("t{i}"),
                    &format!("{t} No contact information provided yet."),
                    None,
                )
            })
            .collect();
        // Enough other documents with the boilerplate for it to count as
        // such.
        for i in 0..BOILERPLATE_DF as usize {
            docs.push(doc(
                &format!("filler{i}"),
                &format!("Paper number {i} of the series No contact information provided yet."),
                None,
            ));
        }
        docs.push(doc(
            "spun",
            "Using semantic web approach in augmented audio reality system for picture \
             gallery visitors No contact information provided yet.",
            None,
        ));
        d.push(docs).unwrap();
        let rows = d.finish(&|_, _| {}).unwrap();
        let family = |id: &str| {
            rows.iter()
                .find(|r| r.id == id)
                .map(|r| r.family.clone())
                .unwrap()
        };
        assert_eq!(family("spun"), family("t0"));
        for i in 1..titles.len() {
            assert_eq!(family(&format!("t{i}")), format!("t{i}"), "t{i} was merged");
        }
    }
}
