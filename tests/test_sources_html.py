"""HTML reader: visible units, what is never read, and exact raw positions."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest

from exolint.model import Document, UnitKind
from exolint.sources import parse_text, read_document
from exolint.sources.html import read_html

FIXTURES = Path(__file__).parent / "sources"


@pytest.fixture(scope="module")
def clinic() -> Document:
    return read_document(FIXTURES / "clinic.html")


def where(doc: Document, needle: str, nth: int = 0) -> tuple[int, int]:
    """Raw (line, column) of the nth occurrence of `needle` in the document's unit texts."""
    hits = [(u, m.start()) for u in doc.units for m in re.finditer(re.escape(needle), u.text)]
    unit, i = hits[nth]
    return doc.position(unit.offsets.raw_start(i))


def texts(doc: Document, kind: UnitKind | None = None) -> list[str]:
    return [u.text for u in doc.units if kind is None or u.kind is kind]


def html_doc(raw: str) -> Document:
    return parse_text(raw, "page.html", "html")


def test_inline_tags_stay_inside_one_unit() -> None:
    doc = html_doc("<p>Exosomes <strong>treat</strong> hair <a href='/x'>loss</a></p>")
    [unit] = doc.units
    assert unit.text == "Exosomes treat hair loss"
    # The span of the whole text runs from the raw "E" to the "s" before </a>.
    start, end = unit.offsets.raw_span(0, len(unit.text))
    assert doc.raw[start:end] == "Exosomes <strong>treat</strong> hair <a href='/x'>loss"


def test_word_after_tags_and_entities_on_a_multi_sentence_line(clinic: Document) -> None:
    assert "Our serum’s peptides smooth the look of fine lines. It’s gentle. Results’ timing varies." in (
        texts(clinic)
    )
    assert where(clinic, "smooth") == (34, 43)  # after <strong>
    assert where(clinic, "the look") == (34, 59)  # after </strong>
    assert where(clinic, "’s peptides") == (34, 17)  # the entity itself: &rsquo;
    assert where(clinic, "s peptides") == (34, 24)  # the letter after &rsquo;
    assert where(clinic, "’s gentle") == (34, 85)  # &#8217;
    assert where(clinic, "gentle") == (34, 94)
    assert where(clinic, "’ timing") == (34, 109)  # &#x2019;
    assert where(clinic, "timing") == (34, 118)


def test_white_space_and_nbsp_collapse_to_one_space(clinic: Document) -> None:
    assert "Book today and save—limited spots." in texts(clinic)
    assert where(clinic, "today") == (36, 8)  # after a line break inside the paragraph
    assert where(clinic, "and save") == (36, 19)  # after &nbsp;
    assert where(clinic, "—limited") == (36, 27)  # &mdash;
    [unit] = [u for u in clinic.units if u.text.startswith("Book")]
    # The space between "Book" and "today" stands for the whole raw run, newline included.
    s, e = unit.offsets.raw_span(4, 5)
    assert clinic.raw[s:e] == "\n       "


def test_entity_decoding_and_unknown_references() -> None:
    doc = html_doc("<p>&copy; 2025 AT&T &unknown; 3 < 4 &amp &#x41;&#66;</p>")
    assert texts(doc) == ["© 2025 AT&T &unknown; 3 < 4 & AB"]
    assert where(doc, "&unknown;") == (1, 21)


def test_head_title_and_meta_tags_are_read(clinic: Document) -> None:
    assert texts(clinic, UnitKind.TITLE) == [
        "Harbor Lane Wellness & Skin | Exosome Facials",
        "Harbor Lane Wellness",  # og:title
    ]
    assert texts(clinic, UnitKind.META) == [
        "Harbor Lane’s exosome facial restores tired skin in one visit.",
        "exosomes, hair regrowth, joint repair",
        "Cell-free renewal for skin & scalp.",
        "Unquoted-summary",
    ]
    assert where(clinic, "Harbor Lane Wellness & Skin") == (6, 10)
    assert where(clinic, "Skin |") == (6, 37)
    assert where(clinic, "Harbor Lane’s") == (7, 37)  # inside the double quotes
    assert where(clinic, "exosome facial restores") == (7, 57)
    assert where(clinic, "Cell-free") == (10, 44)  # single quotes
    assert where(clinic, "Unquoted") == (11, 44)  # no quotes
    assert where(clinic, "& scalp") == (10, 71)


