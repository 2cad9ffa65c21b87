//! End-to-end tests of `unspin index`, `unspin trace` and `unspin dedup`:
//! the trace schema and exit codes, duplicate ids, format errors, a process
//! killed during an add, damaged index files, and dedup output.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn unspin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("run unspin")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A fresh directory under the system's temporary directory.
fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("unspin-test-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Creates an index at `idx` and adds `input` to it; both must succeed.
fn create_and_add(idx: &Path, input: &Path) {
    for args in [
        vec!["index", "create", "--index", s(idx)],
        vec!["index", "add", "--index", s(idx), s(input)],
    ] {
        let o = unspin(&args);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {}", stderr(&o));
    }
}

/// The figures of the index at `idx` (`index stats --format json`).
fn stats(idx: &Path) -> serde_json::Value {
    let o = unspin(&["index", "stats", "--index", s(idx), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_slice(&o.stdout).unwrap()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap()
}

/// Writes a JSON Lines corpus: the bundled original article plus `extra`
/// unrelated generated articles.
fn corpus(dir: &Path, extra: usize) -> PathBuf {
    let path = dir.join("corpus.jsonl");
    let mut out = String::new();
    let original = serde_json::json!({
        "id": "orig-1",
        "title": "Ministers weigh new limits on drone flights",
        "url": "https://example.org/drones",
        "date": "2026-03-01",
        "section": "transport",
        "text": read("examples/original-news.txt"),
    });
    out.push_str(&original.to_string());
    out.push('\n');
    let clean = read("examples/clean-news.txt");
    for k in 0..extra {
        // Distinct documents: numbers and made-up names change per line.
        let text = format!(
            "Report {k}: Councillor Arvid{k} Okonkwo{} said on day {} that the {} budget of {} \
             million for Kestrel{k} Valley would be reviewed.\n\n{}",
            k * 7,
            k % 28 + 1,
            2000 + k,
            k * 13 + 5,
            clean.replace("the", &format!("the{}", k % 3))
        );
        out.push_str(&serde_json::json!({"id": format!("doc-{k}"), "text": text}).to_string());
        out.push('\n');
    }
    std::fs::write(&path, out).unwrap();
    path
}

fn char_slice(text: &str, start: u64, end: u64) -> String {
    text.chars()
        .skip(start as usize)
        .take((end - start) as usize)
        .collect()
}

#[test]
fn trace_finds_the_source_with_the_trace_schema() {
    let dir = tmp("trace");
    let idx = dir.join("idx");
    let c = corpus(&dir, 30);
    let o = unspin(&["index", "create", "--index", s(&idx)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = unspin(&["index", "add", "--index", s(&idx), s(&c)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("added 31 documents"), "{}", stderr(&o));

    let st = stats(&idx);
    assert_eq!(st["documents"], 31);
    assert_eq!(st["format"], 1);

    let query = "examples/spun-news.txt";
    let o = unspin(&["trace", "--index", s(&idx), "--format", "json", query]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "unspin.trace/1");
    assert_eq!(v["source"], query);
    let m = &v["matches"][0];
    assert_eq!(m["id"], "orig-1");
    assert_eq!(m["title"], "Ministers weigh new limits on drone flights");
    assert_eq!(m["url"], "https://example.org/drones");
    assert_eq!(m["verdict"], "spun_copy");
    assert!(m["score"].as_f64().unwrap() > 0.0);
    assert!(m["similarity"].as_f64().unwrap() > 0.8);
    assert!(m["coverage"]["query"].as_f64().unwrap() > 0.9);
    assert!(m["coverage"]["source"].as_f64().unwrap() > 0.9);
    // Passages as in unspin.compare/1: `a` slices the source, `b` the query.
    let (src, q) = (read("examples/original-news.txt"), read(query));
    let mut ops = 0;
    for p in m["passages"].as_array().unwrap() {
        for op in p["ops"].as_array().unwrap() {
            for (side, text) in [("a", &src), ("b", &q)] {
                if let Some(span) = op.get(side) {
                    let got = char_slice(
                        text,
                        span["start"].as_u64().unwrap(),
                        span["end"].as_u64().unwrap(),
                    );
                    assert_eq!(got, op[format!("{side}_text")].as_str().unwrap());
                    ops += 1;
                }
            }
        }
    }
    assert!(ops > 20);

    // A clean, unrelated query: no copy, exit 0; JSON Lines batch input.
    let batch = dir.join("queries.jsonl");
    std::fs::write(
        &batch,
        serde_json::json!({"id": "q-clean", "text": read("examples/clean-news.txt")}).to_string()
            + "\n",
    )
    .unwrap();
    let o = unspin(&["trace", "--index", s(&idx), "--format", "jsonl", s(&batch)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let line: serde_json::Value =
        serde_json::from_str(String::from_utf8_lossy(&o.stdout).lines().next().unwrap()).unwrap();
    assert_eq!(line["source"], "q-clean");
    assert!(
        line["matches"].as_array().unwrap().iter().all(|m| ![
            "verbatim_copy",
            "spun_copy",
            "paraphrase"
        ]
        .contains(&m["verdict"].as_str().unwrap())),
        "{line}"
    );

    // --min-coverage above every match's coverage leaves none.
    let o = unspin(&["trace", "--index", s(&idx), "--min-coverage", "1.01", query]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("between 0 and 1"), "{}", stderr(&o));

    // Remove, then the source is gone.
    let o = unspin(&["index", "remove", "--index", s(&idx), "orig-1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = unspin(&["trace", "--index", s(&idx), "--format", "json", query]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = unspin(&["index", "remove", "--index", s(&idx), "orig-1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no document with id \"orig-1\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn duplicate_ids_need_replace() {
    let dir = tmp("dup");
    let idx = dir.join("idx");
    let c = corpus(&dir, 3);
    create_and_add(&idx, &c);
    let o = unspin(&["index", "add", "--index", s(&idx), s(&c)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("document id \"orig-1\" is already in the index; use --replace"),
        "{}",
        stderr(&o)
    );
    let o = unspin(&["index", "add", "--replace", "--index", s(&idx), s(&c)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(stats(&idx)["documents"], 4);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn not_an_index_and_unsupported_format_are_clear_errors() {
    let dir = tmp("format");
    let o = unspin(&["trace", "--index", s(&dir), "examples/spun-news.txt"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not an unspin index"), "{}", stderr(&o));
    assert!(stderr(&o).contains("unspin index create"), "{}", stderr(&o));
    let idx = dir.join("idx");
    assert!(
        unspin(&["index", "create", "--index", s(&idx)])
            .status
            .success()
    );
    let o = unspin(&["index", "create", "--index", s(&idx)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not empty"), "{}", stderr(&o));
    let manifest = idx.join("unspin-index.json");
    let m = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, m.replace("\"version\": 1", "\"version\": 9")).unwrap();
    let o = unspin(&["index", "stats", "--index", s(&idx)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("index format 9 is not supported"),
        "{}",
        stderr(&o)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Index files other than the manifest and the writer lock.
fn data_files(idx: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(idx)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let n = p.file_name().unwrap().to_string_lossy();
            p.is_file() && !n.ends_with(".lock") && n != "unspin-index.json"
        })
        .collect();
    v.sort();
    v
}

#[test]
fn damaged_index_files_give_an_error_not_a_panic() {
    let dir = tmp("corrupt");
    let idx = dir.join("idx");
    let c = corpus(&dir, 20);
    create_and_add(&idx, &c);
    let pristine: Vec<(PathBuf, Vec<u8>)> = data_files(&idx)
        .into_iter()
        .map(|p| {
            let b = std::fs::read(&p).unwrap();
            (p, b)
        })
        .collect();
    assert!(pristine.len() >= 3);
    // Damage each file in turn: flipped bytes in the middle, then a
    // truncation; every command ends with a message, never a panic.
    for (path, bytes) in &pristine {
        for damage in 0..2 {
            let mut b = bytes.clone();
            if damage == 0 {
                let mid = b.len() / 2;
                for x in b.iter_mut().skip(mid).take(16) {
                    *x ^= 0x5a;
                }
            } else {
                b.truncate(b.len() / 3);
            }
            std::fs::write(path, &b).unwrap();
            for args in [
                vec!["trace", "--index", s(&idx), "examples/spun-news.txt"],
                vec!["index", "stats", "--check", "--index", s(&idx)],
            ] {
                let o = unspin(&args);
                let err = stderr(&o);
                assert!(!err.contains("panicked"), "{path:?} {args:?}: {err}");
                assert!(
                    matches!(o.status.code(), Some(0..=2)),
                    "{path:?} {args:?}: {:?} {err}",
                    o.status
                );
                if o.status.code() == Some(2) {
                    assert!(
                        err.starts_with("unspin: ") && err.contains("damaged"),
                        "{err}"
                    );
                    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
                }
            }
            // `stats --check` reads every byte of the segment files:
            // damage must not pass it. (`.managed.json` only lists files
            // for clean-up.)
            if !path.file_name().unwrap().to_string_lossy().starts_with('.') {
                let o = unspin(&["index", "stats", "--check", "--index", s(&idx)]);
                assert_eq!(o.status.code(), Some(2), "{path:?}: {}", stderr(&o));
            }
            std::fs::write(path, bytes).unwrap();
        }
    }
    let o = unspin(&["index", "stats", "--check", "--index", s(&idx)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_killed_add_leaves_the_last_committed_state() {
    let dir = tmp("kill");
    let idx = dir.join("idx");
    let small = corpus(&dir, 5);
    create_and_add(&idx, &small);
    let committed = data_files(&idx);
    // A large add with a small memory budget, so segments reach the disk
    // before the commit; killed once they do.
    let big = dir.join("big.jsonl");
    let clean = read("examples/clean-news.txt");
    let mut out = String::new();
    for k in 0..20_000 {
        let text = format!("Item {k} from Harrowgate{k} on {} March. {clean}", k % 31);
        out.push_str(&serde_json::json!({"id": format!("big-{k}"), "text": text}).to_string());
        out.push('\n');
    }
    std::fs::write(&big, out).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args([
            "index",
            "add",
            "--memory",
            "15",
            "--index",
            s(&idx),
            s(&big),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let start = Instant::now();
    let mut killed_mid_write = false;
    while start.elapsed() < Duration::from_secs(120) {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        if data_files(&idx).len() > committed.len() {
            killed_mid_write = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(killed_mid_write, "the add ended before writing a segment");
    let st = stats(&idx);
    assert_eq!(st["documents"], 6, "{st}");
    let o = unspin(&["trace", "--index", s(&idx), "examples/spun-news.txt"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    // The lock died with the process: a new add works.
    let o = unspin(&["index", "add", "--replace", "--index", s(&idx), s(&small)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn warc_and_directory_inputs() {
    let dir = tmp("warc");
    let idx = dir.join("idx");
    let html = format!(
        "<html><head><title>Drone limits</title></head><body><article><p>{}</p></article></body></html>",
        read("examples/original-news.txt").replace("\n\n", "</p><p>")
    );
    let http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{html}",
        html.len()
    );
    let warc = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:0001>\r\nWARC-Target-URI: https://news.example/drones\r\nWARC-Date: 2026-03-01T10:00:00Z\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: {}\r\n\r\n{http}\r\n\r\n",
        http.len()
    );
    let sub = dir.join("crawl");
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("a.warc"), warc).unwrap();
    std::fs::write(sub.join("note.txt"), read("examples/clean-news.txt")).unwrap();
    assert!(
        unspin(&["index", "create", "--index", s(&idx)])
            .status
            .success()
    );
    let o = unspin(&["index", "add", "--index", s(&idx), s(&sub)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = unspin(&[
        "trace",
        "--index",
        s(&idx),
        "--format",
        "json",
        "examples/spun-news.txt",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["matches"][0]["id"], "urn:uuid:0001");
    assert_eq!(v["matches"][0]["url"], "https://news.example/drones");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dedup_families_are_deterministic() {
    let dir = tmp("dedup");
    let input = dir.join("in.jsonl");
    let rows = [
        ("copy", read("examples/spun-news.txt"), Some("2026-03-02")),
        ("other", read("examples/clean-news.txt"), Some("2026-01-01")),
        (
            "source",
            read("examples/original-news.txt"),
            Some("2026-03-01"),
        ),
    ];
    let mut text = String::new();
    for (id, t, date) in &rows {
        text.push_str(&serde_json::json!({"id": id, "text": t, "date": date}).to_string());
        text.push('\n');
    }
    std::fs::write(&input, text).unwrap();
    let (o1, o2) = (dir.join("a.jsonl"), dir.join("b.jsonl"));
    for o in [&o1, &o2] {
        let out = unspin(&["dedup", s(&input), "-o", s(o)]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    }
    let a = std::fs::read(&o1).unwrap();
    assert_eq!(a, std::fs::read(&o2).unwrap());
    let lines: Vec<serde_json::Value> = String::from_utf8(a)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "copy");
    assert_eq!(lines[0]["family"], "source");
    assert_eq!(lines[0]["role"], "copy");
    assert_eq!(lines[0]["verdict"], "spun_copy");
    assert_eq!(lines[1]["family"], "other");
    assert_eq!(lines[1]["role"], "original");
    assert_eq!(lines[2]["role"], "original");
    assert_eq!(lines[2]["verdict"], serde_json::Value::Null);
    let pq = dir.join("out.parquet");
    let out = unspin(&["dedup", s(&input), "-o", s(&pq), "--format", "parquet"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let bytes = std::fs::read(&pq).unwrap();
    assert!(bytes.starts_with(b"PAR1") && bytes.ends_with(b"PAR1"));
    let _ = std::fs::remove_dir_all(&dir);
}
