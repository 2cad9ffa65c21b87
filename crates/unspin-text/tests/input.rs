//! Decoding inputs: formats, detection, errors and hostile content.

use unspin_text::{Document, InputError, InputFormat, decode_bytes, read_input, tokenize};

fn one(source: &str, bytes: &[u8], format: InputFormat) -> Result<Document, InputError> {
    let mut docs = decode_bytes(source, bytes, format);
    assert_eq!(docs.len(), 1, "expected one document for {source}");
    docs.pop().unwrap()
}

fn text_of(source: &str, bytes: &[u8], format: InputFormat) -> String {
    one(source, bytes, format).unwrap().text
}

#[test]
fn format_names() {
    for (name, f) in [
        ("auto", InputFormat::Auto),
        ("TEXT", InputFormat::Text),
        ("txt", InputFormat::Text),
        ("html", InputFormat::Html),
        ("Htm", InputFormat::Html),
        ("jsonl", InputFormat::Jsonl),
        ("ndjson", InputFormat::Jsonl),
    ] {
        assert_eq!(name.parse::<InputFormat>(), Ok(f));
    }
    for f in [
        InputFormat::Auto,
        InputFormat::Text,
        InputFormat::Html,
        InputFormat::Jsonl,
    ] {
        assert_eq!(f.to_string().parse::<InputFormat>(), Ok(f));
    }
    let err = "pdf".parse::<InputFormat>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown input format \"pdf\"; expected auto, text, html, jsonl or warc"
    );
    assert_eq!(InputFormat::default(), InputFormat::Auto);
}

#[test]
fn plain_text_is_kept_as_is() {
    let src = "Title\r\n\r\nFirst line.\r\nSecond “line”.\n";
    let doc = one("a.txt", src.as_bytes(), InputFormat::Auto).unwrap();
    assert_eq!(doc.text, src);
    assert_eq!(doc.source, "a.txt");
    assert_eq!(doc.format, InputFormat::Text);
}

#[test]
fn empty_input() {
    let doc = one("empty.txt", b"", InputFormat::Auto).unwrap();
    assert_eq!(doc.text, "");
    assert_eq!(doc.format, InputFormat::Text);
    assert!(tokenize(&doc.text).is_empty());
    assert_eq!(text_of("e.html", b"", InputFormat::Auto), "");
    assert_eq!(text_of("e", b"", InputFormat::Html), "");
    assert!(decode_bytes("e.jsonl", b"", InputFormat::Auto).is_empty());
    assert!(decode_bytes("e.jsonl", b"\n\n  \r\n", InputFormat::Jsonl).is_empty());
}

#[test]
fn byte_order_marks() {
    assert_eq!(
        text_of("bom.txt", b"\xEF\xBB\xBFHello", InputFormat::Auto),
        "Hello"
    );
    let mut le = vec![0xFF, 0xFE];
    let mut be = vec![0xFE, 0xFF];
    for u in "Héllo 🌍".encode_utf16() {
        le.extend(u.to_le_bytes());
        be.extend(u.to_be_bytes());
    }
    assert_eq!(text_of("le.txt", &le, InputFormat::Auto), "Héllo 🌍");
    assert_eq!(text_of("be.txt", &be, InputFormat::Auto), "Héllo 🌍");
    // A lone high surrogate at code unit 1 (byte 4 of the file).
    let bad = [0xFF, 0xFE, b'a', 0, 0x00, 0xD8, b'b', 0];
    let err = one("u16.txt", &bad, InputFormat::Auto).unwrap_err();
    assert_eq!(
        err.to_string(),
        "u16.txt: invalid UTF-16 at byte 4; convert it to UTF-8 first (e.g. iconv -f utf-16 -t utf-8)"
    );
}