def test_meta_tags_that_are_not_copy_are_skipped() -> None:
    doc = html_doc(
        '<meta name="viewport" content="exosomes one">'
        '<meta property="og:image" content="exosomes two">'
        '<meta name="TWITTER:TITLE" content="Shouted name">'
    )
    assert [(u.kind, u.text) for u in doc.units] == [(UnitKind.TITLE, "Shouted name")]


def test_alt_and_title_attributes_are_units_of_their_own(clinic: Document) -> None:
    assert texts(clinic, UnitKind.ALT) == ["Harbor Lane – home", "Scalp renewal sessions"]
    assert where(clinic, "Harbor Lane – home") == (20, 43)
    assert where(clinic, "home") == (20, 63)  # after &ndash; inside the attribute
    assert where(clinic, "Scalp renewal") == (25, 38)
    doc = html_doc(
        "<img alt=Unquoted src=x><IMG ALT='Single &amp; quoted'><abbr title=\"Long form\">LF</abbr>"
    )
    assert texts(doc, UnitKind.ALT) == ["Unquoted", "Single & quoted", "Long form"]
    assert where(doc, "& quoted") == (1, 42)
    assert where(doc, "quoted", 1) == (1, 48)


def test_placeholder_and_aria_label_are_not_read(clinic: Document) -> None:
    assert not any("cure acne" in t or "heal scars" in t for t in texts(clinic))


@pytest.mark.parametrize(
    "needle",
    [
        "reverse aging",  # <style>
        "cure arthritis",  # <script>
        "heal knees",  # JSON-LD
        "regrow cartilage",  # <!-- comment -->
        "treat everything",  # <pre>
        "apply()",  # <code>
        "Template copy",  # <template>
        "Enable scripts",  # <noscript>
        "Icon title",  # <svg>
        "exosome data",  # CDATA
        "processing",  # <?...?>
        "Main styles",  # title attribute of a <link> in <head>
        "DOCTYPE",
    ],
)
def test_never_read(clinic: Document, needle: str) -> None:
    assert not any(needle in t for t in texts(clinic))


def test_hidden_and_aria_hidden_content_is_read(clinic: Document) -> None:
    # Accordions and tabs show `hidden` panels on a click: their claims count.
    assert "Collapsed answer text." in texts(clinic)
    assert "Decorative label" in texts(clinic)


def test_skipped_inline_code_still_parts_words(clinic: Document) -> None:
    assert "Use daily." in texts(clinic)
    assert texts(html_doc("<p>one<code>x</code>two</p>")) == ["one two"]


def test_block_kinds_and_levels(clinic: Document) -> None:
    kinds = {u.text: (u.kind, u.level) for u in clinic.units}
    assert kinds["Glow from within"] == (UnitKind.HEADING, 1)
    assert kinds["Questions"] == (UnitKind.HEADING, 2)
    assert kinds["“My skin looks brighter,” says one client."] == (UnitKind.QUOTE, 0)
    assert kinds["Service"] == (UnitKind.TABLE_CELL, 0)
    assert kinds["Exosome facial"] == (UnitKind.TABLE_CELL, 0)
    assert kinds["$250"] == (UnitKind.TABLE_CELL, 0)
    assert where(clinic, "facial", 1) == (41, 27)


def test_nested_lists_give_the_outer_item_its_own_text(clinic: Document) -> None:
    items = [(u.text, u.level) for u in clinic.units if u.kind is UnitKind.LIST_ITEM]
    assert items == [("Facials", 1), ("Treatments", 1), ("Hair", 2), ("Joints", 2), ("and more", 1)]


def test_br_ends_a_unit(clinic: Document) -> None:
    assert [t for t in texts(clinic) if t.startswith("Line")] == ["Line one", "Line two"]
    assert where(clinic, "Line two") == (43, 20)


def test_footer_text_keeps_entities_and_stray_ampersands(clinic: Document) -> None:
    assert "© 2025 Harbor Lane. AT&T &unknown; 3 < 4." in texts(clinic)
    assert where(clinic, "AT&T") == (55, 39)
    assert where(clinic, "3 < 4") == (55, 54)


