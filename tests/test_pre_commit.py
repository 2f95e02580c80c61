"""The pre-commit hook, end to end, with the real `pre-commit` tool.

A temporary website repository installs the `exolint` hook from THIS
repository (`.pre-commit-hooks.yaml`) and commits copy through it: a claim
blocks the commit with file:line:col findings, a suppression with a reason
lets it through, a suppression without one does not.

pre-commit builds the hook's virtualenv by pip-installing this repository
(network to PyPI, tens of seconds), so the session shares one
PRE_COMMIT_HOME and one pinned revision: the environment is built once. The
working tree may hold uncommitted work, and pre-commit installs from a
commit, so the session copies the tree into a scratch git repository and
commits it there.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from repo_helpers import CLEAN, CURE, INJECT, write

REPO = Path(__file__).resolve().parents[1]
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "exolint tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "exolint tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
}
# exolint of the Python running the tests (the developer's own install, as in the README).
EXOLINT = [sys.executable, "-c", "import sys; from exolint.cli import main; sys.exit(main())"]
REASON = "trial recruitment text for a study under an FDA IND, reviewed by counsel"


class HookSource(NamedTuple):
    path: Path
    rev: str
    env: dict[str, str]


def git(*args: str, cwd: Path, env: dict[str, str]) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture(scope="session")
def hook_source(tmp_path_factory: pytest.TempPathFactory) -> HookSource:
    """This repository's working tree committed in a scratch repo, and an env with one PRE_COMMIT_HOME."""
    try:
        import pre_commit  # type: ignore[import-untyped]  # noqa: F401  # the test extra installs it
    except ImportError:
        pytest.fail("pre-commit is not installed: pip install -e '.[test]'")
    env = {
        **os.environ,
        **GIT_IDENTITY,
        "PRE_COMMIT_HOME": str(tmp_path_factory.mktemp("pre-commit-home")),
        "PRE_COMMIT_COLOR": "never",
        # The developer's own git config (signing, core.hooksPath, templates) must not leak in.
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
    }
    source = tmp_path_factory.mktemp("exolint-hook-source")
    listed = git("ls-files", "-z", "--cached", "--others", "--exclude-standard", cwd=REPO, env=env)
    for name in filter(None, listed.split("\0")):
        if (REPO / name).is_file():  # listed but deleted in the working tree: leave out
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    assert (source / ".pre-commit-hooks.yaml").is_file()
    git("init", "-q", cwd=source, env=env)
    git("add", "-A", cwd=source, env=env)
    git("commit", "-q", "--no-verify", "-m", "working tree under test", cwd=source, env=env)
    return HookSource(source, git("rev-parse", "HEAD", cwd=source, env=env), env)


@pytest.fixture
def site(tmp_path: Path, hook_source: HookSource) -> Path:
    """A website repository with the exolint hook installed as a git pre-commit hook."""
    env = hook_source.env
    git("init", "-q", cwd=tmp_path, env=env)
    write(
        tmp_path / ".pre-commit-config.yaml",
        f"repos:\n  - repo: {hook_source.path}\n    rev: {hook_source.rev}\n"
        "    hooks:\n      - id: exolint\n",
    )
    write(tmp_path / "about.md", f"# About us\n\n{CLEAN}\n")
    git("add", ".pre-commit-config.yaml", "about.md", cwd=tmp_path, env=env)
    git("commit", "-q", "--no-verify", "-m", "site skeleton", cwd=tmp_path, env=env)
    pre_commit(tmp_path, env, "install")
    return tmp_path


