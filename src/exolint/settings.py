"""Settings: what `exolint check` runs with, from defaults, a config file and CLI flags.

Sits beside the CLI, above the pipeline: cli.py turns flags into a dict,
`load_settings` finds the config file and merges plain dicts (defaults <
file < CLI flags, as flake8's option aggregator does) and validates the
result once as `Settings`. project.py then runs the check with it.

The config file is `[tool.exolint]` in `pyproject.toml` or the top level of
`.exolint.toml`, the first found walking up from the working directory; in
one folder `.exolint.toml` wins (ruff's convention). `--config FILE` names the
file instead of searching, as ruff and flake8 do, so what runs is never a
mix of two files. Paths and globs in a file are relative to its folder.

Every problem is a `ConfigError` of one line naming the file, the key and
what was expected (config_errors.py words them).
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError

from exolint.config_errors import describe_validation_error, display_path
from exolint.errors import ConfigError
from exolint.sources.read import DEFAULT_MAX_BYTES

PYPROJECT: Final = "pyproject.toml"
EXOLINT_TOML: Final = ".exolint.toml"
SECTION: Final = "[tool.exolint]"
FailOn = Literal["error", "warning", "note", "never"]
SeverityLevel = Literal["error", "warning", "note", "off"]


class FileSettings(BaseModel):
    """The keys a config file may set; kebab-case as in TOML (ruff, yamllint)."""

    # Only the TOML spelling: `fail_on` in a file is a typo to point out, not a synonym.
    model_config = ConfigDict(extra="forbid", frozen=True)

    select: list[StrictStr] | None = None
    ignore: list[StrictStr] = Field(default_factory=list)
    severity: dict[str, SeverityLevel] = Field(default_factory=dict)
    fail_on: FailOn = Field("warning", alias="fail-on")
    include: list[StrictStr] = Field(default_factory=list)
    exclude: list[StrictStr] = Field(default_factory=list)
    policies: list[StrictStr] = Field(default_factory=list)
    baseline: StrictStr | None = None
    max_file_size: StrictInt = Field(DEFAULT_MAX_BYTES, alias="max-file-size", ge=1)


class Settings(FileSettings):
    """The merged settings of one run; paths are absolute, globs relative to `root`."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    root: str  # the config file's folder (globs are relative to it), else the working directory
    config_file: str | None = None  # as displayed in messages, e.g. "pyproject.toml"
    # key -> where its value came from ("--select", "pyproject.toml: [tool.exolint] select"),
    # so errors found later (a selector that names no rule) can point at it.
    origins: dict[str, str] = Field(default_factory=dict)
    write_baseline: str | None = Field(None, alias="write-baseline")  # a flag only

    def origin(self, key: str) -> str:
        return self.origins.get(key, key)


# Keys whose values are paths, resolved against the config file's folder.
PATH_KEYS: Final = ("policies", "baseline")


def load_settings(
    cli: Mapping[str, Any] | None = None, *, config: str | None = None, cwd: str | None = None
) -> Settings:
    """Settings for a run: defaults < config file (found or `config`) < `cli` values.

    `cli` uses the file's key names ("fail-on"); None values mean "not given".
    """
    here = Path(cwd or Path.cwd()).absolute()
    found = Path(config).absolute() if config else find_config(here)
    merged: dict[str, Any] = {}
    origins: dict[str, str] = {}
    root = here
    shown = None
    if found is not None:
        shown = display_path(found, here)
        table = read_config(found, shown, explicit=config is not None)
        root = found.parent
        where = f"{shown}: {SECTION}" if found.name == PYPROJECT else f"{shown}:"
        for key, value in _validate(table, where).model_dump(by_alias=True, exclude_unset=True).items():
            merged[key] = _resolve(key, value, root)
            origins[key] = f"{where} {key}"
    for key, value in (cli or {}).items():
        if value is None:
            continue
        merged[key] = _resolve(key, value, here)
        origins[key] = f"--{key}"
    try:
        return Settings.model_validate(
            {**merged, "root": str(root), "config_file": shown, "origins": origins}
        )
    except ValidationError as exc:  # only CLI values can get here; click checks their types
        raise ConfigError(describe_validation_error(exc, "command line")) from None


def find_config(start: Path) -> Path | None:
    """The nearest `.exolint.toml`, or `pyproject.toml` with a [tool.exolint] table, walking up."""
    for folder in (start, *start.parents):
        candidate = folder / EXOLINT_TOML
        if candidate.is_file():
            return candidate
        candidate = folder / PYPROJECT
        if candidate.is_file():
            tool = _read_toml(candidate, display_path(candidate, start)).get("tool")
            # A pyproject.toml without our table belongs to someone else: keep looking.
            if isinstance(tool, dict) and "exolint" in tool:
                return candidate
    return None


def read_config(path: Path, shown: str, *, explicit: bool = False) -> dict[str, Any]:
    """The exolint table of a config file: all of `.exolint.toml`, `[tool.exolint]` of pyproject.toml.

    A pyproject.toml named with `--config` (`explicit`) must have the table.
    """
    data = _read_toml(path, shown)
    if path.name != PYPROJECT:
        return data
    tool = data.get("tool", {})
    table = tool.get("exolint", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        raise ConfigError(f"{SECTION}: expected a table; got {type(table).__name__}", path=shown)
    if explicit and "exolint" not in tool:
        raise ConfigError(f"no {SECTION} table", path=shown)
    return table


def _read_toml(path: Path, shown: str) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("config file not found", path=shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise ConfigError(f"cannot read config file: {reason}", path=shown) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"invalid TOML: {exc}", path=shown) from None


def _validate(table: dict[str, Any], where: str) -> FileSettings:
    try:
        return FileSettings.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(describe_validation_error(exc, where, FileSettings)) from None


def _resolve(key: str, value: Any, base: Path) -> Any:
    """Make path values absolute against `base` (the config folder, or cwd for CLI values)."""
    if key not in PATH_KEYS and key != "write-baseline":
        return value
    if isinstance(value, list):
        return [_absolute(v, base) for v in value]
    return _absolute(value, base)


def _absolute(value: str, base: Path) -> str:
    return os.path.normpath(base / Path(value).expanduser())
