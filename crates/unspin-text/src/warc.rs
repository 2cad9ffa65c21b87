//! Reading web archives: WARC 1.0 and 1.1, plain or gzipped, as Common
//! Crawl publishes them.
//!
//! [`warc_records`] streams the documents of a WARC file from any reader,
//! one record at a time, so that a crawl segment of several gigabytes is
//! never held in memory; a record's content is read only when it is kept,
//! and only up to [`MAX_RECORD_BYTES`].
//!
//! Which records become documents:
//!
//! - `response` records holding an HTTP response with status 200 whose
//!   `Content-Type` is `text/html` or `application/xhtml+xml` (or that has
//!   no content type but a body that starts like an HTML page): the
//!   article text of the page. A `Transfer-Encoding: chunked` body is
//!   de-chunked and a `Content-Encoding` of gzip or deflate is undone; the
//!   character set comes from a byte-order mark, the `charset=` of the
//!   `Content-Type`, the page's own declaration, then UTF-8 (bytes that are
//!   still invalid become U+FFFD).
//! - `resource` and `conversion` records (WET files) of type `text/plain`:
//!   the text as it is; of type `text/html`: the article text.
//!
//! Every other record (`warcinfo`, `request`, `metadata`, `revisit`, other
//! media types, other statuses, binary bodies) is skipped silently, and so is
//! a record whose text is empty. A document's `id` is its
//! `WARC-Record-ID` without angle brackets, `url` its `WARC-Target-URI` and
//! `date` its `WARC-Date`.
//!
//! A gzipped file is recognised by its first two bytes (`1f 8b`), whatever
//! its name; a file of many gzip members (one per record, as Common Crawl
//! writes them) is read as one stream. A problem with one record (an
//! oversized page, an unknown content encoding) gives an error for that
//! record and reading goes on; a damaged file (a truncated record, a missing
//! `Content-Length`, corrupt compressed data) gives one error and reading
//! stops, since the next record can no longer be found reliably.
//!
//! The parser is written here rather than taken from the `warc` crate: that
//! crate brings nom, chrono and a second gzip implementation, reads header
//! lines without a size limit, and its errors do not say where in the file
//! a problem is.

use std::io::{self, BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use crate::html;
use crate::ingest::{MAX_RECORD_BYTES, Record};
use crate::input::{self, InputError, InputFormat};

/// The most bytes a record's WARC header, or an HTTP response's header, may
/// take.
const MAX_HEADER_BYTES: u64 = 1 << 20;

/// Streams the documents of a WARC file read from `reader`, plain or
/// gzipped; `source` names the file in documents and errors. See the
/// [module documentation](self) for which records become documents.
///
/// ```
/// use unspin_text::warc_records;
///
/// let warc = "WARC/1.1\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
///             Content-Type: text/plain\r\nContent-Length: 5\r\n\r\nHello\r\n\r\n";
/// let records: Vec<_> = warc_records("a.warc", warc.as_bytes()).collect();
/// let record = records[0].as_ref().unwrap();
/// assert_eq!((record.id.as_str(), record.text.as_str()), ("urn:uuid:1", "Hello"));
/// ```
pub fn warc_records<R: Read>(source: &str, reader: R) -> WarcRecords<R> {
    WarcRecords {
        parser: Parser {
            source: source.to_owned(),
            pos: 0,
            record: 0,
            gzip: false,
        },
        stream: Stream::Start(reader),
    }
}

/// The documents of a WARC file, from [`warc_records`]: an iterator of
/// [`Record`]s or [`InputError`]s.
pub struct WarcRecords<R: Read> {
    parser: Parser,
    stream: Stream<R>,
}

impl<R: Read> std::fmt::Debug for WarcRecords<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WarcRecords")
            .field("source", &self.parser.source)
            .field("record", &self.parser.record)
            .field("gzip", &self.parser.gzip)
            .finish_non_exhaustive()
    }
}

