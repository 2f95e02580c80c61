"""Frame readers for regulatory status: approval, exemption, registration, paid research."""

from __future__ import annotations

from exolint.frames.base import (
    STRONG_SEAL_MARKERS,
    SentenceContext,
    after_type,
    asserted,
)
from exolint.grammar import Clause, Word


def approval(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """approval_claim: "our FDA-approved exosomes", "FDA cleared"."""
    words = [
        w
        for w in asserted(clause, {"APPROVED"})
        if not w.denied_after and not after_type(clause, w, "EXEMPT")
    ]
    if not words or sentence_types & {"FOREIGN", "IRB"}:
        return ()
    if ctx.investigational and all("clear" in w.token.norm for w in words):
        return ()  # "an FDA-cleared IND" is how trials are accurately described
    strong = [w for w in words if "fda" in w.token.norm or "ftc" in w.token.norm]
    if strong:
        return tuple(strong)
    if "REGULATOR" in sentence_types or any(
        "REGULATOR" in w.types or "THIRD_PARTY" in w.types for w in clause.words if "fda" in w.token.norm
    ):
        return tuple(words)
    return ()


def exemption(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """exemption_claim: "exempt under Section 361", "not regulated by the FDA", "completely legal"."""
    claims = [w for w in asserted(clause, {"LEGAL", "EXEMPT"}) if not w.denied_after]
    # Terms of art describe the law unless said of the product ("our exosomes are minimally manipulated").
    terms = (
        [w for w in asserted(clause, {"EXEMPT_TERM"}) if not w.denied_after]
        if sentence_types & {"WE", "PRODUCT"}
        else []
    )
    return (*claims, *terms)


def registration(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """registration_seal: "made in an FDA-registered lab", "approved in Mexico",
    "approved by an independent review board" offered as legitimacy."""
    seals = [w for w in asserted(clause, {"REGISTERED"}) if not w.denied_after]
    strong = [w for w in seals if any(m in w.token.norm for m in STRONG_SEAL_MARKERS)]
    if strong or (seals and "REGULATOR" in sentence_types) or len(seals) > 1:
        return tuple(seals)
    approved = asserted(clause, {"APPROVED"})
    if ctx.investigational:
        return ()  # "An IRB approved the protocol, and the study runs under an FDA IND"
    if approved and sentence_types & {"FOREIGN", "IRB"}:
        return (*approved, *asserted(clause, {"FOREIGN", "IRB"}))
    listing = asserted(clause, {"IRB"})
    if listing and "LEGIT" in sentence_types:  # "listed on ClinicalTrials.gov, so you know it's legitimate"
        return tuple(listing)
    return ()


def paid_research(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """paid_research: "enroll in our patient-funded study"."""
    return tuple(asserted(clause, {"PAID_RESEARCH"}))
