//! Reading documents: plain text, HTML, JSON Lines and WARC.
//!
//! [`read_input`] reads a file (or standard input) and [`decode_bytes`]
//! turns bytes into [`Document`]s. Errors are [`InputError`]s whose message
//! is one line naming the file, the problem and what to do about it. To
//! stream large inputs with their metadata (titles, URLs, dates), see
//! [`crate::ingest`].
//!
//! Offsets reported later refer to [`Document::text`], the decoded text as
//! the user sees it: a UTF-8 byte-order mark is dropped, but CRLF line ends
//! and everything else are kept as they are.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;
use std::str::FromStr;

use crate::html;
use crate::ingest::Record;

/// The format of an input.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Decide from the file name, then from the content: `.html`, `.htm`
    /// and `.xhtml` are HTML, `.jsonl` and `.ndjson` JSON Lines, `.warc`
    /// and `.warc.gz` WARC; otherwise content starting with `WARC/` (also
    /// after gunzipping) means WARC, a leading `<!doctype html` or `<html`
    /// means HTML, a first line that is a JSON object with a `"text"` field
    /// means JSON Lines, and anything else is plain text.
    #[default]
    Auto,
    /// Plain text, one document.
    Text,
    /// An HTML page, one document: its article text.
    Html,
    /// JSON Lines: one document per non-empty line, an object with a
    /// `"text"` string and an optional `"id"` (string or number).
    Jsonl,
    /// A web archive (WARC 1.0 or 1.1, as Common Crawl publishes it),
    /// plain or gzipped: one document per HTML page (`response` records)
    /// and per plain-text `resource` or `conversion` record (WET files).
    Warc,
}

impl InputFormat {
    /// The lower-case name, as accepted by [`FromStr`].
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
            InputFormat::Warc => "warc",
        }
    }
}

impl fmt::Display for InputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The error for a format name that [`InputFormat::from_str`] does not
/// know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown input format {0:?}; expected auto, text, html, jsonl or warc")]
pub struct UnknownFormat(pub String);

impl FromStr for InputFormat {
    type Err = UnknownFormat;

    /// Accepts (in any case) `auto`, `text` (`txt`, `plain`), `html`
    /// (`htm`), `jsonl` (`ndjson`, `json`) and `warc`.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(InputFormat::Auto),
            "text" | "txt" | "plain" => Ok(InputFormat::Text),
            "html" | "htm" => Ok(InputFormat::Html),
            "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
            "warc" => Ok(InputFormat::Warc),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    /// Where it came from: the path (`-` for standard input), the `"id"` of
    /// a JSON Lines record, or `path:LINE` for a record without one, or the
    /// record ID of a WARC record.
    pub source: String,
    /// The text to analyse; every reported offset refers to it.
    pub text: String,
    /// The format it was read as (never [`InputFormat::Auto`]).
    pub format: InputFormat,
}

/// Why an input could not be read. The message is one line: the file (and
/// line, for JSON Lines), the problem, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InputError {
    /// The file could not be read (missing, a directory, no permission).
    #[error("{}: {message}", one_line(.path))]
    Io {
        /// The path as given.
        path: String,
        /// The kind of I/O error.
        kind: std::io::ErrorKind,
        /// The system's description, without the error number.
        message: String,
    },
    /// The content is binary (NUL bytes, many control characters, or a
    /// known binary file signature).
    #[error(
        "{}: not text (binary data at byte {offset}); unspin reads plain text, HTML, JSON Lines and WARC",
        one_line(.path)
    )]
    Binary {
        /// The path as given.
        path: String,
        /// Byte offset of the first byte that is not text.
        offset: usize,
    },
    /// The content is not valid UTF-8.
    #[error(
        "{}: invalid UTF-8 at byte {offset}; convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)",
        one_line(.path)
    )]
    InvalidUtf8 {
        /// The path as given.
        path: String,
        /// Byte offset of the first invalid byte in the file.
        offset: usize,
    },
    /// The content starts with a UTF-16 byte-order mark but is not valid
    /// UTF-16.
    #[error(
        "{}: invalid UTF-16 at byte {offset}; convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8)",
        one_line(.path)
    )]
    InvalidUtf16 {
        /// The path as given.
        path: String,
        /// Byte offset of the first invalid code unit in the file.
        offset: usize,
    },
    /// A line of a JSON Lines input is not a usable record; the other lines
    /// are still read.
    #[error("{}:{line}: {problem}", one_line(.path))]
    Jsonl {
        /// The path as given.
        path: String,
        /// 1-based line number.
        line: usize,
        /// What is wrong with the line, and what is expected.
        problem: String,
    },
    /// A record of a WARC input could not be read. When the file itself is
    /// damaged (truncated, corrupt framing) reading stops after this error;
    /// otherwise only this record is left out.
    #[error(
        "{}: record {record} at {}byte {offset}: {problem}",
        one_line(.path),
        if *.uncompressed { "uncompressed " } else { "" }
    )]
    Warc {
        /// The path as given.
        path: String,
        /// 1-based number of the record in the file.
        record: usize,
        /// Byte offset where the record starts, in the uncompressed data
        /// when the file is gzipped.
        offset: u64,
        /// Whether `offset` counts uncompressed bytes of a gzipped file.
        uncompressed: bool,
        /// What is wrong, and what to do.
        problem: String,
    },
}

