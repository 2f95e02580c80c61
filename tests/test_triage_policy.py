"""The `[triage]` table of the policy: triage's scoring weights are data, validated at load.

Issue 5 asks that serious-disease, route and approval claims weigh most and that
the weights live in the policy file, not in code; users override one weight
with their own policy file, and a mistake is one line naming file and key.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from exolint.errors import PolicyError
from exolint.model import Category, Severity
from exolint.policy import default_policy, load_policy


def test_packaged_policy_has_complete_triage_weights() -> None:
    weights = default_policy().triage
    assert weights is not None
    assert set(weights.severity) == set(Severity)
    assert set(weights.category) == set(Category)
    assert (
        weights.severity[Severity.ERROR]
        > weights.severity[Severity.WARNING]
        > weights.severity[Severity.NOTE]
    )


def test_serious_route_and_approval_weigh_most() -> None:
    weights = default_policy().triage
    assert weights is not None
    heaviest = {Category.SERIOUS, Category.ROUTE, Category.APPROVAL}
    top = min(weights.category[c] for c in heaviest)
    others = [w for c, w in weights.category.items() if c not in heaviest]
    assert all(w < top for w in others)
    assert weights.category[Category.DIAGNOSTIC] == 0.0


def _user_policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_overrides_one_weight_and_keeps_the_rest(tmp_path: Path) -> None:
    path = _user_policy(tmp_path, "[triage]\nsaturation = 80.0\n\n[triage.category]\nsafety = 4.5\n")
    merged = load_policy([path]).triage
    packaged = default_policy().triage
    assert merged is not None
    assert packaged is not None
    assert merged.saturation == 80.0
    assert merged.category[Category.SAFETY] == 4.5
    assert merged.category[Category.ROUTE] == packaged.category[Category.ROUTE]
    assert merged.severity == packaged.severity


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[triage]\nbogus = 1\n", "triage.bogus: unknown key (expected one of severity,"),
        ("[triage]\nsaturation = 0\n", "triage.saturation: Input should be greater than 0"),
        ("[triage]\nrepeat_decay = 1.5\n", "triage.repeat_decay: Input should be less than or equal to 1"),
        ("[triage.category]\nrout = 1.0\n", "triage.category.rout: invalid key"),
        (
            "[triage.severity]\nerror = -1.0\n",
            "triage.severity.error: Input should be greater than or equal to 0",
        ),
        ("triage = 3\n", "triage: expected a table, got integer 3"),
    ],
    ids=[
        "unknown-key",
        "zero-saturation",
        "decay-above-one",
        "unknown-category",
        "negative-weight",
        "not-a-table",
    ],
)
def test_bad_triage_tables_name_file_and_key(tmp_path: Path, text: str, message: str) -> None:
    path = _user_policy(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policy([path])
    assert str(info.value).startswith(f"{path}: {message}")


def test_a_first_triage_table_must_name_every_category(tmp_path: Path) -> None:
    # The completeness check runs on the merged table: a lone file (no packaged
    # weights under it) that leaves out a category is an error, not a silent zero.
    from exolint.policy.load import _Builder

    builder = _Builder()
    table = "\n".join(
        [
            "[triage]",
            "selling_multiplier = 1.0",
            "repeat_decay = 1.0",
            "saturation = 1.0",
            "site_pages = 1",
            "site_decay = 1.0",
            "worst_pages = 1",
            "top_findings = 1",
            "[triage.severity]",
            "error = 1.0",
            "warning = 1.0",
            "note = 1.0",
            "[triage.category]",
            "route = 1.0",
        ]
    )
    with pytest.raises(
        PolicyError,
        match=r"x\.toml: triage\.category: expected a weight for every category; missing "
        r"disease-claim, serious-disease",
    ):
        builder.add("x.toml", table.encode())
