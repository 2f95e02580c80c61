"""Plain-text reader, and the unit builder every reader shares.

First stage of the pipeline (sources -> segment -> ...). `UnitBuilder` turns
pieces of a raw file (verbatim text, decoded entities, white space, skipped
markup) into one `Unit` whose `OffsetMap` points every character back at the
raw file. `read_text` cuts plain copy (SMS exports, captions, ad scripts,
emails) into units: such copy uses line breaks as sentence breaks, so a line
that reads like a heading or a message header is a unit of its own.
"""

from __future__ import annotations

import html
import re
from typing import Final

from exolint.model import OffsetMap, Unit, UnitKind

# White space the builder must rewrite: a run of two or more, or one that is
# not a plain space. A lone " " is already in collapsed form and stays verbatim.
WS_TO_COLLAPSE: Final = re.compile(r"\s{2,}|[^\S ]")
# Character references as html.unescape reads them (numeric, or a name of up
# to 32 characters with an optional ";"); html.unescape then says whether the
# match is one (unknown names like "&T" come back unchanged and stay text).
ENTITY: Final = re.compile(r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[A-Za-z][A-Za-z0-9]{0,31};?)")


class UnitBuilder:
    """Collects the pieces of one unit; `finish` collapses white space and maps offsets.

    Pieces are only recorded as they come (the HTML reader adds one per text
    node, so this is the hot loop); white space is collapsed and trimmed once
    per unit, with one regex pass over the joined text. A run of white space
    split by tags (`a <b> c`) becomes one space mapped to the whole raw run.
    """

    __slots__ = ("_ends", "_starts", "_texts")

    def __init__(self) -> None:
        self._texts: list[str] = []
        self._starts: list[int] = []
        self._ends: list[int] = []  # raw end of a replaced piece; -1 for verbatim text

    @property
    def empty(self) -> bool:
        return not self._texts

    def text(self, s: str, raw_start: int) -> None:
        """Text copied unchanged from raw[raw_start:raw_start+len(s)]."""
        if s and (self._texts or not s.isspace()):  # leading white space is trimmed anyway
            self._texts.append(s)
            self._starts.append(raw_start)
            self._ends.append(-1)

    def replaced(self, s: str, raw_start: int, raw_end: int) -> None:
        """Visible text `s` that stands for raw[raw_start:raw_end] (an entity, an escape)."""
        if not s or s.isspace():  # &nbsp; and friends are white space to collapse
            s = " "
        elif not s.isprintable() or " " in s:
            s = " ".join(s.split()) or " "
        self._texts.append(s)
        self._starts.append(raw_start)
        self._ends.append(raw_end)

    def space(self, raw_start: int, raw_end: int) -> None:
        """Markup that separates words (a code span, an image) over raw[raw_start:raw_end]."""
        if self._texts:  # leading white space is trimmed anyway
            self.replaced(" ", raw_start, raw_end)

    def markup_text(self, s: str, raw_start: int, *, semicolon: bool = False) -> None:
        """Raw text that may hold character references; `semicolon` demands the ";" (CommonMark)."""
        if "&" not in s:
            self.text(s, raw_start)
            return
        pos = 0
        for m in ENTITY.finditer(s):
            ref = m.group()
            if semicolon and not ref.endswith(";"):
                continue
            decoded = html.unescape(ref)
            if decoded == ref:  # unknown names stay as they are
                continue
            a, b = m.span()
            self.text(s[pos:a], raw_start + pos)
            self.replaced(decoded, raw_start + a, raw_start + b)
            pos = b
        self.text(s[pos:], raw_start + pos)

    def finish(self, kind: UnitKind, level: int = 0) -> Unit | None:
        """The unit built so far (None if it has no visible text); the builder starts afresh."""
        texts, starts, ends = self._texts, self._starts, self._ends
        if not texts:
            return None
        self._texts, self._starts, self._ends = [], [], []
        joined = texts[0] if len(texts) == 1 else "".join(texts)
        lo, hi = len(joined) - len(joined.lstrip()), len(joined.rstrip())
        if lo >= hi:
            return None
        offsets = OffsetMap()
        if WS_TO_COLLAPSE.search(joined, lo, hi) is None:
            if len(texts) == 1 and ends[0] < 0:  # one text node, nothing to collapse
                offsets.add_verbatim(hi - lo, starts[0] + lo)
                return Unit(joined[lo:hi], kind, offsets, level)
            runs = []
        else:
            runs = [m.span() for m in WS_TO_COLLAPSE.finditer(joined, lo, hi)]
        add_verbatim, add_replaced = offsets.add_verbatim, offsets.add_replaced
        runs.append((hi, hi))  # a sentinel
        ri, (ra, rb) = 0, runs[0]
        run_raw = cs = 0  # raw start of the run being crossed; joined offset of piece i
        for i, t in enumerate(texts):
            ce = cs + len(t)
            if ce > lo and cs < hi:
                rs, rend = starts[i], ends[i]
                p = lo if cs < lo else cs
                end = hi if ce > hi else ce
                while p < end:
                    if p < ra:  # visible text up to the next run to collapse
                        q = ra if ra < end else end
                        if rend < 0:
                            add_verbatim(q - p, rs + p - cs)
                        else:
                            add_replaced(q - p, rs, rend)
                    else:  # inside a run: one space for all of it, once its end is known
                        if p == ra:
                            run_raw = rs + p - cs if rend < 0 else rs
                        q = rb if rb < end else end
                        if q == rb:
                            add_replaced(1, run_raw, rs + q - cs if rend < 0 else rend)
                            ri += 1
                            ra, rb = runs[ri]
                    p = q
            cs = ce
        text = joined[lo:hi] if len(runs) == 1 else WS_TO_COLLAPSE.sub(" ", joined[lo:hi])
        return Unit(text, kind, offsets, level)


