"""Reading and decoding input files: the door into the pipeline.

Everything a user can get wrong about an input (a missing path, a folder, a
file too large, a binary, a file in the wrong encoding) becomes one
`InputError` with a one-line message here, before any reader runs. The
decoded text is kept exactly as decoded (no newline or Unicode
normalisation): positions are computed against it and must match what the
user's editor shows.
"""

from __future__ import annotations

import codecs
import re
import stat
from pathlib import Path
from typing import Final

from exolint.errors import InputError

DEFAULT_MAX_BYTES: Final = 20_000_000
SNIFF_BYTES: Final = 8192  # how much we look at to call a file binary
CHARSET_BYTES: Final = 2048  # HTML requires a <meta charset> within the first 1024 bytes; be lenient
MAX_CONTROL_RATIO: Final = 0.10
# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Bytes that are neither text nor the white space text uses (tab, LF, VT, FF, CR).
CONTROL_BYTES: Final = bytes([*range(0, 9), *range(14, 32), 127])
NOT_CONTROL: Final = bytes(b for b in range(256) if b not in CONTROL_BYTES)
# <meta charset="x">, <meta http-equiv="Content-Type" content="text/html; charset=x">,
# and the XML declaration of XHTML files.
DECLARED_CHARSET: Final = re.compile(
    rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]+)|<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)",
    re.IGNORECASE,
)
# WHATWG Encoding: pages labelled latin-1 or ASCII are decoded as windows-1252
# (their "smart quotes" are 0x91-0x94), and UTF-16 labels without a BOM mean UTF-8.
WHATWG_ALIASES: Final = {"latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a file, checking size before reading so a huge file is never loaded."""
    p = Path(path)
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise InputError("is a directory, not a file", path=path)
        if stat.S_ISREG(st.st_mode) and st.st_size > max_bytes:
            raise InputError(_too_large(st.st_size, max_bytes), path=path)
        with p.open("rb") as f:
            data = f.read(max_bytes + 1)  # pipes and devices have no size: read one byte past the limit
    except FileNotFoundError:
        raise InputError("no such file or directory", path=path) from None
    except PermissionError:
        raise InputError("permission denied", path=path) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=path) from None
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror or e}", path=path) from None
    if len(data) > max_bytes:
        raise InputError(_too_large(len(data), max_bytes, at_least=True), path=path)
    return data


def _too_large(size: int, limit: int, *, at_least: bool = False) -> str:
    more = "more than " if at_least else ""
    return f"file is too large ({more}{size:,} bytes; the limit is {limit:,})"


def _check_text(sample: bytes | str, path: str) -> None:
    """Reject binary content: NUL bytes, or many control characters, near the start."""
    if isinstance(sample, str):
        sample = sample[:SNIFF_BYTES].encode("utf-8", "replace")
    sample = sample[:SNIFF_BYTES]
    if b"\0" in sample:
        raise InputError(
            "looks binary (NUL bytes in the first 8 KiB); exolint reads text, Markdown and HTML", path=path
        )
    controls = len(sample.translate(None, NOT_CONTROL))
    if sample and controls > MAX_CONTROL_RATIO * len(sample):
        raise InputError(f"looks binary ({controls} control characters in the first 8 KiB)", path=path)


def _declared_codec(data: bytes) -> str | None:
    """The Python codec an HTML page declares for itself, if Python knows it."""
    m = DECLARED_CHARSET.search(data[:CHARSET_BYTES])
    if m is None:
        return None
    label = (m.group(1) or m.group(2)).decode("ascii")
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        return None
    return WHATWG_ALIASES.get(name, name)


def _undecodable(e: UnicodeDecodeError, encoding: str) -> str:
    return f"not valid {encoding} (byte 0x{e.object[e.start]:02X} at offset {e.start}); re-save as UTF-8"


def decode(data: bytes, path: str, fmt: str) -> str:
    """Decode bytes as the editor would: BOM, else UTF-8, else (HTML) the declared charset."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(_undecodable(e, codec.upper().removesuffix("-SIG")), path=path) from None
            _check_text(text, path)
            return text
    _check_text(data, path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    # UTF-8 first, even when a page declares another charset: crawled pages
    # often keep a stale <meta charset> after being re-saved as UTF-8, while
    # text in a legacy charset is almost never valid UTF-8 by accident.
    declared = _declared_codec(data) if fmt == "html" else None
    if declared is None:
        raise InputError(_undecodable(utf8_error, "UTF-8"), path=path)
    try:
        return data.decode(declared)
    except UnicodeDecodeError as e:
        raise InputError(_undecodable(e, f"{declared} (the charset the page declares)"), path=path) from None
