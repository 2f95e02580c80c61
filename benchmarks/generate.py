"""Deterministic generators of the benchmark corpora.

Two kinds of HTML page, both built from the templates and vocabularies in
`phrases.toml`, so that sentences vary (no two pages share their text and
the engine cannot win by caching):

- **crawl**: a crawl of many med-spa sites. Each site (``SITE_PAGES`` pages)
  has its own name, city, navigation, stylesheet and analytics script, as
  real sites do; its pages are services, staff bios, prices, blog posts,
  reviews, FAQs and about pages. Pages about exosomes are a minority
  (``EXOSOME_SHARE``), and most of each page's bytes are markup.
- **dense**: exosome marketing pages dense with claims of every category,
  plus some neutral, compliant and reporting sentences.

Page ``i`` of a kind depends only on ``(seed, i)``, so any slice of a corpus
can be produced on its own (a worker can generate its own shard) and every
run produces the same bytes. Other benchmarks import `iter_crawl_pages` and
`iter_dense_pages`; the command line writes a corpus to a folder or a JSON
Lines file (``{"url": ..., "html": ...}`` a line, the triage input format).

    python -m benchmarks.generate crawl --mb 50 --out benchmarks/data/crawl
    python -m benchmarks.generate dense --pages 1000 --jsonl benchmarks/data/dense.jsonl
"""

from __future__ import annotations

import argparse
import functools
import html
import json
import random
import string
import sys
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Final

PHRASES: Final = Path(__file__).with_name("phrases.toml")
MB: Final = 1_000_000  # throughput figures are in decimal megabytes
SITE_PAGES: Final = 200  # pages of one site in the crawl mix
EXOSOME_SHARE: Final = 0.08  # crawl pages that are about exosomes
SELLS_EXOSOMES: Final = 0.7  # sites that have exosome pages at all
# Page kinds of the crawl mix and their weights (an exosome page is drawn separately).
CRAWL_KINDS: Final = {"service": 34, "bio": 12, "pricing": 8, "blog": 26, "reviews": 8, "faq": 6, "about": 6}

Page = tuple[str, str]  # (url, html)


@functools.cache
def _bank() -> dict[str, dict[str, list[str]]]:
    with PHRASES.open("rb") as f:
        return tomllib.load(f)


# Slots whose values are computed, not listed in phrases.toml.
COMPUTED: Final[dict[str, Callable[[random.Random], str]]] = {
    "n": lambda r: str(r.randint(2, 30)),
    "year": lambda r: str(r.randint(2006, 2024)),
    "price": lambda r: f"{r.randrange(95, 4800, 5):,}",
    "deposit": lambda r: str(r.choice((50, 75, 100, 150))),
    "initial": lambda r: r.choice(string.ascii_uppercase),
    "area_code": lambda r: str(r.randint(201, 989)),
    "phone": lambda r: f"{r.randint(0, 9999):04d}",
}


class Slots(dict[str, str]):
    """`str.format_map` argument: fixed values first, else a fresh draw for every use of a slot."""

    def __init__(self, rng: random.Random, **fixed: str) -> None:
        super().__init__(fixed)
        self.rng = rng
        self.lists = _bank()["slot"]

    def __missing__(self, key: str) -> str:
        if key == "name":
            return f"{self.rng.choice(self.lists['first'])} {self.rng.choice(self.lists['last'])}"
        if key in COMPUTED:
            return COMPUTED[key](self.rng)
        return self.rng.choice(self.lists[key])

    def fix(self, *keys: str) -> None:
        """Draw these slots once, so that every later use in the page repeats the same value."""
        for key in keys:
            self[key] = self.__missing__(key)

    def fill(self, template: str) -> str:
        return template.format_map(self)

    def pick(self, section: str, group: str, k: int = 1) -> list[str]:
        """`k` sentences from a template group of phrases.toml, each filled independently."""
        templates = _bank()[section][group]
        return [_capitalized(self.fill(self.rng.choice(templates))) for _ in range(k)]


def _capitalized(s: str) -> str:
    """Sentences start with a capital even when a slot ("laser hair removal") opens them."""
    return s[:1].upper() + s[1:]


