"""Helpers for the website-repository tests: config, suppressions, baseline, pre-commit.

These tests run the real packaged policy and engine: what they check is
what a developer's commit goes through. Each test first asserts that its
unsuppressed copy really produces the finding it then suppresses or
baselines, so a change in what the engine fires on fails loudly instead of
making a suppression test pass vacuously.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Final, NamedTuple

import pytest

from exolint.cli import main

# Claims the packaged policy flags, each with one rule (checked in test_settings.py).
CURE: Final = "Our exosome therapy cures arthritis."  # EXO101
INJECT: Final = "We inject exosomes directly into the scalp."  # EXO401
CLEAN: Final = "Welcome to our spa in Springfield."


class Result(NamedTuple):
    code: int
    out: str
    err: str

    def findings(self) -> list[dict[str, Any]]:
        """The JSON report's findings (run with --format json)."""
        found: list[dict[str, Any]] = json.loads(self.out)["findings"]
        return found

    def codes(self) -> list[str]:
        return [f["code"] for f in self.findings() if f.get("suppressed") is None]

    def error_line(self) -> str:
        """The one stderr line of a failed run, without the `exolint: error: ` prefix."""
        lines = self.err.splitlines()
        assert len(lines) == 1, self.err
        assert "Traceback" not in self.err
        assert lines[0].startswith("exolint: error: "), lines[0]
        return lines[0].removeprefix("exolint: error: ")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Result:
    """`exolint ARGS` in this process (the working directory is the caller's)."""
    code = main(list(args))
    captured = capsys.readouterr()
    return Result(code, captured.out, captured.err)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
