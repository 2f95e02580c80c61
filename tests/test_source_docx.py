"""Word drafts: paragraphs and tables become units numbered by paragraph; findings say which.

The .docx files are written here with python-docx, so the tests need no
binary fixtures and show exactly what each draft holds.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

docx = pytest.importorskip("docx", reason="python-docx is a dependency of exolint; install it")

from exolint.api import lint_paths  # noqa: E402
from exolint.errors import InputError  # noqa: E402
from exolint.model import UnitKind  # noqa: E402
from exolint.sources import FORMATS, read_bytes, read_document  # noqa: E402

CLAIM = "Our exosome IV infusions cure arthritis."


def write_draft(path: Path) -> Path:
    """Title, an empty paragraph, a heading, a table (with a merged cell), a list item, a paragraph."""
    word = docx.Document()
    word.add_paragraph("Spring menu", style="Title")  # 1
    word.add_paragraph("")  # 2: counted, though empty
    word.add_heading("Exosome facials", level=2)  # 3
    table = word.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Service"  # 4
    table.cell(0, 1).text = "Price"  # 5
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = CLAIM  # 6: once, although the merged cell fills two grid slots
    word.add_paragraph("Book online today.", style="List Bullet")  # 7
    word.add_paragraph("Line one\nline two, same paragraph.")  # 8: a manual line break
    word.save(str(path))
    return path


def test_paragraph_numbers_kinds_and_raw_lines(tmp_path: Path) -> None:
    doc = read_document(write_draft(tmp_path / "draft.docx"))
    assert doc.format == "docx"
    got = [(u.paragraph, u.kind, u.text) for u in doc.units]
    assert got == [
        (1, UnitKind.TITLE, "Spring menu"),
        (3, UnitKind.HEADING, "Exosome facials"),
        (4, UnitKind.TABLE_CELL, "Service"),
        (5, UnitKind.TABLE_CELL, "Price"),
        (6, UnitKind.TABLE_CELL, CLAIM),
        (7, UnitKind.LIST_ITEM, "Book online today."),
        (8, UnitKind.PARAGRAPH, "Line one line two, same paragraph."),
    ]
    # Paragraph N is line N of the raw text, so positions and paragraphs agree.
    lines = doc.raw.split("\n")
    assert len(lines) == 8
    for unit in doc.units:
        assert unit.paragraph is not None
        start, end = unit.offsets.raw_span(0, len(unit.text))
        assert doc.position(start) == (unit.paragraph, 1)
        assert doc.raw[start:end] == lines[unit.paragraph - 1].strip()


def test_docx_is_a_known_extension_and_reads_from_bytes(tmp_path: Path) -> None:
    assert FORMATS[".docx"] == "docx"
    data = write_draft(tmp_path / "d.docx").read_bytes()
    doc = read_bytes(data, "upload.docx", "docx")
    assert [u.paragraph for u in doc.units] == [1, 3, 4, 5, 6, 7, 8]


def test_findings_carry_the_paragraph(tmp_path: Path) -> None:
    write_draft(tmp_path / "draft.docx")
    run = lint_paths([str(tmp_path)], keep_documents=True)
    assert run.failures == []
    assert run.paths == [str(tmp_path / "draft.docx")]
    on_claim = [f for f in run.findings if f.sentence == CLAIM]
    assert on_claim, [f.sentence for f in run.findings]
    for f in on_claim:
        assert f.region.paragraph == 6
        assert f.region.start_line == 6
        start = f.region.char_offset
        assert run.documents[0].raw[start : start + f.region.char_length] == CLAIM


def test_sarif_names_the_paragraph_as_a_logical_location(
    tmp_path: Path, validate_sarif: Callable[[Any], None]
) -> None:
    from exolint.policy.load import default_policy
    from exolint.report import render

    write_draft(tmp_path / "draft.docx")
    run = lint_paths([str(tmp_path / "draft.docx")])
    out = io.StringIO()
    render("sarif", run, out, policy=default_policy(), color=False)
    validate_sarif(out.getvalue())
    results = json.loads(out.getvalue())["runs"][0]["results"]
    assert results
    for result in results:
        logical = result["locations"][0]["logicalLocations"]
        assert logical == [{"name": "paragraph 6", "kind": "paragraph"}]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"plain text, not a zip", "not a zip archive"),
        (b"", "not a zip archive"),
    ],
)
def test_not_a_docx_is_an_input_error(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_bytes(data, "x.docx", "docx")


def test_a_zip_that_is_not_word_is_an_input_error() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(InputError, match=r"not a readable Word \.docx file"):
        read_bytes(buf.getvalue(), "x.docx", "docx")


def test_a_zip_bomb_is_refused_before_inflating(monkeypatch: pytest.MonkeyPatch) -> None:
    from exolint.sources import docx as reader

    monkeypatch.setattr(reader, "MAX_INFLATED_BYTES", 1000)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "0" * 5000)
    with pytest.raises(InputError, match="inflates to 5,000 bytes"):
        read_bytes(buf.getvalue(), "x.docx", "docx")


def test_a_broken_docx_does_not_stop_the_batch(tmp_path: Path) -> None:
    (tmp_path / "broken.docx").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "page.txt").write_text(CLAIM + "\n", encoding="utf-8")
    run = lint_paths([str(tmp_path)])
    assert [f.path for f in run.failures] == [str(tmp_path / "broken.docx")]
    assert run.paths == [str(tmp_path / "page.txt")]
