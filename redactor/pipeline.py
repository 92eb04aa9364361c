"""The whole system, top to bottom: prepare -> settle people -> finish (stages, settle
overlaps, write, audit).

`prepare` reads an input and runs the model (no case needed); `settle_people` records the
people nobody listed in the run's case, document by document in input order; `finish`
detects with the case, places what is left of the unlisted people in its copy of the case
(`settle_document_people`: these two are the only places a case changes; stages only read
it), runs `STAGES`, settles overlaps and review decisions
(`redactor.changes`), writes the outputs and the audit log. `redactor.batch` runs these
phases over a process pool; `redact_file` does all three for one input.

Outputs are built in memory and written atomically after everything succeeded, so an error
leaves no output (and never a partial "publishable" file).
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from redactor.atomic import os_reason, replace_set
from redactor.audit.log import AuditLog, sha256_file
from redactor.case import Case
from redactor.case.people import DocumentPeople, place_unlisted, register_unlisted
from redactor.changes import (
    applicable_by_block,
    apply_decisions,
    is_applicable,
    prefer_wider_then_earlier_stage,
)
from redactor.checks.manifest import build_manifest, manifest_path
from redactor.detect.engine import Detection, Detector
from redactor.errors import OutputError
from redactor.io import (
    has_review_copy,
    output_suffix,
    read_document,
    render_output,
    render_review_copy,
)
from redactor.io.pdf_export import to_pdf
from redactor.model import Change, Document, Entity
from redactor.options import RunOptions
from redactor.spans import SpanIndex
from redactor.stages import Stage, StageContext, dates, gender, identifiers, pseudonyms

STAGES: tuple[Stage, ...] = (
    Stage(pseudonyms.NAME, pseudonyms.propose),
    Stage(identifiers.NAME, identifiers.propose),
    Stage(dates.NAME, dates.propose),
    Stage(gender.NAME, gender.propose),
)


@dataclass
class Result:
    """What happened to one input."""

    input: Path
    output: Path | None = None
    audit: Path | None = None
    review_copy: Path | None = None
    pdf: Path | None = None
    pdf_check: dict[str, Any] = field(default_factory=dict)
    changes: int = 0
    flagged: int = 0
    inventory: dict[str, int] = field(default_factory=dict)
    check: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None


def output_paths(input_path: Path, out_dir: Path, suffix: str) -> tuple[Path, Path]:
    """`DIR/<stem>.redacted<suffix>` and `DIR/<stem>.audit.jsonl`."""
    stem = input_path.stem
    return out_dir / f"{stem}.redacted{suffix}", out_dir / f"{stem}.audit.jsonl"


def pdf_output_path(output_path: Path) -> Path:
    """`DIR/<stem>.redacted.pdf`, beside the redacted DOCX it is made from (`--pdf`)."""
    return output_path.with_suffix(".pdf")


CONFIDENTIAL_SUFFIX = "-CONFIDENTIAL"


def confidential_folder(out_dir: Path) -> Path:
    """The default folder for a run's confidential files (audit logs, review copies,
    reports): a sibling of the publish folder, `published` -> `published-CONFIDENTIAL`."""
    out_dir = Path(out_dir)
    if out_dir.name in ("", ".", ".."):
        out_dir = out_dir.resolve()
    return out_dir.parent / f"{out_dir.name}{CONFIDENTIAL_SUFFIX}"


def review_copy_path(input_path: Path, out_dir: Path) -> Path:
    """`DIR/<stem>.review.docx`: the draft with tracked changes (confidential)."""
    return out_dir / f"{input_path.stem}.review.docx"


@dataclass
class Prepared:
    """An input read and analysed by the model, before the case is applied.

    Model findings do not depend on the case file, so a batch run can analyse documents in
    parallel, settle who the unlisted people are across all of them, and then finish each.
    """

    input: Path
    input_sha256: str
    document: Document
    analysis: Detection  # model and pattern findings, no case applied
    started: float


def prepare(input_path: Path, options: RunOptions, detector: Detector,
            on_progress: Callable[[float], None] | None = None) -> Prepared:
    """Read one input and run the model over it. Raises `RedactorError` on bad input.
    `on_progress(fraction)` hears how far the model has read a long document."""
    started = time.perf_counter()
    input_path = Path(input_path)
    input_sha256 = sha256_file(input_path) if input_path.is_file() else ""
    document = read_document(input_path, options)
    analysis = detector.analyse(document, on_progress)
    return Prepared(input_path, input_sha256, document, analysis, started)


def detection_for_case(prepared: Prepared, case: Case) -> Detection:
    """The model findings combined with this case: listed people win, keep terms stay."""
    return Detector.combine(prepared.document, case, prepared.analysis)


def unlisted_people(prepared: Prepared, case: Case) -> list[Entity]:
    """PERSON findings that no case-file entry explains (to group across documents)."""
    return [e for e in detection_for_case(prepared, case).entities
            if e.label == "PERSON" and e.person_id is None]


def settle_people(case: Case, unlisted: list[Entity], options: RunOptions) -> None:
    """Record people nobody listed, and every generated pseudonym, in `case` (the run's
    master copy), so every document of the run (and `--update-case`) agrees on them.

    The one place a run's case changes: called by the coordinator once per document, in
    input order, between `prepare` and `finish`."""
    register_unlisted(case, unlisted, child_labels=options.child_labels)


def settle_document_people(document: Document, detection: Detection, case: Case,
                           options: RunOptions) -> DocumentPeople:
    """Give everyone in `case` a pseudonym and place this document's PERSON findings that no
    listed person explains (outside keep spans) among the case's people, before the stages
    run: they read the case and never change it. The case is the document's own (`finish`
    gets a copy of the run's; a review's proposals share one copy across its drafts)."""
    kept = SpanIndex((k.block_id, k.start, k.end) for k in detection.kept)
    unlisted = [e for e in detection.entities if e.label == "PERSON" and not e.person_id
                and not kept.overlaps(e.block_id, e.start, e.end)]
    return place_unlisted(
        case, {block.id: block.text for block in document.blocks}, unlisted,
        child_labels=options.child_labels or case.child_labels,
        draft_names=[e.text for e in detection.entities if e.label == "PERSON"])


def propose_changes(
    document: Document, case: Case, options: RunOptions, detector: Detector,
    detection: Detection | None = None,
) -> list[Change]:
    """Detection and every stage; returns all proposals, overlaps settled, located."""
    detection = detection or detector.detect(document, case)
    people = settle_document_people(document, detection, case, options)
    ctx = StageContext(document=document, entities=detection.entities, case=case,
                       options=options, parses=detection.parses, kept=detection.kept,
                       people=people)
    for stage in STAGES:
        ctx.proposed.extend(stage.propose(ctx))
    settled = prefer_wider_then_earlier_stage(ctx.proposed, [s.name for s in STAGES])
    blocks = {block.id: block for block in document.blocks}

    def locate(changes: list[Change]) -> list[Change]:
        for change in changes:
            block = blocks.get(change.block_id)
            if block is not None:
                change.location = change.location or block.location
                change.detail.setdefault("context",
                                         context_of(block.text, change.start, change.end))
        return changes

    # (located first: a pronoun's decision is found by the words around it)
    return locate(apply_decisions(locate(settled), detection.kept, case)
                  + kept_records(detection))


def kept_records(detection: Detection) -> list[Change]:
    """A record-only change for each public-life keep that stopped a model or pattern guess
    (a county taken for a person, an Act for a place): kept as written, and why."""
    records: dict[tuple[str, int, int], Change] = {}
    for keep, finding in detection.protected:
        key = (keep.block_id, keep.start, keep.end)
        if key not in records:
            listed = finding.person_id is not None  # a case person's surname, a town here
            records[key] = Change(
                block_id=keep.block_id, start=keep.start, end=keep.end, before=keep.text,
                after=keep.text, stage="detect", rule=keep.source,
                reason=f"kept by default: {keep.explanation}" + (
                    f"; '{finding.text}' is also the surname of {finding.person_id}: add the "
                    "words to the case file's redact list if they identify them"
                    if listed else ""),
                status="kept-by-default", person=finding.person_id, flagged=listed,
                detail={"stopped": f"{finding.label} {finding.text!r} ({finding.source})"})
    return sorted(records.values(), key=lambda c: (c.block_id, c.start))


CONTEXT_CHARS = 40


def context_of(text: str, start: int, end: int) -> str:
    """A few words either side of a span, the span in [[double brackets]], for reviewers."""
    left = text[max(0, start - CONTEXT_CHARS):start]
    right = text[end:end + CONTEXT_CHARS]
    if start > CONTEXT_CHARS:
        left = "…" + left.split(" ", 1)[-1] if " " in left else "…" + left
    if end + CONTEXT_CHARS < len(text):
        right = right.rsplit(" ", 1)[0] + "…" if " " in right else right + "…"
    return " ".join(f"{left}[[{text[start:end]}]]{right}".split())


def finish(
    prepared: Prepared, out_dir: Path, case: Case, options: RunOptions, detector: Detector,
    *, confidential_dir: Path | None = None,
) -> Result:
    """Apply the case to a prepared input and write its outputs atomically: the
    publishable file to `out_dir`, the audit log and review copy to `confidential_dir`
    (default: `out_dir` too; the CLI keeps them apart, see `confidential_folder`)."""
    document = prepared.document
    secret_dir = Path(confidential_dir or out_dir)
    output_path = output_paths(prepared.input, Path(out_dir), output_suffix(document))[0]
    audit_path = output_paths(prepared.input, secret_dir, output_suffix(document))[1]
    review_path = review_copy_path(prepared.input, secret_dir)
    wants_review = options.review_copy and has_review_copy(document)
    pdf_path = pdf_output_path(output_path) if options.pdf and output_path.suffix == ".docx" \
        else None
    manifest_file = manifest_path(output_path)  # non-confidential, for `check --manifest`
    _refuse_existing((output_path, audit_path, manifest_file,
                      *([review_path] if wants_review else []),
                      *([pdf_path] if pdf_path else [])), options.force)

    detection = detection_for_case(prepared, case)
    changes = [*document.scrubbed,
               *propose_changes(document, case, options, detector, detection)]
    output = render_output(document, applicable_by_block(changes), options)
    check = self_check(output, output_path.name, case)
    review = render_review_copy(document, changes, options) if wants_review else None
    extra = {"review_copy": {"path": str(review_path),
                             "sha256": hashlib.sha256(review).hexdigest()}} if review else {}
    pdf = to_pdf(output, output_path.name) if pdf_path else None
    pdf_check = self_check(pdf, pdf_path.name, case) if pdf and pdf_path else {}
    if pdf is not None and pdf_path is not None:
        extra["pdf"] = {"path": str(pdf_path), "sha256": hashlib.sha256(pdf).hexdigest(),
                        "check": pdf_check}
    manifest = build_manifest(output_path.name, "\n".join(b.text for b in document.blocks),
                              case, changes).to_bytes()
    extra["manifest"] = {"path": str(manifest_file),
                         "sha256": hashlib.sha256(manifest).hexdigest()}

    log = AuditLog.start(
        input_path=prepared.input, input_sha256=prepared.input_sha256,
        case_path=case.path, case_sha256=case.sha256,
        model=detector.model_info(), options=options.as_dict(), inventory=document.inventory,
        pseudonym_generator=case.pseudonym_generator,
    )
    log.add(changes)
    log.finish(output_path=output_path, output_sha256=hashlib.sha256(output).hexdigest(),
               check=check, **extra)

    if prepared.input_sha256 and sha256_file(prepared.input) != prepared.input_sha256:
        raise OutputError(prepared.input, "the input changed while it was being redacted")
    files = [(audit_path, log.to_bytes(), 0o600)]
    if review:
        files.append((review_path, review, 0o600))
    if pdf is not None and pdf_path is not None:
        files.append((pdf_path, pdf, 0o644))
    files.append((manifest_file, manifest, 0o644))
    files.append((output_path, output, 0o644))  # last: no publishable file unless all else is
    _write_outputs(files)
    return Result(
        input=prepared.input, output=output_path, audit=audit_path,
        review_copy=review_path if wants_review else None, pdf=pdf_path, pdf_check=pdf_check,
        changes=sum(1 for c in changes if is_applicable(c)),  # as `audit show` counts them
        flagged=sum(1 for c in changes if c.flagged),
        inventory=dict(document.inventory), check=check,
        seconds=time.perf_counter() - prepared.started,
    )


SELF_CHECKS = "known names, dates, hidden content, template, data-collection form"


# The self-check reads bytes this run made from an input within the limits: no size limit.
SELF_CHECK_MAX_MB = 1 << 20


def self_check(output: bytes, name: str, case: Case) -> dict[str, Any]:
    """Run the checks that need no model on the output before it is written (issue 8).

    The output is checked as a file of its final name in a private temporary folder by
    `redactor check`'s own code (`check_report`) with the same case. The checks it skips
    (PII, CHILD: a second detection run) are recorded under "skipped" with why.
    """
    from redactor.checks import CHECKS, check_report

    with tempfile.TemporaryDirectory(prefix="redactor-check-") as folder:
        path = Path(folder) / name
        try:
            path.write_bytes(output)
        except OSError as error:
            raise OutputError(folder, "cannot write the output's self-check copy in the "
                              f"temporary folder ({os_reason(error)})") from None
        report = check_report(path, case if case.path or case.people else None,
                              use_model=False, max_mb=SELF_CHECK_MAX_MB)
    return {
        "result": "pass" if report.publishable else "fail",
        "checks": SELF_CHECKS,
        "skipped": dict(report.skipped),
        "ran": [name for name in CHECKS if name not in report.skipped],
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "findings": [{"location": f.location, "code": f.code, "message": f.message,
                      "severity": f.severity} for f in report.findings],
    }


def redact_file(
    input_path: Path,
    out_dir: Path,
    case: Case,
    options: RunOptions,
    detector: Detector,
    *,
    confidential_dir: Path | None = None,
) -> Result:
    """Redact one input into `out_dir` (confidential files into `confidential_dir`, default
    `out_dir`). Raises `RedactorError` on bad input or output."""
    prepared = prepare(input_path, options, detector)
    settle_people(case, unlisted_people(prepared, case), options)
    return finish(prepared, out_dir, case, options, detector, confidential_dir=confidential_dir)


def _refuse_existing(paths: tuple[Path, ...], force: bool) -> None:
    """Refuse to start when the folder is missing or, without `force`, an output exists."""
    for path in paths:
        if not path.parent.is_dir():
            raise OutputError(path.parent, "output folder does not exist")
        if path.exists() and not force:
            raise OutputError(path, "output exists already; use --force to overwrite it")
        if path.exists() and not path.is_file():
            raise OutputError(path, "is in the way of an output and is not a file (a folder, "
                              "a device or a pipe); move it away")


def _write_outputs(files: list[tuple[Path, bytes, int]]) -> None:
    """Write the run's files as one set (`replace_set`): every new file is written in full
    before any old one is replaced, and a failure (a full disk) keeps the previous set,
    audit log included. Raises `OutputError` naming the file or folder and the reason."""
    replace_set(files)
