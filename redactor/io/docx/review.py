"""The review copy: the draft as read, with every change shown as a Word tracked change.

`render_review_copy(document, changes, options)` returns a DOCX in which each applicable
change in running text is a `w:del` of the original text followed by a `w:ins` of the
replacement (author "redactor", dated the day of the run), and each flagged change carries a
comment that says in a sentence what was done and why, the rule id last. Accepting every
change in Word gives the redacted text; rejecting every change gives the draft. Text that
cannot hold tracked changes (document properties, alt text, link addresses, field codes) is
changed directly, as in the redacted output.

The draft's own comments are kept, each starting "From the draft:" with its author and date.
Everything else the scrub removes (earlier tracked changes, hidden text, ...) is not there.

Comments are anchored only in the main text (body, tables, text boxes): LibreOffice (7.4)
refuses to open a DOCX with a comment in a footnote, endnote, header or footer, and Word
allows none in headers and footers. A comment about such a place (the tracked change itself
stays where it is) goes on the note's reference mark in the body, or else on the first
paragraph, and names the place.

The review copy holds the original names: it is a confidential working file, never for
publication.
"""

from __future__ import annotations

import copy
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from lxml import etree

from redactor.changes import is_applicable
from redactor.errors import RedactorError
from redactor.io.docx.package import Package, Part, parse_xml, serialize_xml
from redactor.io.docx.scrub import STAGE, scrub
from redactor.io.docx.text import Slot, apply_changes, walk
from redactor.io.ooxml import (
    COMMENTS_CONTENT_TYPE,
    NS,
    PR_RELATIONSHIP,
    RELS_TYPE_BASE,
    W_AUTHOR,
    W_COMMENT_RANGE_END,
    W_COMMENT_RANGE_START,
    W_COMMENT_REFERENCE,
    W_DATE,
    W_DEL,
    W_ID,
    W_INS,
    W_INSTR_TEXT,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_T,
    W_VAL,
    XML_SPACE,
    local_name,
    qn,
)
from redactor.io.zipread import ZipLimits
from redactor.model import Change, Document
from redactor.options import RunOptions

AUTHOR = "redactor"
INITIALS = "R"
FIRST_ID = 90000  # tracked-change and comment ids well above Word's own
TRACKABLE_PARTS = {"body", "table", "textbox", "header", "footer", "footnote", "endnote"}
COMMENTS_TYPE = f"{RELS_TYPE_BASE}comments"
DRAFT_MARK = "From the draft"
W_COMMENT = qn("w:comment")
COMMENT_MARKERS = (W_COMMENT_RANGE_START, W_COMMENT_RANGE_END, W_COMMENT_REFERENCE)
# Stand-ins for the draft's comment markers while the scrub runs (it removes real ones).
_KEEP = "urn:redactor:review-copy"


def run_date() -> str:
    """The date on the review copy's changes: today (UTC), or the day of SOURCE_DATE_EPOCH.

    Midnight of the day, so every run of the same day gives the same bytes.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    now = datetime.fromtimestamp(int(epoch), UTC) if epoch.isdigit() else datetime.now(UTC)
    return now.strftime("%Y-%m-%dT00:00:00Z")


@dataclass
class _Ids:
    date: str  # of every tracked change and comment
    next: int = FIRST_ID

    def take(self) -> str:
        self.next += 1
        return str(self.next)


@dataclass
class _Comments:
    """The comments part being built: the draft's comments and one per flagged change."""

    date: str
    root: etree._Element = field(default_factory=lambda: etree.Element(
        qn("w:comments"), nsmap={"w": NS["w"]}))

    def add(self, comment_id: str, text: str) -> None:
        comment = etree.SubElement(self.root, W_COMMENT)
        comment.set(W_ID, comment_id)
        comment.set(W_AUTHOR, AUTHOR)
        comment.set(W_DATE, self.date)
        comment.set(qn("w:initials"), INITIALS)
        paragraph = etree.SubElement(comment, W_P)
        run = etree.SubElement(paragraph, W_R)
        etree.SubElement(run, qn("w:annotationRef"))
        paragraph.append(_text_run(text))

    def add_draft(self, comment_id: str, original: etree._Element, where: str) -> None:
        """The draft's own comment, its first paragraph starting "From the draft: "."""
        comment = copy.deepcopy(original)
        comment.set(W_ID, comment_id)
        if not comment.get(W_AUTHOR):
            comment.set(W_AUTHOR, "draft")
        first = comment.find(W_P)
        if first is None:
            first = etree.SubElement(comment, W_P)
        mark = _text_run(f"{DRAFT_MARK}{f' ({where})' if where else ''}: ")
        references = [r for r in first.findall(W_R) if r.find(qn("w:annotationRef")) is not None]
        if references:
            references[-1].addnext(mark)
        else:
            properties = first.find(W_PPR)
            first.insert(first.index(properties) + 1 if properties is not None else 0, mark)
        self.root.append(comment)


