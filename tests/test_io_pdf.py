"""PDF input: pages into paragraph blocks, refusals, and the plain DOCX output."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from redactor.errors import InputError
from redactor.io import pdf, read_document
from redactor.io.pdf import Line, group_paragraphs, join_lines
from redactor.model import Change
from tests.pdf_builder import write_raw_pdf

TOP = A4[1]

# A page is a list of (x, y-from-top, text, font size) lines.
PageLines = list[tuple[float, float, str, float]]


def make_pdf(path: Path, pages: list[PageLines], **canvas_options: object) -> Path:
    """Draw each line with Helvetica at the given place (14 pt leading is a normal line)."""
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1, **canvas_options)
    for lines in pages:
        for x, y, text, size in lines:
            drawing.setFont("Helvetica", size)
            drawing.drawString(x, TOP - y, text)
        drawing.showPage()
    drawing.save()
    return path


def body(*texts: str, x: float = 72, start: float = 100, leading: float = 14) -> PageLines:
    """Consecutive 11 pt lines at a normal leading (one paragraph)."""
    return [(x, start + i * leading, text, 11) for i, text in enumerate(texts)]


def texts(path: Path) -> list[str]:
    return [block.text for block in pdf.read(path).blocks]


def test_lines_become_paragraphs_split_by_vertical_gaps(tmp_path: Path) -> None:
    page = [
        *body("Rose O'Neill lived in Hadley with her", "partner and two children."),
        *body("The panel met six times.", start=150),
    ]
    document = pdf.read(make_pdf(tmp_path / "a.pdf", [page, body("Second page.")]))
    assert [(b.id, b.location, b.page, b.text) for b in document.blocks] == [
        ("page1/p1", "page 1, paragraph 1", 1,
         "Rose O'Neill lived in Hadley with her partner and two children."),
        ("page1/p2", "page 1, paragraph 2", 1, "The panel met six times."),
        ("page2/p1", "page 2, paragraph 1", 2, "Second page."),
    ]
    assert document.kind == "pdf"
    assert document.inventory == {"pages": 2, "images": 0, "annotations": 0,
                                  "undecodable_glyphs": 0}
    for block in document.blocks:  # offsets point into Document.text
        assert document.text[block.offset:block.offset + len(block.text)] == block.text


def test_running_header_and_footer_are_blocks_like_any_other(tmp_path: Path) -> None:
    header = (72, 30, "DHR into the death of Rose O'Neill - draft", 8)
    footer = (72, 800, "OFFICIAL SENSITIVE - page 1", 8)
    path = make_pdf(tmp_path / "a.pdf", [[header, *body("Body text here."), footer]])
    assert texts(path) == ["DHR into the death of Rose O'Neill - draft", "Body text here.",
                           "OFFICIAL SENSITIVE - page 1"]


def test_larger_type_is_marked_as_a_heading(tmp_path: Path) -> None:
    page = [(72, 100, "4. Key Findings", 14), *body("Agencies held pieces.", start=118),
            *body("The panel met.", start=150)]
    blocks = pdf.read(make_pdf(tmp_path / "a.pdf", [page])).blocks
    assert [(b.text, b.style) for b in blocks] == [
        ("4. Key Findings", "heading"), ("Agencies held pieces.", None), ("The panel met.", None)]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        pytest.param(body("one line", "and the next"), ["one line and the next"],
                     id="same paragraph"),
        pytest.param([(72, 100, "4. Background", 14), *body("Rose was born.", start=118)],
                     ["4. Background", "Rose was born."], id="heading: font size changes"),
        pytest.param([(90, 100, "First paragraph starts", 11), (72, 114, "and goes on.", 11),
                      (90, 128, "Second paragraph.", 11)],
                     ["First paragraph starts and goes on.", "Second paragraph."],
                     id="first-line indent starts a paragraph"),
        pytest.param(body("a line", "", "after a blank line", leading=14),
                     ["a line", "after a blank line"], id="blank line gap"),
    ],
)
def test_paragraph_grouping(tmp_path: Path, page: PageLines, expected: list[str]) -> None:
    assert texts(make_pdf(tmp_path / "a.pdf", [page])) == expected


def _lines(*texts: str) -> list[Line]:
    return [Line(text, 72.0, 100.0 + 14 * i, 111.0 + 14 * i, 11.0) for i, text in enumerate(texts)]


@pytest.mark.parametrize(
    ("lines", "known", "expected"),
    [
        pytest.param(("was seen by Dr Jen-", "kins on"), {"jenkins"}, "was seen by Dr Jenkins on",
                     id="word broken by hyphenation, whole word known: hyphen dropped"),
        pytest.param(("her ex-", "partner"), set(), "her ex-partner",
                     id="real hyphen kept when the joined word is unknown"),
        pytest.param(("Karen Smith-", "Jones"), {"smith", "jones"}, "Karen Smith-Jones",
                     id="double-barrelled name kept"),
        pytest.param(("in 2018 -", "the panel"), set(), "in 2018 - the panel",
                     id="dash at line end is not a hyphenation"),
        pytest.param(("on 3-", "7 March 2019"), set(), "on 3-7 March 2019",
                     id="a date range broken at its dash"),
        pytest.param(("on 3\u2013", "7 March"), set(), "on 3\u20137 March",
                     id="a range broken at an en dash"),
        pytest.param(("aged 34-", "and over"), set(), "aged 34- and over",
                     id="a dash after a number before a word is left alone"),
        pytest.param(("soft hyph\u00ad", "enation"), set(), "soft hyphenation",
                     id="soft hyphen always dropped"),
    ],
)
def test_join_lines_mends_hyphenation_only_when_safe(
    lines: tuple[str, ...], known: set[str], expected: str
) -> None:
    assert join_lines(_lines(*lines), known) == expected


def test_hyphenated_name_is_joined_when_the_document_has_the_whole_word(tmp_path: Path) -> None:
    page = [*body("Mrs Jenkins was seen by Dr Shah; Mrs Jen-", "kins said she had fallen.")]
    assert texts(make_pdf(tmp_path / "a.pdf", [page])) == [
        "Mrs Jenkins was seen by Dr Shah; Mrs Jenkins said she had fallen."]


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Dr Gri\ufb03n's o\ufb03ce", "Dr Griffin's office"),
        ("Jen\u00adkins  and\u200b Rose", "Jenkins and Rose"),
        ("line ends in a soft hyph\u00ad", "line ends in a soft hyph\u00ad"),
        ("(cid:12)(cid:7) bullet", "\ufffd\ufffd bullet"),
        ("  plain   text ", "plain text"),
    ],
)
def test_clean_line_text(raw: str, clean: str) -> None:
    assert pdf.clean_line_text(raw) == clean


def test_characters_drawn_twice_for_fake_bold_are_read_once(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [[(72, 100, "Rose O'Neill", 11),
                                           (72.3, 100, "Rose O'Neill", 11)]])
    assert texts(path) == ["Rose O'Neill"]


def unmapped_font_pdf(path: Path) -> Path:
    """A hand-written PDF whose font has no Unicode map: pdfminer reads "(cid:65)"..."""
    content = b"BT /F1 12 Tf 72 700 Td <0041004200430044> Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /Unmapped /Encoding /Identity-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unmapped /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 600 >>",
    ]
    return write_raw_pdf(path, objects)


def test_text_that_cannot_be_decoded_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as raised:
        pdf.read(unmapped_font_pdf(tmp_path / "fonts.pdf"))
    assert raised.value.reason.startswith("page 1 has text that cannot be decoded")


def test_pdfminer_warnings_are_not_printed(tmp_path: Path) -> None:
    """Outside pytest (which captures logging), pdfminer's font warnings would reach stderr."""
    path = unmapped_font_pdf(tmp_path / "fonts.pdf")
    script = ("import sys\nfrom redactor.errors import InputError\nfrom redactor.io import pdf\n"
              "try:\n    pdf.read(sys.argv[1])\nexcept InputError:\n    pass\n")
    run = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                         text=True, check=True)
    assert run.stderr == ""


