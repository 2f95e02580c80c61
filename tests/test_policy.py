"""Meta-tests of the policy (STYLE.md §4) and of the loader's one-line errors.

The first half checks the packaged policy as data: the rule table is the
contract with the claim engine; codes, categories, citations and docs are
consistent. The second half writes broken policy files and checks that each
error names the file, the key path and what was expected.
"""

from __future__ import annotations

import datetime as dt
import re
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from exolint.errors import PolicyError
from exolint.model import Category, Document, OffsetMap, Severity, Unit, UnitKind
from exolint.policy import Policy, Rule, default_policy, load_policy
from exolint.policy.docs import (
    check_rule_docs,
    render_help_markdown,
    render_markdown,
    render_text,
    write_rule_docs,
)

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs" / "rules"

# The grammar aliases and predicate names the engine implements (the brief's
# contract; the engine passes its own sets to load_policy at run time).
KNOWN_FRAMES = frozenset(
    {
        "disease_claim",
        "condition_listing",
        "serious_claim",
        "serious_listing",
        "covid_claim",
        "sf_claim",
        "route_offer",
        "inhaled_route",
        "delivery_claim",
        "approval_claim",
        "exemption_claim",
        "registration_seal",
        "paid_research",
        "safety_claim",
        "comparison_claim",
        "proof_claim",
        "authority_claim",
        "guarantee_claim",
        "duration_claim",
    }
)
KNOWN_PREDICATES = frozenset(
    {
        "hedged",
        "selling-page",
        "reporting-page",
        "regenerative-product",
        "route-in-sentence",
        "investigational",
        "testimonial",
        "inherited",
    }
)

# shared/TAXONOMY.md's categories, in table order (EXO1xx ... EXO9xx).
TAXONOMY = (
    "disease-claim",
    "serious-disease",
    "structure-function",
    "route",
    "approval-misrep",
    "safety",
    "unsubstantiated-comparison",
    "evidence-misrep",
    "efficacy-guarantee",
)

# code, name, category, severity, frames, when, unless: fixed by the engine contract.
RULE_TABLE = [
    ("EXO001", "unreadable-input", "diagnostic", "error", (), (), ()),
    ("EXO002", "suppression-without-reason", "diagnostic", "warning", (), (), ()),
    ("EXO003", "suppression-unknown-code", "diagnostic", "warning", (), (), ()),
    ("EXO004", "unused-suppression", "diagnostic", "warning", (), (), ()),
    ("EXO005", "sentence-truncated", "diagnostic", "note", (), (), ()),
    ("EXO101", "disease-treatment-claim", "disease-claim", "error", ("disease_claim",), (), ("hedged",)),
    ("EXO102", "hedged-disease-claim", "disease-claim", "warning", ("disease_claim",), ("hedged",), ()),
    ("EXO103", "treated-condition-listing", "disease-claim", "error", ("condition_listing",), (), ()),
    ("EXO201", "serious-disease-claim", "serious-disease", "error", ("serious_claim",), (), ()),
    ("EXO202", "serious-condition-listing", "serious-disease", "error", ("serious_listing",), (), ()),
    ("EXO203", "covid-claim", "serious-disease", "error", ("covid_claim",), (), ()),
    ("EXO301", "structure-function-claim", "structure-function", "error", ("sf_claim",), (), ()),
    ("EXO401", "injectable-route-offer", "route", "error", ("route_offer",), (), ()),
    ("EXO402", "inhaled-or-intranasal-route", "route", "error", ("inhaled_route",), (), ()),
    ("EXO403", "transdermal-delivery-claim", "route", "warning", ("delivery_claim",), (), ()),
    ("EXO501", "fda-approval-claim", "approval-misrep", "error", ("approval_claim",), (), ()),
    ("EXO502", "regulatory-exemption-claim", "approval-misrep", "error", ("exemption_claim",), (), ()),
    ("EXO503", "registration-as-endorsement", "approval-misrep", "warning", ("registration_seal",), (), ()),
    ("EXO504", "pay-to-participate-research", "approval-misrep", "warning", ("paid_research",), (), ()),
    (
        "EXO601",
        "unqualified-safety-claim",
        "safety",
        "warning",
        ("safety_claim",),
        (),
        ("route-in-sentence",),
    ),
    (
        "EXO602",
        "injected-product-safety-claim",
        "safety",
        "error",
        ("safety_claim",),
        ("route-in-sentence",),
        (),
    ),
    (
        "EXO701",
        "superiority-comparison",
        "unsubstantiated-comparison",
        "warning",
        ("comparison_claim",),
        (),
        (),
    ),
    ("EXO801", "proven-efficacy-claim", "evidence-misrep", "error", ("proof_claim",), (), ()),
    ("EXO802", "authority-as-proof", "evidence-misrep", "warning", ("authority_claim",), (), ()),
    ("EXO901", "guaranteed-results-claim", "efficacy-guarantee", "warning", ("guarantee_claim",), (), ()),
    ("EXO902", "lasting-or-timed-results", "efficacy-guarantee", "warning", ("duration_claim",), (), ()),
]
CODE_RE = re.compile(r"EXO\d{3}")
KEBAB_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@pytest.fixture(scope="module")
def policy() -> Policy:
    return load_policy(known_frames=KNOWN_FRAMES, known_predicates=KNOWN_PREDICATES)