def _text(s: str) -> str:
    return html.escape(s, quote=False)


def _attr(s: str) -> str:
    return html.escape(s, quote=True)


# --- the crawl mix ----------------------------------------------------------------------------------


class Site:
    """What every page of one crawled site shares: name, host, navigation, CSS and scripts."""

    def __init__(self, site_id: int, seed: int) -> None:
        rng = random.Random(f"{seed}:site:{site_id}")
        lists = _bank()["slot"]
        self.name = f"{rng.choice(lists['clinic_first'])} {rng.choice(lists['clinic_last'])}"
        self.city = rng.choice(lists["city"])
        slug = "".join(c for c in self.name.lower() if c.isalnum())[:20]
        self.host = f"www.{slug}{site_id}.example"
        self.services = rng.sample(lists["service"], rng.randint(8, 14))
        self.sells_exosomes = rng.random() < SELLS_EXOSOMES
        self.entities = rng.random() < 0.5  # some sites write &rsquo; where others write '
        slots = Slots(rng, clinic=self.name, city=self.city)
        nav = "\n".join(
            f'        <li><a href="/services/{_slug(s)}/">{_text(s)}</a></li>' for s in self.services
        )
        self.header = (
            '  <header class="site-header">\n'
            f'    <a class="brand" href="/"><img src="/img/logo-{site_id}.svg"'
            f' alt="{_attr(self.name)} logo" width="180" height="48"></a>\n'
            f'    <nav aria-label="Main">\n      <ul class="menu">\n{nav}\n'
            '        <li><a href="/team/">Our Team</a></li>\n'
            '        <li><a href="/pricing/">Pricing</a></li>\n'
            '        <li><a href="/blog/">Blog</a></li>\n'
            f'        <li><a class="btn btn-primary" href="https://book.example/{slug}">Book Now</a></li>\n'
            "      </ul>\n    </nav>\n  </header>\n"
        )
        self.footer = (
            f'  <footer class="site-footer">\n    <div class="col"><h4>{_text(self.name)}</h4>\n'
            f"      <p>{_text(slots.fill('{n}00 Main Street, Suite {n}'))}, {_text(self.city)}</p>\n"
            f"      <p>{_text(slots.pick('crawl', 'about')[0])}</p></div>\n"
            '    <div class="col"><h4>Hours</h4>'
            "<p>Mon&ndash;Fri 9am&ndash;6pm<br>Sat 9am&ndash;2pm</p></div>\n"
            f'    <p class="legal">&copy; 2025 {_text(self.name)}. All rights reserved. '
            '<a href="/privacy/">Privacy</a> &middot; <a href="/accessibility/">Accessibility</a></p>\n'
            '    <div class="cookie-banner" role="dialog">We use cookies to improve your experience. '
            '<button type="button">Accept</button></div>\n  </footer>\n'
        )
        self.style = _stylesheet(rng)
        self.script = _script(rng)


def _slug(s: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in s.lower()).split())


def _stylesheet(rng: random.Random) -> str:
    rules = []
    for k in range(rng.randint(30, 60)):
        color = f"#{rng.randrange(0x1000000):06x}"
        rules.append(
            f".c{k}-{rng.choice(('hero', 'card', 'btn', 'grid', 'nav', 'cta', 'badge'))}"
            f"{{margin:{rng.randint(0, 40)}px auto;padding:{rng.randint(0, 32)}px;color:{color};"
            f"font-size:{rng.choice(('1rem', '1.125rem', '.875rem', '2.25rem'))}}}"
        )
    return "\n".join(rules)


def _script(rng: random.Random) -> str:
    """A minified-looking analytics bundle: bytes that a reader must skip, not lint."""
    names = ["".join(rng.choices(string.ascii_letters, k=rng.randint(1, 3))) for _ in range(40)]
    parts = []
    for _ in range(rng.randint(40, 110)):
        a, b, c = rng.sample(names, 3)
        parts.append(
            f"function {a}({b},{c}){{var {b}={c}&&{c}.length>{rng.randint(0, 99)}?{c}.slice(0,"
            f"{rng.randint(1, 64)}):[];return {b}.map(function(x){{return x*{rng.randint(2, 9)}}})}}"
        )
    parts.append('window.dataLayer=window.dataLayer||[];dataLayer.push({"event":"page_view"});')
    return ";".join(parts)


