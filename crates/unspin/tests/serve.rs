//! `unspin serve` over a real socket: answers match the CLI's JSON, the
//! index changes only with the token, limits give clean 4xx answers,
//! overload is shed with 503, and the OpenAPI document describes real
//! answers.

mod server;

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};
use server::{Server, examples, index_with};

fn cli_json(args: &[&str]) -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args)
        .current_dir(examples().parent().unwrap())
        .output()
        .expect("run unspin");
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(examples().join(name)).unwrap()
}

#[test]
fn scan_compare_and_quotes_answer_exactly_what_the_cli_prints() {
    let s = Server::start(&[]);
    let spun = read("spun-news.txt");
    let original = read("original-news.txt");

    let (status, got) = s.post(
        "/v1/scan",
        &json!({"text": spun, "source": "examples/spun-news.txt", "restore": true}),
    );
    assert_eq!(status, 200, "{got}");
    let want = cli_json(&[
        "scan",
        "--format",
        "json",
        "--restore",
        "examples/spun-news.txt",
    ]);
    assert_eq!(got, want);
    assert_eq!(got["verdict"], "spun");

    let (status, got) = s.post(
        "/v1/compare",
        &json!({"a": {"text": original, "source": "examples/original-news.txt"},
                "b": {"text": spun, "source": "examples/spun-news.txt"}}),
    );
    assert_eq!(status, 200, "{got}");
    let want = cli_json(&[
        "compare",
        "--format",
        "json",
        "examples/original-news.txt",
        "examples/spun-news.txt",
    ]);
    assert_eq!(got, want);
    assert_eq!(got["verdict"], "spun_copy");

    let (status, got) = s.post(
        "/v1/quotes",
        &json!({"text": read("quotes-copy.txt"), "source": "examples/quotes-copy.txt",
                "against": [{"text": read("quotes-original.txt"), "source": "examples/quotes-original.txt"}]}),
    );
    assert_eq!(status, 200, "{got}");
    let want = cli_json(&[
        "quotes",
        "--format",
        "json",
        "examples/quotes-copy.txt",
        "--against",
        "examples/quotes-original.txt",
    ]);
    assert_eq!(got, want);
    // A plain string is a document too.
    let (status, got) = s.post(
        "/v1/compare",
        &json!({"a": "The cat sat.", "b": "The cat sat."}),
    );
    assert_eq!(status, 200, "{got}");
    assert_eq!(
        (got["a"].as_str(), got["b"].as_str()),
        (Some("-"), Some("-"))
    );
}

#[test]
fn html_documents_are_read_as_their_article_text() {
    let s = Server::start(&[]);
    let page = format!(
        "<!doctype html><html><head><title>t</title></head><body><nav>Home | About</nav><article><h1>Talks</h1>{}</article><footer>© News</footer></body></html>",
        read("spun-news.txt")
            .split("\n\n")
            .map(|p| format!("<p>{p}</p>"))
            .collect::<String>()
    );
    let (status, extracted) = s.post("/v1/extract", &json!({"html": page}));
    assert_eq!(status, 200, "{extracted}");
    let text = extracted["text"].as_str().unwrap();
    assert!(
        text.contains(read("spun-news.txt").lines().next().unwrap()),
        "{text}"
    );
    assert!(!text.contains("Home | About"), "{text}");
    let (status, report) = s.post("/v1/scan", &json!({"html": page}));
    assert_eq!(status, 200, "{report}");
    let chars: Vec<char> = text.chars().collect();
    let findings = report["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let (a, b) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        let span: String = chars[a..b].iter().collect();
        assert_eq!(span, f["text"].as_str().unwrap());
    }
}

#[test]
fn malformed_and_oversized_requests_get_clean_4xx_answers() {
    let s = Server::start(&["--max-request-mb", "0.01"]);
    let cases: Vec<(&str, &str, u16, &str)> = vec![
        ("/v1/scan", "{\"text\": ", 400, "not valid JSON"),
        ("/v1/scan", "", 400, "not valid JSON"),
        ("/v1/scan", "[1, 2]", 400, "does not fit"),
        ("/v1/scan", "{\"txt\": \"hi\"}", 400, "unknown field `txt`"),
        ("/v1/scan", "{\"text\": 7}", 400, "invalid type"),
        ("/v1/scan", "{}", 400, "no document"),
        (
            "/v1/scan",
            "{\"text\": \"a\", \"html\": \"b\"}",
            400,
            "not both",
        ),
        (
            "/v1/scan",
            "{\"text\": \"abc\\u0000\\u0000\\u0000\\u0000def\"}",
            422,
            "not text",
        ),
        ("/v1/compare", "{\"a\": \"x\"}", 400, "missing field `b`"),
        ("/v1/compare", "{\"a\": 1, \"b\": \"x\"}", 400, "a document"),
        ("/v1/trace", "{\"text\": \"x\"}", 404, "--index"),
        (
            "/v1/quotes",
            "{\"text\": \"x\", \"index\": true}",
            404,
            "--index",
        ),
    ];
    for (path, body, want, says) in cases {
        let (status, v) = s.post_raw(path, body.as_bytes());
        assert_eq!(status, want, "{path} {body}: {v}");
        let msg = v["error"]["message"].as_str().unwrap_or_default();
        assert!(msg.contains(says), "{path} {body}: {msg}");
        assert_eq!(v["error"]["status"], want);
        assert_clean(&v);
    }
    let big = json!({"text": "word ".repeat(4000)}).to_string();
    let (status, v) = s.post_raw("/v1/scan", big.as_bytes());
    assert_eq!(status, 413, "{v}");
    assert_eq!(v["error"]["code"], "payload_too_large");
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--max-request-mb")
    );
    let (status, v) = s.get("/no/such/thing");
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (404, Some("not_found"))
    );
    let (status, v) = s.get("/v1/scan");
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (405, Some("method_not_allowed"))
    );
}

