//! Source documents with their metadata, streamed from files and
//! directories: the input of a corpus index.
//!
//! [`expand_paths`] turns the paths a user gives into the files to read,
//! and [`read_records`] streams the [`Record`]s of one file: one for a plain
//! text or HTML file, one per line of a JSON Lines file, one per page or
//! text record of a WARC file ([`crate::warc`]). JSON Lines and WARC files
//! are read a line or a record at a time, so their size does not matter;
//! one line or record may take at most [`MAX_RECORD_BYTES`].
//!
//! ```no_run
//! use std::path::PathBuf;
//! use unspin_text::{InputFormat, expand_paths, read_records};
//!
//! for file in expand_paths(&[PathBuf::from("corpus")]) {
//!     let Ok(file) = file else { continue };
//!     for record in read_records(&file, InputFormat::Auto) {
//!         match record {
//!             Ok(r) => println!("{}\t{}", r.id, r.title.as_deref().unwrap_or("")),
//!             Err(e) => eprintln!("{e}"),
//!         }
//!     }
//! }
//! ```

use std::collections::HashSet;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use crate::input::{self, InputError, InputFormat};
use crate::warc::{WarcRecords, looks_like_warc, warc_records};

/// The most bytes one JSON Lines line or one WARC record's content may
/// take (64 MiB); a larger one gives an error and is left out.
pub const MAX_RECORD_BYTES: u64 = 64 << 20;

/// How much of a file is looked at to recognise its format.
const SNIFF_BYTES: u64 = 64 << 10;

/// A source document with its metadata.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Record {
    /// Identifies the document: the path of a text or HTML file (`-` for
    /// standard input), the `"id"` of a JSON Lines line (or `path:LINE`
    /// without one), the `WARC-Record-ID` of a WARC record without its
    /// angle brackets (or `path#N` without one, N counting records from 1).
    pub id: String,
    /// The text; for HTML, the article text.
    pub text: String,
    /// The title: the page title of HTML, the `"title"` of JSON Lines.
    pub title: Option<String>,
    /// The address: the `WARC-Target-URI` of WARC, the `"url"` of JSON
    /// Lines.
    pub url: Option<String>,
    /// The date, as written: the `WARC-Date` of WARC, the `"date"` of JSON
    /// Lines.
    pub date: Option<String>,
    /// Other JSON Lines fields, kept as they were (empty for other formats).
    pub meta: serde_json::Map<String, serde_json::Value>,
}

impl Record {
    /// A record with only an id and a text.
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Record {
            id: id.into(),
            text: text.into(),
            title: None,
            url: None,
            date: None,
            meta: serde_json::Map::new(),
        }
    }
}

/// Expands files and directories into the list of files to read.
///
/// A directory is walked recursively, its entries sorted by name so that
/// the order is the same on every run; entries inside it whose name starts
/// with `.` are skipped, and a directory reached twice (through symbolic
/// links) is walked once. Other paths, and `-` (standard input), are kept
/// as they are. A path that does not exist or cannot be listed gives an
/// [`InputError::Io`] for that path, in its place; the others are still
/// returned.
pub fn expand_paths(paths: &[PathBuf]) -> Vec<Result<PathBuf, InputError>> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for path in paths {
        if path.as_os_str() == "-" {
            out.push(Ok(path.clone()));
            continue;
        }
        match fs::metadata(path) {
            Ok(meta) if meta.is_dir() => walk(path, &mut seen, &mut out),
            Ok(_) => out.push(Ok(path.clone())),
            Err(e) => out.push(Err(InputError::io(&path.to_string_lossy(), &e))),
        }
    }
    out
}

fn walk(dir: &Path, seen: &mut HashSet<PathBuf>, out: &mut Vec<Result<PathBuf, InputError>>) {
    let io_error = |path: &Path, e: &io::Error| InputError::io(&path.to_string_lossy(), e);
    match fs::canonicalize(dir) {
        Ok(real) => {
            if !seen.insert(real) {
                return;
            }
        }
        Err(e) => {
            out.push(Err(io_error(dir, &e)));
            return;
        }
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            out.push(Err(io_error(dir, &e)));
            return;
        }
    };
    let mut names = Vec::new();
    for entry in entries {
        match entry {
            Ok(entry) => names.push(entry.file_name()),
            Err(e) => out.push(Err(io_error(dir, &e))),
        }
    }
    names.sort();
    for name in names {
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = dir.join(&name);
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(&path, seen, out),
            Ok(_) => out.push(Ok(path)),
            Err(e) => out.push(Err(io_error(&path, &e))),
        }
    }
}

/// A readable input, boxed so that every format streams from the same
/// type.
type Input = Box<dyn Read + Send>;

