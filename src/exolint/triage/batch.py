"""A triage batch from start to finish: plan shards, score them on an engine, journal, write outputs.

The top of triage, called by `exolint triage` (cli.py parses arguments and
calls `exolint.triage.run`). The driver does little work itself: shards are
planned lazily and handed to the engine as workers free up; each finished
shard is committed to the journal before anything else happens, so an
interrupted batch loses at most the shards in flight; the outputs are
assembled from the journal at the end, by the same code for a fresh run, a
resumed one and either engine.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from exolint.errors import ConfigError, ExolintError, PolicyError
from exolint.sources.read import DEFAULT_MAX_BYTES
from exolint.triage.engine import Engine, LocalEngine
from exolint.triage.inputs import STDIN, check_inputs, kind_of, plan
from exolint.triage.journal import Journal
from exolint.triage.manifest import Manifest, RunInfo, Settings
from exolint.triage.outputs import OUTPUTS, Totals, write_dashboard, write_json, write_pages, write_sites
from exolint.triage.page import Task, fingerprint
from exolint.triage.progress import Progress

DEFAULT_SHARD_BYTES: Final = 4 << 20  # ~1,000 crawled pages: seconds of work per task, little IPC
ENGINES: Final = ("local", "dask")


@dataclass(frozen=True)
class Options:
    inputs: tuple[str, ...]
    out: Path
    jobs: int | None = None  # None: every core
    resume: bool = False
    engine: str = "local"
    scheduler: str | None = None  # Dask scheduler address; None starts a local cluster
    max_bytes: int = DEFAULT_MAX_BYTES
    shard_bytes: int = DEFAULT_SHARD_BYTES
    progress: bool = False


def _engine(options: Options, jobs: int) -> Engine:
    if options.engine == "local":
        return LocalEngine(jobs)
    from exolint.triage.dask_engine import DaskEngine

    return DaskEngine(options.scheduler, jobs)


def _check(options: Options) -> None:
    if options.engine not in ENGINES:
        raise ConfigError(f"--engine: expected one of {', '.join(ENGINES)}, got {options.engine!r}")
    if options.scheduler and options.engine != "dask":
        raise ConfigError("--scheduler needs --engine dask")
    if options.engine == "dask" and STDIN in options.inputs:
        raise ConfigError(
            "--engine dask: workers read their own shards from files; '-' (stdin) needs --engine local"
        )
    if options.shard_bytes < 1024:
        raise ConfigError("--shard-size: expected at least 1024 bytes")
    check_inputs(list(options.inputs))


def _total_bytes(inputs: tuple[str, ...]) -> int | None:
    """Bytes of input, for the progress bar's ETA (a walk of names and sizes, no reading)."""
    total = 0
    for arg in inputs:
        if arg == STDIN:
            return None
        if Path(arg).is_dir():
            for root, dirs, files in os.walk(arg):
                dirs[:] = [d for d in dirs if not d.startswith(".")]
                total += sum((Path(root) / f).stat().st_size for f in files if not f.startswith("."))
        else:
            total += Path(arg).stat().st_size
    return total


def run(options: Options, stdin: BinaryIO | None = None) -> Manifest:
    """Run a batch; the manifest it wrote. Raises ExolintError for bad options or inputs."""
    _check(options)
    from exolint import __version__
    from exolint.policy.load import default_policy

    weights = default_policy().triage
    if weights is None:
        raise PolicyError("the policy has no [triage] table of scoring weights")
    jobs = options.jobs or os.cpu_count() or 1
    started, t0 = dt.datetime.now(dt.UTC), time.monotonic()
    options.out.mkdir(parents=True, exist_ok=True)
    journal = Journal(options.out, resume=options.resume)
    # A manifest says the outputs beside it are complete: an earlier run's
    # must not outlive this one if it is interrupted while writing them.
    (options.out / "manifest.json").unlink(missing_ok=True)
    salt = f"{fingerprint()}|{options.max_bytes}"
    progress = Progress(options.progress, _total_bytes(options.inputs) if options.progress else None)
    sizes: dict[str, int] = {}
    counts = {"shards": 0, "reused": 0}

    def tasks() -> Iterator[Task]:
        with journal.order_file.open("w", encoding="utf-8") as listing:
            for shard in plan(
                list(options.inputs), options.shard_bytes, stdin, journal.stdin_spool, options.out
            ):
                key = shard.key(salt)
                listing.write(f"{key} {shard.input}\n")
                counts["shards"] += 1
                if journal.done(key):
                    counts["reused"] += 1
                    progress.advance(shard.size, journal.pages(key), reused=True)
                    continue
                sizes[key] = shard.size
                yield Task(shard, key, options.max_bytes)

    try:
        for result in _engine(options, jobs).run(tasks()):
            if result.fingerprint != fingerprint():
                raise ExolintError(
                    f"a worker runs exolint {result.fingerprint}, this client {fingerprint()}: "
                    "install the same version and policy everywhere"
                )
            journal.commit(result.key, result.lines, result.skipped)
            progress.advance(sizes.pop(result.key, 0), len(result.lines))
    finally:
        progress.close()
    t_scored = time.monotonic()

    totals = Totals(weights, [(arg, kind_of(arg)) for arg in options.inputs])
    write_pages(options.out, journal, _listing(journal), totals)
    ranked = write_sites(options.out, totals)
    version = __version__
    write_dashboard(options.out, totals, ranked, version, fingerprint())
    finished, t_end = dt.datetime.now(dt.UTC), time.monotonic()
    total = totals.counts()
    manifest = Manifest(
        version=version,
        outputs=list(OUTPUTS),
        settings=Settings(
            max_page_size=options.max_bytes,
            shard_bytes=options.shard_bytes,
            policy=fingerprint(),
            weights=weights.model_dump(mode="json"),
        ),
        inputs=totals.input_summaries(),
        counts=total,
        failures_by_reason=dict(sorted(totals.by_reason.items())),
        failures=totals.failures,
        run=RunInfo(
            engine=options.engine,
            jobs=jobs if options.engine == "local" or not options.scheduler else None,
            scheduler=options.scheduler,
            started=started.isoformat(timespec="seconds"),
            finished=finished.isoformat(timespec="seconds"),
            seconds={
                "score": round(t_scored - t0, 3),
                "outputs": round(t_end - t_scored, 3),
                "total": round(t_end - t0, 3),
            },
            pages_per_second=round(total.pages / max(t_end - t0, 1e-9), 1),
            resumed=journal.resumed,
            shards=counts["shards"],
            shards_reused=counts["reused"],
        ),
    )
    write_json(options.out / "manifest.json", manifest.model_dump(mode="json"))
    journal.finish()
    return manifest


def _listing(journal: Journal) -> Iterator[tuple[str, int]]:
    with journal.order_file.open(encoding="utf-8") as f:
        for line in f:
            key, index = line.split()
            yield key, int(index)
