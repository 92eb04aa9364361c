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
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import docx as python_docx

from redactor.errors import InputError
from redactor.io.docx.package import Package
from redactor.io.docx.scrub import STAGE, scrub
from redactor.io.docx.text import apply_changes, walk
from redactor.io.zipread import ZipLimits
from redactor.model import Block, Change, Document, join_blocks
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
    properties.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    package = Package.from_bytes(buffer.getvalue())
    package.remove_relationships("", {"thumbnail"})  # python-docx's template page picture
    package.remove_relationships(package.main_part_name() or "", {"customXml"})
    package.drop_unreachable_parts()
    return package.save()


@dataclass(frozen=True)
class DocxSource:
    """What `render` needs: the scrubbed package's bytes (re-parsed for each render)."""

    scrubbed: bytes


MEDIA_FOLDERS = ("word/media/", "word/embeddings/")  # a picture alone is content


def read(path: Path, options: RunOptions) -> Document:
    """The DOCX as blocks; raises `InputError` for a damaged or non-Word file."""
    package = Package.open(path, ZipLimits.from_mb(options.max_mb))
    scrubbed, inventory = scrub(package, path, options)
    source = DocxSource(package.save())
    blocks = [
        Block(id=slot.id, text=slot.text, location=slot.location, part=slot.part,
              style=slot.style, runs=tuple(slot.runs))
        for slot in walk(package) if slot.text.strip()
    ]
    if all(block.part == "property" for block in blocks) \
            and not any(name.startswith(MEDIA_FOLDERS) for name in package.parts):
        raise InputError(path, "the document has no text")  # properties alone: an empty file
    return Document(path=path, kind="docx", blocks=join_blocks(blocks), inventory=inventory,
                    scrubbed=scrubbed, source=source)


def render(document: Document, changes_by_block: dict[str, list[Change]],
           options: RunOptions) -> bytes:
    """The redacted DOCX bytes: each change written into the runs it covers.

    Scrub changes were made when reading and are not applied again. A change for a block
    the package does not have raises ValueError (never write a file that misses a change).
    """
    if not isinstance(document.source, DocxSource):
        raise TypeError("render needs a Document made by redactor.io.docx.read")
    package = Package.from_bytes(document.source.scrubbed, document.path,
                                 ZipLimits.from_mb(options.max_mb))
    slots = {slot.id: slot for slot in walk(package)}
    for block_id, changes in changes_by_block.items():
        to_apply = [c for c in changes if c.stage != STAGE]
        if not to_apply:
            continue
        if block_id not in slots:
            raise ValueError(f"no block {block_id} in {document.path} for change "
                             f"{to_apply[0].rule}")
        apply_changes(slots[block_id], to_apply)
    return package.save()
