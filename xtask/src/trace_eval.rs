//! Figures of `unspin index` / `unspin trace` (`xtask trace-eval`) and the
//! data sets behind them (`xtask index-data`).
//!
//! The evaluation index holds every BBC article plus distractors: all
//! science abstracts, documents generated on the BBC topics (a word-bigram
//! chain per category, so they use the same names and vocabulary), and
//! shuffled-sentence decoys (sentences of several articles of one category
//! mixed, so they hold real sentences of the sources). Queries:
//!
//! - spun copies of BBC articles at 10, 25 and 40% (thesauri rotate over
//!   WordNet, Moby and a two-step chain; capitalised words and phrases are
//!   swapped too);
//! - partial copies: a third of a BBC article, spun at 25%, inside a news
//!   article from another corpus (PolNeAR) that is not indexed;
//! - clean, uncopied news (PolNeAR articles, not indexed).
//!
//! A query is answered right when the first match is its source, or a
//! verified duplicate of it (the BBC corpus holds some articles twice).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use unspin_align::CompareVerdict;
use unspin_index::{NewDoc, SourceIndex, TraceOptions, Tracer, fingerprints};
use unspin_lexicon::Lexicon;

use crate::align::spinner;
use crate::corpus::{self, Doc};
use crate::spin::{self, Thesauri};

/// The news of PolNeAR (US politics, 2016): never indexed.
pub fn polnear(data: &Path) -> Result<Vec<Doc>> {
    let mut out = Vec::new();
    for split in ["train", "dev"] {
        let dir = data.join("quotes/polnear/data").join(split).join("text");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .with_context(|| format!("listing {}", dir.display()))?
            .map(|e| e.map(|e| e.path()))
            .collect::<Result<_, _>>()?;
        files.sort();
        for p in files {
            let text = String::from_utf8_lossy(&std::fs::read(&p)?).into_owned();
            out.push(Doc {
                id: format!(
                    "polnear/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                ),
                text,
            });
        }
    }
    Ok(out)
}

fn category(id: &str) -> &str {
    id.split('/').nth(2).unwrap_or("news")
}

fn sentences_of(text: &str) -> Vec<String> {
    let tokens = unspin_text::tokenize(text);
    unspin_text::sentences(text, &tokens)
        .into_iter()
        .filter(|s| s.end > s.start)
        .map(|s| {
            text[tokens[s.start].byte_start..tokens[s.end - 1].byte_end]
                .trim()
                .to_string()
        })
        .filter(|s| s.split_whitespace().count() >= 5)
        .collect()
}

/// Documents generated from a word-bigram chain over `docs`: the same
/// names and vocabulary, no real sentence.
pub fn generated(docs: &[&Doc], n: usize, rng: &mut ChaCha8Rng, prefix: &str) -> Vec<Doc> {
    let mut next: HashMap<&str, Vec<&str>> = HashMap::new();
    let mut starts: Vec<&str> = Vec::new();
    for d in docs {
        for line in d.text.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let Some(w) = words.first() {
                starts.push(w);
            }
            for w in words.windows(2) {
                next.entry(w[0]).or_default().push(w[1]);
            }
        }
    }
    (0..n)
        .map(|k| {
            let len = rng.random_range(150..650);
            let mut words: Vec<&str> = Vec::with_capacity(len);
            let mut w = starts[rng.random_range(0..starts.len())];
            while words.len() < len {
                words.push(w);
                w = match next.get(w) {
                    Some(v) if !w.ends_with('.') || rng.random_bool(0.5) => {
                        v[rng.random_range(0..v.len())]
                    }
                    _ => starts[rng.random_range(0..starts.len())],
                };
            }
            Doc {
                id: format!("{prefix}/{k}"),
                text: words.join(" "),
            }
        })
        .collect()
}

/// Decoys: 8–20 sentences drawn from several articles of one category,
/// shuffled.
pub fn decoys(docs: &[&Doc], n: usize, rng: &mut ChaCha8Rng, prefix: &str) -> Vec<Doc> {
    let sents: Vec<Vec<String>> = docs.par_iter().map(|d| sentences_of(&d.text)).collect();
    (0..n)
        .map(|k| {
            let count = rng.random_range(8..=20);
            let mut out = Vec::with_capacity(count);
            while out.len() < count {
                let d = &sents[rng.random_range(0..sents.len())];
                if !d.is_empty() {
                    out.push(d[rng.random_range(0..d.len())].clone());
                }
            }
            out.shuffle(rng);
            Doc {
                id: format!("{prefix}/{k}"),
                text: out.join(" "),
            }
        })
        .collect()
}

