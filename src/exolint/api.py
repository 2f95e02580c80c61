"""The library's batch API: paths in, one `LintRun` out.

Sits on top of the pipeline (sources -> engine) and under the reporters and
the CLI. Every input is accounted for: a file that cannot be read becomes an
`InputFailure` *and* an EXO001 diagnostic finding (so it shows in SARIF too),
and the other inputs are still linted.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from exolint.errors import ConfigError, InputError
from exolint.fingerprint import fingerprint, with_fingerprints
from exolint.model import Document, Finding, Region, Severity
from exolint.sources import FORMATS, format_for, read_bytes, read_document
from exolint.sources.read import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from exolint.policy.schema import Policy

STDIN: Final = "-"
STDIN_NAME: Final = "stdin"  # the display path of stdin without --stdin-filename
UNREADABLE_INPUT: Final = "EXO001"
# Folders that hold other people's copy (npm packages ship READMEs by the
# thousand); hidden folders (.git, .venv, ...) are skipped as well.
EXCLUDED_DIRS: Final = frozenset({"node_modules", "__pycache__"})


@dataclass(frozen=True, slots=True)
class InputFailure:
    """An input that could not be read or linted, and why (without the path)."""

    path: str
    message: str


@dataclass(frozen=True, slots=True)
class Summary:
    findings: int  # not suppressed
    errors: int
    warnings: int
    notes: int
    suppressed: int
    files: int  # inputs read and linted
    failures: int  # inputs that could not be read


@dataclass(slots=True)
class LintRun:
    """Everything a reporter needs: findings in input order, failures, what was linted."""

    findings: list[Finding] = field(default_factory=list)
    failures: list[InputFailure] = field(default_factory=list)
    documents: list[Document] = field(default_factory=list)  # only with keep_documents
    paths: list[str] = field(default_factory=list)  # every input read and linted, in order

    def summary(self) -> Summary:
        active = [f for f in self.findings if f.suppressed is None]
        by = {s: sum(1 for f in active if f.severity is s) for s in Severity}
        return Summary(
            findings=len(active),
            errors=by[Severity.ERROR],
            warnings=by[Severity.WARNING],
            notes=by[Severity.NOTE],
            suppressed=len(self.findings) - len(active),
            files=len(self.paths),
            failures=len(self.failures),
        )

    def fails(self, threshold: Severity | None) -> bool:
        """Whether an unsuppressed finding is at or above `threshold` (None: never)."""
        if threshold is None:
            return False
        return any(f.suppressed is None and f.severity.rank >= threshold.rank for f in self.findings)


def _normalized_exts(exts: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({(e if e.startswith(".") else "." + e).lower() for e in exts}))


def iter_paths(
    paths: Iterable[str],
    *,
    exts: Iterable[str] | None = None,
    on_error: Callable[[str, OSError], None] | None = None,
) -> Iterator[str]:
    """Expand folders into the supported files under them, in a deterministic order.

    A folder is walked depth-first with names sorted, skipping hidden entries,
    `EXCLUDED_DIRS` and files whose extension is not in `exts` (default: the
    extensions sources can read). A path named explicitly is yielded as given
    (an unknown extension is read as text; a missing file fails when read),
    and '-' (stdin) stays '-'. Each file is yielded once. A folder that cannot
    be listed is passed to `on_error`.
    """
    suffixes = _normalized_exts(FORMATS if exts is None else exts)
    seen: set[str] = set()
    for path in paths:
        if path == STDIN or not Path(path).is_dir():
            key = path if path == STDIN else _identity(path)
            if key not in seen:
                seen.add(key)
                yield path
            continue
        for found in _walk(path, suffixes, on_error):
            key = _identity(found)
            if key not in seen:
                seen.add(key)
                yield found


def _identity(path: str) -> str:
    """What makes two spellings of a path the same file (./a.md, a.md, a symlink to it)."""
    return os.path.normcase(Path(path).resolve())


def _walk(
    root: str, suffixes: tuple[str, ...], on_error: Callable[[str, OSError], None] | None
) -> Iterator[str]:
    stack = [root]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            if on_error is not None:
                on_error(folder, exc)
            continue
        subdirs: list[str] = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if entry.name not in EXCLUDED_DIRS:
                    subdirs.append(entry.path)
            elif entry.name.lower().endswith(suffixes):
                yield os.path.normpath(entry.path)
        stack.extend(reversed(subdirs))  # so the first name is walked first


def lint_paths(
    paths: Iterable[str],
    *,
    stdin_filename: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    keep_documents: bool = False,
    policy: Policy | None = None,
    lint: Callable[[Document], list[Finding]] | None = None,
    transform: Callable[[Document, list[Finding]], list[Finding]] | None = None,
) -> LintRun:
    """Lint files, folders and '-' (stdin); never stops at a bad input.

    `select`/`ignore` take rule codes, code prefixes (EXO4), rule names or
    categories; an entry that matches no rule is a `ConfigError`. `lint`
    replaces the packaged engine (an `Engine.lint` built with users' policy
    files); `transform` post-processes each document's findings while its raw
    text is at hand (inline suppressions), so documents need not be kept.
    """
    from exolint import engine
    from exolint.policy.load import default_policy

    policy = policy if policy is not None else default_policy()
    enabled = enabled_codes(policy, select, ignore)
    run = LintRun()

    def fail(path: str, message: str) -> None:
        run.failures.append(InputFailure(path, message))
        run.findings.append(_unreadable(policy, path, message))

    for path in iter_paths(paths, on_error=lambda p, e: fail(p, f"cannot list folder: {e.strerror}")):
        display = (stdin_filename or STDIN_NAME) if path == STDIN else path
        try:
            doc = _read(path, stdin_filename, max_bytes)
            # All rules, then filter: the engine caches one compiled engine for
            # the full rule set, and filtering findings by code is cheap.
            found = lint(doc) if lint is not None else engine.lint_document(doc)
            kept = with_fingerprints(f for f in found if enabled is None or f.code in enabled)
            if transform is not None:
                kept = transform(doc, kept)
        except InputError as exc:
            fail(exc.path or display, exc.message)
            continue
        except Exception as exc:  # a bug on one page must not lose the rest of the batch
            fail(display, f"internal error: {type(exc).__name__}: {exc}")
            continue
        run.paths.append(doc.path)
        if keep_documents:
            run.documents.append(doc)
        run.findings.extend(kept)
    return run


def _read(path: str, stdin_filename: str | None, max_bytes: int) -> Document:
    if path != STDIN:
        return read_document(path, format_for(path) or "text", max_bytes=max_bytes)
    name = stdin_filename or STDIN_NAME
    try:
        data = sys.stdin.buffer.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read stdin: {exc.strerror}", path=name) from exc
    fmt = (format_for(stdin_filename) if stdin_filename else None) or "text"
    return read_bytes(data, name, fmt, max_bytes=max_bytes)


def _unreadable(policy: Policy, path: str, message: str) -> Finding:
    """The EXO001 diagnostic of an input that could not be read: line 1, column 1."""
    rule = policy.rule(UNREADABLE_INPUT)  # the policy's meta-tests guarantee it exists
    return Finding(
        code=rule.code,
        name=rule.name,
        category=rule.category,
        severity=rule.severity,
        message=message,
        path=path,
        region=Region(start_line=1, start_column=1, end_line=1, end_column=1, char_offset=0, char_length=0),
        sentence="",
        # No sentence to hash: the path is what identifies this diagnostic.
        fingerprint=fingerprint(UNREADABLE_INPUT, path),
    )


def enabled_codes(
    policy: Policy, select: Iterable[str] | None, ignore: Iterable[str] | None
) -> frozenset[str] | None:
    """The rule codes `select` and `ignore` leave on; None when both are empty (every rule).

    The matching (code, code prefix, name, alias or category; the more
    specific selector wins) is the policy layer's `select_rules`; this adds
    the check a user needs: a selector that names no rule is an error, not a
    silent no-op.
    """
    from exolint.policy.evaluate import select_rules

    sel = [s.strip() for s in select or () if s.strip()]
    ign = [s.strip() for s in ignore or () if s.strip()]
    if not sel and not ign:
        return None
    for option, selectors in (("select", sel), ("ignore", ign)):
        for s in selectors:
            if not select_rules(policy.rules, [s], None):
                raise ConfigError(f"--{option}: no rule code, prefix, name or category matches {s!r}")
    return frozenset(rule.code for rule in select_rules(policy.rules, sel, ign))
