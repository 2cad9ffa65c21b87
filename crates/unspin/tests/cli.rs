//! End-to-end tests of the `unspin` binary: exit codes, schemas, errors.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn unspin(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run unspin");
    let mut input = child.stdin.take().expect("stdin");
    input
        .write_all(stdin.unwrap_or_default())
        .expect("write stdin");
    drop(input);
    child.wait_with_output().expect("wait")
}

#[test]
fn spun_example_exits_1_with_the_scan_schema() {
    let out = unspin(
        &[
            "scan",
            "--format",
            "json",
            "--restore",
            "examples/spun-news.txt",
        ],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["schema"], "unspin.scan/1");
    assert_eq!(v["source"], "examples/spun-news.txt");
    assert_eq!(v["verdict"], "spun");
    let restored = v["restored"].as_str().expect("restored text");
    assert!(restored.contains("White House"));
    assert!(restored.contains("Supreme Court "));
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/spun-news.txt"
    ))
    .unwrap();
    for f in v["findings"].as_array().unwrap() {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        let slice: String = text.chars().skip(s).take(e - s).collect();
        assert_eq!(slice, f["text"].as_str().unwrap());
    }
}

#[test]
fn clean_example_exits_0() {
    let out = unspin(&["scan", "examples/clean-news.txt"], None);
    assert_eq!(out.status.code(), Some(0));
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        shown.starts_with("examples/clean-news.txt: clean"),
        "{shown}"
    );
    assert!(!shown.contains('\u{1b}'), "no colour when piped");
}

#[test]
fn jsonl_stdin_keeps_ids_and_order() {
    let input = b"{\"id\":\"a\",\"text\":\"The White Home said {yes|no}.\"}\n{\"id\":7,\"text\":\"Nothing here.\"}\n";
    let out = unspin(
        &["scan", "--format", "jsonl", "--input-format", "jsonl", "-"],
        Some(input),
    );
    let lines: Vec<serde_json::Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["source"], "a");
    assert_eq!(lines[1]["source"], "7");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_still_scanned() {
    let dir = std::env::temp_dir().join(format!("unspin-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("blob.bin");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2]).unwrap();
    let missing = dir.join("missing.txt");
    let out = unspin(
        &[
            "scan",
            bin.to_str().unwrap(),
            missing.to_str().unwrap(),
            "examples/clean-news.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 2, "one line per bad input: {err}");
    assert!(
        err.contains("blob.bin") && err.contains("missing.txt"),
        "{err}"
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("clean-news.txt: clean")
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(unspin(&["scan"], None).status.code(), Some(2));
    assert_eq!(
        unspin(&["scan", "--format", "xml", "x"], None)
            .status
            .code(),
        Some(2)
    );
    let out = unspin(
        &[
            "scan",
            "--lexicon",
            "no-such.pack",
            "examples/clean-news.txt",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("no-such.pack")
    );
}

#[test]
fn learn_then_scan_with_the_pack() {
    let dir = std::env::temp_dir().join(format!("unspin-learn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("a.txt"),
        "We apply deep learning. Deep learning models work. Deep learning again.",
    )
    .unwrap();
    let pack = dir.join("science.pack");
    let out = unspin(
        &["learn", dir.to_str().unwrap(), "-o", pack.to_str().unwrap()],
        None,
    );
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = unspin(
        &[
            "scan",
            "--lexicon",
            pack.to_str().unwrap(),
            "--format",
            "json",
            "-",
        ],
        Some(b"We apply profound learning to images."),
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let f = &v["findings"][0];
    assert_eq!(f["text"], "profound");
    assert_eq!(f["suggestion"], "deep");
    std::fs::remove_dir_all(&dir).ok();
}
