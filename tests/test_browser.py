"""The HTML report and the review page in a real browser: headless Chromium (Debian's).

What a reviewer does, checked in the page: highlights sit on the findings'
text, clicking one explains it, filters hide and show findings, hostile copy
never runs, 500 documents open and filter quickly, and the review page
(`exolint serve`) turns pasted copy and an uploaded Word draft into the
report. The run saves docs/img/report.png, the README's picture of the
report for examples/.

Skipped, with the reason, only when chromium, chromium-driver or selenium
is missing (tests/chromium.py); CI installs them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import chromium
from exolint.cli import main
from exolint.policy.load import default_policy

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement

pytestmark = pytest.mark.skipif(chromium.missing() is not None, reason=f"no browser: {chromium.missing()}")

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCREENSHOT = ROOT / "docs" / "img" / "report.png"
# Linted copy that tries every way out of the page: markup, a closing script
# tag, an attribute breakout, a javascript: URL, a JSON breakout.
PAYLOADS = (
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=window.__pwned=1>",
    "</script><script>window.__pwned=1</script>",
    '" onmouseover="window.__pwned=1" x="',
    "<a href=javascript:window.__pwned=1>book now</a>",
    "</style><svg onload=window.__pwned=1>",
    '{"x": "</script>"}\u2028\u2029',
)
CLAIM = "Our exosome IV infusions cure arthritis."


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    driver = chromium.start()
    driver.set_page_load_timeout(120)
    yield driver
    driver.quit()


def check_html(inputs: list[Path], out: Path) -> None:
    assert main(["check", *map(str, inputs), "--format", "html", "--output", str(out)]) in (0, 1)


def examples_folder(tmp: Path) -> Path:
    """examples/ when it holds copy; otherwise a stand-in with a few pages of each format."""
    if EXAMPLES.is_dir() and any(EXAMPLES.iterdir()):
        return EXAMPLES
    folder = tmp / "examples"
    folder.mkdir()
    (folder / "captions.txt").write_text(f"{CLAIM}\nBook your exosome facial today!\n", encoding="utf-8")
    (folder / "blog.md").write_text(
        f"# Exosomes\n\nExosome therapy regrows hair. {CLAIM}\n", encoding="utf-8"
    )
    (folder / "spa.html").write_text(f"<h1>Exosome IV drip</h1><p>{CLAIM}</p>", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def examples_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The report of examples/, as `exolint check examples --format html` run at the root writes it."""
    tmp = tmp_path_factory.mktemp("report")
    folder = examples_folder(tmp)
    report = tmp / "report.html"
    cwd = Path.cwd()
    os.environ["SOURCE_DATE_EPOCH"] = "1767225600"  # a stable date in the screenshot
    os.chdir(folder.parent)  # relative paths in the report, as a user sees them
    try:
        check_html([Path(folder.name)], report)
    finally:
        os.chdir(cwd)
        del os.environ["SOURCE_DATE_EPOCH"]
    return folder, report


def load(driver: WebDriver, path: Path) -> None:
    driver.get(path.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"


def js(driver: WebDriver, script: str, *args: Any) -> Any:
    return driver.execute_script(script, *args)


def click(driver: WebDriver, element: WebElement) -> None:
    """A real click, after centring the element: at the viewport's edge the sticky filter bar covers it."""
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})", element)
    element.click()


def test_highlights_sit_on_every_finding(browser: WebDriver, examples_report: tuple[Path, Path]) -> None:
    folder, report = examples_report
    out = report.with_suffix(".json")
    cwd = Path.cwd()
    os.chdir(folder.parent)
    try:
        main(["check", folder.name, "--format", "json", "--output", str(out)])
    finally:
        os.chdir(cwd)
    findings = [f for f in json.loads(out.read_text(encoding="utf-8"))["findings"] if f["suppressed"] is None]
    assert findings, "the examples should have findings"
    load(browser, report)
    # The text each finding's marks show, joined, per finding row in page order.
    shown = js(
        browser,
        """return Array.from(document.querySelectorAll('li.finding')).map(li => {
             const id = li.dataset.f;
             return Array.from(document.querySelectorAll('mark.hl'))
               .filter(m => m.dataset.f.split(' ').includes(id)).map(m => m.textContent).join('');
           });""",
    )
    assert len(shown) == len(findings)
    for text, f in zip(shown, findings, strict=True):
        raw = (folder.parent / f["path"]).read_text(encoding="utf-8")
        start, length = f["region"]["char_offset"], f["region"]["char_length"]
        expected = raw[start : start + length] if f["path"].endswith((".txt", ".md")) else f["sentence"]
        assert text == expected, f
    # Colour by severity: every mark carries the class of its most severe finding.
    classes = js(browser, "return Array.from(document.querySelectorAll('mark.hl')).map(m => m.className)")
    assert all(re.search(r"\bsev-(error|warning|note)\b", c) for c in classes)


