"""Reporters: the last stage, one `LintRun` rendered in a chosen format.

`REPORTERS` is a plain registry whose keys are the `--format` choices; each
value names a module-level `render(run, out, *, policy, color)` function as
"module:function". Modules are imported only when their format is asked for,
so `exolint check` never pays for the SARIF models or jinja2 unless it needs
them. To add a format, add a module and one line here.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from exolint.errors import ExolintError

if TYPE_CHECKING:
    from exolint.api import LintRun
    from exolint.policy.schema import Policy, Rule

REPORTERS: dict[str, str] = {
    "text": "exolint.report.text:render",
    "json": "exolint.report.json:render",
    "sarif": "exolint.report.sarif:render",
    "html": "exolint.report.html:render",
    "github": "exolint.report.github:render",
}

# `--quiet`: a format listed here has a terser variant; the others (machine
# formats, which print findings only already) ignore the flag.
QUIET_REPORTERS: dict[str, str] = {
    "text": "exolint.report.text:render_quiet",
}

# Formats that show the copy itself (source excerpts, highlighted text) and
# so need `lint_paths(..., keep_documents=True)`.
DOCUMENT_FORMATS: frozenset[str] = frozenset({"text", "html"})


# `exolint rules --format ...`: the policy's rule table, in the same two formats.
RULE_REPORTERS: dict[str, str] = {
    "text": "exolint.report.text:render_rules",
    "json": "exolint.report.json:render_rules",
}


class Reporter(Protocol):
    def __call__(self, run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None: ...


class RulesReporter(Protocol):
    def __call__(self, rules: Iterable[Rule], out: TextIO) -> None: ...


def _resolve(registry: dict[str, str], fmt: str) -> Any:
    try:
        target = registry[fmt]
    except KeyError:
        raise ExolintError(f"unknown format {fmt!r} (choose from {', '.join(sorted(registry))})") from None
    module, _, function = target.partition(":")
    return getattr(import_module(module), function)


def render(fmt: str, run: LintRun, out: TextIO, *, policy: Policy, color: bool, quiet: bool = False) -> None:
    """Write `run` to `out` in format `fmt` (a key of REPORTERS); `quiet` picks its terse variant."""
    registry = QUIET_REPORTERS if quiet and fmt in QUIET_REPORTERS else REPORTERS
    reporter: Reporter = _resolve(registry, fmt)
    reporter(run, out, policy=policy, color=color)


def needs_documents(fmt: str, *, quiet: bool = False) -> bool:
    """Whether format `fmt` shows the linted copy, so the run must keep its documents."""
    return fmt in DOCUMENT_FORMATS and not quiet


def render_rules(fmt: str, rules: Iterable[Rule], out: TextIO) -> None:
    """Write the rule table to `out` in format `fmt` (a key of RULE_REPORTERS)."""
    reporter: RulesReporter = _resolve(RULE_REPORTERS, fmt)
    reporter(rules, out)


@contextlib.contextmanager
def atomic_output(path: str) -> Iterator[TextIO]:
    """Write a UTF-8 text file all at once: readers see the old file or the new, never half.

    The text goes to a temporary file beside `path` and is moved over it with
    `os.replace` (atomic on POSIX and Windows) only when the block succeeds.
    """
    target = Path(path)
    try:
        fd, name = tempfile.mkstemp(dir=target.absolute().parent, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExolintError(f"cannot write output: {exc.strerror}", path=path) from exc
    tmp = Path(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            yield out
        # mkstemp creates the file 0600; give it the mode a plain open() would.
        tmp.chmod(_default_mode(target))
        tmp.replace(target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError):
            raise ExolintError(f"cannot write output: {exc.strerror or exc}", path=path) from exc
        raise


def _default_mode(path: Path) -> int:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
