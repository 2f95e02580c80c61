"""The progress bar of a triage batch: pages, pages/s and an ETA on a terminal.

Part of triage's driver (batch.py). tqdm is imported only when a bar is
shown, so a batch in CI or under a pipe pays nothing for it. The bar counts
input bytes (the only total known before reading: a JSONL or WARC file's
page count is not), so the ETA is right; pages and pages/s ride alongside.
"""

from __future__ import annotations

import time
from typing import Any


class Progress:
    """A no-op unless `enabled`; `advance` after each shard."""

    def __init__(self, enabled: bool, total_bytes: int | None) -> None:
        self.pages = 0
        self._start = time.monotonic()
        self._bar: Any = None
        if enabled:
            from tqdm import tqdm

            self._bar = tqdm(
                total=total_bytes,
                unit="B",
                unit_scale=True,
                unit_divisor=1024,
                desc="triage",
                dynamic_ncols=True,
                smoothing=0.1,
            )

    def advance(self, nbytes: int, pages: int, *, reused: bool = False) -> None:
        self.pages += pages
        if self._bar is None:
            return
        elapsed = max(time.monotonic() - self._start, 1e-9)
        self._bar.set_postfix_str(
            f"{self.pages:,} pages, {self.pages / elapsed:,.0f} pages/s" + (" (resuming)" if reused else ""),
            refresh=False,
        )
        self._bar.update(nbytes)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
