"""Review history: comments (and their markers and author list), tracked changes
(refused unless accepted), formatting-change history and hidden text."""

from __future__ import annotations

from lxml import etree

from redactor.errors import InputError
from redactor.io.docx.scrub.base import (
    COMMENT_MARKERS,
    COMMENT_RELS,
    FORMATTING_CHANGE_TAGS,
    TEXT_TAGS,
    TRACKED_RANGE_TAGS,
    TRACKED_TAGS,
    W_MOVE_FROM,
    W_TRPR,
    ScrubberBase,
    _attr,
    _text_of,
    _tracked_kind,
    _unwrap,
    _vanish,
)
from redactor.io.ooxml import (
    W_COMMENT_REFERENCE,
    W_DEL,
    W_ID,
    W_INSTR_TEXT,
    W_P,
    W_PPR,
    W_R,
    W_RPR,
    W_VAL,
    local_name,
    qn,
)


class History(ScrubberBase):
    """Comments, tracked and formatting changes, hidden text."""

    def _comments(self) -> None:
        count = 0
        for _, name in self.package.related(self.main, "comments"):
            for comment in self.package.xml(name).iter(qn("w:comment")):
                count += 1
                comment_id = comment.get(W_ID, "?")
                for number, paragraph in enumerate(comment.iter(W_P)):
                    text = _text_of(paragraph)
                    if text:
                        self._record(f"comment/{comment_id}/p{number}", text,
                                     "docx.comment-removed.v1",
                                     "comments are reviewers' notes, never published",
                                     f"comment {comment_id}, paragraph {number + 1}")
        self.inventory["comments"] = count
        for story in self.stories:
            for marker in list(story.root.iter(*COMMENT_MARKERS, W_COMMENT_REFERENCE)):
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
                if run.find(qn("w:fldChar")) is not None or run.find(W_INSTR_TEXT) is not None:
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
                    based.get(W_VAL) if based is not None else None,
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
            if style is not None and style.get(W_VAL) in hidden_styles:
                return True
        paragraph = next(run.iterancestors(W_P), None)
        style = None if paragraph is None else paragraph.find(f"{W_PPR}/{qn('w:pStyle')}")
        return style is not None and style.get(W_VAL) in hidden_styles
