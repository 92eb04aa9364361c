"""Helpers shared by the commands: error reporting and exit codes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from redactor.errors import RedactorError
from redactor.options import DEFAULT_MAX_MB, DEFAULT_MAX_PARAGRAPH_WORDS, DEFAULT_MAX_WORDS

EXIT_OK = 0
EXIT_FOUND = 1  # check/verify found something; review has pending items
EXIT_ERROR = 2  # bad input, bad case file, bad output


def limit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--max-words` and `--max-mb`, the input limits every reading command shares."""
    command = click.option(
        "--max-mb", type=click.IntRange(min=1), default=DEFAULT_MAX_MB, show_default=True,
        help="Refuse a file larger than this, or a DOCX that unpacks to more (MB).")(command)
    return click.option(
        "--max-words", type=click.IntRange(min=1), default=DEFAULT_MAX_WORDS,
        show_default=True, help="Refuse a draft with more words than this.")(command)


def paragraph_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """`--max-paragraph-words`, for the commands that run the stages over a draft."""
    return click.option(
        "--max-paragraph-words", type=click.IntRange(min=1),
        default=DEFAULT_MAX_PARAGRAPH_WORDS, show_default=True,
        help="Refuse a DOCX or PDF paragraph with more words than this.")(command)


def fail(error: RedactorError) -> None:
    """Print one line naming the file and the reason, and exit 2."""
    click.echo(f"redactor: error: {error}", err=True)
    raise SystemExit(EXIT_ERROR)
