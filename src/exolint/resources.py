"""The one place that locates package data (grammars, policies, report templates).

Data is read through importlib.resources so it works from a wheel, a zip and an
editable install alike; nothing climbs `__file__`.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable


def policy_file(name: str = "fda.toml") -> Traversable:
    return files("exolint.policies").joinpath(name)


def grammar_text(name: str = "claims.lark") -> str:
    return files("exolint.grammars").joinpath(name).read_text(encoding="utf-8")


def report_dir() -> Traversable:
    return files("exolint.reports")
