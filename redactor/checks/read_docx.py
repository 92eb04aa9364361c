"""Read a DOCX for the check: every XML part of the zip, with lxml.

Paragraph text (with deleted text, field codes and hidden text marked), attribute values
(image descriptions, comment authors, field instructions), document properties, custom
XML, link targets in `.rels` and the zip's entry names; comments, tracked changes, hidden
text, personal properties, images and embedded objects are recorded as `Mark`s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from lxml import etree

from redactor.checks.config import CheckConfig, names_no_one
from redactor.checks.inspection import Inspection, Mark, Segment, Unit, local_name, safe_xml
from redactor.errors import InputError
from redactor.io.ooxml import PR_RELATIONSHIP, W_AUTHOR, W_ID, W_VAL, W
from redactor.io.zipread import SafeZip, ZipLimits

REVIEW_AUTHOR = "redactor"  # the author of a review copy's tracked changes and comments

DELETED = "deleted text of a tracked change"
INSERTED = "inserted text of a tracked change"
FIELD_CODE = "field code"
HIDDEN = "hidden text"
TRACKED = {"ins": "insertion", "moveTo": "move", "del": "deletion", "moveFrom": "move"}
FORMAT_CHANGES = {"rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "trPrChange",
                  "tcPrChange", "numberingChange"}
CONTENT_ATTRIBUTES = {"descr", "title", "instr"}  # image descriptions, field codes
_HEX = re.compile(r"[0-9A-Fa-f]{2,16}")
CORE_CONTENT = {"title", "subject", "description", "keywords", "category", "contentStatus"}
APP_CONTENT = {"Company", "Manager", "HyperlinkBase", "lpstr"}
_HEADING_STYLE = re.compile(r"^(?:heading\s*\d|title|subtitle|toc\s*heading)$", re.IGNORECASE)


def read_docx(path: Path, config: CheckConfig, limits: ZipLimits | None = None) -> Inspection:
    """Every part of the DOCX at `path`; raises `InputError` for a damaged package."""
    return _DocxReader(path, config, limits).read()


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
    cell: str | None = None  # "t0/r1c2": table, row and column (for a panel's table)
    instructions: list[str] = field(default_factory=list)  # field codes: not what a reader sees

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


IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".jfif", ".gif", ".bmp", ".tif", ".tiff", ".emf",
                  ".wmf", ".svg", ".webp", ".heic", ".ico", ".wdp")


@dataclass(frozen=True)
class _Context:
    """Where the walk is: inside a deletion, an insertion, a hidden run, a text box…"""

    paragraph: _Paragraph | None = None
    deleted: bool = False
    inserted: bool = False
    hidden: bool = False
    textbox: bool = False
    table: bool = False
    cell: str | None = None


class _DocxReader:
    """Walks every XML part of a DOCX package."""

    def __init__(self, path: Path, config: CheckConfig, limits: ZipLimits | None = None) -> None:
        self.path = path
        self.limits = limits
        self.config = config
        self.units: list[Unit] = []
        self.marks: list[Mark] = []
        self._marked: set[tuple[Any, ...]] = set()
        self._title_page_open = True
        self._title_page_count = 0
        self._hidden_styles: frozenset[str] = frozenset()
        self._where_by_part: dict[str, str] = {}
        self._positions: dict[Any, dict[Any, int]] = {}  # a part's tables, a table's rows

    def read(self) -> Inspection:
        # the shared reader refuses duplicate, escaping and bomb entries
        with SafeZip(self.path, limits=self.limits) as archive:
            names = list(archive.names)
            if "word/document.xml" not in names:
                raise InputError(self.path, "not a Word document (no word/document.xml)")
            if "word/styles.xml" in names:
                self._hidden_styles = _hidden_styles(self._parse(archive, "word/styles.xml"))
            for name in sorted(names, key=_part_order):
                self._read_entry(archive, name)
        if self.path.name.lower().endswith(".review.docx"):
            self._mark("HIDDEN007", "file", reason="named *.review.docx")
        return Inspection(self.path, "docx", self.units, self.marks)

    def _read_entry(self, archive: SafeZip, name: str) -> None:
        self._unit(name, name.replace("_", " "), name, content=False,
                   where="in the name of a part of the file")
        lower = name.lower()
        if lower.startswith("docprops/thumbnail") or (
                lower.startswith("word/media/") and lower.endswith(IMAGE_SUFFIXES)):
            self._mark("HIDDEN006", name, name=name)
            return
        if lower.startswith("word/embeddings/") or lower.endswith(".bin"):
            self._mark("HIDDEN005", name, name=name)
            return
        if not lower.endswith((".xml", ".rels")):
            if not lower.startswith("word/fonts/") and not name.endswith("/"):
                # a file Word did not put there ("word/document.xml.bak", "word/media/
                # notes.txt"): it may hold anything; its text is searched for known names
                self._mark("HIDDEN005", name, name=name)
                text = self.archive_text(archive, name)
                if text.strip():
                    self._unit(f"{name}#text", text, name, content=False,
                               where=f"in the file {name} inside the package")
            return
        root = self._parse(archive, name)
        if lower.endswith(".rels"):
            self._read_rels(name, root)
        elif name.startswith("docProps/"):
            self._read_properties(name, root)
        elif name.startswith("customXml/") and not local_name(root.tag).startswith("datastore"):
            self._read_custom_xml(name, root)
        else:
            self._walk(name, root, _Context(), [0])

    @staticmethod
    def archive_text(archive: SafeZip, name: str) -> str:
        """A part's bytes as text (UTF-8, unreadable bytes dropped), capped like XML."""
        data = archive.read(name, cap=archive.limits.max_xml_bytes)
        return data.decode("utf-8", errors="ignore")

    def _parse(self, archive: SafeZip, name: str) -> Any:
        """One XML part, parsed safely (no entities, no network); errors name the part."""
        data = archive.read_xml_part(name)  # capped; refuses a DTD
        try:
            return safe_xml(data)
        except etree.XMLSyntaxError as error:
            raise InputError(self.path, f"part {name} cannot be read ({error})") from None

    def _mark(self, code: str, location: str, **values: Any) -> None:
        key = (code, location, *sorted(values.items()))
        if key not in self._marked:
            self._marked.add(key)
            self.marks.append(Mark(code, location, values))

    def _where(self, part: str) -> str:
        """`config.where(part)`, worked out once per part (it is asked for every unit)."""
        where = self._where_by_part.get(part)
        if where is None:
            where = self._where_by_part[part] = self.config.where(part)
        return where

    def _unit(self, location: str, text: str, part: str, **kwargs: Any) -> None:
        if text.strip():
            self.units.append(Unit(location, text, kwargs.pop("where", None)
                                   or self._where(part), **kwargs))

    # Word parts: paragraphs, runs, revisions, attributes.
    def _walk(self, part: str, element: Any, ctx: _Context, counter: list[int]) -> None:
        name = local_name(element.tag)
        is_w = isinstance(element.tag, str) and element.tag.startswith(W)
        if not isinstance(element.tag, str):
            return  # comments and processing instructions
        self._attributes(part, element, name, ctx)
        if is_w and name == "p":
            paragraph = _Paragraph(counter[0], textbox=ctx.textbox, table=ctx.table,
                                   cell=ctx.cell)
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
            author = element.get(W_AUTHOR, "")
            self._mark("HIDDEN002", here, kind=TRACKED[name], author=author)
            if author.strip().lower() == REVIEW_AUTHOR:
                self._mark("HIDDEN007", here, reason="tracked changes by author 'redactor'")
            deleted = name in ("del", "moveFrom")
            return replace(ctx, deleted=ctx.deleted or deleted,
                           inserted=ctx.inserted or not deleted)
        if name in FORMAT_CHANGES:
            self._mark("HIDDEN002", here, kind="formatting change",
                       author=element.get(W_AUTHOR, ""))
        elif name == "comment":
            author = element.get(W_AUTHOR, "")
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
            return replace(ctx, table=True, cell=self._cell_of(element))
        return ctx

    def _cell_of(self, cell: Any) -> str | None:
        """"t3/r1c2" for a `w:tc`: its table (by the table's position in its part), row and
        column, as the redact reader numbers them; None outside a plain table. Positions
        are counted once per part and table (a chronology has thousands of cells)."""
        row = cell.getparent()
        table = row.getparent() if row is not None else None
        if table is None or local_name(row.tag) != "tr" or local_name(table.tag) != "tbl":
            return None
        root = table.getroottree().getroot()
        if root not in self._positions:
            self._positions[root] = {t: n for n, t in enumerate(root.iter(f"{W}tbl"))}
        if table not in self._positions:
            self._positions[table] = {r: n for n, r in enumerate(
                r for r in table if local_name(r.tag) == "tr")}
        column = sum(1 for c in cell.itersiblings(preceding=True) if local_name(c.tag) == "tc")
        return f"t{self._positions[root][table]}/r{self._positions[table][row]}c{column}"

    def _styled_hidden(self, element: Any, properties: str, style: str) -> bool:
        """True when `element`'s paragraph or character style hides its text."""
        found = element.find(f"{W}{properties}/{W}{style}")
        return found is not None and found.get(W_VAL, "") in self._hidden_styles

    def _collect(self, element: Any, name: str, ctx: _Context) -> None:
        paragraph = ctx.paragraph
        assert paragraph is not None
        kind = HIDDEN if ctx.hidden else DELETED if ctx.deleted else \
            INSERTED if ctx.inserted else None
        if name == "t":
            paragraph.add(element.text or "", kind)
        elif name == "delText":
            paragraph.add(element.text or "", HIDDEN if ctx.hidden else DELETED)
        elif name == "instrText":  # a field's instruction ("PAGE"): the result is the text
            paragraph.instructions.append(element.text or "")
        elif name == "tab":
            paragraph.add("\t", kind)
        elif name in ("br", "cr"):
            if element.get(f"{W}type") == "page":
                paragraph.break_after = True
            paragraph.add("\n", kind)
        elif name == "noBreakHyphen":
            paragraph.add("-", kind)
        elif name == "pStyle":
            paragraph.heading = bool(_HEADING_STYLE.match(element.get(W_VAL, "")))
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
        where = self._where(part)
        if paragraph.textbox:
            where = f"in a text box {where}"
        hidden = "".join(text[s.start:s.end] for s in segments if s.kind == HIDDEN).strip()
        location = f"{part}#p{paragraph.index}"
        if hidden:
            self._mark("HIDDEN003", location, text=_short(hidden))
        self._unit(location, text, part, where=where, title_page=title_page,
                   heading=paragraph.heading, table=paragraph.table, segments=segments,
                   cell=paragraph.cell)
        if paragraph.instructions:  # its own unit: "Page PAGE 1" is no text anyone reads
            self._unit(f"{location}@instr", " ".join(paragraph.instructions), part,
                       where=f"{where} ({FIELD_CODE})", table=paragraph.table)

    def _here(self, part: str, element: Any, name: str, ctx: _Context) -> str:
        if ctx.paragraph is not None:
            return f"{part}#p{ctx.paragraph.index}"
        number = element.get(W_ID)
        return f"{part}#{name}{number if number is not None else ''}"

    def _attributes(self, part: str, element: Any, name: str, ctx: _Context) -> None:
        for key, value in element.attrib.items():
            attribute = local_name(key)
            if attribute.startswith("rsid") or not any(map(str.isalpha, value)) or (
                    _HEX.fullmatch(value) and attribute not in CONTENT_ATTRIBUTES):
                continue  # ids and colours: themeShade="BF" is no one's initials
            content = attribute in CONTENT_ATTRIBUTES and name in ("docPr", "cNvPr", "fldSimple")
            where = f"{self._where(part)} (attribute {attribute} of {name})"
            self._unit(f"{self._here(part, element, name, ctx)}@{attribute}", value, part,
                       content=content, where=where)

    # Other parts.
    def _read_rels(self, part: str, root: Any) -> None:
        for relation in root.iter(PR_RELATIONSHIP):
            target = relation.get("Target", "")
            external = relation.get("TargetMode") == "External"
            self._unit(f"{part}#{relation.get('Id', '')}", target, part, content=external,
                       where=f"in a link target ({part})")

    def _read_properties(self, part: str, root: Any) -> None:
        for element in root.iter():
            name = local_name(element.tag)
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
            if name in self.config.personal_properties and not self._not_a_person(text):
                self._mark("HIDDEN004", f"{part}#{name}", name=name, value=text)

    def _not_a_person(self, value: str) -> bool:
        return names_no_one(value, self.config)

    def _read_custom_xml(self, part: str, root: Any) -> None:
        found = False
        for element in root.iter():
            name = local_name(element.tag)
            if not name:
                continue
            for key, value in element.attrib.items():
                if any(c.isalpha() for c in value):
                    self._unit(f"{part}#{name}@{local_name(key)}", value, part, content=False)
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
            based_on[style_id] = parent.get(W_VAL, "")
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
    return element.get(W_VAL, "true").lower() not in ("0", "false", "off")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"

