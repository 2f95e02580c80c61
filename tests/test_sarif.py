"""The SARIF reporter: schema validity, rule descriptors from the policy, regions, fingerprints."""

from __future__ import annotations

import io
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from exolint import __version__
from exolint.api import LintRun
from exolint.fingerprint import fingerprint, with_fingerprints
from exolint.model import Finding
from exolint.policy.docs import render_help_markdown, render_text
from exolint.policy.load import default_policy
from exolint.policy.schema import Policy
from exolint.report import render
from exolint.report import sarif as sarif_module
from report_fixtures import document, finding, fixture_policy, sample_run

POLICY = fixture_policy()
Validate = Callable[[Any], None]


def sarif(run: LintRun, policy: Policy = POLICY) -> dict[str, Any]:
    out = io.StringIO()
    render("sarif", run, out, policy=policy, color=False)
    doc: dict[str, Any] = json.loads(out.getvalue())
    return doc


@pytest.fixture(autouse=True)
def _in_tmp_cwd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run in a known folder: SARIF URIs are relative to the working directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_empty_run_is_valid(validate_sarif: Validate) -> None:
    doc = sarif(LintRun())
    validate_sarif(doc)
    assert doc["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert doc["version"] == "2.1.0"
    (run,) = doc["runs"]
    assert run["results"] == []
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"] == [{"executionSuccessful": True}]


def test_sample_run_is_valid(validate_sarif: Validate) -> None:
    validate_sarif(sarif(sample_run()))


def test_real_policy_rules_all_in_driver_and_valid(validate_sarif: Validate) -> None:
    policy = default_policy()
    doc = sarif(LintRun(), policy)
    validate_sarif(doc)
    driver = doc["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == [r.code for r in policy.rules]
    for descriptor in driver["rules"]:
        assert descriptor["helpUri"].startswith(("https://", "http://"))  # absolute, as GitHub requires


def test_driver_and_rule_descriptors_come_from_the_policy() -> None:
    driver = sarif(LintRun())["runs"][0]["tool"]["driver"]
    assert driver["name"] == "exolint"
    assert driver["version"] == driver["semanticVersion"] == __version__
    assert [r["id"] for r in driver["rules"]] == [r.code for r in POLICY.rules]
    d = next(r for r in driver["rules"] if r["id"] == "EXO401")
    rule = POLICY.rule("EXO401")
    assert d == {
        "id": "EXO401",
        "name": "injectable-route-offer",
        "shortDescription": {"text": rule.message},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": render_text(rule, POLICY), "markdown": render_help_markdown(rule, POLICY)},
        "helpUri": rule.help_url,
        "defaultConfiguration": {"level": "error"},
        "properties": {
            "category": "route",
            "tags": ["injection", "route"],
            "problem.severity": "error",
            "security-severity": "7.0",
        },
    }
    by_id = {r["id"]: r for r in driver["rules"]}
    assert by_id["EXO601"]["properties"]["problem.severity"] == "warning"
    assert by_id["EXO601"]["properties"]["security-severity"] == "4.0"
    assert by_id["EXO901"]["properties"]["problem.severity"] == "recommendation"
    assert by_id["EXO901"]["properties"]["security-severity"] == "1.0"
    assert by_id["EXO901"]["defaultConfiguration"] == {"level": "note"}


def test_result_region_message_and_location(tmp_path: Path) -> None:
    run = sample_run()
    doc = sarif(run)["runs"][0]
    first = doc["results"][0]
    rules = doc["tool"]["driver"]["rules"]
    assert first["ruleId"] == "EXO401"
    assert rules[first["ruleIndex"]]["id"] == "EXO401"
    assert first["level"] == "error"
    assert (
        first["message"]["text"] == 'Offers an exosome product by injection or infusion. — "inject", "scalp"'
    )
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "site/page.txt", "uriBaseId": "%SRCROOT%", "index": 0}
    assert location["region"] == {
        "startLine": 2,
        "startColumn": 1,
        "endLine": 2,
        "endColumn": 44,  # exclusive: one past the final "."
        "charOffset": 23,
        "charLength": 43,
        "snippet": {"text": "We inject exosomes directly into the scalp."},
    }
    assert first["properties"] == {
        "category": "route",
        "sentence": "We inject exosomes directly into the scalp.",
    }
    assert "suppressions" not in first
    assert doc["originalUriBaseIds"] == {"%SRCROOT%": {"uri": tmp_path.as_uri() + "/"}}


def test_region_slices_back_to_the_sentence_in_the_raw_text() -> None:
    """charOffset/charLength and line/column (code points, end exclusive) both locate the sentence."""
    raw = "Intro 😀 line.\nOur exosome facial is completely safe.\n"
    doc = document("emoji.txt", raw)
    f = finding(doc, "Our exosome facial is completely safe.", "EXO601", POLICY)
    result = sarif(LintRun(findings=[f], paths=["emoji.txt"]))["runs"][0]["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    start, length = region["charOffset"], region["charLength"]
    assert raw[start : start + length] == f.sentence
    line = raw.splitlines()[region["startLine"] - 1]
    assert line[region["startColumn"] - 1 : region["endColumn"] - 1] == f.sentence


def test_uris_are_relative_posix_and_percent_encoded(tmp_path: Path) -> None:
    outside = tmp_path.parent / "elsewhere.txt"
    run = LintRun(paths=["site/über uns.md", "a b#1.txt", str(tmp_path / "abs.txt"), str(outside), "stdin"])
    artifacts = sarif(run)["runs"][0]["artifacts"]
    assert [a["location"] for a in artifacts] == [
        {"uri": "site/%C3%BCber%20uns.md", "uriBaseId": "%SRCROOT%"},
        {"uri": "a%20b%231.txt", "uriBaseId": "%SRCROOT%"},
        {"uri": "abs.txt", "uriBaseId": "%SRCROOT%"},
        {"uri": outside.resolve().as_uri()},
        {"uri": "stdin", "uriBaseId": "%SRCROOT%"},
    ]


def test_suppressed_finding_stays_with_its_justification(validate_sarif: Validate) -> None:
    doc = sarif(sample_run())
    validate_sarif(doc)
    suppressed = [r for r in doc["runs"][0]["results"] if "suppressions" in r]
    assert len(suppressed) == 1
    assert suppressed[0]["suppressions"] == [{"kind": "inSource", "justification": "describes our IND trial"}]
    assert suppressed[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 5


def test_input_failures_become_notifications(validate_sarif: Validate) -> None:
    doc = sarif(sample_run())
    validate_sarif(doc)
    (invocation,) = doc["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    (note,) = invocation["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert note["message"]["text"] == "site/broken.html: not UTF-8 text (byte 12)"
    assert note["associatedRule"] == {"id": "EXO001", "index": 0}
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site/broken.html"


def test_artifacts_list_each_linted_file_and_results_point_at_them() -> None:
    doc = sarif(sample_run())["runs"][0]
    uris = [a["location"]["uri"] for a in doc["artifacts"]]
    assert uris == ["site/page.txt", "site/%C3%BCber%20uns.md"]
    for result in doc["results"]:
        loc = result["locations"][0]["physicalLocation"]["artifactLocation"]
        assert uris[loc["index"]] == loc["uri"]


def test_too_many_results_are_truncated_most_severe_first(
    monkeypatch: pytest.MonkeyPatch, validate_sarif: Validate
) -> None:
    monkeypatch.setattr(sarif_module, "MAX_RESULTS", 2)
    run = sample_run()  # five findings: error, warning, note, error (suppressed), warning
    doc = sarif(run)
    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    assert [(r["ruleId"], r["level"]) for r in results] == [("EXO401", "error"), ("EXO401", "error")]
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert "3 of 5 results were left out" in notes[-1]["message"]["text"]
    assert notes[-1]["level"] == "warning"


def test_docx_paragraph_becomes_a_logical_location(validate_sarif: Validate) -> None:
    f = finding(
        document("brief.docx", "Our exosomes are completely safe."), "completely safe", "EXO601", POLICY
    )
    f = f.model_copy(update={"region": f.region.model_copy(update={"paragraph": 3})})
    doc = sarif(LintRun(findings=[f], paths=["brief.docx"]))
    validate_sarif(doc)
    loc = doc["runs"][0]["results"][0]["locations"][0]
    assert loc["logicalLocations"] == [{"name": "paragraph 3", "kind": "paragraph"}]


def test_output_is_deterministic() -> None:
    assert sarif(sample_run()) == sarif(sample_run())
    out1, out2 = io.StringIO(), io.StringIO()
    render("sarif", sample_run(), out1, policy=POLICY, color=False)
    render("sarif", sample_run(), out2, policy=POLICY, color=False)
    assert out1.getvalue() == out2.getvalue()


# --- fingerprints ---

SENTENCE = "We inject exosomes directly into the scalp."


def fingerprints_of(raw: str) -> list[dict[str, str]]:
    doc = document("page.txt", raw)
    findings = [
        finding(doc, SENTENCE, "EXO401", POLICY, nth=i).model_copy(update={"fingerprint": ""})
        for i in range(raw.count(SENTENCE))
    ]
    run = LintRun(findings=with_fingerprints(findings), paths=["page.txt"])
    return [r["partialFingerprints"] for r in sarif(run)["runs"][0]["results"]]


def test_fingerprint_survives_the_sentence_moving_to_another_line() -> None:
    before = fingerprints_of(f"{SENTENCE}\n")
    after = fingerprints_of(f"A new opening paragraph.\n\nAnother one.\n   {SENTENCE}\n")
    assert before == after
    assert before[0]["exolintSentenceHash/v1"] == fingerprint("EXO401", SENTENCE, 0)


def test_identical_sentences_get_distinct_fingerprints_by_occurrence() -> None:
    first, second = fingerprints_of(f"{SENTENCE}\nFiller.\n{SENTENCE}\n")
    assert first["exolintSentenceHash/v1"] != second["exolintSentenceHash/v1"]
    assert first["primaryLocationLineHash"].endswith(":1")
    assert second["primaryLocationLineHash"].endswith(":2")
    assert first["primaryLocationLineHash"].split(":")[0] == second["primaryLocationLineHash"].split(":")[0]


def test_fingerprint_changes_with_the_words_and_the_rule_not_the_spacing() -> None:
    assert fingerprint("EXO401", SENTENCE) == fingerprint(
        "EXO401", "We  inject exosomes\ndirectly into the SCALP."
    )
    assert fingerprint("EXO401", SENTENCE) != fingerprint("EXO401", "We inject exosomes into the knee.")
    assert fingerprint("EXO401", SENTENCE) != fingerprint("EXO402", SENTENCE)
    assert len(fingerprint("EXO401", SENTENCE)) == 32
    int(fingerprint("EXO401", SENTENCE), 16)  # hex


def test_with_fingerprints_keeps_existing_ones() -> None:
    f = finding(document("a.txt", SENTENCE), SENTENCE, "EXO401", POLICY)
    kept: Finding = with_fingerprints([f.model_copy(update={"fingerprint": "given"})])[0]
    assert kept.fingerprint == "given"


# --- golden ---


def test_golden(golden: Callable[[str, str], None], tmp_path: Path) -> None:
    out = io.StringIO()
    render("sarif", sample_run(), out, policy=POLICY, color=False)
    text = out.getvalue().replace(tmp_path.as_uri(), "file:///SRCROOT")
    text = text.replace(json.dumps(__version__), '"<version>"')
    golden("sarif/sample.sarif", text)


def test_unreadable_input_run_is_valid(validate_sarif: Validate) -> None:
    from exolint.api import lint_paths

    run = lint_paths(["missing.txt"], policy=POLICY)
    doc = sarif(run)
    validate_sarif(doc)
    (result,) = doc["runs"][0]["results"]
    assert result["ruleId"] == "EXO001"
    assert result["properties"]["category"] == "diagnostic"
    assert result["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert result["locations"][0]["physicalLocation"]["region"]["startColumn"] == 1
    assert doc["runs"][0]["artifacts"] == []


# --- end to end, with the real engine and policy ---

CLAIM = "Our clinic offers exosome injections for hair loss."


def real_sarif(folder: Path, text: str, name: str = "page.txt") -> dict[str, Any]:
    from exolint.api import lint_paths

    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    policy = default_policy()
    cwd = Path.cwd()
    os.chdir(folder)
    try:
        return sarif(lint_paths([name], policy=policy), policy)
    finally:
        os.chdir(cwd)


def test_real_engine_fingerprints_survive_moving_the_sentence(
    tmp_path: Path, validate_sarif: Validate
) -> None:
    before = real_sarif(tmp_path / "before", f"Welcome to the clinic.\n{CLAIM}\n")
    after = real_sarif(tmp_path / "after", f"Welcome to the clinic.\n\nMeet our new team.\n\n   {CLAIM}\n")
    validate_sarif(before)
    validate_sarif(after)

    def keyed(doc: dict[str, Any]) -> list[tuple[str, int, dict[str, str]]]:
        return [
            (
                r["ruleId"],
                r["locations"][0]["physicalLocation"]["region"]["startLine"],
                r["partialFingerprints"],
            )
            for r in doc["runs"][0]["results"]
        ]

    moved_before, moved_after = keyed(before), keyed(after)
    assert moved_before, "the engine should report the injection claim"
    assert {line for _, line, _ in moved_before} == {2}
    assert {line for _, line, _ in moved_after} == {5}
    assert [(code, fp) for code, _, fp in moved_before] == [(code, fp) for code, _, fp in moved_after]


def test_real_engine_html_run_is_valid(tmp_path: Path, validate_sarif: Validate) -> None:
    page = (
        "<html><head><meta name='description' content='Exosome IV therapy for long COVID.'></head>"
        f"<body><h1>Exosomes</h1><p>{CLAIM}</p><p>It is <strong>completely safe</strong>.</p></body></html>\n"
    )
    doc = real_sarif(tmp_path / "site", page, "page one.html")
    validate_sarif(doc)
    results = doc["runs"][0]["results"]
    assert results
    for r in results:
        location = r["locations"][0]["physicalLocation"]
        assert location["artifactLocation"] == {
            "uri": "page%20one.html",
            "uriBaseId": "%SRCROOT%",
            "index": 0,
        }
        # The region is the sentence in the raw file: it starts at the snippet's
        # first word and ends at its last character, markup in between.
        region, snippet = location["region"], r["properties"]["sentence"]
        covered = page[region["charOffset"] : region["charOffset"] + region["charLength"]]
        assert covered.startswith(snippet.split()[0])
        assert covered.endswith(snippet[-1])
        assert region["snippet"]["text"] == snippet
