"""Configuration: discovery, precedence (CLI > file > defaults), paths, and every error message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from exolint.globs import PathFilter
from exolint.settings import find_config, load_settings
from repo_helpers import CLEAN, CURE, INJECT, Result, run, write

Capsys = pytest.CaptureFixture[str]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site folder with one EXO101 page and one EXO401 page; the working directory."""
    write(tmp_path / "cure.txt", CURE + "\n")
    write(tmp_path / "inject.txt", INJECT + "\n")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def check(capsys: Capsys, *args: str) -> Result:
    return run(capsys, "check", "--format", "json", *args)


def test_the_claims_the_tests_rely_on(site: Path, capsys: Capsys) -> None:
    assert check(capsys, "cure.txt").codes() == ["EXO101"]
    assert check(capsys, "inject.txt").codes() == ["EXO401"]


# --- discovery ---


def test_pyproject_is_found_walking_up_from_the_working_directory(
    site: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(site / "pyproject.toml", '[project]\nname = "site"\n\n[tool.exolint]\nselect = ["EXO4"]\n')
    write(site / "pages" / "deep" / "cure.txt", CURE + "\n")
    write(site / "pages" / "deep" / "inject.txt", INJECT + "\n")
    monkeypatch.chdir(site / "pages" / "deep")
    assert check(capsys, "cure.txt", "inject.txt").codes() == ["EXO401"]


def test_exolint_toml_wins_over_pyproject_in_the_same_folder(site: Path, capsys: Capsys) -> None:
    write(site / "pyproject.toml", '[tool.exolint]\nselect = ["EXO4"]\n')
    write(site / ".exolint.toml", 'select = ["EXO1"]\n')
    assert check(capsys, "cure.txt", "inject.txt").codes() == ["EXO101"]
    assert find_config(site) == site / ".exolint.toml"


def test_search_stops_at_the_first_config_and_skips_foreign_pyprojects(
    site: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(site / ".exolint.toml", 'select = ["EXO1"]\n')
    inner = site / "a" / "b"
    write(inner / "pyproject.toml", "[tool.black]\nline-length = 100\n")  # not ours: keep looking
    write(inner / "cure.txt", CURE + "\n")
    write(inner / "inject.txt", INJECT + "\n")
    monkeypatch.chdir(inner)
    assert check(capsys, "cure.txt", "inject.txt").codes() == ["EXO101"]
    write(site / "a" / ".exolint.toml", 'select = ["EXO4"]\n')  # nearer: the outer one is not merged
    assert check(capsys, "cure.txt", "inject.txt").codes() == ["EXO401"]


def test_config_flag_replaces_discovery(site: Path, capsys: Capsys) -> None:
    write(site / ".exolint.toml", 'select = ["EXO1"]\n')
    write(site / "ci" / "strict.toml", 'select = ["EXO4"]\n')
    assert check(capsys, "--config", "ci/strict.toml", "cure.txt", "inject.txt").codes() == ["EXO401"]


def test_no_config_means_defaults(site: Path) -> None:
    settings = load_settings({}, cwd=str(site))
    assert settings.config_file is None
    assert (settings.fail_on, settings.select, settings.ignore) == ("warning", None, [])
    assert settings.root == str(site)


# --- precedence: CLI > file > defaults ---


def test_fail_on_default_file_and_flag(site: Path, capsys: Capsys) -> None:
    # EXO101 made a note: below the default fail-on (warning), so the run passes ...
    write(site / ".exolint.toml", '[severity]\nEXO101 = "note"\n')
    result = check(capsys, "cure.txt")
    assert (result.code, [f["severity"] for f in result.findings()]) == (0, ["note"])
    # ... the file's fail-on catches it ...
    write(site / ".exolint.toml", 'fail-on = "note"\n[severity]\nEXO101 = "note"\n')
    assert check(capsys, "cure.txt").code == 1
    # ... and the flag beats the file.
    assert check(capsys, "--fail-on", "error", "cure.txt").code == 0
    assert check(capsys, "--fail-on", "never", "inject.txt").code == 0


def test_select_and_ignore_flags_replace_the_files(site: Path, capsys: Capsys) -> None:
    write(site / ".exolint.toml", 'select = ["EXO4"]\nignore = ["EXO101"]\n')
    assert check(capsys, "cure.txt", "inject.txt").codes() == ["EXO401"]
    assert check(capsys, "--select", "EXO1", "cure.txt", "inject.txt").codes() == []  # file still ignores it
    both = check(capsys, "--select", "EXO1,EXO4", "--ignore", "EXO401", "cure.txt", "inject.txt")
    assert both.codes() == ["EXO101"]


def test_severity_keys_take_names_prefixes_and_off(site: Path, capsys: Capsys) -> None:
    write(
        site / ".exolint.toml",
        '[severity]\nEXO4 = "note"\ninjectable-route-offer = "warning"\n"disease-claim" = "off"\n',
    )
    result = check(capsys, "cure.txt", "inject.txt")
    # An exact code or name beats a prefix; the category is off.
    assert [(f["code"], f["severity"]) for f in result.findings()] == [("EXO401", "warning")]
    # Reporters show the configured level too.
    sarif = json.loads(run(capsys, "check", "--format", "sarif", "inject.txt").out)
    rules = {r["id"]: r for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["EXO401"]["defaultConfiguration"]["level"] == "warning"


def test_max_file_size_from_file_and_flag(site: Path, capsys: Capsys) -> None:
    write(site / ".exolint.toml", "max-file-size = 10\n")
    assert check(capsys, "cure.txt").code == 2
    assert check(capsys, "--max-file-size", "100000", "cure.txt").code == 1


# --- paths are relative to the config file's folder ---


def test_include_exclude_globs_are_relative_to_the_config_folder(
    site: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(site / ".exolint.toml", 'include = ["site/**"]\nexclude = ["drafts", "*.min.html"]\n')
    for name in ("site/a.txt", "site/drafts/b.txt", "other/c.txt"):
        write(site / name, CURE + "\n")
    write(site / "site" / "x.min.html", f"<p>{CURE}</p>")
    monkeypatch.chdir(site / "site")
    assert {f["path"] for f in check(capsys, ".").findings()} == {"a.txt"}
    # Named files are filtered too: pre-commit passes names, and exclude must still hold.
    excluded = check(capsys, "drafts/b.txt", "../other/c.txt")
    assert (excluded.code, excluded.findings()) == (0, [])


def test_glob_syntax() -> None:
    keep = PathFilter.build("/r", ["content/**/*.md", "pages"], ["drafts", "content/legal/"])
    assert keep.allows("/r/content/a.md")
    assert keep.allows("/r/content/x/y/a.md")
    assert not keep.allows("/r/content/a.html")
    assert keep.allows("/r/pages/p.html")
    assert not keep.allows("/r/pages/drafts/p.html")
    assert not keep.allows("/r/content/legal/t.md")
    assert not keep.allows("/elsewhere/a.md")  # outside the folder: include cannot speak for it
    assert PathFilter.build("/r", [], ["x"]).allows("/elsewhere/a.md")


def test_users_policy_files_add_vocabulary_and_override_rules(site: Path, capsys: Capsys) -> None:
    write(
        site / "policy" / "house.toml",
        '[vocabulary.CONDITION]\nterms = ["zyloritis"]\n\n[[rule]]\ncode = "EXO401"\nseverity = "note"\n',
    )
    write(site / "zylo.txt", "Our exosome therapy cures zyloritis.\n")
    assert check(capsys, "zylo.txt").codes() == []  # the packaged vocabulary does not know it
    write(site / ".exolint.toml", 'policies = ["policy/house.toml"]\n')
    result = check(capsys, "zylo.txt", "inject.txt")
    assert [(f["code"], f["severity"]) for f in result.findings()] == [
        ("EXO101", "error"),
        ("EXO401", "note"),
    ]


def test_rules_and_explain_show_the_configured_policy(site: Path, capsys: Capsys) -> None:
    def severities() -> dict[str, str]:
        result = run(capsys, "rules")
        assert result.code == 0, result.err
        rows = [line.split() for line in result.out.splitlines()[1:]]
        return {row[0]: row[3] for row in rows}

    assert severities()["EXO101"] == "error"
    assert severities()["EXO401"] == "error"
    write(site / "policy" / "house.toml", '[[rule]]\ncode = "EXO401"\nseverity = "note"\n')
    write(site / ".exolint.toml", 'policies = ["policy/house.toml"]\n\n[severity]\nEXO101 = "warning"\n')
    assert severities()["EXO101"] == "warning"  # the config's severity table
    assert severities()["EXO401"] == "note"  # the users' policy file
    explained = run(capsys, "explain", "EXO401")
    assert "severity: note" in explained.out
    broken = write(site / "broken.toml", "fail-on = [\n")
    result = run(capsys, "rules", "--config", str(broken))
    assert result.code == 2
    assert result.err.startswith("exolint: error: ")
    assert "broken.toml: invalid TOML" in result.err


def test_baseline_path_is_relative_to_the_config_folder(
    site: Path, capsys: Capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert check(capsys, "--write-baseline", "meta/baseline.txt", "cure.txt").code == 0
    write(site / ".exolint.toml", 'baseline = "meta/baseline.txt"\n')
    write(site / "sub" / "keep.txt", "")
    monkeypatch.chdir(site / "sub")
    assert check(capsys, "../cure.txt").codes() == []
    assert check(capsys, "../inject.txt").codes() == ["EXO401"]


# --- every config error: one line naming file, key and what was expected; exit 2 ---

PYPROJECT_ERRORS = [
    ('fail-on = "fatal"', "fail-on: expected one of error, warning, note, never; got 'fatal'"),
    ('fail_on = "error"', "fail_on: unknown key; did you mean 'fail-on'?"),
    ('selct = ["EXO1"]', "selct: unknown key; did you mean 'select'?"),
    ('extend-ignore = ["EXO1"]', "extend-ignore: unknown key; did you mean 'ignore'?"),
    (
        "colour = true",
        "colour: unknown key (expected one of: baseline, exclude, fail-on, ignore, include, "
        "max-file-size, policies, select, severity)",
    ),
    ('select = "EXO1"', "select: expected an array of strings; got 'EXO1'"),
    ('ignore = ["EXO1", 4]', "ignore[1]: expected a string; got 4"),
    ('severity = "error"', "severity: expected a table; got 'error'"),
    (
        'severity = { EXO101 = "fatal" }',
        "severity.EXO101: expected one of error, warning, note, off; got 'fatal'",
    ),
    ("max-file-size = '10MB'", "max-file-size: expected a whole number; got '10MB'"),
    ("max-file-size = 0", "max-file-size: expected a number of at least 1; got 0"),
    ("max-file-size = true", "max-file-size: expected a whole number; got true"),
    ("baseline = 3", "baseline: expected a string; got 3"),
    ("include = [[1]]", "include[0]: expected a string; got [1]"),
    ('select = ["EXO999"]', "select: no rule code, prefix, name or category matches 'EXO999'"),
    (
        'ignore = ["disease-claims"]',
        "ignore: no rule code, prefix, name or category matches 'disease-claims'; "
        "did you mean 'disease-claim'?",
    ),
    (
        'severity = { EXO1O1 = "note" }',
        "severity.EXO1O1: no rule code, prefix, name or category matches 'EXO1O1'; did you mean 'EXO101'?",
    ),
    ('baseline = "meta/baseline.txt"', "baseline: baseline file not found: meta/baseline.txt"),
    ('policies = ["policy/house.toml"]', "policies[0]: policy file not found: policy/house.toml"),
]


@pytest.mark.parametrize(
    ("line", "message"), PYPROJECT_ERRORS, ids=[m.split(":")[0] for _, m in PYPROJECT_ERRORS]
)
def test_pyproject_error_messages(site: Path, capsys: Capsys, line: str, message: str) -> None:
    write(site / "pyproject.toml", f'[project]\nname = "site"\n\n[tool.exolint]\n{line}\n')
    result = check(capsys, "cure.txt")
    assert (result.code, result.error_line()) == (2, f"pyproject.toml: [tool.exolint] {message}")
    assert result.out == ""  # nothing was linted


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'fail-on = "fatal"\n',
            ".exolint.toml: fail-on: expected one of error, warning, note, never; got 'fatal'",
        ),
        (
            '[tool.exolint]\nselect = ["EXO1"]\n',
            ".exolint.toml: tool: unknown key; in .exolint.toml, write the keys at the top level, "
            "without [tool.exolint]",
        ),
        ('select = ["EXO1"\n', ".exolint.toml: invalid TOML: "),
    ],
)
def test_exolint_toml_error_messages(site: Path, capsys: Capsys, text: str, message: str) -> None:
    write(site / ".exolint.toml", text)
    result = check(capsys, "cure.txt")
    assert result.code == 2
    assert result.error_line().startswith(message)


def test_tool_exolint_must_be_a_table(site: Path, capsys: Capsys) -> None:
    write(site / "pyproject.toml", "[tool]\nexolint = 3\n")
    result = check(capsys, "cure.txt")
    assert (result.code, result.error_line()) == (
        2,
        "pyproject.toml: [tool.exolint]: expected a table; got int",
    )


def test_config_flag_errors(site: Path, capsys: Capsys) -> None:
    missing = check(capsys, "--config", "nope.toml", "cure.txt")
    assert (missing.code, missing.error_line()) == (2, "nope.toml: config file not found")
    write(site / "other" / "pyproject.toml", '[project]\nname = "x"\n')
    no_table = check(capsys, "--config", "other/pyproject.toml", "cure.txt")
    assert (no_table.code, no_table.error_line()) == (2, "other/pyproject.toml: no [tool.exolint] table")


def test_cli_selector_errors_name_the_flag(site: Path, capsys: Capsys) -> None:
    result = check(capsys, "--select", "EXO1O1", "cure.txt")
    assert result.error_line() == (
        "--select: no rule code, prefix, name or category matches 'EXO1O1'; did you mean 'EXO101'?"
    )


def test_bad_policy_file_names_the_policy_file_and_key(site: Path, capsys: Capsys) -> None:
    write(site / "policy" / "house.toml", '[[rule]]\ncode = "EXO401"\nseverity = "fatal"\n')
    write(site / ".exolint.toml", 'policies = ["policy/house.toml"]\n')
    result = check(capsys, "cure.txt")
    assert result.code == 2
    line = result.error_line()
    assert line.startswith("policy/house.toml: rule[0] (EXO401).severity"), line
    assert "'fatal'" in line


def test_malformed_baseline_names_the_line(site: Path, capsys: Capsys) -> None:
    write(site / "baseline.txt", "# header\ncure.txt\tEXO101\n")
    result = check(capsys, "--baseline", "baseline.txt", "cure.txt")
    assert result.code == 2
    assert result.error_line() == (
        "baseline.txt: line 2: expected path<TAB>code<TAB>fingerprint<TAB>sentence; got 'cure.txt\\tEXO101'"
    )


def test_clean_copy_passes_with_a_config(site: Path, capsys: Capsys) -> None:
    write(site / "clean.txt", CLEAN + "\n")
    write(site / ".exolint.toml", 'fail-on = "note"\n')
    assert check(capsys, "clean.txt").code == 0
