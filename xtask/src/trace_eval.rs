//! Retrieval of sources by spin-robust fingerprints (`xtask trace-eval`):
//! the training half of the BBC news plus every science abstract is
//! indexed in memory; queries are spun copies of indexed articles (10, 25
//! and 40%), partial copies (a third of an article spun at 25% inside
//! another article's text) and clean articles that are not indexed.
//! Candidates are ranked by the idf-weighted fingerprints they share and
//! the best few verified with the aligner.

use std::collections::HashMap;
use std::time::Instant;

use anyhow::Result;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use unspin_align::Comparer;
use unspin_index::fingerprints;
use unspin_lexicon::Lexicon;

use crate::align::spinner;
use crate::corpus::{self, Doc};
use crate::spin::{self, Thesauri};

/// A query text and the index of its source, if it has one.
type Query = (String, Option<u32>);

/// Candidates verified with the aligner per query.
const VERIFY: usize = 3;

struct Index {
    postings: HashMap<u64, Vec<u32>>,
    docs: usize,
}

impl Index {
    fn build(lex: &Lexicon, docs: &[&Doc]) -> Index {
        let prints: Vec<Vec<u64>> = docs
            .par_iter()
            .map(|d| fingerprints(lex, &d.text))
            .collect();
        let mut postings: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, p) in prints.iter().enumerate() {
            for &f in p {
                postings.entry(f).or_default().push(i as u32);
            }
        }
        Index {
            postings,
            docs: docs.len(),
        }
    }

    /// Documents ranked by the summed idf of the fingerprints they share
    /// with the query, best first.
    fn search(&self, lex: &Lexicon, text: &str, top: usize) -> Vec<(u32, f64)> {
        let mut score: HashMap<u32, f64> = HashMap::new();
        for f in fingerprints(lex, text) {
            if let Some(p) = self.postings.get(&f) {
                let idf = (self.docs as f64 / p.len() as f64).ln();
                for &d in p {
                    *score.entry(d).or_default() += idf;
                }
            }
        }
        let mut v: Vec<(u32, f64)> = score.into_iter().collect();
        v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        v.truncate(top);
        v
    }
}

pub fn run(data: &std::path::Path, lex: &Lexicon, th: &Thesauri, queries: usize) -> Result<()> {
    // Odd-index articles (the training half) are indexed; even-index ones
    // (the held-out half) serve as clean queries and hosts.
    let (mut news_train, mut news_held) = (Vec::new(), Vec::new());
    for (i, d) in corpus::news(data)?.into_iter().enumerate() {
        if i % 2 == 0 {
            news_held.push(d);
        } else {
            news_train.push(d);
        }
    }
    let science = corpus::science(data)?;
    let mut indexed: Vec<&Doc> = news_train.iter().collect();
    indexed.extend(science.iter());
    let t = Instant::now();
    let index = Index::build(lex, &indexed);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "## Retrieval by fingerprints\n\n{} documents indexed ({} news, {} science) in {secs:.1} s, {} distinct fingerprints\n",
        indexed.len(),
        news_train.len(),
        science.len(),
        index.postings.len()
    );
    let cmp = Comparer::new(lex);
    let mut rng = ChaCha8Rng::seed_from_u64(0x7ACE);
    let mut sets: Vec<(String, Vec<Query>)> = Vec::new();
    for rate in [0.10, 0.25, 0.40] {
        let mut qs = Vec::new();
        for k in 0..queries {
            let src = rng.random_range(0..news_train.len());
            let (spun, _) = spin::spin(th, spinner(k, rate), &news_train[src].text, &mut rng);
            qs.push((spun, Some(src as u32)));
        }
        sets.push((format!("spun {:.0}%", rate * 100.0), qs));
    }
    let mut qs = Vec::new();
    for k in 0..queries {
        let src = rng.random_range(0..news_train.len());
        let text = &news_train[src].text;
        let chars: Vec<char> = text.chars().collect();
        let third = chars.len() / 3;
        let start = rng.random_range(0..=chars.len() - third);
        let part: String = chars[start..start + third].iter().collect();
        let (spun, _) = spin::spin(th, spinner(k, 0.25), &part, &mut rng);
        let host = &news_held[rng.random_range(0..news_held.len())].text;
        let cut = host.len() / 2;
        let cut = (0..=cut)
            .rev()
            .find(|&c| host.is_char_boundary(c))
            .unwrap_or(0);
        qs.push((
            format!("{}\n\n{spun}\n\n{}", &host[..cut], &host[cut..]),
            Some(src as u32),
        ));
    }
    sets.push(("a third spun at 25% inside another article".to_string(), qs));
    let clean: Vec<Query> = news_held
        .iter()
        .take(queries)
        .map(|d| (d.text.clone(), None))
        .collect();
    sets.push(("clean articles not indexed".to_string(), clean));

    println!(
        "| queries | n | source ranked first after verification | source among the top {VERIFY} candidates | any copy verdict after verification | ms per query (search + verification) |\n| --- | ---: | ---: | ---: | ---: | ---: |"
    );
    for (label, qs) in &sets {
        let t = Instant::now();
        let results: Vec<(bool, bool, bool)> = qs
            .iter()
            .map(|(q, src)| {
                let hits = index.search(lex, q, VERIFY);
                let among = src.is_some_and(|s| hits.iter().any(|h| h.0 == s));
                // Verified candidates, ranked by how much of the source
                // the query reuses.
                let mut verified: Vec<(u32, f64)> = hits
                    .iter()
                    .filter_map(|h| {
                        let r = cmp.compare("source", &indexed[h.0 as usize].text, "query", q);
                        r.verdict.is_copy().then_some((h.0, r.coverage.b))
                    })
                    .collect();
                verified.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                let first = src.is_some() && verified.first().map(|v| v.0) == *src;
                (first, among, !verified.is_empty())
            })
            .collect();
        let ms = t.elapsed().as_secs_f64() * 1000.0 / qs.len().max(1) as f64;
        let n = results.len().max(1) as f64;
        let pct = |f: fn(&(bool, bool, bool)) -> bool| {
            100.0 * results.iter().filter(|r| f(r)).count() as f64 / n
        };
        println!(
            "| {label} | {} | {:.1}% | {:.1}% | {:.1}% | {ms:.1} |",
            results.len(),
            pct(|r| r.0),
            pct(|r| r.1),
            pct(|r| r.2),
        );
    }
    println!();
    Ok(())
}