/// No internal paths or traces in an error answer.
fn assert_clean(v: &Value) {
    let s = v.to_string();
    for bad in ["/work/", "src/", ".rs", "panicked", "/tmp/", "backtrace"] {
        assert!(!s.contains(bad), "{s}");
    }
}

#[test]
fn slow_requests_time_out_with_a_json_answer() {
    let s = Server::start(&["--timeout", "0.001"]);
    let long = read("spun-news.txt").repeat(40);
    let (status, v) = s.post("/v1/scan", &json!({"text": long}));
    assert_eq!(status, 408, "{v}");
    assert_eq!(v["error"]["code"], "timeout");
}

#[test]
fn overload_is_shed_with_503_and_every_answer_is_right() {
    let s = Server::start(&["--workers", "1", "--max-pending", "2"]);
    let doc = read("spun-news.txt").repeat(30);
    let body = json!({"text": doc}).to_string();
    let (status, want) = s.post_raw("/v1/scan", body.as_bytes());
    assert_eq!(status, 200);
    let answers: Vec<(u16, Value, Option<String>)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..12)
            .map(|_| scope.spawn(|| s.post_with_headers("/v1/scan", body.as_bytes())))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    let shed = answers.iter().filter(|a| a.0 == 503).count();
    assert!(
        shed > 0,
        "twelve at once with room for two: some must be shed"
    );
    for (status, v, retry_after) in &answers {
        match status {
            200 => assert_eq!(v, &want),
            503 => {
                assert_eq!(v["error"]["code"], "overloaded");
                assert_eq!(retry_after.as_deref(), Some("1"));
            }
            s => panic!("unexpected status {s}: {v}"),
        }
    }
    let metrics = s.get_text("/metrics");
    assert!(
        metrics.contains(
            r#"unspin_http_errors_total{endpoint="/v1/scan",method="POST",status="503"}"#
        ),
        "{metrics}"
    );
}

fn index_len(dir: &Path) -> u64 {
    let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(["index", "stats", "--format", "json", "--index"])
        .arg(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["documents"].as_u64().unwrap()
}

const TOKEN: &str = "0123456789abcdef0123456789abcdef";

#[test]
fn the_index_changes_only_with_the_token() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    let other = read("clean-news.txt");
    index_with(&dir, &[("other", &other)]);
    let token_file = tmp.path().join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).unwrap();
    let s = Server::start(&[
        "--index",
        dir.to_str().unwrap(),
        "--token-file",
        token_file.to_str().unwrap(),
    ]);
    let original = read("original-news.txt");
    let spun = read("spun-news.txt");
    let add = json!({"id": "bbc-1", "text": original, "title": "Rubio on talks"});

    for auth in [None, Some("Bearer wrong-token-wrong-token!"), Some(TOKEN)] {
        // The token alone, without "Bearer", is refused too.
        let (status, v) = s.send("POST", "/v1/documents", Some(&add), auth);
        assert_eq!(status, 401, "{v}");
        assert_eq!(v["error"]["code"], "unauthorized");
    }
    let (status, v) = s.send("DELETE", "/v1/documents/other", None, None);
    assert_eq!(status, 401, "{v}");
    assert_eq!(index_len(&dir), 1, "nothing changed without the token");

    let bearer = format!("Bearer {TOKEN}");
    let (status, v) = s.send("POST", "/v1/documents", Some(&add), Some(&bearer));
    assert_eq!(status, 201, "{v}");
    assert_eq!(v, json!({"id": "bbc-1", "action": "added", "documents": 2}));
    let (status, v) = s.send("POST", "/v1/documents", Some(&add), Some(&bearer));
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (409, Some("duplicate_id"))
    );
    let mut replace = add.clone();
    replace["replace"] = json!(true);
    let (status, v) = s.send("POST", "/v1/documents", Some(&replace), Some(&bearer));
    assert_eq!((status, v["action"].as_str()), (200, Some("replaced")));

    let (status, trace) = s.post("/v1/trace", &json!({"text": spun, "source": "copy"}));
    assert_eq!(status, 200, "{trace}");
    assert_eq!(trace["schema"], "unspin.trace/1");
    assert_eq!(trace["matches"][0]["id"], "bbc-1");
    assert_eq!(trace["matches"][0]["title"], "Rubio on talks");
    assert_eq!(trace["matches"][0]["verdict"], "spun_copy");

    let (status, _) = s.send("DELETE", "/v1/documents/bbc-1", None, Some("Bearer nope"));
    assert_eq!(status, 401);
    let (status, v) = s.send("DELETE", "/v1/documents/bbc-1", None, Some(&bearer));
    assert_eq!(status, 200, "{v}");
    assert_eq!(
        v,
        json!({"id": "bbc-1", "action": "removed", "documents": 1})
    );
    let (status, v) = s.send("DELETE", "/v1/documents/bbc-1", None, Some(&bearer));
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (404, Some("no_such_document"))
    );
    let (_, trace) = s.post("/v1/trace", &json!({"text": spun}));
    assert!(
        trace["matches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["id"] != "bbc-1")
    );
    drop(s);
    assert_eq!(index_len(&dir), 1);
}

