//! The PAN text-alignment measures (Potthast et al., 2010): character-level
//! precision and recall, granularity and plagdet.
//!
//! A *case* is a passage of a suspicious document reused from a source
//! document, given as a pair of character ranges (one in each document);
//! a *detection* is the same thing as found by a detector. A detection
//! *detects* a case when the two overlap in both documents. The measures
//! follow the PAN@CLEF text-alignment evaluator (`perf_measures.py`):
//!
//! * macro recall: the mean, over cases, of the share of the case's
//!   characters (suspicious and source side together) covered by the
//!   detections that detect it; macro precision is the same with the roles
//!   of cases and detections swapped;
//! * micro recall: characters covered by both a case and a detection that
//!   detects it, over characters covered by cases (each document's
//!   characters counted once); micro precision divides by characters
//!   covered by detections;
//! * granularity: the mean number of detections detecting each detected
//!   case (1 is best);
//! * plagdet: F1 of precision and recall divided by log2(1 + granularity).
//!
//! The module also reads the PAN XML format (`unspin-printer` writes it):
//! truth files hold
//! `<feature name="plagiarism" .../>` entries, detector output holds
//! `<feature name="detected-plagiarism" .../>` entries, both inside
//! `<document reference="SUSPICIOUS">`. `this_*` attributes locate the
//! passage in the suspicious document, `source_*` attributes in the source.

use std::collections::HashMap;
use std::fmt;

use crate::report::{CompareReport, Span};

/// A reused passage: where it is in the suspicious document (`this`) and
/// where it comes from in the source document.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Annotation {
    /// The passage in the suspicious document.
    pub this: Span,
    /// The passage in the source document.
    pub source: Span,
}

impl Annotation {
    /// An annotation from its two ranges.
    pub fn new(this: Span, source: Span) -> Annotation {
        Annotation { this, source }
    }

    /// Characters of both sides together.
    fn chars(&self) -> usize {
        self.this.len() + self.source.len()
    }

    /// Whether the two overlap in both documents (PAN's `is_overlapping`).
    pub fn overlaps(&self, other: &Annotation) -> bool {
        overlap(self.this, other.this) > 0 && overlap(self.source, other.source) > 0
    }
}

/// The cases and detections of one pair of documents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocPair {
    /// Name of the suspicious document.
    pub suspicious: String,
    /// Name of the source document.
    pub source: String,
    /// The true reused passages.
    pub cases: Vec<Annotation>,
    /// The passages a detector reported.
    pub detections: Vec<Annotation>,
}

/// The PAN measures over a set of document pairs.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Measures {
    /// Cases over all pairs.
    pub cases: usize,
    /// Detections over all pairs.
    pub detections: usize,
    /// Cases detected by at least one detection.
    pub detected_cases: usize,
    /// Macro-averaged precision.
    pub macro_precision: f64,
    /// Macro-averaged recall.
    pub macro_recall: f64,
    /// Micro-averaged precision.
    pub micro_precision: f64,
    /// Micro-averaged recall.
    pub micro_recall: f64,
    /// Mean number of detections per detected case (1 when none).
    pub granularity: f64,
}

impl Measures {
    /// plagdet from the macro-averaged precision and recall (the official
    /// PAN score).
    pub fn plagdet_macro(&self) -> f64 {
        plagdet(self.macro_precision, self.macro_recall, self.granularity)
    }

    /// plagdet from the micro-averaged precision and recall.
    pub fn plagdet_micro(&self) -> f64 {
        plagdet(self.micro_precision, self.micro_recall, self.granularity)
    }
}

/// F1 of `precision` and `recall` divided by log2(1 + `granularity`);
/// 0 when both are 0 or an argument is out of range (precision and recall
/// outside [0, 1], granularity below 1, or not a number).
pub fn plagdet(precision: f64, recall: f64, granularity: f64) -> f64 {
    let unit = 0.0..=1.0;
    if !unit.contains(&precision)
        || !unit.contains(&recall)
        || precision + recall == 0.0
        || !(1.0..f64::INFINITY).contains(&granularity)
    {
        return 0.0;
    }
    let f1 = 2.0 * precision * recall / (precision + recall);
    f1 / (1.0 + granularity).log2()
}

