//! Compiling a list into one automaton, and finding its phrases.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use unspin_text::Token;

use crate::load::RawRow;
use crate::norm::{Normalized, Vocab, phrase_units, push_code};
use crate::query::{Query, RawTerm, parse_query};
use crate::suggest::clean_suggestion;
use crate::{ListFormat, PhraseEntry, PhraseHit, PhraseWarning};

/// What a term of a query looks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum TermKind {
    /// The units `ids` in sequence.
    Exact { ids: Vec<u32> },
    /// The units `ids` in sequence, then a word that starts with `prefix`.
    Prefix { ids: Vec<u32>, prefix: String },
    /// The words in any order within `words + slop` word positions:
    /// distinct word `i` (unit id `ids[i]`) `need[i]` times.
    Proximity {
        ids: Vec<u32>,
        need: Vec<u32>,
        words: u32,
        slop: u32,
    },
}

/// A compiled term.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Term {
    kind: TermKind,
    /// Punctuation units before and after the words of the phrase
    /// (`(` `IT` `)`), matched where present to widen the reported span.
    lead: Vec<u32>,
    trail: Vec<u32>,
}

/// A query with its terms replaced by term ids.
#[derive(Debug, Clone)]
enum Expr {
    Term(u32),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
}

impl Expr {
    fn eval(&self, present: &[bool]) -> bool {
        match self {
            Expr::Term(t) => present.get(*t as usize).copied().unwrap_or(false),
            Expr::And(a, b) => a.eval(present) && b.eval(present),
            Expr::Or(a, b) => a.eval(present) || b.eval(present),
            Expr::Not(a) => !a.eval(present),
        }
    }

    /// The terms that are reported: the first term, or the first term of
    /// each alternative of an `OR`.
    fn primaries(&self, out: &mut Vec<u32>) {
        match self {
            Expr::Term(t) => out.push(*t),
            Expr::And(a, _) => a.primaries(out),
            Expr::Or(a, b) => {
                a.primaries(out);
                b.primaries(out);
            }
            Expr::Not(_) => {}
        }
    }

    /// How many terms must be present (how specific the query is).
    fn positive_terms(&self) -> u32 {
        match self {
            Expr::Term(_) => 1,
            Expr::And(a, b) => a.positive_terms() + b.positive_terms(),
            Expr::Or(a, b) => a.positive_terms().min(b.positive_terms()),
            Expr::Not(_) => 0,
        }
    }
}

/// A compiled entry.
#[derive(Debug, Clone)]
struct Rule {
    expr: Expr,
    suggestion: String,
    specificity: u32,
}

/// A compiled list of tortured phrases, ready to search documents.
///
/// Build it once with [`PhraseList::parse`] or [`PhraseList::load`] and
/// call [`PhraseList::find`] for each document; it can be shared between
/// threads.
#[derive(Debug, Clone)]
pub struct PhraseList {
    name: String,
    format: ListFormat,
    entries: Vec<PhraseEntry>,
    rules: Vec<Rule>,
    terms: Vec<Term>,
    vocab: Vocab,
    /// Term id → rules that report it.
    reported_by: Vec<Vec<u32>>,
    /// Proximity terms, and for each unit id the (proximity term index,
    /// distinct word) pairs it is a word of.
    prox_terms: Vec<u32>,
    prox_uses: Vec<Vec<(u32, u32)>>,
    /// Prefix terms: (prefix, term id), and the first bytes of prefixes.
    prefixes: Vec<(String, u32)>,
    prefix_first: [bool; 256],
    /// Pattern id → the exact terms it stands for.
    uses: Vec<Vec<u32>>,
    automaton: Option<AhoCorasick>,
}

/// Builds the vocabulary and the term table.
#[derive(Default)]
struct Builder {
    vocab: Vocab,
    terms: Vec<Term>,
    term_ids: HashMap<Term, u32>,
}

