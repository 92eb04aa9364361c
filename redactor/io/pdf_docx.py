"""A PDF draft's redacted text as a DOCX laid out like the PDF.

`render(document, changes_by_block)` writes each block of a PDF draft (see `redactor.io.pdf`)
with its changes made, using the layout the reader measured (`pdf_layout.Layout`):

- ruled tables become Word tables (same rows, columns and column widths, with grid lines);
- the running header and footer become the section's header and footer (a page number in
  them becomes a PAGE field, a page count a NUMPAGES field), not body text;
- headings (larger or bold single lines) get the styles Heading 1-3, sized like the PDF;
- bold and italic runs are kept (a replacement takes the formatting of the text it replaces);
- the page size, margins, font, line pitch and paragraph spacing are the PDF's;
- a paragraph the PDF breaks across pages is joined again.

The result has no document properties (author, title, ...) and fixed dates: deterministic.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import docx as python_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from redactor.io.docx.package import Package
from redactor.io.pdf_layout import Layout, Look
from redactor.model import Block, Change, Document

_FIXED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
_NOT_XML_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ALIGN = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}
_SENTENCE_END = ('.', '!', '?', ':', ';', '"', '\u201d', ')', ']')
_NUMBER = re.compile(r"(?<!\d)\d+(?!\d)")


def redacted(text: str, marks: str, changes: list[Change]) -> tuple[str, str]:
    """A block's text and marks with its changes made, right to left; a replacement takes
    the mark of the first character it replaces (of the one before, for an insertion)."""
    marks = marks if len(marks) == len(text) else "n" * len(text)
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        if text[change.start:change.end] != change.before:
            raise ValueError(
                f"change {change.rule} at {change.block_id}[{change.start}:{change.end}] "
                f"expected {change.before!r} but found {text[change.start:change.end]!r}")
        mark = (marks[change.start:change.start + 1] if change.end > change.start
                else marks[max(change.start - 1, 0):change.start]) or "n"
        text = text[:change.start] + change.after + text[change.end:]
        marks = marks[:change.start] + mark * len(change.after) + marks[change.end:]
    return text, marks


def render(document: Document, changes_by_block: dict[str, list[Change]]) -> bytes:
    """The DOCX of a PDF draft, with every change made (see the module docstring)."""
    layout = document.source if isinstance(document.source, Layout) else Layout()
    word = python_docx.Document()
    _page_setup(word, layout)
    _styles(word, layout)
    running: dict[str, list[Block]] = {}
    tables: dict[str, object] = {}
    previous: tuple[Block, object] | None = None  # the last body paragraph written
    pages_begun: set[int] = set()  # pages whose body text has begun
    for block in document.blocks:
        look = layout.looks.get(block.id, Look("n" * len(block.text)))
        text, marks = redacted(block.text, look.marks, changes_by_block.get(block.id, []))
        text = _NOT_XML_CHARS.sub("", text)
        marks = marks if len(marks) == len(text) else "n" * len(text)
        if block.part in ("header", "footer"):
            running.setdefault(block.part, []).append(block)
            continue
        if block.style == "table" and "/t" in block.id:
            key, cell = block.id.rsplit("/", 1)
            if key not in tables:
                tables[key] = _table(word, layout, key)
            _fill_cell(tables[key], cell, text, marks, look, layout)
            previous = None
            pages_begun.add(block.page or 0)
            continue
        if previous is not None and _continues(previous[0], block, look, text, pages_begun):
            _add_runs(previous[1], " " + text, marks[:1] + marks, look, layout)
            previous = (block, previous[1])
            pages_begun.add(block.page or 0)
            continue
        pages_begun.add(block.page or 0)
        paragraph = word.add_paragraph(style=f"Heading {look.level}" if look.level else None)
        if look.align in _ALIGN:
            paragraph.alignment = _ALIGN[look.align]
        _add_runs(paragraph, text, marks, look, layout)
        previous = (block, paragraph) if not look.level else None
    pages = max((b.page for b in document.blocks if b.page), default=1)
    for kind, blocks in running.items():
        _running(word, kind, blocks, layout, changes_by_block, pages)
    return _saved(word)


def _continues(before: Block, block: Block, look: Look, text: str,
               pages_begun: set[int]) -> bool:
    """The first body paragraph of a page carries on the last one of the page before (the
    PDF broke it at the page's end): it starts in lower case after an unfinished one."""
    return (before.page is not None and block.page == before.page + 1
            and block.page not in pages_begun and not look.level and block.style is None
            and text[:1].islower() and not before.text.rstrip().endswith(_SENTENCE_END))


def _add_runs(paragraph: object, text: str, marks: str, look: Look, layout: Layout) -> None:
    """Runs of equal marks; a line break inside a block becomes a Word line break."""
    size = Pt(look.size) if look.size and not look.level and abs(
        look.size - layout.body_size) > 0.5 else None
    start = 0
    for end in range(1, len(text) + 1):
        if end < len(text) and marks[end] == marks[start]:
            continue
        run = paragraph.add_run(text[start:end])  # type: ignore[attr-defined]
        run.bold = marks[start] in "bx"
        run.italic = marks[start] in "ix"
        if size is not None:
            run.font.size = size
        start = end


# -- tables -----------------------------------------------------------------------------------


def _table(word: python_docx.document.Document, layout: Layout, key: str) -> object:
    rows, columns, widths = layout.tables.get(key, (1, 1, ()))
    table = word.add_table(rows=max(rows, 1), cols=max(columns, 1))
    table.style = word.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    for index, width in enumerate(widths[:len(table.columns)]):
        table.columns[index].width = Pt(width)
        for cell in table.columns[index].cells:
            cell.width = Pt(width)
    return table


def _fill_cell(table: object, cell_id: str, text: str, marks: str, look: Look,
               layout: Layout) -> None:
    found = re.fullmatch(r"r(\d+)c(\d+)", cell_id)
    if found is None:
        return
    row, column = int(found.group(1)) - 1, int(found.group(2)) - 1
    rows = table.rows  # type: ignore[attr-defined]
    if row >= len(rows) or column >= len(rows[row].cells):
        return
    cell = rows[row].cells[column]
    position = 0
    for number, part in enumerate(text.split("\n")):
        paragraph = cell.paragraphs[0] if number == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        if row == 0 and len(rows) > 1:  # the first row (often headings) stays with the next
            paragraph.paragraph_format.keep_with_next = True
        _add_runs(paragraph, part, marks[position:position + len(part)], look, layout)
        position += len(part) + 1


# -- header and footer ------------------------------------------------------------------------


def _running(word: python_docx.document.Document, kind: str, blocks: list[Block],
             layout: Layout, changes_by_block: dict[str, list[Change]], pages: int) -> None:
    """The first page's running lines of one kind as the section's header or footer."""
    first_page = blocks[0].page
    section = word.sections[0]
    story = section.header if kind == "header" else section.footer
    story.is_linked_to_previous = False
    paragraphs = story.paragraphs
    for index, block in enumerate(b for b in blocks if b.page == first_page):
        look = layout.looks.get(block.id, Look("n" * len(block.text)))
        text, marks = redacted(block.text, look.marks, changes_by_block.get(block.id, []))
        paragraph = paragraphs[0] if index == 0 else story.add_paragraph()
        paragraph.style = word.styles["Header" if kind == "header" else "Footer"]
        if look.align in _ALIGN:
            paragraph.alignment = _ALIGN[look.align]
        position = 0
        for start, end, instruction in _fields_in(block, text, blocks, pages):
            _add_runs(paragraph, text[position:start], marks[position:start], look, layout)
            _field(paragraph, instruction, text[start:end], marks[start:start + 1] or "n",
                   look, layout)
            position = end
        _add_runs(paragraph, text[position:], marks[position:], look, layout)


def _fields_in(block: Block, text: str, blocks: list[Block], pages: int
               ) -> list[tuple[int, int, str]]:
    """The page number (PAGE) and page count (NUMPAGES) in a running line, as spans of its
    redacted `text`: the last number that is this page's number where another page's line
    has its own number at the same place, and after it a number that is the page count.
    None when redaction changed the line from there on."""
    original = block.text
    others = [b for b in blocks if b.page is not None and b.page != block.page]
    for found in reversed(list(_NUMBER.finditer(original))):
        if int(found.group()) != block.page:
            continue
        before, after = original[:found.start()], original[found.end():]
        if not any(o.text == f"{before}{o.page}{after}" for o in others):
            continue
        if not text.endswith(original[found.start():]):
            return []
        shift = len(text) - len(original)
        spans = [(found.start() + shift, found.end() + shift, "PAGE")]
        count = next((m for m in _NUMBER.finditer(after) if int(m.group()) == pages), None)
        if count is not None and pages != block.page:
            offset = found.end() + shift
            spans.append((offset + count.start(), offset + count.end(), "NUMPAGES"))
        return spans
    return []


def _field(paragraph: object, instruction: str, result: str, mark: str, look: Look,
           layout: Layout) -> None:
    """A field (PAGE, NUMPAGES): Word and LibreOffice show each page's own value."""
    for kind, text in (("begin", None), (None, f" {instruction} "), ("separate", None),
                       (None, result), ("end", None)):
        run = paragraph.add_run()  # type: ignore[attr-defined]
        run.bold = mark in "bx"
        run.italic = mark in "ix"
        if look.size and abs(look.size - layout.body_size) > 0.5:
            run.font.size = Pt(look.size)
        if kind is not None:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)
        elif text == f" {instruction} ":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
            run._r.append(element)
        else:
            run.text = text or ""


