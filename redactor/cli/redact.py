"""`redactor redact INPUT... --case CASE --out DIR`."""

from __future__ import annotations

from pathlib import Path

import click

from redactor.case import DATE_PRECISIONS, load_case
from redactor.cli.common import EXIT_ERROR, fail
from redactor.detect import Detector
from redactor.errors import RedactorError
from redactor.options import DEFAULT_MODEL, RunOptions
from redactor.pipeline import redact_file


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", "case_path", type=click.Path(path_type=Path),
              help="Case file (YAML) listing people, keep and redact terms.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the outputs (created if missing). Default: beside each input.")
@click.option("--force", is_flag=True, help="Overwrite existing outputs.")
@click.option("--accept-changes", is_flag=True,
              help="Accept the draft's tracked changes before redacting.")
@click.option("--drop-images", is_flag=True,
              help="Remove images and embedded objects (they cannot be checked).")
@click.option("--date-precision", type=click.Choice(DATE_PRECISIONS),
              help="How precise dates stay (default: the case file's, else month).")
@click.option("--dob-precision", type=click.Choice(DATE_PRECISIONS),
              help="How precise dates of birth stay (default: the case file's, else year).")
@click.option("--child-pronouns", type=click.Choice(["cautious", "aggressive"]),
              default="cautious", show_default=True,
              help="aggressive: neutralise a pronoun when unsure whether it means a child.")
@click.option("--child-labels", is_flag=True,
              help="Call children 'Child 1', 'Child 2' instead of giving them names.")
@click.option("--update-case", is_flag=True,
              help="Record generated pseudonyms and new people in the case file.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="Installed spaCy model to use (e.g. en_core_web_lg).")
@click.option("--no-model", is_flag=True,
              help="Only case-file names and patterns: faster, but finds fewer people.")
def redact(inputs: tuple[Path, ...], case_path: Path | None, out_dir: Path | None,
           force: bool, accept_changes: bool, drop_images: bool,
           date_precision: str | None, dob_precision: str | None, child_pronouns: str,
           child_labels: bool, update_case: bool, model: str, no_model: bool) -> None:
    """Write a publishable DOCX (or text) and an audit log for each INPUT."""
    try:
        case = load_case(case_path)
    except RedactorError as error:
        fail(error)
    options = RunOptions(
        date_precision=date_precision, dob_precision=dob_precision,
        child_pronouns=child_pronouns,  # type: ignore[arg-type]
        child_labels=child_labels, accept_changes=accept_changes, drop_images=drop_images,
        force=force, update_case=update_case, model=model, use_model=not no_model,
    )
    detector = Detector(options)
    failures = 0
    for input_path in inputs:
        target = out_dir or input_path.parent
        try:
            if out_dir is not None:
                out_dir.mkdir(parents=True, exist_ok=True)
            result = redact_file(input_path, target, case, options, detector)
        except RedactorError as error:
            click.echo(f"redactor: error: {error}", err=True)
            failures += 1
            continue
        click.echo(f"{result.input} -> {result.output} ({result.changes} changes, "
                   f"{result.flagged} flagged; audit log {result.audit})")
    if failures:
        raise SystemExit(EXIT_ERROR)
