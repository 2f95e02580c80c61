"""What the benchmarks that time the installed console script share."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path


def console_script(caller: str) -> str:
    """The `exolint` of this Python's environment, else the one on PATH."""
    beside = Path(sys.executable).with_name("exolint")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("exolint")
    if found is None:
        raise SystemExit(f"{caller}: no exolint console script; install exolint first (pip install -e .)")
    return found
