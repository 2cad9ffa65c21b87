//! Streaming source documents with metadata: directory walks, JSON Lines
//! fields, WARC files (plain and gzipped) and damaged inputs.

use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use unspin_text::{
    InputError, InputFormat, MAX_RECORD_BYTES, Record, decode_bytes, expand_paths, jsonl_records,
    read_records, warc_records,
};

/// A directory under the system temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "unspin-ingest-{tag}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    fn write(&self, rel: &str, bytes: &[u8]) -> PathBuf {
        let path = self.0.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn all(path: &Path, format: InputFormat) -> Vec<Result<Record, InputError>> {
    read_records(path, format).collect()
}

fn ok(results: Vec<Result<Record, InputError>>) -> Vec<Record> {
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|e| panic!("unexpected error: {e}")))
        .collect()
}

// ---------------------------------------------------------------- paths

#[test]
fn directory_walk_is_sorted_and_skips_hidden_entries() {
    let tmp = TempDir::new("walk");
    for rel in [
        "b.txt",
        "a/z.txt",
        "a/c/d.txt",
        "a/b.txt",
        "C.txt",
        ".hidden.txt",
        ".git/config",
        "a/.cache/x.txt",
        "10.txt",
        "9.txt",
    ] {
        tmp.write(rel, b"x");
    }
    let single = tmp.write("single/.dotfile", b"x");
    let expanded = expand_paths(&[
        tmp.0.clone(),
        PathBuf::from("-"),
        tmp.0.join("missing.txt"),
        single.clone(),
    ]);
    let rel: Vec<String> = expanded
        .iter()
        .map(|r| match r {
            Ok(p) => p
                .strip_prefix(&tmp.0)
                .map_or_else(|_| p.display().to_string(), |p| p.display().to_string()),
            Err(e) => format!("error: {}", e.path().rsplit('/').next().unwrap()),
        })
        .collect();
    assert_eq!(
        rel,
        [
            "10.txt",
            "9.txt",
            "C.txt",
            "a/b.txt",
            "a/c/d.txt",
            "a/z.txt",
            "b.txt",
            // A directory walk never enters hidden entries, but "single" is
            // a directory whose only entry is hidden.
            "-",
            "error: missing.txt",
            // A hidden file named explicitly is kept.
            "single/.dotfile",
        ]
    );
    match &expanded[8] {
        Err(InputError::Io { kind, .. }) => assert_eq!(*kind, io::ErrorKind::NotFound),
        other => panic!("expected an I/O error, got {other:?}"),
    }
    // The same directory given twice is walked once.
    let twice = expand_paths(&[tmp.0.join("a"), tmp.0.join("a/../a")]);
    assert_eq!(twice.len(), 3);
}

#[cfg(unix)]
#[test]
fn symlink_cycles_end() {
    let tmp = TempDir::new("cycle");
    tmp.write("d/f.txt", b"x");
    std::os::unix::fs::symlink(&tmp.0, tmp.0.join("d/loop")).unwrap();
    let expanded = expand_paths(std::slice::from_ref(&tmp.0));
    let files: Vec<_> = expanded.into_iter().map(Result::unwrap).collect();
    assert_eq!(files, [tmp.0.join("d/f.txt")]);
}

// ---------------------------------------------------------------- text and HTML files