/// Streams the records of one file (`-` for standard input).
///
/// JSON Lines and WARC files are read a line or a record at a time, never
/// whole; plain text and HTML files are one record each. The format is
/// `format`, or with [`InputFormat::Auto`] found as
/// [`InputFormat::Auto`] describes from the name and the first 64 KiB.
/// An error on one JSON Lines line or WARC record does not stop the others;
/// a file that cannot be opened or read gives one error. The `id` of a
/// text or HTML file's record is `path` as given (lossily converted to
/// UTF-8).
///
/// JSON Lines must be UTF-8 (a UTF-8 byte-order mark is allowed); a file
/// with a UTF-16 byte-order mark is converted whole, not streamed.
pub fn read_records(path: &Path, format: InputFormat) -> Records {
    let source = path.to_string_lossy().into_owned();
    let reader: Input = if path.as_os_str() == "-" {
        Box::new(io::stdin())
    } else {
        match fs::File::open(path) {
            Ok(file) => Box::new(file),
            Err(e) => return Records::failed(InputError::io(&source, &e)),
        }
    };
    open_records(source, reader, format)
}

/// The records of one input, from [`read_records`]: an iterator of
/// [`Record`]s or [`InputError`]s.
pub struct Records {
    inner: Inner,
}

enum Inner {
    /// Decoded at once (plain text, HTML, or an input that failed early).
    Buffered(std::vec::IntoIter<Result<Record, InputError>>),
    Jsonl(JsonlRecords<BufReader<Input>>),
    Warc(Box<WarcRecords<Input>>),
}

impl Records {
    fn failed(e: InputError) -> Self {
        Records {
            inner: Inner::Buffered(vec![Err(e)].into_iter()),
        }
    }
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.inner {
            Inner::Buffered(records) => f
                .debug_struct("Records")
                .field("remaining", &records.len())
                .finish(),
            Inner::Jsonl(records) => records.fmt(f),
            Inner::Warc(records) => records.fmt(f),
        }
    }
}

impl Iterator for Records {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.inner {
            Inner::Buffered(records) => records.next(),
            Inner::Jsonl(records) => records.next(),
            Inner::Warc(records) => records.next(),
        }
    }
}

fn open_records(source: String, reader: Input, format: InputFormat) -> Records {
    let named = match format {
        InputFormat::Auto => input::format_from_name(&source),
        f => Some(f),
    };
    match named {
        Some(InputFormat::Warc) => {
            return Records {
                inner: Inner::Warc(Box::new(warc_records(&source, reader))),
            };
        }
        Some(InputFormat::Text | InputFormat::Html) => return buffered(source, reader, format),
        Some(InputFormat::Jsonl) | Some(InputFormat::Auto) | None => {}
    }
    let mut reader = BufReader::with_capacity(64 << 10, reader);
    let mut head = Vec::new();
    if let Err(e) = (&mut reader).take(SNIFF_BYTES).read_to_end(&mut head) {
        return Records::failed(InputError::io(&source, &e));
    }
    if named.is_none() {
        if looks_like_warc(&source, &head) {
            let reader = Box::new(io::Cursor::new(head).chain(reader));
            return Records {
                inner: Inner::Warc(Box::new(warc_records(&source, reader))),
            };
        }
        // Only a first line that is a JSON object makes JSON Lines: read
        // all of it before deciding.
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
        let first = text.iter().position(|b| !b.is_ascii_whitespace());
        if first.is_some_and(|i| text[i] == b'{')
            && !head.contains(&b'\n')
            && let Err(e) = (&mut reader)
                .take(MAX_RECORD_BYTES)
                .read_until(b'\n', &mut head)
        {
            return Records::failed(InputError::io(&source, &e));
        }
        let text = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&head);
        if input::utf16_bom(&head).is_some()
            || input::detect_format(&source, text) != InputFormat::Jsonl
        {
            let reader: Input = Box::new(io::Cursor::new(head).chain(reader));
            return buffered(source, reader, InputFormat::Auto);
        }
    }
    // JSON Lines.
    if input::utf16_bom(&head).is_some() {
        let reader: Input = Box::new(io::Cursor::new(head).chain(reader));
        return buffered(source, reader, InputFormat::Jsonl);
    }
    // Refuse binary data before reading it line by line. Only complete
    // lines are looked at, so that a character cut at the end of the head
    // does not count.
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    let complete = match head.iter().rposition(|&b| b == b'\n') {
        Some(end) => &head[bom.min(end)..end],
        None => &head[bom..],
    };
    if let Some(at) = input::find_binary(complete) {
        return Records::failed(InputError::Binary {
            path: source,
            offset: bom + at,
        });
    }
    let reader: Input = Box::new(io::Cursor::new(head).chain(reader));
    Records {
        inner: Inner::Jsonl(jsonl_records(
            &source,
            BufReader::with_capacity(64 << 10, reader),
        )),
    }
}

