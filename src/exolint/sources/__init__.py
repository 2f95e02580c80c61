"""Sources: the first stage of the pipeline, from a file to a `Document` of units.

sources -> segment -> lexicon -> grammar -> policy -> report. Each reader
turns the decoded raw text of one format into `Unit`s (visible text blocks)
whose offset maps point back at the raw file, so every finding can name the
exact line and column a user's editor shows.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath
from typing import Final

from exolint.errors import InputError
from exolint.model import Document, Unit
from exolint.sources.html import read_html
from exolint.sources.read import DEFAULT_MAX_BYTES, decode, read_file
from exolint.sources.text import read_text

__all__ = ["FORMATS", "format_for", "parse_text", "read_bytes", "read_document"]

FORMATS: Final[dict[str, str]] = {
    ".txt": "text",
    ".text": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",  # binary: routed to sources/docx.py before any text decoding
}

READERS: Final[dict[str, Callable[[str, str], list[Unit]]]] = {
    "text": lambda raw, path: read_text(raw),
    "markdown": lambda raw, path: _read_markdown(raw, path),
    "html": lambda raw, path: read_html(raw),
}


def _read_markdown(raw: str, path: str) -> list[Unit]:
    # Imported on first use: markdown-it costs start-up time a run over HTML never needs.
    from exolint.sources.markdown import read_markdown

    return read_markdown(raw, mdx=path.lower().endswith(".mdx"))


def format_for(path: str) -> str | None:
    """The format of a file by its extension, or None if exolint does not read it."""
    return FORMATS.get(PurePath(path).suffix.lower())


def parse_text(raw: str, path: str, fmt: str) -> Document:
    """A `Document` from already-decoded text; `fmt` is "text", "markdown" or "html"."""
    reader = READERS.get(fmt)
    if reader is None:
        raise InputError(f"unknown format {fmt!r} (expected one of: text, markdown, html)", path=path)
    return Document(path=path, format=fmt, raw=raw, units=reader(raw, path))


def read_bytes(data: bytes, path: str, fmt: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """A `Document` from undecoded bytes (stdin, a JSONL record, a WARC payload)."""
    if len(data) > max_bytes:
        raise InputError(f"input is too large ({len(data):,} bytes; the limit is {max_bytes:,})", path=path)
    if fmt == "docx":
        return _read_docx(data, path)
    return parse_text(decode(data, path, fmt), path, fmt)


def read_document(
    path: str | PurePath, fmt: str | None = None, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Document:
    """Read and parse a file; the format comes from the extension unless `fmt` is given."""
    name = str(path)
    fmt = fmt or format_for(name)
    if fmt is None:
        suffix = PurePath(name).suffix or "(none)"
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"unsupported file type {suffix} (exolint reads {known})", path=name)
    data = read_file(name, max_bytes)
    if fmt == "docx":
        return _read_docx(data, name)
    return parse_text(decode(data, name, fmt), name, fmt)


def _read_docx(data: bytes, path: str) -> Document:
    # Imported here: zipfile (and python-docx inside) cost start-up time that
    # a pre-commit run over HTML and Markdown should not pay.
    from exolint.sources.docx import read_docx

    return read_docx(data, path)
