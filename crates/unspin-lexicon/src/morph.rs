//! English inflection: enough morphology to map "assaults" to "assault" and
//! back, and "instructed" to "instruct" so that its synonym "tell" can be
//! put back as "told".

/// An inflection of a word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Inflection {
    /// The base form ("attack", "tell").
    Base,
    /// Plural noun or third person singular verb ("attacks", "tells").
    S,
    /// Past tense or past participle ("attacked", "told").
    Ed,
    /// Present participle ("attacking").
    Ing,
    /// Comparative adjective ("bigger").
    Er,
    /// Superlative adjective ("biggest").
    Est,
}

impl Inflection {
    /// Every inflection, in order.
    pub const ALL: [Inflection; 6] = [
        Inflection::Base,
        Inflection::S,
        Inflection::Ed,
        Inflection::Ing,
        Inflection::Er,
        Inflection::Est,
    ];
}

/// Irregular verbs: base, past, past participle.
const IRREGULAR_VERBS: &[(&str, &str, &str)] = &[
    ("arise", "arose", "arisen"),
    ("awake", "awoke", "awoken"),
    ("be", "was", "been"),
    ("bear", "bore", "borne"),
    ("beat", "beat", "beaten"),
    ("become", "became", "become"),
    ("begin", "began", "begun"),
    ("bend", "bent", "bent"),
    ("bet", "bet", "bet"),
    ("bind", "bound", "bound"),
    ("bite", "bit", "bitten"),
    ("bleed", "bled", "bled"),
    ("blow", "blew", "blown"),
    ("break", "broke", "broken"),
    ("breed", "bred", "bred"),
    ("bring", "brought", "brought"),
    ("build", "built", "built"),
    ("burn", "burnt", "burnt"),
    ("burst", "burst", "burst"),
    ("buy", "bought", "bought"),
    ("cast", "cast", "cast"),
    ("catch", "caught", "caught"),
    ("choose", "chose", "chosen"),
    ("cling", "clung", "clung"),
    ("come", "came", "come"),
    ("cost", "cost", "cost"),
    ("creep", "crept", "crept"),
    ("cut", "cut", "cut"),
    ("deal", "dealt", "dealt"),
    ("dig", "dug", "dug"),
    ("do", "did", "done"),
    ("draw", "drew", "drawn"),
    ("dream", "dreamt", "dreamt"),
    ("drink", "drank", "drunk"),
    ("drive", "drove", "driven"),
    ("eat", "ate", "eaten"),
    ("fall", "fell", "fallen"),
    ("feed", "fed", "fed"),
    ("feel", "felt", "felt"),
    ("fight", "fought", "fought"),
    ("find", "found", "found"),
    ("flee", "fled", "fled"),
    ("fly", "flew", "flown"),
    ("forbid", "forbade", "forbidden"),
    ("forget", "forgot", "forgotten"),
    ("forgive", "forgave", "forgiven"),
    ("freeze", "froze", "frozen"),
    ("get", "got", "gotten"),
    ("give", "gave", "given"),
    ("go", "went", "gone"),
    ("grind", "ground", "ground"),
    ("grow", "grew", "grown"),
    ("hang", "hung", "hung"),
    ("have", "had", "had"),
    ("hear", "heard", "heard"),
    ("hide", "hid", "hidden"),
    ("hit", "hit", "hit"),
    ("hold", "held", "held"),
    ("hurt", "hurt", "hurt"),
    ("keep", "kept", "kept"),
    ("kneel", "knelt", "knelt"),
    ("know", "knew", "known"),
    ("lay", "laid", "laid"),
    ("lead", "led", "led"),
    ("lean", "leant", "leant"),
    ("leap", "leapt", "leapt"),
    ("learn", "learnt", "learnt"),
    ("leave", "left", "left"),
    ("lend", "lent", "lent"),
    ("let", "let", "let"),
    ("lie", "lay", "lain"),
    ("light", "lit", "lit"),
    ("lose", "lost", "lost"),
    ("make", "made", "made"),
    ("mean", "meant", "meant"),
    ("meet", "met", "met"),
    ("mistake", "mistook", "mistaken"),
    ("overcome", "overcame", "overcome"),
    ("pay", "paid", "paid"),
    ("prove", "proved", "proven"),
    ("put", "put", "put"),
    ("quit", "quit", "quit"),
    ("read", "read", "read"),
    ("ride", "rode", "ridden"),
    ("ring", "rang", "rung"),
    ("rise", "rose", "risen"),
    ("run", "ran", "run"),
    ("say", "said", "said"),
    ("see", "saw", "seen"),
    ("seek", "sought", "sought"),
    ("sell", "sold", "sold"),
    ("send", "sent", "sent"),
    ("set", "set", "set"),
    ("shake", "shook", "shaken"),
    ("shed", "shed", "shed"),
    ("shine", "shone", "shone"),
    ("shoot", "shot", "shot"),
    ("show", "showed", "shown"),
    ("shrink", "shrank", "shrunk"),
    ("shut", "shut", "shut"),
    ("sing", "sang", "sung"),
    ("sink", "sank", "sunk"),
    ("sit", "sat", "sat"),
    ("sleep", "slept", "slept"),
    ("slide", "slid", "slid"),
    ("speak", "spoke", "spoken"),
    ("speed", "sped", "sped"),
    ("spend", "spent", "spent"),
    ("spin", "spun", "spun"),
    ("split", "split", "split"),
    ("spread", "spread", "spread"),
    ("spring", "sprang", "sprung"),
    ("stand", "stood", "stood"),
    ("steal", "stole", "stolen"),
    ("stick", "stuck", "stuck"),
    ("sting", "stung", "stung"),
    ("strike", "struck", "struck"),
    ("strive", "strove", "striven"),
    ("swear", "swore", "sworn"),
    ("sweep", "swept", "swept"),
    ("swim", "swam", "swum"),
    ("swing", "swung", "swung"),
    ("take", "took", "taken"),
    ("teach", "taught", "taught"),
    ("tear", "tore", "torn"),
    ("tell", "told", "told"),
    ("think", "thought", "thought"),
    ("throw", "threw", "thrown"),
    ("undergo", "underwent", "undergone"),
    ("understand", "understood", "understood"),
    ("undertake", "undertook", "undertaken"),
    ("upset", "upset", "upset"),
    ("wake", "woke", "woken"),
    ("wear", "wore", "worn"),
    ("weep", "wept", "wept"),
    ("win", "won", "won"),
    ("wind", "wound", "wound"),
    ("withdraw", "withdrew", "withdrawn"),
    ("write", "wrote", "written"),
];