def _rule_ids(rule: Rule) -> str:
    return rule.code


RULES = default_policy().rules


# --- the packaged policy as data -------------------------------------------------


def test_rule_table_is_the_engine_contract(policy: Policy) -> None:
    actual = [
        (r.code, r.name, r.category.value, r.severity.value, r.frames, r.when, r.unless) for r in policy.rules
    ]
    assert actual == RULE_TABLE


def test_codes_are_unique_and_well_formed(policy: Policy) -> None:
    codes = [r.code for r in policy.rules]
    assert len(codes) == len(set(codes))
    assert all(CODE_RE.fullmatch(code) for code in codes)
    names = [r.name for r in policy.rules]
    assert len(names) == len(set(names))


def test_code_block_matches_taxonomy_order(policy: Policy) -> None:
    for rule in policy.rules:
        block = int(rule.code[3])
        expected = "diagnostic" if block == 0 else TAXONOMY[block - 1]
        assert rule.category.value == expected, rule.code


def test_categories_are_taxonomy_categories(policy: Policy) -> None:
    used = {r.category.value for r in policy.rules if r.category is not Category.DIAGNOSTIC}
    assert used == set(TAXONOMY), "every TAXONOMY category has a rule, and no rule has another"
    assert {c.value for c in Category} == {*TAXONOMY, "diagnostic"}


def test_names_are_kebab_case_and_name_the_violation(policy: Policy) -> None:
    for rule in policy.rules:
        assert KEBAB_RE.fullmatch(rule.name), rule.name
        assert not rule.name.startswith(("no-", "avoid-", "dont-")), f"{rule.code}: reads after 'allow'"


def test_diagnostics_have_no_frames_and_claim_rules_do(policy: Policy) -> None:
    for rule in policy.rules:
        assert bool(rule.frames) == (rule.category is not Category.DIAGNOSTIC), rule.code


@pytest.mark.parametrize("rule", RULES, ids=_rule_ids)
def test_citations_resolve_to_dated_url_bearing_sources(rule: Rule) -> None:
    policy = default_policy()
    assert rule.citations, f"{rule.code} cites nothing"
    assert len(set(rule.citations)) == len(rule.citations), f"{rule.code} cites a source twice"
    for key in rule.citations:
        source = policy.sources[key]
        assert source.confidence in ("primary", "secondary"), key
        assert isinstance(source.date, dt.date), key
        assert dt.date(1900, 1, 1) < source.date, key
        parts = urlsplit(source.url)
        assert parts.scheme in ("http", "https"), key
        assert parts.netloc, key


def test_facts_cite_citable_sources(policy: Policy) -> None:
    assert policy.facts
    for key, fact in policy.facts.items():
        assert fact.statement.strip(), key
        for source_key in fact.sources:
            assert policy.sources[source_key].citable, f"fact {key} cites {source_key}"


def test_letters_name_their_firm(policy: Policy) -> None:
    letters = [s for s in policy.sources.values() if s.kind in ("warning-letter", "untitled-letter")]
    assert len(letters) >= 16
    assert all(s.firm for s in letters)


@pytest.mark.parametrize("rule", RULES, ids=_rule_ids)
def test_every_rule_is_documented(rule: Rule) -> None:
    # message: one sentence saying what the copy does; advice belongs in rewrite.
    message = rule.message.strip()
    assert message.endswith("."), rule.code
    assert "\n" not in message, rule.code
    assert ". " not in message.rstrip("."), f"{rule.code}: message is one sentence"
    assert len(rule.rationale.split()) >= 30, f"{rule.code}: rationale too thin"
    assert rule.rewrite.strip(), rule.code
    assert rule.legal_basis, rule.code
    assert rule.since == "0.1.0", rule.code
    assert "http" not in rule.rationale, f"{rule.code}: cite sources by key, never paste URLs into prose"