def render_review_copy(document: Document, changes: list[Change], options: RunOptions,
                       date: str | None = None) -> bytes:
    """The draft with each applied change as a tracked change and each flagged one commented.

    `changes` is every change of the run (any status); scrub changes are left out (what they
    removed is not in the package). `date` (ISO 8601) defaults to `run_date()`.
    Deterministic bytes for the same date.
    """
    date = date or run_date()
    ids, comments = _Ids(date), _Comments(date)
    package = _scrubbed_with_draft_comments(document, options, ids, comments)
    main_root = package.xml(package.main_part_name())
    slots = {slot.id: slot for slot in walk(package)}
    by_block: dict[str, list[Change]] = {}
    for change in changes:
        if change.stage != STAGE and change.block_id in slots and (
                is_applicable(change) or change.flagged):
            by_block.setdefault(change.block_id, []).append(change)
    homeless: list[Change] = []  # flagged where no comment can be anchored
    for block_id, block_changes in by_block.items():
        slot = slots[block_id]
        block_changes = _without_flags_inside_changes(block_changes)
        if not _trackable(slot):
            apply_changes(slot, [c for c in block_changes if is_applicable(c)])
            homeless.extend(c for c in block_changes if c.flagged)
            continue
        in_main = slot.atoms[0].element.getroottree().getroot() is main_root
        for change in sorted(block_changes, key=lambda c: c.start, reverse=True):
            comment_here = change.flagged and in_main
            if change.flagged and not comment_here:
                homeless.append(change)
            _track(slot, change, ids, comments if comment_here else None)
    for change in homeless:
        comment_id = ids.take()
        kind, _, rest = change.block_id.partition("/")
        note = (kind, rest.split("/", 1)[0]) if kind in ("footnote", "endnote") else None
        _anchor_outside_main(package, note, comment_id)
        comments.add(comment_id, explain(change, where=change.location
                                          or slots[change.block_id].location))
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


# -- what a comment says ---------------------------------------------------------------------

PRECISION_WORDS = {"month": "the month", "part-of-month": "part of the month",
                   "year": "the year", "day": "the day"}
_ROLE = re.compile(r"mention of (P\d+) \(([^)]+)\)")


def explain(change: Change, where: str = "") -> str:
    """What was done and why, as a sentence for the chair; the rule id last.

    `where` names the place when the comment cannot sit on the text itself ("footnote 3,
    paragraph 1").
    """
    sentence = _why(change)
    if not is_applicable(change):
        sentence = f"Not changed: {sentence[:1].lower()}{sentence[1:]} Check it."
    elif change.flagged:
        sentence += " Please check it."
    if where:
        sentence = f"In {where}: '{change.before}'. {sentence}"
    return f"{sentence} (rule {change.rule})"


