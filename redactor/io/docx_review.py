"""The review copy: the draft as read, with every change shown as a Word tracked change.

`render_review_copy(document, changes, options)` returns a DOCX in which each applicable
change in running text is a `w:del` of the original text followed by a `w:ins` of the
replacement (author "redactor", a fixed date), and each flagged change carries a Word comment
saying why. Accepting every change in Word gives the redacted text; rejecting every change
gives the draft. Text that cannot hold tracked changes (document properties, alt text, link
addresses, field codes) is changed directly, as in the redacted output.

The review copy is built from the package as read (after scrubbing), so it holds no earlier
comments or tracked changes: only the redactor's. It holds the original names: it is a
confidential working file, never for publication.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field

from lxml import etree

from redactor.changes import is_applicable
from redactor.io.docx_package import NS, Package, Part, parse_xml, qn, serialize_xml
from redactor.io.docx_scrub import STAGE
from redactor.io.docx_text import W_INSTR_TEXT, W_P, W_R, W_T, XML_SPACE, Slot, apply_changes, walk
from redactor.model import Change, Document
from redactor.options import RunOptions

AUTHOR = "redactor"
INITIALS = "R"
DATE = "2000-01-01T00:00:00Z"  # fixed, so the same run gives the same bytes
FIRST_ID = 90000  # tracked-change and comment ids well above Word's own
TRACKABLE_PARTS = {"body", "table", "textbox", "header", "footer", "footnote", "endnote"}
COMMENTABLE_PARTS = {"body", "table", "textbox", "footnote", "endnote"}
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT_TYPE = ("application/vnd.openxmlformats-officedocument.wordprocessingml."
                         "comments+xml")
W_RPR, W_DEL, W_INS = qn("w:rPr"), qn("w:del"), qn("w:ins")


@dataclass
class _Ids:
    next: int = FIRST_ID

    def take(self) -> str:
        self.next += 1
        return str(self.next)


@dataclass
class _Comments:
    """The comments part being built: one `w:comment` per flagged change."""

    root: etree._Element = field(default_factory=lambda: etree.Element(
        qn("w:comments"), nsmap={"w": NS["w"]}))

    def add(self, comment_id: str, text: str) -> None:
        comment = etree.SubElement(self.root, qn("w:comment"))
        comment.set(qn("w:id"), comment_id)
        comment.set(qn("w:author"), AUTHOR)
        comment.set(qn("w:date"), DATE)
        comment.set(qn("w:initials"), INITIALS)
        paragraph = etree.SubElement(comment, W_P)
        run = etree.SubElement(paragraph, W_R)
        etree.SubElement(run, qn("w:annotationRef"))
        run = etree.SubElement(paragraph, W_R)
        text_element = etree.SubElement(run, W_T)
        text_element.text = text
        text_element.set(XML_SPACE, "preserve")


def render_review_copy(document: Document, changes: list[Change],
                       options: RunOptions) -> bytes:
    """The draft with each applied change as a tracked change and each flagged one commented.

    `changes` is every change of the run (any status); scrub changes are left out (what they
    removed is not in the package). Deterministic bytes.
    """
    package = Package.from_bytes(document.source.scrubbed, document.path)
    slots = {slot.id: slot for slot in walk(package)}
    by_block: dict[str, list[Change]] = {}
    for change in changes:
        if change.stage != STAGE and change.block_id in slots and (
                is_applicable(change) or change.flagged):
            by_block.setdefault(change.block_id, []).append(change)
    ids, comments = _Ids(), _Comments()
    homeless: list[Change] = []  # flagged where Word allows no comment (headers, properties)
    for block_id, block_changes in by_block.items():
        slot = slots[block_id]
        block_changes = _without_flags_inside_changes(block_changes)
        if not _trackable(slot):
            apply_changes(slot, [c for c in block_changes if is_applicable(c)])
            homeless.extend(c for c in block_changes if c.flagged)
            continue
        for change in sorted(block_changes, key=lambda c: c.start, reverse=True):
            comment_here = change.flagged and slot.part in COMMENTABLE_PARTS
            if change.flagged and not comment_here:
                homeless.append(change)
            _track(slot, change, ids, comments if comment_here else None)
    if homeless:
        _comment_on_first_paragraph(package, slots, homeless, ids, comments)
    if len(comments.root):
        _add_comments_part(package, comments.root)
    return package.save()


def _without_flags_inside_changes(changes: list[Change]) -> list[Change]:
    """Drop flag-only changes overlapping an applied one (that one is shown already)."""
    applied = [c for c in changes if is_applicable(c)]
    return [c for c in changes if is_applicable(c) or not any(
        a.start < c.end and c.start < a.end for a in applied)]


def _trackable(slot: Slot) -> bool:
    return slot.part in TRACKABLE_PARTS and all(
        atom.attribute is None and atom.element.getparent() is not None
        and atom.element.getparent().tag == W_R for atom in slot.atoms)


def _comment_text(change: Change) -> str:
    what = (f"'{change.before}' -> '{change.after}'" if is_applicable(change)
            else f"'{change.before}' (not changed)")
    score = f", score {change.score:.2f}" if change.score is not None else ""
    where = f" [{change.location or change.block_id}]"
    return f"Check: {what}. {change.reason} ({change.rule}{score}){where}"


# -- one change -------------------------------------------------------------------------------


def _track(slot: Slot, change: Change, ids: _Ids, comments: _Comments | None) -> None:
    """Show one change as w:del + w:ins around the runs it covers (right-to-left safe)."""
    text = slot.text
    if text[change.start:change.end] != change.before:
        raise ValueError(f"change {change.rule} at {change.block_id}[{change.start}:"
                         f"{change.end}] expected {change.before!r} but found "
                         f"{text[change.start:change.end]!r}")
    _split_at(slot, change.end)
    _split_at(slot, change.start)
    covered = _runs_between(slot, change.start, change.end)
    anchor = covered[0] if covered else _run_at(slot, change.start)
    if anchor is None:
        return
    first, last = anchor, covered[-1] if covered else anchor
    if is_applicable(change):
        first, last = _show_as_tracked(covered, anchor, change.after, ids)
    if comments is not None:
        comment_id = ids.take()
        start = etree.Element(qn("w:commentRangeStart"))
        start.set(qn("w:id"), comment_id)
        first.addprevious(start)
        end = etree.Element(qn("w:commentRangeEnd"))
        end.set(qn("w:id"), comment_id)
        last.addnext(end)
        end.addnext(_reference_run(comment_id))
        comments.add(comment_id, _comment_text(change))


def _show_as_tracked(covered: list[etree._Element], anchor: etree._Element, after: str,
                     ids: _Ids) -> tuple[etree._Element, etree._Element]:
    """Wrap the covered runs in w:del and put `after` in a w:ins; returns (first, last)."""
    wrapper = None
    for run in covered:
        if wrapper is not None and run.getprevious() is wrapper:
            wrapper.append(run)  # runs side by side share one w:del
        else:
            wrapper = _wrap(run, W_DEL, ids)
        for element in run.iter(W_T, W_INSTR_TEXT):
            element.tag = qn("w:delText") if element.tag == W_T else qn("w:delInstrText")
    last = covered[-1].getparent() if covered else anchor
    if after:
        inserted = _new_run(anchor, after)
        last.addnext(inserted)
        last = _wrap(inserted, W_INS, ids)
        if not covered:  # a pure insertion goes before the run at its position
            anchor.addprevious(last)
    return (covered[0].getparent() if covered else last), last


def _split_at(slot: Slot, position: int) -> None:
    """Make `position` a run boundary (splitting a w:t and its run when needed)."""
    for index, atom in enumerate(slot.atoms):
        if atom.start < position < atom.end and atom.symbol is None:
            text = atom.get()
            cut = position - atom.start
            atom.element.text = text[:cut]
            atom.element.set(XML_SPACE, "preserve")
            tail = copy.deepcopy(atom.element)
            tail.text = text[cut:]
            atom.element.addnext(tail)
            slot.atoms.insert(index + 1, type(atom)(position, atom.end, tail))
            atom.end = position
            break
    for atom in slot.atoms:
        if atom.start == position:
            _split_run_before(atom.element)
            return


def _split_run_before(element: etree._Element) -> None:
    """Move the run children before `element` into a new run (same properties) before it."""
    run = element.getparent()
    children = [c for c in run if c.tag != W_RPR]
    before = children[: children.index(element)]
    if not before:
        return
    new_run = etree.Element(W_R, attrib=dict(run.attrib))
    properties = run.find(W_RPR)
    if properties is not None:
        new_run.append(copy.deepcopy(properties))
    for child in before:
        new_run.append(child)
    run.addprevious(new_run)


def _runs_between(slot: Slot, start: int, end: int) -> list[etree._Element]:
    runs: list[etree._Element] = []
    for atom in slot.atoms:
        if start <= atom.start and atom.end <= end and atom.end > atom.start:
            run = atom.element.getparent()
            if not runs or runs[-1] is not run:
                runs.append(run)
    return runs


def _run_at(slot: Slot, position: int) -> etree._Element | None:
    for atom in slot.atoms:
        if atom.start >= position:
            return atom.element.getparent()
    return slot.atoms[-1].element.getparent() if slot.atoms else None


def _wrap(run: etree._Element, tag: str, ids: _Ids) -> etree._Element:
    wrapper = etree.Element(tag)
    wrapper.set(qn("w:id"), ids.take())
    wrapper.set(qn("w:author"), AUTHOR)
    wrapper.set(qn("w:date"), DATE)
    run.addprevious(wrapper)
    wrapper.append(run)
    return wrapper


def _new_run(model: etree._Element, text: str) -> etree._Element:
    run = etree.Element(W_R)
    properties = model.find(W_RPR)
    if properties is not None:
        run.append(copy.deepcopy(properties))
    element = etree.SubElement(run, W_T)
    element.text = text
    element.set(XML_SPACE, "preserve")
    return run


def _reference_run(comment_id: str) -> etree._Element:
    run = etree.Element(W_R)
    properties = etree.SubElement(run, W_RPR)
    etree.SubElement(properties, qn("w:rStyle")).set(qn("w:val"), "CommentReference")
    etree.SubElement(run, qn("w:commentReference")).set(qn("w:id"), comment_id)
    return run


# -- comments with no place of their own ------------------------------------------------------


def _comment_on_first_paragraph(package: Package, slots: dict[str, Slot],
                                homeless: list[Change], ids: _Ids,
                                comments: _Comments) -> None:
    """Flagged changes in headers, properties, ...: comments on the first body paragraph."""
    main = package.main_part_name()
    body = package.xml(main).find(qn("w:body"))
    paragraph = next(body.iter(W_P), None) if body is not None else None
    if paragraph is None:
        return
    for change in homeless:
        comment_id = ids.take()
        start = etree.Element(qn("w:commentRangeStart"))
        start.set(qn("w:id"), comment_id)
        properties = paragraph.find(qn("w:pPr"))
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph.insert(0, start)
        end = etree.SubElement(paragraph, qn("w:commentRangeEnd"))
        end.set(qn("w:id"), comment_id)
        paragraph.append(_reference_run(comment_id))
        comments.add(comment_id, _comment_text(change))


def _add_comments_part(package: Package, root: etree._Element) -> None:
    main = package.main_part_name()
    folder = main.rsplit("/", 1)[0] if "/" in main else ""
    name = f"{folder}/comments.xml" if folder else "comments.xml"
    package.parts[name] = Part(name, serialize_xml(root), root)
    rels_name = package.rels_name(main)
    rels = package.xml(rels_name)
    if rels is None:
        rels = parse_xml(b'<Relationships xmlns="http://schemas.openxmlformats.org/package/'
                         b'2006/relationships"/>')
        package.parts[rels_name] = Part(rels_name, b"", rels)
    taken = {rel.get("Id") for rel in rels}
    rid = next(f"rIdRedactorComments{n}" for n in range(100)
               if f"rIdRedactorComments{n}" not in taken)
    relationship = etree.SubElement(rels, qn("pr:Relationship"))
    relationship.set("Id", rid)
    relationship.set("Type", COMMENTS_TYPE)
    relationship.set("Target", "comments.xml")
    types = package.xml("[Content_Types].xml")
    override = etree.SubElement(types, qn("ct:Override"))
    override.set("PartName", f"/{name}")
    override.set("ContentType", COMMENTS_CONTENT_TYPE)
