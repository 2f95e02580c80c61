"""Baseline: written sorted and diff-friendly; stable when copy moves, new when a claim changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from repo_helpers import CURE, INJECT, Result, run, write

Capsys = pytest.CaptureFixture[str]
BASELINE = "exolint-baseline.txt"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def check(capsys: Capsys, *args: str) -> Result:
    return run(capsys, "check", "--format", "json", *args)


def page(*paragraphs: str) -> str:
    return "<html><body>\n" + "\n".join(f"<p>{p}</p>" for p in paragraphs) + "\n</body></html>\n"


def adopt(capsys: Capsys, name: str, text: str) -> None:
    """Write a page, show it fails, and record its findings as the baseline."""
    write(Path(name), text)
    assert check(capsys, name).code == 1
    written = check(capsys, "--write-baseline", BASELINE, name)
    assert (written.code, written.codes()) == (0, [])
    assert written.err.startswith("exolint: wrote ")


def test_the_file_is_sorted_tab_separated_text_with_a_header(capsys: Capsys) -> None:
    write(Path("site/b.html"), page(INJECT, CURE))
    write(Path("site/a.txt"), f"{CURE}\n")
    result = run(capsys, "check", "--write-baseline", "meta/" + BASELINE, "site")
    assert result.err == f"exolint: wrote 3 findings to meta/{BASELINE}\n"
    lines = Path("meta", BASELINE).read_text(encoding="utf-8").splitlines()
    header = [line for line in lines if line.startswith("#")]
    body = [line.split("\t") for line in lines if not line.startswith("#")]
    assert lines[: len(header)] == header
    assert len(header) >= 2
    assert [(path, code, excerpt) for path, code, _, excerpt in body] == [
        ("../site/a.txt", "EXO101", CURE),  # relative to the baseline's folder
        ("../site/b.html", "EXO101", CURE),
        ("../site/b.html", "EXO401", INJECT),
    ]
    assert all(len(fp) == 32 and int(fp, 16) >= 0 for _, _, fp, _ in body)
    before = Path("meta", BASELINE).read_bytes()
    run(capsys, "check", "--write-baseline", "meta/" + BASELINE, "site")
    assert Path("meta", BASELINE).read_bytes() == before  # deterministic: no diff when nothing changed


def test_inserting_lines_above_does_not_resurrect_findings(capsys: Capsys) -> None:
    adopt(capsys, "page.html", page("Welcome.", CURE, INJECT))
    write(
        Path("page.html"),
        "<!doctype html>\n\n\n" + page("A new intro.", "Opening hours: 9 to 5.", "Welcome.", CURE, INJECT),
    )
    result = check(capsys, "--baseline", BASELINE, "page.html")
    assert (result.code, result.findings()) == (0, [])


def test_moving_a_sentence_does_not_resurrect_it(capsys: Capsys) -> None:
    adopt(capsys, "page.html", page(CURE, "Welcome.", INJECT))
    write(Path("page.html"), page("Welcome.", INJECT, "Some new copy.", CURE))
    assert check(capsys, "--baseline", BASELINE, "page.html").findings() == []


def test_reindenting_and_rewrapping_do_not_resurrect_findings(capsys: Capsys) -> None:
    adopt(capsys, "page.html", page(CURE))
    wrapped = CURE.replace(" therapy ", "\n        therapy ")
    write(
        Path("page.html"),
        "<html>\n  <body>\n    <div>\n      <p>\n"
        f"        {wrapped}\n"
        "      </p>\n    </div>\n  </body>\n</html>\n",
    )
    assert check(capsys, "page.html").codes() == ["EXO101"]  # still a finding ...
    assert check(capsys, "--baseline", BASELINE, "page.html").codes() == []  # ... still baselined


def test_an_edited_claim_is_new(capsys: Capsys) -> None:
    adopt(capsys, "page.html", page(CURE, INJECT))
    edited = CURE.replace("arthritis", "eczema and psoriasis")
    write(Path("page.html"), page(edited, INJECT))
    unbaselined = check(capsys, "page.html").findings()
    result = check(capsys, "--baseline", BASELINE, "page.html")
    assert result.code == 1
    # Every finding on the edited sentence is new; the untouched one stays baselined.
    assert result.findings() == [f for f in unbaselined if f["sentence"] == edited] != []


def test_a_second_copy_of_a_baselined_claim_is_new(capsys: Capsys) -> None:
    adopt(capsys, "page.html", page(CURE))
    write(Path("page.html"), page(CURE, "Welcome.", CURE))
    result = check(capsys, "--baseline", BASELINE, "page.html")
    assert [(f["code"], f["region"]["start_line"]) for f in result.findings()] == [("EXO101", 4)]


def test_the_same_claim_in_another_file_is_new(capsys: Capsys) -> None:
    adopt(capsys, "a.html", page(CURE))
    write(Path("b.html"), page(CURE))
    assert [f["path"] for f in check(capsys, "--baseline", BASELINE, "a.html", "b.html").findings()] == [
        "b.html"
    ]


def test_it_works_from_another_working_directory(capsys: Capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    adopt(capsys, "site/page.html", page(CURE))
    monkeypatch.chdir("site")
    assert check(capsys, "--baseline", f"../{BASELINE}", "page.html").findings() == []


def test_writing_for_some_files_keeps_the_others(capsys: Capsys) -> None:
    write(Path("a.html"), page(CURE))
    write(Path("b.html"), page(INJECT))
    write(Path("gone.html"), page(CURE))
    run(capsys, "check", "--write-baseline", BASELINE, "a.html", "b.html", "gone.html")
    Path("gone.html").unlink()
    write(Path("a.html"), page("Welcome."))  # a.html fixed: its entry goes
    run(capsys, "check", "--write-baseline", BASELINE, "a.html")  # as pre-commit would pass it
    body = [
        line.split("\t")[:2]
        for line in Path(BASELINE).read_text(encoding="utf-8").splitlines()
        if line[0] != "#"
    ]
    assert body == [["b.html", "EXO401"]]  # b.html kept; the deleted file's entry dropped


def test_diagnostics_and_suppressed_findings_are_not_baselined(capsys: Capsys) -> None:
    text = page(CURE, INJECT).replace(
        f"<p>{INJECT}", f"<!-- exolint-disable-next-line EXO401 -->\n<p>{INJECT}"
    )
    write(
        Path("page.html"),
        text.replace(f"<p>{CURE}", f"<!-- exolint-disable-next-line EXO101: ok -->\n<p>{CURE}"),
    )
    result = check(capsys, "--write-baseline", BASELINE, "page.html")
    assert result.codes() == ["EXO002"]  # the reasonless directive must still be fixed
    body = [
        line.split("\t")[1]
        for line in Path(BASELINE).read_text(encoding="utf-8").splitlines()
        if line[0] != "#"
    ]
    assert body == ["EXO401"]


def test_baseline_from_the_config_file(capsys: Capsys) -> None:
    adopt(capsys, "page.html", page(CURE))
    write(Path("pyproject.toml"), f'[tool.exolint]\nbaseline = "{BASELINE}"\n')
    assert check(capsys, "page.html").code == 0
    write(Path("page.html"), page(CURE, INJECT))
    assert check(capsys, "page.html").codes() == ["EXO401"]


def test_the_baseline_file_itself_is_never_linted(capsys: Capsys) -> None:
    """It quotes every accepted claim; pre-commit passes it by name when it is committed."""
    adopt(capsys, "page.html", page(CURE))
    assert check(capsys, BASELINE).codes() == ["EXO101"]  # as copy, it holds the claim ...
    result = check(capsys, "--baseline", BASELINE, BASELINE, "page.html", ".")
    assert (result.code, result.findings()) == (0, [])  # ... but not as the run's baseline
    assert check(capsys, "--write-baseline", "b2.txt", "b2.txt", "page.html").codes() == []
