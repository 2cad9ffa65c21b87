//! Seeds and chains: pairs of related content words, chained along the
//! diagonal into candidate passages.
//!
//! Seeding pairs every content word of `b` with the words of `a` that are
//! the same word or another inflection of it. Synonyms are not seeds: a
//! spinner leaves most content words alone, so literal seeds find every
//! reused passage, while thesaurus links would pair unrelated texts and
//! multiply the seeds; synonyms are recognised when the words between the
//! seeds are aligned. Chaining
//! is a dynamic programme over the seeds sorted by their position in `a`
//! (as in long-read aligners): a seed extends the best chain ending shortly
//! before it in both documents, paying for diagonal drift and distance.
//! Chains are then taken greedily from the best score down, each seed used
//! once, so one pass finds every reused passage, reordered ones included.

use foldhash::HashMap;

use crate::words::{Doc, Relation, Vocab};

/// Parameters of seeding and chaining.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ChainConfig {
    /// Largest distance in content words between two seeds of one chain.
    pub max_gap: u32,
    /// Predecessors examined per seed.
    pub lookback: usize,
    /// Seeds per word form and relation above which the form is too
    /// common to seed with.
    pub max_occurrences: usize,
    /// Score a chain needs to become a passage.
    pub min_score: f64,
    /// Seeds a chain needs to become a passage.
    pub min_seeds: usize,
}

impl Default for ChainConfig {
    fn default() -> Self {
        ChainConfig {
            max_gap: 10,
            lookback: 96,
            max_occurrences: 48,
            min_score: 5.0,
            min_seeds: 5,
        }
    }
}

/// A pair of related content words: indices into `words` of each document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Seed {
    /// Content-word index in `a`.
    pub ca: u32,
    /// Content-word index in `b`.
    pub cb: u32,
    pub rel: Relation,
}

/// A chain of seeds in increasing order in both documents.
#[derive(Debug, Clone)]
pub(crate) struct Chain {
    pub seeds: Vec<Seed>,
    pub score: f64,
}

fn weight(rel: Relation) -> f64 {
    match rel {
        Relation::Same => 1.0,
        Relation::Inflection => 0.9,
        Relation::Synonym => 0.7,
        Relation::Other => 0.0,
    }
}

/// All seeds between `a` and `b`.
pub(crate) fn seeds(vocab: &Vocab, a: &Doc, b: &Doc, cfg: &ChainConfig) -> Vec<Seed> {
    // Where each word form and each lemma occurs among a's content words.
    let mut by_type: HashMap<u32, Vec<u32>> = HashMap::default();
    let mut by_lemma: HashMap<usize, Vec<u32>> = HashMap::default();
    for (ca, &w) in a.content.iter().enumerate() {
        let ty = a.words[w as usize].ty;
        by_type.entry(ty).or_default().push(ca as u32);
        for &l in &vocab.types[ty as usize].lemmas {
            by_lemma.entry(l).or_default().push(ca as u32);
        }
    }
    // Candidates of a's content words for each word form of b, memoised.
    let mut memo: HashMap<u32, Vec<(u32, Relation)>> = HashMap::default();
    let mut out = Vec::new();
    for (cb, &w) in b.content.iter().enumerate() {
        let ty = b.words[w as usize].ty;
        let cands = memo
            .entry(ty)
            .or_insert_with(|| candidates(vocab, &by_type, &by_lemma, ty, cfg));
        out.extend(cands.iter().map(|&(ca, rel)| Seed {
            ca,
            cb: cb as u32,
            rel,
        }));
    }
    out.sort_unstable_by_key(|s| (s.ca, s.cb));
    out
}

fn candidates(
    vocab: &Vocab,
    by_type: &HashMap<u32, Vec<u32>>,
    by_lemma: &HashMap<usize, Vec<u32>>,
    ty: u32,
    cfg: &ChainConfig,
) -> Vec<(u32, Relation)> {
    let mut out: Vec<(u32, Relation)> = Vec::new();
    if let Some(p) = by_type.get(&ty).filter(|p| p.len() <= cfg.max_occurrences) {
        out.extend(p.iter().map(|&ca| (ca, Relation::Same)));
    }
    let mut infl: Vec<u32> = Vec::new();
    for l in &vocab.types[ty as usize].lemmas {
        if let Some(p) = by_lemma.get(l) {
            infl.extend(p);
        }
    }
    infl.sort_unstable();
    infl.dedup();
    let same: &[u32] = by_type.get(&ty).map_or(&[], Vec::as_slice);
    infl.retain(|ca| same.binary_search(ca).is_err());
    if infl.len() <= cfg.max_occurrences {
        out.extend(infl.iter().map(|&ca| (ca, Relation::Inflection)));
    }
    out
}

