//! Every reported offset slices the input to the reported text, for any
//! Unicode input, and restoration never loses text outside findings.

use proptest::prelude::*;
use unspin_detect::Detector;
use unspin_lexicon::Lexicon;

fn slice(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn findings_slice_the_text(
        words in proptest::collection::vec(
            prop_oneof![
                Just("White".to_string()), Just("Home".to_string()), Just("Supreme".to_string()),
                Just("Courtroom".to_string()), Just("{big|large}".to_string()), Just("pаyment".to_string()),
                Just("instructed".to_string()), Just("reporters".to_string()), Just("\u{200B}".to_string()),
                Just("profound".to_string()), Just("learning".to_string()), Just("(DL)".to_string()),
                Just("Long brief-term".to_string()), Just("memory".to_string()), Just("(LSTM)".to_string()),
                "\\PC{0,8}",
            ],
            0..40,
        ),
        seps in proptest::collection::vec(prop_oneof![Just(" "), Just("\n"), Just(", "), Just(" — "), Just("")], 40),
    ) {
        let mut text = String::new();
        for (i, w) in words.iter().enumerate() {
            text.push_str(w);
            text.push_str(seps[i % seps.len()]);
        }
        let lex = Lexicon::embedded();
        let report = Detector::new(&lex).scan("p", &text, true);
        let n = text.chars().count();
        let mut last_end = 0;
        for f in &report.findings {
            prop_assert!(f.start < f.end && f.end <= n);
            prop_assert!(f.start >= last_end, "findings overlap or are unsorted");
            last_end = f.end;
            prop_assert_eq!(slice(&text, f.start, f.end), f.text.clone());
        }
        let restored = report.restored.unwrap();
        if report.findings.is_empty() {
            prop_assert_eq!(restored, text);
        }
    }
}
