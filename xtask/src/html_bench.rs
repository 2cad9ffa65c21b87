//! HTML article-extraction benchmark.
//!
//! Runs unspin's real HTML path ([`unspin_text::decode_bytes`] with
//! [`InputFormat::Html`]) on the pages of the Scrapinghub article
//! extraction benchmark (`html/article-extraction-benchmark` under the
//! shared data directory: `html/<id>.html.gz` and `ground-truth.json`) and
//! scores the extracted text against the gold article body.
//!
//! The score is the benchmark's own: per page, word 4-gram shingles (words
//! are runs of letters, digits and `_`) are counted in both texts and
//! true/false positives and negatives normalised to sum to 1; precision is
//! averaged over pages with a prediction, recall over pages with a gold
//! text, and F1 is their harmonic mean. The mean of the per-page F1 scores
//! is reported as well. Published figures on this benchmark: F1 0.970 for
//! rs-trafilatura, 0.958 for Python trafilatura, 0.947 for Readability.js.

use std::collections::HashMap;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use unspin_text::{InputFormat, decode_bytes};

/// Where the benchmark lives under the shared data directory.
const BENCH_DIR: &str = "html/article-extraction-benchmark";

/// Number of lowest-scoring pages listed in the report.
const WORST_SHOWN: usize = 5;

/// The score of one page.
#[derive(Debug, Clone, PartialEq)]
pub struct PageScore {
    /// The page id (file name without `.html.gz`).
    pub id: String,
    /// Shingle precision (`None` when nothing was extracted).
    pub precision: Option<f64>,
    /// Shingle recall (`None` when the gold text is empty).
    pub recall: Option<f64>,
    /// Harmonic mean of the page's precision and recall.
    pub f1: f64,
    /// Words extracted.
    pub extracted_words: usize,
    /// Words in the gold article body.
    pub gold_words: usize,
}

/// The result of [`run`].
#[derive(Debug, Clone)]
pub struct HtmlBenchReport {
    /// Benchmark directory used.
    pub dir: PathBuf,
    /// Pages scored.
    pub pages: usize,
    /// F1 of the averaged precision and recall (the benchmark's headline
    /// score).
    pub f1: f64,
    /// Shingle precision averaged over pages with extracted text.
    pub precision: f64,
    /// Shingle recall averaged over pages with gold text.
    pub recall: f64,
    /// Mean of the per-page F1 scores.
    pub mean_page_f1: f64,
    /// Pages whose extraction gave nothing at all.
    pub empty_extractions: usize,
    /// Pages that failed to decode, with the error (scored as empty).
    pub errors: Vec<(String, String)>,
    /// The lowest-scoring pages, worst first.
    pub worst: Vec<PageScore>,
    /// Time spent decoding and extracting (not scoring).
    pub extraction_time: Duration,
}

impl fmt::Display for HtmlBenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "HTML article extraction ({})", self.dir.display())?;
        writeln!(
            f,
            "  pages {}   F1 {:.3}   precision {:.3}   recall {:.3}   mean page F1 {:.3}",
            self.pages, self.f1, self.precision, self.recall, self.mean_page_f1
        )?;
        let secs = self.extraction_time.as_secs_f64();
        writeln!(
            f,
            "  extraction {:.2} s ({:.1} pages/s), {} empty, {} errors",
            secs,
            if secs > 0.0 {
                self.pages as f64 / secs
            } else {
                0.0
            },
            self.empty_extractions,
            self.errors.len()
        )?;
        writeln!(
            f,
            "  reference: rs-trafilatura F1 0.970, trafilatura 0.958, Readability.js 0.947"
        )?;
        for (id, err) in &self.errors {
            writeln!(f, "  error {id}: {err}")?;
        }
        if !self.worst.is_empty() {
            writeln!(f, "  lowest pages:")?;
            for p in &self.worst {
                let show = |x: Option<f64>| x.map_or_else(|| "-".to_owned(), |v| format!("{v:.3}"));
                writeln!(
                    f,
                    "    {}  F1 {:.3}  P {}  R {}  words {}/{} (extracted/gold)",
                    p.id,
                    p.f1,
                    show(p.precision),
                    show(p.recall),
                    p.extracted_words,
                    p.gold_words
                )?;
            }
        }
        Ok(())
    }
}

