"""The linting pipeline in one call: Document -> findings.

sources -> segment -> lexicon -> grammar -> context -> frames -> policy. This
module only wires the stages; each lives in its own module. An `Engine` is
built once per policy (vocabulary compiled, parser built) and is cheap to
call per document.
"""

from __future__ import annotations

import functools
import gc
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from exolint.context import DocumentContext
from exolint.frames import FRAMES, read_frames
from exolint.grammar import Clause, clone, parse
from exolint.lexicon import Lexicon, TermCounter
from exolint.model import Document, Finding, Frame, Region, Sentence, Token, Unit, UnitKind
from exolint.policy.evaluate import PREDICATES, FrameFacts, rule_applies, select_rules
from exolint.policy.load import default_policy, load_policy
from exolint.policy.schema import Policy, Rule
from exolint.segment import sentences_of

# Token types whose presence lets a sentence through the prefilter.
TRIGGER_TYPES = frozenset(
    {
        "CONDITION",
        "SERIOUS",
        "COVID",
        "TREAT",
        "HELP",
        "SF_VERB",
        "SF_NOUN",
        "ROUTE",
        "INHALED",
        "MICRONEEDLING",
        "APPROVED",
        "REGISTERED",
        "EXEMPT",
        "LEGAL",
        "IRB",
        "PAID_RESEARCH",
        "SAFE",
        "RISK",
        "NATURAL",
        "COMPARE",
        "COMPARATOR",
        "PROOF",
        "PRECLINICAL",
        "GUARANTEE",
        "PERMANENT",
        "TIME_PREP",
        "OUTCOME",
        "TESTIMONY",
        "PRODUCT",
        "OTHER_PRODUCT",
    }
)


# Token types that cannot make or frame a claim on their own.
FUNCTION_TYPES = frozenset(
    {
        "WORD",
        "NUM",
        "COMMA",
        "QMARK",
        "SEMI",
        "COLON",
        "DASH",
        "BAR",
        "QUOTE",
        "MONEY",
        "PERCENT",
        "TIMES",
        "EXCL",
        "AUX",
        "WH",
        "HEDGE",
        "DEMONSTRATIVE",
        "PRON",
        "YOU",
        "IF",
        "BUT",
        "TIME_PREP",
        "TIME_UNIT",
        "SEQUENCE",
        "INTO",
    }
)

# Pages up to this many characters of visible text are tokenised in one pass
# up front (exact page profile); longer ones are profiled by a regex scan.
PRETOKENIZE_CHARS = 2_000_000
PARSE_CACHE = 50_000  # sentences whose parse is remembered
_UNTYPED = frozenset({"WORD", "NUM", "COMMA", "QMARK", "SEMI", "COLON", "DASH", "BAR", "QUOTE", "EXCL"})


class _GroupIndex(dict[str, tuple[str, ...]]):
    """Token-type string -> the profile groups it counts toward (memoised)."""

    def __init__(self, groups: dict[str, tuple[str, ...]]) -> None:
        super().__init__()
        self._groups = groups

    def __missing__(self, type_: str) -> tuple[str, ...]:
        types = set(type_.split("|"))
        found = tuple(name for name, members in self._groups.items() if types & set(members))
        self[type_] = found
        return found


# A page reports rather than sells when its reporting words (attribution,
# third parties, trial language) outnumber its selling words this many times.
REPORTING_RATIO = 2.6  # counted by the regex scan of huge pages
REPORTING_RATIO_TOKENS = 4.3  # counted on tokens (exact phrases, no overlaps)
# On a reporting page, a passage within this many units of a selling cue
# ("Sponsored", "Book a consultation", "use my code") is read as selling.
SELL_WINDOW = 5


@dataclass(frozen=True, slots=True)
class PageProfile:
    """Whole-page signals, counted cheaply before the sentence-by-sentence pass."""

    about_products: bool  # regenerative products outnumber other products
    reporting: bool  # news, explainer, review, trial page: reports claims rather than makes them


@dataclass(slots=True)
class _Pending:
    unit_id: int
    unit: Unit
    parsed: list[tuple[Sentence, list[Clause]]]
    types: frozenset[str]


@dataclass(frozen=True, slots=True)
class LintedSentence:
    """A sentence and what the engine read in it (for reports and debugging)."""

    unit: Unit
    sentence: Sentence
    frames: tuple[Frame, ...]
    reporting_page: bool = False  # the page reports (news, review); this passage sells nonetheless


