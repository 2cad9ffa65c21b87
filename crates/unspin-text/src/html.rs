//! Article text from HTML: main-content extraction with `rs-trafilatura`,
//! guarded against pathological input, and a plain tag stripper as
//! fallback.

use std::panic::AssertUnwindSafe;

/// Nesting depth above which the extractor is not run: its cost grows
/// quadratically with depth and its recursion can overflow the stack.
/// Real pages stay far below this.
const MAX_EXTRACT_DEPTH: usize = 400;

/// Stack for the extraction thread; generous because the extractor recurses
/// over the DOM.
const EXTRACT_STACK: usize = 64 << 20;

/// What [`extract`] finds in an HTML page.
pub(crate) struct Extracted {
    /// The main text: the article body found by `rs-trafilatura`, or, when
    /// it finds nothing (or the page is too deeply nested, or it fails),
    /// all visible text. Paragraphs are separated by a blank line.
    pub(crate) text: String,
    /// The page title found by `rs-trafilatura` (from `<title>`, Open Graph
    /// or JSON-LD metadata, or the main heading), white space collapsed;
    /// `None` when the page has none or the extractor could not run on it.
    pub(crate) title: Option<String>,
}

/// The main text of an HTML page and its title. Never panics.
pub(crate) fn extract(html: &str) -> Extracted {
    let (article, title) = match extract_article(html) {
        Some((text, title)) => (Some(text), title),
        None => (None, None),
    };
    let title = title
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|t| !t.is_empty());
    if let Some(text) = article {
        let text = tidy(&text);
        if !text.is_empty() {
            return Extracted { text, title };
        }
    }
    Extracted {
        text: strip_tags(html),
        title,
    }
}

/// Tidies extracted text: runs of whitespace inside a line become one
/// space, lines are trimmed, and runs of blank lines become one blank line
/// (a paragraph break); no blank lines at the start or end.
fn tidy(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut blank = false;
    for line in text.lines() {
        let mut words = line.split_whitespace().peekable();
        if words.peek().is_none() {
            blank = true;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        for (i, w) in words.enumerate() {
            if i > 0 {
                out.push(' ');
            }
            out.push_str(w);
        }
    }
    out
}

/// Runs `rs-trafilatura` on its own thread, with a large stack, catching
/// any panic: the article text and the page title. `None` when the page is
/// too deeply nested or extraction fails.
fn extract_article(html: &str) -> Option<(String, Option<String>)> {
    if nesting_depth(html) > MAX_EXTRACT_DEPTH {
        return None;
    }
    let run = move || {
        std::panic::catch_unwind(AssertUnwindSafe(|| rs_trafilatura::extract(html)))
            .ok()?
            .ok()
            .map(|r| (r.content_text, r.metadata.title))
    };
    std::thread::scope(|scope| {
        match std::thread::Builder::new()
            .name("html-extract".into())
            .stack_size(EXTRACT_STACK)
            .spawn_scoped(scope, run)
        {
            Ok(handle) => handle.join().ok().flatten(),
            // No thread available: run here, still catching panics.
            Err(_) => run(),
        }
    })
}

/// Elements that never have content or whose end tag may be left out; they
/// do not deepen the nesting estimate.
fn is_void_or_optional_end(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"option"
            | b"optgroup"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"colgroup"
            | b"rp"
            | b"rt"
            | b"html"
            | b"head"
            | b"body"
            | b"caption"
    )
}

