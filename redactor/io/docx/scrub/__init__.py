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

from pathlib import Path

from redactor.io.docx.package import Package
from redactor.io.docx.scrub.base import STAGE
from redactor.io.docx.scrub.history import History
from redactor.io.docx.scrub.objects import Objects
from redactor.io.docx.scrub.properties import Properties
from redactor.io.ooxml import qn
from redactor.model import Change
from redactor.options import RunOptions

__all__ = ["STAGE", "Scrubber", "scrub"]


class Scrubber(History, Objects, Properties):
    """Scrubs one package; `changes` and `inventory` are the record of what it removed."""

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


def scrub(package: Package, path: Path, options: RunOptions) -> tuple[list[Change],
                                                                      dict[str, int]]:
    """Scrub the package in place; returns (scrub changes, inventory)."""
    scrubber = Scrubber(package, path, options)
    scrubber.run()
    return scrubber.changes, scrubber.inventory