impl InputError {
    /// The path (as given) of the input the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::Binary { path, .. }
            | InputError::InvalidUtf8 { path, .. }
            | InputError::InvalidUtf16 { path, .. }
            | InputError::Jsonl { path, .. }
            | InputError::Warc { path, .. } => path,
        }
    }

    pub(crate) fn io(path: &str, err: &std::io::Error) -> Self {
        let mut message = err.to_string();
        // "No such file or directory (os error 2)" → "No such file or directory".
        if let Some(cut) = message.rfind(" (os error ") {
            message.truncate(cut);
        }
        InputError::Io {
            path: path.to_owned(),
            kind: err.kind(),
            message,
        }
    }
}

/// Keeps an error message on one line whatever the path holds.
fn one_line(path: &str) -> String {
    if path.chars().any(char::is_control) {
        path.escape_debug().to_string()
    } else {
        path.to_owned()
    }
}

/// Reads the file at `path` (`-` for standard input) and decodes it with
/// [`decode_bytes`]. A read failure gives a single error.
pub fn read_input(path: &str, format: InputFormat) -> Vec<Result<Document, InputError>> {
    let bytes = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().lock().read_to_end(&mut buf).map(|_| buf)
    } else {
        std::fs::read(path)
    };
    match bytes {
        Ok(bytes) => decode_bytes(path, &bytes, format),
        Err(e) => vec![Err(InputError::io(path, &e))],
    }
}

/// Decodes the bytes of one input into documents: one for plain text or
/// HTML, one per non-empty line for JSON Lines (where a bad line yields an
/// error for that line only), one per page or text record for WARC (see
/// [`crate::ingest`] for which records count). `source` names the input in
/// documents and errors, and its extension guides [`InputFormat::Auto`].
/// Pure: no I/O.
///
/// A UTF-8 byte-order mark is removed; text with a UTF-16 byte-order mark
/// is converted; binary data and invalid UTF-8 are errors, except that an
/// HTML page that declares another character set is decoded from it.
///
/// ```
/// use unspin_text::{decode_bytes, InputFormat};
///
/// let docs = decode_bytes("x.jsonl", b"{\"id\": 7, \"text\": \"Hi\"}\n{\"txt\": 1}\n", InputFormat::Auto);
/// assert_eq!(docs[0].as_ref().unwrap().source, "7");
/// assert_eq!(docs[1].as_ref().unwrap_err().to_string(), "x.jsonl:2: missing \"text\" field");
/// ```
pub fn decode_bytes(
    source: &str,
    bytes: &[u8],
    format: InputFormat,
) -> Vec<Result<Document, InputError>> {
    let (format, records) = decode_records(source, bytes, format);
    records
        .into_iter()
        .map(|r| {
            r.map(|r| Document {
                source: r.id,
                text: r.text,
                format,
            })
        })
        .collect()
}

/// Decodes the bytes of one input into [`Record`]s, as [`decode_bytes`]
/// does, and gives the format they were read as (the one asked for when
/// nothing could be read).
pub(crate) fn decode_records(
    source: &str,
    bytes: &[u8],
    format: InputFormat,
) -> (InputFormat, Vec<Result<Record, InputError>>) {
    if format == InputFormat::Warc
        || (format == InputFormat::Auto && crate::warc::looks_like_warc(source, bytes))
    {
        let records = crate::warc::warc_records(source, bytes).collect();
        return (InputFormat::Warc, records);
    }
    let prepared = match prepare(source, bytes) {
        Ok(p) => p,
        Err(e) => return (format, vec![Err(e)]),
    };
    let (bytes, base) = (&*prepared.bytes, prepared.base);
    let format = match format {
        InputFormat::Auto => detect_format(source, bytes),
        f => f,
    };
    let records = match format {
        InputFormat::Jsonl => decode_jsonl(source, bytes, base),
        InputFormat::Html => vec![decode_html(source, &prepared)],
        // WARC was handled above; detection gives no other format.
        InputFormat::Text | InputFormat::Auto | InputFormat::Warc => {
            vec![match std::str::from_utf8(bytes) {
                Ok(text) => Ok(Record::new(source, text)),
                Err(e) => Err(InputError::InvalidUtf8 {
                    path: source.to_owned(),
                    offset: base + e.valid_up_to(),
                }),
            }]
        }
    };
    (format, records)
}

