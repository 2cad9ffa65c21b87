"""A content word followed by a preposition it is never seen with, where a
synonym usually takes that preposition ("fascinated in", as from "interested
in"): a trace of a swap that leaves the next word as it was?

Over documents written by `cargo run --release -p xtask -- --choice mixed dump
--out train.jsonl`, counts such words per 1,000 words in clean and spun
documents, and how many of them are swaps. A word counts when it is lower-case,
common (a million occurrences in wordsegment's unigrams), known with at least
two prepositions in the bigram lists but not with this one, and one of its
candidate originals is followed by the preposition at least 2% of the time.

    python3 xtask/experiments/prepositions.py train.jsonl [../shared/data]
"""

import collections
import json
import re
import sys

PREPS = {"in", "on", "at", "of", "to", "for", "with", "by", "from", "about", "into", "over", "than"}
MIN_SHARE = 0.02
TOKEN = re.compile(r"[A-Za-z']+|[^\sA-Za-z']")


def main():
    dump = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else "../shared/data"
    pairs = {}
    for line in open(f"{data}/lexical/wordsegment/bigrams.txt"):
        key, count = line.rstrip("\n").rsplit("\t", 1)
        pairs[key] = int(count)
    for line in open(f"{data}/lexical/symspellpy/frequency_bigramdictionary_en_243_342.txt"):
        parts = line.split()
        if len(parts) == 3:
            pairs.setdefault(f"{parts[0]} {parts[1]}", 0)
    words = {}
    for line in open(f"{data}/lexical/wordsegment/unigrams.txt"):
        w, c = line.split("\t")
        words[w] = int(c)
    takes = collections.defaultdict(set)
    for key in pairs:
        a, _, b = key.partition(" ")
        if b in PREPS:
            takes[a].add(b)
    cands = json.load(open(dump + ".cands.json"))
    counts = collections.Counter()
    for line in open(dump):
        d = json.loads(line)
        text, key = d["text"], (d["set"], d["rate"])
        counts[key, "words"] += d["words"]
        toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
        for (s, e, w), (_, _, p) in zip(toks, toks[1:]):
            lw, lp = w.lower(), p.lower()
            if lp not in PREPS or not w.isalpha() or len(w) < 3 or w[0].isupper() or lw in PREPS:
                continue
            if words.get(lw, 0) < 1_000_000 or len(takes.get(lw, ())) < 2 or f"{lw} {lp}" in pairs:
                continue
            if any(
                f"{c} {lp}" in pairs and words.get(c, 0) > 0 and pairs[f"{c} {lp}"] / words[c] >= MIN_SHARE
                for c in cands.get(lw, [])
            ):
                counts[key, "found"] += 1
                counts[key, "swaps"] += any(a < e and s < b for a, b, _ in d["swaps"])
    for key in sorted({k[0] for k in counts}):
        print(
            f"{key[0]} at {key[1]:.0%}: {1000 * counts[key, 'found'] / counts[key, 'words']:.2f} per 1,000 words,"
            f" {counts[key, 'swaps']} of {counts[key, 'found']} swaps"
        )


if __name__ == "__main__":
    main()