def test_notes_links_and_properties_are_left_out_and_recorded(tmp_path: Path) -> None:
    from reportlab.pdfbase.pdfdoc import PDFString

    path = tmp_path / "a.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.setTitle("DHR into the death of Rose O'Neill")
    drawing.setAuthor("Judith Langley")
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, 700, "See the report.")
    drawing.textAnnotation("Check this with Karen Smith-Jones", Rect=(72, 650, 200, 680),
                           T=PDFString("Susan Okafor"))
    drawing.linkURL("https://example.org/report", (72, 690, 200, 710))
    drawing.save()
    document = pdf.read(path)
    assert document.inventory["annotations"] == 2
    assert [b.text for b in document.blocks] == ["See the report."]
    recorded = {(c.block_id, c.before, c.location) for c in document.scrubbed}
    assert {
        ("props/title", "DHR into the death of Rose O'Neill", "document property Title"),
        ("props/author", "Judith Langley", "document property Author"),
        ("annotation/page1/1", "Susan Okafor | Check this with Karen Smith-Jones",
         "page 1, annotation 1"),
        ("annotation/page1/2", "https://example.org/report", "page 1, annotation 2"),
    } <= recorded
    assert all(c.stage == "scrub" and c.after == "" and c.rule.startswith("pdf.")
               for c in document.scrubbed)
    assert not any(c.before.startswith("ReportLab") for c in document.scrubbed)  # producer


