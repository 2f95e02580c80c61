"""HTML reader: the visible text blocks of a page, plus the text hidden in its tags.

First stage of the pipeline (sources -> segment -> ...). Block elements end a
unit and inline ones (`<strong>`, `<a>`) do not, so a claim split by markup
stays one sentence. Script, style, code and the like are never read. The
`alt`/`title` attributes and the description, keyword and Open Graph meta tags
are read as units of their own: FDA warning letters cite claims found in
metatags as evidence of intended use (21 CFR 201.128).

We use the standard library's `HTMLParser` with `convert_charrefs=False`:
it reports where each event starts (`getpos()`) and hands every character
reference to us separately, so each decoded entity maps to its exact raw
range. lxml and selectolax decode entities and drop positions. It is also
iterative: 10,000 nested elements cost no recursion.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from typing import Final, NamedTuple

from exolint.model import Unit, UnitKind
from exolint.sources.text import UnitBuilder

# Never read: code, non-text content, and things browsers do not show.
SKIP: Final = frozenset({"script", "style", "noscript", "template", "code", "pre", "svg", "math", "textarea"})
# These end a unit: browsers lay them out as blocks or lines, so copy uses
# them as sentence breaks. Everything else (span, a, strong, custom elements)
# is inline and stays inside the unit.
BLOCK: Final = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "dt",
        "dd",
        "td",
        "th",
        "tr",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "blockquote",
        "figure",
        "figcaption",
        "caption",
        "address",
        "details",
        "summary",
        "form",
        "fieldset",
        "legend",
        "label",
        "button",
        "option",
        "optgroup",
        "select",
        "br",
        "hr",
        "body",
        "html",
        "head",
        "title",
        "ul",
        "pre",
        "ol",
        "dl",
        "menu",
        "hgroup",
        "dialog",
        "center",
        "frameset",
        "frame",
        "iframe",
        "video",
        "audio",
    }
)
VOID: Final = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
HEAD_CONTENT: Final = frozenset({"title", "meta", "link", "style", "script", "noscript", "base", "template"})
LISTS: Final = frozenset({"ul", "ol", "menu"})
NOTABLE_ATTRIBUTES: Final = frozenset({"alt", "title", "hidden"})
KINDS: Final[dict[str, tuple[UnitKind, int]]] = {
    **{f"h{n}": (UnitKind.HEADING, n) for n in range(1, 7)},
    "td": (UnitKind.TABLE_CELL, 0),
    "th": (UnitKind.TABLE_CELL, 0),
    "blockquote": (UnitKind.QUOTE, 0),
    "title": (UnitKind.TITLE, 0),
}
META_KINDS: Final = {
    "description": UnitKind.META,
    "keywords": UnitKind.META,
    "og:description": UnitKind.META,
    "twitter:description": UnitKind.META,
    "og:title": UnitKind.TITLE,
    "twitter:title": UnitKind.TITLE,
}
# HTMLParser's own tag-name and attribute patterns (Lib/html/parser.py), so
# the value we locate in the raw tag is the one the parser reported.
TAGFIND: Final = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
ATTRFIND: Final = re.compile(
    r"((?<=[\'\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"(\'[^\']*\'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*"
)


class _Open(NamedTuple):
    """An open element and the context it gives its content."""

    tag: str
    block: bool
    kind: UnitKind
    level: int
    skip: bool  # inside script/code/hidden...: nothing is read
    mute: bool  # skip, or in <head> outside <title>
    head: bool
    lists: int  # ul/ol nesting depth


ROOT: Final = _Open("", False, UnitKind.PARAGRAPH, 0, False, False, False, 0)


def attribute_spans(tag_text: str) -> dict[str, tuple[int, int]]:
    """Name -> (start, end) of each attribute value inside a start tag's text (first wins)."""
    spans: dict[str, tuple[int, int]] = {}
    m = TAGFIND.match(tag_text, 1)
    k = m.end() if m else len(tag_text)
    while k < len(tag_text):
        m = ATTRFIND.match(tag_text, k)
        if not m or m.end() == k:
            break
        name = m.group(1).lower()
        if m.group(3) is not None and name not in spans:
            a, b = m.span(3)
            if b > a and tag_text[a] in "'\"":
                a, b = a + 1, b - 1
            spans[name] = (a, b)
        k = m.end()
    return spans


