//! Turning the "Expected Text" of a list into a readable suggestion.
//!
//! The column mixes the expected wording with curators' notes:
//! `crosslinking reagent (?)`, `hidden state (in HMM)`,
//! `deep [neural] networks`, `social influence, see https://…`,
//! `\"information technology (IT)\"`. The suggestion keeps the wording and
//! acronyms (`business intelligence (BI)`) and drops the notes: question
//! marks, parenthesised remarks (`(in …)`, `(e.g. …)`, `(see …)`), links,
//! and the brackets around implied words (`deep neural networks`). An
//! expected text that is only a question (`???`) gives an empty suggestion.

/// Words that open a parenthesised note rather than part of the term.
const NOTE_OPENERS: &[&str] = &[
    "in",
    "as",
    "e.g",
    "e.g.",
    "eg",
    "i.e",
    "i.e.",
    "ie",
    "or",
    "see",
    "note",
    "note:",
    "please",
    "caveat",
    "caveat:",
    "could",
    "found",
    "referring",
    "sometimes",
    "via",
    "=",
    "a",
    "an",
    "the",
    "not",
    "cf",
    "cf.",
];

fn is_note(inner: &str) -> bool {
    let inner = inner.trim();
    if inner.is_empty() || inner.chars().all(|c| c == '?' || c.is_whitespace()) {
        return true;
    }
    if inner.contains("http") || inner.contains(':') {
        return true;
    }
    let first = inner
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_start_matches(['"', '\''])
        .trim_end_matches([',', ';'])
        .to_lowercase();
    if NOTE_OPENERS.contains(&first.as_str()) {
        return true;
    }
    // `("novel" as in "new"...)`
    inner.contains(" as in ")
}

/// Removes parenthesised notes (nesting-aware) and unwraps brackets.
fn strip_groups(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '(' {
            // Find the matching `)`.
            let mut depth = 0usize;
            let mut close = None;
            for (j, &d) in chars.iter().enumerate().skip(i) {
                match d {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            close = Some(j);
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match close {
                Some(j) => {
                    let inner: String = chars[i + 1..j].iter().collect();
                    if !is_note(&inner) {
                        out.push('(');
                        out.push_str(&strip_groups(&inner));
                        out.push(')');
                    }
                    i = j + 1;
                }
                None => {
                    // Unbalanced: drop the lone parenthesis.
                    i += 1;
                }
            }
        } else if c == '[' {
            match chars[i + 1..].iter().position(|&d| d == ']') {
                Some(k) => {
                    let inner: String = chars[i + 1..i + 1 + k].iter().collect();
                    let inner = inner.trim();
                    if inner == "..." || inner == "…" {
                        out.push('…');
                    } else if !inner.chars().all(|c| c == '?' || c.is_whitespace()) {
                        out.push_str(inner);
                    }
                    i += k + 2;
                }
                None => i += 1,
            }
        } else if c == ')' || c == ']' {
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// The suggestion for an expected text.
pub(crate) fn clean_suggestion(expected: &str) -> String {
    let mut s = expected.replace("\\\"", "\"").replace('\u{a0}', " ");
    // Trailing references: "social influence, see https://…".
    for marker in [", see ", " see http", "http://", "https://"] {
        if let Some(at) = s.find(marker) {
            // A reference inside parentheses is left for `strip_groups`.
            let depth =
                s[..at].matches('(').count() as isize - s[..at].matches(')').count() as isize;
            if depth <= 0 {
                s.truncate(at);
            }
        }
    }
    let s = strip_groups(&s);
    let s: String = s.chars().filter(|&c| c != '?').collect();
    let mut s = collapse_spaces(&s);
    // Remove wrapping quotes or parentheses around the whole text.
    loop {
        let t = s.trim();
        let unwrapped = [('"', '"'), ('(', ')'), ('“', '”')]
            .iter()
            .find_map(|&(a, b)| {
                let inner = t.strip_prefix(a)?.strip_suffix(b)?;
                (!inner.contains(a) && !inner.contains(b)).then(|| inner.trim().to_string())
            });
        match unwrapped {
            Some(u) if !u.is_empty() => s = u,
            _ => break,
        }
    }
    let s = s.replace(" ,", ",").replace("( ", "(").replace(" )", ")");
    s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-'))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::clean_suggestion as c;

    #[test]
    fn notes_are_dropped_and_terms_kept() {
        assert_eq!(c("surface area"), "surface area");
        assert_eq!(
            c("business intelligence (BI)"),
            "business intelligence (BI)"
        );
        assert_eq!(c("crosslinking reagent (?)"), "crosslinking reagent");
        assert_eq!(c("Crow search algorithm ?"), "Crow search algorithm");
        assert_eq!(c("???"), "");
        assert_eq!(c("hidden state (in HMM)"), "hidden state");
        assert_eq!(c("deep [neural] networks"), "deep neural networks");
        assert_eq!(c("extracting [...] features"), "extracting … features");
        assert_eq!(c("[?] countries"), "countries");
        assert_eq!(
            c("\\\"information technology (IT)\\\""),
            "information technology (IT)"
        );
        assert_eq!(
            c("\\\"No Free Lunch\\\" theorem"),
            "\"No Free Lunch\" theorem"
        );
        assert_eq!(
            c("social influence, see https://en.wikipedia.org/wiki/Unified_theory"),
            "social influence"
        );
        assert_eq!(
            c("computing resources (see NIST https://bit.ly/NIST-CloudComputing)"),
            "computing resources"
        );
        assert_eq!(
            c("scanning electron microscopy (SEM?)"),
            "scanning electron microscopy (SEM)"
        );
        assert_eq!(
            c("machine learning\u{a0}(in this context)"),
            "machine learning"
        );
        assert_eq!(
            c("ciphertext-only attack (?) (a cryptanalysis attack)"),
            "ciphertext-only attack"
        );
        assert_eq!(
            c("(number of) negatives incorrectly classified (i.e.\u{a0}False Positives)"),
            "(number of) negatives incorrectly classified"
        );
        assert_eq!(
            c("hybrid (neural) network models/architectures"),
            "hybrid (neural) network models/architectures"
        );
        assert_eq!(
            c("unsteady? natural convection"),
            "unsteady natural convection"
        );
        assert_eq!(c("??? (found in 10.1155/2022/1332373)"), "");
        assert_eq!(c("spectral expansion(?)"), "spectral expansion");
        assert_eq!(
            c("relative risk (please note that the HR does exist)"),
            "relative risk"
        );
        assert_eq!(
            c("?? (\\\"predict object(?) values\\\"?)"),
            "predict object values"
        );
    }
}
