"""Start-up: wall time of `exolint check` on one small file, as a user runs it.

Each run is a fresh process of the installed console script (the one next to
the Python that runs this benchmark, as in a venv; else the first `exolint`
on PATH), so interpreter start, imports, policy load and parser build are all
counted. Two untimed runs first warm the OS file cache and write the
bytecode caches; then the median of `--runs` runs is reported. The budget is
on wall time; the CPU time of the same runs (user + system of the child) is
printed beside it, with the load average, because on a busy shared machine
wall time also counts waiting for a CPU.

    python -m benchmarks.startup                       # examples/social-captions.txt
    python -m benchmarks.startup --file page.html --runs 21 --check
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import time
from pathlib import Path
from typing import Final

from benchmarks.common import console_script

BUDGET_S: Final = 0.3  # issue 2: start-up under 0.3 s on one core
DEFAULT_FILE: Final = Path(__file__).resolve().parent.parent / "examples" / "social-captions.txt"
WARMUP_RUNS: Final = 2


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_runs(cmd: list[str], runs: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each run; exit 0 or 1 (findings) is fine, anything else is an error."""
    times = []
    for n in range(WARMUP_RUNS + runs):
        cpu, start = _child_cpu(), time.perf_counter()
        proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed, used = time.perf_counter() - start, _child_cpu() - cpu
        if proc.returncode not in (0, 1):
            raise SystemExit(f"startup.py: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()}")
        if n >= WARMUP_RUNS:
            times.append((elapsed, used))
    return times


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--file", type=Path, default=DEFAULT_FILE, help="the small file to lint")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--exolint", help="console script to run (default: this environment's)")
    ap.add_argument("--check", action="store_true", help=f"exit 1 when the median is over {BUDGET_S} s")
    args = ap.parse_args(argv)

    exe = args.exolint or console_script("startup.py")
    times = time_runs([exe, "check", str(args.file)], args.runs)
    wall = [w for w, _ in times]
    median = statistics.median(wall)
    size = args.file.stat().st_size
    verdict = "ok" if median < BUDGET_S else "MISSED"
    print(f"exolint check {args.file.name} ({size:,} bytes) with {exe}")
    print(
        f"start-up: median {median:.3f} s wall (min {min(wall):.3f}, max {max(wall):.3f}) "
        f"over {len(wall)} runs, "
        f"median {statistics.median(c for _, c in times):.3f} s CPU; budget < {BUDGET_S} s wall {verdict}"
    )
    print("load average: " + " ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1, 5, 15 min)")
    return 1 if args.check and median >= BUDGET_S else 0


if __name__ == "__main__":
    raise SystemExit(main())
