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

/// What the synthetic copy did to one quotation, and the status expected.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Treatment {
    /// Left as it was (the text around it spun): `exact`.
    Intact,
    /// Words swapped by a thesaurus spinner: `altered`.
    Spun,
    /// Words inserted, deleted or replaced by hand ("not" added, a clause
    /// dropped): `altered`.
    Edited,
    /// Replaced by another article's quotation: `not_found`.
    Replaced,
}

impl Treatment {
    fn expected(self) -> unspin_align::MatchStatus {
        use unspin_align::MatchStatus;
        match self {
            Treatment::Intact => MatchStatus::Exact,
            Treatment::Spun | Treatment::Edited => MatchStatus::Altered,
            Treatment::Replaced => MatchStatus::NotFound,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Treatment::Intact => "intact",
            Treatment::Spun => "spun",
            Treatment::Edited => "edited",
            Treatment::Replaced => "replaced",
        }
    }
}

/// Words an editor slips into a quotation.
const INSERTS: &[&str] = &[
    "not",
    "never",
    "very",
    "really",
    "also",
    "only",
    "certainly",
];

/// Applies a hand edit to a quotation: a word inserted, one or two
/// deleted, or a word replaced by an unrelated one.
fn edit_quote(q: &str, rng: &mut rand_chacha::ChaCha8Rng) -> String {
    use rand::Rng;
    use rand::seq::IndexedRandom;
    let words: Vec<&str> = q.split(' ').collect();
    let n = words.len();
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    match rng.random_range(0..3) {
        0 => {
            let at = rng.random_range(1..n.max(2));
            out.insert(
                at.min(out.len()),
                INSERTS.choose(rng).copied().unwrap_or("not").to_string(),
            );
        }
        1 if n > 4 => {
            let at = rng.random_range(1..n - 2);
            let k = rng.random_range(1..=2);
            out.drain(at..at + k);
        }
        _ => {
            let at = rng.random_range(0..n);
            let trail: String = out[at]
                .chars()
                .rev()
                .take_while(|c| !c.is_alphanumeric())
                .collect();
            out[at] = format!("banana{}", trail.chars().rev().collect::<String>());
        }
    }
    out.join(" ")
}

