"""Interactive review: each answer lands in the case file at once; `redact` then applies all.

Without the model nobody unlisted is found, so `NamesDetector` stands in for it: it "finds"
a few names the way the model would (PERSON, flagged, not in the case file).
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.case import load_case, parse_case, save_case
from redactor.changes import apply_decisions
from redactor.cli import main
from redactor.cli.common import EXIT_FOUND, EXIT_OK
from redactor.detect.engine import Detection, Detector
from redactor.model import Change, Document, Entity
from redactor.review import (
    Item,
    decide_accept,
    decide_change,
    decide_keep,
    decide_new_person,
    decide_same_person,
    item_key,
)

CASE = """\
people:
  - id: P1
    name: Sarah Jenkins
    aliases: [Mrs Jenkins]
    role: victim
    gender: female
    pseudonym: Anna Price
"""
DRAFT = ("Sarah Jenkins met Gary Holt in 2019.\n\n"
         "Mrs Jenkins said that on the 14th she called Gary.\n\n"
         "She moved on the 3rd, away from Gaz.\n\n"
         "Dave Smith lived next door.\n")
UNLISTED = re.compile(r"\b(?:Gary Holt|Gary|Gaz|Dave Smith)\b")


class NamesDetector(Detector):
    """Detection as usual, plus the model's part: the unlisted names in UNLISTED."""

    def analyse(self, document: Document, on_progress: object = None) -> Detection:
        detection = super().analyse(document)
        for block in document.blocks:
            for match in UNLISTED.finditer(block.text):
                detection.entities.append(Entity(
                    block.id, match.start(), match.end(), "PERSON", match.group(), 0.85,
                    "SpacyRecognizer", flagged=True, explanation="test stand-in for the model"))
        detection.entities.sort(key=lambda e: (e.block_id, e.start, -e.end))
        return detection


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setattr(importlib.import_module("redactor.cli.review"), "Detector", NamesDetector)
    monkeypatch.setattr("redactor.batch.Detector", NamesDetector)
    draft, case = tmp_path / "draft.txt", tmp_path / "case.yaml"
    draft.write_text(DRAFT)
    case.write_text(CASE)
    return draft, case


def review(draft: Path, case: Path, answers: str = "", *extra: str):
    return CliRunner().invoke(
        main, ["review", str(draft), "--case", str(case), "--no-model", "--reviewer", "Chair",
               *extra], input=answers, catch_exceptions=False)


def test_no_input_lists_what_would_be_asked_and_exits_1(files) -> None:
    draft, case = files
    result = review(draft, case, "", "--no-input")
    assert result.exit_code == EXIT_FOUND
    asked = [line for line in result.output.splitlines() if line.startswith(str(draft))]
    assert [line.split(": ", 1)[1].split(" -> ")[0] for line in asked] == [
        "name 'Gary Holt'", "mention 'on the 14th'", "name 'Gary'", "mention 'on the 3rd'",
        "name 'Gaz'", "name 'Dave Smith'"]
    assert case.read_text() == CASE  # nothing written


def test_each_answer_is_saved_at_once_and_a_review_resumes(files) -> None:
    draft, case = files

    first = review(draft, case, "n\nTom Baker\nq\n")  # Gary Holt: a new person, named
    assert "[[Gary Holt]]" in first.output and "\x1b[" not in first.output  # no colour in a pipe
    assert first.exit_code == EXIT_FOUND  # items still pending
    saved = load_case(case)
    gary = saved.people[-1]
    assert (gary.name, gary.pseudonym, gary.new, gary.id) == ("Gary Holt", "Tom Baker", True, "P2")
    assert saved.decisions[-1] | {"at": "-"} == {
        "key": "name:gary holt", "text": "Gary Holt", "action": "new-person",
        "value": "Tom Baker", "block": "text/p0", "document": "draft.txt", "person": "P2",
        "by": "Chair", "at": "-"}

    second = review(draft, case, "c\nlater that month\n")  # then input ends: quit
    assert "Gary Holt" not in second.output.split("[1/")[1].splitlines()[1]
    assert "[[on the 14th]]" in second.output
    assert "[[Gary]]" not in second.output  # 'Gary' is now a listed form of P2
    decision = load_case(case).decisions[-1]
    assert (decision["action"], decision["value"], decision["text"]) == (
        "change", "later that month", "on the 14th")

    third = review(draft, case, "k\ns\nP2\nc\nredact\n")  # 3rd: keep; Gaz: P2; Dave: redact
    assert third.exit_code == EXIT_OK and "0 pending" in third.output
    saved = load_case(case)
    assert saved.person("P2").aliases == ["Gaz"]
    assert saved.redact == ["Dave Smith"]
    assert saved.keep == []  # a kept date (or pronoun) is kept where it is, not everywhere
    assert [d["action"] for d in saved.decisions] == [
        "new-person", "change", "keep", "same-person", "redact"]

    assert review(draft, case, "", "--no-input").exit_code == EXIT_OK  # nothing left to ask


