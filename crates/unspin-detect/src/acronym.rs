//! Long forms that no longer spell their acronym ("help vector machine
//! (SVM)", "Long Brief-Term Memory (LSTM)"). A spinner swaps the words of a
//! term and leaves the acronym after it as it was, so a swapped word no
//! longer starts with its letter, while a word it is a synonym of does
//! ("support"). Writers define acronyms whose letters follow their words,
//! the inner letters of a word ("Hypertext Markup Language (HTML)") or a
//! function word that adds none ("Confederation of British Industry (CBI)")
//! aside; where every letter can be matched that way, nothing is reported.

use unspin_text::{Token, TokenKind};

use crate::report::{Finding, FindingKind};
use crate::tortured::{Cache, Word, WordId};

/// Confidence where every swapped word is restored through a close
/// (WordNet) synonym: a strong finding.
const CLOSE_CONFIDENCE: f64 = 0.95;
/// Confidence where a looser synonym restores a swapped word.
const CONFIDENCE: f64 = 0.85;
/// Confidence of the same written long form used again without its
/// acronym.
const REPEAT_CONFIDENCE: f64 = 0.8;
/// Least spin ratio of a swapped word: "help" (for "support", 0.3–1)
/// passes, which the acronym's evidence outweighs; a word a spinner is
/// far less likely than a writer to use does not.
const MIN_RATIO: f64 = 0.3;
/// Letters of the longest acronym considered.
const MAX_LETTERS: usize = 10;

/// A word that may belong to a long form.
#[derive(Debug, Clone)]
struct Part {
    /// Index into the window's words.
    word: usize,
    /// The folded word's letters.
    chars: Vec<char>,
    /// May take no letter: a function word, or the second part of a
    /// hyphenated word ("Co-operation").
    optional: bool,
    /// May stand for a letter it does not start with: a content word.
    swappable: bool,
}

/// The letters of an acronym that its long form's words must supply: its
/// capitals, lower case ("MoD" → m, d; a plural "CNNs" → c, n, n). `None`
/// for a token that is no acronym.
fn letters(acronym: &str) -> Option<Vec<char>> {
    let chars: Vec<char> = acronym.chars().collect();
    if !chars.iter().all(|c| c.is_alphabetic()) || !chars.first()?.is_uppercase() {
        return None;
    }
    let capitals: Vec<char> = chars
        .iter()
        .filter(|c| c.is_uppercase())
        .flat_map(|c| c.to_lowercase())
        .collect();
    // Mostly capitals: "SVM", "MoD", "CNNs", but not "Nature".
    if capitals.len() < 2 || capitals.len() > MAX_LETTERS || 2 * capitals.len() < chars.len() {
        return None;
    }
    Some(capitals)
}

