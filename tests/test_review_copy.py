"""The review copy: every applied change is a Word tracked change, every flag a comment."""

from __future__ import annotations

import io
import random
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx as python_docx
import pytest
from docx_builder import (
    PNG,
    DocxParts,
    build_docx,
    commented,
    footnote_reference,
    p,
    picture,
    r,
    table,
)
from lxml import etree

from redactor.changes import apply_to_text
from redactor.io.docx import read, render
from redactor.io.docx.review import AUTHOR, explain, render_review_copy, run_date
from redactor.model import Change, Document
from redactor.options import RunOptions

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OPTIONS = RunOptions(use_model=False)


def change(block_id: str, text: str, before: str, after: str, *, flagged: bool = False,
           status: str = "applied", nth: int = 0) -> Change:
    start = -1
    for _ in range(nth + 1):
        start = text.index(before, start + 1)
    return Change(block_id=block_id, start=start, end=start + len(before), before=before,
                  after=after, stage="pseudonyms", rule="test.v1", reason="a test change",
                  status=status, flagged=flagged)  # type: ignore[arg-type]


@pytest.fixture
def draft(tmp_path: Path) -> tuple[Document, list[Change]]:
    parts = DocxParts(
        body=[p(r("Zelda Quar", bold=True), r("termaine met Bob. Zelda left.")),
              p("Possibly Olga was there."),
              table([["Zelda", "Keep me"]]),
              p("See note", footnote_reference(1)),
              p(picture("rIdImage", descr="Zelda at home"))],
        headers={"default": [p("Review: Zelda Quartermaine")]},
        footnotes={1: [p(footnote_reference(1), "Zelda said so.")]},
        core={"dc:title": "Zelda Quartermaine"}, images={"rIdImage": PNG})
    path = tmp_path / "draft.docx"
    path.write_bytes(build_docx(parts))
    document = read(path, OPTIONS)
    text = {block.id: block.text for block in document.blocks}
    changes = [
        change("body/p0", text["body/p0"], "Zelda Quartermaine", "Anna Price"),
        change("body/p0", text["body/p0"], "Bob", "[Person 2]", flagged=True),
        change("body/p0", text["body/p0"], "Zelda", "Anna", nth=1),
        change("body/p1", text["body/p1"], "Olga", "Olga", flagged=True, status="flagged"),
        change("body/t0/r0c0/p0", "Zelda", "Zelda", "Anna"),
        change("footnote/1/p0", text["footnote/1/p0"], "Zelda", "Anna"),
        change("header/s0/default/p0", text["header/s0/default/p0"], "Zelda Quartermaine",
               "Anna Price", flagged=True),
        change("props/title", "Zelda Quartermaine", "Zelda Quartermaine", "Anna Price"),
        change("image/0/descr", "Zelda at home", "Zelda", "Anna"),
        change("body/p1", text["body/p1"], "there", "there", status="skipped"),  # ignored
    ]
    return document, changes


