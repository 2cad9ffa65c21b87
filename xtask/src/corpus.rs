//! Readers for the evaluation corpora under `../shared/data`.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

/// A document of an evaluation corpus.
#[derive(Clone)]
pub struct Doc {
    /// Path relative to the data directory.
    pub id: String,
    /// The text.
    pub text: String,
}

fn read_lossy(path: &Path) -> Result<String> {
    let bytes = fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(match String::from_utf8(bytes) {
        Ok(s) => s,
        // One BBC file is Latin-1.
        Err(e) => e.into_bytes().iter().map(|&b| b as char).collect(),
    })
}

fn files(dir: &Path) -> Result<Vec<std::path::PathBuf>> {
    let mut out = Vec::new();
    for e in fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let p = e?.path();
        if p.is_dir() {
            out.extend(files(&p)?);
        } else {
            out.push(p);
        }
    }
    out.sort();
    Ok(out)
}

/// The clean BBC news articles.
pub fn news(data: &Path) -> Result<Vec<Doc>> {
    let root = data.join("news/bbc");
    files(&root)?
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| {
            Ok(Doc {
                id: p.strip_prefix(data).unwrap_or(&p).display().to_string(),
                text: read_lossy(&p)?,
            })
        })
        .collect()
}

/// The documents of even index (0-based) when `holdout`, else all.
pub fn half(docs: Vec<Doc>, holdout: bool) -> Vec<Doc> {
    if holdout {
        docs.into_iter().step_by(2).collect()
    } else {
        docs
    }
}

/// The documents of odd index (0-based): the half `calibrate` fits on.
pub fn training_half(docs: Vec<Doc>) -> Vec<Doc> {
    docs.into_iter().skip(1).step_by(2).collect()
}

/// Every other document (from the first) and the rest.
pub fn split(docs: Vec<Doc>) -> (Vec<Doc>, Vec<Doc>) {
    let (a, b): (Vec<_>, Vec<_>) = docs.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    (
        a.into_iter().map(|(_, d)| d).collect(),
        b.into_iter().map(|(_, d)| d).collect(),
    )
}

/// The clean science titles and abstracts (Inspec, KDD, WWW, NCBI disease).
pub fn science(data: &Path) -> Result<Vec<Doc>> {
    let mut out = Vec::new();
    for sub in ["Inspec", "kdd", "www"] {
        for p in files(&data.join("science").join(sub))? {
            out.push(Doc {
                id: p.strip_prefix(data).unwrap_or(&p).display().to_string(),
                text: read_lossy(&p)?,
            });
        }
    }
    for p in files(&data.join("science/ncbi_disease"))? {
        // PubTator: `id|t|title`, `id|a|abstract`, then annotation lines.
        let raw = read_lossy(&p)?;
        let mut current: Option<(String, String)> = None;
        for line in raw.lines() {
            let parts: Vec<&str> = line.splitn(3, '|').collect();
            if parts.len() == 3 && (parts[1] == "t" || parts[1] == "a") {
                if current.as_ref().is_none_or(|(id, _)| id != parts[0]) {
                    if let Some((id, text)) = current.take() {
                        out.push(Doc {
                            id: format!("ncbi/{id}"),
                            text,
                        });
                    }
                    current = Some((parts[0].to_string(), String::new()));
                }
                if let Some((_, text)) = current.as_mut() {
                    text.push_str(parts[2]);
                    text.push_str("\n\n");
                }
            }
        }
        if let Some((id, text)) = current.take() {
            out.push(Doc {
                id: format!("ncbi/{id}"),
                text,
            });
        }
    }
    Ok(out)
}