/// Whether the acronym `acronym` can be read from the text `before` it the
/// way writers form acronyms, inner letters included (Schwartz and
/// Hearst's algorithm): each of its letters, from the last, found in turn
/// further back, the first at the start of a word, within
/// `min(letters + 5, 2 × letters)` words.
fn spelt(acronym: &str, before: &str) -> bool {
    let short: Vec<char> = acronym
        .trim_end_matches('s')
        .chars()
        .flat_map(char::to_lowercase)
        .collect();
    let long: Vec<char> = before.chars().flat_map(char::to_lowercase).collect();
    let mut l = long.len();
    for (k, &c) in short.iter().enumerate().rev() {
        loop {
            if l == 0 {
                return false;
            }
            l -= 1;
            let at_start = l == 0 || !long[l - 1].is_alphanumeric();
            if long[l] == c && (k > 0 || at_start) {
                break;
            }
        }
    }
    let words = long[l..]
        .split(|c| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .count();
    words <= (short.len() + 5).min(2 * short.len())
}

/// A step of an [`align`]ment: the part it is at takes the letters before
/// `next_letter` (none when it is skipped), as a swap or not; `total` is
/// the number of swaps from there on.
#[derive(Debug, Clone, Copy)]
struct Step {
    total: usize,
    next_letter: usize,
    swapped: bool,
}

const UNREACHABLE: usize = usize::MAX;

/// The cheapest way a long form spells an acronym ([`align`]).
struct Alignment {
    /// Number of words that stand for a letter they do not start with.
    cost: usize,
    /// Index of the first part of the long form.
    start: usize,
    /// Those words, by index of their part, with their letter.
    swapped: Vec<(usize, char)>,
}

/// The cheapest way the initials of words `parts` (in text order, the last
/// one right before the acronym) spell `letters`, the long form starting at
/// any of them and ending with the last: each content word supplies one
/// letter, its initial; optional words supply none or their initial; a
/// content word may stand for a letter it does not start with, at a cost
/// of one. `None` when no way exists.
fn align(parts: &[Part], letters: &[char]) -> Option<Alignment> {
    let (m, n) = (parts.len(), letters.len());
    let none = Step {
        total: UNREACHABLE,
        next_letter: 0,
        swapped: false,
    };
    // best[w][l]: the cheapest way parts[w..] spell letters[l..], and the
    // first step of it; take[w][l] the same where part w takes a letter.
    let mut best = vec![vec![none; n + 1]; m + 1];
    let mut take = vec![vec![none; n + 1]; m + 1];
    best[m][n].total = 0;
    for w in (0..m).rev() {
        let p = &parts[w];
        if p.optional && best[w + 1][n].total == 0 {
            best[w][n] = Step {
                total: 0,
                next_letter: n,
                swapped: false,
            };
        }
        for l in (0..n).rev() {
            // Part w takes letter l, as its initial or as a swap.
            let swapped = p.chars.first() != Some(&letters[l]);
            let t = if swapped && !p.swappable {
                none
            } else {
                Step {
                    total: best[w + 1][l + 1]
                        .total
                        .saturating_add(usize::from(swapped)),
                    next_letter: l + 1,
                    swapped,
                }
            };
            take[w][l] = t;
            best[w][l] = t;
            if p.optional && best[w + 1][l].total < best[w][l].total {
                best[w][l] = Step {
                    total: best[w + 1][l].total,
                    next_letter: l,
                    swapped: false,
                };
            }
        }
    }
    // The long form starts at a part that takes the first letter: the
    // cheapest, the shortest form between equal costs.
    let (cost, start) = (0..m)
        .filter(|&w| take[w][0].total != UNREACHABLE)
        .map(|w| (take[w][0].total, w))
        .min_by_key(|&(c, w)| (c, std::cmp::Reverse(w)))?;
    let mut swapped = Vec::new();
    let (mut w, mut l) = (start, 0);
    let mut step = take[start][0];
    while w < m && l < n {
        if step.swapped {
            swapped.push((w, letters[l]));
        }
        l = step.next_letter;
        w += 1;
        step = best[w][l];
    }
    Some(Alignment {
        cost,
        start,
        swapped,
    })
}

/// Whether a punctuation token joins the parts of a hyphenated word.
fn is_hyphen(s: &str) -> bool {
    matches!(s, "-" | "\u{2010}" | "\u{2011}")
}

/// The words before token `end` (exclusive) that may be a long form, in
/// text order: back to the start of the sentence or the nearest
/// punctuation other than a hyphen, at most `max` of them.
fn parts_before(
    cache: &Cache<'_, '_>,
    text: &str,
    tokens: &[Token],
    words: &[Word],
    word_of: &[usize],
    end: usize,
    max: usize,
) -> Vec<Part> {
    let mut parts: Vec<Part> = Vec::new();
    let mut j = end;
    while j > 0 && parts.len() < max {
        let t = &tokens[j - 1];
        if t.kind != TokenKind::Word {
            break;
        }
        let w = &words[word_of[j - 1]];
        if !w.alphabetic {
            break;
        }
        let hyphenated = j >= 3
            && tokens[j - 2].kind == TokenKind::Punct
            && is_hyphen(tokens[j - 2].text(text))
            && tokens[j - 3].kind == TokenKind::Word
            && tokens[j - 2].byte_start == tokens[j - 3].byte_end
            && tokens[j - 2].byte_end == t.byte_start;
        parts.push(Part {
            word: word_of[j - 1],
            chars: cache.memo().word(w.id).chars().collect(),
            optional: w.function || hyphenated,
            swappable: !w.function && w.len >= 3,
        });
        if w.sentence_start {
            break;
        }
        j -= if hyphenated { 2 } else { 1 };
        // Only a space may stand between two words of a long form.
        if !hyphenated && j > 0 && tokens[j - 1].kind != TokenKind::Word {
            break;
        }
    }
    parts.reverse();
    parts
}

/// A long form that spells its acronym once words are swapped back.
struct Restored {
    /// Word indices of the written long form.
    first: usize,
    last: usize,
    /// The swapped words, by word index, with their originals.
    swaps: Vec<(usize, WordId)>,
    confidence: f64,
}

/// Finds long forms before an acronym in brackets that spell it only once
/// words are swapped back for synonyms with the right initials, and the
/// same written long form again elsewhere in the window.
pub(crate) fn find(
    cache: &mut Cache<'_, '_>,
    text: &str,
    tokens: &[Token],
    words: &[Word],
) -> Vec<Finding> {
    let mut out = Vec::new();
    // Acronyms in brackets, by the index of the opening bracket's token.
    let acronyms: Vec<(usize, Vec<char>)> = text
        .match_indices('(')
        .filter_map(|(at, _)| {
            let j = tokens.partition_point(|t| t.byte_start < at);
            let (open, acr, close) = (tokens.get(j)?, tokens.get(j + 1)?, tokens.get(j + 2)?);
            (j > 0
                && open.byte_start == at
                && acr.kind == TokenKind::Word
                && close.kind == TokenKind::Punct
                && close.text(text) == ")")
                .then(|| letters(acr.text(text)).map(|l| (j, l)))
                .flatten()
        })
        .collect();
    if acronyms.is_empty() {
        return out;
    }
    // The word of each token (the next one for punctuation), and the
    // token of each word (words are the word and number tokens).
    let mut word_of = Vec::with_capacity(tokens.len());
    let mut token_of = Vec::with_capacity(words.len());
    for (j, t) in tokens.iter().enumerate() {
        word_of.push(token_of.len());
        if t.kind != TokenKind::Punct {
            token_of.push(j);
        }
    }
    let mut found: Vec<Restored> = Vec::new();
    for (j, letters) in acronyms {
        let open = &tokens[j];
        let acronym = tokens[j + 1].text(text);
        let parts = parts_before(
            cache,
            text,
            tokens,
            words,
            &word_of,
            j,
            3 * letters.len() + 3,
        );
        let Some(first) = parts.first() else {
            continue;
        };
        // Read as writers form acronyms, nothing is amiss.
        if spelt(
            acronym,
            &text[tokens[token_of[first.word]].byte_start..open.byte_start],
        ) {
            continue;
        }
        let Some(Alignment {
            cost,
            start,
            swapped,
        }) = align(&parts, &letters)
        else {
            continue;
        };
        // Most letters must be spelt as written.
        if cost == 0 || cost > (letters.len() / 2).max(1) {
            continue;
        }
        // At least one content word spells its letter as written.
        let matched_content = (start..parts.len())
            .any(|p| !words[parts[p].word].function && !swapped.iter().any(|&(q, _)| q == p));
        if !matched_content {
            continue;
        }
        let mut swaps = Vec::new();
        let mut close_all = true;
        for &(p, letter) in &swapped {
            let w = words[parts[p].word].id;
            // Not a word writers pick far more readily than spinners.
            if cache.word(w).spin_ratio < MIN_RATIO {
                break;
            }
            // The neighbours inside the long form, to prefer an original
            // that makes a known pair with them ("support vector").
            let prev = (p > start).then(|| words[parts[p - 1].word].id);
            let next = parts.get(p + 1).map(|q| words[q.word].id);
            let mut best: Option<((usize, f64), WordId)> = None;
            for (c, mass) in cache.original_masses(w) {
                if mass <= 0.0 || !cache.memo().word(c).starts_with(letter) {
                    continue;
                }
                let pairs = usize::from(prev.is_some_and(|a| cache.attested(a, c)))
                    + usize::from(next.is_some_and(|b| cache.attested(c, b)));
                let used = words.iter().any(|o| o.id == c);
                let key = (pairs, crate::swaps::original_weight(mass, used));
                if best.is_none_or(|(b, _)| key > b) {
                    best = Some((key, c));
                }
            }
            let Some((_, c)) = best else {
                break;
            };
            close_all &= cache.word(w).is_close(c);
            swaps.push((parts[p].word, c));
        }
        if swaps.len() < swapped.len() {
            continue;
        }
        let r = Restored {
            first: parts[start].word,
            last: parts[parts.len() - 1].word,
            swaps,
            confidence: if close_all {
                CLOSE_CONFIDENCE
            } else {
                CONFIDENCE
            },
        };
        out.push(finding(
            cache,
            text,
            tokens,
            &token_of,
            &r,
            r.first,
            Some(acronym),
        ));
        found.push(r);
    }
    // The same written long form elsewhere, without its acronym.
    for r in &found {
        let len = r.last - r.first + 1;
        for i in 0..words.len().saturating_sub(len - 1) {
            if i == r.first
                || !(0..len).all(|d| words[i + d].id == words[r.first + d].id)
                || (1..len).any(|d| words[i + d].sentence_start)
            {
                continue;
            }
            let mut f = finding(cache, text, tokens, &token_of, r, i, None);
            f.confidence = f.confidence.min(REPEAT_CONFIDENCE);
            out.push(f);
        }
    }
    out
}

/// The finding of long form `r` written again at word `at` (`at ==
/// r.first` where it stands before `acronym`).
fn finding(
    cache: &Cache<'_, '_>,
    text: &str,
    tokens: &[Token],
    token_of: &[usize],
    r: &Restored,
    at: usize,
    acronym: Option<&str>,
) -> Finding {
    let shift = |w: usize| at + w - r.first;
    let (first, last) = (&tokens[token_of[at]], &tokens[token_of[shift(r.last)]]);
    let written = &text[first.byte_start..last.byte_end];
    let mut suggestion = String::new();
    let mut from = first.byte_start;
    let mut pairs = Vec::new();
    for &(w, c) in &r.swaps {
        let t = &tokens[token_of[shift(w)]];
        let word = t.text(text);
        let original = cache.memo().word(c);
        suggestion.push_str(&text[from..t.byte_start]);
        suggestion.push_str(&crate::restore::match_case(word, original));
        from = t.byte_end;
        pairs.push(format!("\"{word}\" in place of \"{original}\""));
    }
    suggestion.push_str(&text[from..last.byte_end]);
    let explanation = match acronym {
        Some(a) => format!(
            "\"{a}\" spells the initials of \"{suggestion}\", not of \"{written}\": a spinner put {} and left the acronym as it was",
            pairs.join(" and ")
        ),
        None => format!(
            "\"{written}\" is a term this document also writes with its acronym, which spells \"{suggestion}\""
        ),
    };
    Finding {
        kind: FindingKind::TorturedPhrase,
        start: first.start,
        end: last.end,
        text: String::new(),
        suggestion,
        confidence: r.confidence,
        explanation,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Detector;
    use unspin_lexicon::Lexicon;

    fn acronym_findings(text: &str) -> Vec<(String, String)> {
        let lex = Lexicon::embedded();
        let report = Detector::new(&lex).scan("-", text, false);
        report
            .findings
            .iter()
            .filter(|f| f.explanation.contains("acronym"))
            .map(|f| (f.text.clone(), f.suggestion.clone()))
            .collect()
    }

    #[test]
    fn an_acronym_needs_mostly_capitals() {
        assert_eq!(letters("SVM"), Some(vec!['s', 'v', 'm']));
        assert_eq!(letters("MoD"), Some(vec!['m', 'd']));
        assert_eq!(letters("CNNs"), Some(vec!['c', 'n', 'n']));
        assert_eq!(letters("Nature"), None);
        assert_eq!(letters("A"), None);
        assert_eq!(letters("H2O"), None);
    }

    #[test]
    fn acronyms_are_read_as_writers_form_them() {
        assert!(spelt("HTML", "the Hypertext Markup Language "));
        assert!(spelt("DNA", "deoxyribonucleic acid "));
        assert!(spelt("MoD", "the Ministry of Defence "));
        assert!(spelt("CNNs", "convolutional neural networks "));
        assert!(!spelt("SVM", "a help vector machine "));
        assert!(!spelt("DL", "profound learning "));
        // The first letter starts a word.
        assert!(!spelt("DL", "used learning "));
    }

    #[test]
    fn a_long_form_that_no_longer_spells_its_acronym_is_restored() {
        let found = acronym_findings(
            "We trained a long brief-term memory (LSTM) network. Results of the profound \
             learning (DL) system were good, and profound learning is popular.",
        );
        assert!(
            found.contains(&(
                "long brief-term memory".into(),
                "long short-term memory".into()
            )),
            "{found:?}"
        );
        let deep = ("profound learning".to_string(), "deep learning".to_string());
        assert_eq!(found.iter().filter(|f| **f == deep).count(), 2, "{found:?}");
    }

    #[test]
    fn long_forms_that_spell_their_acronym_are_left_alone() {
        let found = acronym_findings(
            "The Confederation of British Industry (CBI) and the Ministry of Defence (MoD) \
             met the Organisation for Economic Co-operation and Development (OECD). Pages in \
             Hypertext Markup Language (HTML) describe deoxyribonucleic acid (DNA) and \
             support vector machines (SVMs). He was in Britain (UK) with the United Nations \
             (UN), and the new system (NHS) was quick. Growth in gross domestic output (GDP) \
             came from ultra-wideband technology (UWB), and the area under the ROC curve (AUC) \
             of the hidden semi-Markovian process (HSMM) rose.",
        );
        assert!(found.is_empty(), "{found:?}");
    }
}