/// A fast estimate of the maximum element nesting depth: start tags
/// deepen, end tags (and self-closing tags) do not.
fn nesting_depth(html: &str) -> usize {
    let b = html.as_bytes();
    let mut depth: usize = 0;
    let mut max = 0;
    let mut i = 0;
    while let Some(off) = b[i..].iter().position(|&c| c == b'<') {
        i += off + 1;
        let closing = b.get(i) == Some(&b'/');
        let name_start = if closing { i + 1 } else { i };
        let name_len = b[name_start.min(b.len())..]
            .iter()
            .take(16)
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[name_start].is_ascii_alphabetic() {
            continue;
        }
        let mut name = [0u8; 16];
        for (d, s) in name.iter_mut().zip(&b[name_start..name_start + name_len]) {
            *d = s.to_ascii_lowercase();
        }
        if is_void_or_optional_end(&name[..name_len]) {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            // Look for "/>" before the next tag starts (so that unterminated
            // tags do not make this quadratic).
            let self_closing = b[i..]
                .iter()
                .position(|&c| c == b'>' || c == b'<')
                .is_some_and(|gt| b[i + gt] == b'>' && gt > 0 && b[i + gt - 1] == b'/');
            if !self_closing {
                depth += 1;
                max = max.max(depth);
            }
        }
    }
    max
}

/// Elements whose content is not visible text.
fn is_hidden(name: &[u8]) -> bool {
    matches!(
        name,
        b"script"
            | b"style"
            | b"noscript"
            | b"template"
            | b"svg"
            | b"math"
            | b"title"
            | b"head"
            | b"iframe"
            | b"object"
            | b"textarea"
            | b"select"
    )
}

/// How an element breaks the text flow: 2 = paragraph, 1 = line, 0 = none.
fn break_level(name: &[u8]) -> u8 {
    match name {
        b"br" | b"tr" | b"li" | b"dt" | b"dd" | b"option" => 1,
        b"p" | b"div" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" | b"ul" | b"ol" | b"dl"
        | b"table" | b"section" | b"article" | b"header" | b"footer" | b"nav" | b"aside"
        | b"main" | b"blockquote" | b"pre" | b"figure" | b"figcaption" | b"form" | b"hr"
        | b"address" | b"details" | b"summary" | b"fieldset" | b"body" | b"html" => 2,
        _ => 0,
    }
}

/// Writes text with whitespace collapsed: runs of whitespace become one
/// space, element breaks become a newline or a blank line.
struct Collapser {
    out: String,
    space: bool,
    brk: u8,
}

impl Collapser {
    fn text(&mut self, s: &str) {
        for c in s.chars() {
            self.push(c);
        }
    }

    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = true;
            return;
        }
        if !self.out.is_empty() {
            match self.brk {
                0 if self.space => self.out.push(' '),
                0 => {}
                1 => self.out.push('\n'),
                _ => self.out.push_str("\n\n"),
            }
        }
        self.space = false;
        self.brk = 0;
        self.out.push(c);
    }

    fn brk(&mut self, level: u8) {
        self.brk = self.brk.max(level);
    }
}

/// Finds `needle` (ASCII, lower case) in `hay` ignoring ASCII case.
fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || hay.len() < needle.len() {
        return None;
    }
    let first = needle[0];
    let mut i = 0;
    while i + needle.len() <= hay.len() {
        let off = hay[i..=hay.len() - needle.len()]
            .iter()
            .position(|c| c.to_ascii_lowercase() == first)?;
        i += off;
        if hay[i..i + needle.len()].eq_ignore_ascii_case(needle) {
            return Some(i);
        }
        i += 1;
    }
    None
}

/// Finds the end tag `</name` (any case, followed by a non-name byte) at
/// or after `from`; returns the index just after the name.
fn find_end_tag(b: &[u8], mut from: usize, name: &[u8]) -> Option<usize> {
    while let Some(o) = find_ci(&b[from..], b"</") {
        let start = from + o + 2;
        let end = start + name.len();
        if b.len() >= end
            && b[start..end].eq_ignore_ascii_case(name)
            && !b
                .get(end)
                .is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'-')
        {
            return Some(end);
        }
        from = start;
    }
    None
}

