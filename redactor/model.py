"""The document model every stage works on: plain text blocks with stable ids and offsets.

Readers (`redactor.io`) turn a file into a `Document`; detection turns blocks into `Entity`
findings; stages turn findings into proposed `Change`s; `redactor.changes` decides which apply;
the writer puts them back into the file. Offsets are character offsets into `Block.text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

DocumentKind = Literal["docx", "pdf", "text", "markdown"]

ChangeStatus = Literal["applied", "skipped", "flagged", "kept-by-review", "redacted-by-review",
                       "kept-by-default"]


@dataclass
class Block:
    """One run of text a reader found: a paragraph, a cell paragraph, a property value.

    `id` is stable and findable by a person (`body/p12`, `body/t0/r3c1/p0`,
    `header/s0/default/p1`, `footnote/3/p0`, `comment/4/p0`, `textbox/2/p0`, `props/title`).
    `location` says the same in words. `runs` holds the character range of each formatting
    run (DOCX), in order, covering `text`.
    """

    id: str
    text: str
    location: str
    part: str = "body"
    page: int | None = None
    style: str | None = None
    runs: tuple[tuple[int, int], ...] = ()
    offset: int = 0  # where this block starts in `Document.text`


@dataclass
class Document:
    """An input file as blocks of text, plus what a reader could not turn into text."""

    path: Path
    kind: DocumentKind
    blocks: list[Block]
    inventory: dict[str, int] = field(default_factory=dict)
    scrubbed: list[Change] = field(default_factory=list)
    source: Any = None  # the reader's own handle (e.g. a python-docx Document); stages ignore it

    def block(self, block_id: str) -> Block:
        for block in self.blocks:
            if block.id == block_id:
                return block
        raise KeyError(block_id)

    @property
    def text(self) -> str:
        """The extracted text that block offsets point into.

        For text and Markdown inputs it is the file's own text; for others, the block texts
        joined by blank lines (see `join_blocks`).
        """
        if self.kind in ("text", "markdown") and isinstance(self.source, str):
            return self.source
        return BLOCK_SEPARATOR.join(block.text for block in self.blocks)


BLOCK_SEPARATOR = "\n\n"


def join_blocks(blocks: list[Block]) -> list[Block]:
    """Set each block's `offset` as if the texts were joined by `BLOCK_SEPARATOR`."""
    offset = 0
    for block in blocks:
        block.offset = offset
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    return blocks


@dataclass(frozen=True)
class Entity:
    """Something detection found in a block: a name, an identifier, a date, a keep term."""

    block_id: str
    start: int
    end: int
    label: str
    text: str
    score: float
    source: str  # recognizer or rule id, e.g. "case-file", "SpacyRecognizer", "uk-phone.v1"
    person_id: str | None = None  # set when the mention belongs to a known person
    form: str | None = None  # which name form matched: full, first, last, title_last, initials…
    flagged: bool = False
    explanation: str = ""


@dataclass
class Change:
    """A proposed edit to one block: replace text[start:end] (== before) with `after`.

    Stages create changes with status "applied" (proposed for application); the resolver
    may mark some "skipped" (e.g. an overlap lost), and review decisions may mark others.
    An empty `block_id` with `start == end == 0` denotes a whole-part removal (e.g. a comment).
    """

    block_id: str
    start: int
    end: int
    before: str
    after: str
    stage: str
    rule: str
    reason: str
    status: ChangeStatus = "applied"
    person: str | None = None
    score: float | None = None
    flagged: bool = False
    location: str = ""
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def span(self) -> tuple[int, int]:
        return (self.start, self.end)


@dataclass(frozen=True)
class Finding:
    """Something a pre-publication check found: `FILE:LOCATION: CODE message`."""

    file: str
    location: str
    code: str  # e.g. "LEAK001"; the letters say which check
    message: str
    severity: Literal["error", "warning"] = "error"
