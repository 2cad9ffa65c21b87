//! Who is quoted: the reporting verb next to a quote, the speaker it
//! names, and pronouns and descriptions resolved to named speakers.

use unspin_text::{Token, TokenKind, tokenize};

use crate::marks::Span;
use crate::{Quotation, Speaker};

/// Verbs (and their forms) that report speech or writing.
const REPORTING_VERBS: &[&str] = &[
    "acknowledge",
    "acknowledged",
    "acknowledges",
    "add",
    "added",
    "adding",
    "adds",
    "admit",
    "admits",
    "admitted",
    "agreed",
    "announced",
    "announces",
    "answered",
    "argue",
    "argued",
    "argues",
    "arguing",
    "ask",
    "asked",
    "asking",
    "asks",
    "asserted",
    "boasted",
    "bragged",
    "cautioned",
    "charged",
    "claim",
    "claimed",
    "claiming",
    "claims",
    "commented",
    "complained",
    "conceded",
    "concluded",
    "confirmed",
    "contended",
    "continued",
    "continues",
    "countered",
    "cried",
    "declared",
    "declares",
    "declined",
    "denied",
    "echoed",
    "emphasised",
    "emphasized",
    "exclaimed",
    "explain",
    "explained",
    "explaining",
    "explains",
    "insist",
    "insisted",
    "insisting",
    "insists",
    "joked",
    "lamented",
    "maintained",
    "mocked",
    "mused",
    "note",
    "noted",
    "notes",
    "noting",
    "observed",
    "pleaded",
    "pledged",
    "pointed",
    "posted",
    "predicted",
    "proclaimed",
    "promised",
    "quipped",
    "read",
    "reads",
    "recalled",
    "recalling",
    "recalls",
    "remarked",
    "replied",
    "replies",
    "reported",
    "reports",
    "responded",
    "responds",
    "retorted",
    "said",
    "say",
    "saying",
    "says",
    "shouted",
    "stated",
    "states",
    "stressed",
    "suggested",
    "suggests",
    "tell",
    "telling",
    "tells",
    "testified",
    "told",
    "tweeted",
    "tweeting",
    "tweets",
    "urged",
    "vowed",
    "warned",
    "warning",
    "warns",
    "write",
    "writes",
    "writing",
    "wrote",
    "yelled",
];

/// Words that may stand between a speaker and the verb ("has said",
/// "also told").
const VERB_LEAD: &[&str] = &[
    "also",
    "later",
    "then",
    "has",
    "had",
    "have",
    "once",
    "again",
    "previously",
    "recently",
    "would",
    "will",
    "further",
    "repeatedly",
    "just",
    "often",
    "simply",
    "quickly",
    "flatly",
    "publicly",
    "privately",
    "earlier",
    "reportedly",
];

const PRONOUNS: &[&str] = &["he", "she", "they", "i", "we", "it", "you"];

const DETERMINERS: &[&str] = &[
    "the", "a", "an", "his", "her", "their", "its", "our", "my", "your", "this", "that", "one",
    "another", "some", "several", "two", "three", "many", "other", "both",
];

/// Words that cannot end a speaker phrase nor stand inside one before
/// the verb: prepositions, conjunctions, adverbs of time and manner.
const NOT_HEADS: &[&str] = &[
    "about",
    "after",
    "again",
    "against",
    "also",
    "and",
    "as",
    "at",
    "because",
    "before",
    "but",
    "by",
    "during",
    "for",
    "from",
    "here",
    "if",
    "in",
    "into",
    "later",
    "now",
    "of",
    "on",
    "or",
    "over",
    "since",
    "so",
    "still",
    "than",
    "that",
    "then",
    "there",
    "though",
    "to",
    "today",
    "too",
    "under",
    "until",
    "up",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "with",
    "yesterday",
    "yet",
    "not",
    "never",
    "even",
    "just",
    "what",
    "how",
    "why",
    "ago",
    "week",
    "month",
    "year",
    "night",
    "morning",
    "afternoon",
    "evening",
    "day",
    "time",
];

/// Words that end a speaker phrase after a verb.
const STOP_AFTER: &[&str] = &[
    "after",
    "as",
    "at",
    "before",
    "during",
    "in",
    "on",
    "when",
    "while",
    "yesterday",
    "today",
    "to",
    "of",
    "for",
    "from",
    "with",
    "about",
    "last",
    "this",
    "who",
    "which",
    "that",
    "and",
];

