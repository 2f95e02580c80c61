"""The `include` / `exclude` globs of a config file, matched relative to its folder.

Used by project.py to pick which of the paths given (or found in folders)
are linted. The syntax is the one website developers know from .gitignore
and ruff's `exclude`:

- `*`, `?` and `[abc]` match within one path component; `**` matches any
  number of whole components (`content/**/*.md`);
- a pattern without a slash matches a file or folder name at any depth
  (`drafts`, `*.min.html`);
- a pattern that matches a folder matches everything under it;
- paths outside the config file's folder match no pattern.

fnmatch does the per-component work, so there is no hand-written regex here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath


@dataclass(frozen=True, slots=True)
class Glob:
    parts: tuple[str, ...]
    anchored: bool  # contains a slash: matched from the config folder, not at any depth

    @classmethod
    def parse(cls, pattern: str) -> Glob:
        text = pattern.replace("\\", "/").strip()
        anchored = "/" in text.rstrip("/")
        parts = tuple(p for p in PurePosixPath(text.lstrip("/")).parts if p not in ("", "."))
        return cls(parts, anchored)

    def matches(self, parts: Sequence[str]) -> bool:
        """Whether the relative path `parts`, or a folder above it, matches."""
        if not self.anchored:
            return any(fnmatchcase(p, self.parts[0]) for p in parts) if self.parts else False
        return any(_match(self.parts, parts[:n]) for n in range(1, len(parts) + 1))


def _match(pattern: Sequence[str], parts: Sequence[str]) -> bool:
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(_match(rest, parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], head) and _match(rest, parts[1:])


@dataclass(frozen=True, slots=True)
class PathFilter:
    """Which files a run lints: under `include` (when given) and not under `exclude`."""

    root: str
    include: tuple[Glob, ...] = ()
    exclude: tuple[Glob, ...] = ()

    @classmethod
    def build(cls, root: str, include: Iterable[str], exclude: Iterable[str]) -> PathFilter:
        return cls(root, tuple(map(Glob.parse, include)), tuple(map(Glob.parse, exclude)))

    def __bool__(self) -> bool:
        return bool(self.include or self.exclude)

    def allows(self, path: str) -> bool:
        parts = self._relative_parts(path)
        if parts is None:  # outside the config folder: no glob speaks for it
            return not self.include
        if any(g.matches(parts) for g in self.exclude):
            return False
        return not self.include or any(g.matches(parts) for g in self.include)

    def _relative_parts(self, path: str) -> tuple[str, ...] | None:
        try:
            rel = os.path.relpath(Path(path).absolute(), self.root)
        except ValueError:  # another drive on Windows
            return None
        parts = Path(rel).parts
        return None if not parts or parts[0] == os.pardir else parts
