"""The policy stage: rules, sources and facts from `policies/*.toml`.

schema.py holds the pydantic models, load.py reads and validates files, and
docs.py renders one rule as Markdown or terminal text. Importing this package
stays cheap (tomllib + pydantic, no docs rendering) to keep CLI start-up fast.
"""

from __future__ import annotations

from exolint.policy.load import default_policy, load_policy
from exolint.policy.schema import Fact, Meta, Policy, Rule, Source, VocabularyEntry

__all__ = [
    "Fact",
    "Meta",
    "Policy",
    "Rule",
    "Source",
    "VocabularyEntry",
    "default_policy",
    "load_policy",
]
