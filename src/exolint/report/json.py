"""JSON reporter: the findings, failures and summary of a run as one document.

For scripts and dashboards that want exolint's own vocabulary rather than
SARIF's. Keys keep a fixed order and findings keep the run's order (inputs
in the order given, findings by position), so equal runs give equal bytes.
`rewrite` and `help_url` come from the policy's rule, never from here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any, TextIO

from exolint import __version__
from exolint.model import Finding

if TYPE_CHECKING:
    from exolint.api import LintRun
    from exolint.policy.schema import Policy, Rule


def render(run: LintRun, out: TextIO, *, policy: Policy, color: bool) -> None:
    rules = {r.code: r for r in policy.rules}
    doc = {
        "version": __version__,
        "findings": [finding_record(f, rules.get(f.code)) for f in run.findings],
        "failures": [{"path": x.path, "message": x.message} for x in run.failures],
        "summary": asdict(run.summary()),
    }
    dump(doc, out)


def finding_record(f: Finding, rule: Rule | None) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "category": f.category.value,
        "severity": f.severity.value,
        "message": f.message,
        "path": f.path,
        "region": f.region.model_dump(exclude_none=True),
        "sentence": f.sentence,
        "terms": list(f.terms),
        "fingerprint": f.fingerprint,
        "rewrite": rule.rewrite if rule else None,
        "help_url": rule.help_url if rule else None,
        "suppressed": f.suppressed,
    }


def render_rules(rules: Iterable[Rule], out: TextIO) -> None:
    """`exolint rules --format json`: one record per rule, in policy order."""
    dump(
        [
            {
                "code": r.code,
                "name": r.name,
                "category": str(r.category),
                "severity": str(r.severity),
                "message": r.message,
            }
            for r in rules
        ],
        out,
    )


def dump(doc: object, out: TextIO) -> None:
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")
