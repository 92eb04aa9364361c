"""Helpers shared by the commands: error reporting and exit codes."""

from __future__ import annotations

import click

from redactor.errors import RedactorError

EXIT_OK = 0
EXIT_FOUND = 1  # check/verify found something; review has pending items
EXIT_ERROR = 2  # bad input, bad case file, bad output


def fail(error: RedactorError) -> None:
    """Print one line naming the file and the reason, and exit 2."""
    click.echo(f"redactor: error: {error}", err=True)
    raise SystemExit(EXIT_ERROR)
