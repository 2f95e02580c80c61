"""The review server over real HTTP on a loopback port (no browser: see test_browser.py)."""

from __future__ import annotations

import http.client
import io
import json
import threading
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from exolint.policy.load import default_policy
from exolint.review.form import safe_name
from exolint.review.server import MAX_KEPT_RUNS, ReviewServer

CLAIM = "Our exosome IV infusions cure arthritis and regrow hair."


@pytest.fixture(scope="module")
def server() -> Iterator[ReviewServer]:
    srv = ReviewServer("127.0.0.1", 0, default_policy(), max_bytes=200_000)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> tuple[str, bytes]:
    boundary = uuid.uuid4().hex
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        body.write(value.encode() + b"\r\n")
    for name, (filename, data) in (files or {}).items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n".encode()
        )
        body.write(data + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return f"multipart/form-data; boundary={boundary}", body.getvalue()


def request(
    srv: ReviewServer, method: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], str]:
    host, port = srv.server_address[:2]
    conn = http.client.HTTPConnection(str(host), port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read().decode("utf-8")
    finally:
        conn.close()


def post(srv: ReviewServer, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None) -> Any:
    ctype, body = multipart(fields, files)
    return request(srv, "POST", "/check", body, {"Content-Type": ctype})


def test_start_page_is_the_form(server: ReviewServer) -> None:
    status, headers, html = request(server, "GET", "/")
    assert status == 200
    assert '<form id="review-form" method="post" action="/check"' in html
    assert headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"


def test_pasted_copy_comes_back_as_the_report(server: ReviewServer) -> None:
    status, _, html = post(server, {"copy": CLAIM, "format": "text"})
    assert status == 200
    assert 'class="hl sev-' in html
    assert "pasted.txt" in html
    assert 'id="download-sarif"' in html


def test_downloads_render_the_same_run(server: ReviewServer, validate_sarif: Callable[[Any], None]) -> None:
    _, _, html = post(server, {"copy": CLAIM, "format": "markdown"})
    token = html.split("/download/", 1)[1].split("/", 1)[0]
    status, headers, sarif = request(server, "GET", f"/download/{token}/report.sarif")
    assert status == 200
    assert headers["content-disposition"] == 'attachment; filename="pasted.exolint.sarif"'
    validate_sarif(sarif)
    results = json.loads(sarif)["runs"][0]["results"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        "pasted.md"
    }
    status, headers, page = request(server, "GET", f"/download/{token}/report.html")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    # The standalone file has no review toolbar and posts nowhere.
    assert 'id="download-sarif"' not in page
    assert "form-action &#39;none&#39;" in page


def test_an_uploaded_file_is_read_by_its_extension(server: ReviewServer) -> None:
    page = f"<html><body><p>{CLAIM}</p></body></html>".encode()
    status, _, html = post(
        server, {"copy": "ignored: a file was chosen", "format": "text"}, {"file": ("spa.html", page)}
    )
    assert status == 200
    assert '<span class="path">spa.html</span>' in html
    assert "fmt-html" in html
    assert "ignored: a file was chosen" not in html


@pytest.mark.parametrize(
    ("fields", "files", "status", "message"),
    [
        ({"copy": "   "}, None, 400, "Paste some copy or choose a file"),
        ({"copy": "x", "format": "pdf"}, None, 400, "unknown format"),
        ({}, {"file": ("spa.pdf", b"%PDF")}, 415, "spa.pdf: exolint reads"),
        ({}, {"file": ("logo.txt", b"\x00\x01\x02binary")}, 422, "looks binary"),
        ({}, {"file": ("draft.docx", b"not a zip")}, 422, "not a Word .docx file"),
    ],
)
def test_bad_forms_get_the_form_back_with_a_reason(
    server: ReviewServer, fields: dict[str, str], files: Any, status: int, message: str
) -> None:
    got, _, html = post(server, fields, files)
    assert got == status
    assert 'id="error"' in html
    assert message in html


def test_oversized_request_is_413_with_a_clear_message(server: ReviewServer) -> None:
    ctype, body = multipart({"copy": "a" * 300_000})
    status, headers, html = request(server, "POST", "/check", body, {"Content-Type": ctype})
    assert status == 413
    assert "the review page accepts up to 0.2 MB" in html
    assert headers["connection"] == "close"


def test_not_multipart_is_415(server: ReviewServer) -> None:
    status, _, html = request(
        server, "POST", "/check", b"copy=x", {"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 415
    assert "multipart/form-data" in html


def test_foreign_host_header_is_refused(server: ReviewServer) -> None:
    # A page on evil.example that rebinds its name to 127.0.0.1 sends its own Host.
    status, _, body = request(server, "GET", "/", headers={"Host": "evil.example:8765"})
    assert status == 403
    assert "loopback" in body
    status, _, _ = request(server, "GET", "/", headers={"Host": "localhost:8765"})
    assert status == 200


def test_unknown_paths_and_tokens_are_404(server: ReviewServer) -> None:
    assert request(server, "GET", "/etc/passwd")[0] == 404
    assert request(server, "GET", "/download/" + "A" * 24 + "/report.sarif")[0] == 404
    assert request(server, "GET", "/download/x/report.sarif")[0] == 404


def test_only_the_latest_runs_are_kept(server: ReviewServer) -> None:
    tokens = []
    for i in range(MAX_KEPT_RUNS + 2):
        _, _, html = post(server, {"copy": f"{CLAIM} {i}", "format": "text"})
        tokens.append(html.split("/download/", 1)[1].split("/", 1)[0])
    assert len(server.runs) == MAX_KEPT_RUNS
    assert request(server, "GET", f"/download/{tokens[0]}/report.sarif")[0] == 404
    assert request(server, "GET", f"/download/{tokens[-1]}/report.sarif")[0] == 200


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("C:\\Users\\me\\draft.docx", "draft.docx"),
        ("../../etc/passwd", "passwd"),
        ("a\x00b\x1b.txt", "ab.txt"),
    ],
)
def test_uploaded_file_names_are_base_names_without_controls(given: str, expected: str) -> None:
    assert safe_name(given) == expected


def test_inline_suppressions_apply_as_in_check(server: ReviewServer) -> None:
    from exolint.engine import lint_document
    from exolint.sources import parse_text

    codes = sorted({f.code for f in lint_document(parse_text(CLAIM, "x.txt", "text"))})
    assert codes
    directive = f"# exolint-disable-next-line {','.join(codes)}: describes our IND trial\n"
    status, _, html = post(server, {"copy": directive + CLAIM + "\n", "format": "text"})
    assert status == 200
    assert 'class="hl sev-' not in html
    assert "suppressed in the copy" in html
