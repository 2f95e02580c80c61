"""WARC input for triage: HTML responses out of crawl archives, read with warcio.

Part of triage's input stage (inputs.py plans shards; this module plans and
reads the WARC ones). warcio (the Webrecorder project's streaming WARC
library) is imported only when a WARC is read: it is the `exolint[warc]` extra.

Shards are byte ranges, and each owns the records that *start* inside it, so
workers split a file without a central index:

- `.warc.gz`: each record is its own gzip member (WARC 1.1 annex D.2). A
  worker finds its first record by scanning for a gzip header whose data
  inflates to `WARC/`, and so does a reader after a corrupt member.
- `.warc`: the planner walks the record headers, seeking over each block by
  its Content-Length, and cuts shards at record starts; no payload is read.

A record that warcio cannot parse, a truncated one, an HTML payload over the
size limit, or a bad transfer or content encoding is yielded as failed, at
its byte offset, and the reader moves on to the next record.
"""

from __future__ import annotations

import codecs
import contextlib
import functools
import io
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, Final, TypeVar

from exolint.errors import InputError
from exolint.triage.inputs import Record, Shard, byte_ranges, site_of, stamp_of

GZIP_MAGIC: Final = b"\x1f\x8b\x08"
PLAIN_MAGIC: Final = b"WARC/1."
SCAN_BYTES: Final = 1 << 20
PAGE_TYPES: Final = ("html", "xhtml")  # in a Content-Type: text/html, application/xhtml+xml
_T = TypeVar("_T")


def warc_shards(index: int, kind: str, source: str, path: str, shard_bytes: int) -> Iterator[Shard]:
    if path.lower().endswith(".gz"):
        yield from byte_ranges(index, kind, source, path, shard_bytes)
        return
    size, stamp, start = Path(path).stat().st_size, stamp_of(path), 0
    with Path(path).open("rb") as f:
        for offset in _plain_records(f, size):
            if offset - start >= shard_bytes:
                yield Shard(index, kind, source, path, start, offset, stamp=stamp)
                start = offset
    if size > start:
        yield Shard(index, kind, source, path, start, size, stamp=stamp)


def _plain_records(f: BinaryIO, size: int) -> Iterator[int]:
    """Offsets of the records of an uncompressed WARC, from headers alone."""
    pos: int | None = 0
    while pos is not None and pos < size:
        f.seek(pos)
        head = f.read(65536)
        end = head.find(b"\r\n\r\n")
        length = _content_length(head[:end]) if head.startswith(PLAIN_MAGIC) and end > 0 else None
        if length is None:  # not a record here: move to the next thing that looks like one
            pos = _next_plain(f, pos + 1)
            continue
        yield pos
        pos += end + 4 + length + 4  # headers, blank line, block, CRLF CRLF


def _content_length(header: bytes) -> int | None:
    for line in header.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            with contextlib.suppress(ValueError):
                return int(value.strip())
    return None


def _next_plain(f: BinaryIO, pos: int) -> int | None:
    # A record begins a line that follows a blank line (the previous record's end).
    return _scan(f, pos, b"\r\n\r\n" + PLAIN_MAGIC, lambda f, at: True, shift=4)


def _next_member(f: BinaryIO, pos: int) -> int | None:
    """The first gzip member at or after `pos` whose data starts with a WARC version line."""

    def inflates_to_warc(f: BinaryIO, at: int) -> bool:
        f.seek(at)
        with contextlib.suppress(zlib.error):
            return zlib.decompressobj(31).decompress(f.read(4096), 16).startswith(b"WARC/")
        return False

    return _scan(f, pos, GZIP_MAGIC, inflates_to_warc)


def _scan(
    f: BinaryIO, pos: int, magic: bytes, ok: Callable[[BinaryIO, int], bool], shift: int = 0
) -> int | None:
    while True:
        f.seek(pos)
        window = f.read(SCAN_BYTES + len(magic))
        at = window.find(magic)
        while at >= 0:
            if ok(f, pos + at):
                return pos + at + shift
            at = window.find(magic, at + 1)
        if len(window) <= SCAN_BYTES:
            return None
        pos += SCAN_BYTES


