"""Errors a user can act on. The CLI prints them as one line and exits 2."""

from __future__ import annotations

from pathlib import Path


class RedactorError(Exception):
    """A problem with an input, a case file or an option, explained for the user."""

    def __init__(self, path: Path | str | None, reason: str) -> None:
        self.path = str(path) if path is not None else None
        self.reason = reason
        super().__init__(f"{self.path}: {reason}" if self.path else reason)


class InputError(RedactorError):
    """An input document cannot be read (corrupt, encrypted, scanned, wrong type, empty)."""


class CaseFileError(RedactorError):
    """The case file is missing, malformed or inconsistent."""


class OutputError(RedactorError):
    """An output cannot be written (exists already, folder missing, permissions)."""
