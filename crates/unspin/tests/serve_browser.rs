//! The page of `unspin serve` in headless Chromium, driven through
//! ChromeDriver: an editor pastes the example spun article, scans it, sees
//! every finding highlighted with its suggestion, reads the restored text,
//! compares it with its source and finds that source in an index. Saves a screenshot of the findings
//! view (to `$UNSPIN_SCREENSHOT`, or the temporary directory).
//!
//! CI installs Chromium and ChromeDriver and sets
//! `UNSPIN_REQUIRE_BROWSER=1`; elsewhere the test is skipped with a notice
//! when they are missing.

mod server;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{ClientBuilder, Locator};
use serde_json::{Value, json};
use server::{Server, examples, index_with};

fn installed(candidates: &[&str]) -> Option<PathBuf> {
    candidates.iter().map(PathBuf::from).find(|p| p.exists())
}

/// ChromeDriver, stopped when dropped together with the browser it
/// started (found by its profile directory), even when an assertion fails
/// mid-session.
struct Driver {
    child: Child,
    profile: PathBuf,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = Command::new("pkill")
            .args(["-KILL", "-f", "--"])
            .arg(format!("--user-data-dir={}", self.profile.display()))
            .status();
    }
}

fn start_driver(chromedriver: &Path, profile: &Path) -> (Driver, u16) {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(chromedriver)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromedriver");
    let t0 = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            t0.elapsed() < Duration::from_secs(20),
            "chromedriver did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    (
        Driver {
            child,
            profile: profile.to_path_buf(),
        },
        port,
    )
}

#[test]
fn an_editor_scans_a_spun_article_and_compares_it_with_its_source() {
    let browser = installed(&[
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]);
    let driver = installed(&["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]);
    let (Some(browser), Some(chromedriver)) = (browser, driver) else {
        assert!(
            std::env::var_os("UNSPIN_REQUIRE_BROWSER").is_none(),
            "UNSPIN_REQUIRE_BROWSER is set but Chromium or ChromeDriver is missing (apt-get install chromium chromium-driver)"
        );
        eprintln!(
            "skipped: Chromium or ChromeDriver not installed (apt-get install chromium chromium-driver)"
        );
        return;
    };
    // An index holding the source article, for the trace view.
    let index = tempfile::tempdir().unwrap();
    let idx = index.path().join("idx");
    let source = std::fs::read_to_string(examples().join("original-news.txt")).unwrap();
    index_with(&idx, &[("original-news", &source)]);
    let server = Server::start(&["--index", idx.to_str().unwrap()]);
    let spun = std::fs::read_to_string(examples().join("spun-news.txt")).unwrap();
    let original = std::fs::read_to_string(examples().join("original-news.txt")).unwrap();
    // What the page must show: the API's own report.
    let (status, report) = server.post("/v1/scan", &json!({"text": spun, "restore": true}));
    assert_eq!(status, 200);
    let profile = tempfile::tempdir().unwrap();
    let (driver, port) = start_driver(&chromedriver, profile.path());
    let shot = std::env::var_os("UNSPIN_SCREENSHOT").map_or_else(
        || std::env::temp_dir().join("unspin-serve-findings.png"),
        PathBuf::from,
    );
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": browser,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--window-size=1400,1000",
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }),
        );
        let c = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .expect("connect to chromedriver");
        let result = run_editor_session(&c, &server.base, &spun, &original, &report, &shot).await;
        let _ = c.close().await;
        result.unwrap();
    });
    drop(driver);
    eprintln!("screenshot: {}", shot.display());
}