#[test]
fn binary_input_is_refused() {
    let err = one(
        "report.pdf",
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj",
        InputFormat::Auto,
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "report.pdf: not text (binary data at byte 10); unspin reads plain text, HTML, JSON Lines and WARC"
    );
    let err = one("x.txt", b"abc\0def", InputFormat::Text).unwrap_err();
    assert_eq!(
        err,
        InputError::Binary {
            path: "x.txt".into(),
            offset: 3
        }
    );
    // Many control characters, no NUL.
    let noisy: Vec<u8> = (0..1000u32)
        .map(|i| if i % 7 == 3 { 0x01 } else { b'a' })
        .collect();
    assert!(matches!(
        one("noise", &noisy, InputFormat::Auto),
        Err(InputError::Binary { offset: 3, .. })
    ));
    // A stray control character in real text is not binary.
    assert!(
        one(
            "ok.txt",
            b"Hello\x07 world, this is fine text.",
            InputFormat::Auto
        )
        .is_ok()
    );
    // PNG, gzip.
    assert!(matches!(
        one("a.png", b"\x89PNG\r\n\x1a\n", InputFormat::Auto),
        Err(InputError::Binary { .. })
    ));
    assert!(matches!(
        one("a.gz", b"\x1F\x8B\x08", InputFormat::Text),
        Err(InputError::Binary { .. })
    ));
    // Binary data is refused in every format.
    for f in [InputFormat::Html, InputFormat::Jsonl] {
        assert!(matches!(
            one("b", b"\0\x01\x02", f),
            Err(InputError::Binary { offset: 0, .. })
        ));
    }
}

#[test]
fn invalid_utf8() {
    let mut bytes = b"Caf".to_vec();
    bytes.extend(std::iter::repeat_n(b'x', 1231));
    bytes.push(0xE9); // Latin-1 é at byte 1234
    bytes.extend(b" au lait");
    let err = one("bad.txt", &bytes, InputFormat::Auto).unwrap_err();
    assert_eq!(
        err.to_string(),
        "bad.txt: invalid UTF-8 at byte 1234; convert it to UTF-8 first (e.g. iconv -f latin1 -t utf-8)"
    );
    // The offset counts the byte-order mark.
    let err = one("bom.txt", b"\xEF\xBB\xBFab\xFF", InputFormat::Text).unwrap_err();
    assert_eq!(
        err,
        InputError::InvalidUtf8 {
            path: "bom.txt".into(),
            offset: 5
        }
    );
    // Truncated multi-byte sequence at the end.
    assert!(matches!(
        one(
            "t.txt",
            "abc€".as_bytes().split_last().unwrap().1,
            InputFormat::Text
        ),
        Err(InputError::InvalidUtf8 { offset: 3, .. })
    ));
}

#[test]
fn jsonl_records_and_bad_lines() {
    let input = concat!(
        "{\"id\": \"a1\", \"text\": \"First doc.\"}\n",
        "{\"id\": 42, \"text\": \"Second\\r\\ndoc.\", \"extra\": [1, 2]}\r\n",
        "\n",
        "{\"text\": \"No id.\"}\n",
        "{\"text\": \"broken\"\n",
        "{\"body\": \"no text\"}\n",
        "[1, 2, 3]\n",
        "{\"text\": 5}\n",
        "{\"id\": {\"x\": 1}, \"text\": \"bad id\"}\n",
        "{\"id\": null, \"text\": \"null id\"}\n",
        "{\"text\": \"last, no newline\"}",
    );
    let docs = decode_bytes("x.jsonl", input.as_bytes(), InputFormat::Auto);
    let shown: Vec<String> = docs
        .iter()
        .map(|d| match d {
            Ok(doc) => format!("{} => {:?}", doc.source, doc.text),
            Err(e) => e.to_string(),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "a1 => \"First doc.\"",
            "42 => \"Second\\r\\ndoc.\"",
            "x.jsonl:4 => \"No id.\"",
            "x.jsonl:5: invalid JSON (EOF while parsing an object at column 17); each line must be a JSON object with a \"text\" string",
            "x.jsonl:6: missing \"text\" field",
            "x.jsonl:7: not a JSON object; each line must be a JSON object with a \"text\" string",
            "x.jsonl:8: \"text\" is not a string",
            "x.jsonl:9: \"id\" must be a string or a number",
            "x.jsonl:10 => \"null id\"",
            "x.jsonl:11 => \"last, no newline\"",
        ]
    );
    assert!(
        docs.iter()
            .flatten()
            .all(|d| d.format == InputFormat::Jsonl)
    );
    assert!(matches!(&docs[4], Err(InputError::Jsonl { line: 6, .. })));
}

