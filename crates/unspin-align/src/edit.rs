//! Word-level edit scripts between two stretches of words.
//!
//! Inside a passage the chain's seeds are fixed points; the words between
//! two seeds (function words, unrelated substitutions, insertions and
//! deletions) are aligned by a small weighted edit-distance programme, so
//! the cost stays linear in the passage length.

use crate::report::{Op, OpKind, Span};
use crate::words::{Doc, Relation, Vocab};

/// One aligned position: a word of `a`, a word of `b`, or both.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Step {
    Pair(u32, u32, Relation),
    Delete(u32),
    Insert(u32),
}

/// Cells above which the words between two fixed points are not aligned
/// word by word (reported as one deletion and one insertion).
const MAX_CELLS: usize = 250_000;

const INDEL: f64 = 0.7;

fn cost(rel: Relation) -> f64 {
    match rel {
        Relation::Same => 0.0,
        Relation::Inflection => 0.3,
        Relation::Synonym => 0.4,
        Relation::Other => 1.0,
    }
}

/// Aligns words `a.words[ia]` with `b.words[ib]` (half-open ranges).
pub(crate) fn align_words(
    vocab: &mut Vocab,
    a: &Doc,
    b: &Doc,
    ia: std::ops::Range<u32>,
    ib: std::ops::Range<u32>,
    out: &mut Vec<Step>,
) {
    let n = (ia.end - ia.start) as usize;
    let m = (ib.end - ib.start) as usize;
    if n == 0 || m == 0 || (n + 1) * (m + 1) > MAX_CELLS {
        out.extend(ia.map(Step::Delete));
        out.extend(ib.map(Step::Insert));
        return;
    }
    let w = m + 1;
    let mut d = vec![0.0f64; (n + 1) * w];
    let mut rels = vec![Relation::Other; n * m];
    for i in 0..=n {
        d[i * w] = i as f64 * INDEL;
    }
    for (j, cell) in d.iter_mut().take(m + 1).enumerate() {
        *cell = j as f64 * INDEL;
    }
    for i in 1..=n {
        let x = a.words[ia.start as usize + i - 1].ty;
        for j in 1..=m {
            let y = b.words[ib.start as usize + j - 1].ty;
            let rel = vocab.relation(x, y);
            rels[(i - 1) * m + j - 1] = rel;
            let diag = d[(i - 1) * w + j - 1] + cost(rel);
            let up = d[(i - 1) * w + j] + INDEL;
            let left = d[i * w + j - 1] + INDEL;
            d[i * w + j] = diag.min(up).min(left);
        }
    }
    let mut rev = Vec::with_capacity(n.max(m));
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        if i > 0 && j > 0 {
            let rel = rels[(i - 1) * m + j - 1];
            if (d[i * w + j] - (d[(i - 1) * w + j - 1] + cost(rel))).abs() < 1e-9 {
                rev.push(Step::Pair(
                    ia.start + i as u32 - 1,
                    ib.start + j as u32 - 1,
                    rel,
                ));
                i -= 1;
                j -= 1;
                continue;
            }
        }
        if i > 0 && (j == 0 || (d[i * w + j] - (d[(i - 1) * w + j] + INDEL)).abs() < 1e-9) {
            rev.push(Step::Delete(ia.start + i as u32 - 1));
            i -= 1;
        } else {
            rev.push(Step::Insert(ib.start + j as u32 - 1));
            j -= 1;
        }
    }
    out.extend(rev.into_iter().rev());
}

/// Counts of aligned words by kind of change.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct StepCounts {
    pub same: usize,
    pub inflection: usize,
    pub synonym: usize,
    pub other: usize,
    pub deleted: usize,
    pub inserted: usize,
}

impl StepCounts {
    pub fn of(steps: &[Step]) -> StepCounts {
        let mut c = StepCounts::default();
        for s in steps {
            match s {
                Step::Pair(_, _, Relation::Same) => c.same += 1,
                Step::Pair(_, _, Relation::Inflection) => c.inflection += 1,
                Step::Pair(_, _, Relation::Synonym) => c.synonym += 1,
                Step::Pair(_, _, Relation::Other) => c.other += 1,
                Step::Delete(_) => c.deleted += 1,
                Step::Insert(_) => c.inserted += 1,
            }
        }
        c
    }

    pub fn add(&mut self, o: StepCounts) {
        self.same += o.same;
        self.inflection += o.inflection;
        self.synonym += o.synonym;
        self.other += o.other;
        self.deleted += o.deleted;
        self.inserted += o.inserted;
    }

    /// Words of `a` aligned with a related word of `b`.
    pub fn related(&self) -> usize {
        self.same + self.inflection + self.synonym
    }

    /// Pairs of aligned words.
    pub fn pairs(&self) -> usize {
        self.related() + self.other
    }
}

/// Turns aligned steps into report operations: runs of identical words,
/// runs of insertions and of deletions become one operation each.
pub(crate) fn ops(a: &Doc, b: &Doc, steps: &[Step]) -> Vec<Op> {
    let mut out: Vec<Op> = Vec::new();
    let mut k = 0;
    while k < steps.len() {
        let kind = |s: &Step| match s {
            Step::Pair(_, _, Relation::Same) => OpKind::Match,
            Step::Pair(_, _, Relation::Synonym) => OpKind::Synonym,
            Step::Pair(_, _, _) => OpKind::Substitute,
            Step::Delete(_) => OpKind::Delete,
            Step::Insert(_) => OpKind::Insert,
        };
        let op = kind(&steps[k]);
        let mut e = k + 1;
        if matches!(op, OpKind::Match | OpKind::Delete | OpKind::Insert) {
            while e < steps.len() && kind(&steps[e]) == op {
                e += 1;
            }
        }
        let run = &steps[k..e];
        let a_idx: Vec<u32> = run
            .iter()
            .filter_map(|s| match *s {
                Step::Pair(i, _, _) | Step::Delete(i) => Some(i),
                Step::Insert(_) => None,
            })
            .collect();
        let b_idx: Vec<u32> = run
            .iter()
            .filter_map(|s| match *s {
                Step::Pair(_, j, _) | Step::Insert(j) => Some(j),
                Step::Delete(_) => None,
            })
            .collect();
        let side = |d: &Doc, idx: &[u32]| -> (Option<String>, Option<Span>) {
            match (idx.first(), idx.last()) {
                (Some(&f), Some(&l)) => (
                    Some(d.slice(f as usize, l as usize).to_string()),
                    Some(Span::new(
                        d.words[f as usize].start,
                        d.words[l as usize].end,
                    )),
                ),
                _ => (None, None),
            }
        };
        let (a_text, a_span) = side(a, &a_idx);
        let (b_text, b_span) = side(b, &b_idx);
        out.push(Op {
            op,
            a_text,
            b_text,
            a: a_span,
            b: b_span,
        });
        k = e;
    }
    out
}
