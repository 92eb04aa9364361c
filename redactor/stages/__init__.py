"""Stages: each looks at the document and its findings and *proposes* changes.

A stage never edits text. `redactor.changes` settles overlaps and applies what wins; the
audit log records every proposal with its status. The order of `redactor.pipeline.STAGES`
is also the tie-break order for overlapping proposals.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from redactor.case import Case
from redactor.case.people import DocumentPeople
from redactor.model import Change, Document, Entity
from redactor.options import RunOptions


@dataclass
class StageContext:
    """What a stage may read. `parses` maps block ids to spaCy Docs where detection made them.

    Stages read `case` and never change it: the pipeline settles the people first
    (`settle_people` across the run, `settle_document_people` for what is left in this
    document; `people` says where that put this document's unlisted findings).
    """

    document: Document
    entities: list[Entity]
    case: Case
    options: RunOptions
    parses: Mapping[str, Any] = field(default_factory=dict)
    kept: list[Entity] = field(default_factory=list)  # keep-term spans: never change these
    people: DocumentPeople = field(default_factory=DocumentPeople)  # unlisted findings placed
    proposed: list[Change] = field(default_factory=list)  # what earlier stages proposed


@dataclass(frozen=True)
class Stage:
    """A named step that proposes changes."""

    name: str
    propose: Callable[[StageContext], list[Change]]
