"""Imported once by the local engine's fork server: workers fork with the claim engine built.

Part of triage's local engine (engine.py). Importing exolint and compiling
the policy, vocabulary and parser take most of a second; done here, in the
fork server, every worker (and every replacement for a worker a page
killed) starts in milliseconds instead. Importing this module has that one
side effect on purpose; nothing else imports it.
"""

from __future__ import annotations

from exolint.engine import default_engine
from exolint.triage import page as _page  # the module every task runs

default_engine()
_page.fingerprint()
