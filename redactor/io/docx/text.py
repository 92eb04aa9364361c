"""The text of a Word package, defined in one place, and the run-aware writer.

`walk(package)` visits every text-bearing place in reading order and returns `Slot`s: a block
id, its location in words, its part kind, and its `Atom`s. An atom is one XML text holder:
a `w:t`/`m:t`/`w:instrText` element, an attribute (alt text, a field's `w:instr`), or a
relationship target; or a fixed symbol (`w:tab` -> "\\t", `w:br`/`w:cr` -> "\\n",
`w:noBreakHyphen` -> "-"). A block's text is its atoms' texts joined; the same traversal
builds the run map, so offsets into `Block.text` always land in the right run.

`apply_changes` edits atoms in place (right to left, like python-docx issues #30/#980): the
replacement goes into the first text atom the span touches; covered characters are trimmed
from the following atoms; whole symbols inside the span are removed. Run properties are never
touched, so formatting around a change is unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from lxml import etree

from redactor.io.docx.package import Package, rel_type_is
from redactor.io.ooxml import (
    CONTENT_TYPES,
    PR_RELATIONSHIP,
    R_ID,
    W_ID,
    W_INSTR_TEXT,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_T,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX_CONTENT,
    W_VAL,
    XML_SPACE,
    local_name,
    qn,
)
from redactor.model import Change

M_T, M_R = qn("m:t"), qn("m:r")
W_SDT, W_SDT_CONTENT = qn("w:sdt"), qn("w:sdtContent")
W_FLD_CHAR, W_FLD_SIMPLE = qn("w:fldChar"), qn("w:fldSimple")
W_HYPERLINK = qn("w:hyperlink")
MC_ALTERNATE, MC_CHOICE = qn("mc:AlternateContent"), qn("mc:Choice")
URI_SAFE = ":/?#[]@!$&'()*+,;=%~"

#: The text of each run child that is not a text element. Anything else in a run is no text.
RUN_SYMBOLS = {
    qn("w:tab"): "\t", qn("w:ptab"): "\t", qn("w:br"): "\n", qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
#: Elements in a run that may hold pictures, shapes and text boxes.
EMBEDDING_TAGS = {qn("w:drawing"), qn("w:pict"), qn("w:object"), MC_ALTERNATE}
#: Inline elements that never hold paragraph text (everything else is searched for runs).
NO_INLINE_TEXT = {W_PPR, W_RPR, qn("w:sdtPr"), qn("w:sdtEndPr"),
                  qn("w:bookmarkStart"), qn("w:bookmarkEnd"), qn("w:proofErr")}
FORM_FIELD_TEXT = {qn(f"w:{t}") for t in ("default", "helpText", "statusText", "listEntry")}
HEADER_TYPES = ("default", "first", "even")
HEADER_TYPE_WORDS = {"default": "", "first": " (first page)", "even": " (even pages)"}
CORE_PROPERTY_TAGS = ("dc:title", "dc:subject", "cp:keywords", "dc:description", "cp:category",
                      "cp:contentStatus", "dc:identifier", "cp:version")
PROPERTY_RELS = {"core-properties", "extended-properties", "custom-properties"}
_HAS_LETTER = re.compile(r"[^\W\d_]")
_DATE_LIKE = re.compile(r"\d{1,4}[/.\-]\d{1,2}[/.\-]\d{2,4}")
APP_PROPERTY_TAGS = ("ep:Company", "ep:Manager", "ep:HyperlinkBase", "ep:Template")


@dataclass
class Atom:
    """One place in the XML that holds part of a block's text, at [start, end) of it."""

    start: int
    end: int
    element: etree._Element
    attribute: str | None = None  # None: the element's text
    symbol: str | None = None  # set for w:tab, w:br, ...: fixed text, removed whole

    def get(self) -> str:
        if self.symbol is not None:
            return self.symbol
        if self.attribute is not None:
            value = self.element.get(self.attribute, "")
            # a link target is a URI: read it decoded (mailto:a%40b -> mailto:a@b)
            return unquote(value) if self.element.tag == PR_RELATIONSHIP else value
        return self.element.text or ""

    def set(self, text: str) -> None:
        if self.attribute is not None:
            if self.element.tag == PR_RELATIONSHIP:  # a link target must stay a valid URI
                text = quote(text, safe=URI_SAFE)
            self.element.set(self.attribute, text)
            return
        self.element.text = text
        if self.element.tag == W_T or self.element.tag == W_INSTR_TEXT:
            self.element.set(XML_SPACE, "preserve")


