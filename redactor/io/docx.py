"""DOCX in and out: every text-bearing part becomes blocks; changes go back run by run.

`read` opens the package, scrubs what must never be published (comments, tracked-change
history, hidden text, author metadata, thumbnails, ...; each recorded in `Document.scrubbed`)
and turns every text-bearing place into a `Block`. `render` rebuilds the same blocks from the
scrubbed package and puts each change into the runs it covers (see `docx_text.apply_changes`),
so surrounding formatting is untouched. Output bytes are deterministic.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import docx as python_docx

from redactor.io.docx_package import deterministic_zip
from redactor.model import Change, Document
from redactor.options import RunOptions

_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def plain_docx(paragraphs: list[str]) -> bytes:
    """A plain DOCX with one paragraph per string ("\\n" -> line break, "\\t" -> tab).

    Characters XML cannot hold (control characters) are dropped. Deterministic bytes.
    """
    document = python_docx.Document()
    properties = document.core_properties
    properties.author = ""
    properties.last_modified_by = ""
    properties.title = ""
    properties.created = properties.modified = _FIXED_TIME
    for text in paragraphs:
        document.add_paragraph(_NOT_XML_CHARS.sub("", text))
    buffer = io.BytesIO()
    document.save(buffer)
    return deterministic_zip(buffer.getvalue())


def read(path: Path, options: RunOptions) -> Document:
    """The DOCX as blocks; raises `InputError` for a damaged or non-Word file."""
    raise NotImplementedError("DOCX reading is being written")


def render(document: Document, changes_by_block: dict[str, list[Change]],
           options: RunOptions) -> bytes:
    """The redacted DOCX bytes."""
    raise NotImplementedError("DOCX writing is being written")
