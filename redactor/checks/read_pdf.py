"""Read a PDF for the check with pdfplumber: page text, metadata (the Info dictionary and
XMP), annotations (comments, link targets) and images."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from lxml import etree

from redactor.checks.config import CheckConfig, names_no_one
from redactor.checks.inspection import Inspection, Mark, Unit, local_name, safe_xml
from redactor.errors import InputError

PDF_CONTENT_METADATA = {"Title", "Subject", "Keywords"}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_CONTENT = {"title", "description", "subject", "Keywords"}
XMP_PERSONAL = {"creator", "Author", "LastModifiedBy", "CreatorName"}


def read_pdf(path: Path, config: CheckConfig) -> Inspection:
    import pdfplumber

    units: list[Unit] = []
    marks: list[Mark] = []
    try:
        with pdfplumber.open(path) as pdf:
            for key, value in (pdf.metadata or {}).items():
                if isinstance(value, str) and value.strip():
                    units.append(Unit(f"metadata#{key}", value, "in the PDF's properties",
                                      content=key in PDF_CONTENT_METADATA))
                    if key in config.personal_properties | {"Author"} \
                            and not names_no_one(value.strip(), config):
                        marks.append(Mark("HIDDEN004", f"metadata#{key}",
                                          {"name": key, "value": value.strip()}))
            _pdf_xmp(pdf.doc.catalog.get("Metadata"), units, marks, config)
            _pdf_outline(pdf.doc, units)
            _pdf_attachments(pdf.doc.catalog, marks)
            for number, page in enumerate(pdf.pages, start=1):
                text = page_text(page)
                if text.strip():
                    units.append(Unit(f"page{number}", text, f"on page {number}",
                                      title_page=number == 1, first_line=1, page=number))
                for index, annot in enumerate(page.annots or []):
                    _pdf_annotation(units, marks, number, index, annot)
                if page.images:
                    marks.append(Mark("HIDDEN006", f"page{number}",
                                      {"name": f"{len(page.images)} image(s) on page {number}"}))
    except InputError:
        raise
    except Exception as error:  # noqa: BLE001 - pdfminer raises many types for bad files
        causes = [error, *getattr(error, "args", ()), error.__context__]
        if any("password" in type(cause).__name__.lower() for cause in causes):
            raise InputError(path, "the PDF is password-protected; remove the password and "
                             "try again") from None
        raise InputError(path, f"cannot read the PDF ({type(error).__name__}: {error})") from None
    if not any(u.page for u in units):
        raise InputError(path, "the PDF has no text layer (scanned?); it cannot be checked")
    return Inspection(path, "pdf", units, marks)


def _pdf_outline(document: Any, units: list[Unit]) -> None:
    """The bookmarks (outline) a reader sees in the side panel: text like any other."""
    try:
        outline = list(document.get_outlines())
    except Exception:  # noqa: BLE001 - no outline (PDFNoOutlines) or a broken one
        return
    for index, entry in enumerate(outline):
        title = entry[1] if len(entry) > 1 else None
        if isinstance(title, bytes):
            title = title.decode("utf-16" if title[:2] in (b"\xfe\xff", b"\xff\xfe")
                                 else "latin-1", errors="replace")
        if isinstance(title, str) and title.strip():
            units.append(Unit(f"outline#{index}", title, "in the PDF's bookmarks"))


def _pdf_attachments(catalog: Any, marks: list[Mark]) -> None:
    """Files attached to the PDF (its EmbeddedFiles name tree): never read, never published."""
    from pdfminer.pdftypes import resolve1

    names = resolve1(catalog.get("Names")) or {}
    files = resolve1(names.get("EmbeddedFiles")) if isinstance(names, dict) else None
    if files:
        entries = resolve1(files.get("Names")) or []
        label = ", ".join(str(resolve1(n), "latin-1") if isinstance(resolve1(n), bytes)
                          else str(resolve1(n)) for n in entries[0::2]) or "attached files"
        marks.append(Mark("HIDDEN005", "attachments", {"name": label}))


COLUMN_GAP = 1.5  # a gap wider than this many font sizes parts two table cells on a line
CELL_SEPARATOR = " | "  # between cells: nothing is read across them ("2 | March 2019")


def page_text(page: Any) -> str:
    """The page's text as `extract_text` gives it, except that words a column gap apart
    (table cells drawn on one line) are parted by `CELL_SEPARATOR`, not one space."""
    return "\n".join(_parted(line["text"], line.get("chars") or [])
                     for line in page.extract_text_lines(return_chars=True))


def _parted(text: str, chars: list[dict[str, Any]]) -> str:
    """`text` (a line) with each space between two characters more than `COLUMN_GAP` font
    sizes apart replaced by `CELL_SEPARATOR`. The line's visible characters are its chars in
    order; when they do not match (an unusual PDF), the line is left as it is."""
    inked = [c for c in chars if c["text"].strip()]
    if "".join(c["text"] for c in inked) != "".join(text.split()):
        return text
    out, index = [], 0  # index: visible characters of `text` seen so far
    for piece in re.split(r"(\s+)", text):
        if piece and piece.isspace() and 0 < index < len(inked):
            before, after = inked[index - 1], inked[index]
            size = max(float(before.get("size") or 0), float(after.get("size") or 0), 1.0)
            out.append(CELL_SEPARATOR if after["x0"] - before["x1"] > COLUMN_GAP * size
                       else piece)
        else:
            out.append(piece)
            index += len(piece) if not piece.isspace() else 0
    return "".join(out)


def _pdf_xmp(reference: Any, units: list[Unit], marks: list[Mark], config: CheckConfig) -> None:
    """The XMP metadata stream (Word's "Save as PDF" writes the author there as dc:creator)."""
    from pdfminer.pdftypes import resolve1

    stream = resolve1(reference)
    if stream is None or not hasattr(stream, "get_data"):
        return
    data = stream.get_data()
    where = "in the PDF's XMP metadata"
    try:
        root = safe_xml(data)
    except etree.XMLSyntaxError:  # still searched for known names, as raw text
        units.append(Unit("xmp", data.decode("utf-8", "replace"), where, content=False))
        return
    for element in root.iter():
        text = (element.text or "").strip() if isinstance(element.tag, str) else ""
        if not text:
            continue
        name = _xmp_property(element)
        units.append(Unit(f"xmp#{name}", text, where, content=name in XMP_CONTENT))
        if name in config.personal_properties | XMP_PERSONAL \
                and not names_no_one(text, config):
            marks.append(Mark("HIDDEN004", f"xmp#{name}", {"name": name, "value": text}))


def _xmp_property(element: Any) -> str:
    """The property an XMP value belongs to: `creator` for dc:creator/rdf:Seq/rdf:li."""
    while element is not None and etree.QName(element).namespace == RDF:
        element = element.getparent()
    return local_name(element.tag) if element is not None else "xmp"


def _pdf_annotation(units: list[Unit], marks: list[Mark], page: int, index: int,
                    annot: dict[str, Any]) -> None:
    location = f"page{page}/annotation{index}"
    uri = annot.get("uri")
    if uri:
        units.append(Unit(location, str(uri), f"in a link on page {page}"))
    contents = annot.get("contents")
    if contents and str(contents).strip():
        units.append(Unit(location, str(contents), f"in a comment on page {page}"))
        marks.append(Mark("HIDDEN001", location, {"author": str(annot.get("title") or "")}))


