//! Spin-robust fingerprints of documents, for finding the sources of a copy
//! among many documents.
//!
//! A spinner swaps words for thesaurus synonyms but leaves names, numbers,
//! words no thesaurus lists, and the order of facts alone. [`fingerprints`]
//! keeps exactly those *anchors* and hashes each pair of consecutive
//! anchors, so a spun copy shares most of its fingerprints with its source
//! while two independent articles on one story share few (they name the
//! same people, but not in the same order with the same numbers between).
//! Candidates found by shared fingerprints are then verified with the
//! aligner (`unspin-align`).
//!
//! ```
//! use unspin_index::fingerprints;
//! use unspin_lexicon::Lexicon;
//!
//! let lex = Lexicon::embedded();
//! let source = "Secretary of State Marco Rubio told ABC on Sunday that 1,400 troops \
//!               would leave Kabul before the talks in Geneva resume in March.";
//! let spun = "Secretary of State Marco Rubio instructed ABC on Sunday that 1,400 troops \
//!             would depart Kabul earlier than the talks in Geneva restart in March.";
//! let (a, b) = (fingerprints(&lex, source), fingerprints(&lex, spun));
//! let shared = a.iter().filter(|f| b.binary_search(f).is_ok()).count();
//! assert!(shared * 10 >= a.len() * 7, "{shared} of {}", a.len());
//! ```
#![deny(missing_docs)]

pub mod dedup;
mod fingerprint;
pub mod store;
pub mod trace;

pub use dedup::{DedupDoc, DedupOptions, DedupRow, Deduper, Role};
pub use fingerprint::{Anchor, anchors, fingerprints, located_fingerprints};
pub use store::{
    Candidate, CommitSummary, IndexError, NewDoc, SourceIndex, Stats, StoredDoc, Writer,
    quiet_storage_panics,
};
pub use trace::{TRACE_SCHEMA, TraceCoverage, TraceMatch, TraceOptions, TraceReport, Tracer};
