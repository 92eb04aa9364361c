"""Pictures and embedded things: embedded documents and objects (always, leaving a
placeholder), linked pictures, pictures and charts (with `drop_images`), text imported from
other files (altChunk), and the metadata inside picture files."""

from __future__ import annotations

from redactor.io.docx.media import strip_metadata
from redactor.io.docx.scrub.base import (
    EMBEDDED_PLACEHOLDER,
    EMBEDDING_RELS,
    PICTURE_RELS,
    ScrubberBase,
    _holders,
    _replace_with_text,
    _Story,
)
from redactor.io.ooxml import W_TXBX_CONTENT, local_name, qn


class Objects(ScrubberBase):
    """Embedded objects, pictures, imported documents, picture metadata."""

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
            # the imported file itself goes with its reference (unreachable parts are dropped)
            self.package.remove_relationships(story.name, {"aFChunk"})

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
