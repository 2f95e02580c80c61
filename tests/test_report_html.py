"""The HTML reporter without a browser: highlights on exact text, escaping, CSP, golden file.

The page is parsed with the standard library's HTMLParser, as a browser
would tokenize it, so "the copy is text" is checked on the parsed page, not
by searching the source for substrings.
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest

from exolint import __version__
from exolint.api import LintRun
from exolint.report import render
from exolint.report.html import bars, render_report, render_review_page
from exolint.report.view import build_documents, cut
from html_fixtures import HOSTILE, html_run
from report_fixtures import fixture_policy, sample_run

POLICY = fixture_policy()


class Page(HTMLParser):
    """Elements, the text of each <mark>, and the raw text of <script> and <style> blocks."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.marks: list[tuple[dict[str, str | None], str]] = []
        self.blocks: dict[str, list[str]] = {"script": [], "style": []}
        self._mark: list[str] | None = None
        self._mark_attrs: dict[str, str | None] = {}
        self._block: str | None = None
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._mark, self._mark_attrs = [], dict(attrs)
        if tag in self.blocks:
            self._block = tag
            self.blocks[tag].append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark" and self._mark is not None:
            self.marks.append((self._mark_attrs, "".join(self._mark)))
            self._mark = None
        if tag == self._block:
            self._block = None

    def handle_data(self, data: str) -> None:
        if self._mark is not None:
            self._mark.append(data)
        if self._block is not None:
            self.blocks[self._block][-1] += data

    def with_tag(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.tags if tag == name]


@pytest.fixture(scope="module")
def page_html() -> str:
    return render_report(html_run(POLICY), POLICY)


@pytest.fixture(scope="module")
def page(page_html: str) -> Page:
    return Page(page_html)


def test_every_finding_is_highlighted_exactly_on_its_sentence(page: Page) -> None:
    run = html_run(POLICY)
    docs = {d.path: d for d in run.documents}
    covered: dict[int, str] = {}
    for attrs, text in page.marks:
        for fid in (attrs["data-f"] or "").split():
            covered[int(fid)] = covered.get(int(fid), "") + text
    assert sorted(covered) == list(range(len(run.findings)))
    for i, f in enumerate(run.findings):
        # Overlapping findings split marks; joined, a finding's pieces spell exactly what
        # it is about: the raw slice where the raw text is shown (text, Markdown), the
        # visible sentence where units are (HTML, Word).
        doc = docs[f.path]
        if doc.format in ("text", "markdown"):
            expected = doc.raw[f.region.char_offset : f.region.char_offset + f.region.char_length]
        else:
            expected = f.sentence
        assert covered[i] == expected, f.code


def test_highlight_colour_is_the_most_severe_finding_under_it(page: Page) -> None:
    run = html_run(POLICY)
    for attrs, _ in page.marks:
        ids = [int(i) for i in (attrs["data-f"] or "").split()]
        worst = max((run.findings[i].severity for i in ids), key=lambda s: s.rank)
        assert f"sev-{worst.value}" in (attrs["class"] or "").split()


def test_rows_are_numbered_in_page_order(page: Page, page_html: str) -> None:
    """report.js finds row n by counting: every mark's ids must name rows of its own finding."""
    run = html_run(POLICY)
    codes = re.findall(r'<li class="finding [^"]*"[^>]*>.*?<span class="code">(EXO\d+)</span>', page_html)
    assert codes == [f.code for f in run.findings]
    for attrs, _ in page.marks:
        for fid in (attrs["data-f"] or "").split():
            assert run.findings[int(fid)].code == codes[int(fid)]


def test_hostile_copy_is_text_not_markup(page: Page, page_html: str) -> None:
    # One script element (ours) and no element the copy could have injected.
    assert len(page.blocks["script"]) == 1
    assert "__pwned" not in page.blocks["script"][0]
    assert page.with_tag("img") == []
    assert all("onerror" not in attrs for _, attrs in page.tags)
    # The hostile sentence is inside a mark, character for character.
    assert any(HOSTILE in text for _, text in page.marks)
    # The HTML page's escaped "<script>" reads as text in its highlight too.
    assert any(text.startswith("<script>window.__pwned=1</script>") for _, text in page.marks)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page_html


def test_content_security_policy_allows_exactly_the_inline_blocks(page: Page) -> None:
    (meta,) = [a for a in page.with_tag("meta") if a.get("http-equiv") == "Content-Security-Policy"]
    csp = meta["content"] or ""
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";"))
    assert directives["default-src"] == "'none'"
    for block, directive in (("script", "script-src"), ("style", "style-src")):
        (text,) = page.blocks[block]
        digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert directives[directive] == f"'sha256-{digest}'"
    assert directives["form-action"] == "'none'"
    # Nothing is loaded from anywhere: no src or stylesheet links.
    assert not [a for _, a in page.tags if "src" in a]
    assert not page.with_tag("link")


