//! A self-contained HTML report of a comparison: both texts side by side,
//! reused passages highlighted and linked to each other, every change
//! showing the other side's words on hover. No network, no external assets.

use std::fmt::Write as _;
use std::io::{self, Write};

use unspin_align::{CompareReport, OpKind, QuoteStatus, Span};

use crate::markup::{escape, escaped as esc};

/// One highlighted range of a text.
struct Mark {
    span: Span,
    /// Passage number (1-based), 0 for none.
    passage: usize,
    class: &'static str,
    title: String,
}

#[derive(Clone, Copy, PartialEq)]
enum Side {
    A,
    B,
}

fn marks(r: &CompareReport, side: Side) -> Vec<Mark> {
    let mut out = Vec::new();
    let pick = |a: Option<Span>, b: Option<Span>| if side == Side::A { a } else { b };
    for (k, p) in r.passages.iter().enumerate() {
        let span = if side == Side::A { p.a } else { p.b };
        out.push(Mark {
            span,
            passage: k + 1,
            class: "p",
            title: format!("passage {}", k + 1),
        });
        for o in &p.ops {
            let Some(span) = pick(o.a, o.b) else {
                continue;
            };
            let other = if side == Side::A {
                &o.b_text
            } else {
                &o.a_text
            };
            let other = other.as_deref().unwrap_or("");
            let (class, title) = match (o.op, side) {
                (OpKind::Match, _) => continue,
                (OpKind::Synonym, Side::A) => ("syn", format!("synonym swap → {other}")),
                (OpKind::Synonym, Side::B) => ("syn", format!("synonym swap, was: {other}")),
                (OpKind::Substitute, Side::A) => ("sub", format!("changed → {other}")),
                (OpKind::Substitute, Side::B) => ("sub", format!("changed, was: {other}")),
                (OpKind::Delete, _) => ("del", "only in a".to_string()),
                (OpKind::Insert, _) => ("ins", "only in b".to_string()),
            };
            out.push(Mark {
                span,
                passage: k + 1,
                class,
                title,
            });
        }
    }
    for q in &r.quotes {
        let span = if side == Side::A { q.a } else { q.b };
        let speaker = q
            .speaker
            .as_deref()
            .map(|s| format!(" ({s})"))
            .unwrap_or_default();
        let (class, title) = match q.status {
            QuoteStatus::Exact => ("qx", format!("quote{speaker}, the same in both")),
            QuoteStatus::Altered => {
                let other: Vec<&str> = q
                    .ops
                    .iter()
                    .filter_map(|o| {
                        if side == Side::A {
                            o.b_text.as_deref()
                        } else {
                            o.a_text.as_deref()
                        }
                    })
                    .collect();
                (
                    "qa",
                    format!(
                        "altered quote{speaker}; the other text reads: {}",
                        other.join(" ")
                    ),
                )
            }
        };
        out.push(Mark {
            span,
            passage: 0,
            class,
            title,
        });
    }
    out
}