def test_later_skips_for_now_and_keeping_a_name_lists_it(files) -> None:
    draft, case = files
    result = review(draft, case, "l\nl\nl\nl\nl\nk\n")  # later (5 times), keep 'Dave Smith'
    assert "[1/6]" in result.output and "[6/6]" in result.output
    saved = load_case(case)
    assert saved.keep == ["Dave Smith"]
    assert [(d["text"], d["action"]) for d in saved.decisions] == [("Dave Smith", "keep")]
    again = review(draft, case, "q\n")
    assert "[[Gary Holt]]" in again.output  # later means: ask again next time


def test_an_unknown_person_id_is_asked_again(files) -> None:
    draft, case = files
    result = review(draft, case, "s\nP9\ns\nP1\nq\n")
    assert "no person 'P9'" in result.output
    assert load_case(case).person("P1").aliases == ["Mrs Jenkins", "Gary Holt"]


def test_redact_after_review_applies_every_decision(files, monkeypatch) -> None:
    draft, case = files
    review(draft, case, "n\nTom Baker\nc\nlater that month\nk\ns\nP2\nc\nredact\n")
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case), "--no-model",
                                       "--jobs", "1"], input="", catch_exceptions=False)
    assert result.exit_code in (EXIT_OK, EXIT_FOUND), result.output
    output = draft.with_name("draft.redacted.txt").read_text()
    assert output == ("Anna Price met Tom Baker in 2019.\n\n"
                      "Mrs Price said that later that month she called Tom.\n\n"
                      "She moved on the 3rd, away from Tom.\n\n"
                      "[redacted] lived next door.\n")
    log = [json.loads(line) for line in
           draft.with_name("draft.audit.jsonl").read_text().splitlines()[1:-1]]
    status = {c["before"]: c["status"] for c in log}
    assert status["Gary Holt"] == status["Gary"] == status["Gaz"] == "redacted-by-review"
    assert status["on the 14th"] == status["Dave Smith"] == "redacted-by-review"
    assert status["on the 3rd"] == "kept-by-review" and status["Sarah Jenkins"] == "applied"
    third = next(c for c in log if c["before"] == "on the 3rd")
    assert (third["after"], third["stage"], third["flagged"]) == ("on the 3rd", "review", False)
    assert not any(c["flagged"] for c in log)  # every question answered


# --- apply_decisions on hand-built changes ---------------------------------------------------


def change(before: str, start: int, after: str, **kwargs) -> Change:
    fields = {"block_id": "body/p0", "start": start, "end": start + len(before),
              "before": before, "after": after, "stage": "pseudonyms", "rule": "test.v1",
              "reason": "test", "location": "paragraph 1"}
    return Change(**{**fields, **kwargs})


def item_for(found: Change) -> Item:
    return Item(key=item_key(found), kind="name" if found.detail.get("new_person") else
                "mention", change=found, document=Path("draft.docx"), block_text="")


