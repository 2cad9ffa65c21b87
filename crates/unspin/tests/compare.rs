//! End-to-end tests of `unspin compare`: exit codes, the schema, offsets,
//! and the HTML report in a real browser.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");

fn unspin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args)
        .current_dir(ROOT)
        .output()
        .expect("run unspin")
}

fn chars(path: &str, s: u64, e: u64) -> String {
    let text = std::fs::read_to_string(Path::new(ROOT).join(path)).unwrap();
    text.chars()
        .skip(s as usize)
        .take((e - s) as usize)
        .collect()
}

#[test]
fn spun_copy_exits_1_with_the_compare_schema() {
    let (a, b) = ("examples/original-news.txt", "examples/spun-news.txt");
    let out = unspin(&["compare", "--format", "json", a, b]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(v["schema"], "unspin.compare/1");
    assert_eq!(v["a"], a);
    assert_eq!(v["b"], b);
    assert_eq!(v["verdict"], "spun_copy");
    assert_eq!(v["direction"], "a_to_b");
    assert!(v["similarity"].as_f64().unwrap() > 0.9);
    assert!(v["coverage"]["a"].as_f64().unwrap() > 0.9);
    assert!(v["coverage"]["b"].as_f64().unwrap() > 0.9);
    let mut swaps = Vec::new();
    for p in v["passages"].as_array().unwrap() {
        for op in p["ops"].as_array().unwrap() {
            let kind = op["op"].as_str().unwrap();
            assert!(["match", "synonym", "substitute", "insert", "delete"].contains(&kind));
            // Every op's text is what its offsets slice, on both sides.
            for (side, file) in [("a", a), ("b", b)] {
                if let Some(span) = op.get(side) {
                    let text = op[format!("{side}_text")].as_str().unwrap();
                    assert_eq!(
                        chars(
                            file,
                            span["start"].as_u64().unwrap(),
                            span["end"].as_u64().unwrap()
                        ),
                        text
                    );
                }
            }
            if kind == "synonym" {
                swaps.push((
                    op["a_text"].as_str().unwrap().to_string(),
                    op["b_text"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    for (x, y) in [
        ("told", "instructed"),
        ("House", "Home"),
        ("partner", "accomplice"),
    ] {
        assert!(
            swaps.contains(&(x.to_string(), y.to_string())),
            "{x} → {y} in {swaps:?}"
        );
    }
    // The altered quote, with its speaker and its changed word.
    let quotes = v["quotes"].as_array().unwrap();
    let altered: Vec<&serde_json::Value> =
        quotes.iter().filter(|q| q["status"] == "altered").collect();
    assert_eq!(altered.len(), 1, "{quotes:?}");
    let q = altered[0];
    assert_eq!(q["speaker"], "she");
    assert_eq!(
        chars(
            a,
            q["a"]["start"].as_u64().unwrap(),
            q["a"]["end"].as_u64().unwrap()
        ),
        "We will not wait for a disaster before we act,"
    );
    assert!(
        q["ops"]
            .as_array()
            .unwrap()
            .iter()
            .any(|o| o["a_text"] == "disaster" && o["b_text"] == "tragedy")
    );
}

#[test]
fn unrelated_documents_exit_0() {
    let out = unspin(&[
        "compare",
        "--format",
        "json",
        "examples/original-news.txt",
        "examples/clean-news.txt",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "unrelated");
    assert_eq!(v["passages"].as_array().unwrap().len(), 0);
}

#[test]
fn a_document_compared_with_itself_is_a_verbatim_copy() {
    let f = "examples/clean-news.txt";
    let out = unspin(&["compare", "--format", "json", f, f]);
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "verbatim_copy");
    assert_eq!(v["similarity"], 1.0);
    assert_eq!(v["direction"], "unknown");
}

#[test]
fn pan_output_lists_the_passages() {
    let out = unspin(&[
        "compare",
        "--format",
        "pan",
        "examples/original-news.txt",
        "examples/spun-news.txt",
    ]);
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(
        xml.starts_with("<document reference=\"spun-news.txt\">"),
        "{xml}"
    );
    assert!(xml.contains("source_reference=\"original-news.txt\" source_offset=\"0\""));
    assert!(xml.trim_end().ends_with("</document>"));
}

#[test]
fn missing_file_and_two_stdins_are_errors_with_exit_2() {
    let out = unspin(&["compare", "examples/clean-news.txt", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/file.txt"), "{err}");
    let out = unspin(&["compare", "-", "-"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("standard input"));
}

fn chromium() -> Option<PathBuf> {
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .into_iter()
    .map(PathBuf::from)
    .find(|p| p.exists())
}

/// The HTML report renders in headless Chromium with no console errors and
/// its script runs to the end. CI installs Chromium and sets
/// `UNSPIN_REQUIRE_BROWSER=1`; elsewhere the test is skipped with a notice
/// when no Chromium is installed.
#[test]
fn html_report_renders_in_chromium_without_console_errors() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("UNSPIN_REQUIRE_BROWSER").is_none(),
            "UNSPIN_REQUIRE_BROWSER is set but no Chromium is installed (apt-get install chromium)"
        );
        eprintln!("skipped: no Chromium installed (apt-get install chromium)");
        return;
    };
    let out = unspin(&[
        "compare",
        "--format",
        "html",
        "examples/original-news.txt",
        "examples/spun-news.txt",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let dir = std::env::temp_dir().join(format!("unspin-html-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let page = dir.join("report.html");
    std::fs::write(&page, &out.stdout).unwrap();
    let profile = dir.join("profile");
    let run = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--enable-logging=stderr",
            "--v=0",
            &format!("--user-data-dir={}", profile.display()),
            "--virtual-time-budget=2000",
            "--dump-dom",
            &format!("file://{}", page.display()),
        ])
        .output()
        .expect("run chromium");
    let dom = String::from_utf8_lossy(&run.stdout);
    let log = String::from_utf8_lossy(&run.stderr);
    let _ = std::fs::remove_dir_all(&dir);
    assert!(run.status.success(), "chromium failed: {log}");
    // The report's script marks the body when it has run without throwing.
    assert!(
        dom.contains("data-ready=\"1\""),
        "script did not finish:\n{log}"
    );
    assert!(dom.contains("id=\"b-p1\""), "passage anchors rendered");
    let console: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("CONSOLE") || l.contains("Uncaught") || l.contains("Refused to"))
        .collect();
    assert!(console.is_empty(), "console messages: {console:#?}");
}

#[test]
fn binary_input_is_a_one_line_error_and_empty_input_is_unrelated() {
    let dir = std::env::temp_dir().join(format!("unspin-cmp-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bin = dir.join("image.bin");
    std::fs::write(&bin, [0u8, 159, 146, 150, 0, 1, 2, 3, 255, 254]).unwrap();
    let empty = dir.join("empty.txt");
    std::fs::write(&empty, "").unwrap();
    let out = unspin(&["compare", "examples/clean-news.txt", bin.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.contains("image.bin"), "{err}");
    let out = unspin(&[
        "compare",
        "--format",
        "json",
        "examples/clean-news.txt",
        empty.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["verdict"], "unrelated");
    let _ = std::fs::remove_dir_all(&dir);
}
