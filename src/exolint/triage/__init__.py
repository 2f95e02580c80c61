"""Regulator triage: batches of crawled pages scored, ranked by risk and grouped by site.

The layer above the linting pipeline and the reporters, below the CLI
(`exolint triage`). inputs.py, jsonl.py and warc.py plan and read shards, page.py
scores one shard (the pure function every engine maps), rank.py holds the
scoring formulas, engine.py and dask_engine.py run tasks, journal.py makes
the batch resumable, outputs.py and manifest.py write the results, and
batch.py ties them together. warcio, dask, tqdm and jinja2 are imported
only when a batch needs them, so `exolint check` never pays for them.
"""

from __future__ import annotations

from exolint.triage.batch import DEFAULT_SHARD_BYTES, ENGINES, Options, run

__all__ = ["DEFAULT_SHARD_BYTES", "ENGINES", "Options", "run"]