/// Titles that stand before a name and say the person's sex.
const MALE_TITLES: &[&str] = &["mr", "sir", "lord", "king", "prince", "father"];
const FEMALE_TITLES: &[&str] = &["mrs", "ms", "miss", "dame", "lady", "queen", "madam"];

/// Whether `word` (any case) is a reporting verb.
pub fn is_reporting_verb(word: &str) -> bool {
    let w = word.to_ascii_lowercase();
    REPORTING_VERBS.binary_search(&w.as_str()).is_ok()
}

fn lower_in(w: &str, list: &[&str]) -> bool {
    list.iter().any(|x| x.eq_ignore_ascii_case(w))
}

fn capital(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sex {
    Male,
    Female,
}

/// A named speaker seen so far, for resolving pronouns.
struct Named {
    name: String,
    sex: Option<Sex>,
    /// Byte offset of the quote it was found with.
    at: usize,
}

/// How far back (in bytes) a pronoun or description may find its speaker.
const RESOLVE_WINDOW: usize = 2_000;

struct Ctx<'a> {
    text: &'a str,
    tokens: Vec<Token>,
}

/// A token range `start..end` naming the speaker, and the verb's range.
#[derive(Clone, Copy, Debug)]
struct Found {
    speaker: (usize, usize),
    verb: (usize, usize),
}