/// The evaluation corpus: BBC articles first, then distractors.
pub fn corpus(data: &Path, distractors: usize, seed: u64) -> Result<(Vec<Doc>, usize)> {
    let news = corpus::news(data)?;
    let science = corpus::science(data)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut out: Vec<Doc> = news.clone();
    let bbc = out.len();
    out.extend(science.into_iter().take(distractors));
    let rest = distractors.saturating_sub(out.len() - bbc);
    let mut by_cat: HashMap<&str, Vec<&Doc>> = HashMap::new();
    for d in &news {
        by_cat.entry(category(&d.id)).or_default().push(d);
    }
    let mut cats: Vec<(&str, Vec<&Doc>)> = by_cat.into_iter().collect();
    cats.sort_by_key(|c| c.0);
    let per = rest.div_ceil(2 * cats.len());
    for (cat, docs) in &cats {
        out.extend(generated(docs, per, &mut rng, &format!("generated/{cat}")));
        out.extend(decoys(docs, per, &mut rng, &format!("decoy/{cat}")));
    }
    // NCBI abstracts can appear in more than one file.
    let mut seen = HashSet::new();
    out.retain(|d| seen.insert(d.id.clone()));
    out.truncate(bbc + distractors);
    Ok((out, bbc))
}

/// Builds an on-disk index of `docs` at `dir`; returns documents per second.
pub fn build(lex: &Lexicon, docs: &[Doc], dir: &Path) -> Result<f64> {
    let _ = std::fs::remove_dir_all(dir);
    let index = SourceIndex::create(dir)?;
    let mut w = index.writer(256_000_000)?;
    let t = Instant::now();
    for chunk in docs.chunks(512) {
        let prints: Vec<Vec<u64>> = chunk
            .par_iter()
            .map(|d| fingerprints(lex, &d.text))
            .collect();
        for (d, p) in chunk.iter().zip(&prints) {
            let doc = NewDoc {
                id: &d.id,
                text: &d.text,
                title: d.text.lines().next(),
                url: None,
                date: None,
                meta: None,
            };
            w.add(doc, p, false)?;
        }
    }
    w.commit()?;
    w.finish()?;
    Ok(docs.len() as f64 / t.elapsed().as_secs_f64())
}

/// Per query: source first, source among the matches, any copy verdict,
/// milliseconds.
type Outcome = (bool, bool, bool, f64);

struct Query {
    text: String,
    source: Option<String>,
}

fn splice(host: &str, part: &str) -> String {
    let cut = host.len() / 2;
    let cut = (0..=cut)
        .rev()
        .find(|&c| host.is_char_boundary(c))
        .unwrap_or(0);
    format!("{}\n\n{part}\n\n{}", &host[..cut], &host[cut..])
}