def pre_commit(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def commit(site: Path, env: dict[str, str], *files: str) -> subprocess.CompletedProcess[str]:
    """`git add FILES && git commit`, through the installed hook (no --no-verify)."""
    git("add", *files, cwd=site, env=env)
    return subprocess.run(
        ["git", "commit", "-m", "copy update"], cwd=site, env=env, capture_output=True, text=True, timeout=900
    )


def commits(site: Path, env: dict[str, str]) -> int:
    return int(git("rev-list", "--count", "HEAD", cwd=site, env=env))


def page(*lines: str) -> str:
    return "<html>\n<body>\n" + "\n".join(lines) + "\n</body>\n</html>\n"


def test_a_claim_blocks_the_commit_with_file_line_col(site: Path, hook_source: HookSource) -> None:
    env = hook_source.env
    write(site / "services.html", page("<h1>Exosome therapy</h1>", f"<p>{CURE}</p>"))
    write(site / "contact.md", f"# Contact\n\n{CLEAN}\n")
    done = commit(site, env, "services.html", "contact.md")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "exolint" in output
    assert "Failed" in output
    assert "services.html:4:4: EXO101 [error]" in output  # the <p> text starts at column 4 of line 4
    assert "contact.md" not in output  # clean copy has nothing to say
    assert commits(site, env) == 1  # nothing was committed


def test_a_suppression_with_a_reason_lets_the_commit_through(site: Path, hook_source: HookSource) -> None:
    env = hook_source.env
    write(site / "trial.html", page(f"<!-- exolint-disable-next-line EXO101: {REASON} -->", f"<p>{CURE}</p>"))
    done = commit(site, env, "trial.html")
    output = done.stdout + done.stderr
    assert done.returncode == 0, output
    assert re.search(r"^exolint\.+Passed$", output, re.M), output
    assert commits(site, env) == 2


def test_a_suppression_without_a_reason_still_blocks(site: Path, hook_source: HookSource) -> None:
    env = hook_source.env
    write(site / "trial.html", page("<!-- exolint-disable-next-line EXO101 -->", f"<p>{CURE}</p>"))
    done = commit(site, env, "trial.html")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "trial.html:3:1: EXO002 [warning]" in output  # on the directive
    assert "trial.html:4:4: EXO101 [error]" in output  # and the claim is still reported
    assert commits(site, env) == 1


def test_markdown_mdx_and_text_are_checked_and_other_files_are_not(
    site: Path, hook_source: HookSource
) -> None:
    env = hook_source.env
    write(
        site / "blog" / "post.mdx",
        f"# Post\n\n{{/* exolint-disable-next-line EXO101: {REASON} */}}\n{CURE}\n",
    )
    write(site / "captions.txt", f"{INJECT}\n")
    write(site / "notes.md", f"# Notes\n\n{INJECT}\n")
    write(site / "script.js", f"// {CURE}\n")  # not copy exolint reads: the hook does not see it
    done = commit(site, env, "blog/post.mdx", "captions.txt", "notes.md", "script.js")
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "captions.txt:1:1: EXO401" in output
    assert "notes.md:3:1: EXO401" in output
    assert "post.mdx" not in output
    assert "script.js" not in output


def test_many_files_in_parallel_hook_processes(site: Path, hook_source: HookSource) -> None:
    env = hook_source.env
    names = [f"pages/p{i:02}.html" for i in range(24)]
    for name in names:
        write(site / name, page(f"<p>{INJECT}</p>"))
    done = commit(site, env, *names)
    output = done.stdout + done.stderr
    assert done.returncode != 0
    # Every file's finding is reported once, whichever process linted it.
    assert sorted(line.split(":")[0] for line in output.splitlines() if ": EXO401 [error]" in line) == names
    untracked = git("status", "--porcelain", "--untracked-files=all", cwd=site, env=env)
    assert [line for line in untracked.splitlines() if not line.startswith("A ")] == []  # no stray files


def test_an_existing_site_adopts_the_hook_with_a_baseline(site: Path, hook_source: HookSource) -> None:
    """The README's adoption path: baseline the old claims, then only new or edited ones block."""
    env = hook_source.env
    old = page(f"<p>{CURE}</p>", f"<p>{INJECT}</p>")
    write(site / "services.html", old)
    git("add", "services.html", cwd=site, env=env)
    git("commit", "-q", "--no-verify", "-m", "copy from before exolint", cwd=site, env=env)
    everything = subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "exolint", "--all-files"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert everything.returncode != 0
    assert "services.html:3:4: EXO101" in everything.stdout
    adopted = subprocess.run(
        [*EXOLINT, "check", "--write-baseline", ".exolint-baseline.txt", "."],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
    )
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    write(site / "pyproject.toml", '[tool.exolint]\nbaseline = ".exolint-baseline.txt"\n')
    write(
        site / "services.html", "<!-- redesigned -->\n" + old.replace("<body>", "<body>\n<h1>Services</h1>")
    )
    done = commit(site, env, "pyproject.toml", ".exolint-baseline.txt", "services.html")
    assert done.returncode == 0, done.stdout + done.stderr  # the moved, baselined claims pass
    write(site / "services.html", old.replace("arthritis", "eczema"))
    edited = commit(site, env, "services.html")
    assert edited.returncode != 0
    assert "services.html:3:4: EXO1" in edited.stdout + edited.stderr  # the edited claim is new
    assert "EXO401" not in edited.stdout + edited.stderr
