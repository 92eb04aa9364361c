"""The pseudonyms stage: one person, one pseudonym, every form, every document (no model)."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest

from redactor.case import Case
from redactor.case.forms import name_parts_lower, name_words
from redactor.case.people import parse_mention, register_unlisted
from redactor.case.pseudonyms import name_lists
from redactor.changes import apply_to_text
from redactor.detect.casematch import CaseMatcher
from redactor.detect.engine import Detection
from redactor.detect.merge import merge
from redactor.errors import CaseFileError
from redactor.model import Block, Change, Document, Entity
from redactor.options import RunOptions
from redactor.pipeline import settle_document_people
from redactor.stages import StageContext
from redactor.stages.pseudonyms import propose

FAMILY = {
    "people": [
        {"name": "Sarah Jenkins", "aliases": ["S.J."], "role": "victim", "gender": "female",
         "pseudonym": "Anna Price"},
        {"name": "Mark Jenkins", "role": "perpetrator", "gender": "male"},
        {"name": "Tom Jenkins", "role": "child", "age": 6},
        {"name": "Lily Jenkins", "role": "child", "age": 4},
        {"name": "PC John Smith", "role": "professional"},
        {"name": "Helen Ward", "role": "professional", "job": "general practitioner"},
        {"name": "Karen Ward", "role": "professional", "job": "GP"},
    ],
    "keep": ["Dr Helen Morris"],
}


def document(*texts: str, name: str = "draft.txt") -> Document:
    blocks = [Block(id=f"body/p{i}", text=text, location=f"paragraph {i + 1}")
              for i, text in enumerate(texts)]
    return Document(path=Path(name), kind="text", blocks=blocks)


def listed_mentions(case: Case, doc: Document) -> tuple[list[Entity], list[Entity]]:
    """Case-file mentions and keep spans, as detection hands them over (no model)."""
    matcher = CaseMatcher(case)
    found = [e for block in doc.blocks for e in matcher.find(block.id, block.text)]
    return [e for e in found if e.label != "KEEP"], [e for e in found if e.label == "KEEP"]


def unlisted(doc: Document, *names: str) -> list[Entity]:
    """Model-style PERSON findings without a person, at each name's first free occurrence."""
    entities: list[Entity] = []

    def free(block_id: str, start: int, end: int) -> bool:
        return not any(e.block_id == block_id and e.start < end and start < e.end
                       for e in entities)

    for name in names:
        for block in doc.blocks:
            start = block.text.find(name)
            while start >= 0 and not free(block.id, start, start + len(name)):
                start = block.text.find(name, start + 1)
            if start >= 0:
                entities.append(Entity(block.id, start, start + len(name), "PERSON", name, 0.85,
                                       "SpacyRecognizer", flagged=True))
                break
    return entities


def run(case: Case, doc: Document, extra: list[Entity] = (), options: RunOptions | None = None
        ) -> tuple[list[Change], list[str]]:
    listed, kept = listed_mentions(case, doc)
    options = options or RunOptions(use_model=False)
    entities = merge(listed, list(extra), kept)
    people = settle_document_people(doc, Detection(entities, kept=kept), case, options)
    ctx = StageContext(document=doc, entities=entities, case=case, options=options, kept=kept,
                       people=people)
    changes = propose(ctx)
    texts = [apply_to_text(block.text, [c for c in changes if c.block_id == block.id])
             for block in doc.blocks]
    return changes, texts


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarah Jenkins was seen.", "Anna Price was seen."),
        ("Sarah was seen.", "Anna was seen."),
        ("Mrs Jenkins was seen.", "Mrs Price was seen."),
        ("Mrs. Jenkins was seen.", "Mrs. Price was seen."),
        ("SARAH was seen.", "ANNA was seen."),
        ("SARAH JENKINS was seen.", "ANNA PRICE was seen."),
        ("Sarah's phone rang.", "Anna's phone rang."),
        ("Sarah\u2019s phone rang.", "Anna\u2019s phone rang."),
        ("S.J. was seen.", "A.P. was seen."),
        ("Jenkins was seen.", "Price was seen."),
    ],
)
def test_every_form_of_a_name_becomes_that_form_of_the_pseudonym(
    make_case, text: str, expected: str
) -> None:
    case = make_case(FAMILY)
    assert run(case, document(text))[1] == [expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarah Jenkins was seen.", "Anna was seen."),
        ("Mrs Jenkins was seen.", "Anna was seen."),
        ("S.J. was seen.", "Anna was seen."),
        ("SARAH'S phone", "ANNA'S phone"),
    ],
)
def test_a_one_word_pseudonym_replaces_every_form_whole(make_case, text, expected) -> None:
    case = make_case({"people": [{"name": "Sarah Jenkins", "aliases": ["S.J."],
                                  "pseudonym": "Anna"}]})
    assert run(case, document(text))[1] == [expected]


