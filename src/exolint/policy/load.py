"""Read policy files into one validated `Policy`.

The packaged `fda.toml` (and `vocabulary.toml`, when present) are read through
`exolint.resources` (importlib.resources, so wheels and editable installs
behave alike); users' files follow in order. Later files add sources, facts,
rules and vocabulary terms; a rule whose code already exists is merged onto the
earlier one key by key, so `code = "EXO403"` plus `severity = "error"` is a
complete override.

Every problem is a `PolicyError` of one line naming the file, the key path and
what was expected, e.g. `policies/fda.toml: rule[3] (EXO401).citations[1]:
unknown source 'fda-2019'` (yamllint's config errors are the model).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
import pickle
import tempfile
import tomllib
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, TypeVar

import pydantic
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from exolint import __version__
from exolint.errors import PolicyError
from exolint.policy.schema import (
    CITABLE_CONFIDENCE,
    Fact,
    Meta,
    Policy,
    PolicyFile,
    Rule,
    Source,
    TriageWeights,
    VocabularyEntry,
)
from exolint.resources import policy_file

PACKAGED_FILES: Final = ("fda.toml", "vocabulary.toml")
_REQUIRED_PACKAGED: Final = "fda.toml"
_M = TypeVar("_M", bound=BaseModel)


def load_policy(
    extra: Sequence[str | Path] = (),
    *,
    known_frames: Collection[str] | None = None,
    known_predicates: Collection[str] | None = None,
) -> Policy:
    """Load the packaged policy plus `extra` files, in order, and validate the merge.

    `known_frames` / `known_predicates` are the grammar aliases and predicate
    names the engine implements; rules naming others are errors. None skips
    that check.
    """
    builder = _Builder()
    for name in PACKAGED_FILES:
        resource = policy_file(name)
        if not resource.is_file():
            if name == _REQUIRED_PACKAGED:
                raise PolicyError("packaged policy file is missing from the installation", path=name)
            continue
        builder.add(f"policies/{name}", resource.read_bytes())
    for item in extra:
        path = Path(item)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise PolicyError("policy file not found", path=str(item)) from None
        except OSError as exc:
            raise PolicyError(f"cannot read policy file: {exc.strerror}", path=str(item)) from None
        builder.add(str(item), data)
    return builder.build(known_frames=known_frames, known_predicates=known_predicates)


@functools.cache
def default_policy() -> Policy:
    """The packaged policy only, built once per process.

    Validating the packaged files costs about 30 ms, a tenth of a pre-commit
    run; the validated policy is therefore kept in the user's cache folder,
    keyed by the files' content and the exolint and pydantic versions, and
    reloaded from there. A cache that cannot be read or written is ignored."""
    key = _cache_key()
    cached = _read_cache(key)
    if cached is not None:
        return cached
    policy = load_policy()
    _write_cache(key, policy)
    return policy


def _cache_dir() -> Path:
    base = os.environ.get("EXOLINT_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME")
    return Path(base) / "exolint" if base else Path.home() / ".cache" / "exolint"


def _cache_key() -> str:
    digest = hashlib.sha256(f"{__version__}\0{pydantic.VERSION}".encode())
    for name in PACKAGED_FILES:
        resource = policy_file(name)
        if resource.is_file():
            digest.update(name.encode() + b"\0" + resource.read_bytes())
    return digest.hexdigest()[:32]


def _read_cache(key: str) -> Policy | None:
    try:
        with (_cache_dir() / f"policy-{key}.pickle").open("rb") as f:
            policy = pickle.load(f)
    except Exception:
        return None
    return policy if isinstance(policy, Policy) else None


def _write_cache(key: str, policy: Policy) -> None:
    """Write atomically (temp file, then rename): parallel hook processes may race."""
    try:
        folder = _cache_dir()
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".policy-", delete=False) as f:
            pickle.dump(policy, f, protocol=pickle.HIGHEST_PROTOCOL)
        Path(f.name).replace(folder / f"policy-{key}.pickle")
    except Exception:
        return


@dataclass(frozen=True, slots=True)
class _Origin:
    """Where an entry was defined, for error messages."""

    path: str
    key: str  # "rule[3] (EXO401)", "fact.no-approved-exosome-products"


class _Builder:
    """Accumulates files in order; `build` runs the whole-policy checks."""

    def __init__(self) -> None:
        self.files: list[str] = []
        self.meta: Meta | None = None
        self.sources: dict[str, Source] = {}
        self.facts: dict[str, tuple[Fact, _Origin]] = {}
        self.vocabulary: dict[str, VocabularyEntry] = {}
        # code -> (merged raw table, validated rule, origin of the last definition)
        self.rules: dict[str, tuple[dict[str, Any], Rule, _Origin]] = {}
        self.triage_table: dict[str, Any] = {}
        self.triage: TriageWeights | None = None

    def add(self, path: str, data: bytes) -> None:
        try:
            raw = tomllib.loads(data.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise PolicyError(f"not UTF-8 text (byte {exc.start})", path=path) from None
        except tomllib.TOMLDecodeError as exc:
            raise PolicyError(f"invalid TOML: {exc}", path=path) from None
        parsed = _validate(PolicyFile, raw, path, prefix="")
        self.files.append(path)
        if self.meta is None and parsed.meta is not None:
            self.meta = parsed.meta
        self.sources.update(parsed.source)
        for key, fact in parsed.fact.items():
            self.facts[key] = (fact, _Origin(path, f"fact.{key}"))
        for key, entry in parsed.vocabulary.items():
            self._add_vocabulary(key, entry)
        self._add_rules(path, parsed.rule)
        if parsed.triage is not None:
            self._add_triage(path, parsed.triage)

    def _add_triage(self, path: str, table: dict[str, Any]) -> None:
        # Key by key, one level deep, so a user's file can change one weight
        # (`[triage.category] route = 5.0`) without restating the table.
        merged = dict(self.triage_table)
        for key, value in table.items():
            old = merged.get(key)
            merged[key] = {**old, **value} if isinstance(old, dict) and isinstance(value, dict) else value
        self.triage = _validate(TriageWeights, merged, path, prefix="triage")
        self.triage_table = merged

    def _add_vocabulary(self, key: str, entry: VocabularyEntry) -> None:
        old = self.vocabulary.get(key)
        if old is None:
            self.vocabulary[key] = entry
            return
        self.vocabulary[key] = VocabularyEntry(
            description=entry.description or old.description,
            terms=old.terms + entry.terms,
        )

    def _add_rules(self, path: str, tables: list[dict[str, Any]]) -> None:
        seen: dict[str, int] = {}
        for index, table in enumerate(tables):
            code = table.get("code")
            label = f"rule[{index}] ({code})" if isinstance(code, str) else f"rule[{index}]"
            if isinstance(code, str):
                if code in seen:
                    raise PolicyError(
                        f"{label}.code: duplicate code {code} (already defined at rule[{seen[code]}])",
                        path=path,
                    )
                seen[code] = index
            earlier = self.rules.get(code) if isinstance(code, str) else None
            merged = {**earlier[0], **table} if earlier else table
            rule = _validate(Rule, merged, path, prefix=label)
            self.rules[rule.code] = (merged, rule, _Origin(path, label))

    def build(
        self,
        *,
        known_frames: Collection[str] | None,
        known_predicates: Collection[str] | None,
    ) -> Policy:
        rules = sorted(self.rules.values(), key=lambda item: item[1].code)
        names: dict[str, str] = {}
        for _, rule, origin in rules:
            for i, key in enumerate(rule.citations):
                _check_citation(self.sources, key, origin, f"citations[{i}]")
            _check_known(rule.frames, known_frames, "frame", origin, "frames")
            _check_known(rule.when, known_predicates, "predicate", origin, "when")
            _check_known(rule.unless, known_predicates, "predicate", origin, "unless")
            for field_name, key in [("name", rule.name)] + [
                (f"aliases[{i}]", a) for i, a in enumerate(rule.aliases)
            ]:
                owner = names.setdefault(key.casefold(), rule.code)
                if owner != rule.code:
                    raise PolicyError(
                        f"{origin.key}.{field_name}: {key!r} already names {owner}", path=origin.path
                    )
        for fact, origin in self.facts.values():
            for i, key in enumerate(fact.sources):
                _check_citation(self.sources, key, origin, f"sources[{i}]")
        for _, rule, origin in rules:
            for i, alias in enumerate(rule.aliases):
                if alias.upper() in self.rules and alias.upper() != rule.code:
                    raise PolicyError(
                        f"{origin.key}.aliases[{i}]: {alias!r} is the code of another rule", path=origin.path
                    )
        return Policy(
            rules=tuple(rule for _, rule, _ in rules),
            sources=dict(self.sources),
            facts={key: fact for key, (fact, _) in self.facts.items()},
            vocabulary=dict(self.vocabulary),
            meta=self.meta or Meta(),
            files=tuple(self.files),
            triage=self.triage,
        )


def _check_citation(sources: dict[str, Source], key: str, origin: _Origin, where: str) -> None:
    source = sources.get(key)
    if source is None:
        close = difflib.get_close_matches(key, list(sources), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise PolicyError(f"{origin.key}.{where}: unknown source {key!r}{hint}", path=origin.path)
    if source.confidence not in CITABLE_CONFIDENCE:
        raise PolicyError(
            f"{origin.key}.{where}: source {key!r} has confidence {source.confidence!r}; "
            "expected a primary or secondary source",
            path=origin.path,
        )


def _check_known(
    names: tuple[str, ...], known: Collection[str] | None, what: str, origin: _Origin, field_name: str
) -> None:
    if known is None:
        return
    for i, name in enumerate(names):
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"expected one of {', '.join(sorted(known))}"
            raise PolicyError(
                f"{origin.key}.{field_name}[{i}]: unknown {what} {name!r}; {hint}", path=origin.path
            )


# --- pydantic errors -> one line ----------------------------------------------


def _validate(model: type[_M], data: Any, path: str, *, prefix: str) -> _M:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        location, detail = _describe(model, errors[0], prefix)
        more = f" (+{len(errors) - 1} more)" if len(errors) > 1 else ""
        raise PolicyError(f"{location}: {detail}{more}", path=path) from None


def _describe(model: type[BaseModel], error: ErrorDetails, prefix: str) -> tuple[str, str]:
    loc = list(error["loc"])
    is_key = bool(loc) and loc[-1] == "[key]"
    if is_key:
        loc.pop()
    location = prefix
    for part in loc:
        if isinstance(part, int):
            location += f"[{part}]"
        else:
            location += f".{part}" if location else str(part)
    location = location or "(top level)"
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx", {})
    if is_key:
        return location, f"invalid key: {ctx.get('detail', error['msg'])}"
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f" (expected one of {', '.join(allowed)})"
        return location, f"unknown key{hint}"
    if kind == "missing":
        return location, "missing required key"
    if kind == "policy":
        return location, str(ctx["detail"])
    if kind in ("enum", "literal_error"):
        choices = [c.strip("'") for c in str(ctx.get("expected", "")).replace(" or ", ", ").split(", ")]
        return location, f"expected one of {', '.join(choices)}, got {_show(value)}"
    if kind == "list_type" and loc == ["rule"]:
        return location, "expected an array of tables, written [[rule]], got a single [rule] table"
    if kind == "too_short":
        return location, f"expected at least {ctx.get('min_length', 1)} item(s)"
    expected = _EXPECTED_TYPE.get(kind)
    if expected is not None:
        return location, f"expected {expected}, got {_toml_type(value)} {_show(value)}"
    return location, f"{error['msg']}, got {_show(value)}"


_EXPECTED_TYPE: Final = {
    "string_type": "a string",
    "list_type": "an array",
    "tuple_type": "an array",
    "dict_type": "a table",
    "model_type": "a table",
    "model_attributes_type": "a table",
    "bool_type": "a boolean",
    "int_type": "an integer",
}


def _fields_at(model: type[BaseModel], loc: list[int | str]) -> list[str]:
    """The keys allowed where an unknown key was found (for the hint)."""
    if model is not PolicyFile:
        return list(model.model_fields)
    sections: dict[str, type[BaseModel]] = {
        "meta": Meta,
        "source": Source,
        "fact": Fact,
        "vocabulary": VocabularyEntry,
    }
    if not loc:
        return list(PolicyFile.model_fields)
    section = sections.get(str(loc[0]))
    return list(section.model_fields) if section else []


def _toml_type(value: Any) -> str:
    names = {bool: "boolean", int: "integer", float: "float", str: "string", list: "array", dict: "table"}
    return names.get(type(value), type(value).__name__)


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
