"""Readers and writers. The only place that knows file formats.

`read_document` turns an input into a `Document` or raises `InputError` naming the reason;
`render_output` returns the redacted file's bytes (the pipeline writes them atomically).
"""

from __future__ import annotations

from pathlib import Path

from redactor.errors import InputError
from redactor.io.limits import (
    check_input_file,
    check_paragraphs,
    check_pdf,
    check_words,
    read_input_bytes,
)
from redactor.model import Change, Document
from redactor.options import RunOptions

TEXT_SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}
SUPPORTED_SUFFIXES = (".docx", ".pdf", *TEXT_SUFFIXES)

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc (and encrypted .docx)
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
_PDF_HEADER_WINDOW = 1024  # where PDF readers look for the header


def read_document(path: Path, options: RunOptions | None = None) -> Document:
    """Read any supported input; bad input raises `InputError` with a reason for people."""
    options = options or RunOptions()
    path = Path(path)
    check_input_file(path, options.max_mb)  # regular, non-empty, within --max-mb
    prefix = read_input_bytes(path, options.max_mb, size=_PDF_HEADER_WINDOW)
    document = _read(path, prefix, options)
    check_words(path, (block.text for block in document.blocks), options.max_words)
    if document.kind not in ("text", "markdown"):  # text paragraphs are cut into blocks
        check_paragraphs(path, ((b.location, b.text) for b in document.blocks),
                         options.max_paragraph_words)
    return document


def _read(path: Path, prefix: bytes, options: RunOptions) -> Document:
    suffix = path.suffix.lower()
    head = prefix[:8]
    if suffix == ".doc" or (head.startswith(_OLE_MAGIC) and suffix != ".docx"):
        raise InputError(path, "legacy Word .doc files are not supported; open it in Word and "
                         "save it as .docx")
    if suffix == ".docx":
        if head.startswith(_OLE_MAGIC):
            raise InputError(path, "the document is password-protected (encrypted); remove the "
                             "password in Word and try again")
        if not head.startswith(_ZIP_MAGIC):
            raise InputError(path, "not a Word .docx file (the content is not a DOCX package)")
        from redactor.io import docx

        return docx.read(path, options)
    if suffix == ".pdf":
        if _PDF_MAGIC not in prefix:  # readers accept a few bytes before the header
            raise InputError(path, "not a PDF file (no %PDF header)")
        from redactor.io import pdf

        check_pdf(path, options.max_mb)  # no stream bomb, a sane page count
        return pdf.read(path, options)
    if suffix in TEXT_SUFFIXES:
        if head.startswith((_ZIP_MAGIC, _PDF_MAGIC, _OLE_MAGIC)):
            raise InputError(path, f"the file is binary, not {suffix} text; check its extension")
        from redactor.io import text

        return text.read(path, TEXT_SUFFIXES[suffix], options.max_mb)
    raise InputError(path, f"unsupported file type {suffix or '(no extension)'}; expected one "
                     f"of {', '.join(SUPPORTED_SUFFIXES)}")


def output_suffix(document: Document) -> str:
    """`.docx` for DOCX and PDF inputs, the input's own suffix for text."""
    return document.path.suffix.lower() if document.kind in ("text", "markdown") else ".docx"


def render_output(
    document: Document, changes_by_block: dict[str, list[Change]], options: RunOptions
) -> bytes:
    """The redacted file's bytes, with every applicable change made."""
    if document.kind == "docx":
        from redactor.io import docx

        return docx.render(document, changes_by_block, options)
    if document.kind == "pdf":
        from redactor.io import pdf

        return pdf.render(document, changes_by_block, options)
    from redactor.io import text

    return text.render(document, changes_by_block)


def render_review_copy(
    document: Document, changes: list[Change], options: RunOptions
) -> bytes | None:
    """The draft with every change as a Word tracked change (DOCX inputs only; else None).

    It holds the original identifiers: confidential, never a publishable file.
    """
    if document.kind != "docx":
        return None
    from redactor.io.docx.review import render_review_copy as render

    return render(document, changes, options)