# A list item line: "- ", "* ", "• ", "1. ", "1) " and the blanks after the marker.
LIST_MARKER: Final = re.compile(r"[ \t]*(?:[-*•‣◦▪–]|\d{1,3}[.)])[ \t]+(?=\S)")
DIRECTIVE_PREFIX: Final = "# exolint-"
SENTENCE_END: Final = frozenset(".!?…")
CONTINUES: Final = frozenset(",;&+/-–—(")  # a line ending so is cut mid-sentence
CLOSERS: Final = "\"'”’)]*_»"  # may follow the final punctuation of a sentence
HEADING_MAX: Final = 80  # longer lines are prose, not headings
WRAP_MIN: Final = 50  # hard-wrapped prose wraps at 60-80 columns, rarely less


def _line_kind(line: str) -> str:
    """'blank' (no letter or digit: also rules like ━━━), 'directive', 'item' or 'text'."""
    s = line.strip()
    if not any(c.isalnum() for c in s):
        return "blank"
    if s.startswith(DIRECTIVE_PREFIX):
        return "directive"
    return "item" if LIST_MARKER.match(line) else "text"


def _heading_like(s: str) -> bool:
    """A short line that does not end a sentence: a heading, a label, a message header."""
    tail = s.rstrip(CLOSERS) or s
    return len(s) < HEADING_MAX and tail[-1] not in SENTENCE_END and tail[-1] not in CONTINUES


def _looks_wrapped(lengths: list[int]) -> bool:
    """Whether a block of lines is hard-wrapped prose (most lines end near one width)."""
    if len(lengths) < 3 or not WRAP_MIN <= max(lengths) <= 2 * HEADING_MAX:
        return False
    width = max(lengths)
    near = sum(n >= width - 10 for n in lengths[:-1])
    return near * 4 >= 3 * (len(lengths) - 1)


def _breaks_after(line: str, nxt: str, width: int) -> bool:
    """Whether a text line ends its unit although a text line follows it.

    `width` is the wrap width of a hard-wrapped block, else 0.
    """
    s = line.strip()
    tail = s.rstrip(CLOSERS) or s
    if tail[-1] in SENTENCE_END or tail[-1] in CONTINUES:
        return False  # the sentence splitter cuts at "."; "," goes on
    if tail[-1] == ":":
        return len(s) < HEADING_MAX
    first = nxt.split(None, 1)[0]
    if first[0].islower():
        return False  # the sentence goes on in the next line
    # In hard-wrapped prose a line broke because the next word did not fit.
    return not (width and len(s) + 1 + len(first) > width)


def read_text(raw: str) -> list[Unit]:
    """Plain text: paragraphs by blank lines, list items, heading-like lines."""
    lines: list[tuple[int, int, str]] = []  # (start, end before "\n", kind)
    start = 0
    for line in raw.split("\n"):
        lines.append((start, start + len(line), _line_kind(line)))
        start += len(line) + 1
    lines.append((start, start, "blank"))  # a sentinel: every unit ends
    units: list[Unit] = []
    b = UnitBuilder()
    nlines = 0  # lines in the paragraph being built
    item_level = 0  # > 0 while the unit being built is a list item
    width = -1  # wrap width of the current block (0: not wrapped; -1: not measured)

    def flush(kind: UnitKind, level: int = 0) -> None:
        nonlocal nlines, item_level
        unit = b.finish(kind, level)
        if unit is not None:
            units.append(unit)
        nlines = item_level = 0

    for i, (ls, le, lk) in enumerate(lines[:-1]):
        line = raw[ls:le]
        if lk in ("blank", "directive"):
            if item_level:
                flush(UnitKind.LIST_ITEM, item_level)
            width = -1
            continue
        if width < 0:  # first line of a block: is it hard-wrapped prose?
            j, lengths = i, []
            while lines[j][2] in ("text", "item"):
                lengths.append(len(raw[lines[j][0] : lines[j][1]].strip()))
                j += 1
            width = max(lengths) if _looks_wrapped(lengths) else 0
        if lk == "item":
            if item_level:
                flush(UnitKind.LIST_ITEM, item_level)
            m = LIST_MARKER.match(line)
            assert m is not None
            b.text(line[m.end() :], ls + m.end())
            item_level = 1 + min(len(line) - len(line.lstrip()), 8) // 2
            continue
        if item_level:
            if line[:1] in (" ", "\t"):  # an indented continuation of the item
                b.space(ls - 1, ls)
                b.text(line, ls)
                continue
            flush(UnitKind.LIST_ITEM, item_level)
        ns, ne, nk = lines[i + 1]
        if nlines and nk == "item" and line.rstrip().endswith(":"):
            flush(UnitKind.PARAGRAPH)  # the line that introduces a list is its heading
        if nlines:
            b.space(ls - 1, ls)
        b.text(line, ls)
        nlines += 1
        if nk == "text" and not _breaks_after(line, raw[ns:ne], width):
            continue
        if nlines == 1 and _heading_like(line.strip()):
            flush(UnitKind.HEADING, 3)
        else:
            flush(UnitKind.PARAGRAPH)
    if item_level:
        flush(UnitKind.LIST_ITEM, item_level)
    return units
