"""What never reaches a published DOCX, removed before any text is read.

`scrub(package, path, options)` edits the parsed package in place and returns the scrub
changes (stage "scrub", one per removed thing, `before` = the removed text) and the inventory
of what the file held. Removed: comments (and their parts, markers and author list), tracked
change history (refused unless `accept_changes`; then insertions kept, deletions dropped),
formatting-change history, hidden text, author metadata (creator, lastModifiedBy, every
`w:author`), thumbnails, document variables, mail-merge settings, customXml data, the glossary
(building blocks), text imported from other files (altChunk); pictures and charts only with
`drop_images`. Embedded documents and objects (OLE objects, embedded packages, ActiveX
controls, the workbooks behind charts) are always removed, each leaving a visible placeholder:
their content and the preview picture Word shows of them are not redacted. Scrub changes use
block ids that are not blocks of the document (`comment/4/p0`, `tracked/3`, `hidden/2`, ...):
the writer never applies them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from redactor.errors import InputError
from redactor.io.docx.media import strip_metadata
from redactor.io.docx.package import (
    CONTENT_TYPES,
    NS,
    Package,
    local_name,
    qn,
    rel_type_is,
)
from redactor.io.docx.text import RUN_SYMBOLS, W_P, W_R, W_TXBX_CONTENT
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
COMMENT_MARKERS = {qn("w:commentRangeStart"), qn("w:commentRangeEnd")}
#: Relationships to embedded documents and objects (their parts hold unredacted content).
EMBEDDING_RELS = {"oleObject", "package", "control", "activeXControlBinary"}
#: Elements that hold an embedded object in the text (the object and its preview picture).
EMBEDDING_HOLDERS = {qn("w:object"), qn("w:control"), qn("w:drawing"), qn("w:pict")}
EMBEDDED_PLACEHOLDER = "[embedded document removed]"
PICTURE_RELS = {"image", "oleObject", "package", "chart", "diagramData", "diagramLayout",
                "diagramQuickStyle", "diagramColors", "diagramDrawing"}
# The run text of docx_text (symbols included), plus deleted text.
TEXT_TAGS: dict[str, str | None] = {qn("w:t"): None, qn("w:delText"): None, **RUN_SYMBOLS}
W_DEL, W_INS, W_MOVE_FROM, W_MOVE_TO = qn("w:del"), qn("w:ins"), qn("w:moveFrom"), qn("w:moveTo")
W_RPR, W_PPR, W_TRPR = qn("w:rPr"), qn("w:pPr"), qn("w:trPr")
OFF_VALUES = ("0", "false", "off")
_NUMBERED = {W_P: "paragraph", qn("w:tbl"): "table", qn("w:tr"): "row", qn("w:tc"): "column"}
MAIN_CONTENT_TYPE = ("application/vnd.openxmlformats-officedocument.wordprocessingml."
                     "document.main+xml")
GENERIC_SHAPE_NAME = re.compile(
    r"(Picture|Text Box|Rectangle|Image|Chart|Diagram|Object|Group|Shape|Canvas|"
    r"Straight Connector|Oval|Drawing|Graphic|Content Placeholder)? ?\d*")


@dataclass
class _Story:
    name: str
    root: etree._Element
    label: str


@dataclass
class Scrubber:
    """Scrubs one package; `changes` and `inventory` are the record of what it removed."""

    package: Package
    path: Path
    options: RunOptions
    changes: list[Change] = field(default_factory=list)
    inventory: dict[str, int] = field(default_factory=dict)
    main: str = field(init=False, default="")
    stories: list[_Story] = field(init=False, default_factory=list)

    def run(self) -> None:
        main = self.package.main_part_name()
        assert main is not None  # Package.open refuses a package without one
        self.main = main
        self.stories = self._stories()
        for story in self.stories:
            for fallback in list(story.root.iter(qn("mc:Fallback"))):
                fallback.getparent().remove(fallback)  # a copy of mc:Choice for old readers
        self._comments()
        self._tracked_changes()
        self._formatting_changes()
        self._hidden_text()
        self._embedded_objects()
        self._linked_pictures()
        self._pictures()
        self._imported_documents()
        self._metadata()
        self._package_extras()
        self._shape_names()
        self._bookmarks()
        self._author_attributes()
        self.package.drop_unreachable_parts()
        self._picture_metadata()

    def _picture_metadata(self) -> None:
        for part in self.package.parts.values():
            if part.xml is not None:
                continue
            stripped, removed = strip_metadata(part.data)
            if removed:
                part.data = stripped
                self._record(f"image-metadata/{part.name}", "",
                             "docx.image-metadata-removed.v1",
                             "picture metadata (camera, author, place, time) is not for "
                             "publication", f"picture file {part.name}",
                             removed=sorted(set(removed)))

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

    # -- comments ----------------------------------------------------------------------------

    def _comments(self) -> None:
        count = 0
        for _, name in self.package.related(self.main, "comments"):
            for comment in self.package.xml(name).iter(qn("w:comment")):
                count += 1
                comment_id = comment.get(qn("w:id"), "?")
                for number, paragraph in enumerate(comment.iter(W_P)):
                    text = _text_of(paragraph)
                    if text:
                        self._record(f"comment/{comment_id}/p{number}", text,
                                     "docx.comment-removed.v1",
                                     "comments are reviewers' notes, never published",
                                     f"comment {comment_id}, paragraph {number + 1}")
        self.inventory["comments"] = count
        for story in self.stories:
            for marker in list(story.root.iter(*COMMENT_MARKERS, qn("w:commentReference"))):
                parent = marker.getparent()
                parent.remove(marker)
                if parent.tag == W_R and all(c.tag == W_RPR for c in parent):
                    parent.getparent().remove(parent)
        self.package.remove_relationships(self.main, COMMENT_RELS)
        for _, name in self.package.related(self.main, "people"):
            authors = sorted({_attr(p, "author") for p in self.package.xml(name).iter()
                              if _attr(p, "author")})
            self._record("people", "; ".join(authors), "docx.author-list-removed.v1",
                         "the list of people who commented or edited names them",
                         "list of authors (people.xml)")
        self.package.remove_relationships(self.main, {"people"})

    # -- tracked changes -----------------------------------------------------------------------

    def _tracked_changes(self) -> None:
        found = [(story, element) for story in self.stories
                 for element in story.root.iter(*TRACKED_TAGS)]
        self.inventory["tracked_changes"] = len(found)
        if found and not self.options.accept_changes:
            first = "; ".join(f"{_tracked_kind(e)} in {self._where(s, e)}"
                              for s, e in found[:3])
            more = ", ..." if len(found) > 3 else ""
            plural = "s" if len(found) != 1 else ""
            raise InputError(self.path, f"{len(found)} unresolved tracked change{plural} ({first}"
                             f"{more}); accept or reject them in Word, or run with "
                             "--accept-changes")
        number = 0
        for story, element in found:
            if element.getroottree().getroot() is not story.root:
                continue  # inside something already removed
            where = self._where(story, element)
            removed = element.tag in (W_DEL, W_MOVE_FROM, qn("w:cellDel"))
            parent = element.getparent()
            text = _text_of(element)
            if parent.tag in (W_RPR, W_TRPR) or local_name(parent.tag) == "tcPr":
                self._resolve_marker(element)
            elif removed:
                parent.remove(element)
            else:
                _unwrap(element)
            if text:
                self._record(f"tracked/{number}", text if removed else "",
                             f"docx.tracked-{_tracked_kind(element)}-accepted.v1",
                             "tracked changes are accepted before publication: deleted text "
                             "goes, inserted text stays", where,
                             **({} if removed else {"inserted": text}))
                number += 1
        for story in self.stories:
            for element in list(story.root.iter(*TRACKED_RANGE_TAGS)):
                element.getparent().remove(element)

    def _resolve_marker(self, marker: etree._Element) -> None:
        """Accept a change marked on a paragraph mark or a table row."""
        holder = marker.getparent()  # rPr, trPr or tcPr
        holder.remove(marker)
        if marker.tag not in (W_DEL, W_MOVE_FROM):
            return
        if holder.tag == W_TRPR:
            row = holder.getparent()
            row.getparent().remove(row)
            return
        properties = holder.getparent()
        paragraph = properties.getparent() if properties.tag == W_PPR else None
        if paragraph is None or paragraph.tag != W_P:
            return
        following = paragraph.getnext()
        if following is not None and following.tag == W_P:
            for child in list(following):
                if child.tag != W_PPR:
                    paragraph.append(child)
            following.getparent().remove(following)

    def _formatting_changes(self) -> None:
        count = 0
        for part in list(self.package.parts.values()):
            if part.xml is None or not part.name.startswith("word/"):
                continue
            for element in list(part.xml.iter(*FORMATTING_CHANGE_TAGS)):
                element.getparent().remove(element)
                count += 1
        self.inventory["formatting_changes"] = count
        if count:
            self._record("tracked/formatting", "", "docx.formatting-history-removed.v1",
                         "formatting-change history names its authors", "whole document",
                         count=count)

    # -- hidden text -----------------------------------------------------------------------------

    def _hidden_text(self) -> None:
        hidden_styles = self._hidden_styles()
        count = 0
        for story in self.stories:
            for run in list(story.root.iter(W_R)):
                if run.getroottree().getroot() is not story.root or \
                        not self._is_hidden(run, hidden_styles):
                    continue
                text = _text_of(run)
                where = self._where(story, run)
                if run.find(qn("w:fldChar")) is not None or run.find(qn("w:instrText")) is not None:
                    for child in list(run):
                        if child.tag in TEXT_TAGS:
                            run.remove(child)
                else:
                    run.getparent().remove(run)
                if text:
                    self._record(f"hidden/{count}", text, "docx.hidden-text-removed.v1",
                                 "hidden text is invisible in Word but still in the file",
                                 where)
                count += 1
        self.inventory["hidden_runs"] = count

    def _hidden_styles(self) -> set[str]:
        styles: dict[str, tuple[str | None, bool | None]] = {}
        for _, name in self.package.related(self.main, "styles"):
            for style in self.package.xml(name).iter(qn("w:style")):
                based = style.find(qn("w:basedOn"))
                styles[style.get(qn("w:styleId"), "")] = (
                    based.get(qn("w:val")) if based is not None else None,
                    _vanish(style.find(W_RPR)))

        def hidden(style_id: str, depth: int = 0) -> bool:
            based, vanish = styles.get(style_id, (None, None))
            if vanish is not None:
                return vanish
            return bool(based) and depth < 20 and hidden(based, depth + 1)

        return {style_id for style_id in styles if hidden(style_id)}

    @staticmethod
    def _is_hidden(run: etree._Element, hidden_styles: set[str]) -> bool:
        properties = run.find(W_RPR)
        explicit = _vanish(properties)
        if explicit is not None:
            return explicit
        if properties is not None:
            style = properties.find(qn("w:rStyle"))
            if style is not None and style.get(qn("w:val")) in hidden_styles:
                return True
        paragraph = next(run.iterancestors(W_P), None)
        style = None if paragraph is None else paragraph.find(f"{W_PPR}/{qn('w:pStyle')}")
        return style is not None and style.get(qn("w:val")) in hidden_styles

    # -- pictures and embedded things --------------------------------------------------------

    def _pictures(self) -> None:
        counts = {"images": 0, "charts": 0, "diagrams": 0, "embedded_objects": 0}
        for story in self.stories:
            root = story.root
            counts["images"] += sum(1 for _ in root.iter(qn("a:blip"), qn("v:imagedata")))
            for data in root.iter(qn("a:graphicData")):
                uri = data.get("uri", "")
                if uri.endswith("/chart"):
                    counts["charts"] += 1
                elif uri.endswith("/diagram"):
                    counts["diagrams"] += 1
            counts["embedded_objects"] += sum(1 for _ in root.iter(qn("w:object")))
        counts["embedded_files"] = sum(1 for name in self.package.parts
                                       if name.startswith("word/embeddings/"))
        self.inventory.update(counts)
        if not self.options.drop_images:
            return
        number = 0
        for story in self.stories:
            holders = [e for e in story.root.iter(qn("w:drawing"), qn("w:pict"), qn("w:object"))
                       if next(e.iter(W_TXBX_CONTENT), None) is None]
            for holder in holders:
                if holder.getroottree().getroot() is not story.root:
                    continue
                alt = " ".join(v for e in holder.iter() for k, v in e.attrib.items()
                               if local_name(k) in ("descr", "title", "alt") and v)
                self._record(f"removed-image/{number}", alt, "docx.picture-removed.v1",
                             "pictures, charts and embedded objects are removed "
                             "(--drop-images)", self._where(story, holder))
                number += 1
                holder.getparent().remove(holder)
            self._drop_unused_rels(story, PICTURE_RELS)

    def _embedded_objects(self) -> None:
        """Embedded documents and objects go, each replaced by a visible placeholder.

        An object (an IMR or chronology pasted as a Word object, a spreadsheet, a package)
        holds the unredacted text and author of another file, and Word shows a picture of it
        that cannot be redacted either: neither may reach a published report.
        """
        number = 0
        for story in self.stories:
            targets = {rel.get("Id"): self.package.target_name(story.name, rel) or
                       rel.get("Target", "") for rel in self.package.rels(story.name)
                       if rel.get("Type", "").rsplit("/", 1)[-1] in EMBEDDING_RELS}
            holders = _holders(story.root, set(targets), qn("w:object"))
            for holder in holders:
                if holder.getroottree().getroot() is not story.root:
                    continue  # inside an object already removed
                parts = sorted({targets[value] for e in holder.iter()
                                for value in e.attrib.values() if value in targets})
                programs = sorted({v for e in holder.iter() for k, v in e.attrib.items()
                                   if local_name(k) == "ProgID" and v})
                self._record(f"embedded/{number}", " ".join(t for t in holder.itertext()
                                                            if t.strip()),
                             "docx.embedded-object-removed.v1",
                             "an embedded document or object holds unredacted text and a "
                             "picture of it that cannot be redacted; paste its text into the "
                             "draft instead", self._where(story, holder),
                             parts=parts, programs=programs)
                number += 1
                _replace_with_text(holder, EMBEDDED_PLACEHOLDER)
            self.package.remove_relationships(story.name, EMBEDDING_RELS)
            if holders:  # the preview pictures of removed objects go with them
                self._drop_unused_rels(story, PICTURE_RELS)
        for part in list(self.package.parts.values()):  # charts' workbooks of data
            if part.xml is None or part.name.startswith(("word/document", "word/header",
                                                         "word/footer")):
                continue
            data = list(part.xml.iter("{*}externalData"))
            dropped = self.package.remove_relationships(part.name, EMBEDDING_RELS)
            for element in data:
                element.getparent().remove(element)
            if dropped:
                self._record(f"embedded/{number}", "", "docx.embedded-workbook-removed.v1",
                             "the workbook behind a chart is an embedded file that is not "
                             "redacted; the chart keeps its picture and labels",
                             f"part {part.name}", parts=sorted(dropped))
                number += 1
        self.inventory["embedded_removed"] = number

    def _linked_pictures(self) -> None:
        """Pictures linked from the web (not stored in the file) go: a reader's Word or
        LibreOffice would fetch them, telling the host who opened the report, and their
        address can name people."""
        number = 0
        for story in self.stories:
            linked = {rel.get("Id"): rel.get("Target", "") for rel in self.package.rels(story.name)
                      if rel.get("TargetMode") == "External"
                      and rel.get("Type", "").rsplit("/", 1)[-1] == "image"}
            if not linked:
                continue
            for holder in _holders(story.root, set(linked)):
                if holder.getroottree().getroot() is not story.root:
                    continue
                targets = sorted({linked[v] for e in holder.iter() for v in e.attrib.values()
                                  if v in linked})
                self._record(f"linked-picture/{number}", " ".join(targets),
                             "docx.linked-picture-removed.v1",
                             "a picture linked from the web is fetched when the report is "
                             "opened, and its address can name people", self._where(story, holder))
                number += 1
                holder.getparent().remove(holder)
            for rel in self.package.rels(story.name):
                if rel.get("Id") in linked:
                    rel.getparent().remove(rel)
        self.inventory["linked_pictures_removed"] = number

    def _drop_unused_rels(self, story: _Story, short_types: set[str]) -> None:
        """Remove a story's relationships of these types that nothing in it refers to."""
        used = {value for element in story.root.iter() for value in element.attrib.values()}
        for rel in self.package.rels(story.name):
            if rel.get("Type", "").rsplit("/", 1)[-1] in short_types and \
                    rel.get("Id") not in used:
                rel.getparent().remove(rel)

    def _imported_documents(self) -> None:
        for story in self.stories:
            for number, chunk in enumerate(list(story.root.iter(qn("w:altChunk")))):
                self._record(f"imported/{number}", "", "docx.imported-document-removed.v1",
                             "text imported from another file (altChunk) cannot be checked; "
                             "paste it into the draft as text", self._where(story, chunk))
                chunk.getparent().remove(chunk)

    # -- metadata ----------------------------------------------------------------------------

    def _metadata(self) -> None:
        for rel in self.package.rels(""):
            name = self.package.target_name("", rel)
            root = self.package.xml(name) if name else None
            if root is not None and rel_type_is(rel, "core-properties"):
                for tag in ("dc:creator", "cp:lastModifiedBy"):
                    for element in root.findall(qn(tag)):
                        if element.text and element.text.strip():
                            key = local_name(element.tag)
                            self._record(f"props/{key}", element.text,
                                         "docx.author-metadata-cleared.v1",
                                         "author metadata names the people who wrote the "
                                         "draft", f"document property {key}")
                        element.text = ""
        for _, name in self.package.related(self.main, "settings"):
            settings = self.package.xml(name)
            for variable in list(settings.iter(qn("w:docVar"))):
                key = variable.get(qn("w:name"), "?")
                self._record(f"props/docvar/{key}", variable.get(qn("w:val"), ""),
                             "docx.document-variable-removed.v1",
                             "document variables are hidden text", f"document variable {key}")
            for tag in ("w:docVars", "w:mailMerge"):
                for element in list(settings.iter(qn(tag))):
                    element.getparent().remove(element)
            for element in list(settings.iter(qn("w:attachedTemplate"))):
                element.getparent().remove(element)
            for rel in self.package.rels(name):
                if rel_type_is(rel, "attachedTemplate"):
                    self._record("props/template", rel.get("Target", ""),
                                 "docx.template-path-removed.v1",
                                 "the template's path often names the author's user folder",
                                 "attached template")
            self.package.remove_relationships(name, {"attachedTemplate"})
        self._control_data()

    def _control_data(self) -> None:
        """Smart-tag data and drop-down choices: text Word does not show, removed."""
        for story in self.stories:
            removed = []
            for element in list(story.root.iter(qn("w:smartTagPr"), qn("w:listItem"))):
                removed += [v for k, v in element.attrib.items() if v and local_name(k) in (
                    "displayText", "value")]
                removed += [_attr(a, "val") for a in element.iter(qn("w:attr"))]
                element.getparent().remove(element)
            if removed:
                self._record(f"controls/{story.name}", "; ".join(v for v in removed if v),
                             "docx.control-data-removed.v1",
                             "smart-tag data and drop-down choices are text Word does not "
                             "show", story.label)

    def _package_extras(self) -> None:
        removals = (
            ("", "thumbnail", "docx.thumbnail-removed.v1",
             "the thumbnail is a picture of the unredacted first page"),
            (self.main, "customXml", "docx.custom-xml-removed.v1",
             "customXml data holds copies of document text and properties"),
            (self.main, "glossaryDocument", "docx.glossary-removed.v1",
             "building blocks and AutoText can hold names"),
            (self.main, "vbaProject", "docx.macros-removed.v1",
             "macros are code, not part of a published report"),
        )
        for source, short_type, rule, reason in removals:
            for _, name in self.package.related(source, short_type):
                root = self.package.xml(name)
                text = "" if root is None else " ".join(
                    t.strip() for t in root.itertext() if t.strip())
                self._record(f"removed-part/{name}", text, rule, reason, f"part {name}")
            self.package.remove_relationships(source, {short_type})
        types = self.package.xml(CONTENT_TYPES)
        for override in types.iter(qn("ct:Override")):
            if override.get("PartName", "").lstrip("/") == self.main:
                override.set("ContentType", MAIN_CONTENT_TYPE)  # no longer macro-enabled

    def _shape_names(self) -> None:
        """Picture and shape names (often the photo's file name) become "Picture N"."""
        number = 0
        for story in self.stories:
            for element in story.root.iter(qn("wp:docPr"), qn("pic:cNvPr"), "{*}cNvPr"):
                name = element.get("name")
                if not name or GENERIC_SHAPE_NAME.fullmatch(name):
                    continue
                number += 1
                element.set("name", f"Picture {number}")
                self._record(f"shape-name/{number}", name, "docx.shape-name-replaced.v1",
                             "a picture's name is often its file name, which can name people",
                             self._where(story, element))

    def _bookmarks(self) -> None:
        """Bookmark names a person typed (not Word's own `_Toc...`) become `bookmarkN`.

        Links and field codes that point at a renamed bookmark are updated with it.
        """
        renamed: dict[str, str] = {}
        for story in self.stories:
            for element in story.root.iter(qn("w:bookmarkStart")):
                name = element.get(qn("w:name"), "")
                if not name or name.startswith("_"):
                    continue
                new = renamed.setdefault(name, f"bookmark{len(renamed) + 1}")
                element.set(qn("w:name"), new)
        if not renamed:
            return
        pattern = re.compile(r"(?<![\w])(" + "|".join(
            re.escape(n) for n in sorted(renamed, key=len, reverse=True)) + r")(?![\w])")
        for story in self.stories:
            for element in story.root.iter(qn("w:hyperlink")):
                if element.get(qn("w:anchor")) in renamed:
                    element.set(qn("w:anchor"), renamed[element.get(qn("w:anchor"))])
            for element in story.root.iter(qn("w:instrText")):
                element.text = pattern.sub(lambda m: renamed[m.group(1)], element.text or "")
            for element in story.root.iter(qn("w:fldSimple")):
                element.set(qn("w:instr"), pattern.sub(lambda m: renamed[m.group(1)],
                                                       element.get(qn("w:instr"), "")))
        for old, new in renamed.items():
            self._record(f"bookmark/{new}", old, "docx.bookmark-renamed.v1",
                         "bookmark names are typed by people and can name people",
                         f"bookmark now called {new}")

    def _author_attributes(self) -> None:
        """No `author`/`initials` attribute or editing-permission name survives anywhere."""
        for part in self.package.parts.values():
            if part.xml is None:
                continue
            for element in list(part.xml.iter(qn("w:permStart"), qn("w:permEnd"))):
                element.getparent().remove(element)
            for element in part.xml.iter():
                for key in [k for k in element.attrib if local_name(k) in ("author", "initials")
                            and k.startswith("{")]:
                    del element.attrib[key]


def scrub(package: Package, path: Path, options: RunOptions) -> tuple[list[Change],
                                                                      dict[str, int]]:
    """Scrub the package in place; returns (scrub changes, inventory)."""
    scrubber = Scrubber(package, path, options)
    scrubber.run()
    return scrubber.changes, scrubber.inventory


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
            return element.get(qn("w:val"), "true").lower() not in OFF_VALUES
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
        etree.SubElement(replacement, qn("w:t")).text = text
    else:
        replacement = etree.Element(qn("w:t"))
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
