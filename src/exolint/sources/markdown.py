"""Markdown and MDX reader: headings, paragraphs, list items, quotes and table cells.

First stage of the pipeline (sources -> segment -> ...). markdown-it-py finds
the block structure (its tokens carry source line ranges, `Token.map`), but
its inline tokens carry no positions, so a small inline scanner here reads
each block's raw text: emphasis markers, link targets, code spans, inline
HTML and MDX comments are dropped while every visible character keeps its raw
offset. Front matter is not copy, except its title and description; code is
never read. Simple HTML blocks (`<div>text</div>`, MDX components) go to the
HTML reader.
"""

from __future__ import annotations

import bisect
import functools
import html
import re
import string
import unicodedata
from typing import Final

from markdown_it import MarkdownIt
from markdown_it.common.utils import normalizeReference

from exolint.model import Unit, UnitKind
from exolint.sources.html import read_html
from exolint.sources.text import ENTITY, UnitBuilder

# MDX ESM: a top-level import/export statement, which runs to the next blank line.
MDX_ESM: Final = re.compile(r"(?:import|export)[\s{*]")
# Front matter keys that are copy (titles and descriptions show in search
# results and social cards); every other key is configuration.
FRONT_MATTER_KEYS: Final = re.compile(
    r"([ \t]*)(title|og_title|description|summary|excerpt|og_description)[ \t]*[:=][ \t]*"
)
FRONT_MATTER_FENCES: Final = {"---": ("---", "..."), "+++": ("+++",)}
# YAML/TOML double-quoted escapes that stand for white space.
YAML_SPACE_ESCAPES: Final = frozenset("ntr_ ")
# Where the inline scanner has work to do; everything between is plain text.
INLINE_SPECIAL: Final = re.compile(r"[\\`*_~\[\]!<&{]")
BACKTICKS: Final = re.compile(r"`+")
ESCAPABLE: Final = frozenset(string.punctuation)
# CommonMark autolinks (URI and e-mail): link targets, never copy.
AUTOLINK: Final = re.compile(
    r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*>|<[\w.!#$%&'*+/=?^`{|}~-]+@[A-Za-z0-9.-]+>"
)
# Inline HTML and JSX, never copy (the text between tags is).
# Possessive quantifiers: a "<" that starts no tag fails fast, without backtracking.
# Open tag (attribute values may be JSX {expressions}), closing tag, fragment.
HTML_TAG: Final = re.compile(
    r"<(?:(?P<open>[A-Za-z][\w.:-]*+)(?:\s++(?:\{[^{}]*+\}|[A-Za-z_:][\w.:-]*+"
    r"(?:\s*+=\s*+(?:\"[^\"]*+\"|'[^']*+'|\{[^{}]*+\}|[^\s\"'=<>`]++))?+))*+\s*+/?>"
    r"|/[A-Za-z][\w.:-]*+\s*+>|/?>)"
)
# Markup that runs to a closing string: comment, processing instruction, CDATA, declaration.
CLOSED_BY: Final = (("<!--", "-->"), ("<?", "?>"), ("<![CDATA[", "]]>"), ("<!", ">"))


@functools.cache
def _parser() -> MarkdownIt:
    # CommonMark plus the two GFM extensions copy uses: tables and ~~strike~~.
    # Its inline stage is off: we scan inline markup ourselves, from the raw text.
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    return md.disable(["inline", "text_join"])


def _punct(c: str) -> bool:
    return c in ESCAPABLE or unicodedata.category(c)[0] in "PS"


def _link_tail(v: str, i: int, n: int) -> tuple[int, int]:
    """End of an inline link's `(destination "title")` at v[i] == "(" (or -1), reading no
    further than v[n]; and how far it read."""
    j = i + 1
    while j < n and v[j].isspace():
        j += 1
    if j < n and v[j] == "<":
        j = v.find(">", j, n)
        if j < 0:
            return -1, n
        j += 1
    else:
        depth = 0
        while j < n and not v[j].isspace():
            c = v[j]
            if c == "\\":
                j += 1
            elif c == "(":
                depth += 1
            elif c == ")":
                if not depth:
                    break
                depth -= 1
            j += 1
    while j < n and v[j].isspace():
        j += 1
    if j < n and v[j] in "\"'(":
        close = ")" if v[j] == "(" else v[j]
        j += 1
        while j < n and v[j] != close:
            j += 2 if v[j] == "\\" else 1
        j += 1
        while j < n and v[j].isspace():
            j += 1
    return (j + 1 if j < n and v[j] == ")" else -1), min(j, n)


def _plain(b: UnitBuilder, v: str, a: int, e: int, base: int) -> None:
    """Text with backslash escapes and entities but no other markup (image alt text)."""
    pos = a
    i = v.find("\\", a, e)
    while 0 <= i < e - 1:
        if v[i + 1] in ESCAPABLE:
            b.markup_text(v[pos:i], base + pos, semicolon=True)
            b.replaced(v[i + 1], base + i, base + i + 2)
            pos = i + 2
        i = v.find("\\", i + 2, e)
    b.markup_text(v[pos:e], base + pos, semicolon=True)


class _Inline:
    """Scans one block's text `v` (raw[base:base+len(v)], block prefixes blanked)."""

    def __init__(self, v: str, base: int, refs: dict[str, object], units: list[Unit]) -> None:
        self.v, self.base, self.refs, self.units = v, base, refs, units
        # (op, start, end, text) with op "t" verbatim text, "r" replaced, "s" space
        self.ops: list[tuple[str, int, int, str]] = []
        self.removed: set[int] = set()  # ops that turned out to be markup
        self.openers: dict[str, list[int]] = {"*": [], "_": [], "~": []}
        self.brackets: list[int] = []
        runs: dict[int, list[int]] = {}
        for m in BACKTICKS.finditer(v):
            runs.setdefault(m.end() - m.start(), []).append(m.start())
        self.tick_runs = runs
        # Link and image syntax is tried at every "](" and "![": a budget of
        # characters to scan keeps a paragraph of "[a](" x 20,000 linear.
        self.budget = 8 * len(v) + 4096
        self.found: dict[str, tuple[int, int]] = {}  # closer -> (searched from, found at or -1)

    def _find(self, closer: str, start: int) -> int:
        """v.find(closer, start), remembering the answer: many unclosed "<!--" cost one scan."""
        since, at = self.found.get(closer, (len(self.v) + 1, -1))
        if since <= start and (at < 0 or start <= at):
            return at
        at = self.v.find(closer, start)
        self.found[closer] = (start, at)
        return at

    def _tail(self, i: int) -> int:
        """`_link_tail` within the budget."""
        if self.budget <= 0:
            return -1
        end, reached = _link_tail(self.v, i, min(len(self.v), i + self.budget))
        self.budget -= reached - i
        return end

    def _text(self, a: int, e: int) -> None:
        self.ops.append(("t", a, e, ""))

    def _code_span(self, j: int) -> int:
        v = self.v
        k = j
        while k < len(v) and v[k] == "`":
            k += 1
        starts = self.tick_runs.get(k - j, [])
        p = bisect.bisect_right(starts, j)
        if (j > 0 and v[j - 1] == "`") or p >= len(starts):
            self._text(j, k)  # no closing run: the backticks are text
            return k
        end = starts[p] + k - j
        self.ops.append(("s", j, end, ""))  # code is never read; it still parts words
        return end

    def _delimiter(self, j: int) -> int:
        v, c = self.v, self.v[j]
        k = j
        while k < len(v) and v[k] == c:
            k += 1
        idx = len(self.ops)
        self._text(j, k)
        if c == "~" and k - j != 2:
            return k
        before = v[j - 1] if j else " "
        after = v[k] if k < len(v) else " "
        left = not after.isspace() and (not _punct(after) or before.isspace() or _punct(before))
        right = not before.isspace() and (not _punct(before) or after.isspace() or _punct(after))
        if c == "_":  # intraword underscores (snake_case) are text
            left, right = left and (not right or _punct(before)), right and (not left or _punct(after))
        stack = self.openers[c]
        if right and stack:
            self.removed.update((stack.pop(), idx))
        elif left:
            stack.append(idx)
        return k

    def _close_bracket(self, j: int) -> int:
        v = self.v
        if not self.brackets:
            self._text(j, j + 1)
            return j + 1
        opener = self.brackets.pop()
        text_start, end = self.ops[opener][2], -1
        if v.startswith("(", j + 1):
            end = self._tail(j + 1)
        elif v.startswith("[", j + 1):  # [text][label]; labels are at most 999 characters
            k = v.find("]", j + 2, j + 1003)
            label = v[j + 2 : k] or v[text_start:j]
            end = k + 1 if k > 0 and len(label) < 1000 and normalizeReference(label) in self.refs else -1
        elif j - text_start < 1000 and normalizeReference(v[text_start:j]) in self.refs:
            end = j + 1
        if end < 0:
            self._text(j, j + 1)
            return j + 1
        self.removed.add(opener)  # link text stays, its target goes
        return end

    def _image(self, j: int) -> int:
        v, depth, k = self.v, 0, j + 2
        limit = min(len(v), j + max(self.budget, 0))
        while k < limit:
            if v[k] == "\\":
                k += 1
            elif v[k] == "[":
                depth += 1
            elif v[k] == "]":
                if not depth:
                    break
                depth -= 1
            k += 1
        self.budget -= k - j
        end = self._tail(k + 1) if k < limit and v.startswith("(", k + 1) else -1
        if end < 0:
            self._text(j, j + 1)
            return j + 1
        alt = UnitBuilder()
        _plain(alt, v, j + 2, k, self.base)
        unit = alt.finish(UnitKind.ALT)
        if unit is not None:
            self.units.append(unit)
        self.ops.append(("s", j, end, ""))
        return end

    def _angle(self, j: int) -> int:
        v = self.v
        for opener, closer in CLOSED_BY:
            if v.startswith(opener, j) and (closer != ">" or v[j + 2 : j + 3].isalpha()):
                k = self._find(closer, j + len(opener))
                if k >= 0:
                    return k + len(closer)  # not shown, and parts no words
                break
        m = AUTOLINK.match(v, j) or HTML_TAG.match(v, j)
        if m is None:
            self._text(j, j + 1)
            return j + 1
        if m.re is AUTOLINK or (m.group("open") or "").lower() == "br":
            self.ops.append(("s", j, m.end(), ""))
        return m.end()

    def scan(self, kind: UnitKind, level: int) -> Unit | None:
        v, ops = self.v, self.ops
        n, i = len(v), 0
        while i < n:
            m = INLINE_SPECIAL.search(v, i)
            if m is None:
                self._text(i, n)
                break
            j = m.start()
            if j > i:
                self._text(i, j)
            c = v[j]
            if c == "\\":
                if j + 1 < n and v[j + 1] in ESCAPABLE:
                    ops.append(("r", j, j + 2, v[j + 1]))
                    i = j + 2
                else:  # a backslash hard break is a space; else a backslash
                    ops.append(("s" if v[j + 1 : j + 2] in ("\n", "\r") else "t", j, j + 1, ""))
                    i = j + 1
            elif c == "`":
                i = self._code_span(j)
            elif c in "*_~":
                i = self._delimiter(j)
            elif c == "[":
                self.brackets.append(len(ops))
                self._text(j, j + 1)
                i = j + 1
            elif c == "]":
                i = self._close_bracket(j)
            elif c == "!" and v.startswith("[", j + 1):
                i = self._image(j)
            elif c == "<":
                i = self._angle(j)
            elif c == "{" and v.startswith("{/*", j) and (k := self._find("*/}", j + 3)) >= 0:
                i = k + 3  # an MDX comment
            else:  # "&", or "!" and "{" that start nothing
                em = ENTITY.match(v, j) if c == "&" else None
                ref = em.group() if em else ""
                decoded = html.unescape(ref) if ref.endswith(";") else ref
                if decoded != ref:
                    ops.append(("r", j, j + len(ref), decoded))
                    i = j + len(ref)
                else:
                    self._text(j, j + 1)
                    i = j + 1
        b, base, removed = UnitBuilder(), self.base, self.removed
        for idx, (op, a, e, s) in enumerate(ops):
            if op == "t":
                if idx not in removed:
                    b.text(v[a:e], base + a)
            elif op == "r":
                b.replaced(s, base + a, base + e)
            else:
                b.space(base + a, base + e)
        return b.finish(kind, level)


def _quoted(b: UnitBuilder, raw: str, i: int, end: int) -> None:
    """A YAML/TOML quoted scalar opening at raw[i], read to its closing quote (or `end`)."""
    q, pos, j = raw[i], i + 1, i + 1
    while j < end:
        if q == '"' and raw[j] == "\\" and j + 1 < end:
            b.text(raw[pos:j], pos)
            c = raw[j + 1]
            b.replaced(" " if c in YAML_SPACE_ESCAPES else c, j, j + 2)
            pos = j = j + 2
        elif q == "'" and raw.startswith("''", j):  # '' is an escaped quote
            b.text(raw[pos:j], pos)
            b.replaced("'", j, j + 2)
            pos = j = j + 2
        elif raw[j] == q:
            break
        else:
            j += 1
    b.text(raw[pos:j], pos)


def _front_matter(raw: str, starts: list[int], ends: list[int]) -> tuple[int, list[Unit]]:
    """Lines taken by a leading YAML (---) or TOML (+++) block, and its title/description units."""
    closers = FRONT_MATTER_FENCES.get(raw[: ends[0]].rstrip())
    if closers is None:
        return 0, []
    last = next((k for k in range(1, len(starts)) if raw[starts[k] : ends[k]].rstrip() in closers), 0)
    units: list[Unit] = []
    for k in range(1, last):
        m = FRONT_MATTER_KEYS.match(raw, starts[k], ends[k])
        if m is None:
            continue
        b, indent, vs = UnitBuilder(), len(m.group(1)), m.end()
        value = raw[vs : ends[k]]
        if value[:1] in ("'", '"'):
            _quoted(b, raw, vs, starts[last])
        else:
            if value[:1] not in ("|", ">"):  # a plain scalar, up to a " #" comment
                b.text(value.split(" #", 1)[0], vs)
            for c in range(k + 1, last):  # indented continuation lines / block scalar
                line = raw[starts[c] : ends[c]]
                if line.strip() and len(line) - len(line.lstrip()) <= indent:
                    break
                b.space(starts[c] - 1, starts[c])
                b.text(line, starts[c])
        kind = UnitKind.TITLE if m.group(2).endswith("title") else UnitKind.META
        unit = b.finish(kind)
        if unit is not None:
            units.append(unit)
    return (last + 1 if last else 0), units


def _view(raw: str, starts: list[int], ends: list[int], line: int, content: str) -> tuple[int, str]:
    """Raw start and text of a block whose markdown-it content is `content`.

    Each content line is the tail of its raw line (markdown-it strips block
    prefixes: indentation, `>` markers, list markers); the prefixes of
    continuation lines are blanked so the text keeps raw offsets.
    """
    parts: list[str] = []
    first, prev = -1, 0
    for k, c in enumerate(content.split("\n")):
        if line + k >= len(starts):
            break
        ls = starts[line + k]
        e = ls + len(raw[ls : ends[line + k]].rstrip())
        s = max(ls, e - len(c.strip()))
        if first < 0:
            first = s
        else:
            parts.append(raw[prev:ls])
            parts.append(" " * (s - ls))
        parts.append(raw[s:e])
        prev = e
    return max(first, 0), "".join(parts)


def _row_cells(raw: str, ls: int, le: int) -> list[tuple[int, int]]:
    """Raw ranges of a table row's cells, split on unescaped pipes as markdown-it does."""
    line = raw[ls:le]
    a = len(line) - len(line.lstrip(" \t>"))  # indentation and blockquote markers
    e = len(line.rstrip())
    cells, pos = [], a
    for j in range(a, e):
        if line[j] == "|" and (j == 0 or line[j - 1] != "\\"):
            cells.append((ls + pos, ls + j))
            pos = j + 1
    cells.append((ls + pos, ls + e))
    if cells and cells[0][0] == cells[0][1]:
        cells.pop(0)
    if cells and cells[-1][0] == cells[-1][1]:
        cells.pop()
    return cells


def read_markdown(raw: str, *, mdx: bool = False) -> list[Unit]:
    """Units of a Markdown (or, with `mdx`, MDX) document."""
    starts, ends = [0], []
    i = raw.find("\n")
    while i >= 0:
        ends.append(i)
        starts.append(i + 1)
        i = raw.find("\n", i + 1)
    ends.append(len(raw))
    # The source markdown-it sees: one line per raw line, so its line numbers
    # are ours; front matter and MDX ESM lines blanked, lone CRs made spaces.
    src = [raw[s:e].rstrip("\r").replace("\r", " ") for s, e in zip(starts, ends, strict=True)]
    skip, units = _front_matter(raw, starts, ends)
    src[:skip] = [""] * skip
    if mdx:
        esm = False
        for k, src_line in enumerate(src):
            esm = bool(src_line.strip()) and (esm or MDX_ESM.match(src_line) is not None)
            if esm:
                src[k] = ""
    env: dict[str, dict[str, object]] = {}
    tokens = _parser().parse("\n".join(src), env)
    refs = env.get("references", {})
    context: list[tuple[UnitKind, int]] = []  # enclosing list items and quotes
    lists = 0
    block: tuple[UnitKind, int] | None = None  # what the next inline token is
    cells: list[tuple[int, int]] = []
    for tok in tokens:
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif t in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif t == "list_item_open":
            context.append((UnitKind.LIST_ITEM, lists))
        elif t == "blockquote_open":
            context.append((UnitKind.QUOTE, 0))
        elif t in ("list_item_close", "blockquote_close"):
            context.pop()
        elif t == "heading_open":
            block = (UnitKind.HEADING, int(tok.tag[1:]))
        elif t == "paragraph_open":
            block = context[-1] if context else (UnitKind.PARAGRAPH, 0)
        elif t == "tr_open" and tok.map:
            cells = _row_cells(raw, starts[tok.map[0]], ends[tok.map[0]])
        elif t in ("th_open", "td_open"):
            block = None  # the cell's inline token is read here, from the raw row
            if cells:
                a, e = cells.pop(0)
                unit = _Inline(raw[a:e], a, refs, units).scan(UnitKind.TABLE_CELL, 0)
                if unit is not None:
                    units.append(unit)
        elif t == "inline" and block is not None and tok.map:
            line = tok.map[0]
            if block[0] is UnitKind.HEADING and tok.map[1] - line == 1:  # ATX: "# Title ##"
                text = raw[starts[line] : ends[line]]
                s = text.rfind(tok.content.strip())
                base, v = starts[line] + s, tok.content.strip()
            else:
                base, v = _view(raw, starts, ends, line, tok.content)
            unit = _Inline(v, base, refs, units).scan(*block)
            if unit is not None:
                units.append(unit)
            block = None
        elif t == "html_block" and tok.map:
            base, v = _view(raw, starts, ends, tok.map[0], tok.content.rstrip("\n"))
            units.extend(read_html(v, base))
    units.sort(key=lambda u: u.offsets.raw_start(0))
    return units
