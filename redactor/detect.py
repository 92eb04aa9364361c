"""Detection: case-file mentions (always win), keep terms (never changed) and model findings.

One `Detector` per process holds the heavy engine (spaCy + Presidio), built on first use;
`detect` runs it over every block of a document and merges the findings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from redactor.case import Case
from redactor.casematch import CaseMatcher
from redactor.model import Document, Entity
from redactor.options import DEFAULT_MODEL, RunOptions


@dataclass
class Detection:
    """What detection found in one document."""

    entities: list[Entity]
    parses: dict[str, Any] = field(default_factory=dict)  # block id -> spaCy Doc
    kept: list[Entity] = field(default_factory=list)  # keep-term spans, never changed


class Detector:
    """Finds people and identifiers. Build once per process; call `detect` per document."""

    def __init__(self, options: RunOptions | None = None) -> None:
        options = options or RunOptions()
        self.model_name = options.model or DEFAULT_MODEL
        self.use_model = options.use_model

    def model_info(self) -> dict[str, Any]:
        """Name and version of the model, for the audit header."""
        if not self.use_model:
            return {"name": None, "version": None, "note": "model-based detection switched off"}
        return {"name": self.model_name, "version": None}

    def detect(self, document: Document, case: Case) -> Detection:
        matcher = CaseMatcher(case)
        listed: list[Entity] = []
        kept: list[Entity] = []
        for block in document.blocks:
            for entity in matcher.find(block.id, block.text):
                (kept if entity.label == "KEEP" else listed).append(entity)
        return Detection(entities=merge(listed, [], kept), kept=kept)


def merge(listed: list[Entity], found: list[Entity], kept: list[Entity]) -> list[Entity]:
    """Case-file mentions win over model findings; nothing overlapping a keep span survives."""

    def overlaps(a: Entity, b: Entity) -> bool:
        return a.block_id == b.block_id and a.start < b.end and b.start < a.end

    result = [e for e in listed if not any(overlaps(e, k) for k in kept)]
    for entity in found:
        if any(overlaps(entity, k) for k in kept) or any(overlaps(entity, e) for e in listed):
            continue
        result.append(entity)
    return sorted(result, key=lambda e: (e.block_id, e.start, -e.end))
