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
#![deny(missing_docs)]

mod token;

pub use token::{Token, TokenKind, char_to_byte, fold_word, tokenize};
