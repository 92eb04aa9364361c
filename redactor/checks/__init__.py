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
from dataclasses import dataclass, field
from pathlib import Path

from redactor.case import Case
from redactor.checks.config import load_config
from redactor.checks.content import (
    child_genders,
    content_document,
    day_precise_dates,
    identifiers,
    leaks,
    protected_case,
)
from redactor.checks.read import inspect_file
from redactor.checks.structure import data_collection_form, hidden_content, template
from redactor.detect import Detection, Detector
from redactor.model import Finding
from redactor.options import RunOptions
from redactor.pseudonymise import assign_pseudonyms

CHECKS = ("LEAK", "PII", "DATE", "CHILD", "HIDDEN", "TEMPLATE", "FORM")


@dataclass
class CheckReport:
    """The findings for one file and the checks that could not run (with why)."""

    path: Path
    findings: list[Finding]
    skipped: dict[str, str] = field(default_factory=dict)  # check -> reason

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
                 detector: Detector | None = None) -> CheckReport:
    """Every check on one file. Raises `InputError` when the file cannot be read.

    Without a case file the LEAK check is skipped. With `use_model=False` and no
    `detector` (the pipeline's quick self-check) the PII and CHILD checks are skipped; pass
    a pattern-only detector (`Detector(RunOptions(use_model=False))`) to run PII patterns
    without the model, as `redactor check --no-model` does. A detector is built once and
    shared across files; its own `use_model` then applies.
    """
    config = load_config()
    case = with_generated_pseudonyms(case) if case is not None else None
    inspection = inspect_file(Path(path), config)
    findings: list[Finding] = []
    skipped: dict[str, str] = {}
    if case is None:
        skipped["LEAK"] = "no case file, so known names were not searched for"
    else:
        findings += leaks(inspection, case, config)

    if detector is None and use_model:
        detector = Detector(RunOptions(use_model=True))
    document, units = content_document(inspection)
    detection = Detection(entities=[])
    if detector is None:
        skipped["PII"] = "quick check: identifiers were not searched for"
    else:
        detection = detector.detect(document, protected_case(case or Case()))
        findings += identifiers(inspection, detection, units, case or Case(), config)
        if not detector.use_model:
            skipped["PII"] = "model switched off: patterns only, person names not searched for"
    findings += day_precise_dates(inspection, config)
    if detector is not None and detector.use_model:
        findings += child_genders(inspection, document, units, case or Case(), config,
                                  parses=detection.parses)
    else:
        skipped["CHILD"] = "model switched off"
    findings += hidden_content(inspection, config)
    findings += template(inspection, case, config)
    findings += data_collection_form(inspection, config)
    return CheckReport(Path(path), list(dict.fromkeys(findings)), skipped)


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
