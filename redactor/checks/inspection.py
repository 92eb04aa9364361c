"""What the check reads from a file: units of text with their location, and marks.

`redactor.checks.read` turns a file into an `Inspection`; the checks only see these types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree

FileKind = Literal["docx", "pdf", "text", "markdown"]


def safe_xml(data: bytes) -> Any:
    """Parse XML without entities, network access or huge trees; raises XMLSyntaxError."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(data, parser)


def local_name(tag: Any) -> str:
    """`w:t` -> `t`; "" for comments and processing instructions.

    lxml spells a qualified name `{namespace}local`, so the local name is what follows the
    last "}" (as `etree.QName(tag).localname` says, without building a QName per element).
    """
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


@dataclass(frozen=True)
class Segment:
    """A stretch of a unit's text that is special (deleted, hidden, a field code)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Unit:
    """A piece of text found in the file, and where it is.

    `content` is True for text a person wrote (checked for identifiers, dates, genders);
    False for markup values (style names, authors) that are only searched for known names.
    `first_line` is set for units addressed by line (text files, PDF pages).
    """

    location: str
    text: str
    where: str
    content: bool = True
    title_page: bool = False
    heading: bool = False
    table: bool = False
    first_line: int | None = None
    page: int | None = None
    segments: tuple[Segment, ...] = ()
    cell: str | None = None  # a DOCX table cell: "t0/r1c2" (table, row, column)

    def locate(self, start: int) -> str:
        """The location of the character at `start`: `12:5` (text), `page3/line5` (PDF)."""
        if self.first_line is None:
            return self.location
        line = self.first_line + self.text.count("\n", 0, start)
        if self.page is not None:
            return f"page{self.page}/line{line}"
        column = start - (self.text.rfind("\n", 0, start) + 1) + 1
        return f"{line}:{column}"

    def where_at(self, start: int, end: int) -> str:
        """`where`, plus the kind of text at `start:end` ("deleted text of a tracked change")."""
        kinds = sorted({s.kind for s in self.segments if s.start < end and start < s.end})
        return f"{self.where} ({', '.join(kinds)})" if kinds else self.where


@dataclass(frozen=True)
class Mark:
    """Hidden content found while reading: a finding code, where, and message values."""

    code: str
    location: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Inspection:
    """What the check read from one file."""

    path: Path
    kind: FileKind
    units: list[Unit]
    marks: list[Mark]
