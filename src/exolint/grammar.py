"""Grammar: typed tokens -> clauses whose words carry their scope.

Pipeline position: lexicon -> **grammar** -> frames -> policy. A custom Lark
lexer feeds the lexicon's tokens to the LALR parser of grammars/claims.lark
(the grammar never sees characters); the tree is folded into `Clause`s, in
which every content word knows whether it sits under a negator, a
conditional, an attribution ("FDA warned that..."), advice ("ask
whether...") or quotation marks.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from lark import Lark, Tree
from lark import Token as LarkToken
from lark.exceptions import LarkError
from lark.lexer import Lexer

from exolint.lexicon import WORD_TOKEN
from exolint.model import Token
from exolint.resources import grammar_text

_PUNCT_TERMINALS = {
    "QMARK": "QMARK",
    "SEMI": "SEMI",
    "COLON": "COLON",
    "COMMA": "COMMA",
    "DASH": "DASH",
    "BAR": "BAR",
    "QUOTE": "QUOTE",
}
_SEPARATORS = frozenset({"SEMI", "COLON", "DASH", "BAR", "BUT"})
# Subjects whose verbs of saying are their own claims, not reported speech:
# "we tell patients", "patients tell us", "exosomes tell your cells".
_SUBJECT_SELF = frozenset({"WE", "PATIENT", "PRODUCT"})
# A word of these types opening a comma segment starts a new clause of its own,
# so the scope of an earlier negator or conditional ends there ("If you enjoy
# how it feels, it may leave skin looking dewy"); without one, a comma list
# stays in scope ("We do not treat cancer, ALS or autism").
_NEW_SUBJECT = frozenset({"WE", "PRON", "PRODUCT", "PATIENT", "YOU", "THIRD_PARTY"})
# Words that make a negation about a claim itself ("no evidence that...", "no
# claim that..."): a quantifying negator before them governs the whole clause.
_CLAIM_ABOUT = frozenset({"STUDY", "PROOF", "REPORT", "TESTIMONY", "SHOW"})
_CONTENT_ALWAYS = frozenset({"NUM", "MONEY", "PERCENT", "TIMES"})


@dataclass(slots=True)
class Word:
    """A content word of a clause, with the scopes it sits in."""

    token: Token
    types: frozenset[str]
    negated: bool = False
    conditional: bool = False
    reported: bool = False
    advice: bool = False
    quoted: bool = False
    denied_after: bool = False  # a negator follows in its segment ("X is not approved")
    neg_gap: int = -1  # content words between its negator and it ("no side effects": 0)
    segment: int = 0  # which comma segment of its clause it stands in
    quantified: bool = False  # negated by a noun quantifier right before it ("without pain")
    hedged: bool = False  # a hedge precedes it in its clause ("may help"; not "so you can sleep")

    @property
    def asserted(self) -> bool:
        """Is the author asserting this word (not denying, reporting or supposing it)?"""
        return not (self.negated or self.conditional or self.reported or self.advice)


@dataclass(slots=True)
class Clause:
    """One clause of a sentence, as the grammar scoped it."""

    start: int
    end: int
    words: list[Word] = field(default_factory=list)
    question: str = ""  # "" | "yes_no" | "wh" | "fragment"
    modal_question: bool = False  # "Can exosomes slow Alzheimer's?": a claim posed as a question
    contrast: bool = False  # introduced by "but", "however"...
    hedged: bool = False
    attributed: bool = False  # an attribution phrase governs (part of) it
    negators: int = 0
    _asserted_types: frozenset[str] | None = None
    _all_types: frozenset[str] | None = None

    def asserted_types(self) -> frozenset[str]:
        """Every type among the clause's asserted words (a quick test before a frame reader looks closer)."""
        cached = self._asserted_types
        if cached is None:
            cached = frozenset(t for w in self.words if w.asserted for t in w.types)
            self._asserted_types = cached
        return cached

    def all_types(self) -> frozenset[str]:
        """Every type among the clause's words, asserted or not."""
        cached = self._all_types
        if cached is None:
            cached = frozenset(t for w in self.words for t in w.types)
            self._all_types = cached
        return cached

    def conditional_only(self) -> bool:
        """Is every word supposed ("If you have knee arthritis") rather than asserted?"""
        return bool(self.words) and all(w.conditional for w in self.words)


def token_types(tok: Token) -> frozenset[str]:
    return _types_of(tok.type)


@functools.lru_cache(maxsize=4096)
def _types_of(type_: str) -> frozenset[str]:
    return frozenset(type_.split("|"))