impl Builder {
    fn term(&mut self, raw: &RawTerm) -> Result<u32, String> {
        let units = phrase_units(&raw.text);
        let Some(first_word) = units.iter().position(|u| u.1) else {
            return Err(format!("the term `{}` has no words", raw.text));
        };
        let last_word = units.iter().rposition(|u| u.1).unwrap_or(first_word);
        let lead: Vec<&str> = units[..first_word].iter().map(|u| u.0.as_str()).collect();
        let core: Vec<&str> = units[first_word..=last_word]
            .iter()
            .map(|u| u.0.as_str())
            .collect();
        let trail: Vec<&str> = units[last_word + 1..]
            .iter()
            .map(|u| u.0.as_str())
            .collect();
        let words: Vec<&str> = units.iter().filter(|u| u.1).map(|u| u.0.as_str()).collect();
        let v = &mut self.vocab;
        let term = match raw.slop {
            Some(slop) if words.len() > 1 => {
                let mut ids: Vec<u32> = Vec::new();
                let mut need: Vec<u32> = Vec::new();
                for w in &words {
                    let id = v.intern(w);
                    match ids.iter().position(|&d| d == id) {
                        Some(i) => need[i] += 1,
                        None => {
                            ids.push(id);
                            need.push(1);
                        }
                    }
                }
                Term {
                    kind: TermKind::Proximity {
                        ids,
                        need,
                        words: words.len() as u32,
                        slop,
                    },
                    lead: Vec::new(),
                    trail: Vec::new(),
                }
            }
            // A single-word sloppy phrase is just the word.
            _ => {
                let lead = lead.iter().map(|u| v.intern(u)).collect();
                if raw.prefix && trail.is_empty() {
                    let (last, init) = core.split_last().unwrap_or((&"", &[]));
                    Term {
                        kind: TermKind::Prefix {
                            ids: init.iter().map(|u| v.intern(u)).collect(),
                            prefix: last.to_string(),
                        },
                        lead,
                        trail: Vec::new(),
                    }
                } else {
                    Term {
                        kind: TermKind::Exact {
                            ids: core.iter().map(|u| v.intern(u)).collect(),
                        },
                        lead,
                        trail: trail.iter().map(|u| v.intern(u)).collect(),
                    }
                }
            }
        };
        if let Some(&id) = self.term_ids.get(&term) {
            return Ok(id);
        }
        let id = self.terms.len() as u32;
        self.term_ids.insert(term.clone(), id);
        self.terms.push(term);
        Ok(id)
    }

    fn expr(&mut self, q: &Query) -> Result<Expr, String> {
        Ok(match q {
            Query::Term(raw) => Expr::Term(self.term(raw)?),
            Query::And(a, b) => Expr::And(Box::new(self.expr(a)?), Box::new(self.expr(b)?)),
            Query::Or(a, b) => Expr::Or(Box::new(self.expr(a)?), Box::new(self.expr(b)?)),
            Query::Not(a) => Expr::Not(Box::new(self.expr(a)?)),
        })
    }
}

/// The text of the first reported term of a query, as written.
fn first_phrase(q: &Query) -> Option<&RawTerm> {
    match q {
        Query::Term(t) => Some(t),
        Query::And(a, _) | Query::Or(a, _) => first_phrase(a),
        Query::Not(_) => None,
    }
}

/// A candidate hit: units `first..=last` reported for rule `rule`.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    first: usize,
    last: usize,
    start: usize,
    end: usize,
    rule: u32,
    /// Whether the words are in the phrase's order (not a proximity hit).
    exact: bool,
}

