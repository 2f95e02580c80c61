"""Render a rule's documentation from the policy, the one place rule text lives.

`render_markdown` is docs/rules/<CODE>.md; `render_help_markdown` is its body
(rationale, legal basis, sources, rewrite) for SARIF `help.markdown` and the
HTML report; `render_text` is `exolint explain` in a terminal. Reporters call
these and never compose rule text or URLs themselves (STYLE.md §7).

Regenerate the committed docs with `python -m exolint.policy.docs` (or
`scripts/gen_rule_docs.py`); `--check` exits 1 when they are stale, for CI
and pre-commit.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Final

from exolint.model import Category
from exolint.policy.load import default_policy
from exolint.policy.schema import CODE_RE, Policy, Rule, Source

DEFAULT_OUT: Final = Path("docs/rules")
INDEX_NAME: Final = "README.md"
_GENERATED: Final = (
    "<!-- Generated from policies/*.toml by `python -m exolint.policy.docs`; do not edit by hand. -->"
)


# --- Markdown -------------------------------------------------------------------


def render_markdown(rule: Rule, policy: Policy) -> str:
    """The full page for docs/rules/<CODE>.md."""
    lines = [
        _GENERATED,
        "",
        f"# {rule.title}",
        "",
        _md(rule.message),
        "",
        f"- **Category:** `{rule.category.value}`",
        f"- **Default severity:** {rule.severity.value}",
    ]
    if rule.frames:
        lines.append(f"- **Grammar frames:** {_codes(rule.frames)}")
    if rule.when:
        lines.append(f"- **Applies only when:** {_codes(rule.when)}")
    if rule.unless:
        lines.append(f"- **Does not apply when:** {_codes(rule.unless)}")
    lines += [
        f"- **Since:** {rule.since}",
        f"- **Aliases:** {_codes(rule.aliases) if rule.aliases else 'none'}",
    ]
    if rule.tags:
        lines.append(f"- **Tags:** {', '.join(rule.tags)}")
    lines += ["", render_help_markdown(rule, policy, level=2)]
    return "\n".join(lines)


def render_help_markdown(rule: Rule, policy: Policy, *, level: int = 3) -> str:
    """Rationale, legal basis, sources and rewrite: SARIF `help.markdown`."""
    hashes = "#" * level
    lines = [f"{hashes} Why it matters", "", *_md_paragraphs(rule.rationale), ""]
    if rule.legal_basis:
        lines += [f"{hashes} Legal basis", "", *(f"- {_md(item)}" for item in rule.legal_basis), ""]
    lines += [f"{hashes} Sources", ""]
    lines += [f"- {_md_source(source)}" for _, source in policy.cited_sources(rule)]
    lines += [
        "",
        f"{hashes} {_rewrite_heading(rule)}",
        "",
        *(f"> {line}" for line in _md_paragraphs(rule.rewrite)),
        "",
        f"Primary source: <{rule.help_url}>",
        "",
    ]
    return "\n".join(lines)


def render_index(policy: Policy) -> str:
    """docs/rules/README.md: every rule in one table, claim rules first."""
    claims = [r for r in policy.rules if r.category is not Category.DIAGNOSTIC]
    diagnostics = [r for r in policy.rules if r.category is Category.DIAGNOSTIC]
    meta = policy.meta
    lines = [
        _GENERATED,
        "",
        "# exolint rules",
        "",
        f"Policy `{meta.name}` version {meta.version}: {len(policy.rules)} rules. Each page gives the "
        "rationale, the legal basis, dated sources and a compliant rewrite.",
        "",
        "Every rule's code block names its category (EXO1xx disease-claim … EXO9xx efficacy-guarantee; "
        "EXO0xx are exolint's own diagnostics). Select or ignore rules by code, prefix, name or category; "
        "`exolint explain CODE` prints a page in the terminal.",
        "",
        "## Claim rules",
        "",
        *_index_table(claims),
        "",
        "## Diagnostics",
        "",
        *_index_table(diagnostics),
        "",
    ]
    return "\n".join(lines)


def _index_table(rules: Iterable[Rule]) -> list[str]:
    rows = ["| Code | Name | Category | Severity | What it flags |", "|---|---|---|---|---|"]
    rows += [
        f"| [{r.code}]({r.code}.md) | {r.name} | `{r.category.value}` | {r.severity.value} | "
        f"{_cell(r.message)} |"
        for r in rules
    ]
    return rows


def _cell(text: str) -> str:
    return _md(text).replace("|", "\\|")


def _md_source(source: Source) -> str:
    title = _md(source.title).replace("[", r"\[").replace("]", r"\]")
    url = source.url if "(" not in source.url and ")" not in source.url else f"<{source.url}>"
    extra = f"; {_md(source.firm)}" if source.firm and source.firm not in source.title else ""
    return (
        f"[{title}]({url}), {source.publisher}, {source.date.isoformat()} "
        f"({source.kind}{extra}; {source.confidence} source)"
    )


def _md(text: str) -> str:
    # Rule text is plain prose; '<' would start raw HTML (an example directive
    # such as <!-- exolint-disable ... --> would vanish when rendered).
    return " ".join(text.split()).replace("<", "&lt;")


def _md_paragraphs(text: str) -> list[str]:
    out: list[str] = []
    for para in _paragraphs(text):
        if out:
            out.append("")
        out.append(_md(para))
    return out


def _codes(items: Iterable[str]) -> str:
    return ", ".join(f"`{item}`" for item in items)


# --- terminal text ----------------------------------------------------------------


def render_text(rule: Rule, policy: Policy, *, width: int = 88) -> str:
    """`exolint explain CODE`: the same content as the Markdown page, wrapped for a terminal."""
    indent = "    "

    def block(text: str) -> list[str]:
        out: list[str] = []
        for para in _paragraphs(text):
            if out:
                out.append("")
            out += textwrap.wrap(para, width, initial_indent=indent, subsequent_indent=indent)
        return out

    facts = [f"category: {rule.category.value}", f"severity: {rule.severity.value}", f"since: {rule.since}"]
    lines = [rule.title, "  ".join(facts)]
    if rule.aliases:
        lines.append(f"aliases: {', '.join(rule.aliases)}")
    lines += [
        "",
        *textwrap.wrap(" ".join(rule.message.split()), width),
        "",
        "Why it matters:",
        *block(rule.rationale),
    ]
    if rule.legal_basis:
        lines += ["", "Legal basis:", *(f"{indent}- {item}" for item in rule.legal_basis)]
    lines += ["", "Sources:"]
    for _, source in policy.cited_sources(rule):
        head = f"- {source.title} ({source.publisher}, {source.date.isoformat()})"
        lines += textwrap.wrap(head, width, initial_indent=indent, subsequent_indent=indent + "  ")
        lines.append(f"{indent}  {source.url}")
    lines += ["", f"{_rewrite_heading(rule)}:", *block(rule.rewrite), "", f"More: {rule.help_url}"]
    return "\n".join(lines) + "\n"


def _rewrite_heading(rule: Rule) -> str:
    # A diagnostic's `rewrite` is a fix to the input or directive, not copy.
    return "How to fix it" if rule.category is Category.DIAGNOSTIC else "A compliant way to say it"


def _paragraphs(text: str) -> list[str]:
    """Blank-line-separated paragraphs with their white space collapsed."""
    paras = [" ".join(chunk.split()) for chunk in text.split("\n\n")]
    return [p for p in paras if p]


# --- docs/rules -----------------------------------------------------------------------


def rule_docs(policy: Policy) -> dict[str, str]:
    """File name -> content of every generated page."""
    pages = {f"{rule.code}.md": render_markdown(rule, policy) for rule in policy.rules}
    pages[INDEX_NAME] = render_index(policy)
    return pages


def write_rule_docs(out_dir: Path = DEFAULT_OUT, policy: Policy | None = None) -> list[Path]:
    """Write the pages into `out_dir`, delete pages of rules that no longer exist; return changed files."""
    pages = rule_docs(policy or default_policy())
    out_dir.mkdir(parents=True, exist_ok=True)
    changed: list[Path] = []
    for name, content in pages.items():
        target = out_dir / name
        if not target.is_file() or target.read_text(encoding="utf-8") != content:
            target.write_text(content, encoding="utf-8", newline="\n")
            changed.append(target)
    for stale in _stale_pages(out_dir, pages):
        stale.unlink()
        changed.append(stale)
    return changed


def check_rule_docs(out_dir: Path = DEFAULT_OUT, policy: Policy | None = None) -> list[str]:
    """Names of pages that are missing, different or stale in `out_dir` (empty when current)."""
    pages = rule_docs(policy or default_policy())
    problems = [
        name
        for name, content in pages.items()
        if not (out_dir / name).is_file() or (out_dir / name).read_text(encoding="utf-8") != content
    ]
    problems += [path.name for path in _stale_pages(out_dir, pages)]
    return sorted(problems)


def _stale_pages(out_dir: Path, pages: dict[str, str]) -> list[Path]:
    if not out_dir.is_dir():
        return []
    return sorted(
        path for path in out_dir.glob("EXO*.md") if CODE_RE.fullmatch(path.stem) and path.name not in pages
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m exolint.policy.docs", description="Regenerate docs/rules from the packaged policy."
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output folder (default: docs/rules)")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the docs are out of date; write nothing"
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    if args.check:
        problems = check_rule_docs(out)
        for name in problems:
            sys.stderr.write(f"{out / name}: out of date; run python -m exolint.policy.docs\n")
        return 1 if problems else 0
    for path in write_rule_docs(out):
        sys.stdout.write(f"updated {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
