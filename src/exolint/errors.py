"""Errors that carry what a user needs: the path, the key or line, and what went wrong.

cli.py turns every `ExolintError` into a one-line message and exit code 2;
library code never prints.
"""

from __future__ import annotations


class ExolintError(Exception):
    """Base of all errors shown to users as one line."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class InputError(ExolintError):
    """An input could not be read: missing, unreadable, binary, undecodable, too large."""


class ConfigError(ExolintError):
    """A configuration file or option is invalid."""


class PolicyError(ExolintError):
    """A policy file is invalid; the message names the key."""