/// Irregular plurals: singular, plural.
const IRREGULAR_NOUNS: &[(&str, &str)] = &[
    ("analysis", "analyses"),
    ("child", "children"),
    ("crisis", "crises"),
    ("criterion", "criteria"),
    ("foot", "feet"),
    ("goose", "geese"),
    ("hypothesis", "hypotheses"),
    ("life", "lives"),
    ("man", "men"),
    ("medium", "media"),
    ("mouse", "mice"),
    ("person", "people"),
    ("phenomenon", "phenomena"),
    ("thesis", "theses"),
    ("tooth", "teeth"),
    ("wife", "wives"),
    ("woman", "women"),
];

/// Per first letter `a`..`z`, a bit per length (below 32) of the irregular
/// past forms and plurals: a word without its bit is none of them.
const IRREGULAR_SHAPES: [u32; 26] = {
    const fn mark(shapes: &mut [u32; 26], w: &str) {
        let b = w.as_bytes();
        if !b.is_empty() && b[0].is_ascii_lowercase() && b.len() < 32 {
            shapes[(b[0] - b'a') as usize] |= 1 << b.len();
        } else {
            // Outside the scheme: let every word through.
            let mut i = 0;
            while i < 26 {
                shapes[i] = u32::MAX;
                i += 1;
            }
        }
    }
    let mut shapes = [0u32; 26];
    let mut i = 0;
    while i < IRREGULAR_VERBS.len() {
        mark(&mut shapes, IRREGULAR_VERBS[i].1);
        mark(&mut shapes, IRREGULAR_VERBS[i].2);
        i += 1;
    }
    let mut i = 0;
    while i < IRREGULAR_NOUNS.len() {
        mark(&mut shapes, IRREGULAR_NOUNS[i].1);
        i += 1;
    }
    shapes
};

/// Whether `word` may be an irregular past form or plural.
fn may_be_irregular(word: &str) -> bool {
    let b = word.as_bytes();
    match b.first() {
        Some(&c) if c.is_ascii_lowercase() && b.len() < 32 => {
            IRREGULAR_SHAPES[(c - b'a') as usize] & (1 << b.len()) != 0
        }
        // Lengths and letters outside the scheme are never irregular forms
        // unless the table says any word may be.
        _ => IRREGULAR_SHAPES[0] == u32::MAX,
    }
}

