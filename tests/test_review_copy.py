"""The review copy: every applied change is a Word tracked change, every flag a comment."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import docx as python_docx
import pytest
from docx_builder import PNG, DocxParts, build_docx, footnote_reference, p, picture, r, table
from lxml import etree

from redactor.changes import apply_to_text
from redactor.io.docx import read, render
from redactor.io.docx_review import AUTHOR, render_review_copy
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
    assert all("a test change (test.v1)" in text for text in said)
    assert any("'Olga' (not changed)" in text for text in said)
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