/// Renders `text` with its marks as nested-free segments: every boundary of
/// every mark splits the text, and each segment carries the classes of the
/// marks covering it.
fn render(text: &str, marks: &[Mark], side: &str, out: &mut String) {
    let mut cuts: Vec<usize> = vec![0];
    for m in marks {
        cuts.push(m.span.start);
        cuts.push(m.span.end);
    }
    let n_chars = text.chars().count();
    cuts.push(n_chars);
    cuts.retain(|&c| c <= n_chars);
    cuts.sort_unstable();
    cuts.dedup();
    // Byte offset of every cut, in one pass.
    let mut bytes = Vec::with_capacity(cuts.len());
    let mut it = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    let mut ci = 0;
    let mut cur = it.next().unwrap_or(0);
    for &c in &cuts {
        while ci < c {
            cur = it.next().unwrap_or(text.len());
            ci += 1;
        }
        bytes.push(cur);
    }
    let mut first_of_passage = vec![true; marks.len() + 1];
    // Sweep: marks sorted by start enter when their start is reached and
    // leave once their end is passed.
    let mut order: Vec<usize> = (0..marks.len()).collect();
    order.sort_by_key(|&i| marks[i].span.start);
    let mut next = 0;
    let mut active: Vec<&Mark> = Vec::new();
    for w in 0..cuts.len().saturating_sub(1) {
        let (s, e) = (cuts[w], cuts[w + 1]);
        let seg = &text[bytes[w]..bytes[w + 1]];
        active.retain(|m| m.span.end > s);
        while next < order.len() && marks[order[next]].span.start <= s {
            let m = &marks[order[next]];
            if m.span.end > s {
                active.push(m);
            }
            next += 1;
        }
        let covering: Vec<&Mark> = active
            .iter()
            .copied()
            .filter(|m| m.span.start <= s && e <= m.span.end)
            .collect();
        if covering.is_empty() {
            escape(seg, out);
            continue;
        }
        let passage = covering.iter().map(|m| m.passage).max().unwrap_or(0);
        let mut classes: Vec<&str> = covering.iter().map(|m| m.class).collect();
        classes.sort_unstable();
        classes.dedup();
        let title = covering
            .iter()
            .rev()
            .find(|m| m.class != "p")
            .or(covering.first())
            .map(|m| m.title.as_str())
            .unwrap_or("");
        out.push_str("<span class=\"");
        out.push_str(&classes.join(" "));
        out.push('"');
        if passage > 0 {
            let _ = write!(out, " data-p=\"{passage}\"");
            if first_of_passage[passage.min(marks.len())] {
                first_of_passage[passage.min(marks.len())] = false;
                let _ = write!(out, " id=\"{side}-p{passage}\"");
            }
        }
        out.push_str(" title=\"");
        escape(title, out);
        out.push_str("\">");
        escape(seg, out);
        out.push_str("</span>");
    }
}

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 15px/1.55 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #1d1d1f; background: #fafafa; }
header { padding: 16px 24px; background: #fff; border-bottom: 1px solid #ddd; }
h1 { font-size: 18px; margin: 0 0 6px; }
.verdict { display: inline-block; padding: 2px 10px; border-radius: 12px; font-weight: 600; color: #fff; }
.v-verbatim_copy, .v-spun_copy { background: #c62828; }
.v-paraphrase { background: #ef6c00; }
.v-same_story { background: #00838f; }
.v-unrelated { background: #2e7d32; }
.facts { color: #555; margin-top: 6px; }
.legend span { margin-right: 12px; padding: 0 4px; }
main { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; padding: 16px 24px; }
section { background: #fff; border: 1px solid #ddd; border-radius: 6px; padding: 12px 16px; min-width: 0; }
section h2 { font-size: 14px; margin: 0 0 8px; color: #555; word-break: break-all; }
.text { white-space: pre-wrap; overflow-wrap: anywhere; }
.p { background: #fff3c4; cursor: pointer; }
.p.hl { background: #ffd54f; }
.syn { background: #ffcc80; border-bottom: 2px solid #e65100; }
.sub { background: #f8bbd0; border-bottom: 2px solid #ad1457; }
.del { background: #ffcdd2; text-decoration: line-through; }
.ins { background: #c8e6c9; }
.qa { outline: 2px solid #c62828; outline-offset: 1px; }
.qx { outline: 1px dashed #00838f; outline-offset: 1px; }
table { border-collapse: collapse; margin: 0 24px 24px; background: #fff; }
td, th { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
"#;

const SCRIPT: &str = r#"
(function () {
  var marks = document.querySelectorAll('[data-p]');
  function light(p, on) {
    var all = document.querySelectorAll('[data-p="' + p + '"]');
    for (var i = 0; i < all.length; i++) { all[i].classList.toggle('hl', on); }
  }
  for (var i = 0; i < marks.length; i++) {
    marks[i].addEventListener('mouseenter', function (e) { light(e.currentTarget.getAttribute('data-p'), true); });
    marks[i].addEventListener('mouseleave', function (e) { light(e.currentTarget.getAttribute('data-p'), false); });
    marks[i].addEventListener('click', function (e) {
      var el = e.currentTarget;
      var side = el.closest('[data-side]').getAttribute('data-side') === 'a' ? 'b' : 'a';
      var peer = document.getElementById(side + '-p' + el.getAttribute('data-p'));
      if (peer) { peer.scrollIntoView({ behavior: 'smooth', block: 'center' }); }
    });
  }
  document.body.setAttribute('data-ready', '1');
})();
"#;

/// Writes a self-contained HTML report of a comparison of `a` and `b`
/// (the texts the report was made from).
pub fn compare_html<W: Write>(mut w: W, r: &CompareReport, a: &str, b: &str) -> io::Result<()> {
    let mut out = String::with_capacity(a.len() + b.len() * 2 + 8192);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(out, "<title>unspin: {} ↔ {}</title>", esc(&r.a), esc(&r.b));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    let _ = writeln!(
        out,
        "<header>\n<h1>{} ↔ {}</h1>\n<span class=\"verdict v-{v}\">{v}</span>",
        esc(&r.a),
        esc(&r.b),
        v = r.verdict.as_str()
    );
    let direction = match r.direction {
        unspin_align::Direction::AToB => {
            format!("; {} looks derived from {}", esc(&r.b), esc(&r.a))
        }
        unspin_align::Direction::BToA => {
            format!("; {} looks derived from {}", esc(&r.a), esc(&r.b))
        }
        unspin_align::Direction::Unknown => String::new(),
    };
    let _ = writeln!(
        out,
        "<div class=\"facts\">{}{direction}</div>",
        esc(&crate::compare::summary(r))
    );
    out.push_str("<div class=\"facts legend\"><span class=\"p\">reused passage</span><span class=\"syn\">synonym swap</span><span class=\"sub\">other change</span><span class=\"del\">only in a</span><span class=\"ins\">only in b</span><span class=\"qa\">altered quote</span><span class=\"qx\">same quote</span> · hover a change to see the other side's words; click a passage to jump to its counterpart</div>\n</header>\n<main>\n");
    for (side, name, text) in [(Side::A, "a", a), (Side::B, "b", b)] {
        let source = if side == Side::A { &r.a } else { &r.b };
        let _ = write!(
            out,
            "<section data-side=\"{name}\"><h2>{name}: {}</h2><div class=\"text\">",
            esc(source)
        );
        render(text, &marks(r, side), name, &mut out);
        out.push_str("</div></section>\n");
    }
    out.push_str("</main>\n");
    if !r.quotes.is_empty() {
        out.push_str("<table><tr><th>quote</th><th>speaker</th><th>a</th><th>b</th></tr>\n");
        for q in &r.quotes {
            let join = |f: fn(&unspin_align::Op) -> Option<&str>| -> String {
                q.ops.iter().filter_map(f).collect::<Vec<_>>().join(" ")
            };
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                q.status.as_str(),
                esc(q.speaker.as_deref().unwrap_or("")),
                esc(&join(|o| o.a_text.as_deref())),
                esc(&join(|o| o.b_text.as_deref())),
            );
        }
        out.push_str("</table>\n");
    }
    let _ = writeln!(out, "<script>{SCRIPT}</script>\n</body>\n</html>");
    w.write_all(out.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unspin_align::Comparer;
    use unspin_lexicon::Lexicon;

    #[test]
    fn report_is_self_contained_and_escapes_text() {
        let lex = Lexicon::embedded();
        let a = "Officials told <b>reporters</b> the plan & the budget were \"a critical strategic mistake\", said the minister on Monday in London before the vote in parliament.";
        let b = "Officers instructed <b>reporters</b> the plan & the budget were \"a important strategic mistake\", said the minister on Monday in London before the vote in parliament.";
        let r = Comparer::new(&lex).compare("a.txt", a, "b.txt", b);
        let mut out = Vec::new();
        compare_html(&mut out, &r, a, b).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("<b>"), "text must be escaped");
        assert!(html.contains("&lt;b&gt;reporters&lt;/b&gt;"));
        assert!(!html.contains("http://") && !html.contains("https://") && !html.contains(" src="));
        assert!(html.contains("id=\"a-p1\"") && html.contains("id=\"b-p1\""));
        assert!(html.contains("synonym swap, was: told"), "{html}");
        assert!(html.contains("class=\"qa"), "altered quote marked");
    }

    #[test]
    fn segments_cover_the_text_exactly() {
        let marks = vec![
            Mark {
                span: Span::new(2, 8),
                passage: 1,
                class: "p",
                title: String::new(),
            },
            Mark {
                span: Span::new(4, 6),
                passage: 1,
                class: "syn",
                title: "x".into(),
            },
        ];
        let mut out = String::new();
        render("ab·défgh ij", &marks, "a", &mut out);
        // Strip the tags: the text comes back unchanged.
        let mut plain = String::new();
        let mut in_tag = false;
        for c in out.chars() {
            match c {
                '<' => in_tag = true,
                '>' => in_tag = false,
                c if !in_tag => plain.push(c),
                _ => {}
            }
        }
        assert_eq!(plain, "ab·défgh ij");
        assert!(
            out.contains("<span class=\"p syn\" data-p=\"1\" title=\"x\">éf</span>"),
            "{out}"
        );
    }
}
