"""The text and JSON reporters, on hand-built findings (no engine involved)."""

from __future__ import annotations

import io
import json
from collections.abc import Callable

import pytest

from exolint import __version__
from exolint.api import LintRun
from exolint.report import REPORTERS, render, render_rules
from exolint.report.text import summary_line
from report_fixtures import fixture_policy, sample_run

POLICY = fixture_policy()


def rendered(fmt: str, run: LintRun, *, color: bool = False) -> str:
    out = io.StringIO()
    render(fmt, run, out, policy=POLICY, color=color)
    return out.getvalue()


# --- text ---


def test_text_lines_point_at_path_line_column_with_the_sentence_indented() -> None:
    lines = rendered("text", sample_run()).splitlines()
    assert lines[:2] == [
        "site/page.txt:2:1: EXO401 [error] Offers an exosome product by injection or infusion.",
        "    We inject exosomes directly into the scalp.",
    ]
    # A sentence over two raw lines is shown on one line, its white space folded.
    assert lines[2:4] == [
        "site/page.txt:3:1: EXO601 [warning] Calls the product safe.",
        "    Our exosome facial is completely safe and results last for months.",
    ]
    assert lines[4] == "site/page.txt:3:1: EXO901 [note] Promises how long results last."


def test_text_leaves_out_suppressed_findings_but_counts_them() -> None:
    text = rendered("text", sample_run())
    assert "site/page.txt:5:" not in text  # the suppressed copy on line 5
    assert text.endswith(
        "4 findings (1 error, 2 warnings, 1 note) in 2 files; 1 suppressed; 1 input could not be read\n"
    )


def test_text_summary_of_a_clean_run() -> None:
    assert (
        rendered("text", LintRun(paths=["a.txt"])) == "0 findings (0 errors, 0 warnings, 0 notes) in 1 file\n"
    )


def test_text_has_colour_only_when_asked() -> None:
    run = sample_run()
    assert "\x1b[" not in rendered("text", run, color=False)
    coloured = rendered("text", run, color=True)
    assert "\x1b[31m[error]\x1b[0m" in coloured
    assert "\x1b[33m[warning]\x1b[0m" in coloured


def test_summary_line_counts_match_lint_run_summary() -> None:
    s = sample_run().summary()
    assert (s.findings, s.errors, s.warnings, s.notes, s.suppressed, s.files, s.failures) == (
        4,
        1,
        2,
        1,
        1,
        2,
        1,
    )
    assert summary_line(s).startswith("4 findings (1 error, 2 warnings, 1 note) in 2 files")


def test_rules_table_lists_every_rule_aligned() -> None:
    out = io.StringIO()
    render_rules("text", POLICY.rules, out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["CODE", "NAME", "CATEGORY", "SEVERITY", "MESSAGE"]
    assert [line.split()[0] for line in lines[1:]] == [r.code for r in POLICY.rules]
    row = next(line for line in lines if line.startswith("EXO401"))
    assert row.split()[:4] == ["EXO401", "injectable-route-offer", "route", "error"]
    assert row.endswith("Offers an exosome product by injection or infusion.")
    # Columns line up: the message starts at the same place on every row.
    starts = {line.index(r.message) for line, r in zip(lines[1:], POLICY.rules, strict=True)}
    assert len(starts) == 1


# --- json ---


def test_json_records_carry_policy_rewrite_and_help_url() -> None:
    doc = json.loads(rendered("json", sample_run()))
    assert list(doc) == ["version", "findings", "failures", "summary"]
    assert doc["version"] == __version__
    first = doc["findings"][0]
    assert list(first) == [
        "code",
        "name",
        "category",
        "severity",
        "message",
        "path",
        "region",
        "sentence",
        "terms",
        "fingerprint",
        "rewrite",
        "help_url",
        "suppressed",
    ]
    rule = POLICY.rule("EXO401")
    assert first["rewrite"] == rule.rewrite
    assert first["help_url"] == rule.help_url
    assert first["region"] == {
        "start_line": 2,
        "start_column": 1,
        "end_line": 2,
        "end_column": 44,
        "char_offset": 23,
        "char_length": 43,
    }
    assert first["terms"] == ["inject", "scalp"]


def test_json_keeps_suppressed_findings_failures_and_summary() -> None:
    doc = json.loads(rendered("json", sample_run()))
    assert [f["suppressed"] for f in doc["findings"]] == [None, None, None, "describes our IND trial", None]
    assert doc["failures"] == [{"path": "site/broken.html", "message": "not UTF-8 text (byte 12)"}]
    assert doc["summary"] == {
        "findings": 4,
        "errors": 1,
        "warnings": 2,
        "notes": 1,
        "suppressed": 1,
        "files": 2,
        "failures": 1,
    }


def test_json_is_deterministic_and_keeps_run_order() -> None:
    first, second = rendered("json", sample_run()), rendered("json", sample_run())
    assert first == second
    doc = json.loads(first)
    assert [(f["path"], f["code"]) for f in doc["findings"]] == [
        ("site/page.txt", "EXO401"),
        ("site/page.txt", "EXO601"),
        ("site/page.txt", "EXO901"),
        ("site/page.txt", "EXO401"),
        ("site/über uns.md", "EXO101"),
    ]
    assert "site/über uns.md" in first  # UTF-8, not \\u escapes


def test_json_rules_list() -> None:
    out = io.StringIO()
    render_rules("json", POLICY.rules, out)
    rows = json.loads(out.getvalue())
    assert [r["code"] for r in rows] == [r.code for r in POLICY.rules]
    assert rows[2] == {
        "code": "EXO401",
        "name": "injectable-route-offer",
        "category": "route",
        "severity": "error",
        "message": "Offers an exosome product by injection or infusion.",
    }


def test_unknown_format_is_a_one_line_error() -> None:
    from exolint.errors import ExolintError

    with pytest.raises(ExolintError, match="unknown format 'yaml'"):
        rendered("yaml", sample_run())


def test_registry_names_importable_reporters() -> None:
    for fmt in REPORTERS:
        assert rendered(fmt, LintRun()).strip()


# --- golden files ---


@pytest.mark.parametrize(("fmt", "name"), [("text", "text/sample.txt"), ("json", "json/sample.json")])
def test_golden(fmt: str, name: str, golden: Callable[[str, str], None]) -> None:
    text = rendered(fmt, sample_run())
    if fmt == "json":
        text = text.replace(json.dumps(__version__), '"<version>"', 1)
    golden(name, text)
