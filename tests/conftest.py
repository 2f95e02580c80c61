"""Shared pytest configuration and fixtures."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent

# --- Golden outputs (tests/golden/<format>/): `pytest --update-golden` rewrites them ---


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite the golden files under tests/golden/ from the current output (review the diff)",
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """`golden("text/page.txt", actual)`: compare with tests/golden/text/page.txt, or rewrite it."""
    update = bool(request.config.getoption("--update-golden"))

    def check(name: str, actual: str) -> None:
        path = TESTS / "golden" / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(actual, encoding="utf-8", newline="\n")
            return
        assert path.is_file(), f"missing golden file {path}; run pytest --update-golden"
        assert actual == path.read_text(encoding="utf-8"), f"{name} differs; run pytest --update-golden"

    return check


# --- SARIF: every document the suite produces is validated against the official schema ---


@pytest.fixture(scope="session")
def validate_sarif() -> Callable[[Any], None]:
    """Assert that a SARIF document (dict or JSON text) is valid SARIF 2.1.0."""
    from jsonschema.validators import validator_for

    schema = json.loads((TESTS / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    cls = validator_for(schema)  # the draft the schema declares (draft-07)
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)

    def validate(doc: Any) -> None:
        if isinstance(doc, str):
            doc = json.loads(doc)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])

    return validate