/// End of the tag whose name ends at `i` (index after its `>`, or the end
/// of the input). Quoted attribute values may contain `>`.
fn tag_end(b: &[u8], mut i: usize) -> usize {
    let mut quote: Option<u8> = None;
    let mut after_eq = false;
    while i < b.len() {
        let c = b[i];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                b'>' => return i + 1,
                b'"' | b'\'' if after_eq => quote = Some(c),
                b'=' => {
                    after_eq = true;
                    i += 1;
                    continue;
                }
                c if c.is_ascii_whitespace() && after_eq => {
                    i += 1;
                    continue;
                }
                _ => {}
            },
        }
        after_eq = false;
        i += 1;
    }
    b.len()
}

/// All visible text of an HTML document: tags, comments, scripts and styles
/// removed, character references decoded, whitespace collapsed, block
/// elements separated by blank lines. Linear time; any input is accepted.
pub(crate) fn strip_tags(html: &str) -> String {
    let b = html.as_bytes();
    let mut w = Collapser {
        out: String::with_capacity(html.len() / 3),
        space: false,
        brk: 0,
    };
    let mut i = 0;
    while i < b.len() {
        let next = b[i..]
            .iter()
            .position(|&c| c == b'<' || c == b'&')
            .map_or(b.len(), |o| i + o);
        w.text(&html[i..next]);
        i = next;
        if i >= b.len() {
            break;
        }
        if b[i] == b'&' {
            let (decoded, len) = decode_entity(&html[i..]);
            match decoded {
                Some(c) => w.push(c),
                None => w.push('&'),
            }
            i += len;
            continue;
        }
        // b[i] == b'<'
        let rest = &b[i..];
        if rest.starts_with(b"<!--") {
            i = find_ci(&b[i + 4..], b"-->").map_or(b.len(), |o| i + 4 + o + 3);
            continue;
        }
        if rest.len() > 1 && (rest[1] == b'!' || rest[1] == b'?') {
            i = b[i..]
                .iter()
                .position(|&c| c == b'>')
                .map_or(b.len(), |o| i + o + 1);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = i + 1 + usize::from(closing);
        if !b.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
            if closing {
                // "</>" or "</ junk>": a bogus comment up to '>'.
                i = b[i..]
                    .iter()
                    .position(|&c| c == b'>')
                    .map_or(b.len(), |o| i + o + 1);
            } else {
                w.push('<');
                i += 1;
            }
            continue;
        }
        let name_len = b[name_start..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == b'-' || **c == b':')
            .count();
        let mut name = [0u8; 16];
        let short = name_len <= name.len();
        if short {
            for (d, s) in name.iter_mut().zip(&b[name_start..name_start + name_len]) {
                *d = s.to_ascii_lowercase();
            }
        }
        let name = if short {
            &name[..name_len]
        } else {
            &b"x-long"[..]
        };
        let end = tag_end(b, name_start + name_len);
        w.brk(break_level(name));
        if matches!(name, b"td" | b"th") {
            w.space = true;
        }
        i = end;
        if !closing && is_hidden(name) && !(end >= 2 && b[end - 2] == b'/') {
            // Skip to the matching end tag.
            i = match find_end_tag(b, i, name) {
                Some(after_name) => tag_end(b, after_name),
                // The end tag of <head> may be left out.
                None if name == b"head" => i,
                None => b.len(),
            };
            w.brk(break_level(name));
        }
    }
    w.out
}