@pytest.mark.parametrize("rule", RULES, ids=_rule_ids)
def test_help_url_is_absolute_and_primary(rule: Rule) -> None:
    policy = default_policy()
    parts = urlsplit(rule.help_url)
    assert parts.scheme in ("http", "https")
    assert parts.netloc
    cited = {source.url for _, source in policy.cited_sources(rule)}
    host = parts.netloc.removeprefix("www.")
    assert host in ("fda.gov", "ftc.gov") or rule.help_url in cited, rule.code


def test_rewrites_do_not_claim_approval_or_efficacy(policy: Policy) -> None:
    # A rewrite is an example of compliant copy; the words below only appear
    # negated ("not FDA-approved") or not at all.
    for rule in policy.rules:
        text = rule.rewrite.lower()
        for phrase in ("fda-approved", "fda approved"):
            for match in re.finditer(re.escape(phrase), text):
                before = text[max(0, match.start() - 40) : match.start()]
                assert re.search(r"\b(not|no|none)\b", before), f"{rule.code}: {rule.rewrite!r}"
        for word in ("guarantee", "proven", "cure", "safe and effective", "regenerat", "collagen"):
            if word in text:
                assert re.search(r"\b(not|no|none|never)\b", text), (
                    f"{rule.code}: {word!r} in {rule.rewrite!r}"
                )


CLAIM_RULES = [r for r in RULES if r.category is not Category.DIAGNOSTIC]


@pytest.mark.parametrize("rule", CLAIM_RULES, ids=_rule_ids)
def test_rewrite_passes_the_claim_engine(rule: Rule) -> None:
    # A rewrite is offered as compliant copy: the engine must not flag it.
    engine_module = pytest.importorskip("exolint.engine")
    if not hasattr(engine_module, "Engine"):
        pytest.skip("claim engine not built yet")
    text = rule.rewrite
    offsets = OffsetMap()
    offsets.add_verbatim(len(text), 0)
    doc = Document(
        path="rewrite.txt", format="text", raw=text, units=[Unit(text, UnitKind.PARAGRAPH, offsets)]
    )
    findings = engine_module.Engine(default_policy()).lint(doc)
    flagged = [f.code for f in findings if f.category is not Category.DIAGNOSTIC and f.severity.rank >= 2]
    assert not flagged, f"{rule.code} rewrite {text!r} is flagged by {flagged}"


def test_every_known_frame_feeds_a_rule(policy: Policy) -> None:
    by_frame = policy.rules_by_frame()
    assert set(by_frame) == KNOWN_FRAMES
    assert [r.code for r in by_frame["disease_claim"]] == ["EXO101", "EXO102"]


def test_rule_lookup_by_code_name_and_case(policy: Policy) -> None:
    rule = policy.rule("EXO401")
    assert policy.rule("exo401") is rule
    assert policy.rule("injectable-route-offer") is rule
    assert policy.rule(" EXO401 ") is rule
    assert rule.title == "EXO401 injectable-route-offer"


def test_rule_lookup_suggests_close_matches(policy: Policy) -> None:
    with pytest.raises(PolicyError, match=r"unknown rule 'EXO40'; did you mean (EXO40[123](, |\?)){3}$"):
        policy.rule("EXO40")
    with pytest.raises(PolicyError, match=r"did you mean fda-approval-claim"):
        policy.rule("fda-aproval-claim")


def test_default_policy_is_built_once() -> None:
    assert default_policy() is default_policy()
    assert default_policy().files[0] == "policies/fda.toml"
    assert default_policy().meta.name == "fda"


def test_load_is_fast() -> None:
    load_policy()  # warm imports
    best = min(_timed_load() for _ in range(3))
    assert best < 0.1, f"load_policy took {best:.3f}s; the whole CLI has 0.3s"


def _timed_load() -> float:
    start = time.perf_counter()
    load_policy()
    return time.perf_counter() - start


def test_policy_code_never_climbs_file() -> None:
    for path in (REPO / "src" / "exolint" / "policy").glob("*.py"):
        if path.name in ("__init__.py", "schema.py", "load.py", "docs.py"):
            assert "__file__" not in path.read_text(encoding="utf-8"), path.name


