"""The batch API: path expansion, rule selection, and every input accounted for."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

import exolint.engine
from exolint.api import enabled_codes, iter_paths, lint_paths
from exolint.errors import ConfigError
from exolint.fingerprint import fingerprint
from exolint.model import Category, Document, Finding, Severity
from report_fixtures import fixture_policy, keyword_engine

POLICY = fixture_policy()
EXTS = (".html", ".md", "txt")  # with or without the dot


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [
        "site/z.txt",
        "site/B.MD",
        "site/a.html",
        "site/sub/deeper/c.md",
        "site/sub/b.txt",
        "site/.git/config.txt",
        "site/.hidden.md",
        "site/node_modules/pkg/readme.md",
        "site/logo.png",
        "notes.weird",
    ]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Hello.\n", encoding="utf-8")
    return tmp_path


def posix(paths: list[str]) -> list[str]:
    return [Path(p).as_posix() for p in paths]


def test_folders_are_walked_depth_first_sorted(tree: Path) -> None:
    assert posix(list(iter_paths(["site"], exts=EXTS))) == [
        "site/B.MD",  # extensions match in any case
        "site/a.html",
        "site/z.txt",
        "site/sub/b.txt",
        "site/sub/deeper/c.md",
    ]


def test_named_files_are_kept_whatever_their_extension_and_stdin_stays(tree: Path) -> None:
    assert list(iter_paths(["notes.weird", "-", "missing.txt"], exts=EXTS)) == [
        "notes.weird",
        "-",
        "missing.txt",
    ]


def test_each_file_is_yielded_once(tree: Path) -> None:
    paths = posix(list(iter_paths(["site/a.html", "site", "./site/a.html", "-", "-"], exts=EXTS)))
    assert paths.count("site/a.html") == 1
    assert paths.count("-") == 1
    assert len(paths) == 6


def test_unlistable_folder_is_reported(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real_scandir = os.scandir

    def scandir(path: str) -> object:
        if Path(path).name == "sub":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    errors: list[str] = []
    paths = posix(list(iter_paths(["site"], exts=EXTS, on_error=lambda p, e: errors.append(p))))
    assert paths == ["site/B.MD", "site/a.html", "site/z.txt"]
    assert posix(errors) == ["site/sub"]


def test_default_extensions_are_the_readable_formats(tree: Path) -> None:
    from exolint.sources import FORMATS

    found = list(iter_paths(["site"]))
    assert found
    assert all(Path(p).suffix.lower().lstrip(".") in {e.lower().lstrip(".") for e in FORMATS} for p in found)


# --- selection ---


@pytest.mark.parametrize(
    ("select", "ignore", "expected"),
    [
        (None, None, None),  # all rules, nothing to filter
        ([], [" "], None),
        (["EXO4"], None, {"EXO401", "EXO402"}),
        (None, ["EXO0", "EXO4", "EXO9"], {"EXO101", "EXO601"}),
        (["diagnostic"], None, {"EXO001"}),
        (["EXO4", "route"], ["EXO402"], {"EXO401"}),
        (["EXO401"], ["EXO4"], {"EXO401"}),
        (["EXO40"], ["EXO4"], {"EXO401", "EXO402"}),  # the longer prefix wins
        (["unqualified-safety-claim"], None, {"EXO601"}),
        (["INJECTION-OFFER"], None, {"EXO401"}),
    ],
)
def test_enabled_codes(select: list[str] | None, ignore: list[str] | None, expected: set[str] | None) -> None:
    assert enabled_codes(POLICY, select, ignore) == (frozenset(expected) if expected is not None else None)


def test_unknown_selector_names_the_option() -> None:
    with pytest.raises(ConfigError, match=r"--ignore: .*'EXO7'"):
        enabled_codes(POLICY, None, ["EXO7"])


# --- lint_paths ---


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[Document]:
    documents: list[Document] = []
    monkeypatch.setattr(exolint.engine, "lint_document", keyword_engine(POLICY, documents))
    return documents


def test_unreadable_input_is_a_failure_and_a_diagnostic(
    tree: Path, seen: list[Document], tmp_path: Path
) -> None:
    (tmp_path / "site" / "a.html").write_text("<p>We inject exosomes.</p>\n", encoding="utf-8")
    run = lint_paths(["missing.txt", "site/a.html"], policy=POLICY)
    assert [(f.path, f.message != "") for f in run.failures] == [("missing.txt", True)]
    diagnostic, route = run.findings
    assert (diagnostic.code, diagnostic.category, diagnostic.severity) == (
        "EXO001",
        Category.DIAGNOSTIC,
        Severity.ERROR,
    )
    assert (diagnostic.region.start_line, diagnostic.region.start_column) == (1, 1)
    assert diagnostic.message == run.failures[0].message
    assert diagnostic.name == POLICY.rule("EXO001").name
    assert route.code == "EXO401"
    assert run.paths == ["site/a.html"]


def test_a_crash_on_one_input_does_not_lose_the_others(
    tree: Path, seen: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    engine = keyword_engine(POLICY, seen)

    def flaky(doc: Document, **kwargs: object) -> list[Finding]:
        if doc.path.endswith("z.txt"):
            raise ValueError("boom")
        return engine(doc, **kwargs)

    monkeypatch.setattr(exolint.engine, "lint_document", flaky)
    run = lint_paths(["site"], policy=POLICY)
    assert [(Path(f.path).as_posix(), f.message) for f in run.failures] == [
        ("site/z.txt", "internal error: ValueError: boom")
    ]
    assert len(run.paths) == 4


def test_fingerprints_are_filled_in_by_occurrence(tree: Path, seen: list[Document], tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("It is completely safe.\nIt is completely safe.\n", encoding="utf-8")
    run = lint_paths(["page.txt"], policy=POLICY)
    assert [f.fingerprint for f in run.findings] == [
        fingerprint("EXO601", "It is completely safe.", 0),
        fingerprint("EXO601", "It is completely safe.", 1),
    ]


def test_documents_are_kept_only_when_asked(tree: Path, seen: list[Document]) -> None:
    assert lint_paths(["site/a.html"], policy=POLICY).documents == []
    kept = lint_paths(["site/a.html"], policy=POLICY, keep_documents=True).documents
    assert [d.path for d in kept] == ["site/a.html"]


def test_stdin_is_read_once_as_named(
    tree: Path, seen: list[Document], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"# Title\n\nIt is safe.\n")))
    run = lint_paths(["-"], stdin_filename="docs/page.md", policy=POLICY)
    assert [(d.path, d.format) for d in seen] == [("docs/page.md", "markdown")]
    assert [f.path for f in run.findings] == ["docs/page.md"]


def test_select_filters_what_the_engine_returns(tree: Path, seen: list[Document], tmp_path: Path) -> None:
    (tmp_path / "page.txt").write_text("We inject exosomes. It is safe.\n", encoding="utf-8")
    run = lint_paths(["page.txt", "missing.txt"], select=["safety"], policy=POLICY)
    # The unreadable input is reported whatever is selected: nothing is lost.
    assert [f.code for f in run.findings] == ["EXO601", "EXO001"]
