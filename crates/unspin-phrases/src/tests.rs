use super::*;

const HEADER: &str =
    "\"Fingerprint - Tortured Phrase\",\"Expected Text\",\"Nb Retrieved Papers\"\n";

/// A screener export with the given (fingerprint, expected) rows.
fn csv(rows: &[(&str, &str)]) -> String {
    let mut s = HEADER.to_string();
    for (fp, exp) in rows {
        s.push_str(&format!(
            "\"{}\",\"{}\",\"1\"\n",
            fp.replace('"', "\"\""),
            exp.replace('"', "\"\"")
        ));
    }
    s
}

fn list(rows: &[(&str, &str)]) -> PhraseList {
    let (list, warnings) = PhraseList::parse("test.csv", &csv(rows)).unwrap();
    assert!(warnings.is_empty(), "{warnings:?}");
    list
}

/// (text, suggestion) of each hit.
fn found(list: &PhraseList, text: &str) -> Vec<(String, String)> {
    let hits = list.find_text(text);
    for h in &hits {
        let slice: String = text.chars().skip(h.start).take(h.end - h.start).collect();
        assert_eq!(slice, h.text, "offsets of {h:?}");
    }
    hits.into_iter().map(|h| (h.text, h.suggestion)).collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn plain_phrase_case_insensitive_whole_words() {
    let l = list(&[("\"grouping methods\"", "classification methods")]);
    assert_eq!(
        found(&l, "Two Grouping Methods were used."),
        pairs(&[("Grouping Methods", "classification methods")])
    );
    assert!(found(&l, "regrouping methods").is_empty());
    assert!(found(&l, "grouping methodsx").is_empty());
    // Not across punctuation the phrase does not have.
    assert!(found(&l, "by grouping. Methods differ").is_empty());
    assert!(found(&l, "grouping, methods").is_empty());
    // Across line breaks and repeated spaces.
    assert_eq!(found(&l, "grouping\n   methods").len(), 1);
}

#[test]
fn hyphens_match_spaces_both_ways() {
    let l = list(&[
        ("\"signal-to-noise\"", "signal-to-noise ratio"),
        ("\"man made brainpower\"", "artificial intelligence"),
    ]);
    assert_eq!(found(&l, "the signal-to-noise").len(), 1);
    assert_eq!(found(&l, "the signal to noise").len(), 1);
    assert_eq!(found(&l, "the signal–to–noise").len(), 1);
    assert_eq!(
        found(&l, "Man-made brainpower."),
        pairs(&[("Man-made brainpower", "artificial intelligence")])
    );
}

#[test]
fn punctuation_inside_the_phrase_is_required_and_reported() {
    let l = list(&[
        ("\"data technology (IT)\"", "information technology (IT)"),
        ("\"exactness, review\"", "precision, recall"),
        ("\"Alzheimer's illness\"", "Alzheimer's disease"),
    ]);
    assert_eq!(
        found(&l, "In data technology (IT), we"),
        pairs(&[("data technology (IT)", "information technology (IT)")])
    );
    assert_eq!(
        found(&l, "the exactness, review and"),
        pairs(&[("exactness, review", "precision, recall")])
    );
    assert!(found(&l, "the exactness review").is_empty());
    assert_eq!(
        found(&l, "ALZHEIMER’S ILLNESS"),
        pairs(&[("ALZHEIMER’S ILLNESS", "Alzheimer's disease")])
    );
}

#[test]
fn and_condition_anywhere_in_the_document() {
    let l = list(&[("\"malignant growth\" AND \"cancer\"", "cancer")]);
    assert!(found(&l, "A malignant growth of the economy.").is_empty());
    assert_eq!(
        found(&l, "Cancer is common. A malignant growth was seen."),
        pairs(&[("malignant growth", "cancer")])
    );
    assert_eq!(found(&l, "malignant growth ... later: cancer").len(), 1);
}

#[test]
fn and_with_unquoted_words_and_prefix() {
    let l = list(&[
        (
            "\"business knowledge\" AND business intelligence",
            "business intelligence (BI)",
        ),
        (
            "\"enhancement calculation\" AND optimiz*",
            "optimization algorithm",
        ),
    ]);
    assert!(found(&l, "business knowledge and intelligence in business").is_empty());
    assert_eq!(
        found(&l, "business knowledge, i.e. business intelligence").len(),
        1
    );
    assert!(found(&l, "an enhancement calculation").is_empty());
    assert!(found(&l, "an enhancement calculation (reoptimized)").is_empty());
    assert_eq!(
        found(&l, "Optimizing with an enhancement calculation"),
        pairs(&[("enhancement calculation", "optimization algorithm")])
    );
}

#[test]
fn not_conditions() {
    let l = list(&[
        (
            "\"magnetic cell separation\" NOT \"with MACS\"",
            "Magnetic-activated cell sorting (MACS)",
        ),
        ("\"surface highlights\" NOT specular", "surface features"),
    ]);
    assert_eq!(found(&l, "magnetic cell separation was used").len(), 1);
    assert!(found(&l, "magnetic cell separation with MACS").is_empty());
    assert_eq!(
        found(&l, "magnetic cell separation, done with a MACS kit").len(),
        1
    );
    assert_eq!(found(&l, "extracted surface highlights").len(), 1);
    assert!(found(&l, "Specular surface highlights").is_empty());
}

#[test]
fn or_groups_and_alternatives() {
    let l = list(&[
        (
            "\"PC helped\" AND (\"be that as it\" OR \"on the off chance\")",
            "Computer-aided (e.g., design CAD)",
        ),
        (
            "\"affirmed recuperated demise\" OR \"affirmed recuperated passing\"",
            "confirmed, recovered and death (cases)",
        ),
        (
            "\"fit record\" OR \"fit file\" AND \"fit index\"",
            "Fit Index",
        ),
    ]);
    assert!(found(&l, "PC helped design.").is_empty());
    assert_eq!(
        found(&l, "On the off chance that PC helped design works"),
        pairs(&[("PC helped", "Computer-aided")])
    );
    assert_eq!(
        found(
            &l,
            "affirmed recuperated passing and affirmed recuperated demise"
        ),
        pairs(&[
            (
                "affirmed recuperated passing",
                "confirmed, recovered and death (cases)"
            ),
            (
                "affirmed recuperated demise",
                "confirmed, recovered and death (cases)"
            ),
        ])
    );
    assert!(found(&l, "a fit file").is_empty());
    assert_eq!(
        found(&l, "a fit file; the fit index"),
        pairs(&[("fit file", "Fit Index")])
    );
}

#[test]
fn proximity_any_order_within_window() {
    let l = list(&[("\"gatherings clustering\"~3", "clustering")]);
    assert_eq!(
        found(&l, "clustering of the gatherings"),
        pairs(&[("clustering of the gatherings", "clustering")])
    );
    assert_eq!(found(&l, "gatherings a b c clustering").len(), 1);
    assert!(found(&l, "gatherings a b c d clustering").is_empty());
    assert!(found(&l, "gatherings only").is_empty());
    // Two separate windows give two hits.
    assert_eq!(
        found(
            &l,
            "Gatherings clustering. Then more text here. Clustering gatherings!"
        )
        .len(),
        2
    );
}

#[test]
fn proximity_with_repeated_words_and_conditions() {
    let l = list(&[
        (
            "\"extricating highlights\"~20 NOT specular",
            "extracting [...] features",
        ),
        (
            "\"created nations\" AND \"developed countries\" AND \"created nations developed countries\"~100",
            "developed countries",
        ),
        (
            "\"Chime labs\" NOT \"CHIMe labs Stanford\"~5",
            "Bell [company] laboratories",
        ),
    ]);
    assert_eq!(
        found(&l, "highlights worth extricating"),
        pairs(&[("highlights worth extricating", "extracting … features")])
    );
    assert!(found(&l, "specular highlights worth extricating").is_empty());
    assert_eq!(
        found(&l, "created nations and developed countries"),
        pairs(&[("created nations", "developed countries")])
    );
    assert!(found(&l, "created nations").is_empty());
    assert_eq!(found(&l, "at Chime labs in Boston").len(), 1);
    assert!(found(&l, "at Chime labs at Stanford").is_empty());
}

#[test]
fn overlapping_hits_keep_the_longest() {
    let l = list(&[
        ("\"profound learning\"", "deep learning"),
        (
            "\"profound learning calculation\"",
            "deep learning algorithm",
        ),
        ("\"learning calculation\"", "learning algorithm"),
        ("\"irregular woods\"", "random forest"),
    ]);
    assert_eq!(
        found(
            &l,
            "A profound learning calculation and irregular woods; profound learning."
        ),
        pairs(&[
            ("profound learning calculation", "deep learning algorithm"),
            ("irregular woods", "random forest"),
            ("profound learning", "deep learning"),
        ])
    );
}

#[test]
fn the_more_specific_entry_wins_a_tie() {
    let l = list(&[
        ("\"consequences be damned\"", "You Only Look Once (YOLO)"),
        (
            "\"Consequences be damned\" AND YOLO",
            "YOLO (You Only Look Once, a computer vision model)",
        ),
    ]);
    assert_eq!(
        found(&l, "consequences be damned")[0].1,
        "You Only Look Once (YOLO)"
    );
    assert_eq!(
        found(&l, "YOLO: consequences be damned")[0].1,
        "YOLO (You Only Look Once, a computer vision model)"
    );
}

#[test]
fn hits_report_char_offsets_and_fingerprint() {
    let l = list(&[("\"counterfeit consciousness\"", "artificial intelligence")]);
    let text = "«Ça» — Counterfeit consciousness…";
    let hits = l.find_text(text);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].start, hits[0].end), (7, 32));
    assert_eq!(hits[0].fingerprint, "\"counterfeit consciousness\"");
}

