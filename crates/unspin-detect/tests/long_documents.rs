//! Long clean documents stay clean: the spin ratio of a book-length text is
//! taken over stretches of an article's length, so the rare words that each
//! stretch brings do not add up.
//!
//! Reads the BBC news of `../shared/data` (from the workspace root); the
//! test is skipped with a note where it is absent.

use std::path::PathBuf;

use unspin_detect::{Detector, Verdict};
use unspin_lexicon::Lexicon;

fn business_news() -> Option<Vec<String>> {
    let dir =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/news/bbc/business");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    paths.sort();
    Some(
        paths
            .iter()
            .filter_map(|p| std::fs::read(p).ok())
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .collect(),
    )
}

#[test]
fn concatenated_clean_articles_are_not_spun() {
    let Some(articles) = business_news() else {
        eprintln!("skipped: ../shared/data/news/bbc/business is absent");
        return;
    };
    assert!(articles.len() >= 500, "{} articles", articles.len());
    let lex = Lexicon::embedded();
    let det = Detector::new(&lex);
    // Ten documents of 50 articles (15,000–20,000 words each), and one of all.
    let mut docs: Vec<String> = articles
        .chunks(50)
        .take(10)
        .map(|c| c.join("\n\n"))
        .collect();
    docs.push(articles.join("\n\n"));
    for (i, doc) in docs.iter().enumerate() {
        let report = det.scan("-", doc, false);
        assert!(
            report.words > 10_000,
            "document {i}: {} words",
            report.words
        );
        assert_ne!(
            report.verdict,
            Verdict::Spun,
            "document {i}: score {}",
            report.score
        );
    }
}