def test_changes_name_the_person_by_id_and_the_rule_that_matched(make_case) -> None:
    case = make_case(FAMILY)
    changes, _ = run(case, document("Mrs Jenkins met Mark."))
    assert [(c.person, c.rule, c.stage) for c in changes] == [
        ("P1", "pseudonym.title_last.v1", "pseudonyms"),
        ("P2", "pseudonym.first.v1", "pseudonyms"),
    ]
    assert changes[0].detail["pseudonym"] == "case-file"
    assert changes[1].detail["pseudonym"] == "generated"
    assert all("Sarah" not in (c.person or "") for c in changes)


def test_generated_pseudonyms_are_recorded_and_marked_on_the_case(make_case) -> None:
    case = make_case(FAMILY)
    run(case, document("Nothing here."))
    chosen, perpetrator = case.person("P1"), case.person("P2")
    assert (chosen.pseudonym, chosen.pseudonym_generated) == ("Anna Price", False)
    assert perpetrator.pseudonym and perpetrator.pseudonym_generated
    assert perpetrator.pseudonym.split()[0] in name_lists().male


def test_two_documents_of_one_case_get_identical_pseudonyms(make_case) -> None:
    shared = make_case(FAMILY)
    _, first = run(shared, document("Mark Jenkins hit Tom.", name="overview.txt"))
    _, second = run(shared, document("Mark Jenkins hit Tom.", name="summary.txt"))
    assert first == second
    # and the same again when each document is redacted in a run of its own
    assert run(make_case(FAMILY), document("Mark Jenkins hit Tom."))[1] == first


def test_running_twice_gives_identical_output(make_case) -> None:
    doc_text = ("Mark Jenkins and Mr Jenkins; Tom and Lily; PC Smith; Dr Ward; Gary Holt "
                "and Mr Holt.")
    outputs = []
    for _ in range(2):
        doc = document(doc_text)
        outputs.append(run(make_case(FAMILY), doc, unlisted(doc, "Gary Holt", "Holt"))[1])
    assert outputs[0] == outputs[1]
    assert "Jenkins" not in outputs[0][0] and "Holt" not in outputs[0][0]


def test_the_seed_decides_generated_pseudonyms(make_case) -> None:
    names = {run(make_case({**FAMILY, "seed": seed}), document("Mark Jenkins"))[1][0]
             for seed in ("a", "b", "c", "d")}
    assert len(names) > 1


def test_a_childs_generated_pseudonym_is_gender_neutral(make_case) -> None:
    case = make_case(FAMILY)
    _, [text] = run(case, document("Tom and Lily"))
    tom, lily = case.person("P3"), case.person("P4")
    assert tom.pseudonym.split()[0] in name_lists().neutral
    assert lily.pseudonym.split()[0] in name_lists().neutral
    assert tom.pseudonym != lily.pseudonym
    assert text == f"{tom.pseudonym.split()[0]} and {lily.pseudonym.split()[0]}"


@pytest.mark.parametrize(
    ("case_children", "option", "expected"),
    [
        (None, True, "Child 1 and Child 2"),
        ({"labels": True}, False, "Child 1 and Child 2"),
    ],
)
def test_children_can_be_labelled(make_case, case_children, option, expected) -> None:
    data = {**FAMILY, **({"children": case_children} if case_children else {})}
    options = RunOptions(use_model=False, child_labels=option)
    assert run(make_case(data), document("Tom and Lily Jenkins"), options=options)[1] == [
        expected]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PC Smith attended.", "Police Officer 1 attended."),
        ("PC John Smith attended.", "Police Officer 1 attended."),
        ("Helen Ward's notes", "GP 1's notes"),
        ("Dr Ward and Karen Ward", "GP 1 and GP 2"),
    ],
)
def test_professionals_get_role_labels(make_case, text: str, expected: str) -> None:
    case = make_case({"people": [p for p in FAMILY["people"] if p["role"] == "professional"]})
    assert run(case, document(text))[1] == [expected]


