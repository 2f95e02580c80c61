"""Bounded work per sentence and per page: hostile shapes of input lint in bounded time and memory.

These tests assert behaviour (findings stay sentence-sized, work completes),
not wall-clock budgets, which the benchmarks measure.
"""

from __future__ import annotations

from exolint.engine import PRETOKENIZE_CHARS, default_engine
from exolint.sources import parse_text


def test_endless_sentence_is_cut_into_bounded_pieces() -> None:
    words = ["exosome", "injections", "regrow", "hair", "and", "heal", "arthritis"] * 3000
    raw = "Book now. " + " ".join(words)  # 21,000 words, no punctuation
    doc = parse_text(raw, "endless.txt", "text")
    findings = default_engine().lint(doc)
    assert findings
    assert all(f.region.char_length <= 1000 for f in findings)


def test_deeply_nested_html_lints() -> None:
    raw = "<div>" * 10_000 + "<p>Our exosome IV drips cure long COVID. Book today.</p>" + "</div>" * 10_000
    doc = parse_text(raw, "deep.html", "html")
    codes = {f.code for f in default_engine().lint(doc)}
    assert "EXO203" in codes
    assert "EXO401" in codes


def test_huge_page_uses_the_streaming_profile() -> None:
    paragraph = (
        "Our exosome injections regrow hair in three sessions. "
        "Call us to book your consultation. The lounge is open daily.\n\n"
    )
    raw = paragraph * (PRETOKENIZE_CHARS // len(paragraph) + 10)
    assert len(raw) > PRETOKENIZE_CHARS
    doc = parse_text(raw, "huge.txt", "text")
    findings = default_engine().lint(doc)
    # Every copy of the claim is found, and each points at its own sentence.
    regrow = [f for f in findings if f.code == "EXO301"]
    assert len(regrow) == raw.count("regrow hair")
    assert len({f.region.char_offset for f in regrow}) == len(regrow)


def test_page_without_regenerative_products_is_out_of_scope() -> None:
    raw = (
        "<p>FDA-approved Botox smooths frown lines. Our laser treatments permanently reduce hair. "
        "Book your filler appointment today and see results in two weeks!</p>"
    )
    doc = parse_text(raw, "botox.html", "html")
    assert default_engine().lint(doc) == []
