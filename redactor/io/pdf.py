"""Text-layer PDF in, a DOCX laid out like it out.

`read` turns each page's text lines (pdfplumber) into paragraph blocks `page3/p2`
("page 3, paragraph 2"). A line repeated at the top or bottom of most pages (digits aside)
is the running header or footer: a paragraph block of its own with part "header" or
"footer", redacted like any other. Each cell of a ruled table is a block `page3/t1/r2c3`
("page 3, table 1, row 2, column 3"), so wrapped cell text is not interleaved with its
neighbours.

Lines join into a paragraph unless a vertical gap, a change of font size or a first-line
indent starts a new one. A line ending in a hyphen joins the next line without a space; the
hyphen is dropped only when the document shows the joined word elsewhere (so "Jen-/kins"
becomes "Jenkins" when "Jenkins" occurs, while "ex-/partner" and "Smith-/Jones" keep
theirs).

Line text is normalised so names match: Latin ligatures (U+FB00-FB06) are expanded, and
zero-width spaces and mid-line soft hyphens removed; glyphs with no Unicode mapping, which
pdfminer writes "(cid:N)", become U+FFFD. Characters drawn twice (fake bold) are deduplicated.

A PDF is refused (`InputError`) when it is encrypted, damaged or truncated, has pages with no
text layer (scanned) or whose text cannot be decoded, or has no text at all: its content could
not be checked. Images and annotations are not carried over; `Document.inventory` counts them,
and `Document.scrubbed` records the text of annotations and document properties left out.

The reader also measures the layout (`Layout`, kept as `Document.source`): page size and
margins, font, line pitch and paragraph spacing, heading levels (by font size, or a single
bold line), bold and italic per character, alignment, and each table's rows, columns and
column widths. `render` writes the redacted blocks with it (see `redactor.io.pdf_docx`).
"""

from __future__ import annotations

import logging
import re
import statistics
from dataclasses import replace
from pathlib import Path
from typing import Any

from redactor.errors import InputError
from redactor.io.pdf_layout import (
    SIZE_CHANGE,
    Layout,
    Line,
    Look,
    Page,
    Table,
    alignment,
    heading_level,
    heading_sizes,
    measure_spacing,
    page_setup,
    running_lines,
)
from redactor.model import Block, Change, Document, join_blocks
from redactor.options import RunOptions

# pdfminer logs warnings about odd fonts on many ordinary PDFs; without a handler Python
# would print them on stderr. Applications that configure logging still receive them.
logging.getLogger("pdfminer").addHandler(logging.NullHandler())

SCRUB_STAGE = "scrub"  # as for DOCX: what the reader leaves out, recorded in the audit log
_TECHNICAL_METADATA = {"CreationDate", "ModDate", "Trapped", "Producer", "Creator"}

_ENCRYPT = re.compile(rb"/Encrypt\s*(?:\d+\s+\d+\s+R|<<)")
_EOF_MARKER = b"%%EOF"
_EOF_WINDOW = 1024  # readers accept trailing bytes after %%EOF up to about this many

PARAGRAPH_GAP = 0.5  # a gap above a line wider than this many line heights starts a paragraph
INDENT = 0.8  # a line indented by this many font sizes more than the last starts a paragraph
SCANNED_IMAGE_SHARE = 0.5  # an image covering this share of a page with little text: scanned
SCANNED_MAX_CHARS = 200
OUTLINED_TEXT_SHAPES = 20  # a page with no text but this many drawn shapes: text as outlines
NOTE_MARK_SIZE = 0.8  # a footnote mark is smaller than this share of the line's font size
NOTE_MARK_RAISE = 0.15  # and raised above the baseline by this share of it
UNDECODABLE_SHARE = 0.1  # a page with this share of unmapped glyphs cannot be checked
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_ITALIC_FONT = re.compile(r"italic|oblique", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_CID = re.compile(r"\(cid:\d+\)")
_LIGATURE_TEXT = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi",
                  "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st"}