impl<'a> Ctx<'a> {
    fn word(&self, i: usize) -> &'a str {
        self.tokens[i].text(self.text)
    }

    fn is_word(&self, i: usize) -> bool {
        self.tokens[i].kind != TokenKind::Punct
    }

    /// Whether a paragraph break lies between tokens `i` and `i + 1`.
    fn newline_after(&self, i: usize) -> bool {
        i + 1 < self.tokens.len()
            && self.text[self.tokens[i].byte_end..self.tokens[i + 1].byte_start].contains('\n')
    }

    fn is_quote_mark(&self, i: usize) -> bool {
        matches!(
            self.word(i),
            "\"" | "\u{201C}" | "\u{201D}" | "\u{00AB}" | "\u{00BB}"
        )
    }

    fn ends_sentence(&self, i: usize) -> bool {
        matches!(self.word(i), "." | "!" | "?" | ";")
            && !(self.word(i) == "." && i > 0 && self.is_abbreviation(i - 1))
    }

    /// "Sen", "Mr", "Dr", single capitals: a period after them does not
    /// end a sentence.
    fn is_abbreviation(&self, i: usize) -> bool {
        let w = self.word(i);
        (w.len() == 1 && capital(w))
            || lower_in(
                w,
                &[
                    "mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "st",
                    "jr", "sr", "prof", "rev", "u.s", "d", "r",
                ],
            )
    }

    /// The reporting cue at token `i`: a reporting verb, "according to",
    /// or "pointed out"; its token range.
    fn cue_at(&self, i: usize) -> Option<(usize, usize)> {
        let w = self.word(i);
        if w.eq_ignore_ascii_case("according")
            && i + 1 < self.tokens.len()
            && self.word(i + 1).eq_ignore_ascii_case("to")
        {
            return Some((i, i + 2));
        }
        if !self.is_word(i) || !is_reporting_verb(w) {
            return None;
        }
        if w.eq_ignore_ascii_case("pointed") {
            return (i + 1 < self.tokens.len() && self.word(i + 1).eq_ignore_ascii_case("out"))
                .then_some((i, i + 2));
        }
        Some((i, i + 1))
    }

    /// The noun phrase ending just before token `end` and starting no
    /// earlier than `from`: a pronoun, a name, or a determiner phrase.
    fn phrase_before(&self, from: usize, end: usize) -> Option<(usize, usize)> {
        let mut end = end;
        while end > from && lower_in(self.word(end - 1), VERB_LEAD) {
            end -= 1;
        }
        // "Donald Trump, the Republican nominee, said": the name before
        // the apposition.
        if end > from + 1 && self.word(end - 1) == "," {
            let inner = end - 1;
            if let Some(c) = (from..inner).rev().take(10).find(|&k| self.word(k) == ",")
                && let Some(name) = self.name_ending(from, c)
            {
                return Some(name);
            }
            end = inner;
        }
        if end <= from || !self.is_word(end - 1) && self.word(end - 1) != ")" {
            return None;
        }
        // "Sen. Ted Cruz (R-Texas) said".
        if self.word(end - 1) == ")"
            && let Some(open) = (from..end - 1).rev().take(8).find(|&k| self.word(k) == "(")
        {
            return self.name_ending(from, open);
        }
        let last = self.word(end - 1);
        if lower_in(last, PRONOUNS) {
            return Some((end - 1, end));
        }
        if let Some(n) = self.name_ending(from, end) {
            return Some(n);
        }
        // "the minister said", "a spokesman for the campaign said",
        // "officials said".
        // The head noun comes last: not a preposition, a conjunction or an
        // adverb ("…his list by saying", "…again said").
        let head = self.word(end - 1);
        if lower_in(head, NOT_HEADS) || head.ends_with("ly") || !self.is_word(end - 1) {
            return None;
        }
        let mut s = end;
        let mut words = 0;
        while s > from && words < 7 {
            let w = self.word(s - 1);
            if !self.is_word(s - 1) && w != "'" && w != "-" {
                break;
            }
            if lower_in(w, DETERMINERS) {
                return Some((s - 1, end));
            }
            // "a rare interview in Macau when": a clause, not a speaker.
            if words > 0 && (is_reporting_verb(w) || lower_in(w, NOT_HEADS)) {
                break;
            }
            s -= 1;
            words += 1;
        }
        // A bare plural or a single noun: "officials said".
        (words > 0).then_some((end - 1, end))
    }

    /// A run of capitalised words (with initials and abbreviations such
    /// as "Sen.") ending just before `end`.
    fn name_ending(&self, from: usize, end: usize) -> Option<(usize, usize)> {
        if end <= from || !self.is_word(end - 1) {
            return None;
        }
        let mut s = end;
        while s > from {
            let w = self.word(s - 1);
            let ok = (self.is_word(s - 1) && capital(w))
                || (w == "." && s >= 2 && self.is_abbreviation(s - 2))
                || (w == "-" && s >= 2 && capital(self.word(s - 2)));
            if !ok {
                break;
            }
            s -= 1;
        }
        while s < end && !self.is_word(s) {
            s += 1;
        }
        if s >= end || lower_in(self.word(s), DETERMINERS) && s + 1 == end {
            return None;
        }
        // A lone sentence-initial function word ("The", "In") is no name.
        if s + 1 == end && lower_in(self.word(s), STOP_AFTER) {
            return None;
        }
        Some((s, end))
    }

    /// The speaker named just after a cue ending at `from`.
    fn phrase_after(&self, from: usize) -> Option<(usize, usize)> {
        let n = self.tokens.len();
        if from >= n || !self.is_word(from) {
            return None;
        }
        let w0 = self.word(from);
        if lower_in(w0, PRONOUNS) {
            return Some((from, from + 1));
        }
        if capital(w0) && !lower_in(w0, DETERMINERS) {
            let mut e = from + 1;
            while e < n {
                let w = self.word(e);
                let ok = (self.is_word(e) && capital(w))
                    || (w == "."
                        && self.is_abbreviation(e - 1)
                        && e + 1 < n
                        && capital(self.word(e + 1)))
                    || (w == "-" && e + 1 < n && capital(self.word(e + 1)));
                if !ok {
                    break;
                }
                e += 1;
            }
            return Some((from, e));
        }
        if lower_in(w0, DETERMINERS) {
            let mut e = from + 1;
            while e < n && e < from + 7 && self.is_word(e) && !lower_in(self.word(e), STOP_AFTER) {
                e += 1;
            }
            // "said the chief executive, Jane Doe": the name in apposition.
            if e + 1 < n && self.word(e) == "," && capital(self.word(e + 1)) {
                let mut k = e + 1;
                while k < n && self.is_word(k) && capital(self.word(k)) {
                    k += 1;
                }
                let closes = k >= n || matches!(self.word(k), "." | "," | ";" | "(");
                if closes && k > e + 1 {
                    return Some((e + 1, k));
                }
            }
            return Some((from, e));
        }
        None
    }

    /// The attribution after a quote whose closing mark ends before token
    /// `k`: `"…," X said`, `"…," said X`.
    fn after(&self, mut k: usize) -> Option<Found> {
        let n = self.tokens.len();
        if k == 0 || self.newline_after(k - 1) {
            return None;
        }
        while k < n && !self.is_word(k) {
            if self.ends_sentence(k) || self.is_quote_mark(k) || self.newline_after(k) {
                return None;
            }
            k += 1;
        }
        let limit = (k + 10).min(n);
        let mut i = k;
        while i < limit {
            if !self.is_word(i) && !matches!(self.word(i), "," | "." | "'" | "-" | "(" | ")") {
                break;
            }
            if self.ends_sentence(i) || (i > k && self.newline_after(i - 1)) {
                break;
            }
            if let Some(verb) = self.cue_at(i) {
                let speaker = if i > k {
                    self.phrase_before(k, i)?
                } else {
                    self.phrase_after(verb.1)?
                };
                return Some(Found { speaker, verb });
            }
            i += 1;
        }
        None
    }

    /// The first token of the clause ending before token `q`: after the
    /// end of the previous sentence, a quote mark or a paragraph break.
    fn clause_start(&self, q: usize) -> usize {
        let mut s = q;
        while s > 0 {
            let p = s - 1;
            if self.ends_sentence(p) || self.is_quote_mark(p) || self.newline_after(p) {
                break;
            }
            s -= 1;
        }
        s
    }

    /// The nearest cue in tokens `s..e` outside quotations, with its
    /// speaker.
    fn cue_in(&self, s: usize, e: usize, quoted: &[bool]) -> Option<Found> {
        let mut i = e;
        while i > s {
            i -= 1;
            if quoted[i] {
                continue;
            }
            let Some(verb) = self.cue_at(i) else { continue };
            if verb.1 > e {
                continue;
            }
            if self.word(i).eq_ignore_ascii_case("according") {
                let mut k = verb.1;
                while k < e && !matches!(self.word(k), "," | "." | ";") {
                    k += 1;
                }
                if k > verb.1 {
                    return Some(Found {
                        speaker: (verb.1, k),
                        verb,
                    });
                }
                continue;
            }
            // "Trump said on Monday, adding: "…": the speaker is the main
            // clause's; a participle with no subject of its own defers to
            // an earlier cue of the sentence, or to a name opening it.
            let participle = self.word(i).ends_with("ing");
            if participle && i > s && matches!(self.word(i - 1), "," | "by") {
                if let Some(f) = self.cue_in(s, i - 1, quoted) {
                    return Some(Found { verb, ..f });
                }
                if let Some(n) = self.name_starting(s, i) {
                    return Some(Found { speaker: n, verb });
                }
                return None;
            }
            let speaker = self.phrase_before(s, i).or_else(|| {
                self.phrase_after(verb.1)
                    .filter(|&(_, pe)| pe <= e && capital(self.word(verb.1)))
            })?;
            return Some(Found { speaker, verb });
        }
        None
    }

    /// A name or pronoun opening the clause `s..e` (its subject).
    fn name_starting(&self, s: usize, e: usize) -> Option<(usize, usize)> {
        if s >= e || !self.is_word(s) {
            return None;
        }
        if lower_in(self.word(s), PRONOUNS) {
            return Some((s, s + 1));
        }
        self.phrase_after(s).filter(|&(a, b)| {
            b <= e && capital(self.word(a)) && !lower_in(self.word(a), DETERMINERS)
        })
    }

    /// The attribution of a quote that opens its sentence with none of its
    /// own: the reporting clause of the sentence just before it
    /// ("Kerry said that 100,000 would come. "That adds up…"", and the
    /// second quote of "“…,” he said. “…”").
    fn previous_sentence(&self, q: usize, quoted: &[bool]) -> Option<Found> {
        let s = self.clause_start(q);
        if (s..q).any(|k| self.is_word(k)) {
            return None;
        }
        // Back over the end of the previous sentence.
        let mut e = s;
        let mut breaks = 0;
        while e > 0 && !self.is_word(e - 1) {
            if self.newline_after(e - 1) {
                breaks += 1;
            }
            e -= 1;
        }
        if breaks > 1 || e == 0 || quoted[e - 1] {
            return None;
        }
        let mut p = e;
        while p > 0 {
            let k = p - 1;
            if self.ends_sentence(k) || self.newline_after(k) {
                break;
            }
            p -= 1;
        }
        self.cue_in(p, e, quoted)
    }

    /// The attribution before a quote whose opening mark is token `q`:
    /// `X said: "…`, `X told reporters, "…`, `according to X, "…`. A
    /// colon may end the paragraph before the quote.
    fn before(&self, q: usize, quoted: &[bool]) -> Option<Found> {
        if q == 0 {
            return None;
        }
        let mut q = q;
        if self.newline_after(q - 1) {
            if self.word(q - 1) != ":" {
                return None;
            }
            q -= 1;
        }
        let s = self.clause_start(q);
        self.cue_in(s, q, quoted).or_else(|| {
            // "Asked about the cost, Rubio was blunt: "…": with no
            // reporting verb, the name or pronoun opening the last part of
            // the clause before a colon.
            if self.word(q - 1) != ":" {
                return None;
            }
            let part = (s..q - 1)
                .rev()
                .find(|&k| self.word(k) == ",")
                .map_or(s, |c| c + 1);
            let speaker = self.name_starting(part, q - 1)?;
            Some(Found {
                speaker,
                verb: (q - 1, q - 1),
            })
        })
    }
}

