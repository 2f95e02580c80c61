"""Frames: scoped clauses -> claim frames (the contract with the policy).

Pipeline position: grammar -> **frames** -> policy. The grammar has decided
which words are asserted (not negated, reported, supposed or advised against);
the readers in medical.py, regulatory.py and marketing.py read which claim a
clause makes from its asserted words. This module holds their registry (frame
name -> reader, and the word types a reader needs) and reads a sentence.
"""

from __future__ import annotations

from collections.abc import Callable

from exolint.frames.base import (
    CONDITION_TYPES,
    LINK_TYPES,
    SentenceContext,
    about_other_product,
    asserted,
)
from exolint.frames.marketing import authority, comparison, duration, guarantee, proof, safety
from exolint.frames.medical import delivery, disease, inhaled, route, structure_function
from exolint.frames.regulatory import approval, exemption, paid_research, registration
from exolint.grammar import Clause, Word, clone
from exolint.model import Frame

FrameReader = Callable[[Clause, SentenceContext, frozenset[str]], tuple[Word, ...]]

# Frame name -> reader. disease() feeds three frames, split by severity below.
READERS: dict[str, FrameReader] = {
    "disease_claim": disease,
    "sf_claim": structure_function,
    "route_offer": route,
    "inhaled_route": inhaled,
    "delivery_claim": delivery,
    "approval_claim": approval,
    "exemption_claim": exemption,
    "registration_seal": registration,
    "paid_research": paid_research,
    "safety_claim": safety,
    "comparison_claim": comparison,
    "proof_claim": proof,
    "authority_claim": authority,
    "guarantee_claim": guarantee,
    "duration_claim": duration,
}

# The word types without which a reader cannot fire: a clause lacking all of
# them is skipped before the reader looks closer (most clauses, most readers).
NEEDS: dict[str, frozenset[str]] = {
    "disease_claim": CONDITION_TYPES,
    "sf_claim": frozenset({"SF_VERB", "SF_NOUN", "HELP"}),
    "route_offer": frozenset({"ROUTE", "ROUTE_WEAK"}),
    "inhaled_route": frozenset({"INHALED"}),
    "delivery_claim": frozenset({"INTO"}),
    "approval_claim": frozenset({"APPROVED"}),
    "exemption_claim": frozenset({"LEGAL", "EXEMPT", "EXEMPT_TERM"}),
    "registration_seal": frozenset({"REGISTERED", "APPROVED", "IRB"}),
    "paid_research": frozenset({"PAID_RESEARCH"}),
    "safety_claim": frozenset({"SAFE", "RISK"}),
    "comparison_claim": frozenset({"COMPARE"}),
    "proof_claim": frozenset({"PROOF"}),
    "authority_claim": frozenset(
        {"AUTHORITY", "STUDY", "PRECLINICAL", "TRACK_RECORD", "TESTIMONY", "REGULATOR"}
    ),
    "guarantee_claim": frozenset({"GUARANTEE", "NUM"}),
    "duration_claim": frozenset({"PERMANENT", "TIME_PREP", "FOR"}),
}

FRAMES: frozenset[str] = frozenset(READERS) | {
    "serious_claim",
    "covid_claim",
    "condition_listing",
    "serious_listing",
}


def read_frames(clauses: list[Clause], ctx: SentenceContext) -> list[Frame]:
    """Every claim frame the sentence's clauses assert."""
    if not ctx.in_scope:
        return []
    sentence_types = frozenset().union(*(c.all_types() for c in clauses))
    if sentence_types & CONDITION_TYPES and "FOR" in sentence_types and any(_purpose(c) for c in clauses):
        sentence_types |= {"FOR_PURPOSE"}
    carried = ctx.carried_conditions
    kinds = ctx.carried_kinds
    if carried:
        sentence_types |= kinds
    frames: list[Frame] = []
    if ctx.sells:
        clauses = [_selling_point(c) for c in clauses]
    for clause in clauses:
        if about_other_product(clause, listed=ctx.treat_list):
            continue  # "Botox Cosmetic is FDA-approved, but our exosome facials are not"
        if clause.question == "yes_no" or clause.conditional_only():
            # A question asks and "if you have arthritis" supposes; but a condition
            # named there is what the answer is about ("..., our injections can help").
            carried, kinds = _conditions_of(clause) or (carried, kinds)
            continue
        if clause.question == "fragment":
            # "Better than Botox?" still compares; "Wondering if exosomes could help your
            # neuropathy?" still links product and condition.
            for name in ("comparison_claim", "disease_claim"):
                words = READERS[name](clause, ctx, sentence_types)
                if words and (name != "disease_claim" or ctx.product_named):
                    frames.extend(_split(name, words, clause, ctx))
            carried, kinds = _conditions_of(clause) or (carried, kinds)
            continue
        clause_types = clause.all_types()
        for name, reader in READERS.items():
            if not NEEDS[name] & clause_types:
                continue
            words = reader(clause, ctx, sentence_types)
            if not words:
                continue
            frames.extend(_split(name, words, clause, ctx))
        if ctx.treat_opener and not any(f.name in ("disease_claim", "serious_claim") for f in frames):
            frames.append(Frame("condition_listing", clause.start, clause.end, (), product=ctx.product_named))
        links = asserted(clause, LINK_TYPES | {"FOR"})
        subject = ctx.product_named or ctx.carried_product
        if carried and subject and links and not asserted(clause, CONDITION_TYPES):
            frames.extend(_carried_frames(carried, kinds, clause, links))
    return frames