/// The first bytes read to recognise gzip, put back in front of the rest.
type Head<R> = io::Chain<io::Cursor<Vec<u8>>, R>;

enum Stream<R: Read> {
    /// Not read from yet.
    Start(R),
    Plain(BufReader<Head<R>>),
    Gzip(BufReader<MultiGzDecoder<Head<R>>>),
    /// At the end, or stopped by an error.
    Done,
}

impl<R: Read> Iterator for WarcRecords<R> {
    type Item = Result<Record, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            let step = match &mut self.stream {
                Stream::Start(_) => {
                    if let Stream::Start(reader) = std::mem::replace(&mut self.stream, Stream::Done)
                    {
                        match open(reader) {
                            Ok(stream) => {
                                self.parser.gzip = matches!(stream, Stream::Gzip(_));
                                self.stream = stream;
                            }
                            Err(e) => return Some(Err(InputError::io(&self.parser.source, &e))),
                        }
                    }
                    continue;
                }
                Stream::Plain(r) => self.parser.step(r),
                Stream::Gzip(r) => self.parser.step(r),
                Stream::Done => return None,
            };
            match step {
                Step::Record(record) => return Some(Ok(record)),
                Step::Skip => {}
                Step::Error(e) => return Some(Err(e)),
                Step::Fatal(e) => {
                    self.stream = Stream::Done;
                    return Some(Err(e));
                }
                Step::End => {
                    self.stream = Stream::Done;
                    return None;
                }
            }
        }
    }
}

/// Reads the first two bytes to tell gzip from plain data.
fn open<R: Read>(mut reader: R) -> io::Result<Stream<R>> {
    let mut head = Vec::with_capacity(2);
    (&mut reader).take(2).read_to_end(&mut head)?;
    let gzip = head == [0x1f, 0x8b];
    let chained = io::Cursor::new(head).chain(reader);
    Ok(if gzip {
        Stream::Gzip(BufReader::with_capacity(
            64 << 10,
            MultiGzDecoder::new(chained),
        ))
    } else {
        Stream::Plain(BufReader::with_capacity(64 << 10, chained))
    })
}

/// Whether an input is a WARC file: its name ends in `.warc` or
/// `.warc.gz`, or its content (gunzipped if it starts with the gzip magic
/// bytes) starts with `WARC/`. `head` is the start of the input; a few
/// hundred bytes are enough.
pub(crate) fn looks_like_warc(source: &str, head: &[u8]) -> bool {
    if input::format_from_name(source) == Some(InputFormat::Warc) {
        return true;
    }
    if starts_like_warc(head) {
        return true;
    }
    if head.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::new();
        // A partial head may end in the middle of the compressed data; what
        // was decompressed before that is kept.
        let _ = MultiGzDecoder::new(head).take(64).read_to_end(&mut out);
        return starts_like_warc(&out);
    }
    false
}

fn starts_like_warc(bytes: &[u8]) -> bool {
    let start = bytes
        .iter()
        .position(|&b| b != b'\r' && b != b'\n')
        .unwrap_or(bytes.len());
    bytes[start..].starts_with(b"WARC/")
}

/// What reading one record gave.
enum Step {
    Record(Record),
    /// A record that is not a document.
    Skip,
    /// A record that could not be used; the next one can still be read.
    Error(InputError),
    /// The file is damaged; nothing more can be read.
    Fatal(InputError),
    /// The end of the file.
    End,
}

/// What the content of a record gave.
enum Outcome {
    Record(Record),
    Skip,
    /// Why the record is left out, and what to do.
    Problem(String),
}

/// How reading a line ended.
enum Line {
    /// A complete line, now without its line end.
    Complete,
    /// The data ended before a line end.
    Eof,
    /// The line is longer than allowed.
    TooLong,
}

struct Parser {
    source: String,
    /// Bytes read so far (uncompressed, for a gzipped file).
    pos: u64,
    /// Number of the current record, from 1.
    record: usize,
    gzip: bool,
}