def test_rules_are_documented_once_with_citations_and_rewrite(page: Page, page_html: str) -> None:
    run = html_run(POLICY)
    ids = [a["id"] for a in page.with_tag("article")]
    assert ids == [f"rule-{r.code}" for r in POLICY.rules if r.code in {f.code for f in run.findings}]
    rule = POLICY.rule("EXO401")
    assert rule.rewrite in page_html
    (source,) = POLICY.sources.values()
    links = [a for a in page.with_tag("a") if a.get("href") == source.url]
    assert links
    assert all(a["rel"] == "noopener noreferrer" for a in links)


def test_word_draft_blocks_are_labelled_with_paragraphs(page_html: str) -> None:
    assert '<span class="label" aria-hidden="true">paragraph 3</span>' in page_html
    assert "paragraph 3</span>" in page_html


def test_findings_without_documents_quote_their_sentence() -> None:
    html = render_report(sample_run(POLICY), POLICY)
    page = Page(html)
    assert page.marks == []
    assert "We inject exosomes directly into the scalp." in html
    assert '<q class="sentence">We inject exosomes directly into the scalp.</q>' in html


def test_an_empty_run_renders() -> None:
    page = Page(render_report(LintRun(), POLICY))
    assert page.marks == []
    assert len(page.blocks["script"]) == 1


def test_registry_renders_html() -> None:
    out = io.StringIO()
    render("html", html_run(POLICY), out, policy=POLICY, color=False)
    assert out.getvalue().startswith("<!doctype html>")


def test_review_page_posts_to_self() -> None:
    page = Page(render_review_page(error="too big <b>", limit=5_000_000, extensions=[".txt", ".docx"]))
    (form,) = page.with_tag("form")
    assert (form["method"], form["action"], form["enctype"]) == ("post", "/check", "multipart/form-data")
    assert not page.with_tag("b")  # the error message is text
    (meta,) = [a for a in page.with_tag("meta") if a.get("http-equiv")]
    assert "form-action 'self'" in (meta["content"] or "")


def test_cut_splits_overlaps_and_keeps_text() -> None:
    run = html_run(POLICY)
    _, items = build_documents([], run.paths, run.findings)
    a, b = items[0], items[3]  # an error and a warning
    pieces = cut("0123456789", [(2, 6, a), (4, 8, b)])
    assert [tuple(p) for p in pieces] == [
        ("01", "", ""),
        ("23", "0", "error"),
        ("45", "0 3", "error"),
        ("67", "3", "warning"),
        ("89", "", ""),
    ]
    assert "".join(p.text for p in pieces) == "0123456789"


def test_suppressed_findings_are_not_highlighted() -> None:
    run = sample_run(POLICY)
    _, items = build_documents([], run.paths, run.findings)
    assert len(items) == 4
    assert all(item.finding.suppressed is None for item in items)


def test_chart_bars_scale_to_the_largest_count() -> None:
    got = [(b.label, b.count, b.width, b.y) for b in bars([("a", 10, ""), ("b", 1, ""), ("c", 0, "")])]
    assert got == [("a", 10, 180, 0), ("b", 1, 18, 22), ("c", 0, 0, 44)]


def normalised(html: str) -> str:
    """The page with its volatile parts fixed: inline asset bodies, their hashes, the version."""
    html = re.sub(r"<style>.*?</style>", "<style>/* reports/report.css */</style>", html, flags=re.S)
    html = re.sub(r"<script>.*?</script>", "<script>/* reports/report.js */</script>", html, flags=re.S)
    html = re.sub(r"sha256-[A-Za-z0-9+/=]+", "sha256-<hash>", html)
    return html.replace(f"exolint {__version__}", "exolint <version>").replace(
        f'"version">{__version__}<', '"version"><version><'
    )


def test_golden(golden: Callable[[str, str], None], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    golden("html/sample.html", normalised(render_report(html_run(POLICY), POLICY)))


def test_unreadable_inputs_are_counted_but_get_no_row_or_filter() -> None:
    from exolint.api import InputFailure
    from report_fixtures import document, finding

    run = html_run(POLICY)
    broken = finding(document("site/broken.html", "x"), "x", "EXO001", POLICY)
    run = LintRun(
        findings=[*run.findings, broken],
        failures=[InputFailure("site/broken.html", "not UTF-8 text (byte 12)")],
        documents=run.documents,
        paths=run.paths,
    )
    html = render_report(run, POLICY)
    rows = len(run.findings) - 1
    assert f'Showing <span id="shown-count">{rows}</span> of {rows} findings' in html
    assert 'value="diagnostic"' not in html
    assert html.count('<li class="finding ') == rows
    assert "not UTF-8 text (byte 12)" in html


def test_an_asset_that_would_end_its_inline_block_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from exolint.report import templates

    (tmp_path / "evil.js").write_text('console.log("</script><script>")', encoding="utf-8")
    monkeypatch.setattr(templates, "report_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match="would end the inline block"):
        templates.asset.__wrapped__("evil.js")
