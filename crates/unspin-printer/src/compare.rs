//! Printers of comparisons: text for people, JSON for machines.

use std::io::{self, Write};

use termcolor::{Color, ColorSpec, WriteColor};
use unspin_align::{CompareReport, CompareVerdict, Op, OpKind, QuoteStatus};

use crate::markup::escaped;

/// Writes one comparison as pretty JSON (schema `unspin.compare/1`).
pub fn compare_json<W: Write>(mut w: W, report: &CompareReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, report)?;
    writeln!(w)
}

pub(crate) fn verdict_color(v: CompareVerdict) -> Color {
    match v {
        CompareVerdict::VerbatimCopy | CompareVerdict::SpunCopy => Color::Red,
        CompareVerdict::Paraphrase => Color::Yellow,
        CompareVerdict::SameStory => Color::Cyan,
        CompareVerdict::Unrelated => Color::Green,
    }
}

/// Words of a run of identical text shown at each end before the middle
/// is elided.
const SHOWN_MATCH_WORDS: usize = 6;

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn elide(s: &str) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() <= 2 * SHOWN_MATCH_WORDS + 3 {
        return words.join(" ");
    }
    format!(
        "{} … {}",
        words[..SHOWN_MATCH_WORDS].join(" "),
        words[words.len() - SHOWN_MATCH_WORDS..].join(" ")
    )
}

/// Writes an edit script inline: unchanged words plain, `[a → b]` for
/// swaps, `[-a-]` for deletions and `{+b+}` for insertions.
pub(crate) fn write_ops<W: WriteColor>(
    w: &mut W,
    ops: &[Op],
    elide_matches: bool,
) -> io::Result<()> {
    let a = |o: &Op| one_line(o.a_text.as_deref().unwrap_or(""));
    let b = |o: &Op| one_line(o.b_text.as_deref().unwrap_or(""));
    for (k, o) in ops.iter().enumerate() {
        if k > 0 {
            write!(w, " ")?;
        }
        match o.op {
            OpKind::Match => {
                let t = a(o);
                write!(w, "{}", if elide_matches { elide(&t) } else { t })?;
            }
            OpKind::Synonym | OpKind::Substitute => {
                let color = if o.op == OpKind::Synonym {
                    Color::Yellow
                } else {
                    Color::Magenta
                };
                write!(w, "[")?;
                w.set_color(ColorSpec::new().set_fg(Some(Color::Red)))?;
                write!(w, "{}", a(o))?;
                w.reset()?;
                w.set_color(ColorSpec::new().set_fg(Some(color)))?;
                write!(w, " → ")?;
                w.reset()?;
                w.set_color(ColorSpec::new().set_fg(Some(Color::Green)).set_bold(true))?;
                write!(w, "{}", b(o))?;
                w.reset()?;
                write!(w, "]")?;
            }
            OpKind::Delete => {
                w.set_color(ColorSpec::new().set_fg(Some(Color::Red)))?;
                write!(w, "[-{}-]", a(o))?;
                w.reset()?;
            }
            OpKind::Insert => {
                w.set_color(ColorSpec::new().set_fg(Some(Color::Green)))?;
                write!(w, "{{+{}+}}", b(o))?;
                w.reset()?;
            }
        }
    }
    Ok(())
}

/// One line of the figures of a comparison: similarity, coverage, passages
/// and quotes.
pub(crate) fn summary(r: &CompareReport) -> String {
    let altered = r
        .quotes
        .iter()
        .filter(|q| q.status == QuoteStatus::Altered)
        .count();
    format!(
        "similarity {:.2}, coverage a {:.0}% b {:.0}%, {} passage{}, {} shared quote{} ({altered} altered)",
        r.similarity,
        100.0 * r.coverage.a,
        100.0 * r.coverage.b,
        r.passages.len(),
        if r.passages.len() == 1 { "" } else { "s" },
        r.quotes.len(),
        if r.quotes.len() == 1 { "" } else { "s" },
    )
}

