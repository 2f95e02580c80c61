"""The command line: exit codes, stdout vs stderr, options, and the rules/explain commands.

Most tests run `exolint.cli.main` in-process with the keyword stand-in for
the engine and the fixture policy (report_fixtures.py), so they do not depend
on what the real grammar fires on; `rules`, `explain` and the subprocess tests
use the real packaged policy.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import exolint.engine
import exolint.policy.load
from exolint import __version__
from exolint.cli import main
from exolint.errors import PolicyError
from exolint.model import Document
from exolint.policy.load import default_policy
from exolint.report import REPORTERS
from report_fixtures import fixture_policy, keyword_engine

POLICY = fixture_policy()
# The console script, without depending on where pip put it.
ENTRY = [sys.executable, "-c", "import sys; from exolint.cli import main; sys.exit(main())"]
ALL_RULES_PAGE = (
    "Book your visit today.\n"
    "We inject exosomes into the scalp.\n"
    "Ask about an exosome infusion.\n"
    "Exosome therapy cures arthritis.\n"
    "It is completely safe.\n"
    "Results lasts for months.\n"
)


class Result(NamedTuple):
    code: int
    out: str
    err: str


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Document]:
    """Patch in the fixture policy and keyword engine; run in tmp_path; the documents linted."""
    documents: list[Document] = []
    monkeypatch.setattr(exolint.policy.load, "default_policy", lambda: POLICY)
    monkeypatch.setattr(exolint.engine, "lint_document", keyword_engine(POLICY, documents))
    monkeypatch.chdir(tmp_path)
    return documents


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    def run(*args: str, stdin: bytes = b"") -> Result:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = main(list(args))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run


def write(path: Path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Path(os.path.relpath(path)).as_posix()


def codes(out: str) -> list[str]:
    return [f["code"] for f in json.loads(out)["findings"]]


def one_error_line(err: str) -> str:
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("exolint: error: ")
    assert "Traceback" not in err
    return lines[0]


# --- exit codes ---


def test_clean_file_exits_0(seen: list[Document], cli: Callable[..., Result], tmp_path: Path) -> None:
    write(tmp_path / "clean.txt", "Exosomes are small vesicles.\n")
    r = cli("check", "clean.txt")
    assert (r.code, r.err) == (0, "")
    assert r.out == "0 findings (0 errors, 0 warnings, 0 notes) in 1 file\n"


@pytest.mark.parametrize(
    ("text", "fail_on", "expected"),
    [
        ("It is completely safe.\n", None, 1),  # warning, default --fail-on warning
        ("It is completely safe.\n", "error", 0),
        ("It is completely safe.\n", "note", 1),
        ("We inject exosomes.\n", "never", 0),
        ("We inject exosomes.\n", "error", 1),
        ("Results lasts for months.\n", None, 0),  # a note is below the default
        ("Results lasts for months.\n", "note", 1),
    ],
)
def test_fail_on(
    seen: list[Document],
    cli: Callable[..., Result],
    tmp_path: Path,
    text: str,
    fail_on: str | None,
    expected: int,
) -> None:
    write(tmp_path / "page.txt", text)
    args = ["check", "page.txt"] + (["--fail-on", fail_on] if fail_on else [])
    assert cli(*args).code == expected


def test_input_error_wins_over_findings_which_are_still_reported(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "page.txt", "We inject exosomes into the scalp.\n")
    r = cli("check", "missing.txt", "page.txt")
    assert r.code == 2
    assert "page.txt:1:1: EXO401 [error]" in r.out
    assert "missing.txt:1:1: EXO001 [error]" in r.out
    line = one_error_line(r.err)
    assert line.startswith("exolint: error: missing.txt: ")
    assert [d.path for d in seen] == ["page.txt"]


def test_missing_file_in_a_real_process_is_one_line_without_traceback(tmp_path: Path) -> None:
    proc = subprocess.run(
        [*ENTRY, "check", "nope.txt"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert one_error_line(proc.stderr).startswith("exolint: error: nope.txt: ")


def test_binary_file_is_an_input_error(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    (tmp_path / "logo.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00")
    write(tmp_path / "page.txt", "It is completely safe.\n")
    r = cli("check", "--format", "json", "logo.txt", "page.txt")
    assert r.code == 2
    assert one_error_line(r.err).startswith("exolint: error: logo.txt: ")
    doc = json.loads(r.out)
    assert [f["path"] for f in doc["failures"]] == ["logo.txt"]
    assert codes(r.out) == ["EXO001", "EXO601"]


def test_file_over_the_size_limit_is_an_input_error(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    write(tmp_path / "big.txt", "It is completely safe.\n" * 10)
    r = cli("check", "--max-file-size", "100", "big.txt")
    assert r.code == 2
    assert one_error_line(r.err).startswith("exolint: error: big.txt: ")
    assert seen == []
    assert cli("check", "--max-file-size", "1000", "big.txt").code == 1


def test_policy_error_exits_2_with_one_line(
    seen: list[Document], cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def broken() -> None:
        raise PolicyError("rule[3] (EXO401).citations[0]: unknown source 'x'", path="policies/fda.toml")

    monkeypatch.setattr(exolint.policy.load, "default_policy", broken)
    write(tmp_path / "page.txt", "Hello.\n")
    r = cli("check", "page.txt")
    assert r.code == 2
    assert one_error_line(r.err) == (
        "exolint: error: policies/fda.toml: rule[3] (EXO401).citations[0]: unknown source 'x'"
    )


@pytest.mark.parametrize(
    "args", [["check"], ["check", "--bogus", "x.txt"], ["check", "--format", "yaml", "x.txt"], ["frobnicate"]]
)
def test_usage_errors_exit_2_with_one_line(
    seen: list[Document], cli: Callable[..., Result], args: list[str]
) -> None:
    r = cli(*args)
    assert r.code == 2
    one_error_line(r.err)
    assert r.out == ""


def test_interrupt_exits_130(
    seen: list[Document], cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("exolint.api.lint_paths", interrupted)
    r = cli("check", write(tmp_path / "page.txt", "Hello.\n"))
    assert r.code == 130
    assert r.err.strip() == "exolint: interrupted"  # after click's newline that ends the ^C line


def test_broken_pipe_is_quiet(
    seen: list[Document], cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    def closed(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError

    monkeypatch.setattr("exolint.report.text.render", closed)
    r = cli("check", write(tmp_path / "page.txt", "Hello.\n"))
    assert (r.code, r.err) == (1, "")


def test_broken_pipe_in_a_real_process(tmp_path: Path) -> None:
    """`exolint check ... | head`: the reader leaves early; no traceback, no noise."""
    (tmp_path / "site").mkdir()
    for i in range(500):  # the SARIF artifacts alone outgrow a 64 KiB pipe buffer
        (tmp_path / "site" / f"page-{i:03}.txt").write_text("Hello.\n", encoding="utf-8")
    proc = subprocess.Popen(
        [*ENTRY, "check", "--format", "sarif", "site"],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    proc.stdout.close()  # the reader goes away before exolint writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert err == ""


# --- output ---


def test_output_file_is_written_and_stdout_stays_empty(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path, validate_sarif: Callable[[Any], None]
) -> None:
    write(tmp_path / "page.txt", "We inject exosomes.\n")
    (tmp_path / "out").mkdir()
    r = cli("check", "--format", "sarif", "--output", "out/report.sarif", "page.txt")
    assert (r.code, r.out, r.err) == (1, "", "")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["report.sarif"]  # no temp file left
    doc = json.loads((tmp_path / "out" / "report.sarif").read_text(encoding="utf-8"))
    validate_sarif(doc)
    assert [r["ruleId"] for r in doc["runs"][0]["results"]] == ["EXO401"]


def test_output_is_atomic_when_rendering_fails(
    seen: list[Document], cli: Callable[..., Result], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from exolint.errors import ExolintError

    def half_written(run: object, out: io.StringIO, **kwargs: object) -> None:
        out.write('{"findings": [')
        raise ExolintError("simulated failure half-way")

    (tmp_path / "report.json").write_text("previous report\n", encoding="utf-8")
    monkeypatch.setattr("exolint.report.json.render", half_written)
    r = cli("check", "--format", "json", "--output", "report.json", write(tmp_path / "page.txt", "Hi.\n"))
    assert r.code == 2
    assert one_error_line(r.err) == "exolint: error: simulated failure half-way"
    assert (tmp_path / "report.json").read_text(encoding="utf-8") == "previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt", "report.json"]


def test_output_into_a_missing_folder_is_one_line(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    r = cli("check", "--output", "no/such/dir/report.txt", write(tmp_path / "page.txt", "Hi.\n"))
    assert r.code == 2
    assert one_error_line(r.err).startswith("exolint: error: no/such/dir/report.txt: cannot write output")


# --- inputs ---


def test_stdin_with_stdin_filename_picks_format_and_name(
    seen: list[Document], cli: Callable[..., Result]
) -> None:
    page = b"<html><body><p>We inject exosomes into the scalp.</p></body></html>\n"
    r = cli("check", "--format", "json", "--stdin-filename", "site/page.html", "-", stdin=page)
    assert r.code == 1
    assert [(d.path, d.format) for d in seen] == [("site/page.html", "html")]
    assert {f["path"] for f in json.loads(r.out)["findings"]} == {"site/page.html"}


def test_stdin_without_a_name_is_text_called_stdin(seen: list[Document], cli: Callable[..., Result]) -> None:
    r = cli("check", "-", stdin=b"It is completely safe.\n")
    assert r.code == 1
    assert [(d.path, d.format) for d in seen] == [("stdin", "text")]
    assert r.out.startswith("stdin:1:1: EXO601 [warning]")


def test_stdin_over_the_size_limit(seen: list[Document], cli: Callable[..., Result]) -> None:
    r = cli("check", "--max-file-size", "5", "-", stdin=b"It is completely safe.\n")
    assert r.code == 2
    assert one_error_line(r.err).startswith("exolint: error: stdin: ")


def test_folder_is_walked_sorted_skipping_hidden_and_unsupported(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    for name in [
        "site/b.md",
        "site/a.html",
        "site/sub/c.txt",
        "site/.drafts/d.txt",
        "site/node_modules/x/e.md",
    ]:
        write(tmp_path / name, "Hello.\n")
    (tmp_path / "site" / "logo.png").write_bytes(b"\x89PNG\x00")
    r = cli("check", "--format", "json", "site")
    assert r.code == 0
    assert [Path(d.path).as_posix() for d in seen] == ["site/a.html", "site/b.md", "site/sub/c.txt"]
    assert json.loads(r.out)["summary"]["files"] == 3


# --- select / ignore ---


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ([], ["EXO401", "EXO402", "EXO101", "EXO601", "EXO901"]),
        (["--select", "EXO401"], ["EXO401"]),
        (["--select", "exo401"], ["EXO401"]),
        (["--select", "EXO4"], ["EXO401", "EXO402"]),
        (["--select", "injectable-route-offer"], ["EXO401"]),
        (["--select", "injection-offer"], ["EXO401"]),  # an alias of a renamed rule
        (["--select", "route"], ["EXO401", "EXO402"]),
        (["--select", "EXO101,EXO601"], ["EXO101", "EXO601"]),
        (["--select", "EXO101", "--select", "safety"], ["EXO101", "EXO601"]),
        (["--ignore", "EXO4"], ["EXO101", "EXO601", "EXO901"]),
        (["--ignore", "safety,timed-results-claim"], ["EXO401", "EXO402", "EXO101"]),
        (["--select", "EXO4", "--ignore", "EXO402"], ["EXO401"]),
        (["--ignore", "route", "--select", "EXO402"], ["EXO402"]),  # the more specific selector wins
    ],
)
def test_select_and_ignore(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path, options: list[str], expected: list[str]
) -> None:
    write(tmp_path / "page.txt", ALL_RULES_PAGE)
    r = cli("check", "--format", "json", "--fail-on", "never", *options, "page.txt")
    assert r.code == 0, r.err
    assert codes(r.out) == expected


def test_unknown_selector_is_a_usage_error(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    r = cli("check", "--select", "EXO4,bogus", write(tmp_path / "page.txt", ALL_RULES_PAGE))
    assert r.code == 2
    assert "'bogus'" in one_error_line(r.err)
    assert r.out == ""


# --- formats and colour ---


def test_format_choices_come_from_the_registry(seen: list[Document], cli: Callable[..., Result]) -> None:
    r = cli("check", "--help")
    assert r.code == 0
    assert f"[{'|'.join(sorted(REPORTERS))}]" in r.out


def test_sarif_through_the_cli_is_valid(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path, validate_sarif: Callable[[Any], None]
) -> None:
    write(tmp_path / "site/page one.html", "<p>We inject exosomes.</p>\n<p>It is completely safe.</p>\n")
    r = cli("check", "--format", "sarif", "site", "missing.md")
    assert r.code == 2
    doc = json.loads(r.out)
    validate_sarif(doc)
    uris = [
        res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for res in doc["runs"][0]["results"]
    ]
    assert uris == ["site/page%20one.html", "site/page%20one.html", "missing.md"]


def test_colour_only_when_asked_or_on_a_terminal(
    seen: list[Document], cli: Callable[..., Result], tmp_path: Path
) -> None:
    name = write(tmp_path / "page.txt", "We inject exosomes.\n")
    assert "\x1b[" not in cli("check", name).out  # captured output is not a terminal
    assert "\x1b[" in cli("check", "--color", name).out
    assert "\x1b[" not in cli("check", "--no-color", name).out


def test_version(cli: Callable[..., Result]) -> None:
    r = cli("--version")
    assert (r.code, r.out) == (0, f"exolint {__version__}\n")


# --- rules and explain (the real packaged policy) ---


def test_rules_lists_every_policy_rule(cli: Callable[..., Result]) -> None:
    r = cli("rules")
    assert r.code == 0
    listed = [line.split()[0] for line in r.out.splitlines()[1:]]
    assert listed == [rule.code for rule in default_policy().rules]


def test_rules_as_json(cli: Callable[..., Result]) -> None:
    r = cli("rules", "--format", "json")
    assert r.code == 0
    rows = json.loads(r.out)
    policy = default_policy()
    assert [row["code"] for row in rows] == [rule.code for rule in policy.rules]
    assert rows[0]["message"] == policy.rules[0].message


def test_explain_shows_rationale_and_a_source_url(cli: Callable[..., Result]) -> None:
    r = cli("explain", "EXO401")
    assert r.code == 0
    rule = default_policy().rule("EXO401")
    flat = " ".join(r.out.split())
    assert " ".join(rule.rationale.split())[:60] in flat
    assert re.search(r"https?://\S+", r.out)
    assert cli("explain", rule.name).out == r.out


def test_explain_unknown_rule_exits_2(cli: Callable[..., Result]) -> None:
    r = cli("explain", "NOPE")
    assert r.code == 2
    assert "'NOPE'" in one_error_line(r.err)
    assert r.out == ""


def test_explain_suggests_a_close_match(seen: list[Document], cli: Callable[..., Result]) -> None:
    r = cli("explain", "injectable-route-ofer")
    assert r.code == 2
    assert "injectable-route-offer" in one_error_line(r.err)