_INVISIBLE = re.compile("[\u200b\ufeff]|\u00ad(?!$)")
_LIGATURES = str.maketrans(_LIGATURE_TEXT)


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
    pages, inventory, scrubbed = _read_pages(path)
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
    if not any(page.all_lines for page in pages):
        raise InputError(path, "the PDF has no text")

    known_words = {w.lower() for page in pages for line in page.all_lines
                   for w in _WORD.findall(line.text)}
    body_size = statistics.mode(round(line.size) for page in pages for line in page.all_lines)
    running = running_lines(pages)
    pages = [replace(page, lines=[line for line in page.lines
                                  if all(line is not r for _, r in running.get(number, []))],
                     running=running.get(number, []))
             for number, page in enumerate(pages, 1)]
    layout = Layout(body_size=body_size, heading_sizes=heading_sizes(pages, body_size))
    body_lines = [line for page in pages for line in page.lines
                  if not page.width or line.x1 <= page.width]  # text off the page: no guide
    if body_lines:
        layout.column = (min(line.x0 for line in body_lines),
                         max(line.x1 for line in body_lines))
    blocks: list[Block] = []
    for number, page in enumerate(pages, 1):
        blocks += page_blocks(number, page, known_words, body_size, layout)
    layout.page = page_setup(pages)
    measure_spacing(blocks, layout)
    layout.font = statistics.mode([line.font for page in pages for line in page.lines
                                   if line.font] or [""])
    return Document(path=path, kind="pdf", blocks=join_blocks(blocks), inventory=inventory,
                    scrubbed=scrubbed, source=layout)


def page_blocks(number: int, page: Page, known_words: set[str], body_size: float = 0.0,
                layout: Layout | None = None) -> list[Block]:
    """A page's paragraphs (`page3/p2`) and table cells (`page3/t1/r2c3`), top to bottom.

    A paragraph in a font larger than `body_size` (the document's usual size) by more than
    `SIZE_CHANGE`, or a single bold line, gets style "heading"; table cells get style
    "table"; a running header or footer line is a paragraph of part "header" or "footer".
    `layout`, when given, receives how each block looks (for the DOCX writer).
    """
    items: list[tuple[float, str, Any]] = [
        (paragraph[0].top, "p", paragraph) for paragraph in group_paragraphs(page.lines)]
    items += [(line.top, kind, [line]) for kind, line in page.running]
    items += [(table.top, "t", table) for table in page.tables]
    blocks: list[Block] = []
    paragraphs = tables = 0
    for _, kind, item in sorted(items, key=lambda entry: (entry[0], entry[1] == "t")):
        if kind != "t":
            paragraphs += 1
            text, marks = joined_lines(item, known_words)
            level = heading_level(item, body_size, layout.heading_sizes if layout else [])
            if kind != "p":
                level = 0
            block = Block(
                id=f"page{number}/p{paragraphs}", text=text,
                location=f"page {number}, paragraph {paragraphs}"
                + (f" (running {kind})" if kind != "p" else ""),
                part="body" if kind == "p" else kind, page=number,
                style="heading" if level else None)
            blocks.append(block)
            if layout is not None:
                layout.looks[block.id] = Look(
                    marks, level, statistics.median(line.size for line in item),
                    alignment(item, layout.column), item[0].top, item[-1].top, len(item))
            continue
        tables += 1
        if layout is not None:
            layout.tables[f"page{number}/t{tables}"] = (item.rows, item.columns, item.widths)
        for row, column, lines in item.cells:
            cell = [joined_lines(paragraph, known_words)
                    for paragraph in group_paragraphs(lines)]
            text = "\n".join(part for part, _ in cell)
            if text:
                blocks.append(Block(
                    id=f"page{number}/t{tables}/r{row}c{column}", text=text,
                    location=f"page {number}, table {tables}, row {row}, column {column}",
                    part="body", page=number, style="table"))
                if layout is not None:
                    layout.looks[blocks[-1].id] = Look(
                        "n".join(marks for _, marks in cell), 0,
                        statistics.median(line.size for line in lines), "left")
    return blocks


def _pages_have(numbers: list[int]) -> str:
    listed = ", ".join(str(n) for n in numbers)
    return f"pages {listed} have" if len(numbers) > 1 else f"page {listed} has"