def test_clicking_a_highlight_explains_it(browser: WebDriver, examples_report: tuple[Path, Path]) -> None:
    from selenium.webdriver.common.by import By

    load(browser, examples_report[1])
    mark = browser.find_element(By.CSS_SELECTOR, "details[open] mark.hl")
    assert not browser.find_element(By.ID, "panel").is_displayed()
    click(browser, mark)
    panel = browser.find_element(By.ID, "panel")
    assert panel.is_displayed()
    code = js(
        browser,
        "return document.querySelector(`li.finding[data-f='${arguments[0]}'] .code`).textContent",
        (mark.get_attribute("data-f") or "").split()[0],
    )
    rule = default_policy().rule(code)
    text = " ".join(panel.text.split())
    assert code in text
    assert " ".join(rule.message.split()) in text
    assert "Why it matters" in text
    assert " ".join(rule.rewrite.split()) in text
    assert " ".join(mark.text.split()) in text  # the sentence itself
    links = [a.get_attribute("href") or "" for a in panel.find_elements(By.CSS_SELECTOR, ".sources a")]
    assert links
    assert all(link.startswith(("https://", "http://")) for link in links)
    click(browser, browser.find_element(By.ID, "panel-close"))
    assert not panel.is_displayed()


def test_keyboard_opens_and_closes_the_explanation(
    browser: WebDriver, examples_report: tuple[Path, Path]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    load(browser, examples_report[1])
    mark = browser.find_element(By.CSS_SELECTOR, "details[open] mark.hl")
    js(browser, "arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus()", mark)
    mark.send_keys(Keys.ENTER)
    panel = browser.find_element(By.ID, "panel")
    assert panel.is_displayed()
    panel.send_keys(Keys.ESCAPE)
    assert not panel.is_displayed()
    assert js(browser, "return document.activeElement === arguments[0]", mark)  # focus goes back


def visible_rows(driver: WebDriver) -> list[str]:
    rows: list[str] = js(
        driver,
        "return Array.from(document.querySelectorAll('li.finding')).filter(li => !li.closest('.hidden'))"
        ".map(li => li.className.split(' ')[1])",
    )
    return rows


def test_filters_hide_and_show_findings(browser: WebDriver, examples_report: tuple[Path, Path]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    load(browser, examples_report[1])
    total = len(visible_rows(browser))
    errors = visible_rows(browser).count("sev-error")
    assert 0 < errors < total
    box = browser.find_element(By.CSS_SELECTOR, "#filters input[name=severity][value=error]")
    click(browser, box)
    assert "sev-error" not in visible_rows(browser)
    assert len(visible_rows(browser)) == total - errors
    assert browser.find_element(By.ID, "shown-count").text == str(total - errors)
    # A highlight whose findings are all errors is no longer a highlight.
    assert js(
        browser,
        """return Array.from(document.querySelectorAll('mark.hl')).every(m =>
             m.classList.contains('off') === m.dataset.f.split(' ').every(
               id => document.querySelector(`li[data-f='${id}']`).classList.contains('sev-error')))""",
    )
    click(browser, box)
    assert len(visible_rows(browser)) == total
    assert js(browser, "return document.querySelectorAll('mark.hl.off').length") == 0
    # Category: turn one off and its rows go.
    category = browser.find_element(By.CSS_SELECTOR, "#filters input[name=category]")
    name = category.get_attribute("value")
    in_category = js(
        browser,
        "return Array.from(document.querySelectorAll('li.finding')).filter(li => "
        "document.getElementById('rule-' + li.querySelector('.code').textContent).dataset.category"
        " === arguments[0]).length",
        name,
    )
    click(browser, category)
    assert len(visible_rows(browser)) == total - in_category
    click(browser, category)
    # File: one document stays, the others are hidden.
    select = Select(browser.find_element(By.ID, "filter-file"))
    select.select_by_index(1)
    shown_docs = js(
        browser,
        "return Array.from(document.querySelectorAll('details.doc:not(.hidden)')).map(d => d.dataset.doc)",
    )
    assert shown_docs == ["0"]
    select.select_by_index(0)
    assert len(visible_rows(browser)) == total


def test_hostile_copy_stays_text(browser: WebDriver, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    hostile = " ".join(PAYLOADS)
    (tmp_path / "captions.txt").write_text(f"{CLAIM} {hostile}\n", encoding="utf-8")
    (tmp_path / "post.md").write_text(f"# Exosomes\n\n{CLAIM} `{hostile}` {hostile}\n", encoding="utf-8")
    escaped = hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    (tmp_path / "page.html").write_text(
        f"<html><head><title>{escaped}</title></head><body><p>{CLAIM} {escaped}</p>"
        f'<img alt="{escaped} {CLAIM}"></body></html>',
        encoding="utf-8",
    )
    report = tmp_path / "report.html"
    check_html([tmp_path / "captions.txt", tmp_path / "post.md", tmp_path / "page.html"], report)
    load(browser, report)
    for mark in browser.find_elements(By.CSS_SELECTOR, "mark.hl")[:6]:
        click(browser, mark)  # the panel copies nodes: still text
    time.sleep(0.3)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 - the property raises when no alert is open
    assert js(browser, "return typeof window.__pwned") == "undefined"
    assert js(browser, "return document.querySelectorAll('img, svg:not(.chart), iframe').length") == 0
    assert js(browser, "return document.scripts.length") == 1
    text = js(browser, "return document.getElementById('documents').textContent")
    for payload in PAYLOADS[:6]:
        assert payload in text, payload
    marked = js(
        browser, "return Array.from(document.querySelectorAll('mark.hl')).map(m => m.textContent).join(' ')"
    )
    assert "<img src=x onerror=alert(1)>" in marked


def test_five_hundred_documents_open_and_filter_fast(browser: WebDriver, tmp_path: Path) -> None:
    from exolint.report.html import render_report
    from html_fixtures import many_documents_run

    policy = default_policy()
    run = many_documents_run(policy, 500)
    started = time.perf_counter()
    html = render_report(run, policy)
    rendered = time.perf_counter() - started
    report = tmp_path / "many.html"
    report.write_text(html, encoding="utf-8")
    load(browser, report)
    loaded = js(browser, "return performance.getEntriesByType('navigation')[0].loadEventEnd")
    filtered = js(
        browser,
        "const t = performance.now(); document.querySelector('#filters input[name=severity]').click();"
        "return performance.now() - t;",
    )
    assert js(browser, "return document.querySelectorAll('details.doc').length") == 500
    # The last row: shown in its (collapsed) document and explained.
    js(browser, "document.querySelector('#filters input[name=severity]').click()")
    js(browser, "Array.from(document.querySelectorAll('li.finding')).pop().click()")
    assert js(browser, "return document.getElementById('doc-499').open")
    assert not js(browser, "return document.getElementById('panel').hidden")
    sys.stderr.write(
        f"\n500 documents: rendered in {rendered:.2f} s, page loaded in {loaded:.0f} ms, "
        f"filter in {filtered:.0f} ms\n"
    )
    assert loaded < 15_000
    assert filtered < 1_000


def test_screenshot_of_the_examples_report(browser: WebDriver, examples_report: tuple[Path, Path]) -> None:
    """docs/img/report.png: the top of the report with one highlight explained, for the README."""
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 1100)
    try:
        load(browser, examples_report[1])
        mark = browser.find_element(By.CSS_SELECTOR, "details[open] mark.hl.sev-error")
        click(browser, mark)
        js(browser, "window.scrollTo(0, 0)")
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        assert browser.save_screenshot(str(SCREENSHOT))
    finally:
        browser.set_window_size(1280, 900)
    assert SCREENSHOT.stat().st_size > 10_000


# --- the review page -------------------------------------------------------------


@pytest.fixture(scope="module")
def review_url() -> Iterator[str]:
    """`exolint serve` on a free loopback port, as a user starts it; stopped afterwards."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from exolint.cli import main; raise SystemExit(main())",
            "serve",
            "--port",
            "0",
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stderr is not None
    try:
        line = proc.stderr.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, f"exolint serve did not start: {line!r}"
        yield match.group()
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_pasting_copy_returns_findings(browser: WebDriver, review_url: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser.get(review_url)
    browser.find_element(By.ID, "copy").send_keys(f"{CLAIM}\nBook your exosome scalp injection today.")
    Select(browser.find_element(By.ID, "format")).select_by_value("text")
    click(browser, browser.find_element(By.ID, "check"))
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.hl"))
    assert browser.find_elements(By.CSS_SELECTOR, "li.finding")
    click(browser, browser.find_element(By.CSS_SELECTOR, "mark.hl"))
    assert browser.find_element(By.ID, "panel").is_displayed()
    sarif = browser.find_element(By.ID, "download-sarif").get_attribute("href") or ""
    assert sarif.startswith(review_url + "download/")
    click(browser, browser.find_element(By.LINK_TEXT, "Check other copy"))
    assert browser.find_element(By.ID, "copy").get_attribute("value") == ""


def test_uploading_a_word_draft_returns_findings_by_paragraph(
    browser: WebDriver, review_url: str, tmp_path: Path
) -> None:
    docx = pytest.importorskip("docx")
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    word = docx.Document()
    word.add_heading("Spring specials", level=1)
    word.add_paragraph(CLAIM)
    path = tmp_path / "draft.docx"
    word.save(str(path))
    browser.get(review_url)
    browser.find_element(By.ID, "file").send_keys(str(path))
    click(browser, browser.find_element(By.ID, "check"))
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "mark.hl"))
    assert "draft.docx" in browser.find_element(By.CSS_SELECTOR, "details.doc .path").text
    assert "paragraph 2" in browser.find_element(By.CSS_SELECTOR, "li.finding .where").text


def test_review_page_refuses_an_oversized_upload(browser: WebDriver, review_url: str, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    big = tmp_path / "huge.txt"
    big.write_bytes(b"exosome " * 800_000)  # 6.4 MB
    browser.get(review_url)
    browser.find_element(By.ID, "file").send_keys(str(big))
    click(browser, browser.find_element(By.ID, "check"))
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.ID, "error"))
    assert "accepts up to 5 MB" in browser.find_element(By.ID, "error").text
