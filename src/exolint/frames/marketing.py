"""Frame readers for marketing claims: safety, comparison, evidence, guarantees, durations."""

from __future__ import annotations

from exolint.frames.base import (
    CLAIM_CONTENT,
    MULTIPLIERS,
    PERMANENT_WEAK,
    TIMED_CONTENT,
    SentenceContext,
    after_sequence,
    asserted,
    next_is,
)
from exolint.grammar import Clause, Word


def safety(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """safety_claim: "completely safe", "no side effects", "nothing to reject"."""
    if ctx.investigational or clause.question:
        return ()  # "How we keep you safe", "Is it safe?" ask or describe; they do not promise
    safe = asserted(clause, {"SAFE"})
    # "no side effects", "no risk of rejection", "nothing to reject": the negator
    # governs the harm directly (a denial of treatment that lists infections does not).
    if any("SAFE" in w.types and w.negated and not w.quantified for w in clause.words):
        return tuple(safe)  # "not shown to be safe, and infections have been reported" discloses
    denied_risk = [
        w
        for w in clause.words
        if "RISK" in w.types
        and w.negated
        and 0 <= w.neg_gap <= 4
        and not (w.conditional or w.reported or w.advice)
        and not _denied_act(clause, w)
    ]
    return (*safe, *denied_risk)


def _denied_act(clause: Clause, risk: Word) -> bool:
    """Is it an act that is denied, not a harm ("we do not treat ... infection")?"""
    for w in clause.words:
        if w is risk:
            return False
        if (
            w.negated
            and w.neg_gap < risk.neg_gap
            and w.types & {"TREAT", "SELL", "ROUTE", "HELP", "SF_VERB", "ACT", "PRODUCT", "SERVICE"}
        ):
            return True
    return False


def comparison(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """comparison_claim: "100 times more powerful than PRP", "better than fillers",
    "skip the knee replacement"."""
    compare = asserted(clause, {"COMPARE"})
    strong = [w for w in compare if w.token.norm != "than"]
    if not strong:
        return ()
    comparators = [
        w
        for w in clause.words
        if "COMPARATOR" in w.types and not w.conditional and not w.reported and not after_sequence(clause, w)
    ]
    if comparators:
        return (*strong, *comparators)
    if all(w.token.norm == "unlik" for w in strong) and not sentence_types & CLAIM_CONTENT:
        return ()  # "Unlike PRP, exosomes are not made from your blood" compares composition
    # "10x", "20 times more", "three times the", "twice as": a quantified comparison.
    multipliers = [w for w in compare if w.token.norm.split()[0] in MULTIPLIERS]
    evaluative = [w for w in strong if w not in multipliers and w.token.norm != "than"]
    # "1,000 times smaller than a cell" measures; "20 times more potent" promotes.
    if multipliers and ("COMPARATOR" in sentence_types or evaluative):
        return tuple(compare)
    return ()


def proof(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """proof_claim: "clinically proven", "backed by 200 studies", "studies prove"."""
    return tuple(asserted(clause, {"PROOF"}))


def authority(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """authority_claim: "NIH research shows exosomes regrow hair", a mouse study
    or patients' reports offered as proof that the product works in people."""
    if not sentence_types & (CLAIM_CONTENT | {"TRACK_RECORD"}):
        return ()
    sources = asserted(clause, {"AUTHORITY", "STUDY", "PRECLINICAL"})
    shows = asserted(clause, {"SHOW", "PROOF"})
    if sources and shows:
        return (*sources, *shows)
    record = asserted(clause, {"TRACK_RECORD"})
    if record:
        return tuple(record)
    # "In our clinical study, lesions were cut in half": the seller's own study as proof.
    own = [w for w in sources if w.token.norm.startswith("our")]
    if (
        own
        and not ctx.investigational
        and sentence_types & {"TREAT", "SF_VERB", "SF_NOUN", "OUTCOME", "CONDITION"}
    ):
        return tuple(own)
    preclinical = asserted(clause, {"PRECLINICAL"})
    if preclinical and sentence_types & {"WE", "YOU", "PATIENT"}:
        return tuple(preclinical)
    testimony = asserted(clause, {"TESTIMONY"})
    if testimony and sentence_types & {"PATIENT"}:
        return tuple(testimony)
    # "NIH says exosomes regrow hair, book today" (TAXONOMY): attribution used as
    # a selling point is a claim of proof, though the claim itself is reported.
    if ctx.sells and not ctx.investigational:
        voices = [
            w
            for w in clause.words
            if w.types & {"AUTHORITY", "STUDY", "REGULATOR"} and not w.negated and not w.conditional
        ]
        said = [w for w in clause.words if w.types & CLAIM_CONTENT and not w.negated and not w.quoted]
        if voices and said and clause.attributed:
            return (*voices, *said)
    return ()


def guarantee(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """guarantee_claim: "guaranteed results", "or your money back"."""
    if clause.question:
        return ()
    words = asserted(clause, {"GUARANTEE"})
    # "guaranteed" alone needs a result to guarantee ("appointment time is guaranteed" is not one);
    # "or your money back" and "every time" promise outcomes by themselves.
    plain = [w for w in words if w.token.norm.startswith("guarant")]
    if plain and len(plain) == len(words) and not sentence_types & (CLAIM_CONTENT | {"RESULT", "BODY"}):
        return ()
    if not words and "PATIENT" in sentence_types:
        # "100% of our patients see results"
        hundred = [
            w
            for i, w in enumerate(clause.words[:-1])
            if w.token.norm == "100" and "PERCENT" in clause.words[i + 1].types
        ]
        if hundred and sentence_types & (CLAIM_CONTENT | {"RESULT", "TESTIMONY"}):
            return tuple(hundred)
    return tuple(words)


def duration(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """duration_claim: "results are permanent", "results last 12 months",
    "see regrowth within 30 days"."""
    if clause.question in ("yes_no", "wh", "fragment"):
        return ()  # "How long do results last?" asks
    if asserted(clause, {"APPEARANCE"}) and not asserted(clause, {"SF_NOUN"}):
        return ()  # "visibly reduces the look of dark spots in 4 weeks": a cosmetic result
    # "results last 12 months", not "last year" (a date) nor "lasts ... has not been established".
    permanent = [
        w
        for w in asserted(clause, {"PERMANENT"})
        if not w.denied_after and not next_is(clause, w, "TIME_UNIT")
    ]
    content = sentence_types & CLAIM_CONTENT
    if permanent and asserted(clause, {"TIME_UNIT"}):
        return tuple(permanent)  # "lasts up to two years"
    strong = [w for w in permanent if not any(w.token.norm.startswith(p) for p in PERMANENT_WEAK)]
    if strong:
        return tuple(strong)
    if permanent and content:
        return tuple(permanent)
    if not clause.asserted_types() & TIMED_CONTENT or asserted(clause, {"RISK"}):
        return ()  # "redness fades within a day" discloses a side effect
    words = [w for w in clause.words if w.asserted]
    # "enjoy results for 12 to 18 months": a result's "for" times it too.
    timing = {"TIME_PREP", "FOR"} if "RESULT" in clause.asserted_types() else {"TIME_PREP"}
    for i, w in enumerate(words):
        if not w.types & timing:
            continue
        if "TIME_UNIT" in w.types:  # "overnight", "instantly"
            return (w,)
        # "within 30 days", "in two weeks", "by week 12": the unit follows at once.
        for j, nxt in enumerate(words[i + 1 : i + 4], start=i + 1):
            if "TIME_UNIT" in nxt.types:
                if j + 1 < len(words) and "STUDY" in words[j + 1].types:
                    break  # "an 8-week study" dates a study, not a result
                return (w, nxt)
            if not nxt.types & {"NUM", "WORD"}:
                break
    return ()
