"""Shared value types of the pipeline.

sources/ turn a file into a `Document` of `Unit`s (visible text blocks, each
with an `OffsetMap` back to the raw file); segment.py cuts units into
`Sentence`s; lexicon.py types their words as `Token`s; grammar.py reads
`Frame`s from the tokens; policy/ turns frames into `Finding`s.

Hot-loop types are slotted dataclasses; `Finding` is a pydantic model because
it crosses the boundary to every reporter.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

if TYPE_CHECKING:
    from exolint.policy.schema import Rule


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    NOTE = "note"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "note": 1}[self.value]


class Category(StrEnum):
    """The claim categories of TAXONOMY.md, plus the tool's own diagnostics."""

    DISEASE = "disease-claim"
    SERIOUS = "serious-disease"
    STRUCTURE_FUNCTION = "structure-function"
    ROUTE = "route"
    APPROVAL = "approval-misrep"
    SAFETY = "safety"
    COMPARISON = "unsubstantiated-comparison"
    EVIDENCE = "evidence-misrep"
    GUARANTEE = "efficacy-guarantee"
    DIAGNOSTIC = "diagnostic"


class OffsetMap:
    """Maps offsets in a unit's visible text back to offsets in the raw file.

    The visible text is built piece by piece. A *verbatim* piece is copied
    from the raw file character for character; a *replaced* piece (a decoded
    entity, collapsed white space, a joined line break) stands for a raw range
    of another length, and any offset inside it maps to that whole range.
    """

    __slots__ = ("_raw_end", "_raw_start", "_text_start", "_verbatim", "length")

    def __init__(self) -> None:
        self._text_start: list[int] = []
        self._raw_start: list[int] = []
        self._raw_end: list[int] = []
        self._verbatim: list[bool] = []
        self.length = 0

    def add_verbatim(self, length: int, raw_start: int) -> None:
        """`length` characters copied unchanged from raw[raw_start:raw_start+length]."""
        if length <= 0:
            return
        if (
            self._verbatim and self._verbatim[-1] and self._raw_end[-1] == raw_start
        ):  # extend the previous verbatim piece
            self._raw_end[-1] = raw_start + length
        else:
            self._push(raw_start, raw_start + length, verbatim=True)
        self.length += length

    def add_replaced(self, length: int, raw_start: int, raw_end: int) -> None:
        """`length` characters of visible text that stand for raw[raw_start:raw_end]."""
        if length <= 0:
            return
        self._push(raw_start, raw_end, verbatim=False)
        self.length += length

    def _push(self, raw_start: int, raw_end: int, *, verbatim: bool) -> None:
        self._text_start.append(self.length)
        self._raw_start.append(raw_start)
        self._raw_end.append(raw_end)
        self._verbatim.append(verbatim)

    def raw_start(self, i: int) -> int:
        """Raw offset of the first character of visible text index `i`."""
        p = bisect.bisect_right(self._text_start, i) - 1
        if p < 0:
            return self._raw_start[0] if self._raw_start else 0
        if self._verbatim[p]:
            return self._raw_start[p] + (i - self._text_start[p])
        return self._raw_start[p]

    def raw_end(self, j: int) -> int:
        """Raw offset one past the last character of visible text ending at `j` (exclusive)."""
        if j <= 0:
            return self.raw_start(0)
        i = j - 1
        p = bisect.bisect_right(self._text_start, i) - 1
        if p < 0:
            return self._raw_end[0] if self._raw_end else 0
        if self._verbatim[p]:
            return self._raw_start[p] + (i - self._text_start[p]) + 1
        return self._raw_end[p]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return self.raw_start(start), self.raw_end(end)


