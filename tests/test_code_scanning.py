"""GitHub code scanning: run the documented workflow's steps and check the SARIF they upload.

The steps come from docs/examples/.github/workflows/exolint.yml itself, so
the copy-ready example cannot drift from what is tested.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped]  # PyYAML ships no stubs; pre-commit installs it

from repo_helpers import CLEAN, CURE, INJECT, write

WORKFLOW = Path(__file__).resolve().parents[1] / "docs" / "examples" / ".github" / "workflows" / "exolint.yml"
GUIDE = WORKFLOW.parents[3] / "github-code-scanning.md"
REASON = "quotes the trial protocol, reviewed by counsel"


def steps() -> dict[str, dict[str, Any]]:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    return {step["id"]: step for step in job["steps"] if "id" in step}


def run_step(step: dict[str, Any], cwd: Path, tmp_path: Path) -> None:
    """A workflow step's `run` script under bash, with this Python as python3 and exolint on PATH."""
    shims = tmp_path / "bin"
    shims.mkdir(exist_ok=True)
    if not (shims / "python3").exists():
        (shims / "python3").symlink_to(sys.executable)
    script = shutil.which("exolint") or str(Path(sys.executable).parent / "exolint")
    if not (shims / "exolint").exists():
        (shims / "exolint").symlink_to(script)
    env = {**os.environ, "PATH": f"{shims}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def uploaded(tmp_path: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """(exolint's full SARIF, the SARIF the workflow uploads) for a small site."""
    site = tmp_path / "site"
    write(site / "pages" / "services.html", f"<html><body>\n<p>{CURE}</p>\n<p>{INJECT}</p>\n</body></html>\n")
    write(
        site / "pages" / "trial.html",
        f"<html><body>\n<!-- exolint-disable-next-line EXO101: {REASON} -->\n<p>{CURE}</p>\n</body></html>\n",
    )
    write(site / "blog" / "hello world.md", f"# Hello\n\n{CLEAN}\n\n{INJECT}\n")
    write(site / "node_modules" / "pkg" / "README.md", f"{CURE}\n")  # someone else's copy: not walked
    found = steps()
    run_step(found["lint"], site, tmp_path)
    run_step(found["drop-suppressed"], site, tmp_path)
    full = json.loads((site / "exolint.sarif").read_text(encoding="utf-8"))
    sent = json.loads((site / "exolint-code-scanning.sarif").read_text(encoding="utf-8"))
    return full, sent


def test_the_workflow_uploads_what_it_lints() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    (upload,) = [
        s for s in job["steps"] if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif@")
    ]
    assert upload["with"]["sarif_file"] == "exolint-code-scanning.sarif"
    assert workflow["permissions"]["security-events"] == "write"
    assert "--fail-on never" in steps()["lint"]["run"]
    # The guide shows the same two steps the example runs.
    guide = GUIDE.read_text(encoding="utf-8")
    assert steps()["lint"]["run"].strip() in guide
    assert all(line.strip() in guide for line in steps()["drop-suppressed"]["run"].splitlines())


def test_sarif_meets_code_scanning_requirements(
    uploaded: tuple[dict[str, Any], dict[str, Any]], validate_sarif: Callable[[Any], None]
) -> None:
    full, sent = uploaded
    validate_sarif(full)
    validate_sarif(sent)
    assert full["$schema"].endswith("sarif-2.1.0.json")
    assert full["version"] == "2.1.0"
    (run,) = sent["runs"]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    for rule in rules.values():
        assert rule["shortDescription"]["text"]
        assert rule["fullDescription"]["text"]
        assert rule["helpUri"].startswith("http")
        assert rule["properties"]["problem.severity"] in ("error", "warning", "recommendation")
        assert len(rule["properties"]["tags"]) <= 20
    assert len(run["results"]) <= 25_000
    for result in run["results"]:
        assert result["ruleId"] in rules
        assert result["message"]["text"]
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert not location["artifactLocation"]["uri"].startswith(("/", "file:"))
        assert location["region"]["startLine"] >= 1
        assert location["region"]["startColumn"] >= 1
        assert result["partialFingerprints"]["primaryLocationLineHash"]


def test_findings_map_onto_repository_paths(uploaded: tuple[dict[str, Any], dict[str, Any]]) -> None:
    _, sent = uploaded
    where = sorted(
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"]["startLine"],
        )
        for r in sent["runs"][0]["results"]
    )
    assert where == [
        ("EXO101", "pages/services.html", 2),
        ("EXO401", "blog/hello%20world.md", 5),
        ("EXO401", "pages/services.html", 3),
    ]


def test_suppressed_findings_stay_in_the_artifact_and_leave_the_upload(
    uploaded: tuple[dict[str, Any], dict[str, Any]],
) -> None:
    full, sent = uploaded
    suppressed = [r for r in full["runs"][0]["results"] if r.get("suppressions")]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        ("EXO101", [{"kind": "inSource", "justification": REASON}])
    ]
    assert all(not r.get("suppressions") for r in sent["runs"][0]["results"])
    assert len(sent["runs"][0]["results"]) == len(full["runs"][0]["results"]) - 1
    assert sent["runs"][0]["tool"] == full["runs"][0]["tool"]  # rules and metadata untouched