def _read_pages(path: Path) -> tuple[list[Page], dict[str, int], list[Change]]:
    """Each page's lines and state; the inventory and record of what is not carried over."""
    import pdfplumber

    pages: list[Page] = []
    scrubbed: list[Change] = []
    inventory = {"pages": 0, "images": 0, "annotations": 0, "undecodable_glyphs": 0}
    try:
        with pdfplumber.open(path) as pdf:
            if getattr(pdf.doc, "encryption", None):
                raise InputError(path, "the PDF is encrypted (password-protected or "
                                 "restricted); save an unprotected copy and try again")
            scrubbed += _metadata_records(pdf.metadata)
            for page in pdf.pages:
                chars = _without_overdrawn(page.chars)
                cells = _table_cells(page)
                in_cells: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
                outside: list[dict[str, Any]] = []
                for char in chars:
                    key = _cell_of(char, cells)
                    (in_cells.setdefault(key, []) if key else outside).append(char)
                lines = _text_lines(outside)
                tables = [
                    _table(top, [(r, c, bbox, _text_lines(in_cells.get((t, r, c), [])))
                                 for r, c, bbox in table_cells])
                    for t, (top, table_cells) in enumerate(cells)
                ]
                found = [line for table in tables for _, _, ls in table.cells for line in ls]
                raw_text = "".join(char["text"] for char in chars)
                glyphs = len(_CID.findall(raw_text))
                inventory["images"] += len(page.images)
                inventory["annotations"] += len(page.annots)
                scrubbed += _annotation_records(page.annots, len(pages) + 1)
                inventory["undecodable_glyphs"] += glyphs
                share = glyphs / max(len(_CID.sub("x", raw_text)), 1)
                pages.append(Page(lines, tables, scanned=_looks_scanned(page, lines + found),
                                  undecodable=share >= UNDECODABLE_SHARE,
                                  width=float(page.width), height=float(page.height)))
                page.close()  # free the page's parsed objects: long reports stay small
    except InputError:
        raise
    except Exception as error:  # pdfminer raises many types for damaged files
        reason = str(error).strip() or type(error).__name__
        raise InputError(path, f"the PDF is damaged and cannot be read ({reason}); ask for a "
                         "fresh copy") from None
    inventory["pages"] = len(pages)
    return pages, inventory, scrubbed


def _record(block_id: str, before: str, rule: str, reason: str, location: str) -> Change:
    """A whole-item removal for the audit log (the output never holds it)."""
    return Change(block_id=block_id, start=0, end=len(before), before=before, after="",
                  stage=SCRUB_STAGE, rule=rule, reason=reason, location=location)


def _metadata_records(metadata: dict[str, Any]) -> list[Change]:
    """Document properties that may name people (title, author...): not carried over."""
    return [
        _record(f"props/{key.lower()}", value.strip(), "pdf.metadata-not-carried-over.v1",
                "PDF document properties are not written to the output", f"document property "
                f"{key}")
        for key, value in sorted(metadata.items())
        if key not in _TECHNICAL_METADATA and isinstance(value, str) and value.strip()
    ]


def _annotation_records(annotations: list[dict[str, Any]], page: int) -> list[Change]:
    """Comments, notes and links on a page: their text is not carried over."""
    records = []
    for number, annotation in enumerate(annotations, 1):
        parts = [str(annotation.get(key) or "").strip() for key in ("title", "contents", "uri")]
        text = " | ".join(part for part in parts if part)
        if text:
            records.append(_record(
                f"annotation/page{page}/{number}", text, "pdf.annotation-not-carried-over.v1",
                "PDF comments, notes and links are not written to the output",
                f"page {page}, annotation {number}"))
    return records


def _without_overdrawn(chars: list[dict[str, Any]], tolerance: float = 1.0
                       ) -> list[dict[str, Any]]:
    """Characters without those drawn again on top of themselves (fake bold, shadows).

    Like pdfplumber's `dedupe_chars`, but O(n log n): sorted by text and line, a copy lies
    next to its original. Document order is kept.
    """
    drop: set[int] = set()
    kept: dict[str, dict[str, Any]] = {}
    for char in sorted(chars, key=lambda c: (c["text"], round(c["top"]), c["x0"])):
        previous = kept.get(char["text"])
        if (previous is not None and abs(char["x0"] - previous["x0"]) <= tolerance
                and abs(char["top"] - previous["top"]) <= tolerance):
            drop.add(id(char))
            previous["overdrawn"] = True  # drawn twice, slightly offset: bold to a reader
        else:
            kept[char["text"]] = char
    return [char for char in chars if id(char) not in drop] if drop else list(chars)


TableCells = list[tuple[float, list[tuple[int, int, tuple[float, float, float, float]]]]]


def _table_cells(page: Any) -> TableCells:
    """Each ruled table on the page: its top, and its cells (1-based row, column, bbox)."""
    if not (page.rects or page.lines):
        return []
    tables: TableCells = []
    for table in page.find_tables():
        cells = [(r, c, bbox) for r, row in enumerate(table.rows, 1)
                 for c, bbox in enumerate(row.cells, 1) if bbox is not None]
        if len(cells) > 1:
            tables.append((float(table.bbox[1]), cells))
    return tables