class UnitKind(StrEnum):
    """What kind of block a unit is; headings and list items carry context."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    LIST_ITEM = "list_item"
    TABLE_CELL = "table_cell"
    TITLE = "title"  # <title>, front-matter title, og:title
    META = "meta"  # meta description / og:description / keywords, front-matter description
    ALT = "alt"  # alt and title attributes
    QUOTE = "quote"  # blockquote


@dataclass(slots=True)
class Unit:
    """One block of visible text: never spans two block elements."""

    text: str
    kind: UnitKind
    offsets: OffsetMap
    level: int = 0  # heading level 1-6; list nesting depth for list items
    # For docx and other line-less sources: the paragraph number (1-based).
    paragraph: int | None = None


@dataclass(slots=True)
class Document:
    """A source file read into visible units, with the raw text kept for positions."""

    path: str  # as given / relative display path
    format: str  # "text" | "markdown" | "html" | "docx"
    raw: str  # the decoded raw file; positions are computed against it
    units: list[Unit] = field(default_factory=list)
    _line_starts: list[int] | None = None

    def position(self, raw_offset: int) -> tuple[int, int]:
        """1-based (line, column in code points) of a raw offset."""
        if self._line_starts is None:
            starts = [0]
            find = self.raw.find
            i = find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = find("\n", i + 1)
            self._line_starts = starts
        li = bisect.bisect_right(self._line_starts, raw_offset) - 1
        return li + 1, raw_offset - self._line_starts[li] + 1

    def region(self, raw_start: int, raw_end: int, paragraph: int | None = None) -> Region:
        """The `Region` of a raw span: line/column of both ends and the offsets."""
        (sl, sc), (el, ec) = self.position(raw_start), self.position(raw_end)
        # Built without re-validation (model_construct): dense pages make tens of
        # findings each, and the values are ints the caller computed.
        return Region.model_construct(
            start_line=sl,
            start_column=sc,
            end_line=el,
            end_column=ec,
            char_offset=raw_start,
            char_length=raw_end - raw_start,
            paragraph=paragraph,
        )


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence or clause-sized chunk of a unit, in unit-text coordinates."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Token:
    """A typed token: `type` is a lexicon token type (a grammar terminal)."""

    type: str
    norm: str  # normalised surface form
    start: int  # offsets into the sentence text
    end: int


@dataclass(frozen=True, slots=True)
class Frame:
    """A claim frame read by the grammar: the contract between grammar and policy."""

    name: str  # a grammar alias, e.g. "treat_claim"
    start: int  # sentence-text offsets of the clause it covers
    end: int
    terms: tuple[str, ...] = ()  # the trigger words (normalised), for messages and reports
    spans: tuple[tuple[int, int], ...] = ()  # where the trigger words stand in the sentence text
    serious: bool = False
    hedged: bool = False
    product: bool = False  # a regenerative product is named in the clause or sentence


class Region(BaseModel):
    model_config = ConfigDict(frozen=True)

    start_line: int
    start_column: int
    end_line: int
    end_column: int  # exclusive, SARIF-style
    char_offset: int  # raw-file code-point offset of the start
    char_length: int
    paragraph: int | None = None  # docx


class Finding(BaseModel):
    """One rule firing on one sentence or clause."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str
    category: Category
    severity: Severity
    message: str
    path: str
    region: Region
    sentence: str  # the visible text of the sentence or clause
    terms: tuple[str, ...] = ()
    fingerprint: str = ""
    suppressed: str | None = None  # justification when suppressed in source

    @classmethod
    def of_rule(
        cls,
        rule: Rule,
        path: str,
        region: Region,
        sentence: str,
        *,
        occurrence: int = 0,  # earlier findings of this rule on this same sentence in the file
        terms: tuple[str, ...] = (),
        suppressed: str | None = None,
        message: str | None = None,  # a diagnostic's own message instead of the rule's
    ) -> Finding:
        """A finding of `rule` on `sentence`. Built without re-validation
        (model_construct): the values come from a validated policy, and dense
        pages make tens of findings each."""
        from exolint.fingerprint import fingerprint  # fingerprint.py imports this module

        return cls.model_construct(
            code=rule.code,
            name=rule.name,
            category=rule.category,
            severity=rule.severity,
            message=rule.message if message is None else message,
            path=path,
            region=region,
            sentence=sentence,
            terms=terms,
            fingerprint=fingerprint(rule.code, sentence, occurrence),
            suppressed=suppressed,
        )