# -- page and styles --------------------------------------------------------------------------


def _page_setup(word: python_docx.document.Document, layout: Layout) -> None:
    page = layout.page
    section = word.sections[0]
    section.page_width, section.page_height = Pt(page.width), Pt(page.height)
    section.top_margin, section.bottom_margin = Pt(page.top), Pt(page.bottom)
    section.left_margin, section.right_margin = Pt(page.left), Pt(page.right)
    section.header_distance, section.footer_distance = Pt(page.header), Pt(page.footer)


def _styles(word: python_docx.document.Document, layout: Layout) -> None:
    """Normal and Heading 1-3 in the PDF's font, sizes and spacing; headings in black."""
    if layout.font:
        _plain_font(word.styles.element.find(qn("w:docDefaults")), layout.font)
    normal = word.styles["Normal"]
    normal.font.size = Pt(layout.body_size)
    if layout.font:
        _plain_font(normal.element, layout.font)
    spacing = normal.paragraph_format
    spacing.space_before, spacing.space_after = Pt(0), Pt(layout.space_after)
    if layout.leading:
        spacing.line_spacing_rule = WD_LINE_SPACING.AT_LEAST
        spacing.line_spacing = Pt(layout.leading)
    for level, size in enumerate(layout.heading_sizes[:3] or [layout.body_size], start=1):
        _heading(word, level, size, layout)
    for level in range(len(layout.heading_sizes) + 1, 4):
        _heading(word, level, layout.body_size, layout)