def test_apply_decisions_marks_what_review_decided(make_case) -> None:
    case = make_case({"people": [{"id": "P1", "name": "Sarah Jenkins", "pseudonym": "Anna"}]})
    gary = change("Gary Holt", 20, "Tom Baker", person="P2", flagged=True,
                  detail={"new_person": True, "context": "x"})
    gaz = change("Gaz", 30, "Tom", person="P3", flagged=True, detail={"new_person": True})
    she = change("she", 40, "they", stage="gender", status="flagged", flagged=True,
                 detail={"context": "then [[she]] left"})
    date = change("on the 14th", 50, "that month", stage="dates", flagged=True,
                  detail={"context": "c"})
    decide_new_person(case, item_for(gary), "Tom Baker", "Chair")
    decide_same_person(case, item_for(gaz), "P2", "Chair")
    decide_keep(case, item_for(she), "Chair")
    decide_change(case, item_for(date), "later that month", "Chair")
    decide_keep(case, item_for(change("Ann", 90, "Jo", flagged=True,
                                      detail={"new_person": True})), "Chair")

    # The next run: the same places, now found through the case file.
    changes = [
        change("Sarah Jenkins", 0, "Anna", person="P1"),
        change("Gary Holt", 20, "Tom Baker", person="P2"),
        change("Mr Holt", 80, "Mr Baker", person="P2"),
        change("Gary's", 100, "Tom's", person="P2"),
        change("Gareth", 110, "Sam", person="P2", flagged=True, detail={"new_person": True}),
        change("Gaz", 30, "Tom", person="P2"),
        change("she", 40, "they", stage="gender", status="flagged", flagged=True,
               detail={"context": "then [[she]] left"}),
        change("on the 14th", 50, "that month", stage="dates", flagged=True,
               detail={"context": "c"}),
        change("she", 70, "they", stage="gender", status="flagged", flagged=True,
               detail={"context": "another [[she]]"}),
    ]
    kept = [Entity("body/p1", 5, 8, "KEEP", "Ann", 1.0, "case-file")]
    result = apply_decisions(changes, kept, case)
    by_place = {(c.block_id, c.start): c for c in result}
    assert by_place["body/p0", 0].status == "applied"  # listed by the chair, not review
    assert {by_place["body/p0", s].status for s in (20, 30, 80, 100)} == {"redacted-by-review"}
    assert not by_place["body/p0", 20].flagged  # answered, so no longer a question
    assert by_place["body/p0", 110].flagged  # grouped with P2 by the stage, not by review
    kept_she = by_place["body/p0", 40]
    assert (kept_she.status, kept_she.stage, kept_she.before, kept_she.after) == (
        "kept-by-review", "review", "she", "she")
    assert by_place["body/p0", 70].status == "flagged"  # another 'she': not decided
    dated = by_place["body/p0", 50]
    assert (dated.status, dated.after, dated.detail["proposed"]) == (
        "redacted-by-review", "later that month", "that month")
    kept_ann = by_place["body/p1", 5]
    assert (kept_ann.status, kept_ann.stage, kept_ann.before, kept_ann.after) == (
        "kept-by-review", "review", "Ann", "Ann")
    assert len(result) == len(changes) + 1


def test_accepting_a_flag_never_applies_over_another_change(make_case) -> None:
    case = make_case({})
    flagged = change("his", 4, "their", stage="gender", status="flagged", flagged=True)
    decide_change(case, item_for(flagged), "their", "Chair")
    winner = change("his son", 4, "their child", stage="gender")
    apply_decisions([winner, flagged], [], case)
    assert (winner.status, flagged.status) == ("applied", "flagged")
    assert "not applied: overlaps" in flagged.detail["review"]


def test_decisions_survive_the_case_file_round_trip(tmp_path: Path) -> None:
    case = parse_case({"people": [{"id": "P1", "name": "Sarah Jenkins"}]})
    gary = change("Gary Holt", 0, "Tom Baker", flagged=True, detail={"new_person": True})
    decide_new_person(case, item_for(gary), "Tom Baker", "Chair")
    decide_change(case, item_for(change("Dave", 20, "Sam", flagged=True,
                                        detail={"new_person": True})), "redact", "Chair")
    path = tmp_path / "case.yaml"
    save_case(case, path)
    again = load_case(path)
    assert again.decisions == case.decisions
    assert (again.people[1].name, again.people[1].new, again.redact) == (
        "Gary Holt", True, ["Dave"])
    assert path.stat().st_mode & 0o777 == 0o600


@pytest.mark.model
def test_review_with_the_model_asks_about_an_unlisted_person(tmp_path: Path) -> None:
    draft, case = tmp_path / "draft.txt", tmp_path / "case.yaml"
    draft.write_text("Sarah Jenkins met Gary Holt in March 2019.\n\n"
                     "Later Gary said that he had argued with her.\n")
    case.write_text(CASE)

    def run(answers: str, *extra: str):
        return CliRunner().invoke(main, ["review", str(draft), "--case", str(case), *extra],
                                  input=answers, catch_exceptions=False)

    listed = run("", "--no-input")
    assert listed.exit_code == EXIT_FOUND and "name 'Gary Holt'" in listed.output
    run("n\n\nq\n")  # a new person, with the proposed pseudonym
    gary = load_case(case).people[-1]
    assert (gary.name, gary.new) == ("Gary Holt", True) and gary.pseudonym
    again = run("", "--no-input").output
    assert "name 'Gary Holt'" not in again and "name 'Gary'" not in again


def test_keeping_part_of_another_name_asks_first(files) -> None:
    draft, case = files
    result = review(draft, case, "l\nl\nk\nn\nl\nq\n")  # later twice; keep 'Gary'? no; later
    assert "Keeping 'Gary' also keeps it inside 'Gary Holt'" in result.output
    assert load_case(case).keep == [] and load_case(case).decisions == []
    assert "[[on the 3rd]]" in result.output  # 'Gary' put off, and the review went on


@pytest.mark.parametrize(("setup", "says"), [
    ("no case file", "case file not found"),
    ("no draft", "not found"),
])
def test_review_with_a_missing_file_exits_2(files, setup: str, says: str) -> None:
    draft, case = files
    (case if setup == "no case file" else draft).unlink()
    result = review(draft, case)
    assert result.exit_code == 2 and says in result.output


