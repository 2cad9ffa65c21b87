//! The words of a document and how two words relate: the same word, another
//! inflection of it, or a thesaurus synonym.

use foldhash::HashMap;

use unspin_detect::is_function_word;
use unspin_lexicon::{Lexicon, morph};
use unspin_text::{Token, TokenKind, fold_word_into, tokenize};

/// How a word of `a` relates to a word of `b`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Relation {
    /// The same word (case and typography folded).
    Same,
    /// Another inflection of the same lemma ("attack" / "attacks").
    Inflection,
    /// Synonyms in the thesaurus, across inflections.
    Synonym,
    /// Nothing in common.
    Other,
}

/// A distinct word form of a comparison (shared by both documents).
pub(crate) struct WordType {
    /// Folded form.
    pub fold: String,
    /// Synonym-graph ids of the lemmas this form can be read as.
    pub lemmas: Vec<usize>,
    /// A function word, a number or a single letter: too common to anchor
    /// an alignment on.
    pub function: bool,
}

/// One word of a document.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Word {
    /// Index into [`Vocab::types`].
    pub ty: u32,
    /// Character span.
    pub start: usize,
    pub end: usize,
    /// Byte span.
    pub byte_start: usize,
    pub byte_end: usize,
    /// Whether the word begins with a capital letter.
    pub capital: bool,
}

/// The words of one document.
pub(crate) struct Doc<'t> {
    pub text: &'t str,
    /// Every token of the text.
    pub tokens: Vec<Token>,
    pub words: Vec<Word>,
    /// Indices into `words` of the content words (anchors of alignment).
    pub content: Vec<u32>,
}

impl<'t> Doc<'t> {
    /// Text between the start of word `i` and the end of word `j`
    /// (inclusive), as written.
    pub fn slice(&self, i: usize, j: usize) -> &'t str {
        &self.text[self.words[i].byte_start..self.words[j].byte_end]
    }
}

/// Synonym-graph lemma ids of word forms, remembered across comparisons
/// (reading a form means morphological analysis and dictionary look-ups).
/// Bounded: it starts afresh past [`LemmaMemo::MAX_ENTRIES`] forms.
#[derive(Default)]
pub(crate) struct LemmaMemo {
    map: std::sync::Mutex<HashMap<String, Vec<usize>>>,
}

impl LemmaMemo {
    const MAX_ENTRIES: usize = 500_000;

    /// Sorted lemma ids of the folded form `fold`.
    pub fn lemmas(&self, lex: &Lexicon, fold: &str) -> Vec<usize> {
        if let Ok(map) = self.map.lock()
            && let Some(l) = map.get(fold)
        {
            return l.clone();
        }
        let graph = lex.graph();
        let mut lemmas: Vec<usize> = morph::analyses(fold)
            .into_iter()
            .filter_map(|(lemma, _)| graph.id(&lemma))
            .collect();
        lemmas.sort_unstable();
        lemmas.dedup();
        if let Ok(mut map) = self.map.lock() {
            if map.len() >= Self::MAX_ENTRIES {
                map.clear();
            }
            map.insert(fold.to_string(), lemmas.clone());
        }
        lemmas
    }
}

/// Word types of both documents, with a memo of their relations.
pub(crate) struct Vocab<'l> {
    lex: &'l Lexicon,
    lemma_memo: &'l LemmaMemo,
    pub types: Vec<WordType>,
    index: HashMap<String, u32>,
    /// Relations of pairs of types (smaller id first), memoised.
    relations: HashMap<(u32, u32), Relation>,
}

impl<'l> Vocab<'l> {
    pub fn new(lex: &'l Lexicon, lemma_memo: &'l LemmaMemo) -> Self {
        Vocab {
            lex,
            lemma_memo,
            types: Vec::new(),
            index: HashMap::default(),
            relations: HashMap::default(),
        }
    }

    /// Tokenizes `text` and registers its words.
    pub fn doc<'t>(&mut self, text: &'t str) -> Doc<'t> {
        let tokens = tokenize(text);
        let mut words = Vec::with_capacity(tokens.len());
        let mut content = Vec::new();
        let mut buf = String::new();
        for t in tokens
            .iter()
            .filter(|t| matches!(t.kind, TokenKind::Word | TokenKind::Number))
        {
            let raw = t.text(text);
            fold_word_into(raw, &mut buf);
            let ty = self.intern(&buf, t);
            let capital = raw.chars().next().is_some_and(char::is_uppercase);
            if !self.types[ty as usize].function {
                content.push(words.len() as u32);
            }
            words.push(Word {
                ty,
                start: t.start,
                end: t.end,
                byte_start: t.byte_start,
                byte_end: t.byte_end,
                capital,
            });
        }
        Doc {
            text,
            tokens,
            words,
            content,
        }
    }

    fn intern(&mut self, fold: &str, t: &Token) -> u32 {
        if let Some(&i) = self.index.get(fold) {
            return i;
        }
        let lemmas = if t.kind == TokenKind::Word {
            self.lemma_memo.lemmas(self.lex, fold)
        } else {
            Vec::new()
        };
        let function = t.kind == TokenKind::Number
            || fold.chars().count() < 2
            || is_function_word(fold)
            || fold.contains('\'') && is_function_word(fold.split('\'').next().unwrap_or(""));
        let i = self.types.len() as u32;
        self.types.push(WordType {
            fold: fold.to_string(),
            lemmas,
            function: function && t.kind != TokenKind::Number,
        });
        self.index.insert(fold.to_string(), i);
        i
    }

    /// How the word types `x` and `y` relate.
    pub fn relation(&mut self, x: u32, y: u32) -> Relation {
        if x == y {
            return Relation::Same;
        }
        let (tx, ty) = (&self.types[x as usize], &self.types[y as usize]);
        let (lx, ly) = (&tx.lemmas, &ty.lemmas);
        if lx.is_empty() || ly.is_empty() {
            return Relation::Other;
        }
        if lx.iter().any(|l| ly.binary_search(l).is_ok()) {
            return Relation::Inflection;
        }
        // Function words are not thesaurus swaps; only their inflections
        // count ("is" / "was").
        if tx.function || ty.function {
            return Relation::Other;
        }
        let key = (x.min(y), x.max(y));
        if let Some(&r) = self.relations.get(&key) {
            return r;
        }
        let graph = self.lex.graph();
        let r = if lx.iter().any(|&l| ly.iter().any(|&m| graph.linked(l, m))) {
            Relation::Synonym
        } else {
            Relation::Other
        };
        self.relations.insert(key, r);
        r
    }

    /// The lexicon's relative frequency of a word type.
    pub fn freq(&self, ty: u32) -> f64 {
        self.lex.freq(&self.types[ty as usize].fold)
    }
}
