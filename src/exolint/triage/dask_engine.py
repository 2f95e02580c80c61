"""The Dask engine: the same triage tasks on a Dask distributed cluster (`exolint[dask]`).

Triage's second `Engine` (see engine.py), and the only module that imports
dask, when a batch asks for it. Each task is a shard descriptor (a file and a
byte range, or a list of files), so workers read their own pages from storage
they share with the client (NFS, a mounted bucket) and only results travel
back. Workers run `page.score_task`, the function the local engine runs, and
the client assembles results in plan order: the outputs are the same.

In flight: two tasks per worker thread, topped up as results arrive, so the
client never holds more than that however long the crawl. When a task keeps
killing workers (Dask gives up with `KilledWorker` after its allowed
failures), the client re-runs that one shard in a local worker process, which
pins the death on one page and scores the rest (engine.LocalEngine).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from exolint.errors import ConfigError
from exolint.triage.engine import LocalEngine
from exolint.triage.page import ShardResult, Task, score_task

TASKS_PER_THREAD = 2  # one running, one queued: a worker never waits for the client


def _distributed() -> Any:
    # Typed as Any: distributed's public API is only partly annotated.
    try:
        return importlib.import_module("distributed")
    except ImportError:
        raise ConfigError("--engine dask needs dask.distributed: pip install 'exolint[dask]'") from None


class DaskEngine:
    """Tasks on the cluster at `scheduler`, or on a local cluster of `jobs` processes."""

    def __init__(self, scheduler: str | None, jobs: int) -> None:
        self.scheduler = scheduler
        self.jobs = jobs

    def _connect(self) -> tuple[Any, Any]:
        distributed = _distributed()
        Client, LocalCluster = distributed.Client, distributed.LocalCluster
        if self.scheduler:
            try:
                return Client(self.scheduler, timeout="30s"), None
            except OSError as exc:
                raise ConfigError(f"--scheduler: cannot reach {self.scheduler}: {exc}") from None
        cluster = LocalCluster(
            n_workers=self.jobs,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        return Client(cluster), cluster

    def run(self, tasks: Iterable[Task]) -> Iterator[ShardResult]:
        distributed = _distributed()
        client, cluster = self._connect()
        try:
            window = TASKS_PER_THREAD * max(1, sum(client.nthreads().values()))
            source = iter(tasks)
            pending: dict[str, Task] = {}
            done = distributed.as_completed()

            def top_up() -> None:
                while len(pending) < window:
                    task = next(source, None)
                    if task is None:
                        return
                    future = client.submit(score_task, task, pure=False)
                    pending[future.key] = task
                    done.add(future)

            top_up()
            for future in done:
                task = pending.pop(future.key)
                try:
                    result: ShardResult = future.result()
                except distributed.KilledWorker:
                    result = next(iter(LocalEngine(1).run([task])))
                future.release()
                yield result
                top_up()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