@dataclass
class Slot:
    """A block as found in the package: id, words for a person, part kind, atoms and runs."""

    id: str
    location: str
    part: str
    atoms: list[Atom] = field(default_factory=list)
    runs: list[tuple[int, int]] = field(default_factory=list)
    style: str | None = None

    @property
    def text(self) -> str:
        return "".join(atom.get() for atom in self.atoms)

    @property
    def length(self) -> int:
        return self.atoms[-1].end if self.atoms else 0

    def add(self, element: etree._Element, text: str, attribute: str | None = None,
            symbol: bool = False) -> None:
        start = self.length
        self.atoms.append(Atom(start, start + len(text), element, attribute,
                               text if symbol else None))


@dataclass
class _Field:
    slot: Slot
    emitted: bool = False


@dataclass
class _Story:
    """Walking state for one story (body, a header, a note): open complex fields."""

    part_name: str
    fields: list[_Field] = field(default_factory=list)


class Walker:
    """Visits every text-bearing place of a package once, in reading order."""

    def __init__(self, package: Package) -> None:
        self.package = package
        self.slots: list[Slot] = []
        self.counts = {"textbox": 0, "field": 0, "image": 0, "link": 0, "tooltip": 0,
                       "formfield": 0}
        self._pending: list[Slot] = []  # blocks to emit after the current paragraph

    # -- the whole package ----------------------------------------------------------------

    def walk(self) -> list[Slot]:
        main = self.package.main_part_name()
        assert main is not None
        body = self.package.xml(main).find(qn("w:body"))
        if body is not None:
            self._story(body, _Story(main), "body", "", "body")
        self._headers_and_footers(main)
        for kind in ("footnote", "endnote"):
            for _, name in self.package.related(main, f"{kind}s"):
                self._notes(name, kind)
        self._uncovered_story_text()
        self._properties()
        self._external_links()
        self._other_parts()
        return [slot for slot in self.slots if slot.atoms]

    def _uncovered_story_text(self) -> None:
        """A safety net: story text the traversal above did not reach becomes blocks too.

        Nothing should land here; if something does (markup this walker does not know),
        it is still redacted rather than passed through.
        """
        covered = {atom.element for slot in self.slots for atom in slot.atoms}
        for name in sorted(self._text_story_names()):
            root = self.package.xml(name)
            if root is None:
                continue
            for number, element in enumerate(
                    e for e in root.iter(W_T, M_T, W_INSTR_TEXT)
                    if e not in covered and e.text):
                slot = Slot(f"xml/{name}/{number}",
                            f"text {number + 1} in part {name} outside any paragraph", "other")
                slot.add(element, element.text)
                self.slots.append(slot)

    def _text_story_names(self) -> set[str]:
        main = self.package.main_part_name()
        names = {main}
        for kind in ("header", "footer", "footnotes", "endnotes"):
            names |= {name for _, name in self.package.related(main, kind)}
        return names

    def _other_parts(self) -> None:
        """Text in any other XML part (charts, diagrams, add-in data): one block per element.

        The parts read as stories or properties, relationships and content types are left
        out; so is text without a letter (numbers, ids), unless it is shaped like a date (a
        chart's category "14/02/2021").
        """
        handled = {atom.element.getroottree().getroot() for slot in self.slots
                   for atom in slot.atoms[:1]}
        story_parts = self._story_part_names()
        for name, part in self.package.parts.items():
            if (part.xml is None or name in story_parts or part.xml in handled
                    or name.endswith(".rels") or name == CONTENT_TYPES):
                continue
            for number, element in enumerate(
                    e for e in part.xml.iter() if isinstance(e.tag, str)
                    and e.text and (_HAS_LETTER.search(e.text) or _DATE_LIKE.search(e.text))):
                slot = Slot(f"xml/{name}/{number}",
                            f"text {number + 1} in part {name} ({local_name(element.tag)})",
                            "other")
                slot.add(element, element.text)
                self.slots.append(slot)

    def _story_part_names(self) -> set[str]:
        names = self._text_story_names()
        for rel in self.package.rels(""):
            if rel.get("Type", "").rsplit("/", 1)[-1] in PROPERTY_RELS:
                names.add(self.package.target_name("", rel))
        return names

    def _headers_and_footers(self, main: str) -> None:
        parts = {rid: (kind, name) for kind in ("header", "footer")
                 for rid, name in self.package.related(main, kind)}
        done: set[str] = set()
        for number, sect in enumerate(self.package.xml(main).iter(qn("w:sectPr"))):
            for kind in ("header", "footer"):
                for reference in sect.findall(qn(f"w:{kind}Reference")):
                    _, name = parts.get(reference.get(R_ID, ""), (kind, None))
                    if name is None or name in done:
                        continue
                    done.add(name)
                    htype = reference.get(qn("w:type"), "default")
                    words = f"{kind} of section {number + 1}{HEADER_TYPE_WORDS.get(htype, '')}, "
                    self._story(self.package.xml(name), _Story(name),
                                f"{kind}/s{number}/{htype}", words, kind)
        unused = [(kind, name) for kind, name in parts.values() if name not in done]
        for extra, (kind, name) in enumerate(unused):
            self._story(self.package.xml(name), _Story(name), f"{kind}/x{extra}",
                        f"unused {kind} {extra + 1}, ", kind)

    def _notes(self, part_name: str, kind: str) -> None:
        root = self.package.xml(part_name)
        for note in root.findall(qn(f"w:{kind}")):
            if note.get(qn("w:type")) in ("separator", "continuationSeparator",
                                          "continuationNotice"):
                continue
            note_id = note.get(W_ID, "?")
            self._story(note, _Story(part_name), f"{kind}/{note_id}", f"{kind} {note_id}, ",
                        kind)

    # -- block containers ------------------------------------------------------------------

    def _story(self, element: etree._Element, story: _Story, id_prefix: str, words: str,
               part: str) -> None:
        """A whole story; field codes left open at its end still become blocks."""
        self._container(element, story, id_prefix, words, part)
        for open_field in story.fields:
            if not open_field.emitted:
                open_field.emitted = True
                self.slots.append(open_field.slot)
        story.fields.clear()

    def _container(self, element: etree._Element, story: _Story, id_prefix: str,
                   words: str, part: str, counts: dict[str, int] | None = None) -> None:
        counts = counts if counts is not None else {"p": 0, "t": 0}
        for child in element:
            tag = child.tag
            if tag == W_P:
                number = counts["p"]
                counts["p"] += 1
                self._paragraph(child, story, f"{id_prefix}/p{number}",
                                f"{words}paragraph {number + 1}", part)
            elif tag == W_TBL:
                number = counts["t"]
                counts["t"] += 1
                self._table(child, story, f"{id_prefix}/t{number}",
                            f"{words}table {number + 1}, ", "table" if part == "body" else part)
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self._container(content, story, id_prefix, words, part, counts)
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._container(choice, story, id_prefix, words, part, counts)
            elif local_name(tag) == "customXml":
                self._container(child, story, id_prefix, words, part, counts)

    def _table(self, table: etree._Element, story: _Story, id_prefix: str, words: str,
               part: str) -> None:
        for name in ("tblCaption", "tblDescription"):  # the table's alt text
            element = table.find(f"{qn('w:tblPr')}/{qn('w:' + name)}")
            if element is not None and element.get(W_VAL):
                slot = Slot(f"{id_prefix}/{name}", f"{words}alt text ({name[3:]})", "alt-text")
                slot.add(element, element.get(W_VAL), attribute=W_VAL)
                self.slots.append(slot)
        for row_number, row in enumerate(_unwrapped(table, W_TR)):
            for col_number, cell in enumerate(_unwrapped(row, W_TC)):
                self._container(cell, story, f"{id_prefix}/r{row_number}c{col_number}",
                                f"{words}row {row_number + 1}, column {col_number + 1}, ",
                                part)

    # -- paragraphs and runs ---------------------------------------------------------------

    def _paragraph(self, paragraph: etree._Element, story: _Story, block_id: str,
                   location: str, part: str) -> None:
        style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        slot = Slot(block_id, location, part,
                    style=style.get(W_VAL) if style is not None else None)
        self._inline(paragraph, story, slot)
        self.slots.append(slot)
        self.slots.extend(self._pending)
        self._pending = []

    def _inline(self, element: etree._Element, story: _Story, slot: Slot) -> None:
        for child in element:
            tag = child.tag
            if tag in (W_R, M_R):
                self._run(child, story, slot)
            elif tag in NO_INLINE_TEXT or not isinstance(tag, str):
                continue
            elif tag == W_SDT:
                content = child.find(W_SDT_CONTENT)
                if content is not None:
                    self._inline(content, story, slot)
            elif tag == MC_ALTERNATE:
                choice = child.find(MC_CHOICE)
                if choice is not None:
                    self._inline(choice, story, slot)
            else:
                if tag == W_HYPERLINK and child.get(qn("w:tooltip")):
                    number = self.counts["tooltip"]
                    self.counts["tooltip"] += 1
                    self._attribute_block(child, qn("w:tooltip"), "hyperlink",
                                          f"tooltip/{number}",
                                          f"tooltip of a link in {slot.location}")
                elif tag == W_FLD_SIMPLE:
                    self._field_simple(child, slot)
                self._inline(child, story, slot)

    def _run(self, run: etree._Element, story: _Story, slot: Slot) -> None:
        start = slot.length
        for child in run:
            tag = child.tag
            if tag in (W_T, M_T):
                slot.add(child, child.text or "")
            elif tag in RUN_SYMBOLS:
                slot.add(child, RUN_SYMBOLS[tag], symbol=True)
            elif tag == W_INSTR_TEXT:
                self._instruction(story, slot).add(child, child.text or "")
            elif tag == W_FLD_CHAR:
                self._field_char(child.get(qn("w:fldCharType")), story, slot)
                self._form_field(child, slot)
            elif tag in EMBEDDING_TAGS:
                self._embedding(child, story, slot)
        if slot.length > start:
            slot.runs.append((start, slot.length))

    # -- fields ----------------------------------------------------------------------------

    def _new_field_slot(self, where: Slot) -> Slot:
        number = self.counts["field"]
        self.counts["field"] += 1
        return Slot(f"field/{number}/instruction",
                    f"field code {number + 1} (in {where.location})", "field")

    def _field_char(self, kind: str | None, story: _Story, slot: Slot) -> None:
        if kind == "begin":
            story.fields.append(_Field(self._new_field_slot(slot)))
        elif kind == "separate" and story.fields:
            self._emit_field(story.fields[-1])
        elif kind == "end" and story.fields:
            self._emit_field(story.fields.pop())

    def _instruction(self, story: _Story, slot: Slot) -> Slot:
        if not story.fields or story.fields[-1].emitted:
            story.fields.append(_Field(self._new_field_slot(slot)))
        return story.fields[-1].slot

    def _emit_field(self, open_field: _Field) -> None:
        if not open_field.emitted:
            open_field.emitted = True
            self._pending.append(open_field.slot)

    def _form_field(self, field_char: etree._Element, slot: Slot) -> None:
        """A legacy form field's default text, help texts and drop-down entries."""
        data = field_char.find(qn("w:ffData"))
        if data is None:
            return
        number = self.counts["formfield"]
        self.counts["formfield"] += 1
        for index, element in enumerate(e for e in data.iter() if e.tag in FORM_FIELD_TEXT):
            if element.tag == qn("w:default") and element.getparent().tag != qn("w:textInput"):
                continue  # a check box's default is 0 or 1
            self._attribute_block(element, W_VAL, "field",
                                  f"formfield/{number}/{index}",
                                  f"form field {number + 1} {local_name(element.tag)} "
                                  f"(in {slot.location})")

    def _field_simple(self, element: etree._Element, slot: Slot) -> None:
        field_slot = self._new_field_slot(slot)
        field_slot.add(element, element.get(qn("w:instr"), ""), attribute=qn("w:instr"))
        self._pending.append(field_slot)

    # -- text boxes and pictures -------------------------------------------------------------

    def _embedding(self, element: etree._Element, story: _Story, slot: Slot) -> None:
        holders = [e for e in _outside_text_boxes(element) if _alt_attributes(e)]
        number = self.counts["image"]
        self.counts["image"] += 1 if holders else 0
        for index, holder in enumerate(holders):
            prefix = f"image/{number}" if index == 0 else f"image/{number}/shape{index}"
            shape = "" if index == 0 else f", shape {index + 1}"
            for attribute, word in _alt_attributes(holder):
                self._attribute_block(
                    holder, attribute, "alt-text", f"{prefix}/{word}",
                    f"alt text ({ALT_WORDS[word]}) of picture {number + 1}{shape} "
                    f"(in {slot.location})")
        for box in _outermost(element, W_TXBX_CONTENT):
            box_number = self.counts["textbox"]
            self.counts["textbox"] += 1
            pending, self._pending = self._pending, []
            slots, self.slots = self.slots, []
            self._story(box, _Story(story.part_name), f"textbox/{box_number}",
                        f"text box {box_number + 1} (in {slot.location}), ", "textbox")
            self._pending = pending + self.slots
            self.slots = slots

    def _attribute_block(self, element: etree._Element, attribute: str, part: str,
                         block_id: str, location: str) -> None:
        value = element.get(attribute)
        if value:
            block = Slot(block_id, location, part)
            block.add(element, value, attribute=attribute)
            self._pending.append(block)

    # -- properties and links ------------------------------------------------------------------

    def _properties(self) -> None:
        for rel in self.package.rels(""):
            name = self.package.target_name("", rel)
            root = self.package.xml(name) if name else None
            if root is None:
                continue
            if rel_type_is(rel, "core-properties"):
                for tag in CORE_PROPERTY_TAGS:
                    for element in root.findall(qn(tag)):
                        self._property(element, local_name(element.tag))
            elif rel_type_is(rel, "extended-properties"):
                for tag in APP_PROPERTY_TAGS:
                    for element in root.findall(qn(tag)):
                        self._property(element, local_name(element.tag).lower())
                for index, element in enumerate(root.iter(qn("vt:lpstr"), qn("vt:lpwstr"))):
                    self._property(element, f"app-string/{index}")
            elif rel_type_is(rel, "custom-properties"):
                for prop in root.findall(qn("cup:property")):
                    for value in prop:
                        if local_name(value.tag) in ("lpwstr", "lpstr", "bstr"):
                            self._property(value, f"custom/{prop.get('name', '?')}")

    def _property(self, element: etree._Element, key: str) -> None:
        if element.text:
            slot = Slot(f"props/{key}", f"document property {key}", "property")
            slot.add(element, element.text)
            self.slots.append(slot)

    def _external_links(self) -> None:
        for name in self.package.parts:
            if not name.endswith(".rels"):
                continue
            for rel in self.package.xml(name).iter(PR_RELATIONSHIP):
                if rel.get("TargetMode") == "External" and rel.get("Target"):
                    number = self.counts["link"]
                    self.counts["link"] += 1
                    slot = Slot(f"hyperlink/{number}/target",
                                f"link address {number + 1} ({rel.get('Id')} in {name})",
                                "hyperlink")
                    slot.add(rel, unquote(rel.get("Target")), attribute="Target")
                    self.slots.append(slot)


