//! `cargo run -p xtask -- build-lexicon`: regenerates the embedded lexicon
//! of `unspin-lexicon` from the packages it is derived from.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use unspin_lexicon::phrase_flags;
use unspin_lexicon::store::{build_map, edge, encode_graph};

/// Paths of the source packages.
pub struct Sources {
    /// `../shared/data/lexical`.
    pub lexical: PathBuf,
    /// `src/wordnet.jsonl` of the `thesaurus-wordnet` crate.
    pub wordnet: PathBuf,
    /// `src/moby.txt` of the `thesaurus-moby` crate.
    pub moby: PathBuf,
}

/// Finds the source directory of a crate this workspace depends on.
pub fn crate_dir(name: &str) -> Result<PathBuf> {
    let out = std::process::Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1"])
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout)?;
    for p in v["packages"].as_array().into_iter().flatten() {
        if p["name"] == name {
            let manifest = p["manifest_path"].as_str().unwrap_or_default();
            return Ok(Path::new(manifest)
                .parent()
                .unwrap_or(Path::new("."))
                .to_path_buf());
        }
    }
    bail!("package {name} not found in cargo metadata")
}

impl Sources {
    /// Locates the sources: the lexical lists under `data`, the thesauri in
    /// cargo's registry.
    pub fn locate(data: &Path) -> Result<Sources> {
        Ok(Sources {
            lexical: data.join("lexical"),
            wordnet: crate_dir("thesaurus-wordnet")?.join("src/wordnet.jsonl"),
            moby: crate_dir("thesaurus-moby")?.join("src/moby.txt"),
        })
    }
}

pub(crate) fn read_counts(path: &Path, scale: u64) -> Result<Vec<(String, u64)>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.trim_start_matches('\u{feff}');
        let mut parts: Vec<&str> = line.split(['\t', ' ']).filter(|s| !s.is_empty()).collect();
        let Some(count) = parts.pop().and_then(|c| c.parse::<u64>().ok()) else {
            continue;
        };
        if parts.is_empty() || parts.len() > 2 {
            continue;
        }
        let key = parts.join(" ").to_lowercase();
        if key
            .chars()
            .all(|c| c.is_alphanumeric() || c == '\'' || c == ' ' || c == '-')
        {
            out.push((key, count / scale));
        }
    }
    Ok(out)
}

fn is_phrase_text(s: &str) -> bool {
    s.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '\'' | '.'))
}

/// A thesaurus entry: a WordNet synset or a Moby row.
pub struct Entry {
    /// Head word.
    pub head: String,
    /// Part-of-speech/source bit.
    pub bits: u8,
    /// Synonyms as written in the source.
    pub synonyms: Vec<String>,
}

/// Reads WordNet synsets from the `thesaurus-wordnet` data.
pub fn read_wordnet(path: &Path) -> Result<Vec<Entry>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut out = Vec::new();
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line)?;
        let bits = match v["pos"].as_str() {
            Some("noun") => edge::NOUN,
            Some("verb") => edge::VERB,
            Some("adj") | Some("adj_sat") => edge::ADJ,
            Some("adv") => edge::ADV,
            _ => edge::NOUN,
        };
        let synonyms = v["synonyms"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|s| s.as_str().map(str::to_string))
            .collect();
        out.push(Entry {
            head: v["word"].as_str().unwrap_or_default().to_string(),
            bits,
            synonyms,
        });
    }
    Ok(out)
}

/// Reads the Moby thesaurus from the `thesaurus-moby` data.
pub fn read_moby(path: &Path) -> Result<Vec<Entry>> {
    let text = fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    Ok(text
        .lines()
        .filter_map(|l| {
            let mut it = l.split(',');
            let head = it.next()?.to_string();
            Some(Entry {
                head,
                bits: edge::MOBY,
                synonyms: it.map(str::to_string).collect(),
            })
        })
        .collect())
}

