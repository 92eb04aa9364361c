"""Readers and writers. The only place that knows file formats.

`FORMATS` is the one table of them: for each input suffix, the kind of `Document`, the
reader (which first checks that the content is what the suffix says), the writer of the
redacted copy and its suffix, and the review copy where there is one. To add an input
format, add a reader and a writer module here and a row to `FORMATS`.

`read_document` turns an input into a `Document` or raises `InputError` naming the reason;
`render_output` returns the redacted file's bytes (the pipeline writes them atomically).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from redactor.errors import InputError
from redactor.io.limits import (
    check_input_file,
    check_paragraphs,
    check_pdf,
    check_words,
    read_input_bytes,
)
from redactor.model import Change, Document, DocumentKind
from redactor.options import RunOptions

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc (and encrypted .docx)
_ZIP_MAGIC = b"PK\x03\x04"
_PDF_MAGIC = b"%PDF-"
_WORD_STREAM = "WordDocument".encode("utf-16-le")  # a legacy .doc's main stream
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")  # an encrypted OOXML package's
_PDF_HEADER_WINDOW = 1024  # where PDF readers look for the header

Reader = Callable[[Path, bytes, RunOptions], Document]  # path, the file's first bytes, options
Renderer = Callable[[Document, dict[str, list[Change]], RunOptions], bytes]
ReviewRenderer = Callable[[Document, list[Change], RunOptions], bytes]


def _read_docx(path: Path, prefix: bytes, options: RunOptions) -> Document:
    if prefix.startswith(_OLE_MAGIC):
        whole = read_input_bytes(path, options.max_mb)
        if _WORD_STREAM in whole and _ENCRYPTION_STREAM not in whole:
            raise InputError(path, "this is a legacy Word .doc file named .docx; open it in Word "
                             "and save it as .docx")
        raise InputError(path, "the document is password-protected (encrypted); remove the "
                         "password in Word and try again")
    if not prefix.startswith(_ZIP_MAGIC):
        raise InputError(path, "not a Word .docx file (the content is not a DOCX package)")
    from redactor.io import docx

    return docx.read(path, options)


def _render_docx(document: Document, changes_by_block: dict[str, list[Change]],
                 options: RunOptions) -> bytes:
    from redactor.io import docx

    return docx.render(document, changes_by_block, options)


def _review_docx(document: Document, changes: list[Change], options: RunOptions) -> bytes:
    from redactor.io.docx.review import render_review_copy as render

    return render(document, changes, options)


def _read_pdf(path: Path, prefix: bytes, options: RunOptions) -> Document:
    if _PDF_MAGIC not in prefix:  # readers accept a few bytes before the header
        raise InputError(path, "not a PDF file (no %PDF header)")
    from redactor.io import pdf

    check_pdf(path, options.max_mb)  # no stream bomb, a sane page count
    return pdf.read(path, options)


def _render_pdf(document: Document, changes_by_block: dict[str, list[Change]],
                options: RunOptions) -> bytes:
    from redactor.io import pdf

    return pdf.render(document, changes_by_block, options)


def _read_text(path: Path, prefix: bytes, options: RunOptions, *,
               kind: DocumentKind) -> Document:
    if prefix.startswith((_ZIP_MAGIC, _PDF_MAGIC, _OLE_MAGIC)):
        raise InputError(path, f"the file is binary, not {path.suffix.lower()} text; check its "
                         "extension")
    from redactor.io import text

    return text.read(path, kind, options.max_mb)


def _render_text(document: Document, changes_by_block: dict[str, list[Change]],
                 options: RunOptions) -> bytes:
    from redactor.io import text

    return text.render(document, changes_by_block)


@dataclass(frozen=True)
class Format:
    """One input format: what it reads as and how its redacted copy is written."""

    kind: DocumentKind
    read: Reader
    render: Renderer
    output_suffix: str | None  # the redacted copy's suffix; None: the input's own
    paragraph_blocks: bool  # a block is one paragraph (held to --max-paragraph-words)
    review_copy: ReviewRenderer | None = None  # the draft with changes tracked, if any
    alias: bool = False  # another suffix for a format named by its first suffix in messages


_read_plain = partial(_read_text, kind="text")
_read_markdown = partial(_read_text, kind="markdown")

# paragraph_blocks is False for text: its paragraphs are cut into pieces (redactor.io.text)
FORMATS: dict[str, Format] = {
    ".docx": Format("docx", _read_docx, _render_docx, ".docx", paragraph_blocks=True,
                    review_copy=_review_docx),
    ".pdf": Format("pdf", _read_pdf, _render_pdf, ".docx", paragraph_blocks=True),
    ".txt": Format("text", _read_plain, _render_text, None, paragraph_blocks=False),
    ".md": Format("markdown", _read_markdown, _render_text, None, paragraph_blocks=False),
    ".markdown": Format("markdown", _read_markdown, _render_text, None, paragraph_blocks=False,
                        alias=True),
}
SUPPORTED_SUFFIXES = tuple(FORMATS)
NAMED_SUFFIXES = tuple(suffix for suffix, row in FORMATS.items() if not row.alias)
_BY_KIND = {row.kind: row for row in FORMATS.values()}


def read_document(path: Path, options: RunOptions | None = None) -> Document:
    """Read any supported input; bad input raises `InputError` with a reason for people."""
    options = options or RunOptions()
    path = Path(path)
    check_input_file(path, options.max_mb)  # regular, non-empty, within --max-mb
    prefix = read_input_bytes(path, options.max_mb, size=_PDF_HEADER_WINDOW)
    suffix = path.suffix.lower()
    if suffix == ".doc" or (prefix.startswith(_OLE_MAGIC) and suffix != ".docx"):
        raise InputError(path, "legacy Word .doc files are not supported; open it in Word and "
                         "save it as .docx")
    row = FORMATS.get(suffix)
    if row is None:
        raise InputError(path, f"unsupported file type {suffix or '(no extension)'}; expected "
                         f"one of {', '.join(SUPPORTED_SUFFIXES)}")
    document = row.read(path, prefix, options)
    check_words(path, (block.text for block in document.blocks), options.max_words)
    if row.paragraph_blocks:
        check_paragraphs(path, ((b.location, b.text) for b in document.blocks),
                         options.max_paragraph_words)
    return document


def output_suffix(document: Document) -> str:
    """The redacted copy's suffix: `.docx` for DOCX and PDF inputs, the input's own for text."""
    return _BY_KIND[document.kind].output_suffix or document.path.suffix.lower()


def render_output(
    document: Document, changes_by_block: dict[str, list[Change]], options: RunOptions
) -> bytes:
    """The redacted file's bytes, with every applicable change made."""
    return _BY_KIND[document.kind].render(document, changes_by_block, options)


def has_review_copy(document: Document) -> bool:
    """Whether the document's format has a review copy (DOCX)."""
    return _BY_KIND[document.kind].review_copy is not None


def render_review_copy(
    document: Document, changes: list[Change], options: RunOptions
) -> bytes | None:
    """The draft with every change as a Word tracked change (DOCX inputs only; else None).

    It holds the original identifiers: confidential, never a publishable file.
    """
    render = _BY_KIND[document.kind].review_copy
    return render(document, changes, options) if render else None
