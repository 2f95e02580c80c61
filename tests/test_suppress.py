"""Inline suppressions in HTML, Markdown, MDX and plain text, and their diagnostics.

Runs the real CLI on files in a temporary folder; every test also shows the
finding exists without the directive, so a suppression cannot pass vacuously.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exolint.directives import parse_directives
from repo_helpers import CLEAN, CURE, INJECT, Result, run, write

Capsys = pytest.CaptureFixture[str]
REASON = "quotes the trial's primary endpoint, reviewed by counsel"
COVID_IV = "Book an exosome IV infusion for long COVID today."  # EXO203 and EXO401 on one line


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def lint(capsys: Capsys, name: str, text: str, *args: str) -> Result:
    write(Path(name), text)
    return run(capsys, "check", "--format", "json", *args, name)


def summary(result: Result) -> list[tuple[str, int, int, str | None]]:
    """(code, line, column, suppressed) of every finding, in report order."""
    return [
        (f["code"], f["region"]["start_line"], f["region"]["start_column"], f["suppressed"])
        for f in result.findings()
    ]


def html(*lines: str) -> str:
    return "<html><body>\n" + "\n".join(lines) + "\n</body></html>\n"


# --- HTML ---


def test_html_next_line_suppresses_with_its_reason(capsys: Capsys) -> None:
    bare = lint(capsys, "page.html", html(f"<p>{CURE}</p>", f"<p>{INJECT}</p>"))
    assert summary(bare) == [("EXO101", 2, 4, None), ("EXO401", 3, 4, None)]
    result = lint(
        capsys,
        "page.html",
        html(f"<!-- exolint-disable-next-line EXO101: {REASON} -->", f"<p>{CURE}</p>", f"<p>{INJECT}</p>"),
    )
    assert summary(result) == [("EXO101", 3, 4, REASON), ("EXO401", 4, 4, None)]
    assert result.code == 1  # EXO401 still counts
    only = lint(
        capsys, "page.html", html(f"<!-- exolint-disable-next-line EXO101: {REASON} -->", f"<p>{CURE}</p>")
    )
    assert (only.code, summary(only)) == (0, [("EXO101", 3, 4, REASON)])


def test_next_line_skips_blank_lines_and_bare_markup(capsys: Capsys) -> None:
    text = html(
        f"<!-- exolint-disable-next-line EXO101: {REASON} -->", "", "<div>", "  <p>", f"    {CURE}", "  </p>"
    )
    assert summary(lint(capsys, "page.html", text)) == [("EXO101", 6, 5, REASON)]


def test_next_line_covers_only_the_next_text_line(capsys: Capsys) -> None:
    text = html(f"<!-- exolint-disable-next-line EXO101: {REASON} -->", f"<p>{CLEAN}</p>", f"<p>{CURE}</p>")
    result = lint(capsys, "page.html", text)
    assert summary(result) == [("EXO004", 2, 1, None), ("EXO101", 4, 4, None)]
    assert result.findings()[0]["message"] == "Suppression of EXO101 matched no finding on line 3."


def test_stacked_directives_share_the_next_line(capsys: Capsys) -> None:
    bare = lint(capsys, "page.html", html(f"<p>{COVID_IV}</p>"))
    assert [c for c, *_ in summary(bare)] == ["EXO203", "EXO401"]
    text = html(
        "<!-- exolint-disable-next-line EXO203: trial recruitment text under IND 12345 -->",
        "<!-- exolint-disable-next-line injectable-route-offer: same trial, infusion arm -->",
        f"<p>{COVID_IV}</p>",
    )
    result = lint(capsys, "page.html", text)
    assert result.code == 0
    assert [(c, s) for c, _, _, s in summary(result)] == [
        ("EXO203", "trial recruitment text under IND 12345"),
        ("EXO401", "same trial, infusion arm"),
    ]


def test_block_disable_until_enable(capsys: Capsys) -> None:
    text = html(
        f"<!-- exolint-disable EXO101, EXO401: {REASON} -->",
        f"<p>{CURE}</p>",
        f"<p>{INJECT}</p>",
        "<!-- exolint-enable EXO401 -->",
        f"<p>{INJECT}</p>",
        f"<p>{CURE}</p>",
        "<!-- exolint-enable -->",
        f"<p>{CURE}</p>",
    )
    assert summary(lint(capsys, "page.html", text)) == [
        ("EXO101", 3, 4, REASON),
        ("EXO401", 4, 4, REASON),
        ("EXO401", 6, 4, None),
        ("EXO101", 7, 4, REASON),
        ("EXO101", 9, 4, None),
    ]


def test_unterminated_block_runs_to_the_end_of_the_file(capsys: Capsys) -> None:
    text = html(
        f"<!-- exolint-disable EXO101: {REASON} -->", f"<p>{CURE}</p>", "<p>More.</p>", f"<p>{CURE}</p>"
    )
    assert [s for *_, s in summary(lint(capsys, "page.html", text))] == [REASON, REASON]


# --- diagnostics ---


@pytest.mark.parametrize(
    ("directive", "message"),
    [
        (
            "<!-- exolint-disable-next-line EXO101 -->",
            "exolint-disable-next-line EXO101 gives no reason, so it suppresses nothing "
            "(`exolint-disable-next-line EXO101: <why>`).",
        ),
        (
            "<!-- exolint-disable-next-line EXO101:   -->",
            "exolint-disable-next-line EXO101 gives no reason, so it suppresses nothing "
            "(`exolint-disable-next-line EXO101: <why>`).",
        ),
        (
            "<!-- exolint-disable-next-line EXO101 reviewed by counsel -->",
            "exolint-disable-next-line EXO101 gives no reason, so it suppresses nothing "
            "(write it after a colon: `exolint-disable-next-line EXO101: reviewed by counsel`).",
        ),
    ],
)
def test_a_suppression_without_a_reason_is_reported_and_suppresses_nothing(
    capsys: Capsys, directive: str, message: str
) -> None:
    result = lint(capsys, "page.html", html(directive, f"<p>{CURE}</p>"))
    assert result.code == 1
    assert summary(result) == [("EXO002", 2, 1, None), ("EXO101", 3, 4, None)]
    first = result.findings()[0]
    assert (first["message"], first["severity"], first["category"]) == (message, "warning", "diagnostic")


def test_an_unknown_code_is_reported_with_a_close_match(capsys: Capsys) -> None:
    result = lint(
        capsys, "page.html", html(f"<!-- exolint-disable-next-line EXO1O1: {REASON} -->", f"<p>{CURE}</p>")
    )
    assert summary(result) == [("EXO003", 2, 1, None), ("EXO101", 3, 4, None)]
    assert result.findings()[0]["message"].startswith(
        "Suppression names 'EXO1O1', which is no exolint rule; did you mean EXO101"
    )
    blanket = lint(
        capsys, "page.html", html(f"<!-- exolint-disable-next-line: {REASON} -->", f"<p>{CURE}</p>")
    )
    assert [c for c, *_ in summary(blanket)] == ["EXO003", "EXO101"]


def test_a_valid_code_beside_an_unknown_one_still_suppresses(capsys: Capsys) -> None:
    result = lint(
        capsys,
        "page.html",
        html(f"<!-- exolint-disable-next-line EXO101 EXO9999: {REASON} -->", f"<p>{CURE}</p>"),
    )
    assert summary(result) == [("EXO003", 2, 1, None), ("EXO101", 3, 4, REASON)]


def test_unused_directives_are_reported_unless_their_rule_is_off(capsys: Capsys) -> None:
    text = html(
        f"<!-- exolint-disable-next-line EXO401: {REASON} -->", f"<p>{CURE}</p>", "<!-- exolint-enable -->"
    )
    result = lint(capsys, "page.html", text)
    assert summary(result) == [("EXO004", 2, 1, None), ("EXO101", 3, 4, None), ("EXO004", 4, 1, None)]
    assert result.findings()[2]["message"] == "exolint-enable closes no open exolint-disable block."
    assert [c for c, *_ in summary(lint(capsys, "page.html", text, "--ignore", "EXO401"))] == [
        "EXO101",
        "EXO004",
    ]
    assert [c for c, *_ in summary(lint(capsys, "page.html", text, "--ignore", "EXO004"))] == ["EXO101"]


# --- Markdown, MDX and plain text ---


def test_markdown_comments_and_code_examples(capsys: Capsys) -> None:
    text = (
        "# Our services\n\n"
        f"<!-- exolint-disable-next-line EXO101: {REASON} -->\n{CURE}\n\n"
        "```html\n<!-- exolint-disable-next-line EXO401: an example in a code block -->\n```\n\n"
        "Write `<!-- exolint-disable EXO401: inline example -->` above a line.\n\n"
        f"{INJECT}\n"
    )
    result = lint(capsys, "page.md", text)
    assert summary(result) == [("EXO101", 4, 1, REASON), ("EXO401", 12, 1, None)]


def test_mdx_comments(capsys: Capsys) -> None:
    bare = lint(capsys, "page.mdx", f"# Services\n\n{CURE}\n")
    assert summary(bare) == [("EXO101", 3, 1, None)]
    text = f"# Services\n\n{{/* exolint-disable-next-line EXO101: {REASON} */}}\n{CURE}\n\n{INJECT}\n"
    assert summary(lint(capsys, "page.mdx", text)) == [("EXO101", 4, 1, REASON), ("EXO401", 6, 1, None)]


def test_plain_text_comment_lines(capsys: Capsys) -> None:
    text = (
        f"# exolint-disable-next-line EXO101: {REASON}\n\n{CURE}\n{INJECT}\n"
        f"# exolint-disable-next-line EXO101\n{CURE}\n"
    )
    assert summary(lint(capsys, "captions.txt", text)) == [
        ("EXO101", 3, 1, REASON),
        ("EXO401", 4, 1, None),
        ("EXO002", 5, 1, None),
        ("EXO101", 6, 1, None),
    ]


def test_comment_syntax_belongs_to_its_format() -> None:
    directive = f"exolint-disable-next-line EXO101: {REASON}"
    assert parse_directives(f"# {directive}\n", "html") == []
    assert parse_directives(f"<!-- {directive} -->\n", "text") == []
    assert parse_directives(f"text # {directive}\n", "text") == []  # not on its own line
    assert [d.codes for d in parse_directives(f"<!--\n  {directive}\n-->\n", "html")] == [("EXO101",)]


# --- reports ---


def test_suppressed_findings_stay_in_sarif_with_their_justification(
    capsys: Capsys, validate_sarif: Callable[[Any], None]
) -> None:
    write(
        Path("site/page.html"), html(f"<!-- exolint-disable-next-line EXO101: {REASON} -->", f"<p>{CURE}</p>")
    )
    result = run(capsys, "check", "--format", "sarif", "site/page.html")
    assert result.code == 0
    doc = json.loads(result.out)
    validate_sarif(doc)
    (found,) = doc["runs"][0]["results"]
    assert found["ruleId"] == "EXO101"
    assert found["suppressions"] == [{"kind": "inSource", "justification": REASON}]
    assert found["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/page.html"


def test_text_report_counts_suppressed_findings(capsys: Capsys) -> None:
    write(Path("page.html"), html(f"<!-- exolint-disable-next-line EXO101: {REASON} -->", f"<p>{CURE}</p>"))
    result = run(capsys, "check", "page.html")
    assert result.code == 0
    assert result.out.splitlines()[-1].endswith("in 1 file; 1 suppressed")
