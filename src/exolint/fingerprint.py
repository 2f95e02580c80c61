"""Content-keyed fingerprints of findings, stable when copy moves within a file.

Code scanning (SARIF `partialFingerprints`) and the baseline match a finding
across edits by what it is about, not where it is: the rule code, the
sentence's text after normalisation, and which copy of that sentence it is
(the occurrence index among identical sentences in the same file, in document
order). Moving a sentence to another line keeps its fingerprint; editing its
words makes a new finding, which is what a reviewer should see again.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from typing import Final

from exolint.model import Finding

# Runs of white space (including the non-breaking and zero-width kinds NFKC
# leaves behind) collapse to one space: re-wrapping a paragraph must not
# change a fingerprint.
WHITESPACE: Final = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")
DIGEST_CHARS: Final = 32


@functools.lru_cache(maxsize=8192)
def normalize_sentence(sentence: str) -> str:
    """The form a sentence is hashed in: NFKC, case-folded, white space collapsed."""
    folded = unicodedata.normalize("NFKC", sentence).casefold()
    return WHITESPACE.sub(" ", folded).strip()


def sentence_hash(sentence: str) -> str:
    """16 hex characters naming a sentence's normalised text, whatever rule fired on it."""
    return hashlib.sha256(normalize_sentence(sentence).encode("utf-8")).hexdigest()[:16]


def fingerprint(code: str, sentence: str, occurrence: int = 0) -> str:
    """32 hex characters of sha256 over rule code, normalised sentence and occurrence index."""
    key = f"{code}\x00{normalize_sentence(sentence)}\x00{occurrence}"
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:DIGEST_CHARS]


def with_fingerprints(findings: Iterable[Finding]) -> list[Finding]:
    """Fill in missing fingerprints, counting occurrences per (path, code, sentence) in order.

    Findings that already carry a fingerprint are kept as they are, so the
    engine's own assignment wins.
    """
    seen: dict[tuple[str, str, str], int] = {}
    out: list[Finding] = []
    for f in findings:
        key = (f.path, f.code, normalize_sentence(f.sentence))
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        if not f.fingerprint:
            f = f.model_copy(update={"fingerprint": fingerprint(f.code, f.sentence, occurrence)})
        out.append(f)
    return out
