"""`changes.apply_to_text` (Presidio's AnonymizerEngine with our operators) makes exactly the
text the right-to-left applier it replaced made (issue 19): on every block of every corpus
draft, with the changes a real run settles, and on the edge cases where Presidio's own
conflict rule differs from ours."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest

from redactor.case import load_case
from redactor.changes import applicable_by_block, apply_to_text
from redactor.detect.engine import Detector
from redactor.model import Change
from redactor.options import RunOptions
from redactor.pipeline import detection_for_case, prepare, propose_changes
from tests.conftest import CORPUS

DRAFTS = [("northshire", "overview.docx"), ("northshire", "executive_summary.pdf"),
          ("eastvale", "summary.md"), ("westmere", "draft.txt")]


def right_to_left(text: str, changes: Iterable[Change]) -> str:
    """The applier before presidio-anonymizer (86e4b66), kept as the oracle."""
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        if text[change.start:change.end] != change.before:
            raise ValueError(change.rule)
        text = text[: change.start] + change.after + text[change.end :]
    return text


def change(start: int, end: int, before: str, after: str, stage: str = "pseudonyms") -> Change:
    return Change(block_id="b", start=start, end=end, before=before, after=after, stage=stage,
                  rule=f"{stage}.v1", reason="test")


@pytest.mark.model
@pytest.mark.parametrize(("case", "name"), DRAFTS)
def test_the_same_text_as_the_old_applier_on_the_corpus(case: str, name: str) -> None:
    options = RunOptions(child_pronouns="aggressive", accept_changes=True)
    detector = Detector(options)
    case_file = load_case(CORPUS / case / "case.yaml")
    prepared = prepare(CORPUS / case / name, options, detector)
    changes = propose_changes(prepared.document, case_file, options, detector,
                              detection_for_case(prepared, case_file))
    by_block = applicable_by_block(changes)
    assert len(by_block) >= 5
    for block in prepared.document.blocks:
        found = by_block.get(block.id, [])
        assert apply_to_text(block.text, found) == right_to_left(block.text, found), block.id


@pytest.mark.parametrize("changes", [
    [change(0, 5, "Sarah", "Anna"), change(10, 21, "Mark Taylor", "Tom Baker")],
    [change(0, 5, "Sarah", "Anna"), change(5, 9, " met", "")],  # touching; a deletion
    [change(25, 30, "3 May", "May", "dates"), change(0, 5, "Sarah", "", "identifiers")],
    [change(10, 21, "Mark Taylor", "[name]", "identifiers")],
    [change(9, 9, "", " (aged 34)")],  # an insertion on its own
    [],
])
def test_the_same_text_as_the_old_applier(changes: list[Change]) -> None:
    text = "Sarah met Mark Taylor on 3 May."
    assert apply_to_text(text, changes) == right_to_left(text, changes)


def test_a_change_presidio_would_drop_is_refused_not_lost() -> None:
    """Presidio drops a zero-width insertion touching a replaced span; ours applied both.
    No stage proposes such a pair (text insertions do not occur), so it is an error."""
    text = "Sarah met"
    with pytest.raises(ValueError, match="conflict"):
        apply_to_text(text, [change(0, 5, "Sarah", "Anna"), change(5, 5, "", "!")])


def test_a_change_that_does_not_fit_the_text_is_refused() -> None:
    with pytest.raises(ValueError, match="expected 'Sarah'"):
        apply_to_text("Sally met", [change(0, 5, "Sarah", "Anna")])


def test_real_inputs_written_as_text_use_it(tmp_path: Path) -> None:
    from redactor.io import read_document, render_output

    draft = tmp_path / "d.txt"
    draft.write_text("Sarah met Mark.\n")
    document = read_document(draft)
    block = document.blocks[0]
    output = render_output(document, {block.id: [Change(
        block_id=block.id, start=0, end=5, before="Sarah", after="Anna", stage="pseudonyms",
        rule="t.v1", reason="t")]}, RunOptions())
    assert output == b"Anna met Mark.\n"
