"""Read a final file for the check, independently of `redactor.io`.

The check must not trust the redaction code path, so it reads the file itself, like Word's
Document Inspector: a DOCX is opened as a zip and the text of every XML part is read with
lxml (paragraph text with deleted text, field codes and hidden text; attribute values such
as image descriptions and comment authors; document properties; custom XML; link targets
in `.rels`). A PDF is read with pdfplumber (page text, metadata, annotations); text and
Markdown as UTF-8. The result is a list of `Unit`s of text with their location, plus
`Mark`s for hidden content found while reading.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from redactor.checks.config import CheckConfig
from redactor.errors import InputError

FileKind = Literal["docx", "pdf", "text", "markdown"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
REVIEW_AUTHOR = "redactor"  # the author of a review copy's tracked changes and comments
MAX_PART_BYTES = 200 * 1024 * 1024  # a larger XML part is refused (zip bomb)
TEXT_SUFFIXES: dict[str, FileKind] = {".txt": "text", ".md": "markdown", ".markdown": "markdown"}

DELETED = "deleted text of a tracked change"
INSERTED = "inserted text of a tracked change"
FIELD_CODE = "field code"
HIDDEN = "hidden text"
TRACKED = {"ins": "insertion", "moveTo": "move", "del": "deletion", "moveFrom": "move"}
FORMAT_CHANGES = {"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                  "tcPrChange", "numberingChange"}
CONTENT_ATTRIBUTES = {"descr", "title", "instr"}  # image descriptions, field codes
CORE_CONTENT = {"title", "subject", "description", "keywords", "category", "contentStatus"}
APP_CONTENT = {"Company", "Manager", "HyperlinkBase", "lpstr"}
PDF_CONTENT_METADATA = {"Title", "Subject", "Keywords"}
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XMP_CONTENT = {"title", "description", "subject", "Keywords"}
XMP_PERSONAL = {"creator", "Author", "LastModifiedBy", "CreatorName"}
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title|subtitle|toc\s*heading)$", re.IGNORECASE)


@dataclass(frozen=True)
class Segment:
    """A stretch of a unit's text that is special (deleted, hidden, a field code)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Unit:
    """A piece of text found in the file, and where it is.

    `content` is True for text a person wrote (checked for identifiers, dates, genders);
    False for markup values (style names, authors) that are only searched for known names.
    `first_line` is set for units addressed by line (text files, PDF pages).
    """

    location: str
    text: str
    where: str
    content: bool = True
    title_page: bool = False
    heading: bool = False
    table: bool = False
    first_line: int | None = None
    page: int | None = None
    segments: tuple[Segment, ...] = ()

    def locate(self, start: int) -> str:
        """The location of the character at `start`: `12:5` (text), `page3/line5` (PDF)."""
        if self.first_line is None:
            return self.location
        line = self.first_line + self.text.count("\n", 0, start)
        if self.page is not None:
            return f"page{self.page}/line{line}"
        column = start - (self.text.rfind("\n", 0, start) + 1) + 1
        return f"{line}:{column}"

    def where_at(self, start: int, end: int) -> str:
        """`where`, plus the kind of text at `start:end` ("deleted text of a tracked change")."""
        kinds = sorted({s.kind for s in self.segments if s.start < end and start < s.end})
        return f"{self.where} ({', '.join(kinds)})" if kinds else self.where


@dataclass(frozen=True)
class Mark:
    """Hidden content found while reading: a finding code, where, and message values."""

    code: str
    location: str
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class Inspection:
    """What the check read from one file."""

    path: Path
    kind: FileKind
    units: list[Unit]
    marks: list[Mark]