@functools.lru_cache(maxsize=16)
def _site(site_id: int, seed: int) -> Site:
    return Site(site_id, seed)


def _crawl_main(kind: str, site: Site, s: Slots) -> tuple[str, str, list[str]]:
    """Title, meta description and the HTML blocks of one crawl page."""
    rng = s.rng
    service = rng.choice(site.services)
    blocks: list[str] = []

    def para(group: str, k: int, section: str = "crawl") -> None:
        blocks.append(f"<p>{_text(' '.join(s.pick(section, group, k)))}</p>")

    if kind == "exosome":
        title = f"Exosome Therapy in {site.city}"
        blocks.append(f"<h1>{_text(title)}</h1>")
        for _ in range(rng.randint(2, 4)):
            para("exosome", rng.randint(2, 4))
            para("service_body", rng.randint(1, 2))
        desc = s.pick("crawl", "exosome")[0]
    elif kind == "service":
        title = _capitalized(f"{service} in {site.city}")
        s["service"] = service  # the page is about one service
        blocks.append(f"<h1>{_text(title)}</h1>")
        para("service_intro", rng.randint(2, 3))
        for _ in range(rng.randint(2, 4)):
            blocks.append(
                f"<h2>{_text(rng.choice(('What to expect', 'Aftercare', 'Is it right for me?')))}</h2>"
            )
            para("service_body", rng.randint(2, 5))
        desc = s.pick("crawl", "service_intro")[0]
    elif kind == "bio":
        s.fix("first", "last", "credential")
        s["name"] = f"{s['first']} {s['last']}"
        title = f"Meet {s['name']}, {s['credential']}"
        blocks.append(f"<h1>{_text(title)}</h1>")
        para("bio", rng.randint(4, 7))
        blocks.append(
            f'<img src="/img/team/{_slug(s["name"])}.jpg" alt="{_attr(s["name"])} at {_attr(site.name)}">'
        )
        desc = f"{s['name']} is part of the {site.name} team in {site.city}."
    elif kind == "pricing":
        title = f"Pricing | {site.name}"
        rows = "\n".join(
            f"<tr><td>{_text(sv)}</td><td>${s['price']}</td></tr>" for sv in rng.sample(site.services, 6)
        )
        blocks += [f"<h1>{_text(title)}</h1>", f'<table class="prices">\n{rows}\n</table>']
        para("pricing", rng.randint(3, 5))
        desc = f"Transparent pricing for every treatment at {site.name}."
    elif kind == "blog":
        title = _capitalized(
            s.fill(
                rng.choice(
                    (
                        "{n} Tips for Skin That Looks {looking} This {season}",
                        "{service} vs. {service}: Which Is Right for You?",
                        "Your Guide to {service} in {city}",
                    )
                )
            )
        )
        blocks.append(f"<h1>{_text(title)}</h1>")
        for _ in range(rng.randint(3, 6)):
            para("blog", rng.randint(2, 5))
        desc = s.pick("crawl", "blog")[0]
    elif kind == "reviews":
        title = f"Client Reviews | {site.name}"
        blocks.append(f"<h1>{_text(title)}</h1>")
        blocks += [
            f"<blockquote>{_text(r)}</blockquote>" for r in s.pick("crawl", "review", rng.randint(5, 10))
        ]
        desc = f"Read what our {site.city} clients say."
    elif kind == "faq":
        title = "Frequently Asked Questions"
        blocks.append(f"<h1>{title}</h1>")
        for qa in s.pick("crawl", "faq", rng.randint(4, 8)):
            q, a = qa.split("|")
            blocks.append(f"<details><summary>{_text(q)}</summary><p>{_text(a)}</p></details>")
        desc = f"Answers to common questions about treatments at {site.name}."
    else:  # about
        title = f"About {site.name}"
        blocks.append(f"<h1>{_text(title)}</h1>")
        para("about", rng.randint(3, 6))
        desc = s.pick("crawl", "about")[0]
    return title, desc, blocks