@pytest.mark.parametrize(
    ("before", "raised", "after", "expected"),
    [
        pytest.param("delivered by DS Claire Hughes", "12", " on the wrong day",
                     "delivered by DS Claire Hughes[12] on the wrong day", id="after a name"),
        pytest.param("died on 14 March 2019", "3", ".", "died on 14 March 2019[3].",
                     id="after a year"),
        pytest.param("on 14", "th", " March 2019", "on 14th March 2019",
                     id="raised ordinal letters stay"),
    ],
)
def test_footnote_marks_are_bracketed(
    tmp_path: Path, before: str, raised: str, after: str, expected: str
) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    path = tmp_path / "note.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    x, y = 72.0, TOP - 100
    for text, size, rise in ((before, 11, 0), (raised, 7, 4), (after, 11, 0)):
        drawing.setFont("Helvetica", size)
        drawing.drawString(x, y + rise, text)
        x += stringWidth(text, "Helvetica", size)
    drawing.save()
    assert texts(path) == [expected]


def test_group_paragraphs_orders_lines_top_to_bottom() -> None:
    lower, upper = Line("second", 72, 114, 125, 11), Line("first", 72, 100, 111, 11)
    assert group_paragraphs([lower, upper]) == [[upper, lower]]


def table_pdf(path: Path, rows: list[list[str]], *, ruled: bool = True) -> Path:
    """A paragraph, a table (cells wrap at 200 pt) and a paragraph, as reportlab lays them out."""
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    style = getSampleStyleSheet()["BodyText"]
    table = Table([[Paragraph(cell, style) for cell in row] for row in rows],
                  colWidths=[200] * len(rows[0]))
    if ruled:
        table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black")]))
    SimpleDocTemplate(str(path), pagesize=A4, invariant=1).build(
        [Paragraph("Before the table.", style), table, Paragraph("After the table.", style)])
    return path


CHRONOLOGY = [
    ["Date", "Contact"],
    ["02/01/2019", "Rose saw the locum GP, Dr Amir Shah, about bruising to her left forearm "
                   "and poor sleep; she said she had fallen."],
]


def test_ruled_table_cells_are_blocks_in_reading_order(tmp_path: Path) -> None:
    document = pdf.read(table_pdf(tmp_path / "t.pdf", CHRONOLOGY))
    assert [(b.id, b.location, b.text) for b in document.blocks] == [
        ("page1/p1", "page 1, paragraph 1", "Before the table."),
        ("page1/t1/r1c1", "page 1, table 1, row 1, column 1", "Date"),
        ("page1/t1/r1c2", "page 1, table 1, row 1, column 2", "Contact"),
        ("page1/t1/r2c1", "page 1, table 1, row 2, column 1", "02/01/2019"),
        ("page1/t1/r2c2", "page 1, table 1, row 2, column 2", CHRONOLOGY[1][1]),
        ("page1/p2", "page 1, paragraph 2", "After the table."),
    ]
    assert {b.style for b in document.blocks if "/t1/" in b.id} == {"table"}


def test_an_unruled_table_is_read_as_lines(tmp_path: Path) -> None:
    """Without rulings there is no table to find: each row's line keeps its cells together."""
    blocks = pdf.read(table_pdf(tmp_path / "t.pdf", [["Date", "Agency"]], ruled=False)).blocks
    assert [b.text for b in blocks] == ["Before the table.", "Date Agency", "After the table."]


def test_a_framed_paragraph_is_not_a_table(tmp_path: Path) -> None:
    path = tmp_path / "box.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.rect(60, TOP - 140, 400, 60)
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, TOP - 100, "Rose, in the words of her family.")
    drawing.save()
    assert [(b.id, b.text) for b in pdf.read(path).blocks] == [
        ("page1/p1", "Rose, in the words of her family.")]


