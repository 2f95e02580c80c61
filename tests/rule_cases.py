"""Per-rule case files (STYLE.md §8): loading, running and matching.

A case file `tests/rules/EXO401.toml` holds the cases of one rule; an
interaction file such as `tests/rules/EXO401_EXO201.toml` selects several
rules at once (`rules = [...]`) to check how they share a sentence. Each case
is linted with only its file's rules selected, and its findings must match its
expectations exactly, as a labeled corpus is scored: every expectation is hit
by a finding of its code, and every finding of a selected rule hits an
expectation (a finding on a context sentence such as "Book today." is a false
alarm). `expect = []` asserts that no selected rule fires.

An expectation names the code and where: a `quote` (passes when the finding's
raw-file slice overlaps the quote's span in the raw text) or a `line` and
`column` (the finding's region starts there). A case with `todo = "why"` is a
known miss and runs as a strict xfail.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from exolint.engine import Engine, build_engine
from exolint.model import Finding
from exolint.sources import parse_text

RULES_DIR: Final = Path(__file__).parent / "rules"
# The file name a case's text is linted as, by its declared format.
CASE_PATHS: Final[dict[str, str]] = {"text": "case.txt", "markdown": "case.md", "html": "case.html"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_CASE_KEYS: Final = frozenset({"id", "text", "expect", "format", "todo", "note"})
_EXPECT_KEYS: Final = frozenset({"code", "quote", "line", "column"})
_FILE_KEYS: Final = frozenset({"rule", "rules", "case"})


class CaseFileError(ValueError):
    """A case file that does not follow the format (named file, case and key)."""


@dataclass(frozen=True, slots=True)
class Expectation:
    code: str
    quote: str | None = None
    line: int | None = None
    column: int | None = None

    def describe(self) -> str:
        where = repr(self.quote) if self.quote is not None else f"{self.line}:{self.column}"
        return f"{self.code} at {where}"


@dataclass(frozen=True, slots=True)
class Case:
    file: Path
    rules: tuple[str, ...]
    id: str
    text: str
    format: str = "text"
    expect: tuple[Expectation, ...] = ()
    todo: str | None = None

    @property
    def test_id(self) -> str:
        return f"{self.file.stem}-{self.id}"

    @property
    def positive(self) -> bool:
        return bool(self.expect)


@dataclass(frozen=True, slots=True)
class Hit:
    """A finding as a case sees it: code, start position and raw-file span."""

    code: str
    line: int
    column: int
    start: int
    end: int
    text: str

    def describe(self) -> str:
        return f"{self.code} at {self.line}:{self.column} {self.text!r}"


def _fail(path: Path, where: str, message: str) -> CaseFileError:
    return CaseFileError(f"{path.name}: {where}: {message}")


def _expectation(path: Path, where: str, raw: Any) -> Expectation:
    if not isinstance(raw, dict):
        raise _fail(path, where, "an expectation must be a table")
    unknown = set(raw) - _EXPECT_KEYS
    if unknown:
        raise _fail(path, where, f"unknown keys {sorted(unknown)}")
    code = raw.get("code")
    if not isinstance(code, str):
        raise _fail(path, where, "an expectation needs a code")
    quote = raw.get("quote")
    line, column = raw.get("line"), raw.get("column")
    if quote is None and (line is None or column is None):
        raise _fail(path, where, "an expectation needs a quote, or a line and a column")
    if quote is not None and not isinstance(quote, str):
        raise _fail(path, where, "quote must be a string")
    if any(v is not None and not isinstance(v, int) for v in (line, column)):
        raise _fail(path, where, "line and column must be integers")
    return Expectation(code, quote, line, column)


def load_file(path: Path) -> list[Case]:
    """The cases of one file, checked for shape (not yet for meaning)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise _fail(path, "file", f"unknown keys {sorted(unknown)}")
    if "rule" in data and "rules" not in data and isinstance(data["rule"], str):
        rules: tuple[str, ...] = (data["rule"],)
    elif "rules" in data and "rule" not in data and isinstance(data["rules"], list):
        rules = tuple(str(r) for r in data["rules"])
    else:
        raise _fail(path, "file", "name one rule (rule = ...) or several (rules = [...])")
    cases: list[Case] = []
    for n, raw in enumerate(data.get("case", [])):
        where = f"case[{n}]"
        unknown = set(raw) - _CASE_KEYS
        if unknown:
            raise _fail(path, where, f"unknown keys {sorted(unknown)}")
        case_id, text = raw.get("id"), raw.get("text")
        if not isinstance(case_id, str) or not _ID.fullmatch(case_id):
            raise _fail(path, where, f"id must be kebab-case, got {case_id!r}")
        where = f"case {case_id!r}"
        if not isinstance(text, str) or not text.strip():
            raise _fail(path, where, "text must be a non-empty string")
        fmt = raw.get("format", "text")
        if fmt not in CASE_PATHS:
            raise _fail(path, where, f"format must be one of {sorted(CASE_PATHS)}, got {fmt!r}")
        expect = raw.get("expect")
        if not isinstance(expect, list):
            raise _fail(path, where, "expect must be a list (expect = [] for no finding)")
        todo = raw.get("todo")
        if todo is not None and (not isinstance(todo, str) or not todo.strip()):
            raise _fail(path, where, "todo must say why the engine misses the case")
        cases.append(
            Case(
                file=path,
                rules=rules,
                id=case_id,
                text=text,
                format=fmt,
                expect=tuple(_expectation(path, where, e) for e in expect),
                todo=todo,
            )
        )
    return cases


def case_files() -> list[Path]:
    return sorted(RULES_DIR.glob("*.toml"))


@functools.cache
def all_cases() -> tuple[Case, ...]:
    return tuple(case for path in case_files() for case in load_file(path))


@functools.cache
def _engine(rules: tuple[str, ...]) -> Engine:
    return build_engine(select=list(rules))


def run_case(case: Case) -> list[Hit]:
    """Lint the case's text with only its rules selected."""
    doc = parse_text(case.text, CASE_PATHS[case.format], case.format)
    findings: list[Finding] = _engine(case.rules).lint(doc)
    hits = []
    for f in findings:
        if f.code not in case.rules:
            continue
        start, end = f.region.char_offset, f.region.char_offset + f.region.char_length
        hits.append(Hit(f.code, f.region.start_line, f.region.start_column, start, end, doc.raw[start:end]))
    return hits


def _quote_span(text: str, quote: str) -> tuple[int, int]:
    at = text.find(quote)
    if at < 0:
        raise AssertionError(f"quote {quote!r} is not in the case text")
    return at, at + len(quote)


def matches(case: Case, exp: Expectation, hit: Hit) -> bool:
    if hit.code != exp.code:
        return False
    if exp.quote is not None:
        q0, q1 = _quote_span(case.text, exp.quote)
        if not (hit.start < q1 and q0 < hit.end):
            return False
    if exp.line is not None and hit.line != exp.line:
        return False
    return exp.column is None or hit.column == exp.column


def mismatches(case: Case, hits: list[Hit]) -> list[str]:
    """What differs between the case's expectations and its findings (empty: it passes)."""
    problems = [
        f"missed: {exp.describe()}" for exp in case.expect if not any(matches(case, exp, h) for h in hits)
    ]
    problems += [
        f"unexpected: {hit.describe()}"
        for hit in hits
        if not any(matches(case, exp, hit) for exp in case.expect)
    ]
    return problems
