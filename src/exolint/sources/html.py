"""HTML reader: the visible text blocks of a page, plus the text hidden in its tags.

First stage of the pipeline (sources -> segment -> ...). Block elements end a
unit and inline ones (`<strong>`, `<a>`) do not, so a claim split by markup
stays one sentence. Script, style, code and the like are never read. The
`alt`/`title` attributes and the description, keyword and Open Graph meta tags
are read as units of their own: FDA warning letters cite claims found in
metatags as evidence of intended use (21 CFR 201.128).

Why a scanner of our own and not `html.parser.HTMLParser`: we need the exact
raw range of every character we keep, including each character reference
(`&rsquo;`), which lxml and selectolax decode away without positions.
HTMLParser (with `convert_charrefs=False` and `getpos()`) gives both, and was
our first version, but it tops out near 14 MB/s before doing any work (it
parses and unescapes every attribute of every tag and counts lines at every
step), and the reader on top of it ran at 4-5 MB/s on text-dense pages, under
the 5 MB/s the whole linter must reach. This scanner follows the WHATWG
tokenizer where it matters for visible text (tags, attributes and their
quoting, comments, raw-text and RCDATA elements, character references),
parses attributes only on tags that carry ones we read, and is iterative and
linear: 10,000 nested elements or a 50 MB page cost no recursion and no
rescans. Measured on one core: ~8 MB/s on text-dense pages (the corpus),
~120 MB/s on script- and style-heavy crawled pages; same units as the
HTMLParser version on every corpus page.
"""

from __future__ import annotations

import html
import re
import string
from typing import Final, NamedTuple

from exolint.model import Unit, UnitKind
from exolint.sources.text import ENTITY, UnitBuilder

# Never read: code, non-text content, form fields, inert templates. Content
# with the `hidden` attribute IS read: accordions, tabs and "read more" panels
# show it on a click, and FDA reads everything a page says (21 CFR 201.128).
SKIP: Final = frozenset({"script", "style", "noscript", "template", "code", "pre", "svg", "math", "textarea"})
# These end a unit: browsers lay them out as blocks or lines, so copy uses
# them as sentence breaks. Everything else (span, a, strong, custom elements)
# is inline and stays inside the unit.
BLOCK_NAMES: Final = (
    "p div section article header footer main aside nav h1 h2 h3 h4 h5 h6 li dt dd td th tr table"
    " thead tbody tfoot blockquote figure figcaption caption address details summary form fieldset"
    " legend label button option optgroup select br hr body html head title ul ol dl menu pre"
    " hgroup dialog center frameset frame iframe video audio"
)
BLOCK: Final = frozenset(BLOCK_NAMES.split())
VOID_NAMES: Final = "area base br col embed hr img input keygen link meta param source track wbr"
VOID: Final = frozenset(VOID_NAMES.split())
HEAD_CONTENT: Final = frozenset({"title", "meta", "link", "style", "script", "noscript", "base", "template"})
LISTS: Final = frozenset({"ul", "ol", "menu"})
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
# Elements whose start and end matter (all others are inline and not tracked).
CONTEXT: Final = BLOCK | SKIP | LISTS | KINDS.keys() | {"head"}
# WHATWG: the content of these runs to their end tag with no markup inside;
# RCDATA content (title, textarea) is text with character references.
RAW_TEXT: Final = frozenset({"script", "style", "xmp", "iframe", "noembed", "noframes", "noscript"})
RCDATA: Final = frozenset({"title", "textarea"})
RAW_TEXT_END: Final = {
    name: re.compile(rf"</{name}[\t\n\f\r />]", re.IGNORECASE) for name in RAW_TEXT | RCDATA
}
# The next piece of markup. A start tag as the WHATWG tokenizer reads it: a
# name, then attributes whose values may be "double", 'single' or unquoted
# (possessive quantifiers keep a tag with no ">" from backtracking: its "<" is
# then text, as in browsers' view of "a < b"); an end tag; a character
# reference (`ENTITY`); or any other "<" (comments, doctype, stray text).
TOKEN: Final = re.compile(
    r"(?P<start><(?P<tag>[A-Za-z][^\t\n\f\r />]*+)"
    r"(?P<attrs>(?:[\t\n\f\r /]*+[^\t\n\f\r />][^\t\n\f\r /=>]*+"
    r"(?:[\t\n\f\r ]*+=[\t\n\f\r ]*+(?:\"[^\"]*+\"|'[^']*+'|[^\t\n\f\r >]++))?+)*+)"
    r"[\t\n\f\r ]*+(?P<slash>/?)>)"
    r"|(?P<end></(?P<endtag>[A-Za-z][^\t\n\f\r />]*)[^>]*>)"
    rf"|(?P<ref>{ENTITY.pattern})"
    r"|<"
)
# One attribute inside a start tag's attribute text, as TOKEN reads them.
ATTRIBUTE: Final = re.compile(
    r"([^\t\n\f\r />][^\t\n\f\r /=>]*)(?:[\t\n\f\r ]*=[\t\n\f\r ]*(\"[^\"]*\"|'[^']*'|[^\t\n\f\r >]*))?"
)
COMMENT_END: Final = re.compile(r"--!?>")  # WHATWG also ends a comment at "--!>"
CDATA_END: Final = re.compile(r"\]\]>")
REFERENCE: Final = re.compile(rf"(?P<ref>{ENTITY.pattern})")  # the scan once no markup can follow
LETTERS: Final = frozenset(string.ascii_letters)


