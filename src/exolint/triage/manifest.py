"""manifest.json of a triage batch: what was read, what came of it, under which settings.

Triage's record for the analyst (and for an auditor who asks "was every page
looked at?"). pydantic models, because the manifest is a boundary other
tools read. Everything outside `run` is a function of the inputs, settings,
exolint version and policy: a resumed batch, an uninterrupted one and the
Dask engine write the same. `run` says how this execution went (engine,
jobs, timestamps, timings, whether it resumed) and is expected to differ.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

_FROZEN = ConfigDict(extra="forbid", frozen=True)
FAILURES_LISTED = 1000  # failed pages named in the manifest; pages.jsonl has every one


class InputSummary(BaseModel):
    model_config = _FROZEN

    path: str  # as given on the command line; "-" is stdin
    kind: str  # folder | jsonl | warc | file | stdin
    pages: int
    scored: int
    failed: int
    skipped_records: int  # WARC records that are not HTML responses


class Counts(BaseModel):
    """pages == scored + failed, always: the batch's promise that nothing was lost."""

    model_config = _FROZEN

    pages: int
    scored: int
    failed: int
    skipped_records: int
    flagged_pages: int  # scored pages with at least one finding
    findings: int
    sites: int


class FailedPage(BaseModel):
    model_config = _FROZEN

    id: str
    reason: str
    error: str


class Settings(BaseModel):
    model_config = _FROZEN

    max_page_size: int
    shard_bytes: int
    policy: str  # exolint version + hash of the packaged policy files
    weights: dict[str, object]  # the policy's [triage] table, as used


class RunInfo(BaseModel):
    model_config = _FROZEN

    engine: str
    jobs: int | None
    scheduler: str | None
    started: str
    finished: str
    seconds: dict[str, float]
    pages_per_second: float
    resumed: bool
    shards: int
    shards_reused: int


class Manifest(BaseModel):
    model_config = _FROZEN

    tool: str = "exolint"
    version: str
    outputs: list[str]
    settings: Settings
    inputs: list[InputSummary]
    counts: Counts
    failures_by_reason: dict[str, int]
    failures: list[FailedPage] = Field(description=f"the first {FAILURES_LISTED} failed pages")
    run: RunInfo
