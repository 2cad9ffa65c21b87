//! Printers of comparisons: text for people, JSON for machines.

use std::io::{self, Write};

use termcolor::{Color, ColorSpec, WriteColor};
use unspin_align::{CompareReport, CompareVerdict, Op, OpKind, QuoteStatus};

/// Writes one comparison as pretty JSON (schema `unspin.compare/1`).
pub fn compare_json<W: Write>(mut w: W, report: &CompareReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, report)?;
    writeln!(w)
}

fn verdict_color(v: CompareVerdict) -> Color {
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
fn write_ops<W: WriteColor>(w: &mut W, ops: &[Op], elide_matches: bool) -> io::Result<()> {
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
    writeln!(
        w,
        " (similarity {:.2}, coverage a {:.0}% b {:.0}%, {} passage{}, {} shared quote{})",
        r.similarity,
        100.0 * r.coverage.a,
        100.0 * r.coverage.b,
        r.passages.len(),
        if r.passages.len() == 1 { "" } else { "s" },
        r.quotes.len(),
        if r.quotes.len() == 1 { "" } else { "s" },
    )?;
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
/// suspicious document (`this`), `a` the source.
pub fn compare_pan<W: Write>(mut w: W, r: &CompareReport) -> io::Result<()> {
    let name = |s: &str| {
        std::path::Path::new(s)
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| s.to_string())
    };
    let attr = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    writeln!(w, "<document reference=\"{}\">", attr(&name(&r.b)))?;
    for p in &r.passages {
        writeln!(
            w,
            "<feature name=\"detected-plagiarism\" this_offset=\"{}\" this_length=\"{}\" source_reference=\"{}\" source_offset=\"{}\" source_length=\"{}\"/>",
            p.b.start,
            p.b.len(),
            attr(&name(&r.a)),
            p.a.start,
            p.a.len()
        )?;
    }
    writeln!(w, "</document>")
}
