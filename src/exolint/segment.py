"""Segment: cut a unit's visible text into sentences with spans.

Pipeline position: sources -> **segment** -> lexicon. A sentence ends at
. ! ? (with closing quotes or brackets) before white space and a letter,
digit, quote or bracket (casual copy starts sentences in lower case); known
abbreviations ("Dr.", "e.g.", "U.S.") do not end one. Work per sentence is
bounded: a run of text with no sentence end is cut at clause marks, then at a
hard word limit, so a 20,000-word sentence costs no more than many short ones.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from typing import Final

from exolint.model import Sentence

# Candidate sentence ends: terminal punctuation, optional closers, then space.
_END_RE: Final = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Za-z0-9$#*•\-–—¡¿]|\s*$)|[!?]+(?=\s)")
_ABBREV: Final = frozenset(
    (
        "dr",
        "mr",
        "mrs",
        "ms",
        "mt",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "corp",
        "no",
        "nos",
        "approx",
        "dept",
        "fig",
        "figs",
        "al",
        "est",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "a.m",
        "p.m",
        "ph.d",
        "m.d",
        "d.o",
        "r.n",
        "n.p",
        "pa-c",
        "a.k.a",
        "sept",
        "oct",
        "nov",
        "dec",
        "jan",
        "feb",
        "aug",
    )
)
# Where an over-long sentence may be cut: after clause punctuation.
_CLAUSE_CUT_RE: Final = re.compile(r"[;:,—–)]\s+|\s+[-|·•]\s+")
MAX_SENTENCE_CHARS: Final = 600
MAX_SENTENCE_WORDS: Final = 120


def _is_abbreviation(text: str, end: int) -> bool:
    """Does the '.' ending at `end` belong to an abbreviation or an initial?"""
    i = end - 1
    if text[i] != ".":
        return False
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in '(["“':
        j -= 1
    word = text[j:i].casefold()
    if not word:
        return False
    if word in ("no", "nos"):  # "No. 5" is a number sign; "No. Exosomes are not..." is an answer
        rest = text[end:].lstrip()
        return bool(rest) and rest[0].isdigit()
    if word in _ABBREV or word.rstrip(".") in _ABBREV:
        return True
    # A single capital letter ("J. Smith") is an initial.
    return len(word) == 1 and text[j].isupper()


@functools.lru_cache(maxsize=16384)
def sentences_of(text: str) -> tuple[Sentence, ...]:
    """The sentences of a unit's text (memoised: navigation, footers and calls to action repeat)."""
    return tuple(split_sentences(text))


def split_sentences(text: str) -> Iterator[Sentence]:
    """Sentences of a unit, trimmed, with offsets into the unit text."""
    start = 0
    n = len(text)
    for m in _END_RE.finditer(text):
        end = m.end()
        if _is_abbreviation(text, m.start() + 1) and m.group().startswith(".") and len(m.group()) == 1:
            continue
        yield from _bounded(text, start, end)
        start = end
    if start < n:
        yield from _bounded(text, start, n)


def _bounded(text: str, start: int, end: int) -> Iterator[Sentence]:
    """Trim a span and cut it into pieces of bounded size."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return
    if end - start <= MAX_SENTENCE_CHARS and text.count(" ", start, end) < MAX_SENTENCE_WORDS:
        yield Sentence(start, end, text[start:end])
        return
    # Too long for one sentence: cut at the last clause mark before the limit,
    # else at the last space, else hard.
    while start < end:
        limit = min(end, start + MAX_SENTENCE_CHARS)
        cut = limit
        if limit < end:
            best = -1
            for m in _CLAUSE_CUT_RE.finditer(text, start + MAX_SENTENCE_CHARS // 3, limit):
                best = m.end()
            if best < 0:
                sp = text.rfind(" ", start + 1, limit)
                best = sp + 1 if sp > start else limit
            cut = best
        piece_end = cut
        while piece_end > start and text[piece_end - 1].isspace():
            piece_end -= 1
        if piece_end > start:
            yield Sentence(start, piece_end, text[start:piece_end])
        start = cut
        while start < end and text[start].isspace():
            start += 1