def _why(change: Change) -> str:
    """The sentence for one kind of change, from its stage, rule and details."""
    detail = change.detail or {}
    if change.stage == "pseudonyms":
        if change.rule == "redact-term.v1":
            return "Listed under 'redact' in the case file."
        source = "case file" if detail.get("pseudonym") == "case-file" else "generated"
        if detail.get("new_person"):
            ambiguous = f" {detail['ambiguous']}." if detail.get("ambiguous") else ""
            return (f"A person not in the case file, given a {source} pseudonym "
                    f"({change.person or 'new person'}).{ambiguous} Add them to the case file, "
                    "or keep the name if they may be named.")
        role = _ROLE.search(change.reason)
        who = f"the {role.group(2)}" if role else (change.person or "a person in the case")
        return f"Pseudonym for {who} ({source})."
    if change.stage == "dates":
        precision = PRECISION_WORDS.get(str(detail.get("precision")), "a lower precision")
        what = "Date of birth" if change.reason.startswith("date of birth") else "Precise date"
        extra = " The time of day is left out." if detail.get("time_dropped") else ""
        month = (f" The month comes from the text around it ({detail['month_from_context']})."
                 if detail.get("month_from_context") else "")
        return (f"{what} reduced to {precision}: the guidance asks for no precise dates."
                f"{extra}{month}")
    if change.stage == "identifiers":
        score = f" (an uncertain match: score {change.score:.2f})" if (
            change.flagged and change.score is not None) else ""
        return (f"Replaced by {change.after}{score}: addresses, phone numbers and other "
                "identifiers are not published.")
    if change.stage == "gender":
        because = change.reason[:1].upper() + change.reason[1:]
        if is_applicable(change):
            return (f"Made gender-neutral: {because}. The guidance asks that children's "
                    "genders are not given.")
        return f"{because}."
    return change.reason[:1].upper() + change.reason[1:].rstrip(".") + "."


# -- the draft's own comments -----------------------------------------------------------------


def _scrubbed_with_draft_comments(document: Document, options: RunOptions, ids: _Ids,
                                  comments: _Comments) -> Package:
    """The scrubbed package, with the draft's comments put back where they were.

    The input is scrubbed again with its comment markers swapped for stand-ins the scrub
    leaves alone; if that gives other text than the document read (never expected), the
    plain scrubbed package is used and the draft's comments go on the first paragraph.
    """
    limits = ZipLimits.from_mb(options.max_mb)
    scrubbed = Package.from_bytes(document.source.scrubbed, document.path, limits)
    try:
        package = Package.open(document.path, limits)
    except (OSError, RedactorError):
        return scrubbed
    main = package.main_part_name() or ""
    drafted = {c.get(W_ID, ""): copy.deepcopy(c)
               for _, name in package.related(main, "comments")
               for c in package.xml(name).iter(W_COMMENT)}
    if not drafted:
        return scrubbed
    for part in package.parts.values():
        if part.xml is not None:
            for marker in list(part.xml.iter(*COMMENT_MARKERS)):
                stand_in = etree.Element(f"{{{_KEEP}}}{local_name(marker.tag)}")
                stand_in.set("id", marker.get(W_ID, ""))
                stand_in.tail = marker.tail
                marker.getparent().replace(marker, stand_in)
    scrub(package, document.path, options)
    texts = [(b.id, b.text) for b in document.blocks]
    if [(s.id, s.text) for s in walk(package) if s.text.strip()] != texts:
        package = scrubbed
    _restore_draft_comments(package, drafted, ids, comments)
    return package


def _restore_draft_comments(package: Package, drafted: dict[str, etree._Element], ids: _Ids,
                            comments: _Comments) -> None:
    main_root = package.xml(package.main_part_name() or "")
    stand_ins: dict[str, list[etree._Element]] = {}
    for part in package.parts.values():
        if part.xml is not None:
            for element in part.xml.iter(f"{{{_KEEP}}}*"):
                stand_ins.setdefault(element.get("id", ""), []).append(element)
    for draft_id, original in drafted.items():
        found = stand_ins.pop(draft_id, [])
        reference = next((e for e in found if local_name(e.tag) == "commentReference"), None)
        comment_id = ids.take()
        if reference is not None and reference.getroottree().getroot() is main_root:
            where = ""
            for element in found:
                marker = etree.Element(qn(f"w:{local_name(element.tag)}"))
                marker.set(W_ID, comment_id)
                marker.tail = element.tail
                element.getparent().replace(element, marker)
            found = []
        elif reference is not None:
            where = f"in {_place_words(reference)}"
            _anchor_outside_main(package, _note_of(reference), comment_id)
        else:
            where = "its place in the draft was removed"
            _anchor_outside_main(package, None, comment_id)
        _remove(found)
        comments.add_draft(comment_id, original, where)
    _remove([e for left in stand_ins.values() for e in left])