class _Reader(HTMLParser):
    def __init__(self, text: str, base: int) -> None:
        super().__init__(convert_charrefs=False)
        self._text = text
        self._base = base
        starts = [0]
        i = text.find("\n")
        while i >= 0:
            starts.append(i + 1)
            i = text.find("\n", i + 1)
        self._line_starts = starts
        self._stack: list[_Open] = []
        self._open: dict[str, int] = {}  # tag -> how many are open: O(1) for stray end tags
        self._cur = ROOT
        self._b = UnitBuilder()
        self.units: list[Unit] = []

    def _pos(self) -> int:
        """Offset in `text` where the current event starts (getpos() is line, code-point column)."""
        line, col = self.getpos()
        return self._line_starts[line - 1] + col

    def _flush(self) -> None:
        unit = self._b.finish(self._cur.kind, self._cur.level)
        if unit is not None:
            self.units.append(unit)

    def _attribute_unit(self, span: tuple[int, int], tag_start: int, kind: UnitKind) -> None:
        a, b = span
        builder = UnitBuilder()
        start = tag_start + a
        builder.markup_text(self._text[start : tag_start + b], self._base + start)
        unit = builder.finish(kind)
        if unit is not None:
            self.units.append(unit)

    def _read_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pos = self._pos()
        tag_text = self.get_starttag_text() or ""
        spans = attribute_spans(tag_text)
        if tag == "meta":
            key = dict(attrs).get("name") or dict(attrs).get("property") or ""
            kind = META_KINDS.get(key.strip().lower())
            if kind is not None and "content" in spans:
                self._attribute_unit(spans["content"], pos, kind)
            return
        for name in ("alt", "title"):
            if name in spans:
                self._attribute_unit(spans[name], pos, UnitKind.ALT)

    def _pop_to(self, tag: str) -> None:
        """Close `tag` and whatever was left open inside it (malformed HTML)."""
        stack, counts = self._stack, self._open
        depth = len(stack) - 1
        while stack[depth].tag != tag:
            depth -= 1
        if any(e.block and not e.skip for e in stack[depth:]):
            self._flush()
        for e in stack[depth:]:
            counts[e.tag] -= 1
        del stack[depth:]
        self._cur = stack[-1] if stack else ROOT

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        cur = self._cur
        if cur.head and tag not in HEAD_CONTENT and self._open.get("head"):
            self._pop_to("head")  # body content implies </head>, as in browsers
            cur = self._cur
        block = tag in BLOCK
        if cur.skip:
            pass
        elif block:
            if self._b._parts:
                self._flush()
        elif tag in SKIP:  # skipped inline code still parts words
            pos = self._base + self._pos()
            self._b.space(pos, pos + 1)
        hidden = False
        if attrs and (tag == "meta" or any(n in NOTABLE_ATTRIBUTES for n, _ in attrs)):
            hidden = any(n == "hidden" for n, _ in attrs)
            if not cur.skip and not (cur.mute and tag != "meta"):
                self._read_attributes(tag, attrs)
        if tag in VOID:
            return
        kind, level = KINDS.get(tag) or (cur.kind, cur.level)
        lists = cur.lists + 1 if tag in LISTS else cur.lists
        if tag == "li":
            kind, level = UnitKind.LIST_ITEM, max(lists, 1)
        skip = cur.skip or hidden or tag in SKIP
        head = cur.head or tag == "head"
        self._cur = _Open(tag, block, kind, level, skip, skip or (head and tag != "title"), head, lists)
        self._stack.append(self._cur)
        self._open[tag] = self._open.get(tag, 0) + 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <div/> is an empty div
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        stack = self._stack
        if stack and stack[-1].tag == tag:  # well-formed: close the innermost element
            top = stack.pop()
            self._open[tag] -= 1
            if top.block and not top.skip and self._b._parts:
                self._flush()
            self._cur = stack[-1] if stack else ROOT
        elif self._open.get(tag):
            self._pop_to(tag)
        elif tag in BLOCK and not self._cur.skip:  # a stray </p> or </br> still breaks the line
            self._flush()

    def handle_data(self, data: str) -> None:
        if self._cur.mute:
            return
        b = self._b
        if not b._parts and data.isspace():
            return  # leading white space of a unit: the common case between tags
        if "&" in data:  # only references the parser did not report (unknown ones)
            b.markup_text(data, self._base + self._pos())
        else:
            b.text(data, self._base + self._pos())

    def _reference(self, length: int) -> None:
        if self._cur.mute:
            return
        pos = self._pos()
        end = pos + length
        if self._text.startswith(";", end):
            end += 1
        ref = self._text[pos:end]
        decoded = html.unescape(ref)
        if decoded == ref:
            self._b.text(ref, self._base + pos)
        else:
            self._b.replaced(decoded, self._base + pos, self._base + end)

    def handle_entityref(self, name: str) -> None:
        self._reference(1 + len(name))

    def handle_charref(self, name: str) -> None:
        self._reference(2 + len(name))

    def finish(self) -> list[Unit]:
        self.close()
        self._flush()
        self.units.sort(key=lambda u: u.offsets.raw_start(0))
        return self.units


def read_html(text: str, base: int = 0) -> list[Unit]:
    """Units of an HTML document or fragment; offsets are `base` + offsets into `text`."""
    reader = _Reader(text, base)
    reader.feed(text)
    return reader.finish()
