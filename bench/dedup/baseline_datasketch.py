#!/usr/bin/env python3
"""datasketch MinHash LSH baseline: cluster a JSONL collection into copy families.

The recipe most datasketch users follow for near-duplicate detection:
  1. lower-case the text, split it into words, take word n-gram shingles;
  2. one MinHash per document (MinHash.generator, which reuses the
     permutation set up and hashes each document's shingles with
     update_batch, i.e. numpy instead of a per-shingle Python loop);
  3. MinHashLSH at a Jaccard threshold; each document is queried against the
     documents already indexed, then inserted (one streaming pass);
  4. every candidate pair the LSH returns is a duplicate edge; union-find
     turns the edges into clusters.
No candidate is re-checked against an estimated Jaccard: the LSH threshold
is the only filter, as in datasketch's own deduplication examples.

Output: one {"id", "family"} line per input document, in input order; the
family label is the id of the first document of its cluster. A JSON file of
run details (LSH bands/rows, phase timings) is written next to it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

try:
    from datasketch import MinHash, MinHashLSH
except ImportError:
    print("error: datasketch is not installed in this Python "
          f"({sys.executable}); install it with: "
          "pip install -r bench/dedup/requirements.txt", file=sys.stderr)
    sys.exit(3)

WORD = re.compile(r"\w+", re.UNICODE)


def read_docs(path):
    """Stream (id, text) from a JSONL file."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                obj = json.loads(line)
                yield str(obj["id"]), obj.get("text") or ""


def shingles(text, n):
    words = WORD.findall(text.lower())
    if len(words) <= n:
        return [" ".join(words).encode("utf-8")]
    return list({" ".join(words[i:i + n]).encode("utf-8") for i in range(len(words) - n + 1)})


def hash_function(name):
    if name == "sha1":
        return None  # datasketch's default, sha1_hash32
    if name == "xxh32":
        import xxhash
        return xxhash.xxh32_intdigest
    raise ValueError(name)


class UnionFind:
    def __init__(self):
        self.parent = []

    def add(self):
        self.parent.append(len(self.parent))

    def find(self, x):
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # the smaller index (earlier document) stays the root
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", required=True, help="input JSONL: {\"id\", \"text\"} per line")
    ap.add_argument("--out", required=True, help="output JSONL: {\"id\", \"family\"} per line")
    ap.add_argument("--info", help="where to write run details (JSON); default OUT.info.json")
    ap.add_argument("--ngram", type=int, default=5, help="word n-gram shingle size (default 5)")
    ap.add_argument("--num-perm", type=int, default=128, help="MinHash permutations (default 128)")
    ap.add_argument("--threshold", type=float, default=0.5, help="MinHashLSH Jaccard threshold (default 0.5)")
    ap.add_argument("--hash", choices=["sha1", "xxh32"], default="sha1",
                    help="shingle hash: sha1 (datasketch default) or xxh32 (needs xxhash)")
    ap.add_argument("--seed", type=int, default=1, help="MinHash seed (default 1, datasketch's)")
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=args.threshold, num_perm=args.num_perm)
    mh_kwargs = {"num_perm": args.num_perm, "seed": args.seed}
    hf = hash_function(args.hash)
    if hf is not None:
        mh_kwargs["hashfunc"] = hf

    ids = []
    uf = UnionFind()
    edges = 0
    t_hash = t_lsh = 0.0

    def shingle_stream():
        for doc_id, text in read_docs(args.docs):
            ids.append(doc_id)
            yield shingles(text, args.ngram)

    gen = MinHash.generator(shingle_stream(), **mh_kwargs)
    while True:
        a = time.perf_counter()
        m = next(gen, None)
        b = time.perf_counter()
        t_hash += b - a
        if m is None:
            break
        key = len(ids) - 1
        uf.add()
        for other in lsh.query(m):
            uf.union(key, other)
            edges += 1
        lsh.insert(key, m, check_duplication=False)
        t_lsh += time.perf_counter() - b

    a = time.perf_counter()
    with open(args.out, "w", encoding="utf-8") as f:
        for i, doc_id in enumerate(ids):
            f.write(json.dumps({"id": doc_id, "family": ids[uf.find(i)]}) + "\n")
    t_write = time.perf_counter() - a

    info = {
        "system": "datasketch MinHashLSH",
        "ngram": args.ngram, "num_perm": args.num_perm, "threshold": args.threshold,
        "lsh_bands": lsh.b, "lsh_rows": lsh.r, "hash": args.hash, "seed": args.seed,
        "documents": len(ids), "candidate_edges": edges,
        "seconds": {"read+shingle+minhash": t_hash, "lsh query+insert": t_lsh,
                    "write": t_write, "total": time.perf_counter() - t0},
    }
    with open(args.info or args.out + ".info.json", "w") as f:
        json.dump(info, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