def inspect_file(path: Path, config: CheckConfig) -> Inspection:
    """Read `path` for checking; an unreadable file raises `InputError` with the reason."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "file not found")
    if path.is_dir():
        raise InputError(path, "is a folder, not a document")
    try:
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as error:
        raise InputError(path, f"cannot read the file ({error.strerror})") from None
    if not head:
        raise InputError(path, "the file is empty")
    suffix = path.suffix.lower()
    if suffix == ".docx":
        if not head.startswith(b"PK"):
            raise InputError(path, "not a readable .docx (password-protected, or not a Word "
                             "file); save it as an unprotected .docx")
        return _DocxReader(path, config).read()
    if suffix == ".pdf":
        if not head.startswith(b"%PDF-"):
            raise InputError(path, "not a PDF file (no %PDF header)")
        return _read_pdf(path, config)
    if suffix in TEXT_SUFFIXES:
        return _read_text(path, TEXT_SUFFIXES[suffix], config)
    raise InputError(path, f"unsupported file type {suffix or '(no extension)'}; expected .docx, "
                     ".pdf, .txt or .md")


# --- DOCX -------------------------------------------------------------------------------


def _local(tag: Any) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def _part_order(name: str) -> tuple[int, str]:
    return (0 if name == "word/document.xml" else 1, name)


@dataclass
class _Paragraph:
    """Text of one `w:p` as it is collected: pieces of (text, kind)."""

    index: int
    pieces: list[tuple[str, str | None]] = field(default_factory=list)
    heading: bool = False
    break_before: bool = False
    break_after: bool = False
    textbox: bool = False
    table: bool = False

    def add(self, text: str, kind: str | None) -> None:
        if text:
            self.pieces.append((text, kind))

    def has_text(self) -> bool:
        return any(text.strip() for text, _ in self.pieces)

    def build(self) -> tuple[str, tuple[Segment, ...]]:
        """The text, with a space where the kind changes (deleted "Sarah" + inserted "Anna"
        must stay two words), and the special stretches."""
        text = ""
        segments = []
        previous: str | None = None
        for index, (piece, kind) in enumerate(self.pieces):
            if index and kind != previous and text and not text[-1].isspace() \
                    and not piece[0].isspace():
                text += " "
            if kind:
                segments.append(Segment(len(text), len(text) + len(piece), kind))
            text += piece
            previous = kind
        return text, tuple(segments)


@dataclass(frozen=True)
class _Context:
    """Where the walk is: inside a deletion, an insertion, a hidden run, a text box…"""

    paragraph: _Paragraph | None = None
    deleted: bool = False
    inserted: bool = False
    hidden: bool = False
    textbox: bool = False
    table: bool = False


class _DocxReader:
    """Walks every XML part of a DOCX package."""

    def __init__(self, path: Path, config: CheckConfig) -> None:
        self.path = path
        self.config = config
        self.units: list[Unit] = []
        self.marks: list[Mark] = []
        self._marked: set[tuple[Any, ...]] = set()
        self._title_page_open = True
        self._title_page_count = 0
        self._hidden_styles: frozenset[str] = frozenset()

    def read(self) -> Inspection:
        try:
            archive = zipfile.ZipFile(self.path)
        except (zipfile.BadZipFile, OSError) as error:
            raise InputError(self.path, f"not a readable .docx (damaged zip: {error})") from None
        with archive:
            names = [n for n in archive.namelist() if not n.endswith("/")]
            if "word/document.xml" not in names:
                raise InputError(self.path, "not a Word document (no word/document.xml)")
            if "word/styles.xml" in names:
                self._hidden_styles = _hidden_styles(self._parse(archive, "word/styles.xml"))
            for name in sorted(names, key=_part_order):
                self._read_entry(archive, name)
        if self.path.name.lower().endswith(".review.docx"):
            self._mark("HIDDEN007", "file", reason="named *.review.docx")
        return Inspection(self.path, "docx", self.units, self.marks)

    def _read_entry(self, archive: zipfile.ZipFile, name: str) -> None:
        self._unit(name, name.replace("_", " "), name, content=False,
                   where="in the name of a part of the file")
        lower = name.lower()
        if lower.startswith("word/media/") or lower.startswith("docprops/thumbnail"):
            self._mark("HIDDEN006", name, name=name)
            return
        if lower.startswith("word/embeddings/") or lower.endswith(".bin"):
            self._mark("HIDDEN005", name, name=name)
            return
        if not lower.endswith((".xml", ".rels")):
            return
        root = self._parse(archive, name)
        if lower.endswith(".rels"):
            self._read_rels(name, root)
        elif name.startswith("docProps/"):
            self._read_properties(name, root)
        elif name.startswith("customXml/") and not _local(root.tag).startswith("datastore"):
            self._read_custom_xml(name, root)
        else:
            self._walk(name, root, _Context(), [0])

    def _parse(self, archive: zipfile.ZipFile, name: str) -> Any:
        """One XML part, parsed safely (no entities, no network); errors name the part."""
        if archive.getinfo(name).file_size > MAX_PART_BYTES:
            raise InputError(self.path, f"part {name} is too large to check")
        try:
            data = archive.read(name)
            parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
            return etree.fromstring(data, parser)
        except (zipfile.BadZipFile, OSError, etree.XMLSyntaxError) as error:
            raise InputError(self.path, f"part {name} cannot be read ({error})") from None

    def _mark(self, code: str, location: str, **values: Any) -> None:
        key = (code, location, *sorted(values.items()))
        if key not in self._marked:
            self._marked.add(key)
            self.marks.append(Mark(code, location, values))

    def _unit(self, location: str, text: str, part: str, **kwargs: Any) -> None:
        if text.strip():
            self.units.append(Unit(location, text, kwargs.pop("where", None)
                                   or self.config.where(part), **kwargs))

    # Word parts: paragraphs, runs, revisions, attributes.
    def _walk(self, part: str, element: Any, ctx: _Context, counter: list[int]) -> None:
        name = _local(element.tag)
        is_w = isinstance(element.tag, str) and element.tag.startswith(W)
        if not isinstance(element.tag, str):
            return  # comments and processing instructions
        self._attributes(part, element, name, ctx)
        if is_w and name == "p":
            paragraph = _Paragraph(counter[0], textbox=ctx.textbox, table=ctx.table)
            counter[0] += 1
            hidden = ctx.hidden or self._styled_hidden(element, "pPr", "pStyle")
            inner = replace(ctx, paragraph=paragraph, hidden=hidden)
            for child in element:
                self._walk(part, child, inner, counter)
            self._emit(part, paragraph)
            return
        ctx = self._enter(part, element, name, ctx) if is_w else ctx
        if is_w and ctx.paragraph is not None:
            self._collect(element, name, ctx)
        elif not is_w and element.text and element.text.strip():
            # DrawingML and maths text (a:t, m:t) is visible; other values are markup.
            if ctx.paragraph is not None:
                ctx.paragraph.add(element.text, None)
            else:
                self._unit(f"{part}#{name}", element.text, part, content=name == "t")
        for child in element:
            self._walk(part, child, ctx, counter)

    def _enter(self, part: str, element: Any, name: str, ctx: _Context) -> _Context:
        """The context for `element`'s children; records revisions and comments."""
        here = self._here(part, element, name, ctx)
        if name in TRACKED:
            author = element.get(f"{W}author", "")
            self._mark("HIDDEN002", here, kind=TRACKED[name], author=author)
            if author.strip().lower() == REVIEW_AUTHOR:
                self._mark("HIDDEN007", here, reason="tracked changes by author 'redactor'")
            deleted = name in ("del", "moveFrom")
            return replace(ctx, deleted=ctx.deleted or deleted,
                           inserted=ctx.inserted or not deleted)
        if name in FORMAT_CHANGES:
            self._mark("HIDDEN002", here, kind="formatting change",
                       author=element.get(f"{W}author", ""))
        elif name == "comment":
            author = element.get(f"{W}author", "")
            self._mark("HIDDEN001", here, author=author)
            if author.strip().lower() == REVIEW_AUTHOR:
                self._mark("HIDDEN007", here, reason="comments by author 'redactor'")
        elif name == "r":
            hidden = any(_on(v) for v in element.iterfind(f"{W}rPr/{W}vanish")) \
                or self._styled_hidden(element, "rPr", "rStyle")
            return replace(ctx, hidden=ctx.hidden or hidden)
        elif name == "txbxContent":
            return replace(ctx, textbox=True)
        elif name == "tc":
            return replace(ctx, table=True)
        return ctx

    def _styled_hidden(self, element: Any, properties: str, style: str) -> bool:
        """True when `element`'s paragraph or character style hides its text."""
        found = element.find(f"{W}{properties}/{W}{style}")
        return found is not None and found.get(f"{W}val", "") in self._hidden_styles

    def _collect(self, element: Any, name: str, ctx: _Context) -> None:
        paragraph = ctx.paragraph
        assert paragraph is not None
        kind = HIDDEN if ctx.hidden else DELETED if ctx.deleted else \
            INSERTED if ctx.inserted else None
        if name == "t":
            paragraph.add(element.text or "", kind)
        elif name == "delText":
            paragraph.add(element.text or "", HIDDEN if ctx.hidden else DELETED)
        elif name == "instrText":
            paragraph.add(element.text or "", FIELD_CODE)
        elif name == "tab":
            paragraph.add("\t", kind)
        elif name in ("br", "cr"):
            if element.get(f"{W}type") == "page":
                paragraph.break_after = True
            paragraph.add("\n", kind)
        elif name == "noBreakHyphen":
            paragraph.add("-", kind)
        elif name == "pStyle":
            paragraph.heading = bool(_HEADING_STYLE.match(element.get(f"{W}val", "")))
        elif name == "outlineLvl":
            paragraph.heading = True
        elif name == "pageBreakBefore" and _on(element):
            paragraph.break_before = True
        elif name == "lastRenderedPageBreak":
            if paragraph.has_text():
                paragraph.break_after = True
            else:
                paragraph.break_before = True
        elif name == "sectPr":
            paragraph.break_after = True

    def _emit(self, part: str, paragraph: _Paragraph) -> None:
        text, segments = paragraph.build()
        title_page = False
        if part == "word/document.xml" and self._title_page_open:
            if paragraph.break_before and self._title_page_count:
                self._title_page_open = False
            else:
                title_page = True
                self._title_page_count += 1 if text.strip() else 0
                if paragraph.break_after and self._title_page_count \
                        or self._title_page_count >= self.config.title_page_units:
                    self._title_page_open = False
        where = self.config.where(part)
        if paragraph.textbox:
            where = f"in a text box {where}"
        hidden = "".join(text[s.start:s.end] for s in segments if s.kind == HIDDEN).strip()
        location = f"{part}#p{paragraph.index}"
        if hidden:
            self._mark("HIDDEN003", location, text=_short(hidden))
        self._unit(location, text, part, where=where, title_page=title_page,
                   heading=paragraph.heading, table=paragraph.table, segments=segments)

    def _here(self, part: str, element: Any, name: str, ctx: _Context) -> str:
        if ctx.paragraph is not None:
            return f"{part}#p{ctx.paragraph.index}"
        number = element.get(f"{W}id")
        return f"{part}#{name}{number if number is not None else ''}"

    def _attributes(self, part: str, element: Any, name: str, ctx: _Context) -> None:
        for key, value in element.attrib.items():
            attribute = _local(key)
            if attribute.startswith("rsid") or not any(c.isalpha() for c in value):
                continue
            content = attribute in CONTENT_ATTRIBUTES and name in ("docPr", "cNvPr", "fldSimple")
            where = f"{self.config.where(part)} (attribute {attribute} of {name})"
            self._unit(f"{self._here(part, element, name, ctx)}@{attribute}", value, part,
                       content=content, where=where)

    # Other parts.
    def _read_rels(self, part: str, root: Any) -> None:
        for relation in root.iter(f"{REL}Relationship"):
            target = relation.get("Target", "")
            external = relation.get("TargetMode") == "External"
            self._unit(f"{part}#{relation.get('Id', '')}", target, part, content=external,
                       where=f"in a link target ({part})")

    def _read_properties(self, part: str, root: Any) -> None:
        for element in root.iter():
            name = _local(element.tag)
            text = (element.text or "").strip()
            if not text or not name:
                continue
            if part.endswith("custom.xml"):
                owner = element.getparent()
                label = owner.get("name", name) if owner is not None else name
                self._unit(f"{part}#{label}", text, part)
                continue
            content = name in (CORE_CONTENT if part.endswith("core.xml") else APP_CONTENT)
            self._unit(f"{part}#{name}", text, part, content=content)
            if name in self.config.personal_properties \
                    and text.lower() not in self.config.not_a_person:
                self._mark("HIDDEN004", f"{part}#{name}", name=name, value=text)

    def _read_custom_xml(self, part: str, root: Any) -> None:
        found = False
        for element in root.iter():
            name = _local(element.tag)
            if not name:
                continue
            for key, value in element.attrib.items():
                if any(c.isalpha() for c in value):
                    self._unit(f"{part}#{name}@{_local(key)}", value, part, content=False)
            if element.text and element.text.strip():
                found = True
                self._unit(f"{part}#{name}", element.text, part)
        if found:
            self._mark("HIDDEN008", part)