/// Decodes the character reference at the start of `s` (which starts with
/// `&`). Returns the character, if any, and how many bytes to consume.
fn decode_entity(s: &str) -> (Option<char>, usize) {
    let b = s.as_bytes();
    if b.get(1) == Some(&b'#') {
        let hex = matches!(b.get(2), Some(b'x' | b'X'));
        let digits_start = if hex { 3 } else { 2 };
        let digits = b[digits_start.min(b.len())..]
            .iter()
            .take_while(|c| {
                if hex {
                    c.is_ascii_hexdigit()
                } else {
                    c.is_ascii_digit()
                }
            })
            .count();
        if digits == 0 {
            return (None, 1);
        }
        let end = digits_start + digits;
        let value = u32::from_str_radix(
            &s[digits_start..end.min(digits_start + 8)],
            if hex { 16 } else { 10 },
        )
        .unwrap_or(0xFFFD);
        let len = if b.get(end) == Some(&b';') {
            end + 1
        } else {
            end
        };
        let c = match value {
            0x80..=0x9F => {
                // Browsers read these as Windows-1252.
                let byte = [value as u8];
                encoding_rs::WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()
            }
            0 => None,
            v => char::from_u32(v),
        };
        return (Some(c.unwrap_or('\u{FFFD}')), len);
    }
    let name_len = b[1..]
        .iter()
        .take(32)
        .take_while(|c| c.is_ascii_alphanumeric())
        .count();
    if name_len == 0 || b.get(1 + name_len) != Some(&b';') {
        return (None, 1);
    }
    let name = &s[1..1 + name_len];
    match named_entity(name) {
        Some(c) => (Some(c), name_len + 2),
        None => (None, 1),
    }
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" | "AMP" => '&',
        "lt" | "LT" => '<',
        "gt" | "GT" => '>',
        "quot" | "QUOT" => '"',
        "apos" => '\'',
        "nbsp" => '\u{A0}',
        "shy" => '\u{AD}',
        "ensp" => '\u{2002}',
        "emsp" => '\u{2003}',
        "thinsp" => '\u{2009}',
        "zwnj" => '\u{200C}',
        "zwj" => '\u{200D}',
        "ndash" => '–',
        "mdash" => '—',
        "minus" => '−',
        "hellip" => '…',
        "lsquo" => '‘',
        "rsquo" => '’',
        "sbquo" => '‚',
        "ldquo" => '“',
        "rdquo" => '”',
        "bdquo" => '„',
        "laquo" => '«',
        "raquo" => '»',
        "lsaquo" => '‹',
        "rsaquo" => '›',
        "bull" => '•',
        "middot" => '·',
        "prime" => '′',
        "Prime" => '″',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "deg" => '°',
        "plusmn" => '±',
        "times" => '×',
        "divide" => '÷',
        "frac12" => '½',
        "frac14" => '¼',
        "frac34" => '¾',
        "euro" => '€',
        "pound" => '£',
        "yen" => '¥',
        "cent" => '¢',
        "sect" => '§',
        "para" => '¶',
        "dagger" => '†',
        "iexcl" => '¡',
        "iquest" => '¿',
        "szlig" => 'ß',
        "agrave" => 'à',
        "aacute" => 'á',
        "acirc" => 'â',
        "atilde" => 'ã',
        "auml" => 'ä',
        "aring" => 'å',
        "aelig" => 'æ',
        "ccedil" => 'ç',
        "egrave" => 'è',
        "eacute" => 'é',
        "ecirc" => 'ê',
        "euml" => 'ë',
        "igrave" => 'ì',
        "iacute" => 'í',
        "icirc" => 'î',
        "iuml" => 'ï',
        "ntilde" => 'ñ',
        "ograve" => 'ò',
        "oacute" => 'ó',
        "ocirc" => 'ô',
        "otilde" => 'õ',
        "ouml" => 'ö',
        "oslash" => 'ø',
        "ugrave" => 'ù',
        "uacute" => 'ú',
        "ucirc" => 'û',
        "uuml" => 'ü',
        "yacute" => 'ý',
        "yuml" => 'ÿ',
        "Agrave" => 'À',
        "Aacute" => 'Á',
        "Acirc" => 'Â',
        "Auml" => 'Ä',
        "Aring" => 'Å',
        "AElig" => 'Æ',
        "Ccedil" => 'Ç',
        "Egrave" => 'È',
        "Eacute" => 'É',
        "Ecirc" => 'Ê',
        "Iacute" => 'Í',
        "Ntilde" => 'Ñ',
        "Oacute" => 'Ó',
        "Ouml" => 'Ö',
        "Oslash" => 'Ø',
        "Uacute" => 'Ú',
        "Uuml" => 'Ü',
        _ => return None,
    })
}

