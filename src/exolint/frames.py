"""Frames: scoped clauses -> claim frames (the contract with the policy).

Pipeline position: grammar -> **frames** -> policy. The grammar has decided
which words are asserted (not negated, reported, supposed or advised against);
this module reads which claim each clause makes from its asserted words. Each
frame reader below names the frame the policy's rules consume, with a short
invented example and the reason it exists. Which words belong to a type is
vocabulary data (policies/vocabulary.toml), never a list in this file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from exolint.grammar import Clause, Word
from exolint.model import Frame

CONDITION_TYPES = frozenset({"CONDITION", "SERIOUS", "COVID"})
# Words that link a product to a condition: treating, helping, outcomes, and
# structure/function verbs acting on a condition ("thickens hair around a scar").
_LINK_TYPES = frozenset({"TREAT", "HELP", "OUTCOME", "SF_VERB", "SF_NOUN"})
_SUBJECT_TYPES = frozenset({"PRODUCT", "SERVICE", "ROUTE", "INHALED", "SF_NOUN", "WE", "MICRONEEDLING"})
_CLAIM_CONTENT = frozenset(
    {"SF_VERB", "SF_NOUN", "TREAT", "OUTCOME", "RESULT", "CONDITION", "SERIOUS", "COVID"}
)
# Terms whose presence makes a weak facility or timing word count.
_STRONG_SEAL_MARKERS = ("fda", "cgmp", "gmp", "aatb", "federal", "cgtp")
# Outcome words that make a timing a promised result (a bare condition does not:
# "side effects settle within a few days" discloses a risk).
_TIMED_CONTENT = frozenset({"SF_VERB", "SF_NOUN", "TREAT", "OUTCOME", "RESULT"})
_MULTIPLIERS = frozenset({"times", "x", "×", "fold", "twice", "thre", "three", "doubl", "tripl"})
_PERMANENT_WEAK = frozenset(
    {
        "last",
        "lasting",
        "one treatment",
        "one session",
        "single session",
        "single treatment",
        "just one",
        "in one visit",
        "keep improv",
    }
)


@dataclass(slots=True)
class SentenceContext:
    """What the sentence's surroundings contribute to reading it."""

    in_scope: bool  # about a regenerative product (named here or the local topic)
    product_named: bool  # a regenerative product is named in this sentence
    treat_list: bool = False  # a heading or list item under "Conditions we treat"
    carried_conditions: tuple[str, ...] = ()  # from a lead-in question ("Tired of hair loss?")
    carried_kinds: frozenset[str] = frozenset()  # their condition types (serious, COVID)
    investigational: bool = False  # trial recruitment / IND context
    short: bool = False  # a fragment of a few words
    heading: bool = False  # a short heading or title
    treat_opener: bool = False  # "What we treat", "Women come to us for:" with conditions listed next
    promotional: bool = True  # the page or passage sells


def _asserted(clause: Clause, types: Iterable[str]) -> list[Word]:
    ts = frozenset(types)
    if not ts & clause.asserted_types():
        return []
    return [w for w in clause.words if w.asserted and w.types & ts]