def walk(package: Package) -> list[Slot]:
    """Every text-bearing place of the package, in reading order (empty ones left out).

    Ids are unique: a repeated id (malformed input, e.g. two notes with one id) gets `#2`...
    """
    slots = Walker(package).walk()
    seen: dict[str, int] = {}
    for slot in slots:
        seen[slot.id] = seen.get(slot.id, 0) + 1
        if seen[slot.id] > 1:
            slot.id = f"{slot.id}#{seen[slot.id]}"
    return slots


def _unwrapped(parent: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Children with `tag`, looking through content controls and customXml wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag == W_SDT:
            content = child.find(W_SDT_CONTENT)
            if content is not None:
                yield from _unwrapped(content, tag)
        elif local_name(child.tag) == "customXml":
            yield from _unwrapped(child, tag)


def _outside_text_boxes(element: etree._Element) -> Iterator[etree._Element]:
    """The element and its descendants, not descending into text box content."""
    yield element
    for child in element:
        if child.tag != W_TXBX_CONTENT and isinstance(child.tag, str):
            yield from _outside_text_boxes(child)


def _outermost(element: etree._Element, tag: str) -> Iterator[etree._Element]:
    for child in element:
        if child.tag == tag:
            yield child
        elif isinstance(child.tag, str):
            yield from _outermost(child, tag)


ALT_WORDS = {"descr": "description", "title": "title", "text": "WordArt text"}
_ALT_ATTRIBUTES = (("descr", "descr"), ("title", "title"), ("alt", "descr"),
                   (qn("o:title"), "title"), ("string", "text"))  # string: VML WordArt


def _alt_attributes(element: etree._Element) -> list[tuple[str, str]]:
    """(attribute, descr|title) pairs holding alt text on a drawing or VML element."""
    name = local_name(element.tag)
    if name not in ("docPr", "cNvPr") and not element.tag.startswith("{urn:schemas-microsoft"):
        return []
    found = [(attr, word) for attr, word in _ALT_ATTRIBUTES if element.get(attr)]
    words = [w for _, w in found]
    return [(a, w) for i, (a, w) in enumerate(found) if w not in words[:i]]


# -- writing ---------------------------------------------------------------------------------


def apply_changes(slot: Slot, changes: list[Change]) -> None:
    """Make non-overlapping changes to one block's atoms, right to left.

    Raises ValueError when a change's `before` is not the block's text at its offsets (the
    document and the changes do not belong together: never write a half-redacted file).
    """
    text = slot.text
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        if text[change.start:change.end] != change.before:
            raise ValueError(
                f"change {change.rule} at {change.block_id}[{change.start}:{change.end}] "
                f"expected {change.before!r} but found {text[change.start:change.end]!r}")
        _apply_one(slot, change.start, change.end, change.after)


def _apply_one(slot: Slot, start: int, end: int, after: str) -> None:
    if start == end:
        touched = [a for a in slot.atoms if a.start <= start <= a.end and a.symbol is None][:1]
    else:
        touched = [a for a in slot.atoms if a.start < end and start < a.end]
    placed = False
    for atom in touched:
        if atom.symbol is not None:
            if not placed:
                placed = _put_text_before(atom, after)
            parent = atom.element.getparent()
            if parent is not None:
                parent.remove(atom.element)
            continue
        text = atom.get()
        low, high = max(start, atom.start) - atom.start, min(end, atom.end) - atom.start
        atom.set(text[:low] + ("" if placed else after) + text[high:])
        placed = True
    if not placed and after:
        raise ValueError(f"no text in {slot.id} at {start} to put {after!r} into")


def _put_text_before(atom: Atom, text: str) -> bool:
    """Insert a `w:t` holding `text` before a symbol in the same run; False if not possible."""
    if not text:
        return False
    parent = atom.element.getparent()
    if parent is None or parent.tag != W_R:
        return False
    element = etree.Element(W_T)
    element.text = text
    element.set(XML_SPACE, "preserve")
    atom.element.addprevious(element)
    return True
