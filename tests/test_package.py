"""The wheel: built from the sources, it carries the package data and runs from a clean install.

An editable install finds grammars/, policies/ and reports/ in the source
tree, so a missing `package-data` entry would only show on a user's machine.
Here the wheel is built from a copy of the repository, its contents are
checked against the data folders, and it is installed into a fresh virtual
environment (no network: the wheel alone, with the test environment's
dependencies made visible through a .pth file) where `exolint` must lint an
example from the installed package.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Final

import pytest

REPO: Final = Path(__file__).resolve().parent.parent
DATA_DIRS: Final = ("grammars", "policies", "reports")  # shipped as exolint.grammars, ...
EXAMPLE: Final = REPO / "examples" / "med-spa-exosome-service.html"
# What a copy of the repository leaves out: caches, environments, build output, benchmark data.
SKIP_ANYWHERE: Final = shutil.ignore_patterns(
    ".git", ".venv", "venv", "build", "dist", "*.egg-info", "__pycache__", "*.pyc", ".*_cache", "node_modules"
)
SKIP_AT: Final = {REPO: {".benchmarks", "tmp"}, REPO / "benchmarks": {"data", "out"}}


def _not_sources(folder: str, names: list[str]) -> set[str]:
    return set(SKIP_ANYWHERE(folder, names)) | (SKIP_AT.get(Path(folder), set()) & set(names))


def _run(
    cmd: list[str], cwd: Path | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300, check=False)


def _pip(*args: str) -> subprocess.CompletedProcess[str]:
    """The test environment's pip (it can install into another environment with --python)."""
    proc = _run([sys.executable, "-m", "pip", *args])
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc


def _can_build_offline() -> bool:
    """Whether this environment has the build backend pyproject.toml asks for (no download needed)."""
    try:
        major = int(metadata.version("setuptools").split(".")[0])
        metadata.version("wheel")
    except metadata.PackageNotFoundError:
        return False
    return major >= 69


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A snapshot of the repository: the wheel is built from it and checked against it."""
    src = tmp_path_factory.mktemp("sources") / "exolint"
    shutil.copytree(REPO, src, ignore=_not_sources)
    return src


@pytest.fixture(scope="module")
def wheel(sources: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("wheel")
    isolation = ["--no-build-isolation"] if _can_build_offline() else []
    _pip("wheel", str(sources), "--no-deps", "-q", "-w", str(tmp / "dist"), *isolation)
    (built,) = (tmp / "dist").glob("exolint-*.whl")
    return built


def _shipped_files(root: Path) -> list[str]:
    """Files of a data folder that the package must carry (Python caches aside)."""
    return sorted(
        p.relative_to(root).as_posix()
        for p in root.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    )


@pytest.mark.parametrize("folder", DATA_DIRS)
def test_wheel_carries_data_folder(wheel: Path, sources: Path, folder: str) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = _shipped_files(sources / folder)
    assert "__init__.py" in expected, f"{folder}/ needs an __init__.py to be a package"
    missing = [f for f in expected if f"exolint/{folder}/{f}" not in names]
    assert not missing, f"not in the wheel (add them to [tool.setuptools.package-data]): {missing}"


def test_wheel_carries_grammar_and_policies(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "exolint/grammars/claims.lark" in names
    assert {"exolint/policies/fda.toml", "exolint/policies/vocabulary.toml"} <= names
    assert any(n.startswith("exolint/reports/") and n.endswith(".j2") for n in names), "no report templates"
    assert not any(n.startswith(("tests/", "benchmarks/", "examples/")) for n in names)


def test_wheel_declares_console_script(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        (entry_points,) = [n for n in zf.namelist() if n.endswith(".dist-info/entry_points.txt")]
        text = zf.read(entry_points).decode()
    assert "exolint = exolint.cli:main" in text


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with only the wheel installed; returns its bin folder."""
    venv = tmp_path_factory.mktemp("venv")
    proc = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    assert proc.returncode == 0, proc.stderr
    python = venv / "bin" / "python"
    _pip(
        "--python",
        str(python),
        "install",
        "-q",
        "--no-index",
        "--no-deps",
        "--find-links",
        str(wheel.parent),
        "exolint",
    )
    # Dependencies come from the test environment, as plain path entries: its
    # own .pth files (an editable install of exolint among them) are not run.
    site = _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"]).stdout.strip()
    deps = {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}
    (Path(site) / "_test_dependencies.pth").write_text("\n".join(sorted(deps)) + "\n", encoding="utf-8")
    return venv / "bin"


def test_installed_package_is_the_wheel(installed: Path) -> None:
    proc = _run([str(installed / "python"), "-c", "import exolint; print(exolint.__file__)"])
    assert proc.returncode == 0, proc.stderr
    assert Path(proc.stdout.strip()).is_relative_to(installed.parent), proc.stdout


def test_installed_console_script_lints_an_example(installed: Path, tmp_path: Path) -> None:
    # Run outside the repository, so no project configuration is picked up.
    page = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, page)
    proc = _run([str(installed / "exolint"), "check", page.name], cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert f"{page.name}:" in proc.stdout
    assert "EXO401" in proc.stdout
    assert not proc.stderr


def test_installed_console_script_reads_policy_and_grammar(installed: Path, tmp_path: Path) -> None:
    proc = _run([str(installed / "exolint"), "explain", "EXO401"], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "injectable-route-offer" in proc.stdout
    proc = _run(
        [str(installed / "exolint"), "check", "-", "--stdin-filename", "caption.txt"],
        cwd=tmp_path,
        stdin="Our exosome IV drip heals long COVID.\n",
    )
    assert proc.returncode == 1, proc.stderr
    assert "caption.txt:1:1:" in proc.stdout


def test_installed_html_report_uses_packaged_templates(installed: Path, tmp_path: Path) -> None:
    help_text = _run([str(installed / "exolint"), "check", "--help"]).stdout
    if "html" not in help_text:
        pytest.skip("this build has no HTML report format yet")
    page = tmp_path / EXAMPLE.name
    shutil.copyfile(EXAMPLE, page)
    out = tmp_path / "report.html"
    proc = _run(
        [str(installed / "exolint"), "check", page.name, "--format", "html", "--output", str(out)],
        cwd=tmp_path,
    )
    assert proc.returncode == 1, proc.stderr
    assert "EXO401" in out.read_text(encoding="utf-8")
