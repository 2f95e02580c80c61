"""The policy data model: pydantic models of `policies/*.toml` and the merged `Policy`.

This is the first step of the policy stage. load.py reads TOML into these
models; the evaluator looks rules up by grammar frame; reporters, `exolint
explain` and docs/rules render the same `Rule` objects (rule metadata lives
once, here and in the TOML).

Field checks that concern one entry live here as validators; checks that need
the whole merged policy (citations resolve, codes unique across files, known
frames and predicates) live in load.py.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field
from typing import Annotated, Any, Final, Literal
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from exolint.errors import PolicyError
from exolint.model import Category, Severity

# What each identifier may look like; the second item is the wording used in
# error messages ("expected <that>, got '...'").
CODE_RE: Final = re.compile(r"EXO\d{3}")  # EXO + three digits, e.g. EXO401
KEBAB_RE: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # injectable-route-offer
FRAME_RE: Final = re.compile(r"[a-z][a-z0-9_]*")  # grammar alias, e.g. route_offer
VOCAB_KEY_RE: Final = re.compile(r"[A-Z][A-Z0-9_]*")  # lexicon token type, e.g. PRODUCT

# The hundred-block of a rule code names its TAXONOMY category (STYLE.md §4),
# in TAXONOMY table order; EXO0xx are the tool's own diagnostics.
CATEGORY_BLOCK: Final[dict[Category, int]] = {
    Category.DIAGNOSTIC: 0,
    Category.DISEASE: 1,
    Category.SERIOUS: 2,
    Category.STRUCTURE_FUNCTION: 3,
    Category.ROUTE: 4,
    Category.APPROVAL: 5,
    Category.SAFETY: 6,
    Category.COMPARISON: 7,
    Category.EVIDENCE: 8,
    Category.GUARANTEE: 9,
}
BLOCK_CATEGORY: Final[dict[int, Category]] = {v: k for k, v in CATEGORY_BLOCK.items()}

Publisher = Literal["FDA", "FTC", "court", "statute", "regulation", "state", "study", "other"]
SourceKind = Literal[
    "notification",
    "warning-letter",
    "untitled-letter",
    "guidance",
    "statute",
    "regulation",
    "case",
    "press-release",
    "study",
    "consumer-page",
]
# REGULATORY.md's [P] / [S] / [U]. Only primary and secondary sources may be
# cited: an unconfirmed lead is never stated to users as fact.
Confidence = Literal["primary", "secondary", "unconfirmed"]
CITABLE_CONFIDENCE: Final = frozenset({"primary", "secondary"})


def _fail(detail: str) -> PydanticCustomError:
    # "{detail}" keeps braces in user input from being read as placeholders.
    return PydanticCustomError("policy", "{detail}", {"detail": detail})


def _matching(regex: re.Pattern[str], expected: str) -> AfterValidator:
    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise _fail(f"expected {expected}, got {value!r}")
        return value

    return AfterValidator(check)


def _check_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise _fail(f"expected an absolute http(s) URL, got {value!r}")
    return value


def _check_date(value: Any) -> dt.date:
    # TOML has a native date type; a quoted string or a date-time is a mistake
    # that pydantic's lax mode would otherwise paper over.
    if isinstance(value, dt.datetime):
        raise _fail(f"expected a TOML date (YYYY-MM-DD) without a time, got {value.isoformat()}")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        raise _fail(f"expected an unquoted TOML date such as 2019-12-06, got the string {value!r}")
    raise _fail(f"expected a TOML date such as 2019-12-06, got {value!r}")


def _check_text(value: str) -> str:
    if not value.strip():
        raise _fail("expected non-empty text")
    return value


Text = Annotated[str, AfterValidator(_check_text)]
Code = Annotated[str, _matching(CODE_RE, "a code of the form EXO followed by three digits")]
KebabName = Annotated[str, _matching(KEBAB_RE, "a kebab-case name (lowercase letters, digits, hyphens)")]
FrameName = Annotated[str, _matching(FRAME_RE, "a grammar frame name in snake_case")]
VocabKey = Annotated[str, _matching(VOCAB_KEY_RE, "an UPPER_CASE token type such as PRODUCT")]
Url = Annotated[str, AfterValidator(_check_url)]
Date = Annotated[dt.date, BeforeValidator(_check_date)]

_STRICT: Final = ConfigDict(extra="forbid", frozen=True)


class Meta(BaseModel):
    """`[meta]`: what the policy file is."""

    model_config = _STRICT

    name: str = ""
    version: str = ""
    description: str = ""


class Source(BaseModel):
    """`[source.<id>]`: one dated public document a rule or fact rests on."""

    model_config = _STRICT

    title: Text
    publisher: Publisher
    url: Url
    date: Date
    kind: SourceKind
    confidence: Confidence
    cites_claims: tuple[KebabName, ...] = ()
    firm: str | None = None
    note: str = ""

    @property
    def citable(self) -> bool:
        return self.confidence in CITABLE_CONFIDENCE


class Fact(BaseModel):
    """`[fact.<id>]`: one regulatory fact, stated plainly, with its sources."""

    model_config = _STRICT

    statement: Text
    sources: Annotated[tuple[KebabName, ...], Field(min_length=1)]
    note: str = ""


class VocabularyEntry(BaseModel):
    """`[vocabulary.<TYPE>]`: terms of one lexicon token type; files concatenate terms."""

    model_config = _STRICT

    description: str = ""
    terms: tuple[Text, ...] = ()


class Rule(BaseModel):
    """`[[rule]]`: one check, declared once and rendered everywhere."""

    model_config = _STRICT

    code: Code
    name: KebabName
    category: Category
    severity: Severity
    frames: Annotated[tuple[FrameName, ...], Field(validate_default=True)] = ()
    when: tuple[KebabName, ...] = ()
    unless: tuple[KebabName, ...] = ()
    message: Text
    rationale: Text
    citations: Annotated[tuple[KebabName, ...], Field(min_length=1)]
    legal_basis: tuple[Text, ...] = ()
    help_url: Url
    rewrite: Text
    since: Text
    aliases: tuple[Text, ...] = ()
    tags: tuple[KebabName, ...] = ()

    @field_validator("category")
    @classmethod
    def _code_block_matches(cls, value: Category, info: ValidationInfo) -> Category:
        code = info.data.get("code")
        if code is not None:
            block = int(code[3])
            if CATEGORY_BLOCK[value] != block:
                expected = BLOCK_CATEGORY[block]
                raise _fail(
                    f"code {code} is in the EXO{block}xx block, which is for {expected.value!r}; "
                    f"got {value.value!r}"
                )
        return value

    @field_validator("frames")
    @classmethod
    def _frames_fit_category(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        category = info.data.get("category")
        if category is None:
            return value
        if category is Category.DIAGNOSTIC and value:
            raise _fail("expected [] for a diagnostic (EXO0xx) rule, which no grammar frame triggers")
        if category is not Category.DIAGNOSTIC and not value:
            raise _fail("expected at least one grammar frame for a non-diagnostic rule")
        return value

    @field_validator("unless")
    @classmethod
    def _when_unless_disjoint(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        both = sorted(set(value) & set(info.data.get("when", ())))
        if both:
            raise _fail(f"predicate {both[0]!r} is in both when and unless")
        return value

    @property
    def title(self) -> str:
        """`EXO401 injectable-route-offer`: how the rule is named to users."""
        return f"{self.code} {self.name}"


class TriageWeights(BaseModel):
    """`[triage]`: how `exolint triage` turns a page's findings into a risk score.

    Weights are data (STYLE.md §1): the README's "Regulator triage" section
    gives the formula they feed. Every severity and every category needs a
    weight, so adding a category to TAXONOMY.md cannot silently score zero.
    """

    model_config = _STRICT

    severity: dict[Severity, Annotated[float, Field(ge=0.0)]]
    category: dict[Category, Annotated[float, Field(ge=0.0)]]
    selling_multiplier: Annotated[float, Field(ge=1.0)]  # a page that sells makes the claims it carries
    repeat_decay: Annotated[float, Field(gt=0.0, le=1.0)]  # k-th finding of one rule counts decay^(k-1)
    saturation: Annotated[float, Field(gt=0.0)]  # raw weight at which a page scores 63 of 100
    site_pages: Annotated[int, Field(ge=1, le=100)]  # a site's score combines its worst N pages
    site_decay: Annotated[float, Field(gt=0.0, le=1.0)]  # the i-th worst page counts decay^i
    worst_pages: Annotated[int, Field(ge=1, le=100)]  # pages listed per site in the outputs
    top_findings: Annotated[int, Field(ge=1, le=100)]  # findings kept per page in pages.jsonl

    @field_validator("severity", "category")
    @classmethod
    def _complete(cls, value: dict[Any, float], info: ValidationInfo) -> dict[Any, float]:
        every = Severity if info.field_name == "severity" else Category
        missing = [m.value for m in every if m not in value]
        if missing:
            raise _fail(f"expected a weight for every {info.field_name}; missing {', '.join(missing)}")
        return value


class PolicyFile(BaseModel):
    """The top level of one policy file.

    Rules stay raw tables here: load.py validates each one as a `Rule` after
    merging it onto an earlier rule with the same code, so a user's file can
    override one field (say, `severity`) without restating the rule.
    """

    model_config = _STRICT

    meta: Meta | None = None
    source: dict[KebabName, Source] = Field(default_factory=dict)
    fact: dict[KebabName, Fact] = Field(default_factory=dict)
    rule: list[dict[str, Any]] = Field(default_factory=list)
    vocabulary: dict[VocabKey, VocabularyEntry] = Field(default_factory=dict)
    # Kept raw like `rule`: load.py merges a later file's [triage] keys onto the
    # earlier table, then validates the result as `TriageWeights`.
    triage: dict[str, Any] | None = None


@dataclass(frozen=True, eq=False)
class Policy:
    """The merged policy of every loaded file; built once per process by load.py."""

    rules: tuple[Rule, ...]
    sources: dict[str, Source]
    facts: dict[str, Fact]
    vocabulary: dict[str, VocabularyEntry]
    meta: Meta
    files: tuple[str, ...] = ()
    triage: TriageWeights | None = None
    _lookup: dict[str, Rule] = field(init=False, repr=False)
    _by_frame: dict[str, tuple[Rule, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        lookup: dict[str, Rule] = {}
        by_frame: dict[str, list[Rule]] = {}
        for rule in self.rules:
            for key in (rule.code, rule.name, *rule.aliases):
                lookup[key.casefold()] = rule
            for frame in rule.frames:
                by_frame.setdefault(frame, []).append(rule)
        # Frozen dataclass: the indexes are derived once, here.
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_by_frame", {k: tuple(v) for k, v in by_frame.items()})

    def rule(self, code_or_name: str) -> Rule:
        """The rule with this code, name or alias (case-insensitive)."""
        key = code_or_name.strip()
        found = self._lookup.get(key.casefold())
        if found is not None:
            return found
        names = [r.code for r in self.rules] + [r.name for r in self.rules]
        close = difflib.get_close_matches(key.upper() if key[:3].casefold() == "exo" else key, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise PolicyError(f"unknown rule {key!r}{hint}")

    def rules_by_frame(self) -> dict[str, tuple[Rule, ...]]:
        """Frame name -> the rules it feeds, in code order (a shared index: do not mutate)."""
        return self._by_frame

    def cited_sources(self, rule: Rule) -> tuple[tuple[str, Source], ...]:
        """The rule's citations as (source id, Source), in the rule's order."""
        return tuple((key, self.sources[key]) for key in rule.citations)
