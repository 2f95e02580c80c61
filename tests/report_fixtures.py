"""Hand-built policy, documents and findings for the reporter and CLI tests.

The reporters and the CLI are tested apart from the engine: a small fixed
policy (so golden files do not churn when the real policy's wording changes),
findings placed on exact text in fake documents, and a keyword "engine" that
stands in for `exolint.engine.lint_document` where the CLI needs findings.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from exolint.api import InputFailure, LintRun
from exolint.model import Category, Document, Finding, Severity
from exolint.policy.schema import Meta, Policy, Rule, Source

SOURCE_URL = "https://www.fda.gov/vaccines-blood-biologics/safety-availability-biologics/example-notice"


def _rule(
    code: str, name: str, category: Category, severity: Severity, message: str, **extra: object
) -> Rule:
    fields: dict[str, object] = {
        "code": code,
        "name": name,
        "category": category,
        "severity": severity,
        "frames": () if category is Category.DIAGNOSTIC else ("test_frame",),
        "message": message,
        "rationale": f"Rationale of {code}: why a reviewer would flag this.",
        "citations": ("fda-test-notice",),
        "legal_basis": ("FD&C Act section 201(g)",),
        "help_url": SOURCE_URL,
        "rewrite": f"Compliant rewrite for {code}.",
        "since": "0.1.0",
        **extra,
    }
    return Rule.model_validate(fields)


def fixture_policy() -> Policy:
    rules = (
        _rule(
            "EXO001", "unreadable-input", Category.DIAGNOSTIC, Severity.ERROR, "An input could not be read."
        ),
        _rule(
            "EXO101",
            "disease-treatment-claim",
            Category.DISEASE,
            Severity.WARNING,
            "Claims to treat a disease.",
        ),
        _rule(
            "EXO401",
            "injectable-route-offer",
            Category.ROUTE,
            Severity.ERROR,
            "Offers an exosome product by injection or infusion.",
            tags=("injection", "route"),
            aliases=("injection-offer",),
        ),
        _rule(
            "EXO402", "infusion-route-offer", Category.ROUTE, Severity.ERROR, "Offers an exosome infusion."
        ),
        _rule(
            "EXO601", "unqualified-safety-claim", Category.SAFETY, Severity.WARNING, "Calls the product safe."
        ),
        _rule(
            "EXO901",
            "timed-results-claim",
            Category.GUARANTEE,
            Severity.NOTE,
            "Promises how long results last.",
        ),
    )
    source = Source(
        title="Test notice on exosome products",
        publisher="FDA",
        url=SOURCE_URL,
        date=dt.date(2019, 12, 6),
        kind="notification",
        confidence="primary",
    )
    return Policy(
        rules=rules,
        sources={"fda-test-notice": source},
        facts={},
        vocabulary={},
        meta=Meta(name="fixture"),
    )


def document(path: str, raw: str, fmt: str = "text") -> Document:
    return Document(path=path, format=fmt, raw=raw)


def finding(
    doc: Document,
    quote: str,
    code: str,
    policy: Policy,
    *,
    nth: int = 0,
    start: int | None = None,
    terms: Iterable[str] = (),
    suppressed: str | None = None,
    occurrence: int | None = None,
) -> Finding:
    """A finding of rule `code` on `quote`: its `nth` occurrence in the raw text, or the one at `start`."""
    if start is None:
        start = -1
        for _ in range(nth + 1):
            start = doc.raw.index(quote, start + 1)
    assert doc.raw[start : start + len(quote)] == quote
    return Finding.of_rule(
        policy.rule(code),
        doc.path,
        doc.region(start, start + len(quote)),
        quote,
        occurrence=nth if occurrence is None else occurrence,
        terms=tuple(terms),
        suppressed=suppressed,
    )


PAGE = (
    "Welcome to the clinic.\n"
    "We inject exosomes directly into the scalp.\n"
    "Our exosome facial is completely safe and\n"
    "  results last for months.\n"
    "We inject exosomes directly into the scalp.\n"
)


def sample_run(policy: Policy | None = None) -> LintRun:
    """Two files, five findings (one suppressed), one unreadable input."""
    policy = policy or fixture_policy()
    page = document("site/page.txt", PAGE)
    other = document("site/über uns.md", "Exosomes cures arthritis.\n", "markdown")
    findings = [
        finding(
            page, "We inject exosomes directly into the scalp.", "EXO401", policy, terms=("inject", "scalp")
        ),
        finding(
            page,
            "Our exosome facial is completely safe and\n  results last for months.",
            "EXO601",
            policy,
            terms=("completely safe",),
        ),
        finding(
            page,
            "Our exosome facial is completely safe and\n  results last for months.",
            "EXO901",
            policy,
        ),
        finding(
            page,
            "We inject exosomes directly into the scalp.",
            "EXO401",
            policy,
            nth=1,
            suppressed="describes our IND trial",
        ),
        finding(other, "Exosomes cures arthritis.", "EXO101", policy, terms=("cures", "arthritis")),
    ]
    return LintRun(
        findings=findings,
        failures=[InputFailure("site/broken.html", "not UTF-8 text (byte 12)")],
        paths=["site/page.txt", "site/über uns.md"],
    )


# The keyword stand-in for the engine: a line containing the word fires the rule.
TRIGGERS = {"inject": "EXO401", "infusion": "EXO402", "cures": "EXO101", "safe": "EXO601", "lasts": "EXO901"}


def keyword_engine(policy: Policy, seen: list[Document] | None = None) -> Callable[..., list[Finding]]:
    """A `lint_document` replacement: one finding per trigger word per line, the line as sentence.

    Honours `select` as a list of codes and leaves fingerprints empty, so the
    API's fill-in is exercised too.
    """

    def lint_document(
        doc: Document, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
    ) -> list[Finding]:
        if seen is not None:
            seen.append(doc)
        wanted = set(select) if select is not None else None
        out = []
        offset = 0
        for line in doc.raw.splitlines(keepends=True):
            text = line.strip()
            for word, code in TRIGGERS.items():
                if word in text.lower() and (wanted is None or code in wanted):
                    f = finding(doc, text, code, policy, start=offset + line.index(text), terms=(word,))
                    out.append(f.model_copy(update={"fingerprint": ""}))
            offset += len(line)
        return sorted(out, key=lambda f: (f.region.char_offset, f.code))

    return lint_document