#[test]
fn text_and_html_files_are_one_record() {
    let tmp = TempDir::new("files");
    let txt = tmp.write("note.txt", "\u{FEFF}Plain “text”.\r\n".as_bytes());
    let records = ok(all(&txt, InputFormat::Auto));
    assert_eq!(
        records,
        [Record::new(txt.to_string_lossy(), "Plain “text”.\r\n")]
    );

    let html = tmp.write("page.html", ARTICLE.as_bytes());
    let records = ok(all(&html, InputFormat::Auto));
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].id, html.to_string_lossy());
    assert_eq!(records[0].title.as_deref(), Some(ARTICLE_TITLE));
    assert!(
        records[0]
            .text
            .contains("Article spinners rewrite existing text")
    );
    assert!(!records[0].text.contains("All rights reserved"));
    // The same text as the document decoder gives.
    let docs = decode_bytes("page.html", ARTICLE.as_bytes(), InputFormat::Auto);
    assert_eq!(docs[0].as_ref().unwrap().text, records[0].text);

    // A page without a title.
    let bare = tmp.write("bare.htm", b"<p>Just one line.</p>");
    let records = ok(all(&bare, InputFormat::Auto));
    assert_eq!(records[0].text, "Just one line.");
    assert_eq!(records[0].title, None);

    // Explicit formats win over the name.
    let records = ok(all(&html, InputFormat::Text));
    assert_eq!(records[0].text, ARTICLE);
    assert_eq!(records[0].title, None);

    // Unreadable: one error naming the file.
    let missing = tmp.0.join("missing.txt");
    let errors = all(&missing, InputFormat::Auto);
    assert_eq!(errors.len(), 1);
    let message = errors[0].as_ref().unwrap_err().to_string();
    assert!(
        message.ends_with("missing.txt: No such file or directory"),
        "{message}"
    );
    let errors = all(&tmp.0, InputFormat::Jsonl);
    assert!(
        matches!(errors[..], [Err(InputError::Io { .. })]),
        "{errors:?}"
    );

    // Binary data is refused as by the document decoder.
    let bin = tmp.write("data.bin", b"abc\0def");
    assert!(matches!(
        all(&bin, InputFormat::Auto)[..],
        [Err(InputError::Binary { offset: 3, .. })]
    ));
}

// ---------------------------------------------------------------- JSON Lines

#[test]
fn jsonl_metadata() {
    let data = concat!(
        r#"{"id": "a1", "text": "First.", "title": "One", "url": "https://example.com/1", "date": "2024-01-02", "lang": "en", "tags": ["x", 2], "score": 0.5}"#,
        "\n",
        r#"{"id": 42, "text": "Second.", "title": null}"#,
        "\n\n",
        r#"{"text": "Third.", "extra": {"nested": true}}"#,
        "\n",
        r#"{"id": 1.5e3, "text": "Fourth."}"#,
        "\n",
    );
    let records = ok(jsonl_records("in.jsonl", data.as_bytes()).collect());
    assert_eq!(records.len(), 4);
    let first = &records[0];
    assert_eq!(first.id, "a1");
    assert_eq!(first.text, "First.");
    assert_eq!(first.title.as_deref(), Some("One"));
    assert_eq!(first.url.as_deref(), Some("https://example.com/1"));
    assert_eq!(first.date.as_deref(), Some("2024-01-02"));
    assert_eq!(
        serde_json::Value::Object(first.meta.clone()),
        serde_json::json!({"lang": "en", "tags": ["x", 2], "score": 0.5})
    );
    assert_eq!(records[1].id, "42");
    assert_eq!(records[1].title, None);
    assert!(records[1].meta.is_empty());
    assert_eq!(records[2].id, "in.jsonl:4");
    assert_eq!(
        records[2].meta["extra"],
        serde_json::json!({"nested": true})
    );
    assert_eq!(records[3].id, "1500.0");
}

#[test]
fn jsonl_bad_field_types() {
    let data = concat!(
        r#"{"text": "ok", "title": 3}"#,
        "\n",
        r#"{"text": "ok", "url": ["u"]}"#,
        "\n",
        r#"{"text": "ok", "date": 20240102}"#,
        "\n",
        r#"{"text": "ok", "id": true}"#,
        "\n",
        r#"{"text": 5}"#,
        "\n",
        r#"{"title": "no text"}"#,
        "\n",
        r#"[1, 2]"#,
        "\n",
        r#"{"text": "broken"#,
        "\n",
    );
    let mut data = data.as_bytes().to_vec();
    data.extend_from_slice(b"{\"text\": \"caf\xE9\"}\n");
    let errors: Vec<String> = jsonl_records("m.jsonl", &data[..])
        .map(|r| r.unwrap_err().to_string())
        .collect();
    assert_eq!(
        errors,
        [
            "m.jsonl:1: \"title\" must be a string",
            "m.jsonl:2: \"url\" must be a string",
            "m.jsonl:3: \"date\" must be a string",
            "m.jsonl:4: \"id\" must be a string or a number",
            "m.jsonl:5: \"text\" is not a string",
            "m.jsonl:6: missing \"text\" field",
            "m.jsonl:7: not a JSON object; each line must be a JSON object with a \"text\" string",
            "m.jsonl:8: invalid JSON (EOF while parsing a string at column 16); each line must be a JSON object with a \"text\" string",
            &format!(
                "m.jsonl:9: invalid UTF-8 at byte {}; convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)",
                data.iter().position(|&b| b == 0xE9).unwrap()
            ),
        ]
    );
    // The document decoder uses the same line parser.
    let docs = decode_bytes("m.jsonl", &data, InputFormat::Jsonl);
    let from_docs: Vec<String> = docs
        .into_iter()
        .map(|r| r.unwrap_err().to_string())
        .collect();
    assert_eq!(from_docs, errors);
}

