//! End-to-end tests of `unspin quotes`: schema, offsets, speakers, lookups
//! in other documents and in an index, exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn unspin(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_unspin"))
        .args(args)
        .current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
        .output()
        .expect("run unspin")
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        )
    })
}

fn chars(text: &str, s: &serde_json::Value, e: &serde_json::Value) -> String {
    let (s, e) = (s.as_u64().unwrap() as usize, e.as_u64().unwrap() as usize);
    text.chars().skip(s).take(e - s).collect()
}

const ORIGINAL: &str = "examples/quotes-original.txt";
const COPY: &str = "examples/quotes-copy.txt";

fn read(path: &str) -> String {
    std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(path),
    )
    .unwrap()
}

#[test]
fn quotations_speakers_and_offsets() {
    let out = unspin(&["quotes", "--format", "json", ORIGINAL]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    assert_eq!(v["schema"], "unspin.quotes/1");
    assert_eq!(v["source"], ORIGINAL);
    let text = read(ORIGINAL);
    let quotes = v["quotes"].as_array().unwrap();
    // Read by a person: six quotations, the second half of Okafor's split
    // quote included.
    let speakers: Vec<(&str, Option<&str>, Option<&str>)> = quotes
        .iter()
        .map(|q| {
            (
                q["text"].as_str().unwrap(),
                q["speaker"].as_str(),
                q["verb"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        speakers,
        [
            (
                "We will not back down from this fight,",
                Some("Rubio"),
                Some("said")
            ),
            (
                "It was a critical strategic mistake to leave without a plan.",
                Some("Rubio"),
                Some("said")
            ),
            (
                "Nobody in this room wants another decade of war,",
                Some("she"),
                Some("told")
            ),
            (
                "and nobody should pretend it will be easy.",
                Some("she"),
                Some("told")
            ),
            (
                "the convoy will leave Kabul before the end of March.",
                Some("a senior official"),
                Some("According to")
            ),
            (
                "You're not going to bring them to the table without pressure.",
                Some("Rubio"),
                None
            ),
        ]
    );
    for q in quotes {
        assert_eq!(
            chars(&text, &q["start"], &q["end"]),
            q["text"].as_str().unwrap()
        );
        let mention = q["speaker_mention"]
            .as_str()
            .or(q["speaker"].as_str())
            .unwrap();
        assert_eq!(
            chars(&text, &q["speaker_start"], &q["speaker_end"]),
            mention
        );
        assert!(q.get("matches").is_none(), "no lookups without --against");
    }
}

#[test]
fn against_a_spun_copy_flags_altered_quotes() {
    let out = unspin(&["quotes", "--format", "json", ORIGINAL, "--against", COPY]);
    assert_eq!(out.status.code(), Some(1), "an altered quote exits 1");
    let v = json(&out);
    let copy = read(COPY);
    let status: Vec<&str> = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let m = q["matches"].as_array().unwrap();
            assert_eq!(m.len(), 1);
            assert_eq!(m[0]["source"], COPY);
            m[0]["status"].as_str().unwrap()
        })
        .collect();
    // The copy keeps the first and third quotes, swaps words in the
    // second, fourth and sixth, and drops the fifth.
    assert_eq!(
        status,
        [
            "exact",
            "altered",
            "exact",
            "altered",
            "not_found",
            "altered"
        ]
    );
    let q = &v["quotes"][1]["matches"][0];
    assert_eq!(
        q["text"],
        "It was a important strategic mistake to leave without a plan."
    );
    assert_eq!(
        chars(&copy, &q["start"], &q["end"]),
        q["text"].as_str().unwrap()
    );
    let swap = q["ops"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["op"] != "match")
        .unwrap();
    assert_eq!(swap["op"], "synonym");
    assert_eq!(swap["a_text"], "critical");
    assert_eq!(swap["b_text"], "important");
    let gone = &v["quotes"][4]["matches"][0];
    assert!(gone["text"].is_null());
    assert!(gone["ops"].as_array().unwrap().is_empty());
}

#[test]
fn against_takes_several_documents() {
    let out = unspin(&[
        "quotes",
        "--format",
        "json",
        ORIGINAL,
        "--against",
        COPY,
        ORIGINAL,
    ]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let m = v["quotes"][4]["matches"].as_array().unwrap();
    assert_eq!(m.len(), 2);
    assert_eq!(
        (m[0]["source"].as_str(), m[0]["status"].as_str()),
        (Some(COPY), Some("not_found"))
    );
    assert_eq!(
        (m[1]["source"].as_str(), m[1]["status"].as_str()),
        (Some(ORIGINAL), Some("exact"))
    );
}

#[test]
fn against_itself_every_quote_is_exact() {
    let out = unspin(&[
        "quotes",
        "--format",
        "jsonl",
        ORIGINAL,
        "--against",
        ORIGINAL,
    ]);
    assert_eq!(out.status.code(), Some(0));
    let v = json(&out);
    for q in v["quotes"].as_array().unwrap() {
        assert_eq!(q["matches"][0]["status"], "exact");
    }
}

#[test]
fn against_an_index() {
    let dir = std::env::temp_dir().join(format!("unspin-quotes-index-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let idx = dir.to_str().unwrap();
    assert_eq!(
        unspin(&["index", "create", "--index", idx]).status.code(),
        Some(0)
    );
    let add = unspin(&[
        "index",
        "add",
        "--index",
        idx,
        COPY,
        "examples/clean-news.txt",
    ]);
    assert_eq!(
        add.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&add.stderr)
    );
    let out = unspin(&["quotes", "--format", "json", ORIGINAL, "--index", idx]);
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out);
    let quotes = v["quotes"].as_array().unwrap();
    let second = &quotes[1]["matches"];
    assert_eq!(second[0]["status"], "altered");
    assert_eq!(second[0]["source"], COPY);
    let fifth = &quotes[4]["matches"];
    assert_eq!(fifth.as_array().unwrap().len(), 1);
    assert_eq!(fifth[0]["status"], "not_found");
    assert_eq!(fifth[0]["source"], idx);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn errors_exit_2_and_keep_going() {
    let out = unspin(&["quotes", "no/such/file.txt", ORIGINAL]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no/such/file.txt"), "{err}");
    // The readable file is still reported.
    assert!(String::from_utf8_lossy(&out.stdout).contains("6 quotations"));
    let out = unspin(&["quotes", ORIGINAL, "--against", COPY, "--index", "x"]);
    assert_eq!(out.status.code(), Some(2));
    let out = unspin(&["quotes", ORIGINAL, "--against", "no/such/file.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no/such/file.txt"));
}