class Engine:
    """A compiled policy: vocabulary matcher, parser and selected rules."""

    def __init__(
        self, policy: Policy, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
    ) -> None:
        self.policy = policy
        vocab = {k: v.terms for k, v in policy.vocabulary.items()}
        self.lexicon = Lexicon(vocab, TRIGGER_TYPES)
        self.product_gate = Lexicon({"PRODUCT": vocab.get("PRODUCT", ())}, {"PRODUCT"})
        groups = {
            "promo": ("WE", "SELL"),
            "report": ("REPORT", "THIRD_PARTY", "INVESTIGATIONAL", "ACADEMIC"),
            "other": ("OTHER_PRODUCT",),
            "product": ("PRODUCT",),
        }
        self._counter = TermCounter(
            {name: [term for t in types for term in vocab.get(t, ())] for name, types in groups.items()}
        )
        self._groups: _GroupIndex = _GroupIndex(groups)
        self._parses: OrderedDict[str, tuple[frozenset[str], tuple[Clause, ...]]] = OrderedDict()
        chosen = {rule.code for rule in select_rules(policy.rules, select, ignore)}
        # Frame name -> the selected rules it feeds, in code order.
        self.rules: dict[str, tuple[Rule, ...]] = {
            frame: tuple(r for r in rules if r.code in chosen)
            for frame, rules in policy.rules_by_frame().items()
        }

    def lint(self, doc: Document) -> list[Finding]:
        """Findings for one document, sorted by position then code."""
        findings: dict[tuple[str, int, int], Finding] = {}
        occurrences: dict[tuple[str, str], int] = {}
        for item in self.read(doc):
            seen: set[str] = set()
            region: Region | None = None  # one region serves every finding on the sentence
            for frame in item.frames:
                facts = FrameFacts(frame, item)
                for rule in self.rules.get(frame.name, ()):
                    if rule.code in seen or not rule_applies(rule, facts):
                        continue
                    seen.add(rule.code)
                    if region is None:
                        region = _region(doc, item)
                    finding = self._finding(doc, item, frame, rule, occurrences, region)
                    findings.setdefault(
                        (rule.code, finding.region.char_offset, finding.region.char_length), finding
                    )
        return sorted(findings.values(), key=lambda f: (f.region.char_offset, f.code))

    def read(self, doc: Document) -> Iterator[LintedSentence]:
        """Every sentence of the document with the frames it asserts.

        Units are read in order with a look-ahead of SELL_WINDOW units (so a
        sponsored block's closing "Book now" reaches its first claims); memory
        stays bounded however long the document is."""
        if not any(self.product_gate.may_match(u.text) for u in doc.units):
            return  # nothing about a regenerative product: out of scope (TAXONOMY)
        # Pages of ordinary size are tokenised once up front, which also gives
        # exact counts for the page profile; a huge file is profiled by a regex
        # scan instead, so that its tokens never all sit in memory at once.
        tokenized: list[list[tuple[Sentence, list[Token]]]] | None = None
        if sum(len(u.text) for u in doc.units) <= PRETOKENIZE_CHARS:
            tokenized = [self._tokenize_unit(u) for u in doc.units]
            page = self._profile_tokens(tokenized)
        else:
            page = self.profile(doc)
        ctx = DocumentContext(default_in_scope=page.about_products)
        pending: deque[_Pending] = deque()
        sells: deque[int] = deque()
        for unit_id, unit in enumerate(doc.units):
            pre = tokenized[unit_id] if tokenized is not None else self._tokenize_unit(unit)
            entry = self._parse_unit(unit_id, unit, pre)
            if "SELL" in entry.types:
                sells.append(unit_id)
            pending.append(entry)
            while pending and pending[0].unit_id <= unit_id - SELL_WINDOW:
                yield from self._evaluate(pending.popleft(), ctx, page, sells, pending)
        while pending:
            yield from self._evaluate(pending.popleft(), ctx, page, sells, pending)

    def _tokenize_unit(self, unit: Unit) -> list[tuple[Sentence, list[Token]]]:
        if not self.lexicon.may_match(unit.text):
            return []
        tokenize = self.lexicon.tokenize
        return [(s, tokenize(s.text)) for s in sentences_of(unit.text)]

    def _profile_tokens(self, tokenized: list[list[tuple[Sentence, list[Token]]]]) -> PageProfile:
        counts = dict.fromkeys(self._counter.names, 0)
        groups = self._groups
        for sentences in tokenized:
            for _, tokens in sentences:
                for tok in tokens:
                    if tok.type in _UNTYPED:
                        continue
                    for name in groups[tok.type]:
                        counts[name] += 1
        return self._page(counts, REPORTING_RATIO_TOKENS)

    def _parse_unit(self, unit_id: int, unit: Unit, pre: list[tuple[Sentence, list[Token]]]) -> _Pending:
        if not pre:
            return _Pending(unit_id, unit, [], frozenset())
        parsed = []
        types: set[str] = set()
        cache = self._parses
        for sentence, tokens in pre:
            # A site repeats its sentences page after page: a sentence is parsed
            # once and its clauses copied after that.
            hit = cache.get(sentence.text)
            if hit is None:
                sentence_types = frozenset(t for tok in tokens for t in tok.type.split("|"))
                # A sentence of nothing but function words asserts nothing: never parsed.
                template = (
                    () if sentence_types <= FUNCTION_TYPES else tuple(parse(tokens, len(sentence.text)))
                )
                if len(cache) >= PARSE_CACHE:
                    cache.popitem(last=False)  # least recently used
                hit = cache[sentence.text] = (sentence_types, template)
            else:
                cache.move_to_end(sentence.text)
            types.update(hit[0])
            # Shared, not copied: clauses are read-only from here on, except on a
            # reporting page, where _evaluate copies them before marking quotes.
            parsed.append((sentence, list(hit[1])))
        # A selling cue counts only when the copy itself says it, not a quote
        # or a report of what someone else offers.
        if "SELL" in types and not any(
            "SELL" in w.types and w.asserted and not w.quoted
            for _, clauses in parsed
            for c in clauses
            for w in c.words
        ):
            types.discard("SELL")
        return _Pending(unit_id, unit, parsed, frozenset(types))

    def _evaluate(
        self,
        entry: _Pending,
        ctx: DocumentContext,
        page: PageProfile,
        sells: deque[int],
        ahead: deque[_Pending],
    ) -> Iterator[LintedSentence]:
        while sells and sells[0] < entry.unit_id - SELL_WINDOW:
            sells.popleft()
        selling = not page.reporting or any(abs(i - entry.unit_id) <= SELL_WINDOW for i in sells)
        ctx.start_unit(entry.unit, entry.types)
        unit = entry.unit
        last = len(entry.parsed) - 1
        for n, (sentence, clauses) in enumerate(entry.parsed):
            if page.reporting and any(w.quoted for c in clauses for w in c.words):
                clauses = clone(clauses)
                _quotes_are_mentions(clauses)
            colon = n == last and unit.text.rstrip().endswith(":")
            sctx = ctx.sentence(
                unit, clauses, colon, leads_list=(lambda: _leads_conditions(ahead)) if n == last else None
            )
            if not selling or not clauses:
                continue
            frames = read_frames(clauses, sctx)
            if frames:
                yield LintedSentence(unit, sentence, tuple(frames), page.reporting)

    def profile(self, doc: Document) -> PageProfile:
        """Count the page's selling, reporting and product words (one regex pass a unit)."""
        counts = dict.fromkeys(self._counter.names, 0)
        self._counter.count("\n".join(u.text for u in doc.units), counts)
        return self._page(counts)

    @staticmethod
    def _page(counts: dict[str, int], ratio: float = REPORTING_RATIO) -> PageProfile:
        return PageProfile(
            about_products=counts["product"] >= counts["other"],
            reporting=counts["report"] >= ratio * (counts["promo"] + 1),
        )

    def _finding(
        self,
        doc: Document,
        item: LintedSentence,
        frame: Frame,
        rule: Rule,
        occurrences: dict[tuple[str, str], int],
        region: Region,
    ) -> Finding:
        sentence = item.sentence
        key = (rule.code, sentence.text)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        return Finding.of_rule(
            rule,
            doc.path,
            region,
            sentence.text,
            occurrence=occurrence,
            terms=_surface_terms(sentence.text, frame),
        )