def _terminal(
    types: frozenset[str],
    norm: str,
    at_clause_start: bool,
    after_self: bool,
    after_third: bool,
    after_evidence: bool = False,
    third_subject: bool = False,
) -> str | None:
    """The grammar terminal of a typed token, or None to drop it as filler."""
    if len(types) == 1:
        (t,) = types
        if t in _PUNCT_TERMINALS:
            return _PUNCT_TERMINALS[t]
        if t in _CONTENT_ALWAYS:
            return "C"
        if t in ("WORD", "EXCL"):
            return None
    if "IDIOM" in types:
        return None  # "inhale deeply", "a proven track record of on-time appointments"
    if "BUT" in types:
        return "BUT"
    if types & {"NEG", "NEG_QUANT"}:
        return "NEG"
    if at_clause_start and "AUX" in types:
        return "AUX"
    if at_clause_start and "WH" in types:
        return "WH"
    if "IF" in types:
        return "IF"
    if at_clause_start and "ASK" in types:
        return "ASK"
    if "ATTRIBUTION" in types:
        return "REPORT"
    if (
        "REPORT" in types
        and not after_self
        and not (after_evidence and "SHOW" in types)
        and (after_third or third_subject or not types - {"REPORT", "TESTIMONY", "ASK", "SELL"})
    ):
        return "REPORT"
    if after_third and "APPROVED" in types and not types & {"PRODUCT", "SERVICE"} and norm == "approv":
        return "REPORT"  # "FDA approved its first cord blood product in 2011": the agency's act, reported
    if "THIRD_PARTY" in types and not types & {"PRODUCT", "WE", "PATIENT"}:
        return "THIRD"
    if "HEDGE" in types:
        return "HEDGE"
    if types <= {"AUX", "WH", "ASK"}:
        return None
    return "C"


class _TokenFeeder(Lexer):
    """Lark lexer that replays the lexicon's tokens as grammar terminals."""

    def __init__(self, lexer_conf: object) -> None:
        pass

    def lex(self, data: Sequence[tuple[str, int]]) -> Iterator[LarkToken]:  # type: ignore[override]
        for terminal, index in data:
            yield LarkToken(terminal, index)


@functools.cache
def parser() -> Lark:
    """The LALR parser, built once per process.

    Lark caches the analysed tables in the temporary directory (keyed by the
    grammar's hash, never next to the package), so a pre-commit run loads them
    in about a millisecond instead of building them in ten."""
    return Lark(grammar_text(), parser="lalr", lexer=_TokenFeeder, start="start", cache=True)


def _feed(tokens: Sequence[Token]) -> list[tuple[str, int]]:
    """Terminals for the parser, separators collapsed so no clause is empty."""
    out: list[tuple[str, int]] = []
    at_start = True
    after_self = False
    third_subject = False
    prev_types: frozenset[str] = frozenset()
    for i, tok in enumerate(tokens):
        if tok is WORD_TOKEN:
            continue  # an untyped word: filler to the grammar
        types = token_types(tok)
        after_third = bool(out) and out[-1][0] == "THIRD"
        # "studies show", "data suggest": evidence offered, not speech reported.
        after_evidence = bool(prev_types & {"STUDY", "AUTHORITY", "PRECLINICAL"})
        term = _terminal(types, tok.norm, at_start, after_self, after_third, after_evidence, third_subject)
        if term == "THIRD":
            third_subject = True  # "Ads for exosome serums often promise...": a third party speaks
        elif "WE" in types and term == "C":
            third_subject = False  # "..., and we offer": the seller speaks again
        if term is not None and term != "QUOTE":
            prev_types = types
        if term is None:
            continue
        if term in _SEPARATORS or term == "COMMA":
            # No clause or segment may be empty: drop leading and doubled marks.
            if not out or out[-1][0] in _SEPARATORS or out[-1][0] == "COMMA":
                if term == "BUT" and out and out[-1][0] in _SEPARATORS | {"COMMA"}:
                    out[-1] = (term, i)
                continue
            at_start = term != "COMMA" or at_start
            if term != "COMMA":
                at_start = True
                after_self = False
                third_subject = False
            out.append((term, i))
            continue
        if term in ("AUX", "WH", "ASK") and not at_start:
            continue
        if term == "QUOTE":  # an opening quote does not end the clause start
            out.append((term, i))
            continue
        if term in ("AUX", "WH") and out and out[-1][0] == "QUOTE":
            # '"Are exosomes approved?"': the opener goes before the quote mark.
            out.insert(len(out) - 1, (term, i))
            at_start = False
            continue
        at_start = False
        # A verb of saying right after the seller, a patient or the product is
        # their own claim ("we tell", "patients report", "exosomes tell your cells").
        after_self = bool(types & _SUBJECT_SELF) or (after_self and term == "HEDGE")
        out.append((term, i))
    while out and (out[-1][0] in _SEPARATORS or out[-1][0] == "COMMA"):
        out.pop()
    # An opener alone is no clause: read it as content.
    return out


