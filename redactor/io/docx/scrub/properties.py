"""Metadata: document properties, document variables and mail merge, customXml and
the glossary, shape names, bookmarks and every `w:author`."""

from __future__ import annotations

import re

from redactor.io.docx.package import rel_type_is
from redactor.io.docx.scrub.base import GENERIC_SHAPE_NAME, ScrubberBase, _attr
from redactor.io.ooxml import CONTENT_TYPES, MAIN_CONTENT_TYPE, W_INSTR_TEXT, W_VAL, local_name, qn


class Properties(ScrubberBase):
    """Document properties and the other places names hide."""

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
            if root is not None and rel_type_is(rel, "extended-properties"):
                for element in root:  # the Manager names a person, as the author does
                    if local_name(element.tag) == "Manager" and (element.text or "").strip():
                        self._record("props/Manager", element.text,
                                     "docx.author-metadata-cleared.v1",
                                     "the Manager property names a person who oversaw the "
                                     "draft", "document property Manager")
                        element.text = ""
        for _, name in self.package.related(self.main, "settings"):
            settings = self.package.xml(name)
            for variable in list(settings.iter(qn("w:docVar"))):
                key = variable.get(qn("w:name"), "?")
                self._record(f"props/docvar/{key}", variable.get(W_VAL, ""),
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
        """Smart-tag and custom-XML data, drop-down choices and content controls' titles
        and tags: text Word does not show (or shows only in its editing frame), removed."""
        for story in self.stories:
            removed = []
            for element in list(story.root.iter(qn("w:alias"), qn("w:tag"))):
                if local_name(element.getparent().tag) == "sdtPr":
                    removed.append(_attr(element, "val"))
                    element.getparent().remove(element)
            for element in list(story.root.iter(qn("w:smartTagPr"), qn("w:listItem"),
                                                qn("w:customXmlPr"))):
                removed += [v for k, v in element.attrib.items() if v and local_name(k) in (
                    "displayText", "value")]
                removed += [_attr(a, "val") for a in element.iter(qn("w:attr"))]
                element.getparent().remove(element)
            if removed:
                self._record(f"controls/{story.name}", "; ".join(v for v in removed if v),
                             "docx.control-data-removed.v1",
                             "smart-tag and custom-XML data, drop-down choices and content "
                             "controls' titles and tags are text Word does not show",
                             story.label)

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
            for element in story.root.iter(W_INSTR_TEXT):
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
