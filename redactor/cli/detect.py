"""`redactor detect INPUT... [--case CASE] [--format jsonl] [--model NAME]`.

One JSON object per input per line: `{"input": path, "spans": [{start, end, label, text,
score, source, flagged}]}`. Offsets point into the input's extracted text (`Document.text`:
for a text file, the file's own text). Many inputs share one process and one loaded model;
a bad input gives one line on stderr, the others carry on, and the exit code is 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from redactor.case import Case, load_case
from redactor.cli.common import EXIT_ERROR, fail, limit_options, paragraph_option
from redactor.detect.engine import Detector
from redactor.errors import RedactorError
from redactor.io import read_document
from redactor.model import Entity
from redactor.options import DEFAULT_MODEL, RunOptions


@click.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--case", "case_path", type=click.Path(path_type=Path),
              help="Case file (YAML): listed people and keep terms are used as in redact.")
@click.option("--format", "output_format", type=click.Choice(["jsonl"]), default="jsonl",
              show_default=True, help="Output format: one JSON object per input per line.")
@click.option("--model", default=DEFAULT_MODEL, show_default=True,
              help="Installed spaCy model to use (e.g. en_core_web_lg).")
@click.option("--accept-changes", is_flag=True,
              help="Read a draft's tracked changes as accepted (as redact does).")
@limit_options
@paragraph_option
def detect(inputs: tuple[Path, ...], case_path: Path | None, output_format: str,
           model: str, accept_changes: bool, max_words: int, max_mb: int,
           max_paragraph_words: int) -> None:
    """Print what detection finds in each INPUT, with offsets into its text."""
    try:
        case = load_case(case_path)
    except RedactorError as error:
        fail(error)
    options = RunOptions(model=model, accept_changes=accept_changes, max_words=max_words,
                         max_paragraph_words=max_paragraph_words,
                         max_mb=max_mb)
    detector = Detector(options)
    failures = 0
    for input_path in inputs:
        try:
            record = detect_record(input_path, case, detector, options)
        except RedactorError as error:
            click.echo(f"redactor: error: {error}", err=True)
            failures += 1
            continue
        click.echo(json.dumps(record, ensure_ascii=False))
    if failures:
        raise SystemExit(EXIT_ERROR)


def detect_record(path: Path, case: Case, detector: Detector,
                  options: RunOptions | None = None) -> dict[str, Any]:
    """The JSON record for one input (raises `RedactorError` for a bad input)."""
    document = read_document(path, options)
    detection = detector.detect(document, case)
    offsets = {block.id: block.offset for block in document.blocks}
    spans = [span_record(offsets[e.block_id], e) for e in detection.entities]
    return {"input": str(path), "spans": spans}


def span_record(offset: int, entity: Entity) -> dict[str, Any]:
    """One finding with offsets into `Document.text` (block offset + offset in the block)."""
    return {"start": offset + entity.start, "end": offset + entity.end, "label": entity.label,
            "text": entity.text, "score": entity.score, "source": entity.source,
            "flagged": entity.flagged}
