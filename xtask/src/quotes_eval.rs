//! Figures of `unspin quotes`: direct quotations and their speakers on
//! PolNeAR, and the speed of extraction.
//!
//! PolNeAR annotates attributions (source, cue, content), direct and
//! indirect alike, with no flag telling them apart. The mapping to direct
//! quotations:
//!
//! * the text's quotation marks are paired paragraph by paragraph (a
//!   straight mark toggles, “ opens, ” closes) with no other rule, which
//!   gives a mask of quoted characters;
//! * an attribution whose content (each of its segments, `Content` and
//!   `Content2`) has at least 90% of its letters inside the mask is a
//!   direct quotation: each segment is a gold span, the attribution's
//!   `Source` its speaker;
//! * an attribution whose content has some quoted letters but fewer is a
//!   partial quotation (a quoted fragment inside reported speech): its
//!   content is left out of the scores, neither right nor wrong, as are
//!   the spans annotated `Discard` (bylines, embedded tweets);
//! * every other predicted quotation counts (a quote outside any
//!   attribution is a false positive).
//!
//! Spans are scored by overlap (a prediction is right when it overlaps a
//! gold span; a gold span is found when a prediction overlaps it) and
//! exactly (the same span after trimming quotation marks, spaces and
//! punctuation at both ends). A speaker is right when the mention the
//! prediction gives overlaps the gold `Source`.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result};

/// A character range (start, end).
type Range = (usize, usize);

/// One annotated attribution.
#[derive(Debug, Clone)]
struct Attribution {
    content: Vec<(usize, usize)>,
    source: Vec<(usize, usize)>,
}

/// One article with its annotations (character offsets).
#[derive(Debug, Clone)]
pub struct Article {
    pub name: String,
    pub text: String,
    attributions: Vec<Attribution>,
    discard: Vec<(usize, usize)>,
}

fn segments(s: &str) -> Result<Vec<(usize, usize)>> {
    s.split(';')
        .map(|seg| {
            let mut it = seg.split_whitespace();
            let a: usize = it.next().context("segment start")?.parse()?;
            let b: usize = it.next().context("segment end")?.parse()?;
            Ok((a, b))
        })
        .collect()
}

/// The articles of one PolNeAR split, each with the first annotator's
/// annotations (sorted by file name).
pub fn polnear(data: &Path, split: &str) -> Result<Vec<Article>> {
    let dir = data.join("quotes/polnear/data").join(split);
    let mut anns: Vec<PathBuf> = std::fs::read_dir(dir.join("attributions"))
        .with_context(|| format!("listing {}", dir.display()))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    anns.sort();
    let mut out: Vec<Article> = Vec::new();
    for ann in anns {
        let stem = ann.file_stem().unwrap_or_default().to_string_lossy();
        // `<article>_<annotator>.ann`
        let name = stem.rsplit_once('_').map_or(&*stem, |(a, _)| a).to_string();
        if out.last().is_some_and(|a| a.name == name) {
            continue;
        }
        let text_path = dir.join("text").join(format!("{name}.txt"));
        let text = std::fs::read_to_string(&text_path)
            .with_context(|| format!("reading {}", text_path.display()))?;
        let body = std::fs::read_to_string(&ann)?;
        let mut spans: std::collections::HashMap<&str, (&str, Vec<Range>)> =
            std::collections::HashMap::new();
        let mut relations: Vec<Vec<(&str, &str)>> = Vec::new();
        for line in body.lines() {
            let parts: Vec<&str> = line.split('\t').collect();
            if parts[0].starts_with('T') && parts.len() >= 2 {
                let (kind, offs) = parts[1].split_once(' ').context("annotation")?;
                spans.insert(parts[0], (kind, segments(offs)?));
            } else if parts[0].starts_with('E') && parts.len() >= 2 {
                relations.push(
                    parts[1]
                        .split_whitespace()
                        .filter_map(|r| r.split_once(':'))
                        .collect(),
                );
            }
        }
        let mut attributions = Vec::new();
        for rel in relations {
            let mut a = Attribution {
                content: Vec::new(),
                source: Vec::new(),
            };
            for (role, id) in rel {
                let Some((_, segs)) = spans.get(id) else {
                    continue;
                };
                if role.starts_with("Content") {
                    a.content.extend(segs);
                } else if role == "Source" {
                    a.source.extend(segs);
                }
            }
            if !a.content.is_empty() {
                attributions.push(a);
            }
        }
        let discard = spans
            .values()
            .filter(|(k, _)| *k == "Discard")
            .flat_map(|(_, s)| s.iter().copied())
            .collect();
        out.push(Article {
            name,
            text,
            attributions,
            discard,
        });
    }
    Ok(out)
}