/// The bytes of an input ready to decode as UTF-8: a UTF-8 byte-order
/// mark removed, UTF-16 (with a byte-order mark) converted, binary data
/// refused.
pub(crate) struct Prepared<'a> {
    /// The bytes, UTF-8 if the input is valid.
    pub(crate) bytes: Cow<'a, [u8]>,
    /// Offset in the input of `bytes[0]` (3 after a UTF-8 byte-order mark;
    /// 0 for converted UTF-16, whose offsets no longer match the input).
    pub(crate) base: usize,
    /// Whether the input started with a byte-order mark, which settles its
    /// encoding.
    pub(crate) bom: bool,
}

/// Removes or applies a byte-order mark and refuses binary data.
pub(crate) fn prepare<'a>(source: &str, bytes: &'a [u8]) -> Result<Prepared<'a>, InputError> {
    let prepared = if let Some(le) = utf16_bom(bytes) {
        match decode_utf16(&bytes[2..], le) {
            Ok(s) => Prepared {
                bytes: Cow::Owned(s.into_bytes()),
                base: 0,
                bom: true,
            },
            Err(at) => {
                return Err(InputError::InvalidUtf16 {
                    path: source.to_owned(),
                    offset: 2 + at,
                });
            }
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Prepared {
            bytes: Cow::Borrowed(rest),
            base: 3,
            bom: true,
        }
    } else {
        Prepared {
            bytes: Cow::Borrowed(bytes),
            base: 0,
            bom: false,
        }
    };
    if let Some(at) = find_binary(&prepared.bytes) {
        return Err(InputError::Binary {
            path: source.to_owned(),
            offset: prepared.base + at,
        });
    }
    Ok(prepared)
}

/// The text of prepared bytes. A byte-order mark settles the encoding;
/// otherwise a `declared` character set (from an HTTP header) is used, then
/// UTF-8, then, for HTML, the character set the page declares itself. Bytes
/// that are still not valid UTF-8 are an error, or with `lossy` are
/// replaced by U+FFFD.
pub(crate) fn decode_text<'a>(
    source: &str,
    prepared: &'a Prepared<'_>,
    declared: Option<&'static encoding_rs::Encoding>,
    html: bool,
    lossy: bool,
) -> Result<Cow<'a, str>, InputError> {
    let bytes = &*prepared.bytes;
    if !prepared.bom
        && let Some(enc) = declared.filter(|&e| e != encoding_rs::UTF_8)
    {
        return Ok(enc.decode_without_bom_handling(bytes).0);
    }
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => match html::declared_encoding(bytes).filter(|_| html) {
            Some(enc) if enc != encoding_rs::UTF_8 => Ok(enc.decode_without_bom_handling(bytes).0),
            _ if lossy => Ok(String::from_utf8_lossy(bytes)),
            _ => Err(InputError::InvalidUtf8 {
                path: source.to_owned(),
                offset: prepared.base + e.valid_up_to(),
            }),
        },
    }
}

/// `Some(true)` for a UTF-16LE byte-order mark, `Some(false)` for UTF-16BE.
pub(crate) fn utf16_bom(bytes: &[u8]) -> Option<bool> {
    match bytes {
        [0xFF, 0xFE, ..] => Some(true),
        [0xFE, 0xFF, ..] => Some(false),
        _ => None,
    }
}

/// Decodes UTF-16 code units; on error, the byte offset (from `bytes`) of
/// the bad unit.
fn decode_utf16(bytes: &[u8], le: bool) -> Result<String, usize> {
    let units = bytes.chunks(2).map(|c| match (c, le) {
        ([a, b], true) => u16::from_le_bytes([*a, *b]),
        ([a, b], false) => u16::from_be_bytes([*a, *b]),
        // An odd trailing byte: a lone surrogate is never valid.
        _ => 0xD800,
    });
    let mut out = String::with_capacity(bytes.len() / 2);
    let mut at = 0;
    for r in char::decode_utf16(units) {
        match r {
            Ok(c) => {
                out.push(c);
                at += 2 * c.len_utf16();
            }
            Err(_) => return Err(at),
        }
    }
    Ok(out)
}

