"""Text-layer PDF in, plain DOCX out.

`read` turns each page's text lines (pdfplumber) into paragraph blocks `page3/p2`
("page 3, paragraph 2"); running headers and footers are paragraphs like any other, so they
are redacted too. Lines join into a paragraph unless a vertical gap, a change of font size
or a first-line indent starts a new one. A line ending in a hyphen joins the next line
without a space; the hyphen is dropped only when the document shows the joined word
elsewhere (so "Jen-/kins" becomes "Jenkins" when "Jenkins" occurs, while "ex-/partner" and
"Smith-/Jones" keep theirs).

Line text is normalised so names match: Latin ligatures (U+FB00-FB06) are expanded, and
zero-width spaces and mid-line soft hyphens removed; glyphs with no Unicode mapping, which
pdfminer writes "(cid:N)", become U+FFFD. Characters drawn twice (fake bold) are deduplicated.

A PDF is refused (`InputError`) when it is encrypted, damaged or truncated, has pages with no
text layer (scanned) or whose text cannot be decoded, or has no text at all: its content could
not be checked. Images and annotations are not carried over; `Document.inventory` counts them.

`render` writes the redacted paragraphs into a plain DOCX (layout is not kept).
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from redactor.changes import apply_to_text
from redactor.errors import InputError
from redactor.model import Block, Change, Document, join_blocks
from redactor.options import RunOptions

# pdfminer logs warnings about odd fonts on many ordinary PDFs; without a handler Python
# would print them on stderr. Applications that configure logging still receive them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024  # readers accept trailing bytes after %%EOF up to about this many

PARAGRAPH_GAP = 0.5  # a gap above a line wider than this many line heights starts a paragraph
SIZE_CHANGE = 1.0  # points: a change of font size starts a paragraph (headings)
INDENT = 0.8  # a line indented by this many font sizes more than the last starts a paragraph
SCANNED_IMAGE_SHARE = 0.5  # an image covering this share of a page with little text: scanned
SCANNED_MAX_CHARS = 200
OUTLINED_TEXT_SHAPES = 20  # a page with no text but this many drawn shapes: text as outlines
UNDECODABLE_SHARE = 0.1  # a page with this share of unmapped glyphs cannot be checked
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CID = re.compile(r"\(cid:\d+\)")
_LIGATURES = str.maketrans({"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                            "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"})
_INVISIBLE = re.compile("[\u200b\ufeff]|\u00ad(?!$)")


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
    pages, inventory = _read_pages(path)
    if not pages:
        raise InputError(path, "the PDF has no pages")
    scanned = [number for number, page in enumerate(pages, 1) if page.scanned]
    if scanned:
        raise InputError(path, f"{_pages_have(scanned)} no text layer (scanned?); run OCR "
                         "first")
    undecodable = [number for number, page in enumerate(pages, 1) if page.undecodable]
    if undecodable:
        raise InputError(path, f"{_pages_have(undecodable)} text that cannot be decoded (fonts "
                         "without a Unicode map); export the PDF again from the original, or "
                         "run OCR")
    if not any(page.lines for page in pages):
        raise InputError(path, "the PDF has no text")

    known_words = {w.lower() for page in pages for line in page.lines
                   for w in _WORD.findall(line.text)}
    blocks: list[Block] = []
    for number, page in enumerate(pages, 1):
        for index, paragraph in enumerate(group_paragraphs(page.lines), 1):
            blocks.append(Block(
                id=f"page{number}/p{index}", text=join_lines(paragraph, known_words),
                location=f"page {number}, paragraph {index}", part="body", page=number,
            ))
    return Document(path=path, kind="pdf", blocks=join_blocks(blocks), inventory=inventory)


def _pages_have(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers)
    return f"pages {listed} have" if len(numbers) > 1 else f"page {listed} has"


@dataclass(frozen=True)
class Page:
    """A page's text lines, and whether its content can be checked."""

    lines: list[Line]
    scanned: bool = False
    undecodable: bool = False