#[test]
fn tsv_lists() {
    let content = "# tortured\toriginal\n\n\
                   tortured\toriginal\n\
                   irregular backwoods\trandom forest\n\
                   no tab on this line\n\
                   \"colossal information\" AND Hadoop\tbig data\n\
                   \tempty phrase\n";
    let (l, warnings) = PhraseList::parse("my.tsv", content).unwrap();
    assert_eq!(l.format(), ListFormat::Tsv);
    assert_eq!(l.len(), 2);
    assert_eq!(warnings.len(), 2);
    assert_eq!(warnings[0].line, 5);
    assert_eq!(
        found(&l, "Irregular backwoods and colossal information"),
        pairs(&[("Irregular backwoods", "random forest")])
    );
    assert_eq!(found(&l, "colossal information on Hadoop").len(), 1);
    assert_eq!(l.entries()[1].phrase, "colossal information");
}

#[test]
fn csv_rows_that_cannot_be_read_are_warnings() {
    let content = csv(&[
        ("\"good phrase\"", "fine"),
        ("\"unclosed", "x"),
        ("\"a\" AND (\"b\"", "x"),
        ("NOT \"only negative\"", "x"),
        ("\"...\"", "x"),
    ]) + "\"\",\"empty\",\"1\"\n";
    let (l, warnings) = PhraseList::parse("pps.csv", &content).unwrap();
    assert_eq!(l.format(), ListFormat::ScreenerCsv);
    assert_eq!(l.len(), 1);
    assert_eq!(warnings.len(), 5, "{warnings:?}");
    assert_eq!(warnings[0].line, 3);
    let summary = summarize_warnings("pps.csv", &warnings, 2).unwrap();
    assert!(
        summary.starts_with("pps.csv: skipped 5 entries that could not be read (line 3:"),
        "{summary}"
    );
    assert!(summary.ends_with("; and 3 more)"), "{summary}");
}