# --- refusals -------------------------------------------------------------------------------


def image_png() -> io.BytesIO:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("L", (200, 280), color=200).save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def make_scanned_pdf(path: Path, text_pages: set[int], pages: int) -> Path:
    """Pages in `text_pages` (1-based) have text; the others are a page-sized image only."""
    from reportlab.lib.utils import ImageReader

    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number in range(1, pages + 1):
        if number in text_pages:
            drawing.setFont("Helvetica", 11)
            drawing.drawString(72, TOP - 100, f"Typed page {number}.")
        else:
            drawing.drawImage(ImageReader(image_png()), 0, 0, width=A4[0], height=A4[1])
        drawing.showPage()
    drawing.save()
    return path


@pytest.mark.parametrize(
    ("text_pages", "pages", "reason"),
    [
        ({1, 3, 4}, 5, "pages 2, 5 have no text layer (scanned?); run OCR first"),
        ({2}, 2, "page 1 has no text layer (scanned?); run OCR first"),
        (set(), 1, "page 1 has no text layer (scanned?); run OCR first"),
    ],
)
def test_scanned_pages_are_named(
    tmp_path: Path, text_pages: set[int], pages: int, reason: str
) -> None:
    path = make_scanned_pdf(tmp_path / "scan.pdf", text_pages, pages)
    with pytest.raises(InputError) as raised:
        pdf.read(path)
    assert raised.value.reason == reason
    assert raised.value.path == str(path)


def test_a_page_sized_image_with_a_stamp_of_text_counts_as_scanned(tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader

    path = tmp_path / "stamped.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.drawImage(ImageReader(image_png()), 0, 0, width=A4[0], height=A4[1])
    drawing.setFont("Helvetica", 8)
    drawing.drawString(72, 20, "Page 1 of 1")
    drawing.save()
    with pytest.raises(InputError, match="page 1 has no text layer"):
        pdf.read(path)


def test_a_small_image_beside_text_is_counted_not_refused(tmp_path: Path) -> None:
    from reportlab.lib.utils import ImageReader

    path = tmp_path / "genogram.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, TOP - 100, "Figure 1: genogram.")
    drawing.drawImage(ImageReader(image_png()), 72, 400, width=100, height=140)
    drawing.save()
    document = pdf.read(path)
    assert [b.text for b in document.blocks] == ["Figure 1: genogram."]
    assert document.inventory["images"] == 1


@pytest.mark.parametrize(("shapes", "refused"), [(40, True), (3, False)])
def test_a_page_of_drawn_shapes_without_text_is_refused(
    tmp_path: Path, shapes: int, refused: bool
) -> None:
    """Text converted to outlines looks like many curves; a rule or two is just a blank page."""
    path = tmp_path / "outlines.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.setFont("Helvetica", 11)
    drawing.drawString(72, TOP - 100, "Typed page.")
    drawing.showPage()
    for i in range(shapes):
        drawing.bezier(72 + 10 * i, 500, 75 + 10 * i, 520, 78 + 10 * i, 480, 80 + 10 * i, 500)
    drawing.showPage()
    drawing.save()
    if refused:
        with pytest.raises(InputError, match="page 2 has no text layer"):
            pdf.read(path)
    else:
        assert texts(path) == ["Typed page."]


def test_blank_page_between_text_pages_is_fine(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "a.pdf", [body("One."), [], body("Three.")])
    assert [(b.id, b.text) for b in pdf.read(path).blocks] == [
        ("page1/p1", "One."), ("page3/p1", "Three.")]


def encrypted(path: Path, user_password: str) -> Path:
    from reportlab.lib import pdfencrypt

    encrypt = pdfencrypt.StandardEncryption(user_password, ownerPassword="owner",
                                            canPrint=0, canCopy=0)
    return make_pdf(path, [body("Secret text.")], encrypt=encrypt)


def truncated(path: Path) -> Path:
    data = make_pdf(path, [body("Some text.")] * 3).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def damaged(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\nnonsense\n%%EOF\n")
    return path


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        pytest.param(lambda p: encrypted(p, "secret"), "the PDF is encrypted", id="password"),
        pytest.param(lambda p: encrypted(p, ""), "the PDF is encrypted",
                     id="no password but restricted: still /Encrypt"),
        pytest.param(truncated, "the PDF is truncated or damaged", id="truncated"),
        pytest.param(damaged, "the PDF is damaged and cannot be read", id="damaged"),
        pytest.param(lambda p: make_pdf(p, [[], []]), "the PDF has no text", id="no text"),
    ],
)
def test_unreadable_pdfs_are_refused(tmp_path: Path, make, reason: str) -> None:
    path = make(tmp_path / "bad.pdf")
    with pytest.raises(InputError) as raised:
        read_document(path)
    assert raised.value.reason.startswith(reason)
    assert raised.value.path == str(path)


