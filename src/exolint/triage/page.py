"""One task of a triage batch: read a shard, lint and score each page, return JSON lines.

This is the function both engines map (STYLE.md §2: one pure function over an
`Engine` protocol), so local processes and Dask workers produce the same
lines. It runs in worker processes: it builds the claim engine once per
process (engine.default_engine is cached) and turns every problem with one
page into a failed page, never into an exception that would lose the shard.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from exolint.errors import InputError, PolicyError
from exolint.triage.inputs import Record, Shard, read_files, reason_of
from exolint.triage.jsonl import read_jsonl
from exolint.triage.rank import finding_weight, page_score

if TYPE_CHECKING:
    from exolint.engine import Engine, PageProfile
    from exolint.model import Finding
    from exolint.policy.schema import TriageWeights

SENTENCE_CHARS: Final = 500  # a run-on "sentence" must not bloat pages.jsonl
# Fault injection for tests/test_triage_resume.py: a worker whose page holds
# these bytes kills itself, as a segfault in a C extension would. Unset, it costs nothing.
CRASH_MARK: Final = os.environ.get("EXOLINT_TRIAGE_TEST_CRASH", "").encode()


@dataclass(frozen=True, slots=True)
class Task:
    """A shard to score. `crashed` are records whose pages killed a worker (marked failed,
    not linted again); `stop` is where reading must end when a record kills the reader itself."""

    shard: Shard
    key: str
    max_bytes: int
    crashed: tuple[int, ...] = ()
    stop: int | None = None


@dataclass(slots=True)
class ShardResult:
    key: str
    lines: list[str]  # pages.jsonl lines, in record order
    skipped: int  # records that are not pages (a WARC request, an image response)
    fingerprint: str  # of the worker's exolint and policy: must match the client's


@functools.cache
def fingerprint() -> str:
    """exolint's version and the packaged policy's bytes: what makes two runs' scores comparable."""
    from exolint import __version__
    from exolint.policy.load import PACKAGED_FILES
    from exolint.resources import policy_file

    h = hashlib.sha256(__version__.encode())
    for name in PACKAGED_FILES:
        resource = policy_file(name)
        if resource.is_file():
            h.update(name.encode() + b"\0" + resource.read_bytes())
    return f"{__version__}+{h.hexdigest()[:16]}"


def read_shard(shard: Shard, max_bytes: int, on_skip: Callable[[], None]) -> Iterator[Record]:
    if shard.kind == "files":
        return read_files(shard, max_bytes)
    if shard.kind == "jsonl":
        return read_jsonl(shard, max_bytes)
    from exolint.triage.warc import read_warc

    return read_warc(shard, max_bytes, on_skip)


def score_task(task: Task, progress: Callable[[int], None] | None = None) -> ShardResult:
    """Score every page of the task's shard; `progress(i)` is told before record i is read."""
    from exolint.engine import default_engine

    engine = default_engine()
    weights = engine.policy.triage
    if weights is None:
        raise PolicyError("the policy has no [triage] table of scoring weights")
    skipped = [0]
    lines: list[str] = []

    def skip() -> None:
        skipped[0] += 1

    records = read_shard(task.shard, task.max_bytes, skip)
    index = 0
    while task.stop is None or index < task.stop:
        if progress is not None:
            progress(index)
        try:
            record = next(records, None)
        except Exception as exc:  # an I/O error or a reader bug: what is left of the shard is one failure
            lines.append(_dump(_unreadable_rest(task, index, f"{type(exc).__name__}: {exc}")))
            break
        if record is None:
            break
        if CRASH_MARK and CRASH_MARK in record.data and index not in task.crashed:
            os.kill(os.getpid(), signal.SIGKILL)
        if index in task.crashed:
            record.error = (
                "worker-crash",
                "a worker process died while scoring this page; it was not scored",
            )
        lines.append(_dump(score_record(record, task.shard.input, engine, weights, task.max_bytes)))
        index += 1
    if task.stop is not None and index >= task.stop:
        lines.append(_dump(_unreadable_rest(task, index, "a worker process died while reading this record")))
    return ShardResult(task.key, lines, skipped[0], fingerprint())


def _unreadable_rest(task: Task, index: int, message: str) -> dict[str, Any]:
    shard = task.shard
    rid = f"{shard.source}@{shard.start}#{index}"
    if shard.kind == "files" and index < len(shard.files):
        rid = shard.files[index].display
    return {
        "id": rid,
        "input": shard.input,
        "source": shard.source,
        "offset": None,
        "url": None,
        "site": "(unknown)",
        "status": "failed",
        "reason": "unreadable",
        "error": f"could not read past record {index} of this shard: {message}",
        "fields": {},
    }


def score_record(
    record: Record, input_index: int, engine: Engine, weights: TriageWeights, max_bytes: int
) -> dict[str, Any]:
    """A page's pages.jsonl object: scored with its top findings, or failed with the reason."""
    from exolint.sources import read_bytes

    page: dict[str, Any] = {
        "id": record.id,
        "input": input_index,
        "source": record.source,
        "offset": record.offset,
        "url": record.url,
        "site": record.site,
    }
    error = record.error
    if error is None:
        try:
            doc = read_bytes(record.data, record.id, record.fmt, max_bytes=max_bytes)
            findings = engine.lint(doc)
            selling = bool(findings) and _sells(engine.profile(doc))
        except InputError as exc:
            error = (reason_of(exc.message), exc.message)
        except Exception as exc:  # a bug on one page must not lose the shard
            error = ("internal-error", f"{type(exc).__name__}: {exc}")
    if error is not None:
        page.update(status="failed", reason=error[0], error=error[1], fields=record.fields)
        return page
    ranked = sorted(enumerate(findings), key=lambda p: (-finding_weight(p[1], weights), p[0]))
    page.update(
        status="scored",
        score=page_score(findings, selling, weights),
        selling=selling,
        findings=len(findings),
        by_category=dict(sorted(Counter(f.category.value for f in findings).items())),
        by_severity=dict(sorted(Counter(f.severity.value for f in findings).items())),
        top=[_brief(f) for _, f in ranked[: weights.top_findings]],
        fields=record.fields,
    )
    return page


def _sells(profile: PageProfile) -> bool:
    # The engine's page profile (engine.PageProfile): about regenerative
    # products and not reporting on them (news, FDA, reviews).
    return bool(profile.about_products and not profile.reporting)


def _brief(finding: Finding) -> dict[str, Any]:
    sentence = finding.sentence
    if len(sentence) > SENTENCE_CHARS:
        sentence = sentence[: SENTENCE_CHARS - 1] + "…"
    return {
        "code": finding.code,
        "name": finding.name,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "line": finding.region.start_line,
        "column": finding.region.start_column,
        "sentence": sentence,
    }


def _dump(page: dict[str, Any]) -> str:
    return json.dumps(page, ensure_ascii=False, separators=(",", ":"))
