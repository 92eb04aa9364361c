"""A DOCX file as an OPC package: ordered parts, parsed XML, relationships, deterministic save.

This module knows zips, XML parsing and relationships, nothing about Word text. Every XML
part is parsed (entities never resolved, no network); other parts stay bytes. `save` writes
a zip with fixed timestamps and a stable part order, so the same package gives the same bytes.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from redactor.errors import InputError
from redactor.io.ooxml import CONTENT_TYPES, PACKAGE_RELS, PR_RELATIONSHIP, qn
from redactor.io.zipread import SafeZip, ZipLimits

ZIP_TIMESTAMP = (1980, 1, 1, 0, 0, 0)


def rel_type_is(rel: etree._Element, short: str) -> bool:
    """True when a relationship's Type ends with `/short` (e.g. "header", "hyperlink")."""
    return rel.get("Type", "").rsplit("/", 1)[-1] == short


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                           remove_blank_text=False)


def parse_xml(data: bytes) -> etree._Element:
    """Parse one XML part safely; raises `etree.XMLSyntaxError` on bad XML."""
    return etree.fromstring(data, _parser())


def serialize_xml(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@dataclass
class Part:
    """One zip member: parsed XML (`xml`) or raw bytes (`data`)."""

    name: str
    data: bytes
    xml: etree._Element | None = None

    def to_bytes(self) -> bytes:
        return serialize_xml(self.xml) if self.xml is not None else self.data


@dataclass
class Package:
    """The parts of a DOCX in their original order, plus helpers for relationships."""

    parts: dict[str, Part] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path, limits: ZipLimits | None = None) -> Package:
        """Read and parse a .docx; anything unreadable or unsafe raises `InputError`."""
        with SafeZip(Path(path), path, limits) as archive:
            return cls.from_members(path, archive.members(), archive.limits)

    @classmethod
    def from_bytes(cls, data: bytes, path: Path | str = "<memory>",
                   limits: ZipLimits | None = None) -> Package:
        """The same from bytes in memory (an embedded document, a package built here)."""
        with SafeZip(data, path, limits) as archive:
            return cls.from_members(path, archive.members(), archive.limits)

    @classmethod
    def from_members(cls, path: Path | str, members: list[tuple[str, bytes]],
                     limits: ZipLimits | None = None) -> Package:
        limits = limits or ZipLimits()
        names = {name for name, _ in members}
        if not any(n.startswith("word/") and n.endswith(".xml") for n in names):
            raise InputError(path, "the zip file is not a Word document (no word/document.xml "
                             "main part)")
        if CONTENT_TYPES not in names:
            raise InputError(path, f"the DOCX is damaged: it has no {CONTENT_TYPES} part (the "
                             "list of its parts' types); open it in Word, save it again and "
                             "retry")
        package = cls()
        for name, data in members:
            part = Part(name, data)
            if _looks_like_xml(name, data):
                if len(data) > limits.max_xml_bytes:
                    raise InputError(path, f"part {name} is {len(data) / 2**20:.0f} MB of XML, "
                                     f"more than the limit of {limits.max_xml_bytes // 2**20} "
                                     "MB for one part (raise it with --max-mb)")
                try:
                    part.xml = parse_xml(data)
                except etree.XMLSyntaxError as error:
                    raise InputError(path, f"the DOCX is damaged: part {name} is not readable "
                                     f"XML ({error.msg}, line {error.lineno})") from None
            package.parts[name] = part
        main = package.main_part_name()
        if main is None:
            raise InputError(path, "the zip file is not a Word document (no word/document.xml "
                             "main part)")
        if package.parts[main].xml.find(qn("w:body")) is None:
            if "purl.oclc.org/ooxml" in (package.parts[main].xml.tag or ""):
                raise InputError(path, "the document is saved as Strict Open XML, which is not "
                                 "supported; save it in Word as 'Word Document (.docx)'")
            raise InputError(path, "the DOCX main part has no document body; it is not a "
                             "normal Word document")
        return package

    # -- relationships ---------------------------------------------------------------------

    def xml(self, name: str) -> etree._Element | None:
        part = self.parts.get(name)
        return part.xml if part is not None else None

    @staticmethod
    def rels_name(part_name: str) -> str:
        """`word/document.xml` -> `word/_rels/document.xml.rels`; "" -> `_rels/.rels`."""
        folder, base = posixpath.split(part_name)
        return posixpath.join(folder, "_rels", f"{base}.rels")

    def rels(self, part_name: str) -> list[etree._Element]:
        """The Relationship elements of a part (empty when it has none)."""
        root = self.xml(self.rels_name(part_name) if part_name else PACKAGE_RELS)
        return [] if root is None else list(root.iter(PR_RELATIONSHIP))

    @staticmethod
    def target_name(source_part: str, rel: etree._Element) -> str | None:
        """The part a relationship points at, or None for an external target."""
        if rel.get("TargetMode") == "External":
            return None
        target = rel.get("Target", "")
        if target.startswith("/"):
            return target.lstrip("/")
        folder = posixpath.dirname(source_part)
        return posixpath.normpath(posixpath.join(folder, target))

    def related(self, source_part: str, short_type: str) -> list[tuple[str, str]]:
        """(rId, part name) of a part's internal relationships of one type, present parts only."""
        found = []
        for rel in self.rels(source_part):
            if rel_type_is(rel, short_type):
                name = self.target_name(source_part, rel)
                if name is not None and name in self.parts:
                    found.append((rel.get("Id", ""), name))
        return found

    def main_part_name(self) -> str | None:
        for rel in self.rels(""):
            if rel_type_is(rel, "officeDocument"):
                name = self.target_name("", rel)
                if name in self.parts and self.parts[name].xml is not None:
                    return name
        return "word/document.xml" if self.xml("word/document.xml") is not None else None

    def remove_relationships(self, source_part: str, short_types: set[str]) -> list[str]:
        """Drop a part's relationships of the given types; returns the parts they pointed at."""
        targets = []
        for rel in self.rels(source_part):
            if rel.get("Type", "").rsplit("/", 1)[-1] in short_types:
                name = self.target_name(source_part, rel)
                if name:
                    targets.append(name)
                rel.getparent().remove(rel)
        return targets

    def drop_unreachable_parts(self) -> list[str]:
        """Remove parts no relationship reaches from the package root; returns their names.

        Also removes their content-type overrides. Rels files of reachable parts and the
        content-types part stay.
        """
        reachable: set[str] = set()
        pending = [""]
        while pending:
            source = pending.pop()
            for rel in self.rels(source):
                name = self.target_name(source, rel)
                if name and name in self.parts and name not in reachable:
                    reachable.add(name)
                    pending.append(name)
        keep = {CONTENT_TYPES, PACKAGE_RELS} | reachable
        keep |= {self.rels_name(name) for name in reachable}
        dropped = [name for name in self.parts if name not in keep]
        for name in dropped:
            del self.parts[name]
        types = self.xml(CONTENT_TYPES)
        if types is not None:
            for override in list(types.iter(qn("ct:Override"))):
                if override.get("PartName", "").lstrip("/") in dropped:
                    types.remove(override)
        return dropped

    # -- writing ---------------------------------------------------------------------------

    def save(self) -> bytes:
        """The package as zip bytes: fixed timestamps, content types first, then part order."""
        buffer = io.BytesIO()
        names = [CONTENT_TYPES, *(n for n in self.parts if n != CONTENT_TYPES)]
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in names:
                info = zipfile.ZipInfo(name, date_time=ZIP_TIMESTAMP)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.create_system = 0
                info.external_attr = 0
                archive.writestr(info, self.parts[name].to_bytes())
        return buffer.getvalue()


def _looks_like_xml(name: str, data: bytes) -> bool:
    if name.lower().endswith((".xml", ".rels")):
        return True
    return data.lstrip()[:5] == b"<?xml"