/// Characters shared by two ranges.
fn overlap(a: Span, b: Span) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Length of the union of `ranges` (sorted in place).
fn union_len(ranges: &mut [Span]) -> usize {
    ranges.sort_unstable();
    let mut total = 0;
    let mut current: Option<Span> = None;
    for &r in ranges.iter().filter(|r| !r.is_empty()) {
        match current.as_mut() {
            Some(c) if r.start <= c.end => c.end = c.end.max(r.end),
            _ => {
                total += current.map_or(0, |c| c.len());
                current = Some(r);
            }
        }
    }
    total + current.map_or(0, |c| c.len())
}

/// Characters of `range` covered by the union of `others`.
fn covered(range: Span, others: impl Iterator<Item = Span>) -> usize {
    let mut clipped: Vec<Span> = others
        .map(|o| Span::new(o.start.max(range.start), o.end.min(range.end)))
        .filter(|s| !s.is_empty())
        .collect();
    union_len(&mut clipped)
}

/// Share of `ann`'s characters (both sides) covered by the annotations of
/// `others` that overlap it in both documents (PAN's `case_recall`).
fn annotation_recall(ann: &Annotation, others: &[Annotation]) -> f64 {
    let hits: Vec<&Annotation> = others.iter().filter(|o| ann.overlaps(o)).collect();
    let total = ann.chars();
    if hits.is_empty() || total == 0 {
        return 0.0;
    }
    let this = covered(ann.this, hits.iter().map(|o| o.this));
    let source = covered(ann.source, hits.iter().map(|o| o.source));
    (this + source) as f64 / total as f64
}

/// Characters covered by annotations, each document's characters counted
/// once: `(this, source)` ranges keyed by document name.
fn count_chars<'a>(items: impl Iterator<Item = (&'a str, &'a str, Annotation)>) -> usize {
    let mut by_doc: HashMap<(bool, &str), Vec<Span>> = HashMap::new();
    for (susp, src, a) in items {
        by_doc.entry((false, susp)).or_default().push(a.this);
        by_doc.entry((true, src)).or_default().push(a.source);
    }
    by_doc.values_mut().map(|v| union_len(v)).sum()
}

fn macro_average(
    pairs: &[DocPair],
    of: impl Fn(&DocPair) -> &[Annotation],
    by: impl Fn(&DocPair) -> &[Annotation],
) -> f64 {
    let n: usize = pairs.iter().map(|p| of(p).len()).sum();
    let m: usize = pairs.iter().map(|p| by(p).len()).sum();
    if n == 0 && m == 0 {
        return 1.0;
    }
    if n == 0 || m == 0 {
        return 0.0;
    }
    let mut sum = 0.0;
    for p in pairs {
        let others = by(p);
        sum += of(p)
            .iter()
            .map(|a| annotation_recall(a, others))
            .sum::<f64>();
    }
    sum / n as f64
}

