"""JSON Lines input for triage: byte-range shards of a file, and stdin made into one.

Part of triage's input stage (inputs.py plans shards; this module reads the
JSONL ones). A shard owns the lines that *start* inside its byte range
(Hadoop's split rule), so shards of one file are read by different workers
without an index. A line is read with a length limit, so one huge record is
recorded as failed without ever being held whole.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO, Final

from exolint.triage.inputs import STDIN, Record, Shard, site_of

CONTENT_KEYS: Final = {"html": "html", "markdown": "markdown", "text": "text"}  # JSONL key -> format


def line_limit(max_bytes: int) -> int:
    """The longest JSONL line read: JSON escaping can double a page, plus room for other fields."""
    return 2 * max_bytes + 65536


def stdin_shards(index: int, stream: BinaryIO, spool: Path, shard_bytes: int) -> Iterator[Shard]:
    """JSONL on stdin, copied to a spool file and cut into byte ranges as it arrives.

    Workers cannot read our stdin, but they can read a file: so stdin becomes
    one more JSONL file. A shard is handed out only once a newline past its end
    is on disk, so its last line is complete. Its stamp hashes everything read
    so far: piping the same data again on --resume gives the same keys.
    """
    digest = hashlib.sha256()
    start = written = 0
    with spool.open("wb") as out:
        while True:
            piece = stream.readline(1 << 20)
            if piece:
                out.write(piece)
                digest.update(piece)
                written += len(piece)
            done = not piece
            while written > start and (done or (written - start >= shard_bytes and piece.endswith(b"\n"))):
                out.flush()
                end = written if done else start + shard_bytes
                yield Shard(index, "jsonl", STDIN, str(spool), start, end, stamp=digest.hexdigest()[:16])
                start = end
            if done:
                return


def read_jsonl(shard: Shard, max_bytes: int) -> Iterator[Record]:
    """The JSON Lines records that start inside the shard's byte range (Hadoop's split rule)."""
    limit = line_limit(max_bytes)
    with Path(shard.path).open("rb") as f:
        pos = shard.start
        if pos > 0:  # the line that crosses our start belongs to the previous shard
            f.seek(pos - 1)
            pos = _skip_line(f, pos - 1)
        while pos < shard.end:
            line = f.readline(limit + 1)
            if not line:
                return
            offset, too_long = pos, len(line) > limit and not line.endswith(b"\n")
            if too_long:
                _skip_line(f, pos + len(line))
            pos = f.tell()
            if too_long:
                yield _failed(shard, offset, "too-large", f"record is too large (more than {limit:,} bytes)")
            elif line.strip():
                yield parse_line(shard, offset, line)


def _skip_line(f: BinaryIO, pos: int) -> int:
    """Read past the next newline without holding the line; the offset after it."""
    while True:
        chunk = f.readline(1 << 20)
        pos += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return pos


def _failed(shard: Shard, offset: int, reason: str, message: str, url: str | None = None) -> Record:
    rid = f"{shard.source}@{offset}"
    return Record(rid, shard.source, offset, url, site_of(url), error=(reason, message))


def parse_line(shard: Shard, offset: int, line: bytes) -> Record:
    """One JSONL page: `url` plus `html`, `markdown` or `text`; other fields are kept."""
    try:
        obj = json.loads(line)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError both
        return _failed(shard, offset, "invalid-json", f"invalid JSON record: {exc}")
    if not isinstance(obj, dict):
        return _failed(shard, offset, "invalid-json", f"expected a JSON object, got {type(obj).__name__}")
    url = obj.get("url")
    url = url if isinstance(url, str) else None
    fmt = next((f for key, f in CONTENT_KEYS.items() if isinstance(obj.get(key), str)), None)
    if fmt is None:
        return _failed(
            shard, offset, "missing-content", "record has no 'html', 'markdown' or 'text' string", url
        )
    content: str = obj[next(k for k, f in CONTENT_KEYS.items() if f == fmt)]
    fields = {k: v for k, v in obj.items() if k != "url" and k not in CONTENT_KEYS}
    rec = Record(f"{shard.source}@{offset}", shard.source, offset, url, site_of(url), fmt=fmt, fields=fields)
    try:
        rec.data = content.encode("utf-8")
    except UnicodeEncodeError as exc:  # a lone surrogate escaped as \ud800
        rec.error = ("undecodable", f"not valid Unicode text: {exc.reason} at character {exc.start}")
    return rec