/// Sex implied by a name's title, or by a pronoun.
fn title_sex(name: &str) -> Option<Sex> {
    let first = name.split([' ', '.']).next().unwrap_or_default();
    if lower_in(first, MALE_TITLES) {
        Some(Sex::Male)
    } else if lower_in(first, FEMALE_TITLES) {
        Some(Sex::Female)
    } else {
        None
    }
}

/// Descriptions and the titles of named people they refer to.
const DESCRIPTIONS: &[(&str, &[&str])] = &[
    ("senator", &["sen", "senator"]),
    ("governor", &["gov", "governor"]),
    ("congressman", &["rep", "congressman"]),
    ("congresswoman", &["rep", "congresswoman"]),
    ("president", &["president"]),
    ("mayor", &["mayor"]),
    ("minister", &["minister"]),
    ("secretary", &["secretary"]),
];

/// Attributes each quoted span.
pub(crate) fn attribute(text: &str, spans: Vec<Span>) -> Vec<Quotation> {
    if spans.is_empty() {
        return Vec::new();
    }
    let ctx = Ctx {
        text,
        tokens: tokenize(text),
    };
    let tokens = &ctx.tokens;
    // Tokens inside quotations (a cue there is the speaker's words).
    let mut quoted = vec![false; tokens.len()];
    for sp in &spans {
        let a = tokens.partition_point(|t| t.byte_start < sp.byte_start);
        let b = tokens.partition_point(|t| t.byte_start < sp.byte_end);
        quoted[a..b].fill(true);
    }
    // Names of two capitalised words or more outside quotations ("Jane
    // Okafor", "White House"), by byte offset: a pronoun is resolved only
    // when no other name stands between it and its speaker.
    let mut runs: Vec<(usize, String)> = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        let cap =
            |i: usize| !quoted[i] && tokens[i].kind == TokenKind::Word && capital(ctx.word(i));
        if cap(k) {
            let mut e = k + 1;
            while e < tokens.len() && cap(e) && !ctx.newline_after(e - 1) {
                e += 1;
            }
            if e - k >= 2 && !lower_in(ctx.word(k), DETERMINERS) {
                runs.push((
                    tokens[k].byte_start,
                    text[tokens[k].byte_start..tokens[e - 1].byte_end].to_string(),
                ));
            }
            k = e;
        } else {
            k += 1;
        }
    }
    let mut named: Vec<Named> = Vec::new();
    let mut out: Vec<Quotation> = Vec::with_capacity(spans.len());
    let mut prev_close_token: Option<(usize, Option<Found>)> = None;
    for sp in &spans {
        let q_open = tokens.partition_point(|t| t.byte_start < sp.open);
        let q_after = tokens.partition_point(|t| t.byte_start < sp.close);
        // Introduced by a colon, a comma or a cue just before the quote.
        let introduced = q_open > 0
            && (!ctx.newline_after(q_open - 1) || ctx.word(q_open - 1) == ":")
            && (matches!(ctx.word(q_open - 1), ":" | ",")
                || ctx.cue_at(q_open - 1).is_some()
                || (q_open > 1
                    && ctx.word(q_open - 1) == "that"
                    && ctx.cue_at(q_open - 2).is_some()));
        let mut found = None;
        // A quote split by its attribution: the same as the part before.
        if let Some((pc, Some(f))) = prev_close_token
            && q_open > 0
            && f.verb.1 <= q_open
            && f.speaker.0 >= pc
            && (pc..q_open).all(|k| !ctx.ends_sentence(k) && !ctx.newline_after(k))
        {
            found = Some(f);
        }
        if found.is_none() {
            found = if introduced {
                ctx.before(q_open, &quoted).or_else(|| ctx.after(q_after))
            } else {
                ctx.after(q_after)
                    .or_else(|| ctx.before(q_open, &quoted))
                    .or_else(|| ctx.previous_sentence(q_open, &quoted))
            };
        }
        prev_close_token = Some((q_after, found));
        let (speaker, verb) = match found {
            Some(f) => {
                let (s, e) = f.speaker;
                let (bs, be) = (tokens[s].byte_start, tokens[e - 1].byte_end);
                let mention = text[bs..be].to_string();
                let name = resolve(&mention, sp.open, &mut named, &runs);
                let verb = (f.verb.1 > f.verb.0).then(|| {
                    text[tokens[f.verb.0].byte_start..tokens[f.verb.1 - 1].byte_end].to_string()
                });
                (
                    Some(Speaker {
                        name,
                        mention,
                        start: tokens[s].start,
                        end: tokens[e - 1].end,
                        byte_start: bs,
                        byte_end: be,
                    }),
                    verb,
                )
            }
            None => (None, None),
        };
        out.push(Quotation {
            start: sp.start,
            end: sp.end,
            byte_start: sp.byte_start,
            byte_end: sp.byte_end,
            speaker,
            verb,
        });
    }
    out
}