/// Writes one comparison for a person: the verdict, similarity, coverage
/// and direction, then each reused passage with its changes inline, then
/// the quotations found in both documents.
pub fn compare_text<W: WriteColor>(w: &mut W, r: &CompareReport) -> io::Result<()> {
    w.set_color(ColorSpec::new().set_bold(true))?;
    write!(w, "{} ↔ {}", r.a, r.b)?;
    w.reset()?;
    write!(w, ": ")?;
    w.set_color(
        ColorSpec::new()
            .set_fg(Some(verdict_color(r.verdict)))
            .set_bold(true),
    )?;
    write!(w, "{}", r.verdict.as_str())?;
    w.reset()?;
    writeln!(w, " ({})", summary(r))?;
    match r.direction {
        unspin_align::Direction::AToB => {
            writeln!(w, "  direction: {} looks derived from {}", r.b, r.a)?
        }
        unspin_align::Direction::BToA => {
            writeln!(w, "  direction: {} looks derived from {}", r.a, r.b)?
        }
        unspin_align::Direction::Unknown => {}
    }
    for (k, p) in r.passages.iter().enumerate() {
        let count = |kind: OpKind| p.ops.iter().filter(|o| o.op == kind).count();
        w.set_color(ColorSpec::new().set_bold(true))?;
        write!(w, "  passage {}", k + 1)?;
        w.reset()?;
        writeln!(
            w,
            ": a {}..{}, b {}..{} ({} synonym swaps, {} other changes, {} inserted, {} deleted)",
            p.a.start,
            p.a.end,
            p.b.start,
            p.b.end,
            count(OpKind::Synonym),
            count(OpKind::Substitute),
            count(OpKind::Insert),
            count(OpKind::Delete),
        )?;
        write!(w, "    ")?;
        write_ops(w, &p.ops, true)?;
        writeln!(w)?;
    }
    for q in &r.quotes {
        write!(w, "  quote ")?;
        let color = match q.status {
            QuoteStatus::Exact => Color::Green,
            QuoteStatus::Altered => Color::Red,
        };
        w.set_color(ColorSpec::new().set_fg(Some(color)).set_bold(true))?;
        write!(w, "{}", q.status.as_str())?;
        w.reset()?;
        if let Some(s) = &q.speaker {
            write!(w, " ({s})")?;
        }
        write!(w, ": ")?;
        write_ops(w, &q.ops, false)?;
        writeln!(w)?;
    }
    Ok(())
}

/// Writes the reused passages as PAN text-alignment XML: `b` is the
/// suspicious document (`this`), `a` the source; documents are named by the
/// last component of their path, as in PAN corpora.
pub fn compare_pan<W: Write>(mut w: W, r: &CompareReport) -> io::Result<()> {
    let name = |path: &str| escaped(path.rsplit(['/', '\\']).next().unwrap_or(path));
    writeln!(w, "<document reference=\"{}\">", name(&r.b))?;
    let source = name(&r.a);
    for d in unspin_align::pan::report_detections(r) {
        writeln!(
            w,
            "<feature name=\"detected-plagiarism\" this_offset=\"{}\" this_length=\"{}\" source_reference=\"{source}\" source_offset=\"{}\" source_length=\"{}\" />",
            d.this.start,
            d.this.len(),
            d.source.start,
            d.source.len()
        )?;
    }
    writeln!(w, "</document>")
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspin_align::pan::read_xml;
    use unspin_align::{COMPARE_SCHEMA, Coverage, Direction, Passage, Span};

    #[test]
    fn pan_output_reads_back() {
        let report = CompareReport {
            schema: COMPARE_SCHEMA.into(),
            a: "corpus/src/source <1>.txt".into(),
            b: "susp & \"1\".txt".into(),
            verdict: CompareVerdict::VerbatimCopy,
            similarity: 1.0,
            direction: Direction::Unknown,
            coverage: Coverage { a: 1.0, b: 1.0 },
            passages: vec![
                Passage {
                    a: Span::new(5, 50),
                    b: Span::new(100, 140),
                    ops: vec![],
                },
                Passage {
                    a: Span::new(60, 70),
                    b: Span::new(0, 12),
                    ops: vec![],
                },
            ],
            quotes: vec![],
        };
        let mut out = Vec::new();
        compare_pan(&mut out, &report).unwrap();
        let doc = read_xml(std::str::from_utf8(&out).unwrap()).unwrap();
        assert_eq!(doc.reference, "susp & \"1\".txt");
        assert_eq!(
            doc.features[0].source_reference.as_deref(),
            Some("source <1>.txt")
        );
        let dets = doc.annotations("detected-plagiarism");
        assert_eq!(dets.len(), 2);
        assert_eq!(
            (dets[0].this, dets[0].source),
            (Span::new(100, 140), Span::new(5, 50))
        );
        assert_eq!(
            (dets[1].this, dets[1].source),
            (Span::new(0, 12), Span::new(60, 70))
        );
    }
}
