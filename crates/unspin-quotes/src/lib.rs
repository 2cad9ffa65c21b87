//! Quotations in news text: where each quote is, who is quoted, and with
//! which reporting verb.
//!
//! [`quotations`] finds text in quotation marks (“curly”, "straight",
//! «guillemets»), including the news convention of a quote running over
//! several paragraphs with no closing mark at each paragraph's end (one
//! quotation), and attributes each to a speaker when a reporting verb next
//! to it says who ("…," said Marco Rubio; Mr Smith told the BBC: "…";
//! "…," he added; according to officials, "…"). A quote split by its
//! attribution ("…," he said, "…") gives two quotations with the same
//! speaker. Pronouns ("he", "she") and descriptions ("the senator") are
//! resolved to the last compatible named speaker when that is clear and
//! left as written otherwise.
//!
//! ```
//! let text = "“We will not back down,” said Marco Rubio on Sunday.";
//! let q = unspin_quotes::quotations(text);
//! assert_eq!(q.len(), 1);
//! assert_eq!(q[0].text(text), "We will not back down,");
//! let speaker = q[0].speaker.as_ref().unwrap();
//! assert_eq!(speaker.name, "Marco Rubio");
//! assert_eq!(q[0].verb.as_deref(), Some("said"));
//! ```
#![deny(missing_docs)]

mod attribution;
mod marks;

use serde::{Deserialize, Serialize};

pub use attribution::is_reporting_verb;

/// One quotation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quotation {
    /// Character offset of the first quoted character (inside the marks).
    pub start: usize,
    /// Character offset one past the last quoted character.
    pub end: usize,
    /// Byte offset of `start`.
    pub byte_start: usize,
    /// Byte offset of `end`.
    pub byte_end: usize,
    /// Who is quoted, when the text says so.
    pub speaker: Option<Speaker>,
    /// The reporting verb as written ("said", "told", "according to").
    pub verb: Option<String>,
}

/// Who is quoted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speaker {
    /// The speaker's name: as written, or for a pronoun or a description
    /// the named speaker it refers to when that is clear.
    pub name: String,
    /// The words of the attribution that name the speaker, as written
    /// ("he", "Marco Rubio", "the senator").
    pub mention: String,
    /// Character offset of the mention.
    pub start: usize,
    /// Character offset one past the mention.
    pub end: usize,
    /// Byte offset of `start`.
    pub byte_start: usize,
    /// Byte offset of `end`.
    pub byte_end: usize,
}

impl Quotation {
    /// The quoted text inside `text` (the string it was found in).
    pub fn text<'a>(&self, text: &'a str) -> &'a str {
        text.get(self.byte_start..self.byte_end).unwrap_or_default()
    }

    /// Character offsets of the speaker's mention, if any.
    pub fn speaker_span(&self) -> Option<(usize, usize)> {
        self.speaker.as_ref().map(|s| (s.start, s.end))
    }
}