def test_a_good_pdf_is_not_refused_by_the_same_checks(tmp_path: Path) -> None:
    assert texts(make_pdf(tmp_path / "good.pdf", [body("Fine.")])) == ["Fine."]


@pytest.mark.parametrize(
    ("prefix", "readable"),
    [
        pytest.param(b"", True, id="header first"),
        pytest.param(b"\xef\xbb\xbf\r\n", True, id="a few bytes before the header"),
        pytest.param(b"x" * 2000, False, id="no header in the first 1024 bytes"),
    ],
)
def test_pdf_header_may_follow_a_few_bytes(tmp_path: Path, prefix: bytes, readable: bool) -> None:
    data = make_pdf(tmp_path / "src.pdf", [body("Fine.")]).read_bytes()
    path = tmp_path / "a.pdf"
    path.write_bytes(prefix + data)
    if readable:
        assert [b.text for b in read_document(path).blocks] == ["Fine."]
    else:
        with pytest.raises(InputError, match="not a PDF file"):
            read_document(path)


# --- output ---------------------------------------------------------------------------------


def test_render_writes_each_block_redacted_into_a_plain_docx(tmp_path: Path) -> None:
    page = [(72, 30, "DHR Rose O'Neill", 8), *body("Rose met Daniel Marsh", "in 2014.")]
    document = pdf.read(make_pdf(tmp_path / "a.pdf", [page]))
    header, paragraph = document.blocks
    changes = {
        header.id: [Change(header.id, 4, 16, "Rose O'Neill", "Anna", "pseudonyms", "r", "x")],
        paragraph.id: [
            Change(paragraph.id, 0, 4, "Rose", "Anna", "pseudonyms", "r", "x"),
            Change(paragraph.id, 9, 21, "Daniel Marsh", "[Person 2]", "pseudonyms", "r", "x"),
        ],
    }
    output = pdf.render(document, changes, None)  # type: ignore[arg-type]
    paragraphs = [p.text for p in docx.Document(io.BytesIO(output)).paragraphs]
    assert paragraphs == ["DHR Anna", "Anna met [Person 2] in 2014."]
    assert output == pdf.render(document, changes, None)  # type: ignore[arg-type]


# --- layout of the DOCX made from a PDF draft ------------------------------------------------

