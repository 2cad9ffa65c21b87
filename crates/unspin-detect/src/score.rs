//! The document-level spin score: a logistic model over the density of
//! findings, calibrated on clean and spun documents.

use crate::report::{Finding, FindingKind, Verdict};

/// Parameters of the score. `score = 1 / (1 + exp(-(slope * (ln(1 +
/// evidence per 1,000 words) - offset))))`.
#[derive(Debug, Clone, Copy)]
pub struct ScoreModel {
    /// Steepness.
    pub slope: f64,
    /// Log density at which the score is 0.5.
    pub offset: f64,
    /// Documents with fewer words and no strong finding are `too_short`.
    pub min_words: usize,
    /// Least score for `spun`.
    pub spun_at: f64,
    /// Least score for `suspicious`.
    pub suspicious_at: f64,
}

impl Default for ScoreModel {
    fn default() -> Self {
        ScoreModel {
            slope: 4.0,
            offset: 2.4,
            min_words: 40,
            spun_at: 0.5,
            suspicious_at: 0.2,
        }
    }
}

fn weight(kind: FindingKind) -> f64 {
    match kind {
        FindingKind::TorturedPhrase => 1.0,
        FindingKind::KnownPhrase => 2.0,
        FindingKind::Spintax => 6.0,
        FindingKind::Homoglyph => 3.0,
    }
}

impl ScoreModel {
    /// Evidence per 1,000 words.
    pub fn density(&self, findings: &[Finding], words: usize) -> f64 {
        let e: f64 = findings.iter().map(|f| weight(f.kind) * f.confidence).sum();
        e * 1000.0 / (words.max(self.min_words) as f64)
    }

    /// The score and verdict of a document.
    pub fn judge(&self, findings: &[Finding], words: usize) -> (f64, Verdict) {
        let d = self.density(findings, words);
        let z = self.slope * ((1.0 + d).ln() - self.offset);
        let score = 1.0 / (1.0 + (-z).exp());
        let score = (score * 1000.0).round() / 1000.0;
        let strong = findings
            .iter()
            .any(|f| matches!(f.kind, FindingKind::Spintax | FindingKind::KnownPhrase));
        let verdict = if words < self.min_words && !strong {
            Verdict::TooShort
        } else if score >= self.spun_at {
            Verdict::Spun
        } else if score >= self.suspicious_at {
            Verdict::Suspicious
        } else {
            Verdict::Clean
        };
        (score, verdict)
    }
}