/// Runs the benchmark. `data_dir` is the shared data directory (for
/// example `../shared/data`) or the benchmark directory itself.
pub fn run(data_dir: &Path) -> Result<HtmlBenchReport> {
    let dir = if data_dir.join("ground-truth.json").is_file() {
        data_dir.to_path_buf()
    } else {
        data_dir.join(BENCH_DIR)
    };
    let truth_path = dir.join("ground-truth.json");
    let truth_text = std::fs::read_to_string(&truth_path)
        .with_context(|| format!("reading {}", truth_path.display()))?;
    let truth: serde_json::Value = serde_json::from_str(&truth_text)
        .with_context(|| format!("parsing {}", truth_path.display()))?;
    let truth = truth
        .as_object()
        .with_context(|| format!("{}: expected an object", truth_path.display()))?;

    let mut ids: Vec<&String> = truth.keys().collect();
    ids.sort();
    let mut scores = Vec::with_capacity(ids.len());
    let mut errors = Vec::new();
    let mut empty_extractions = 0;
    let mut extraction_time = Duration::ZERO;
    for id in ids {
        let gold = truth[id.as_str()]
            .get("articleBody")
            .and_then(|v| v.as_str())
            .unwrap_or("");
        let page_path = dir.join("html").join(format!("{id}.html.gz"));
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(
            std::fs::File::open(&page_path)
                .with_context(|| format!("opening {}", page_path.display()))?,
        )
        .read_to_end(&mut bytes)
        .with_context(|| format!("decompressing {}", page_path.display()))?;

        let start = Instant::now();
        let decoded = decode_bytes(&format!("{id}.html"), &bytes, InputFormat::Html);
        extraction_time += start.elapsed();
        let extracted = match decoded.into_iter().next() {
            Some(Ok(doc)) => doc.text,
            Some(Err(e)) => {
                errors.push((id.clone(), e.to_string()));
                String::new()
            }
            None => {
                errors.push((id.clone(), "no document".to_owned()));
                String::new()
            }
        };
        if extracted.trim().is_empty() {
            empty_extractions += 1;
        }
        scores.push(score_page(id, gold, &extracted));
    }
    if scores.is_empty() {
        bail!("{}: no pages in the ground truth", truth_path.display());
    }

    let (precision, recall, f1) = aggregate(&scores);
    let mean_page_f1 = scores.iter().map(|s| s.f1).sum::<f64>() / scores.len() as f64;
    let mut worst = scores.clone();
    worst.sort_by(|a, b| a.f1.total_cmp(&b.f1).then_with(|| a.id.cmp(&b.id)));
    worst.truncate(WORST_SHOWN);
    Ok(HtmlBenchReport {
        dir,
        pages: scores.len(),
        f1,
        precision,
        recall,
        mean_page_f1,
        empty_extractions,
        errors,
        worst,
        extraction_time,
    })
}

/// Averaged precision (over pages with a prediction), averaged recall
/// (over pages with gold text) and their harmonic mean.
fn aggregate(scores: &[PageScore]) -> (f64, f64, f64) {
    let mean = |xs: Vec<f64>| {
        if xs.is_empty() {
            0.0
        } else {
            xs.iter().sum::<f64>() / xs.len() as f64
        }
    };
    let precision = mean(scores.iter().filter_map(|s| s.precision).collect());
    let recall = mean(scores.iter().filter_map(|s| s.recall).collect());
    (precision, recall, harmonic(precision, recall))
}

fn harmonic(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// Words as the benchmark's tokenizer finds them: maximal runs of letters,
/// digits and underscores.
fn words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let word_char = c.is_alphanumeric() || c == '_';
        match (word_char, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(&text[s..i]);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

/// Counts of word 4-gram shingles; a text of fewer than four words is one
/// shingle of all of them, an empty text has none.
fn shingle_counts<'w, 'a>(words: &'w [&'a str]) -> HashMap<&'w [&'a str], usize> {
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    let n = 4.min(words.len());
    for w in words.windows(n) {
        *counts.entry(w).or_insert(0) += 1;
    }
    counts
}

/// Scores one page like the benchmark's `string_shingle_matching`.
fn score_page(id: &str, gold: &str, extracted: &str) -> PageScore {
    let gold_words = words(gold);
    let pred_words = words(extracted);
    let gold_counts = shingle_counts(&gold_words);
    let pred_counts = shingle_counts(&pred_words);
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    for (key, &g) in &gold_counts {
        let p = pred_counts.get(key).copied().unwrap_or(0);
        tp += g.min(p);
        fn_ += g.saturating_sub(p);
    }
    for (key, &p) in &pred_counts {
        let g = gold_counts.get(key).copied().unwrap_or(0);
        fp += p.saturating_sub(g);
    }
    let precision = (tp + fp > 0).then(|| {
        if fp == 0 {
            1.0
        } else {
            tp as f64 / (tp + fp) as f64
        }
    });
    let recall = (tp + fn_ > 0).then(|| {
        if fn_ == 0 {
            1.0
        } else {
            tp as f64 / (tp + fn_) as f64
        }
    });
    let f1 = match (precision, recall) {
        (Some(p), Some(r)) => harmonic(p, r),
        // Both texts empty: nothing to find and nothing found.
        (None, None) => 1.0,
        _ => 0.0,
    };
    PageScore {
        id: id.to_owned(),
        precision,
        recall,
        f1,
        extracted_words: pred_words.len(),
        gold_words: gold_words.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn benchmark_tokenizer() {
        assert_eq!(
            words("It’s 3.5 km_h, naïve—Москва!"),
            ["It", "s", "3", "5", "km_h", "naïve", "Москва"]
        );
        assert!(words(" ,.; ").is_empty());
    }

    #[test]
    fn page_scores() {
        let gold = "one two three four five six";
        let s = score_page("a", gold, gold);
        assert_eq!((s.precision, s.recall, s.f1), (Some(1.0), Some(1.0), 1.0));
        // Extra boilerplate lowers precision only.
        let s = score_page("a", gold, "menu home about one two three four five six");
        assert_eq!(s.recall, Some(1.0));
        assert!((s.precision.unwrap() - 3.0 / 6.0).abs() < 1e-12);
        // Nothing extracted: no precision, recall 0.
        let s = score_page("a", gold, "");
        assert_eq!((s.precision, s.recall, s.f1), (None, Some(0.0), 0.0));
        // Short texts are one shingle.
        let s = score_page("a", "hello world", "hello world");
        assert_eq!(s.f1, 1.0);
        let s = score_page("a", "", "");
        assert_eq!((s.precision, s.recall, s.f1), (None, None, 1.0));
    }

    #[test]
    fn aggregate_like_the_benchmark() {
        let pages = [
            score_page("a", "a b c d e", "a b c d e"),
            score_page("b", "a b c d e", ""),
        ];
        let (p, r, f1) = aggregate(&pages);
        assert_eq!(p, 1.0);
        assert_eq!(r, 0.5);
        assert!((f1 - 2.0 / 3.0).abs() < 1e-12);
    }
}
