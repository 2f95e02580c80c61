"""Markdown and MDX reader: block structure, inline markup, skipped regions, exact positions."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from exolint.model import Document, UnitKind
from exolint.sources import parse_text, read_document

FIXTURES = Path(__file__).parent / "sources"


@pytest.fixture(scope="module")
def post() -> Document:
    return read_document(FIXTURES / "post.md")


def where(doc: Document, needle: str, nth: int = 0, kind: UnitKind | None = None) -> tuple[int, int]:
    """Raw (line, column) of the nth occurrence of `needle` in the document's unit texts."""
    units = [u for u in doc.units if kind is None or u.kind is kind]
    hits = [(u, m.start()) for u in units for m in re.finditer(re.escape(needle), u.text)]
    unit, i = hits[nth]
    return doc.position(unit.offsets.raw_start(i))


def texts(doc: Document, kind: UnitKind | None = None) -> list[str]:
    return [u.text for u in doc.units if kind is None or u.kind is kind]


def md(raw: str, path: str = "post.md") -> Document:
    return parse_text(raw, path, "markdown")


def test_front_matter_title_and_descriptions_only(post: Document) -> None:
    assert texts(post, UnitKind.TITLE) == ['Peptide "Glow" Serum']
    assert texts(post, UnitKind.META) == [
        "A light serum that doesn't clog pores.",
        "Plain summary text",
        "Folded excerpt across two lines",
    ]
    assert where(post, "Peptide") == (2, 9)  # inside the double quotes
    assert where(post, '"Glow') == (2, 17)  # the escape \" stands for the quote
    assert where(post, "Glow") == (2, 19)
    assert where(post, "A light") == (3, 15)
    assert where(post, "'t clog") == (3, 39)  # '' in a single-quoted scalar
    assert where(post, "t clog") == (3, 41)
    assert where(post, "Plain") == (4, 10)
    assert where(post, "across") == (7, 3)
    assert not any("peptide-glow" in t or "cure acne" in t for t in texts(post))


def test_toml_front_matter() -> None:
    doc = md("+++\ntitle = \"TOML title\"\ndraft = true\ndescription = 'Literal text'\n+++\n\nBody.\n")
    assert [(u.kind, u.text) for u in doc.units] == [
        (UnitKind.TITLE, "TOML title"),
        (UnitKind.META, "Literal text"),
        (UnitKind.PARAGRAPH, "Body."),
    ]
    assert where(doc, "Literal") == (4, 16)


def test_unclosed_front_matter_is_a_thematic_break_and_text() -> None:
    doc = md("---\ntitle: Not front matter\n")
    assert texts(doc) == ["title: Not front matter"]


def test_headings_with_levels(post: Document) -> None:
    headings = [(u.text, u.level) for u in post.units if u.kind is UnitKind.HEADING]
    assert headings == [("Peptide Glow Serum", 1), ("Setext heading", 1)]
    assert where(post, "Peptide Glow") == (12, 3)
    assert where(post, "Serum", 1) == (12, 16)  # the closing ## is not text
    assert where(post, "Setext") == (26, 1)


def test_inline_markup_is_dropped_and_positions_kept(post: Document) -> None:
    paragraph = texts(post, UnitKind.PARAGRAPH)[0]
    assert paragraph == (
        "Our gentle serum uses plant exosomes and harsh mild acids. "
        "It pairs with our toner and the cream for a Routine you like."
    )
    assert where(post, "gentle") == (14, 6)  # after *
    assert where(post, "serum uses") == (14, 14)  # after the closing *
    assert where(post, "plant") == (14, 27)  # after **
    assert where(post, "harsh") == (14, 50)  # after ~~
    assert where(post, "mild") == (14, 58)
    assert where(post, "our toner") == (15, 16)  # link text
    assert where(post, "and the") == (15, 67)  # after the (url "title") that was dropped
    assert where(post, "the cream") == (16, 2)  # reference link
    assert where(post, "for a") == (16, 20)
    assert where(post, "Routine") == (16, 27)  # shortcut reference link


def test_images_become_alt_units(post: Document) -> None:
    assert texts(post, UnitKind.ALT) == ["Bottle of *Glow* serum"]
    assert where(post, "Bottle") == (18, 3)


def test_code_autolinks_escapes_entities_and_inline_html(post: Document) -> None:
    paragraph = texts(post, UnitKind.PARAGRAPH)[1]
    assert paragraph == (
        "Use in code spans, see , and note snake_case_names stay. "
        "Escapes like *stars* and entities like & and ’s decode. Inline HTML tags go. "
        "A hard break here and a line break with spaces end of paragraph."
    )
    assert where(post, "in code") == (20, 18)  # after a code span
    assert where(post, "and note") == (20, 62)  # after an autolink
    assert where(post, "*stars") == (21, 14)  # \* stands for *
    assert where(post, "stars") == (21, 16)
    assert where(post, "& and") == (21, 42)
    assert where(post, "’s decode") == (21, 52)
    assert where(post, "s decode") == (21, 59)
    assert where(post, "HTML tags") == (21, 92)  # after <span class="x">
    assert where(post, "tags go") == (21, 104)  # after </span>
    assert where(post, "and a line") == (23, 1)  # after a backslash hard break
    assert where(post, "end of paragraph") == (24, 1)  # after a two-space hard break


