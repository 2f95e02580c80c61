"""Frame readers for medical claims: disease, structure/function, routes.

Each reader names the frame the policy's rules consume, with a short invented
example and the reason it exists; which words belong to a type is vocabulary
data (policies/vocabulary.toml), never a list here.
"""

from __future__ import annotations

from exolint.frames.base import (
    CONDITION_TYPES,
    LINK_TYPES,
    SUBJECT_TYPES,
    SentenceContext,
    appearance_of,
    asserted,
    follows,
)
from exolint.grammar import Clause, Word


def disease(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """disease_claim / serious_claim / covid_claim: "exosomes treat hair loss",
    "exosome IV for long COVID", a condition under "Conditions we treat"."""
    conditions = asserted(clause, CONDITION_TYPES)
    # "Move without pain again", "pain-free": freedom from a condition is a claim too.
    conditions += [
        w
        for w in clause.words
        if w.quantified
        and w.neg_gap == 0
        and w.types & CONDITION_TYPES
        and not (w.reported or w.conditional or w.advice)
    ]
    # "If you're dealing with thinning hair or joint pain, exosomes may help": the
    # supposed condition is what the product is then said to help.
    if ctx.product_named and asserted(clause, LINK_TYPES):
        last_link = max(clause.words.index(w) for w in asserted(clause, LINK_TYPES))
        conditions += [
            w
            for i, w in enumerate(clause.words)
            if w.conditional and w.types & CONDITION_TYPES and i < last_link and not w.negated
        ]
    # "improves the look of thinning hair": a condition's appearance is cosmetic (201(i)).
    conditions = [c for c in conditions if not appearance_of(clause, c)]
    if not conditions or ctx.investigational:
        return ()  # "studied for stroke recovery under an FDA IND" describes a trial
    if ctx.treat_list:
        # A bare "Condition" (a table header) is not a listed condition.
        return tuple(c for c in conditions if "CONDITION_GENERIC" not in c.types or len(c.types) > 2)
    link_types = LINK_TYPES | ({"RESULT"} if "PATIENT" in sentence_types else set())
    links = asserted(clause, link_types)
    if links:
        return (*links, *conditions)
    # "ED Exosome Therapy", "arthritis exosome injections": a condition naming the product.
    for a, b in zip(clause.words, clause.words[1:], strict=False):
        if a in conditions and b.asserted and b.types & {"PRODUCT", "SERVICE", "ROUTE"}:
            return (a, b)
    # Disease in general ("tools for disease") needs a treating verb.
    conditions = [c for c in conditions if "CONDITION_GENERIC" not in c.types]
    if not conditions:
        return ()
    # "Exosome therapy for hair loss" links by purpose, unless the clause goes on
    # to deny it ("... for hair loss is not FDA-approved") or is trial language.
    if any(w.denied_after for w in conditions):
        return ()
    # The subject may be the passage's topic ("For arthritis and back pain"); but
    # "evidence for exosomes in osteoarthritis" is about evidence, not an offer.
    if "FOR_PURPOSE" in sentence_types:
        return tuple(conditions)
    # "IV sessions for patients struggling with long COVID"; not "half of adults deal with thinning hair".
    if "FOR_POP" in sentence_types and sentence_types & (SUBJECT_TYPES | {"SELL"}):
        return tuple(conditions)
    # "Client, 44 · Androgenetic alopecia · 3 sessions": a patient, a condition, a treatment.
    if "PATIENT" in sentence_types and sentence_types & {"SERVICE", "PRODUCT", "ROUTE"}:
        return tuple(conditions)
    return ()


def structure_function(
    clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]
) -> tuple[Word, ...]:
    """sf_claim: "stimulates collagen", "regrows hair", "hair regrowth".

    The verb must act on the body ("exosomes regrow hair"), not describe it
    ("hair grows in cycles"); appearance-only wording is cosmetic (201(i))."""
    nouns = asserted(clause, {"SF_NOUN"})
    pairs = follows(clause, frozenset({"SF_VERB"}), frozenset({"BODY", "CONDITION", "SERIOUS"}))
    if not pairs and not nouns and ctx.product_named:
        # "the vesicles help keep arteries flexible": helping the body is a function claim.
        pairs = follows(clause, frozenset({"HELP"}), frozenset({"BODY"}))
    if not pairs and not nouns:
        imperative = _imperative_sf(clause, ctx)
        if imperative:
            return imperative
        # Body-first order counts when a product or treatment is the cause:
        # "thinning crown filled in with new hair after exosome treatment".
        if ctx.product_named or "PATIENT" in sentence_types:
            pairs = follows(clause, frozenset({"BODY"}), frozenset({"SF_VERB"}))
        if not pairs:
            return ()
    if asserted(clause, {"APPEARANCE"}) and not nouns:
        return ()
    return (*pairs, *nouns)


def _imperative_sf(clause: Clause, ctx: SentenceContext) -> tuple[Word, ...]:
    """A short call to action that is a structure/function verb: "Regrow what you've lost"."""
    if not ctx.short or clause.question:
        return ()
    if ctx.product_named:  # "Exo Glow + Regrow Bundle"
        verbs = [w for w in clause.words if w.asserted and "SF_VERB" in w.types and not w.types & {"BODY"}]
        if verbs:
            return (verbs[0],)
    first = next((w for w in clause.words if w.asserted), None)
    if first is None or "SF_VERB" not in first.types or first.types & {"BODY", "APPEARANCE", "COMPARE"}:
        return ()
    return (first,)


def _no_offer(clause: Clause, ctx: SentenceContext) -> bool:
    """Route words that offer nothing: trial language, questions, bare headings
    ("Wellness & IV") that name no product."""
    return (
        ctx.investigational
        or clause.question in ("yes_no", "wh", "fragment")
        or (ctx.heading and not ctx.product_named)
    )


def route(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """route_offer: "IV exosome therapy", "injected into the scalp".

    Weak route words ("drip", "shot", "needle") count only beside a named
    product; trial descriptions under an IND and denials ("exosome injections
    are not approved") are no offer."""
    if _no_offer(clause, ctx):
        return ()
    strong = [w for w in asserted(clause, {"ROUTE"}) if not w.denied_after]
    # Weak words need the product beside them and no risk talk ("any needle carries a risk").
    weak = (
        [w for w in asserted(clause, {"ROUTE_WEAK"}) if not w.denied_after]
        if ctx.product_named and not asserted(clause, {"RISK"})
        else []
    )
    return (*strong, *weak)


def inhaled(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """inhaled_route: "nebulized exosomes", "intranasal exosome spray"."""
    if _no_offer(clause, ctx):
        return ()
    return tuple(w for w in asserted(clause, {"INHALED"}) if not w.denied_after)


def delivery(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """delivery_claim: "microneedling drives exosomes deep into the dermis"."""
    needling = asserted(clause, {"MICRONEEDLING"})
    into = asserted(clause, {"INTO"})
    # "Exosome Microneedling: Growth Factors Delivered Into the Skin" spans a colon.
    return (*needling, *into) if into and (needling or "MICRONEEDLING" in sentence_types) else ()