/// Calls `f` with the lemma `stem` + `suffix` unless it is too short or
/// among the `n` readings in `seen`, and adds it there.
fn push_reading<'w>(
    seen: &mut [(&'w str, &'static str, Inflection)],
    n: &mut usize,
    buf: &mut String,
    f: &mut impl FnMut(&str, Inflection),
    stem: &'w str,
    suffix: &'static str,
    inf: Inflection,
) {
    let same = |s: &str, x: &str| {
        s.len() + x.len() == stem.len() + suffix.len()
            && s.bytes()
                .chain(x.bytes())
                .eq(stem.bytes().chain(suffix.bytes()))
    };
    if stem.len() + suffix.len() < 2 || seen[..*n].iter().any(|&(s, x, i)| i == inf && same(s, x)) {
        return;
    }
    buf.clear();
    buf.push_str(stem);
    buf.push_str(suffix);
    f(buf, inf);
    if *n < seen.len() {
        seen[*n] = (stem, suffix, inf);
        *n += 1;
    }
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Possible `(lemma, inflection)` readings of a lower-case word, the word
/// itself as `Base` first. Readings are guesses: check the lemma against a
/// vocabulary before trusting one.
pub fn analyses(word: &str) -> Vec<(String, Inflection)> {
    let mut out = Vec::new();
    analyses_each(word, |lemma, inf| out.push((lemma.to_string(), inf)));
    out
}

/// Calls `f` with each reading of [`analyses`], in the same order, without
/// allocating a string per reading.
pub fn analyses_each(word: &str, mut f: impl FnMut(&str, Inflection)) {
    f(word, Inflection::Base);
    if !word.is_ascii() || word.len() < 3 || word.contains(' ') {
        return;
    }
    // The readings so far, each a lemma as a stem and a suffix.
    let mut seen: [(&str, &str, Inflection); 32] = [("", "", Inflection::Base); 32];
    seen[0] = (word, "", Inflection::Base);
    let mut n = 1;
    let mut buf = String::new();
    if may_be_irregular(word) {
        for &(base, past, part) in IRREGULAR_VERBS {
            if word == past || word == part {
                f(base, Inflection::Ed);
                if n < seen.len() {
                    seen[n] = (base, "", Inflection::Ed);
                    n += 1;
                }
            }
        }
        for &(sing, plural) in IRREGULAR_NOUNS {
            if word == plural {
                f(sing, Inflection::S);
                if n < seen.len() {
                    seen[n] = (sing, "", Inflection::S);
                    n += 1;
                }
            }
        }
    }
    macro_rules! push {
        ($stem:expr, $suffix:expr, $inf:expr) => {
            push_reading(&mut seen, &mut n, &mut buf, &mut f, $stem, $suffix, $inf)
        };
    }
    if let Some(stem) = word.strip_suffix("ies") {
        push!(stem, "y", Inflection::S);
    } else if let Some(stem) = word.strip_suffix("es") {
        push!(stem, "", Inflection::S);
        push!(stem, "e", Inflection::S);
    }
    if let Some(stem) = word.strip_suffix('s')
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        push!(stem, "", Inflection::S);
    }
    for (suffix, inf) in [
        ("ed", Inflection::Ed),
        ("ing", Inflection::Ing),
        ("er", Inflection::Er),
        ("est", Inflection::Est),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            if stem.len() < 2 {
                continue;
            }
            push!(stem, "", inf);
            push!(stem, "e", inf);
            let sb = stem.as_bytes();
            let m = sb.len();
            if m >= 3 && sb[m - 1] == sb[m - 2] && !is_vowel(sb[m - 1]) {
                push!(&stem[..m - 1], "", inf);
            }
            if let Some(s) = stem.strip_suffix('i') {
                push!(s, "y", inf);
            }
        }
    }
}

fn ends_with_consonant_y(w: &[u8]) -> bool {
    w.len() >= 2 && w[w.len() - 1] == b'y' && !is_vowel(w[w.len() - 2])
}

fn doubles_final(w: &[u8]) -> bool {
    // consonant-vowel-consonant ending of a short word: stop -> stopped.
    let n = w.len();
    (3..=5).contains(&n)
        && !is_vowel(w[n - 1])
        && !matches!(w[n - 1], b'w' | b'x' | b'y')
        && is_vowel(w[n - 2])
        && !is_vowel(w[n - 3])
}

/// The last byte of `w` as a character, to double it ("stop" → "stopp").
fn last_doubled<'b>(w: &[u8], buf: &'b mut [u8; 4]) -> &'b str {
    char::from(w[w.len() - 1]).encode_utf8(buf)
}

