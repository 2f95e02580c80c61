"""The resume journal of a triage batch, and atomic, durable file writes.

Triage's bookkeeping, beside batch.py. Every finished shard's pages.jsonl
lines go to `DIR/.exolint-triage/shards/<key>.jsonl`, written to a temporary
file, fsynced and renamed: a shard file exists whole or not at all, whether
the batch is stopped by Ctrl-C, `kill -9` or a power cut. The file's name is
the shard's content key (inputs' sizes and times, settings, exolint and
policy fingerprint), so `--resume` skips exactly the shards whose inputs and
settings are unchanged, and the final outputs are assembled from the journal
in plan order by the same code whether a run was resumed or not.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Final, TextIO

from exolint.errors import ExolintError

STATE_DIR: Final = ".exolint-triage"


@contextlib.contextmanager
def atomic_write(path: Path) -> Iterator[TextIO]:
    """Write a UTF-8 file all at once and durably: temp file, fsync, rename, fsync the folder."""
    try:
        fd, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExolintError(f"cannot write: {exc.strerror}", path=str(path)) from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        tmp.chmod(0o644)
        tmp.replace(path)
        _fsync_dir(path.parent)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fsync_dir(folder: Path) -> None:
    # The rename is durable only once the folder's entry is on disk (POSIX).
    with contextlib.suppress(OSError):  # not every platform can open a folder
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class Journal:
    """Finished shards of one output folder, keyed by content."""

    def __init__(self, out: Path, *, resume: bool) -> None:
        self.dir = out / STATE_DIR
        self.shards = self.dir / "shards"
        self.resumed = resume and self.shards.is_dir() and any(self.shards.iterdir())
        if not resume and self.dir.exists():
            shutil.rmtree(self.dir)  # a fresh run never mixes in an old one's pages
        self.shards.mkdir(parents=True, exist_ok=True)
        for stale in self.shards.glob(".*.tmp"):  # a write cut short by kill -9: never a finished shard
            stale.unlink(missing_ok=True)

    @property
    def stdin_spool(self) -> Path:
        return self.dir / "stdin.jsonl"

    @property
    def order_file(self) -> Path:
        return self.dir / "order.txt"

    def _path(self, key: str) -> Path:
        return self.shards / f"{key}.jsonl"

    def done(self, key: str) -> bool:
        return self._path(key).is_file()

    def commit(self, key: str, lines: list[str], skipped: int) -> None:
        with atomic_write(self._path(key)) as out:
            out.write(json.dumps({"pages": len(lines), "skipped": skipped}) + "\n")
            for line in lines:
                out.write(line)
                out.write("\n")

    def pages(self, key: str) -> int:
        with self._path(key).open(encoding="utf-8") as f:
            return int(json.loads(f.readline())["pages"])

    def read(self, key: str) -> tuple[int, Iterator[str]]:
        """(records that were not pages, the shard's page lines, streamed)."""
        f = self._path(key).open(encoding="utf-8")
        head = json.loads(f.readline())

        def lines() -> Iterator[str]:
            with f:
                for line in f:
                    yield line.rstrip("\n")

        return int(head["skipped"]), lines()

    def finish(self) -> None:
        """The outputs are in place: the journal has served its purpose."""
        shutil.rmtree(self.dir, ignore_errors=True)
