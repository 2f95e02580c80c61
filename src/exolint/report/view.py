"""The HTML report's view model: each document cut into plain and highlighted pieces.

Sits in report/, between a `LintRun` and the Jinja templates of `reports/`
(report/html.py renders it). Everything the templates need is computed here,
in typed Python, as flat strings, so the templates only lay it out: a
500-document report has tens of thousands of highlights, and each attribute
lookup or loop in a template costs more than the same work here.

Where a highlight goes: a finding's region is a raw-file range
(`char_offset`, `char_length`). Plain text and Markdown are shown as their
raw text, so the range is used as is. An HTML page is shown as its visible
text, one block per unit (a tag soup shown raw is unreadable to a reviewer),
and a Word draft as its paragraphs; there the raw range is mapped back
through the unit's `OffsetMap` and kept only when it round-trips exactly,
so a highlight never sits beside the sentence it is about.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

from exolint.model import Document, Finding, Unit, UnitKind

# Formats shown as their raw text; the others as the visible text of their units.
RAW_FORMATS = frozenset({"text", "markdown"})
# What a unit that is not body copy is labelled with: claims hide in these.
KIND_LABELS = {
    UnitKind.TITLE: "title",
    UnitKind.META: "meta tag",
    UnitKind.ALT: "alt / title attribute",
}
RANK = {"error": 3, "warning": 2, "note": 1}
SEVERITY_OF_RANK = {rank: severity for severity, rank in RANK.items()}
# A block's class by unit kind; body paragraphs need none (most blocks are).
KIND_CSS = {kind: "" if kind is UnitKind.PARAGRAPH else f"kind-{kind.value}" for kind in UnitKind}


class Piece(NamedTuple):
    """A run of text and the findings that cover all of it (`ids` empty for plain text).

    A tuple, so the template unpacks it in its loop instead of looking up
    attributes once per highlight.
    """

    text: str
    ids: str = ""  # ids of the covering `Item`s, space-separated (the mark's data-f)
    severity: str = ""  # the most severe of them: the highlight's colour


class Row(NamedTuple):
    """A finding in its document's list (unpacked by the template, as `Piece`)."""

    severity: str
    code: str
    name: str
    where: str
    placed: bool
    sentence: str  # shown only when no highlight shows the finding


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the document as shown: the whole raw text, or one unit."""

    pieces: tuple[Piece, ...]
    css: str  # "kind-heading", ...: "" for body paragraphs and raw text
    label: str = ""  # "paragraph 6", "meta tag", ...


@dataclass(slots=True)
class Item:
    """One finding as the report counts and places it."""

    id: int  # rows are numbered in page order: the n-th row of the page is item n
    finding: Finding
    doc: int  # index of its DocView; -1 when its input could not be read
    code: str
    severity: str
    placed: bool = False  # whether a highlight in the text shows it


@dataclass(slots=True)
class DocView:
    index: int
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # severity -> findings

    def badges(self) -> list[tuple[str, int]]:
        """(severity, count) of the severities present, most severe first."""
        return sorted(self.counts.items(), key=lambda kv: -RANK[kv[0]])


Span = tuple[int, int, Item]


def build_documents(
    documents: Sequence[Document], paths: Sequence[str], findings: Iterable[Finding]
) -> tuple[list[DocView], list[Item]]:
    """One view per linted input (text shown when its `Document` was kept), and every item.

    Suppressed findings are left out: the copy carries their justification.
    """
    docs = {doc.path: doc for doc in documents}
    views = [DocView(i, path, docs[path].format if path in docs else "") for i, path in enumerate(paths)]
    by_path = {view.path: view for view in views}
    grouped: dict[int, list[Finding]] = {}
    for f in findings:
        if f.suppressed is None:
            view = by_path.get(f.path)
            grouped.setdefault(view.index if view else -1, []).append(f)
    # Ids follow the page: documents in order, then findings without a document
    # (inputs that could not be read), which have no row.
    items: list[Item] = []
    for index in [*range(len(views)), -1]:
        for f in grouped.get(index, ()):
            items.append(Item(len(items), f, index, f.code, f.severity.value))
    for item in items:
        if item.doc >= 0:
            view = views[item.doc]
            view.items.append(item)
            view.counts[item.severity] = view.counts.get(item.severity, 0) + 1
    for view in views:
        doc = docs.get(view.path)
        if doc is not None:
            blocks = raw_blocks if doc.format in RAW_FORMATS else unit_blocks
            view.blocks = blocks(doc, view.items)
        view.rows = [
            Row(i.severity, i.code, i.finding.name, where(i.finding), i.placed, i.finding.sentence)
            for i in view.items
        ]
    return views, items


def where(finding: Finding) -> str:
    r = finding.region
    if r.paragraph is not None:
        return f"paragraph {r.paragraph}"
    return f"line {r.start_line}, column {r.start_column}"


def raw_blocks(doc: Document, items: Iterable[Item]) -> list[Block]:
    spans: list[Span] = []
    for item in items:
        r = item.finding.region
        if r.char_length > 0 and r.char_offset + r.char_length <= len(doc.raw):
            spans.append((r.char_offset, r.char_offset + r.char_length, item))
            item.placed = True
    return [Block(cut(doc.raw, spans), "")]


def unit_blocks(doc: Document, items: Iterable[Item]) -> list[Block]:
    # Units by raw start, to find the ones that can hold a range by bisection;
    # units can nest in raw order (an alt attribute inside a paragraph's range).
    bounds = sorted(
        (u.offsets.raw_start(0), u.offsets.raw_end(len(u.text)), k) for k, u in enumerate(doc.units)
    )
    starts = [lo for lo, _, _ in bounds]
    spans: dict[int, list[Span]] = {}
    found: dict[tuple[int, int], tuple[int, int, int] | None] = {}  # rules on one sentence share it
    for item in items:
        r = item.finding.region
        key = (r.char_offset, r.char_offset + r.char_length)
        if key not in found:
            found[key] = _locate(doc, bounds, starts, *key) if r.char_length > 0 else None
        hit = found[key]
        if hit is not None:
            k, i, j = hit
            spans.setdefault(k, []).append((i, j, item))
            item.placed = True
    return [
        Block(
            cut(unit.text, spans[k]) if k in spans else (Piece(unit.text),), KIND_CSS[unit.kind], label(unit)
        )
        for k, unit in enumerate(doc.units)
    ]


def _locate(
    doc: Document, bounds: list[tuple[int, int, int]], starts: list[int], start: int, end: int
) -> tuple[int, int, int] | None:
    """(unit, text start, text end) of the unit whose text maps exactly onto raw [start, end).

    Scans back from the unit that starts last at or before `start`: usually
    that one, or the paragraph around an attribute unit, holds the range.
    """
    for n in range(bisect.bisect_right(starts, start) - 1, -1, -1):
        _, hi, k = bounds[n]
        if hi >= end:
            span = text_span(doc.units[k], start, end)
            if span is not None:
                return k, *span
    return None


def label(unit: Unit) -> str:
    if unit.paragraph is not None:
        return f"paragraph {unit.paragraph}"
    return KIND_LABELS.get(unit.kind, "")


def text_span(unit: Unit, raw_start: int, raw_end: int) -> tuple[int, int] | None:
    """The unit-text range whose raw span is exactly [raw_start, raw_end), or None.

    The map is monotonic (pieces are added in raw order), so both ends are
    binary searches. A decoded entity or a collapsed run of white space maps
    all its characters to one raw range: the start takes its first
    character, the end its last.
    """
    offsets, n = unit.offsets, len(unit.text)
    i = bisect.bisect_left(range(n), raw_start, key=offsets.raw_start)
    j = bisect.bisect_right(range(1, n + 1), raw_end, key=offsets.raw_end)  # j chars end at or before
    if i < j and offsets.raw_start(i) == raw_start and offsets.raw_end(j) == raw_end:
        return i, j
    return None


def cut(text: str, spans: Sequence[Span]) -> tuple[Piece, ...]:
    """`text` as pieces at every span edge; overlapping findings share the overlap.

    A sweep over the edges in order, so a document with many findings costs
    O(edges x open spans), not O(edges x spans). Rules that fire on the same
    sentence share its span, so spans are grouped by range first.
    """
    if not spans:
        return (Piece(text),)
    groups: dict[tuple[int, int], list[Item]] = {}
    for start, end, item in spans:
        groups.setdefault((start, end), []).append(item)
    by_start: dict[int, list[tuple[int, list[int], int]]] = {}  # start -> (end, ids, worst rank)
    for (start, end), items in groups.items():
        by_start.setdefault(start, []).append(
            (end, [i.id for i in items], max(RANK[i.severity] for i in items))
        )
    edges = sorted({0, len(text), *(start for start, _ in groups), *(end for _, end in groups)})
    pieces: list[Piece] = []
    open_groups: list[tuple[int, list[int], int]] = []
    for a, b in pairwise(edges):
        open_groups = [g for g in open_groups if g[0] > a] + by_start.get(a, [])
        if not open_groups:
            pieces.append(Piece(text[a:b]))
        elif len(open_groups) == 1:
            _, ids, rank = open_groups[0]
            pieces.append(Piece(text[a:b], " ".join(map(str, ids)), SEVERITY_OF_RANK[rank]))
        else:
            ids = sorted(i for g in open_groups for i in g[1])
            pieces.append(
                Piece(text[a:b], " ".join(map(str, ids)), SEVERITY_OF_RANK[max(g[2] for g in open_groups)])
            )
    return tuple(pieces)