def test_lists_with_nesting_levels(post: Document) -> None:
    items = [(u.text, u.level) for u in post.units if u.kind is UnitKind.LIST_ITEM]
    assert items == [
        ("First item with bold", 1),
        ("Second item", 1),
        ("Nested item continued line", 2),
        ("Ordered item", 1),
    ]
    assert where(post, "bold") == (29, 21)
    assert where(post, "Nested") == (31, 5)
    assert where(post, "continued") == (32, 5)
    assert where(post, "Ordered") == (33, 4)


def test_block_quotes_with_lazy_continuation(post: Document) -> None:
    assert texts(post, UnitKind.QUOTE) == ["Quoted line one quoted line two lazy continuation"]
    assert where(post, "quoted line two") == (36, 3)  # the "> " marker is not text
    assert where(post, "lazy") == (37, 1)


def test_table_cells(post: Document) -> None:
    assert texts(post, UnitKind.TABLE_CELL) == ["Column A", "Column | B", "cell one", "two"]
    cell = UnitKind.TABLE_CELL
    assert where(post, "Column |", kind=cell) == (39, 14)
    assert where(post, "| B", kind=cell) == (39, 21)  # \| stands for |
    assert where(post, "one", kind=cell) == (41, 9)  # after *
    assert where(post, "two", kind=cell) == (41, 16)


def test_html_blocks_are_read_as_html(post: Document) -> None:
    assert "HTML block text here." in texts(post)
    assert where(post, "text here") == (50, 15)


@pytest.mark.parametrize(
    "needle",
    [
        "exosomes_cure",
        "indented code",
        "exosomes()",
        "example.com",
        "disable-next-line",
        "Toner page",
        "Cream",
    ],
)
def test_never_read(post: Document, needle: str) -> None:
    assert not any(needle in t for t in texts(post))


def test_literal_asterisks_stay(post: Document) -> None:
    assert texts(post)[-1] == "Final paragraph 5 * 3 = 15."
    assert where(post, "5 * 3") == (54, 17)


def test_mdx_imports_comments_and_components() -> None:
    doc = read_document(FIXTURES / "page.mdx")
    assert [(u.kind, u.text) for u in doc.units] == [
        (UnitKind.HEADING, "MDX page"),
        (UnitKind.PARAGRAPH, "Callout body text."),
        (UnitKind.PARAGRAPH, "Text with a badge and more words."),
    ]
    assert where(doc, "Callout body") == (11, 1)
    assert where(doc, "more words") == (14, 72)


def test_import_lines_are_text_outside_mdx() -> None:
    assert texts(md("import duties apply to serums.\n", "notes.md")) == ["import duties apply to serums."]


def test_crlf_line_endings() -> None:
    doc = md("# Title\r\n\r\nFirst line\r\nsecond *line*\r\n\r\n- item\r\n")
    assert texts(doc) == ["Title", "First line second line", "item"]
    assert all("\r" not in t for t in texts(doc))
    assert where(doc, "second") == (4, 1)
    assert where(doc, "line", 1) == (4, 9)
    assert where(doc, "item") == (6, 3)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("snake_case_names stay", "snake_case_names stay"),
        ("__strong__ underscores", "strong underscores"),
        ("*unclosed emphasis", "*unclosed emphasis"),
        ("a `unclosed code span", "a `unclosed code span"),
        ("[not a link] and [x](", "[not a link] and [x]("),
        ("***both*** and _under_", "both and under"),
        ("<!-- whole paragraph is a comment -->", ""),
        ("x <br> y", "x y"),
        ("~one~ tilde stays", "~one~ tilde stays"),
        ("AT&T &copy no semicolon", "AT&T &copy no semicolon"),
        ("![alt](src) caption", "caption"),
    ],
)
def test_inline_edge_cases(raw: str, expected: str) -> None:
    assert " ".join(u.text for u in md(raw).units if u.kind is not UnitKind.ALT) == expected


def test_empty_and_blank_documents_have_no_units() -> None:
    assert md("").units == []
    assert md("\n\n   \n").units == []
    assert md("```\nonly code\n```\n").units == []


@pytest.mark.parametrize(
    "raw",
    [
        "[" * 20_000 + "]" * 20_000,
        "[a](" * 20_000,
        "![" * 20_000,
        "![a](" * 20_000,
        "[x][" * 20_000,
        "x <? " * 20_000,
        "x <![CDATA[ " * 10_000,
        "x <!-- " * 20_000,
        "x {/* " * 20_000,
        "*a " * 30_000,
        "`a ``b " * 10_000,
    ],
)
def test_pathological_inline_markup_stays_linear(raw: str) -> None:
    started = time.perf_counter()
    doc = md(raw)
    assert time.perf_counter() - started < 2.0
    assert len(doc.units) == 1  # nothing lost: it is all text