def _norms(ws: Iterable[Word]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for w in ws:
        seen.setdefault(w.token.norm, None)
    return tuple(seen)


def _follows(clause: Clause, first: frozenset[str], then: frozenset[str]) -> list[Word]:
    """Asserted words of type `then` that come after an asserted word of type `first`."""
    out: list[Word] = []
    armed: Word | None = None
    for w in clause.words:
        if not w.asserted:
            continue
        if armed is not None and w.types & then and w is not armed:
            out.extend((armed, w))
        if w.types & first:
            armed = w
    return out


# --- frame readers: each returns the trigger words, or () ---------------------


def disease(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """disease_claim / serious_claim / covid_claim: "exosomes treat hair loss",
    "exosome IV for long COVID", a condition under "Conditions we treat"."""
    conditions = _asserted(clause, CONDITION_TYPES)
    # "Move without pain again", "pain-free": freedom from a condition is a claim too.
    conditions += [
        w
        for w in clause.words
        if w.quantified
        and w.neg_gap == 0
        and w.types & CONDITION_TYPES
        and not (w.reported or w.conditional or w.advice)
    ]
    # "improves the look of thinning hair": a condition's appearance is cosmetic (201(i)).
    conditions = [c for c in conditions if not _appearance_of(clause, c)]
    if not conditions or ctx.investigational:
        return ()  # "studied for stroke recovery under an FDA IND" describes a trial
    if ctx.treat_list:
        # A bare "Condition" (a table header) is not a listed condition.
        return tuple(c for c in conditions if "CONDITION_GENERIC" not in c.types or len(c.types) > 2)
    link_types = _LINK_TYPES | ({"RESULT"} if "PATIENT" in sentence_types else set())
    links = _asserted(clause, link_types)
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
    if "FOR_POP" in sentence_types and sentence_types & (_SUBJECT_TYPES | {"SELL"}):
        return tuple(conditions)
    # "Client, 44 · Androgenetic alopecia · 3 sessions": a patient, a condition, a treatment.
    if "PATIENT" in sentence_types and sentence_types & {"SERVICE", "PRODUCT", "ROUTE"}:
        return tuple(conditions)
    return ()


def _after_type(clause: Clause, word: Word, type_: str, reach: int = 2) -> bool:
    """Does a word of `type_` stand within `reach` words before `word`?"""
    i = clause.words.index(word)
    return any(type_ in w.types for w in clause.words[max(0, i - reach) : i])


def _next_is(clause: Clause, word: Word, type_: str) -> bool:
    """Is the word right after `word` (in the sentence) of `type_`?"""
    i = clause.words.index(word)
    if i + 1 >= len(clause.words):
        return False
    nxt = clause.words[i + 1]
    return type_ in nxt.types and nxt.token.start - word.token.end <= 1


def _appearance_of(clause: Clause, word: Word) -> bool:
    i = clause.words.index(word)
    return any("APPEARANCE" in w.types for w in clause.words[max(0, i - 2) : i])


def structure_function(
    clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]
) -> tuple[Word, ...]:
    """sf_claim: "stimulates collagen", "regrows hair", "hair regrowth".

    The verb must act on the body ("exosomes regrow hair"), not describe it
    ("hair grows in cycles"); appearance-only wording is cosmetic (201(i))."""
    nouns = _asserted(clause, {"SF_NOUN"})
    pairs = _follows(clause, frozenset({"SF_VERB"}), frozenset({"BODY", "CONDITION", "SERIOUS"}))
    if not pairs and not nouns and ctx.product_named:
        # "the vesicles help keep arteries flexible": helping the body is a function claim.
        pairs = _follows(clause, frozenset({"HELP"}), frozenset({"BODY"}))
    if not pairs and not nouns:
        imperative = _imperative_sf(clause, ctx)
        if imperative:
            return imperative
        # Body-first order counts when a product or treatment is the cause:
        # "thinning crown filled in with new hair after exosome treatment".
        if ctx.product_named or "PATIENT" in sentence_types:
            pairs = _follows(clause, frozenset({"BODY"}), frozenset({"SF_VERB"}))
        if not pairs:
            return ()
    if _asserted(clause, {"APPEARANCE"}) and not nouns:
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
    strong = [w for w in _asserted(clause, {"ROUTE"}) if not w.denied_after]
    # Weak words need the product beside them and no risk talk ("any needle carries a risk").
    weak = (
        [w for w in _asserted(clause, {"ROUTE_WEAK"}) if not w.denied_after]
        if ctx.product_named and not _asserted(clause, {"RISK"})
        else []
    )
    return (*strong, *weak)


def inhaled(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """inhaled_route: "nebulized exosomes", "intranasal exosome spray"."""
    if _no_offer(clause, ctx):
        return ()
    return tuple(w for w in _asserted(clause, {"INHALED"}) if not w.denied_after)


def delivery(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """delivery_claim: "microneedling drives exosomes deep into the dermis"."""
    needling = _asserted(clause, {"MICRONEEDLING"})
    into = _asserted(clause, {"INTO"})
    # "Exosome Microneedling: Growth Factors Delivered Into the Skin" spans a colon.
    return (*needling, *into) if into and (needling or "MICRONEEDLING" in sentence_types) else ()


def approval(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """approval_claim: "our FDA-approved exosomes", "FDA cleared"."""
    words = [
        w
        for w in _asserted(clause, {"APPROVED"})
        if not w.denied_after and not _after_type(clause, w, "EXEMPT")
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
    claims = [w for w in _asserted(clause, {"LEGAL", "EXEMPT"}) if not w.denied_after]
    # Terms of art describe the law unless said of the product ("our exosomes are minimally manipulated").
    terms = (
        [w for w in _asserted(clause, {"EXEMPT_TERM"}) if not w.denied_after]
        if sentence_types & {"WE", "PRODUCT"}
        else []
    )
    return (*claims, *terms)


def registration(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """registration_seal: "made in an FDA-registered lab", "approved in Mexico",
    "approved by an independent review board" offered as legitimacy."""
    seals = [w for w in _asserted(clause, {"REGISTERED"}) if not w.denied_after]
    strong = [w for w in seals if any(m in w.token.norm for m in _STRONG_SEAL_MARKERS)]
    if strong or (seals and "REGULATOR" in sentence_types) or len(seals) > 1:
        return tuple(seals)
    approved = _asserted(clause, {"APPROVED"})
    if ctx.investigational:
        return ()  # "An IRB approved the protocol, and the study runs under an FDA IND"
    if approved and sentence_types & {"FOREIGN", "IRB"}:
        return (*approved, *_asserted(clause, {"FOREIGN", "IRB"}))
    listing = _asserted(clause, {"IRB"})
    if listing and "LEGIT" in sentence_types:  # "listed on ClinicalTrials.gov, so you know it's legitimate"
        return tuple(listing)
    return ()


def paid_research(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """paid_research: "enroll in our patient-funded study"."""
    return tuple(_asserted(clause, {"PAID_RESEARCH"}))


def safety(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """safety_claim: "completely safe", "no side effects", "nothing to reject"."""
    if ctx.investigational or clause.question:
        return ()  # "How we keep you safe", "Is it safe?" ask or describe; they do not promise
    safe = _asserted(clause, {"SAFE"})
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


def _after_sequence(clause: Clause, word: Word) -> bool:
    """Is the word placed beside the subject ("recovery after microneedling") rather than compared?"""
    i = clause.words.index(word)
    return i > 0 and "SEQUENCE" in clause.words[i - 1].types


def comparison(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """comparison_claim: "100 times more powerful than PRP", "better than fillers",
    "skip the knee replacement"."""
    compare = _asserted(clause, {"COMPARE"})
    strong = [w for w in compare if w.token.norm != "than"]
    if not strong:
        return ()
    comparators = [
        w
        for w in clause.words
        if "COMPARATOR" in w.types and not w.conditional and not w.reported and not _after_sequence(clause, w)
    ]
    if comparators:
        return (*strong, *comparators)
    if all(w.token.norm == "unlik" for w in strong) and not sentence_types & _CLAIM_CONTENT:
        return ()  # "Unlike PRP, exosomes are not made from your blood" compares composition
    # "10x", "20 times more", "three times the", "twice as": a quantified comparison.
    multipliers = [w for w in compare if w.token.norm.split()[0] in _MULTIPLIERS]
    evaluative = [w for w in strong if w not in multipliers and w.token.norm != "than"]
    # "1,000 times smaller than a cell" measures; "20 times more potent" promotes.
    if multipliers and ("COMPARATOR" in sentence_types or evaluative):
        return tuple(compare)
    return ()


def proof(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """proof_claim: "clinically proven", "backed by 200 studies", "studies prove"."""
    return tuple(_asserted(clause, {"PROOF"}))


def authority(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """authority_claim: "NIH research shows exosomes regrow hair", a mouse study
    or patients' reports offered as proof that the product works in people."""
    if not sentence_types & (_CLAIM_CONTENT | {"TRACK_RECORD"}):
        return ()
    sources = _asserted(clause, {"AUTHORITY", "STUDY", "PRECLINICAL"})
    shows = _asserted(clause, {"SHOW", "PROOF"})
    if sources and shows:
        return (*sources, *shows)
    record = _asserted(clause, {"TRACK_RECORD"})
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
    preclinical = _asserted(clause, {"PRECLINICAL"})
    if preclinical and sentence_types & {"WE", "YOU", "PATIENT"}:
        return tuple(preclinical)
    testimony = _asserted(clause, {"TESTIMONY"})
    if testimony and sentence_types & {"PATIENT"}:
        return tuple(testimony)
    return ()


def guarantee(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """guarantee_claim: "guaranteed results", "or your money back"."""
    if clause.question:
        return ()
    words = _asserted(clause, {"GUARANTEE"})
    # "guaranteed" alone needs a result to guarantee ("appointment time is guaranteed" is not one);
    # "or your money back" and "every time" promise outcomes by themselves.
    plain = [w for w in words if w.token.norm.startswith("guarant")]
    if plain and len(plain) == len(words) and not sentence_types & (_CLAIM_CONTENT | {"RESULT", "BODY"}):
        return ()
    if not words and "PATIENT" in sentence_types:
        # "100% of our patients see results"
        hundred = [
            w
            for i, w in enumerate(clause.words[:-1])
            if w.token.norm == "100" and "PERCENT" in clause.words[i + 1].types
        ]
        if hundred and sentence_types & (_CLAIM_CONTENT | {"RESULT", "TESTIMONY"}):
            return tuple(hundred)
    return tuple(words)


def duration(clause: Clause, ctx: SentenceContext, sentence_types: frozenset[str]) -> tuple[Word, ...]:
    """duration_claim: "results are permanent", "results last 12 months",
    "see regrowth within 30 days"."""
    if clause.question in ("yes_no", "wh", "fragment"):
        return ()  # "How long do results last?" asks
    # "results last 12 months", not "last year" (a date) nor "lasts ... has not been established".
    permanent = [
        w
        for w in _asserted(clause, {"PERMANENT"})
        if not w.denied_after and not _next_is(clause, w, "TIME_UNIT")
    ]
    content = sentence_types & _CLAIM_CONTENT
    if permanent and _asserted(clause, {"TIME_UNIT"}):
        return tuple(permanent)  # "lasts up to two years"
    strong = [w for w in permanent if not any(w.token.norm.startswith(p) for p in _PERMANENT_WEAK)]
    if strong:
        return tuple(strong)
    if permanent and content:
        return tuple(permanent)
    if not clause.asserted_types() & _TIMED_CONTENT or _asserted(clause, {"RISK"}):
        return ()  # "redness fades within a day" discloses a side effect
    words = [w for w in clause.words if w.asserted]
    for i, w in enumerate(words):
        if "TIME_PREP" not in w.types:
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
    "authority_claim": frozenset({"AUTHORITY", "STUDY", "PRECLINICAL", "TRACK_RECORD", "TESTIMONY"}),
    "guarantee_claim": frozenset({"GUARANTEE", "NUM"}),
    "duration_claim": frozenset({"PERMANENT", "TIME_PREP"}),
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
    for clause in clauses:
        if _other_product_clause(clause):
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
        links = _asserted(clause, _LINK_TYPES | {"FOR"})
        if carried and ctx.product_named and links and not _asserted(clause, CONDITION_TYPES):
            frames.extend(_carried_frames(carried, kinds, clause, links))
    return frames


def _purpose(clause: Clause) -> bool:
    """A purpose link ("for hair loss", "Treated for:"), not "evidence for exosomes"."""
    return any(
        "FOR" in w.types
        and w.asserted
        and not (i and clause.words[i - 1].types & {"STUDY", "PROOF", "INVESTIGATIONAL"})
        for i, w in enumerate(clause.words)
    )


def _other_product_clause(clause: Clause) -> bool:
    """Is the clause about another product only (named as its subject, not as a comparator)?"""
    compared = False
    other = False
    for w in clause.words:
        if w.types & {"COMPARE", "SEQUENCE"}:
            compared = True
        if "PRODUCT" in w.types:
            return False
        if "OTHER_PRODUCT" in w.types and not compared:
            other = True
    return other


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
    terms = tuple(dict.fromkeys(w.token.norm for w in words))
    # Hedged when a hedge governs the link ("may help"), or the clause's only
    # link is by purpose ("... for tennis elbow may benefit").
    hedged = any(w.hedged for w in words) or (clause.hedged and not any(w.types & _LINK_TYPES for w in words))
    spans = tuple(dict.fromkeys((w.token.start, w.token.end) for w in words))
    if name != "disease_claim":
        return [
            Frame(
                name,
                clause.start,
                clause.end,
                terms,
                hedged=hedged,
                product=ctx.product_named,
                spans=spans,
            )
        ]
    out: list[Frame] = []
    kinds = {t for w in words for t in w.types if t in CONDITION_TYPES}
    listing = ctx.treat_list
    if "COVID" in kinds:
        out.append(Frame("covid_claim", clause.start, clause.end, terms, serious=True, spans=spans))
    elif "SERIOUS" in kinds:
        out.append(
            Frame(
                "serious_listing" if listing else "serious_claim",
                clause.start,
                clause.end,
                terms,
                serious=True,
                spans=spans,
            )
        )
    if "CONDITION" in kinds:
        out.append(
            Frame(
                "condition_listing" if listing else "disease_claim",
                clause.start,
                clause.end,
                terms,
                hedged=hedged,
                product=ctx.product_named,
                spans=spans,
            )
        )
    return out