/// Every quotation of `text`, in order, with its speaker when one is named.
pub fn quotations(text: &str) -> Vec<Quotation> {
    let spans = marks::spans(text);
    attribution::attribute(text, spans)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes(text: &str) -> Vec<(String, Option<String>)> {
        quotations(text)
            .into_iter()
            .map(|q| (q.text(text).to_string(), q.speaker.map(|s| s.name)))
            .collect()
    }

    fn mentions(text: &str) -> Vec<Option<String>> {
        quotations(text)
            .into_iter()
            .map(|q| q.speaker.map(|s| s.mention))
            .collect()
    }

    #[test]
    fn curly_and_straight_quotes_with_speakers() {
        let t = "The minister said: \"It was a critical strategic mistake.\" Later, “We will fight on,” she added. \"Nothing changes,\" Mr Smith told reporters.";
        assert_eq!(
            quotes(t),
            [
                (
                    "It was a critical strategic mistake.".to_string(),
                    Some("The minister".to_string())
                ),
                // No named speaker before: "she" stays as written.
                ("We will fight on,".to_string(), Some("she".to_string())),
                ("Nothing changes,".to_string(), Some("Mr Smith".to_string())),
            ]
        );
    }

    #[test]
    fn verbs_and_mention_offsets() {
        let t = "“Prices will rise,” Jane Doe told reporters on Monday.";
        let q = &quotations(t)[0];
        assert_eq!(q.verb.as_deref(), Some("told"));
        let s = q.speaker.as_ref().unwrap();
        let chars: Vec<char> = t.chars().collect();
        assert_eq!(chars[s.start..s.end].iter().collect::<String>(), "Jane Doe");
        assert_eq!(&t[s.byte_start..s.byte_end], "Jane Doe");
    }

    #[test]
    fn said_before_the_name() {
        let t = "“Prices will rise,” said the chief executive, Jane Doe.";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("Jane Doe"));
        let t = "“Prices will rise,” said the minister on Monday in London.";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("the minister"));
        let t = "\"We are ready,\" said Sen. Ted Cruz (R-Texas), who spoke first.";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("Sen. Ted Cruz"));
    }

    #[test]
    fn pronouns_resolve_to_the_last_named_speaker() {
        let t = "“We will win,” said Donald Trump. The crowd cheered.\n\
                 “Believe me,” he added.";
        assert_eq!(quotes(t)[1].1.as_deref(), Some("Donald Trump"));
        assert_eq!(mentions(t)[1].as_deref(), Some("he"));
        // A woman's title does not match "he".
        let t = "“We will win,” said Mrs Clinton.\n“Believe me,” he added.";
        assert_eq!(quotes(t)[1].1.as_deref(), Some("he"));
    }

    #[test]
    fn split_quotes_share_the_speaker() {
        let t = "“We are not going anywhere,” Mr Obama said, “and neither is the law.”";
        let q = quotes(t);
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].1.as_deref(), Some("Mr Obama"));
        assert_eq!(q[1].1.as_deref(), Some("Mr Obama"));
    }

    #[test]
    fn according_to_and_colon_attributions() {
        let t = "According to a senior official, “the talks have failed.”";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("a senior official"));
        let t = "Clinton told supporters in Ohio: “This is our moment.”";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("Clinton"));
        let t = "In a statement, the campaign said, \"We welcome the decision.\"";
        assert_eq!(quotes(t)[0].1.as_deref(), Some("the campaign"));
    }

    #[test]
    fn quotes_over_several_paragraphs_are_one() {
        let t =
            "He said: “The first paragraph runs on.\n\n“And the second one ends here,” he said.";
        let q = quotations(t);
        assert_eq!(q.len(), 1, "{q:?}");
        assert!(q[0].text(t).starts_with("The first paragraph"));
        assert!(q[0].text(t).ends_with("ends here,"));
    }

    #[test]
    fn unattributed_and_unclosed_quotes() {
        let t = "It was called \"a complete and utter disaster\" by critics.\n\"A quote running on\nand a new paragraph.";
        let q = quotes(t);
        assert_eq!(q[0], ("a complete and utter disaster".to_string(), None));
        assert_eq!(q[1].0, "A quote running on");
        assert_eq!(q.len(), 2);
    }

    #[test]
    fn inch_marks_are_not_quotes() {
        assert!(quotations("a 12\" screen and nothing else").is_empty());
    }

    proptest::proptest! {
        #[test]
        fn offsets_slice_the_text(text in "\\PC{0,200}") {
            let chars: Vec<char> = text.chars().collect();
            for q in quotations(&text) {
                let by_chars: String = chars[q.start..q.end].iter().collect();
                proptest::prop_assert_eq!(by_chars.as_str(), q.text(&text));
                proptest::prop_assert!(!q.text(&text).is_empty());
                if let Some(s) = &q.speaker {
                    let by_chars: String = chars[s.start..s.end].iter().collect();
                    proptest::prop_assert_eq!(&by_chars, &s.mention);
                    proptest::prop_assert_eq!(&text[s.byte_start..s.byte_end], s.mention.as_str());
                }
            }
        }

        #[test]
        fn quoted_speech_is_found_in_any_surrounding(
            before in "[a-zA-Z ,.]{0,60}",
            words in proptest::collection::vec("[a-z]{1,8}", 1..12),
            after in "[a-zA-Z ,.]{0,60}",
        ) {
            let inner = words.join(" ");
            let text = format!("{before} “{inner},” said Jane Doe. {after}");
            let q = quotations(&text);
            let want = format!("{inner},");
            proptest::prop_assert!(q.iter().any(|q| q.text(&text) == want), "{:?}", q);
        }
    }
}