@pytest.mark.parametrize(
    ("job", "error"),
    [("GP", None), ("Youth Worker", None), (3, "job must be a role label"),
     ("", "job must be a role label")],
)
def test_a_professionals_job_in_the_case_file(make_case, job, error) -> None:
    data = {"people": [{"name": "Helen Ward", "role": "professional", "job": job}]}
    if error:
        with pytest.raises(CaseFileError, match=error):
            make_case(data)
        return
    case = make_case(data)
    assert run(case, document("Helen Ward"))[1] == [f"{job} 1"]


def test_family_members_share_a_generated_surname(make_case) -> None:
    case = make_case({"people": [p for p in FAMILY["people"] if "pseudonym" not in p]})
    run(case, document("x"))
    surnames = {case.person(pid).pseudonym.split()[-1] for pid in ("P1", "P2", "P3")}
    assert len(surnames) == 1


def test_no_pseudonym_uses_any_real_name_in_the_case_or_draft(make_case) -> None:
    lists = name_lists()
    # real people named with the first entries of every list, so collisions are certain
    people = [{"name": f"{first} {surname}", "gender": gender}
              for gender, names in (("female", lists.female), ("male", lists.male),
                                    ("unknown", lists.neutral))
              for first, surname in zip(names[:12], lists.surnames[:12], strict=True)]
    case = make_case({"people": people})
    doc = document("Zoe Wright met Vincent Webb.")
    run(case, doc, unlisted(doc, "Zoe Wright", "Vincent Webb"))
    real = set().union(*(name_parts_lower(p.name) for p in case.people if not p.new))
    real |= {"zoe", "wright", "vincent", "webb"}
    pseudonyms = [p.pseudonym for p in case.people]
    assert all(p for p in pseudonyms)
    assert len(set(pseudonyms)) == len(pseudonyms)  # never two people alike
    for pseudonym in pseudonyms:
        assert not set(pseudonym.lower().split()) & real, pseudonym


def test_a_name_in_the_keep_list_is_untouched(make_case) -> None:
    case = make_case({"people": [{"name": "Helen Morris", "role": "friend"}],
                      "keep": ["Dr Helen Morris"]})
    doc = document("Dr Helen Morris chaired the review.")
    kept = [Entity("body/p0", 0, 15, "KEEP", "Dr Helen Morris", 1.0, "case-file")]
    listed = [Entity("body/p0", 3, 15, "PERSON", "Helen Morris", 1.0, "case-file", "P1",
                     "full")]
    options = RunOptions(use_model=False)
    people = settle_document_people(doc, Detection(listed, kept=kept), case, options)
    ctx = StageContext(document=doc, entities=listed, case=case, options=options, kept=kept,
                       people=people)
    assert propose(ctx) == []


def test_a_generated_pseudonym_is_never_a_keep_term(make_case) -> None:
    lists = name_lists()
    keep = [f"{first} {surname}" for first in lists.neutral for surname in lists.surnames]
    case = make_case({"people": [{"name": "Tom Jenkins", "role": "child"}], "keep": keep})
    run(case, document("x"))
    assert case.person("P1").pseudonym.lower() not in {k.lower() for k in keep}


def test_the_stage_reads_the_case_and_changes_nothing_in_it(make_case) -> None:
    """The pipeline settles the people (pseudonyms, unlisted findings placed); the stage only
    reads the case (issue 19)."""
    case = make_case(FAMILY)
    doc = document("Gary went out. Later Gary Holt returned.", "Mr Holt and Mrs Holt spoke.")
    listed, kept = listed_mentions(case, doc)
    entities = merge(listed, unlisted(doc, "Gary", "Gary Holt", "Holt", "Holt"), kept)
    options = RunOptions(use_model=False)
    people = settle_document_people(doc, Detection(entities, kept=kept), case, options)
    assert all(person.pseudonym for person in case.people) and len(people.placed) == 4
    settled = copy.deepcopy(case)
    changes = propose(StageContext(document=doc, entities=entities, case=case,
                                   options=options, kept=kept, people=people))
    assert case == settled and len(changes) == 4


