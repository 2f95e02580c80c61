"""Command line: click commands that turn arguments into library calls.

The only module that imports click. It holds no linting or format logic:
`check` calls `api.lint_paths` and `report.render`, `rules` and `explain`
read the policy. Everything heavier than click (pydantic models, the policy,
the engine, a reporter) is imported inside the command that needs it, so
`--help` and `--version` stay instant and `check` pays only for its format.

Exit codes: 0 nothing at or above --fail-on; 1 findings at or above it;
2 usage, configuration or input error (2 wins over 1, and the findings of
the inputs that could be read are still reported); 130 interrupted.
Errors are one line on stderr, `exolint: error: ...`, never a traceback.
"""

from __future__ import annotations

import dataclasses
import io
import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final, TextIO

import click

from exolint import __version__
from exolint.errors import ExolintError
from exolint.report import REPORTERS, RULE_REPORTERS

if TYPE_CHECKING:
    from exolint.policy.schema import Policy

FAIL_ON: Final = ("error", "warning", "note", "never")
EXIT_CLEAN: Final = 0
EXIT_FINDINGS: Final = 1
EXIT_ERROR: Final = 2
EXIT_INTERRUPTED: Final = 130
EXIT_PIPE_CLOSED: Final = 1  # as click and the Python docs' SIGPIPE recipe do


_CONFIG_OPTION: Final = click.option(
    "--config", metavar="FILE", help="Use this config file instead of searching for one."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="exolint", message="%(prog)s %(version)s")
def cli() -> None:
    """Lint marketing copy about exosome and other regenerative biologic products."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", help="Report format.")
@click.option("--output", "-o", metavar="FILE", help="Write the report to FILE (atomically), not stdout.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when a finding is at or above this severity (default: config, else warning).",
)
@click.option(
    "--select", multiple=True, metavar="CODES", help="Only these codes, prefixes, names or categories."
)
@click.option(
    "--ignore", multiple=True, metavar="CODES", help="Not these codes, prefixes, names or categories."
)
@click.option(
    "--max-file-size",
    type=click.IntRange(min=1),
    default=None,
    metavar="BYTES",
    help="Report larger inputs as errors instead of reading them (default: config, else 20 MB).",
)
@_CONFIG_OPTION
@click.option("--baseline", metavar="FILE", help="Report only findings not recorded in this baseline.")
@click.option("--write-baseline", metavar="FILE", help="Record the current findings in FILE as the baseline.")
@click.option("--color/--no-color", default=None, help="Colour the text report (default: on a terminal).")
@click.option(
    "--quiet", "-q", is_flag=True, help="Text: only the finding lines (no excerpts, no summary line)."
)
@click.option("--stdin-filename", metavar="NAME", help="Name (and format, by extension) of '-' input.")
def check(
    paths: tuple[str, ...],
    fmt: str,
    output: str | None,
    fail_on: str | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    max_file_size: int | None,
    config: str | None,
    baseline: str | None,
    write_baseline: str | None,
    color: bool | None,
    quiet: bool,
    stdin_filename: str | None,
) -> int:
    """Lint files, folders (walked for supported files) and '-' (stdin)."""
    from exolint.project import run_check
    from exolint.report import atomic_output, needs_documents, render
    from exolint.settings import load_settings

    flags = {
        "select": _codes(select),
        "ignore": _codes(ignore),
        "fail-on": fail_on,
        "max-file-size": max_file_size,
        "baseline": baseline,
        "write-baseline": write_baseline,
    }
    result = run_check(
        paths,
        load_settings(flags, config=config),
        stdin_filename=stdin_filename,
        keep_documents=needs_documents(fmt, quiet=quiet),
    )
    run, policy = result.run, result.policy
    if result.baseline_written is not None:
        sys.stderr.write(f"exolint: wrote {result.baseline_written} findings to {write_baseline}\n")
    if output:
        with atomic_output(output) as out:
            render(fmt, run, out, policy=policy, color=bool(color), quiet=quiet)
    else:
        out = _stdout()
        render(fmt, run, out, policy=policy, color=_want_color(color, out), quiet=quiet)
        out.flush()
    for failure in run.failures:
        _error(f"{failure.path}: {failure.message}")
    if run.failures:
        return EXIT_ERROR
    return EXIT_FINDINGS if run.fails(result.threshold) else EXIT_CLEAN


@cli.command()
@click.option(
    "--format", "fmt", type=click.Choice(sorted(RULE_REPORTERS)), default="text", help="Table format."
)
@_CONFIG_OPTION
def rules(fmt: str, config: str | None) -> int:
    """List every rule: code, name, category, severity and message.

    Rules from the configured policy files are listed too, at their configured severities."""
    from exolint.report import render_rules

    policy = _configured_policy(config)
    out = _stdout()
    render_rules(fmt, policy.rules, out)
    out.flush()
    return EXIT_CLEAN


@cli.command()
@click.argument("code_or_name")
@_CONFIG_OPTION
def explain(code_or_name: str, config: str | None) -> int:
    """Show a rule's full documentation: rationale, legal basis, sources, rewrite."""
    from exolint.policy.docs import render_text

    policy = _configured_policy(config)
    text = render_text(policy.rule(code_or_name), policy)  # PolicyError names close matches
    out = _stdout()
    out.write(text if text.endswith("\n") else text + "\n")
    out.flush()
    return EXIT_CLEAN