/// The PAN measures of the detections against the cases of `pairs`.
pub fn evaluate(pairs: &[DocPair]) -> Measures {
    let cases: usize = pairs.iter().map(|p| p.cases.len()).sum();
    let detections: usize = pairs.iter().map(|p| p.detections.len()).sum();
    let macro_recall = macro_average(pairs, |p| &p.cases, |p| &p.detections);
    let macro_precision = macro_average(pairs, |p| &p.detections, |p| &p.cases);

    let (micro_recall, micro_precision) = if cases == 0 && detections == 0 {
        (1.0, 1.0)
    } else if cases == 0 || detections == 0 {
        (0.0, 0.0)
    } else {
        let plag = count_chars(
            pairs
                .iter()
                .flat_map(|p| p.cases.iter().map(|a| (&*p.suspicious, &*p.source, *a))),
        );
        let det = count_chars(pairs.iter().flat_map(|p| {
            p.detections
                .iter()
                .map(|a| (&*p.suspicious, &*p.source, *a))
        }));
        // The parts of detections inside the cases they detect.
        let true_dets = pairs.iter().flat_map(|p| {
            p.detections.iter().flat_map(move |d| {
                p.cases.iter().filter(|c| d.overlaps(c)).map(move |c| {
                    let this =
                        Span::new(d.this.start.max(c.this.start), d.this.end.min(c.this.end));
                    let source = Span::new(
                        d.source.start.max(c.source.start),
                        d.source.end.min(c.source.end),
                    );
                    (&*p.suspicious, &*p.source, Annotation::new(this, source))
                })
            })
        });
        let hit = count_chars(true_dets);
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        (ratio(hit, plag), ratio(hit, det))
    };

    let mut detected_cases = 0;
    let mut detecting = 0;
    for p in pairs {
        for c in &p.cases {
            let n = p.detections.iter().filter(|d| c.overlaps(d)).count();
            if n > 0 {
                detected_cases += 1;
                detecting += n;
            }
        }
    }
    let granularity = if detected_cases == 0 {
        1.0
    } else {
        detecting as f64 / detected_cases as f64
    };

    Measures {
        cases,
        detections,
        detected_cases,
        macro_precision,
        macro_recall,
        micro_precision,
        micro_recall,
        granularity,
    }
}

/// The passages of a comparison as PAN detections, with `a` as the source
/// document and `b` as the suspicious one.
pub fn report_detections(report: &CompareReport) -> Vec<Annotation> {
    report
        .passages
        .iter()
        .map(|p| Annotation::new(p.b, p.a))
        .collect()
}

/// One `<feature>` of a PAN XML file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feature {
    /// `plagiarism` in truth files, `detected-plagiarism` in detector output.
    pub name: String,
    /// The passage in the suspicious document.
    pub this: Span,
    /// The source document, when the feature names one.
    pub source_reference: Option<String>,
    /// The passage in the source document, when given.
    pub source: Option<Span>,
    /// The `obfuscation` attribute of truth files, when given.
    pub obfuscation: Option<String>,
}

/// A PAN XML file: the suspicious document and its features.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanDocument {
    /// The `reference` attribute of `<document>`: the suspicious document.
    pub reference: String,
    /// The features, in file order.
    pub features: Vec<Feature>,
}

impl PanDocument {
    /// The features called `name` that locate a source passage, as
    /// annotations (`source_reference` is not checked).
    pub fn annotations(&self, name: &str) -> Vec<Annotation> {
        self.features
            .iter()
            .filter(|f| f.name == name)
            .filter_map(|f| Some(Annotation::new(f.this, f.source?)))
            .collect()
    }
}

/// Why a PAN XML file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanXmlError {
    /// Byte offset in the input where the problem was found.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for PanXmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PAN XML at byte {}: {}", self.offset, self.message)
    }
}

impl std::error::Error for PanXmlError {}

fn err(offset: usize, message: impl Into<String>) -> PanXmlError {
    PanXmlError {
        offset,
        message: message.into(),
    }
}

/// A start or empty-element tag: its name and attributes.
struct Tag<'a> {
    name: &'a str,
    attrs: Vec<(&'a str, String)>,
    at: usize,
}

impl Tag<'_> {
    fn get(&self, key: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_str())
    }

    fn number(&self, key: &str) -> Result<Option<usize>, PanXmlError> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .trim()
                .parse::<usize>()
                .map(Some)
                .map_err(|_| err(self.at, format!("{key}=\"{v}\" is not a character count"))),
        }
    }

    fn span(&self, offset: &str, length: &str) -> Result<Option<Span>, PanXmlError> {
        match (self.number(offset)?, self.number(length)?) {
            (None, None) => Ok(None),
            (Some(o), Some(l)) => {
                let end = o
                    .checked_add(l)
                    .ok_or_else(|| err(self.at, format!("{offset} + {length} overflows")))?;
                Ok(Some(Span::new(o, end)))
            }
            _ => Err(err(
                self.at,
                format!("{offset} and {length} must be given together"),
            )),
        }
    }
}