def parts_of(data: bytes) -> dict[str, etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {n: etree.fromstring(archive.read(n)) for n in archive.namelist()
                if n.endswith(".xml")}


def texts(element: etree._Element, tag: str) -> str:
    return "".join(e.text or "" for e in element.iter(f"{W}{tag}"))


def test_each_applied_change_is_one_deletion_and_insertion(draft) -> None:
    document, changes = draft
    parts = parts_of(render_review_copy(document, changes, OPTIONS))
    stories = [parts[n] for n in ("word/document.xml", "word/header1.xml",
                                  "word/footnotes.xml")]
    pairs = []
    for root in stories:
        for deletion in root.iter(f"{W}del"):
            insertion = deletion.getnext()
            assert insertion.tag == f"{W}ins"
            assert deletion.get(f"{W}author") == insertion.get(f"{W}author") == AUTHOR
            pairs.append((texts(deletion, "delText"), texts(insertion, "t")))
    assert sorted(pairs) == sorted([
        ("Zelda Quartermaine", "Anna Price"), ("Bob", "[Person 2]"), ("Zelda", "Anna"),
        ("Zelda", "Anna"), ("Zelda", "Anna"), ("Zelda Quartermaine", "Anna Price")])
    # places that cannot hold tracked changes are changed directly
    assert texts(parts["docProps/core.xml"], "t") == ""
    core = etree.tostring(parts["docProps/core.xml"]).decode()
    assert "Anna Price" in core and "Zelda" not in core
    assert 'descr="Anna at home"' in etree.tostring(parts["word/document.xml"]).decode()


def test_each_flagged_change_gets_one_comment_saying_why(draft) -> None:
    document, changes = draft
    parts = parts_of(render_review_copy(document, changes, OPTIONS))
    comments = list(parts["word/comments.xml"].iter(f"{W}comment"))
    assert len(comments) == sum(1 for c in changes if c.flagged) == 3
    said = sorted(texts(c, "t") for c in comments)
    assert all(text.endswith(". (rule test.v1)") for text in said)
    assert any(text.startswith("Not changed: pseudonym for ") for text in said)  # Olga
    assert any(text.startswith("In header of section 1, paragraph 1: 'Zelda Quartermaine'. "
                               "Pseudonym for ") for text in said)
    references = [e.get(f"{W}id") for e in parts["word/document.xml"].iter(
        f"{W}commentReference")]
    assert sorted(references) == sorted(c.get(f"{W}id") for c in comments)


def test_the_bold_run_keeps_its_formatting_in_deletion_and_insertion(draft) -> None:
    document, changes = draft
    body = parts_of(render_review_copy(document, changes, OPTIONS))["word/document.xml"]
    first = next(body.iter(f"{W}p"))
    runs = [(r.getparent().tag.split("}")[1], texts(r, "t") + texts(r, "delText"),
             r.find(f"{W}rPr/{W}b") is not None) for r in first.iter(f"{W}r")
            if texts(r, "t") + texts(r, "delText")]
    assert runs[:3] == [("del", "Zelda Quar", True), ("del", "termaine", False),
                        ("ins", "Anna Price", True)]


def test_accepting_every_change_gives_the_redacted_text(draft, tmp_path: Path) -> None:
    document, changes = draft
    review = tmp_path / "review.docx"
    review.write_bytes(render_review_copy(document, changes, OPTIONS))
    python_docx.Document(str(review))  # Word-compatible enough for python-docx
    accepted = read(review, RunOptions(use_model=False, accept_changes=True))
    redacted_path = tmp_path / "redacted.docx"
    by_block: dict[str, list[Change]] = {}
    for c in changes:
        if c.status == "applied" and c.before != c.after:
            by_block.setdefault(c.block_id, []).append(c)
    redacted_path.write_bytes(render(document, by_block, OPTIONS))
    redacted = read(redacted_path, OPTIONS)
    assert [(b.id, b.text) for b in accepted.blocks] == [(b.id, b.text) for b in redacted.blocks]


def test_review_copy_is_deterministic(draft) -> None:
    document, changes = draft
    assert render_review_copy(document, changes, OPTIONS) == render_review_copy(
        document, changes, OPTIONS)


def reject_all(data: bytes) -> bytes:
    """What Word's "Reject All Changes" does to our tracked changes (comments left alone)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w") as target:
        for name in source.namelist():
            blob = source.read(name)
            if name.startswith("word/") and name.endswith(".xml"):
                root = etree.fromstring(blob)
                for insertion in list(root.iter(f"{W}ins")):
                    insertion.getparent().remove(insertion)
                for deletion in list(root.iter(f"{W}del")):
                    for text in deletion.iter(f"{W}delText"):
                        text.tag = f"{W}t"
                    for run in list(deletion):
                        deletion.addprevious(run)
                    deletion.getparent().remove(deletion)
                blob = etree.tostring(root)
            target.writestr(name, blob)
    return buffer.getvalue()


def test_rejecting_every_change_gives_the_draft_back(draft, tmp_path: Path) -> None:
    document, changes = draft
    review = tmp_path / "review.docx"
    review.write_bytes(reject_all(render_review_copy(document, changes, OPTIONS)))
    rejected = read(review, OPTIONS)
    directly_changed = {"props/title", "image/0/descr", "image/0/shape1/descr"}
    assert [(b.id, b.text) for b in rejected.blocks if b.id not in directly_changed] == [
        (b.id, b.text) for b in document.blocks if b.id not in directly_changed]


@pytest.mark.parametrize("seed", range(20))
def test_random_runs_and_changes_accept_and_reject_to_the_right_text(
        tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    text = "Zelda\tQuartermaine met Bob Smith at 14 Larkspur Close on 3 March.\nShe left."
    cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 12)))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    path = tmp_path / "draft.docx"
    path.write_bytes(build_docx(DocxParts(body=[p(*(r(x, bold=rng.random() < 0.5)
                                                    for x in pieces))])))
    document = read(path, OPTIONS)
    changes, position = [], 0
    while position < len(text) - 2:
        start = rng.randint(position, len(text) - 2)
        end = rng.randint(start + 1, min(len(text), start + 15))
        changes.append(Change(block_id="body/p0", start=start, end=end,
                              before=text[start:end], after=rng.choice(["", "X", "[P 2]"]),
                              stage="pseudonyms", rule="test.v1", reason="random",
                              flagged=rng.random() < 0.3))
        position = end + 1
    review = render_review_copy(document, changes, OPTIONS)
    accepted, rejected = tmp_path / "accepted.docx", tmp_path / "rejected.docx"
    accepted.write_bytes(review)
    rejected.write_bytes(reject_all(review))
    with_changes = read(accepted, RunOptions(use_model=False, accept_changes=True))
    assert with_changes.blocks[0].text == apply_to_text(text, changes)
    assert read(rejected, OPTIONS).blocks[0].text == text
    assert with_changes.inventory["comments"] == sum(c.flagged for c in changes)


# --- comments where real clients accept them; the draft's own comments; the run's date -----

FOOTNOTE_MARK = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
COMMENT_PARTS = ("word/footnotes.xml", "word/endnotes.xml", "word/header1.xml",
                 "word/footer1.xml")


def commented_draft(tmp_path: Path) -> Document:
    """A draft with its own comments: one on body text, one inside footnote 1."""
    parts = DocxParts(
        body=[p("Intro. ", commented("Zelda", 7), " left."),
              p("See note", footnote_reference(1), " here.")],
        footnotes={1: [p(FOOTNOTE_MARK, "Said by ", commented("Zelda Quartermaine", 8))]},
        headers={"default": [p("Zelda Quartermaine review")]},
        comments={7: [p("Is Zelda right here?")], 8: [p("Source?")]},
        comment_author="Cath Chair")
    path = tmp_path / "commented.docx"
    path.write_bytes(build_docx(parts))
    return read(path, RunOptions(use_model=False, review_copy=True))


def comment_texts(parts: dict[str, etree._Element]) -> dict[str, tuple[str, str]]:
    return {c.get(f"{W}id"): (c.get(f"{W}author"), texts(c, "t"))
            for c in parts["word/comments.xml"].iter(f"{W}comment")}


def commented_text(root: etree._Element, comment_id: str) -> str:
    """The text between a comment's range markers in one story."""
    inside, found = False, []
    for element in root.iter():
        if element.tag == f"{W}commentRangeStart" and element.get(f"{W}id") == comment_id:
            inside = True
        elif element.tag == f"{W}commentRangeEnd" and element.get(f"{W}id") == comment_id:
            break
        elif inside and element.tag in (f"{W}t", f"{W}delText"):
            found.append(element.text or "")
    return "".join(found)


def test_the_drafts_own_comments_are_kept_where_they_were_and_marked(tmp_path: Path) -> None:
    document = commented_draft(tmp_path)
    assert document.inventory["comments"] == 2  # still removed from the publishable output
    parts = parts_of(render_review_copy(document, [], OPTIONS, date="2026-12-03T00:00:00Z"))
    said = comment_texts(parts)
    assert sorted(said.values()) == [
        ("Cath Chair", "From the draft (in footnote 1): Source?"),
        ("Cath Chair", "From the draft: Is Zelda right here?")]
    body = parts["word/document.xml"]
    ids = {text: comment_id for comment_id, (_, text) in said.items()}
    assert commented_text(body, ids["From the draft: Is Zelda right here?"]) == "Zelda"
    # the comment inside the footnote now sits on the note's mark in the body
    note_comment = ids["From the draft (in footnote 1): Source?"]
    start = next(e for e in body.iter(f"{W}commentRangeStart")
                 if e.get(f"{W}id") == note_comment)
    assert start.getnext().find(f"{W}footnoteReference") is not None


def test_no_comment_is_anchored_in_notes_headers_or_footers(tmp_path: Path) -> None:
    """LibreOffice 7.4 cannot open a DOCX with a comment reference in those parts."""
    document = commented_draft(tmp_path)
    text = {block.id: block.text for block in document.blocks}
    changes = [
        change("footnote/1/p0", text["footnote/1/p0"], "Zelda Quartermaine", "Anna Price",
               flagged=True),
        change("header/s0/default/p0", text["header/s0/default/p0"], "Zelda Quartermaine",
               "Anna Price", flagged=True),
        change("body/p0", text["body/p0"], "Zelda", "Anna", flagged=True),
    ]
    parts = parts_of(render_review_copy(document, changes, OPTIONS))
    for name in COMMENT_PARTS:
        if name in parts:
            assert not [e for e in parts[name].iter()
                        if isinstance(e.tag, str) and "comment" in e.tag], name
    body = parts["word/document.xml"]
    references = [e.get(f"{W}id") for e in body.iter(f"{W}commentReference")]
    assert sorted(references) == sorted(comment_texts(parts)) and len(references) == 5
    said = [text for _, text in comment_texts(parts).values()]
    assert any(t.startswith("In footnote 1, paragraph 1: 'Zelda Quartermaine'.") for t in said)
    # the tracked change itself stays in the footnote
    notes = parts["word/footnotes.xml"]
    assert texts(notes, "delText") == "Zelda Quartermaine" and "Anna Price" in texts(notes, "t")


def test_changes_and_comments_carry_the_runs_date(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796688000")  # 2026-12-08 00:00 UTC
    assert run_date() == "2026-12-08T00:00:00Z"
    document = commented_draft(tmp_path)
    text = document.block("body/p0").text
    parts = parts_of(render_review_copy(document, [
        change("body/p0", text, "Zelda", "Anna", flagged=True)], OPTIONS))
    body = parts["word/document.xml"]
    dates = {e.get(f"{W}date") for e in body.iter(f"{W}ins", f"{W}del")}
    ours = {c.get(f"{W}date") for c in parts["word/comments.xml"].iter(f"{W}comment")
            if c.get(f"{W}author") == AUTHOR}
    assert dates == ours == {"2026-12-08T00:00:00Z"}
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert run_date() == datetime.now(UTC).strftime("%Y-%m-%dT00:00:00Z")


def made(stage: str, rule: str, reason: str, **fields) -> Change:
    return Change(block_id="body/p0", start=0, end=5, before=fields.pop("before", "Zelda"),
                  after=fields.pop("after", "Anna"), stage=stage, rule=rule, reason=reason,
                  **fields)


@pytest.mark.parametrize(("made_change", "sentence"), [
    (made("pseudonyms", "pseudonym.first.v1", "mention of P1 (victim), found by case-file; "
          "first form replaced by the case-file pseudonym", detail={"pseudonym": "case-file"}),
     "Pseudonym for the victim (case file). (rule pseudonym.first.v1)"),
    (made("pseudonyms", "pseudonym.unlisted.full.v1", "person not in the case file",
          person="P12", flagged=True, detail={"pseudonym": "generated", "new_person": True}),
     "A person not in the case file, given a generated pseudonym (P12). Add them to the case "
     "file, or keep the name if they may be named. Please check it. "
     "(rule pseudonym.unlisted.full.v1)"),
    (made("dates", "date.dmy-long.v1", "day-precise date reduced to month precision",
          before="3 March 2019", after="March 2019", detail={"precision": "month"}),
     "Precise date reduced to the month: the guidance asks for no precise dates. "
     "(rule date.dmy-long.v1)"),
    (made("dates", "date.dmy-numeric.v1", "date of birth reduced to year precision",
          detail={"precision": "year"}),
     "Date of birth reduced to the year: the guidance asks for no precise dates. "
     "(rule date.dmy-numeric.v1)"),
    (made("identifiers", "presidio.UkPostcodeRecognizer.v1", "uk postcode found by ...",
          after="[postcode]", score=0.1, flagged=True),
     "Replaced by [postcode] (an uncertain match: score 0.10): addresses, phone numbers and "
     "other identifiers are not published. Please check it. "
     "(rule presidio.UkPostcodeRecognizer.v1)"),
    (made("gender", "gender.noun.v1", "'sister' refers to a child or an adult: no age given "
          "(ambiguous)", after="Zelda", status="flagged", flagged=True),
     "Not changed: 'sister' refers to a child or an adult: no age given (ambiguous). Check "
     "it. (rule gender.noun.v1)"),
    (made("gender", "gender.noun.v1", "'son' refers to a child: the same person as P3 in the "
          "case file (child)", after="child"),
     "Made gender-neutral: 'son' refers to a child: the same person as P3 in the case file "
     "(child). The guidance asks that children's genders are not given. "
     "(rule gender.noun.v1)"),
])
def test_comments_read_as_sentences_with_the_rule_last(made_change: Change, sentence: str
                                                        ) -> None:
    assert explain(made_change) == sentence
