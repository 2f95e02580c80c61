"""The position contract of every reader, checked on every fixture (LF and CRLF).

For each unit and each word in it, the raw slice its offsets point at must be
that word: for HTML after dropping tags, decoding references and collapsing
white space; for plain text after collapsing white space; for Markdown the
slice must contain the word's characters in order (inline markup such as
`**`, `\\*` or a link target may sit between them).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from exolint.model import Document
from exolint.sources import parse_text, read_document

FIXTURES = Path(__file__).parent / "sources"
TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"\S+")

INLINE_DOCUMENTS = {
    "inline.html": (
        "<p>Exo<b>somes</b> &amp; <i>peptides</i>&nbsp;<a href=x>glow</a>&hellip;</p>"
        "<p>Two\n\n   lines&#x2019; end</p><img alt='A &quot;quoted&quot; alt'>"
    ),
    "inline.md": "Some **bold** _and_ `code` [link](u) \\* &amp; end\nnext line ~~gone~~ here.\n",
    "inline.txt": "Tabs\tand  spaces\ncollapse here.\n\n- an item\n",
}


def documents() -> list[Document]:
    docs = [read_document(path) for path in sorted(FIXTURES.iterdir()) if path.is_file()]
    formats = {".html": "html", ".md": "markdown", ".txt": "text"}
    docs += [parse_text(raw, name, formats[Path(name).suffix]) for name, raw in INLINE_DOCUMENTS.items()]
    crlf = [parse_text(d.raw.replace("\n", "\r\n"), crlf_name(d.path), d.format) for d in docs]
    return docs + crlf


def crlf_name(path: str) -> str:
    p = Path(path)
    return str(p.with_stem(p.stem + "-crlf"))


def in_order(word: str, text: str) -> bool:
    chars = iter(text)
    return all(c in chars for c in word)


@pytest.mark.parametrize("doc", documents(), ids=lambda d: d.path.rsplit("/", 1)[-1])
def test_every_word_maps_back_to_its_raw_text(doc: Document) -> None:
    assert doc.units
    for unit in doc.units:
        text = unit.text
        assert text, "empty unit"
        assert text == text.strip(), repr(text)
        assert " ".join(text.split(" ")) == " ".join(text.split()), f"uncollapsed white space in {text!r}"
        assert unit.offsets.length == len(text)
        starts = [unit.offsets.raw_start(i) for i in range(len(text))]
        assert starts == sorted(starts), f"offsets go backwards in {text!r}"
        for m in WORD.finditer(text):
            start, end = unit.offsets.raw_span(m.start(), m.end())
            raw = doc.raw[start:end]
            if doc.format == "markdown":
                assert in_order(m.group(), html.unescape(raw)), (m.group(), raw)
                continue
            if doc.format == "html":
                raw = html.unescape(TAG.sub("", raw))
            assert " ".join(raw.split()) == m.group(), (m.group(), raw)


def test_crlf_and_lf_give_the_same_units_and_lines() -> None:
    docs = documents()
    half = len(docs) // 2
    for lf, crlf in zip(docs[:half], docs[half:], strict=True):
        assert [u.text for u in lf.units] == [u.text for u in crlf.units], lf.path
        lines = [lf.position(u.offsets.raw_start(0)) for u in lf.units]
        assert lines == [crlf.position(u.offsets.raw_start(0)) for u in crlf.units], lf.path