impl Parser {
    fn error(&self, offset: u64, problem: impl Into<String>) -> InputError {
        InputError::Warc {
            path: self.source.clone(),
            record: self.record,
            offset,
            uncompressed: self.gzip,
            problem: problem.into(),
        }
    }

    fn io_error(&self, offset: u64, e: &io::Error) -> InputError {
        let problem = match (self.gzip, e.kind()) {
            (true, io::ErrorKind::UnexpectedEof) => {
                "the compressed data ends early; the file is truncated — download it again"
                    .to_owned()
            }
            (true, _) => {
                format!("cannot decompress ({e}); the file is corrupt — download it again")
            }
            (false, _) => format!("read failed ({e}); check the file and try again"),
        };
        self.error(offset, problem)
    }

    /// Reads the next record.
    fn step<B: BufRead>(&mut self, r: &mut B) -> Step {
        self.record += 1;
        // Line ends between records.
        loop {
            let buf = match r.fill_buf() {
                Ok(buf) => buf,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Step::Fatal(self.io_error(self.pos, &e)),
            };
            if buf.is_empty() {
                return Step::End;
            }
            let n = buf
                .iter()
                .take_while(|&&b| b == b'\r' || b == b'\n')
                .count();
            if n == 0 {
                break;
            }
            r.consume(n);
            self.pos += n as u64;
        }
        let start = self.pos;
        let mut budget = MAX_HEADER_BYTES;
        let mut line = Vec::new();

        // The version line.
        match read_line(r, &mut line, &mut budget) {
            Ok((n, end)) => {
                self.pos += n;
                match end {
                    Line::Complete if line.starts_with(b"WARC/") => {}
                    Line::Eof if line.starts_with(b"WARC/") || b"WARC/".starts_with(&line) => {
                        return Step::Fatal(self.error(
                            start,
                            "the file ends inside the record header; the file is truncated — download it again",
                        ));
                    }
                    _ => {
                        let found = String::from_utf8_lossy(&line[..line.len().min(40)]);
                        return Step::Fatal(self.error(
                            start,
                            format!(
                                "expected a record header starting with WARC/1.0 or WARC/1.1 but found {found:?}; this is not a WARC file, or it is corrupt"
                            ),
                        ));
                    }
                }
            }
            Err(e) => return Step::Fatal(self.io_error(start, &e)),
        }

        // The named fields, up to a blank line.
        let headers = match self.read_headers(r, &mut line, &mut budget) {
            Ok(Ok(headers)) => headers,
            Ok(Err(Line::TooLong)) => {
                return Step::Fatal(self.error(
                    start,
                    "the record header is longer than 1 MiB; this is not a WARC file, or it is corrupt",
                ));
            }
            Ok(Err(_)) => {
                return Step::Fatal(self.error(
                    start,
                    "the file ends inside the record header; the file is truncated — download it again",
                ));
            }
            Err(e) => return Step::Fatal(self.io_error(start, &e)),
        };
        let Some(len) = header(&headers, "content-length").and_then(|v| v.parse::<u64>().ok())
        else {
            return Step::Fatal(self.error(
                start,
                "missing or invalid Content-Length; the record cannot be delimited — the file is corrupt",
            ));
        };

        // The content: read what is kept, skip the rest.
        let mut content = r.by_ref().take(len);
        let outcome = self.content(&headers, &mut content);
        let skipped = io::copy(&mut content, &mut io::sink());
        let got = len - content.limit();
        self.pos += got;
        let outcome = match (outcome, skipped) {
            (Ok(outcome), Ok(_)) => outcome,
            (Err(e), _) | (_, Err(e)) => return Step::Fatal(self.io_error(start, &e)),
        };
        if got < len {
            return Step::Fatal(self.error(
                start,
                format!(
                    "Content-Length says {len} bytes but the file ends after {got}; the file is truncated — download it again"
                ),
            ));
        }
        match outcome {
            Outcome::Record(mut record) => {
                record.id = match header(&headers, "warc-record-id") {
                    Some(id) if !id.is_empty() => unbracket(id).to_owned(),
                    _ => format!("{}#{}", self.source, self.record),
                };
                record.url = header(&headers, "warc-target-uri")
                    .filter(|u| !u.is_empty())
                    .map(|u| unbracket(u).to_owned());
                record.date = header(&headers, "warc-date")
                    .filter(|d| !d.is_empty())
                    .map(str::to_owned);
                Step::Record(record)
            }
            Outcome::Skip => Step::Skip,
            Outcome::Problem(problem) => Step::Error(self.error(start, problem)),
        }
    }

