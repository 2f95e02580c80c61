"""Triage inputs: what a batch reads, cut into shards that a worker reads on its own.

Triage sits on top of the pipeline (sources -> ... -> policy) and under the CLI.
An INPUT is a folder (files of any format `check` reads, plus any JSON Lines or
WARC files inside), a JSON Lines file, a WARC file or `-` (JSON Lines on
stdin). The planner turns inputs into `Shard`s: a few hundred files, or a byte
range of one JSONL or WARC file. A shard names where its pages are, not the
pages themselves, so a Dask worker reads its own shard from shared storage and
the client never ships page bytes (issue 5). Shards are planned lazily, in a
fixed order, so memory does not grow with the number of inputs.

Each reader yields `Record`s, one per page; a record that cannot be read is
still yielded, with the reason, so it is counted as failed and never lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO, Final
from urllib.parse import urlsplit

from exolint.errors import InputError
from exolint.sources import FORMATS, format_for
from exolint.sources.read import read_file

STDIN: Final = "-"
JSONL_SUFFIXES: Final = (".jsonl", ".ndjson")
WARC_SUFFIXES: Final = (".warc", ".warc.gz")
CONTENT_KEYS: Final = {"html": "html", "markdown": "markdown", "text": "text"}  # JSONL key -> format
FILES_PER_SHARD: Final = 256  # folder pages per task: enough to amortise IPC, small enough to balance
# A crawl folder saved by wget --mirror or HTTrack starts with the host name.
HOST_RE: Final = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?", re.IGNORECASE)


def line_limit(max_bytes: int) -> int:
    """The longest JSONL line read: JSON escaping can double a page, plus room for other fields."""
    return 2 * max_bytes + 65536


@dataclass(frozen=True, slots=True)
class FileRef:
    path: str  # absolute: what a worker opens
    display: str  # as the user named it: what outputs show
    site: str


@dataclass(frozen=True, slots=True)
class Shard:
    """A unit of work: where some pages are. `stamp` changes when the data may have."""

    input: int  # index of the INPUT argument it came from
    kind: str  # "files" | "jsonl" | "warc"
    source: str  # display name of the JSONL or WARC file ("-" for stdin)
    path: str = ""  # absolute path of the JSONL or WARC file
    start: int = 0  # byte range [start, end): the records that *start* inside it
    end: int = 0
    files: tuple[FileRef, ...] = ()
    stamp: str = ""

    def key(self, salt: str) -> str:
        """A content key: same inputs and settings, same key (the resume journal's index)."""
        h = hashlib.sha256(salt.encode())
        h.update(repr((self.input, self.kind, self.source, self.start, self.end, self.stamp)).encode())
        for ref in self.files:
            h.update(f"\0{ref.display}\0{ref.site}".encode())
        return h.hexdigest()[:32]

    @property
    def size(self) -> int:
        """Bytes of input the shard covers, for the progress bar's ETA."""
        return self.end - self.start


@dataclass(slots=True)
class Record:
    """One page as read, before linting; `error` = (reason, message) when unreadable."""

    id: str  # locator shown to users: a path, or path@byte-offset in a JSONL or WARC file
    source: str
    offset: int | None
    url: str | None
    site: str
    fmt: str = "html"
    data: bytes = b""
    error: tuple[str, str] | None = None
    fields: dict[str, Any] = field(default_factory=dict)


def _absolute(path: str) -> str:
    # What a worker opens; unlike Path.resolve, keeps the symlinks the user named.
    return str(Path.cwd() / path) if not Path(path).is_absolute() else path


def site_of(url: str | None) -> str:
    """Pages group into sites by host name, without "www." and port."""
    if not url:
        return "(no url)"
    try:
        host = urlsplit(url.strip()).hostname
    except ValueError:
        return "(invalid url)"
    if not host:
        return "(invalid url)"
    return host.removeprefix("www.")


def kind_of(arg: str) -> str:
    """What an INPUT is: "stdin", "folder", "jsonl", "warc" or "file"."""
    name = arg.lower()
    if arg == STDIN:
        return "stdin"
    if Path(arg).is_dir():
        return "folder"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    return "file"


def check_inputs(args: list[str]) -> None:
    """Fail before any work when an INPUT does not exist: a typo, not a bad page."""
    if args.count(STDIN) > 1:
        raise InputError("'-' (stdin) can be given only once")
    for arg in args:
        if arg != STDIN and not Path(arg).exists():
            raise InputError("no such file or directory", path=arg)


def stamp_of(path: str) -> str:
    st = Path(path).stat()
    return f"{st.st_size}:{st.st_mtime_ns}"


def byte_ranges(index: int, kind: str, source: str, path: str, shard_bytes: int) -> Iterator[Shard]:
    """Byte-range shards of one file; each reader finds its first record itself."""
    size = Path(path).stat().st_size
    stamp = stamp_of(path)
    for start in range(0, size, shard_bytes):
        yield Shard(index, kind, source, path, start, min(start + shard_bytes, size), stamp=stamp)


def plan(
    args: list[str], shard_bytes: int, stdin: BinaryIO | None, spool: Path, skip: Path | None = None
) -> Iterator[Shard]:
    """Every shard of every INPUT, in argument order then file order; lazily.

    `skip` is the output folder: when it lies inside an INPUT folder, its
    pages.jsonl from an earlier run must not be read back as input."""
    from exolint.triage.warc import warc_shards

    for index, arg in enumerate(args):
        kind = kind_of(arg)
        if kind == "folder":
            yield from folder_shards(index, arg, shard_bytes, skip)
        elif kind == "stdin":
            if stdin is None:
                raise InputError("'-' (stdin) is read only by the local engine", path=arg)
            yield from stdin_shards(index, stdin, spool, shard_bytes)
        elif kind in ("jsonl", "warc"):
            planner = byte_ranges if kind == "jsonl" else warc_shards
            yield from planner(index, kind, arg, _absolute(arg), shard_bytes)
        else:
            site = _folder_site(str(Path(arg).parent), arg)
            yield _file_shard(
                index, arg, [FileRef(_absolute(arg), arg, site)], [stamp_of(arg)], Path(arg).stat().st_size
            )


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


def _folder_site(root: str, found: str) -> str:
    rel = PurePosixPath(Path(os.path.relpath(found, root)).as_posix())
    first = rel.parts[0] if len(rel.parts) > 1 else ""
    if HOST_RE.fullmatch(first):
        return first.lower().removeprefix("www.")
    return Path(root).name or root


def folder_shards(index: int, root: str, shard_bytes: int, skip: Path | None = None) -> Iterator[Shard]:
    """A folder's files, grouped by count and bytes; JSONL and WARC files in it are their own shards."""
    from exolint.api import iter_paths  # the same walk, order and exclusions as `check`

    exts = (*FORMATS, *JSONL_SUFFIXES, *WARC_SUFFIXES)
    batch: list[FileRef] = []
    stamps: list[str] = []
    size = 0
    inside = str(skip.absolute()) + os.sep if skip is not None else None
    for found in iter_paths([root], exts=exts):
        if inside is not None and _absolute(found).startswith(inside):
            continue
        kind = kind_of(found)
        if kind in ("jsonl", "warc"):
            from exolint.triage.warc import warc_shards

            plan = byte_ranges if kind == "jsonl" else warc_shards
            yield from plan(index, kind, found, _absolute(found), shard_bytes)
            continue
        stamp = stamp_of(found)
        batch.append(FileRef(_absolute(found), found, _folder_site(root, found)))
        stamps.append(stamp)
        size += int(stamp.split(":")[0])
        if len(batch) >= FILES_PER_SHARD or size >= shard_bytes:
            yield _file_shard(index, root, batch, stamps, size)
            batch, stamps, size = [], [], 0
    if batch:
        yield _file_shard(index, root, batch, stamps, size)


def _file_shard(index: int, root: str, batch: list[FileRef], stamps: list[str], size: int) -> Shard:
    stamp = hashlib.sha256("\0".join(stamps).encode()).hexdigest()[:16]
    return Shard(index, "files", root, start=0, end=size, files=tuple(batch), stamp=stamp)


def read_files(shard: Shard, max_bytes: int) -> Iterator[Record]:
    for ref in shard.files:
        rec = Record(ref.display, ref.display, None, None, ref.site, fmt=format_for(ref.path) or "text")
        try:
            rec.data = read_file(ref.path, max_bytes)
        except InputError as exc:
            rec.error = (reason_of(exc.message), exc.message)
        yield rec


def reason_of(message: str) -> str:
    """A short reason kind for a reader's message, for the manifest's counts by reason."""
    for prefix, reason in (
        ("looks binary", "binary"),
        ("not valid", "undecodable"),
        ("file is too large", "too-large"),
        ("input is too large", "too-large"),
    ):
        if message.startswith(prefix):
            return reason
    return "unreadable"


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