/// Decodes the predefined and numeric character references of XML.
fn unescape(raw: &str, at: usize) -> Result<String, PanXmlError> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i + 1..];
        let end = rest
            .find(';')
            .ok_or_else(|| err(at, "unterminated character reference"))?;
        let name = &rest[..end];
        let c = match name {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                    u32::from_str_radix(hex, 16).ok()
                } else if let Some(dec) = name.strip_prefix('#') {
                    dec.parse::<u32>().ok()
                } else {
                    None
                };
                code.and_then(char::from_u32)
                    .ok_or_else(|| err(at, format!("unknown character reference &{name};")))?
            }
        };
        out.push(c);
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Parses the tag starting at `xml[at]` (just after `<`); returns it and
/// the byte offset after its `>`.
fn parse_tag(xml: &str, at: usize) -> Result<(Tag<'_>, usize), PanXmlError> {
    let bytes = xml.as_bytes();
    let mut i = at;
    let name_start = i;
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' && bytes[i] != b'/'
    {
        i += 1;
    }
    let name = &xml[name_start..i];
    if name.is_empty() {
        return Err(err(at, "tag without a name"));
    }
    let mut attrs = Vec::new();
    loop {
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            None => return Err(err(at, format!("unterminated <{name}> tag"))),
            Some(b'>') => return Ok((Tag { name, attrs, at }, i + 1)),
            Some(b'/') if bytes.get(i + 1) == Some(&b'>') => {
                return Ok((Tag { name, attrs, at }, i + 2));
            }
            Some(_) => {}
        }
        let key_start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'=' | b'>' | b'/')
        {
            i += 1;
        }
        let key = &xml[key_start..i];
        if key.is_empty() {
            return Err(err(i, format!("unexpected character in <{name}> tag")));
        }
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') {
            return Err(err(i, format!("attribute {key} without a value")));
        }
        i += 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let quote = match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => q,
            _ => return Err(err(i, format!("attribute {key} has an unquoted value"))),
        };
        i += 1;
        let value_start = i;
        while i < bytes.len() && bytes[i] != quote {
            i += 1;
        }
        if i >= bytes.len() {
            return Err(err(value_start, format!("unterminated value of {key}")));
        }
        let value = unescape(&xml[value_start..i], value_start)?;
        attrs.push((key, value));
        i += 1;
    }
}