    /// Reads `Name: value` lines up to a blank line. Names are kept in
    /// lower case; a line starting with white space continues the previous
    /// value; a line without a colon is ignored.
    fn read_headers<B: BufRead>(
        &mut self,
        r: &mut B,
        line: &mut Vec<u8>,
        budget: &mut u64,
    ) -> io::Result<Result<Vec<(String, String)>, Line>> {
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let (n, end) = read_line(r, line, budget)?;
            self.pos += n;
            match end {
                Line::Complete => {}
                other => return Ok(Err(other)),
            }
            if line.is_empty() {
                return Ok(Ok(headers));
            }
            let text = String::from_utf8_lossy(line);
            if text.starts_with([' ', '\t']) {
                if let Some((_, value)) = headers.last_mut() {
                    value.push(' ');
                    value.push_str(text.trim());
                }
            } else if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
    }

    /// Turns the content of a record into a document, or not.
    fn content<B: BufRead>(
        &self,
        headers: &[(String, String)],
        content: &mut io::Take<&mut B>,
    ) -> io::Result<Outcome> {
        let kind = header(headers, "warc-type")
            .unwrap_or("")
            .to_ascii_lowercase();
        match kind.as_str() {
            "response" => self.http_response(content),
            "resource" | "conversion" => {
                let ctype = header(headers, "content-type").unwrap_or("");
                let html = match media_type(ctype).as_str() {
                    "text/plain" => false,
                    "text/html" | "application/xhtml+xml" => true,
                    _ => return Ok(Outcome::Skip),
                };
                let Some(body) = read_body(content)? else {
                    return Ok(Outcome::Problem(too_large()));
                };
                Ok(self.document(&body, charset(ctype), html))
            }
            _ => Ok(Outcome::Skip),
        }
    }

    /// The HTML page of an HTTP response, if it is one with status 200.
    fn http_response<B: BufRead>(&self, content: &mut io::Take<&mut B>) -> io::Result<Outcome> {
        let mut budget = MAX_HEADER_BYTES;
        let mut line = Vec::new();
        let (_, end) = read_line(content, &mut line, &mut budget)?;
        if !matches!(end, Line::Complete) || !line.starts_with(b"HTTP/") {
            return Ok(Outcome::Skip);
        }
        let status = line
            .split(|&b| b == b' ')
            .filter(|w| !w.is_empty())
            .nth(1)
            .and_then(|code| std::str::from_utf8(code).ok())
            .and_then(|code| code.parse::<u16>().ok());
        if status != Some(200) {
            return Ok(Outcome::Skip);
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            let (_, end) = read_line(content, &mut line, &mut budget)?;
            if !matches!(end, Line::Complete) {
                return Ok(Outcome::Skip);
            }
            if line.is_empty() {
                break;
            }
            let text = String::from_utf8_lossy(&line);
            if let Some((name, value)) = text.split_once(':') {
                headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
            }
        }
        let ctype = header(&headers, "content-type");
        if let Some(ctype) = ctype
            && !matches!(
                media_type(ctype).as_str(),
                "text/html" | "application/xhtml+xml"
            )
        {
            return Ok(Outcome::Skip);
        }
        let Some(mut body) = read_body(content)? else {
            return Ok(Outcome::Problem(too_large()));
        };
        if header(&headers, "transfer-encoding")
            .is_some_and(|te| te.to_ascii_lowercase().contains("chunked"))
            && let Some(plain) = dechunk(&body)
        {
            body = plain;
        }
        let encoding = header(&headers, "content-encoding")
            .unwrap_or("")
            .to_ascii_lowercase();
        match encoding.as_str() {
            "" | "identity" => {}
            "gzip" | "x-gzip" | "deflate" => match decompress(&body, &encoding) {
                Ok(Some(plain)) => body = plain,
                Ok(None) => return Ok(Outcome::Problem(too_large())),
                Err(e) => {
                    return Ok(Outcome::Problem(format!(
                        "cannot decompress the page ({e}); the page is left out"
                    )));
                }
            },
            other => {
                return Ok(Outcome::Problem(format!(
                    "the page is compressed with {other:?}, which unspin cannot decode; the page is left out"
                )));
            }
        }
        if ctype.is_none() && !input::looks_like_html(&body) {
            return Ok(Outcome::Skip);
        }
        Ok(self.document(&body, ctype.and_then(charset), true))
    }

