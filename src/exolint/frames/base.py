"""Frame readers' shared ground: word types, the sentence context, word queries.

Pipeline position: grammar -> **frames** -> policy. Every frame reader (in
medical.py, regulatory.py and marketing.py) reads a scoped `Clause` with the
queries below and the `SentenceContext` that context.py builds.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from exolint.grammar import Clause, Word

CONDITION_TYPES = frozenset({"CONDITION", "SERIOUS", "COVID"})
# Words that link a product to a condition: treating, helping, outcomes, and
# structure/function verbs acting on a condition ("thickens hair around a scar").
LINK_TYPES = frozenset({"TREAT", "HELP", "OUTCOME", "SF_VERB", "SF_NOUN"})
SUBJECT_TYPES = frozenset({"PRODUCT", "SERVICE", "ROUTE", "INHALED", "SF_NOUN", "WE", "MICRONEEDLING"})
CLAIM_CONTENT = frozenset(
    {"SF_VERB", "SF_NOUN", "TREAT", "OUTCOME", "RESULT", "CONDITION", "SERIOUS", "COVID"}
)
# Terms whose presence makes a weak facility or timing word count.
STRONG_SEAL_MARKERS = ("fda", "cgmp", "gmp", "aatb", "federal", "cgtp")
# Outcome words that make a timing a promised result (a bare condition does not:
# "side effects settle within a few days" discloses a risk).
TIMED_CONTENT = frozenset({"SF_VERB", "SF_NOUN", "TREAT", "OUTCOME", "RESULT"})
MULTIPLIERS = frozenset({"times", "x", "×", "fold", "twice", "thre", "three", "doubl", "tripl"})
PERMANENT_WEAK = frozenset(
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
    carried_product: bool = False  # the lead-in question named the product
    investigational: bool = False  # trial recruitment / IND context
    short: bool = False  # a fragment of a few words
    heading: bool = False  # a short heading or title
    treat_opener: bool = False  # "What we treat", "Women come to us for:" with conditions listed next
    sells: bool = False  # the paragraph itself sells ("Book your facial now.")


def asserted(clause: Clause, types: Iterable[str]) -> list[Word]:
    ts = frozenset(types)
    if not ts & clause.asserted_types():
        return []
    return [w for w in clause.words if w.asserted and w.types & ts]


def follows(clause: Clause, first: frozenset[str], then: frozenset[str]) -> list[Word]:
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


def after_type(clause: Clause, word: Word, type_: str, reach: int = 2) -> bool:
    """Does a word of `type_` stand within `reach` words before `word`?"""
    i = clause.words.index(word)
    return any(type_ in w.types for w in clause.words[max(0, i - reach) : i])


def next_is(clause: Clause, word: Word, type_: str) -> bool:
    """Is the word right after `word` (in the sentence) of `type_`?"""
    i = clause.words.index(word)
    if i + 1 >= len(clause.words):
        return False
    nxt = clause.words[i + 1]
    return type_ in nxt.types and nxt.token.start - word.token.end <= 1


def appearance_of(clause: Clause, word: Word) -> bool:
    i = clause.words.index(word)
    return any("APPEARANCE" in w.types for w in clause.words[max(0, i - 2) : i])


def after_sequence(clause: Clause, word: Word) -> bool:
    """Is the word placed beside the subject ("recovery after microneedling") rather than compared?"""
    i = clause.words.index(word)
    return i > 0 and "SEQUENCE" in clause.words[i - 1].types


def about_other_product(clause: Clause, listed: bool = False) -> bool:
    """Is the clause about another product only, named as its subject and not as a
    comparator ("Botox is FDA-approved")? In a list of conditions treated, the
    condition that leads is the subject and a product after it its cause or context
    ("Hair loss after chemotherapy drugs")."""
    compared = False
    other = False
    for w in clause.words:
        if "PRODUCT" in w.types:
            return False
        if w.types & {"COMPARE", "SEQUENCE"} or (listed and w.types & CONDITION_TYPES):
            compared = True
        if "OTHER_PRODUCT" in w.types and not compared:
            other = True
    return other