def clone(clauses: Sequence[Clause]) -> list[Clause]:
    """Fresh copies of parsed clauses, so a cached parse can be reused and then marked up."""
    out = []
    for c in clauses:
        words = [
            Word(
                w.token,
                w.types,
                w.negated,
                w.conditional,
                w.reported,
                w.advice,
                w.quoted,
                w.denied_after,
                w.neg_gap,
                w.segment,
                w.quantified,
                w.hedged,
            )
            for w in c.words
        ]
        out.append(
            Clause(
                c.start,
                c.end,
                words,
                c.question,
                c.modal_question,
                c.contrast,
                c.hedged,
                c.attributed,
                c.negators,
            )
        )
    return out


def parse(tokens: Sequence[Token], sentence_end: int) -> list[Clause]:
    """Scope the tokens of one sentence into clauses."""
    fed = _feed(tokens)
    if not fed:
        return []
    if all(term in _PLAIN for term, _ in fed):
        return [_plain_clause(tokens, fed, sentence_end)]
    tree = _skeleton(tuple(term for term, _ in fed))
    if tree is None:
        # A shape the grammar does not know (e.g. an opener with nothing after
        # it): read the sentence as one flat clause rather than fail.
        return [_flat(tokens, fed, sentence_end)]
    return _fold(tree, tokens, [i for _, i in fed], sentence_end)


@functools.lru_cache(maxsize=65536)
def _skeleton(terms: tuple[str, ...]) -> Tree[LarkToken] | None:
    """The parse tree of a terminal sequence, its leaves numbered by position.

    Sentences repeat their shapes far more than their words, so trees are
    cached by shape; `_fold` maps leaf positions back to the sentence's tokens."""
    try:
        return parser().parse([(term, pos) for pos, term in enumerate(terms)])  # type: ignore[arg-type,unused-ignore]
    except LarkError:
        return None


# Terminals that change no scope: a sentence made only of these is one clause
# of asserted words, read without the parser (most marketing sentences).
_PLAIN = frozenset({"C", "COMMA", "HEDGE"})


def _plain_clause(tokens: Sequence[Token], fed: Sequence[tuple[str, int]], end: int) -> Clause:
    clause = Clause(tokens[fed[0][1]].start, end)
    words = clause.words
    segment = 0
    hedged = False
    for term, i in fed:
        if term == "COMMA":
            segment += 1
        elif term == "HEDGE":
            hedged = clause.hedged = True
        else:
            tok = tokens[i]
            words.append(Word(tok, token_types(tok), segment=segment, hedged=hedged))
    return clause


def _flat(tokens: Sequence[Token], fed: Sequence[tuple[str, int]], end: int) -> Clause:
    clause = Clause(tokens[fed[0][1]].start, end)
    for term, i in fed:
        if term not in _PUNCT_TERMINALS.values() and term not in _SEPARATORS:
            clause.words.append(Word(tokens[i], token_types(tokens[i])))
    return clause


