//! Reading documents: plain text, HTML and JSON Lines.
//!
//! [`read_input`] reads a file (or standard input) and [`decode_bytes`]
//! turns bytes into [`Document`]s. Errors are [`InputError`]s whose message
//! is one line naming the file, the problem and what to do about it.
//!
//! Offsets reported later refer to [`Document::text`], the decoded text as
//! the user sees it: a UTF-8 byte-order mark is dropped, but CRLF line ends
//! and everything else are kept as they are.

use std::fmt;
use std::io::Read;
use std::str::FromStr;

use crate::html;

/// The format of an input.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum InputFormat {
    /// Decide from the file name, then from the content: `.html`, `.htm`
    /// and `.xhtml` are HTML, `.jsonl` and `.ndjson` JSON Lines; otherwise
    /// a leading `<!doctype html` or `<html` means HTML, a first line that
    /// is a JSON object with a `"text"` field means JSON Lines, and
    /// anything else is plain text.
    #[default]
    Auto,
    /// Plain text, one document.
    Text,
    /// An HTML page, one document: its article text.
    Html,
    /// JSON Lines: one document per non-empty line, an object with a
    /// `"text"` string and an optional `"id"` (string or number).
    Jsonl,
}

impl InputFormat {
    /// The lower-case name, as accepted by [`FromStr`].
    pub fn name(self) -> &'static str {
        match self {
            InputFormat::Auto => "auto",
            InputFormat::Text => "text",
            InputFormat::Html => "html",
            InputFormat::Jsonl => "jsonl",
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
#[error("unknown input format {0:?}; expected auto, text, html or jsonl")]
pub struct UnknownFormat(pub String);

impl FromStr for InputFormat {
    type Err = UnknownFormat;

    /// Accepts (in any case) `auto`, `text` (`txt`, `plain`), `html`
    /// (`htm`) and `jsonl` (`ndjson`, `json`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "auto" => Ok(InputFormat::Auto),
            "text" | "txt" | "plain" => Ok(InputFormat::Text),
            "html" | "htm" => Ok(InputFormat::Html),
            "jsonl" | "ndjson" | "json" => Ok(InputFormat::Jsonl),
            _ => Err(UnknownFormat(s.to_owned())),
        }
    }
}

/// A decoded document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Document {
    /// Where it came from: the path (`-` for standard input), the `"id"` of
    /// a JSON Lines record, or `path:LINE` for a record without one.
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
        "{}: not text (binary data at byte {offset}); unspin reads plain text, HTML and JSON Lines",
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
}

impl InputError {
    /// The path (as given) of the input the error is about.
    pub fn path(&self) -> &str {
        match self {
            InputError::Io { path, .. }
            | InputError::Binary { path, .. }
            | InputError::InvalidUtf8 { path, .. }
            | InputError::InvalidUtf16 { path, .. }
            | InputError::Jsonl { path, .. } => path,
        }
    }

    fn io(path: &str, err: &std::io::Error) -> Self {
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
/// error for that line only). `source` names the input in documents and
/// errors, and its extension guides [`InputFormat::Auto`]. Pure: no I/O.
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
    // UTF-16 with a byte-order mark: convert, then go on as UTF-8.
    let utf16;
    let (bytes, base) = if let Some(le) = utf16_bom(bytes) {
        match decode_utf16(&bytes[2..], le) {
            Ok(s) => {
                utf16 = s;
                (utf16.as_bytes(), 0)
            }
            Err(at) => {
                return vec![Err(InputError::InvalidUtf16 {
                    path: source.to_owned(),
                    offset: 2 + at,
                })];
            }
        }
    } else if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        (rest, 3)
    } else {
        (bytes, 0)
    };
    if let Some(at) = find_binary(bytes) {
        return vec![Err(InputError::Binary {
            path: source.to_owned(),
            offset: base + at,
        })];
    }
    let format = match format {
        InputFormat::Auto => detect_format(source, bytes),
        f => f,
    };
    match format {
        InputFormat::Jsonl => decode_jsonl(source, bytes, base),
        InputFormat::Html => vec![decode_html(source, bytes, base)],
        _ => vec![match std::str::from_utf8(bytes) {
            Ok(text) => Ok(Document {
                source: source.to_owned(),
                text: text.to_owned(),
                format: InputFormat::Text,
            }),
            Err(e) => Err(InputError::InvalidUtf8 {
                path: source.to_owned(),
                offset: base + e.valid_up_to(),
            }),
        }],
    }
}

