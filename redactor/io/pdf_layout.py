"""The layout of a PDF draft, as its reader measures it and the DOCX writer uses it: text
lines, pages and ruled tables (`Line`, `Page`, `Table`), how each block looks (`Look`), page
size and margins (`PageSetup`), and the whole (`Layout`, kept as `Document.source`); with the
measurements made from the pages (running header and footer, heading sizes and levels,
alignment, margins, spacing). `redactor.io.pdf` reads, `redactor.io.pdf_docx` writes.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from redactor.model import Block

SIZE_CHANGE = 1.0  # points: a change of font size starts a paragraph (headings)
RUNNING_BAND = 0.1  # running headers and footers sit in this share of the page's top/bottom
MAX_HEADING_LEVEL = 3
BOLD_HEADING_CHARS = 120  # a single bold line of body size up to this long is a heading
INDENT_POINTS = 12.0  # a centred line starts at least this far inside the text column
CENTRE_TOLERANCE = 8.0  # points: how far off the column's middle a centred line may be
RAGGED_RIGHT = 1.5  # a right margin this many times the left is taken to be the left's
MIN_MARGIN = 18.0  # points: margins are never made narrower than this
MIN_EDGE = 9.0  # points: nor the header's and footer's distance from the page edge
A4_POINTS = (595.2756, 841.8898)
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class Line:
    """One text line of a page, as pdfplumber sees it."""

    text: str
    x0: float
    top: float
    bottom: float
    size: float
    x1: float = 0.0
    marks: str = ""  # one letter per character of `text`: n(ormal), b(old), i(talic), x (both)
    font: str = ""  # the font family most of the line is set in ("Helvetica", "Arial")

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, self.size, 1.0)

    @property
    def bold(self) -> bool:
        letters = [m for t, m in zip(self.text, self.marks, strict=False) if not t.isspace()]
        return bool(letters) and all(m in "bx" for m in letters)




@dataclass(frozen=True)
class Table:
    """A ruled table: where it starts, and each non-empty cell's lines (1-based row, column);
    its number of rows and columns and the columns' widths (points)."""

    top: float
    cells: list[tuple[int, int, list[Line]]]
    rows: int = 0
    columns: int = 0
    widths: tuple[float, ...] = ()
    left: float = 0.0
    right: float = 0.0


@dataclass(frozen=True)
class Page:
    """A page's text lines outside tables, its tables, and whether it can be checked."""

    lines: list[Line]
    tables: list[Table] = field(default_factory=list)
    scanned: bool = False
    undecodable: bool = False
    width: float = 0.0
    height: float = 0.0
    running: list[tuple[str, Line]] = field(default_factory=list)  # ("header"|"footer", line)

    @property
    def all_lines(self) -> list[Line]:
        return self.lines + [line for t in self.tables for _, _, lines in t.cells
                             for line in lines]


@dataclass(frozen=True)
class Look:
    """How a block looks in the PDF: per-character marks (see `Line.marks`), heading level
    (0 for body text), font size (points) and alignment ("left", "center", "right")."""

    marks: str
    level: int = 0
    size: float = 0.0
    align: str = "left"
    first_top: float = 0.0  # where its first and last lines sit on the page (points)
    last_top: float = 0.0
    lines: int = 1


@dataclass(frozen=True)
class PageSetup:
    """Page size and margins in points (of the first page), and where the running header's
    top and footer's bottom sit (distance from the page edge)."""

    width: float = A4_POINTS[0]
    height: float = A4_POINTS[1]
    top: float = 72.0
    right: float = 72.0
    bottom: float = 72.0
    left: float = 72.0
    header: float = 36.0
    footer: float = 36.0


@dataclass
class Layout:
    """What the DOCX writer needs besides the text: `Document.source` of a PDF draft."""

    body_size: float = 11.0
    heading_sizes: list[float] = field(default_factory=list)  # largest first: Heading 1, 2..
    looks: dict[str, Look] = field(default_factory=dict)  # block id -> look
    tables: dict[str, tuple[int, int, tuple[float, ...]]] = field(default_factory=dict)
    page: PageSetup = field(default_factory=PageSetup)
    font: str = ""
    column: tuple[float, float] = (0.0, 0.0)  # where body lines start and end, at the most
    leading: float = 0.0  # points from one body line to the next
    space_after: float = 0.0  # extra points between body paragraphs
    heading_space: dict[int, tuple[float, float]] = field(default_factory=dict)
    """Heading level -> (points above, points below) beyond the lines themselves."""


LINE_HEIGHT = 1.15  # a line of type is about this many times its size high (Arial, Calibri)
DEFAULT_HEADING_SPACE = (12.0, 6.0)


