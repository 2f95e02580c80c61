"""Context: what the surroundings of a sentence contribute to reading it.

Pipeline position: between grammar and frames. A document is read in order
and a small state machine carries what sentences cannot say alone:

- the *topic* (is the passage about a regenerative product, or about Botox
  and lasers on the same med-spa page?), so "Results last 12 months" is
  judged by what it is said of (TAXONOMY: out-of-scope products);
- *treat lists*: a heading or lead-in such as "Conditions we treat:" makes
  each condition listed under it a claim;
- *lead-in questions*: "Struggling with arthritis? Exosomes can help." carries
  the condition to the answer;
- *investigational* passages (trial recruitment under an IND).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from exolint.frames import CONDITION_TYPES, SentenceContext
from exolint.frames.base import about_other_product
from exolint.grammar import Clause
from exolint.model import Unit, UnitKind

_LIST_KINDS = frozenset({UnitKind.LIST_ITEM, UnitKind.TABLE_CELL})
_HEADING_KINDS = frozenset({UnitKind.HEADING, UnitKind.TITLE})
_PARAGRAPH_INTRO = 99  # a lead-in paragraph ending in ":" governs only the list after it


def sentence_types(clauses: list[Clause]) -> frozenset[str]:
    if len(clauses) == 1:
        return clauses[0].all_types()
    return frozenset().union(*(c.all_types() for c in clauses))


def introduces_conditions(clauses: list[Clause]) -> bool:
    """A lead-in that is itself a claim: "What we treat", "Conditions treated",
    "Exosome therapy helps with:", "Women come to us for:" (not "Who it's for")."""
    types = sentence_types(clauses)
    if "AUDIENCE" in types or not opens_treat_list(clauses):
        return False
    if types & {"TREAT"} and types & {"WE", "PRODUCT", "SERVICE", "CONDITION_GENERIC"}:
        return True
    if "HELP" in types and types & {"PRODUCT", "SERVICE"}:
        return True
    return "FOR" in types and "WE" in types


def opens_treat_list(clauses: list[Clause]) -> bool:
    """ "Conditions we treat", "Which kinds of hair loss do you treat?", "Ideal for:"."""
    if not clauses or any(c.negators for c in clauses):
        return False
    for c in clauses:
        if c.question == "yes_no":
            return False
        for w in c.words:
            if w.asserted and w.types & {"TREAT", "HELP", "AUDIENCE"}:
                return True
            # "Ideal for:", "Patients come to our exosome clinic for:"
            if w.asserted and "FOR" in w.types and (len(c.words) <= 3 or w is c.words[-1]):
                return True
    return False


@dataclass(slots=True)
class DocumentContext:
    """The reading state carried from sentence to sentence through a document."""

    default_in_scope: bool
    topic: bool | None = None  # True: regenerative product; False: another product
    treat_level: int | None = None  # heading level that opened a treat list
    carried: tuple[str, ...] = ()
    carried_kinds: frozenset[str] = frozenset()
    carried_product: bool = False
    carried_ttl: int = 0
    investigational_unit: bool = False
    unit_sells: bool = False  # the unit has a selling cue of its own
    _headings: list[tuple[int, bool | None]] = field(default_factory=list)

    def start_unit(self, unit: Unit, unit_types: frozenset[str]) -> None:
        """Update topic and list state at the start of a unit."""
        self.unit_sells = "SELL" in unit_types
        self.investigational_unit = "INVESTIGATIONAL" in unit_types and not self.unit_sells
        if unit.kind in _HEADING_KINDS:
            level = unit.level or 1
            if self.treat_level is not None and level <= self.treat_level:
                self.treat_level = None
            # A new section starts from the topic of its own heading, if any.
            while self._headings and self._headings[-1][0] >= level:
                self._headings.pop()
            self._headings.append((level, None))
            self.topic = None
        else:
            if unit.kind not in _LIST_KINDS and self.treat_level == _PARAGRAPH_INTRO:
                self.treat_level = None
            if self.topic is False:
                # A passage about another product ends with its paragraph; the
                # next one is judged by its section's or the page's topic.
                self.topic = None

    def sentence(
        self,
        unit: Unit,
        clauses: list[Clause],
        ends_unit_with_colon: bool,
        leads_list: Callable[[], bool] | None = None,
    ) -> SentenceContext:
        """Context for one sentence; then update the state with what it says."""
        types = sentence_types(clauses)
        product = "PRODUCT" in types
        treat_list = self.treat_level is not None and (
            unit.kind in _LIST_KINDS
            or (unit.kind is UnitKind.HEADING and (unit.level or 1) > self.treat_level)
        )
        other = any(about_other_product(c, listed=treat_list) for c in clauses)
        if product:
            self.topic = True
        elif other:
            self.topic = False
        topic = self.topic if self.topic is not None else self._section_topic()
        in_scope = product or (not other and (topic if topic is not None else self.default_in_scope))
        carried = self.carried if self.carried_ttl > 0 else ()
        # Only a unit of a few words can be a label or a short heading.
        n_words = _word_count(unit.text) if len(unit.text) < 120 else 99
        ctx = SentenceContext(
            in_scope=in_scope,
            product_named=product,
            treat_list=treat_list and bool(types & CONDITION_TYPES),
            carried_conditions=carried if not types & CONDITION_TYPES else (),
            carried_kinds=self.carried_kinds if carried else frozenset(),
            carried_product=bool(carried) and self.carried_product,
            investigational=self.investigational_unit or "INVESTIGATIONAL" in types,
            short=n_words <= 6,
            # The paragraph sells, or this sentence does, though its cue is what a
            # voice is said to say ("Harvard scientists say ..., so book today!").
            sells=self.unit_sells or "SELL" in types,
            treat_opener=leads_list is not None
            and (unit.kind in _HEADING_KINDS or ends_unit_with_colon)
            and introduces_conditions(clauses)
            and leads_list(),  # only now look ahead: do conditions follow?
            # A heading, or a bare label of a few words (a menu item): names, not offers.
            heading=(unit.kind in _HEADING_KINDS and n_words <= 6) or n_words <= 3,
        )
        self.carried_ttl = max(0, self.carried_ttl - 1)
        self._after(unit, clauses, types, ends_unit_with_colon, product, other)
        return ctx

    def _section_topic(self) -> bool | None:
        for _, topic in reversed(self._headings):
            if topic is not None:
                return topic
        return None

    def _after(
        self,
        unit: Unit,
        clauses: list[Clause],
        types: frozenset[str],
        colon: bool,
        product: bool,
        other: bool,
    ) -> None:
        if unit.kind in _HEADING_KINDS and self._headings and (product or other):
            level, _ = self._headings[-1]
            self._headings[-1] = (level, product or not other)
        if unit.kind in _HEADING_KINDS and opens_treat_list(clauses):
            self.treat_level = unit.level or 1
        elif colon and unit.kind not in _LIST_KINDS and opens_treat_list(clauses):
            self.treat_level = _PARAGRAPH_INTRO
        # A lead-in question with a condition and no claim of its own.
        # "Tired of thinning hair?", "Are you suffering from chronic knee pain?"
        if clauses and clauses[-1].question in ("fragment", "yes_no"):
            words = [w for c in clauses for w in c.words if w.types & CONDITION_TYPES and w.asserted]
            if words:
                self.carried, self.carried_ttl = tuple(w.token.norm for w in words), 2
                self.carried_kinds = frozenset(t for w in words for t in w.types & CONDITION_TYPES)
                # "Does exosome therapy work for hair loss? Yes! Most clients see fuller hair."
                self.carried_product = product


def _word_count(text: str) -> int:
    """Words of a short unit; the dashes, pipes and bullets between them are not words."""
    return sum(any(ch.isalnum() for ch in w) for w in text.split())