#[test]
fn errors_name_the_file_and_the_fix() {
    let e = PhraseList::parse("x.txt", "just some words\nand more\n").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("x.txt") && msg.contains("tortured<TAB>original"),
        "{msg}"
    );
    assert!(!msg.contains('\n'));
    let e = PhraseList::parse("e.tsv", "# nothing\n\n").unwrap_err();
    assert!(matches!(e, PhraseError::NoPhrases { .. }), "{e}");
    let e = PhraseList::parse("bad.tsv", "\tx\n").unwrap_err();
    assert!(e.to_string().contains("bad.tsv"));
    let e = PhraseList::load(Path::new("/nonexistent/list.tsv")).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("/nonexistent/list.tsv") && msg.contains("check the path"),
        "{msg}"
    );
}

#[test]
fn load_reads_files_and_rejects_non_utf8() {
    let dir = std::env::temp_dir().join(format!("unspin-phrases-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let good = dir.join("list.tsv");
    std::fs::write(&good, "\u{feff}huge information\tbig data\n").unwrap();
    let (l, _) = PhraseList::load(&good).unwrap();
    assert_eq!(
        found(&l, "Huge information!"),
        pairs(&[("Huge information", "big data")])
    );
    let bad = dir.join("latin1.tsv");
    std::fs::write(&bad, b"caf\xe9\tcoffee\n").unwrap();
    let e = PhraseList::load(&bad).unwrap_err();
    assert!(e.to_string().contains("UTF-8"), "{e}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn tokens_that_do_not_fit_the_text_are_ignored() {
    let l = list(&[("\"huge information\"", "big data")]);
    let tokens = unspin_text::tokenize("huge information and more words here");
    assert!(l.find("huge", &tokens).is_empty());
    assert!(l.find("", &tokens).is_empty());
    assert!(l.find("huge information", &[]).is_empty());
}
