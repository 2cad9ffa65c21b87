"""Trigrams of a newsroom archive across a function word ("told the BBC"):
does a swap break one that a synonym restores ("instructed the BBC")?

Over held-out documents written by `cargo run --release -p xtask -- --holdout
--choice uniform dump --sample 1000 --out hold.jsonl` (and `--choice common`),
the archive is every BBC article that is not one of the dumped documents. A
content word is flagged when the trigram it forms with the next two words (a
function word, then a content word), or with the two before, is missing from
the archive while one of the word's candidate originals (`hold.jsonl.cands.json`)
makes a trigram the archive has at least MIN_COUNT times, and at least a share
MIN_CALL of the uses of the two kept words. Prints, per spin rate of the news
documents, the swaps flagged, the false flags per 1,000 words, spun-word recall
and how many flags name the original.

    python3 xtask/experiments/trigrams.py hold.jsonl [../shared/data]
"""

import collections
import glob
import json
import re
import sys

FUNCTION = set(
    "the a an of to in and or but is are was were be been it its he she they we i you his her "
    "their this that these those with for on at by from as not has have had will would can "
    "could do does did which who what said".split()
)
WORD = re.compile(r"[A-Za-z']+")
SETTINGS = [(2, 0.05), (3, 0.1), (3, 0.2), (5, 0.2)]


def tokens(text):
    return [(m.start(), m.group(0).lower()) for m in WORD.finditer(text)]


def main():
    dump = sys.argv[1]
    data = sys.argv[2] if len(sys.argv) > 2 else "../shared/data"
    rows = [json.loads(line) for line in open(dump)]
    rows = [r for r in rows if r["set"] == "news"]
    held = {r["text"][:200] for r in rows if r["rate"] == 0}
    tri, bi = collections.Counter(), collections.Counter()
    for path in sorted(glob.glob(f"{data}/news/bbc/*/*.txt")):
        try:
            text = open(path, encoding="utf-8").read()
        except UnicodeDecodeError:
            continue
        if text[:200] in held:
            continue
        w = [t for _, t in tokens(text)]
        tri.update(zip(w, w[1:], w[2:]))
        bi.update(zip(w, w[1:]))
    cands = json.load(open(dump + ".cands.json"))

    def flags(text, min_count, min_call):
        toks = tokens(text)
        w = [t for _, t in toks]
        out = []
        for i, (start, word) in enumerate(toks):
            if word in FUNCTION or len(word) < 3:
                continue
            originals = [c for c in cands.get(word, []) if c != word]
            found = None
            sides = []
            if i + 2 < len(w) and w[i + 1] in FUNCTION and w[i + 2] not in FUNCTION:
                f, n = w[i + 1], w[i + 2]
                sides.append(((word, f, n), lambda c, f=f, n=n: (c, f, n), bi[(f, n)]))
            if i >= 2 and w[i - 1] in FUNCTION and w[i - 2] not in FUNCTION:
                p, f = w[i - 2], w[i - 1]
                sides.append(((p, f, word), lambda c, p=p, f=f: (p, f, c), bi[(p, f)]))
            for written, restore, context in sides:
                if found or tri[written] or not context:
                    continue
                for c in originals:
                    k = tri[restore(c)]
                    if k >= min_count and k / context >= min_call:
                        found = c
                        break
            if found:
                out.append((start, found))
        return out

    for min_count, min_call in SETTINGS:
        figures = {}
        for r in rows:
            flagged = flags(r["text"], min_count, min_call)
            swaps = {s: o for s, _, o in r["swaps"]}
            tp = sum(1 for s, _ in flagged if s in swaps)
            right = sum(1 for s, c in flagged if swaps.get(s) == c)
            f = figures.setdefault(r["rate"], [0, 0, 0, 0, 0])
            f[0] += tp
            f[1] += len(flagged) - tp
            f[2] += len(swaps)
            f[3] += r["words"]
            f[4] += right
        print(
            f"count >= {min_count}, share >= {min_call}: "
            + "; ".join(
                f"{rate:.0%}: {v[0]} swaps flagged, {1000 * v[1] / v[3]:.2f} false per 1,000 words, "
                f"recall {v[0] / max(v[2], 1):.3f}, original named {v[4] / max(v[0], 1):.2f}"
                for rate, v in sorted(figures.items())
            )
        )


if __name__ == "__main__":
    main()