# --- docs -----------------------------------------------------------------------------


def test_generated_docs_match_committed_docs() -> None:
    stale = check_rule_docs(DOCS)
    assert not stale, f"run `python -m exolint.policy.docs`; stale: {stale}"


def test_markdown_page_has_every_part(policy: Policy) -> None:
    rule = policy.rule("EXO401")
    page = render_markdown(rule, policy)
    assert "\n# EXO401 injectable-route-offer\n" in page
    assert "- **Category:** `route`" in page
    assert "- **Default severity:** error" in page
    assert "- **Aliases:** none" in page
    assert rule.message in page
    assert "## Why it matters" in page
    assert "## Legal basis\n\n- FD&C Act §505(a), 21 U.S.C. §355(a)" in page
    source = policy.sources["fda-2019-exosome-notification"]
    assert f"- [{source.title}]({source.url}), FDA, 2019-12-06 (notification; primary source)" in page
    assert f"> {rule.rewrite}" in page


def test_help_markdown_is_the_page_body(policy: Policy) -> None:
    rule = policy.rule("EXO102")
    body = render_help_markdown(rule, policy)
    assert not body.startswith("#" + " EXO102")
    assert "### Why it matters" in body
    assert "### Sources" in body
    assert rule.help_url in body


def test_markdown_escapes_raw_html(policy: Policy) -> None:
    page = render_markdown(policy.rule("EXO002"), policy)
    assert "&lt;!-- exolint-disable-next-line EXO401" in page


def test_text_page_for_explain(policy: Policy) -> None:
    rule = policy.rule("EXO203")
    text = render_text(rule, policy, width=80)
    lines = text.splitlines()
    assert lines[0] == "EXO203 covid-claim"
    assert lines[1] == "category: serious-disease  severity: error  since: 0.1.0"
    assert "Why it matters:" in lines
    assert "A compliant way to say it:" in lines
    assert f"More: {rule.help_url}" in lines
    for _, source in policy.cited_sources(rule):
        assert f"      {source.url}" in lines
    assert all(len(line) <= 80 for line in lines if "http" not in line)
    assert "How to fix it:" in render_text(policy.rule("EXO001"), policy)


def test_write_rule_docs_replaces_stale_pages(tmp_path: Path, policy: Policy) -> None:
    (tmp_path / "EXO999.md").write_text("old rule\n", encoding="utf-8")
    (tmp_path / "notes.md").write_text("kept\n", encoding="utf-8")
    assert "EXO999.md" in check_rule_docs(tmp_path, policy)
    changed = write_rule_docs(tmp_path, policy)
    assert tmp_path / "EXO999.md" in changed
    assert not (tmp_path / "EXO999.md").exists()
    assert (tmp_path / "notes.md").exists()
    assert check_rule_docs(tmp_path, policy) == []
    assert write_rule_docs(tmp_path, policy) == []


# --- merging users' files ---------------------------------------------------------------

EXTRA_RULE = """
[[rule]]
code = "EXO499"
name = "test-route-rule"
category = "route"
severity = "warning"
frames = ["route_offer"]
message = "Test message."
rationale = "Test rationale."
citations = ["fda-2019-exosome-notification"]
help_url = "https://www.fda.gov/"
rewrite = "Test rewrite."
since = "0.2.0"
"""