def test_unlisted_people_are_grouped_into_one_new_person(make_case) -> None:
    case = make_case(FAMILY)
    listed = len(case.people)
    doc = document("Gary went out. Later Gary Holt returned.", "Mr Holt and Mrs Holt spoke.")
    changes, texts = run(case, doc, unlisted(doc, "Gary", "Gary Holt", "Holt", "Holt"))
    new = [p for p in case.people if p.new]
    assert [p.name for p in new] == ["Gary Holt", "Mrs Holt"]
    gary, mrs_holt = new
    assert gary.id == f"P{listed + 1}" and gary.role == "other"
    assert [c.person for c in changes] == [gary.id, gary.id, gary.id, mrs_holt.id]
    assert all(c.flagged and "person not in the case file" in c.reason for c in changes)
    first, surname = gary.pseudonym.split()
    assert texts[0] == f"{first} went out. Later {first} {surname} returned."
    assert texts[1].startswith(f"Mr {surname} and ")
    assert "Holt" not in " ".join(texts)
    assert mrs_holt.gender == "female" and gary.gender == "male"


def test_unlisted_people_are_grouped_across_documents(make_case) -> None:
    case = make_case(FAMILY)
    first_doc = document("Gary Holt called.")
    second_doc = document("Mr Holt called again. Gary hung up.")
    run(case, first_doc, unlisted(first_doc, "Gary Holt"))
    changes, _ = run(case, second_doc, unlisted(second_doc, "Holt", "Gary"))
    assert len([p for p in case.people if p.new]) == 1
    assert {c.person for c in changes} == {next(p.id for p in case.people if p.new)}


@pytest.mark.parametrize(
    ("names", "people"),
    [
        (["Gary Holt", "Gary"], 1),
        (["Gary Holt", "G. Holt"], 1),
        (["Gary Holt", "Linda Holt"], 2),
        (["Gary Holt", "Gary Smith"], 2),
        (["Gary Holt", "Mrs Holt"], 2),
        (["Linda Holt", "Mrs Holt"], 1),
        (["Daniel Marsh", "Danny"], 1),
        (["Daniel Marsh", "Danny Marsh"], 1),
        (["Daniel Marsh", "Dan Smith"], 2),
        (["Daniel Marsh", "Daniel Wood", "Danny"], 2),
    ],
)
def test_which_unlisted_names_are_one_person(make_case, names: list[str], people: int) -> None:
    case = make_case({})
    doc = document(" / ".join(names))
    run(case, doc, unlisted(doc, *names))
    assert len(case.people) == people
    assert all(p.new and p.pseudonym for p in case.people)


def test_an_unknown_gender_unlisted_person_gets_a_neutral_name(make_case) -> None:
    case = make_case({})
    doc = document("Quade was there.")
    run(case, doc, unlisted(doc, "Quade"))
    [person] = case.people
    assert person.gender == "unknown" and person.pseudonym in name_lists().neutral


def test_redact_terms_are_replaced(make_case) -> None:
    case = make_case({"redact": ["Beech Hill Primary School"]})
    changes, texts = run(case, document("At Beech Hill Primary School."))
    assert texts == ["At [redacted]."]
    assert changes[0].rule == "redact-term.v1"


@pytest.mark.parametrize(
    ("text", "names", "expected_people"),
    [
        ("Gary Holt left. G.H. returned.", ["Gary Holt", "G.H."], 1),
        ("Gary Holt left. K.W. returned.", ["Gary Holt", "K.W."], 2),
        ("Uncle Steve shouted.", ["Uncle Steve"], 1),
        ("Maria de Souza called.", ["Maria de Souza"], 1),
    ],
)
def test_unusual_unlisted_names_are_still_replaced(make_case, text, names, expected_people
                                                   ) -> None:
    case = make_case({})
    doc = document(text)
    changes, [output] = run(case, doc, unlisted(doc, *names))
    assert len(case.people) == expected_people
    assert len(changes) == len(names)
    for name in names:
        bare = name.removeprefix("Uncle ")
        assert bare not in output
    if text.startswith("Uncle"):
        assert output.startswith("Uncle ") and changes[0].before == "Steve"


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("PC Holt attended. Holt left.", ["PC Holt", "Holt"],
         "Police Officer 1 attended. Police Officer 1 left."),
        ("Dr Shah and Dr Khan", ["Dr Shah", "Dr Khan"], "Doctor 1 and Doctor 2"),
    ],
)
def test_unlisted_professionals_get_role_labels(make_case, text, names, expected) -> None:
    case = make_case({})
    doc = document(text)
    assert run(case, doc, unlisted(doc, *names))[1] == [expected]
    assert {p.role for p in case.people} == {"professional"}


