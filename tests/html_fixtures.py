"""Documents with findings placed on exact sentences, for the HTML report's tests.

Unlike report_fixtures (bare documents for the line-based reporters), these
documents are parsed by the real source readers, so the HTML report meets
real units and offset maps: entities, collapsed white space, alt text, Word
paragraphs. Findings are placed by quoting visible text; no engine runs.
"""

from __future__ import annotations

from exolint.api import InputFailure, LintRun
from exolint.model import Document, Finding, UnitKind
from exolint.policy.schema import Policy
from exolint.sources import parse_text
from exolint.sources.docx import build_document
from report_fixtures import finding

HOSTILE = "<img src=x onerror=alert(1)> </script><script>window.__pwned=1</script> & \u2028 \"'"

TEXT_PAGE = (
    "Welcome to the clinic.\n"
    "We inject exosomes directly into the scalp.\n"
    "Our exosome facial is completely safe and\n"
    "  results last for months.\n"
    f"Exosomes cures arthritis. {HOSTILE}\n"
)
MARKDOWN_PAGE = "# Exosome hair therapy\n\nExosomes cures **arthritis**.\n"
HTML_PAGE = (
    "<html><head><title>Glow &amp; Co</title>"
    '<meta name="description" content="Exosome infusion for joints."></head>'
    "<body><h1>Exosome   facials</h1>\n"
    "<p>Our exosome facial is <strong>completely</strong> safe &amp; gentle.</p>"
    '<img alt="We inject exosomes into the scalp.">'
    "<p>&lt;script&gt;window.__pwned=1&lt;/script&gt; is just text here.</p>"
    "</body></html>"
)


def place(doc: Document, quote: str, code: str, policy: Policy, *, nth: int = 0) -> Finding:
    """A finding of `code` on the `nth` unit whose visible text contains `quote`."""
    units = [u for u in doc.units if quote in u.text]
    unit = units[nth]
    start = unit.text.index(quote)
    region = doc.region(*unit.offsets.raw_span(start, start + len(quote)), paragraph=unit.paragraph)
    return Finding.of_rule(policy.rule(code), doc.path, region, quote, occurrence=nth)


def html_run(policy: Policy) -> LintRun:
    """Four documents (text, Markdown with hostile copy, HTML, Word), a clean one and a failure."""
    text = parse_text(TEXT_PAGE, "site/page.txt", "text")
    markdown = parse_text(MARKDOWN_PAGE, "site/hair.md", "markdown")
    page = parse_text(HTML_PAGE, "site/glow.html", "html")
    draft = build_document(
        [
            ("Spring menu", UnitKind.TITLE, 0),
            ("", UnitKind.PARAGRAPH, 0),
            ("Our exosome IV infusion lasts for years.", UnitKind.PARAGRAPH, 0),
        ],
        "drafts/menu.docx",
    )
    clean = parse_text("Nothing to see here.\n", "site/clean.txt", "text")
    findings = [
        place(text, "We inject exosomes directly into the scalp.", "EXO401", policy),
        place(text, "Our exosome facial is completely safe and results last for months.", "EXO601", policy),
        place(text, "Our exosome facial is completely safe and results last for months.", "EXO901", policy),
        finding(text, f"Exosomes cures arthritis. {HOSTILE}", "EXO101", policy),
        place(markdown, "Exosomes cures arthritis.", "EXO101", policy),
        place(page, "Exosome infusion for joints.", "EXO402", policy),
        place(page, "Our exosome facial is completely safe & gentle.", "EXO601", policy),
        place(page, "We inject exosomes into the scalp.", "EXO401", policy),
        place(page, "<script>window.__pwned=1</script> is just text here.", "EXO101", policy),
        place(draft, "Our exosome IV infusion lasts for years.", "EXO402", policy),
        place(draft, "lasts for years.", "EXO901", policy),
    ]
    docs = [text, markdown, page, draft, clean]
    return LintRun(
        findings=findings,
        failures=[InputFailure("site/broken.html", "not UTF-8 text (byte 12)")],
        documents=docs,
        paths=[d.path for d in docs],
    )


SENTENCES = (
    ("Our exosome facial restores collagen in one visit.", "EXO301"),
    ("Book a consultation at our Scottsdale studio.", None),
    ("Exosome IV therapy cures long COVID fatigue.", "EXO201"),
    ("Parking is free behind the building.", None),
    ("Exosomes are FDA approved and completely safe.", "EXO501"),
    ("Results last for years, guaranteed.", "EXO901"),
    ("Ask about our membership pricing.", None),
    ("We inject exosomes into the scalp to regrow hair.", "EXO401"),
)


def many_documents_run(policy: Policy, n: int) -> LintRun:
    """`n` documents (text and HTML in turn) of eight sentences, five with findings (no engine)."""
    docs: list[Document] = []
    findings: list[Finding] = []
    codes = {r.code for r in policy.rules}
    for i in range(n):
        lines = [f"{text} (page {i})" for text, _ in SENTENCES]
        if i % 2:
            doc = parse_text("".join(f"<p>{line}</p>\n" for line in lines), f"site/page-{i:03}.html", "html")
        else:
            doc = parse_text("\n\n".join(lines) + "\n", f"site/page-{i:03}.txt", "text")
        docs.append(doc)
        for line, (_, code) in zip(lines, SENTENCES, strict=True):
            if code in codes:
                findings.append(place(doc, line, code, policy))
    return LintRun(findings=findings, documents=docs, paths=[d.path for d in docs])