class _Open(NamedTuple):
    """An open element and the context it gives its content."""

    tag: str
    block: bool
    kind: UnitKind
    level: int
    skip: bool  # inside script, code, template...: nothing is read
    mute: bool  # skip, or in <head> outside <title>
    head: bool
    lists: int  # ul/ol nesting depth


ROOT: Final = _Open("", False, UnitKind.PARAGRAPH, 0, False, False, False, 0)


def attribute_spans(attrs: str) -> dict[str, tuple[int, int]]:
    """Name -> (start, end) of each attribute's value in a tag's attribute text (first wins)."""
    spans: dict[str, tuple[int, int]] = {}
    for m in ATTRIBUTE.finditer(attrs):
        name = m.group(1).lower()
        if name not in spans:
            a, b = m.span(2) if m.group(2) is not None else (m.end(), m.end())
            if b > a and attrs[a] in "'\"":
                a, b = a + 1, b - 1
            spans[name] = (a, b)
    return spans


class _Reader:
    """One pass over `text`: markup changes the context, text goes to the unit being built."""

    def __init__(self, text: str, base: int) -> None:
        self._text = text
        self._base = base
        self._stack: list[_Open] = []
        self._open: dict[str, int] = {}  # tag -> how many are open: O(1) for stray end tags
        self._cur = ROOT
        self._b = UnitBuilder()
        self._gt = -1  # cache of _next_gt
        self._missing: dict[str, int] = {}  # end pattern -> offset from which it is absent
        self.units: list[Unit] = []

    def _flush(self) -> None:
        unit = self._b.finish(self._cur.kind, self._cur.level)
        if unit is not None:
            self.units.append(unit)

    def _attribute_unit(self, start: int, end: int, kind: UnitKind) -> None:
        builder = UnitBuilder()
        builder.markup_text(self._text[start:end], self._base + start)
        unit = builder.finish(kind)
        if unit is not None:
            self.units.append(unit)

    def _read_attributes(self, tag: str, attrs: str, at: int) -> None:
        """Units for the alt/title or meta content of a tag whose attributes start at text[at]."""
        low = attrs.lower()
        if tag != "meta" and "alt" not in low and "title" not in low:
            return
        cur = self._cur
        if cur.skip or (cur.mute and tag != "meta"):
            return
        spans = attribute_spans(attrs)
        if tag == "meta":
            key = spans.get("name") or spans.get("property") or (0, 0)
            kind = META_KINDS.get(html.unescape(attrs[key[0] : key[1]]).strip().lower())
            if kind is not None and "content" in spans:
                a, b = spans["content"]
                self._attribute_unit(at + a, at + b, kind)
            return
        for name in ("alt", "title"):
            if name in spans:
                a, b = spans[name]
                self._attribute_unit(at + a, at + b, UnitKind.ALT)

    def _start(self, tag: str, attrs: str, at: int, raw_pos: int) -> None:
        cur = self._cur
        if cur.head and tag not in HEAD_CONTENT and self._open.get("head"):
            self._end("head")  # body content implies </head>, as in browsers
            cur = self._cur
        # Links in a navigation bar are separate labels, not one run-on sentence.
        block = tag in BLOCK or (tag == "a" and bool(self._open.get("nav")))
        if not cur.skip:
            if block:
                if not self._b.empty:
                    self._flush()
            elif tag in SKIP:  # skipped inline code still parts words
                self._b.space(raw_pos, raw_pos + 1)
        if attrs:
            self._read_attributes(tag, attrs, at)
        if tag in VOID or not (cur.skip or tag in CONTEXT):
            return  # inline elements change nothing, so their end tags are no-ops too
        kind, level = KINDS.get(tag) or (cur.kind, cur.level)
        lists = cur.lists + 1 if tag in LISTS else cur.lists
        if tag == "li":
            kind, level = UnitKind.LIST_ITEM, max(lists, 1)
        skip = cur.skip or tag in SKIP
        head = cur.head or tag == "head"
        self._cur = _Open(tag, block, kind, level, skip, skip or (head and tag != "title"), head, lists)
        self._stack.append(self._cur)
        self._open[tag] = self._open.get(tag, 0) + 1

    def _end(self, tag: str) -> None:
        stack = self._stack
        if stack and stack[-1].tag == tag:  # well-formed: close the innermost element
            top = stack.pop()
            self._open[tag] -= 1
            if top.block and not top.skip and not self._b.empty:
                self._flush()
            self._cur = stack[-1] if stack else ROOT
            return
        if not self._open.get(tag):
            if tag in BLOCK and not self._cur.skip:  # a stray </p> or </br> still breaks the line
                self._flush()
            return
        depth = len(stack) - 1
        while stack[depth].tag != tag:  # close what was left open inside it (malformed HTML)
            depth -= 1
        closed = stack[depth:]
        if not self._b.empty and any(e.block and not e.skip for e in closed):
            self._flush()
        for e in closed:
            self._open[e.tag] -= 1
        del stack[depth:]
        self._cur = stack[-1] if stack else ROOT

    def _next_gt(self, j: int) -> int:
        """Offset of the first ">" at or after j, or -1; cached so that scans stay linear."""
        if self._gt < j:
            k = self._text.find(">", j)
            self._gt = k if k >= 0 else len(self._text)
        return self._gt if self._gt < len(self._text) else -1

    def _find_end(self, pattern: re.Pattern[str], j: int) -> re.Match[str] | None:
        """`pattern` searched from j, remembering a miss: many unclosed "<!--" cost one scan."""
        if j >= self._missing.get(pattern.pattern, len(self._text) + 1):
            return None
        m = pattern.search(self._text, j)
        if m is None:
            self._missing[pattern.pattern] = j
        return m

    def _other_markup(self, j: int) -> int:
        """Comments, declarations, bogus end tags at text[j] == "<"; where text resumes, or -1."""
        text = self._text
        if text.startswith("<!--", j):
            if text.startswith(("<!-->", "<!--->"), j):
                return text.index(">", j) + 1
            m = self._find_end(COMMENT_END, j + 4)
            k = m.end() - 1 if m else self._next_gt(j + 4)  # unclosed: drop to the next ">" only
        elif text.startswith("<![CDATA[", j):
            m = self._find_end(CDATA_END, j)
            k = m.end() - 1 if m else -1
        elif text.startswith(("<!", "<?", "</"), j):  # <!DOCTYPE>, <?php ?>, "</>", "</ x>"
            k = self._next_gt(j)
        else:
            return -1
        return k + 1 if k >= 0 else -1

    def _raw_text(self, tag: str, end: int) -> int:
        """Skip (or, for RCDATA, read) the content of a raw-text element; where its end tag starts."""
        text = self._text
        close = RAW_TEXT_END[tag].search(text, end)
        stop = close.start() if close else len(text)
        if tag in RCDATA and not self._cur.mute:
            self._b.markup_text(text[end:stop], self._base + end)
        return stop

    def run(self) -> list[Unit]:
        text, base, b = self._text, self._base, self._b
        pos = i = 0  # pos: start of text not yet handed to the builder; i: where to look next
        search = TOKEN.search
        while (m := search(text, i)) is not None:
            j, kind = m.start(), m.lastgroup
            if j > pos and kind != "ref" and not self._cur.mute:
                b.text(text[pos:j], base + pos)
            if kind == "start":
                tag = m.group("tag").lower()
                pos = i = m.end()
                self._start(tag, m.group("attrs"), m.start("attrs"), base + j)
                if m.group("slash"):  # <x/>: honoured, so a stray self-closed <script/> hides nothing
                    self._end(tag)
                elif tag in RAW_TEXT_END:
                    pos = i = self._raw_text(tag, i)
            elif kind == "end":
                self._end(m.group("endtag").lower())
                pos = i = m.end()
            elif kind == "ref":
                ref = m.group()
                decoded = html.unescape(ref)
                if decoded == ref:  # not a reference: the "&" is text
                    i = j + 1
                    continue
                if not self._cur.mute:
                    if j > pos:
                        b.text(text[pos:j], base + pos)
                    b.replaced(decoded, base + j, base + j + len(ref))
                pos = i = m.end()
            else:
                tag_eof = text[j + 1 : j + 2] in LETTERS  # a start tag, yet no match: no ">" to end it
                resume = -1 if tag_eof else self._other_markup(j)
                if resume >= 0:
                    pos = i = resume
                    continue
                pos, i = j, j + 1  # "a < b", or a tag with no ">": the "<" is text
                if tag_eof or self._next_gt(j) < 0:
                    # A start tag that runs to the end of the file (browsers drop the
                    # rest), or no ">" left at all: read the rest as text, in one pass.
                    search = REFERENCE.search
        if pos < len(text) and not self._cur.mute:
            b.text(text[pos:], base + pos)
        self._flush()
        self.units.sort(key=lambda u: u.offsets.raw_start(0))
        return self.units


def read_html(text: str, base: int = 0) -> list[Unit]:
    """Units of an HTML document or fragment; offsets are `base` + offsets into `text`."""
    return _Reader(text, base).run()
