//! The fingerprint query language of the Problematic Paper Screener.
//!
//! A fingerprint is a small boolean query over the words of a document:
//!
//! * `"surface region"` — a phrase;
//! * `"gatherings clustering"~10` — the phrase's words in any order within
//!   a window of 10 extra words (a sloppy phrase);
//! * `business intelligence`, `optimiz*` — unquoted words (a phrase), with
//!   a trailing `*` matching any word that starts with the prefix (also
//!   inside quotes: `"hear*"`);
//! * `A AND B`, `A OR B`, `A NOT B` (= `A AND NOT B`), parentheses, and a
//!   leading `NOT`. `ADN` is read as `AND`. Two terms side by side are
//!   joined with `AND`.
//!
//! Operators are read from left to right without precedence, as the lists
//! are written: `"fit record" OR "fit file" AND "fit index"` is
//! `("fit record" OR "fit file") AND "fit index"`.

/// A term of a query, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RawTerm {
    /// The phrase, without quotes or the `*` of a prefix.
    pub text: String,
    /// Whether the last word is a prefix (`optimiz*`).
    pub prefix: bool,
    /// The `~N` of a sloppy phrase.
    pub slop: Option<u32>,
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Query {
    Term(RawTerm),
    And(Box<Query>, Box<Query>),
    Or(Box<Query>, Box<Query>),
    Not(Box<Query>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    Quoted(String, Option<u32>),
    Bare(String),
    And,
    Or,
    Not,
    Open,
    Close,
}

fn lex(q: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut it = q.char_indices().peekable();
    while let Some(&(i, c)) = it.peek() {
        if c.is_whitespace() {
            it.next();
        } else if c == '(' {
            it.next();
            out.push(Tok::Open);
        } else if c == ')' {
            it.next();
            out.push(Tok::Close);
        } else if c == '"' || c == '“' || c == '”' {
            it.next();
            let start = i + c.len_utf8();
            let mut end = None;
            for (j, d) in it.by_ref() {
                if d == '"' || d == '”' || d == '“' {
                    end = Some((j, j + d.len_utf8()));
                    break;
                }
            }
            let Some((end, after)) = end else {
                return Err("a quote is not closed".into());
            };
            let phrase = q[start..end].to_string();
            let mut slop = None;
            if q[after..].starts_with('~') {
                it.next();
                let digits: String = q[after + 1..]
                    .chars()
                    .take_while(|d| d.is_ascii_digit())
                    .collect();
                if digits.is_empty() {
                    return Err("`~` after a phrase must be followed by a number".into());
                }
                for _ in 0..digits.len() {
                    it.next();
                }
                slop = Some(digits.parse::<u32>().unwrap_or(u32::MAX).min(10_000));
            }
            out.push(Tok::Quoted(phrase, slop));
        } else {
            let start = i;
            let mut end = q.len();
            while let Some(&(j, d)) = it.peek() {
                if d.is_whitespace() || matches!(d, '(' | ')' | '"' | '“' | '”') {
                    end = j;
                    break;
                }
                it.next();
            }
            let word = &q[start..end];
            out.push(match word {
                "AND" | "ADN" | "&&" => Tok::And,
                "OR" | "||" => Tok::Or,
                "NOT" => Tok::Not,
                w => Tok::Bare(w.to_string()),
            });
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

#[derive(Clone, Copy)]
enum Op {
    And,
    Or,
    AndNot,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn expr(&mut self) -> Result<Query, String> {
        let mut left = self.unary()?;
        loop {
            let op = match self.peek() {
                None | Some(Tok::Close) => return Ok(left),
                Some(Tok::And) => {
                    self.pos += 1;
                    if self.peek() == Some(&Tok::Not) {
                        self.pos += 1;
                        Op::AndNot
                    } else {
                        Op::And
                    }
                }
                Some(Tok::Or) => {
                    self.pos += 1;
                    Op::Or
                }
                Some(Tok::Not) => {
                    self.pos += 1;
                    Op::AndNot
                }
                // Terms side by side.
                Some(_) => Op::And,
            };
            let right = self.unary()?;
            left = match op {
                Op::And => Query::And(Box::new(left), Box::new(right)),
                Op::Or => Query::Or(Box::new(left), Box::new(right)),
                Op::AndNot => Query::And(Box::new(left), Box::new(Query::Not(Box::new(right)))),
            };
        }
    }

    fn unary(&mut self) -> Result<Query, String> {
        match self.toks.get(self.pos).cloned() {
            None => Err("the query ends where a term was expected".into()),
            Some(Tok::Not) => {
                self.pos += 1;
                Ok(Query::Not(Box::new(self.unary()?)))
            }
            Some(Tok::Open) => {
                self.pos += 1;
                self.depth += 1;
                if self.depth > 32 {
                    return Err("parentheses are nested too deeply".into());
                }
                let q = self.expr()?;
                self.depth -= 1;
                if self.peek() != Some(&Tok::Close) {
                    return Err("a parenthesis is not closed".into());
                }
                self.pos += 1;
                Ok(q)
            }
            Some(Tok::Close) => Err("a `)` has no matching `(`".into()),
            Some(Tok::And) | Some(Tok::Or) => {
                Err("an operator (AND/OR) appears where a term was expected".into())
            }
            Some(Tok::Quoted(text, slop)) => {
                self.pos += 1;
                term(&text, slop)
            }
            Some(Tok::Bare(first)) => {
                self.pos += 1;
                let mut words = vec![first];
                while let Some(Tok::Bare(w)) = self.peek() {
                    words.push(w.clone());
                    self.pos += 1;
                }
                term(&words.join(" "), None)
            }
        }
    }
}

fn term(text: &str, slop: Option<u32>) -> Result<Query, String> {
    let trimmed = text.trim();
    let (text, prefix) = match trimmed.strip_suffix('*') {
        Some(t) if slop.is_none() => (t.trim_end(), true),
        _ => (trimmed, false),
    };
    if !text.chars().any(char::is_alphanumeric) {
        return Err(format!("the term `{trimmed}` has no words"));
    }
    Ok(Query::Term(RawTerm {
        text: text.to_string(),
        prefix,
        slop,
    }))
}

/// Parses a fingerprint.
pub(crate) fn parse_query(q: &str) -> Result<Query, String> {
    let toks = lex(q)?;
    if toks.is_empty() {
        return Err("the fingerprint is empty".into());
    }
    let mut p = Parser {
        toks,
        pos: 0,
        depth: 0,
    };
    let query = p.expr()?;
    if p.pos < p.toks.len() {
        return Err("a `)` has no matching `(`".into());
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Query {
        Query::Term(RawTerm {
            text: s.into(),
            prefix: false,
            slop: None,
        })
    }
    fn and(a: Query, b: Query) -> Query {
        Query::And(Box::new(a), Box::new(b))
    }
    fn or(a: Query, b: Query) -> Query {
        Query::Or(Box::new(a), Box::new(b))
    }
    fn not(a: Query) -> Query {
        Query::Not(Box::new(a))
    }

    #[test]
    fn shapes_of_the_screener_export() {
        assert_eq!(
            parse_query(r#""grouping methods""#),
            Ok(t("grouping methods"))
        );
        assert_eq!(
            parse_query(r#""surface region" AND "surface area""#),
            Ok(and(t("surface region"), t("surface area")))
        );
        assert_eq!(
            parse_query(r#""surface highlights" NOT specular"#),
            Ok(and(t("surface highlights"), not(t("specular"))))
        );
        assert_eq!(
            parse_query(r#""business knowledge" AND business intelligence"#),
            Ok(and(t("business knowledge"), t("business intelligence")))
        );
        assert_eq!(
            parse_query(r#""PC helped" AND ("be that as it" OR "on the off chance")"#),
            Ok(and(
                t("PC helped"),
                or(t("be that as it"), t("on the off chance"))
            ))
        );
        assert_eq!(
            parse_query(r#""fit record" OR "fit file" AND "fit index""#),
            Ok(and(or(t("fit record"), t("fit file")), t("fit index")))
        );
        assert_eq!(
            parse_query(r#""total national production" ADN "GDP""#),
            Ok(and(t("total national production"), t("GDP")))
        );
        assert_eq!(
            parse_query(r#""enhancement calculation" AND optimiz*"#),
            Ok(and(
                t("enhancement calculation"),
                Query::Term(RawTerm {
                    text: "optimiz".into(),
                    prefix: true,
                    slop: None
                })
            ))
        );
        assert_eq!(
            parse_query(r#""Chime labs" NOT "CHIMe labs Stanford"~5"#),
            Ok(and(
                t("Chime labs"),
                not(Query::Term(RawTerm {
                    text: "CHIMe labs Stanford".into(),
                    prefix: false,
                    slop: Some(5)
                }))
            ))
        );
        // A `~` inside the quotes is part of the phrase.
        assert_eq!(parse_query(r#""256~5 pieces""#), Ok(t("256~5 pieces")));
    }

    #[test]
    fn malformed_queries_are_errors() {
        for q in [
            r#""open"#,
            r#""a" AND"#,
            r#"("a" OR "b""#,
            r#""a")"#,
            r#""a"~x"#,
            "",
            r#""...""#,
            "AND \"a\"",
        ] {
            assert!(parse_query(q).is_err(), "{q}");
        }
    }
}