def measure_spacing(blocks: list[Block], layout: Layout) -> None:
    """Line pitch and paragraph spacing of the body and of each heading level, measured
    between neighbouring paragraphs of the same page (medians; defaults when none)."""
    looks = [(index, b, layout.looks[b.id]) for index, b in enumerate(blocks)
             if b.id in layout.looks and b.style != "table" and b.part == "body"]
    pitches = [(look.last_top - look.first_top) / (look.lines - 1) for _, _, look in looks
               if look.lines > 1 and not look.level]
    layout.leading = statistics.median(pitches) if pitches else layout.body_size * 1.2
    pairs = [(a, b) for (i, block_a, a), (j, block_b, b) in zip(looks, looks[1:], strict=False)
             if j == i + 1 and block_a.page == block_b.page and b.first_top > a.last_top]
    gaps = [b.first_top - a.last_top for a, b in pairs if not a.level and not b.level]
    layout.space_after = _clamped(statistics.median(gaps) - layout.leading
                                  if gaps else 0.0, 3 * layout.body_size)
    for level in {look.level for _, _, look in looks if look.level}:
        above = [b.first_top - a.last_top - layout.leading - layout.space_after
                 for a, b in pairs if not a.level and b.level == level]
        below = [b.first_top - a.last_top - a.size * LINE_HEIGHT
                 for a, b in pairs if a.level == level and not b.level]
        layout.heading_space[level] = (
            _clamped(statistics.median(above), 4 * layout.body_size) if above
            else DEFAULT_HEADING_SPACE[0],
            _clamped(statistics.median(below), 4 * layout.body_size) if below
            else DEFAULT_HEADING_SPACE[1])


def _clamped(value: float, most: float) -> float:
    return round(min(max(value, 0.0), most), 1)


def running_lines(pages: list[Page]) -> dict[int, list[tuple[str, Line]]]:
    """Lines repeated near the top or bottom of most pages: the running header and footer.

    A line counts when, with its digits ignored (page numbers), the same text sits in the
    top or bottom `RUNNING_BAND` of the page on at least half the pages, and on two or more.
    Returns, per page number, ("header" | "footer", line).
    """
    if len(pages) < 2:
        return {}
    seen: dict[tuple[str, str], set[int]] = {}
    for number, page in enumerate(pages, 1):
        for kind, line in _in_bands(page):
            seen.setdefault((kind, _DIGITS.sub("#", line.text.lower())), set()).add(number)
    repeated = {key for key, numbers in seen.items()
                if len(numbers) >= max(2, (len(pages) + 1) // 2)}
    found: dict[int, list[tuple[str, Line]]] = {}
    for number, page in enumerate(pages, 1):
        for kind, line in _in_bands(page):
            if (kind, _DIGITS.sub("#", line.text.lower())) in repeated:
                found.setdefault(number, []).append((kind, line))
    return found


def _in_bands(page: Page) -> list[tuple[str, Line]]:
    if not page.height:
        return []
    band = RUNNING_BAND * page.height
    return [("header" if line.bottom < band else "footer", line) for line in page.lines
            if line.bottom < band or line.top > page.height - band]


def heading_sizes(pages: list[Page], body_size: float) -> list[float]:
    """The font sizes of headings (larger than the body's), largest first."""
    return sorted({round(line.size) for page in pages for line in page.lines
                   if line.size > body_size + SIZE_CHANGE}, reverse=True)


def heading_level(lines: list[Line], body_size: float, sizes: list[float]) -> int:
    """1, 2, 3 for a heading by its size (largest first), a single bold line of body size
    next; 0 for body text. Level 3 is the lowest."""
    size = round(statistics.median(line.size for line in lines))
    if body_size and size > body_size + SIZE_CHANGE:
        return min((sizes.index(size) + 1) if size in sizes else 1, MAX_HEADING_LEVEL)
    if len(lines) == 1 and lines[0].bold and len(lines[0].text) <= BOLD_HEADING_CHARS \
            and abs(size - body_size) <= SIZE_CHANGE and not lines[0].text.endswith(":"):
        return min(len(sizes) + 1, MAX_HEADING_LEVEL)
    return 0


def alignment(lines: list[Line], column: tuple[float, float]) -> str:
    """"center" when every line is centred on the text column, "right" when every line
    ends at its right edge and starts well inside; else "left"."""
    left, right = column
    if right <= left or not lines:
        return "left"
    middle = (left + right) / 2
    if all(line.x0 - left > INDENT_POINTS and abs((line.x0 + line.x1) / 2 - middle)
           <= CENTRE_TOLERANCE for line in lines):
        return "center"
    if all(line.x0 - left > INDENT_POINTS * 4 and right - line.x1 <= CENTRE_TOLERANCE
           for line in lines):
        return "right"
    return "left"


def page_setup(pages: list[Page]) -> PageSetup:
    """The first page's size; margins from where text sits on every page (not narrower than
    `MIN_MARGIN`); the running header's and footer's distance from the page edges."""
    first = pages[0]
    if not first.width:
        return PageSetup()
    body = [(page, line) for page in pages for line in page.all_lines
            if line.x1 <= page.width]  # text running off the page says nothing of margins
    tables = [(page, table) for page in pages for table in page.tables]
    if not body:
        return PageSetup(first.width, first.height)
    left = min(line.x0 for _, line in body)
    right = max([line.x1 for _, line in body] + [t.right for _, t in tables])
    left = min([left] + [t.left for _, t in tables])
    top = min(line.top for _, line in body)
    bottom = min(page.height - line.bottom for page, line in body)
    headers = [line.top for page in pages for kind, line in page.running if kind == "header"]
    footers = [page.height - line.bottom for page in pages for kind, line in page.running
               if kind == "footer"]
    right_margin = first.width - right
    if right_margin > RAGGED_RIGHT * left:  # short lines only: the text column is unknown
        right_margin = left
    return PageSetup(
        width=first.width, height=first.height, top=max(top, MIN_MARGIN),
        right=max(right_margin, MIN_MARGIN), bottom=max(bottom, MIN_MARGIN),
        left=max(left, MIN_MARGIN), header=max(min(headers, default=top / 2), MIN_EDGE),
        footer=max(min(footers, default=bottom / 2), MIN_EDGE))