#[test]
fn jsonl_bad_line_in_the_middle_does_not_stop_the_file() {
    let tmp = TempDir::new("jsonl");
    let path = tmp.write(
        "mixed.data",
        b"\xEF\xBB\xBF{\"id\": 1, \"text\": \"one\"}\r\n{oops}\n{\"id\": 3, \"text\": \"three\"}\n",
    );
    // Detected from the first line, then streamed.
    let results = all(&path, InputFormat::Auto);
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().text, "one");
    assert!(matches!(results[1], Err(InputError::Jsonl { line: 2, .. })));
    assert_eq!(results[2].as_ref().unwrap().id, "3");

    // UTF-16 JSON Lines are converted whole.
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "{\"text\": \"wide\", \"title\": \"T\"}\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let path = tmp.write("wide.jsonl", &utf16);
    let records = ok(all(&path, InputFormat::Auto));
    assert_eq!(records[0].text, "wide");
    assert_eq!(records[0].title.as_deref(), Some("T"));

    // Binary data named .jsonl is one error, not one per line.
    let path = tmp.write("bin.jsonl", b"{\"text\": \"a\"}\n\0\0\0\n\x01\x02\n");
    assert!(matches!(
        all(&path, InputFormat::Auto)[..],
        [Err(InputError::Binary { offset: 14, .. })]
    ));
}

/// A reader producing `prefix` then the same line forever.
struct Endless {
    prefix: io::Cursor<Vec<u8>>,
    line: Vec<u8>,
    at: usize,
}

impl Read for Endless {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.prefix.read(buf)?;
        if n > 0 {
            return Ok(n);
        }
        let mut n = 0;
        while n < buf.len() {
            buf[n] = self.line[self.at];
            self.at = (self.at + 1) % self.line.len();
            n += 1;
        }
        Ok(n)
    }
}

#[test]
fn jsonl_is_streamed() {
    let endless = Endless {
        prefix: io::Cursor::new(Vec::new()),
        line: b"{\"text\": \"again\"}\n".to_vec(),
        at: 0,
    };
    let reader = io::BufReader::new(endless);
    let records: Vec<_> = jsonl_records("endless", reader).take(5).collect();
    assert_eq!(records.len(), 5);
    assert_eq!(records[4].as_ref().unwrap().id, "endless:5");
}

#[test]
fn overlong_jsonl_line_is_one_error() {
    let long = io::Cursor::new(b"{\"text\": \"".to_vec())
        .chain(io::repeat(b'a').take(MAX_RECORD_BYTES + 10))
        .chain(io::Cursor::new(b"\"}\n{\"text\": \"after\"}\n".to_vec()));
    let results: Vec<_> = jsonl_records("big.jsonl", io::BufReader::new(long)).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].as_ref().unwrap_err().to_string(),
        "big.jsonl:1: line is longer than 64 MiB; split the document or shorten it"
    );
    assert_eq!(results[1].as_ref().unwrap().id, "big.jsonl:2");
}

// ---------------------------------------------------------------- WARC

const ARTICLE_TITLE: &str = "Article spinners explained";

const ARTICLE: &str = r#"<!DOCTYPE html>
<html><head><title>Article spinners explained</title><script>var a = 1;</script></head>
<body>
<nav><a href="/">Home</a> | <a href="/news">News</a> | <a href="/about">About</a></nav>
<article>
<h1>Article spinners explained</h1>
<p>Article spinners rewrite existing text by replacing words with synonyms, producing text that
reads strangely but escapes naive plagiarism checks. Researchers have studied them for years.</p>
<p>The resulting phrases, such as &ldquo;counterfeit consciousness&rdquo; for artificial
intelligence, are known as tortured phrases and are a telltale sign of misconduct.</p>
<p>Detecting them requires comparing each phrase with what an ordinary writer would say, which
is exactly what this tool does, paragraph after paragraph, sentence after sentence.</p>
</article>
<footer>Copyright 2024 Example Corp. All rights reserved.</footer>
</body></html>"#;

