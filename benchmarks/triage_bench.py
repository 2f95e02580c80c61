"""Throughput, memory and scaling of `exolint triage` on a generated crawl (issue 5).

The crawl is `benchmarks.generate`'s crawl mix (med-spa sites of 200 pages:
services, staff, prices, blog, reviews; exosome pages a minority), written
as JSON Lines (or WARC.gz with --format warc) to a temporary folder; page
`i` depends only on the seed, so every run reads the same bytes. Each
(pages, jobs) pair runs `exolint triage` as a subprocess, exactly as a user
would, and the benchmark samples the resident memory of the whole process
tree (driver, fork server, workers) every 50 ms with psutil and keeps the
peak of the sum: an upper bound, since forked workers share pages that RSS
counts once per process. pages/s is pages over wall time, start-up and
outputs included; the CPU seconds of the tree and the load average are
printed beside it, so a reader can see whether the machine was quiet.
With --repeat N the (pages, jobs) runs alternate and the fastest of each
counts: on a shared machine, other jobs only ever slow a run down.

    python -m benchmarks.triage_bench                         # 10k and 100k pages, --jobs 1 and 2
    python -m benchmarks.triage_bench --pages 2000 --jobs 1 2 # a quick look
    python -m benchmarks.triage_bench --pages 20000 --repeat 3  # best of 3, for scaling on a busy machine
    python -m benchmarks.triage_bench --json results.json
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psutil

from benchmarks.generate import iter_crawl_pages

EXOLINT = [sys.executable, "-c", "import sys; from exolint.cli import main; sys.exit(main())"]
SAMPLE_SECONDS = 0.05


def write_jsonl(path: Path, pages: int, seed: int) -> int:
    with path.open("w", encoding="utf-8") as f:
        for url, html in iter_crawl_pages(pages, seed):
            f.write(json.dumps({"url": url, "html": html}, ensure_ascii=False) + "\n")
    return path.stat().st_size


def write_warc(path: Path, pages: int, seed: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, html in iter_crawl_pages(pages, seed):
            http = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=io.BytesIO(html.encode()), http_headers=http
            )
            writer.write_record(record)
    return path.stat().st_size


def measure(argv: list[str], cwd: Path) -> dict[str, float]:
    """Run `argv`; wall seconds, peak RSS of the process tree (MB), CPU seconds of the tree."""
    start = time.monotonic()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = 0
    cpu: dict[int, float] = {}
    while proc.poll() is None:
        total = 0
        try:
            tree = [root, *root.children(recursive=True)]
        except psutil.NoSuchProcess:
            break
        for p in tree:
            try:
                total += p.memory_info().rss
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
            except psutil.NoSuchProcess:
                continue
        peak = max(peak, total)
        time.sleep(SAMPLE_SECONDS)
    _, stderr = proc.communicate()
    wall = time.monotonic() - start
    if proc.returncode != 0:
        raise SystemExit(f"exolint triage failed ({proc.returncode}): {stderr.decode()}")
    return {"seconds": wall, "peak_rss_mb": peak / 1e6, "cpu_seconds": sum(cpu.values())}


def machine() -> dict[str, Any]:
    model = (
        next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            platform.processor() or "unknown",
        )
        if Path("/proc/cpuinfo").exists()
        else platform.processor()
    )
    return {
        "cpus": os.cpu_count(),
        "cpu_model": model,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pages", type=int, nargs="+", default=[10_000, 100_000])
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--format", choices=("jsonl", "warc"), default="jsonl")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workdir", type=Path, help="where to write the crawl (default: a temporary folder)")
    ap.add_argument("--json", type=Path, help="also write the results here")
    ap.add_argument(
        "--repeat", type=int, default=1, help="runs per (pages, jobs), interleaved; the fastest counts"
    )
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="triage-bench-", dir=args.workdir))
    results: list[dict[str, Any]] = []
    try:
        for pages in args.pages:
            crawl = work / f"crawl-{pages}.{'jsonl' if args.format == 'jsonl' else 'warc.gz'}"
            t = time.monotonic()
            size = (write_jsonl if args.format == "jsonl" else write_warc)(crawl, pages, args.seed)
            print(
                f"# {pages:,} pages, {size / 1e6:,.0f} MB {args.format} in {time.monotonic() - t:.0f} s",
                file=sys.stderr,
            )
            best: dict[int, tuple[dict[str, float], float, dict[str, int]]] = {}
            times: dict[int, list[float]] = {jobs: [] for jobs in args.jobs}
            for _ in range(args.repeat):  # interleaved: a busy spell on a shared machine hits every --jobs
                for jobs in args.jobs:
                    out = work / f"out-{pages}-{jobs}"
                    load = os.getloadavg()[0]
                    argv = [
                        *EXOLINT,
                        "triage",
                        crawl.name,
                        "--out",
                        out.name,
                        "-j",
                        str(jobs),
                        "--no-progress",
                    ]
                    m = measure(argv, work)
                    counts = json.loads((out / "manifest.json").read_text())["counts"]
                    assert counts["pages"] == pages == counts["scored"] + counts["failed"]
                    shutil.rmtree(out)
                    times[jobs].append(round(m["seconds"], 1))
                    print(f"# {pages:,} pages, --jobs {jobs}: {m['seconds']:.1f} s", file=sys.stderr)
                    if jobs not in best or m["seconds"] < best[jobs][0]["seconds"]:
                        best[jobs] = (m, load, counts)
            for jobs in args.jobs:
                m, load, counts = best[jobs]
                row = {
                    "pages": pages,
                    "jobs": jobs,
                    "format": args.format,
                    "input_mb": round(size / 1e6, 1),
                    "seconds": round(m["seconds"], 1),
                    "pages_per_second": round(pages / m["seconds"], 1),
                    "mb_per_second": round(size / 1e6 / m["seconds"], 2),
                    "peak_rss_mb": round(m["peak_rss_mb"], 1),
                    "cpu_seconds": round(m["cpu_seconds"], 1),
                    "load_before": round(load, 2),
                    "flagged_pages": counts["flagged_pages"],
                    "sites": counts["sites"],
                    "all_seconds": times[jobs],
                }
                results.append(row)
                print(json.dumps(row), file=sys.stderr)
            crawl.unlink()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print("| pages | jobs | wall s | pages/s | MB/s | peak RSS (tree) | CPU s | load before |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['pages']:,} | {r['jobs']} | {r['seconds']} | {r['pages_per_second']:,} "
            f"| {r['mb_per_second']} | {r['peak_rss_mb']} MB | {r['cpu_seconds']} | {r['load_before']} |"
        )
    by = {(r["pages"], r["jobs"]): r for r in results}
    for pages in args.pages:
        one, two = by.get((pages, 1)), by.get((pages, 2))
        if one and two:
            ratio = two["pages_per_second"] / one["pages_per_second"]
            print(f"\nscaling 1 -> 2 jobs at {pages:,} pages: {ratio:.2f}x")
    summary = {"machine": machine(), "results": results}
    print("\n" + json.dumps(summary["machine"]))
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