def read_warc(shard: Shard, max_bytes: int, on_skip: Callable[[], None]) -> Iterator[Record]:
    """The HTML pages of records starting in the shard; other records call `on_skip`."""
    try:
        from warcio.archiveiterator import ArchiveIterator
    except ImportError:
        raise InputError(
            "reading WARC files needs warcio: pip install 'exolint[warc]'", path=shard.source
        ) from None
    gz = shard.path.lower().endswith(".gz")
    with Path(shard.path).open("rb") as f:
        size = os.fstat(f.fileno()).st_size
        pos = _next_member(f, shard.start) if gz and shard.start else shard.start
        while pos is not None and pos < shard.end:
            f.seek(pos)
            it = ArchiveIterator(f)
            records = iter(it)
            bad: int | None = None  # where reading broke off: resume at the next record after it
            while bad is None:
                offset = it.offset  # where the next record starts (warcio tracks it)
                try:
                    record = _quiet(functools.partial(next, records, None))
                except Exception as exc:  # warcio raises many types for a broken record
                    bad, failure = offset, f"unreadable WARC record: {_brief(exc)}"
                else:
                    if record is None:  # end of file; warcio ends silently at a record cut short
                        if not _leftover(f, offset, size):
                            return
                        bad, failure = offset, "WARC record is cut short by the end of the file"
                    elif offset >= shard.end:
                        return
                    else:
                        page = _page(shard, offset, record, max_bytes)
                        if _complete(it, record):
                            if page is None:
                                on_skip()
                            else:
                                yield page
                            continue
                        failed = page is not None and page.error is not None
                        bad, failure = offset, "WARC record is truncated or corrupt"
                        if failed and page is not None:
                            yield page
                            break
                if offset < shard.end:
                    yield _failed(shard, offset, failure)
            pos = _next_member(f, bad + 1) if gz else _next_plain(f, bad + 1)


def _complete(it: Any, record: Any) -> bool:
    """Read to the record's end: False when its block was shorter than its Content-Length."""
    try:
        _quiet(it.read_to_end)
    except Exception:
        return False
    return getattr(record.raw_stream, "limit", 1) == 0


def _leftover(f: BinaryIO, offset: int, size: int) -> bool:
    if offset >= size:
        return False
    f.seek(offset)
    return bool(f.read(4096).strip())


def _page(shard: Shard, offset: int, record: Any, max_bytes: int) -> Record | None:
    """The record as a page (perhaps failed), or None if it is not an HTML response."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    if record.rec_type == "response" and record.http_headers is not None:
        ctype = record.http_headers.get_header("Content-Type") or ""
    elif record.rec_type == "resource":
        ctype = record.rec_headers.get_header("Content-Type") or ""
    else:
        return None
    if ctype and not any(t in ctype.lower() for t in PAGE_TYPES):
        return None
    try:
        data = record.content_stream().read(max_bytes + 1)
    except Exception as exc:  # a bad chunked or gzip transfer: warcio raises what zlib or its reader raise
        return _failed(shard, offset, f"cannot decode the HTTP payload: {_brief(exc)}", url)
    if not ctype and b"<html" not in data[:1024].lower():
        return None
    rec = Record(f"{shard.source}@{offset}", shard.source, offset, url, site_of(url), fmt="html")
    rec.fields = {"warc_date": record.rec_headers.get_header("WARC-Date")}
    if record.http_headers is not None:
        rec.fields["http_status"] = record.http_headers.get_statuscode()
    if len(data) > max_bytes:
        rec.error = ("too-large", f"HTML payload is too large (more than {max_bytes:,} bytes)")
        return rec
    rec.data = _utf8(data, ctype)
    return rec


def _utf8(data: bytes, ctype: str) -> bytes:
    """Honour a charset the HTTP header declares, as browsers do, when the bytes are not UTF-8."""
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    charset = ctype.lower().partition("charset=")[2].split(";")[0].strip(" \"'")
    try:
        return data.decode(codecs.lookup(charset).name).encode("utf-8") if charset else data
    except (LookupError, UnicodeDecodeError):
        return data  # sources.read reports it as undecodable, with the byte and offset


def _failed(shard: Shard, offset: int, message: str, url: str | None = None) -> Record:
    rid = f"{shard.source}@{offset}"
    return Record(rid, shard.source, offset, url, site_of(url), error=("corrupt-record", message))


def _brief(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:160]}" if text else type(exc).__name__


def _quiet(step: Callable[[], _T]) -> _T:
    # warcio prints warnings about bad Content-Lengths to stderr; we report them as failed records.
    with contextlib.redirect_stderr(io.StringIO()):
        return step()
