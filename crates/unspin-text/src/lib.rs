//! The text layer of unspin.
//!
//! Every offset that unspin reports is a **character offset**: a count of
//! Unicode scalar values (Rust `char`s) from the start of the document,
//! end-exclusive. This crate turns text into [`Token`]s that carry both
//! character and byte offsets, so that analysis can slice the original text
//! cheaply while reports stay in the unit users and other languages expect.
//!
//! ```
//! use unspin_text::{tokenize, TokenKind};
//!
//! let text = "The White Home said: “no”.";
//! let tokens = tokenize(text);
//! let words: Vec<&str> = tokens
//!     .iter()
//!     .filter(|t| t.kind == TokenKind::Word)
//!     .map(|t| &text[t.byte_start..t.byte_end])
//!     .collect();
//! assert_eq!(words, ["The", "White", "Home", "said", "no"]);
//! ```
//!
//! Besides tokens the crate provides:
//!
//! - [`sentences`]: sentence boundaries as ranges of token indices;
//! - [`find_homoglyphs`]: words with look-alike letters from another script
//!   or invisible characters planted inside;
//! - [`normalize()`]: typographic normalisation with an exact map back to
//!   original offsets;
//! - [`input`]: reading plain text, HTML (article extraction), JSON Lines
//!   and WARC into [`Document`]s, with one-line errors for binary or
//!   mis-encoded files;
//! - [`ingest`]: streaming source documents with their metadata
//!   ([`Record`]s) from files and directories, for corpus indexes; [`warc`]
//!   reads web archives such as Common Crawl's.
#![deny(missing_docs)]

pub mod homoglyph;
mod html;
pub mod ingest;
pub mod input;
pub mod normalize;
mod script;
pub mod sentence;
mod token;
pub mod warc;

pub use homoglyph::{HomoglyphHit, find_homoglyphs};
pub use ingest::{
    JsonlRecords, MAX_RECORD_BYTES, Record, Records, expand_paths, jsonl_records, read_records,
};
pub use input::{Document, InputError, InputFormat, UnknownFormat, decode_bytes, read_input};
pub use normalize::{Normalized, normalize};
pub use sentence::sentences;
pub use token::{
    Token, TokenKind, Tokens, char_to_byte, fold_word, fold_word_into, tokenize, tokens,
};
pub use warc::{WarcRecords, warc_records};
