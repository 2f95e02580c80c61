"""The reviewer formats end to end through the CLI: html, github, --quiet, .docx, serve's errors."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from exolint.cli import main

CLAIM = "Our exosome IV infusions cure arthritis."


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(f"Welcome.\n{CLAIM}\n", encoding="utf-8")
    return tmp_path


def test_html_report_written_to_a_file(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "page.txt", "--format", "html", "--output", "report.html"]) == 1
    assert capsys.readouterr().out == ""
    html = (site / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>")
    # check kept the document, so the sentence is highlighted in its text.
    assert re.search(r'<mark class="hl sev-\w+" data-f="[\d ]+"[^>]*>' + re.escape(CLAIM) + "</mark>", html)


def test_text_shows_the_source_line_with_carets(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "page.txt", "--no-color"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("page.txt:2:1: EXO")
    assert f" 2 | {CLAIM}" in out
    assert "   | " + "^" * len(CLAIM) in out
    assert out[-1].startswith(tuple("0123456789"))  # the summary line


def test_quiet_prints_finding_lines_only(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "page.txt", "--quiet"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines
    assert all(line.startswith("page.txt:2:1: EXO") for line in lines)
    (site / "clean.txt").write_text("Book a facial.\n", encoding="utf-8")
    assert main(["check", "clean.txt", "-q"]) == 0
    assert capsys.readouterr().out == ""


def test_github_annotations(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "page.txt", "--format", "github"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("::error file=page.txt,line=2,endLine=2,col=1,endColumn=40,title=EXO")
    assert not lines[-1].startswith("::")


def test_word_draft_is_checked_and_located_by_paragraph(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docx = pytest.importorskip("docx")
    word = docx.Document()
    word.add_paragraph("Spring menu")
    word.add_paragraph(CLAIM)
    word.save(str(site / "draft.docx"))
    assert main(["check", ".", "--no-color"]) == 1
    out = capsys.readouterr().out
    assert "draft.docx: paragraph 2: EXO" in out
    assert f" 2 | {CLAIM}" in out


def test_serve_reports_a_taken_port_in_one_line() -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = subprocess.run(
            [
                sys.executable,
                "-c",
                "from exolint.cli import main; raise SystemExit(main())",
                "serve",
                "--port",
                str(port),
            ],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"exolint: error: cannot listen on 127.0.0.1:{port}: ")
    assert "Traceback" not in proc.stderr