def _fold(
    tree: Tree[LarkToken], tokens: Sequence[Token], positions: Sequence[int], sentence_end: int
) -> list[Clause]:
    clauses: list[Clause] = []
    contrast_next = False
    reported = False  # an attribution governs the rest of the sentence...
    advice = False
    quoted = False
    carry_negation = False  # "MYTH: exosomes are FDA-approved"
    for child in tree.children:
        if isinstance(child, Tree) and child.data == "contrast":
            contrast_next = True
            reported = advice = carry_negation = False  # ...until a contrast ("but we offer...")
            continue
        if not isinstance(child, Tree) or child.data != "clause":
            continue
        clause = Clause(0, 0, contrast=contrast_next)
        contrast_next = False
        negated = carry_negation
        carried = carry_negation
        since_neg = 0
        local_until = -1  # token index up to which a noun-quantifying negator reaches
        pending_quant = False  # a quantifier opened the segment: its first noun decides its reach
        hedge_seen = False
        conditional = False
        bare_report = False
        carry_negation = False
        first = True
        segment_no = -1
        for part in child.children:
            if not isinstance(part, Tree):
                continue
            segment_no += 1
            if part.data in ("yes_no_question", "wh_question"):
                clause.question = "yes_no" if part.data == "yes_no_question" else "wh"
                opener_leaf = part.children[0]
                opener = (
                    tokens[positions[int(opener_leaf.value)]]
                    if isinstance(opener_leaf, LarkToken)
                    else tokens[0]
                )
                clause.modal_question = "HEDGE" in token_types(opener)
                continue
            segment_words: list[Word] = []
            for pos, node in enumerate(part.children):
                if not isinstance(node, Tree):
                    continue
                kind = node.data
                leaf = node.children[0]
                idx = positions[int(leaf.value)] if isinstance(leaf, LarkToken) else -1
                tok = tokens[idx] if idx >= 0 else None
                if first and tok is not None:
                    clause.start = tok.start
                    first = False
                if tok is not None:
                    clause.end = tok.end
                types = token_types(tok) if tok is not None else frozenset()
                if pos == 0 and types & _NEW_SUBJECT and "DEMONSTRATIVE" not in types and not carried:
                    # A new subject opens a clause of its own.
                    negated = conditional = bare_report = False
                    local_until = -1
                    if "WE" in types:
                        reported = False  # "What the FDA says, and how our injections help..."
                carried = False
                if kind == "attribution":
                    reported = True
                    clause.attributed = True
                elif kind == "negator":
                    since_neg = 0
                    clause.negators += 1
                    if "NEG_QUANT" in types:
                        # "no side effects", "a zero-gravity chair": the words right after;
                        # "No exosome product is approved": opening the segment, maybe all of it.
                        local_until = idx + 3
                        pending_quant = not segment_words and "NEG_PREP" not in types
                        continue
                    negated = True
                    # "Exosome injections are not approved": the negator denies what its
                    # clause just said of its subject, back to that subject.
                    for w in reversed(segment_words[-3:]):
                        w.denied_after = True
                        if w.types & _NEW_SUBJECT:
                            break
                elif kind == "conditional":
                    conditional = True
                elif kind == "advice":
                    advice = True
                elif kind == "report":
                    if "ATTRIBUTION" in types:
                        reported = True  # "According to the letter, ...": the whole sentence
                    else:
                        bare_report = True  # "products sold for hair loss": this clause only
                    clause.attributed = True
                elif kind == "hedge":
                    clause.hedged = True
                    hedge_seen = True
                elif kind == "quote_mark":
                    quoted = not quoted
                elif kind == "question_mark":
                    if not clause.question:
                        clause.question = "fragment"
                elif kind in ("content", "third_party") and tok is not None:
                    if pending_quant:
                        pending_quant = False
                        if not types & {"RISK", "NATURAL"}:
                            negated = (
                                True  # "No exosome product is approved"; not "no risk ... with our infusion"
                            )
                    if idx <= local_until and types & _CLAIM_ABOUT:
                        negated = True  # "no evidence that...", "no claim that..."
                    neg_here = negated or idx <= local_until
                    word = Word(
                        tok,
                        types,
                        neg_here,
                        conditional,
                        reported or bare_report,
                        advice,
                        quoted,
                        neg_gap=since_neg if neg_here else -1,
                        segment=segment_no,
                        quantified=not negated and idx <= local_until,
                        hedged=hedge_seen,
                    )
                    since_neg += 1
                    clause.words.append(word)
                    segment_words.append(word)
        if clause.question and not _ends_with_qmark(child):
            clause.question = "" if clause.question != "wh" else "wh_statement"
        if not clause.words and clause.negators:
            carry_negation = True  # a bare "MYTH:" or "False:" denies the next clause
        clauses.append(clause)
    if clauses:
        clauses[-1].end = max(clauses[-1].end, sentence_end)
        _attribute_quotes(clauses)
    return clauses


def _attribute_quotes(clauses: list[Clause]) -> None:
    """Reported speech placed after the quote: '"It is completely safe," he said.'

    When the sentence ends in an attribution, everything before it was said by
    somebody else; when it has an attribution anywhere, its quoted words are."""
    last = clauses[-1]
    ends_attributed = last.attributed and not any(
        w.asserted and not w.types & _NEW_SUBJECT for w in last.words if not w.reported
    )
    if not any(c.attributed for c in clauses):
        return
    for c in clauses:
        for w in c.words:
            if ends_attributed or w.quoted:
                w.reported = True


def _ends_with_qmark(clause: Tree[LarkToken]) -> bool:
    for part in reversed(clause.children):
        if isinstance(part, Tree) and part.data == "segment":
            last = part.children[-1]
            return isinstance(last, Tree) and last.data == "question_mark"
    return False
