"""What every part of the scrub shares: the tag sets, the stories (main text, headers,
footers, notes), `ScrubberBase` (the record of what was removed and where), and small
element helpers. Names starting with an underscore are private to this package."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from redactor.io.docx.package import Package
from redactor.io.docx.text import RUN_SYMBOLS
from redactor.io.ooxml import (
    NS,
    W_COMMENT_RANGE_END,
    W_COMMENT_RANGE_START,
    W_P,
    W_R,
    W_T,
    W_TBL,
    W_TC,
    W_TR,
    W_TXBX_CONTENT,
    W_VAL,
    local_name,
    qn,
)
from redactor.model import Change
from redactor.options import RunOptions

STAGE = "scrub"
TRACKED_TAGS = {qn(f"w:{t}") for t in ("ins", "del", "moveFrom", "moveTo", "cellIns",
                                        "cellDel")}
TRACKED_RANGE_TAGS = {qn(f"w:{t}") for t in (
    "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
    "customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart",
    "customXmlDelRangeEnd", "customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd", "cellMerge")}
FORMATTING_CHANGE_TAGS = {qn(f"w:{t}") for t in (
    "rPrChange", "pPrChange", "sectPrChange", "tblPrChange", "tblPrExChange", "trPrChange",
    "tcPrChange", "tblGridChange", "numberingChange")}
COMMENT_RELS = {"comments", "commentsExtended", "commentsIds", "commentsExtensible"}
COMMENT_MARKERS = {W_COMMENT_RANGE_START, W_COMMENT_RANGE_END}
#: Relationships to embedded documents and objects (their parts hold unredacted content).
EMBEDDING_RELS = {"oleObject", "package", "control", "activeXControlBinary"}
#: Elements that hold an embedded object in the text (the object and its preview picture).
EMBEDDING_HOLDERS = {qn("w:object"), qn("w:control"), qn("w:drawing"), qn("w:pict")}
EMBEDDED_PLACEHOLDER = "[embedded document removed]"
PICTURE_RELS = {"image", "oleObject", "package", "chart", "diagramData", "diagramLayout",
                "diagramQuickStyle", "diagramColors", "diagramDrawing"}
# The run text of docx_text (symbols included), plus deleted text.
TEXT_TAGS: dict[str, str | None] = {W_T: None, qn("w:delText"): None, **RUN_SYMBOLS}
W_MOVE_FROM, W_MOVE_TO = qn("w:moveFrom"), qn("w:moveTo")
W_TRPR = qn("w:trPr")
OFF_VALUES = ("0", "false", "off")
_NUMBERED = {W_P: "paragraph", W_TBL: "table", W_TR: "row", W_TC: "column"}
GENERIC_SHAPE_NAME = re.compile(
    r"(Picture|Text Box|Rectangle|Image|Chart|Diagram|Object|Group|Shape|Canvas|"
    r"Straight Connector|Oval|Drawing|Graphic|Content Placeholder)? ?\d*")


@dataclass
class _Story:
    name: str
    root: etree._Element
    label: str


@dataclass
class ScrubberBase:
    """One package being scrubbed; `changes` and `inventory` are the record of what the
    parts (`history`, `objects`, `properties`) removed."""

    package: Package
    path: Path
    options: RunOptions
    changes: list[Change] = field(default_factory=list)
    inventory: dict[str, int] = field(default_factory=dict)
    main: str = field(init=False, default="")
    stories: list[_Story] = field(init=False, default_factory=list)

    def _record(self, block_id: str, before: str, rule: str, reason: str, location: str,
                **detail: object) -> None:
        self.changes.append(Change(
            block_id=block_id, start=0, end=len(before), before=before, after="",
            stage=STAGE, rule=rule, reason=reason, location=location, detail=dict(detail)))

    def _stories(self) -> list[_Story]:
        stories = [_Story(self.main, self.package.xml(self.main), "main text")]
        for kind in ("header", "footer", "footnotes", "endnotes"):
            for _, name in self.package.related(self.main, kind):
                root = self.package.xml(name)
                if root is not None:
                    stories.append(_Story(name, root, f"{kind.rstrip('s')} part {name}"))
        return stories

    def _where(self, story: _Story, element: etree._Element) -> str:
        """Where an element is, in words like block locations ("table 1, row 2, ...")."""
        paragraph = element if element.tag == W_P else next(element.iterancestors(W_P), None)
        if paragraph is None:
            return story.label
        words: list[str] = []
        node = paragraph
        while node is not None and node is not story.root:
            parent = node.getparent()
            if parent is None:
                break
            if node.tag in _NUMBERED:
                same = [c for c in parent if c.tag == node.tag]
                words.append(f"{_NUMBERED[node.tag]} {same.index(node) + 1}")
            elif node.tag == W_TXBX_CONTENT:
                words.append("text box")
            node = parent
        return ", ".join([story.label, *reversed(words)])


def _attr(element: etree._Element, name: str) -> str:
    for key, value in element.attrib.items():
        if local_name(key) == name:
            return value
    return ""


def _text_of(element: etree._Element) -> str:
    parts = []
    for child in element.iter(*TEXT_TAGS):
        fixed = TEXT_TAGS[child.tag]
        parts.append(fixed if fixed is not None else child.text or "")
    return "".join(parts)


def _vanish(properties: etree._Element | None) -> bool | None:
    if properties is None:
        return None
    for tag in ("w:vanish", "w:specVanish"):
        element = properties.find(qn(tag))
        if element is not None:
            return element.get(W_VAL, "true").lower() not in OFF_VALUES
    return None


def _tracked_kind(element: etree._Element) -> str:
    name = local_name(element.tag)
    if name in ("del", "cellDel"):
        return "deletion"
    if name in ("ins", "cellIns"):
        return "insertion"
    return "move-from" if name == "moveFrom" else "move-to"


def _holders(root: etree._Element, rel_ids: set[str],
             tag: str | None = None) -> list[etree._Element]:
    """The run-level holders (`_embedding_holder`) of every element with `tag` or referring
    to one of `rel_ids` through an `r:` attribute, in document order, each once."""
    holders: list[etree._Element] = []
    prefix = f"{{{NS['r']}}}"
    for element in root.iter():
        if element.tag == tag or any(value in rel_ids for key, value in element.attrib.items()
                                     if key.startswith(prefix)):
            holder = _embedding_holder(element)
            if holder not in holders:
                holders.append(holder)
    return holders


def _embedding_holder(element: etree._Element) -> etree._Element:
    """The outermost run-level element holding an embedded object (object, drawing, ...)."""
    holder = element
    for ancestor in element.iterancestors():
        if ancestor.tag == W_R or ancestor.tag == W_P:
            break
        if ancestor.tag in EMBEDDING_HOLDERS or ancestor.tag == qn("mc:AlternateContent"):
            holder = ancestor
    return holder


def _replace_with_text(element: etree._Element, text: str) -> None:
    """Put a `w:t` with `text` where `element` was (inside its run)."""
    parent = element.getparent()
    if parent.tag != W_R:  # not inside a run: wrap the text in one
        replacement = etree.Element(W_R)
        etree.SubElement(replacement, W_T).text = text
    else:
        replacement = etree.Element(W_T)
        replacement.text = text
    replacement.tail = element.tail
    parent.replace(element, replacement)


def _unwrap(element: etree._Element) -> None:
    """Replace an element by its children (keeping the text that follows it)."""
    parent = element.getparent()
    index = parent.index(element)
    for offset, child in enumerate(list(element)):
        parent.insert(index + offset, child)
    tail = element.tail
    parent.remove(element)
    if tail:
        previous = parent[index - 1] if index > 0 else None
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