#[test]
fn without_a_token_the_index_is_read_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    index_with(&dir, &[("a", &read("original-news.txt"))]);
    let s = Server::start(&["--index", dir.to_str().unwrap()]);
    let (status, v) = s.send(
        "POST",
        "/v1/documents",
        Some(&json!({"id": "b", "text": "x"})),
        Some("Bearer anything-at-all-here"),
    );
    assert_eq!(
        (status, v["error"]["code"].as_str()),
        (403, Some("read_only"))
    );
    let (status, _) = s.send("DELETE", "/v1/documents/a", None, Some("Bearer x"));
    assert_eq!(status, 403);
    let (_, info) = s.get("/v1/info");
    assert_eq!(info["index_documents"], 1);
    assert_eq!(info["index_writable"], false);
    drop(s);
    assert_eq!(index_len(&dir), 1);
}

#[test]
fn short_tokens_and_bad_options_are_refused_at_start() {
    let tmp = tempfile::tempdir().unwrap();
    let token = tmp.path().join("token");
    std::fs::write(&token, "short").unwrap();
    for args in [
        vec!["--token-file", token.to_str().unwrap()],
        vec!["--token-file", "/no/such/token"],
        vec!["--max-request-mb", "0"],
        vec!["--timeout", "0"],
        vec!["--index", "/no/such/index"],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_unspin"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(&args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.starts_with("unspin: error: ") && err.lines().count() == 1,
            "{err}"
        );
    }
}

#[test]
fn cors_is_off_unless_configured() {
    let s = Server::start(&[]);
    let h = s.options_headers("/v1/scan", "https://cms.example.org");
    assert!(!h.contains_key("access-control-allow-origin"), "{h:?}");
    let s = Server::start(&["--cors-origin", "https://cms.example.org"]);
    let h = s.options_headers("/v1/scan", "https://cms.example.org");
    assert_eq!(
        h.get("access-control-allow-origin").map(String::as_str),
        Some("https://cms.example.org")
    );
    let h = s.options_headers("/v1/scan", "https://evil.example.com");
    assert!(!h.contains_key("access-control-allow-origin"), "{h:?}");
}

#[test]
fn health_metrics_and_page() {
    let s = Server::start(&[]);
    assert_eq!(s.get("/healthz"), (200, json!({"status": "ok"})));
    let page = s.get_text("/");
    assert!(page.contains("<textarea id=\"scan-input\""));
    // No external assets: every src and href is local.
    for attr in ["src=\"", "href=\""] {
        for part in page.split(attr).skip(1) {
            assert!(
                part.starts_with('/'),
                "external asset: {}",
                &part[..part.len().min(40)]
            );
        }
    }
    assert!(s.get_text("/app.js").contains("/v1/scan"));
    s.post("/v1/scan", &json!({"text": "A short text."}));
    s.post("/v1/scan", &json!({"txt": "A short text."}));
    let m = s.get_text("/metrics");
    for want in [
        r#"unspin_http_requests_total{endpoint="/v1/scan",method="POST",status="200"} 1"#,
        r#"unspin_http_request_duration_seconds_count{endpoint="/v1/scan"} 2"#,
        r#"unspin_http_requests_total{endpoint="/",method="GET",status="200"} 1"#,
        r#"unspin_http_errors_total{endpoint="/v1/scan",method="POST",status="400"} 1"#,
        "unspin_analysis_pending 0",
    ] {
        assert!(m.contains(want), "{want}\n{m}");
    }
}