const WET_TEXT: &str = "Plain text from a WET file.\nSecond line, kept as it is.";

/// One WARC record.
fn record(kind: &str, id: &str, uri: Option<&str>, ctype: &str, content: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{id}>\r\nWARC-Date: 2024-03-04T12:00:00Z\r\n"
    );
    if let Some(uri) = uri {
        out.push_str(&format!("WARC-Target-URI: {uri}\r\n"));
    }
    out.push_str(&format!(
        "Content-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
        content.len()
    ));
    let mut out = out.into_bytes();
    out.extend_from_slice(content);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response.
fn http(status: &str, headers: &[&str], body: &[u8]) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {status}\r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    let mut out = out.into_bytes();
    out.extend_from_slice(body);
    out
}

fn response(id: &str, uri: &str, http: &[u8]) -> Vec<u8> {
    record(
        "response",
        id,
        Some(uri),
        "application/http; msgtype=response",
        http,
    )
}

/// The records of a small crawl: one HTML page and one text resource among
/// records that are not documents.
fn crawl() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            "info",
            None,
            "application/warc-fields",
            b"software: hand\r\nformat: WARC File Format 1.1\r\n",
        ),
        record(
            "request",
            "req",
            Some("https://example.com/a"),
            "application/http; msgtype=request",
            b"GET /a HTTP/1.1\r\nHost: example.com\r\n\r\n",
        ),
        response(
            "page",
            "https://example.com/a",
            &http(
                "200 OK",
                &["Content-Type: text/html; charset=UTF-8", "Server: x"],
                ARTICLE.as_bytes(),
            ),
        ),
        response(
            "missing",
            "https://example.com/b",
            &http(
                "404 Not Found",
                &["Content-Type: text/html"],
                b"<html><body><p>Sorry, this page is gone.</p></body></html>",
            ),
        ),
        response(
            "image",
            "https://example.com/c.png",
            &http("200 OK", &["Content-Type: image/png"], b"\x89PNG\r\n\x1a\n"),
        ),
        record(
            "metadata",
            "meta",
            Some("https://example.com/a"),
            "application/warc-fields",
            b"fetchTimeMs: 12\r\n",
        ),
        record(
            "resource",
            "wet",
            Some("https://example.com/t.txt"),
            "text/plain",
            WET_TEXT.as_bytes(),
        ),
        record(
            "revisit",
            "again",
            Some("https://example.com/a"),
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n",
        ),
        // A conversion record (WET) whose text is empty: skipped.
        record(
            "conversion",
            "empty",
            Some("https://example.com/e"),
            "text/plain",
            b" \r\n ",
        ),
    ]
}

fn gzip_each(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(r).unwrap();
        out.extend(gz.finish().unwrap());
    }
    out
}

fn check_crawl(records: &[Record]) {
    assert_eq!(records.len(), 2, "{records:#?}");
    let page = &records[0];
    assert_eq!(page.id, "urn:uuid:page");
    assert_eq!(page.url.as_deref(), Some("https://example.com/a"));
    assert_eq!(page.date.as_deref(), Some("2024-03-04T12:00:00Z"));
    assert_eq!(page.title.as_deref(), Some(ARTICLE_TITLE));
    assert!(
        page.text.contains("Article spinners rewrite existing text"),
        "{}",
        page.text
    );
    assert!(!page.text.contains("All rights reserved"), "{}", page.text);
    assert!(page.meta.is_empty());
    let wet = &records[1];
    assert_eq!(wet.id, "urn:uuid:wet");
    assert_eq!(wet.url.as_deref(), Some("https://example.com/t.txt"));
    assert_eq!(wet.text, WET_TEXT);
    assert_eq!(wet.title, None);
}