/// `Some(true)` for a UTF-16LE byte-order mark, `Some(false)` for UTF-16BE.
fn utf16_bom(bytes: &[u8]) -> Option<bool> {
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
fn find_binary(bytes: &[u8]) -> Option<usize> {
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

fn detect_format(source: &str, bytes: &[u8]) -> InputFormat {
    let ext = std::path::Path::new(source)
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("html" | "htm" | "xhtml" | "shtml") => return InputFormat::Html,
        Some("jsonl" | "ndjson") => return InputFormat::Jsonl,
        _ => {}
    }
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 1024)];
    let starts_ci = |prefix: &[u8]| {
        head.len() >= prefix.len() && head[..prefix.len()].eq_ignore_ascii_case(prefix)
    };
    if starts_ci(b"<!doctype html")
        || starts_ci(b"<html")
        || starts_ci(b"<head")
        || starts_ci(b"<body")
    {
        return InputFormat::Html;
    }
    if starts_ci(b"<?xml") && html_find(head, b"<html") {
        return InputFormat::Html;
    }
    if head.first() == Some(&b'{') {
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

fn html_find(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

fn decode_html(source: &str, bytes: &[u8], base: usize) -> Result<Document, InputError> {
    let decoded;
    let page = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => match html::declared_encoding(bytes) {
            Some(enc) if enc != encoding_rs::UTF_8 => {
                decoded = enc.decode_without_bom_handling(bytes).0;
                &decoded
            }
            _ => {
                return Err(InputError::InvalidUtf8 {
                    path: source.to_owned(),
                    offset: base + e.valid_up_to(),
                });
            }
        },
    };
    Ok(Document {
        source: source.to_owned(),
        text: html::extract_text(page),
        format: InputFormat::Html,
    })
}

fn decode_jsonl(source: &str, bytes: &[u8], base: usize) -> Vec<Result<Document, InputError>> {
    let mut out = Vec::new();
    let mut offset = base;
    for (index, raw) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_start = offset;
        offset += raw.len() + 1;
        let raw = raw.strip_suffix(b"\r").unwrap_or(raw);
        if raw.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let line = index + 1;
        let err = |problem: String| {
            Err(InputError::Jsonl {
                path: source.to_owned(),
                line,
                problem,
            })
        };
        let value: serde_json::Value = match serde_json::from_slice(raw) {
            Ok(v) => v,
            Err(e) => {
                if let Err(u) = std::str::from_utf8(raw) {
                    out.push(err(format!(
                        "invalid UTF-8 at byte {}; convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)",
                        line_start + u.valid_up_to()
                    )));
                    continue;
                }
                let msg = e.to_string();
                let msg = msg
                    .rsplit_once(" at line ")
                    .map_or(msg.as_str(), |(m, _)| m);
                out.push(err(format!(
                    "invalid JSON ({msg} at column {}); each line must be a JSON object with a \"text\" string",
                    e.column()
                )));
                continue;
            }
        };
        let serde_json::Value::Object(mut obj) = value else {
            out.push(err(
                "not a JSON object; each line must be a JSON object with a \"text\" string"
                    .to_owned(),
            ));
            continue;
        };
        let text = match obj.remove("text") {
            Some(serde_json::Value::String(s)) => s,
            Some(_) => {
                out.push(err("\"text\" is not a string".to_owned()));
                continue;
            }
            None => {
                out.push(err("missing \"text\" field".to_owned()));
                continue;
            }
        };
        let id = match obj.remove("id") {
            None | Some(serde_json::Value::Null) => format!("{source}:{line}"),
            Some(serde_json::Value::String(s)) => s,
            Some(serde_json::Value::Number(n)) => n.to_string(),
            Some(_) => {
                out.push(err("\"id\" must be a string or a number".to_owned()));
                continue;
            }
        };
        out.push(Ok(Document {
            source: id,
            text,
            format: InputFormat::Jsonl,
        }));
    }
    out
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