def _table(top: float, cells: list[tuple[int, int, tuple[float, float, float, float],
                                         list[Line]]]) -> Table:
    """A table with its shape: rows, columns and each column's width (the median of its
    cells' widths; a merged cell spans more than one and is left out)."""
    rows = max(r for r, _, _, _ in cells)
    columns = max(c for _, c, _, _ in cells)
    edges = sorted({round(bbox[0], 1) for _, _, bbox, _ in cells}
                   | {round(bbox[2], 1) for _, _, bbox, _ in cells})
    widths = tuple(right - left for left, right in zip(edges, edges[1:], strict=False))
    if len(widths) != columns:  # merged cells hide a column edge: share the width evenly
        total = edges[-1] - edges[0]
        widths = tuple(total / columns for _ in range(columns))
    return Table(top=top, cells=[(r, c, lines) for r, c, _, lines in cells], rows=rows,
                 columns=columns, widths=widths, left=edges[0], right=edges[-1])


def _cell_of(char: dict[str, Any], tables: TableCells) -> tuple[int, int, int] | None:
    """(table index, row, column) of the cell holding the character's centre, if any."""
    x = (float(char["x0"]) + float(char["x1"])) / 2
    y = (float(char["top"]) + float(char["bottom"])) / 2
    for index, (_, cells) in enumerate(tables):
        for row, column, (x0, top, x1, bottom) in cells:
            if x0 <= x <= x1 and top <= y <= bottom:
                return (index, row, column)
    return None


def _text_lines(chars: list[dict[str, Any]]) -> list[Line]:
    if not chars:
        return []
    from pdfplumber.utils import chars_to_textmap

    found = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    return [line for line in map(_line, found) if line.text]


def clean_line_text(text: str) -> str:
    """Text as a person reads it: ligatures expanded, invisible characters and mid-line soft
    hyphens removed, spaces collapsed, unmapped glyphs "(cid:N)" shown as U+FFFD, and words
    of two table columns a justified cell set touching parted ("NHSNatalie", "2020Great")."""
    text = _INVISIBLE.sub("", " ".join(text.split()).translate(_LIGATURES))
    return _GLUED_COLUMNS.sub(" ", _CID.sub("\ufffd", text))


# An acronym or a number run into a capitalised word: no word is written so, but a justified
# table cell's last word and the next column's first are drawn 0.3 pt apart, with no space.
_GLUED_COLUMNS = re.compile(r"(?<=[A-Z]{2})(?=[A-Z][a-z]{2,})|(?<=\d)(?=[A-Z][a-z]{2,})")


def _line(found: dict[str, Any]) -> Line:
    chars = found.get("chars", [])
    sizes = [round(float(c.get("size", 0.0)), 1) for c in chars]
    text = clean_line_text(bracket_note_references(found["text"], chars))
    fonts = [font_family(str(c.get("fontname", ""))) for c in chars if c["text"].strip()]
    return Line(
        text=text, x0=float(found["x0"]), top=float(found["top"]),
        bottom=float(found["bottom"]), size=statistics.mode(sizes) if sizes else 0.0,
        x1=float(found.get("x1", 0.0)), marks=text_marks(text, chars),
        font=statistics.mode(fonts) if fonts else "",
    )


def _mark(char: dict[str, Any]) -> str:
    name = str(char.get("fontname", ""))
    bold = bool(_BOLD_FONT.search(name)) or bool(char.get("overdrawn"))
    italic = bool(_ITALIC_FONT.search(name))
    return "x" if bold and italic else "b" if bold else "i" if italic else "n"


def text_marks(text: str, chars: list[dict[str, Any]]) -> str:
    """One mark per character of a line's cleaned `text` (see `Line.marks`), from the font
    of the glyph it came from. Characters with no glyph of their own (spaces, the brackets
    around a note mark) take the mark before them; a space between two looks is plain."""
    glyphs = [(_CID.sub("\ufffd", _LIGATURE_TEXT.get(c["text"], c["text"])), _mark(c))
              for c in chars if c["text"].strip()]
    marks: list[str] = []
    index = offset = 0
    for character in text:
        mark = marks[-1] if marks else (glyphs[0][1] if glyphs else "n")
        if not character.isspace():
            for ahead in range(index, min(index + 3, len(glyphs))):
                glyph, glyph_mark = glyphs[ahead]
                position = offset if ahead == index else 0
                if glyph[position:position + 1] == character:
                    mark, index, offset = glyph_mark, ahead, position + 1
                    if offset >= len(glyph):
                        index, offset = index + 1, 0
                    break
        marks.append(mark)
    for index, character in enumerate(text):  # a space between two looks is plain
        if character.isspace() and 0 < index < len(text) - 1 \
                and marks[index - 1] != marks[index + 1]:
            marks[index] = "n"
    return "".join(marks)