fn third(text: &str, rng: &mut ChaCha8Rng) -> String {
    let chars: Vec<char> = text.chars().collect();
    let len = chars.len() / 3;
    let start = rng.random_range(0..=chars.len() - len);
    chars[start..start + len].iter().collect()
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

pub struct Options {
    pub queries: usize,
    pub distractors: usize,
    pub large: usize,
    pub seed: u64,
    pub work: PathBuf,
}

pub fn run(data: &Path, lex: &Lexicon, th: &Thesauri, o: &Options) -> Result<()> {
    std::fs::create_dir_all(&o.work)?;
    let (docs, bbc) = corpus(data, o.distractors, o.seed)?;
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let dir = o.work.join("index");
    let rate = build(lex, &docs, &dir)?;
    let index = SourceIndex::open(&dir)?;
    let stats = index.stats()?;
    println!(
        "## Retrieval\n\n{} documents indexed ({bbc} BBC articles, {} distractors), {:.1} MB of text, {rate:.0} documents/s; index {:.1} MB on disk ({:.2}× the text)\n",
        docs.len(),
        docs.len() - bbc,
        text_bytes as f64 / 1e6,
        stats.disk_bytes as f64 / 1e6,
        stats.disk_bytes as f64 / text_bytes as f64
    );
    let tracer = Tracer::new(lex, &index);
    let opts = TraceOptions::default();
    // Verified duplicates among the BBC articles.
    let dups: Vec<HashSet<String>> = docs[..bbc]
        .par_iter()
        .map(|d| {
            let mut set: HashSet<String> = tracer
                .trace(&d.id, &d.text, &opts)
                .map(|r| {
                    r.matches
                        .into_iter()
                        .filter(|m| {
                            m.verdict == CompareVerdict::VerbatimCopy
                                && m.id.starts_with("news/")
                                && m.coverage.query >= 0.8
                                && m.coverage.source >= 0.8
                        })
                        .map(|m| m.id)
                        .collect()
                })
                .unwrap_or_default();
            set.insert(d.id.clone());
            set
        })
        .collect();
    let dup_of: HashMap<&str, &HashSet<String>> = docs[..bbc]
        .iter()
        .map(|d| d.id.as_str())
        .zip(dups.iter())
        .collect();
    let with_dups = dups.iter().filter(|s| s.len() > 1).count();
    println!(
        "{with_dups} BBC articles have a verified verbatim duplicate in the corpus; a query answered with the duplicate of its source counts as right.\n"
    );

    let polnear = polnear(data)?;
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed ^ 0x7ACE);
    let mut sets: Vec<(String, Vec<Query>)> = Vec::new();
    for rate in [0.10, 0.25, 0.40] {
        let qs = (0..o.queries)
            .map(|k| {
                let src = &docs[rng.random_range(0..bbc)];
                let (spun, _) = spin::spin(th, spinner(k, rate), &src.text, &mut rng);
                Query {
                    text: spun,
                    source: Some(src.id.clone()),
                }
            })
            .collect();
        sets.push((format!("spun copies, {:.0}%", rate * 100.0), qs));
    }
    let qs = (0..o.queries)
        .map(|k| {
            let src = &docs[rng.random_range(0..bbc)];
            let part = third(&src.text, &mut rng);
            let (spun, _) = spin::spin(th, spinner(k, 0.25), &part, &mut rng);
            let host = &polnear[rng.random_range(0..polnear.len())].text;
            Query {
                text: splice(host, &spun),
                source: Some(src.id.clone()),
            }
        })
        .collect();
    sets.push((
        "a third of an article spun at 25% inside another outlet's article".to_string(),
        qs,
    ));
    let clean = polnear
        .iter()
        .map(|d| Query {
            text: d.text.clone(),
            source: None,
        })
        .collect();
    sets.push((
        "clean news from another outlet (PolNeAR, not indexed)".to_string(),
        clean,
    ));

    println!(
        "| queries | n | right source first | source among matches | any copy-verdict match | ms p50 | ms p99 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    );
    for (label, qs) in &sets {
        let results: Vec<Outcome> = qs
            .par_iter()
            .map(|q| {
                let t = Instant::now();
                let r = tracer.trace("query", &q.text, &opts).expect("trace");
                let ms = t.elapsed().as_secs_f64() * 1000.0;
                let ok = |id: &str| {
                    q.source
                        .as_deref()
                        .is_some_and(|s| dup_of.get(s).is_some_and(|d| d.contains(id)))
                };
                let first = r
                    .matches
                    .first()
                    .is_some_and(|m| m.verdict.is_copy() && ok(&m.id));
                let among = r.matches.iter().any(|m| ok(&m.id));
                if !first && q.source.is_some() && std::env::var_os("TRACE_EVAL_SHOW").is_some() {
                    let name = format!(
                        "/tmp/miss-{}.txt",
                        q.source.as_deref().unwrap_or("").replace('/', "_")
                    );
                    let _ = std::fs::write(&name, &q.text);
                    eprintln!(
                        "MISS {name} source {:?}: {:?}",
                        q.source,
                        r.matches
                            .iter()
                            .map(|m| (
                                m.id.as_str(),
                                m.verdict.as_str(),
                                m.coverage.query,
                                m.coverage.source,
                                m.score
                            ))
                            .collect::<Vec<_>>()
                    );
                }
                (first, among, r.has_copy(), ms)
            })
            .collect();
        let n = results.len().max(1) as f64;
        let pct = |f: &dyn Fn(&Outcome) -> bool| {
            100.0 * results.iter().filter(|r| f(r)).count() as f64 / n
        };
        let mut ms: Vec<f64> = results.iter().map(|r| r.3).collect();
        ms.sort_by(f64::total_cmp);
        let is_clean = qs.iter().all(|q| q.source.is_none());
        let dash = |v: f64| {
            if is_clean {
                "—".to_string()
            } else {
                format!("{v:.1}%")
            }
        };
        println!(
            "| {label} | {} | {} | {} | {:.1}% | {:.1} | {:.1} |",
            results.len(),
            dash(pct(&|r| r.0)),
            dash(pct(&|r| r.1)),
            pct(&|r| r.2),
            percentile(&ms, 0.5),
            percentile(&ms, 0.99),
        );
    }
    println!(
        "\n(ms: two queries traced at a time on this 2-core machine; see the large-index run for single-query latency)\n"
    );
    drop(tracer);
    drop(index);
    if o.large > 0 {
        large(lex, th, o, &docs, bbc)?;
    }
    Ok(())
}

/// Speed on a large index: the evaluation corpus grown with generated
/// documents and decoys to `o.large` documents; queries are spun copies
/// of ~600-word BBC articles, traced one at a time.
fn large(lex: &Lexicon, th: &Thesauri, o: &Options, base: &[Doc], bbc: usize) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed ^ 0x1A26E);
    let refs: Vec<&Doc> = base[..bbc].iter().collect();
    let mut docs: Vec<Doc> = base.to_vec();
    let more = o.large.saturating_sub(docs.len());
    docs.extend(generated(&refs, more / 2, &mut rng, "large/generated"));
    docs.extend(decoys(&refs, more - more / 2, &mut rng, "large/decoy"));
    let text_bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    let dir = o.work.join("large-index");
    let rate = build(lex, &docs, &dir)?;
    let index = SourceIndex::open(&dir)?;
    let stats = index.stats()?;
    let tracer = Tracer::new(lex, &index);
    let long: Vec<&Doc> = base[..bbc]
        .iter()
        .filter(|d| (500..=700).contains(&d.text.split_whitespace().count()))
        .collect();
    let queries: Vec<(String, String)> = (0..o.queries)
        .map(|k| {
            let src = long[rng.random_range(0..long.len())];
            let (spun, _) = spin::spin(th, spinner(k, 0.25), &src.text, &mut rng);
            (spun, src.id.clone())
        })
        .collect();
    let words: f64 = queries
        .iter()
        .map(|q| q.0.split_whitespace().count() as f64)
        .sum::<f64>()
        / queries.len().max(1) as f64;
    // Warm the page cache and the lexicon's memo as a long-running
    // process would be.
    for q in queries.iter().take(5) {
        tracer.trace("warm", &q.0, &TraceOptions::default())?;
    }
    let mut ms = Vec::new();
    let mut found = 0;
    for (q, src) in &queries {
        let t = Instant::now();
        let r = tracer.trace("query", q, &TraceOptions::default())?;
        ms.push(t.elapsed().as_secs_f64() * 1000.0);
        found += usize::from(r.matches.iter().any(|m| &m.id == src));
    }
    ms.sort_by(f64::total_cmp);
    println!(
        "## Large index\n\n{} documents, {:.1} MB of text, indexed at {rate:.0} documents/s; {:.1} MB on disk ({:.2}× the text), {} segments\n",
        docs.len(),
        text_bytes as f64 / 1e6,
        stats.disk_bytes as f64 / 1e6,
        stats.disk_bytes as f64 / text_bytes as f64,
        stats.segments
    );
    println!(
        "{} queries (spun copies at 25% of BBC articles of 500–700 words, {words:.0} words on average), one at a time: p50 {:.1} ms, p90 {:.1} ms, p99 {:.1} ms, max {:.1} ms; source among the matches for {found}\n",
        queries.len(),
        percentile(&ms, 0.5),
        percentile(&ms, 0.9),
        percentile(&ms, 0.99),
        ms.last().copied().unwrap_or(0.0)
    );
    Ok(())
}

