"""Plain-text reader: paragraphs, list items, heading-like lines, directives, positions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from exolint.model import Document, UnitKind
from exolint.sources import parse_text, read_document
from exolint.sources.text import UnitBuilder

FIXTURES = Path(__file__).parent / "sources"


@pytest.fixture(scope="module")
def captions() -> Document:
    return read_document(FIXTURES / "captions.txt")


def where(doc: Document, needle: str, nth: int = 0) -> tuple[int, int]:
    """Raw (line, column) of the nth occurrence of `needle` in the document's unit texts."""
    hits = [(u, m.start()) for u in doc.units for m in re.finditer(re.escape(needle), u.text)]
    unit, i = hits[nth]
    return doc.position(unit.offsets.raw_start(i))


def units(doc: Document) -> list[tuple[UnitKind, int, str]]:
    return [(u.kind, u.level, u.text) for u in doc.units]


def txt(raw: str) -> Document:
    return parse_text(raw, "copy.txt", "text")


def test_fixture_units(captions: Document) -> None:
    heading, item, paragraph = UnitKind.HEADING, UnitKind.LIST_ITEM, UnitKind.PARAGRAPH
    assert units(captions) == [
        (heading, 3, "SPRING SKIN EVENT | caption set"),
        (heading, 3, "Owner: marketing team"),
        (heading, 3, "Glow season is here"),
        (paragraph, 0, "Book your peptide facial today."),
        (heading, 3, "Why clients love it:"),
        (item, 1, "Soft, even-looking skin"),
        (item, 1, "No downtime"),
        (item, 1, "Gentle for most skin types"),
        (item, 1, "Consult"),
        (item, 1, "Treatment"),
        (paragraph, 0, "This line follows a directive."),
        (
            paragraph,
            0,
            "The long paragraph keeps going for a while so that it is clearly prose rather than"
            " a heading line and this second line continues it because it begins in lower case.",
        ),
        (heading, 3, "🌿 Emoji first line"),
    ]


def test_positions(captions: Document) -> None:
    assert where(captions, "Soft") == (8, 3)  # the "- " marker is not text
    assert where(captions, "Gentle") == (10, 3)  # "• "
    assert where(captions, "Consult") == (11, 4)  # "1. "
    assert where(captions, "Treatment") == (12, 4)  # "2) "
    assert where(captions, "and this second") == (18, 1)  # a joined line
    assert where(captions, "Emoji") == (20, 3)  # columns count code points: 🌿 is one


def test_directive_lines_are_not_read(captions: Document) -> None:
    assert not any("exolint-disable" in u.text for u in captions.units)


def test_paragraph_lines_join_with_one_space() -> None:
    doc = txt("Our facial brightens skin.\nIt also   hydrates.\n\nSecond paragraph.")
    assert units(doc) == [
        (UnitKind.PARAGRAPH, 0, "Our facial brightens skin. It also hydrates."),
        (UnitKind.PARAGRAPH, 0, "Second paragraph."),
    ]
    assert where(doc, "hydrates") == (2, 11)
    [first, _] = doc.units
    s, e = first.offsets.raw_span(26, 27)  # the space that joins the two lines
    assert doc.raw[s:e] == "\n"


def test_crlf_never_reaches_unit_text() -> None:
    doc = txt("Line one goes on.\r\nline two.\r\n\r\n- item one\r\n- item two\r\n")
    assert units(doc) == [
        (UnitKind.PARAGRAPH, 0, "Line one goes on. line two."),
        (UnitKind.LIST_ITEM, 1, "item one"),
        (UnitKind.LIST_ITEM, 1, "item two"),
    ]
    assert where(doc, "line two") == (2, 1)
    assert where(doc, "item two") == (5, 3)


def test_short_lines_without_final_punctuation_stand_alone() -> None:
    doc = txt("VO: Tired of dull skin\nOur peptide facial can help.\nBook now")
    assert [u.text for u in doc.units] == ["VO: Tired of dull skin", "Our peptide facial can help. Book now"]


def test_lowercase_next_line_continues_the_sentence() -> None:
    doc = txt("Our facial leaves skin looking\nsmooth and bright.")
    assert [u.text for u in doc.units] == ["Our facial leaves skin looking smooth and bright."]


def test_hard_wrapped_prose_is_joined() -> None:
    prose = (
        "Peptide serums are popular because they feel light on the skin and layer\n"
        "well under moisturizer, sunscreen and makeup in a morning routine. Most\n"
        "People apply two drops after cleansing, then wait a minute before the\n"
        "next step so the texture settles evenly.\n"
    )
    assert len(txt(prose).units) == 1


def test_list_item_continuations_and_nesting() -> None:
    doc = txt("Benefits\n- A soft finish\n  that lasts all day\n  - nested detail\nAfter the list.")
    assert units(doc) == [
        (UnitKind.HEADING, 3, "Benefits"),
        (UnitKind.LIST_ITEM, 1, "A soft finish that lasts all day"),
        (UnitKind.LIST_ITEM, 2, "nested detail"),
        (UnitKind.PARAGRAPH, 0, "After the list."),
    ]


def test_colon_line_before_a_list_is_split_off_as_heading() -> None:
    doc = txt("Spring is here, and so is our menu. What you get:\n- One\n- Two")
    assert units(doc)[:2] == [
        (UnitKind.HEADING, 3, "Spring is here, and so is our menu. What you get:"),
        (UnitKind.LIST_ITEM, 1, "One"),
    ]
    doc = txt("Intro sentence here.\nWhat you get:\n- One")
    assert units(doc)[:2] == [
        (UnitKind.PARAGRAPH, 0, "Intro sentence here."),
        (UnitKind.HEADING, 3, "What you get:"),
    ]


def test_lines_without_letters_separate_units() -> None:
    doc = txt("First part\n==========\nSecond part.\n★★★★★\nThird part.")
    assert [u.text for u in doc.units] == ["First part", "Second part.", "Third part."]


@pytest.mark.parametrize("raw", ["", "\n\n", "   \n\t\n", "━━━━\n"])
def test_empty_documents_have_no_units(raw: str) -> None:
    assert txt(raw).units == []


def test_entities_are_not_decoded_in_plain_text() -> None:
    assert [u.text for u in txt("Tom &amp; Jerry.").units] == ["Tom &amp; Jerry."]


def test_unit_builder_collapses_across_pieces_and_maps_each_character() -> None:
    raw = "<p>Exo<b>somes  </b>\n  treat&rsquo;  </p>"
    b = UnitBuilder()
    b.text("Exo", 3)
    b.text("somes  ", 9)
    b.text("\n  treat", 20)
    b.replaced("’", 28, 35)
    b.text("  ", 35)
    unit = b.finish(UnitKind.PARAGRAPH)
    assert unit is not None
    assert unit.text == "Exosomes treat’"
    assert unit.offsets.raw_span(0, 8) == (3, 14)  # "Exo<b>somes": the tag inside stays in the span
    assert raw[slice(*unit.offsets.raw_span(8, 9))] == "  </b>\n  "  # one space for the whole run
    assert raw[slice(*unit.offsets.raw_span(9, 14))] == "treat"
    assert raw[slice(*unit.offsets.raw_span(14, 15))] == "&rsquo;"
    assert b.empty
    assert b.finish(UnitKind.PARAGRAPH) is None