def crawl_page(i: int, seed: int = 0) -> Page:
    """Page `i` of the crawl mix: (url, html)."""
    site = _site(i // SITE_PAGES, seed)
    rng = random.Random(f"{seed}:crawl:{i}")
    s = Slots(rng, clinic=site.name, city=site.city)
    if site.sells_exosomes and rng.random() < EXOSOME_SHARE / SELLS_EXOSOMES:
        kind = "exosome"
    else:
        kind = rng.choices(list(CRAWL_KINDS), weights=list(CRAWL_KINDS.values()))[0]
    title, desc, blocks = _crawl_main(kind, site, s)
    path = f"/{kind}/{_slug(title)[:60]}-{i}/"
    body = "\n".join(f"      {b}" for b in blocks)
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n'
        f"  <title>{_text(title)} | {_text(site.name)}</title>\n"
        f'  <meta name="description" content="{_attr(desc)}">\n'
        f'  <meta property="og:title" content="{_attr(title)}">\n'
        '  <meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'  <link rel="canonical" href="https://{site.host}{path}">\n'
        f"  <style>\n{site.style}\n  </style>\n"
        f'  <script type="application/ld+json">{json.dumps(_ld(site, title))}</script>\n'
        f"  <script>{site.script}</script>\n</head>\n<body>\n{site.header}"
        f'  <main id="content">\n    <article class="c{i % 7}-card">\n{body}\n    </article>\n  </main>\n'
        f"{site.footer}</body>\n</html>\n"
    )
    if site.entities:
        page = page.replace("'", "&rsquo;")  # after the scripts too, which is harmless: they are skipped
    return f"https://{site.host}{path}", page


def _ld(site: Site, title: str) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "MedicalBusiness",
        "name": site.name,
        "address": {"@type": "PostalAddress", "addressLocality": site.city},
        "headline": title,
    }


# --- dense exosome copy -----------------------------------------------------------------------------


def dense_page(i: int, seed: int = 0) -> Page:
    """Page `i` of the dense corpus: (url, html). Most of its bytes are copy, most of its copy claims."""
    rng = random.Random(f"{seed}:dense:{i}")
    lists = _bank()["slot"]
    clinic = f"{rng.choice(lists['clinic_first'])} {rng.choice(lists['clinic_last'])}"
    s = Slots(rng, clinic=clinic, city=rng.choice(lists["city"]))
    blocks = [f"<h1>{_text(s.pick('dense', 'heading')[0])}</h1>"]
    for _ in range(rng.randint(5, 8)):
        blocks.append(f"<h2>{_text(s.pick('dense', 'heading')[0])}</h2>")
        for _ in range(rng.randint(2, 4)):
            sentences = [_dense_sentence(s) for _ in range(rng.randint(2, 5))]
            blocks.append(f"<p>{_text(' '.join(sentences))}</p>")
        roll = rng.random()
        if roll < 0.3:
            items = [s["condition"] for _ in range(3)] + [s["serious"] for _ in range(rng.randint(1, 3))]
            blocks.append("<ul>" + "".join(f"<li>{_text(_capitalized(x))}</li>" for x in items) + "</ul>")
        elif roll < 0.5:
            q, a = s.pick("dense", "faq")[0].split("|")
            blocks.append(f"<details><summary>{_text(q)}</summary><p>{_text(a)}</p></details>")
        elif roll < 0.6:
            alt = _attr(s.pick("dense", "claim")[0])
            blocks.append(f'<img src="/img/{i}-{rng.randint(1, 9)}.jpg" alt="{alt}">')
    body = "\n".join(f"    {b}" for b in blocks)
    title = f"{s.pick('dense', 'heading')[0]} | {clinic}"
    host = f"{_slug(clinic)}-{i % 997}.example"
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n  <meta charset="utf-8">\n'
        f"  <title>{_text(title)}</title>\n"
        f'  <meta name="description" content="{_attr(s.pick("dense", "claim")[0])}">\n'
        '  <link rel="stylesheet" href="/css/site.css">\n</head>\n<body>\n'
        f'  <header><a href="/">{_text(clinic)}</a> <nav><a href="/exosomes/">Exosome Therapy</a> '
        '<a href="/conditions/">Conditions</a> <a href="/book/">Book Now</a></nav></header>\n'
        f"  <main>\n{body}\n  </main>\n  <footer><p>{_text(clinic)}, {_text(s['city'])}. "
        f"{_text(s.pick('dense', 'neutral')[0])}</p></footer>\n</body>\n</html>\n"
    )
    return f"https://{host}/exosomes/{i}/", page


