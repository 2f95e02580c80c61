"""The local review page (`exolint serve`): paste or upload copy, get the HTML report.

Sits above report/ and below the CLI: form.py turns a submitted form into a
`Document`, server.py lints it and answers with report/html.py's page.
"""

from __future__ import annotations

from exolint.review.server import MAX_REQUEST_BYTES, ReviewServer, serve

__all__ = ["MAX_REQUEST_BYTES", "ReviewServer", "serve"]
