"""Baseline: the findings a site accepted when it adopted exolint, kept in a text file.

Pipeline position: policy -> suppress -> **baseline** -> report. With
`--baseline FILE`, a finding listed in the file is not reported, so an
existing site can turn the hook on and be held only to new copy.

Matching is by path and the content-keyed fingerprint (fingerprint.py: rule
code + normalised sentence + which copy of it), never by line: inserting
lines above a claim, moving it or re-wrapping it keeps it baselined, while
editing its words makes a new finding that a reviewer sees. Paths are stored
relative to the baseline file's folder, so the result does not depend on
where exolint runs.

The file is sorted, tab-separated text with a header, one finding a line,
so a change to it reads as a small diff in review:

    pages/hair.html<TAB>EXO401<TAB>3f9c...<TAB>We inject exosomes into the scalp.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from exolint.errors import ConfigError
from exolint.model import Category, Finding

HEADER: Final = (
    "# exolint baseline: findings accepted when exolint was adopted.\n"
    "# `exolint check --baseline FILE` reports only findings not listed here; regenerate with\n"
    "# `exolint check --write-baseline FILE PATH...`. One finding a line, sorted:\n"
    "# path<TAB>rule code<TAB>fingerprint<TAB>sentence (for readers; matching uses path and fingerprint)\n"
)
EXCERPT_CHARS: Final = 100
FIELDS: Final = 4


@dataclass(frozen=True, slots=True, order=True)
class Entry:
    path: str  # posix, relative to the baseline file's folder
    code: str
    excerpt: str
    fingerprint: str

    def line(self) -> str:
        return "\t".join((self.path, self.code, self.fingerprint, self.excerpt))


class Baseline:
    """A loaded baseline file: which (path, fingerprint) pairs are accepted."""

    def __init__(self, folder: Path, entries: Iterable[Entry] = ()) -> None:
        self.folder = folder
        self.entries = sorted(set(entries))
        self._keys = {(e.path, e.fingerprint) for e in self.entries}

    def key(self, path: str) -> str:
        """A finding's path as the baseline stores it."""
        return Path(os.path.relpath(Path(path).absolute(), self.folder)).as_posix()

    def contains(self, finding: Finding) -> bool:
        return (self.key(finding.path), finding.fingerprint) in self._keys

    def filter(self, findings: list[Finding]) -> tuple[list[Finding], int]:
        """The findings not in the baseline, and how many were."""
        kept = [f for f in findings if not self.contains(f)]
        return kept, len(findings) - len(kept)


def baselinable(findings: Iterable[Finding]) -> list[Finding]:
    """Findings a baseline records: not suppressed in source, not tool diagnostics.

    Diagnostics (a bad suppression, an unreadable file) are problems to fix,
    not copy to accept.
    """
    return [f for f in findings if f.suppressed is None and f.category is not Category.DIAGNOSTIC]


def load_baseline(path: str, shown: str | None = None) -> Baseline:
    """Read a baseline file; a malformed line is a `ConfigError` naming file and line."""
    shown = shown or path
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("baseline file not found", path=shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"cannot read baseline file: {reason}", path=shown) from None
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != FIELDS or not all(fields[:3]):
            raise ConfigError(
                f"line {number}: expected path<TAB>code<TAB>fingerprint<TAB>sentence; got {line[:60]!r}",
                path=shown,
            )
        entries.append(Entry(path=fields[0], code=fields[1], excerpt=fields[3], fingerprint=fields[2]))
    return Baseline(Path(path).absolute().parent, entries)


def write_baseline(path: str, findings: Iterable[Finding], linted: Iterable[str]) -> int:
    """Record `findings` in `path`; returns how many entries the file now holds.

    Entries of files this run did not lint are kept while the file exists, so
    a baseline written from a subset of the site (say, the files pre-commit
    passed) does not forget the rest.
    """
    target = Path(path)
    baseline = Baseline(target.absolute().parent)
    linted_keys = {baseline.key(p) for p in linted}
    kept: list[Entry] = []
    if target.is_file():
        old = load_baseline(path)
        kept = [e for e in old.entries if e.path not in linted_keys and (old.folder / e.path).exists()]
    new = [
        Entry(path=baseline.key(f.path), code=f.code, excerpt=_excerpt(f.sentence), fingerprint=f.fingerprint)
        for f in baselinable(findings)
    ]
    entries = sorted(set(kept + new))
    _write_atomically(target, HEADER + "".join(e.line() + "\n" for e in entries))
    return len(entries)


def _excerpt(sentence: str) -> str:
    one_line = " ".join(sentence.split())
    return one_line if len(one_line) <= EXCERPT_CHARS else one_line[: EXCERPT_CHARS - 1] + "…"


def _write_atomically(target: Path, text: str) -> None:
    """Readers (a concurrent hook run) see the old file or the new one, never half of it."""
    try:
        target.absolute().parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.absolute().parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ConfigError(f"cannot write baseline file: {exc.strerror}", path=str(target)) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(text)
        # mkstemp makes the file 0600; a baseline is shared through the repository.
        Path(name).chmod(target.stat().st_mode & 0o7777 if target.exists() else 0o644)
        Path(name).replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            Path(name).unlink()
        raise ConfigError(f"cannot write baseline file: {exc.strerror or exc}", path=str(target)) from None