def pronoun_and_verb() -> tuple[Change, Change]:
    """'She has chaired … and has no link': the second 'has' agrees with 'She'."""
    detail = {"antecedent": "P2", "verdict": "ambiguous"}
    lead = change("She has", 0, "They have", stage="gender", rule="gender.pronoun-verb.v1",
                  status="flagged", flagged=True, detail=dict(detail))
    verb = change("has", 30, "have", stage="gender", rule="gender.agreement.v1",
                  status="flagged", flagged=True, detail=dict(detail))
    return lead, verb


@pytest.mark.parametrize(("action", "statuses"), [
    ("accept", ["redacted-by-review", "redacted-by-review"]),
    ("keep", ["kept-by-review", "kept-by-review"]),
    ("change", ["redacted-by-review", "flagged"]),  # reworded: the verb is asked on its own
])
def test_a_verb_is_decided_with_its_pronoun(make_case, action: str, statuses) -> None:
    case = make_case({})
    lead, verb = pronoun_and_verb()
    item = item_for(lead)
    if action == "change":
        decide_change(case, item, "The chair has", "Chair")
    elif action == "keep":
        decide_keep(case, item, "Chair")
    else:
        decide_accept(case, item, "Chair")
    result = apply_decisions(list(pronoun_and_verb()), [], case)
    assert [c.status for c in result] == statuses


def test_the_pipeline_can_import_apply_decisions_without_a_cycle() -> None:
    import subprocess
    import sys

    code = ("import sys, redactor.review; "
            "sys.exit('redactor.pipeline' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_a_person_an_earlier_run_added_is_confirmed_not_added_twice(make_case) -> None:
    case = make_case({"people": [{"id": "P2", "name": "Gary Holt", "new": True,
                                  "pseudonym": "Tom Baker", "pseudonym_generated": True}]})
    found = change("Gary", 0, "Tom", person="P2", flagged=True, detail={"new_person": True})
    item = Item(key=item_key(found), kind="name", change=found, document=Path("d.txt"),
                block_text="Gary", proposed_person=make_case(
                    {"people": [{"id": "P2", "name": "Gary Holt"}]}).people[0])
    decision = decide_new_person(case, item, None, "Chair")
    assert [p.id for p in case.people] == ["P2"]
    assert (decision["person"], decision["value"]) == ("P2", "Tom Baker")
    marked = apply_decisions([change("Mr Holt", 10, "Mr Baker", person="P2", flagged=True,
                                     detail={"new_person": True})], [], case)
    assert (marked[0].status, marked[0].flagged) == ("redacted-by-review", False)


def test_an_answer_about_an_identifier_holds_for_every_occurrence_in_every_draft(
    tmp_path: Path,
) -> None:
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("4.1 Rose lived at 14 Larkspur Close, NN4 7QT with Daniel.\n\n"
                     "4.2 Letters went to NN4 7QT in May.\n")
    second.write_text("1.1 The house at NN4 7QT was sold.\n")
    case = tmp_path / "case.yaml"
    case.write_text("people:\n  - name: Rose Smith\n    role: victim\n    gender: female\n")
    args = ["review", str(first), str(second), "--case", str(case), "--no-model",
            "--reviewer", "Chair"]
    listed = CliRunner().invoke(main, [*args, "--no-input"])
    assert listed.exit_code == EXIT_FOUND
    [line] = [x for x in listed.output.splitlines() if "mention 'NN4 7QT'" in x]  # asked once
    assert "(3 mentions)" in line
    assert "may be a UK postcode (a weak match: the tool is not sure)" in line  # plain words
    assert "line 1 (numbered 4.1), near \u201cat 14 Larkspur Close, NN4 7QT with Daniel.\u201d" \
        in line
    answered = CliRunner().invoke(main, args, input="a\nk\n")  # the address, the postcode
    assert answered.exit_code == EXIT_OK, answered.output
    assert "NN4 7QT" in load_case(case).keep
    again = CliRunner().invoke(main, [*args, "--no-input"])  # a later run asks nothing
    assert again.exit_code == EXIT_OK and "NN4 7QT" not in again.output
    out = tmp_path / "pub"
    redacted = CliRunner().invoke(main, ["redact", str(first), str(second), "--case", str(case),
                                         "--out", str(out), "--no-model", "--jobs", "1"])
    assert redacted.exit_code == 0, redacted.output
    assert (out / "a.redacted.txt").read_text().count("NN4 7QT") == 2
    assert "NN4 7QT" in (out / "b.redacted.txt").read_text()
