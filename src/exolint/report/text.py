"""Plain-text reporter: one `path:line:col: CODE [severity] message` line per finding.

The form compilers and linters use, so editors and terminals turn it into a
link; the sentence follows, indented, so a reviewer sees what was read
without opening the file. Suppressed findings are left out (SARIF and JSON
keep them). A summary line ends the report.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final, TextIO

from exolint.model import Severity

if TYPE_CHECKING:
    from exolint.api import LintRun, Summary
    from exolint.policy.schema import Policy, Rule

# ANSI SGR sequences; used only when the CLI asks for colour (a TTY, no NO_COLOR).
BOLD: Final = "\x1b[1m"
DIM: Final = "\x1b[2m"
RESET: Final = "\x1b[0m"
SEVERITY_COLOR: Final = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.NOTE: "\x1b[36m"}
INDENT: Final = "    "


def render(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    def paint(text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if color else text

    for f in run.findings:
        if f.suppressed is not None:
            continue
        where = f"{f.path}:{f.region.start_line}:{f.region.start_column}:"
        severity = paint(f"[{f.severity.value}]", SEVERITY_COLOR[f.severity])
        out.write(f"{paint(where, BOLD)} {paint(f.code, BOLD)} {severity} {f.message}\n")
        if f.sentence.strip():
            out.write(f"{INDENT}{paint(one_line(f.sentence), DIM)}\n")
    out.write(summary_line(run.summary()) + "\n")


def one_line(text: str) -> str:
    """The sentence with its line breaks and runs of spaces folded, for a one-line excerpt."""
    return " ".join(text.split())


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary_line(s: Summary) -> str:
    line = (
        f"{plural(s.findings, 'finding')} ({plural(s.errors, 'error')}, {plural(s.warnings, 'warning')}, "
        f"{plural(s.notes, 'note')}) in {plural(s.files, 'file')}"
    )
    if s.suppressed:
        line += f"; {s.suppressed} suppressed"
    if s.failures:
        line += f"; {plural(s.failures, 'input')} could not be read"
    return line


def render_rules(rules: Iterable[Rule], out: TextIO) -> None:
    """`exolint rules`: an aligned table of code, name, category, severity and message."""
    rows = [("CODE", "NAME", "CATEGORY", "SEVERITY", "MESSAGE")]
    rows += [(r.code, r.name, str(r.category), str(r.severity), r.message) for r in rules]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        out.write("  ".join([*cells, row[4]]) + "\n")
