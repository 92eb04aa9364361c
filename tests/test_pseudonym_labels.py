"""Label pseudonyms are used whole; generated pseudonyms read well beside the others."""

from __future__ import annotations

import pytest

from redactor.case.forms import is_label
from redactor.case.pseudonyms import names_clash
from redactor.options import RunOptions
from tests.test_pseudonyms import document, run

DUNMORE = {
    "people": [
        {"name": "Nicola Dunmore", "role": "victim", "gender": "female", "age": 38},
        {"name": "Kenneth Dunmore", "role": "perpetrator", "gender": "male", "age": 40},
        {"name": "Liam Dunmore", "role": "child", "gender": "male", "age": 7,
         "pseudonym": "Child A"},
        {"name": "Maisie Dunmore", "role": "child", "gender": "female", "age": 4,
         "pseudonym": "Child B"},
        {"name": "Gary Holt", "role": "friend", "gender": "male", "pseudonym": "Mr X"},
    ],
}


@pytest.mark.parametrize("label", ["Child A", "Adult F", "Victim 1", "Mr X", "GP 2", "[Person 3]"])
def test_labels_are_recognised(label: str) -> None:
    assert is_label(label)


@pytest.mark.parametrize("name", ["Anna", "Anna Price", "Mary-Ann O'Brien", "Jo Li"])
def test_names_are_not_labels(name: str) -> None:
    assert not is_label(name)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Liam was seen.", "Child A was seen."),
        ("Liam Dunmore was seen.", "Child A was seen."),
        ("Liam's father", "Child A's father"),
        ("LIAM'S school", "CHILD A'S school"),
        ("Liam and Maisie", "Child A and Child B"),
        ("Gary said so; Mr Holt agreed.", "Mr X said so; Mr X agreed."),
    ],
)
def test_every_form_of_a_labelled_person_becomes_the_whole_label(
    make_case, text: str, expected: str
) -> None:
    assert run(make_case(DUNMORE), document(text))[1] == [expected]


def test_no_generated_pseudonym_is_a_given_name_and_an_initial(make_case) -> None:
    case = make_case(DUNMORE)
    run(case, document("Kenneth Dunmore and Nicola Dunmore."))
    for person in case.people:
        words = (person.pseudonym or "").split()
        if person.pseudonym_generated:
            assert len(words[-1]) > 1, person.pseudonym
    # the adults share a generated surname, not the children's label letter
    kenneth, nicola = case.person("P2"), case.person("P1")
    assert kenneth.pseudonym.split()[-1] == nicola.pseudonym.split()[-1]


@pytest.mark.parametrize(
    ("a", "b", "clash"),
    [("Beth", "Bethany", True), ("Geoff", "Geoffrey", True), ("Danny", "Daniel", True),
     ("Christine", "Christopher", True), ("Anna", "Anna", True),
     ("Beth", "Sarah", False), ("Jen", "Jenkins", True), ("Al", "Alan", False),
     ("Mark", "Martin", False)],
)
def test_names_clash_on_a_shared_stem_or_nickname(a: str, b: str, clash: bool) -> None:
    assert names_clash(a, b) is clash
    assert names_clash(b, a) is clash


def test_generated_pseudonyms_share_no_stem_with_other_pseudonyms_or_kept_names(
    make_case
) -> None:
    people = [{"name": f"Qua{letter}za Vor{letter}ski", "role": "family", "gender": "female"}
              for letter in "bcdfghjklmnpqrstvwxz"]
    people.append({"name": "Karen Smith", "role": "family", "gender": "female",
                   "pseudonym": "Beth"})
    case = make_case({"people": people, "keep": ["Judith Langley", "Dr Mary Fenwick"]})
    run(case, document("Nothing."))
    words: list[tuple[str, str]] = []
    for person in case.people:
        for word in person.pseudonym.split():
            words.append((person.id, word))
    for pid, word in words:
        for other_id, other in words:
            if other_id != pid:
                assert not names_clash(word, other), (word, other)
        for kept in ("Judith", "Langley", "Mary", "Fenwick"):
            assert not names_clash(word, kept), (word, kept)


def test_child_labels_never_change_adults(make_case) -> None:
    family = {"people": [
        {"name": "Tom Jenkins", "role": "child", "age": 6},
        {"name": "Mark Jenkins", "role": "perpetrator", "gender": "male"},
        {"name": "Sarah Jenkins", "role": "victim", "gender": "female"},
        {"name": "Lily Jenkins", "role": "child", "age": 4},
    ]}
    plain, labelled = make_case(family), make_case(family)
    run(plain, document("x"))
    run(labelled, document("x"), options=RunOptions(use_model=False, child_labels=True))
    for pid in ("P2", "P3"):
        assert plain.person(pid).pseudonym == labelled.person(pid).pseudonym
    assert [labelled.person(p).pseudonym for p in ("P1", "P4")] == ["Child 1", "Child 2"]