#[test]
fn warc_plain_and_gzipped() {
    let plain = crawl().concat();
    check_crawl(&ok(warc_records("crawl.warc", &plain[..]).collect()));
    let gz = gzip_each(&crawl());
    check_crawl(&ok(warc_records("crawl.warc.gz", &gz[..]).collect()));
    // The whole file as a single gzip member reads the same.
    let single = gzip_each(std::slice::from_ref(&plain));
    check_crawl(&ok(warc_records("crawl.warc.gz", &single[..]).collect()));

    // From files: by name, by content, and in any explicit format.
    let tmp = TempDir::new("warc");
    for (name, bytes, format) in [
        ("a.warc", &plain, InputFormat::Auto),
        ("a.warc.gz", &gz, InputFormat::Auto),
        ("b.WARC.GZ", &gz, InputFormat::Auto),
        ("segment-00001", &plain, InputFormat::Auto),
        ("segment-00002", &gz, InputFormat::Auto),
        ("gz-named-plain.warc.gz", &plain, InputFormat::Auto),
        ("c.dat", &gz, InputFormat::Warc),
    ] {
        let path = tmp.write(name, bytes);
        check_crawl(&ok(all(&path, format)));
    }
    // The document decoder reads WARC too.
    let docs = decode_bytes("x", &gz, InputFormat::Auto);
    let docs: Vec<_> = docs.into_iter().map(Result::unwrap).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].source, "urn:uuid:page");
    assert_eq!(docs[0].format, InputFormat::Warc);
    assert_eq!(docs[1].text, WET_TEXT);
    assert_eq!("WARC".parse::<InputFormat>(), Ok(InputFormat::Warc));
    assert_eq!(InputFormat::Warc.to_string(), "warc");
    // Gzip that is not a WARC file stays binary.
    let other = gzip_each(&[b"just text".to_vec()]);
    assert!(matches!(
        decode_bytes("x.gz", &other, InputFormat::Auto)[..],
        [Err(InputError::Binary { .. })]
    ));
}

#[test]
fn warc_chunked_body() {
    let body = ARTICLE.as_bytes();
    let (a, b) = body.split_at(200);
    let mut chunked = format!("{:x};name=value\r\n", a.len()).into_bytes();
    chunked.extend_from_slice(a);
    chunked.extend_from_slice(format!("\r\n{:X}\r\n", b.len()).as_bytes());
    chunked.extend_from_slice(b);
    chunked.extend_from_slice(b"\r\n0\r\nX-Trailer: 1\r\n\r\n");
    let warc = response(
        "chunked",
        "https://example.com/chunked",
        &http(
            "200 OK",
            &["Content-Type: text/html", "Transfer-Encoding: chunked"],
            &chunked,
        ),
    );
    let records = ok(warc_records("c.warc", &warc[..]).collect());
    assert_eq!(records.len(), 1);
    let plain = decode_bytes("p.html", ARTICLE.as_bytes(), InputFormat::Html);
    assert_eq!(records[0].text, plain[0].as_ref().unwrap().text);
    assert!(!records[0].text.contains("\r\n0\r\n"));

    // A body that says chunked but is not (stored de-chunked) is used as it
    // is.
    let warc = response(
        "dechunked",
        "https://example.com/d",
        &http(
            "200 OK",
            &["Content-Type: text/html", "Transfer-Encoding: chunked"],
            b"<p>Already de-chunked body.</p>",
        ),
    );
    let records = ok(warc_records("d.warc", &warc[..]).collect());
    assert_eq!(records[0].text, "Already de-chunked body.");
}

#[test]
fn warc_charset_from_content_type() {
    let page =
        b"<html><body><p>Caf\xE9 cr\xE8me br\xFBl\xE9e, s'il vous pla\xEEt.</p></body></html>";
    let warc = [
        response(
            "latin",
            "https://example.fr/",
            &http("200 OK", &["Content-Type: text/html; charset=iso-8859-1"], page),
        ),
        // Without a declaration, invalid UTF-8 is replaced rather than
        // losing the page.
        response(
            "undeclared",
            "https://example.fr/2",
            &http("200 OK", &["Content-Type: text/html"], page),
        ),
        // No content type, but the body is HTML.
        response(
            "untyped",
            "https://example.fr/3",
            &http("200 OK", &[], b"<!doctype html><p>Untyped page.</p>"),
        ),
        // No content type and not HTML: skipped.
        response(
            "unknown",
            "https://example.fr/4",
            &http("200 OK", &[], b"%PDF-1.4 whatever"),
        ),
        // A declared character set in the page itself.
        response(
            "meta",
            "https://example.fr/5",
            &http(
                "200 OK",
                &["Content-Type: text/html"],
                b"<html><head><meta charset=\"windows-1252\"></head><body><p>\x93Quoted\x94</p></body></html>",
            ),
        ),
    ]
    .concat();
    let records = ok(warc_records("fr.warc", &warc[..]).collect());
    let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Café crème brûlée, s'il vous plaît.",
            "Caf\u{FFFD} cr\u{FFFD}me br\u{FFFD}l\u{FFFD}e, s'il vous pla\u{FFFD}t.",
            "Untyped page.",
            "\u{201C}Quoted\u{201D}",
        ]
    );
}

