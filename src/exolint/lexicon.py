"""Lexicon: vocabularies -> one compiled matcher -> typed tokens; the prefilter.

Pipeline position: segment -> **lexicon** -> grammar. Words are matched on a
normalised view (compatibility folding, look-alike letters mapped to Latin,
zero-width characters and soft hyphens dropped, case folded, a light suffix
stemmer), while every token keeps the offsets of its raw characters.

The vocabularies are data (policies/vocabulary.toml and users' policy files);
this module only compiles them: a trie over stemmed word sequences, longest
match first, and one regular expression of first words for the prefilter.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from exolint.model import Token

# Look-alike letters seen on real pages (Cyrillic and Greek for Latin), and
# typographic marks folded to ASCII. NFKC handles ligatures and full-width forms.
_CONFUSABLES: Final = str.maketrans(
    {
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "і": "i",
        "ј": "j",
        "ѕ": "s",
        "ԁ": "d",
        "ӏ": "l",
        "ԛ": "q",
        "ԝ": "w",
        "һ": "h",
        "ɡ": "g",
        "А": "A",
        "В": "B",
        "Е": "E",
        "К": "K",
        "М": "M",
        "Н": "H",
        "О": "O",
        "Р": "P",
        "С": "C",
        "Т": "T",
        "Х": "X",
        "У": "Y",
        "І": "I",
        "Ј": "J",
        "Ѕ": "S",
        "α": "a",
        "ο": "o",
        "ν": "v",
        "ε": "e",
        "ι": "i",
        "κ": "k",
        "τ": "t",
        "ρ": "p",
        "Α": "A",
        "Β": "B",
        "Ε": "E",
        "Ζ": "Z",
        "Η": "H",
        "Ι": "I",
        "Κ": "K",
        "Μ": "M",
        "Ν": "N",
        "Ο": "O",
        "Ρ": "P",
        "Τ": "T",
        "Υ": "Y",
        "Χ": "X",
        "’": "'",
        "‘": "'",
        "ʼ": "'",
        "`": "'",
        "´": "'",
        "“": '"',
        "”": '"',
        "„": '"',
        "\u00ad": None,
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
    }
)

# A word: letters (with invisible joiners inside, which normalisation drops) and
# inner apostrophes; a number; or one punctuation mark the grammar reads.
WORD_RE: Final = re.compile(
    r"\d+(?:[.,]\d+)*"
    r"|(?:[^\W\d_]|[\u00ad\u200b-\u200d\u2060\ufeff])+(?:['’ʼ](?:[^\W\d_])+)*(?:['’](?=\s|$))?"
    r"|[?;:!,\"“”—–$%×·|•]"
)

PUNCT_TYPES: Final[Mapping[str, str]] = {
    "?": "QMARK",
    ";": "SEMI",
    ":": "COLON",
    ",": "COMMA",
    "—": "DASH",
    "–": "DASH",
    "|": "BAR",
    "·": "BAR",
    "•": "BAR",
    '"': "QUOTE",
    "“": "QUOTE",
    "”": "QUOTE",
    "$": "MONEY",
    "%": "PERCENT",
    "×": "TIMES",
    "!": "EXCL",
}

_SUFFIX_KEEP: Final = ("ss", "us", "is", "ous")


def normalize(text: str) -> str:
    """The matching view of a word or phrase: folded, de-confused, case-folded."""
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text.translate(_CONFUSABLES)).translate(_CONFUSABLES)
    return text.casefold()


# Words the suffix rules would merge with another word that matters: "none"
# is not "non", "time" is not "times" (a multiplier), "note" is not "not".
# The one token that stands for every untyped word (see Lexicon._tokenize).
WORD_TOKEN: Final = Token("WORD", "", 0, 0)

_STEM_EXCEPTIONS: Final = {
    "none": "none",
    "note": "note",
    "notes": "note",
    "noted": "note",
    "time": "time",
    "times": "times",
    "its": "its",
    "rate": "rate",
    "rates": "rate",
    "rated": "rate",
    "rating": "rate",
}


def stem(word: str) -> str:
    """A light suffix stemmer: enough to match inflections, never clever."""
    exception = _STEM_EXCEPTIONS.get(word)
    if exception is not None:
        return exception
    w = word
    if w.endswith("'s"):
        w = w[:-2]
    n = len(w)
    if n > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif n > 5 and w.endswith("ing"):
        w = _undouble(w[:-3])
    elif n > 4 and w.endswith("ed") and not w.endswith("eed"):
        w = _undouble(w[:-2])
    elif n > 4 and w.endswith(("ches", "shes", "sses", "xes", "zes")):
        w = w[:-2]
    elif n > 2 and w.endswith("s") and not w.endswith(_SUFFIX_KEEP):
        w = w[:-1]
    if len(w) > 3 and w.endswith("e"):
        w = w[:-1]
    return w


def _undouble(w: str) -> str:
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "lsz":
        return w[:-1]
    return w


@dataclass(frozen=True, slots=True)
class Word:
    """A word of a sentence: its stem for matching and its raw offsets."""

    key: str
    start: int
    end: int


_KEYS: dict[str, str] = {}  # raw word -> matching key; words repeat, normalising is not free
_KEYS_MAX: Final = 200_000
_CACHE_MAX: Final = 50_000  # sentences whose tokens are remembered


def word_key(raw: str) -> str:
    """The matching key of one raw word (memoised; bounded)."""
    key = _KEYS.get(raw)
    if key is None:
        key = raw if raw in PUNCT_TYPES else stem(normalize(raw))
        if len(_KEYS) >= _KEYS_MAX:
            _KEYS.clear()
        _KEYS[raw] = key
    return key


def words(text: str) -> list[Word]:
    """Split text into matchable words; hyphens and slashes separate words."""
    out: list[Word] = []
    for m in WORD_RE.finditer(text):
        key = word_key(m.group())
        if key:  # a run of invisible characters normalises to nothing
            out.append(Word(key, m.start(), m.end()))
    return out


@functools.lru_cache(maxsize=16384)
def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(w.key for w in words(phrase))


def phrase_pattern(terms: Iterable[str]) -> str:
    """A regex alternation of whole phrases, each word a stem plus any ending."""
    phrases = {r"\W+".join(re.escape(k) + r"\w*" for k in key) for key in map(_phrase_key, terms) if key}
    return r"\b(?:" + "|".join(sorted(phrases, key=len, reverse=True)) + r")\b"


class TermCounter:
    """Counts vocabulary phrases by group in one regex pass, without tokenising.

    Page profiles (does this page sell or report?) need only rough counts, so a
    C-speed scan of the normalised text is enough."""

    def __init__(self, groups: Mapping[str, Iterable[str]]) -> None:
        self.names = tuple(groups)
        self._groups = {name: tuple(terms) for name, terms in groups.items()}
        self._re: re.Pattern[str] | None = None  # compiled on first use: only huge pages need it

    def count(self, text: str, into: dict[str, int]) -> None:
        if self._re is None:
            self._re = re.compile(
                "|".join(f"(?P<{name}>{phrase_pattern(terms)})" for name, terms in self._groups.items())
            )
        for m in self._re.finditer(normalize(text)):
            name = m.lastgroup
            if name is not None:
                into[name] = into.get(name, 0) + 1


class Lexicon:
    """One compiled matcher over every vocabulary: a trie of stemmed word sequences."""

    def __init__(self, vocabulary: Mapping[str, Iterable[str]], trigger_types: Iterable[str]) -> None:
        self._trie: dict[str, Any] = {}
        self._cache: OrderedDict[str, tuple[Token, ...]] = OrderedDict()
        self.types: frozenset[str] = frozenset(vocabulary)
        for type_, terms in vocabulary.items():
            for term in terms:
                key = _phrase_key(term)
                if key:
                    self._insert(key, type_)
        triggers = set(trigger_types)
        firsts: set[str] = set()
        for type_ in triggers & set(vocabulary):
            for term in vocabulary[type_]:
                key = _phrase_key(term)
                if key and key[0].isalpha():
                    # A stem of up to three letters ("iv", "ev", "ms") must be the
                    # whole word, or "every" and "event" would pass the prefilter.
                    short = len(key[0]) <= 3
                    firsts.add(re.escape(key[0]) + (r"s?\b" if short else ""))
        # Word-prefix search on the normalised text: a unit with no trigger is
        # never tokenised further (the prefilter the design asks for).
        self._prefilter = re.compile(r"\b(?:" + "|".join(sorted(firsts, key=len, reverse=True)) + ")")

    def _insert(self, key: Sequence[str], type_: str) -> None:
        node = self._trie
        for part in key:
            node = node.setdefault(part, {})
        # The node's token type: every vocabulary type of the phrase, joined.
        types = set(node.get("", "").split("|")) - {""}
        node[""] = "|".join(sorted(types | {type_}))

    def may_match(self, text: str) -> bool:
        """The prefilter: could any trigger term occur in this text?"""
        return self._prefilter.search(normalize(text)) is not None

    def tokenize(self, text: str) -> list[Token]:
        """Typed tokens of a sentence (memoised: sites repeat their sentences page after page)."""
        cache = self._cache
        tokens = cache.get(text)
        if tokens is None:
            tokens = self._tokenize(text)
            if len(cache) >= _CACHE_MAX:
                cache.popitem(last=False)  # least recently used
            cache[text] = tokens
        else:
            cache.move_to_end(text)
        return list(tokens)

    def _tokenize(self, text: str) -> tuple[Token, ...]:
        """Typed tokens of a sentence; untyped words become type WORD.

        The hot loop of the linter. Untyped words are all one shared WORD token:
        the grammar drops them, and only their count (distances between
        words) matters, so no object is built per ordinary word."""
        matches = list(WORD_RE.finditer(text))
        key_of = word_key
        keys = [key_of(m.group()) for m in matches]
        if "" in keys:  # a run of invisible characters normalises to nothing
            pairs = [(k, m) for k, m in zip(keys, matches, strict=True) if k]
            keys = [k for k, _ in pairs]
            matches = [m for _, m in pairs]
        out: list[Token] = []
        append = out.append
        i, n = 0, len(keys)
        trie = self._trie
        get = trie.get
        while i < n:
            node = get(keys[i])
            best_j, best_type = -1, ""
            j = i + 1
            while node is not None:
                type_ = node.get("")
                if type_:
                    best_j, best_type = j, type_
                if j >= n:
                    break
                node = node.get(keys[j])
                j += 1
            if best_j > 0:
                norm = keys[i] if best_j == i + 1 else " ".join(keys[i:best_j])
                append(Token(best_type, norm, matches[i].start(), matches[best_j - 1].end()))
                i = best_j
                continue
            # Not the start of any phrase here: punctuation, a number, or a word.
            key = keys[i]
            ptype = PUNCT_TYPES.get(key)
            if ptype is None and key[0].isdigit():
                ptype = "NUM"
            if ptype is None:
                append(WORD_TOKEN)
            else:
                m = matches[i]
                append(Token(ptype, key, m.start(), m.end()))
            i += 1
        return tuple(out)
