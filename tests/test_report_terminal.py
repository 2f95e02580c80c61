"""Terminal output: source excerpts with carets, --quiet, and GitHub workflow annotations."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from exolint.api import LintRun
from exolint.model import Document
from exolint.report import needs_documents, render
from exolint.report.github import annotation, escape_data, escape_property
from exolint.report.text import WIDTH, excerpt
from html_fixtures import html_run
from report_fixtures import PAGE, document, finding, fixture_policy, sample_run

POLICY = fixture_policy()


def rendered(fmt: str, run: LintRun, *, color: bool = False, quiet: bool = False) -> str:
    out = io.StringIO()
    render(fmt, run, out, policy=POLICY, color=color, quiet=quiet)
    return out.getvalue()


def with_documents(run: LintRun, *docs: Document) -> LintRun:
    return LintRun(findings=run.findings, failures=run.failures, documents=list(docs), paths=run.paths)


# --- text: excerpts ---


def test_excerpt_underlines_the_sentence_in_its_source_lines() -> None:
    run = sample_run(POLICY)
    page = document("site/page.txt", PAGE)
    lines = rendered("text", with_documents(run, page)).splitlines()
    assert lines[:4] == [
        "site/page.txt:2:1: EXO401 [error] Offers an exosome product by injection or infusion.",
        " 2 | We inject exosomes directly into the scalp.",
        "   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        "site/page.txt:3:1: EXO601 [warning] Calls the product safe.",
    ]
    # Two rules on one sentence share its excerpt; a continuation line's indentation is not underlined.
    assert lines[4:9] == [
        "site/page.txt:3:1: EXO901 [note] Promises how long results last.",
        " 3 | Our exosome facial is completely safe and",
        "   | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^",
        " 4 |   results last for months.",
        "   |   ^^^^^^^^^^^^^^^^^^^^^^^^",
    ]
    # A document the run did not keep falls back to the indented sentence.
    assert lines[9:11] == [
        "site/über uns.md:1:1: EXO101 [warning] Claims to treat a disease.",
        "    Exosomes cures arthritis.",
    ]


def test_excerpt_marks_a_sentence_mid_line_and_windows_long_lines() -> None:
    raw = "x" * 300 + " We inject exosomes. " + "y" * 300 + "\n"
    doc = document("long.txt", raw)
    f = finding(doc, "We inject exosomes.", "EXO401", POLICY)
    (line,) = excerpt(doc, f)
    assert line.number == 1
    assert line.text.startswith("…")
    assert line.text.endswith("…")
    assert len(line.text) == WIDTH + 2
    start = line.carets.index("^")
    assert line.text[start : start + len(f.sentence)] == f.sentence
    assert line.carets.strip() == "^" * len(f.sentence)


def test_excerpt_of_a_long_sentence_elides_its_middle_lines() -> None:
    raw = "Start\n" + "\n".join(f"line {i} of a long claim" for i in range(8)) + "\nend\n"
    doc = document("wrapped.txt", raw)
    f = finding(doc, raw[6:-5], "EXO401", POLICY)
    numbers = [line.number for line in excerpt(doc, f)]
    assert numbers == [2, 3, 4, None, 9]


def test_tabs_and_control_characters_keep_carets_aligned() -> None:
    doc = document("tabs.txt", "\tWe inject\x1b[31m exosomes.\n")
    f = finding(doc, "We inject\x1b[31m exosomes.", "EXO401", POLICY)
    (line,) = excerpt(doc, f)
    assert "\x1b" not in line.text
    assert "\t" not in line.text
    assert line.carets == " " + "^" * len(f.sentence)


def test_colour_only_when_asked_and_carets_take_the_severity_colour() -> None:
    run = with_documents(sample_run(POLICY), document("site/page.txt", PAGE))
    assert "\x1b[" not in rendered("text", run)
    assert "\x1b[31m^^^" in rendered("text", run, color=True)


def test_quiet_prints_the_finding_lines_only() -> None:
    run = with_documents(sample_run(POLICY), document("site/page.txt", PAGE))
    lines = rendered("text", run, quiet=True).splitlines()
    assert [line.split(" EXO", 1)[0] for line in lines] == [
        "site/page.txt:2:1:",
        "site/page.txt:3:1:",
        "site/page.txt:3:1:",
        "site/über uns.md:1:1:",
    ]
    assert rendered("text", LintRun(paths=["a.txt"]), quiet=True) == ""


def test_quiet_does_not_change_machine_formats() -> None:
    run = sample_run(POLICY)
    assert rendered("json", run, quiet=True) == rendered("json", run)


def test_which_formats_keep_documents() -> None:
    assert needs_documents("html")
    assert needs_documents("text")
    assert not needs_documents("text", quiet=True)
    assert not needs_documents("sarif")
    assert not needs_documents("github")


def test_word_draft_findings_name_the_paragraph() -> None:
    run = html_run(POLICY)
    text = rendered("text", run)
    assert "drafts/menu.docx: paragraph 3: EXO402 [error]" in text
    assert " 3 | Our exosome IV infusion lasts for years." in text


def test_text_golden_with_excerpts(golden: Callable[[str, str], None]) -> None:
    golden("text/excerpts.txt", rendered("text", html_run(POLICY)))


# --- github ---


def test_annotation_has_position_title_and_escaped_message() -> None:
    run = sample_run(POLICY)
    first = annotation(run.findings[0])
    assert first == (
        "::error file=site/page.txt,line=2,endLine=2,col=1,endColumn=43,"
        "title=EXO401 injectable-route-offer::Offers an exosome product by injection or infusion."
        "%0A“We inject exosomes directly into the scalp.”"
    )
    # A finding over two lines: no columns (the runner accepts them on one line only).
    assert annotation(run.findings[1]).startswith(
        "::warning file=site/page.txt,line=3,endLine=4,title=EXO601 unqualified-safety-claim::"
    )
    assert annotation(run.findings[2]).startswith("::notice ")


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A", "%250A", "%250A"),  # an escape in the input stays literal
    ],
)
def test_escaping_follows_the_runner(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_hostile_paths_and_copy_cannot_start_a_new_command() -> None:
    doc = document("we,ird:name.txt", "Line\n::stop-commands::x\nWe inject exosomes.\n")
    f = finding(doc, "::stop-commands::x\nWe inject exosomes.", "EXO401", POLICY)
    line = annotation(f)
    assert "\n" not in line
    assert "file=we%2Cird%3Aname.txt," in line


def test_github_output_skips_suppressed_and_ends_with_the_summary() -> None:
    lines = rendered("github", sample_run(POLICY)).splitlines()
    assert len(lines) == 5
    assert all(line.startswith("::") for line in lines[:4])
    assert lines[-1].startswith("4 findings (1 error, 2 warnings, 1 note) in 2 files")


def test_github_word_draft_names_the_paragraph_without_lines() -> None:
    run = html_run(POLICY)
    (line,) = [annotation(f) for f in run.findings if f.path.endswith(".docx") and f.code == "EXO402"]
    assert line.startswith("::error file=drafts/menu.docx,title=EXO402 infusion-route-offer::")
    assert "(paragraph 3)" in line


def test_escape_sequences_in_copy_never_reach_the_terminal() -> None:
    doc = document("esc.txt", "We inject exosomes.\x1b]0;pwned\x07\u202e\n")
    f = finding(doc, "We inject exosomes.\x1b]0;pwned\x07\u202e", "EXO401", POLICY)
    for run in (
        LintRun(findings=[f], paths=["esc.txt"]),
        LintRun(findings=[f], documents=[doc], paths=["esc.txt"]),
    ):
        text = rendered("text", run)
        assert "\x1b" not in text
        assert "\x07" not in text
        assert "\u202e" not in text
