"""The final outputs of a triage batch, assembled from the journal in plan order.

Triage's last step, run once every shard is in the journal. One streaming
pass over the journal writes pages.jsonl and folds each page into its site's
tally (rank.SiteTally keeps counts and the few worst pages, not every page),
so memory grows with the number of sites, never with the number of pages.
Then sites.csv, report.html (rendered by exolint.report.triage from
reports/triage.html.j2) and, last, manifest.json: a manifest means the other
outputs are complete. Every file is written atomically.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from exolint.model import Category
from exolint.policy.schema import TriageWeights
from exolint.triage.journal import Journal, atomic_write
from exolint.triage.manifest import FAILURES_LISTED, Counts, FailedPage, InputSummary
from exolint.triage.rank import SiteTally, Worst

OUTPUTS: Final = ("pages.jsonl", "sites.csv", "report.html", "manifest.json")
CATEGORIES: Final = tuple(c.value for c in Category if c is not Category.DIAGNOSTIC)
TOP_PAGES: Final = 20  # pages listed in the dashboard's "worst pages" table
SCORE_BINS: Final = 10


@dataclass
class Totals:
    """Everything the manifest and dashboard need, folded from pages.jsonl."""

    weights: TriageWeights
    inputs: list[tuple[str, str]]  # (path, kind) per INPUT
    sites: dict[str, SiteTally] = field(default_factory=dict)
    per_input: list[Counter[str]] = field(default_factory=list)
    by_category: Counter[str] = field(default_factory=Counter)
    by_reason: Counter[str] = field(default_factory=Counter)
    failures: list[FailedPage] = field(default_factory=list)
    histogram: list[int] = field(default_factory=lambda: [0] * (SCORE_BINS + 1))  # [clean, 0-10, ..., 90-100]
    top: Worst[dict[str, Any]] = field(default_factory=lambda: Worst(TOP_PAGES))
    seq: int = 0

    def __post_init__(self) -> None:
        self.per_input = [Counter() for _ in self.inputs]

    def add(self, page: dict[str, Any]) -> None:
        counts = self.per_input[page["input"]]
        counts["pages"] += 1
        site = self.sites.get(page["site"])
        if site is None:
            site = self.sites[page["site"]] = SiteTally(
                page["site"], max(self.weights.site_pages, self.weights.worst_pages)
            )
        site.add(self.seq, page)
        if page["status"] == "scored":
            counts["scored"] += 1
            self.by_category.update(page["by_category"])
            score = page["score"]
            self.histogram[0 if not page["findings"] else 1 + min(int(score // 10), SCORE_BINS - 1)] += 1
            if page["findings"]:
                self.top.add(score, self.seq, page)
        else:
            counts["failed"] += 1
            self.by_reason[page["reason"]] += 1
            if len(self.failures) < FAILURES_LISTED:
                self.failures.append(FailedPage(id=page["id"], reason=page["reason"], error=page["error"]))
        self.seq += 1

    def ranked_sites(self) -> list[tuple[float, SiteTally]]:
        rows = [(tally.score(self.weights), tally) for tally in self.sites.values()]
        rows.sort(key=lambda row: (-row[0], -row[1].flagged, row[1].site))
        return rows

    def input_summaries(self) -> list[InputSummary]:
        return [
            InputSummary(
                path=path,
                kind=kind,
                pages=c["pages"],
                scored=c["scored"],
                failed=c["failed"],
                skipped_records=c["skipped"],
            )
            for (path, kind), c in zip(self.inputs, self.per_input, strict=True)
        ]

    def counts(self) -> Counts:
        total = Counter[str]()
        for c in self.per_input:
            total.update(c)
        return Counts(
            pages=total["pages"],
            scored=total["scored"],
            failed=total["failed"],
            skipped_records=total["skipped"],
            flagged_pages=sum(t.flagged for t in self.sites.values()),
            findings=sum(t.findings for t in self.sites.values()),
            sites=len(self.sites),
        )


def write_pages(out: Path, journal: Journal, keys: Iterable[tuple[str, int]], totals: Totals) -> None:
    """pages.jsonl: every page of every shard, in plan order; folds each into `totals`."""
    with atomic_write(out / "pages.jsonl") as f:
        for key, input_index in keys:
            skipped, lines = journal.read(key)
            totals.per_input[input_index]["skipped"] += skipped
            for line in lines:
                f.write(line)
                f.write("\n")
                totals.add(json.loads(line))


def write_sites(out: Path, totals: Totals) -> list[tuple[float, SiteTally]]:
    """sites.csv, ranked: highest score first, then most flagged pages, then name."""
    ranked = totals.ranked_sites()
    with atomic_write(out / "sites.csv") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(
            [
                "rank",
                "site",
                "score",
                "pages",
                "scored",
                "failed",
                "flagged_pages",
                "findings",
                *CATEGORIES,
                "worst_score",
                "worst_pages",
            ]
        )
        for rank, (score, t) in enumerate(ranked, 1):
            worst = t.worst.items()[: totals.weights.worst_pages]
            w.writerow(
                [
                    rank,
                    t.site,
                    f"{score:.2f}",
                    t.pages,
                    t.scored,
                    t.failed,
                    t.flagged,
                    t.findings,
                    *(t.by_category.get(c, 0) for c in CATEGORIES),
                    f"{worst[0]['score']:.2f}" if worst else "",
                    " | ".join(p["url"] or p["id"] for p in worst),
                ]
            )
    return ranked


def write_json(path: Path, data: Any) -> None:
    with atomic_write(path) as f:
        json.dump(data, f, ensure_ascii=False, indent=2)
        f.write("\n")


HISTOGRAM_LABELS: Final = ("none", *(f"{10 * i}–{10 * i + 10}" for i in range(SCORE_BINS)))
SITES_SHOWN: Final = 50


def write_dashboard(
    out: Path, totals: Totals, ranked: list[tuple[float, SiteTally]], version: str, policy: str
) -> None:
    """report.html: the analyst's first look (exolint.report.triage renders it)."""
    from exolint.report.triage import Dashboard, render

    weights = totals.weights
    sites = [
        {
            "rank": rank,
            "site": t.site,
            "score": score,
            "pages": t.pages,
            "flagged": t.flagged,
            "findings": t.findings,
            "failed": t.failed,
            "worst": t.worst.items()[: weights.worst_pages],
        }
        for rank, (score, t) in enumerate(ranked[:SITES_SHOWN], 1)
    ]
    board = Dashboard(
        version=version,
        policy=policy,
        counts=totals.counts().model_dump(),
        inputs=[i.model_dump() for i in totals.input_summaries()],
        sites=sites,
        sites_total=len(ranked),
        top_pages=totals.top.items(),
        categories=sorted(totals.by_category.items(), key=lambda item: (-item[1], item[0])),
        histogram=list(zip(HISTOGRAM_LABELS, totals.histogram, strict=True)),
        failures=sorted(totals.by_reason.items(), key=lambda item: (-item[1], item[0])),
        failed_examples=[f.model_dump() for f in totals.failures[:20]],
    )
    with atomic_write(out / "report.html") as f:
        render(board, f)
