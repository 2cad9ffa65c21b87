//! Every offset of a comparison slices the inputs, for arbitrary Unicode.

use proptest::prelude::*;
use unspin_align::{Comparer, Span};
use unspin_lexicon::Lexicon;

fn slice(text: &str, s: Span) -> String {
    text.chars().skip(s.start).take(s.end - s.start).collect()
}

fn check(a: &str, b: &str) -> usize {
    let lex = Lexicon::embedded();
    let r = Comparer::new(&lex).compare("a", a, "b", b);
    let (na, nb) = (a.chars().count(), b.chars().count());
    assert!((0.0..=1.0).contains(&r.similarity));
    assert!((0.0..=1.0).contains(&r.coverage.a) && (0.0..=1.0).contains(&r.coverage.b));
    for p in &r.passages {
        assert!(p.a.start < p.a.end && p.a.end <= na, "{:?}", p.a);
        assert!(p.b.start < p.b.end && p.b.end <= nb, "{:?}", p.b);
        for o in &p.ops {
            if let (Some(s), Some(t)) = (o.a, &o.a_text) {
                assert!(p.a.start <= s.start && s.end <= p.a.end);
                assert_eq!(&slice(a, s), t);
            }
            if let (Some(s), Some(t)) = (o.b, &o.b_text) {
                assert!(p.b.start <= s.start && s.end <= p.b.end);
                assert_eq!(&slice(b, s), t);
            }
        }
    }
    for q in &r.quotes {
        assert!(q.a.end <= na && q.b.end <= nb);
        for o in &q.ops {
            if let (Some(s), Some(t)) = (o.a, &o.a_text) {
                assert_eq!(&slice(a, s), t);
            }
            if let (Some(s), Some(t)) = (o.b, &o.b_text) {
                assert_eq!(&slice(b, s), t);
            }
        }
    }
    r.passages.len()
}

/// Words from a small vocabulary (so that the documents share words and
/// passages form), with Unicode punctuation, quotes and spaces between.
fn doc() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        Just("the"),
        Just("minister"),
        Just("told"),
        Just("instructed"),
        Just("officials"),
        Just("officers"),
        Just("said"),
        Just("plan"),
        Just("budget"),
        Just("Köln"),
        Just("naïve"),
        Just("東京"),
        Just("1,400"),
        Just("White"),
        Just("House"),
        Just("Home"),
        Just("а"),
        Just("🙂"),
        Just("\u{200B}x"),
        Just("e\u{301}"),
    ];
    let sep = prop_oneof![
        Just(" "),
        Just(", "),
        Just(". "),
        Just(" \""),
        Just("\" "),
        Just(" “"),
        Just("” "),
        Just("\n"),
        Just("\n\n"),
        Just(" — "),
    ];
    prop::collection::vec((word, sep), 0..120)
        .prop_map(|v| v.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn offsets_slice_both_documents(a in doc(), b in doc()) {
        check(&a, &b);
        // A document against a lightly edited copy of itself forms passages.
        let edited = a.replacen("told", "instructed", 3).replacen("the ", "", 2);
        let passages = check(&a, &edited);
        if a.split_whitespace().count() >= 60 {
            prop_assert!(passages >= 1);
        }
    }

    #[test]
    fn arbitrary_unicode_does_not_break_offsets(a in "\\PC{0,300}", b in "\\PC{0,300}") {
        check(&a, &b);
        check(&a, &a);
    }
}

#[test]
fn empty_and_whitespace_documents() {
    assert_eq!(check("", ""), 0);
    assert_eq!(check("", "Some text here."), 0);
    assert_eq!(check("   \n\n ", "\u{feff}"), 0);
    let lex = Lexicon::embedded();
    let r = Comparer::new(&lex).compare("a", "", "b", "");
    assert_eq!(r.verdict, unspin_align::CompareVerdict::Unrelated);
    assert!(r.passages.is_empty());
}