#[test]
fn warc_gzip_content_encoding() {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(b"<p>Compressed page body.</p>").unwrap();
    let body = gz.finish().unwrap();
    let warc = [
        response(
            "gz",
            "https://example.com/gz",
            &http(
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: gzip"],
                &body,
            ),
        ),
        response(
            "br",
            "https://example.com/br",
            &http(
                "200 OK",
                &["Content-Type: text/html", "Content-Encoding: br"],
                b"\x0b\x02\x80",
            ),
        ),
        record("resource", "last", None, "text/plain", b"Last."),
    ]
    .concat();
    let results: Vec<_> = warc_records("enc.warc", &warc[..]).collect();
    assert_eq!(results.len(), 3);
    assert_eq!(results[0].as_ref().unwrap().text, "Compressed page body.");
    let offset = warc.windows(5).rposition(|w| w == b"WARC/").unwrap();
    let second = warc[..offset - 1]
        .windows(5)
        .rposition(|w| w == b"WARC/")
        .unwrap();
    assert_eq!(
        results[1].as_ref().unwrap_err().to_string(),
        format!(
            "enc.warc: record 2 at byte {second}: the page is compressed with \"br\", which unspin cannot decode; the page is left out"
        )
    );
    assert_eq!(results[2].as_ref().unwrap().text, "Last.");
}

#[test]
fn truncated_warc_is_an_error_not_a_panic() {
    let records = crawl();
    let plain = records.concat();
    // Cut inside the HTML response (the third record).
    let start = records[0].len() + records[1].len();
    let header_len = records[2]
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap()
        + 4;
    let content_len = records[2].len() - header_len - 4;
    let cut = start + header_len + 120;
    let results: Vec<_> = warc_records("crawl.warc", &plain[..cut]).collect();
    assert_eq!(results.len(), 1);
    assert_eq!(
        results[0].as_ref().unwrap_err().to_string(),
        format!(
            "crawl.warc: record 3 at byte {start}: Content-Length says {content_len} bytes but the file ends after 120; the file is truncated — download it again"
        )
    );
    // Cut after the page: the page comes first, then the error.
    let cut = start + records[2].len() + records[3].len() + records[4].len() + 30;
    let results: Vec<_> = warc_records("crawl.warc", &plain[..cut]).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id, "urn:uuid:page");
    assert!(matches!(
        &results[1],
        Err(InputError::Warc { record: 6, problem, .. }) if problem.contains("ends inside the record header")
    ));

    // Every prefix of a gzipped crawl, and of the plain one, ends with at
    // most one error and never panics.
    let gz = gzip_each(&records);
    for (name, bytes) in [("crawl.warc.gz", &gz), ("crawl.warc", &plain)] {
        for cut in (0..bytes.len()).step_by(7) {
            let results: Vec<_> = warc_records(name, &bytes[..cut]).collect();
            let errors = results.iter().filter(|r| r.is_err()).count();
            assert!(errors <= 1, "{name} cut at {cut}: {results:?}");
            if errors == 1 {
                assert!(results.last().unwrap().is_err());
            }
        }
    }
    // A gzipped file cut inside the compressed data of the page.
    let cut = gzip_each(&records[..2]).len() + 40;
    let results: Vec<_> = warc_records("crawl.warc.gz", &gz[..cut]).collect();
    let error = results.last().unwrap().as_ref().unwrap_err().to_string();
    assert!(
        error.starts_with("crawl.warc.gz: record 3 at uncompressed byte")
            && error.contains("truncated"),
        "{error}"
    );
}

