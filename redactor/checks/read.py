"""Read a final file for the check, independently of `redactor.io`.

The check must not trust the redaction code path, so it reads the file itself, like Word's
Document Inspector: a DOCX is opened as a zip and the text of every XML part is read with
lxml (`read_docx`); a PDF with pdfplumber (`read_pdf`); text and Markdown as UTF-8 (here).
The result is an `Inspection`: `Unit`s of text with their location, and `Mark`s for hidden
content found while reading.
"""

from __future__ import annotations

import re
from pathlib import Path

from redactor.checks.config import CheckConfig
from redactor.checks.inspection import FileKind, Inspection, Unit
from redactor.checks.read_docx import read_docx
from redactor.checks.read_pdf import read_pdf
from redactor.errors import InputError
from redactor.io import FORMATS, NAMED_SUFFIXES
from redactor.io.limits import check_input_file, check_pdf, check_words, read_input_bytes
from redactor.io.text import decode_text
from redactor.io.zipread import ZipLimits


def inspect_file(path: Path, config: CheckConfig, max_mb: int | None = None,
                 max_words: int | None = None) -> Inspection:
    """Read `path` for checking; an unreadable file raises `InputError` with the reason.

    Files and DOCX packages beyond `max_mb` are refused, and (when given) texts beyond
    `max_words`; see `redactor.io.limits`.
    """
    path = Path(path)
    check_input_file(path, max_mb)  # a regular, non-empty file within the limit: no FIFO
    head = read_input_bytes(path, max_mb, size=8)
    inspection = _inspect(path, head, config, max_mb)
    if max_words is not None:
        check_words(path, (unit.text for unit in inspection.units), max_words)
    return inspection


def _inspect(path: Path, head: bytes, config: CheckConfig, max_mb: int | None) -> Inspection:
    suffix = path.suffix.lower()
    kind = FORMATS[suffix].kind if suffix in FORMATS else None  # the suffix says which reader
    if kind == "docx":
        if not head.startswith(b"PK"):
            raise InputError(path, "not a readable .docx (password-protected, or not a Word "
                             "file); save it as an unprotected .docx")
        return read_docx(path, config, ZipLimits.from_mb(max_mb))
    if kind == "pdf":
        if not head.startswith(b"%PDF-"):
            raise InputError(path, "not a PDF file (no %PDF header)")
        check_pdf(path, max_mb)  # no stream bomb, a sane page count
        return read_pdf(path, config)
    if kind == "text" or kind == "markdown":
        return _read_text(path, kind, config, max_mb)
    raise InputError(path, f"unsupported file type {suffix or '(no extension)'}; expected "
                     f"{', '.join(NAMED_SUFFIXES[:-1])} or {NAMED_SUFFIXES[-1]}")


_PARAGRAPH = re.compile(r"[^\n]+(?:\r?\n(?![ \t]*\r?\n)[^\n]*)*")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def _read_text(path: Path, kind: FileKind, config: CheckConfig,
               max_mb: int | None = None) -> Inspection:
    try:
        text = decode_text(path, read_input_bytes(path, max_mb))
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror})") from None
    units = []
    for match in _PARAGRAPH.finditer(text):
        if not match.group(0).strip():
            continue
        line = text.count("\n", 0, match.start()) + 1
        units.append(Unit(
            f"{line}", match.group(0), "", first_line=line,
            title_page=line <= config.title_page_units,
            heading=bool(_MARKDOWN_HEADING.match(match.group(0))),
            table=match.group(0).lstrip().startswith("|"),
        ))
    return Inspection(path, kind, units, [])
