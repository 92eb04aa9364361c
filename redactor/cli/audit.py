"""`redactor audit show|export|verify LOG`: read an audit log back for a chair."""

from __future__ import annotations

from pathlib import Path

import click

from redactor.audit.report import (
    REPORT_FORMATS,
    chain_head,
    default_report_path,
    load_records,
    report_bytes,
    summary_text,
    verify_log,
    write_report,
)
from redactor.cli.common import EXIT_FOUND, fail
from redactor.errors import RedactorError

LOG_ARGUMENT = click.argument("log", type=click.Path(path_type=Path, dir_okay=True))


@click.group()
def audit() -> None:
    """Summarise, export or verify an audit log (it holds the original names)."""


@audit.command()
@LOG_ARGUMENT
def show(log: Path) -> None:
    """Print a summary: flagged items first, then counts by stage, status and person."""
    try:
        records = load_records(log)
    except RedactorError as error:
        fail(error)
    click.echo(summary_text(records), nl=False)


@audit.command()
@LOG_ARGUMENT
@click.option("--format", "report_format", type=click.Choice(REPORT_FORMATS), default="html",
              show_default=True, help="html for a browser, csv for Excel.")
@click.option("--out", "out_path", type=click.Path(path_type=Path, dir_okay=False),
              help="Report file. Default: <log stem>.html or .csv beside the log.")
def export(log: Path, report_format: str, out_path: Path | None) -> None:
    """Write every change (where, before -> after, why) as a report, owner-only."""
    target = out_path or default_report_path(log, report_format)
    try:
        write_report(report_bytes(load_records(log), report_format), target)
    except RedactorError as error:
        fail(error)
    click.echo(f"report written: {target} (CONFIDENTIAL: holds the original names)")


@audit.command()
@LOG_ARGUMENT
@click.option("--output", "output_path", type=click.Path(path_type=Path, dir_okay=False),
              help="The redacted file: check it is the one this log describes.")
def verify(log: Path, output_path: Path | None) -> None:
    """Check the hash chain, header, footer and counts. Exit 0 intact, 1 if not."""
    try:
        problems = verify_log(log, output_path)
        records = load_records(log)
    except RedactorError as error:
        fail(error)
    for problem in problems:
        where = f"{log}:{problem.line}" if problem.line else str(log)
        click.echo(f"{where}: {problem.message}")
    wrong_output = [p for p in problems if p.about_output]
    if problems and len(wrong_output) == len(problems):
        click.echo(f"{log}: the log is intact, but {output_path} is not the output it "
                   "describes (a different or edited file)", err=True)
        raise SystemExit(EXIT_FOUND)
    if problems:
        click.echo(f"{log}: NOT intact ({len(problems)} problem(s))", err=True)
        raise SystemExit(EXIT_FOUND)
    checked = f"; output {output_path} matches" if output_path else ""
    click.echo(f"{log}: intact ({len(records.lines)} lines, {len(records.changes)} changes"
               f"{checked}); chain head sha256 {chain_head(records)}")