def _remove(elements: list[etree._Element]) -> None:
    """Remove markers (keeping the text after them); a run left empty goes too."""
    for element in elements:
        parent = element.getparent()
        if parent is None:
            continue
        if element.tail:
            previous = element.getprevious()
            if previous is not None:
                previous.tail = (previous.tail or "") + element.tail
            else:
                parent.text = (parent.text or "") + element.tail
        parent.remove(element)
        if parent.tag == W_R and all(child.tag == W_RPR for child in parent):
            parent.getparent().remove(parent)


def _note_of(element: etree._Element) -> tuple[str, str] | None:
    """("footnote", "3") for an element inside footnote 3; None outside notes."""
    for ancestor in element.iterancestors(qn("w:footnote"), qn("w:endnote")):
        return local_name(ancestor.tag), ancestor.get(W_ID, "")
    return None


def _place_words(element: etree._Element) -> str:
    note = _note_of(element)
    if note is not None:
        return f"{note[0]} {note[1]}"
    root = local_name(element.getroottree().getroot().tag)
    return {"hdr": "a header", "ftr": "a footer"}.get(root, "another part")


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
        _mark_range(first, last, comment_id)
        comments.add(comment_id, explain(change))


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
    wrapper.set(W_ID, ids.take())
    wrapper.set(W_AUTHOR, AUTHOR)
    wrapper.set(W_DATE, ids.date)
    run.addprevious(wrapper)
    wrapper.append(run)
    return wrapper


def _text_run(text: str) -> etree._Element:
    run = etree.Element(W_R)
    element = etree.SubElement(run, W_T)
    element.text = text
    element.set(XML_SPACE, "preserve")
    return run


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
    etree.SubElement(properties, qn("w:rStyle")).set(W_VAL, "CommentReference")
    etree.SubElement(run, W_COMMENT_REFERENCE).set(W_ID, comment_id)
    return run


# -- comments with no place of their own ------------------------------------------------------


def _anchor_outside_main(package: Package, note: tuple[str, str] | None,
                         comment_id: str) -> None:
    """Anchor a comment about a place outside the main text: on the reference mark of its
    note (`("footnote", "3")`) in the main text if there is one, else on the first paragraph."""
    body = package.xml(package.main_part_name() or "").find(qn("w:body"))
    if body is None:
        return
    if note is not None:
        kind, note_id = note
        for mark in body.iter(qn(f"w:{kind}Reference")):
            run = mark.getparent()
            if mark.get(W_ID) == note_id and run.tag == W_R and run.getparent() is not None:
                _mark_range(run, run, comment_id)
                return
    paragraph = next(body.iter(W_P), None)
    if paragraph is None:
        return
    start = etree.Element(W_COMMENT_RANGE_START)
    start.set(W_ID, comment_id)
    properties = paragraph.find(W_PPR)
    paragraph.insert(paragraph.index(properties) + 1 if properties is not None else 0, start)
    etree.SubElement(paragraph, W_COMMENT_RANGE_END).set(W_ID, comment_id)
    paragraph.append(_reference_run(comment_id))


def _mark_range(first: etree._Element, last: etree._Element, comment_id: str) -> None:
    """commentRangeStart before `first`, commentRangeEnd and the reference run after `last`."""
    start = etree.Element(W_COMMENT_RANGE_START)
    start.set(W_ID, comment_id)
    first.addprevious(start)
    end = etree.Element(W_COMMENT_RANGE_END)
    end.set(W_ID, comment_id)
    last.addnext(end)
    end.addnext(_reference_run(comment_id))


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
    relationship = etree.SubElement(rels, PR_RELATIONSHIP)
    relationship.set("Id", rid)
    relationship.set("Type", COMMENTS_TYPE)
    relationship.set("Target", "comments.xml")
    types = package.xml("[Content_Types].xml")
    override = etree.SubElement(types, qn("ct:Override"))
    override.set("PartName", f"/{name}")
    override.set("ContentType", COMMENTS_CONTENT_TYPE)