/// Chains the seeds (sorted by `(ca, cb)`) and returns every chain that
/// reaches the configured score, best first.
pub(crate) fn chains(seeds: &[Seed], cfg: &ChainConfig) -> Vec<Chain> {
    let n = seeds.len();
    let mut score = vec![0.0f64; n];
    let mut pred = vec![u32::MAX; n];
    for k in 0..n {
        let s = seeds[k];
        let w = weight(s.rel);
        let mut best = 0.0;
        let mut best_p = u32::MAX;
        let mut examined = 0;
        for p in (0..k).rev() {
            let q = seeds[p];
            if q.ca + cfg.max_gap < s.ca {
                break;
            }
            examined += 1;
            if examined > cfg.lookback {
                break;
            }
            if q.ca >= s.ca || q.cb >= s.cb || q.cb + cfg.max_gap < s.cb {
                continue;
            }
            let di = (s.ca - q.ca) as f64;
            let dj = (s.cb - q.cb) as f64;
            let cost = 0.2 * (di - dj).abs() + 0.08 * (di.min(dj) - 1.0);
            let v = score[p] - cost;
            if v > best {
                best = v;
                best_p = p as u32;
            }
        }
        score[k] = w + best;
        pred[k] = best_p;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| score[y].total_cmp(&score[x]).then(x.cmp(&y)));
    let mut used = vec![false; n];
    let mut out = Vec::new();
    for k in order {
        if used[k] || score[k] < cfg.min_score {
            continue;
        }
        let mut members = Vec::new();
        let mut cur = k as u32;
        let mut base = 0.0;
        while cur != u32::MAX {
            if used[cur as usize] {
                base = score[cur as usize];
                break;
            }
            used[cur as usize] = true;
            members.push(seeds[cur as usize]);
            cur = pred[cur as usize];
        }
        let total = score[k] - base;
        if total >= cfg.min_score && members.len() >= cfg.min_seeds {
            members.reverse();
            out.push(Chain {
                seeds: members,
                score: total,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seed(ca: u32, cb: u32) -> Seed {
        Seed {
            ca,
            cb,
            rel: Relation::Same,
        }
    }

    #[test]
    fn a_diagonal_run_is_one_chain_and_noise_is_none() {
        let mut s: Vec<Seed> = (0..20).map(|i| seed(i, i + 100)).collect();
        // Scattered chance seeds far from the diagonal.
        s.extend([seed(3, 7), seed(40, 2), seed(55, 300), seed(9, 500)]);
        s.sort_unstable_by_key(|s| (s.ca, s.cb));
        let c = chains(&s, &ChainConfig::default());
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].seeds.len(), 20);
        assert_eq!(c[0].seeds[0], seed(0, 100));
        assert!((c[0].score - 20.0).abs() < 1e-9);
    }

    #[test]
    fn swapped_passages_are_two_chains() {
        // a[0..10] appears at b[50..60], a[10..20] at b[0..10].
        let mut s: Vec<Seed> = (0..10).map(|i| seed(i, i + 50)).collect();
        s.extend((10..20).map(|i| seed(i, i - 10)));
        s.sort_unstable_by_key(|s| (s.ca, s.cb));
        let c = chains(&s, &ChainConfig::default());
        assert_eq!(c.len(), 2);
        let mut starts: Vec<(u32, u32)> =
            c.iter().map(|c| (c.seeds[0].ca, c.seeds[0].cb)).collect();
        starts.sort();
        assert_eq!(starts, [(0, 50), (10, 0)]);
    }

    #[test]
    fn short_runs_are_not_passages() {
        let s: Vec<Seed> = (0..3).map(|i| seed(i, i)).collect();
        assert!(chains(&s, &ChainConfig::default()).is_empty());
    }
}