/// Writes the evaluation corpus and a dedup set as JSON Lines, for timing
/// the commands themselves.
pub fn write_data(
    data: &Path,
    th: &Thesauri,
    out: &Path,
    distractors: usize,
    dedup_docs: usize,
    seed: u64,
) -> Result<()> {
    std::fs::create_dir_all(out)?;
    let (docs, bbc) = corpus(data, distractors, seed)?;
    let write = |name: &str, docs: &[Doc]| -> Result<()> {
        let mut w = std::io::BufWriter::new(std::fs::File::create(out.join(name))?);
        for d in docs {
            let title = d.text.lines().next().unwrap_or("");
            serde_json::to_writer(
                &mut w,
                &serde_json::json!({"id": d.id, "title": title, "text": d.text}),
            )?;
            writeln!(w)?;
        }
        w.flush()?;
        Ok(())
    };
    write("bbc.jsonl", &docs[..bbc])?;
    write("corpus.jsonl", &docs)?;
    if dedup_docs > 0 {
        dedup_set(data, th, out, &docs[..bbc], dedup_docs, seed)?;
    }
    Ok(())
}

/// A dedup set of `n` documents: originals (BBC, PolNeAR, science) with
/// verbatim, spun (10/25/40%) and partial copies, and generated unrelated
/// documents; `docs.jsonl` (`id`, `text`) and `truth.jsonl` (`id`,
/// `family`, `kind`), shuffled.
fn dedup_set(
    data: &Path,
    th: &Thesauri,
    out: &Path,
    bbc: &[Doc],
    n: usize,
    seed: u64,
) -> Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0xDED0);
    let mut originals: Vec<Doc> = bbc.to_vec();
    originals.extend(polnear(data)?);
    originals.extend(corpus::science(data)?);
    let mut seen = HashSet::new();
    originals.retain(|d| seen.insert(d.id.clone()));
    // Roughly a tenth of the set is copies.
    let families = (n / 10).min(originals.len());
    originals.shuffle(&mut rng);
    let refs: Vec<&Doc> = bbc.iter().collect();
    // One host per partial copy, used once.
    let mut hosts = generated(&refs, families * 3, &mut rng, "host").into_iter();
    let mut rows: Vec<(String, String, String, String)> = Vec::new(); // id, text, family, kind
    for (f, o) in originals.iter().enumerate() {
        if rows.len() >= n {
            break;
        }
        rows.push((
            o.id.clone(),
            o.text.clone(),
            o.id.clone(),
            if f < families {
                "original"
            } else {
                "unrelated"
            }
            .into(),
        ));
        if f >= families {
            continue;
        }
        let copies = rng.random_range(1..=3);
        for c in 0..copies {
            let kind =
                ["verbatim", "spun10", "spun25", "spun40", "partial"][rng.random_range(0..5)];
            let text = match kind {
                "verbatim" => o.text.clone(),
                "partial" => {
                    // The rest of the document is generated text that is
                    // nowhere else in the set.
                    let host = hosts.next().map(|h| h.text).unwrap_or_default();
                    let part = third(&o.text, &mut rng);
                    splice(&host, &part)
                }
                spun => {
                    let rate = spun[4..].parse::<f64>().unwrap_or(25.0) / 100.0;
                    spin::spin(th, spinner(c + f, rate), &o.text, &mut rng).0
                }
            };
            rows.push((format!("{}#copy{c}", o.id), text, o.id.clone(), kind.into()));
        }
    }
    let fill = n.saturating_sub(rows.len());
    for g in generated(&refs, fill, &mut rng, "generated") {
        rows.push((g.id.clone(), g.text, g.id, "unrelated".into()));
    }
    rows.shuffle(&mut rng);
    let mut docs = std::io::BufWriter::new(std::fs::File::create(out.join("docs.jsonl"))?);
    let mut truth = std::io::BufWriter::new(std::fs::File::create(out.join("truth.jsonl"))?);
    for (id, text, family, kind) in &rows {
        serde_json::to_writer(&mut docs, &serde_json::json!({"id": id, "text": text}))?;
        writeln!(docs)?;
        serde_json::to_writer(
            &mut truth,
            &serde_json::json!({"id": id, "family": family, "kind": kind}),
        )?;
        writeln!(truth)?;
    }
    docs.flush()?;
    truth.flush()?;
    Ok(())
}
