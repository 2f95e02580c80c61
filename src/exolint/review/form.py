"""The review page's form: a multipart/form-data body in, one `Document` out.

Part of the review server (`exolint serve`), which sits above report/ and
below the CLI. The body is parsed with the standard library's `email`
package (the `cgi` module is deprecated and gone in Python 3.13); the
server has already bounded its size. Pasted copy or an uploaded file goes
through the same source readers as `exolint check`, so a page reviewed here
reads exactly as it does in CI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import HTTP
from pathlib import PurePath
from typing import Final

from exolint.errors import InputError
from exolint.model import Document
from exolint.sources import FORMATS, format_for, read_bytes

PASTE_FORMATS: Final = {"text": ".txt", "markdown": ".md", "html": ".html"}
# What an uploaded file may be called in the report: its base name, without
# control characters, and not so long that it swamps the page.
UNSAFE_NAME: Final = re.compile(r"[\x00-\x1f\x7f]")
MAX_NAME: Final = 120


class FormError(Exception):
    """A form the server cannot lint; `status` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True, slots=True)
class Submission:
    """What the reviewer sent: pasted copy (with its format) and/or one file."""

    copy: str = ""
    format: str = "text"
    filename: str = ""
    data: bytes = b""


def parse_form(content_type: str, body: bytes) -> Submission:
    """The fields of a multipart/form-data body; unknown fields are ignored."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise FormError("the form must be sent as multipart/form-data", 415)
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1", "replace")
    message = BytesParser(policy=HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart():
        raise FormError("the form could not be read (no multipart boundary)")
    fields: dict[str, str] = {}
    filename, data = "", b""
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if not isinstance(name, str) or not isinstance(payload, bytes):
            continue
        if name == "file":
            filename, data = safe_name(part.get_filename() or ""), payload
        else:
            fields[name] = payload.decode("utf-8", "replace")
    # Browsers send a textarea's line breaks as CRLF; the copy had LF.
    copy = fields.get("copy", "").replace("\r\n", "\n")
    return Submission(copy, fields.get("format", "text"), filename, data)


def safe_name(filename: str) -> str:
    name = UNSAFE_NAME.sub("", PurePath(filename.replace("\\", "/")).name)
    return name[-MAX_NAME:]


def to_document(sub: Submission, *, max_bytes: int) -> Document:
    """The document to lint: the uploaded file if one was chosen, else the pasted copy."""
    if sub.filename and sub.data:
        fmt = format_for(sub.filename)
        if fmt is None:
            known = ", ".join(sorted(FORMATS))
            raise FormError(f"{sub.filename}: exolint reads {known} files", 415)
        return _read(sub.data, sub.filename, fmt, max_bytes)
    if sub.copy.strip():
        if sub.format not in PASTE_FORMATS:
            raise FormError(f"unknown format {sub.format!r} for pasted copy")
        name = "pasted" + PASTE_FORMATS[sub.format]
        return _read(sub.copy.encode("utf-8"), name, sub.format, max_bytes)
    raise FormError("Paste some copy or choose a file to check.")


def _read(data: bytes, name: str, fmt: str, max_bytes: int) -> Document:
    try:
        return read_bytes(data, name, fmt, max_bytes=max_bytes)
    except InputError as exc:  # binary, undecodable, a broken .docx: the reviewer's to fix
        raise FormError(str(exc), 422) from exc
