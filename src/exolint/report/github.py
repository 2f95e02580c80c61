"""GitHub Actions reporter: one workflow command per finding, which the runner turns into an annotation.

`exolint check --format github` in a workflow step puts each finding on the
pull request's diff without uploading SARIF (no token, no code scanning):

    ::error file=page.html,line=3,endLine=3,col=5,endColumn=40,title=EXO401 injectable-route-offer::Offers…

Severity maps to the command (error, warning, notice). Escaping follows the
runner's rules (actions/toolkit `command.ts`): in the message `%`, CR and LF
become %25, %0D and %0A; property values also escape `:` and `,` (%3A, %2C),
which would otherwise end the value. Columns are 1-based code points;
`endColumn` is the last column (inclusive) and, as the runner requires, is
given only when the finding starts and ends on one line. A Word draft has no
lines to annotate, so its findings name the file and the paragraph only.
Suppressed findings are left out; a plain summary line ends the output.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, TextIO

from exolint.model import Finding, Severity
from exolint.report.text import one_line, summary_line

if TYPE_CHECKING:
    from exolint.api import LintRun
    from exolint.policy.schema import Policy

COMMAND: Final = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTE: "notice"}
DATA_ESCAPES: Final = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A"})
PROPERTY_ESCAPES: Final = str.maketrans({"%": "%25", "\r": "%0D", "\n": "%0A", ":": "%3A", ",": "%2C"})


def render(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    for f in run.findings:
        if f.suppressed is None:
            out.write(annotation(f) + "\n")
    # Not a command: the runner prints it as is, so the log ends with the totals.
    out.write(summary_line(run.summary()) + "\n")


def annotation(f: Finding) -> str:
    """The workflow command of one finding."""
    r = f.region
    props: list[tuple[str, object]] = [("file", f.path)]
    if r.paragraph is None:
        props += [("line", r.start_line), ("endLine", r.end_line)]
        if r.start_line == r.end_line:
            props += [("col", r.start_column), ("endColumn", max(r.start_column, r.end_column - 1))]
    props.append(("title", f"{f.code} {f.name}"))
    message = f.message
    if r.paragraph is not None:
        message += f" (paragraph {r.paragraph})"
    if f.sentence.strip():
        message += f"\n“{one_line(f.sentence)}”"
    fields = ",".join(f"{key}={escape_property(str(value))}" for key, value in props)
    return f"::{COMMAND[f.severity]} {fields}::{escape_data(message)}"


def escape_data(text: str) -> str:
    return text.translate(DATA_ESCAPES)


def escape_property(text: str) -> str:
    return text.translate(PROPERTY_ESCAPES)
