"""Single-core throughput of the linter on the two generated HTML corpora.

What is timed is what `exolint check` does per page: decode and read the
HTML (`sources.read_bytes`), then lint it (`engine.default_engine().lint`).
The corpora are generated in memory first (`benchmarks.generate`), the
engine is warmed up on a few pages (policy load, parser build), and the
process is pinned to one CPU. Each corpus is linted `--repeat` times and
the median run is reported. Throughput is computed from the CPU time of the
run (user + system, `time.process_time`), which is what one core delivers:
on a quiet machine it equals wall time, and on a shared one (CI, other jobs)
it is not inflated by waiting for the CPU. Wall time is reported beside it,
and the load average after the runs, so a reader sees how quiet it was.
Sentences are counted afterwards, untimed, with the segmenter over every
visible text unit, so sentences/s is "all the sentences the linter read",
not only those it parsed.

    python -m benchmarks.throughput                 # both corpora, 50 MB each, 3 runs
    python -m benchmarks.throughput --mb 5 --json out.json
    python -m benchmarks.throughput --profile dense # cProfile top functions
    python -m benchmarks.throughput --check         # exit 1 if a budget is missed
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import platform
import pstats
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import MB, iter_corpus
from exolint.engine import default_engine, tune_gc
from exolint.segment import split_sentences
from exolint.sources import read_bytes

BUDGETS: Final = {"crawl": 5.0, "dense": 1.0}  # MB/s on one core (issue 2)
WARMUP_PAGES: Final = 20


@dataclass(frozen=True, slots=True)
class Result:
    corpus: str
    pages: int
    megabytes: float
    sentences: int
    findings: int
    seconds: float  # CPU seconds of the median run
    wall_seconds: float  # wall seconds of the same run
    mb_per_s: float
    pages_per_s: float
    sentences_per_s: float
    budget_mb_per_s: float

    @property
    def within_budget(self) -> bool:
        return self.mb_per_s >= self.budget_mb_per_s


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    cpu = platform.processor() or platform.machine()
    ram = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = f"{int(line.split()[1]) / 1024**2:.0f} GiB"
                break
    except OSError:  # not Linux: keep what platform knows
        pass
    return {
        "load average": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "nproc": str(os.cpu_count()),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
    }


def pin_to_one_core() -> None:
    """Measure one core, as the budget is stated, even on a many-core machine."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def lint_all(pages: Sequence[tuple[str, bytes]]) -> int:
    """What is timed: read and lint every page; returns the number of findings."""
    tune_gc()  # as `exolint check` does (exolint.cli.main)
    engine = default_engine()
    found = 0
    for url, data in pages:
        found += len(engine.lint(read_bytes(data, url, "html")))
    return found


def count_sentences(pages: Sequence[tuple[str, bytes]]) -> int:
    total = 0
    for url, data in pages:
        for unit in read_bytes(data, url, "html").units:
            total += sum(1 for _ in split_sentences(unit.text))
    return total


def measure(kind: str, mb: float, repeat: int = 3, seed: int = 0) -> Result:
    pages = list(iter_corpus(kind, int(mb * MB), seed))
    size = sum(len(data) for _, data in pages)
    lint_all(pages[:WARMUP_PAGES])
    runs = []
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        findings = lint_all(pages)
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    seconds, wall_seconds = sorted(runs)[len(runs) // 2]
    sentences = count_sentences(pages)
    return Result(
        corpus=kind,
        pages=len(pages),
        megabytes=round(size / MB, 2),
        sentences=sentences,
        findings=findings,
        seconds=round(seconds, 3),
        wall_seconds=round(wall_seconds, 3),
        mb_per_s=round(size / MB / seconds, 2),
        pages_per_s=round(len(pages) / seconds, 1),
        sentences_per_s=round(sentences / seconds),
        budget_mb_per_s=BUDGETS[kind],
    )


def profile(kind: str, mb: float, top: int = 25) -> str:
    """cProfile of linting `mb` MB of a corpus: the functions where time goes."""
    pages = list(iter_corpus(kind, int(mb * MB)))
    lint_all(pages[:WARMUP_PAGES])
    prof = cProfile.Profile()
    prof.runcall(lint_all, pages)
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out).strip_dirs()
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=50.0, help="size of each corpus in MB (default 50)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per corpus; the median is reported")
    ap.add_argument("--corpus", choices=sorted(BUDGETS), action="append", help="default: both")
    ap.add_argument("--json", type=Path, help="also write the results and the machine as JSON")
    ap.add_argument("--profile", choices=sorted(BUDGETS), help="print a cProfile of one corpus instead")
    ap.add_argument("--check", action="store_true", help="exit 1 when a corpus misses its budget")
    args = ap.parse_args(argv)

    pin_to_one_core()
    if args.profile:
        print(profile(args.profile, args.mb))
        return 0
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine().items() if k != "load average"))
    print(
        f"{'corpus':<7} {'pages':>7} {'MB':>7} {'sentences':>10} {'CPU s':>7} {'wall s':>7} {'MB/s':>7} "
        f"{'pages/s':>8} {'sentences/s':>12} budget"
    )
    results = []
    for kind in args.corpus or sorted(BUDGETS):
        r = measure(kind, args.mb, args.repeat)
        results.append(r)
        verdict = "ok" if r.within_budget else "MISSED"
        print(
            f"{r.corpus:<7} {r.pages:>7,} {r.megabytes:>7.1f} {r.sentences:>10,} {r.seconds:>7.2f} "
            f"{r.wall_seconds:>7.2f} "
            f"{r.mb_per_s:>7.2f} {r.pages_per_s:>8,.0f} {r.sentences_per_s:>12,} "
            f">= {r.budget_mb_per_s:g} MB/s {verdict}"
        )
    info = machine()
    print(f"load average after the runs: {info['load average']} (1, 5, 15 min)")
    if args.json:
        doc = {"machine": info, "results": [asdict(r) | {"within_budget": r.within_budget} for r in results]}
        args.json.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    return 1 if args.check and not all(r.within_budget for r in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