/// Candidate surface forms of `lemma` with inflection `inf` (more than one
/// where English spelling is ambiguous). For a multi-word lemma the first
/// word is inflected ("get here" → "got here"). Check the candidates against
/// a word list before use.
pub fn inflect(lemma: &str, inf: Inflection) -> Vec<String> {
    if let Some((head, rest)) = lemma.split_once(' ') {
        return inflect(head, inf)
            .into_iter()
            .map(|h| [h.as_str(), " ", rest].concat())
            .collect();
    }
    let w = lemma.as_bytes();
    let mut buf = [0u8; 4];
    let mut out = Vec::new();
    match inf {
        Inflection::Base => out.push(lemma.to_string()),
        Inflection::S => {
            if let Some(&(_, p)) = IRREGULAR_NOUNS.iter().find(|(s, _)| *s == lemma) {
                out.push(p.to_string());
            }
            if ends_with_consonant_y(w) {
                out.push([&lemma[..lemma.len() - 1], "ies"].concat());
            } else if lemma.ends_with('s')
                || lemma.ends_with('x')
                || lemma.ends_with('z')
                || lemma.ends_with("ch")
                || lemma.ends_with("sh")
            {
                out.push([lemma, "es"].concat());
            } else {
                out.push([lemma, "s"].concat());
            }
        }
        Inflection::Ed => {
            if let Some(&(_, past, part)) = IRREGULAR_VERBS.iter().find(|(b, _, _)| *b == lemma) {
                out.push(past.to_string());
                if part != past {
                    out.push(part.to_string());
                }
            } else if lemma.ends_with('e') {
                out.push([lemma, "d"].concat());
            } else if ends_with_consonant_y(w) {
                out.push([&lemma[..lemma.len() - 1], "ied"].concat());
            } else {
                if doubles_final(w) {
                    out.push([lemma, last_doubled(w, &mut buf), "ed"].concat());
                }
                out.push([lemma, "ed"].concat());
            }
        }
        Inflection::Ing => {
            if let Some(stem) = lemma.strip_suffix("ie") {
                out.push([stem, "ying"].concat());
            } else if lemma.ends_with('e') && !lemma.ends_with("ee") && lemma.len() > 2 {
                out.push([&lemma[..lemma.len() - 1], "ing"].concat());
            } else {
                if doubles_final(w) {
                    out.push([lemma, last_doubled(w, &mut buf), "ing"].concat());
                }
                out.push([lemma, "ing"].concat());
            }
        }
        Inflection::Er | Inflection::Est => {
            let suf = if inf == Inflection::Er { "er" } else { "est" };
            if lemma.ends_with('e') {
                out.push([lemma, &suf[1..]].concat());
            } else if ends_with_consonant_y(w) {
                out.push([&lemma[..lemma.len() - 1], "i", suf].concat());
            } else {
                if doubles_final(w) {
                    out.push([lemma, last_doubled(w, &mut buf), suf].concat());
                }
                out.push([lemma, suf].concat());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has(word: &str, lemma: &str, inf: Inflection) -> bool {
        analyses(word).iter().any(|(l, i)| l == lemma && *i == inf)
    }

    #[test]
    fn analyses_find_lemmas() {
        assert!(has("assaults", "assault", Inflection::S));
        assert!(has("instructed", "instruct", Inflection::Ed));
        assert!(has("told", "tell", Inflection::Ed));
        assert!(has("stopped", "stop", Inflection::Ed));
        assert!(has("studies", "study", Inflection::S));
        assert!(has("making", "make", Inflection::Ing));
        assert!(has("people", "person", Inflection::S));
        assert!(!has("business", "busines", Inflection::S));
    }

    #[test]
    fn irregular_forms_pass_the_shape_filter() {
        for &(base, past, part) in IRREGULAR_VERBS {
            assert!(may_be_irregular(past) && may_be_irregular(part), "{base}");
            assert!(has(past, base, Inflection::Ed) && has(part, base, Inflection::Ed));
        }
        for &(sing, plural) in IRREGULAR_NOUNS {
            assert!(has(plural, sing, Inflection::S));
        }
        assert!(!may_be_irregular("zebra"));
    }

    #[test]
    fn inflection_round_trips() {
        assert!(inflect("tell", Inflection::Ed).contains(&"told".to_string()));
        assert!(inflect("attack", Inflection::S).contains(&"attacks".to_string()));
        assert!(inflect("study", Inflection::Ed).contains(&"studied".to_string()));
        assert!(inflect("stop", Inflection::Ing).contains(&"stopping".to_string()));
        assert!(inflect("make", Inflection::Ing).contains(&"making".to_string()));
        assert!(inflect("get here", Inflection::Ed).contains(&"got here".to_string()));
        assert!(inflect("box", Inflection::S).contains(&"boxes".to_string()));
        assert!(inflect("big", Inflection::Er).contains(&"bigger".to_string()));
    }
}
