"""Risk scores: a page's findings become a 0-100 score; a site's worst pages, a site score.

Part of triage, after the policy stage: findings come from the engine, the
weights from the policy's `[triage]` table (the README's "Regulator triage"
section states the formula; fda.toml's comment repeats it beside the numbers).
Everything here is a pure function of its arguments, so the local and the
Dask engine, and a resumed run, rank alike. Scores are rounded to hundredths
so that float noise can never reorder two pages.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from exolint.model import Finding
from exolint.policy.schema import TriageWeights

_T = TypeVar("_T")
NEARLY_CERTAIN = 99.99  # a page scored 100 would make log(1 - p) infinite


def finding_weight(finding: Finding, weights: TriageWeights) -> float:
    return weights.severity[finding.severity] * weights.category[finding.category]


def page_score(findings: Sequence[Finding], selling: bool, weights: TriageWeights) -> float:
    """100 x (1 - exp(-raw / saturation)); raw sums decayed finding weights, times the selling multiplier.

    The k-th finding of one rule on a page (k = 0, 1, ...) counts
    repeat_decay^k: repeating a claim adds risk, but less each time.
    """
    repeats: Counter[str] = Counter()
    raw = 0.0
    for finding in findings:
        raw += finding_weight(finding, weights) * weights.repeat_decay ** repeats[finding.code]
        repeats[finding.code] += 1
    if selling:
        raw *= weights.selling_multiplier
    return round(100.0 * (1.0 - math.exp(-raw / weights.saturation)), 2)


def site_score(worst_first: Sequence[float], weights: TriageWeights) -> float:
    """A noisy-OR of the site's `site_pages` worst page scores, the i-th counting site_decay^i.

    One page scored 75 gives 75; two give 87.5 with decay 0.5: a site with many
    risky pages outranks one with a single page, but cannot pass 100.
    """
    clean = sum(
        weights.site_decay**i * math.log1p(-min(score, NEARLY_CERTAIN) / 100.0)
        for i, score in enumerate(worst_first[: weights.site_pages])
    )
    return round(100.0 * (1.0 - math.exp(clean)), 2)


class Worst(Generic[_T]):
    """The `size` items with the highest score, ties broken by input order; bounded memory."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._keys: list[tuple[float, int]] = []
        self._items: list[_T] = []

    def add(self, score: float, seq: int, item: _T) -> None:
        key = (-score, seq)
        if len(self._keys) >= self.size and key >= self._keys[-1]:
            return
        at = bisect.bisect(self._keys, key)
        self._keys.insert(at, key)
        self._items.insert(at, item)
        if len(self._keys) > self.size:
            self._keys.pop()
            self._items.pop()

    def scores(self) -> list[float]:
        return [-score for score, _ in self._keys]

    def items(self) -> list[_T]:
        return list(self._items)


@dataclass(slots=True)
class SiteTally:
    """What a site's row needs, folded page by page from pages.jsonl."""

    site: str
    keep: int  # pages kept: max(site_pages, worst_pages)
    pages: int = 0
    scored: int = 0
    failed: int = 0
    flagged: int = 0  # pages with at least one finding
    findings: int = 0
    by_category: Counter[str] = field(default_factory=Counter)
    worst: Worst[dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self.worst = Worst(self.keep)

    def add(self, seq: int, page: dict[str, Any]) -> None:
        self.pages += 1
        if page["status"] != "scored":
            self.failed += 1
            return
        self.scored += 1
        if page["findings"]:
            self.flagged += 1
            self.findings += page["findings"]
            self.by_category.update(page["by_category"])
            summary = {k: page[k] for k in ("id", "url", "score", "top")}
            self.worst.add(page["score"], seq, summary)

    def score(self, weights: TriageWeights) -> float:
        return site_score(self.worst.scores(), weights)
