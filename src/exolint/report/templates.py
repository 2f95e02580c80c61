"""The Jinja2 environment of every HTML page exolint writes, and the assets it inlines.

Part of report/, the only layer that imports jinja2 (STYLE.md §2, §7). Pages
are rendered from `reports/*.j2` with autoescape on and `StrictUndefined`,
so linted copy is always text and a misspelled variable is an error, not an
empty string. jinja2 is imported when a page is first rendered, never by
`exolint check --format text`.

Pages are self-contained: the CSS and JS files of `reports/` are inlined,
and the Content-Security-Policy names each inline block by its SHA-256 hash.
Hashes rather than nonces keep the output deterministic (a golden file can
hold it) and still refuse any script the copy might smuggle in.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

from exolint.resources import report_dir

if TYPE_CHECKING:
    from jinja2 import Environment

# Raw-text elements end at the first "</script" or "</style": an asset holding
# one would end its own block early.
FORBIDDEN_IN_ASSETS: Final = ("</script", "</style", "<!--")
# The inline blocks every page carries (reports/ files, joined in this order).
STYLESHEETS: Final = ("report.css",)
SCRIPTS: Final = ("report.js",)


@dataclass(frozen=True, slots=True)
class Asset:
    """A stylesheet or script inlined into a page, with its CSP source expression."""

    text: str
    csp: str  # 'sha256-...'


@functools.cache
def environment() -> Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(_load_template),
        autoescape=True,  # every template is HTML (or SVG inside HTML)
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["markup"] = _trusted_markup
    env.filters["paragraphs"] = paragraphs
    return env


def paragraphs(text: str) -> list[str]:
    """Policy prose split at blank lines, each paragraph's white space folded (as policy/docs does)."""
    return [" ".join(chunk.split()) for chunk in text.split("\n\n") if chunk.strip()]


def _load_template(name: str) -> str:
    return report_dir().joinpath(name).read_text(encoding="utf-8")


@functools.cache
def asset(*names: str) -> Asset:
    """The files `names` of reports/ joined into one inline block (CSS or JS)."""
    text = "\n".join(report_dir().joinpath(name).read_text(encoding="utf-8") for name in names)
    lowered = text.lower()
    for bad in FORBIDDEN_IN_ASSETS:
        if bad in lowered:
            raise ValueError(f"reports/{'+'.join(names)} contains {bad!r}, which would end the inline block")
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Asset(text, f"'sha256-{digest}'")


def _trusted_markup(value: Asset) -> Any:
    """An `Asset`'s text, not escaped: it is our own package data, checked by `asset`."""
    from markupsafe import Markup

    return Markup(value.text)  # package data only; linted copy never reaches this filter


def content_security_policy(styles: Asset, script: Asset, *, form_action: str = "'none'") -> str:
    """A policy that runs and styles only the inlined assets, loads nothing, and posts nowhere else.

    `img-src data:` leaves room for inline images; links to the cited
    sources are navigations, which the policy does not govern.
    `frame-ancestors` is ignored in a <meta> policy; the review server sends
    it as a header.
    """
    return (
        f"default-src 'none'; script-src {script.csp}; style-src {styles.csp}; img-src data:; "
        f"base-uri 'none'; form-action {form_action}"
    )


def render_page(template: str, *, form_action: str = "'none'", **context: Any) -> str:
    """Render a page of reports/ with the inlined stylesheet and script and their CSP."""
    styles, script = asset(*STYLESHEETS), asset(*SCRIPTS)
    csp = content_security_policy(styles, script, form_action=form_action)
    return environment().get_template(template).render(styles=styles, script=script, csp=csp, **context)
