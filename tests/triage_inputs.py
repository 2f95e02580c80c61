"""Mixed triage inputs written by the tests: a crawl folder, JSON Lines and WARC files with broken records.

Each builder returns what it wrote: how many pages, which of them must fail
and why, and how many WARC records are not pages, so a test can account for
every page without hard-coding the outputs.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

MAX_PAGE = 20_000  # --max-page-size for these tests: a "huge" page is cheap to write

# Fresh copy, not from the evaluation corpus: a selling page, a reporting page, a neutral one.
SELLING = (
    "<html><head><title>{site} exosome therapy</title></head><body><h1>Exosome IV therapy at {site}</h1>"
    "<p>Our exosome infusions treat Parkinson's disease and rebuild damaged knees.</p>"
    "<p>Exosomes are FDA approved and completely safe. Book now: ${n}99.</p></body></html>"
)
REPORTING = (
    "<html><body><h1>News</h1><p>FDA warned clinics that claim exosome injections cure arthritis.</p>"
    "<p>Regulators say no exosome product is approved.</p></body></html>"
)
NEUTRAL = (
    "<html><body><h1>Meet our team</h1><p>Dr. Lee has practiced dermatology for {n} years.</p></body></html>"
)


@dataclass
class Expected:
    pages: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # page id -> reason
    skipped: int = 0  # WARC records that are not pages

    def add(self, other: Expected) -> None:
        self.pages += other.pages
        self.failed.update(other.failed)
        self.skipped += other.skipped


def page(kind: str, site: str, n: int) -> str:
    return {"selling": SELLING, "reporting": REPORTING, "neutral": NEUTRAL}[kind].format(site=site, n=n)


def write_folder(root: Path) -> Expected:
    """A wget --mirror style folder: host-named subfolders, plus broken files."""
    exp = Expected()
    host = root / "www.glow-clinic.example"
    (host / "blog").mkdir(parents=True)
    files = {
        host / "index.html": page("selling", "Glow", 1),
        host / "team.html": page("neutral", "Glow", 2),
        host / "blog" / "fda-news.html": page("reporting", "Glow", 3),
        root / "draft.md": "# Exosome facial\n\nOur exosome serum regrows hair in 30 days.\n",
        root / "notes.txt": "Staff meeting moved to Tuesday.\n",
    }
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
    (host / "binary.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (host / "huge.html").write_text("<p>" + "word " * (MAX_PAGE // 4) + "</p>", encoding="utf-8")
    (root / "latin1.txt").write_bytes("Crème für Gesichter: exosomes".encode("latin-1"))
    (root / ".hidden.html").write_text(
        page("selling", "Hidden", 9), encoding="utf-8"
    )  # skipped, as `check` does
    (root / "logo.png").write_bytes(b"\x89PNG")  # not a format exolint reads: not a page
    exp.pages = len(files) + 3
    exp.failed = {
        str(host / "binary.html"): "binary",
        str(host / "huge.html"): "too-large",
        str(root / "latin1.txt"): "undecodable",
    }
    return exp


def write_jsonl(path: Path, n_good: int = 30) -> Expected:
    """Good pages on four sites, broken records, and blank lines (which are not pages)."""
    kinds = ("selling", "neutral", "reporting")
    lines: list[tuple[str, str | None]] = []  # (line, reason it must fail or None)
    for i in range(n_good):
        site = f"spa{i % 4}.example"
        record = {"url": f"https://{site}/p{i}", "html": page(kinds[i % 3], site, i), "crawl": i}
        lines.append((json.dumps(record), None))
    lines.insert(5, ("", None))
    lines += [
        ("{not json", "invalid-json"),
        ("[1, 2, 3]", "invalid-json"),
        (json.dumps({"url": "https://spa9.example/empty", "title": "no body"}), "missing-content"),
        (json.dumps({"url": "https://spa9.example/nul", "text": "a\u0000b" * 10}), "binary"),
        (json.dumps({"url": "https://spa9.example/big", "html": "x" * (MAX_PAGE + 10)}), "too-large"),
        ('{"url": "https://spa9.example/sur", "text": "bad \\ud800 surrogate"}', "undecodable"),
    ]
    exp = Expected(pages=sum(1 for line, _ in lines if line))
    offset = 0
    for line, reason in lines:
        if reason is not None:
            exp.failed[f"{path}@{offset}"] = reason
        offset += len(line.encode()) + 1
    path.write_text("".join(line + "\n" for line, _ in lines) + "\n", encoding="utf-8")
    return exp


def _response(writer: WARCWriter, url: str, body: bytes, ctype: str = "text/html; charset=utf-8") -> None:
    http = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    )


def write_warc(path: Path, n_good: int = 12, *, gz: bool = True) -> Expected:
    """A WARC with HTML responses, non-page records, and broken records in the middle and at the end."""
    exp = Expected()
    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=gz)
    w.write_record(w.create_warcinfo_record(path.name, {"software": "exolint tests"}))
    exp.skipped += 1
    corrupt_at = truncated_at = -1
    for i in range(n_good):
        site = f"med{i % 3}.example"
        _response(w, f"https://{site}/{i}", page(("selling", "neutral")[i % 2], site, i).encode())
        exp.pages += 1
        _response(w, f"https://{site}/{i}.png", b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png")
        w.write_record(
            w.create_warc_record(
                f"https://{site}/{i}", "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")
            )
        )
        exp.skipped += 2
        if i == n_good // 2:
            exp.failed[f"{path}@{buf.tell()}"] = "binary"
            _response(w, f"https://{site}/bin", b"<html>\x00\x01\x02" + bytes(300))
            corrupt_at = buf.tell()
            _response(w, f"https://{site}/corrupt", page("selling", site, 99).encode())
            exp.pages += 2
    truncated_at = buf.tell()
    _response(w, "https://med0.example/last", page("selling", "med0", 7).encode())
    exp.pages += 1
    data = bytearray(buf.getvalue())
    if gz:  # garble the compressed middle of the record's gzip member
        middle = (corrupt_at + data.find(b"\x1f\x8b\x08", corrupt_at + 1)) // 2
        data[middle : middle + 24] = b"\xff" * 24
    else:  # garble its version line: warcio cannot parse the headers
        data[corrupt_at : corrupt_at + 4] = b"XXXX"
    exp.failed[f"{path}@{corrupt_at}"] = "corrupt-record"
    exp.failed[f"{path}@{truncated_at}"] = "corrupt-record"
    path.write_bytes(bytes(data[: len(data) - 120]))  # cut the last record short
    return exp
