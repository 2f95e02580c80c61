"""Time to make the HTML report for 500 documents, beyond linting (issue 3: under 2 s).

The documents are generated (`benchmarks.generate`) and linted first, as
`exolint check` would (read, lint, fingerprints), untimed; then
`report.html.render_report`, the whole reporter (view model, Jinja render,
inlined assets), is timed `--repeat` times and the median run reported, in
CPU seconds (what the reporter costs, not inflated by other jobs on a shared
machine) and wall seconds beside it. Two corpora of 500 pages each:

- **crawl**: the crawl mix, where a few pages are about exosomes: a
  reviewer's folder of a site's pages;
- **dense**: exosome marketing pages dense with claims of every kind: the
  worst case, about 85 findings a page.

`--browser` also opens each report in headless Chromium (Debian's, through
tests/chromium.py) and times the page load, a filter change and a click on
a highlight, from the page's own clock.

    python -m benchmarks.report_bench                # both corpora, 500 pages, 3 runs
    python -m benchmarks.report_bench --browser --json out.json
    python -m benchmarks.report_bench --check        # exit 1 if the budget is missed
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Final

if __package__ in (None, ""):  # run as a script: make `benchmarks` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.generate import iter_crawl_pages, iter_dense_pages
from exolint.api import LintRun
from exolint.engine import default_engine
from exolint.fingerprint import with_fingerprints
from exolint.policy.load import default_policy
from exolint.report.html import render_report
from exolint.sources import read_bytes

BUDGET_SECONDS: Final = 2.0  # issue 3: the report for 500 documents, beyond linting
CORPORA: Final = {"crawl": iter_crawl_pages, "dense": iter_dense_pages}


@dataclass(frozen=True, slots=True)
class Result:
    corpus: str
    documents: int
    findings: int
    lint_seconds: float  # CPU, once, untimed for the budget
    report_seconds: float  # CPU, median run
    report_wall_seconds: float
    html_megabytes: float
    page_load_ms: float | None = None
    filter_ms: float | None = None
    click_ms: float | None = None


def lint_corpus(corpus: str, pages: int) -> tuple[LintRun, float]:
    engine = default_engine()
    run = LintRun()
    started = time.process_time()
    for url, html in CORPORA[corpus](pages):
        doc = read_bytes(html.encode("utf-8"), url, "html")
        run.documents.append(doc)
        run.paths.append(doc.path)
        run.findings.extend(with_fingerprints(engine.lint(doc)))
    return run, time.process_time() - started


def time_report(run: LintRun, repeat: int) -> tuple[float, float, str]:
    policy = default_policy()
    render_report(LintRun(), policy)  # warm up: jinja2 import, template compilation, assets
    runs: list[tuple[float, float]] = []
    html = ""
    for _ in range(repeat):
        cpu, wall = time.process_time(), time.perf_counter()
        html = render_report(run, policy)
        runs.append((time.process_time() - cpu, time.perf_counter() - wall))
    cpu_median = statistics.median(r[0] for r in runs)
    return cpu_median, next(w for c, w in runs if c == cpu_median), html


def browser_times(html: str) -> Iterator[float]:
    """Page load, filter change and highlight click, in ms of the page's clock."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    import chromium  # type: ignore[import-not-found]  # tests/chromium.py, put on sys.path above

    reason = chromium.missing()
    if reason:
        raise SystemExit(f"--browser: {reason}")
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "report.html"
        page.write_text(html, encoding="utf-8")
        driver = chromium.start(str(Path(tmp) / "profile"))
        try:
            driver.set_page_load_timeout(300)
            driver.get(page.as_uri())
            yield driver.execute_script("return performance.getEntriesByType('navigation')[0].loadEventEnd")
            yield driver.execute_script(
                "const t = performance.now(); document.querySelector('#filters input').click();"
                "return performance.now() - t;"
            )
            yield driver.execute_script(
                "const t = performance.now(); document.querySelector('mark.hl:not(.off)').click();"
                "return performance.now() - t;"
            )
        finally:
            driver.quit()


def measure(corpus: str, pages: int, repeat: int, browser: bool) -> Result:
    run, lint_seconds = lint_corpus(corpus, pages)
    cpu, wall, html = time_report(run, repeat)
    load = filt = click = None
    if browser:
        load, filt, click = browser_times(html)
    return Result(
        corpus,
        len(run.documents),
        len(run.findings),
        round(lint_seconds, 2),
        round(cpu, 3),
        round(wall, 3),
        round(len(html.encode("utf-8")) / 1e6, 1),
        load,
        filt,
        click,
    )


def machine() -> str:
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {platform.system()} {platform.release()}; load average {load:.1f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", choices=sorted(CORPORA), action="append")
    parser.add_argument("--browser", action="store_true", help="also time the page in headless Chromium")
    parser.add_argument("--json", metavar="FILE", help="write the results as JSON")
    parser.add_argument(
        "--check", action="store_true", help=f"exit 1 if a report takes {BUDGET_SECONDS} s or more"
    )
    args = parser.parse_args(argv)
    results = [measure(c, args.pages, args.repeat, args.browser) for c in args.corpus or sorted(CORPORA)]
    print(f"machine: {machine()}")
    print(
        "| corpus | documents | findings | lint (CPU s) | report (CPU s) | report (wall s) | HTML MB "
        "| page load ms | filter ms | click ms |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        shown = ["-" if v is None else f"{v:.0f}" for v in (r.page_load_ms, r.filter_ms, r.click_ms)]
        print(
            f"| {r.corpus} | {r.documents} | {r.findings} | {r.lint_seconds} | {r.report_seconds} "
            f"| {r.report_wall_seconds} | {r.html_megabytes} | {' | '.join(shown)} |"
        )
    if args.json:
        Path(args.json).write_text(
            json.dumps([asdict(r) for r in results], indent=2) + "\n", encoding="utf-8"
        )
    slow = [r.corpus for r in results if r.report_seconds >= BUDGET_SECONDS]
    if args.check and slow:
        print(f"over the {BUDGET_SECONDS} s budget: {', '.join(slow)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
