"""Every finding points at the raw file: its slice reads back as the sentence it is about.

Round trip over the bundled examples and small fixtures in each format,
including entity-rich HTML, inline tags inside a sentence, several sentences
on one line, Markdown emphasis and links, and CRLF text.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from exolint.engine import default_engine
from exolint.model import Finding
from exolint.sources import parse_text, read_document

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WS = re.compile(r"\s+")
MD_MARKUP = re.compile(r"[*_`~]|\[|\]\([^)]*\)")
TAG = re.compile(r"<[^>]+>")


def _flat(text: str) -> str:
    return WS.sub(" ", text).strip()


def _raw_slice(raw: str, f: Finding) -> str:
    return raw[f.region.char_offset : f.region.char_offset + f.region.char_length]


def _line_col_offset(raw: str, line: int, col: int) -> int:
    starts = [0] + [m.end() for m in re.finditer("\n", raw)]
    return starts[line - 1] + col - 1


def _check(raw: str, fmt: str, findings: list[Finding]) -> None:
    assert findings, "the fixture should produce findings"
    for f in findings:
        piece = _raw_slice(raw, f)
        # Line/column and offset/length describe the same span.
        r = f.region
        assert _line_col_offset(raw, r.start_line, r.start_column) == r.char_offset
        assert _line_col_offset(raw, r.end_line, r.end_column) == r.char_offset + r.char_length
        if fmt == "html":
            visible = _flat(html.unescape(TAG.sub("", piece)))
        elif fmt == "markdown":
            visible = _flat(MD_MARKUP.sub("", piece))
        else:
            visible = _flat(piece)
        assert visible == _flat(f.sentence), (f.code, piece)
        assert len(piece) <= 1000, "a finding points at a sentence, not a page"


HTML = (
    "<html><head><title>Exosome IV for Long COVID &amp; Fatigue</title></head><body>\n"
    "<p>Our clinic&rsquo;s <strong>exosome</strong> injections <em>regrow</em> hair. "
    "Call us today. We also offer IV exosome drips for arthritis &mdash; book now!</p>\n"
    '<img src="x.jpg" alt="Exosome knee injection for arthritis pain">\n'
    "</body></html>\n"
)
MARKDOWN = (
    "---\ntitle: Exosome hair regrowth\ndescription: Our exosomes cure hair loss.\n---\n\n"
    "# Exosomes that *regrow* hair\n\nBook a consult. Our **exosome** facial [stimulates collagen](/x) "
    "and it is 100% safe.\n\n- Alopecia\n- Eczema\n"
)
TEXT = "Book now!\r\nOur exosome injections heal arthritis.\r\nThey are completely safe.\r\n"


@pytest.mark.parametrize(
    ("raw", "fmt"), [(HTML, "html"), (MARKDOWN, "markdown"), (TEXT, "text")], ids=["html", "markdown", "text"]
)
def test_fixture_round_trip(raw: str, fmt: str) -> None:
    doc = parse_text(raw, f"fixture.{fmt}", fmt)
    _check(raw, fmt, default_engine().lint(doc))


def test_sentence_on_a_shared_line_is_placed_on_itself() -> None:
    doc = parse_text(HTML, "f.html", "html")
    findings = [f for f in default_engine().lint(doc) if "regrow" in f.sentence]
    assert findings
    line = HTML.splitlines()[findings[0].region.start_line - 1]
    # The call-to-action sentence on the same line is not part of the region.
    assert "Call us today" not in _raw_slice(HTML, findings[0])
    assert "Call us today" in line


@pytest.mark.skipif(not EXAMPLES.is_dir(), reason="examples/ not present")
def test_examples_round_trip() -> None:
    fmt_of = {".html": "html", ".md": "markdown", ".txt": "text"}
    seen = 0
    for path in sorted(EXAMPLES.iterdir()):
        fmt = fmt_of.get(path.suffix)
        if fmt is None:
            continue
        doc = read_document(path)
        findings = default_engine().lint(doc)
        if findings:
            _check(doc.raw, fmt, findings)
            seen += 1
    assert seen >= 2
