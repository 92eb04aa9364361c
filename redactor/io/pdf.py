"""Text-layer PDF in, plain DOCX out.

`read` turns each page's text lines (pdfplumber) into paragraph blocks `page3/p2`
("page 3, paragraph 2"); running headers and footers are paragraphs like any other, so they
are redacted too. Lines join into a paragraph unless a vertical gap, a change of font size
or a first-line indent starts a new one. A line ending in a hyphen joins the next line
without a space; the hyphen is dropped only when the document shows the joined word
elsewhere (so "Jen-/kins" becomes "Jenkins" when "Jenkins" occurs, while "ex-/partner" and
"Smith-/Jones" keep theirs).

A PDF is refused (`InputError`) when it is encrypted, damaged or truncated, has pages with no
text layer (scanned), or has no text at all: its content could not be checked. Images are not
carried over; `Document.inventory["images"]` counts them.

`render` writes the redacted paragraphs into a plain DOCX (layout is not kept).
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.changes import apply_to_text
from redactor.errors import InputError
from redactor.model import Block, Change, Document, join_blocks
from redactor.options import RunOptions

_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024  # readers accept trailing bytes after %%EOF up to about this many

PARAGRAPH_GAP = 0.5  # a gap above a line wider than this many line heights starts a paragraph
SIZE_CHANGE = 1.0  # points: a change of font size starts a paragraph (headings)
INDENT = 0.8  # a line indented by this many font sizes more than the last starts a paragraph
SCANNED_IMAGE_SHARE = 0.5  # an image covering this share of a page with little text: scanned
SCANNED_MAX_CHARS = 200
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Line:
    """One text line of a page, as pdfplumber sees it."""

    text: str
    x0: float
    top: float
    bottom: float
    size: float

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, self.size, 1.0)


def read(path: Path, options: RunOptions | None = None) -> Document:
    """Read a text-layer PDF into paragraph blocks; refuse what cannot be checked."""
    path = Path(path)
    raw = path.read_bytes()
    if _ENCRYPT.search(raw):
        raise InputError(path, "the PDF is encrypted (password-protected or restricted); save "
                         "an unprotected copy and try again")
    if _EOF_MARKER not in raw[-_EOF_WINDOW:]:
        raise InputError(path, "the PDF is truncated or damaged (no end-of-file marker); ask "
                         "for a fresh copy")
    pages, images = _read_pages(path)
    if not pages:
        raise InputError(path, "the PDF has no pages")
    scanned = [number for number, (lines, is_scanned) in enumerate(pages, 1) if is_scanned]
    if scanned:
        listed = ", ".join(str(n) for n in scanned)
        which = f"pages {listed} have" if len(scanned) > 1 else f"page {listed} has"
        raise InputError(path, f"{which} no text layer (scanned?); run OCR first")
    if not any(lines for lines, _ in pages):
        raise InputError(path, "the PDF has no text")

    known_words = {w.lower() for lines, _ in pages for line in lines
                   for w in _WORD.findall(line.text)}
    blocks: list[Block] = []
    for number, (lines, _) in enumerate(pages, 1):
        for index, paragraph in enumerate(group_paragraphs(lines), 1):
            blocks.append(Block(
                id=f"page{number}/p{index}", text=join_lines(paragraph, known_words),
                location=f"page {number}, paragraph {index}", part="body", page=number,
            ))
    return Document(path=path, kind="pdf", blocks=join_blocks(blocks),
                    inventory={"pages": len(pages), "images": images})


def _read_pages(path: Path) -> tuple[list[tuple[list[Line], bool]], int]:
    """Each page's lines and whether it looks scanned; and the number of images."""
    import pdfplumber

    pages: list[tuple[list[Line], bool]] = []
    images = 0
    try:
        with pdfplumber.open(path) as pdf:
            if getattr(pdf.doc, "encryption", None):
                raise InputError(path, "the PDF is encrypted (password-protected or "
                                 "restricted); save an unprotected copy and try again")
            for page in pdf.pages:
                lines = [_line(found) for found in page.extract_text_lines(return_chars=True)]
                lines = [line for line in lines if line.text]
                images += len(page.images)
                pages.append((lines, _looks_scanned(page, lines)))
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many types for damaged files
        reason = str(error).strip() or type(error).__name__
        raise InputError(path, f"the PDF is damaged and cannot be read ({reason}); ask for a "
                         "fresh copy") from None
    return pages, images


def _line(found: dict[str, Any]) -> Line:
    sizes = [round(float(c.get("size", 0.0)), 1) for c in found.get("chars", [])]
    return Line(
        text=" ".join(found["text"].split()),
        x0=float(found["x0"]), top=float(found["top"]), bottom=float(found["bottom"]),
        size=statistics.mode(sizes) if sizes else 0.0,
    )


def _looks_scanned(page: Any, lines: list[Line]) -> bool:
    """No text but an image, or a page-sized image with a few words (a stamped scan)."""
    if not page.images:
        return False
    if not lines:
        return True
    area = float(page.width) * float(page.height) or 1.0
    covered = max(
        (float(i["x1"]) - float(i["x0"])) * (float(i["bottom"]) - float(i["top"]))
        for i in page.images
    )
    characters = sum(len(line.text) for line in lines)
    return covered / area >= SCANNED_IMAGE_SHARE and characters < SCANNED_MAX_CHARS


def group_paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Split a page's lines (top to bottom) into paragraphs.

    A line starts a new paragraph when the gap above it exceeds `PARAGRAPH_GAP` line
    heights, when its font size differs from the line above by more than `SIZE_CHANGE`
    points, or when it is indented by more than `INDENT` font sizes relative to that line.
    """
    paragraphs: list[list[Line]] = []
    previous: Line | None = None
    for line in sorted(lines, key=lambda item: (round(item.top, 1), item.x0)):
        if previous is None or _starts_paragraph(previous, line):
            paragraphs.append([line])
        else:
            paragraphs[-1].append(line)
        previous = line
    return paragraphs


def _starts_paragraph(previous: Line, line: Line) -> bool:
    gap = line.top - previous.bottom
    if gap > PARAGRAPH_GAP * previous.height or gap < -previous.height:
        return True
    if abs(line.size - previous.size) > SIZE_CHANGE:
        return True
    return line.x0 - previous.x0 > INDENT * max(line.size, 1.0)


def join_lines(lines: list[Line], known_words: set[str] | frozenset[str] = frozenset()) -> str:
    """One paragraph's text: lines joined by spaces, hyphenated line breaks mended.

    "-" at a line end after a letter, before a letter: joined without a space; the hyphen
    is dropped only when the joined word is in `known_words` (lower case). A soft hyphen
    (U+00AD) at a line end is always dropped.
    """
    text = ""
    for line in lines:
        part = line.text
        if not text:
            text = part
        elif text.endswith("\u00ad"):
            text = text[:-1] + part
        elif re.search(r"[^\W\d_]-$", text) and part[:1].isalpha():
            head = re.search(r"([^\W\d_]+)-$", text).group(1)  # type: ignore[union-attr]
            tail = _WORD.match(part)
            joined = head + (tail.group(0) if tail else "")
            text = (text[:-1] if joined.lower() in known_words else text) + part
        else:
            text = f"{text} {part}"
    return text


def render(
    document: Document, changes_by_block: dict[str, list[Change]], options: RunOptions
) -> bytes:
    """A plain DOCX holding each block's redacted text, one paragraph per block."""
    from redactor.io.docx import plain_docx

    paragraphs = [apply_to_text(block.text, changes_by_block.get(block.id, []))
                  for block in document.blocks]
    return plain_docx(paragraphs)
