//! Pairing quotation marks into quoted spans.

/// A quoted span.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    /// Character offsets of the quoted text (inside the marks, trimmed).
    pub start: usize,
    pub end: usize,
    /// Byte offsets of the quoted text.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte offset just past the closing mark (where the quote ends when
    /// it has none).
    pub close: usize,
}

#[derive(Clone, Copy, PartialEq)]
enum Mark {
    Straight,
    Curly,
    Guillemet,
}

/// A span before trimming: chars and bytes of the inside, the opening
/// mark's byte, the byte past the closing mark, and whether the quote ran
/// to the end of its paragraph without a closing mark.
#[derive(Clone, Copy)]
struct Raw {
    s: usize,
    e: usize,
    sb: usize,
    eb: usize,
    open: usize,
    close: usize,
    unclosed: bool,
}

/// The quoted spans of `text`, in order. A quote that runs to the end of
/// its paragraph and is continued by an opening mark at the start of the
/// next paragraph is one span.
pub(crate) fn spans(text: &str) -> Vec<Span> {
    let mut raw: Vec<Raw> = Vec::new();
    // The open quote: its mark, the chars and bytes just inside it, and
    // the opening mark's byte.
    let mut open: Option<(Mark, usize, usize, usize)> = None;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (ci, &(bi, c)) in chars.iter().enumerate() {
        let after = (ci + 1, bi + c.len_utf8());
        let prev = ci.checked_sub(1).map(|i| chars[i].1);
        let next = chars.get(ci + 1).map(|x| x.1);
        // The shape of a straight quote: opening after a space and before
        // a word, closing after a word and before a space or punctuation.
        let opening_shape = c == '"'
            && prev.is_none_or(|p| p.is_whitespace() || "([{\u{2014}-".contains(p))
            && next.is_some_and(|n| !n.is_whitespace());
        let closing_shape = c == '"'
            && prev.is_some_and(|p| !p.is_whitespace())
            && next.is_none_or(|n| n.is_whitespace() || n.is_ascii_punctuation());
        let mut close = |s: usize, sb: usize, o: usize, unclosed: bool| {
            raw.push(Raw {
                s,
                e: ci,
                sb,
                eb: bi,
                open: o,
                close: if unclosed { bi } else { after.1 },
                unclosed,
            });
        };
        match (open, c) {
            (None, '"') | (None, '\u{201C}') | (None, '\u{00AB}') => {
                // A straight quote right after a letter or digit is an inch
                // mark or a stray closing mark, not an opening one.
                if c == '"' && (closing_shape || prev.is_some_and(char::is_alphanumeric)) {
                    continue;
                }
                let mark = match c {
                    '"' => Mark::Straight,
                    '\u{201C}' => Mark::Curly,
                    _ => Mark::Guillemet,
                };
                open = Some((mark, after.0, after.1, bi));
            }
            (Some((Mark::Straight, s, sb, o)), '"') if opening_shape && !closing_shape => {
                // A new quote opens while one is open: the first ran to the
                // end of its paragraph without a closing mark.
                close(s, sb, o, true);
                open = Some((Mark::Straight, after.0, after.1, bi));
            }
            (Some((Mark::Straight, s, sb, o)), '"')
            | (Some((Mark::Curly, s, sb, o)), '\u{201D}')
            | (Some((Mark::Guillemet, s, sb, o)), '\u{00BB}') => {
                close(s, sb, o, false);
                open = None;
            }
            (Some((Mark::Curly, s, sb, o)), '\u{201C}') => {
                close(s, sb, o, true);
                open = Some((Mark::Curly, after.0, after.1, bi));
            }
            (Some((_, s, sb, o)), '\n') => {
                // A quote that runs to the end of its paragraph.
                close(s, sb, o, true);
                open = None;
            }
            _ => {}
        }
    }
    if let Some((_, s, sb, o)) = open {
        raw.push(Raw {
            s,
            e: chars.len(),
            sb,
            eb: text.len(),
            open: o,
            close: text.len(),
            unclosed: true,
        });
    }
    // Join a paragraph-long quote with the quote that opens the next
    // paragraph (the continuation convention).
    let mut joined: Vec<Raw> = Vec::with_capacity(raw.len());
    for r in raw {
        if let Some(last) = joined.last_mut()
            && last.unclosed
            && text[last.eb..r.open].contains('\n')
            && text[last.eb..r.open].trim().is_empty()
        {
            last.e = r.e;
            last.eb = r.eb;
            last.close = r.close;
            last.unclosed = r.unclosed;
            continue;
        }
        joined.push(r);
    }
    let mut out = Vec::with_capacity(joined.len());
    for r in joined {
        let inner = &text[r.sb..r.eb];
        let lead = inner.len() - inner.trim_start().len();
        let trail = inner.len() - inner.trim_end().len();
        let (sb2, eb2) = (r.sb + lead, r.eb - trail);
        if sb2 >= eb2 || !text[sb2..eb2].chars().any(char::is_alphanumeric) {
            continue;
        }
        out.push(Span {
            start: r.s + text[r.sb..sb2].chars().count(),
            end: r.e - text[eb2..r.eb].chars().count(),
            byte_start: sb2,
            byte_end: eb2,
            open: r.open,
            close: r.close,
        });
    }
    out
}
