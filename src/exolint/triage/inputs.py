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
FILES_PER_SHARD: Final = 256  # folder pages per task: enough to amortise IPC, small enough to balance
# A crawl folder saved by wget --mirror or HTTrack starts with the host name.
HOST_RE: Final = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,63}(?::\d{1,5})?", re.IGNORECASE)


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
            from exolint.triage.jsonl import stdin_shards

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
