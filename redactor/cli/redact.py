"""`redactor redact INPUT... --case CASE --out DIR`: files and folders, in parallel."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from redactor.case import DATE_PRECISIONS, Case, load_case, save_case
from redactor.cli.common import EXIT_ERROR, EXIT_FOUND, fail, limit_options, paragraph_option
from redactor.errors import RedactorError
from redactor.options import DEFAULT_MODEL, RunOptions

if TYPE_CHECKING:  # the pipeline (and the model's libraries) load once the bar shows
    from redactor.batch import Job
    from redactor.pipeline import Result

CASE_FILE_BESIDE = "case.yaml"


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", "case_path", type=click.Path(path_type=Path),
              help="Case file (YAML) for every input. Default: a case.yaml beside each draft.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the outputs (created if missing). Default: beside each input.")
@click.option("--confidential", "confidential_dir",
              type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the audit logs and review copies (they hold the real names). "
              "Default with --out DIR: DIR-CONFIDENTIAL beside it; without --out: beside each "
              "draft. Never inside the publish folder.")
@click.option("--force", is_flag=True, help="Overwrite existing outputs.")
@click.option("--accept-changes", is_flag=True,
              help="Accept the draft's tracked changes before redacting.")
@click.option("--drop-images", is_flag=True,
              help="Remove pictures and charts too (they cannot be checked); embedded "
              "documents and objects are always removed.")
@click.option("--date-precision", type=click.Choice(DATE_PRECISIONS),
              help="How precise dates stay (default: the case file's, else month).")
@click.option("--dob-precision", type=click.Choice(DATE_PRECISIONS),
              help="How precise dates of birth stay (default: the case file's, else year).")
@click.option("--child-pronouns", type=click.Choice(["cautious", "aggressive"]),
              default="cautious", show_default=True,
              help="aggressive: neutralise a pronoun when unsure whether it means a child.")
@click.option("--child-labels", is_flag=True,
              help="Call children 'Child 1', 'Child 2' instead of giving them names.")
@click.option("--review-copy", is_flag=True,
              help="Also write <stem>.review.docx: the draft with every change as a Word "
              "tracked change and flagged items as comments (confidential; DOCX inputs).")
@click.option("--pdf", "pdf", is_flag=True,
              help="Also write <stem>.redacted.pdf, made from the redacted DOCX by "
              "LibreOffice (headless), with its document properties cleared. Needs LibreOffice.")
@click.option("--update-case", is_flag=True,
              help="Record generated pseudonyms and new people in the case file.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="Installed spaCy model to use (e.g. en_core_web_lg).")
@click.option("--no-model", is_flag=True,
              help="Only case-file names and patterns: faster, but finds fewer people.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Documents processed in parallel. Default: the number of cores.")
@limit_options
@paragraph_option
def redact(inputs: tuple[Path, ...], case_path: Path | None, out_dir: Path | None,
           confidential_dir: Path | None, force: bool, accept_changes: bool, drop_images: bool,
           date_precision: str | None, dob_precision: str | None, child_pronouns: str,
           child_labels: bool, review_copy: bool, pdf: bool, update_case: bool, model: str,
           no_model: bool, jobs: int | None, max_words: int, max_mb: int,
           max_paragraph_words: int) -> None:
    """Write a publishable DOCX (or text) and an audit log for each INPUT (file or folder)."""
    options = RunOptions(
        date_precision=date_precision, dob_precision=dob_precision,
        child_pronouns=child_pronouns,  # type: ignore[arg-type]
        child_labels=child_labels, accept_changes=accept_changes, drop_images=drop_images,
        force=force, review_copy=review_copy, pdf=pdf, update_case=update_case, model=model,
        use_model=not no_model, max_words=max_words, max_mb=max_mb,
        max_paragraph_words=max_paragraph_words,
    )
    show_progress = sys.stderr.isatty()
    if show_progress:  # at once: loading the pipeline's libraries takes a second
        click.echo("Redacting  starting…", err=True, nl=False)
    from redactor.batch import collect_inputs, run_batch
    from redactor.io import NAMED_SUFFIXES
    from redactor.io.pdf_export import require_soffice

    if show_progress:
        click.echo("\r\033[K", err=True, nl=False)
    if pdf:
        try:
            require_soffice()
        except RedactorError as error:
            fail(error)
    paths = collect_inputs(inputs)
    if not paths:
        fail(RedactorError(None, f"no drafts found ({', '.join(NAMED_SUFFIXES)}) in the inputs "
                           "given"))
    try:
        folders = tuple(p for p in inputs if p.is_dir())
        cases, plan, created = _plan(paths, case_path, out_dir, folders, confidential_dir)
    except RedactorError as error:
        fail(error)

    with click.progressbar(length=1, label="Redacting", file=sys.stderr, width=24,
                           hidden=not show_progress, show_eta=False,
                           item_show_func=lambda label: label) as bar:

        def moved(done: int, total: int, label: str) -> None:
            bar.length = total
            bar.update(done - bar.pos, label)
            if not bar.hidden:
                bar.render_progress()  # show the new label even when nothing moved

        try:
            results = run_batch(plan, cases, options, workers=jobs or os.cpu_count() or 1,
                                on_progress=moved)
        except RedactorError as error:  # another run holds an output folder
            _remove_empty(created)
            fail(error)
    _remove_empty(created)  # a run that wrote nothing leaves no folder behind

    _print_summary(results)
    secret = sorted({str(j.confidential_dir) for j in plan
                     if j.confidential_dir is not None and j.confidential_dir != j.out_dir})
    if secret and any(not r.error for r in results):
        click.echo(f"audit logs (CONFIDENTIAL, never publish): {', '.join(secret)}")
    if review_copy:
        for result in results:
            if result.review_copy:
                click.echo(f"review copy (confidential): {result.review_copy}")
            elif not result.error:
                click.echo(f"no review copy for {result.input}: review copies are made for "
                           "DOCX drafts only; read its audit log instead", err=True)
    if pdf:
        for result in results:
            if result.pdf:
                click.echo(f"publishable PDF: {result.pdf}")
            elif not result.error:
                click.echo(f"no PDF for {result.input}: --pdf is for DOCX and PDF drafts",
                           err=True)
    if update_case:
        _save_cases(cases)
    failed = [r for r in results if r.error]
    for result in failed:
        click.echo(f"redactor: error: {result.error}", err=True)
    if failed:
        if len(results) > 1:
            click.echo(f"redactor: {len(failed)} of {len(results)} inputs failed", err=True)
        raise SystemExit(EXIT_ERROR)
    unsafe = [(r.output, r.check) for r in results if r.check.get("result") == "fail"]
    unsafe += [(r.pdf, r.pdf_check) for r in results if r.pdf_check.get("result") == "fail"]
    for output, check in unsafe:
        click.echo(f"redactor: {output}: the pre-publication check found "
                   f"{check['errors']} problem(s); run 'redactor check' on it and "
                   "see its audit log before publishing", err=True)
    if unsafe:
        raise SystemExit(EXIT_FOUND)


def _remove_empty(created: list[Path]) -> None:
    """Remove the folders this run created that are still empty, deepest first."""
    for folder in sorted(created, key=lambda f: len(f.parts), reverse=True):
        try:
            folder.rmdir()  # only an empty folder goes
        except OSError:
            continue


def _plan(paths: list[Path], case_path: Path | None, out_dir: Path | None,
          folders: tuple[Path, ...] = (), confidential_dir: Path | None = None,
          ) -> tuple[dict[str, Case], list[Job], list[Path]]:
    """Load each case file once and make a job per input. A bad case file stops the run.

    With `--out`, a draft found inside a folder argument keeps its place below that folder
    (`--out out` for `drafts/a/x.docx` gives `out/a/x.redacted.docx`), so drafts of the same
    name in different folders never collide. Two inputs that would still write the same
    output stop the run before anything is written. Confidential files go to
    `confidential_dir` (default `<out>-CONFIDENTIAL`, or beside the draft without `--out`),
    in the same subfolders; a confidential folder inside the publish folder is refused.
    """
    from redactor.batch import Job
    from redactor.pipeline import confidential_folder

    if confidential_dir is None and out_dir is not None:
        confidential_dir = confidential_folder(out_dir)
    if confidential_dir is not None and out_dir is not None and _inside(confidential_dir,
                                                                         out_dir):
        raise RedactorError(confidential_dir, "the confidential folder must not be inside "
                            f"the publish folder {out_dir}: audit logs and review copies hold "
                            "the real names")
    cases: dict[str, Case] = {}
    plan = []
    claimed: dict[Path, Path] = {}
    for index, path in enumerate(paths):
        source = case_path or (path.parent / CASE_FILE_BESIDE)
        key = str(source) if (case_path or source.is_file()) else ""
        if key not in cases:
            cases[key] = load_case(Path(key)) if key else Case()
        target = out_dir / _below(path, folders) if out_dir is not None else path.parent
        stem_place = target / path.stem
        if stem_place in claimed:
            raise RedactorError(path, f"would write the same outputs as {claimed[stem_place]} "
                                f"(same name in {target}); redact them separately")
        claimed[stem_place] = path
        secret = (confidential_dir / _below(path, folders) if confidential_dir is not None
                  else None)
        plan.append(Job(index=index, input=path, case_key=key, out_dir=target,
                        confidential_dir=secret))
    created: list[Path] = []
    for folder in sorted({job.out_dir for job in plan}
                         | {job.confidential_dir for job in plan if job.confidential_dir}):
        missing = [f for f in (folder, *folder.parents) if not f.exists()]
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise RedactorError(
                folder, f"cannot create the output folder ({error.strerror})") from None
        created += missing
    return cases, plan, created


def _inside(inner: Path, outer: Path) -> bool:
    """True when `inner` is `outer` or below it."""
    inner, outer = inner.resolve(), outer.resolve()
    return inner == outer or outer in inner.parents


def _below(path: Path, folders: tuple[Path, ...]) -> Path:
    """Where `path` sits below the folder argument it was found in ("." if none)."""
    for folder in folders:
        try:
            return path.parent.relative_to(folder)
        except ValueError:
            continue
    return Path(".")


def _print_summary(results: list[Result]) -> None:
    rows = [("file", "output", "changes", "flagged", "check", "seconds")]
    for r in results:
        rows.append((str(r.input), str(r.output or "-"), str(r.changes) if not r.error else "-",
                     str(r.flagged) if not r.error else "-",
                     "not run" if r.error else r.check.get("result", "-"), f"{r.seconds:.1f}"))
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    for row in rows:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        click.echo("  ".join(cells).rstrip())


def _save_cases(cases: dict[str, Case]) -> None:
    for key, case in cases.items():
        if key:
            if save_case(case, Path(key)):
                click.echo(f"case file updated: {key} (previous version: {key}.bak)")
            else:
                click.echo(f"case file unchanged: {key}")
        else:
            click.echo("redactor: --update-case: no case file to update for inputs without one",
                       err=True)
