//! Tracing a document to its sources: candidates by shared fingerprints,
//! each verified with the aligner.

use serde::{Deserialize, Serialize};
use unspin_align::{CompareReport, CompareVerdict, Comparer, Passage, QuotesReport};
use unspin_lexicon::Lexicon;

use crate::fingerprint::located_fingerprints;
use crate::store::{IndexError, SourceIndex, StoredDoc};

/// The schema name of [`TraceReport`].
pub const TRACE_SCHEMA: &str = "unspin.trace/1";

/// The sources found for one query document (schema `unspin.trace/1`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceReport {
    /// Always [`TRACE_SCHEMA`].
    pub schema: String,
    /// The query: its path, or its id in a JSON Lines input.
    pub source: String,
    /// Verified sources, best first.
    pub matches: Vec<TraceMatch>,
}

impl TraceReport {
    /// Whether any match is a copy (verbatim, spun or paraphrased).
    pub fn has_copy(&self) -> bool {
        self.matches.iter().any(|m| m.verdict.is_copy())
    }
}

/// A verified source of a query.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceMatch {
    /// The source's id in the index.
    pub id: String,
    /// Its title, if known.
    pub title: Option<String>,
    /// Its address, if known.
    pub url: Option<String>,
    /// Retrieval score: the best idf sum of fingerprints the source shares
    /// with one stretch of the query.
    pub score: f64,
    /// The aligner's verdict on the pair (source, query).
    pub verdict: CompareVerdict,
    /// The aligner's similarity, 0 to 1.
    pub similarity: f64,
    /// How much of each side the reused passages cover.
    pub coverage: TraceCoverage,
    /// Reused passages, as in `unspin.compare/1` with the source as `a`
    /// and the query as `b`.
    pub passages: Vec<Passage>,
}

/// Shares of the query and of the source covered by reused passages.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct TraceCoverage {
    /// Share of the query's characters.
    pub query: f64,
    /// Share of the source's characters.
    pub source: f64,
}

/// How many sources to report and how hard to look.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TraceOptions {
    /// Report at most this many matches.
    pub top: usize,
    /// Keep a match only if its passages cover at least this share of the
    /// query or of the source.
    pub min_coverage: f64,
    /// Verify at most this many candidates with the aligner.
    pub verify: usize,
}

impl Default for TraceOptions {
    fn default() -> Self {
        TraceOptions {
            top: 5,
            min_coverage: 0.0,
            verify: 10,
        }
    }
}

/// A candidate sharing fewer fingerprints than this is not verified.
const MIN_SHARED: u32 = 2;
/// Candidates scoring below this share of the best one are not verified.
const MIN_RELATIVE_SCORE: f64 = 0.05;

/// Indexed documents looked at for the quotations of a document, by its
/// whole text ([`Tracer::look_up_quotes`]).
const QUOTE_CANDIDATES: usize = 10;
/// Indexed documents looked at for each quotation on its own.
const QUOTE_CANDIDATES_PER_QUOTE: usize = 3;

/// Finds the sources of documents in a [`SourceIndex`].
pub struct Tracer<'a> {
    lex: &'a Lexicon,
    comparer: Comparer<'a>,
    index: &'a SourceIndex,
}

impl<'a> Tracer<'a> {
    /// A tracer over `index`, with the lexicon the index was built with.
    pub fn new(lex: &'a Lexicon, index: &'a SourceIndex) -> Self {
        Tracer {
            lex,
            comparer: Comparer::new(lex),
            index,
        }
    }

    /// Looks the quotations of `report` (made from `text`) up in the
    /// index: each found one gets an entry per indexed document that holds
    /// it, exact or altered; one found nowhere gets a single `not_found`
    /// entry naming `index_name`. What `unspin quotes --index` reports.
    pub fn look_up_quotes(
        &self,
        report: &mut QuotesReport,
        text: &str,
        index_name: &str,
    ) -> Result<(), IndexError> {
        let quotes: Vec<&str> = report.quotes.iter().map(|q| q.text.as_str()).collect();
        let docs =
            self.quote_sources(text, &quotes, QUOTE_CANDIDATES, QUOTE_CANDIDATES_PER_QUOTE)?;
        for o in docs {
            let pairs = self.comparer.quote_pairs(text, &o.text);
            report.record(&o.id, &o.text, &pairs, false);
        }
        report.mark_not_found(index_name);
        Ok(())
    }

