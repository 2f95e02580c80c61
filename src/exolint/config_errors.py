"""Config error messages: one line naming the file, the key and what was expected.

Used by settings.py (a bad file) and project.py (a value that names no rule).
pydantic's own messages name Python types ("Input should be a valid
string"); a website developer reads TOML, so this module words each error in
TOML's terms, the way yamllint words `invalid config: ...`:

    pyproject.toml: [tool.exolint] fail-on: expected one of error, warning, note, never; got 'fatal'
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

# What a value of each pydantic error type should have been, in TOML words.
EXPECTED: Final = {
    "string_type": "a string",
    "list_type": "an array of strings",
    "dict_type": "a table",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "greater_than_equal": "a number of at least {ge}",
}
# Names other linters use for a key exolint spells differently: a hint beats "unknown".
OTHER_TOOLS: Final = {
    "disable": "ignore",
    "enable": "select",
    "extend-ignore": "ignore",
    "extend-select": "select",
    "extend-exclude": "exclude",
    "rules": "select",
    "exclude-rules": "ignore",
    "policy": "policies",
    "fail_on": "fail-on",
    "max_file_size": "max-file-size",
}


def describe_validation_error(exc: ValidationError, where: str, model: type[BaseModel] | None = None) -> str:
    """The first error of `exc` as `where key: expected X; got Y` (one line)."""
    error = exc.errors(include_url=False)[0]
    key = _key_path(error["loc"])
    if error["type"] == "extra_forbidden":
        known = sorted(_keys(model)) if model is not None else []
        return f"{where} {key}: unknown key{_did_you_mean(str(error['loc'][-1]), known)}"
    return f"{where} {key}: expected {_expected(error)}; got {toml_repr(error['input'])}"


def _expected(error: ErrorDetails) -> str:
    if error["type"] == "literal_error":
        # ctx["expected"] reads "'error', 'warning' or 'note'"; list the bare words instead.
        words = [
            w.strip(" '")
            for w in str(error.get("ctx", {}).get("expected", "")).replace(" or ", ",").split(",")
        ]
        return "one of " + ", ".join(w for w in words if w)
    template = EXPECTED.get(error["type"])
    if template is None:
        return error["msg"].removeprefix("Input should be ").lower()
    return template.format(**error.get("ctx", {}))


def _key_path(loc: Sequence[int | str]) -> str:
    """("severity", "EXO101") -> "severity.EXO101"; ("select", 1) -> "select[1]"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _keys(model: type[BaseModel]) -> list[str]:
    return [field.alias or name for name, field in model.model_fields.items()]


def _did_you_mean(word: str, known: Iterable[str]) -> str:
    known = list(known)
    if word in OTHER_TOOLS and OTHER_TOOLS[word] in known:
        return f"; did you mean '{OTHER_TOOLS[word]}'?"
    if word == "tool":
        return "; in .exolint.toml, write the keys at the top level, without [tool.exolint]"
    return did_you_mean(word, known, listing=True)


def did_you_mean(word: str, choices: Iterable[str], *, listing: bool = False) -> str:
    """A hint for a misspelt `word`: "; did you mean 'x'?", else (with `listing`) the choices."""
    choices = list(choices)
    # 0.75: "EXO1O1" finds EXO101 and "selct" select, but "EXO999" is not "EXO902".
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.75)
    if not close:
        close = difflib.get_close_matches(word.casefold(), [c.casefold() for c in choices], n=1, cutoff=0.75)
        close = [c for c in choices if close and c.casefold() == close[0]]
    if close:
        return f"; did you mean '{close[0]}'?"
    return f" (expected one of: {', '.join(choices)})" if listing and choices else ""


def toml_repr(value: Any) -> str:
    """A value as a TOML user wrote it: 'text', true, 3, ['a', 'b'], a table."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_repr(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def display_path(path: Path, cwd: Path) -> str:
    """`path` relative to `cwd` when it is under it (as users typed it), else absolute."""
    try:
        return Path(os.path.relpath(path, cwd)).as_posix() if path.is_relative_to(cwd) else str(path)
    except ValueError:  # another drive on Windows
        return str(path)