/// Signatures of common binary formats that may start with text-like bytes.
const BINARY_SIGNATURES: &[&[u8]] = &[
    b"%PDF-",
    b"PK\x03\x04",
    b"\x89PNG",
    b"GIF87a",
    b"GIF89a",
    b"\xFF\xD8\xFF",
    b"\x1F\x8B",
    b"BZh",
    b"\x7FELF",
    b"\xD0\xCF\x11\xE0",
    b"Rar!",
    b"7z\xBC\xAF",
    b"\xFD7zXZ",
    b"\x28\xB5\x2F\xFD",
    b"OggS",
    b"ID3",
    b"fLaC",
    b"\x00\x00\x01\x00",
    b"wOFF",
    b"wOF2",
    b"SQLite format 3\x00",
];

/// Control characters that do not occur in text (all C0 controls except
/// tab, line feed, vertical tab, form feed, carriage return and escape;
/// and DEL).
fn is_binary_control(b: u8) -> bool {
    matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F | 0x7F)
}

/// The offset of the first byte showing that `bytes` is binary, if it is:
/// any NUL byte; control characters making up more than 1 in 20 bytes of
/// the first 64 KiB; or a known binary signature followed by a control
/// character or invalid UTF-8 (the offset of the first such byte).
pub(crate) fn find_binary(bytes: &[u8]) -> Option<usize> {
    if let Some(nul) = bytes.iter().position(|&b| b == 0) {
        return Some(nul);
    }
    let sample = &bytes[..bytes.len().min(64 << 10)];
    let controls = sample.iter().filter(|&&b| is_binary_control(b)).count();
    if controls > 0 && controls * 20 > sample.len() {
        return sample.iter().position(|&b| is_binary_control(b));
    }
    if BINARY_SIGNATURES.iter().any(|sig| bytes.starts_with(sig)) {
        // A known signature followed by anything that is not text; a text
        // that merely starts like one ("ID3 tags ...") is still text.
        let first_control = sample.iter().position(|&b| is_binary_control(b));
        let first_invalid = std::str::from_utf8(bytes).err().map(|e| e.valid_up_to());
        return match (first_control, first_invalid) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    None
}

/// The format of an input from its name and its first bytes (after any
/// byte-order mark). WARC is recognised before this, by
/// [`crate::warc::looks_like_warc`].
pub(crate) fn detect_format(source: &str, bytes: &[u8]) -> InputFormat {
    if let Some(format) = format_from_name(source) {
        return format;
    }
    if looks_like_html(bytes) {
        return InputFormat::Html;
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    if bytes.get(start) == Some(&b'{') {
        let rest = &bytes[start..];
        let line = &rest[..rest.iter().position(|&b| b == b'\n').unwrap_or(rest.len())];
        if let Ok(serde_json::Value::Object(obj)) =
            serde_json::from_slice::<serde_json::Value>(line)
            && obj.get("text").is_some_and(serde_json::Value::is_string)
        {
            return InputFormat::Jsonl;
        }
    }
    InputFormat::Text
}

/// The format a file name announces: `.html`, `.htm`, `.xhtml` and
/// `.shtml` are HTML, `.jsonl` and `.ndjson` JSON Lines, `.warc` and
/// `.warc.gz` WARC (in any case).
pub(crate) fn format_from_name(source: &str) -> Option<InputFormat> {
    let ext = std::path::Path::new(source)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => Some(InputFormat::Html),
        Some("jsonl" | "ndjson") => Some(InputFormat::Jsonl),
        Some("warc") => Some(InputFormat::Warc),
        Some("gz") if source.to_ascii_lowercase().ends_with(".warc.gz") => Some(InputFormat::Warc),
        _ => None,
    }
}

/// Whether a text starts like an HTML page: `<!doctype html`, `<html`,
/// `<head` or `<body` (after white space), or an XML declaration followed
/// by `<html` in the first kilobyte.
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 1024)];
    let starts_ci = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    starts_ci(b"<!doctype html")
        || starts_ci(b"<html")
        || starts_ci(b"<head")
        || starts_ci(b"<body")
        || (starts_ci(b"<?xml") && html_find(head, b"<html"))
}

fn html_find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn decode_html(source: &str, prepared: &Prepared<'_>) -> Result<Record, InputError> {
    let page = decode_text(source, prepared, None, true, false)?;
    let extracted = html::extract(&page);
    let mut record = Record::new(source, extracted.text);
    record.title = extracted.title;
    Ok(record)
}

fn decode_jsonl(source: &str, bytes: &[u8], base: usize) -> Vec<Result<Record, InputError>> {
    let mut out = Vec::new();
    let mut offset = base;
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_start = offset;
        offset += raw.len() + 1;
        if let Some(r) = parse_jsonl_line(source, index + 1, raw, line_start) {
            out.push(r);
        }
    }
    out
}

