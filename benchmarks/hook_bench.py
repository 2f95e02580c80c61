"""Pre-commit hook: wall time of `exolint check` on the 5 files of a typical commit.

What the hook costs a developer, minus pre-commit's own overhead (its
process, git calls and environment lookup are the same for every hook): one
fresh `exolint check FILE...` process, as pre-commit starts it, in a website
repository that has a `[tool.exolint]` config, a baseline and an inline
suppression, so discovery, baseline matching and directive parsing are all
counted. The 5 files are the project's examples (HTML, Markdown, text), the
kind of copy a commit changes. Two untimed runs warm the file and bytecode
caches; the median of `--runs` runs is reported.

    python -m benchmarks.hook_bench                 # figures
    python -m benchmarks.hook_bench --check         # exit 1 over the budget
    python -m benchmarks.hook_bench --markdown      # a row for docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Final

from benchmarks.common import console_script

BUDGET_S: Final = 0.5  # issue 4: the hook on 5 changed files under 0.5 s wall
EXAMPLES: Final = Path(__file__).resolve().parent.parent / "examples"
WARMUP_RUNS: Final = 2
CONFIG: Final = """[project]
name = "clinic-site"

[tool.exolint]
fail-on = "warning"
baseline = ".exolint-baseline.txt"
exclude = ["drafts"]

[tool.exolint.severity]
EXO902 = "note"
"""
SUPPRESSION: Final = (
    "<!-- exolint-disable-next-line EXO101: quotes the study protocol, reviewed by counsel -->\n"
)


def build_site(root: Path, exe: str) -> list[str]:
    """A website repository with config, baseline and a suppression; the 5 changed files."""
    files = sorted(p for p in EXAMPLES.iterdir() if p.is_file())[:5]
    if len(files) < 5:
        raise SystemExit(f"hook_bench.py: expected 5 example files in {EXAMPLES}")
    (root / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    names = []
    for i, src in enumerate(files):
        dest = root / "content" / src.name
        dest.parent.mkdir(parents=True, exist_ok=True)
        text = src.read_text(encoding="utf-8")
        if i == 0:  # one file carries an inline suppression, as adopted sites do
            text = SUPPRESSION + text
        dest.write_text(text, encoding="utf-8")
        names.append(str(dest.relative_to(root)))
    # The site adopted exolint with one page's findings accepted (untimed).
    subprocess.run(
        [exe, "check", "--write-baseline", ".exolint-baseline.txt", names[-1]],
        cwd=root,
        capture_output=True,
        check=False,
    )
    return names


def time_runs(cmd: list[str], cwd: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU (user + system) seconds of each run.

    CPU time is reported beside wall time because it does not grow when other
    processes share the machine; the budget is on wall time. Exit status 0 or
    1 (findings) is fine, anything else is an error.
    """
    walls, cpus = [], []
    for n in range(WARMUP_RUNS + runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if proc.returncode not in (0, 1):
            raise SystemExit(
                f"hook_bench.py: {' '.join(cmd)} exited {proc.returncode}: {proc.stderr.decode()}"
            )
        if n >= WARMUP_RUNS:
            walls.append(elapsed)
            cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return walls, cpus


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {system}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--exolint", help="console script to run (default: this environment's)")
    ap.add_argument("--check", action="store_true", help=f"exit 1 when the median is over {BUDGET_S} s")
    ap.add_argument("--markdown", action="store_true", help="print a table row for docs/benchmarks.md")
    args = ap.parse_args(argv)

    exe = args.exolint or console_script("hook_bench.py")
    with tempfile.TemporaryDirectory(prefix="exolint-hook-bench-") as tmp:
        site = Path(tmp)
        names = build_site(site, exe)
        size = sum((site / n).stat().st_size for n in names)
        load = os.getloadavg()[0]
        times, cpus = time_runs([exe, "check", *names], site, args.runs)
    median = statistics.median(times)
    cpu = statistics.median(cpus)
    verdict = "ok" if median < BUDGET_S else "MISSED"
    if args.markdown:
        print(
            f"| {time.strftime('%Y-%m-%d')} | {len(names)} files, {size:,} bytes | {median:.3f} s "
            f"| {min(times):.3f} s | {max(times):.3f} s | {cpu:.3f} s | {len(times)} | {load:.1f} "
            f"| {machine()} |"
        )
    else:
        print(f"exolint check on {len(names)} files ({size:,} bytes) with {exe}")
        print(
            f"hook: median {median:.3f} s wall (min {min(times):.3f} s, max {max(times):.3f} s), "
            f"median {cpu:.3f} s CPU, over {len(times)} runs; budget < {BUDGET_S} s wall {verdict}"
        )
        print(f"machine: {machine()}; load average {load:.1f} at start")
    return 1 if args.check and median >= BUDGET_S else 0


if __name__ == "__main__":
    raise SystemExit(main())