/// The synthetic quotation pairs: for articles with quotations, a copy
/// whose running text is spun and whose quotations are each left intact,
/// spun, edited or replaced; each original quotation of three words or
/// more is looked up in the copy and its status checked. Spinners vary
/// (three thesauri, rates 10–40%, capitals and phrases swapped or not).
pub fn synthetic(data: &Path, pairs: usize, seed: u64) -> Result<()> {
    use rand::seq::IndexedRandom;
    use rand::{Rng, SeedableRng};
    let th = crate::base_thesauri(data)?;
    let lex = unspin_lexicon::Lexicon::embedded();
    let comparer = unspin_align::Comparer::new(&lex);
    let mut arts: Vec<Article> = polnear(data, "dev")?;
    arts.extend(polnear(data, "train")?);
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
    // A pool of quotations to replace others with.
    let pool: Vec<String> = arts
        .iter()
        .flat_map(|a| {
            unspin_quotes::quotations(&a.text)
                .into_iter()
                .map(|q| q.text(&a.text).to_string())
                .filter(|t| t.split_whitespace().count() >= 5)
                .collect::<Vec<_>>()
        })
        .collect();
    let mut tally: std::collections::BTreeMap<Treatment, (usize, usize)> =
        std::collections::BTreeMap::new();
    let mut confusions: std::collections::BTreeMap<(Treatment, &'static str), usize> =
        std::collections::BTreeMap::new();
    let mut done = 0;
    for (ai, a) in arts.iter().enumerate() {
        if done >= pairs {
            break;
        }
        let quotes = unspin_quotes::quotations(&a.text);
        if quotes
            .iter()
            .filter(|q| q.text(&a.text).split_whitespace().count() >= 3)
            .count()
            < 2
        {
            continue;
        }
        done += 1;
        let spinner = crate::spin::SpinOptions {
            thesaurus: *crate::spin::Thesaurus::ALL
                .choose(&mut rng)
                .expect("thesauri"),
            choice: crate::spin::Choice::Uniform,
            rate: [0.1, 0.25, 0.4][rng.random_range(0..3)],
            capitals: rng.random_bool(0.5),
            phrases: rng.random_bool(0.5),
        };
        // The copy: running text spun, each quotation treated.
        let mut copy = String::with_capacity(a.text.len());
        let mut pos = 0;
        let mut treatments = Vec::with_capacity(quotes.len());
        for q in &quotes {
            let (spun, _) = crate::spin::spin(&th, spinner, &a.text[pos..q.byte_start], &mut rng);
            copy.push_str(&spun);
            let orig = q.text(&a.text);
            let mut t = match rng.random_range(0..4) {
                0 => Treatment::Intact,
                1 => Treatment::Spun,
                2 => Treatment::Edited,
                _ => Treatment::Replaced,
            };
            let new = match t {
                Treatment::Intact => orig.to_string(),
                Treatment::Spun => {
                    let opts = crate::spin::SpinOptions {
                        rate: spinner.rate.max(0.2),
                        ..spinner
                    };
                    crate::spin::spin(&th, opts, orig, &mut rng).0
                }
                Treatment::Edited => edit_quote(orig, &mut rng),
                Treatment::Replaced => loop {
                    let other = pool.choose(&mut rng).cloned().unwrap_or_default();
                    if other != orig {
                        break other;
                    }
                },
            };
            if new == orig {
                t = Treatment::Intact;
            }
            treatments.push(t);
            copy.push_str(&new);
            pos = q.byte_end;
        }
        let (spun, _) = crate::spin::spin(&th, spinner, &a.text[pos..], &mut rng);
        copy.push_str(&spun);
        let pairs = comparer.quote_pairs(&a.text, &copy);
        let mut report = unspin_align::QuotesReport::new(&a.name, &a.text);
        report.record("copy", &copy, &pairs, true);
        debug_assert_eq!(report.quotes.len(), quotes.len(), "{ai}");
        let copy_quotes = unspin_quotes::quotations(&copy);
        for (k, (entry, t)) in report.quotes.iter().zip(&treatments).enumerate() {
            if entry.text.split_whitespace().count() < 3 {
                continue;
            }
            let got = entry
                .matches
                .as_ref()
                .and_then(|m| m.first())
                .map(|m| m.status)
                .unwrap_or(unspin_align::MatchStatus::NotFound);
            let e = tally.entry(*t).or_default();
            e.1 += 1;
            if got == t.expected() {
                e.0 += 1;
            } else {
                *confusions.entry((*t, got.as_str())).or_default() += 1;
                if std::env::var_os("UNSPIN_SHOW").is_some() {
                    let near: Vec<String> = copy_quotes
                        .iter()
                        .filter(|c| {
                            c.text(&copy)
                                .split_whitespace()
                                .take(3)
                                .eq(entry.text.split_whitespace().take(3))
                        })
                        .map(|c| {
                            format!(
                                "{:?} by {:?}",
                                c.text(&copy),
                                c.speaker.as_ref().map(|s| &s.name)
                            )
                        })
                        .collect();
                    eprintln!(
                        "{} -> {}: {:?} by {:?} (quote {k}); copy has {near:?}",
                        t.name(),
                        got.as_str(),
                        entry.text,
                        entry.speaker
                    );
                }
            }
        }
    }
    println!("\n# Quotation status on synthetic pairs ({done} articles, seed {seed})\n");
    println!("| quotation in the copy | quotations | expected | correct |");
    println!("|---|---|---|---|");
    let (mut right, mut all) = (0, 0);
    for (t, (r, n)) in &tally {
        println!(
            "| {} | {n} | {} | {:.1}% |",
            t.name(),
            t.expected().as_str(),
            100.0 * ratio(*r, *n)
        );
        right += r;
        all += n;
    }
    println!("| all | {all} | | {:.1}% |", 100.0 * ratio(right, all));
    for ((t, got), n) in &confusions {
        println!("- {} read as {got}: {n}", t.name());
    }
    Ok(())
}