impl PhraseList {
    pub(crate) fn compile(
        name: &str,
        format: ListFormat,
        rows: Vec<RawRow>,
        warnings: &mut Vec<PhraseWarning>,
    ) -> PhraseList {
        let mut b = Builder::default();
        let mut entries = Vec::new();
        let mut rules = Vec::new();
        for row in rows {
            let query = if row.is_query {
                parse_query(&row.fingerprint)
            } else {
                Ok(Query::Term(RawTerm {
                    text: row.fingerprint.clone(),
                    prefix: false,
                    slop: None,
                }))
            };
            let compiled = query.and_then(|q| {
                let phrase = first_phrase(&q).map(|t| t.text.clone()).ok_or_else(|| {
                    "the query has no phrase to report (it starts with NOT)".to_string()
                })?;
                let expr = b.expr(&q)?;
                Ok((phrase, expr))
            });
            match compiled {
                Ok((phrase, expr)) => {
                    let specificity = expr.positive_terms();
                    rules.push(Rule {
                        expr,
                        suggestion: clean_suggestion(&row.expected),
                        specificity,
                    });
                    entries.push(PhraseEntry {
                        line: row.line,
                        fingerprint: row.fingerprint,
                        phrase,
                        suggestion: rules
                            .last()
                            .map(|r| r.suggestion.clone())
                            .unwrap_or_default(),
                    });
                }
                Err(problem) => warnings.push(PhraseWarning {
                    line: row.line,
                    entry: row.fingerprint,
                    problem,
                }),
            }
        }
        let mut reported_by = vec![Vec::new(); b.terms.len()];
        for (r, rule) in rules.iter().enumerate() {
            let mut p = Vec::new();
            rule.expr.primaries(&mut p);
            p.dedup();
            for t in p {
                if !reported_by[t as usize].contains(&(r as u32)) {
                    reported_by[t as usize].push(r as u32);
                }
            }
        }
        let width = b.vocab.width();
        let mut prox_terms = Vec::new();
        let mut prox_uses = vec![Vec::new(); b.vocab.len() + 1];
        let mut prefixes = Vec::new();
        let mut prefix_first = [false; 256];
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut pattern_ids: HashMap<Vec<u8>, usize> = HashMap::new();
        let mut uses: Vec<Vec<u32>> = Vec::new();
        for (t, term) in b.terms.iter().enumerate() {
            match &term.kind {
                TermKind::Exact { ids } => {
                    let mut p = Vec::with_capacity(ids.len() * width);
                    for &id in ids {
                        push_code(&mut p, id, width);
                    }
                    let n = patterns.len();
                    let id = *pattern_ids.entry(p.clone()).or_insert(n);
                    if id == n {
                        patterns.push(p);
                        uses.push(Vec::new());
                    }
                    uses[id].push(t as u32);
                }
                TermKind::Prefix { prefix, .. } => {
                    prefix_first[prefix.as_bytes().first().copied().unwrap_or(0) as usize] = true;
                    prefixes.push((prefix.clone(), t as u32));
                }
                TermKind::Proximity { ids, .. } => {
                    let slot = prox_terms.len() as u32;
                    prox_terms.push(t as u32);
                    for (i, &id) in ids.iter().enumerate() {
                        if let Some(u) = prox_uses.get_mut(id as usize) {
                            u.push((slot, i as u32));
                        }
                    }
                }
            }
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::ContiguousNFA))
                .build(&patterns)
                .or_else(|_| {
                    AhoCorasick::builder()
                        .match_kind(MatchKind::Standard)
                        .build(&patterns)
                })
                .ok()
        };
        PhraseList {
            name: name.to_string(),
            format,
            entries,
            rules,
            terms: b.terms,
            vocab: b.vocab,
            reported_by,
            prox_terms,
            prox_uses,
            prefixes,
            prefix_first,
            uses,
            automaton,
        }
    }

    /// The name the list was read under (usually its file name).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The format the list was read in.
    pub fn format(&self) -> ListFormat {
        self.format
    }

    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the list has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The entries, in the order of the file.
    pub fn entries(&self) -> &[PhraseEntry] {
        &self.entries
    }

    /// Tokenises `text` and finds the list's phrases in it; see
    /// [`PhraseList::find`].
    pub fn find_text(&self, text: &str) -> Vec<PhraseHit> {
        self.find(text, &unspin_text::tokenize(text))
    }

    /// Finds the list's phrases in `text`, whose tokens (from
    /// [`unspin_text::tokenize`]) are `tokens`.
    ///
    /// An entry is reported where its phrase occurs and its conditions hold
    /// over the whole document. Where hits overlap, the longest is kept (then
    /// the one with more conditions, then the earlier entry); a proximity
    /// hit, whose words may be far apart, gives way to any overlapping exact
    /// phrase. Hits are sorted by start. Tokens that do not fit `text` are
    /// ignored.
    pub fn find(&self, text: &str, tokens: &[Token]) -> Vec<PhraseHit> {
        if self.terms.is_empty() {
            return Vec::new();
        }
        // Per proximity term: (word position, unit, distinct word).
        let mut prox: Vec<Vec<(u32, usize, u32)>> = vec![Vec::new(); self.prox_terms.len()];
        // (unit, term) of words that start with a prefix term's prefix.
        let mut prefixed: Vec<(usize, u32)> = Vec::new();
        let norm = Normalized::new(text, tokens, &self.vocab, |unit, pos, word, id| {
            if id != 0
                && let Some(uses) = self.prox_uses.get(id as usize)
            {
                for &(slot, w) in uses {
                    prox[slot as usize].push((pos, unit, w));
                }
            }
            if self.prefix_first[word.first_byte() as usize] {
                for (p, t) in &self.prefixes {
                    if word.starts_with(p) {
                        prefixed.push((unit, *t));
                    }
                }
            }
        });
        if norm.units.is_empty() {
            return Vec::new();
        }
        let mut present = vec![false; self.terms.len()];
        // (term, first unit, last unit) of reported terms.
        let mut occurrences: Vec<(u32, usize, usize)> = Vec::new();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(norm.codes.as_slice()) {
                let Some(uses) = self.uses.get(m.pattern().as_usize()) else {
                    continue;
                };
                for &t in uses {
                    let t = t as usize;
                    let reported = !self.reported_by[t].is_empty();
                    if present[t] && !reported {
                        continue;
                    }
                    present[t] = true;
                    if reported {
                        let f = norm.unit_at_or_after(m.start());
                        if let Some(l) = norm.unit_before(m.end())
                            && f <= l
                            && l < norm.units.len()
                        {
                            occurrences.push((t as u32, f, l));
                        }
                    }
                }
            }
        }
        for (u, t) in prefixed {
            let TermKind::Prefix { ids, .. } = &self.terms[t as usize].kind else {
                continue;
            };
            let Some(f) = u.checked_sub(ids.len()) else {
                continue;
            };
            if norm.units[f..u]
                .iter()
                .zip(ids)
                .all(|(unit, &id)| unit.id == id)
            {
                present[t as usize] = true;
                if !self.reported_by[t as usize].is_empty() {
                    occurrences.push((t, f, u));
                }
            }
        }
        for (slot, occ) in prox.iter_mut().enumerate() {
            if occ.is_empty() {
                continue;
            }
            let t = self.prox_terms[slot] as usize;
            let TermKind::Proximity {
                need, words, slop, ..
            } = &self.terms[t].kind
            else {
                continue;
            };
            occ.sort_unstable();
            let wins = windows(occ, need, (*words as u64) + (*slop as u64));
            if !wins.is_empty() {
                present[t] = true;
                if !self.reported_by[t].is_empty() {
                    occurrences.extend(wins.into_iter().map(|(f, l)| (t as u32, f, l)));
                }
            }
        }
        if occurrences.is_empty() {
            return Vec::new();
        }
        let mut verdicts: HashMap<u32, bool> = HashMap::new();
        let mut candidates = Vec::new();
        for &(t, f, l) in &occurrences {
            let (f, l) = self.widen(&norm, t as usize, f, l);
            let (Some(start), Some(end)) = (
                tokens.get(norm.units[f].tok as usize).map(|x| x.start),
                tokens.get(norm.units[l].tok as usize).map(|x| x.end),
            ) else {
                continue;
            };
            for &r in &self.reported_by[t as usize] {
                let ok = *verdicts
                    .entry(r)
                    .or_insert_with(|| self.rules[r as usize].expr.eval(&present));
                if ok {
                    candidates.push(Candidate {
                        first: f,
                        last: l,
                        start,
                        end: end.max(start),
                        rule: r,
                        exact: !matches!(self.terms[t as usize].kind, TermKind::Proximity { .. }),
                    });
                }
            }
        }
        candidates.sort_by(|a, b| {
            b.exact
                .cmp(&a.exact)
                .then((b.end - b.start).cmp(&(a.end - a.start)))
                .then(
                    self.rules[b.rule as usize]
                        .specificity
                        .cmp(&self.rules[a.rule as usize].specificity),
                )
                .then(a.rule.cmp(&b.rule))
                .then(a.first.cmp(&b.first))
        });
        let mut taken = vec![false; norm.units.len()];
        let mut hits = Vec::new();
        for c in candidates {
            if taken[c.first..=c.last].iter().any(|&x| x) {
                continue;
            }
            taken[c.first..=c.last].iter_mut().for_each(|x| *x = true);
            let (bs, be) = (
                tokens[norm.units[c.first].tok as usize].byte_start,
                tokens[norm.units[c.last].tok as usize].byte_end,
            );
            let rule = &self.rules[c.rule as usize];
            hits.push(PhraseHit {
                start: c.start,
                end: c.end,
                text: text.get(bs..be).unwrap_or_default().to_string(),
                suggestion: rule.suggestion.clone(),
                fingerprint: self.entries[c.rule as usize].fingerprint.clone(),
            });
        }
        hits.sort_by_key(|h| (h.start, h.end));
        hits
    }

    /// Widens units `f..=l` of term `t` over the punctuation the phrase has
    /// before and after its words, where the text has it too.
    fn widen(&self, norm: &Normalized, t: usize, mut f: usize, mut l: usize) -> (usize, usize) {
        let term = &self.terms[t];
        let (lead, trail) = (&term.lead, &term.trail);
        if !lead.is_empty()
            && f >= lead.len()
            && norm.units[f - lead.len()..f]
                .iter()
                .zip(lead)
                .all(|(u, &id)| u.id == id)
        {
            f -= lead.len();
        }
        if !trail.is_empty()
            && l + trail.len() < norm.units.len()
            && norm.units[l + 1..=l + trail.len()]
                .iter()
                .zip(trail)
                .all(|(u, &id)| u.id == id)
        {
            l += trail.len();
        }
        (f, l)
    }
}

/// The non-overlapping windows, leftmost first, of at most `width` word
/// positions in which every distinct word `i` occurs `need[i]` times.
/// `occ` holds (word position, unit, distinct word), sorted.
fn windows(occ: &[(u32, usize, u32)], need: &[u32], width: u64) -> Vec<(usize, usize)> {
    let mut have = vec![0u32; need.len()];
    let mut missing = need.len();
    let mut left = 0;
    let mut out = Vec::new();
    for right in 0..occ.len() {
        let s = occ[right].2 as usize;
        if s >= need.len() {
            continue;
        }
        have[s] += 1;
        if have[s] == need[s] {
            missing -= 1;
        }
        while left <= right {
            let ls = occ[left].2 as usize;
            if ls >= need.len() {
                left += 1;
                continue;
            }
            let span = (occ[right].0 - occ[left].0) as u64 + 1;
            if have[ls] > need[ls] || span > width {
                if have[ls] == need[ls] {
                    missing += 1;
                }
                have[ls] -= 1;
                left += 1;
            } else {
                break;
            }
        }
        if missing == 0 {
            out.push((occ[left].1, occ[right].1));
            have.iter_mut().for_each(|h| *h = 0);
            missing = need.len();
            left = right + 1;
        }
    }
    out
}
