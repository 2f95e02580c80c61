"""Nothing lost under interruption and crashes: kill -9 or Ctrl-C then --resume, and pages that kill workers.

The batch runs in a real subprocess (its own session, so the signal reaches
the driver, the forkserver and every worker, as a `kill` of the job or a
Ctrl-C at a terminal does). The resumed outputs must equal an uninterrupted
run's byte for byte, apart from manifest.json's `run` block (timings,
timestamps, whether it resumed).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from exolint.triage import Options, run
from triage_inputs import page, write_warc

EXOLINT = [sys.executable, "-c", "import sys; from exolint.cli import main; sys.exit(main())"]
OUTPUTS = ("pages.jsonl", "sites.csv", "report.html")
SHARD = "8192"


def write_pages(path: Path, n: int, marks: dict[int, str] | None = None) -> None:
    kinds = ("selling", "neutral", "reporting", "neutral")
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            html = page(kinds[i % 4], f"site{i % 23}", i) + (marks or {}).get(i, "")
            f.write(json.dumps({"url": f"https://site{i % 23}.example/{i}", "html": html}) + "\n")


def manifest_without_run(out: Path) -> dict[str, Any]:
    manifest: dict[str, Any] = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    del manifest["run"]
    return manifest


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("resume")
    write_pages(root / "big.jsonl", 4000)
    write_warc(root / "crawl.warc.gz", 40)
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(root)
        run(Options(("big.jsonl", "crawl.warc.gz"), Path("full"), jobs=2, shard_bytes=int(SHARD)))
    return root


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill-9", "ctrl-c"])
def test_interrupted_then_resumed_equals_uninterrupted(crawl: Path, sig: signal.Signals) -> None:
    out = crawl / f"killed-{sig.name}"
    argv = [
        *EXOLINT,
        "triage",
        "big.jsonl",
        "crawl.warc.gz",
        "--out",
        out.name,
        "-j",
        "2",
        "--shard-size",
        SHARD,
    ]
    proc = subprocess.Popen(
        argv,
        cwd=crawl,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    journal = out / ".exolint-triage" / "shards"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(journal.glob("*.jsonl"))) < 10:
        assert proc.poll() is None, "the batch finished before it could be interrupted"
        time.sleep(0.02)
    os.killpg(proc.pid, sig)
    _, stderr = proc.communicate(timeout=60)
    assert not (out / "manifest.json").exists()
    done = len(list(journal.glob("*.jsonl")))
    assert done >= 10
    for entry in journal.glob("*.jsonl"):  # a shard in the journal is whole: its header counts its lines
        head, *lines = entry.read_text(encoding="utf-8").splitlines()
        assert json.loads(head)["pages"] == len(lines)
    if sig == signal.SIGINT:
        assert proc.returncode == 130
        assert b"add --resume to continue" in stderr
    else:
        assert proc.returncode == -signal.SIGKILL

    resumed = subprocess.run([*argv, "--resume"], cwd=crawl, capture_output=True, check=False, timeout=120)
    assert resumed.returncode == 0, resumed.stderr.decode()
    assert not (out / ".exolint-triage").exists()  # journal, and any temp file a kill left, are gone
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (crawl / "full" / name).read_bytes(), name
    assert manifest_without_run(out) == manifest_without_run(crawl / "full")
    info = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["run"]
    assert info["resumed"] is True
    assert info["shards_reused"] >= done


def test_a_page_that_kills_its_worker_fails_alone(tmp_path: Path) -> None:
    mark = "<p>EXOLINT-TEST-CRASH</p>"
    crashers = {7: mark, 9: mark, 150: mark}  # two in one shard, one in another
    write_pages(tmp_path / "in.jsonl", 200, crashers)
    env = {**os.environ, "EXOLINT_TRIAGE_TEST_CRASH": "EXOLINT-TEST-CRASH"}
    argv = [*EXOLINT, "triage", "in.jsonl", "--out", "crashed", "-j", "2", "--shard-size", "4096"]
    proc = subprocess.run(argv, cwd=tmp_path, env=env, capture_output=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    crashed = [json.loads(line) for line in (tmp_path / "crashed" / "pages.jsonl").open(encoding="utf-8")]

    with pytest.MonkeyPatch.context() as mp:  # the same pages, in a process without the fault hook
        mp.chdir(tmp_path)
        run(Options(("in.jsonl",), Path("clean"), jobs=2, shard_bytes=4096))
    clean = [json.loads(line) for line in (tmp_path / "clean" / "pages.jsonl").open(encoding="utf-8")]

    assert len(crashed) == len(clean) == 200
    for i, (got, want) in enumerate(zip(crashed, clean, strict=True)):
        if i in crashers:
            assert got["status"] == "failed"
            assert got["reason"] == "worker-crash"
            assert got["id"] == want["id"]
            assert got["url"] == want["url"]
        else:
            assert got == want
    manifest = json.loads((tmp_path / "crashed" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["failed"] == len(crashers)
    assert manifest["failures_by_reason"] == {"worker-crash": len(crashers)}