W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def laid_out_pdf(path: Path, pagesize: tuple[float, float] = A4,
                 footer: str = "OFFICIAL SENSITIVE - page {page}") -> Path:
    """Two pages: a running header and footer (with the page number), a large title, a
    section heading, a bold line, bold and italic words, a ruled table, and a paragraph the
    page break cuts in two."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import (
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    body = ParagraphStyle("body", fontName="Helvetica", fontSize=11, leading=14,
                          spaceAfter=8)
    title = ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=18, leading=22,
                           alignment=1, spaceAfter=10)
    section = ParagraphStyle("section", fontName="Helvetica-Bold", fontSize=14, leading=17,
                             spaceBefore=12, spaceAfter=6)

    def running(canvas, document) -> None:
        canvas.setFont("Helvetica", 8)
        canvas.drawString(50, pagesize[1] - 30, "DHR into the death of Rose O'Neill")
        canvas.drawString(50, 25, footer.format(page=document.page))

    table = Table([["Date", "Agency"], ["2 January 2019", "Larkfield Surgery"],
                   ["11 February 2019", "Northshire Police"]], colWidths=[120, 200])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"),
                               ("FONT", (0, 0), (-1, -1), "Helvetica", 11)]))
    story = [
        Paragraph("Overview Report: Rose O'Neill", title),
        Paragraph("1. Introduction", section),
        Paragraph("Rose O'Neill lived in <b>Hadley</b> with her <i>partner</i> Daniel Marsh. "
                  + "The review looked at the contact agencies had with them. " * 3, body),
        Paragraph("<b>Key agency contacts</b>", body),
        table,
        Spacer(1, 12),
        Paragraph("The panel thanks the family of Rose O'Neill, who met the chair and "
                  "whose", body),
        PageBreak(),
        Paragraph("account shaped this review.", body),
        Paragraph("Rose was forty-one.", body),
    ]
    SimpleDocTemplate(str(path), pagesize=pagesize, invariant=1, leftMargin=60,
                      rightMargin=50, topMargin=70, bottomMargin=65).build(
        story, onFirstPage=running, onLaterPages=running)
    return path


def rendered_docx(path: Path, replace: dict[str, str] | None = None) -> docx.document.Document:
    document = pdf.read(path)
    changes: dict[str, list[Change]] = {}
    for block in document.blocks:
        for before, after in (replace or {}).items():
            start = block.text.find(before)
            while start >= 0:
                changes.setdefault(block.id, []).append(Change(
                    block.id, start, start + len(before), before, after, "pseudonyms", "r", "x"))
                start = block.text.find(before, start + len(before))
    return docx.Document(io.BytesIO(pdf.render(document, changes, None)))  # type: ignore[arg-type]


def test_running_header_and_footer_become_header_and_footer(tmp_path: Path) -> None:
    path = laid_out_pdf(tmp_path / "a.pdf")
    blocks = pdf.read(path).blocks
    assert [(b.part, b.text) for b in blocks if b.part != "body"] == [
        ("header", "DHR into the death of Rose O'Neill"),
        ("footer", "OFFICIAL SENSITIVE - page 1"),
        ("header", "DHR into the death of Rose O'Neill"),
        ("footer", "OFFICIAL SENSITIVE - page 2")]
    word = rendered_docx(path, {"Rose O'Neill": "Anna"})
    section = word.sections[0]
    assert [p.text for p in section.header.paragraphs] == ["DHR into the death of Anna"]
    footer = section.footer.paragraphs[0]
    assert footer.text == "OFFICIAL SENSITIVE - page 1"
    instructions = [e.text for e in footer._p.iter(f"{W_NS}instrText")]
    assert instructions == [" PAGE "]  # each page shows its own number
    body = "\n".join(p.text for p in word.paragraphs)
    assert "OFFICIAL" not in body and "DHR into" not in body


def test_page_number_and_count_become_fields(tmp_path: Path) -> None:
    word = rendered_docx(laid_out_pdf(tmp_path / "a.pdf", footer="Page {page} of 2 - 2019"))
    footer = word.sections[0].footer.paragraphs[0]
    assert footer.text == "Page 1 of 2 - 2019"
    assert [e.text for e in footer._p.iter(f"{W_NS}instrText")] == [" PAGE ", " NUMPAGES "]


def test_ruled_table_stays_a_table(tmp_path: Path) -> None:
    word = rendered_docx(laid_out_pdf(tmp_path / "a.pdf"))
    assert len(word.tables) == 1
    table = word.tables[0]
    assert [[c.text for c in row.cells] for row in table.rows] == [
        ["Date", "Agency"], ["2 January 2019", "Larkfield Surgery"],
        ["11 February 2019", "Northshire Police"]]
    assert [round(c.width.pt) for c in table.rows[0].cells] == [120, 200]
    assert table.style.name == "Table Grid"
    assert not any("Larkfield" in p.text for p in word.paragraphs)


def test_headings_bold_and_italic_are_kept(tmp_path: Path) -> None:
    word = rendered_docx(laid_out_pdf(tmp_path / "a.pdf"), {"Hadley": "[location]"})
    styled = [(p.style.name, p.text) for p in word.paragraphs if p.text]
    assert styled[:4] == [
        ("Heading 1", "Overview Report: Rose O'Neill"), ("Heading 2", "1. Introduction"),
        ("Normal", "Rose O'Neill lived in [location] with her partner Daniel Marsh. "
         + "The review looked at the contact agencies had with them. " * 2
         + "The review looked at the contact agencies had with them."),
        ("Heading 3", "Key agency contacts")]
    assert word.paragraphs[0].alignment == 1  # centred like the title in the PDF
    runs = [(r.text, bool(r.bold), bool(r.italic)) for r in word.paragraphs[2].runs]
    assert ("[location]", True, False) in runs  # a replacement keeps the bold it replaced
    assert ("partner", False, True) in runs
    assert word.styles["Heading 1"].font.size.pt == 18
    assert word.styles["Heading 2"].font.size.pt == 14
    assert word.styles["Normal"].font.size.pt == 11


def test_a_paragraph_cut_by_the_page_break_is_joined(tmp_path: Path) -> None:
    word = rendered_docx(laid_out_pdf(tmp_path / "a.pdf"))
    texts = [p.text for p in word.paragraphs if p.text]
    assert ("The panel thanks the family of Rose O'Neill, who met the chair and whose "
            "account shaped this review.") in texts
    assert "Rose was forty-one." in texts


@pytest.mark.parametrize(("pagesize", "twips"), [(A4, (11906, 16838)), ((612, 792),
                                                                        (12240, 15840))])
def test_page_size_and_margins_are_the_pdfs(tmp_path: Path, pagesize, twips) -> None:
    section = rendered_docx(laid_out_pdf(tmp_path / "a.pdf", pagesize)).sections[0]
    assert (section.page_width.twips, section.page_height.twips) == pytest.approx(twips, abs=2)
    # reportlab's frame pads its text by 6 pt: the text starts at 66 pt
    assert section.left_margin.pt == pytest.approx(66, abs=1)
    assert 56 <= section.right_margin.pt <= 99  # ragged right: at least the real 56 pt
    assert section.top_margin.pt == pytest.approx(78, abs=3)  # the title's tallest letter
    assert section.header_distance.pt == pytest.approx(22, abs=2)
    assert section.footer_distance.pt == pytest.approx(23, abs=2)


def test_the_bundled_pdf_draft_keeps_its_layout() -> None:
    from tests.conftest import CORPUS

    word = rendered_docx(CORPUS / "northshire" / "executive_summary.pdf")
    section = word.sections[0]
    assert (section.page_width.twips, section.page_height.twips) == pytest.approx(
        (11906, 16838), abs=2)
    assert len(word.tables) == 1 and len(word.tables[0].rows) == 4
    assert section.header.paragraphs[0].text.startswith("Safer Northshire Partnership - DHR")
    assert section.footer.paragraphs[0].text == "OFFICIAL SENSITIVE - DRAFT - page 1"
    assert not any("OFFICIAL SENSITIVE" in p.text for p in word.paragraphs)
    assert sum(p.style.name.startswith("Heading") for p in word.paragraphs) == 8


@pytest.mark.parametrize(("text", "fonts", "marks"), [
    ("Rose met Dan", ["R"] * 4 + ["B"] * 3 + ["I"] * 3, "nnnnnbbbniii"),
    ("Key agency", ["B"] * 9, "bbbbbbbbbb"),
    ("office", ["R", "B", "B", "R"], "nbbbbn"),  # "ﬃ" one glyph, three letters
    ("Hughes[12] on", ["R"] * 6 + ["B", "B"] + ["R"] * 2, "nnnnnnnbbbnnn"),
])
def test_marks_follow_the_glyphs_they_come_from(text: str, fonts: list[str], marks: str
                                                ) -> None:
    names = {"R": "Helvetica", "B": "Helvetica-Bold", "I": "Helvetica-Oblique"}
    glyph_texts = list(text.replace(" ", "").replace("[", "").replace("]", ""))
    if text == "office":
        glyph_texts = ["o", "\ufb03", "c", "e"]
    chars = [{"text": g, "fontname": names[f]} for g, f in zip(glyph_texts, fonts,
                                                                strict=True)]
    assert pdf.text_marks(text, chars) == marks[:len(text)]


def test_the_laid_out_docx_is_deterministic(tmp_path: Path) -> None:
    document = pdf.read(laid_out_pdf(tmp_path / "a.pdf"))
    again = pdf.read(laid_out_pdf(tmp_path / "b.pdf"))
    assert pdf.render(document, {}, None) == pdf.render(again, {}, None)  # type: ignore[arg-type]


@pytest.mark.parametrize(("line", "expected"), [
    # a justified cell's last word touches the next column's first (0.3 pt, no space drawn)
    ("Great Western Hospitals NHSNatalie attended", "Great Western Hospitals NHS Natalie attended"),
    ("May 2020Great Western Hospitals", "May 2020 Great Western Hospitals"),
    # words written so stay
    ("PDFs, the DfE, McDonald, an MPhil, CAMHS", "PDFs, the DfE, McDonald, an MPhil, CAMHS"),
])
def test_words_of_touching_columns_are_parted(line: str, expected: str) -> None:
    from redactor.io.pdf import clean_line_text

    assert clean_line_text(line) == expected