async fn run_editor_session(
    c: &fantoccini::Client,
    base: &str,
    spun: &str,
    original: &str,
    report: &Value,
    shot: &Path,
) -> Result<(), Box<dyn std::error::Error>> {
    c.goto(&format!("{base}/")).await?;
    // Paste the article (typed into the box, as a paste arrives) and scan
    // with the keyboard shortcut.
    let input = c.find(Locator::Id("scan-input")).await?;
    input.send_keys(spun).await?;
    let typed: Value = c
        .execute(
            "return document.getElementById('scan-input').value;",
            vec![],
        )
        .await?;
    assert_eq!(
        typed.as_str(),
        Some(spun),
        "the pasted text reached the box"
    );
    input.send_keys("\u{E009}\u{E007}").await?; // Ctrl+Enter
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#scan-result:not([hidden]) #scan-text mark.f"))
        .await?;

    // Every finding of the report is highlighted, in order, with its
    // suggestion.
    let marks: Value = c
        .execute(
            "return [...document.querySelectorAll('#scan-text mark.f')].map(m => [m.textContent, m.getAttribute('aria-label')]);",
            vec![],
        )
        .await?;
    let findings = report["findings"].as_array().unwrap();
    let marks = marks.as_array().unwrap();
    assert_eq!(marks.len(), findings.len(), "one highlight per finding");
    for (m, f) in marks.iter().zip(findings) {
        assert_eq!(m[0], f["text"]);
        let label = m[1].as_str().unwrap();
        assert!(
            label.ends_with(&format!("likely {}", f["suggestion"].as_str().unwrap())),
            "{label}"
        );
    }
    // Human-checked findings of the example article.
    let pairs: Vec<(String, String)> = findings
        .iter()
        .map(|f| {
            (
                f["text"].as_str().unwrap().to_string(),
                f["suggestion"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    for (written, original) in [("Home", "House"), ("instructed", "told")] {
        assert!(
            pairs.iter().any(|(w, o)| w == written && o == original),
            "{written} → {original} not found in {pairs:?}"
        );
    }
    let text: Value = c
        .execute(
            "return document.getElementById('scan-text').textContent;",
            vec![],
        )
        .await?;
    assert_eq!(
        text.as_str(),
        Some(spun),
        "the highlighted view shows the whole text"
    );
    let score = c.find(Locator::Id("scan-score")).await?.text().await?;
    let want = format!("{}%", (report["score"].as_f64().unwrap() * 100.0).round());
    assert_eq!(score, want);
    let verdict = c.find(Locator::Id("scan-verdict")).await?.text().await?;
    assert_eq!(verdict.to_lowercase(), report["verdict"].as_str().unwrap());
    let listed = c.find_all(Locator::Css("#scan-list li")).await?;
    assert_eq!(listed.len(), findings.len());

    // The side panel takes the reader to a finding, whose suggestion shows.
    let home = findings.iter().position(|f| f["text"] == "Home").unwrap();
    c.find(Locator::Css(&format!("#scan-list button[data-i='{home}']")))
        .await?
        .click()
        .await?;
    let active: Value = c
        .execute("return document.activeElement.id;", vec![])
        .await?;
    assert_eq!(active.as_str(), Some(format!("f-{home}").as_str()));
    let tip = c.find(Locator::Id("tip")).await?;
    assert!(tip.is_displayed().await?, "the suggestion shows on focus");
    assert!(tip.text().await?.contains("→ House"));
    let png = c.screenshot().await?;
    std::fs::write(shot, png)?;

    // The restored view is the API's restored text.
    c.find(Locator::Id("show-restored")).await?.click().await?;
    let restored: Value = c
        .execute(
            "return document.getElementById('scan-restored').textContent;",
            vec![],
        )
        .await?;
    assert_eq!(restored, report["restored"]);
    assert!(restored.as_str().unwrap().contains("White House"));
    let restored_view = c.find(Locator::Id("scan-restored")).await?;
    assert!(
        restored_view.is_displayed().await?,
        "the restored view is shown"
    );

    // Compare: both texts side by side, reused passages linked.
    c.find(Locator::Id("tab-compare")).await?.click().await?;
    c.execute(
        "document.getElementById('compare-a').value = arguments[0]; document.getElementById('compare-b').value = arguments[1];",
        vec![json!(original), json!(spun)],
    )
    .await?;
    c.find(Locator::Id("compare-run")).await?.click().await?;
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css("#compare-result:not([hidden]) #pa-0"))
        .await?;
    let verdict = c.find(Locator::Id("compare-verdict")).await?.text().await?;
    assert_eq!(verdict.to_lowercase(), "spun copy");
    c.find(Locator::Id("pa-0")).await?.click().await?;
    let linked: Value = c
        .execute(
            "return ['pa-0', 'pb-0'].map(id => document.getElementById(id).classList.contains('active'));",
            vec![],
        )
        .await?;
    assert_eq!(linked, json!([true, true]));
    let swaps = c.find_all(Locator::Css("#compare-text-b u.syn")).await?;
    assert!(!swaps.is_empty(), "swapped words are marked in the copy");

    // Trace: the source is listed with its verdict and coverage bars, and
    // its passages are marked in the document.
    let (_, traced) = post_json(base, "/v1/trace", &json!({"text": spun})).await?;
    let best = &traced["matches"][0];
    c.find(Locator::Id("tab-trace")).await?.click().await?;
    c.execute(
        "document.getElementById('trace-input').value = arguments[0];",
        vec![json!(spun)],
    )
    .await?;
    c.find(Locator::Id("trace-run")).await?.click().await?;
    c.wait()
        .at_most(Duration::from_secs(20))
        .for_element(Locator::Css(
            "#trace-result:not([hidden]) #trace-list li button",
        ))
        .await?;
    let listed: Value = c
        .execute(
            "const li = document.querySelector('#trace-list li'); return [li.querySelector('button').textContent, li.querySelector('.bar span').style.width, document.querySelectorAll('#trace-text .p').length];",
            vec![],
        )
        .await?;
    assert!(
        listed[0]
            .as_str()
            .unwrap()
            .contains(best["id"].as_str().unwrap()),
        "{listed}"
    );
    let width = format!(
        "{}%",
        (best["coverage"]["query"].as_f64().unwrap() * 100.0).round()
    );
    assert_eq!(listed[1].as_str(), Some(width.as_str()));
    assert_eq!(
        listed[2].as_u64(),
        Some(best["passages"].as_array().unwrap().len() as u64)
    );
    assert!(listed[2].as_u64().unwrap() > 0);

    // A 20,000-word document is shown whole with every highlight.
    let long: String = std::iter::repeat_n(spun, 20_000 / spun.split_whitespace().count() + 1)
        .collect::<Vec<_>>()
        .join("\n\n");
    let (_, big) = post_json(base, "/v1/scan", &json!({"text": long})).await?;
    c.find(Locator::Id("tab-scan")).await?.click().await?;
    c.execute(
        "document.getElementById('scan-input').value = arguments[0]; document.getElementById('scan-form').requestSubmit();",
        vec![json!(long)],
    )
    .await?;
    c.wait()
        .at_most(Duration::from_secs(60))
        .for_element(Locator::XPath(
            "//span[@id='scan-status'][starts-with(., 'Done')]",
        ))
        .await?;
    let shown: Value = c
        .execute(
            "return [document.querySelectorAll('#scan-text mark.f').length, document.getElementById('scan-text').textContent.length, document.getElementById('scan-status').textContent];",
            vec![],
        )
        .await?;
    assert_eq!(
        shown[0].as_u64(),
        Some(big["findings"].as_array().unwrap().len() as u64)
    );
    assert_eq!(shown[1].as_u64(), Some(long.encode_utf16().count() as u64));
    eprintln!(
        "{} words: {} (request and rendering, in the page)",
        big["words"], shown[2]
    );
    Ok(())
}

/// A JSON request from the test itself (the page's answers are compared
/// with these).
async fn post_json(
    base: &str,
    path: &str,
    body: &Value,
) -> Result<(u16, Value), Box<dyn std::error::Error>> {
    let (base, path, body) = (base.to_string(), path.to_string(), body.to_string());
    let (status, text) = tokio::task::spawn_blocking(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let mut res = agent
            .post(format!("{base}{path}"))
            .header("content-type", "application/json")
            .send(body)?;
        let status = res.status().as_u16();
        let text = res
            .body_mut()
            .with_config()
            .limit(100_000_000)
            .read_to_string()?;
        Ok::<_, ureq::Error>((status, text))
    })
    .await??;
    Ok((status, serde_json::from_str(&text)?))
}
