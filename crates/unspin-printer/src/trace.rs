//! Printers of traces (`unspin trace`) and index figures.

use std::io::{self, Write};

use termcolor::{ColorSpec, WriteColor};
use unspin_align::OpKind;
use unspin_index::{Stats, TraceReport};

use crate::compare::{verdict_color, write_ops};

/// Writes one trace as pretty JSON (schema `unspin.trace/1`).
pub fn trace_json<W: Write>(mut w: W, report: &TraceReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, report)?;
    writeln!(w)
}

/// Writes one trace as a single JSON line.
pub fn trace_jsonl<W: Write>(mut w: W, report: &TraceReport) -> io::Result<()> {
    serde_json::to_writer(&mut w, report)?;
    writeln!(w)
}

/// Writes one trace for a person: the query, then each source with its
/// verdict, figures and the reused passages with their changes inline.
pub fn trace_text<W: WriteColor>(w: &mut W, r: &TraceReport) -> io::Result<()> {
    w.set_color(ColorSpec::new().set_bold(true))?;
    write!(w, "{}", r.source)?;
    w.reset()?;
    match r.matches.len() {
        0 => writeln!(w, ": no source found")?,
        1 => writeln!(w, ": 1 source")?,
        n => writeln!(w, ": {n} sources")?,
    }
    for (k, m) in r.matches.iter().enumerate() {
        write!(w, "  {}. ", k + 1)?;
        w.set_color(
            ColorSpec::new()
                .set_fg(Some(verdict_color(m.verdict)))
                .set_bold(true),
        )?;
        write!(w, "{}", m.verdict.as_str())?;
        w.reset()?;
        write!(w, " ")?;
        w.set_color(ColorSpec::new().set_bold(true))?;
        write!(w, "{}", m.id)?;
        w.reset()?;
        if let Some(t) = &m.title {
            write!(w, " “{}”", t.trim())?;
        }
        writeln!(
            w,
            " (similarity {:.2}, covers {:.0}% of the query and {:.0}% of the source, score {:.1})",
            m.similarity,
            100.0 * m.coverage.query,
            100.0 * m.coverage.source,
            m.score
        )?;
        if let Some(u) = &m.url {
            writeln!(w, "     {u}")?;
        }
        for p in &m.passages {
            let swaps = p.ops.iter().filter(|o| o.op == OpKind::Synonym).count();
            writeln!(
                w,
                "     source {}..{} → query {}..{} ({swaps} synonym swap{})",
                p.a.start,
                p.a.end,
                p.b.start,
                p.b.end,
                if swaps == 1 { "" } else { "s" }
            )?;
            write!(w, "       ")?;
            write_ops(w, &p.ops, true)?;
            writeln!(w)?;
        }
    }
    Ok(())
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut v = n as f64;
    let mut u = 0;
    while v >= 1000.0 && u + 1 < UNITS.len() {
        v /= 1000.0;
        u += 1;
    }
    if u == 0 {
        format!("{n} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

/// Writes the figures of an index for a person.
pub fn stats_text<W: Write>(mut w: W, s: &Stats) -> io::Result<()> {
    writeln!(w, "index        {}", s.index)?;
    writeln!(w, "documents    {}", s.documents)?;
    writeln!(w, "text         {}", human_bytes(s.text_bytes))?;
    let ratio = if s.text_bytes > 0 {
        format!(
            " ({:.2}× the text)",
            s.disk_bytes as f64 / s.text_bytes as f64
        )
    } else {
        String::new()
    };
    writeln!(w, "on disk      {}{ratio}", human_bytes(s.disk_bytes))?;
    writeln!(w, "segments     {}", s.segments)?;
    writeln!(w, "format       {} ({})", s.format, s.fingerprints)?;
    writeln!(w, "created by   {}", s.created_by)
}

/// Writes the figures of an index as pretty JSON.
pub fn stats_json<W: Write>(mut w: W, s: &Stats) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, s)?;
    writeln!(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bytes_for_people() {
        assert_eq!(human_bytes(999), "999 B");
        assert_eq!(human_bytes(1_500), "1.5 KB");
        assert_eq!(human_bytes(2_345_000_000), "2.3 GB");
    }
}