/// Every documented answer shape is checked against real answers; every
/// route is documented and every documented route answers.
#[test]
fn openapi_describes_the_real_answers() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("idx");
    index_with(&dir, &[("src", &read("original-news.txt"))]);
    let token_file = tmp.path().join("token");
    std::fs::write(&token_file, TOKEN).unwrap();
    let s = Server::start(&[
        "--index",
        dir.to_str().unwrap(),
        "--token-file",
        token_file.to_str().unwrap(),
    ]);
    let (status, doc) = s.get("/openapi.json");
    assert_eq!(status, 200);
    assert_eq!(doc["openapi"], "3.1.0");
    let bearer = format!("Bearer {TOKEN}");
    let spun = read("spun-news.txt");
    let calls: Vec<(&str, &str, Option<Value>, Option<&str>)> = vec![
        (
            "POST",
            "/v1/scan",
            Some(json!({"text": spun, "restore": true})),
            None,
        ),
        (
            "POST",
            "/v1/scan",
            Some(json!({"text": "{big|large} White Home"})),
            None,
        ),
        (
            "POST",
            "/v1/compare",
            Some(json!({"a": read("original-news.txt"), "b": spun})),
            None,
        ),
        ("POST", "/v1/trace", Some(json!({"text": spun})), None),
        (
            "POST",
            "/v1/quotes",
            Some(
                json!({"text": read("quotes-copy.txt"), "against": [read("quotes-original.txt")], "index": true}),
            ),
            None,
        ),
        (
            "POST",
            "/v1/extract",
            Some(json!({"html": "<p>Hello</p>"})),
            None,
        ),
        (
            "POST",
            "/v1/documents",
            Some(json!({"id": "new", "text": spun})),
            Some(&bearer),
        ),
        (
            "POST",
            "/v1/documents",
            Some(json!({"id": "new", "text": spun})),
            Some(&bearer),
        ),
        (
            "POST",
            "/v1/documents",
            Some(json!({"id": "x", "text": "y"})),
            None,
        ),
        ("DELETE", "/v1/documents/new", None, Some(&bearer)),
        ("DELETE", "/v1/documents/new", None, Some(&bearer)),
        ("GET", "/v1/info", None, None),
        ("GET", "/healthz", None, None),
        ("GET", "/openapi.json", None, None),
        ("POST", "/v1/scan", Some(json!({"nope": 1})), None),
    ];
    let mut seen = std::collections::BTreeSet::new();
    for (method, path, body, auth) in calls {
        let (status, answer) = s.send(method, path, body.as_ref(), auth);
        let template = if path.starts_with("/v1/documents/") {
            "/v1/documents/{id}"
        } else {
            path
        };
        let op = &doc["paths"][template][method.to_lowercase()];
        assert!(op.is_object(), "{method} {template} is not documented");
        let schema = &op["responses"][status.to_string()]["content"]["application/json"]["schema"];
        assert!(
            schema.is_object(),
            "{method} {path}: status {status} is not documented: {answer}"
        );
        let validator = strict_validator(&doc, schema);
        let errors: Vec<String> = validator
            .iter_errors(&answer)
            .map(|e| format!("{e} at {}", e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} ({status}) does not fit its schema: {errors:?}\n{answer}"
        );
        seen.insert((method.to_string(), template.to_string()));
    }
    // Every documented operation answers (not 404 for the route itself).
    for (path, ops) in doc["paths"].as_object().unwrap() {
        for method in ops.as_object().unwrap().keys() {
            let concrete = path.replace("{id}", "missing");
            let (status, _) = s.send_text(&method.to_uppercase(), &concrete);
            assert_ne!(status, 405, "{method} {path}");
            if status == 404 {
                assert_eq!(path, "/v1/documents/{id}", "{method} {path} answered 404");
            }
        }
    }
    assert!(seen.len() >= 10);
}

/// A validator for `schema` (a `$ref` into the document's components),
/// with every object schema closed so that an undocumented field fails.
fn strict_validator(doc: &Value, schema: &Value) -> jsonschema::Validator {
    let mut root = json!({"components": doc["components"].clone()});
    close_objects(&mut root);
    for (k, v) in schema.as_object().unwrap() {
        root[k] = v.clone();
    }
    jsonschema::draft202012::new(&root).expect("a valid schema")
}

fn close_objects(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if m.contains_key("properties") && !m.contains_key("additionalProperties") {
                m.insert("additionalProperties".into(), Value::Bool(false));
            }
            m.values_mut().for_each(close_objects);
        }
        Value::Array(a) => a.iter_mut().for_each(close_objects),
        _ => {}
    }
}
