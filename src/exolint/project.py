"""`exolint check` for a website repository: settings in, a reportable run out.

Sits between the CLI and the library: cli.py builds `Settings`
(settings.py) and calls `run_check`, which wires the stages a repository
needs around the batch API (api.lint_paths):

    include/exclude -> engine (packaged + users' policy files) -> select/ignore
    -> inline suppressions (per document, while its raw text is at hand)
    -> per-rule severities -> baseline

A value that names no rule (a `select` entry, a `severity` key) is a
`ConfigError` pointing at where it was set, file and key or flag.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from exolint import api
from exolint.api import STDIN, LintRun, enabled_codes, iter_paths
from exolint.baseline import load_baseline, write_baseline
from exolint.config_errors import did_you_mean, display_path
from exolint.errors import ConfigError
from exolint.globs import PathFilter
from exolint.model import Document, Finding, Severity
from exolint.settings import Settings
from exolint.suppress import apply_suppressions

if TYPE_CHECKING:
    from exolint.policy.schema import Policy, Rule


@dataclass(frozen=True, slots=True)
class CheckResult:
    run: LintRun
    policy: Policy  # with the configured severities: what reporters show for each rule
    threshold: Severity | None  # exit 1 at or above this; None for fail-on = never
    baselined: int = 0  # findings left out because the baseline lists them
    baseline_written: int | None = None  # entries in the baseline file written by this run


def run_check(
    paths: Sequence[str],
    settings: Settings,
    *,
    stdin_filename: str | None = None,
    keep_documents: bool = False,  # for reporters that show the copy (report.needs_documents)
) -> CheckResult:
    policy, lint = _policy(settings)
    for selector in settings.select or ():
        _require_rules(policy, selector, settings.origin("select"))
    for selector in settings.ignore:
        _require_rules(policy, selector, settings.origin("ignore"))
    severities = _severities(policy, settings)
    ignore = [*settings.ignore, *(code for code, level in severities.items() if level is None)]
    enabled = enabled_codes(policy, settings.select, ignore)

    def suppress(doc: Document, findings: list[Finding]) -> list[Finding]:
        return apply_suppressions(doc, findings, policy=policy, enabled=enabled)

    run = api.lint_paths(  # looked up per call, so tests can stand in for it
        _selected(paths, settings),
        stdin_filename=stdin_filename,
        select=settings.select,
        ignore=ignore,
        max_bytes=settings.max_file_size,
        keep_documents=keep_documents,
        policy=policy,
        lint=lint,
        transform=suppress,
    )
    run.findings = [_with_severity(f, severities) for f in run.findings]
    written = None
    if settings.write_baseline:
        written = write_baseline(settings.write_baseline, run.findings, run.paths)
    baselined = 0
    baseline = settings.write_baseline or settings.baseline
    if baseline:
        shown = display_path(Path(baseline), Path.cwd())
        if not Path(baseline).is_file():
            raise ConfigError(f"{settings.origin('baseline')}: baseline file not found: {shown}")
        run.findings, baselined = load_baseline(baseline, shown).filter(run.findings)
    threshold = None if settings.fail_on == "never" else Severity(settings.fail_on)
    return CheckResult(run, _shown(policy, severities), threshold, baselined, written)


def configured_policy(settings: Settings) -> Policy:
    """The policy as a run with these settings applies it: the users' policy files
    merged in and the configured severities (for `exolint rules` and `explain`)."""
    policy, _ = _policy(settings)
    return _shown(policy, _severities(policy, settings))


def _shown(policy: Policy, severities: dict[str, Severity | None]) -> Policy:
    """The policy with each rule at its configured severity: what reporters show."""
    return replace(policy, rules=tuple(_rule_severity(r, severities) for r in policy.rules))


def _policy(settings: Settings) -> tuple[Policy, Callable[[Document], list[Finding]] | None]:
    """The packaged policy (and engine), or one with the users' policy files merged in."""
    from exolint.policy import load

    if not settings.policies:
        return load.default_policy(), None  # the engine module's cached default engine
    from exolint.engine import Engine
    from exolint.frames import FRAMES
    from exolint.policy.evaluate import PREDICATES

    cwd = Path.cwd()
    shown = [display_path(Path(p), cwd) for p in settings.policies]
    for i, (path, name) in enumerate(zip(settings.policies, shown, strict=True)):
        if not Path(path).is_file():
            raise ConfigError(f"{settings.origin('policies')}[{i}]: policy file not found: {name}")
    # PolicyError names the policy file and key; shown paths keep it short.
    policy = load.load_policy(shown, known_frames=FRAMES, known_predicates=PREDICATES)
    return policy, Engine(policy).lint


def _require_rules(policy: Policy, selector: str, origin: str) -> list[Rule]:
    from exolint.policy.evaluate import select_rules

    rules = select_rules(policy.rules, [selector], None)
    if not rules:
        names = [r.code for r in policy.rules] + [r.name for r in policy.rules]
        names += sorted({r.category.value for r in policy.rules})
        hint = did_you_mean(selector.upper() if selector[:3].lower() == "exo" else selector, names)
        raise ConfigError(f"{origin}: no rule code, prefix, name or category matches {selector!r}{hint}")
    return rules


def _severities(policy: Policy, settings: Settings) -> dict[str, Severity | None]:
    """Rule code -> configured severity (None: off); the most specific key wins.

    A key is a code, name, code prefix or category, as in `select`; an exact
    code or name beats a prefix, and a longer prefix a shorter one (flake8).
    """
    chosen: dict[str, tuple[int, Severity | None]] = {}
    for key, level in settings.severity.items():
        origin = f"{settings.origin('severity')}.{key}"
        for rule in _require_rules(policy, key, origin):
            exact = key.casefold() in (rule.code.casefold(), rule.name.casefold())
            rank = 1000 if exact else len(key)
            if rank >= chosen.get(rule.code, (-1, None))[0]:
                chosen[rule.code] = (rank, None if level == "off" else Severity(level))
    return {code: level for code, (_, level) in chosen.items()}


def _with_severity(f: Finding, severities: dict[str, Severity | None]) -> Finding:
    level = severities.get(f.code)
    return f if level is None or level is f.severity else f.model_copy(update={"severity": level})


def _rule_severity(rule: Rule, severities: dict[str, Severity | None]) -> Rule:
    level = severities.get(rule.code)
    return rule if level is None else rule.model_copy(update={"severity": level})


def _selected(paths: Sequence[str], settings: Settings) -> list[str]:
    """The paths to lint: include/exclude applied, and never the baseline file itself.

    The baseline quotes every accepted claim, and pre-commit passes it by name
    when it is committed (`.txt` is copy to the hook), so linting it would
    report the very findings it exists to accept.
    """
    skip = {_identity(p) for p in (settings.baseline, settings.write_baseline) if p}
    keep = PathFilter.build(settings.root, settings.include, settings.exclude)
    if not keep and not skip:
        return list(paths)  # lint_paths expands folders itself
    unlistable: list[str] = []
    found = iter_paths(paths, on_error=lambda folder, _: unlistable.append(folder))
    # A folder that cannot be listed is passed on, so lint_paths reports it as an input error.
    chosen = [p for p in found if p == STDIN or (_identity(p) not in skip and keep.allows(p))]
    return chosen + unlistable


def _identity(path: str) -> str:
    return os.path.normcase(Path(path).resolve())
