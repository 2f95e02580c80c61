"""Reading files and bytes: formats, decoding, and one-line input errors."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from exolint.errors import InputError
from exolint.sources import FORMATS, format_for, parse_text, read_bytes, read_document

FIXTURES = Path(__file__).parent / "sources"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("a.txt", "text"),
        ("a.text", "text"),
        ("docs/a.md", "markdown"),
        ("A.MARKDOWN", "markdown"),
        ("page.mdx", "markdown"),
        ("index.html", "html"),
        ("old.HTM", "html"),
        ("feed.xhtml", "html"),
        ("data.json", None),
        ("Makefile", None),
        ("archive.md.gz", None),
    ],
)
def test_format_for(path: str, fmt: str | None) -> None:
    assert format_for(path) == fmt


def test_formats_table() -> None:
    text_formats = {ext: fmt for ext, fmt in FORMATS.items() if fmt != "docx"}  # docx: sources/docx.py
    assert text_formats == {
        ".txt": "text",
        ".text": "text",
        ".md": "markdown",
        ".markdown": "markdown",
        ".mdx": "markdown",
        ".html": "html",
        ".htm": "html",
        ".xhtml": "html",
    }


@pytest.mark.parametrize("name", ["clinic.html", "post.md", "page.mdx", "captions.txt"])
def test_read_document_matches_parse_text(name: str) -> None:
    path = FIXTURES / name
    doc = read_document(path)
    again = parse_text(path.read_text(encoding="utf-8"), str(path), doc.format)
    assert doc.path == str(path)
    assert [u.text for u in doc.units] == [u.text for u in again.units]
    assert doc.units


def test_format_override(tmp_path: Path) -> None:
    path = tmp_path / "copy.txt"
    path.write_text("<p>Marked <b>up</b></p>", encoding="utf-8")
    assert [u.text for u in read_document(path, "html").units] == ["Marked up"]


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "notes.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(InputError, match=r"unsupported file type \.json"):
        read_document(path)


def test_unknown_format_name() -> None:
    with pytest.raises(InputError, match="unknown format 'docx'"):
        parse_text("x", "x.docx", "docx")


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html"])
def test_empty_file_is_a_document_without_units(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    doc = read_document(path)
    assert doc.units == []
    assert doc.raw == ""


def test_missing_path(tmp_path: Path) -> None:
    path = tmp_path / "gone.md"
    with pytest.raises(InputError) as info:
        read_document(path)
    assert info.value.message == "no such file or directory"
    assert info.value.path == str(path)
    assert str(info.value) == f"{path}: no such file or directory"


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "site.html"
    folder.mkdir()
    with pytest.raises(InputError, match="is a directory"):
        read_document(folder)


def test_too_large_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as f:
        f.truncate(10_000_000)  # sparse: large on paper, cheap on disk

    def no_open(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a file over the limit must not be opened")

    monkeypatch.setattr(Path, "open", no_open)
    with pytest.raises(InputError, match=r"too large \(10,000,000 bytes; the limit is 1,000\)"):
        read_document(path, max_bytes=1_000)


def test_read_bytes_size_limit() -> None:
    with pytest.raises(InputError, match="too large"):
        read_bytes(b"x" * 11, "-", "text", max_bytes=10)
    assert [u.text for u in read_bytes(b"x" * 10, "-", "text", max_bytes=10).units] == ["x" * 10]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads mode-000 files")
def test_unreadable_file_chmod(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")
    path.chmod(0)
    try:
        with pytest.raises(InputError, match="permission denied"):
            read_document(path)
    finally:
        path.chmod(0o600)


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("secret", encoding="utf-8")

    def denied(*args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", denied)
    with pytest.raises(InputError, match="permission denied"):
        read_document(path)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n\x00\x01\x02binary", "NUL bytes in the first 8 KiB"),
        (bytes(range(1, 9)) * 10 + b"text", "control characters"),
    ],
)
def test_binary_content(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "brochure.html"
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_document(path)


def test_bad_utf8_names_the_byte_and_offset() -> None:
    with pytest.raises(InputError) as info:
        read_bytes(b"Caf\xe9 menu", "menu.md", "markdown")
    assert info.value.message == "not valid UTF-8 (byte 0xE9 at offset 3); re-save as UTF-8"


def test_utf8_bom_is_not_part_of_raw() -> None:
    doc = read_bytes(b"\xef\xbb\xbfFirst words here.", "a.txt", "text")
    assert doc.raw == "First words here."
    assert doc.position(doc.units[0].offsets.raw_start(0)) == (1, 1)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_bom(codec: str) -> None:
    text = "# Título\n\nSérum “glow” text.\n"
    data = "\ufeff".encode(codec) + text.encode(codec)
    doc = read_bytes(data, "a.md", "markdown")
    assert doc.raw == text
    assert [u.text for u in doc.units] == ["Título", "Sérum “glow” text."]


def test_utf16_without_bom_is_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        read_bytes("plain words".encode("utf-16-le"), "a.txt", "text")


@pytest.mark.parametrize(
    "head",
    [
        b'<meta charset="windows-1252">',
        b"<meta charset=windows-1252>",
        b'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=iso-8859-1">',
        b'<?xml version="1.0" encoding="cp1252"?>',
    ],
)
def test_html_declared_legacy_charset(head: bytes) -> None:
    # iso-8859-1 pages are read as windows-1252 (WHATWG): 0x93/0x94 are smart quotes.
    data = head + b"<p>Caf\xe9 \x93signature\x94 facial</p>"
    doc = read_bytes(data, "old.html", "html")
    assert [u.text for u in doc.units] == ["Café “signature” facial"]


def test_valid_utf8_wins_over_a_stale_meta_charset() -> None:
    data = '<meta charset="iso-8859-1"><p>Café “glow”</p>'.encode()
    assert [u.text for u in read_bytes(data, "a.html", "html").units] == ["Café “glow”"]


def test_unknown_or_missing_charset_falls_back_to_the_utf8_error() -> None:
    for head in (b'<meta charset="klingon-8">', b""):
        with pytest.raises(InputError, match="not valid UTF-8"):
            read_bytes(head + b"<p>Caf\xe9</p>", "a.html", "html")


def test_meta_charset_only_counts_for_html() -> None:
    with pytest.raises(InputError, match="not valid UTF-8"):
        read_bytes(b'<meta charset="windows-1252">\nCaf\xe9', "a.md", "markdown")


def test_undecodable_in_the_declared_charset() -> None:
    with pytest.raises(InputError, match=r"not valid cp1252 .*byte 0x81"):
        read_bytes(b'<meta charset="windows-1252"><p>\x81\xe9</p>', "a.html", "html")


def test_crlf_is_kept_in_raw(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"One line.\r\nTwo line.\r\n")
    doc = read_document(path)
    assert doc.raw == "One line.\r\nTwo line.\r\n"
    [unit] = doc.units
    assert doc.position(unit.offsets.raw_start(unit.text.index("Two"))) == (2, 1)