#[test]
fn jsonl_invalid_utf8_fails_one_line() {
    let mut input = b"{\"text\": \"ok\"}\n{\"text\": \"caf".to_vec();
    input.push(0xE9);
    input.extend(b"\"}\n{\"text\": \"fine\"}\n");
    let docs = decode_bytes("-", &input, InputFormat::Jsonl);
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0].as_ref().unwrap().source, "-:1");
    assert_eq!(
        docs[1].as_ref().unwrap_err().to_string(),
        "-:2: invalid UTF-8 at byte 28; convert the file to UTF-8 first (e.g. iconv -f latin1 -t utf-8)"
    );
    assert_eq!(docs[2].as_ref().unwrap().text, "fine");
}

#[test]
fn format_detection() {
    let page = b"<!DOCTYPE html><html><body><p>Hello there.</p></body></html>";
    for name in ["page.html", "PAGE.HTM", "x.xhtml", "noext", "-"] {
        assert_eq!(
            one(name, page, InputFormat::Auto).unwrap().format,
            InputFormat::Html,
            "{name}"
        );
    }
    assert_eq!(
        one("p", b"  \n<html><p>Hi</p></html>", InputFormat::Auto)
            .unwrap()
            .format,
        InputFormat::Html
    );
    let line = b"{\"text\": \"hi\"}\n";
    for name in ["a.jsonl", "a.NDJSON", "a.txt", "-"] {
        assert_eq!(
            one(name, line, InputFormat::Auto).unwrap().format,
            InputFormat::Jsonl,
            "{name}"
        );
    }
    // Looks like JSON but has no "text": plain text.
    assert_eq!(
        one("a", b"{\"body\": 1}\n", InputFormat::Auto)
            .unwrap()
            .format,
        InputFormat::Text
    );
    assert_eq!(
        one("a", b"{not json", InputFormat::Auto).unwrap().format,
        InputFormat::Text
    );
    // Explicit formats win over the name.
    assert_eq!(
        one("a.html", b"<p>x</p>", InputFormat::Text).unwrap().text,
        "<p>x</p>"
    );
    assert_eq!(
        one("a.txt", b"<p>x</p>", InputFormat::Html).unwrap().text,
        "x"
    );
}

#[test]
fn html_article_extraction() {
    let page = r#"<!DOCTYPE html>
<html><head><title>Spinners</title><script>var a = 1;</script></head>
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
    let doc = one("page.html", page.as_bytes(), InputFormat::Auto).unwrap();
    assert!(
        doc.text.contains("Article spinners rewrite existing text"),
        "{}",
        doc.text
    );
    assert!(
        doc.text
            .contains("\u{201C}counterfeit consciousness\u{201D}"),
        "{}",
        doc.text
    );
    assert!(!doc.text.contains("var a"), "{}", doc.text);
    assert!(!doc.text.contains("All rights reserved"), "{}", doc.text);
}

#[test]
fn html_declared_charset() {
    let page = b"<html><head><meta charset=\"iso-8859-1\"></head><body><p>Caf\xE9 cr\xE8me</p></body></html>";
    assert_eq!(text_of("latin.html", page, InputFormat::Auto), "Café crème");
    // Undeclared: an error, as for text.
    let page = b"<html><body><p>Caf\xE9</p></body></html>";
    assert!(matches!(
        one("x.html", page, InputFormat::Auto),
        Err(InputError::InvalidUtf8 { offset: 18, .. })
    ));
}

