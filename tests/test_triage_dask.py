"""The Dask engine on a real `distributed.LocalCluster` at 127.0.0.1 writes the local engine's outputs.

The cluster is started here, with worker processes (not threads), so tasks
really travel to other processes and each worker reads its own shards from
the files the test wrote. dask is in the test extra, so this runs in CI; it
skips, saying why, only where dask cannot be imported at all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from exolint.triage import Options, run
from triage_inputs import MAX_PAGE, write_folder, write_jsonl, write_warc

distributed = pytest.importorskip(
    "distributed", reason="dask.distributed is not installed (pip install 'exolint[dask]')"
)

INPUTS = ("crawl", "pages.jsonl", "crawl.warc.gz", "plain.warc")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as local:
        yield local


def manifest_without_run(out: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["run"]
    return manifest


def test_dask_engine_gives_the_local_engines_outputs(
    cluster: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "crawl").mkdir()
    pages = sum(
        built.pages
        for built in (
            write_folder(Path("crawl")),
            write_jsonl(Path("pages.jsonl")),
            write_warc(Path("crawl.warc.gz")),
            write_warc(Path("plain.warc"), gz=False),
        )
    )
    local = run(Options(INPUTS, Path("local"), jobs=2, shard_bytes=2048, max_bytes=MAX_PAGE))
    address = cluster.scheduler_address
    dask = run(
        Options(INPUTS, Path("dask"), engine="dask", scheduler=address, shard_bytes=2048, max_bytes=MAX_PAGE)
    )
    assert local.counts.pages == dask.counts.pages == pages
    assert dask.run.engine == "dask"
    assert dask.run.scheduler == address
    for name in ("pages.jsonl", "sites.csv", "report.html"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name
    assert manifest_without_run(tmp_path / "dask") == manifest_without_run(tmp_path / "local")
    workers = cluster.scheduler_info["workers"]
    assert len(workers) == 2