/// The character encoding an HTML page declares in its first kilobyte
/// (`<meta charset=...>` or `http-equiv` content type), if any.
pub(crate) fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let mut from = 0;
    while let Some(pos) = find_ci(&head[from..], b"charset") {
        let mut i = from + pos + b"charset".len();
        from = i;
        while head.get(i).is_some_and(u8::is_ascii_whitespace) {
            i += 1;
        }
        if head.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while head
            .get(i)
            .is_some_and(|c| c.is_ascii_whitespace() || *c == b'"' || *c == b'\'')
        {
            i += 1;
        }
        let len = head[i..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b':' | b'.'))
            .count();
        if let Some(enc) = encoding_rs::Encoding::for_label(&head[i..i + len]) {
            return Some(enc);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_tags_scripts_and_comments() {
        let html = "<!DOCTYPE html><html><head><title>T</title><style>p{color:red}</style></head>\
            <body><script>var x = '<p>no</p>';</script><!-- hidden <p>x</p> -->\
            <h1>Head&amp;line</h1><p>First   para with <b>bold</b>\n text.</p>\
            <p>Second&nbsp;&#8220;para&#x201D; &copy; &unknown; a < b</p><ul><li>one<li>two</ul></body></html>";
        assert_eq!(
            strip_tags(html),
            "Head&line\n\nFirst para with bold text.\n\nSecond \u{201C}para\u{201D} © &unknown; a < b\n\none\ntwo"
        );
    }

    #[test]
    fn strip_tags_survives_garbage() {
        for html in [
            "",
            "<",
            "<<<>>>",
            "</",
            "<a href='x>",
            "<script>never closed",
            "<!-- open comment",
            "&#",
            "&#x;",
            "&#99999999999;",
            "&#0;",
            "<p>unclosed <div><span>tags",
            "<\u{e9}t\u{e9}>caf\u{e9}</\u{e9}t\u{e9}>",
            "<a\u{0}b>",
        ] {
            let _ = strip_tags(html);
        }
        assert_eq!(
            strip_tags("<p>unclosed <div><span>tags"),
            "unclosed\n\ntags"
        );
        assert_eq!(strip_tags("&#150;&#128;&#65;"), "–€A");
        assert_eq!(strip_tags("x <title>no end"), "x");
        assert_eq!(
            strip_tags("<head><meta charset=utf-8><header>Top</header>"),
            "Top"
        );
        assert_eq!(strip_tags("<script>a</scripts></script>b"), "b");
        assert_eq!(strip_tags("<a title=\"1 > 0\">link</a>"), "link");
    }

    #[test]
    fn tidying() {
        assert_eq!(
            tidy("  BREAKING \n  \n\t\n Title  here \r\nBody\u{A0}text.\n\n\n"),
            "BREAKING\n\nTitle here\nBody text."
        );
        assert_eq!(tidy(" \n \n"), "");
    }

    #[test]
    fn depth_estimate() {
        assert_eq!(
            nesting_depth("<div><div></div><p><p><br><img/><span/></div>"),
            2
        );
        let deep = "<div>".repeat(5000);
        assert_eq!(nesting_depth(&deep), 5000);
        assert_eq!(nesting_depth("<< <1 </ <"), 0);
    }

    #[test]
    fn extraction_falls_back_on_deep_nesting() {
        let html = format!(
            "<html><body>{}<p>Deep text here.</p></body></html>",
            "<div>".repeat(50_000)
        );
        let extracted = extract(&html);
        assert_eq!(extracted.text, "Deep text here.");
        assert_eq!(extracted.title, None);
    }

    #[test]
    fn charset_declaration() {
        assert_eq!(
            declared_encoding(b"<meta charset=\"ISO-8859-1\">").map(|e| e.name()),
            Some("windows-1252")
        );
        assert_eq!(
            declared_encoding(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=koi8-r\">"
            )
            .map(|e| e.name()),
            Some("KOI8-R")
        );
        assert_eq!(declared_encoding(b"<p>charset is fun</p>"), None);
    }
}
