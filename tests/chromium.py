"""Headless Chromium for the browser tests and the report benchmark: Debian's, never a download.

Selenium drives `/usr/bin/chromium` through `/usr/bin/chromedriver` (Debian's
`chromium` and `chromium-driver` packages). Both paths are given explicitly,
so Selenium Manager never runs and nothing is fetched. `missing()` says why
the browser tests cannot run, for a clear skip.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from selenium.webdriver.remote.webdriver import WebDriver

CHROMIUM: Final = os.environ.get("EXOLINT_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER: Final = os.environ.get("EXOLINT_CHROMEDRIVER", "/usr/bin/chromedriver")
INSTALL_HINT: Final = "apt-get install -y chromium chromium-driver; pip install selenium"
FLAGS: Final = (
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",  # containers have a small /dev/shm
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-default-browser-check",
    "--window-size=1280,900",
)


def missing() -> str | None:
    """Why a browser cannot be started here, or None when it can."""
    if find_spec("selenium") is None:
        return f"selenium is not installed ({INSTALL_HINT})"
    for path in (CHROMIUM, CHROMEDRIVER):
        if not (Path(path).is_file() or shutil.which(path)):
            return f"{path} not found ({INSTALL_HINT})"
    return None


def start(profile_dir: str | None = None) -> WebDriver:
    """A headless Chromium with a throw-away profile; the caller quits it."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir or tempfile.mkdtemp(prefix='exolint-chromium-')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
