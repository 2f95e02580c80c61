"""Per-rule cases (tests/rules/*.toml): each case runs with only its rules selected.

Ids are "<file stem>-<case id>", e.g. "EXO401-scalp". A case with a `todo`
is a known miss of the engine and runs as a strict xfail: when the engine
learns it, the xfail fails and the `todo` must go.
"""

from __future__ import annotations

import pytest

from rule_cases import Case, all_cases, mismatches, run_case


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "case" not in metafunc.fixturenames:
        return
    params = [
        pytest.param(
            case,
            id=case.test_id,
            marks=[pytest.mark.xfail(reason=case.todo, strict=True)] if case.todo else [],
        )
        for case in all_cases()
    ]
    metafunc.parametrize("case", params)


def test_case(case: Case) -> None:
    problems = mismatches(case, run_case(case))
    assert not problems, f"{case.test_id}: {case.text!r}\n" + "\n".join(problems)