def test_a_run_registers_unlisted_people_before_writing_so_documents_agree(make_case) -> None:
    """The batch shape: every document's findings registered in input order, then each
    document redacted on its own copy of the case."""
    case = make_case(FAMILY)
    first = document("Mr Holt called. Gary Holt hung up.")
    second = document("Gary said Mr Holt never called.")
    for doc, names in ((first, ("Mr Holt", "Gary Holt")), (second, ("Gary", "Mr Holt"))):
        register_unlisted(case, unlisted(doc, *names))
    [gary] = [p for p in case.people if p.new]
    assert (gary.name, gary.title, gary.gender) == ("Gary Holt", "Mr", "male")
    assert gary.pseudonym and gary.pseudonym_generated
    first_name, surname = gary.pseudonym.split()
    outputs = []
    for doc, names in ((first, ("Mr Holt", "Gary Holt")), (second, ("Gary", "Mr Holt"))):
        changes, [text] = run(copy.deepcopy(case), doc, unlisted(doc, *names))
        assert all(c.flagged and "person not in the case file" in c.reason for c in changes)
        assert {c.person for c in changes} == {gary.id}
        outputs.append(text)
    assert outputs == [f"Mr {surname} called. {first_name} {surname} hung up.",
                       f"{first_name} said Mr {surname} never called."]


def test_the_name_lists_hold_no_ordinary_words_and_no_name_twice() -> None:
    lists = name_lists()
    everything = [*lists.female, *lists.male, *lists.neutral, *lists.surnames]
    lowered = [n.lower() for n in everything]
    assert len(set(lowered)) == len(lowered), sorted(n for n in set(lowered)
                                                     if lowered.count(n) > 1)
    assert not set(lowered) & name_words()
    assert min(len(lists.female), len(lists.male)) >= 60
    assert len(lists.neutral) >= 40 and len(lists.surnames) >= 60


@pytest.mark.parametrize(
    ("text", "plausible"),
    [("Gary Holt", True), ("Maria de Souza", True), ("Mr Holt's", True), ("GARY HOLT", True),
     ("Daniel's outside", False), ("john smith", False)],
)
def test_which_found_names_are_written_like_names(text: str, plausible: bool) -> None:
    assert parse_mention(text).plausible is plausible


@pytest.mark.parametrize(
    ("text", "expected_changes"),
    [("Gary Holt called. Gary called.", 2), ("the gary line", 0), ("GARY called", 1)],
)
def test_people_found_by_detection_are_matched_only_when_written_like_names(
    make_case, text: str, expected_changes: int
) -> None:
    case = make_case({"people": [{"name": "Gary Holt", "new": True}]})
    changes, _ = run(case, document(text))
    assert len(changes) == expected_changes


@pytest.mark.parametrize(
    ("person", "text", "expected"),
    [
        ({"name": "Amir Shah", "role": "professional", "job": "GP"}, "Dr Amir Shah saw her.",
         "GP 1 saw her."),
        ({"name": "Amir Shah", "role": "professional", "job": "GP"}, "Dr Shah saw her.",
         "GP 1 saw her."),
        ({"name": "Sarah Jenkins", "pseudonym": "Anna"}, "Mrs Sarah Jenkins came.",
         "Anna came."),
        ({"name": "Sarah Jenkins", "pseudonym": "Anna Price"}, "Mrs Sarah Jenkins came.",
         "Mrs Anna Price came."),
    ],
)
def test_a_title_before_a_listed_name_goes_with_a_label(make_case, person, text, expected
                                                        ) -> None:
    assert run(make_case({"people": [person]}), document(text))[1] == [expected]