def _region(doc: Document, item: LintedSentence) -> Region:
    """Where a sentence stands in the raw file (line/column and offsets)."""
    unit, sentence = item.unit, item.sentence
    return doc.region(*unit.offsets.raw_span(sentence.start, sentence.end), paragraph=unit.paragraph)


def _surface_terms(text: str, frame: Frame) -> tuple[str, ...]:
    """The trigger words as the copy spells them ("FDA-approved", not the stem "fda approv")."""
    if not frame.spans:
        return frame.terms
    return tuple(dict.fromkeys(text[a:b] for a, b in frame.spans if 0 <= a < b <= len(text)))


def _leads_conditions(ahead: deque[_Pending]) -> bool:
    """Do the next few units list conditions (so a lead-in like "What we treat" introduces them)?"""
    for n, entry in enumerate(ahead):
        if n >= 4:
            break
        if entry.unit.kind in (UnitKind.LIST_ITEM, UnitKind.TABLE_CELL, UnitKind.HEADING) and (
            entry.types & {"CONDITION", "SERIOUS", "COVID"}
        ):
            return True
    return False


def _quotes_are_mentions(clauses: list[Clause]) -> None:
    """On a page that reports, quoted claims are mentioned, not made ('"100% safe" is a red flag')."""
    for clause in clauses:
        for word in clause.words:
            if word.quoted:
                word.reported = True


def tune_gc() -> None:
    """Make the cyclic garbage collector run less often, for a linting process.

    Linting allocates many small objects that die young and form no cycles
    (tokens, words, clauses), while the engine's caches keep many alive; with
    the default thresholds the collector rescans those again and again, which
    costs about a fifth of the time on dense copy. Called by the command line
    and the batch workers, not on import: a library should not change a
    process-wide setting unasked."""
    gc.set_threshold(50_000, 20, 20)


@functools.cache
def default_engine() -> Engine:
    return Engine(default_policy())


def build_engine(
    policies: Iterable[str] = (), *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> Engine:
    """An engine for the packaged policy plus users' policy files."""
    extra = tuple(policies)
    policy = (
        load_policy(extra, known_frames=FRAMES, known_predicates=PREDICATES) if extra else default_policy()
    )
    if not extra and select is None and ignore is None:
        return default_engine()
    return Engine(policy, select=select, ignore=ignore)


def lint_document(
    doc: Document, *, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Lint one document with the packaged policy; findings sorted by position then code."""
    return build_engine(select=select, ignore=ignore).lint(doc)