fn json_names(v: &serde_json::Value, out: &mut Vec<String>, with_alternates: bool) {
    if let Some(obj) = v.as_object() {
        for item in obj.values() {
            if let Some(n) = item["name"].as_str() {
                out.push(n.to_string());
            }
            if with_alternates {
                for a in item["alternatenames"].as_array().into_iter().flatten() {
                    if let Some(a) = a.as_str()
                        && a.chars().next().is_some_and(char::is_uppercase)
                    {
                        out.push(a.to_string());
                    }
                }
            }
        }
    }
}

/// Builds every asset into `out_dir`.
pub fn build(src: &Sources, out_dir: &Path) -> Result<()> {
    let unigrams = read_counts(&src.lexical.join("wordsegment/unigrams.txt"), 1)?;
    let total: u64 = unigrams.iter().map(|(_, c)| c).sum();
    let vocab: HashMap<String, u64> = unigrams.iter().cloned().collect();
    let known = |term: &str| term.split([' ', '-']).all(|w| vocab.contains_key(w));

    let mut bigrams = read_counts(&src.lexical.join("wordsegment/bigrams.txt"), 1)?;
    // symspellpy's Google Books bigram counts are 64 times the Web 1T scale
    // ("white house": 14,660,032 against 229,063); bring them to one scale.
    bigrams.extend(read_counts(
        &src.lexical
            .join("symspellpy/frequency_bigramdictionary_en_243_342.txt"),
        64,
    )?);
    bigrams.retain(|(k, _)| k.contains(' '));

    let wordnet = read_wordnet(&src.wordnet)?;
    let moby = read_moby(&src.moby)?;

    // Multi-word expressions and names.
    let mut phrases: HashMap<String, u64> = HashMap::new();
    for e in &wordnet {
        for s in e.synonyms.iter().chain(std::iter::once(&e.head)) {
            if s.contains(' ') && is_phrase_text(s) {
                let mut f = phrase_flags::WORDNET;
                if s.split(' ')
                    .filter(|w| w.len() > 2)
                    .all(|w| w.starts_with(char::is_uppercase))
                {
                    f |= phrase_flags::NAME;
                }
                *phrases.entry(s.to_lowercase()).or_insert(0) |= f;
            }
        }
    }
    let geo = src.lexical.join("geonames");
    let mut names = Vec::new();
    for (file, alt) in [
        ("cities15000.json", true),
        ("countries.json", false),
        ("us_states.json", false),
    ] {
        let text = fs::read_to_string(geo.join(file)).with_context(|| format!("reading {file}"))?;
        json_names(&serde_json::from_str(&text)?, &mut names, alt);
    }
    for n in names {
        if is_phrase_text(&n) && n.len() > 2 {
            *phrases.entry(n.to_lowercase()).or_insert(0) |=
                phrase_flags::PLACE | phrase_flags::NAME;
        }
    }

    // The synonym graph.
    let mut edges = Vec::new();
    let norm = |s: &str| s.to_lowercase().replace('_', " ");
    for e in &wordnet {
        let head = norm(&e.head);
        if !known(&head) {
            continue;
        }
        for s in &e.synonyms {
            let s = norm(s);
            if s != head && known(&s) && s.split(' ').count() <= 4 {
                edges.push((head.clone(), s, e.bits));
            }
        }
    }
    for e in &moby {
        let head = norm(&e.head);
        if !known(&head) || head.split(' ').count() > 3 {
            continue;
        }
        for s in &e.synonyms {
            let s = norm(s);
            if s != head && known(&s) && s.split(' ').count() <= 3 {
                edges.push((head.clone(), s, edge::MOBY));
            }
        }
    }
    let graph = encode_graph(edges);

    fs::create_dir_all(out_dir)?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        fs::write(out_dir.join(name), bytes).with_context(|| format!("writing {name}"))?;
        eprintln!("  {name:<20} {:>9} bytes", bytes.len());
        Ok(())
    };
    write("unigrams.fst", &build_map(unigrams))?;
    write("bigrams.fst", &build_map(bigrams))?;
    write("phrases.fst", &build_map(phrases))?;
    write("syn_vocab.fst", &graph.vocab)?;
    write("syn_terms.bin", &graph.terms)?;
    write("syn_adj.bin", &graph.adj)?;
    write("unigram_total.in", format!("{total}.0\n").as_bytes())?;
    Ok(())
}
