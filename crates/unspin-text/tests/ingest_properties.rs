//! Property tests: reading any bytes as WARC or JSON Lines never panics,
//! and what comes out is well-formed.

use std::io::Write;
use std::path::PathBuf;

use proptest::prelude::*;
use unspin_text::{InputError, InputFormat, Record, read_records, warc_records};

/// A directory under the system temporary directory, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let dir = std::env::temp_dir().join(format!(
            "unspin-ingest-props-{tag}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn check(results: impl Iterator<Item = Result<Record, InputError>>) -> Result<(), TestCaseError> {
    for r in results.take(10_000) {
        match r {
            Ok(r) => prop_assert!(!r.id.is_empty()),
            Err(e) => {
                let message = e.to_string();
                prop_assert!(!message.contains('\n'), "{}", message);
            }
        }
    }
    Ok(())
}

/// A small valid WARC file: an HTML response, a text resource and a
/// request.
fn sample_warc() -> Vec<u8> {
    let page = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n19\r\n<html><body><p>Hello page\r\n6\r\n.</p>\n\r\n0\r\n\r\n";
    let mut out = Vec::new();
    for (kind, ctype, content) in [
        (
            "request",
            "application/http; msgtype=request",
            &b"GET / HTTP/1.1\r\n\r\n"[..],
        ),
        ("response", "application/http; msgtype=response", &page[..]),
        ("resource", "text/plain", &b"Some plain text."[..]),
    ] {
        out.extend_from_slice(
            format!(
                "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Record-ID: <urn:uuid:{kind}>\r\nContent-Type: {ctype}\r\nContent-Length: {}\r\n\r\n",
                content.len()
            )
            .as_bytes(),
        );
        out.extend_from_slice(content);
        out.extend_from_slice(b"\r\n\r\n");
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn reading_any_file_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        let tmp = TempDir::new("any");
        for name in ["x.warc", "x.warc.gz", "x.jsonl", "x.data"] {
            let path = tmp.0.join(name);
            std::fs::write(&path, &bytes).unwrap();
            for format in [InputFormat::Auto, InputFormat::Warc, InputFormat::Jsonl] {
                check(read_records(&path, format))?;
            }
        }
    }

    #[test]
    fn damaged_warc_never_panics(
        cut in 0usize..400,
        flips in proptest::collection::vec((0usize..400, any::<u8>()), 0..4),
        gzipped in any::<bool>(),
    ) {
        let mut bytes = sample_warc();
        let len = bytes.len();
        for (at, b) in flips {
            bytes[at % len] = b;
        }
        bytes.truncate(len - cut % len);
        let bytes = if gzipped { gzip(&bytes) } else { bytes };
        check(warc_records("d.warc", &bytes[..]))?;
        // A damaged file gives at most one error, after the good records.
        let results: Vec<_> = warc_records("d.warc", &bytes[..]).collect();
        let errors = results.iter().filter(|r| r.is_err()).count();
        prop_assert!(errors <= 1, "{:?}", results);
    }

    #[test]
    fn damaged_gzip_never_panics(
        cut in 0usize..200,
        flips in proptest::collection::vec((0usize..200, any::<u8>()), 0..4),
    ) {
        let mut bytes = gzip(&sample_warc());
        let len = bytes.len();
        for (at, b) in flips {
            bytes[at % len] = b;
        }
        bytes.truncate(len - cut % len);
        check(warc_records("d.warc.gz", &bytes[..]))?;
    }
}

#[test]
fn sample_is_valid() {
    let records: Vec<_> = warc_records("s.warc", &sample_warc()[..])
        .map(Result::unwrap)
        .collect();
    let texts: Vec<&str> = records.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(texts, ["Hello page.", "Some plain text."]);
}
