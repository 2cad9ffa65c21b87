#!/usr/bin/env python3
"""Benchmark copy-family clustering: unspin dedup against datasketch MinHash
LSH and text-dedup, on one data set, in one run.

Every system runs as its own subprocess under measure.py, which records its
wall time and peak memory. Each writes OUT/<system>.jsonl with one
{"id", "family"} line per document; score.py compares that with the truth.
The table goes to stdout, OUT/results.md and OUT/results.json.

Example:
  python bench/dedup/run.py --docs docs.jsonl --truth truth.jsonl --out /tmp/bench \\
      --unspin target/release/unspin
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import score as scoring  # noqa: E402

INSTALL_HINT = "pip install -r bench/dedup/requirements.txt"


def datasketch_system(name, ngram, threshold, num_perm=128, hash_name="xxh32", default=True, why=""):
    return {
        "name": name,
        "default": default,
        "python_module": "datasketch",
        "settings": f"word {ngram}-grams, {num_perm} perm, LSH threshold {threshold}, {hash_name}",
        "why": why,
        "cmd": lambda a, out: [a.python, os.path.join(HERE, "baseline_datasketch.py"),
                               "--docs", a.docs, "--out", out, "--ngram", str(ngram),
                               "--threshold", str(threshold), "--num-perm", str(num_perm),
                               "--hash", hash_name],
    }


def textdedup_system(name, algo, settings, why):
    def cmd(a, out):
        c = [a.python, os.path.join(HERE, "baseline_textdedup.py"), "--algo", algo,
             "--docs", a.docs, "--out", out, "--work", os.path.join(a.out, f"{name}.work")]
        if a.num_proc:
            c += ["--num-proc", str(a.num_proc)]
        if a.keep_work:
            c.append("--keep-work")
        return c
    return {"name": name, "default": True, "python_module": "text_dedup",
            "settings": settings, "why": why, "cmd": cmd}


def textdedup041_system(algo, settings):
    name = f"text-dedup-0.4.1-{algo}"

    def cmd(a, out):
        c = [a.textdedup041_python, os.path.join(HERE, "baseline_textdedup041.py"), "--algo", algo,
             "--docs", a.docs, "--out", out, "--work", os.path.join(a.out, f"{name}.work")]
        if a.num_proc:
            c += ["--num-proc", str(a.num_proc)]
        if a.keep_work:
            c.append("--keep-work")
        return c
    return {"name": name, "default": True, "python_module": "text_dedup",
            "python_arg": "textdedup041_python",
            "install": "pip install -r bench/dedup/requirements-textdedup041.txt (Python >= 3.12)",
            "settings": settings,
            "why": "newest text-dedup (needs Python >= 3.12); only with --textdedup041-python",
            "cmd": cmd}


SYSTEMS = [
    datasketch_system("datasketch-w5", 5, 0.5,
                      why="the usual datasketch recipe: word 5-gram shingles, 128 permutations, threshold 0.5"),
    datasketch_system("datasketch-w3", 3, 0.5,
                      why="same with word 3-grams, which survive synonym swaps more often"),
    datasketch_system("datasketch-w3-t0.3", 3, 0.3,
                      why="a recall-oriented setting for spun copies: on the 2,000-document synthetic "
                          "test set threshold 0.3 kept pairwise precision at 100%, 0.2 dropped it to 94%"),
    datasketch_system("datasketch-w5-sha1", 5, 0.5, hash_name="sha1", default=False,
                      why="datasketch-w5 with datasketch's default SHA-1 shingle hash (slower, same recall)"),
    textdedup_system("text-dedup-minhash", "minhash",
                     "text-dedup 0.4.0 defaults: word 5-grams, 250 perm, threshold 0.7, sha1, min_length 5",
                     why="text-dedup's MinHash script with its own defaults"),
    textdedup_system("text-dedup-simhash", "simhash",
                     "text-dedup 0.4.0 defaults: char 3-grams, 64-bit SimHash, bit_diff 3, 4 buckets",
                     why="text-dedup's SimHash script with its own defaults"),
    textdedup041_system("minhash", "text-dedup 0.4.1 README config: word 5-grams, 240 perm, threshold 0.7, "
                                   "xxh3, false-positive check on"),
    textdedup041_system("simhash", "text-dedup 0.4.1 defaults: word 3-grams, 64-bit SimHash, bit_diff 3, "
                                   "4 buckets"),
    {"name": "unspin", "default": True, "python_module": None,
     "settings": "unspin dedup (defaults)", "why": "the system under test; only with --unspin",
     "cmd": lambda a, out: [a.unspin, "dedup", a.docs, "-o", out, "--format", "jsonl"]},
]
BY_NAME = {s["name"]: s for s in SYSTEMS}


def fail(msg):
    print(f"error: {msg}", file=sys.stderr)
    sys.exit(2)


def scan_inputs(docs_path, truth):
    """One streaming pass over DOCS: count, mean word count, id check."""
    n = words = 0
    seen = set()
    dup = 0
    with open(docs_path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"{docs_path}:{lineno}: not valid JSON ({e.msg})")
            if not isinstance(obj, dict) or "id" not in obj or "text" not in obj:
                fail(f"{docs_path}:{lineno}: expected an object with \"id\" and \"text\"")
            doc_id = str(obj["id"])
            dup += doc_id in seen
            seen.add(doc_id)
            n += 1
            words += len(str(obj["text"]).split())
    if n == 0:
        fail(f"{docs_path}: no documents")
    not_in_truth = len(seen - truth.keys())
    not_in_docs = len(truth.keys() - seen)
    return {"documents": n, "mean_words": words / n, "duplicate_ids": dup,
            "docs_without_truth": not_in_truth, "truth_without_docs": not_in_docs}


def module_available(python, module):
    try:
        r = subprocess.run([python, "-c", f"import {module}"], capture_output=True, text=True, timeout=120)
    except OSError as e:
        return False, f"cannot run {python}: {e.strerror}"
    if r.returncode != 0:
        last = (r.stderr.strip().splitlines() or ["import failed"])[-1]
        return False, last
    return True, ""


def tail(path, n=8):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = [ln.rstrip() for ln in f if ln.strip()]
    except OSError:
        return ""
    return "\n".join(lines[-n:])


def stop_group(proc):
    """SIGTERM the process group of proc, SIGKILL it if still alive after 10 s."""
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            return
        try:
            proc.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def run_system(sys_def, a):
    name = sys_def["name"]
    out = os.path.join(a.out, f"{name}.jsonl")
    log = os.path.join(a.out, f"{name}.log")
    meas = os.path.join(a.out, f"{name}.measure.json")
    row = {"name": name, "settings": sys_def["settings"], "why": sys_def["why"],
           "output": out, "log": log}
    for p in (out, meas, out + ".info.json"):
        if os.path.exists(p):
            os.remove(p)

    # prerequisites: a missing baseline is reported, the others still run
    if sys_def["python_module"]:
        python = getattr(a, sys_def.get("python_arg", "python"))
        ok, why = module_available(python, sys_def["python_module"])
        if not ok:
            row["status"] = f"not installed ({why}); install: {sys_def.get('install', INSTALL_HINT)}"
            print(f"[{name}] skipped: {row['status']}", file=sys.stderr)
            return row

    cmd = sys_def["cmd"](a, out)
    print(f"[{name}] running: {' '.join(cmd)}", file=sys.stderr, flush=True)
    started = time.time()
    with open(log, "w") as logf:
        # own process group, so that a timeout stops the system's workers too
        proc = subprocess.Popen([sys.executable, os.path.join(HERE, "measure.py"), "--result", meas, "--", *cmd],
                                stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = proc.wait(timeout=a.timeout)
        except subprocess.TimeoutExpired:
            rc = None
            stop_group(proc)
    try:
        with open(meas) as f:
            m = json.load(f)
    except (OSError, json.JSONDecodeError):
        m = {}
    row.update({k: m.get(k) for k in ("wall_s", "user_s", "sys_s", "peak_rss_mb", "peak_total_mb")})
    if rc is None:
        row["status"] = f"timed out after {a.timeout} s"
        row["wall_s"] = time.time() - started
    elif rc != 0:
        row["status"] = f"failed (exit {rc}); see {log}"
    elif not os.path.exists(out):
        row["status"] = f"no output written; see {log}"
    else:
        row["status"] = "ok"
    if row["status"] != "ok":
        print(f"[{name}] {row['status']}\n{tail(log)}", file=sys.stderr)
        return row

    try:
        with open(out + ".info.json") as f:
            info = json.load(f)
        row["info"] = info
        if "lsh_bands" in info:
            row["settings"] += f" (b={info['lsh_bands']}, r={info['lsh_rows']})"
    except (OSError, json.JSONDecodeError):
        pass
    try:
        row["scores"] = scoring.score(out, a.truth, a.truth_map)
    except scoring.InputError as e:
        row["status"] = f"output not scorable: {e}"
        print(f"[{name}] {row['status']}", file=sys.stderr)
        return row
    print(f"[{name}] done in {row['wall_s']:.1f} s, peak RSS {row['peak_rss_mb']:.0f} MB", file=sys.stderr)
    return row


def main(argv=None):
    ap = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Systems (default set marked *): " + "; ".join(
            f"{s['name']}{'*' if s['default'] else ''}" for s in SYSTEMS)
        + ". unspin runs only with --unspin, the text-dedup-0.4.1 systems only with --textdedup041-python.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", required=True, metavar="DOCS.jsonl",
                    help="documents: {\"id\", \"text\", \"date\"(optional)} per line")
    ap.add_argument("--truth", required=True, metavar="TRUTH.jsonl",
                    help="truth: {\"id\", \"family\", \"kind\"} per line")
    ap.add_argument("--out", required=True, metavar="OUTDIR",
                    help="folder for outputs, logs, results.json and results.md (created)")
    ap.add_argument("--unspin", metavar="PATH", help="unspin binary; runs `PATH dedup DOCS -o OUTDIR/unspin.jsonl --format jsonl`")
    ap.add_argument("--only", nargs="+", metavar="NAME", help="run only these systems (see the list below)")
    ap.add_argument("--python", default=sys.executable,
                    help="Python that has the baselines installed (default: the one running this script)")
    ap.add_argument("--textdedup041-python", metavar="PY",
                    help="a Python >= 3.12 with text-dedup 0.4.1 installed (requirements-textdedup041.txt); "
                         "adds the text-dedup-0.4.1-minhash and -simhash systems")
    ap.add_argument("--num-proc", type=int,
                    help="worker processes for text-dedup (default: its own, os.cpu_count())")
    ap.add_argument("--timeout", type=float, help="seconds allowed per system (default: no limit)")
    ap.add_argument("--keep-work", action="store_true", help="keep text-dedup's scratch folders")
    a = ap.parse_args(argv)

    for label, path in (("--docs", a.docs), ("--truth", a.truth)):
        if not os.path.isfile(path):
            fail(f"{label} {path}: no such file")
    if a.unspin and not (os.path.isfile(a.unspin) and os.access(a.unspin, os.X_OK)):
        fail(f"--unspin {a.unspin}: not an executable file")
    if a.only:
        unknown = [n for n in a.only if n not in BY_NAME]
        if unknown:
            fail(f"unknown system(s) {', '.join(unknown)}; choose from: {', '.join(BY_NAME)}")
        if "unspin" in a.only and not a.unspin:
            fail("--only unspin needs --unspin PATH")
        if any(n.startswith("text-dedup-0.4.1") for n in a.only) and not a.textdedup041_python:
            fail("the text-dedup-0.4.1 systems need --textdedup041-python PY")
        chosen = [BY_NAME[n] for n in a.only]
    else:
        chosen = [s for s in SYSTEMS if s["default"]
                  and (s["name"] != "unspin" or a.unspin)
                  and (not s["name"].startswith("text-dedup-0.4.1") or a.textdedup041_python)]

    a.docs = os.path.abspath(a.docs)
    a.truth = os.path.abspath(a.truth)
    a.out = os.path.abspath(a.out)
    if a.unspin:
        a.unspin = os.path.abspath(a.unspin)
    os.makedirs(a.out, exist_ok=True)

    try:
        a.truth_map = scoring.load_truth(a.truth)
    except scoring.InputError as e:
        fail(str(e))
    data = scan_inputs(a.docs, a.truth_map)
    data.update(docs=a.docs, truth=a.truth)
    print(f"data: {data['documents']} documents, {data['mean_words']:.0f} words on average", file=sys.stderr)
    for key, what in (("docs_without_truth", "documents have no truth line"),
                      ("truth_without_docs", "truth lines have no document"),
                      ("duplicate_ids", "document ids are repeated")):
        if data[key]:
            print(f"warning: {data[key]} {what}", file=sys.stderr)

    rows = [run_system(s, a) for s in chosen]

    kinds = {}
    for _, kind in a.truth_map.values():
        kinds[kind] = kinds.get(kind, 0) + 1
    data["kinds"] = dict(sorted(kinds.items(), key=lambda kv: scoring.kind_order(kv[0])))
    machine = {"cpu_count": os.cpu_count(), "platform": platform.platform(),
               "python": platform.python_version()}
    results = {"data": data, "machine": machine, "systems": rows}
    with open(os.path.join(a.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)

    table = scoring.markdown_table(rows)
    kinds_txt = ", ".join(f"{k} {v}" for k, v in data["kinds"].items())
    md = [f"# Copy-family clustering benchmark",
          "",
          f"Data: {data['documents']} documents ({kinds_txt}), "
          f"{data['mean_words']:.0f} words on average; {machine['cpu_count']} CPUs, {machine['platform']}.",
          "",
          table,
          "",
          "Time: wall clock; CPU: user + system time of all the system's processes. "
          "Recall: share of copies of that kind in the same cluster as their original. "
          "Precision: pairwise, over all pairs inside predicted clusters. "
          "False merges: originals and unrelated documents clustered with another family's documents. "
          "Peak RSS: largest single process; peak total: sampled PSS sum over the process tree.",
          ""]
    md += [f"- **{r['name']}** ({r['settings']}): {r['why']}. Status: {r['status']}." for r in rows]
    with open(os.path.join(a.out, "results.md"), "w") as f:
        f.write("\n".join(md) + "\n")
    print(table)
    print(f"\nwritten: {os.path.join(a.out, 'results.md')}, {os.path.join(a.out, 'results.json')}")
    return 0 if all(r["status"] == "ok" for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
