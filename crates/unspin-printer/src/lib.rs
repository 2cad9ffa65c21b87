//! Printers of unspin results, separate from the analysis: [`scan_text`]
//! for people (findings highlighted in context, coloured when the writer
//! supports it), [`scan_json`] and [`scan_jsonl`] for machines.
//!
//! ```
//! use unspin_detect::{Detector, ScanReport};
//! use unspin_lexicon::Lexicon;
//! use termcolor::NoColor;
//!
//! let lex = Lexicon::embedded();
//! let text = "Officials at the White Home said {big|large} things.";
//! let report = Detector::new(&lex).scan("-", text, false);
//! let mut out = NoColor::new(Vec::new());
//! unspin_printer::scan_text(&mut out, &report, text).unwrap();
//! let shown = String::from_utf8(out.into_inner()).unwrap();
//! assert!(shown.contains("White Home"));
//! ```
#![deny(missing_docs)]

mod compare;
mod dedup;
mod html;
mod markup;
mod quotes;
mod trace;

pub use compare::{compare_json, compare_pan, compare_text};
pub use dedup::dedup_parquet;
pub use html::compare_html;
pub use quotes::{quotes_json, quotes_jsonl, quotes_text};
pub use trace::{stats_json, stats_text, trace_json, trace_jsonl, trace_text};

use std::io::{self, Write};

use termcolor::{Color, ColorSpec, WriteColor};
use unspin_detect::{FindingKind, ScanReport, Verdict};

/// Writes one report as pretty JSON (schema `unspin.scan/1`).
pub fn scan_json<W: Write>(mut w: W, report: &ScanReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, report)?;
    writeln!(w)
}

/// Writes one report as a single JSON line.
pub fn scan_jsonl<W: Write>(mut w: W, report: &ScanReport) -> io::Result<()> {
    serde_json::to_writer(&mut w, report)?;
    writeln!(w)
}

fn verdict_color(v: Verdict) -> Color {
    match v {
        Verdict::Spun => Color::Red,
        Verdict::Suspicious => Color::Yellow,
        Verdict::Clean => Color::Green,
        Verdict::TooShort => Color::White,
    }
}

/// Line (1-based) and column (1-based, in characters) of a char offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut line = 1;
    let mut col = 1;
    for c in text.chars().take(offset) {
        if c == '\n' {
            line += 1;
            col = 1;
        } else {
            col += 1;
        }
    }
    (line, col)
}

/// Writes one report for a person: a header with the verdict and score,
/// then each finding with its position, the suggestion, the explanation and
/// the words around it.
pub fn scan_text<W: WriteColor>(w: &mut W, report: &ScanReport, text: &str) -> io::Result<()> {
    let chars: Vec<char> = text.chars().collect();
    w.set_color(ColorSpec::new().set_bold(true))?;
    write!(w, "{}", report.source)?;
    w.reset()?;
    write!(w, ": ")?;
    w.set_color(
        ColorSpec::new()
            .set_fg(Some(verdict_color(report.verdict)))
            .set_bold(true),
    )?;
    write!(w, "{}", report.verdict.as_str())?;
    w.reset()?;
    let n = report.findings.len();
    writeln!(
        w,
        " (spin score {:.2}, {} words, {} finding{})",
        report.score,
        report.words,
        n,
        if n == 1 { "" } else { "s" }
    )?;
    for f in &report.findings {
        let (line, col) = line_col(text, f.start);
        write!(w, "  {line}:{col} ")?;
        w.set_color(ColorSpec::new().set_fg(Some(Color::Cyan)))?;
        write!(w, "{}", f.kind.as_str())?;
        w.reset()?;
        write!(w, " ")?;
        let ctx_start = f.start.saturating_sub(30);
        let ctx_end = (f.end + 30).min(chars.len());
        let clean = |s: &[char]| -> String {
            s.iter()
                .map(|&c| if c.is_whitespace() { ' ' } else { c })
                .collect()
        };
        if ctx_start > 0 {
            write!(w, "…")?;
        }
        write!(w, "{}", clean(&chars[ctx_start..f.start.min(chars.len())]))?;
        w.set_color(
            ColorSpec::new()
                .set_fg(Some(Color::Red))
                .set_bold(true)
                .set_underline(true),
        )?;
        write!(
            w,
            "{}",
            clean(&chars[f.start.min(chars.len())..f.end.min(chars.len())])
        )?;
        w.reset()?;
        write!(w, "{}", clean(&chars[f.end.min(chars.len())..ctx_end]))?;
        if ctx_end < chars.len() {
            write!(w, "…")?;
        }
        writeln!(w)?;
        write!(w, "      → ")?;
        w.set_color(ColorSpec::new().set_fg(Some(Color::Green)).set_bold(true))?;
        write!(w, "{}", f.suggestion)?;
        w.reset()?;
        let what = match f.kind {
            FindingKind::Homoglyph => "look-alike letters",
            _ => "confidence",
        };
        writeln!(w, "  ({what} {:.2}) {}", f.confidence, f.explanation)?;
    }
    if let Some(r) = &report.restored {
        w.set_color(ColorSpec::new().set_bold(true))?;
        writeln!(w, "  restored text:")?;
        w.reset()?;
        for line in r.lines() {
            writeln!(w, "    {line}")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use termcolor::NoColor;
    use unspin_detect::Detector;
    use unspin_lexicon::Lexicon;

    #[test]
    fn text_output_snapshot() {
        let lex = Lexicon::embedded();
        let text = "Officials at the White Home said the {big|large} plan failed.\nA second line.";
        let report = Detector::new(&lex).scan("example.txt", text, true);
        let mut out = NoColor::new(Vec::new());
        scan_text(&mut out, &report, text).unwrap();
        insta::assert_snapshot!(String::from_utf8(out.into_inner()).unwrap());
    }

    #[test]
    fn json_output_has_the_schema_fields() {
        let lex = Lexicon::embedded();
        let text = "Officials at the White Home said the {big|large} plan failed.";
        let report = Detector::new(&lex).scan("a.txt", text, false);
        let mut out = Vec::new();
        scan_jsonl(&mut out, &report).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v["schema"], "unspin.scan/1");
        assert_eq!(v["source"], "a.txt");
        assert!(v.get("restored").is_none());
        let f = &v["findings"][0];
        for key in [
            "kind",
            "start",
            "end",
            "text",
            "suggestion",
            "confidence",
            "explanation",
        ] {
            assert!(f.get(key).is_some(), "missing {key}");
        }
    }
}