    /// A document from a body: decoded, and for HTML its article text and
    /// title. Skipped when the body is binary or the text is empty.
    fn document(
        &self,
        body: &[u8],
        declared: Option<&'static encoding_rs::Encoding>,
        is_html: bool,
    ) -> Outcome {
        let Ok(prepared) = input::prepare(&self.source, body) else {
            return Outcome::Skip;
        };
        let Ok(text) = input::decode_text(&self.source, &prepared, declared, is_html, true) else {
            return Outcome::Skip;
        };
        let (text, title) = if is_html {
            let extracted = html::extract(&text);
            (extracted.text, extracted.title)
        } else {
            (text.into_owned(), None)
        };
        if text.trim().is_empty() {
            return Outcome::Skip;
        }
        let mut record = Record::new(String::new(), text);
        record.title = title;
        Outcome::Record(record)
    }
}

/// Reads one line into `line` (cleared first), without its `\n` or
/// `\r\n`, taking at most `budget` bytes (which it lowers): the bytes
/// consumed and how the line ended.
fn read_line<B: BufRead>(
    r: &mut B,
    line: &mut Vec<u8>,
    budget: &mut u64,
) -> io::Result<(u64, Line)> {
    line.clear();
    let n = r.by_ref().take(*budget + 1).read_until(b'\n', line)? as u64;
    if line.last() == Some(&b'\n') {
        *budget -= n;
        line.pop();
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        Ok((n, Line::Complete))
    } else if n > *budget {
        *budget = 0;
        Ok((n, Line::TooLong))
    } else {
        *budget -= n;
        Ok((n, Line::Eof))
    }
}

/// The rest of a record's content, or `None` when it is over
/// [`MAX_RECORD_BYTES`] (nothing is read then).
fn read_body<B: BufRead>(content: &mut io::Take<B>) -> io::Result<Option<Vec<u8>>> {
    if content.limit() > MAX_RECORD_BYTES {
        return Ok(None);
    }
    let mut body = Vec::new();
    content.read_to_end(&mut body)?;
    Ok(Some(body))
}

fn too_large() -> String {
    format!(
        "the content is over the {} MiB limit for one document; it is left out",
        MAX_RECORD_BYTES >> 20
    )
}

/// The value of the first header called `name` (lower case).
fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.as_str())
}

/// `<uri>` → `uri` (WARC 1.0 writes some URIs in angle brackets).
fn unbracket(s: &str) -> &str {
    s.strip_prefix('<')
        .and_then(|s| s.strip_suffix('>'))
        .unwrap_or(s)
}