def _hidden_styles(styles: Any) -> frozenset[str]:
    """Ids of the styles that hide text (`w:vanish`), directly or through `w:basedOn`."""
    based_on: dict[str, str] = {}
    hiding: set[str] = set()
    for style in styles.iter(f"{W}style"):
        style_id = style.get(f"{W}styleId", "")
        parent = style.find(f"{W}basedOn")
        if parent is not None:
            based_on[style_id] = parent.get(f"{W}val", "")
        vanish = style.find(f"{W}rPr/{W}vanish")
        if vanish is not None and _on(vanish):
            hiding.add(style_id)
    hidden = set()
    for style_id in {*based_on, *hiding}:
        seen = set()
        current: str | None = style_id
        while current and current not in seen:
            if current in hiding:
                hidden.add(style_id)
                break
            seen.add(current)
            current = based_on.get(current)
    return frozenset(hidden)


def _on(element: Any) -> bool:
    """A Word on/off property (`<w:vanish/>`, `w:val="true"`)."""
    return element.get(f"{W}val", "true").lower() not in ("0", "false", "off")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


# --- PDF ----------------------------------------------------------------------------------


def _read_pdf(path: Path, config: CheckConfig) -> Inspection:
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
                            and value.strip().lower() not in config.not_a_person:
                        marks.append(Mark("HIDDEN004", f"metadata#{key}",
                                          {"name": key, "value": value.strip()}))
            _pdf_xmp(pdf.doc.catalog.get("Metadata"), units, marks, config)
            for number, page in enumerate(pdf.pages, start=1):
                text = page.extract_text() or ""
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


