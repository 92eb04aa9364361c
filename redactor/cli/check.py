"""`redactor check FILE... [--case CASE] [--format text|json]`: is it safe to publish?

Output is linter-style: one finding per line, `FILE:LOCATION: CODE message`, then a summary
line. Exit 0 when publishable (warnings alone are printed and do not fail), 1 when any
error is found, 2 when a file or the case file cannot be read.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from redactor.case import Case, load_case
from redactor.checks import CHECKS, CheckReport, check_report, publication_files
from redactor.checks.manifest import Manifest, find_manifest, load_manifest
from redactor.cli.common import EXIT_ERROR, EXIT_FOUND, EXIT_OK, fail, limit_options
from redactor.detect.engine import Detector
from redactor.errors import InputError, RedactorError
from redactor.model import Finding
from redactor.options import DEFAULT_MODEL, RunOptions


def finding_line(finding: Finding) -> str:
    """`FILE:LOCATION: CODE message` (warnings say so after the code)."""
    label = f"{finding.code} (warning)" if finding.severity == "warning" else finding.code
    return f"{finding.file}:{finding.location}: {label} {finding.message}"


def summary_line(reports: list[CheckReport], unreadable: int = 0) -> str:
    """One line: files, errors, warnings, verdict, and the checks that were skipped."""
    errors = sum(len(r.errors) for r in reports)
    warnings = sum(len(r.warnings) for r in reports)
    verdict = "not publishable" if errors else "publishable"
    if unreadable:
        verdict = f"{unreadable} file(s) could not be read, so not checked"
    line = (f"{len(reports)} file(s) checked: {errors} error(s), {warnings} warning(s); "
            f"{verdict}")
    skipped = {check: reason for r in reports for check, reason in r.skipped.items()}
    if skipped:
        line += "; skipped: " + "; ".join(f"{check} ({reason})"
                                          for check, reason in skipped.items())
    return line


def json_report(reports: list[CheckReport], unreadable: int = 0) -> str:
    """The machine format: findings, per-file verdicts and the summary."""
    return json.dumps({
        "checks": list(CHECKS),
        "files": [{
            "file": str(r.path), "publishable": r.publishable,
            "errors": len(r.errors), "warnings": len(r.warnings), "skipped": r.skipped,
            "manifest": str(r.manifest) if r.manifest else None,
        } for r in reports],
        "findings": [asdict(f) for r in reports for f in r.findings],
        "summary": {
            "files": len(reports),
            "errors": sum(len(r.errors) for r in reports),
            "warnings": sum(len(r.warnings) for r in reports),
            "unreadable": unreadable,
            "publishable": not unreadable and all(r.publishable for r in reports),
        },
    }, indent=2, ensure_ascii=False)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", "case_path", type=click.Path(path_type=Path),
              help="Case file: also search for every listed name and 'redact' term.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]),
              default="text", show_default=True, help="text: one finding per line; json.")
@click.option("--manifest", "manifest_path", type=click.Path(path_type=Path),
              help="Publication manifest written by 'redact' (<stem>.manifest.json): its "
                   "pseudonyms, role labels and kept terms are not name alarms. Default: the "
                   "one beside each file, if any.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="Installed spaCy model for finding unlisted names.")
@click.option("--no-model", is_flag=True,
              help="Patterns only: faster, but unlisted names and children's genders are "
                   "not checked.")
@limit_options
def check(files: tuple[Path, ...], case_path: Path | None, manifest_path: Path | None,
          output_format: str, model: str, no_model: bool, max_words: int,
          max_mb: int) -> None:
    """Check final FILEs (DOCX, PDF, text) or FOLDERs before publication.

    Re-reads each file independently (every part of a DOCX) and reports leaked names,
    unlisted identifiers, day-precise dates, children's genders, hidden content, missing
    template parts and the data collection form. Give the case file as `redact
    --update-case` left it, so generated pseudonyms are known (not reported as names).
    Without the case file, the publication manifest `redact` wrote beside the output
    (`--manifest`, or found beside the file) tells pseudonyms from names. A FOLDER is
    checked file by file (recursively), and an audit log, review copy, case file or audit
    export found in it is an error: they are confidential. Errors mean "must change";
    warnings ask for a look and say why. Exit 0: publishable (warnings may be printed); 1:
    errors found; 2: a file could not be read.
    """
    case: Case | None = None
    given: Manifest | None = None
    try:
        case = load_case(case_path) if case_path is not None else None
        given = load_manifest(manifest_path) if manifest_path is not None else None
    except RedactorError as error:
        fail(error)
    detector = Detector(RunOptions(model=model, use_model=not no_model))
    reports = []
    unreadable = 0
    try:
        paths, confidential = publication_files(files)
    except InputError as error:
        fail(error)
    reports += confidential
    for path in paths:
        try:
            found = None if given is not None else find_manifest(path)
            manifest = given if given is not None else load_manifest(found) if found else None
            reports.append(check_report(path, case, use_model=not no_model,
                                        detector=detector, manifest=manifest,
                                        manifest_path=manifest_path or found,
                                        max_mb=max_mb, max_words=max_words))
        except InputError as error:  # this file: say so and check the others
            click.echo(f"redactor: error: {error}", err=True)
            unreadable += 1
        except RedactorError as error:  # the model or the data: nothing can be checked
            fail(error)
    if output_format == "json":
        click.echo(json_report(reports, unreadable))
    else:
        for report in reports:
            for finding in report.findings:
                click.echo(finding_line(finding))
        click.echo(summary_line(reports, unreadable))
    if unreadable:
        raise SystemExit(EXIT_ERROR)
    raise SystemExit(EXIT_OK if all(r.publishable for r in reports) else EXIT_FOUND)
