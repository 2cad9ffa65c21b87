//! Reading list files: format detection, the screener CSV and plain TSV.

use crate::{ListFormat, PhraseError, PhraseWarning};

/// One entry of a list file before compilation.
#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    /// 1-based line where the entry starts.
    pub line: usize,
    /// The fingerprint (a query) or the literal phrase.
    pub fingerprint: String,
    /// Whether `fingerprint` is a query (quoted phrases and operators)
    /// rather than a literal phrase.
    pub is_query: bool,
    /// The expected text, as written.
    pub expected: String,
}

/// Decides the format of `content`: the screener export has a header
/// naming its fingerprint and expected-text columns; a TSV list has tabs.
pub(crate) fn detect(name: &str, content: &str) -> Result<ListFormat, PhraseError> {
    let mut lines = content
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.trim().is_empty());
    let Some(first) = lines.clone().next() else {
        return Err(PhraseError::NoPhrases {
            name: name.to_string(),
            skipped: 0,
        });
    };
    let lower = first.to_lowercase();
    if lower.contains("fingerprint") && lower.contains("expected") {
        return Ok(ListFormat::ScreenerCsv);
    }
    if lines.any(|l| !l.trim_start().starts_with('#') && l.contains('\t')) {
        return Ok(ListFormat::Tsv);
    }
    // A header-less export: `"""phrase""","expected",...`.
    if first.starts_with('"') && first.contains("\",") {
        return Ok(ListFormat::ScreenerCsv);
    }
    if lines_all_comments(content) {
        return Err(PhraseError::NoPhrases {
            name: name.to_string(),
            skipped: 0,
        });
    }
    Err(PhraseError::UnknownFormat {
        name: name.to_string(),
    })
}

fn lines_all_comments(content: &str) -> bool {
    content
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
}

/// Reads a Problematic Paper Screener export.
pub(crate) fn read_csv(content: &str, warnings: &mut Vec<PhraseWarning>) -> Vec<RawRow> {
    let first = content.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let lower = first.to_lowercase();
    let has_header = lower.contains("fingerprint") && lower.contains("expected");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(has_header)
        .flexible(true)
        .from_reader(content.as_bytes());
    let (mut fp_col, mut exp_col) = (0usize, 1usize);
    if has_header && let Ok(h) = reader.headers() {
        for (i, name) in h.iter().enumerate() {
            let n = name.to_lowercase();
            if n.contains("fingerprint") {
                fp_col = i;
            } else if n.contains("expected") {
                exp_col = i;
            }
        }
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize).unwrap_or(0);
                warnings.push(PhraseWarning {
                    line,
                    entry: String::new(),
                    problem: format!("not a valid CSV record ({e})"),
                });
                continue;
            }
        };
        let line = record.position().map(|p| p.line() as usize).unwrap_or(0);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let Some(fingerprint) = record.get(fp_col).map(str::trim).filter(|f| !f.is_empty()) else {
            warnings.push(PhraseWarning {
                line,
                entry: record.iter().collect::<Vec<_>>().join(","),
                problem: "the fingerprint column is empty".into(),
            });
            continue;
        };
        let expected = record.get(exp_col).unwrap_or("").trim().to_string();
        rows.push(RawRow {
            line,
            fingerprint: fingerprint.to_string(),
            is_query: true,
            expected,
        });
    }
    rows
}

/// Reads a `tortured<TAB>original` list. A first column that starts with a
/// double quote is read as a fingerprint query.
pub(crate) fn read_tsv(content: &str, warnings: &mut Vec<PhraseWarning>) -> Vec<RawRow> {
    let mut rows = Vec::new();
    for (i, line) in content.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line = line.trim_start_matches('\u{feff}');
        let mut cols = line.split('\t');
        let tortured = cols.next().unwrap_or("").trim();
        let Some(original) = cols.next() else {
            warnings.push(PhraseWarning {
                line: line_no,
                entry: trimmed.to_string(),
                problem: "no tab between the tortured phrase and the original".into(),
            });
            continue;
        };
        if tortured.is_empty() {
            warnings.push(PhraseWarning {
                line: line_no,
                entry: trimmed.to_string(),
                problem: "the tortured phrase is empty".into(),
            });
            continue;
        }
        if rows.is_empty() && is_tsv_header(tortured, original) {
            continue;
        }
        rows.push(RawRow {
            line: line_no,
            fingerprint: tortured.to_string(),
            is_query: tortured.starts_with('"') || tortured.starts_with('“'),
            expected: original.trim().to_string(),
        });
    }
    rows
}

/// Whether a first line is a column header rather than an entry.
fn is_tsv_header(first: &str, second: &str) -> bool {
    let first = first.to_lowercase();
    let second = second.trim().to_lowercase();
    matches!(
        first.as_str(),
        "tortured" | "tortured phrase" | "tortured_phrase" | "phrase" | "fingerprint"
    ) && matches!(
        second.as_str(),
        "original" | "expected" | "expected text" | "suggestion" | "replacement"
    )
}