/// Reads a PAN XML file (truth or detections). Unknown elements and
/// attributes are ignored; malformed markup and unreadable offsets are
/// errors.
pub fn read_xml(xml: &str) -> Result<PanDocument, PanXmlError> {
    let mut reference: Option<String> = None;
    let mut features = Vec::new();
    let mut i = 0;
    while let Some(rel) = xml[i..].find('<') {
        let at = i + rel;
        let rest = &xml[at..];
        if rest.starts_with("<!--") {
            let end = rest
                .find("-->")
                .ok_or_else(|| err(at, "unterminated comment"))?;
            i = at + end + 3;
            continue;
        }
        if rest.starts_with("<?") || rest.starts_with("<!") {
            let end = rest
                .find('>')
                .ok_or_else(|| err(at, "unterminated declaration"))?;
            i = at + end + 1;
            continue;
        }
        if rest.starts_with("</") {
            let end = rest
                .find('>')
                .ok_or_else(|| err(at, "unterminated end tag"))?;
            i = at + end + 1;
            continue;
        }
        let (tag, next) = parse_tag(xml, at + 1)?;
        i = next;
        match tag.name {
            "document" => {
                if reference.is_some() {
                    return Err(err(at, "more than one <document>"));
                }
                let r = tag
                    .get("reference")
                    .ok_or_else(|| err(at, "<document> without a reference"))?;
                reference = Some(r.to_string());
            }
            "feature" => {
                if reference.is_none() {
                    return Err(err(at, "<feature> outside <document>"));
                }
                let Some(name) = tag.get("name") else {
                    return Err(err(at, "<feature> without a name"));
                };
                let Some(this) = tag.span("this_offset", "this_length")? else {
                    return Err(err(at, "<feature> without this_offset and this_length"));
                };
                features.push(Feature {
                    name: name.to_string(),
                    this,
                    source_reference: tag.get("source_reference").map(str::to_string),
                    source: tag.span("source_offset", "source_length")?,
                    obfuscation: tag.get("obfuscation").map(str::to_string),
                });
            }
            _ => {}
        }
    }
    let reference = reference.ok_or_else(|| err(xml.len(), "no <document> element"))?;
    Ok(PanDocument {
        reference,
        features,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ann(t: (usize, usize), s: (usize, usize)) -> Annotation {
        Annotation::new(Span::new(t.0, t.1), Span::new(s.0, s.1))
    }

    fn pair(cases: Vec<Annotation>, detections: Vec<Annotation>) -> DocPair {
        DocPair {
            suspicious: "susp".into(),
            source: "src".into(),
            cases,
            detections,
        }
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-8
    }

    #[test]
    fn plagdet_reference_values() {
        assert!(close(plagdet(1.0, 1.0, 2.0), 0.63092975));
        assert!(close(plagdet(0.25, 0.75, 2.0), 0.23659865));
        assert!(close(plagdet(1.0, 1.0, 1.0), 1.0));
        assert_eq!(plagdet(0.0, 0.0, 1.0), 0.0);
        assert_eq!(plagdet(1.0, 1.0, 0.5), 0.0);
        assert_eq!(plagdet(f64::NAN, 1.0, 1.0), 0.0);
    }

    #[test]
    fn perfect_detection() {
        let c = ann((10, 110), (0, 100));
        let m = evaluate(&[pair(vec![c], vec![c])]);
        assert_eq!(m.detected_cases, 1);
        for v in [
            m.macro_precision,
            m.macro_recall,
            m.micro_precision,
            m.micro_recall,
            m.granularity,
            m.plagdet_macro(),
            m.plagdet_micro(),
        ] {
            assert!(close(v, 1.0), "{m:?}");
        }
    }

    #[test]
    fn half_detected_case_split_in_two() {
        // Case: 100 chars each side. Two detections each covering 25 chars
        // of the case on both sides plus 25 chars outside it on the
        // suspicious side.
        let c = ann((100, 200), (0, 100));
        let d1 = ann((75, 125), (0, 25));
        let d2 = ann((175, 225), (75, 100));
        let m = evaluate(&[pair(vec![c], vec![d1, d2])]);
        // Recall: (50 + 50) / 200.
        assert!(close(m.macro_recall, 0.5));
        assert!(close(m.micro_recall, 0.5));
        // Each detection: (25 + 25) / (50 + 25).
        assert!(close(m.macro_precision, 50.0 / 75.0));
        assert!(close(m.micro_precision, 100.0 / 150.0));
        assert!(close(m.granularity, 2.0));
        let f1 = 2.0 * 0.5 * (2.0 / 3.0) / (0.5 + 2.0 / 3.0);
        assert!(close(m.plagdet_macro(), f1 / 3f64.log2()));
    }

    #[test]
    fn overlap_needs_both_documents() {
        let c = ann((0, 100), (0, 100));
        // Overlaps in the suspicious document only: detects nothing.
        let d = ann((0, 100), (500, 600));
        let m = evaluate(&[pair(vec![c], vec![d])]);
        assert_eq!(m.detected_cases, 0);
        assert_eq!(m.macro_recall, 0.0);
        assert_eq!(m.macro_precision, 0.0);
        assert_eq!(m.micro_recall, 0.0);
        assert_eq!(m.micro_precision, 0.0);
        assert_eq!(m.granularity, 1.0);
        assert_eq!(m.plagdet_macro(), 0.0);
    }

    #[test]
    fn macro_and_micro_differ() {
        // A long case found whole and a short one missed.
        let long = ann((0, 900), (0, 900));
        let short = ann((1000, 1100), (1000, 1100));
        let m = evaluate(&[pair(vec![long, short], vec![long])]);
        assert!(close(m.macro_recall, 0.5));
        assert!(close(m.micro_recall, 0.9));
        assert!(close(m.macro_precision, 1.0));
        assert!(close(m.micro_precision, 1.0));
        assert_eq!(m.detected_cases, 1);
    }

    #[test]
    fn overlapping_detections_count_once() {
        let c = ann((0, 100), (0, 100));
        let d1 = ann((0, 60), (0, 60));
        let d2 = ann((40, 100), (40, 100));
        let m = evaluate(&[pair(vec![c], vec![d1, d2])]);
        assert!(close(m.macro_recall, 1.0));
        assert!(close(m.micro_recall, 1.0));
        assert!(close(m.micro_precision, 1.0));
        assert!(close(m.granularity, 2.0));
    }

    #[test]
    fn detections_only_match_within_their_pair() {
        let c = ann((0, 100), (0, 100));
        let mut other = pair(vec![], vec![c]);
        other.suspicious = "other".into();
        let m = evaluate(&[pair(vec![c], vec![]), other]);
        assert_eq!(m.detected_cases, 0);
        assert_eq!(m.macro_recall, 0.0);
        assert_eq!(m.micro_precision, 0.0);
    }

    #[test]
    fn empty_sets() {
        let m = evaluate(&[]);
        assert_eq!((m.macro_recall, m.micro_precision), (1.0, 1.0));
        let m = evaluate(&[pair(vec![ann((0, 5), (0, 5))], vec![])]);
        assert_eq!((m.macro_recall, m.macro_precision), (0.0, 0.0));
        assert_eq!(m.granularity, 1.0);
        // Empty ranges do not divide by zero.
        let e = ann((3, 3), (4, 4));
        let m = evaluate(&[pair(vec![e], vec![e])]);
        assert_eq!(m.macro_recall, 0.0);
    }

    #[test]
    fn union_of_ranges() {
        let mut r = vec![
            Span::new(10, 20),
            Span::new(0, 5),
            Span::new(15, 30),
            Span::new(30, 31),
            Span::new(7, 7),
        ];
        assert_eq!(union_len(&mut r), 5 + 21);
    }

    #[test]
    fn reads_pan_truth() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment with <feature name="x"/> inside -->
<document reference="suspicious-document00005.txt">
<feature name="plagiarism" obfuscation="none" source_length="698" source_offset="1300" source_reference="source-document01090.txt" this_length="698" this_offset="3593" type="artificial" />
<feature name='about' language='en' this_offset='0' this_length='10'/>
</document>"#;
        let doc = read_xml(xml).unwrap();
        assert_eq!(doc.reference, "suspicious-document00005.txt");
        assert_eq!(doc.features.len(), 2);
        assert_eq!(doc.features[0].obfuscation.as_deref(), Some("none"));
        assert_eq!(
            doc.annotations("plagiarism"),
            vec![ann((3593, 4291), (1300, 1998))]
        );
        assert_eq!(doc.features[1].source, None);
    }

    #[test]
    fn malformed_xml_is_an_error() {
        for bad in [
            "",
            "<feature name=\"plagiarism\" this_offset=\"1\" this_length=\"2\"/>",
            "<document>",
            "<document reference=\"a\"><feature name=\"p\" this_offset=\"x\" this_length=\"2\"/>",
            "<document reference=\"a\"><feature name=\"p\" this_offset=\"1\"/>",
            "<document reference=\"a\"><feature name=\"p\" this_offset=\"18446744073709551615\" this_length=\"2\"/>",
            "<document reference=\"a",
            "<document reference=a>",
            "<document reference=\"&bogus;\">",
            "<document reference=\"&#xD800;\">",
            "<document reference=\"a\"><feature",
            "<!-- open",
            "<document reference=\"a\"/><document reference=\"b\"/>",
            "< >",
        ] {
            assert!(read_xml(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn arbitrary_input_does_not_panic() {
        let sample = "<document reference=\"é\"><feature name=\"p\" this_offset=\"1\" this_length=\"2\" source_offset=\"3\" source_length=\"4\"/></document>";
        for cut in 0..=sample.len() {
            if sample.is_char_boundary(cut) {
                let _ = read_xml(&sample[..cut]);
                let _ = read_xml(&sample[cut..]);
            }
        }
        assert!(read_xml(sample).is_ok());
    }
}
