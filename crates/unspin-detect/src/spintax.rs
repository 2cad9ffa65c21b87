//! Left-over spin syntax: `{big|large|huge}` templates and `{that a}`
//! fragments that a spinner failed to expand.

use crate::report::{Finding, FindingKind};

/// Finds spin syntax in `text`. A span in braces counts when it holds
/// alternatives separated by `|`, or is a short run of plain words.
pub fn find(text: &str) -> Vec<Finding> {
    // Spin syntax opens with a brace: most texts have none to look at.
    if !text.as_bytes().contains(&b'{') {
        return Vec::new();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '{' {
            i += 1;
            continue;
        }
        let Some(len) = chars[i + 1..]
            .iter()
            .take(200)
            .position(|&c| c == '}' || c == '{')
        else {
            i += 1;
            continue;
        };
        let j = i + 1 + len;
        if chars[j] != '}' {
            i = j;
            continue;
        }
        let inner: String = chars[i + 1..j].iter().collect();
        let plain = |s: &str| {
            !s.trim().is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '\'' | '-' | ',' | '.'))
        };
        let alternatives: Vec<&str> = inner.split('|').collect();
        let is_spintax = if alternatives.len() >= 2 {
            alternatives.iter().all(|a| a.is_empty() || plain(a))
                && alternatives.iter().any(|a| !a.is_empty())
        } else {
            let words: Vec<&str> = inner.split_whitespace().collect();
            inner
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '-'))
                && (2..=4).contains(&words.len())
                && words.iter().any(|w| w.chars().count() >= 3)
        };
        if is_spintax {
            let suggestion = alternatives
                .iter()
                .find(|a| !a.trim().is_empty())
                .map(|a| a.trim().to_string())
                .unwrap_or_default();
            let explanation = if alternatives.len() >= 2 {
                format!(
                    "left-over spin syntax: a template with {} alternatives that a spinner failed to expand",
                    alternatives.len()
                )
            } else {
                "left-over spin syntax: words in braces that a spinner failed to expand".to_string()
            };
            out.push(Finding {
                kind: FindingKind::Spintax,
                start: i,
                end: j + 1,
                text: chars[i..=j].iter().collect(),
                suggestion,
                confidence: if alternatives.len() >= 2 { 0.99 } else { 0.8 },
                explanation,
            });
        }
        i = j + 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_templates_and_fragments() {
        let f = find("It was a {big|large|huge} day {that a} man {x: 1}.");
        assert_eq!(f.len(), 2);
        assert_eq!(f[0].text, "{big|large|huge}");
        assert_eq!((f[0].start, f[0].end), (9, 25));
        assert_eq!(f[0].suggestion, "big");
        assert_eq!(f[1].text, "{that a}");
    }

    #[test]
    fn ignores_code_and_unbalanced_braces() {
        assert!(find("fn main() { let x = 1; }").is_empty());
        assert!(find("{{{ |").is_empty());
        assert_eq!(find("set {a, b} = {1|2}").len(), 1);
        assert!(find("the set {x} of {i j}").is_empty());
    }
}
