"""HTML reporter: one self-contained page for the marketing reviewer.

The last stage of the pipeline, like the other reporters; `exolint check
--format html` and the review server (`exolint serve`) both call
`render_report`, so there is one renderer. The page is `reports/report.html.j2`
with the CSS and JS of `reports/` inlined: a summary with a small chart,
filters, every document with its offending sentences highlighted in place,
and the documentation of each rule that fired, from the policy (the
templates lay out `Rule` fields and never compose rule text).

Hundreds of documents: each is a collapsible `<details>`, open only when
the report is small, and the stylesheet lets the browser skip the layout of
documents off screen (`content-visibility`); benchmarks/report_bench.py and
the browser tests measure both.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final, TextIO

from exolint import __version__
from exolint.model import Category, Severity
from exolint.report.templates import render_page
from exolint.report.view import build_documents

if TYPE_CHECKING:
    from exolint.api import LintRun
    from exolint.policy.schema import Policy

# Reports with at most this many documents open them all; larger ones start
# collapsed (documents with findings first in the file list) so the page
# opens fast and the reviewer expands what they need.
OPEN_LIMIT: Final = 25
BAR_WIDTH: Final = 180  # px of the longest bar in the summary chart
BAR_STEP: Final = 22  # px between bars
# The chart's two columns, side by side: severities, then categories (the
# longest category name, "unsubstantiated-comparison", needs ~190 px).
SEVERITY_COLUMN: Final = (0, 80)  # x of the labels, x of the bars
CATEGORY_COLUMN: Final = (300, 500)
CHART_WIDTH: Final = 720


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar of the summary chart."""

    label: str  # the severity or category: also the filter value it stands for
    count: int
    width: int
    x: int  # of the label
    bar_x: int
    y: int
    css: str  # "sev-error", "cat-route", ...


@dataclass(frozen=True, slots=True)
class ReviewLinks:
    """The review server's toolbar: where to download this report, and the way back."""

    html: str
    sarif: str
    back: str = "/"


def render(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    out.write(render_report(run, policy))


def render_report(run: LintRun, policy: Policy, *, review: ReviewLinks | None = None) -> str:
    """The report page of `run`; documents are shown when the run kept them."""
    documents, items = build_documents(run.documents, run.paths, run.findings)
    used = {item.finding.code for item in items}
    rules = [rule for rule in policy.rules if rule.code in used]
    severities = Counter(item.finding.severity for item in items)
    categories = Counter(item.finding.category for item in items)
    # The filters act on rows; a diagnostic about an input that could not be
    # read has none (the failures box shows it), so it gets no checkbox.
    listed = [item for item in items if item.doc >= 0]
    return render_page(
        "report.html.j2",
        form_action="'self'" if review else "'none'",
        version=__version__,
        generated=generated_at(),
        policy_name=policy.meta.name,
        summary=run.summary(),
        documents=documents,
        open_all=len(documents) <= OPEN_LIMIT,
        items=items,
        failures=run.failures,
        rows=len(listed),
        severities=[s for s in Severity if any(i.finding.severity is s for i in listed)],
        categories=[c for c in Category if any(i.finding.category is c for i in listed)],
        chart_bars=[
            *bars([(s.value, severities[s], f"sev-{s.value}") for s in Severity], column=SEVERITY_COLUMN),
            *bars(
                [(c.value, categories[c], f"cat-{c.value}") for c in Category if categories[c]],
                column=CATEGORY_COLUMN,
            ),
        ],
        chart_width=CHART_WIDTH,
        chart_height=max(len(Severity), len(categories)) * BAR_STEP + 4,
        rules=rules,
        sources={rule.code: policy.cited_sources(rule) for rule in rules},
        review=review,
    )


def render_review_page(*, error: str = "", limit: int, extensions: Sequence[str]) -> str:
    """The review server's start page: paste copy or upload a file."""
    return render_page(
        "review.html.j2",
        form_action="'self'",
        version=__version__,
        error=error,
        limit_mb=f"{limit / 1_000_000:g}",
        accept=",".join(extensions),
        extensions=", ".join(extensions),
    )


def bars(rows: Sequence[tuple[str, int, str]], *, column: tuple[int, int] = SEVERITY_COLUMN) -> list[Bar]:
    """Bars scaled to the largest count; a non-zero count always shows at least 2 px."""
    most = max((count for _, count, _ in rows), default=0) or 1
    return [
        Bar(label, count, max(round(count * BAR_WIDTH / most), min(count, 2)), *column, i * BAR_STEP, css)
        for i, (label, count, css) in enumerate(rows)
    ]


def generated_at() -> str:
    """When the report was made, in UTC; SOURCE_DATE_EPOCH pins it for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    when = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch.isdigit() else dt.datetime.now(dt.UTC)
    return when.strftime("%Y-%m-%d %H:%M UTC")
