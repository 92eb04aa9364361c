"""The pre-publication check: is this final file safe to publish?

It does not trust the redaction code path: it re-reads the file as it is now (perhaps
hand-edited after redaction) with its own reader (`redactor.checks.read`) and runs, in
order, the checks below. Each has its own code family; messages and severities are data
(`patterns/check.yaml`). An error means "do not publish"; a warning asks for a look.

    LEAK      names, aliases, variants and `redact` terms of the case file (needs a case)
    PII       identifiers nobody listed: detection re-run on the text
    DATE      dates that still carry a day
    CHILD     gendered words for a child (needs the model)
    HIDDEN    comments, tracked changes, hidden text, personal properties, objects, images
    TEMPLATE  the Home Office template's title page and sections (warnings)
    FORM      the Home Office data collection form, which is never published
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from redactor.case import Case
from redactor.case.pseudonyms import assign_pseudonyms
from redactor.checks.config import load_config
from redactor.checks.content import (
    child_genders,
    content_document,
    day_precise_dates,
    file_name_leaks,
    identifiers,
    leaks,
    protected_case,
)
from redactor.checks.manifest import Manifest
from redactor.checks.read import inspect_file
from redactor.checks.structure import data_collection_form, hidden_content, template
from redactor.detect.engine import Detection, Detector
from redactor.errors import InputError
from redactor.model import Finding
from redactor.options import RunOptions

CHECKS = ("LEAK", "PII", "DATE", "CHILD", "HIDDEN", "TEMPLATE", "FORM")


@dataclass
class CheckReport:
    """The findings for one file and the checks that could not run (with why)."""

    path: Path
    findings: list[Finding]
    skipped: dict[str, str] = field(default_factory=dict)  # check -> reason
    manifest: Path | None = None  # the publication manifest used, if any

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def publishable(self) -> bool:
        """No errors (warnings alone do not stop publication; they ask for a look)."""
        return not self.errors


def check_report(path: Path, case: Case | None, *, use_model: bool,
                 detector: Detector | None = None, manifest: Manifest | None = None,
                 manifest_path: Path | None = None, max_mb: int | None = None,
                 max_words: int | None = None) -> CheckReport:
    """Every check on one file. Raises `InputError` when the file cannot be read.

    Without a case file the LEAK check is skipped. With `use_model=False` and no
    `detector` (the pipeline's quick self-check) the PII and CHILD checks are skipped; pass
    a pattern-only detector (`Detector(RunOptions(use_model=False))`) to run PII patterns
    without the model, as `redactor check --no-model` does. A detector is built once and
    shared across files; its own `use_model` then applies.

    `manifest` (the publication manifest `redact` wrote, `redactor.checks.manifest`) lists
    the pseudonyms, role labels and kept terms the file shows by design: with it, they are
    not taken for names even without the case file. It holds no original name, so without
    a case file the LEAK check is still skipped.

    `redact`'s self-check calls this same function with the same case and no detector: the
    same LEAK, DATE, HIDDEN, TEMPLATE and FORM checks; PII and CHILD are skipped (`skipped`).
    """
    config = load_config()
    case = with_generated_pseudonyms(case) if case is not None else None
    inspection = inspect_file(Path(path), config, max_mb, max_words)  # limits: issue 18
    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    if case is None:
        skipped["LEAK"] = "no case file, so known names were not searched for" + (
            " (the manifest holds pseudonyms only)" if manifest is not None else "")
    else:
        findings += leaks(inspection, case, config)
        findings += file_name_leaks(str(path), case, config)
    known = with_manifest(case, manifest)

    if detector is None and use_model:
        detector = Detector(RunOptions(use_model=True))
    document, units = content_document(inspection)
    detection = Detection(entities=[])
    if detector is None:
        skipped["PII"] = "quick check: identifiers were not searched for"
    else:
        detection = detector.detect(document, protected_case(known))
        updated = case is not None and any(person.new for person in case.people)
        findings += identifiers(inspection, detection, units, known, config, originals=case,
                                all_pseudonyms_known=manifest is not None or updated)
        if not detector.use_model:
            skipped["PII"] = "model switched off: patterns only, person names not searched for"
    findings += day_precise_dates(inspection, config)
    if detector is not None and detector.use_model:
        findings += child_genders(inspection, document, units, known, config,
                                  parses=detection.parses, genders_known=case is not None)
    else:
        skipped["CHILD"] = "model switched off"
    findings += hidden_content(inspection, config)
    findings += template(inspection, case or (known if manifest else None), config)
    findings += data_collection_form(inspection, config)
    return CheckReport(Path(path), list(dict.fromkeys(findings)), skipped, manifest_path)


PUBLISHABLE = (".docx", ".pdf", ".txt", ".md", ".markdown")  # what `redact` can write


def publication_files(paths: tuple[Path, ...] | list[Path]
                      ) -> tuple[list[Path], list[CheckReport]]:
    """The files to check, and a report for each confidential file in a given folder.

    A file given by name is always checked. A folder is searched recursively: its
    publishable files (DOCX, PDF, text, Markdown) are checked, in name order, and each file
    `patterns/check.yaml` calls confidential (an audit log, a review copy, a case file, an
    audit export) is an error (HIDDEN009): it must not be published with the folder.
    """
    config = load_config()
    files: list[Path] = []
    confidential: list[CheckReport] = []
    for path in map(Path, paths):
        if not path.is_dir():
            files.append(path)
            continue
        before = len(files) + len(confidential)
        for found in sorted(p for p in path.rglob("*") if p.is_file()):
            what = next((words for pattern, words in config.confidential_files
                         if pattern.search(found.name)), None)
            if what is not None:
                confidential.append(CheckReport(found, [config.finding(
                    "HIDDEN009", str(found), "file", what=what)]))
            elif found.suffix.lower() in PUBLISHABLE:
                files.append(found)
        if len(files) + len(confidential) == before:
            raise InputError(path, "no DOCX, PDF, text or Markdown file in this folder")
    return files, confidential


def with_manifest(case: Case | None, manifest: Manifest | None) -> Case:
    """What the file may show by design: the case (if any) plus the manifest's terms."""
    if manifest is None:
        return case or Case()
    listed = manifest.as_case()
    if case is None:
        return listed
    return dataclasses.replace(case, keep=[*case.keep, *listed.keep])


def with_generated_pseudonyms(case: Case) -> Case:
    """A copy of `case` in which people without a pseudonym get the one `redact` generates
    (deterministic from the case), so a case file saved without `--update-case` still tells
    pseudonyms from names. People found only by detection need the updated case file."""
    case = copy.deepcopy(case)
    assign_pseudonyms(case, child_labels=case.child_labels)
    return case


def check_file(path: Path, case: Case | None, *, use_model: bool,
               detector: Detector | None = None) -> list[Finding]:
    """The findings for one file (see `check_report`); for the pipeline's self-check."""
    return check_report(path, case, use_model=use_model, detector=detector).findings