#[test]
fn corrupt_warc_headers() {
    let cases: [(&[u8], &str); 4] = [
        (
            b"<html>not a warc</html>",
            "x.warc: record 1 at byte 0: expected a record header starting with WARC/1.0 or WARC/1.1 but found \"<html>not a warc</html>\"; this is not a WARC file, or it is corrupt",
        ),
        (
            b"WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: lots\r\n\r\nxyz",
            "x.warc: record 1 at byte 0: missing or invalid Content-Length; the record cannot be delimited — the file is corrupt",
        ),
        (
            b"WARC/1.0\r\nWARC-Type: resource\r\n",
            "x.warc: record 1 at byte 0: the file ends inside the record header; the file is truncated — download it again",
        ),
        (
            // A gzip header, then a deflate block of the reserved type 3.
            b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff\x07\x00\x00",
            "x.warc: record 1 at uncompressed byte 0: cannot decompress",
        ),
    ];
    for (bytes, expected) in cases {
        let results: Vec<_> = warc_records("x.warc", bytes).collect();
        assert_eq!(results.len(), 1, "{results:?}");
        let message = results[0].as_ref().unwrap_err().to_string();
        assert!(message.starts_with(expected), "{message}");
    }
    // Record framing errors stop the file after the records before them.
    let mut bytes = record("resource", "ok", None, "text/plain", b"Fine.");
    bytes.extend_from_slice(b"garbage\r\n");
    bytes.extend(record("resource", "lost", None, "text/plain", b"Lost."));
    let results: Vec<_> = warc_records("x.warc", &bytes[..]).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().text, "Fine.");
    assert!(matches!(
        results[1],
        Err(InputError::Warc { record: 2, .. })
    ));
    // An empty file has no records.
    assert!(warc_records("x.warc", &b""[..]).next().is_none());
    assert!(warc_records("x.warc", &b"\r\n\r\n"[..]).next().is_none());
}

#[test]
fn oversized_warc_record_is_skipped_with_an_error() {
    let big = MAX_RECORD_BYTES + 1;
    let head = format!(
        "WARC/1.0\r\nWARC-Type: resource\r\nWARC-Record-ID: <urn:uuid:big>\r\nContent-Type: text/plain\r\nContent-Length: {big}\r\n\r\n"
    );
    let reader = io::Cursor::new(head.into_bytes())
        .chain(io::repeat(b'a').take(big))
        .chain(io::Cursor::new(
            [
                b"\r\n\r\n".to_vec(),
                record("resource", "next", None, "text/plain", b"Next."),
            ]
            .concat(),
        ));
    let results: Vec<_> = warc_records("big.warc", reader).collect();
    assert_eq!(results.len(), 2);
    assert_eq!(
        results[0].as_ref().unwrap_err().to_string(),
        "big.warc: record 1 at byte 0: the content is over the 64 MiB limit for one document; it is left out"
    );
    assert_eq!(results[1].as_ref().unwrap().text, "Next.");
}

#[test]
fn warc_is_streamed() {
    let one = record("resource", "r", None, "text/plain", b"Again.");
    let endless = Endless {
        prefix: io::Cursor::new(Vec::new()),
        line: one,
        at: 0,
    };
    let records: Vec<_> = warc_records("endless.warc", endless).take(3).collect();
    assert_eq!(records.len(), 3);
    assert!(records.iter().all(|r| r.as_ref().unwrap().text == "Again."));
}

#[test]
fn warc_record_without_id_and_folded_headers() {
    let bytes = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: <https://example.com/x>\r\nContent-Type: text/plain;\r\n charset=utf-8\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
    let records = ok(warc_records("n.warc", &bytes[..]).collect());
    assert_eq!(records[0].id, "n.warc#1");
    assert_eq!(records[0].url.as_deref(), Some("https://example.com/x"));
    assert_eq!(records[0].date, None);
    assert_eq!(records[0].text, "abc");
}

#[test]
fn readers_can_move_between_threads() {
    fn send<T: Send>(_: &T) {}
    let tmp = TempDir::new("send");
    let path = tmp.write("a.txt", b"text");
    let records = read_records(&path, InputFormat::Auto);
    send(&records);
    assert_eq!(
        format!("{records:?}"),
        "Records { remaining: 1 }",
        "buffered records show how many are left"
    );
    let handle = std::thread::spawn(move || records.count());
    assert_eq!(handle.join().unwrap(), 1);
}

#[test]
fn records_serialise() {
    let mut r = Record::new("id", "text");
    r.meta.insert("k".into(), serde_json::json!(1));
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        json,
        r#"{"id":"id","text":"text","title":null,"url":null,"date":null,"meta":{"k":1}}"#
    );
    assert_eq!(serde_json::from_str::<Record>(&json).unwrap(), r);
}
