"""`exolint serve`: a local review page for copy that is not in a repository yet.

Sits above report/ (it renders with report.html, the same renderer as
`exolint check --format html`, so there is one implementation of the
report) and below the CLI. The standard library's threading HTTP server is
enough for one reviewer on one machine and adds no dependency.

    GET  /                                  the form: paste copy or upload a file
    POST /check                             lint it; answer with the report page
    GET  /download/<token>/report.html      that report as a standalone file
    GET  /download/<token>/report.sarif     ... or as SARIF

Safety: binds 127.0.0.1 unless told otherwise; when bound to loopback it
answers only requests whose Host is a loopback name (a web page cannot
reach it through DNS rebinding); request bodies over `max_bytes` get a 413
page; responses forbid framing and sniffing. Results are kept in memory
for the downloads, the last MAX_KEPT_RUNS only, under unguessable tokens.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import re
import secrets
import socket
import threading
from collections import OrderedDict
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import PurePath
from typing import TYPE_CHECKING, Final

from exolint.api import LintRun
from exolint.model import Document
from exolint.review.form import FormError, parse_form, to_document

if TYPE_CHECKING:
    from exolint.policy.schema import Policy

MAX_REQUEST_BYTES: Final = 5_000_000
MAX_KEPT_RUNS: Final = 16
# Past the limit the body is still read (and dropped) up to this size, so the
# browser, which is still sending, sees the 413 page rather than a reset.
MAX_DRAIN_BYTES: Final = 64_000_000
DOWNLOAD: Final = re.compile(r"/download/([A-Za-z0-9_-]{16,64})/report\.(html|sarif)")
LOOPBACK_NAMES: Final = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": "frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


class ReviewServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host: str, port: int, policy: Policy, *, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        if ":" in host:  # an IPv6 literal such as ::1
            self.address_family = socket.AF_INET6
        super().__init__((host.strip("[]"), port), ReviewHandler)
        self.policy = policy
        self.max_bytes = max_bytes
        self.runs: OrderedDict[str, LintRun] = OrderedDict()
        self.lock = threading.Lock()  # one lint at a time: the engine's caches are shared
        self.loopback = _is_loopback(host)

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        host = host.decode() if isinstance(host, bytes) else host
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{port}/"

    def keep(self, run: LintRun) -> str:
        token = secrets.token_urlsafe(18)
        with self.lock:
            self.runs[token] = run
            while len(self.runs) > MAX_KEPT_RUNS:
                self.runs.popitem(last=False)
        return token

    def lint(self, doc: Document) -> LintRun:
        """The run of one document, as `exolint check` lints it with the packaged policy.

        Inline suppressions in the copy (`exolint-disable-next-line CODE: reason`)
        apply as they do in a repository, so a draft reviewed here and then
        committed gets the same findings.
        """
        from exolint.engine import lint_document
        from exolint.fingerprint import with_fingerprints
        from exolint.suppress import apply_suppressions

        with self.lock:
            found = apply_suppressions(doc, lint_document(doc), policy=self.policy)
            findings = list(with_fingerprints(found))
        return LintRun(findings=findings, documents=[doc], paths=[doc.path])


class ReviewHandler(BaseHTTPRequestHandler):
    server: ReviewServer
    server_version = "exolint-review"

    def version_string(self) -> str:
        return self.server_version  # not the Python version, which the default adds

    def do_GET(self) -> None:
        if not self._host_ok():
            return
        path = self.path.split("?", 1)[0]
        if path == "/":
            self._page(HTTPStatus.OK, self._form_page())
            return
        match = DOWNLOAD.fullmatch(path)
        run = self.server.runs.get(match.group(1)) if match else None
        if match is None or run is None:
            self._page(
                HTTPStatus.NOT_FOUND, self._form_page("Not found (reports are kept until the server stops).")
            )
            return
        self._download(run, match.group(2))

    def do_POST(self) -> None:
        if not self._host_ok():
            return
        if self.path != "/check":
            self._page(HTTPStatus.NOT_FOUND, self._form_page("Not found."))
            return
        try:
            body = self._body()
            doc = to_document(
                parse_form(self.headers.get("Content-Type", ""), body), max_bytes=self.server.max_bytes
            )
        except FormError as exc:
            self._page(HTTPStatus(exc.status), self._form_page(exc.message))
            return
        from exolint.report.html import ReviewLinks, render_report

        try:
            run = self.server.lint(doc)
        except Exception as exc:  # a bug on one page must answer with a page, not a dropped connection
            message = f"internal error while checking: {type(exc).__name__}: {exc}"
            self._page(HTTPStatus.INTERNAL_SERVER_ERROR, self._form_page(message))
            return
        token = self.server.keep(run)
        links = ReviewLinks(html=f"/download/{token}/report.html", sarif=f"/download/{token}/report.sarif")
        self._page(HTTPStatus.OK, render_report(run, self.server.policy, review=links))

    def _body(self) -> bytes:
        length = self.headers.get("Content-Length")
        if length is None or not length.isdigit():
            raise FormError("the request has no Content-Length", HTTPStatus.LENGTH_REQUIRED)
        size = int(length)
        if size > self.server.max_bytes:
            self.close_connection = True
            while 0 < size <= MAX_DRAIN_BYTES:
                chunk = self.rfile.read(min(size, 1 << 16))
                if not chunk:
                    break
                size -= len(chunk)
            limit = self.server.max_bytes / 1_000_000
            raise FormError(
                f"That is {int(length) / 1_000_000:.1f} MB; the review page accepts up to {limit:g} MB. "
                "Check a smaller part, or run exolint check on the file.",
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
            )
        return self.rfile.read(size)

    def _download(self, run: LintRun, kind: str) -> None:
        from exolint.report import render

        out = io.StringIO()
        render(kind, run, out, policy=self.server.policy, color=False)
        stem = PurePath(run.paths[0]).stem if run.paths else "copy"
        content_type = "text/html" if kind == "html" else "application/sarif+json"
        self._send(
            HTTPStatus.OK,
            out.getvalue().encode("utf-8"),
            f"{content_type}; charset=utf-8",
            {"Content-Disposition": f'attachment; filename="{_ascii(stem)}.exolint.{kind}"'},
        )

    def _form_page(self, error: str = "") -> str:
        from exolint.report.html import render_review_page
        from exolint.sources import FORMATS

        return render_review_page(error=error, limit=self.server.max_bytes, extensions=sorted(FORMATS))

    def _page(self, status: HTTPStatus, html: str) -> None:
        self._send(status, html.encode("utf-8"), "text/html; charset=utf-8")

    def _send(
        self, status: HTTPStatus, body: bytes, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _host_ok(self) -> bool:
        """On loopback, only loopback Host names: a rebinding DNS name must not reach the server."""
        if not self.server.loopback:
            return True
        host = (self.headers.get("Host") or "").strip().lower()
        name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
        if name in LOOPBACK_NAMES:
            return True
        self._send(
            HTTPStatus.FORBIDDEN,
            b"exolint serve answers only on loopback addresses\n",
            "text/plain; charset=utf-8",
        )
        return False

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the server prints its address once; requests are not logged."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _ascii(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:80] or "copy"


def serve(
    host: str,
    port: int,
    policy: Policy,
    *,
    ready: Callable[[str, bool], None],
    max_bytes: int = MAX_REQUEST_BYTES,
) -> None:
    """Serve until interrupted.

    `ready(url, loopback)` is called once the socket is bound (port 0 picks a
    free port, so the URL says which); `loopback` is False when other
    machines can reach the page, which the CLI warns about.
    """
    with ReviewServer(host, port, policy, max_bytes=max_bytes) as server:
        ready(server.url, server.loopback)
        with contextlib.suppress(KeyboardInterrupt):  # Ctrl+C is how a reviewer stops it
            server.serve_forever(poll_interval=0.2)
