"""Inline suppression directives: found in a file's raw text, one `Directive` each.

The first half of the suppression stage (suppress.py applies them). Sources
drop comments from the text they hand the engine, so directives are read
here from the raw file, in the comment syntax of its format:

    HTML, Markdown   <!-- exolint-disable-next-line EXO103: reason -->
    MDX              {/* exolint-disable EXO401: reason */}  ...  {/* exolint-enable */}
    plain text       # exolint-disable-next-line EXO103: reason   (on its own line)

A directive names one or more rule codes or names (comma- or space-
separated) and, after a colon, the reason (STYLE.md §6: the reason is
required; suppress.py reports a missing one). In Markdown, comments inside
code (fenced blocks, `inline code`) are examples, not directives.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final, Literal

Action = Literal["disable-next-line", "disable", "enable"]

# Comment syntaxes, one regex each; group 1 is the comment body.
HTML_COMMENT: Final = re.compile(r"<!--(.*?)-->", re.S)
MDX_COMMENT: Final = re.compile(r"\{\s*/\*(.*?)\*/\s*\}", re.S)
# A plain-text comment is a whole line starting with "#" (text.py drops these lines too).
TEXT_COMMENT: Final = re.compile(r"^[ \t]*#(.*)$", re.M)
# The body of a directive: its action, then the codes and reason (group 2).
BODY: Final = re.compile(r"\s*exolint-(disable-next-line|disable|enable)(?![\w-])(.*)", re.S)
# Separators between the codes of one directive.
CODE_SEPARATOR: Final = re.compile(r"[\s,]+")
# What a code or rule name looks like when a directive has no colon: EXO401,
# exo401, injectable-route-offer; the first other word starts a reason
# written without its colon.
CODE_LIKE: Final = re.compile(r"(?i:exo\w*)|[a-z0-9]+(?:-[a-z0-9]+)+")
# Markdown code, where comments are shown, not obeyed: fenced blocks and inline spans.
FENCE: Final = re.compile(r"^ {0,3}(`{3,}|~{3,})[^\n]*\n.*?(?:^ {0,3}\1[ \t]*$|\Z)", re.M | re.S)
INLINE_CODE: Final = re.compile(r"(`+)[^\n]+?\1")

COMMENTS: Final = {
    "html": (HTML_COMMENT,),
    "markdown": (HTML_COMMENT, MDX_COMMENT),
    "text": (TEXT_COMMENT,),
}


@dataclass(frozen=True, slots=True)
class Directive:
    """One `exolint-...` comment, as written."""

    action: Action
    codes: tuple[str, ...]  # as written: codes or rule names
    reason: str  # "" when missing
    colon: bool  # whether a colon separated codes and reason
    stray: str  # words after the codes of a directive without a colon (a reason missing its colon)
    start: int  # raw offsets of the whole comment
    end: int
    text: str  # the comment as written, for reports

    @property
    def label(self) -> str:
        """`exolint-disable-next-line EXO401`, for messages."""
        return " ".join(("exolint-" + self.action, ", ".join(self.codes))).strip()


def parse_directives(raw: str, fmt: str) -> list[Directive]:
    """Every directive in a raw file of format `fmt` ("html", "markdown", "text"), in order."""
    patterns = COMMENTS.get(fmt, ())
    if not patterns or "exolint-" not in raw:  # the common case: nothing to look for
        return []
    code = _code_ranges(raw) if fmt == "markdown" else []
    found = [
        d
        for pattern in patterns
        for d in _directives(raw, pattern)
        if not any(lo <= d.start < hi for lo, hi in code)
    ]
    return sorted(found, key=lambda d: d.start)


def _directives(raw: str, pattern: re.Pattern[str]) -> Iterator[Directive]:
    for m in pattern.finditer(raw):
        body = BODY.match(m.group(1))
        if body is None:
            continue
        action: Action = body.group(1)  # type: ignore[assignment]  # the regex allows only these
        codes_part, colon, reason = body.group(2).partition(":")
        words = [w for w in CODE_SEPARATOR.split(codes_part.strip()) if w]
        stray = ""
        if not colon:
            n = next((i for i, w in enumerate(words) if not CODE_LIKE.fullmatch(w)), len(words))
            words, stray = words[:n], " ".join(words[n:])
        yield Directive(
            action=action,
            codes=tuple(words),
            reason=" ".join(reason.split()),
            colon=bool(colon),
            stray=stray,
            start=m.start(),
            end=m.end(),
            text=" ".join(m.group(0).split()),
        )


def _code_ranges(raw: str) -> list[tuple[int, int]]:
    """Raw ranges of Markdown code: fenced blocks, then inline spans outside them."""
    fences = [(m.start(), m.end()) for m in FENCE.finditer(raw)]
    spans = [
        (m.start(), m.end())
        for m in INLINE_CODE.finditer(raw)
        if not any(lo <= m.start() < hi for lo, hi in fences)
    ]
    return fences + spans
