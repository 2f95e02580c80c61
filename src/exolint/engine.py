"""The linting pipeline in one call: Document -> findings.

sources -> segment -> lexicon -> grammar -> context -> frames -> policy. This
module only wires the stages; each lives in its own module. An `Engine` is
built once per policy (vocabulary compiled, parser built) and is cheap to
call per document.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from exolint.context import DocumentContext
from exolint.fingerprint import fingerprint
from exolint.frames import FRAMES, read_frames
from exolint.grammar import parse
from exolint.lexicon import Lexicon
from exolint.model import Document, Finding, Frame, Region, Sentence, Unit
from exolint.policy.evaluate import PREDICATES, FrameFacts, rule_applies, select_rules
from exolint.policy.load import default_policy, load_policy
from exolint.policy.schema import Policy, Rule
from exolint.segment import split_sentences

# Token types whose presence lets a sentence through the prefilter.
TRIGGER_TYPES = frozenset({
    "CONDITION", "SERIOUS", "COVID", "TREAT", "HELP", "SF_VERB", "SF_NOUN", "ROUTE", "INHALED",
    "MICRONEEDLING", "APPROVED", "REGISTERED", "EXEMPT", "LEGAL", "IRB", "PAID_RESEARCH", "SAFE",
    "RISK", "NATURAL", "COMPARE", "COMPARATOR", "PROOF", "PRECLINICAL", "GUARANTEE", "PERMANENT",
    "TIME_PREP", "OUTCOME", "TESTIMONY", "PRODUCT", "OTHER_PRODUCT",
})


@dataclass(frozen=True, slots=True)
class LintedSentence:
    """A sentence and what the engine read in it (for reports and debugging)."""

    unit: Unit
    sentence: Sentence
    frames: tuple[Frame, ...]


class Engine:
    """A compiled policy: vocabulary matcher, parser and selected rules."""

    def __init__(self, policy: Policy, *, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None) -> None:
        self.policy = policy
        vocab = {k: v.terms for k, v in policy.vocabulary.items()}
        self.lexicon = Lexicon(vocab, TRIGGER_TYPES)
        self.product_gate = Lexicon({"PRODUCT": vocab.get("PRODUCT", ())}, {"PRODUCT"})
        self.rules: dict[str, tuple[Rule, ...]] = {}
        chosen = select_rules(policy.rules, select, ignore)
        for rule in chosen:
            for frame in rule.frames:
                self.rules.setdefault(frame, ())
                self.rules[frame] += (rule,)

    def lint(self, doc: Document) -> list[Finding]:
        """Findings for one document, sorted by position then code."""
        findings: dict[tuple[str, int, int], Finding] = {}
        occurrences: dict[tuple[str, str], int] = {}
        for item in self.read(doc):
            seen: set[str] = set()
            for frame in item.frames:
                facts = FrameFacts(frame, item)
                for rule in self.rules.get(frame.name, ()):
                    if rule.code in seen or not rule_applies(rule, facts):
                        continue
                    seen.add(rule.code)
                    finding = self._finding(doc, item, frame, rule, occurrences)
                    findings.setdefault((rule.code, finding.region.char_offset, finding.region.char_length),
                                        finding)
        return sorted(findings.values(), key=lambda f: (f.region.char_offset, f.code))

    def read(self, doc: Document) -> Iterator[LintedSentence]:
        """Every sentence of the document with the frames it asserts."""
        if not any(self.product_gate.may_match(u.text) for u in doc.units):
            return  # nothing about a regenerative product: out of scope (TAXONOMY)
        ctx = DocumentContext(default_in_scope=self._about_products(doc))
        for unit_id, unit in enumerate(doc.units):
            if not self.lexicon.may_match(unit.text):
                ctx.start_unit(unit, unit_id, frozenset())
                continue
            sentences = list(split_sentences(unit.text))
            parsed = []
            unit_types: set[str] = set()
            for sentence in sentences:
                tokens = self.lexicon.tokenize(sentence.text)
                for tok in tokens:
                    unit_types.update(tok.type.split("|"))
                parsed.append((sentence, parse(tokens, len(sentence.text))))
            ctx.start_unit(unit, unit_id, frozenset(unit_types))
            for n, (sentence, clauses) in enumerate(parsed):
                colon = n == len(parsed) - 1 and unit.text.rstrip().endswith(":")
                sctx = ctx.sentence(unit, clauses, colon)
                frames = read_frames(clauses, sctx) if clauses else []
                if frames:
                    yield LintedSentence(unit, sentence, tuple(frames))

    def _about_products(self, doc: Document) -> bool:
        """Is the page as a whole about regenerative products rather than other services?"""
        product = other = 0
        for unit in doc.units:
            if not self.lexicon.may_match(unit.text):
                continue
            for tok in self.lexicon.tokenize(unit.text):
                if "PRODUCT" in tok.type:
                    product += 1
                elif "OTHER_PRODUCT" in tok.type:
                    other += 1
        return product >= other

    def _finding(self, doc: Document, item: LintedSentence, frame: Frame, rule: Rule,
                 occurrences: dict[tuple[str, str], int]) -> Finding:
        unit, sentence = item.unit, item.sentence
        raw_start, raw_end = unit.offsets.raw_span(sentence.start, sentence.end)
        sl, sc = doc.position(raw_start)
        el, ec = doc.position(raw_end)
        key = (rule.code, sentence.text)
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        return Finding(
            code=rule.code,
            name=rule.name,
            category=rule.category,
            severity=rule.severity,
            message=rule.message,
            path=doc.path,
            region=Region(start_line=sl, start_column=sc, end_line=el, end_column=ec,
                          char_offset=raw_start, char_length=raw_end - raw_start,
                          paragraph=unit.paragraph),
            sentence=sentence.text,
            terms=frame.terms,
            fingerprint=fingerprint(rule.code, sentence.text, occurrence),
        )


@functools.cache
def default_engine() -> Engine:
    return Engine(default_policy())


def build_engine(policies: Iterable[str] = (), *, select: Iterable[str] | None = None,
                 ignore: Iterable[str] | None = None) -> Engine:
    """An engine for the packaged policy plus users' policy files."""
    extra = tuple(policies)
    policy = (load_policy(extra, known_frames=FRAMES, known_predicates=PREDICATES)
              if extra else default_policy())
    if not extra and select is None and ignore is None:
        return default_engine()
    return Engine(policy, select=select, ignore=ignore)


def lint_document(doc: Document, *, select: Iterable[str] | None = None,
                  ignore: Iterable[str] | None = None) -> list[Finding]:
    """Lint one document with the packaged policy; findings sorted by position then code."""
    return build_engine(select=select, ignore=ignore).lint(doc)