def _selling_point(clause: Clause) -> Clause:
    """ "NIH says exosomes regrow hair, book today": in a sentence that sells, what an
    authority or study is said to say is the seller's claim (TAXONOMY), not a report."""
    voices = any(w.types & {"AUTHORITY", "STUDY", "REGULATOR"} and not w.negated for w in clause.words)
    if not voices or not any(w.reported and not w.quoted for w in clause.words):
        return clause
    (copy,) = clone([clause])
    for w in copy.words:
        if not w.quoted:
            w.reported = False
    return copy


def _purpose(clause: Clause) -> bool:
    """A purpose link ("for hair loss", "Treated for:"), not "evidence for exosomes"."""
    return any(
        "FOR" in w.types
        and w.asserted
        and not (i and clause.words[i - 1].types & {"STUDY", "PROOF", "INVESTIGATIONAL"})
        for i, w in enumerate(clause.words)
    )


def _conditions_of(clause: Clause) -> tuple[tuple[str, ...], frozenset[str]] | None:
    words = [w for w in clause.words if w.types & CONDITION_TYPES and not w.negated and not w.reported]
    if not words:
        return None
    return tuple(w.token.norm for w in words), frozenset(t for w in words for t in w.types & CONDITION_TYPES)


def _carried_frames(
    carried: tuple[str, ...], kinds: frozenset[str], clause: Clause, links: list[Word]
) -> list[Frame]:
    """A condition from a lead-in ("Living with Parkinson's?") claimed by the answer's link."""
    hedged = any(w.hedged for w in links)
    spans = tuple((w.token.start, w.token.end) for w in links)
    if "COVID" in kinds:
        name = "covid_claim"
    elif "SERIOUS" in kinds:
        name = "serious_claim"
    else:
        name = "disease_claim"
    return [
        Frame(
            name,
            clause.start,
            clause.end,
            carried,
            hedged=hedged,
            product=True,
            serious=name != "disease_claim",
            spans=spans,
        )
    ]


def _split(name: str, words: tuple[Word, ...], clause: Clause, ctx: SentenceContext) -> list[Frame]:
    """Frames for one reader's words; a disease reading splits by the conditions' seriousness."""
    terms = tuple(dict.fromkeys(w.token.norm for w in words))
    # Hedged when a hedge governs the link ("may help"), or the clause's only
    # link is by purpose ("... for tennis elbow may benefit").
    hedged = any(w.hedged for w in words) or (clause.hedged and not any(w.types & LINK_TYPES for w in words))
    spans = tuple(dict.fromkeys((w.token.start, w.token.end) for w in words))

    def frame(frame_name: str, serious: bool = False) -> Frame:
        return Frame(
            frame_name,
            clause.start,
            clause.end,
            terms,
            serious=serious,
            hedged=hedged and not serious,
            product=ctx.product_named,
            spans=spans,
        )

    if name != "disease_claim":
        return [frame(name)]
    kinds = {t for w in words for t in w.types if t in CONDITION_TYPES}
    listing = ctx.treat_list
    out: list[Frame] = []
    if "COVID" in kinds:
        out.append(frame("covid_claim", serious=True))
    elif "SERIOUS" in kinds:
        out.append(frame("serious_listing" if listing else "serious_claim", serious=True))
    if "CONDITION" in kinds:
        out.append(frame("condition_listing" if listing else "disease_claim"))
    return out
