"""SARIF 2.1.0 reporter: for GitHub code scanning, IDEs and the corpus scorer.

Typed pydantic models of the subset exolint emits, dumped by alias with
`exclude_none`, so key order is the field order and absent values are
absent. Rule descriptors come whole from the policy (`Rule` fields and
`policy.docs.render_help_markdown`/`render_text`); this module only maps them to
SARIF's names. Tests validate every document against the official schema.

Positions: `columnKind` is `unicodeCodePoints` (TAXONOMY.md), the region's
`endColumn` is exclusive as SARIF defines it, and `charOffset`/`charLength`
locate the sentence in the raw file so the scorer need not count lines.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final, Literal, TextIO
from urllib.parse import quote

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from exolint import __version__
from exolint.api import UNREADABLE_INPUT
from exolint.fingerprint import sentence_hash
from exolint.model import Finding, Severity

if TYPE_CHECKING:
    from exolint.api import LintRun
    from exolint.policy.schema import Policy, Rule

SCHEMA_URI: Final = "https://json.schemastore.org/sarif-2.1.0.json"
SRCROOT: Final = "%SRCROOT%"
FINGERPRINT_KEY: Final = "exolintSentenceHash/v1"
# GitHub code scanning rejects a run with more than 25,000 results (and shows
# the 5,000 most severe) and a rule with more than 20 tags; it also rejects
# uploads over 10 MB *gzip-compressed*, which 25,000 sentence-sized results
# stay far below (about 1.5 KB each before compression), so only the counts
# are enforced here. https://docs.github.com/en/code-security/code-scanning/
# integrating-with-code-scanning/sarif-support-for-code-scanning
MAX_RESULTS: Final = 25_000
MAX_TAGS: Final = 20
# GitHub reads these rule properties to rank alerts: `problem.severity`
# (error/warning/recommendation) for non-security alerts, which is how
# exolint's alerts are ranked; `security-severity` (a CVSS-like score) is read
# only for rules tagged "security", which compliance findings are not, and is
# kept for other SARIF consumers that sort by it.
# GitHub does not read `suppressions`: a suppressed result uploaded as is
# becomes an open alert, so docs/github-code-scanning.md drops them first.
PROBLEM_SEVERITY: Final = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.NOTE: "recommendation",
}
SECURITY_SEVERITY: Final = {Severity.ERROR: "7.0", Severity.WARNING: "4.0", Severity.NOTE: "1.0"}

Level = Literal["error", "warning", "note", "none"]


class _Sarif(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, alias_generator=to_camel, populate_by_name=True)


class Message(_Sarif):
    text: str
    markdown: str | None = None


class ReportingConfiguration(_Sarif):
    level: Level


class RuleProperties(_Sarif):
    category: str
    tags: list[str]
    problem_severity: str = Field(alias="problem.severity")
    security_severity: str = Field(alias="security-severity")


class ReportingDescriptor(_Sarif):
    id: str
    name: str
    short_description: Message
    full_description: Message
    help: Message
    help_uri: str | None = None
    default_configuration: ReportingConfiguration
    properties: RuleProperties


class ToolComponent(_Sarif):
    name: str
    version: str
    semantic_version: str
    information_uri: str | None = None
    rules: list[ReportingDescriptor]


class Tool(_Sarif):
    driver: ToolComponent


class ArtifactLocation(_Sarif):
    uri: str
    uri_base_id: str | None = None
    index: int | None = None


class ArtifactContent(_Sarif):
    text: str


class Region(_Sarif):
    start_line: int
    start_column: int
    end_line: int
    end_column: int
    char_offset: int
    char_length: int
    snippet: ArtifactContent | None = None


class PhysicalLocation(_Sarif):
    artifact_location: ArtifactLocation
    region: Region | None = None


class LogicalLocation(_Sarif):
    name: str
    kind: str


class Location(_Sarif):
    physical_location: PhysicalLocation
    logical_locations: list[LogicalLocation] | None = None


class Suppression(_Sarif):
    kind: Literal["inSource", "external"]
    justification: str


class ResultProperties(_Sarif):
    category: str
    sentence: str


class Result(_Sarif):
    rule_id: str
    rule_index: int | None = None
    level: Level
    message: Message
    locations: list[Location]
    partial_fingerprints: dict[str, str]
    suppressions: list[Suppression] | None = None
    properties: ResultProperties


class ReportingDescriptorReference(_Sarif):
    id: str
    index: int | None = None


class Notification(_Sarif):
    level: Level
    message: Message
    locations: list[Location] | None = None
    associated_rule: ReportingDescriptorReference | None = None


class Invocation(_Sarif):
    execution_successful: bool
    tool_execution_notifications: list[Notification] | None = None


class Artifact(_Sarif):
    location: ArtifactLocation


class Run(_Sarif):
    tool: Tool
    invocations: list[Invocation]
    original_uri_base_ids: dict[str, ArtifactLocation]
    artifacts: list[Artifact]
    results: list[Result]
    column_kind: Literal["unicodeCodePoints", "utf16CodeUnits"]


class SarifLog(_Sarif):
    schema_uri: str = Field(alias="$schema")
    version: Literal["2.1.0"]
    runs: list[Run]


def render(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    log = build(run, policy)
    json.dump(
        log.model_dump(mode="json", by_alias=True, exclude_none=True), out, indent=2, ensure_ascii=False
    )
    out.write("\n")


def build(run: LintRun, policy: Policy) -> SarifLog:
    """The SARIF log of a run; paths are made relative to the working directory (%SRCROOT%)."""
    root = str(Path.cwd())
    rules = list(policy.rules)
    rule_index = {r.code: i for i, r in enumerate(rules)}
    artifact_index = {path: i for i, path in enumerate(run.paths)}

    def location(path: str, *, indexed: bool = True) -> ArtifactLocation:
        uri, base = artifact_uri(path, root)
        index = artifact_index.get(path) if indexed else None
        return ArtifactLocation(uri=uri, uri_base_id=base, index=index)

    findings, dropped = _within_limit(run.findings)
    line_hashes = _line_hashes(findings)
    notifications = [
        Notification(
            level="error",
            message=Message(text=f"{failure.path}: {failure.message}"),
            locations=[
                Location(physical_location=PhysicalLocation(artifact_location=location(failure.path)))
            ],
            associated_rule=_reference(UNREADABLE_INPUT, rule_index),
        )
        for failure in run.failures
    ]
    if dropped:
        notifications.append(
            Notification(
                level="warning",
                message=Message(
                    text=f"{dropped} of {len(run.findings)} results were left out: GitHub code scanning "
                    f"accepts at most {MAX_RESULTS} results per run (the most severe are kept)."
                ),
            )
        )
    driver = ToolComponent(
        name="exolint",
        version=__version__,
        semantic_version=__version__,
        information_uri=_information_uri(),
        rules=[descriptor(rule, policy) for rule in rules],
    )
    sarif_run = Run(
        tool=Tool(driver=driver),
        invocations=[
            Invocation(
                execution_successful=not run.failures,
                tool_execution_notifications=notifications or None,
            )
        ],
        original_uri_base_ids={SRCROOT: ArtifactLocation(uri=Path(root).as_uri().rstrip("/") + "/")},
        artifacts=[Artifact(location=location(path, indexed=False)) for path in run.paths],
        results=[
            result(f, rule_index.get(f.code), location(f.path), line_hash)
            for f, line_hash in zip(findings, line_hashes, strict=True)
        ],
        column_kind="unicodeCodePoints",
    )
    return SarifLog(schema_uri=SCHEMA_URI, version="2.1.0", runs=[sarif_run])


def descriptor(rule: Rule, policy: Policy) -> ReportingDescriptor:
    from exolint.policy.docs import render_help_markdown, render_text

    severity = Severity(rule.severity)
    return ReportingDescriptor(
        id=rule.code,
        name=rule.name,
        short_description=Message(text=rule.message),
        full_description=Message(text=rule.rationale),
        help=Message(text=render_text(rule, policy), markdown=render_help_markdown(rule, policy)),
        help_uri=rule.help_url or None,
        default_configuration=ReportingConfiguration(level=severity.value),
        properties=RuleProperties(
            category=str(rule.category),
            tags=list(dict.fromkeys(rule.tags))[:MAX_TAGS],  # unique: SARIF property-bag tags are a set
            problem_severity=PROBLEM_SEVERITY[severity],
            security_severity=SECURITY_SEVERITY[severity],
        ),
    )


def result(f: Finding, rule_index: int | None, where: ArtifactLocation, line_hash: str) -> Result:
    r = f.region
    logical = [LogicalLocation(name=f"paragraph {r.paragraph}", kind="paragraph")] if r.paragraph else None
    terms = ", ".join(f'"{t}"' for t in f.terms)
    return Result(
        rule_id=f.code,
        rule_index=rule_index,
        level=f.severity.value,
        message=Message(text=f"{f.message} — {terms}" if terms else f.message),
        locations=[
            Location(
                physical_location=PhysicalLocation(
                    artifact_location=where,
                    region=Region(
                        start_line=r.start_line,
                        start_column=r.start_column,
                        end_line=r.end_line,
                        end_column=r.end_column,
                        char_offset=r.char_offset,
                        char_length=r.char_length,
                        snippet=ArtifactContent(text=f.sentence) if f.sentence else None,
                    ),
                ),
                logical_locations=logical,
            )
        ],
        partial_fingerprints={FINGERPRINT_KEY: f.fingerprint, "primaryLocationLineHash": line_hash},
        suppressions=(
            [Suppression(kind="inSource", justification=f.suppressed)] if f.suppressed is not None else None
        ),
        properties=ResultProperties(category=f.category.value, sentence=f.sentence),
    )


def artifact_uri(path: str, root: str) -> tuple[str, str | None]:
    """A path as a URI relative to %SRCROOT% (posix, percent-encoded), or an absolute file URI.

    Relative URIs let code scanning map results onto the repository; a file
    outside the working directory can only be named absolutely.
    """
    try:
        rel = os.path.relpath(path, root)
    except ValueError:  # another drive on Windows
        rel = os.pardir
    if rel == os.pardir or rel.startswith(os.pardir + os.sep):
        return Path(path).resolve().as_uri(), None
    return quote(Path(rel).as_posix(), safe="/"), SRCROOT


def _within_limit(findings: Sequence[Finding]) -> tuple[list[Finding], int]:
    """At most MAX_RESULTS findings, the most severe first kept, in their original order."""
    if len(findings) <= MAX_RESULTS:
        return list(findings), 0
    ranked = sorted(range(len(findings)), key=lambda i: -findings[i].severity.rank)
    keep = sorted(ranked[:MAX_RESULTS])
    return [findings[i] for i in keep], len(findings) - MAX_RESULTS


def _line_hashes(findings: Sequence[Finding]) -> list[str]:
    """GitHub's `primaryLocationLineHash`, keyed on the sentence rather than the line.

    "hash:n" where n counts the copies of the same sentence in the file (as
    GitHub counts identical lines), so findings keep their alerts when copy
    moves up or down the page. Rules firing on one sentence share its hash.
    """
    copies: dict[tuple[str, str], dict[int, int]] = {}
    out = []
    for f in findings:
        h = sentence_hash(f.sentence or f.path)
        offsets = copies.setdefault((f.path, h), {})
        n = offsets.setdefault(f.region.char_offset, len(offsets) + 1)
        out.append(f"{h}:{n}")
    return out


def _reference(code: str, rule_index: dict[str, int]) -> ReportingDescriptorReference:
    return ReportingDescriptorReference(id=code, index=rule_index.get(code))


def _information_uri() -> str | None:
    """The project's home page from the installed metadata, when it names one."""
    from importlib.metadata import PackageNotFoundError, metadata

    try:
        meta = metadata("exolint")
    except PackageNotFoundError:
        return None
    found = list(meta.get_all("Home-page") or [])
    found += [entry.partition(",")[2].strip() for entry in meta.get_all("Project-URL") or []]
    return found[0] if found else None
