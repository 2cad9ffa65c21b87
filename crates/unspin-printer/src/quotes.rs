//! Printers of quotations (`unspin quotes`).

use std::io::{self, Write};

use termcolor::{Color, ColorSpec, WriteColor};
use unspin_align::{MatchStatus, QuotesReport};

use crate::compare::write_ops;

/// Writes one document's quotations as pretty JSON (schema
/// `unspin.quotes/1`).
pub fn quotes_json<W: Write>(mut w: W, report: &QuotesReport) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut w, report)?;
    writeln!(w)
}

/// Writes one document's quotations as a single JSON line.
pub fn quotes_jsonl<W: Write>(mut w: W, report: &QuotesReport) -> io::Result<()> {
    serde_json::to_writer(&mut w, report)?;
    writeln!(w)
}

fn status_color(s: MatchStatus) -> Color {
    match s {
        MatchStatus::Exact => Color::Green,
        MatchStatus::Altered => Color::Red,
        MatchStatus::NotFound => Color::Yellow,
    }
}

/// The quotation shortened to about `max` characters (whole words).
fn shortened(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let mut out = String::new();
    for w in flat.split(' ') {
        if out.chars().count() + w.chars().count() + 1 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out.push('…');
    out
}

/// Writes one document's quotations for a person: each quote with its
/// speaker and verb, then where it was looked up and how it reads there,
/// altered words marked.
pub fn quotes_text<W: WriteColor>(w: &mut W, r: &QuotesReport) -> io::Result<()> {
    w.set_color(ColorSpec::new().set_bold(true))?;
    write!(w, "{}", r.source)?;
    w.reset()?;
    let altered = r
        .quotes
        .iter()
        .filter(|q| {
            q.matches
                .iter()
                .flatten()
                .any(|m| m.status == MatchStatus::Altered)
        })
        .count();
    match r.quotes.len() {
        0 => writeln!(w, ": no quotations")?,
        1 => write!(w, ": 1 quotation")?,
        n => write!(w, ": {n} quotations")?,
    }
    if !r.quotes.is_empty() {
        if altered > 0 {
            write!(w, ", ")?;
            w.set_color(ColorSpec::new().set_fg(Some(Color::Red)).set_bold(true))?;
            write!(w, "{altered} altered elsewhere")?;
            w.reset()?;
        }
        writeln!(w)?;
    }
    for q in &r.quotes {
        write!(w, "  {}..{} “{}”", q.start, q.end, shortened(&q.text, 100))?;
        match (&q.speaker, &q.verb) {
            (Some(s), verb) => {
                write!(w, " — ")?;
                w.set_color(ColorSpec::new().set_bold(true))?;
                write!(w, "{s}")?;
                w.reset()?;
                if let Some(m) = &q.speaker_mention {
                    write!(w, " (“{m}”)")?;
                }
                if let Some(v) = verb {
                    write!(w, ", {v}")?;
                }
            }
            (None, _) => {
                w.set_color(ColorSpec::new().set_dimmed(true))?;
                write!(w, " — speaker not named")?;
                w.reset()?;
            }
        }
        writeln!(w)?;
        for m in q.matches.iter().flatten() {
            write!(w, "      ")?;
            w.set_color(
                ColorSpec::new()
                    .set_fg(Some(status_color(m.status)))
                    .set_bold(true),
            )?;
            write!(w, "{}", m.status.as_str())?;
            w.reset()?;
            write!(w, " in {}", m.source)?;
            if let (Some(s), Some(e)) = (m.start, m.end) {
                write!(w, " {s}..{e}")?;
            }
            if m.status == MatchStatus::Altered {
                write!(w, ": ")?;
                write_ops(w, &m.ops, false)?;
            }
            writeln!(w)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortening_keeps_whole_words() {
        assert_eq!(shortened("a  b\nc", 10), "a b c");
        assert_eq!(shortened("alpha beta gamma delta", 12), "alpha beta…");
    }
}