/// The name a mention refers to; records named speakers for later ones.
fn resolve(mention: &str, at: usize, named: &mut Vec<Named>, runs: &[(usize, String)]) -> String {
    let lower = mention.to_ascii_lowercase();
    let recent = |n: &&mut Named| at.saturating_sub(n.at) <= RESOLVE_WINDOW;
    let sex = match lower.as_str() {
        "he" => Some(Sex::Male),
        "she" => Some(Sex::Female),
        _ => None,
    };
    if let Some(sex) = sex {
        if let Some(n) = named
            .iter_mut()
            .rev()
            .filter(recent)
            .find(|n| n.sex.is_none_or(|s| s == sex))
        {
            // Another name between the speaker and the pronoun makes it
            // unclear whom the pronoun means.
            let other = runs.iter().any(|(b, r)| {
                *b > n.at && *b < at && !n.name.contains(r.as_str()) && !r.contains(&n.name)
            });
            if other {
                return mention.to_string();
            }
            n.sex = Some(sex);
            n.at = at;
            return n.name.clone();
        }
        return mention.to_string();
    }
    let words: Vec<&str> = mention.split_whitespace().collect();
    let is_name = words.iter().any(|w| capital(w))
        && !lower_in(words[0], DETERMINERS)
        && !lower_in(words[0], PRONOUNS);
    if is_name {
        named.push(Named {
            name: mention.to_string(),
            sex: title_sex(mention),
            at,
        });
        return mention.to_string();
    }
    // "the senator": the last named speaker with that title.
    if words.len() == 2 && lower_in(words[0], &["the"]) {
        let head = words[1].to_ascii_lowercase();
        if let Some((_, titles)) = DESCRIPTIONS.iter().find(|(d, _)| *d == head)
            && let Some(n) = named.iter_mut().rev().filter(recent).find(|n| {
                let first = n.name.split([' ', '.']).next().unwrap_or_default();
                lower_in(first, titles)
            })
        {
            n.at = at;
            return n.name.clone();
        }
    }
    mention.to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn verb_list_is_sorted_for_binary_search() {
        let mut sorted = super::REPORTING_VERBS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, super::REPORTING_VERBS);
    }
}
