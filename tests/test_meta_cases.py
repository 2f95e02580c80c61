"""Meta-tests of the per-rule case files (tests/rules/*.toml, STYLE.md §8).

Every claim rule has its own case file with at least three positive and
three negative cases; every file names real rules; ids are unique; every
expectation can actually be checked (its quote is in the text, its code is
one the file selects). A malformed file fails with its name and the case.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from exolint.model import Category
from exolint.policy import default_policy
from rule_cases import CaseFileError, all_cases, case_files, load_file

MIN_POSITIVE = 3
MIN_NEGATIVE = 3

CLAIM_RULES = {r.code: r for r in default_policy().rules if r.frames}
ALL_CODES = {r.code for r in default_policy().rules}


def test_claim_rules_exist() -> None:
    assert CLAIM_RULES, "the packaged policy has no rule with frames"
    assert all(r.category is not Category.DIAGNOSTIC for r in CLAIM_RULES.values())


@pytest.mark.parametrize("code", sorted(CLAIM_RULES))
def test_every_claim_rule_has_its_own_case_file(code: str) -> None:
    path = Path(__file__).parent / "rules" / f"{code}.toml"
    assert path.is_file(), f"rule {code} has frames but no tests/rules/{code}.toml"
    cases = load_file(path)
    assert all(c.rules == (code,) for c in cases), f"{path.name} must select only {code}"
    positive = [c for c in cases if c.positive]
    negative = [c for c in cases if not c.positive]
    assert len(positive) >= MIN_POSITIVE, f"{code}: {len(positive)} positive cases, want {MIN_POSITIVE}+"
    assert len(negative) >= MIN_NEGATIVE, f"{code}: {len(negative)} negative cases, want {MIN_NEGATIVE}+"


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name)
def test_case_file_names_real_rules(path: Path) -> None:
    cases = load_file(path)
    assert cases, f"{path.name} has no cases"
    rules = cases[0].rules
    unknown = [code for code in rules if code not in ALL_CODES]
    assert not unknown, f"{path.name} names rules the policy does not have: {unknown}"
    diagnostics = [code for code in rules if code not in CLAIM_RULES]
    assert not diagnostics, f"{path.name} names diagnostic rules (no frames): {diagnostics}"
    assert len(set(rules)) == len(rules), f"{path.name} names a rule twice"
    assert path.stem == "_".join(rules), f"{path.name} should be named {'_'.join(rules)}.toml"


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.name)
def test_expectations_are_checkable(path: Path) -> None:
    for case in load_file(path):
        for exp in case.expect:
            assert exp.code in case.rules, f"{case.test_id}: expects {exp.code}, not selected by the file"
            if exp.quote is not None:
                assert exp.quote, f"{case.test_id}: empty quote"
                assert case.text.count(exp.quote) == 1, (
                    f"{case.test_id}: quote {exp.quote!r} must occur exactly once in the text"
                )
            if exp.line is not None:
                assert 1 <= exp.line <= case.text.count("\n") + 1, f"{case.test_id}: line out of range"
            if exp.column is not None:
                assert exp.column >= 1, f"{case.test_id}: columns are 1-based"


def test_ids_are_unique() -> None:
    ids = Counter(case.test_id for case in all_cases())
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    assert not duplicates, f"duplicate case ids: {duplicates}"


def test_case_texts_are_not_repeated() -> None:
    """The same sentence under two ids tests nothing new (and hides a copy-paste)."""
    texts = Counter((case.rules, case.format, case.text) for case in all_cases())
    repeated = sorted(text for (_, _, text), n in texts.items() if n > 1)
    assert not repeated, f"case texts repeated within one file's rules: {repeated}"


def test_known_misses_stay_a_minority() -> None:
    """Todo cases are visible known misses; a file of nothing but todos checks nothing."""
    for path in case_files():
        cases = load_file(path)
        passing = [c for c in cases if c.todo is None]
        assert passing, f"{path.name}: every case is a todo"


# --- the loader's errors name the file, the case and the key ---------------------------


_HEAD = 'rule = "EXO401"\n[[case]]\nid = "x"\ntext = "t"\n'


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('[[case]]\nid = "x"\ntext = "t"\nexpect = []\n', "name one rule"),
        ('rule = "EXO401"\n[[case]]\nid = "Bad Id"\ntext = "t"\nexpect = []\n', "kebab-case"),
        (_HEAD, "expect must be a list"),
        (_HEAD + 'expect = [{ code = "EXO401" }]\n', "quote, or a line"),
        (_HEAD + 'expect = [{ code = "EXO401", line = "1", column = 2 }]\n', "must be integers"),
        (_HEAD + 'format = "pdf"\nexpect = []\n', "format must be"),
        (_HEAD + 'expect = []\ntodo = ""\n', "todo must say why"),
        (_HEAD + "expect = []\nexpected = []\n", "unknown keys"),
    ],
)
def test_malformed_case_file_is_named(tmp_path: Path, body: str, message: str) -> None:
    path = tmp_path / "EXO401.toml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(CaseFileError, match=message) as info:
        load_file(path)
    assert str(info.value).startswith("EXO401.toml: ")
