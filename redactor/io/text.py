"""Plain text and Markdown: paragraphs (separated by blank lines) are blocks.

Block offsets point into the file's own text, so `redactor detect` offsets can be checked
against the file; the output keeps everything between blocks (line endings included). A
paragraph longer than `PIECE_CHARS` becomes several blocks (`text/p7`, `text/p7.1`, ...),
cut after sentence ends: the stages' cost grows with the square of a block's length.
"""

from __future__ import annotations

import re
from pathlib import Path

from redactor.changes import apply_to_text
from redactor.detect.nlp import PIECE_CHARS, pieces_of
from redactor.errors import InputError
from redactor.io.limits import read_input_bytes
from redactor.model import Block, Change, Document, DocumentKind

_PARAGRAPH = re.compile(r"[^\n]+(?:\r?\n(?![ \t]*\r?\n)[^\n]*)*")


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without a byte-order mark), or UTF-16 with its byte-order mark
    (Notepad's "Unicode"); anything else raises `InputError`. Outputs are written in UTF-8."""
    encoding = "utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (invalid byte at position {error.start}); "
                         "save it as UTF-8 and try again") from None


def read(path: Path, kind: DocumentKind = "text", max_mb: int | None = None) -> Document:
    """The file's paragraphs as blocks; raises `InputError` for text neither UTF-8 nor UTF-16
    with a byte-order mark, or empty."""
    text = decode_text(path, read_input_bytes(path, max_mb))
    if not text.strip():
        raise InputError(path, "the file has no text")
    blocks = []
    line, counted = 1, 0
    for number, match in enumerate(_PARAGRAPH.finditer(text)):
        if not match.group(0).strip():
            continue
        start = match.start()
        for piece_number, piece in enumerate(pieces_of(match.group(0), PIECE_CHARS)):
            line += text.count("\n", counted, start)  # counted once: linear in the file
            counted = start
            suffix = f".{piece_number}" if piece_number else ""
            blocks.append(Block(
                id=f"text/p{number}{suffix}", text=piece, location=f"line {line}",
                part="body", offset=start,
            ))
            start += len(piece)
    return Document(path=path, kind=kind, blocks=blocks, source=text)


def render(document: Document, changes_by_block: dict[str, list[Change]]) -> bytes:
    """The file's text with each block's changes applied (right to left)."""
    text = document.source
    for block in sorted(document.blocks, key=lambda b: b.offset, reverse=True):
        changes = changes_by_block.get(block.id)
        if changes:
            new = apply_to_text(block.text, changes)
            text = text[: block.offset] + new + text[block.offset + len(block.text):]
    return text.encode("utf-8")