/// The media type of a `Content-Type` value, in lower case, without
/// parameters.
fn media_type(ctype: &str) -> String {
    ctype
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

/// The encoding named by the `charset=` parameter of a `Content-Type`
/// value, if it names one.
fn charset(ctype: &str) -> Option<&'static encoding_rs::Encoding> {
    ctype.split(';').skip(1).find_map(|param| {
        let (name, value) = param.split_once('=')?;
        if !name.trim().eq_ignore_ascii_case("charset") {
            return None;
        }
        let value = value.trim().trim_matches(['"', '\'']);
        encoding_rs::Encoding::for_label(value.as_bytes())
    })
}

/// Undoes `Transfer-Encoding: chunked`. `None` when the body is not
/// well-formed chunked data (it is then used as it is: some archives keep
/// the header but store the body de-chunked).
fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    loop {
        if i == body.len() && i > 0 {
            // Chunks without the final empty one: the body was cut short.
            return Some(out);
        }
        let eol = i + body[i..].iter().position(|&b| b == b'\n')?;
        let size = body[i..eol].split(|&b| b == b';').next()?.trim_ascii();
        let size = usize::from_str_radix(std::str::from_utf8(size).ok()?, 16).ok()?;
        i = eol + 1;
        if size == 0 {
            return Some(out);
        }
        let end = i.checked_add(size).filter(|&end| end <= body.len())?;
        out.extend_from_slice(&body[i..end]);
        i = end;
        if body[i..].starts_with(b"\r\n") {
            i += 2;
        } else if body[i..].starts_with(b"\n") {
            i += 1;
        } else if i != body.len() {
            return None;
        }
    }
}

/// Undoes a gzip or deflate `Content-Encoding`; `None` when the result is
/// over [`MAX_RECORD_BYTES`].
fn decompress(body: &[u8], encoding: &str) -> io::Result<Option<Vec<u8>>> {
    fn read_all(mut r: impl Read) -> io::Result<Option<Vec<u8>>> {
        let mut out = Vec::new();
        (&mut r).take(MAX_RECORD_BYTES + 1).read_to_end(&mut out)?;
        Ok((out.len() as u64 <= MAX_RECORD_BYTES).then_some(out))
    }
    if encoding == "deflate" {
        // Servers send either zlib-wrapped or raw deflate data.
        read_all(flate2::read::ZlibDecoder::new(body))
            .or_else(|_| read_all(flate2::read::DeflateDecoder::new(body)))
    } else {
        read_all(MultiGzDecoder::new(body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dechunking() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n5;ext=1\r\npedia\r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia"[..])
        );
        assert_eq!(dechunk(b"3\nabc\n0\n").as_deref(), Some(&b"abc"[..]));
        // Cut short after a complete chunk.
        assert_eq!(dechunk(b"3\r\nabc\r\n").as_deref(), Some(&b"abc"[..]));
        // Not chunked at all.
        assert_eq!(dechunk(b"<html>"), None);
        assert_eq!(dechunk(b"ff\r\nshort"), None);
        assert_eq!(dechunk(b""), None);
        assert_eq!(dechunk(b"ffffffffffffffffffff\r\n"), None);
    }

    #[test]
    fn content_type_parts() {
        assert_eq!(media_type(" Text/HTML ; charset=UTF-8"), "text/html");
        assert_eq!(
            charset("text/html; charset=\"ISO-8859-1\"").map(|e| e.name()),
            Some("windows-1252")
        );
        assert_eq!(charset("text/html; charset=nonsense"), None);
        assert_eq!(charset("text/html"), None);
    }

    #[test]
    fn recognition() {
        assert!(looks_like_warc("crawl.WARC.gz", b""));
        assert!(looks_like_warc("x", b"\r\nWARC/1.0\r\n"));
        assert!(!looks_like_warc("x.arc", b"filedesc://"));
        assert!(!looks_like_warc("x", b"\x1f\x8b\x08"));
    }
}