DENSE_GROUPS: Final = ("claim", "testimonial", "neutral", "compliant")
DENSE_WEIGHTS: Final = (66, 8, 14, 12)


def _dense_sentence(s: Slots) -> str:
    group = s.rng.choices(DENSE_GROUPS, DENSE_WEIGHTS)[0]
    sentence = s.pick("dense", group)[0]
    if group == "claim" and sentence.endswith(".") and s.rng.random() < 0.6:
        sentence = sentence[:-1] + s.pick("dense", "tail")[0] + "."
    return sentence


# --- corpora ----------------------------------------------------------------------------------------

GENERATORS: Final[dict[str, Callable[[int, int], Page]]] = {"crawl": crawl_page, "dense": dense_page}


def iter_crawl_pages(n: int, seed: int = 0, start: int = 0) -> Iterator[Page]:
    """Pages start .. start+n-1 of the crawl mix, as (url, html)."""
    for i in range(start, start + n):
        yield crawl_page(i, seed)


def iter_dense_pages(n: int, seed: int = 0, start: int = 0) -> Iterator[Page]:
    """Pages start .. start+n-1 of the dense exosome corpus, as (url, html)."""
    for i in range(start, start + n):
        yield dense_page(i, seed)


def iter_corpus(kind: str, min_bytes: int, seed: int = 0) -> Iterator[tuple[str, bytes]]:
    """Pages of `kind` as (url, UTF-8 bytes) until at least `min_bytes` have been produced."""
    make = GENERATORS[kind]
    total = i = 0
    while total < min_bytes:
        url, page = make(i, seed)
        data = page.encode("utf-8")
        total += len(data)
        i += 1
        yield url, data


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=sorted(GENERATORS))
    size = ap.add_mutually_exclusive_group()
    size.add_argument("--mb", type=float, default=50.0, help="at least this many MB (10^6 bytes; default 50)")
    size.add_argument("--pages", type=int, help="exactly this many pages")
    ap.add_argument("--seed", type=int, default=0)
    out = ap.add_mutually_exclusive_group(required=True)
    out.add_argument("--out", type=Path, help="folder to write one .html file per page into")
    out.add_argument("--jsonl", type=Path, help='JSON Lines file, {"url": ..., "html": ...} a line')
    args = ap.parse_args(argv)

    if args.pages is not None:
        make = GENERATORS[args.kind]
        pages: Iterator[tuple[str, bytes]] = (
            (url, page.encode("utf-8")) for url, page in (make(i, args.seed) for i in range(args.pages))
        )
    else:
        pages = iter_corpus(args.kind, int(args.mb * MB), args.seed)
    count = total = 0
    if args.out is not None:
        for url, data in pages:
            host, _, path = url.removeprefix("https://").partition("/")
            target = args.out / host / (path.strip("/").replace("/", "_") + ".html")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            count, total = count + 1, total + len(data)
    else:
        args.jsonl.parent.mkdir(parents=True, exist_ok=True)
        with args.jsonl.open("w", encoding="utf-8") as f:
            for url, data in pages:
                f.write(json.dumps({"url": url, "html": data.decode("utf-8")}, ensure_ascii=False) + "\n")
                count, total = count + 1, total + len(data)
    print(f"{count:,} {args.kind} pages, {total / MB:.1f} MB -> {args.out or args.jsonl}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