/// Reads a whole input and decodes it at once.
fn buffered(source: String, mut reader: Input, format: InputFormat) -> Records {
    let mut bytes = Vec::new();
    if let Err(e) = reader.read_to_end(&mut bytes) {
        return Records::failed(InputError::io(&source, &e));
    }
    let (_, records) = input::decode_records(&source, &bytes, format);
    Records {
        inner: Inner::Buffered(records.into_iter()),
    }
}

/// Streams the records of a JSON Lines input read from `reader`, one line
/// at a time; `source` names it in ids and errors. Blank lines are skipped;
/// a line that is not a usable record gives an error for that line only.
/// See [`InputFormat::Jsonl`] and [`Record`] for the fields.
///
/// ```
/// use unspin_text::jsonl_records;
///
/// let data = "{\"id\": 7, \"text\": \"Hi\", \"title\": \"T\", \"lang\": \"en\"}\n{\"text\": 1}\n";
/// let records: Vec<_> = jsonl_records("x.jsonl", data.as_bytes()).collect();
/// let first = records[0].as_ref().unwrap();
/// assert_eq!((first.id.as_str(), first.title.as_deref()), ("7", Some("T")));
/// assert_eq!(first.meta["lang"], "en");
/// assert_eq!(records[1].as_ref().unwrap_err().to_string(), "x.jsonl:2: \"text\" is not a string");
/// ```
pub fn jsonl_records<R: BufRead>(source: &str, reader: R) -> JsonlRecords<R> {
    JsonlRecords {
        source: source.to_owned(),
        reader: Some(reader),
        line: 0,
        offset: 0,
        buf: Vec::new(),
    }
}

/// The records of a JSON Lines input, from [`jsonl_records`]: an iterator
/// of [`Record`]s or [`InputError`]s.
pub struct JsonlRecords<R> {
    source: String,
    /// `None` once the input has ended or failed.
    reader: Option<R>,
    /// Number of the last line read, from 1.
    line: usize,
    /// Bytes read so far.
    offset: usize,
    buf: Vec<u8>,
}

impl<R> std::fmt::Debug for JsonlRecords<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JsonlRecords")
            .field("source", &self.source)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

impl<R: BufRead> Iterator for JsonlRecords<R> {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let reader = self.reader.as_mut()?;
            self.buf.clear();
            let n = match reader
                .by_ref()
                .take(MAX_RECORD_BYTES + 1)
                .read_until(b'\n', &mut self.buf)
            {
                Ok(n) => n,
                Err(e) => {
                    self.reader = None;
                    return Some(Err(InputError::io(&self.source, &e)));
                }
            };
            if n == 0 {
                self.reader = None;
                return None;
            }
            self.line += 1;
            let mut line_start = self.offset;
            self.offset += n;
            let mut raw = &self.buf[..];
            if let Some(line) = raw.strip_suffix(b"\n") {
                raw = line;
            } else if n as u64 > MAX_RECORD_BYTES {
                match skip_line(reader) {
                    Ok(skipped) => self.offset += skipped,
                    Err(e) => {
                        self.reader = None;
                        return Some(Err(InputError::io(&self.source, &e)));
                    }
                }
                return Some(Err(InputError::Jsonl {
                    path: self.source.clone(),
                    line: self.line,
                    problem: format!(
                        "line is longer than {} MiB; split the document or shorten it",
                        MAX_RECORD_BYTES >> 20
                    ),
                }));
            }
            if self.line == 1
                && let Some(rest) = raw.strip_prefix(b"\xEF\xBB\xBF")
            {
                raw = rest;
                line_start += 3;
            }
            if let Some(record) = input::parse_jsonl_line(&self.source, self.line, raw, line_start)
            {
                return Some(record);
            }
        }
    }
}

/// Consumes input up to and including the next `\n`: the bytes consumed.
fn skip_line<R: BufRead>(reader: &mut R) -> io::Result<usize> {
    let mut skipped = 0;
    loop {
        let buf = match reader.fill_buf() {
            Ok(buf) => buf,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if buf.is_empty() {
            return Ok(skipped);
        }
        let (n, done) = match buf.iter().position(|&b| b == b'\n') {
            Some(at) => (at + 1, true),
            None => (buf.len(), false),
        };
        reader.consume(n);
        skipped += n;
        if done {
            return Ok(skipped);
        }
    }
}
