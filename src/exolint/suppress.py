"""Inline suppressions: apply a file's directives to its findings, and flag bad ones.

Pipeline position: policy -> **suppress** -> baseline -> report. Runs once per
document, after the engine, with the directives directives.py read from the
raw file. A suppressed finding is kept with its reason in `suppressed` (SARIF
`suppressions[]`, the text report's count), so a reviewer can audit every
decision; it no longer counts toward the exit code.

Scope of a directive:

- `exolint-disable-next-line CODES: reason` covers findings that start on the
  next line holding text exolint reads (blank lines, other directives and
  lines of bare markup such as `<p>` are skipped, so the comment can sit
  above an element whose text starts a line later);
- `exolint-disable CODES: reason` covers findings that start after it, up to
  an `exolint-enable` (naming those codes, or none) or the end of the file.

Diagnostics, positioned on the directive (ruff RUF100, sqlfluff
`warn_unused_ignores`): no reason (EXO002; the directive then suppresses
nothing, since the reason is the record of the decision), an unknown code
(EXO003), and a directive that suppressed nothing (EXO004).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

from exolint.directives import Directive, parse_directives
from exolint.errors import PolicyError
from exolint.model import Document, Finding

if TYPE_CHECKING:
    from exolint.policy.schema import Policy

NO_REASON: Final = "EXO002"
UNKNOWN_CODE: Final = "EXO003"
UNUSED: Final = "EXO004"
DIAGNOSTICS: Final = frozenset({NO_REASON, UNKNOWN_CODE, UNUSED})


@dataclass(slots=True)
class _Scope:
    """Where one valid directive suppresses which rule codes, and what it matched."""

    directive: Directive
    codes: frozenset[str]  # canonical rule codes
    line: int | None = None  # next-line: the one line it covers
    # block: raw offset where each code's suppression ends (an enable, or the end of the file)
    ends: dict[str, int] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)

    def covers(self, f: Finding) -> bool:
        if f.code not in self.codes:
            return False
        if self.line is not None:
            return f.region.start_line == self.line
        return self.directive.end <= f.region.char_offset < self.ends[f.code]


def apply_suppressions(
    doc: Document, findings: list[Finding], *, policy: Policy, enabled: Collection[str] | None = None
) -> list[Finding]:
    """`findings` with suppressed ones marked, plus the directives' own diagnostics, by position.

    `enabled` is the set of rule codes this run reports (None: all); a
    directive for a rule that is switched off is not "unused".
    """
    directives = parse_directives(doc.raw, doc.format)
    if not directives:
        return findings
    diagnostics = _Diagnostics(doc, policy, enabled)
    scopes = _scopes(doc, directives, policy, diagnostics)
    out: list[Finding] = []
    for f in findings:
        scope = next((s for s in scopes if f.code not in DIAGNOSTICS and s.covers(f)), None)
        if scope is not None:
            scope.used.add(f.code)
            f = f.model_copy(update={"suppressed": scope.directive.reason})
        out.append(f)
    for s in scopes:
        unused = sorted(c for c in s.codes - s.used if enabled is None or c in enabled)
        if unused:
            where = (
                "in its block" if s.line is None else f"on line {s.line}" if s.line else "(no text follows)"
            )
            diagnostics.add(
                UNUSED, s.directive, f"Suppression of {', '.join(unused)} matched no finding {where}."
            )
    return sorted(out + diagnostics.found, key=lambda f: (f.region.char_offset, f.code))


def _scopes(doc: Document, directives: list[Directive], policy: Policy, diag: _Diagnostics) -> list[_Scope]:
    scopes: list[_Scope] = []
    open_codes: list[tuple[_Scope, str]] = []  # (block, code) pairs not yet enabled again
    text_lines = _TextLines(doc)
    for d in directives:
        codes = _known_codes(d, policy, diag)
        if d.action == "enable":
            # `exolint-enable` ends every open block; `exolint-enable EXO401` only EXO401's part.
            closing = [(s, c) for s, c in open_codes if not d.codes or c in codes]
            if not closing and (codes or not d.codes):
                diag.add(UNUSED, d, f"{d.label} closes no open exolint-disable block.")
            for s, c in closing:
                s.ends[c] = d.start
                open_codes.remove((s, c))
            continue
        if not _has_reason(d, diag) or not codes:
            continue
        if d.action == "disable-next-line":
            line, _ = doc.position(d.end)
            target = text_lines.after(line)
            scopes.append(_Scope(d, codes, line=target if target is not None else 0))  # 0: no line follows
        else:
            block = _Scope(d, codes, ends=dict.fromkeys(codes, len(doc.raw)))
            scopes.append(block)
            open_codes.extend((block, c) for c in sorted(codes))
    return scopes


def _known_codes(d: Directive, policy: Policy, diag: _Diagnostics) -> frozenset[str]:
    """The rule codes a directive names; each unknown one is an EXO003."""
    codes = set()
    for word in d.codes:
        try:
            codes.add(policy.rule(word).code)
        except PolicyError as exc:  # its message ends with close matches: "; did you mean EXO101?"
            hint = exc.message.partition(";")[2]
            diag.add(
                UNKNOWN_CODE,
                d,
                f"Suppression names {word!r}, which is no exolint rule" + (f";{hint}" if hint else "."),
            )
    if d.action != "enable" and not d.codes:
        diag.add(UNKNOWN_CODE, d, f"{d.label} names no rule code; name the codes it is for, e.g. EXO401.")
    return frozenset(codes)


def _has_reason(d: Directive, diag: _Diagnostics) -> bool:
    if d.reason:
        return True
    hint = f" (write it after a colon: `{d.label}: {d.stray}`)" if d.stray else f" (`{d.label}: <why>`)"
    diag.add(NO_REASON, d, f"{d.label} gives no reason, so it suppresses nothing{hint}.")
    return False


class _TextLines:
    """The lines of a document that hold text the engine reads: its units' line spans.

    Comments are not text, so the lines of other directives and of bare
    markup fall between spans and are skipped.
    """

    def __init__(self, doc: Document) -> None:
        self._spans: list[tuple[int, int]] = []
        for unit in doc.units:
            if unit.text.strip():
                first, _ = doc.position(unit.offsets.raw_start(0))
                last, _ = doc.position(max(unit.offsets.raw_end(len(unit.text)) - 1, 0))
                self._spans.append((first, last))

    def after(self, line: int) -> int | None:
        """The first line after `line` holding text, or None at the end of the file."""
        found = [max(first, line + 1) for first, last in self._spans if last > line]
        return min(found) if found else None


class _Diagnostics:
    """EXO002-EXO004 findings of one document, each on its directive."""

    def __init__(self, doc: Document, policy: Policy, enabled: Collection[str] | None) -> None:
        self.doc, self.policy, self.enabled = doc, policy, enabled
        self.found: list[Finding] = []
        self._seen: dict[tuple[str, str], int] = {}

    def add(self, code: str, d: Directive, message: str) -> None:
        if self.enabled is not None and code not in self.enabled:
            return
        occurrence = self._seen.get((code, d.text), 0)
        self._seen[(code, d.text)] = occurrence + 1
        region = self.doc.region(d.start, d.end)
        self.found.append(
            Finding.of_rule(
                self.policy.rule(code), self.doc.path, region, d.text, occurrence=occurrence, message=message
            )
        )
