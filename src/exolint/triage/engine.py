"""Triage engines: who runs `page.score_task` over the shards. This one: local worker processes.

Triage's execution layer, under batch.py. An `Engine` takes tasks lazily and
yields `ShardResult`s as they finish, with a bounded number in flight (one
task per worker), so memory stays flat however many shards there are.

We run our own processes instead of `concurrent.futures.ProcessPoolExecutor`:
when one of its workers dies, every pending future fails with
`BrokenProcessPool` and nobody knows which page did it. Here each worker
writes the index of the record it is on into a shared integer before reading
it, so a death points at one record. A page that kills a worker twice is
recorded as failed (the first death may be the kernel's OOM killer picking a
victim) and the rest of its shard is scored; nothing else is lost or redone.
Even `--jobs 1` runs in a worker, so a crashing page never takes the batch down.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import signal
import traceback
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Protocol

from exolint.engine import tune_gc
from exolint.errors import ExolintError
from exolint.triage.page import ShardResult, Task, score_task

STARTUP_DEATHS = 3  # a worker that dies this often before reading anything will not start
# A worker is replaced after scoring this many pages. The claim engine keeps
# bounded per-process caches of the sentences it has read (lexicon,
# segmenter, parser: up to 50,000 entries of ~2.5 KB), which pay off within
# a site but would hold a few hundred MB per worker once full. Recycled at
# 5,000 pages a worker stays near 70 MB, a fresh fork from the preloaded
# server costs milliseconds, and throughput does not change measurably
# (docs/benchmarks.md, "Triage"): memory is the same at 10k and 100k pages.
RECYCLE_PAGES = 5_000


class Engine(Protocol):
    def run(self, tasks: Iterable[Task]) -> Iterator[ShardResult]:
        """Every task's result, in completion order; tasks are pulled only as workers free up."""
        ...


def _context() -> Any:
    # forkserver: workers fork from a clean single-threaded server, not from a
    # client that may run a progress-bar thread (fork + threads can deadlock).
    if "forkserver" not in mp.get_all_start_methods():
        return mp.get_context("spawn")
    ctx = mp.get_context("forkserver")
    ctx.set_forkserver_preload(["exolint.triage.preload"])
    return ctx


def _serve(conn: Connection, progress: Any) -> None:
    """A worker: score tasks until the client closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the client's to handle
    tune_gc()  # a worker is a linting process, as `exolint check` is (see engine.tune_gc)

    def mark(index: int) -> None:
        progress.value = index

    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            return
        if task is None:
            return
        try:
            conn.send(("ok", score_task(task, mark)))
        except ExolintError as exc:  # a configuration problem (no warcio, a bad policy): stop the batch
            conn.send(("error", str(exc)))
        except Exception:
            conn.send(("error", traceback.format_exc()))


@dataclass(eq=False)
class _Worker:
    process: BaseProcess
    conn: Connection
    progress: Any
    task: Task | None = None
    pages: int = 0  # scored since it started


@dataclass
class LocalEngine:
    """`jobs` worker processes on this machine."""

    jobs: int
    recycle_pages: int = RECYCLE_PAGES
    deaths: dict[tuple[str, int], int] = field(default_factory=dict)  # (task key, record) -> deaths

    def run(self, tasks: Iterable[Task]) -> Iterator[ShardResult]:
        ctx = _context()
        source = iter(tasks)
        retry: deque[Task] = deque()  # tasks re-planned after a crash go first
        workers = [self._start(ctx) for _ in range(max(1, self.jobs))]
        exhausted = False
        try:
            while True:
                for w in workers:
                    if w.task is None:
                        task = retry.popleft() if retry else (None if exhausted else next(source, None))
                        exhausted = exhausted or (task is None and not retry)
                        if task is not None:
                            w.task = task
                            w.progress.value = -1
                            with contextlib.suppress(OSError):  # a dead worker is found below
                                w.conn.send(task)
                busy = [w for w in workers if w.task is not None]
                if not busy:
                    return
                wait([w.conn for w in busy] + [w.process.sentinel for w in busy])
                for i, w in enumerate(workers):
                    if w.task is None:
                        continue
                    message = self._receive(w)
                    if message is not None:
                        w.pages += len(message.lines)
                        if w.pages >= self.recycle_pages:
                            self._stop(w)
                            workers[i] = self._start(ctx)
                        yield message
                    elif not w.process.is_alive():
                        retry.append(self._after_death(w))
                        self._stop(w)
                        workers[i] = self._start(ctx)
        finally:
            for w in workers:
                self._stop(w)

    @staticmethod
    def _receive(w: _Worker) -> ShardResult | None:
        """The worker's result if it sent one; None if it is still busy or has died."""
        try:
            if not w.conn.poll():
                return None
            status, payload = w.conn.recv()
        except (EOFError, OSError):  # the pipe closed: the worker died
            w.process.join(timeout=5)
            return None
        w.task = None
        if status != "ok":
            raise ExolintError(f"triage worker failed: {payload}")
        result: ShardResult = payload
        return result

    def _after_death(self, w: _Worker) -> Task:
        """The task to run next for a shard whose worker died on record `index`."""
        task = w.task
        assert task is not None
        index = int(w.progress.value)
        seen = self.deaths.get((task.key, index), 0) + 1
        self.deaths[(task.key, index)] = seen
        if index < 0 and seen >= STARTUP_DEATHS:
            raise ExolintError(
                f"triage worker processes keep dying before reading a page (exit code "
                f"{w.process.exitcode}); is exolint importable in a fresh interpreter?"
            )
        if index < 0 or seen < 2:
            return task  # died before any record, or once: maybe not this page's fault
        if index in task.crashed:  # it died again reading a record it was told not to score
            return replace(task, stop=index)
        return replace(task, crashed=(*task.crashed, index))

    @staticmethod
    def _start(ctx: Any) -> _Worker:
        parent, child = ctx.Pipe()
        progress = ctx.Value("q", -1, lock=False)
        process = ctx.Process(target=_serve, args=(child, progress), daemon=True, name="exolint-triage")
        process.start()
        child.close()
        return _Worker(process, parent, progress)

    @staticmethod
    def _stop(w: _Worker) -> None:
        if w.task is None:  # idle: ask it to leave
            with contextlib.suppress(OSError):
                w.conn.send(None)
            w.process.join(timeout=5)
        if w.process.is_alive():
            w.process.terminate()  # a worker may be mid-task: results are re-done on --resume
        w.process.join(timeout=5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()