/// Parses one line of a JSON Lines input (without its `\n`; a trailing
/// `\r` is ignored) into a record: `None` for a blank line. `line` is the
/// 1-based line number and `line_start` the byte offset of the line in the
/// input, both for error messages.
///
/// The line must be an object with a `"text"` string. `"id"` may be a
/// string or a number (default `source:LINE`); `"title"`, `"url"` and
/// `"date"` must be strings; `null` counts as absent for all four. Every
/// other field is kept in [`Record::meta`].
pub(crate) fn parse_jsonl_line(
    source: &str,
    line: usize,
    raw: &[u8],
    line_start: usize,
) -> Option<Result<Record, InputError>> {
    let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
    if raw.iter().all(u8::is_ascii_whitespace) {
        return None;
    }
    let err = |problem: String| {
        Some(Err(InputError::Jsonl {
            path: source.to_owned(),
            line,
            problem,
        }))
    };
    let value: serde_json::Value = match serde_json::from_slice(raw) {
        Ok(v) => v,
        Err(e) => {
            if let Err(u) = std::str::from_utf8(raw) {
                return err(format!(
                    "invalid UTF-8 at byte {}; convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)",
                    line_start + u.valid_up_to()
                ));
            }
            let msg = e.to_string();
            let msg = msg
                .rsplit_once(" at line ")
                .map_or(msg.as_str(), |(m, _)| m);
            return err(format!(
                "invalid JSON ({msg} at column {}); each line must be a JSON object with a \"text\" string",
                e.column()
            ));
        }
    };
    let serde_json::Value::Object(mut obj) = value else {
        return err(
            "not a JSON object; each line must be a JSON object with a \"text\" string".to_owned(),
        );
    };
    let text = match obj.remove("text") {
        Some(serde_json::Value::String(s)) => s,
        Some(_) => return err("\"text\" is not a string".to_owned()),
        None => return err("missing \"text\" field".to_owned()),
    };
    let id = match obj.remove("id") {
        None | Some(serde_json::Value::Null) => format!("{source}:{line}"),
        Some(serde_json::Value::String(s)) => s,
        Some(serde_json::Value::Number(n)) => n.to_string(),
        Some(_) => return err("\"id\" must be a string or a number".to_owned()),
    };
    let mut fields = [None, None, None];
    for (slot, name) in fields.iter_mut().zip(["title", "url", "date"]) {
        match obj.remove(name) {
            None | Some(serde_json::Value::Null) => {}
            Some(serde_json::Value::String(s)) => *slot = Some(s),
            Some(_) => return err(format!("\"{name}\" must be a string")),
        }
    }
    let [title, url, date] = fields;
    Some(Ok(Record {
        id,
        text,
        title,
        url,
        date,
        meta: obj,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn binary_detection() {
        assert_eq!(find_binary(b""), None);
        assert_eq!(find_binary(b"plain text\r\n\tok\x0c\x1b[0m"), None);
        assert_eq!(find_binary(b"ab\0"), Some(2));
        assert_eq!(find_binary(b"%PDF-1.4\n\xC7\xEC"), Some(9));
        // Text that merely starts like a signature.
        assert_eq!(find_binary(b"ID3 tags are metadata."), None);
        assert_eq!(find_binary(b"BZh, said the bee."), None);
    }

    #[test]
    fn detection_by_name_and_content() {
        assert_eq!(detect_format("a/b.HTML", b""), InputFormat::Html);
        assert_eq!(detect_format("x.ndjson", b"hello"), InputFormat::Jsonl);
        assert_eq!(
            detect_format("x", b"<?xml version=\"1.0\"?><html>"),
            InputFormat::Html
        );
        assert_eq!(detect_format("x", b"<b>bold</b> start"), InputFormat::Text);
        assert_eq!(detect_format("x", b"{\"text\": 1}"), InputFormat::Text);
        assert_eq!(
            detect_format("x", b"\n {\"text\": \"t\"}\r\n"),
            InputFormat::Jsonl
        );
    }

    #[test]
    fn serialises_in_lower_case() {
        assert_eq!(
            serde_json::to_string(&InputFormat::Jsonl).unwrap(),
            "\"jsonl\""
        );
        let doc = Document {
            source: "s".into(),
            text: "t".into(),
            format: InputFormat::Html,
        };
        assert_eq!(
            serde_json::to_string(&doc).unwrap(),
            r#"{"source":"s","text":"t","format":"html"}"#
        );
    }
}
