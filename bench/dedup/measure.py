#!/usr/bin/env python3
"""Run one command and record its wall time and peak memory.

run.py starts a fresh copy of this wrapper for every system, so the
resource usage it reads belongs to that one system only:

  wall_s            wall-clock time from start to exit of the command
  user_s, sys_s     CPU time of the command and all its descendants
  peak_rss_mb       the largest peak resident set of any single process of the
                    command (getrusage(RUSAGE_CHILDREN).ru_maxrss, the figure
                    GNU `time -v` prints as "Maximum resident set size")
  peak_total_mb     the largest sum of proportional set sizes (PSS) over the
                    command's whole process tree, sampled every --interval
                    seconds, less often for large processes so that sampling
                    stays under ~10% of one core (needs psutil). For a
                    multi-process tool this is the honest total: pages
                    shared between forked workers are counted once. None
                    when psutil is missing.

Usage: measure.py --result RESULT.json [--interval S] -- COMMAND [ARG...]
The wrapper exits with the command's exit status.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import threading
import time

try:
    import psutil
except ImportError:  # the benchmark still runs; only peak_total_mb is lost
    psutil = None


def _tree_memory(proc):
    """PSS (or RSS where PSS is unreadable) summed over proc and descendants."""
    total = 0
    try:
        procs = [proc] + proc.children(recursive=True)
    except psutil.Error:
        return 0
    for p in procs:
        try:
            try:
                total += p.memory_full_info().pss
            except (psutil.AccessDenied, AttributeError):
                total += p.memory_info().rss
        except psutil.Error:
            pass  # exited between listing and reading
    return total


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--result", required=True, help="where to write the measurements (JSON)")
    ap.add_argument("--interval", type=float, default=0.05,
                    help="shortest sampling interval for the process-tree memory (s, default 0.05)")
    ap.add_argument("command", nargs=argparse.REMAINDER, help="-- COMMAND [ARG...]")
    args = ap.parse_args(argv)
    cmd = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not cmd:
        ap.error("no command given")

    start = time.perf_counter()
    try:
        child = subprocess.Popen(cmd)
    except OSError as e:
        print(f"measure: cannot start {cmd[0]}: {e.strerror}", file=sys.stderr)
        with open(args.result, "w") as f:
            json.dump({"returncode": None, "error": f"cannot start {cmd[0]}: {e.strerror}"}, f)
        return 127

    peak_total = [0]
    done = threading.Event()

    def sample():
        proc = psutil.Process(child.pid)
        while not done.is_set():
            t = time.perf_counter()
            peak_total[0] = max(peak_total[0], _tree_memory(proc))
            cost = time.perf_counter() - t
            # reading PSS walks the page tables (~15 ms per GB): keep the
            # sampler under ~10% of one core so it does not slow the command
            done.wait(max(args.interval, 9 * cost))

    sampler = None
    if psutil is not None:
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
    try:
        rc = child.wait()
    except KeyboardInterrupt:
        child.terminate()
        rc = child.wait()
    wall = time.perf_counter() - start
    done.set()
    if sampler is not None:
        sampler.join()

    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    # ru_maxrss is in KiB on Linux, bytes on macOS
    rss_bytes = ru.ru_maxrss if sys.platform == "darwin" else ru.ru_maxrss * 1024
    result = {
        "returncode": rc,
        "wall_s": wall,
        "user_s": ru.ru_utime,
        "sys_s": ru.ru_stime,
        "peak_rss_mb": rss_bytes / 2**20,
        "peak_total_mb": (peak_total[0] / 2**20) if psutil is not None else None,
        "cpu_count": os.cpu_count(),
    }
    with open(args.result, "w") as f:
        json.dump(result, f, indent=2)
    return rc if rc >= 0 else 128 - rc


if __name__ == "__main__":
    sys.exit(main())
