"""Word (.docx) reader: a draft's paragraphs and table cells as units.

First stage of the pipeline (sources -> segment -> ...), for the reviewer who
gets copy as a Word draft. A .docx has no lines, so the document's `raw` is
built here: every paragraph of the body, in reading order (table cells row by
row, nested tables included), one per line. Paragraph N is therefore line N
of `raw`, and `Unit.paragraph` carries the same number, which the reporters
show ("paragraph 12") and SARIF emits as a logical location. Empty
paragraphs are counted (and kept as empty lines) so the numbers match what a
script walking the document with python-docx finds.

python-docx is imported lazily: `check` on HTML or Markdown never pays for it
(or for lxml). Headers, footers, footnotes, comments and text boxes are not
read; they rarely hold marketing claims, and python-docx does not expose them
in reading order.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Final

from exolint.errors import InputError
from exolint.model import Document, Unit, UnitKind
from exolint.sources.text import UnitBuilder

if TYPE_CHECKING:
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

# A .docx is a zip: refuse archives that inflate past this many bytes before
# python-docx (which reads every part whole) sees them. Real drafts with
# images are a few MB; a "zip bomb" is gigabytes.
MAX_INFLATED_BYTES: Final = 200_000_000
# Inside a paragraph, a manual line break (<w:br/>) or carriage return would
# start a new line of `raw` and break "paragraph N is line N"; a form feed or
# vertical tab would do the same for editors. They read as word breaks.
LINE_BREAKS: Final = str.maketrans({"\n": " ", "\r": " ", "\v": " ", "\f": " "})


def read_docx(data: bytes, path: str) -> Document:
    """A `Document` of a .docx file's body paragraphs and table cells."""
    _check_archive(data, path)
    try:
        import docx
    except ImportError as exc:  # a declared dependency; this is a broken install
        raise InputError("reading .docx needs python-docx (pip install python-docx)", path=path) from exc
    try:
        word = docx.Document(io.BytesIO(data))
        paragraphs = list(_walk(word.iter_inner_content(), in_table=False))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises KeyError, lxml and zip errors on damaged files
        raise InputError(f"not a readable Word .docx file ({type(exc).__name__})", path=path) from None
    return build_document(paragraphs, path)


def build_document(paragraphs: list[tuple[str, UnitKind, int]], path: str) -> Document:
    """The document of (text, kind, level) paragraphs, one per line of `raw`."""
    lines: list[str] = []
    units: list[Unit] = []
    offset = 0
    for number, (text, kind, level) in enumerate(paragraphs, start=1):
        line = text.translate(LINE_BREAKS)
        builder = UnitBuilder()
        builder.text(line, offset)
        unit = builder.finish(kind, level)
        if unit is not None:
            unit.paragraph = number
            units.append(unit)
        lines.append(line)
        offset += len(line) + 1
    return Document(path=path, format="docx", raw="\n".join(lines), units=units)


def _walk(blocks: Iterator[Paragraph | Table], *, in_table: bool) -> Iterator[tuple[str, UnitKind, int]]:
    from docx.table import Table

    for block in blocks:
        if isinstance(block, Table):
            for cell in _cells(block):
                yield from _walk(cell.iter_inner_content(), in_table=True)
        else:
            kind, level = (UnitKind.TABLE_CELL, 0) if in_table else _kind(block)
            yield block.text, kind, level


def _cells(table: Table) -> Iterator[_Cell]:
    """Each cell once, row by row: python-docx repeats a merged cell in every grid slot it spans."""
    # Keyed by id() with the element kept as the value: lxml recycles the
    # proxy of an element nobody holds, so a bare id() could repeat.
    seen: dict[int, object] = {}
    for row in table.rows:
        for cell in row.cells:
            if id(cell._tc) not in seen:
                seen[id(cell._tc)] = cell._tc
                yield cell


def _kind(paragraph: Paragraph) -> tuple[UnitKind, int]:
    """Unit kind from the paragraph style: headings and list items carry context for the engine."""
    try:
        name = (paragraph.style.name if paragraph.style is not None else "") or ""
    except (KeyError, ValueError):  # a style id the styles part does not define
        name = ""
    if name == "Title":
        return UnitKind.TITLE, 0
    if name.startswith("Heading"):
        digits = name.removeprefix("Heading").strip()
        return UnitKind.HEADING, int(digits) if digits.isdigit() else 1
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if name.startswith("List") or numbered:
        return UnitKind.LIST_ITEM, 1
    if name in ("Quote", "Intense Quote"):
        return UnitKind.QUOTE, 0
    return UnitKind.PARAGRAPH, 0


def _check_archive(data: bytes, path: str) -> None:
    """Reject what is not a zip, and zips that would inflate past MAX_INFLATED_BYTES."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile:
        raise InputError("not a Word .docx file (not a zip archive)", path=path) from None
    if inflated > MAX_INFLATED_BYTES:
        raise InputError(
            f"the .docx inflates to {inflated:,} bytes (the limit is {MAX_INFLATED_BYTES:,})", path=path
        )
