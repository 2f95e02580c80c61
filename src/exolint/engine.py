"""The linting pipeline in one call: Document -> findings.

sources -> segment -> lexicon -> grammar -> policy. This module only wires the
stages; each stage lives in its own module. (Stub: filled in by the core work.)
"""

from __future__ import annotations

from collections.abc import Iterable

from exolint.model import Document, Finding


def lint_document(doc: Document, *, select: Iterable[str] | None = None,
                  ignore: Iterable[str] | None = None) -> list[Finding]:
    """Lint one document; findings sorted by position then code."""
    return []