/// Which characters lie between quotation marks, pairing marks within
/// each paragraph only.
fn quoted_mask(chars: &[char]) -> Vec<bool> {
    let mut mask = vec![false; chars.len()];
    let mut inside = false;
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\n' => inside = false,
            '"' => inside = !inside,
            '\u{201C}' => inside = true,
            '\u{201D}' => inside = false,
            _ => mask[i] = inside,
        }
    }
    mask
}

/// Gold direct quotations and left-out regions of one article.
struct Gold {
    /// Span and the speaker's spans.
    direct: Vec<(Range, Vec<Range>)>,
    ignored: Vec<(usize, usize)>,
}

fn gold(a: &Article, chars: &[char]) -> Gold {
    let mask = quoted_mask(chars);
    let mut g = Gold {
        direct: Vec::new(),
        ignored: a.discard.clone(),
    };
    for at in &a.attributions {
        let (mut letters, mut quoted) = (0usize, 0usize);
        for &(s, e) in &at.content {
            for i in s..e.min(chars.len()) {
                if chars[i].is_alphanumeric() {
                    letters += 1;
                    quoted += usize::from(mask[i]);
                }
            }
        }
        if letters == 0 || quoted == 0 {
            continue;
        }
        if quoted as f64 >= 0.9 * letters as f64 {
            for &seg in &at.content {
                g.direct.push((seg, at.source.clone()));
            }
        } else {
            g.ignored.extend(at.content.iter().copied());
        }
    }
    g
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

/// The span without quotation marks, spaces and punctuation at its ends.
fn trimmed(chars: &[char], (mut s, mut e): (usize, usize)) -> (usize, usize) {
    let skip = |c: char| !c.is_alphanumeric();
    e = e.min(chars.len());
    while s < e && skip(chars[s]) {
        s += 1;
    }
    while e > s && skip(chars[e - 1]) {
        e -= 1;
    }
    (s, e)
}

/// Counts behind the figures.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub predicted: usize,
    pub predicted_right: usize,
    pub predicted_exact: usize,
    pub gold: usize,
    pub gold_found: usize,
    pub gold_exact: usize,
    pub with_speaker: usize,
    pub speaker_right: usize,
    pub gold_with_source: usize,
    pub gold_speaker_found: usize,
    pub chars: usize,
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.predicted += o.predicted;
        self.predicted_right += o.predicted_right;
        self.predicted_exact += o.predicted_exact;
        self.gold += o.gold;
        self.gold_found += o.gold_found;
        self.gold_exact += o.gold_exact;
        self.with_speaker += o.with_speaker;
        self.speaker_right += o.speaker_right;
        self.gold_with_source += o.gold_with_source;
        self.gold_speaker_found += o.gold_speaker_found;
        self.chars += o.chars;
    }

    /// Precision, recall and F1 of spans by overlap.
    pub fn overlap(&self) -> (f64, f64, f64) {
        let (p, r) = (
            ratio(self.predicted_right, self.predicted),
            ratio(self.gold_found, self.gold),
        );
        (p, r, f1(p, r))
    }

    /// Precision, recall and F1 of exact spans.
    pub fn exact(&self) -> (f64, f64, f64) {
        let (p, r) = (
            ratio(self.predicted_exact, self.predicted),
            ratio(self.gold_exact, self.gold),
        );
        (p, r, f1(p, r))
    }

    /// Precision, recall and F1 of speakers.
    pub fn speaker(&self) -> (f64, f64, f64) {
        let (p, r) = (
            ratio(self.speaker_right, self.with_speaker),
            ratio(self.gold_speaker_found, self.gold_with_source),
        );
        (p, r, f1(p, r))
    }
}