def _write(tmp_path: Path, text: str, name: str = "my-policy.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extra_file_adds_a_rule_citing_packaged_sources(tmp_path: Path) -> None:
    path = _write(tmp_path, EXTRA_RULE)
    policy = load_policy([path], known_frames=KNOWN_FRAMES, known_predicates=KNOWN_PREDICATES)
    assert policy.rule("EXO499").severity is Severity.WARNING
    assert [r.code for r in policy.rules_by_frame()["route_offer"]] == ["EXO401", "EXO499"]
    assert policy.files[-1] == str(path)


def test_extra_file_overrides_one_key_of_a_rule(tmp_path: Path) -> None:
    path = _write(tmp_path, '[[rule]]\ncode = "EXO403"\nseverity = "error"\n')
    policy = load_policy([path])
    rule = policy.rule("EXO403")
    assert rule.severity is Severity.ERROR
    assert rule.message == default_policy().rule("EXO403").message


def test_vocabulary_terms_concatenate_across_files(tmp_path: Path) -> None:
    first = _write(tmp_path, '[vocabulary.ZZ_TEST]\ndescription = "test"\nterms = ["alpha"]\n', "a.toml")
    second = _write(tmp_path, '[vocabulary.ZZ_TEST]\nterms = ["beta"]\n', "b.toml")
    policy = load_policy([first, second])
    entry = policy.vocabulary["ZZ_TEST"]
    assert entry.terms == ("alpha", "beta")
    assert entry.description == "test"


def test_unknown_frames_pass_when_the_engine_gives_no_list(tmp_path: Path) -> None:
    path = _write(tmp_path, EXTRA_RULE.replace('frames = ["route_offer"]', 'frames = ["brand_new_frame"]'))
    assert load_policy([path]).rule("EXO499").frames == ("brand_new_frame",)


# --- broken files: one line naming file, key path and expectation ----------------------

UNCONFIRMED_SOURCE = """
[source.lead-only]
title = "A lead"
publisher = "other"
url = "https://example.org/lead"
date = 2024-01-02
kind = "study"
confidence = "unconfirmed"
"""

BAD_DATE_SOURCE = """
[source.bad-date]
title = "Dated in prose"
publisher = "FDA"
url = "https://www.fda.gov/x"
date = "December 2019"
kind = "notification"
confidence = "primary"
"""

ALL_CATEGORIES = ", ".join([*TAXONOMY, "diagnostic"])

BROKEN = [
    pytest.param(
        EXTRA_RULE + 'severty = "error"\n',
        "rule[0] (EXO499).severty: unknown key; did you mean 'severity'?",
        id="unknown-key",
    ),
    pytest.param(
        EXTRA_RULE.replace('category = "route"', 'category = "disease"'),
        f"rule[0] (EXO499).category: expected one of {ALL_CATEGORIES}, got 'disease'",
        id="bad-category",
    ),
    pytest.param(
        EXTRA_RULE + EXTRA_RULE,
        "rule[1] (EXO499).code: duplicate code EXO499 (already defined at rule[0])",
        id="duplicate-code",
    ),
    pytest.param(
        EXTRA_RULE.replace(
            'citations = ["fda-2019-exosome-notification"]',
            'citations = ["fda-2019-exosome-notification", "fda-2019"]',
        ),
        "rule[0] (EXO499).citations[1]: unknown source 'fda-2019'",
        id="unresolved-citation",
    ),
    pytest.param(
        UNCONFIRMED_SOURCE + EXTRA_RULE.replace('citations = ["', 'citations = ["lead-only", "'),
        "rule[0] (EXO499).citations[0]: source 'lead-only' has confidence 'unconfirmed'; "
        "expected a primary or secondary source",
        id="unconfirmed-citation",
    ),
    pytest.param(
        BAD_DATE_SOURCE,
        "source.bad-date.date: expected an unquoted TOML date such as 2019-12-06, "
        "got the string 'December 2019'",
        id="bad-date",
    ),
    pytest.param(
        BAD_DATE_SOURCE.replace('date = "December 2019"', "date = 2019-12-06T10:00:00"),
        "source.bad-date.date: expected a TOML date (YYYY-MM-DD) without a time, got 2019-12-06T10:00:00",
        id="datetime-not-date",
    ),
    pytest.param(
        EXTRA_RULE.replace('category = "route"', 'category = "safety"'),
        "rule[0] (EXO499).category: code EXO499 is in the EXO4xx block, which is for 'route'; got 'safety'",
        id="wrong-block",
    ),
    pytest.param(
        EXTRA_RULE.replace('code = "EXO499"', 'code = "EXO49"'),
        "rule[0] (EXO49).code: expected a code of the form EXO followed by three digits, got 'EXO49'",
        id="bad-code",
    ),
    pytest.param(
        EXTRA_RULE.replace('name = "test-route-rule"', 'name = "Test_Route"'),
        "rule[0] (EXO499).name: expected a kebab-case name (lowercase letters, digits, hyphens), "
        "got 'Test_Route'",
        id="bad-name",
    ),
    pytest.param(
        EXTRA_RULE.replace('name = "test-route-rule"', 'name = "injectable-route-offer"'),
        "rule[0] (EXO499).name: 'injectable-route-offer' already names EXO401",
        id="duplicate-name",
    ),
    pytest.param(
        EXTRA_RULE.replace('rationale = "Test rationale."\n', ""),
        "rule[0] (EXO499).rationale: missing required key",
        id="missing-key",
    ),
    pytest.param(
        EXTRA_RULE.replace('help_url = "https://www.fda.gov/"', 'help_url = "/rules/EXO499"'),
        "rule[0] (EXO499).help_url: expected an absolute http(s) URL, got '/rules/EXO499'",
        id="relative-help-url",
    ),
    pytest.param(
        EXTRA_RULE.replace('frames = ["route_offer"]', "frames = []"),
        "rule[0] (EXO499).frames: expected at least one grammar frame for a non-diagnostic rule",
        id="no-frames",
    ),
    pytest.param(
        EXTRA_RULE.replace('code = "EXO499"', 'code = "EXO099"').replace('"route"', '"diagnostic"'),
        "rule[0] (EXO099).frames: expected [] for a diagnostic (EXO0xx) rule",
        id="diagnostic-with-frames",
    ),
    pytest.param(
        EXTRA_RULE.replace('frames = ["route_offer"]', 'frames = ["route_ofer"]'),
        "rule[0] (EXO499).frames[0]: unknown frame 'route_ofer'; did you mean 'route_offer'?",
        id="unknown-frame",
    ),
    pytest.param(
        EXTRA_RULE + 'when = ["hedge"]\n',
        "rule[0] (EXO499).when[0]: unknown predicate 'hedge'; did you mean 'hedged'?",
        id="unknown-predicate",
    ),
    pytest.param(
        EXTRA_RULE + 'when = ["hedged"]\nunless = ["hedged"]\n',
        "rule[0] (EXO499).unless: predicate 'hedged' is in both when and unless",
        id="when-and-unless",
    ),
    pytest.param(
        EXTRA_RULE.replace('frames = ["route_offer"]', 'frames = "route_offer"'),
        "rule[0] (EXO499).frames: expected an array, got string 'route_offer'",
        id="string-not-array",
    ),
    pytest.param(
        EXTRA_RULE.replace("[[rule]]", "[rule]"),
        "rule: expected an array of tables, written [[rule]], got a single [rule] table",
        id="rule-table-not-array",
    ),
    pytest.param(
        "[rules]\nx = 1\n",
        "rules: unknown key; did you mean 'rule'?",
        id="unknown-top-level-key",
    ),
    pytest.param(
        '[vocabulary.product]\nterms = ["x"]\n',
        "vocabulary.product: invalid key: expected an UPPER_CASE token type such as PRODUCT, got 'product'",
        id="bad-vocabulary-key",
    ),
    pytest.param(
        '[vocabulary.PRODUCT]\nterms = ["x", ""]\n',
        "vocabulary.PRODUCT.terms[1]: expected non-empty text",
        id="empty-term",
    ),
    pytest.param(
        EXTRA_RULE.replace('"route"', '"disease"').replace('"warning"', '"fatal"'),
        f"rule[0] (EXO499).category: expected one of {ALL_CATEGORIES}, got 'disease' (+1 more)",
        id="several-errors",
    ),
    pytest.param(
        '[fact.x]\nstatement = "s"\nsources = ["nowhere"]\n',
        "fact.x.sources[0]: unknown source 'nowhere'",
        id="fact-unknown-source",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BROKEN)
def test_broken_policy_file_names_file_key_and_expectation(tmp_path: Path, text: str, expected: str) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(PolicyError) as info:
        load_policy([path], known_frames=KNOWN_FRAMES, known_predicates=KNOWN_PREDICATES)
    message = str(info.value)
    assert message.startswith(f"{path}: {expected}"), message
    assert "\n" not in message
    assert info.value.path == str(path)


def test_toml_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    path = _write(tmp_path, EXTRA_RULE.replace('message = "Test message."', 'message = "unterminated'))
    with pytest.raises(PolicyError) as info:
        load_policy([path])
    message = str(info.value)
    assert message.startswith(f"{path}: invalid TOML: ")
    assert re.search(r"\(at line 8, column \d+\)$", message), message


def test_invalid_toml_date_is_a_syntax_error(tmp_path: Path) -> None:
    path = _write(tmp_path, BAD_DATE_SOURCE.replace('date = "December 2019"', "date = 2019-13-06"))
    with pytest.raises(PolicyError, match=r"invalid TOML: .*\(at line 6, column \d+\)"):
        load_policy([path])


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(PolicyError) as info:
        load_policy([path])
    assert str(info.value) == f"{path}: policy file not found"


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(b'[meta]\nname = "caf\xe9"\n')
    with pytest.raises(PolicyError, match=r"latin1\.toml: not UTF-8 text \(byte \d+\)"):
        load_policy([path])