_FONT_NAMES = {"Helvetica": "Arial", "Times": "Times New Roman", "Courier": "Courier New",
               "ArialMT": "Arial"}


def font_family(name: str) -> str:
    """The family of a PDF font name: "ABCDEF+TimesNewRomanPS-BoldMT" -> "Times New Roman";
    the standard 14 fonts become the fonts Word has (Helvetica -> Arial)."""
    base = re.split(r"[-,]", name.split("+", 1)[-1], maxsplit=1)[0]
    base = re.sub(r"(PS)?MT$|PS$", "", base)
    base = _FONT_NAMES.get(base, base)
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", base)


def bracket_note_references(text: str, chars: list[dict[str, Any]]) -> str:
    """Raised small digits (a footnote mark) written "[12]": "Hughes¹²" would read
    "Hughes12" and "2019³" "20193", and a name or date glued to a number is no longer found.
    Raised letters ("14th") are left alone.

    `text` is pdfplumber's line text for `chars` (in order, plus the spaces it inserted).
    """
    if not chars:
        return text
    size = statistics.mode(round(float(c["size"]), 1) for c in chars)
    baseline = statistics.mode(round(float(c["bottom"]), 1) for c in chars)
    raised = [float(c["size"]) < NOTE_MARK_SIZE * size
              and float(c["bottom"]) < baseline - NOTE_MARK_RAISE * size for c in chars]
    if not any(raised):
        return text
    out: list[str] = []
    index = 0
    in_mark = False
    for char, is_raised in zip(chars, raised, strict=True):
        glyph = _LIGATURE_TEXT.get(char["text"], char["text"])
        if not glyph.strip():  # drawn spaces: the gap before the next glyph holds them
            continue
        position = text.find(glyph, index)
        if position < 0:  # not where expected: leave the line as pdfplumber gave it
            return text
        gap = text[index:position]
        mark = is_raised and glyph.isdigit()
        if in_mark and not mark:
            out.append("]")
        out.append(gap)
        if mark and not in_mark:
            out.append("[")
        out.append(glyph)
        in_mark, index = mark, position + len(glyph)
    if in_mark:
        out.append("]")
    out.append(text[index:])
    return "".join(out)


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
    return joined_lines(lines, known_words)[0]


def joined_lines(lines: list[Line], known_words: set[str] | frozenset[str] = frozenset()
                 ) -> tuple[str, str]:
    """`join_lines` and, beside the text, its marks (one per character, see `Line.marks`)."""
    text = marks = ""
    for line in lines:
        part = line.text
        part_marks = line.marks if len(line.marks) == len(part) else "n" * len(part)
        if not text:
            text, marks = part, part_marks
        elif text.endswith("\u00ad"):
            text, marks = text[:-1] + part, marks[:-1] + part_marks
        elif re.search(r"\d[-\u2013]$", text) and part[:1].isdigit():
            text, marks = text + part, marks + part_marks  # "3-" + "7 March" is "3-7 March"
        elif re.search(r"[^\W\d_]-$", text) and part[:1].isalpha():
            head = re.search(r"([^\W\d_]+)-$", text).group(1)  # type: ignore[union-attr]
            tail = _WORD.match(part)
            joined = head + (tail.group(0) if tail else "")
            if joined.lower() in known_words:
                text, marks = text[:-1], marks[:-1]
            text, marks = text + part, marks + part_marks
        else:
            space = marks[-1] if marks[-1:] == part_marks[:1] else "n"
            text, marks = f"{text} {part}", marks + space + part_marks
    return text, marks


def render(
    document: Document, changes_by_block: dict[str, list[Change]], options: RunOptions
) -> bytes:
    """A DOCX laid out like the PDF (tables, header and footer, headings, bold and italic,
    page size and margins) holding each block's redacted text: see `redactor.io.pdf_docx`."""
    from redactor.io import pdf_docx

    return pdf_docx.render(document, changes_by_block)
