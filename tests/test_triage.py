"""`exolint triage`: mixed inputs, every page accounted for, ranking, outputs, CLI (issue 5).

The inputs are written by tests/triage_inputs.py, which says how many pages
it wrote and which must fail and why; nothing here hard-codes an output.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from exolint.model import Category, Finding, Region, Severity
from exolint.policy import default_policy
from exolint.triage import Options, run
from exolint.triage.rank import page_score, site_score
from triage_inputs import MAX_PAGE, Expected, write_folder, write_jsonl, write_warc

INPUTS = ("crawl", "pages.jsonl", "crawl.warc.gz", "plain.warc")
EXOLINT = [sys.executable, "-c", "import sys; from exolint.cli import main; sys.exit(main())"]


def read_pages(out: Path) -> list[dict[str, Any]]:
    with (out / "pages.jsonl").open(encoding="utf-8") as f:
        return [json.loads(line) for line in f]


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected]:
    """The mixed inputs, triaged once with tiny shards (so every file is split many ways)."""
    root = tmp_path_factory.mktemp("triage")
    expected = Expected()
    (root / "crawl").mkdir()
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        for built in (
            write_folder(Path("crawl")),
            write_jsonl(Path("pages.jsonl")),
            write_warc(Path("crawl.warc.gz")),
            write_warc(Path("plain.warc"), gz=False),
        ):
            expected.add(built)
        run(Options(INPUTS, Path("out"), jobs=2, shard_bytes=1024, max_bytes=MAX_PAGE))
    return root, expected


def test_every_page_is_scored_or_failed_with_its_reason(batch: tuple[Path, Expected]) -> None:
    root, expected = batch
    pages = read_pages(root / "out")
    manifest = json.loads((root / "out" / "manifest.json").read_text(encoding="utf-8"))
    counts = manifest["counts"]
    assert len(pages) == expected.pages
    assert counts["pages"] == expected.pages == counts["scored"] + counts["failed"]
    assert len({p["id"] for p in pages}) == len(pages)  # no page twice
    assert {p["id"]: p["reason"] for p in pages if p["status"] == "failed"} == expected.failed
    assert counts["skipped_records"] == expected.skipped
    assert manifest["failures_by_reason"] == dict(Counter(expected.failed.values()))
    assert sum(i["pages"] for i in manifest["inputs"]) == expected.pages
    assert [i["path"] for i in manifest["inputs"]] == list(INPUTS)
    assert not (root / "out" / ".exolint-triage").exists()  # the journal is gone once outputs are written


def test_shard_size_does_not_change_the_outputs(
    batch: tuple[Path, Expected], monkeypatch: pytest.MonkeyPatch
) -> None:
    root, _ = batch
    monkeypatch.chdir(root)
    run(Options(INPUTS, Path("out_big"), jobs=1, max_bytes=MAX_PAGE))
    for name in ("pages.jsonl", "sites.csv", "report.html"):
        assert (root / "out_big" / name).read_bytes() == (root / "out" / name).read_bytes(), name


def test_selling_pages_outrank_reporting_and_neutral_ones(batch: tuple[Path, Expected]) -> None:
    pages = [p for p in read_pages(batch[0] / "out") if p["status"] == "scored" and p["url"]]
    by_kind: dict[str, list[float]] = {"selling": [], "neutral": [], "reporting": []}
    for p in pages:
        if p["source"] == "pages.jsonl":  # JSONL pages cycle selling, neutral, reporting
            by_kind[("selling", "neutral", "reporting")[p["fields"]["crawl"] % 3]].append(p["score"])
    assert min(by_kind["selling"]) > max(by_kind["neutral"] + by_kind["reporting"])
    selling = next(p for p in pages if p["score"] == max(by_kind["selling"]))
    assert selling["selling"] is True
    assert {"serious-disease", "route", "approval-misrep"} <= set(selling["by_category"])
    assert selling["top"][0]["category"] in {"serious-disease", "route", "approval-misrep"}
    assert all(t["sentence"] for t in selling["top"])


def test_sites_csv_is_ranked_and_adds_up(batch: tuple[Path, Expected]) -> None:
    root, _ = batch
    pages = read_pages(root / "out")
    with (root / "out" / "sites.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [int(r["rank"]) for r in rows] == list(range(1, len(rows) + 1))
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    per_site = Counter(p["site"] for p in pages)
    assert {r["site"]: int(r["pages"]) for r in rows} == dict(per_site)
    assert "glow-clinic.example" in per_site  # a wget --mirror host folder names its site, without www.
    top = rows[0]
    worst = max(p["score"] for p in pages if p["site"] == top["site"] and p["status"] == "scored")
    assert float(top["worst_score"]) == worst
    assert float(top["score"]) >= worst  # more bad pages can only raise a site


def test_report_is_self_contained(batch: tuple[Path, Expected]) -> None:
    html = (batch[0] / "out" / "report.html").read_text(encoding="utf-8")
    assert "Content-Security-Policy" in html
    assert html.count("<svg") >= 3  # top sites, categories, score distribution
    for loader in ("<link", "src=", "@import", "url("):
        assert loader not in html
    assert "Parkinson" in html  # the worst sentences are shown


def test_page_score_weights_repeats_selling_and_saturation() -> None:
    weights = default_policy().triage
    assert weights is not None

    def finding(code: str, category: Category, severity: Severity = Severity.ERROR) -> Finding:
        region = Region(start_line=1, start_column=1, end_line=1, end_column=2, char_offset=0, char_length=1)
        return Finding(
            code=code,
            name="n",
            category=category,
            severity=severity,
            message="m",
            path="p",
            region=region,
            sentence="s",
        )

    route = finding("EXO401", Category.ROUTE)
    sf = finding("EXO301", Category.STRUCTURE_FUNCTION, Severity.WARNING)
    assert page_score([], True, weights) == 0
    assert page_score([route], False, weights) > page_score([sf], False, weights)
    assert page_score([route], True, weights) > page_score([route], False, weights)
    once, twice = page_score([route], False, weights), page_score([route, route], False, weights)
    other = page_score([route, finding("EXO203", Category.SERIOUS)], False, weights)
    assert once < twice < other  # a repeated claim adds less than a new one
    assert page_score([route] * 200, True, weights) <= 100
    assert site_score([60.0], weights) == 60.0
    assert 60.0 < site_score([60.0, 60.0], weights) < site_score([60.0, 60.0, 60.0], weights) < 100


def test_stdin_jsonl_scores_like_the_file(batch: tuple[Path, Expected]) -> None:
    root, _ = batch
    data = (root / "pages.jsonl").read_bytes()
    proc = subprocess.run(
        [
            *EXOLINT,
            "triage",
            "-",
            "--out",
            str(root / "out_stdin"),
            "-j",
            "1",
            "--max-page-size",
            str(MAX_PAGE),
            "--shard-size",
            "2048",
        ],
        input=data,
        capture_output=True,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert b"pages (" in proc.stderr
    from_stdin = read_pages(root / "out_stdin")
    from_file = [p for p in read_pages(root / "out") if p["source"] == "pages.jsonl"]
    strip = ("id", "source", "input")
    assert [{k: v for k, v in p.items() if k not in strip} for p in from_stdin] == [
        {k: v for k, v in p.items() if k not in strip} for p in from_file
    ]
    assert all(p["id"].startswith("-@") for p in from_stdin)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing-folder"], "missing-folder: no such file or directory"),
        (["-", "--engine", "dask"], "'-' (stdin) needs --engine local"),
        (["pages.jsonl", "--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    ],
    ids=["missing-input", "stdin-on-dask", "scheduler-without-dask"],
)
def test_bad_invocations_exit_2_with_one_line(
    batch: tuple[Path, Expected], args: list[str], message: str
) -> None:
    proc = subprocess.run(
        [*EXOLINT, "triage", *args, "--out", "o"],
        cwd=batch[0],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        check=False,
        timeout=60,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("exolint: error: ")
    assert message in proc.stderr
    assert proc.stderr.count("\n") == 1


def test_an_output_folder_inside_the_input_is_not_read_back(tmp_path: Path) -> None:
    site = tmp_path / "www.a.example"
    site.mkdir()
    (site / "index.html").write_text("<p>Our exosome injections treat arthritis.</p>", encoding="utf-8")
    for _ in range(2):  # the second run finds the first one's pages.jsonl under the input folder
        manifest = run(Options((str(tmp_path),), tmp_path / "triage", jobs=1))
        assert manifest.counts.pages == 1
