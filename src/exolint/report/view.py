"""The HTML report's view model: each document cut into plain and highlighted pieces.

Sits in report/, between a `LintRun` and the Jinja templates of `reports/`
(report/html.py renders it). Everything the templates need is computed here,
in typed Python, so the templates only lay it out and never compute
positions.

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

from exolint.model import Document, Finding, Severity, Unit, UnitKind

# Formats shown as their raw text; the others as the visible text of their units.
RAW_FORMATS = frozenset({"text", "markdown"})
# What a unit that is not body copy is labelled with: claims hide in these.
KIND_LABELS = {
    UnitKind.TITLE: "title",
    UnitKind.META: "meta tag",
    UnitKind.ALT: "alt / title attribute",
}


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text and the findings that cover all of it (none for plain text)."""

    text: str
    marks: tuple[int, ...] = ()  # ids of `Item`s
    severity: str = ""  # the most severe of them: the highlight's colour


@dataclass(frozen=True, slots=True)
class Block:
    """A paragraph of the document as shown: the whole raw text, or one unit."""

    pieces: tuple[Piece, ...]
    kind: str  # a UnitKind value, or "raw"
    label: str = ""  # "paragraph 6", "meta tag", ...


@dataclass(slots=True)
class Item:
    """One finding as the report lists it."""

    id: int
    finding: Finding
    doc: int  # index of its DocView; -1 when its input could not be read
    where: str  # "line 3, column 15" or "paragraph 6"
    placed: bool = False  # whether a highlight in the text shows it


@dataclass(slots=True)
class DocView:
    index: int
    path: str
    format: str
    blocks: list[Block] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for item in self.items if item.finding.severity is severity)


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
    items: list[Item] = []
    for finding in findings:
        if finding.suppressed is not None:
            continue
        view = by_path.get(finding.path)
        item = Item(len(items), finding, view.index if view else -1, where(finding))
        items.append(item)
        if view is not None:
            view.items.append(item)
    for view in views:
        doc = docs.get(view.path)
        if doc is not None:
            blocks = raw_blocks if doc.format in RAW_FORMATS else unit_blocks
            view.blocks = blocks(doc, view.items)
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
    return [Block(cut(doc.raw, spans), "raw")]


def unit_blocks(doc: Document, items: Iterable[Item]) -> list[Block]:
    bounds = [(u.offsets.raw_start(0), u.offsets.raw_end(len(u.text))) for u in doc.units]
    spans: dict[int, list[Span]] = {}
    for item in items:
        r = item.finding.region
        start, end = r.char_offset, r.char_offset + r.char_length
        for k, (lo, hi) in enumerate(bounds):
            if lo <= start and end <= hi and r.char_length > 0:
                found = text_span(doc.units[k], start, end)
                if found is not None:
                    spans.setdefault(k, []).append((*found, item))
                    item.placed = True
                    break
    return [
        Block(cut(unit.text, spans.get(k, [])), unit.kind.value, label(unit))
        for k, unit in enumerate(doc.units)
    ]


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
    """`text` as pieces at every span edge; overlapping findings share the overlap."""
    if not spans:
        return (Piece(text),)
    points = sorted({0, len(text), *(s for s, _, _ in spans), *(e for _, e, _ in spans)})
    pieces: list[Piece] = []
    for a, b in pairwise(points):
        covering = [item for s, e, item in spans if s <= a and b <= e]
        if not covering:
            pieces.append(Piece(text[a:b]))
            continue
        worst = max(covering, key=lambda item: item.finding.severity.rank).finding.severity
        pieces.append(Piece(text[a:b], tuple(item.id for item in covering), worst.value))
    return tuple(pieces)
