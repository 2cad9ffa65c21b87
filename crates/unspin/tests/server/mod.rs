//! A running `unspin serve` for tests, on a free loopback port, and a small
//! HTTP client for it.

#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

pub fn examples() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples")
}

/// `unspin serve --addr 127.0.0.1:0 ARGS…`, stopped when dropped.
pub struct Server {
    child: Child,
    pub base: String,
    agent: ureq::Agent,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_unspin"))
            .args(["serve", "--addr", "127.0.0.1:0"])
            .args(args)
            .env_remove("UNSPIN_TOKEN")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start unspin serve");
        let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
        let base = loop {
            let line = lines
                .next()
                .expect("unspin serve stopped before listening")
                .unwrap();
            if let Some(rest) = line.strip_prefix("unspin: listening on ") {
                break rest
                    .split_whitespace()
                    .next()
                    .unwrap()
                    .trim_end_matches('/')
                    .to_string();
            }
        };
        // Keep draining the log so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        Server { child, base, agent }
    }

    /// Any request; the answer's status and JSON body (Null if not JSON).
    pub fn send(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        auth: Option<&str>,
    ) -> (u16, Value) {
        let bytes = body.map(|b| b.to_string().into_bytes());
        let (status, text, _) = self.raw(method, path, bytes.as_deref(), auth, None);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    pub fn send_text(&self, method: &str, path: &str) -> (u16, String) {
        let (status, text, _) = self.raw(method, path, None, None, None);
        (status, text)
    }

    pub fn raw(
        &self,
        method: &str,
        path: &str,
        body: Option<&[u8]>,
        auth: Option<&str>,
        origin: Option<&str>,
    ) -> (u16, String, HashMap<String, String>) {
        let mut req = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.base));
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        if let Some(a) = auth {
            req = req.header("authorization", a);
        }
        if let Some(o) = origin {
            req = req
                .header("origin", o)
                .header("access-control-request-method", "POST");
        }
        let res = match body {
            Some(b) => self.agent.run(req.body(b.to_vec()).unwrap()),
            None => self.agent.run(req.body(()).unwrap()),
        };
        let mut res = res.expect("request");
        let headers = res
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_string(), v.to_str().unwrap_or("").to_string()))
            .collect();
        let status = res.status().as_u16();
        let text = res.body_mut().read_to_string().unwrap_or_default();
        (status, text, headers)
    }

    pub fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send("POST", path, Some(body), None)
    }

    pub fn post_raw(&self, path: &str, body: &[u8]) -> (u16, Value) {
        let (status, text, _) = self.raw("POST", path, Some(body), None, None);
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Status, JSON body and Retry-After header.
    pub fn post_with_headers(&self, path: &str, body: &[u8]) -> (u16, Value, Option<String>) {
        let (status, text, h) = self.raw("POST", path, Some(body), None, None);
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::Null),
            h.get("retry-after").cloned(),
        )
    }

    pub fn get(&self, path: &str) -> (u16, Value) {
        self.send("GET", path, None, None)
    }

    pub fn get_text(&self, path: &str) -> String {
        self.send_text("GET", path).1
    }

    /// The headers of a CORS preflight from `origin`.
    pub fn options_headers(&self, path: &str, origin: &str) -> HashMap<String, String> {
        self.raw("OPTIONS", path, None, None, Some(origin)).2
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Creates an index in `dir` (a new directory) holding `docs` (`(id, text)`)
/// with `unspin index create` and `unspin index add`.
pub fn index_with(dir: &Path, docs: &[(&str, &str)]) {
    let unspin = env!("CARGO_BIN_EXE_unspin");
    let st = Command::new(unspin)
        .args(["index", "create", "--index"])
        .arg(dir)
        .output()
        .unwrap();
    assert!(st.status.success());
    if !docs.is_empty() {
        let jsonl: String = docs
            .iter()
            .map(|(id, text)| json!({"id": id, "text": text}).to_string() + "\n")
            .collect();
        let file = dir.parent().unwrap().join("docs.jsonl");
        std::fs::write(&file, jsonl).unwrap();
        let st = Command::new(unspin)
            .args(["index", "add", "--index"])
            .arg(dir)
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            st.status.success(),
            "{}",
            String::from_utf8_lossy(&st.stderr)
        );
    }
}