#[test]
fn malformed_html_never_panics() {
    let mut cases: Vec<String> = [
        "<html><body><p>Unclosed <b>bold <i>italic <div>text",
        "<<<<>>>><p><</p>></",
        "<p>text</div></span></p></body></html></html>",
        "<html><head><title>Only a title",
        "<script>alert(1)",
        "<!-- never closed comment <p>hidden",
        "<p a=\"unterminated>text</p>",
        "&&&&;;;&#;&#x;&#xFFFFFFFF;&#1114112;",
        "<table><tr><td>a<td>b<tr><td>c</table>",
        "<svg><p>foreign</svg>",
        "\u{FEFF}<p>bom</p>",
        "<p>a bell \u{7} inside a longer paragraph of ordinary text</p>",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    cases.push(format!(
        "<html><body>{}<p>Deep.</p></body></html>",
        "<div>".repeat(100_000)
    ));
    cases.push(format!(
        "<html><body>{}</body></html>",
        "<span><b>x</b>".repeat(20_000)
    ));
    cases.push("<a".repeat(50_000));
    cases.push("<p>x".repeat(20_000));
    for html in &cases {
        let docs = decode_bytes("bad.html", html.as_bytes(), InputFormat::Html);
        assert_eq!(docs.len(), 1);
        let doc = docs
            .into_iter()
            .next()
            .unwrap()
            .expect("malformed HTML still decodes");
        let _ = tokenize(&doc.text);
    }
    let deep = &cases[cases.len() - 4];
    assert_eq!(
        text_of("deep.html", deep.as_bytes(), InputFormat::Html),
        "Deep."
    );
}

#[test]
fn read_input_errors_and_files() {
    let errs = read_input("missing-file-for-unspin-test.txt", InputFormat::Auto);
    assert_eq!(errs.len(), 1);
    let err = errs[0].as_ref().unwrap_err();
    assert_eq!(
        err.to_string(),
        "missing-file-for-unspin-test.txt: No such file or directory"
    );
    assert!(matches!(
        err,
        InputError::Io {
            kind: std::io::ErrorKind::NotFound,
            ..
        }
    ));
    assert_eq!(err.path(), "missing-file-for-unspin-test.txt");

    let dir = std::env::temp_dir().join(format!("unspin-text-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("doc.jsonl");
    std::fs::write(&path, "{\"text\": \"one\"}\n{\"text\": \"two\"}\n").unwrap();
    let path_str = path.to_str().unwrap();
    let docs = read_input(path_str, InputFormat::Auto);
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[1].as_ref().unwrap().source, format!("{path_str}:2"));
    let err = read_input(dir.to_str().unwrap(), InputFormat::Auto);
    assert!(matches!(&err[0], Err(InputError::Io { .. })));
    assert!(!err[0].as_ref().unwrap_err().to_string().contains('\n'));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn error_messages_stay_on_one_line() {
    let err = one("evil\nname.txt", b"\0", InputFormat::Text).unwrap_err();
    let msg = err.to_string();
    assert!(!msg.contains('\n'), "{msg}");
    assert!(msg.starts_with("evil\\nname.txt: not text"), "{msg}");
}

/// A 100 MB document decodes and tokenises in bounded time and memory.
#[test]
fn hundred_megabytes() {
    const SIZE: usize = 100 << 20;
    let paragraph = "The quick brown fox, née “Renard”, jumps over 2,225 lazy dogs — again! \
                     Ceci n’est pas une pipe. Москва is big; Αθήνα is old.\n\n";
    let mut text = String::with_capacity(SIZE + paragraph.len());
    while text.len() < SIZE {
        text.push_str(paragraph);
    }
    let bytes = text.into_bytes();
    let start = std::time::Instant::now();
    let docs = decode_bytes("big.txt", &bytes, InputFormat::Auto);
    let doc = docs.into_iter().next().unwrap().unwrap();
    assert_eq!(doc.text.len(), bytes.len());
    drop(bytes);
    let mut words = 0usize;
    let mut last_end = 0;
    for t in unspin_text::tokens(&doc.text) {
        words += usize::from(t.kind == unspin_text::TokenKind::Word);
        last_end = t.end;
    }
    let paragraphs = doc.text.len().div_ceil(paragraph.len());
    assert_eq!(words, paragraphs * 22);
    assert_eq!(last_end, doc.text.chars().count() - 2);
    let tokens = tokenize(&doc.text);
    assert_eq!(tokens.len(), paragraphs * 32);
    eprintln!("100 MB: decoded and tokenised in {:?}", start.elapsed());
}
