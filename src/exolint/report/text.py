"""Plain-text reporter: one `path:line:col: CODE [severity] message` line per finding.

The form compilers and linters use, so editors and terminals turn it into a
link. Under it, when the run kept its documents, the source line(s) with the
offending sentence underlined by carets (as rustc and ruff show code), so a
reviewer sees what was read and where without opening the file; otherwise
the sentence, indented. Findings on one sentence share one excerpt.
Suppressed findings are left out (SARIF and JSON keep them). A summary line
ends the report. `render_quiet` (`--quiet`) prints the finding lines only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Final, NamedTuple, TextIO

from exolint.model import Document, Finding, Severity

if TYPE_CHECKING:
    from exolint.api import LintRun, Summary
    from exolint.policy.schema import Policy, Rule

# ANSI SGR sequences; used only when the CLI asks for colour (a TTY, no NO_COLOR).
BOLD: Final = "\x1b[1m"
DIM: Final = "\x1b[2m"
RESET: Final = "\x1b[0m"
SEVERITY_COLOR: Final = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.NOTE: "\x1b[36m"}
INDENT: Final = "    "
WIDTH: Final = 100  # columns of source shown per excerpt line; longer lines are windowed
CONTEXT: Final = 24  # columns kept before the underline when a long line is windowed
MAX_LINES: Final = 4  # excerpt lines per sentence; a longer one shows its first lines and its last
ELLIPSIS: Final = "…"
# Control characters in linted copy would move the terminal's cursor (or send
# it escape sequences), line separators would break the excerpt, and bidi
# controls would reorder it on screen: each becomes one space, so columns
# still count code points and carets stay aligned.
UNPRINTABLE: Final = dict.fromkeys(
    (*range(32), *range(127, 160), 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A)), " "
)


class ExcerptLine(NamedTuple):
    number: int | None  # None for the "..." row of an elided middle
    text: str
    carets: str


def render(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    _render(run, out, color=color, quiet=False)


def render_quiet(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    """`--quiet`: the finding lines and nothing else (no excerpts, no summary); silent when clean."""
    _render(run, out, color=color, quiet=True)


def _render(run: LintRun, out: TextIO, *, color: bool, quiet: bool) -> None:
    def paint(text: str, style: str) -> str:
        return f"{style}{text}{RESET}" if color and text else text

    docs = {doc.path: doc for doc in run.documents}
    active = [f for f in run.findings if f.suppressed is None]
    for i, f in enumerate(active):
        severity = paint(f"[{f.severity.value}]", SEVERITY_COLOR[f.severity])
        out.write(f"{paint(location(f), BOLD)} {paint(f.code, BOLD)} {severity} {f.message}\n")
        if quiet or not f.sentence.strip():
            continue
        doc = docs.get(f.path)
        if doc is None:
            out.write(f"{INDENT}{paint(one_line(f.sentence).translate(UNPRINTABLE), DIM)}\n")
            continue
        nxt = active[i + 1] if i + 1 < len(active) else None
        if nxt is not None and (nxt.path, nxt.region) == (f.path, f.region):
            continue  # the next finding is on the same sentence: one excerpt serves both
        lines = excerpt(doc, f)
        width = max(len(str(line.number)) for line in lines if line.number is not None)
        for line in lines:
            gutter = "." * width if line.number is None else str(line.number).rjust(width)
            out.write(f"{paint(f' {gutter} |', DIM)} {line.text}".rstrip() + "\n")
            if line.carets:
                pad = " " * width
                out.write(f"{paint(f' {pad} |', DIM)} {paint(line.carets, SEVERITY_COLOR[f.severity])}\n")
    if not quiet:
        out.write(summary_line(run.summary()) + "\n")


def location(f: Finding) -> str:
    """`path:line:col:`, or `path: paragraph N:` for a Word draft, which has no lines."""
    if f.region.paragraph is not None:
        return f"{f.path}: paragraph {f.region.paragraph}:"
    return f"{f.path}:{f.region.start_line}:{f.region.start_column}:"


def excerpt(doc: Document, f: Finding) -> list[ExcerptLine]:
    """The raw lines a finding covers, each with carets under its part of the sentence."""
    start = f.region.char_offset
    end = min(start + f.region.char_length, len(doc.raw))
    lines = list(_covered_lines(doc.raw, start, max(end, start + 1), f.region.start_line))
    if len(lines) > MAX_LINES:
        lines = [*lines[: MAX_LINES - 1], ExcerptLine(None, ELLIPSIS, ""), lines[-1]]
    return lines


def _covered_lines(raw: str, start: int, end: int, first_line: int) -> Iterator[ExcerptLine]:
    line_start = raw.rfind("\n", 0, start) + 1
    number = first_line
    while True:
        line_end = raw.find("\n", line_start)
        line_end = len(raw) if line_end < 0 else line_end
        text = raw[line_start:line_end].removesuffix("\r").translate(UNPRINTABLE)
        a, b = max(start, line_start) - line_start, min(end, line_end) - line_start
        if number != first_line:  # a continuation line: do not underline its indentation
            a = max(a, len(text) - len(text.lstrip()))
        yield _windowed(number, text, a, max(b, a + 1))
        if line_end >= end or line_end >= len(raw):
            return
        line_start, number = line_end + 1, number + 1


def _windowed(number: int, text: str, a: int, b: int) -> ExcerptLine:
    """A line cut to WIDTH columns around the underline, with ellipses where it was cut."""
    lo = max(0, a - CONTEXT) if len(text) > WIDTH else 0
    hi = min(len(text), lo + WIDTH)
    head, tail = (ELLIPSIS if lo else ""), (ELLIPSIS if hi < len(text) else "")
    carets = " " * (len(head) + a - lo) + "^" * max(1, min(b, hi) - a)
    return ExcerptLine(number, head + text[lo:hi] + tail, carets)


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