    /// Indexed documents that may hold quotations of `text`: the best
    /// candidates for the whole text and, for each of `quotes` (quoted
    /// passages of it), the best few for that passage alone, so a quote
    /// reused in an otherwise different article is found too. A document
    /// with the same text is left out. At most `per_quote` per quotation
    /// and `limit` for the whole text.
    pub fn quote_sources(
        &self,
        text: &str,
        quotes: &[&str],
        limit: usize,
        per_quote: usize,
    ) -> Result<Vec<StoredDoc>, IndexError> {
        let mut addresses = Vec::new();
        let whole = located_fingerprints(self.lex, text);
        for c in self.index.candidates(&whole, limit)? {
            if c.shared >= MIN_SHARED {
                addresses.push(c.address);
            }
        }
        for q in quotes {
            let prints = located_fingerprints(self.lex, q);
            for c in self.index.candidates(&prints, per_quote)? {
                if c.shared >= MIN_SHARED && !addresses.contains(&c.address) {
                    addresses.push(c.address);
                }
            }
        }
        let mut docs = Vec::with_capacity(addresses.len());
        for a in addresses {
            let doc = self.index.doc(a)?;
            if doc.text != text {
                docs.push(doc);
            }
        }
        Ok(docs)
    }

    /// The verified sources of `text` (named `source` in the report).
    pub fn trace(
        &self,
        source: &str,
        text: &str,
        opts: &TraceOptions,
    ) -> Result<TraceReport, IndexError> {
        let prints = located_fingerprints(self.lex, text);
        let candidates = self.index.candidates(&prints, opts.verify.max(opts.top))?;
        let best = candidates.first().map_or(0.0, |c| c.score);
        let mut matches = Vec::new();
        for c in candidates {
            if c.shared < MIN_SHARED || c.score < best * MIN_RELATIVE_SCORE {
                continue;
            }
            let doc = self.index.doc(c.address)?;
            let report = self.comparer.compare(&doc.id, &doc.text, source, text);
            if report.verdict == CompareVerdict::Unrelated {
                continue;
            }
            let m = to_match(doc.id, doc.title, doc.url, c.score, report);
            if m.coverage.query.max(m.coverage.source) >= opts.min_coverage {
                matches.push(m);
            }
        }
        rank(&mut matches);
        matches.truncate(opts.top);
        Ok(TraceReport {
            schema: TRACE_SCHEMA.to_owned(),
            source: source.to_owned(),
            matches,
        })
    }
}

fn to_match(
    id: String,
    title: Option<String>,
    url: Option<String>,
    score: f64,
    report: CompareReport,
) -> TraceMatch {
    TraceMatch {
        id,
        title,
        url,
        score: (score * 100.0).round() / 100.0,
        verdict: report.verdict,
        similarity: report.similarity,
        coverage: TraceCoverage {
            query: report.coverage.b,
            source: report.coverage.a,
        },
        passages: report.passages,
    }
}

/// Copies first, then by how much of the query the source explains, then
/// by retrieval score, then by id (so ties are deterministic).
fn rank(matches: &mut [TraceMatch]) {
    matches.sort_by(|a, b| {
        b.verdict
            .is_copy()
            .cmp(&a.verdict.is_copy())
            .then(b.coverage.query.total_cmp(&a.coverage.query))
            .then(b.score.total_cmp(&a.score))
            .then(a.id.cmp(&b.id))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, verdict: CompareVerdict, query: f64, score: f64) -> TraceMatch {
        TraceMatch {
            id: id.to_owned(),
            title: None,
            url: None,
            score,
            verdict,
            similarity: 0.5,
            coverage: TraceCoverage { query, source: 0.5 },
            passages: Vec::new(),
        }
    }

    #[test]
    fn ranking() {
        let mut v = vec![
            m("story", CompareVerdict::SameStory, 0.0, 90.0),
            m("part", CompareVerdict::SpunCopy, 0.3, 50.0),
            m("whole", CompareVerdict::SpunCopy, 0.9, 40.0),
            m("twin", CompareVerdict::SpunCopy, 0.9, 40.0),
        ];
        rank(&mut v);
        let ids: Vec<&str> = v.iter().map(|m| m.id.as_str()).collect();
        assert_eq!(ids, ["twin", "whole", "part", "story"]);
    }
}