def _read_pages(path: Path) -> tuple[list[Page], dict[str, int]]:
    """Each page's lines and state; the inventory of what will not be carried over."""
    import pdfplumber

    pages: list[Page] = []
    inventory = {"pages": 0, "images": 0, "annotations": 0, "undecodable_glyphs": 0}
    try:
        with pdfplumber.open(path) as pdf:
            if getattr(pdf.doc, "encryption", None):
                raise InputError(path, "the PDF is encrypted (password-protected or "
                                 "restricted); save an unprotected copy and try again")
            for page in pdf.pages:
                found = _without_overdrawn_chars(page).extract_text_lines(return_chars=True)
                raw_text = "".join(item["text"] for item in found)
                glyphs = len(_CID.findall(raw_text))
                lines = [line for line in map(_line, found) if line.text]
                inventory["images"] += len(page.images)
                inventory["annotations"] += len(page.annots)
                inventory["undecodable_glyphs"] += glyphs
                share = glyphs / max(len(_CID.sub("x", raw_text)), 1)
                pages.append(Page(lines, scanned=_looks_scanned(page, lines),
                                  undecodable=share >= UNDECODABLE_SHARE))
                page.close()  # free the page's parsed objects: long reports stay small
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many types for damaged files
        reason = str(error).strip() or type(error).__name__
        raise InputError(path, f"the PDF is damaged and cannot be read ({reason}); ask for a "
                         "fresh copy") from None
    inventory["pages"] = len(pages)
    return pages, inventory


def _without_overdrawn_chars(page: Any, tolerance: float = 1.0) -> Any:
    """The page without characters drawn again on top of themselves (fake bold, shadows).

    Same as pdfplumber's `dedupe_chars` for this purpose, but O(n log n): sorted by text
    and line, a copy lies next to its original.
    """
    drop: set[int] = set()
    kept: dict[str, dict[str, Any]] = {}
    for char in sorted(page.chars, key=lambda c: (c["text"], round(c["top"]), c["x0"])):
        previous = kept.get(char["text"])
        if (previous is not None and abs(char["x0"] - previous["x0"]) <= tolerance
                and abs(char["top"] - previous["top"]) <= tolerance):
            drop.add(id(char))
        else:
            kept[char["text"]] = char
    return page.filter(lambda obj: id(obj) not in drop) if drop else page


def clean_line_text(text: str) -> str:
    """Text as a person reads it: ligatures expanded, invisible characters and mid-line soft
    hyphens removed, spaces collapsed, unmapped glyphs "(cid:N)" shown as U+FFFD."""
    text = _INVISIBLE.sub("", " ".join(text.split()).translate(_LIGATURES))
    return _CID.sub("\ufffd", text)


def _line(found: dict[str, Any]) -> Line:
    sizes = [round(float(c.get("size", 0.0)), 1) for c in found.get("chars", [])]
    return Line(
        text=clean_line_text(found["text"]),
        x0=float(found["x0"]), top=float(found["top"]), bottom=float(found["bottom"]),
        size=statistics.mode(sizes) if sizes else 0.0,
    )


def _looks_scanned(page: Any, lines: list[Line]) -> bool:
    """No text but an image or many drawn shapes (text turned into outlines), or a
    page-sized image with a few words (a stamped scan). An empty page is not scanned."""
    if not lines:
        shapes = len(page.curves) + len(page.rects) + len(page.lines)
        return bool(page.images) or shapes >= OUTLINED_TEXT_SHAPES
    if not page.images:
        return False
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
    (U+00AD) at a line end is always dropped. A number range broken at its dash or en dash
    ("3-" then "7 March") is joined without a space.
    """
    text = ""
    for line in lines:
        part = line.text
        if not text:
            text = part
        elif text.endswith("\u00ad"):
            text = text[:-1] + part
        elif re.search(r"\d[-\u2013]$", text) and part[:1].isdigit():
            text += part  # a range broken at its dash: "3-" + "7 March" is "3-7 March"
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