/// Scores one article; with `show`, prints the misses to stderr.
fn score(a: &Article, show: bool) -> Counts {
    let chars: Vec<char> = a.text.chars().collect();
    let g = gold(a, &chars);
    let preds = unspin_quotes::quotations(&a.text);
    let mut c = Counts {
        gold: g.direct.len(),
        chars: a.text.len(),
        ..Counts::default()
    };
    let span_text = |(s, e): (usize, usize)| -> String {
        chars[s..e.min(chars.len())]
            .iter()
            .collect::<String>()
            .replace('\n', " ")
    };
    let mut counted = Vec::new();
    for q in &preds {
        let span = (q.start, q.end);
        let on_gold = g.direct.iter().any(|(d, _)| overlaps(*d, span));
        if !on_gold && g.ignored.iter().any(|&r| overlaps(r, span)) {
            continue;
        }
        counted.push(q);
        c.predicted += 1;
        if on_gold {
            c.predicted_right += 1;
        } else if show {
            eprintln!("FP {}: «{}»", a.name, span_text(span));
        }
        let t = trimmed(&chars, span);
        if g.direct.iter().any(|(d, _)| trimmed(&chars, *d) == t) {
            c.predicted_exact += 1;
        }
        if let Some(m) = q.speaker_span() {
            c.with_speaker += 1;
            let right = g
                .direct
                .iter()
                .any(|(d, src)| overlaps(*d, span) && src.iter().any(|&s| overlaps(s, (m.0, m.1))));
            if right {
                c.speaker_right += 1;
            } else if show && on_gold {
                let gold_src: Vec<String> = g
                    .direct
                    .iter()
                    .filter(|(d, _)| overlaps(*d, span))
                    .flat_map(|(_, s)| s.iter().map(|&x| span_text(x)))
                    .collect();
                eprintln!(
                    "SPEAKER {}: «{}» got {:?}, gold {:?}",
                    a.name,
                    span_text(span),
                    span_text(m),
                    gold_src
                );
            }
        }
    }
    for (d, src) in &g.direct {
        let over: Vec<_> = counted
            .iter()
            .filter(|q| overlaps(*d, (q.start, q.end)))
            .collect();
        if !over.is_empty() {
            c.gold_found += 1;
        } else if show {
            eprintln!("FN {}: «{}»", a.name, span_text(*d));
        }
        if over
            .iter()
            .any(|q| trimmed(&chars, (q.start, q.end)) == trimmed(&chars, *d))
        {
            c.gold_exact += 1;
        }
        if !src.is_empty() {
            c.gold_with_source += 1;
            if over.iter().any(|q| {
                q.speaker_span()
                    .is_some_and(|m| src.iter().any(|&s| overlaps(s, m)))
            }) {
                c.gold_speaker_found += 1;
            } else if show && !over.is_empty() && over.iter().all(|q| q.speaker.is_none()) {
                let src_text: Vec<String> = src.iter().map(|&x| span_text(x)).collect();
                let (s, e) = (d.0.saturating_sub(150), (d.1 + 150).min(chars.len()));
                eprintln!(
                    "NOSPEAKER {}: gold {:?} in «{}»",
                    a.name,
                    src_text,
                    span_text((s, e))
                );
            }
        }
    }
    c
}

/// Runs the PolNeAR figures on the given splits and the speed figure.
pub fn run(data: &Path, splits: &[String], show: bool) -> Result<()> {
    println!("# Quotations on PolNeAR (direct quotations only)\n");
    println!(
        "| split | articles | gold | predicted | overlap P | overlap R | overlap F1 | exact P | exact R | exact F1 | speaker P | speaker R | speaker F1 |"
    );
    println!("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
    let mut all_text: Vec<String> = Vec::new();
    for split in splits {
        let arts = polnear(data, split)?;
        let mut c = Counts::default();
        for a in &arts {
            c.add(score(a, show));
        }
        let (op, or, of) = c.overlap();
        let (ep, er, ef) = c.exact();
        let (sp, sr, sf) = c.speaker();
        println!(
            "| {split} | {} | {} | {} | {op:.3} | {or:.3} | {of:.3} | {ep:.3} | {er:.3} | {ef:.3} | {sp:.3} | {sr:.3} | {sf:.3} |",
            arts.len(),
            c.gold,
            c.predicted
        );
        all_text.extend(arts.into_iter().map(|a| a.text));
    }
    speed(&all_text);
    Ok(())
}

/// Single-thread extraction speed over the texts (each pass over all of
/// them, best of five).
fn speed(texts: &[String]) {
    let bytes: usize = texts.iter().map(String::len).sum();
    if bytes == 0 {
        return;
    }
    let mut best = f64::INFINITY;
    let mut found = 0usize;
    for _ in 0..5 {
        let t = Instant::now();
        found = texts
            .iter()
            .map(|t| unspin_quotes::quotations(t).len())
            .sum();
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "\nSpeed (one thread, best of 5): {:.1} MB in {:.3} s = {:.1} MB/s ({found} quotations)",
        bytes as f64 / 1e6,
        best,
        bytes as f64 / 1e6 / best
    );
}
