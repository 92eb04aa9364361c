"""`redactor init-case DRAFT... --out case.yaml`: a first case file for the chair to edit."""

from __future__ import annotations

from pathlib import Path

import click

from redactor.cli.common import fail, limit_options, paragraph_option
from redactor.detect.engine import Detector
from redactor.errors import RedactorError
from redactor.options import DEFAULT_MODEL, RunOptions


@click.command("init-case")
@click.argument("drafts", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Case file to write (YAML). An existing file is never overwritten.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="Installed spaCy model to use for finding names.")
@limit_options
@paragraph_option
def init_case(drafts: tuple[Path, ...], out: Path, model: str, max_words: int,
              max_mb: int, max_paragraph_words: int) -> None:
    """List the people the DRAFTS mention, with guessed roles and proposed pseudonyms.

    The case file written holds real names: keep it with the confidential papers. Check
    every entry (roles, genders, ages, who is the same person) before redacting with it.
    """
    from redactor.case.init import init_case as build_and_write

    try:
        options = RunOptions(model=model, max_words=max_words, max_mb=max_mb,
                             max_paragraph_words=max_paragraph_words)
        case = build_and_write(list(drafts), out, Detector(options), options)
    except RedactorError as error:
        fail(error)
    roles = ", ".join(f"{sum(p.role == r for p in case.people)} {r}"
                      for r in sorted({p.role for p in case.people}))
    checks = sum(len(p.checks) > 0 for p in case.people) + len(case.keep_checks)
    click.echo(f"{out}: {len(case.people)} people ({roles or 'none'}), {len(case.keep)} "
               f"names kept (panel, agencies, places), area: {case.area or 'not found'}; "
               f"{checks} guess(es) marked '# check:'; check it before redacting")
