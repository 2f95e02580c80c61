"""Policy evaluation: which rules a frame fires, and rule selection.

Pipeline position: frames -> **policy** -> findings. A rule consumes frames
by name (its `frames`), narrowed by named predicates (`when` / `unless`).
Predicates are small pure functions in a plain dict registry (yamllint's
`_RULES`), each with a docstring; a rule never carries a regex.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exolint.model import Frame, UnitKind
from exolint.policy.schema import Rule

if TYPE_CHECKING:
    from exolint.engine import LintedSentence


@dataclass(frozen=True, slots=True)
class FrameFacts:
    """What predicates may look at: the frame and the sentence it came from."""

    frame: Frame
    item: LintedSentence

    @property
    def frame_names(self) -> frozenset[str]:
        return frozenset(f.name for f in self.item.frames)


def _hedged(facts: FrameFacts) -> bool:
    """The clause links product and claim only through a hedge ("may help")."""
    return facts.frame.hedged


def _regenerative_product(facts: FrameFacts) -> bool:
    """A regenerative product is named in the sentence itself."""
    return facts.frame.product


def _route_in_sentence(facts: FrameFacts) -> bool:
    """The same sentence offers an injection, infusion or inhaled route."""
    return bool(facts.frame_names & {"route_offer", "inhaled_route"})


def _inherited(facts: FrameFacts) -> bool:
    """The claim is inherited from a heading or lead-in ("Conditions we treat:")."""
    return facts.frame.name in ("condition_listing", "serious_listing")


def _testimonial(facts: FrameFacts) -> bool:
    """The sentence sits in a quotation block (a testimonial)."""
    return facts.item.unit.kind is UnitKind.QUOTE


def _selling_page(facts: FrameFacts) -> bool:
    """The page sells (prices, booking, "our clinic offers"): every finding comes from such a passage."""
    return not facts.item.reporting_page


def _reporting_page(facts: FrameFacts) -> bool:
    """The page as a whole reports (news, review, explainer), and this passage sells inside it
    (a sponsored block, a forum post with a discount code)."""
    return facts.item.reporting_page


def _investigational(facts: FrameFacts) -> bool:
    """Reserved for trial-recruitment severity (REGULATORY.md route: note in IND text)."""
    return False


PREDICATES: dict[str, Callable[[FrameFacts], bool]] = {
    "hedged": _hedged,
    "regenerative-product": _regenerative_product,
    "route-in-sentence": _route_in_sentence,
    "inherited": _inherited,
    "testimonial": _testimonial,
    "investigational": _investigational,
    "selling-page": _selling_page,
    "reporting-page": _reporting_page,
}


def rule_applies(rule: Rule, facts: FrameFacts) -> bool:
    """Do the rule's `when` predicates all hold and its `unless` ones all fail?"""
    return all(PREDICATES[p](facts) for p in rule.when) and not any(PREDICATES[p](facts) for p in rule.unless)


def _matches(rule: Rule, selector: str) -> bool:
    """A selector names a rule by code, code prefix ("EXO4"), name, alias or category."""
    s = selector.strip().casefold()
    if not s:
        return False
    return (
        rule.code.casefold().startswith(s)
        or s in (rule.name.casefold(), rule.category.value)
        or s in (a.casefold() for a in rule.aliases)
    )


def _specificity(rule: Rule, selectors: Iterable[str]) -> int:
    """How specific the best matching selector is (flake8's longest-prefix rule)."""
    best = -1
    for sel in selectors:
        if _matches(rule, sel):
            s = sel.strip().casefold()
            best = max(best, 10 if s in (rule.code.casefold(), rule.name.casefold()) else len(s))
    return best


def select_rules(
    rules: Iterable[Rule], select: Iterable[str] | None, ignore: Iterable[str] | None
) -> list[Rule]:
    """Rules left after --select / --ignore; the more specific selector wins."""
    sel = [s for s in (select or ()) if s.strip()]
    ign = [s for s in (ignore or ()) if s.strip()]
    out = []
    for rule in rules:
        chosen = _specificity(rule, sel) if sel else 0
        dropped = _specificity(rule, ign)
        if (chosen >= 0 and chosen >= dropped) or (chosen < 0 and not sel):
            out.append(rule)
    return out
