"""exolint: a regulatory compliance linter for exosome and regenerative-biologic marketing copy."""

from __future__ import annotations

__version__ = "0.1.0"
