#!/usr/bin/env python3
"""text-dedup baseline: run its MinHash or SimHash near-deduplication on a
local JSONL file, offline, and write the cluster of every document.

text-dedup (0.4.0, the newest release that installs on Python < 3.12) ships
one command-line script per algorithm:

  python -m text_dedup.minhash --path json --data_files DOCS.jsonl --split train
         --column text --idx_column id --output DIR [--debug] ...
  python -m text_dedup.simhash  (same input/output options)

Both load the file with Hugging Face `datasets` (`load_dataset("json", ...)`,
which works offline with HF_DATASETS_OFFLINE=1), union-find the candidate
pairs, and save only the de-duplicated documents; the `__cluster__` column is
dropped before saving. With --debug they also pickle the union-find, mapped
to the `--idx_column` values, to DIR/uf.pkl. This wrapper runs the script
with its own default parameters, then reads uf.pkl to give every document
its cluster: {"id", "family"} per input line, in input order; documents the
script never linked (including those under its --min_length) are their own
family.

The wrapper's own work (reading uf.pkl, writing the JSONL) is small and is
timed separately in the info file.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import shutil
import subprocess
import sys
import time


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--algo", choices=["minhash", "simhash"], default="minhash",
                    help="text-dedup algorithm (default minhash)")
    ap.add_argument("--docs", required=True, help="input JSONL: {\"id\", \"text\"} per line")
    ap.add_argument("--out", required=True, help="output JSONL: {\"id\", \"family\"} per line")
    ap.add_argument("--work", required=True,
                    help="scratch folder for text-dedup's dataset cache and output (removed afterwards unless --keep-work)")
    ap.add_argument("--info", help="where to write run details (JSON); default OUT.info.json")
    ap.add_argument("--num-proc", type=int, default=None,
                    help="text-dedup --num_proc (default: its own default, os.cpu_count())")
    ap.add_argument("--keep-work", action="store_true", help="keep the scratch folder")
    ap.add_argument("extra", nargs="*", metavar="-- TEXT_DEDUP_OPTION",
                    help="further options passed to the text-dedup script unchanged "
                         "(e.g. -- --threshold 0.5 --ngram 3)")
    args = ap.parse_args(argv)

    try:
        import text_dedup  # noqa: F401  (the pickle below needs its UnionFind class)
    except ImportError as e:
        print(f"error: text-dedup cannot be imported in this Python ({sys.executable}): {e}; "
              "install it with: pip install -r bench/dedup/requirements.txt", file=sys.stderr)
        return 3

    docs = os.path.abspath(args.docs)
    work = os.path.abspath(args.work)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    out_dir = os.path.join(work, "dedup")
    cmd = [sys.executable, "-m", f"text_dedup.{args.algo}",
           "--path", "json", "--data_files", docs, "--split", "train",
           "--column", "text", "--idx_column", "id",
           "--cache_dir", os.path.join(work, "cache"),
           "--output", out_dir, "--debug"]
    if args.num_proc:
        cmd += ["--num_proc", str(args.num_proc)]
    cmd += args.extra
    env = dict(os.environ,
               HF_DATASETS_OFFLINE="1", HF_HUB_OFFLINE="1",
               HF_HOME=os.path.join(work, "hf_home"),
               TOKENIZERS_PARALLELISM="false")
    print("running:", " ".join(cmd), file=sys.stderr, flush=True)
    t0 = time.perf_counter()
    rc = subprocess.call(cmd, env=env, cwd=work)
    t_run = time.perf_counter() - t0
    if rc != 0:
        print(f"error: text-dedup {args.algo} exited with status {rc}", file=sys.stderr)
        return rc

    t1 = time.perf_counter()
    uf_path = os.path.join(out_dir, "uf.pkl")
    with open(uf_path, "rb") as f:
        uf = pickle.load(f)  # nosec: file written just now by text-dedup
    # keys are the id column's values as loaded (str, or int for numeric ids)
    root = {str(k): str(uf.find(k)) for k in list(uf.parent)}
    del uf
    n = linked = 0
    with open(docs, encoding="utf-8") as fin, open(args.out, "w", encoding="utf-8") as fout:
        for line in fin:
            if not line.strip():
                continue
            doc_id = str(json.loads(line)["id"])
            family = root.get(doc_id, doc_id)
            linked += family != doc_id
            n += 1
            fout.write(json.dumps({"id": doc_id, "family": family}) + "\n")
    t_convert = time.perf_counter() - t1

    import importlib.metadata as md
    info = {
        "system": f"text-dedup {args.algo}",
        "text_dedup_version": md.version("text-dedup"),
        "command": cmd,
        "documents": n,
        "documents_linked_to_another": linked,
        "seconds": {"text-dedup script": t_run, "read uf.pkl + write clusters": t_convert},
    }
    with open(args.info or args.out + ".info.json", "w") as f:
        json.dump(info, f, indent=2)
    if not args.keep_work:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