@cli.command()
@click.argument("inputs", nargs=-1, required=True)
@click.option(
    "--out",
    "-o",
    required=True,
    metavar="DIR",
    help="Folder for pages.jsonl, sites.csv, manifest.json and report.html.",
)
@click.option(
    "--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default: every core]."
)
@click.option("--resume", is_flag=True, help="Keep what an interrupted run in DIR finished; do the rest.")
@click.option(
    "--engine",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    help="Run on local processes or a Dask cluster (pip install 'exolint[dask]').",
)
@click.option(
    "--scheduler", metavar="ADDRESS", help="Dask scheduler address [default: start a local cluster]."
)
@click.option(
    "--max-page-size",
    type=click.IntRange(min=1),
    default=None,
    metavar="BYTES",
    help="Record larger pages as failed instead of reading them [default: as check].",
)
@click.option(
    "--shard-size",
    type=click.IntRange(min=1024),
    default=None,
    metavar="BYTES",
    help="Bytes of input per task [default: 4 MiB].",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar [default: when stderr is a terminal]."
)
@click.option("--quiet", "-q", is_flag=True, help="No summary line on stderr.")
def triage(
    inputs: tuple[str, ...],
    out: str,
    jobs: int | None,
    resume: bool,
    engine: str,
    scheduler: str | None,
    max_page_size: int | None,
    shard_size: int | None,
    progress: bool | None,
    quiet: bool,
) -> int:
    """Score crawled pages (folders, JSONL, WARC, '-' = JSONL on stdin) and rank their sites by risk."""
    from pathlib import Path

    from exolint.triage import Options, run

    options = Options(
        inputs=inputs,
        out=Path(out),
        jobs=jobs,
        resume=resume,
        engine=engine,
        scheduler=scheduler,
        progress=sys.stderr.isatty() if progress is None else progress,
    )
    if max_page_size is not None:
        options = dataclasses.replace(options, max_bytes=max_page_size)
    if shard_size is not None:
        options = dataclasses.replace(options, shard_bytes=shard_size)
    try:
        manifest = run(options, stdin=sys.stdin.buffer if "-" in inputs else None)
    except KeyboardInterrupt:
        sys.stderr.write(f"exolint: finished shards are kept in {out}; add --resume to continue\n")
        raise
    c = manifest.counts
    if not quiet:
        sys.stderr.write(
            f"exolint: {c.pages:,} pages ({c.scored:,} scored, {c.failed:,} failed), {c.sites:,} sites, "
            f"{manifest.run.pages_per_second:,.0f} pages/s; outputs in {out}\n"
        )
    return EXIT_CLEAN


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on (the default: this machine only).",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="Port (0: any free one)."
)
def serve(host: str, port: int) -> int:
    """Open a local review page: paste copy or upload a file, see the highlighted report."""
    from exolint.review import serve as run_server

    def ready(url: str, loopback: bool) -> None:
        if not loopback:
            sys.stderr.write(
                f"exolint: warning: {host} is reachable from other machines; the page has no login\n"
            )
        sys.stderr.write(f"exolint: review page on {url} (Ctrl+C to stop)\n")
        sys.stderr.flush()

    try:
        run_server(host, port, _policy(), ready=ready)
    except OSError as exc:  # the port is taken, or the address is not this machine's
        raise ExolintError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    return EXIT_CLEAN


def _configured_policy(config: str | None) -> Policy:
    from exolint.project import configured_policy
    from exolint.settings import load_settings

    return configured_policy(load_settings(config=config))


def _policy() -> Policy:
    from exolint.policy.load import default_policy

    return default_policy()


def _codes(values: Iterable[str]) -> list[str] | None:
    """`--select A,B --select C` -> ["A", "B", "C"]; None when the option was not given."""
    codes = [c.strip() for v in values for c in v.split(",") if c.strip()]
    return codes or None


def _stdout() -> TextIO:
    """stdout, as UTF-8 when it is a pipe or file: reports are UTF-8 whatever the locale."""
    out = sys.stdout
    if (
        isinstance(out, io.TextIOWrapper)
        and not out.isatty()
        and out.encoding.lower() not in ("utf-8", "utf8")
    ):
        out.reconfigure(encoding="utf-8")
    return out


def _want_color(flag: bool | None, out: TextIO) -> bool:
    if flag is not None:
        return flag
    # https://no-color.org: any non-empty NO_COLOR turns colour off.
    return out.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def _error(message: str) -> None:
    sys.stderr.write(f"exolint: error: {message}\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: run the CLI and turn every error into one line and an exit code."""
    from exolint.engine import tune_gc

    tune_gc()
    try:
        rv = cli.main(
            args=list(argv) if argv is not None else None, prog_name="exolint", standalone_mode=False
        )
        sys.stdout.flush()
    except click.UsageError as exc:
        hint = f" (see '{exc.ctx.command_path} --help')" if exc.ctx else ""
        _error(exc.format_message() + hint)
        return EXIT_ERROR
    except click.ClickException as exc:
        _error(exc.format_message())
        return exc.exit_code
    except ExolintError as exc:
        _error(str(exc))
        return EXIT_ERROR
    except (KeyboardInterrupt, click.Abort):
        sys.stderr.write("exolint: interrupted\n")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`exolint check . | head`): say nothing, and
        # point stdout at devnull so the interpreter's final flush stays quiet.
        _silence_stdout()
        return EXIT_PIPE_CLOSED
    return rv if isinstance(rv, int) else EXIT_CLEAN


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (tests): nothing to silence
        pass