def test_units_are_in_document_order(clinic: Document) -> None:
    starts = [u.offsets.raw_start(0) for u in clinic.units]
    assert starts == sorted(starts)


def test_body_content_closes_an_unclosed_head() -> None:
    doc = html_doc("<html><head><title>T</title><p>Body text</p>")
    assert [(u.kind, u.text) for u in doc.units] == [(UnitKind.TITLE, "T"), (UnitKind.PARAGRAPH, "Body text")]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("<p>Unclosed <b>bold <i>italic</p><p>next", ["Unclosed bold italic", "next"]),
        ("</p>stray end</div> tags</span>", ["stray end", "tags"]),
        ("<p>outer<p>inner</p>tail</p>", ["outer", "inner", "tail"]),
        ("<div class=a id=b>unquoted attributes</div>", ["unquoted attributes"]),
        ("<p>a < b and 2<3</p>", ["a < b and 2<3"]),
        ("<p>c<d</p> is a tag named 'd<', as in browsers", ["c is a tag named 'd<', as in browsers"]),
        ("<p>before<!-- unclosed comment > after</p>", ["before after"]),
        ("<p>text <a href='x' and no end", ["text <a href='x' and no end"]),
        ("<p>x</div></div><p>y", ["x", "y"]),
        ("<ul><li>one<li>two</ul>", ["one", "two"]),
        ("<p>self <b/>closed</p><div/>after", ["self closed", "after"]),
        ("<table><td>cell one<td>cell two</table>", ["cell one", "cell two"]),
        ("<p>é<é>x</p>", ["é<é>x"]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_malformed_html_keeps_its_text(raw: str, expected: list[str]) -> None:
    assert texts(html_doc(raw)) == expected


def test_ten_thousand_deep_nesting_is_fast() -> None:
    started = time.perf_counter()
    deep = html_doc("<div>" * 10_000 + "deep <b>text</b>" + "</div>" * 10_000)
    unclosed = html_doc("<section><span>" * 10_000 + "still read")
    lists = html_doc("<ul><li>" * 10_000 + "innermost")
    assert time.perf_counter() - started < 2.0
    assert texts(deep) == ["deep text"]
    assert texts(unclosed) == ["still read"]
    assert [(u.text, u.level) for u in lists.units] == [("innermost", 10_000)]


@pytest.mark.parametrize(
    "raw",
    [
        "<a " * 50_000,
        '<a x="<b>"' * 20_000,
        "<!-- x >" * 50_000,
        "<![CDATA[ >" * 30_000,
        "x < y " * 50_000 + ">",
        "</p>" * 100_000,
        "<script>" * 30_000,
    ],
)
def test_pathological_markup_stays_linear(raw: str) -> None:
    started = time.perf_counter()
    read_html(raw)
    assert time.perf_counter() - started < 2.0


def test_a_five_megabyte_page_parses_quickly() -> None:
    section = (
        '<section class="card"><h2>Treatment {n}</h2>'
        "<p>Peptide facials <strong>brighten</strong> the look of skin&nbsp;in {n} visits.</p>"
        '<ul><li><a href="/t/{n}">Details</a></li><li>Book &amp; save</li></ul>'
        '<script>var n = {n};</script><img src="/i/{n}.png" alt="Photo {n}"></section>\n'
    )
    page = "<html><body>" + "".join(section.format(n=n) for n in range(20_000)) + "</body></html>"
    assert len(page) > 5_000_000
    started = time.perf_counter()
    doc = html_doc(page)
    assert time.perf_counter() - started < 20.0  # ~1 s on a laptop; generous for shared CI
    assert len(doc.units) == 20_000 * 5
    last = doc.units[-1]
    assert (last.kind, last.text) == (UnitKind.ALT, "Photo 19999")
    assert doc.position(last.offsets.raw_start(0))[0] == 20_000


def test_fragment_offsets_are_shifted_by_base() -> None:
    raw = "xxxxx<p>Hello there</p>"
    [unit] = read_html(raw[5:], base=5)
    assert raw[unit.offsets.raw_start(6) :].startswith("there")
