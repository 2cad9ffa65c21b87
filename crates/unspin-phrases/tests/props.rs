//! Properties that hold for any input: hits slice the text exactly, are
//! sorted and disjoint, and nothing panics.

use std::sync::OnceLock;

use proptest::prelude::*;
use unspin_phrases::PhraseList;

const LIST: &str = "\
\"Fingerprint - Tortured Phrase\",\"Expected Text\",\"Nb Retrieved Papers\"
\"\"\"counterfeit consciousness\"\"\",\"artificial intelligence\",\"1\"
\"\"\"sign-to-commotion\"\"\",\"signal-to-noise\",\"1\"
\"\"\"data technology (IT)\"\"\",\"information technology (IT)\",\"1\"
\"\"\"Alzheimer’s illness\"\"\",\"Alzheimer's disease\",\"1\"
\"\"\"gatherings clustering\"\"~3\",\"clustering\",\"1\"
\"\"\"malignant growth\"\" AND \"\"cancer\"\"\",\"cancer\",\"1\"
\"\"\"surface highlights\"\" NOT specular\",\"surface features\",\"1\"
\"\"\"enhancement calculation\"\" AND optimiz*\",\"optimization algorithm\",\"1\"
\"\"\"straße kunst\"\"\",\"street art\",\"1\"
\"\"\"İstanbul ağ\"\"\",\"Istanbul network\",\"1\"
\"\"\"fit record\"\" OR \"\"fit file\"\" AND \"\"fit index\"\"\",\"Fit Index\",\"1\"
";

fn small_list() -> &'static PhraseList {
    static L: OnceLock<PhraseList> = OnceLock::new();
    L.get_or_init(|| PhraseList::parse("props.csv", LIST).unwrap().0)
}

fn full_list() -> Option<&'static PhraseList> {
    static L: OnceLock<Option<PhraseList>> = OnceLock::new();
    L.get_or_init(|| {
        let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../shared/data/tortured/pps-2022.csv");
        PhraseList::load(&p).ok().map(|(l, _)| l)
    })
    .as_ref()
}

/// Text built from phrase fragments, punctuation and arbitrary characters,
/// so that hits are frequent and odd characters sit next to them.
fn text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("counterfeit".to_string()),
        Just("consciousness".to_string()),
        Just("Counterfeit-Consciousness".to_string()),
        Just("sign to commotion".to_string()),
        Just("data technology (IT)".to_string()),
        Just("ALZHEIMER'S illness".to_string()),
        Just("gatherings".to_string()),
        Just("clustering".to_string()),
        Just("malignant growth".to_string()),
        Just("cancer".to_string()),
        Just("surface highlights".to_string()),
        Just("specular".to_string()),
        Just("enhancement calculation optimizing".to_string()),
        Just("STRASSE Straße kunst".to_string()),
        Just("İSTANBUL AĞ".to_string()),
        Just("fit file fit index".to_string()),
        Just("\u{200B}".to_string()),
        Just("e\u{301}".to_string()),
        "[ .,;:()\\-–/'’\n\t]{1,3}",
        any::<String>(),
        "\\PC{0,8}",
    ];
    prop::collection::vec((piece, prop::bool::ANY), 0..24).prop_map(|v| {
        let mut s = String::new();
        for (p, space) in v {
            s.push_str(&p);
            if space {
                s.push(' ');
            }
        }
        s
    })
}

fn check(list: &PhraseList, text: &str) {
    let tokens = unspin_text::tokenize(text);
    let hits = list.find(text, &tokens);
    let chars: Vec<char> = text.chars().collect();
    let mut prev_end = 0;
    for h in &hits {
        assert!(h.start < h.end && h.end <= chars.len(), "{h:?} in {text:?}");
        let slice: String = chars[h.start..h.end].iter().collect();
        assert_eq!(slice, h.text, "{h:?} in {text:?}");
        assert!(h.start >= prev_end, "overlapping or unsorted hits {hits:?}");
        prev_end = h.end;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn hits_slice_the_text(text in text()) {
        check(small_list(), &text);
    }

    #[test]
    fn hits_slice_the_text_with_the_full_list(text in text()) {
        if let Some(list) = full_list() {
            check(list, &text);
        }
    }

    #[test]
    fn arbitrary_unicode_never_panics(text in any::<String>()) {
        check(small_list(), &text);
    }

    #[test]
    fn mismatched_tokens_never_panic(a in text(), b in text()) {
        let tokens = unspin_text::tokenize(&a);
        let _ = small_list().find(&b, &tokens);
    }

    #[test]
    fn parsing_anything_never_panics(content in any::<String>(), tsv in "\\PC{0,20}\t\\PC{0,20}") {
        let _ = PhraseList::parse("x", &content);
        if let Ok((list, _)) = PhraseList::parse("x", &tsv) {
            let _ = list.find_text(&content);
        }
    }

    #[test]
    fn fingerprints_never_panic(fp in "[\"()~*a-z0-9 ]{0,30}|(AND|OR|NOT|\"a b\"|\\(|\\)|~2| ){0,12}") {
        let csv = format!(
            "\"Fingerprint - Tortured Phrase\",\"Expected Text\"\n\"{}\",\"x\"\n",
            fp.replace('"', "\"\"")
        );
        if let Ok((list, _)) = PhraseList::parse("fp.csv", &csv) {
            let _ = list.find_text("a b a b x y a b");
        }
    }
}

#[test]
fn unicode_phrases_are_found() {
    let hits = small_list().find_text("Die Straße Kunst und İstanbul ağ.");
    let texts: Vec<&str> = hits.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(texts, ["Straße Kunst", "İstanbul ağ"]);
}