def _heading(word: python_docx.document.Document, level: int, size: float,
             layout: Layout) -> None:
    style = word.styles[f"Heading {level}"]
    style.font.size = Pt(size)
    style.font.bold = True
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    if layout.font:
        _plain_font(style.element, layout.font)
    before, after = layout.heading_space.get(level, (12.0, 6.0))
    style.paragraph_format.space_before = Pt(before)
    style.paragraph_format.space_after = Pt(after)
    style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE


def _plain_font(element: object, name: str) -> None:
    """Set rFonts to `name`, dropping theme fonts (which would win over it)."""
    if element is None:
        return
    properties = element.find(".//" + qn("w:rPr"))  # type: ignore[attr-defined]
    if properties is None:
        properties = OxmlElement("w:rPr")
        element.append(properties)  # type: ignore[attr-defined]
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def _saved(word: python_docx.document.Document) -> bytes:
    """The package with no properties that could name anyone, fixed dates, no thumbnail."""
    properties = word.core_properties
    properties.author = properties.last_modified_by = properties.title = ""
    properties.comments = ""
    properties.created = properties.modified = _FIXED_TIME
    buffer = io.BytesIO()
    word.save(buffer)
    package = Package.from_bytes(buffer.getvalue())
    package.remove_relationships("", {"thumbnail"})
    package.remove_relationships(package.main_part_name() or "", {"customXml"})
    package.drop_unreachable_parts()
    return package.save()
