//! Document-level signals of spinning: many weak, word-level hints pooled
//! over a whole document.
//!
//! A spinner's swap breaks the common word pairs around it ("told the
//! reporters" becomes "instructed the reporters"). For each content word we
//! ask: are both pairs it forms with its neighbours unknown as written, and
//! does one of the words it is a synonym of make both pairs known again? In
//! clean text that happens by chance for a few words in a hundred; in spun
//! text for many more.

use crate::tortured::{Cache, Word};

/// Word-level counts pooled over a document.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Signals {
    /// Content words with a linked word on both sides.
    pub content: usize,
    /// Of those, words whose two pairs are both unknown as written.
    pub unattested: usize,
    /// Of those, words that a synonym makes fit on both sides.
    pub restorable: usize,
    /// Content words (any context) that are rare while a synonym is far
    /// more common.
    pub odd_choice: usize,
    /// Unattested words that are also odd choices.
    pub odd_unattested: usize,
}

impl Signals {
    /// Restorable words per content word.
    pub fn restorable_rate(&self) -> f64 {
        self.restorable as f64 / self.content.max(1) as f64
    }

    /// Unattested odd choices per content word.
    pub fn odd_rate(&self) -> f64 {
        self.odd_unattested as f64 / self.content.max(1) as f64
    }
}

pub(crate) fn compute(cache: &mut Cache<'_, '_>, words: &[Word]) -> Signals {
    let lex = cache.lex;
    let packs = !lex.packs().is_empty();
    let mut s = Signals::default();
    for i in 1..words.len().saturating_sub(1) {
        let (p, w, n) = (&words[i - 1], &words[i], &words[i + 1]);
        if !w.linked || !n.linked || !w.alphabetic || !p.alphabetic || !n.alphabetic {
            continue;
        }
        if w.function || w.len < 3 || (w.capital && !w.sentence_start) {
            continue;
        }
        s.content += 1;
        let fw = cache.stats(w.id).freq;
        // Some original far more common than the word itself (a common
        // word is never odd, so its originals are not needed here).
        let odd = fw < 2e-5 && cache.word(w.id).max_original_freq >= 20.0 * fw;
        s.odd_choice += usize::from(odd);
        if cache.attested(p.id, w.id) || cache.attested(w.id, n.id) {
            continue;
        }
        s.unattested += 1;
        s.odd_unattested += usize::from(odd);
        // An original that fits after the previous word and before the next.
        cache.word(w.id);
        cache.next(p.id);
        if !packs {
            cache.prev(n.id);
        }
        let memo = cache.memo();
        let info = memo.info(w.id);
        let mut fits_before = memo
            .next(p.id)
            .common(&info.originals, &info.originals_mask);
        let restorable = if packs {
            fits_before.any(|c| lex.attested(memo.word(c), memo.word(n.id)))
        } else {
            let prev = memo.prev(n.id);
            fits_before.any(|c| prev.contains(c))
        };
        if restorable {
            s.restorable += 1;
        }
    }
    s
}
