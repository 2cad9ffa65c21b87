#!/usr/bin/env python3
"""text-dedup 0.4.1 baseline (needs Python >= 3.12): MinHash or SimHash
near-deduplication of a local JSONL file, offline, writing the cluster of
every document.

text-dedup 0.4.1 replaced 0.4.0's command-line options with a config file:
`python -m text_dedup.minhash` (or `.simhash`) reads ./config.toml
(pydantic-settings). This wrapper writes that file with the input read by
Hugging Face `datasets`' json loader (offline) and `save_clusters = true`,
which pickles {row index: cluster} to OUTPUT/clusters.pickle. Row index = line
number among the non-empty lines of DOCS, so the wrapper maps it back to ids;
documents with no entry are their own family. Output: {"id", "family"} per
input line, in input order.

Algorithm settings:
  minhash  the MinHash config of text-dedup's README (0.4.1 has no defaults
           for num_perm and threshold): word 5-grams, 240 permutations,
           threshold 0.7, 64-bit hashes, false-positive check on;
  simhash  the code's defaults: word 3-grams, 64-bit SimHash, Hamming
           distance <= 3, 4 buckets, no false-positive check.
"""

from __future__ import annotations

import argparse
import json
import numbers
import os
import pickle
import shutil
import subprocess
import sys
import time

INPUT_OUTPUT = """\
[input]
input_type = "local_files"
file_type = "json"

[input.read_arguments]
path = "json"
data_files = {docs}
split = "train"
cache_dir = {cache}

[output]
output_dir = {output}
clean_cache = false
save_clusters = true

[debug]
enable_profiling = false

"""

ALGORITHM = {
    "minhash": """\
[algorithm]
algorithm_name = "minhash"
text_column = "text"
seed = 42
batch_size = 10000
num_perm = 240
threshold = 0.7
false_positive_weight = 0.5
false_negative_weight = 0.5
hash_bits = 64
ngram_size = 5
check_false_positive = true
""",
    "simhash": """\
[algorithm]
algorithm_name = "simhash"
text_column = "text"
""",
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--algo", choices=["minhash", "simhash"], default="minhash",
                    help="text-dedup algorithm (default minhash)")
    ap.add_argument("--docs", required=True, help="input JSONL: {\"id\", \"text\"} per line")
    ap.add_argument("--out", required=True, help="output JSONL: {\"id\", \"family\"} per line")
    ap.add_argument("--work", required=True, help="scratch folder (removed afterwards unless --keep-work)")
    ap.add_argument("--info", help="where to write run details (JSON); default OUT.info.json")
    ap.add_argument("--num-proc", type=int, help="text-dedup num_proc (default: its own, os.cpu_count())")
    ap.add_argument("--keep-work", action="store_true", help="keep the scratch folder")
    args = ap.parse_args(argv)

    if sys.version_info < (3, 12):
        print(f"error: text-dedup 0.4.1 needs Python >= 3.12, this is {sys.version.split()[0]}",
              file=sys.stderr)
        return 3
    try:
        import text_dedup  # noqa: F401
    except ImportError as e:
        print(f"error: text-dedup cannot be imported in this Python ({sys.executable}): {e}; install it with: "
              "pip install -r bench/dedup/requirements-textdedup041.txt", file=sys.stderr)
        return 3

    docs = os.path.abspath(args.docs)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    output = os.path.join(work, "dedup")
    config = INPUT_OUTPUT.format(docs=json.dumps(docs), cache=json.dumps(os.path.join(work, "cache")),
                                 output=json.dumps(output)) + ALGORITHM[args.algo]
    if args.num_proc:
        config += f"num_proc = {args.num_proc}\n"
    with open(os.path.join(work, "config.toml"), "w") as f:
        f.write(config)
    cmd = [sys.executable, "-m", f"text_dedup.{args.algo}"]
    env = dict(os.environ, HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1",
               HF_HOME=os.path.join(work, "hf_home"))
    print("running:", " ".join(cmd), "with", os.path.join(work, "config.toml"), file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, env=env, cwd=work)
    t_run = time.perf_counter() - t0
    if rc != 0:
        print(f"error: text-dedup {args.algo} exited with status {rc}", file=sys.stderr)
        return rc

    t1 = time.perf_counter()
    with open(os.path.join(output, "clusters.pickle"), "rb") as f:
        clusters = pickle.load(f)  # nosec: written just now by text-dedup
    ids = []
    with open(docs, encoding="utf-8") as fin:
        for line in fin:
            if line.strip():
                ids.append(str(json.loads(line)["id"]))
    # In both configurations used here the cluster value is a row index: the
    # cluster's smallest row (MinHash after the false-positive check) or its
    # union-find root (SimHash, whose map leaves the root itself out). So a
    # row with no entry is either alone or a root, and both are named by
    # their own id.
    linked = 0
    with open(args.out, "w", encoding="utf-8") as fout:
        for i, doc_id in enumerate(ids):
            c = clusters.get(i)
            if c is None:
                family = doc_id
            elif isinstance(c, numbers.Integral) and 0 <= c < len(ids):
                family = ids[int(c)]
            else:
                raise SystemExit(f"error: unexpected cluster value {c!r} in clusters.pickle")
            linked += family != doc_id
            fout.write(json.dumps({"id": doc_id, "family": family}) + "\n")
    t_convert = time.perf_counter() - t1

    import importlib.metadata as md
    info = {
        "system": f"text-dedup {args.algo}",
        "text_dedup_version": md.version("text-dedup"),
        "config": config,
        "documents": len(ids),
        "documents_linked_to_another": linked,
        "seconds": {"text-dedup script": t_run, "read clusters + write": t_convert},
    }
    with open(args.info or args.out + ".info.json", "w") as f:
        json.dump(info, f, indent=2)
    if not args.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