def _pdf_xmp(reference: Any, units: list[Unit], marks: list[Mark], config: CheckConfig) -> None:
    """The XMP metadata stream (Word's "Save as PDF" writes the author there as dc:creator)."""
    from pdfminer.pdftypes import resolve1

    stream = resolve1(reference)
    if stream is None or not hasattr(stream, "get_data"):
        return
    data = stream.get_data()
    where = "in the PDF's XMP metadata"
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        root = etree.fromstring(data, parser)
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
                and text.lower() not in config.not_a_person:
            marks.append(Mark("HIDDEN004", f"xmp#{name}", {"name": name, "value": text}))


def _xmp_property(element: Any) -> str:
    """The property an XMP value belongs to: `creator` for dc:creator/rdf:Seq/rdf:li."""
    while element is not None and etree.QName(element).namespace == RDF:
        element = element.getparent()
    return _local(element.tag) if element is not None else "xmp"


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


# --- Text ---------------------------------------------------------------------------------

_PARAGRAPH = re.compile(r"[^\n]+(?:\r?\n(?![ \t]*\r?\n)[^\n]*)*")
_MARKDOWN_HEADING = re.compile(r"^\s{0,3}#{1,6}\s")


def _read_text(path: Path, kind: FileKind, config: CheckConfig) -> Inspection:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(path, f"not UTF-8 text (invalid byte at position {error.start}); "
                         "save it as UTF-8") from None
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
