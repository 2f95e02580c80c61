"""The triage dashboard: `report.html` of `exolint triage`, rendered from reports/triage.html.j2.

Part of report/, the only layer that imports jinja2 (STYLE.md §2, §7); triage
builds a `Dashboard` (plain values, no triage types, so imports still go down
the layers) and calls `render`. The page is self-contained: stylesheet and
script from reports/ are inlined, the charts are inline SVG drawn by the
template, and a Content-Security-Policy allows exactly those two blocks by
hash, so nothing in crawled copy can load or run anything. No timings or
dates are shown: the same batch renders the same bytes, resumed or not.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from typing import Any, TextIO

from exolint.resources import report_dir


@dataclass(frozen=True, slots=True)
class Dashboard:
    """What the page shows; pages and findings are pages.jsonl objects."""

    version: str
    policy: str
    counts: Mapping[str, int]
    inputs: Sequence[Mapping[str, Any]]
    sites: Sequence[Mapping[str, Any]]  # the top sites, each with its `worst` pages
    sites_total: int
    top_pages: Sequence[Mapping[str, Any]]
    categories: Sequence[tuple[str, int]]
    histogram: Sequence[tuple[str, int]]
    failures: Sequence[tuple[str, int]]
    failed_examples: Sequence[Mapping[str, str]]


def _read(name: str) -> str:
    return report_dir().joinpath(name).read_text(encoding="utf-8")


def _csp_hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


@functools.cache
def _template() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_read),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.get_template("triage.html.j2")


def render(dashboard: Dashboard, out: TextIO) -> None:
    """Write the dashboard page to `out`."""
    from markupsafe import Markup

    css, js = _read("triage.css"), _read("triage.js")
    for text in (css, js):
        if "</" in text:  # would end the inline block early
            raise ValueError("reports/triage.css and triage.js must not contain '</'")
    csp = (
        f"default-src 'none'; style-src {_csp_hash(css)}; script-src {_csp_hash(js)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    out.write(_template().render(d=asdict(dashboard), css=Markup(css), js=Markup(js), csp=csp))
