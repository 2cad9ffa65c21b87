#!/usr/bin/env python3
"""Score a copy-family clustering against the truth of a benchmark data set.

Inputs (JSON Lines, one object per line):
  prediction: {"id": str, "family": str, ...}   family = predicted cluster label
  truth:      {"id": str, "family": str, "kind": str}
              kind is original, verbatim, spun<rate> (spun10, spun25, ...),
              partial or unrelated.

Metrics (see README.md for the reasoning):
  recall[kind]   share of the copy documents of that kind that sit in the same
                 predicted cluster as their family's original.
  precision      pairwise precision: among all document pairs that share a
                 predicted cluster, the share whose two documents belong to
                 the same true family. Computed per cluster from per-family
                 counts, so no pair list is ever built.
  pair_recall    among all document pairs of the same true family, the share
                 that share a predicted cluster.
  false_merges   originals and unrelated documents whose predicted cluster
                 also holds a document of another true family.

A document missing from the prediction counts as a cluster of its own.

Usable on its own:
  python bench/dedup/score.py --pred OUT/datasketch-w5.jsonl --truth TRUTH.jsonl
and imported by run.py (score(), markdown_table()).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict

COPY_KINDS_FIXED = ("verbatim", "partial")


class InputError(Exception):
    """A benchmark input file is missing or malformed."""


def _read_jsonl(path, required):
    try:
        f = open(path, encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot open {path}: {e.strerror}") from None
    with f:
        for lineno, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{path}:{lineno}: not valid JSON ({e.msg})") from None
            if not isinstance(obj, dict):
                raise InputError(f"{path}:{lineno}: expected a JSON object")
            for key in required:
                if key not in obj:
                    raise InputError(f"{path}:{lineno}: missing field {key!r}")
            yield lineno, obj


def load_truth(path):
    """Return {id: (family, kind)}."""
    truth = {}
    for lineno, obj in _read_jsonl(path, ("id", "family", "kind")):
        doc_id = str(obj["id"])
        if doc_id in truth:
            raise InputError(f"{path}:{lineno}: duplicate id {doc_id!r}")
        truth[doc_id] = (str(obj["family"]), str(obj["kind"]))
    if not truth:
        raise InputError(f"{path}: no records")
    return truth


def load_prediction(path):
    """Return {id: cluster label}. A repeated id keeps its first label."""
    pred = {}
    for _, obj in _read_jsonl(path, ("id", "family")):
        pred.setdefault(str(obj["id"]), str(obj["family"]))
    return pred


def kind_group(kind):
    """Column a copy kind is reported under; None for original/unrelated."""
    if kind in ("original", "unrelated"):
        return None
    return kind


def kind_order(kind):
    """Sort key: verbatim, spun by rate, partial, anything else."""
    if kind == "verbatim":
        return (0, 0, kind)
    if kind.startswith("spun"):
        m = re.match(r"spun(\d+)", kind)
        return (1, int(m.group(1)) if m else 10**6, kind)
    if kind == "partial":
        return (2, 0, kind)
    return (3, 0, kind)


def score(pred_path, truth_path, truth=None):
    """Score one prediction file. `truth` may be passed pre-loaded."""
    if truth is None:
        truth = load_truth(truth_path)
    pred = load_prediction(pred_path)

    missing = 0
    cluster_of = {}
    for doc_id in truth:
        label = pred.get(doc_id)
        if label is None:
            missing += 1
            # own cluster; prefix keeps it apart from any real label
            label = "\x00missing:" + doc_id
        cluster_of[doc_id] = label
    extra = sum(1 for doc_id in pred if doc_id not in truth)
    del pred

    # originals per family (normally one)
    originals = defaultdict(list)
    for doc_id, (fam, kind) in truth.items():
        if kind == "original":
            originals[fam].append(doc_id)

    # recall per copy kind, plus all spun kinds together
    found = Counter()
    total = Counter()
    no_original = 0
    for doc_id, (fam, kind) in truth.items():
        group = kind_group(kind)
        if group is None:
            continue
        origs = originals.get(fam)
        if not origs:
            no_original += 1
            continue
        hit = any(cluster_of[o] == cluster_of[doc_id] for o in origs)
        keys = [group] + (["spun (all)"] if kind.startswith("spun") else [])
        for key in keys:
            total[key] += 1
            found[key] += hit
    recall = {k: found[k] / total[k] for k in total}

    # pairwise precision / recall from per-cluster family counts
    members = defaultdict(Counter)  # cluster label -> Counter(family)
    for doc_id, (fam, _) in truth.items():
        members[cluster_of[doc_id]][fam] += 1
    pairs_pred = pairs_right = 0
    impure = set()
    clusters_ge2 = 0
    for label, fams in members.items():
        size = sum(fams.values())
        if size < 2:
            continue
        clusters_ge2 += 1
        pairs_pred += size * (size - 1) // 2
        pairs_right += sum(n * (n - 1) // 2 for n in fams.values())
        if len(fams) > 1:
            impure.add(label)
    fam_sizes = Counter(fam for fam, _ in truth.values())
    pairs_true = sum(n * (n - 1) // 2 for n in fam_sizes.values())

    false_merges = Counter()
    for doc_id, (fam, kind) in truth.items():
        if cluster_of[doc_id] in impure:
            false_merges["any kind"] += 1
            if kind in ("original", "unrelated"):
                false_merges[kind] += 1

    kinds = Counter(kind for _, kind in truth.values())
    return {
        "documents": len(truth),
        "kinds": dict(sorted(kinds.items(), key=lambda kv: kind_order(kv[0]))),
        "missing_from_prediction": missing,
        "extra_in_prediction": extra,
        "copies_without_original": no_original,
        "recall": dict(sorted(recall.items(), key=lambda kv: kind_order(kv[0]))),
        "recall_counts": {k: [found[k], total[k]] for k in total},
        "precision": (pairs_right / pairs_pred) if pairs_pred else None,
        "pair_recall": (pairs_right / pairs_true) if pairs_true else None,
        "predicted_pairs": pairs_pred,
        "correct_pairs": pairs_right,
        "true_pairs": pairs_true,
        "clusters_size_ge2": clusters_ge2,
        "impure_clusters": len(impure),
        "false_merges": {
            "original_or_unrelated": false_merges["original"] + false_merges["unrelated"],
            "original": false_merges["original"],
            "unrelated": false_merges["unrelated"],
            "any_kind": false_merges["any kind"],
        },
    }


def _pct(x):
    return "n/a" if x is None else f"{100 * x:.1f}"


def _num(x, fmt):
    return "n/a" if x is None else format(x, fmt)


def markdown_table(rows):
    """rows: list of dicts with keys name, settings, wall_s, user_s, sys_s,
    peak_rss_mb, peak_total_mb, status and scores (the dict from score(), or
    None). CPU is user + system time of all the system's processes."""
    kinds = set()
    for r in rows:
        if r.get("scores"):
            kinds.update(r["scores"]["recall"])
    kinds = sorted(kinds, key=kind_order)
    head = (["system", "settings", "time (s)", "CPU (s)", "peak RSS (MB)", "peak total (MB)"]
            + [f"recall {k} (%)" for k in kinds]
            + ["precision (%)", "false merges"])
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        s = r.get("scores")
        cells = [r["name"], r.get("settings", ""),
                 _num(r.get("wall_s"), ".1f"),
                 _num(None if r.get("user_s") is None else r["user_s"] + (r.get("sys_s") or 0), ".1f"),
                 _num(r.get("peak_rss_mb"), ".0f"),
                 _num(r.get("peak_total_mb"), ".0f")]
        if s:
            cells += [_pct(s["recall"].get(k)) for k in kinds]
            cells += [_pct(s["precision"]), str(s["false_merges"]["original_or_unrelated"])]
        else:
            cells += ["–"] * len(kinds) + ["–", r.get("status", "failed")]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Score a copy-family clustering (JSONL with id and family) against "
                    "a truth file (JSONL with id, family and kind).")
    ap.add_argument("--pred", required=True, nargs="+", metavar="PRED.jsonl",
                    help="prediction file(s): one {\"id\", \"family\"} object per line")
    ap.add_argument("--truth", required=True, metavar="TRUTH.jsonl",
                    help="truth file: one {\"id\", \"family\", \"kind\"} object per line")
    ap.add_argument("--json", action="store_true", help="print the full scores as JSON")
    args = ap.parse_args(argv)
    try:
        truth = load_truth(args.truth)
        rows = []
        for p in args.pred:
            rows.append({"name": p, "settings": "", "scores": score(p, args.truth, truth)})
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps([{"pred": r["name"], **r["scores"]} for r in rows], indent=2))
    else:
        print(markdown_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
