import pytest

from redactor.case.forms import is_label, name_parts_lower, name_variants, render_pseudonym


def forms(name: str, aliases=()) -> dict[str, str]:
    return {v.text: v.form for v in name_variants(name, aliases)}


def test_variants_of_a_full_name() -> None:
    found = forms("Sarah Jenkins", ["Sally", "Mrs Jenkins", "S.J."])
    assert found["Sarah Jenkins"] == "full"
    assert found["Sarah"] == "first"
    assert found["Jenkins"] == "last"
    assert found["Mrs Jenkins"] == "title_last"
    assert found["Dr Jenkins"] == "title_last"
    assert found["Sally"] == "alias"
    assert found["S.J."] == "initials"
    assert found["S J"] == "initials"


@pytest.mark.parametrize(
    ("pseudonym", "form", "original", "expected"),
    [
        ("Anna Price", "full", "Sarah Jenkins", "Anna Price"),
        ("Anna Price", "first", "Sarah", "Anna"),
        ("Anna Price", "title_last", "Mrs Jenkins", "Mrs Price"),
        ("Anna Price", "first", "SARAH", "ANNA"),
        ("Anna Price", "initials", "S.J.", "A.P."),
        ("Anna Price", "initials", "S J", "A P"),
        ("Anna Price", "last", "Jenkins", "Price"),
        ("Anna", "title_last", "Mrs Jenkins", "Anna"),
        ("Anna", "initials", "S.J.", "Anna"),
        ("Anna", "full", "SARAH JENKINS", "ANNA"),
        ("Anna Price", "plural", "Jenkinses", "Prices"),  # the family, by its surname
        ("Anna Ross", "plural", "Jenkinses", "Rosses"),
        ("Tigre", "plural", "Tremaynes", "Tigres"),
        ("Child 1", "plural", "Tremaynes", "Child 1"),
    ],
)
def test_pseudonym_is_rendered_in_the_form_of_the_mention(
    pseudonym: str, form: str, original: str, expected: str
) -> None:
    assert render_pseudonym(pseudonym, form, original) == expected


@pytest.mark.parametrize(
    ("pseudonym", "form", "original", "expected"),
    [
        ("Anna Price", "first", "Sarah's", "Anna's"),
        ("Anna Price", "first", "Sarah\u2019s", "Anna\u2019s"),
        ("Anna Price", "first", "SARAH'S", "ANNA'S"),
        ("Anna Price", "last", "Jones'", "Price's"),
        ("Anna Price", "last", "Jenkins'", "Price's"),
        ("Anna Price", "first", "Charles'", "Anna's"),
        ("Anna Price", "title_last", "Mrs. Jenkins", "Mrs. Price"),
        ("Anna Price", "title_last", "MRS JENKINS", "MRS PRICE"),
        ("Anna Price", "title_full", "Mrs Sarah Jenkins", "Mrs Anna Price"),
        ("Anna Price", "initials", "SJ", "AP"),
        ("Anna Price", "initials", "S.J.'s", "A.P.'s"),
        ("Police Officer 1", "title_last", "PC Smith", "Police Officer 1"),
        ("Police Officer 1", "first", "John", "Police Officer 1"),
        ("Child 2", "full", "Tom Jenkins's", "Child 2's"),
        ("Child 2", "first", "TOM", "CHILD 2"),
    ],
)
def test_possessives_titles_and_labels(pseudonym, form, original, expected) -> None:
    assert render_pseudonym(pseudonym, form, original) == expected


@pytest.mark.parametrize(
    ("pseudonym", "label"),
    [("Child 1", True), ("GP 12", True), ("[Person 3]", True), ("Anna Price", False),
     ("Anna", False), ("Jo 2nd", False)],
)
def test_labels_are_told_from_names(pseudonym: str, label: bool) -> None:
    assert is_label(pseudonym) is label


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("Mrs Sarah Jane Jenkins's", {"sarah", "jane", "jenkins"}),
        ("Smith-Jones", {"smith", "jones"}),
        ("Dr O'Brien", {"o'brien"}),
        ("S.J.", set()),
    ],
)
def test_name_parts_for_collision_checks(text: str, parts: set[str]) -> None:
    assert name_parts_lower(text) == parts


@pytest.mark.parametrize(
    ("gender", "present", "absent"),
    [
        ("female", ["Mrs Jenkins", "Ms Jenkins", "Dr Jenkins", "PC Jenkins"], ["Mr Jenkins"]),
        ("male", ["Mr Jenkins", "Dr Jenkins"], ["Mrs Jenkins", "Miss Jenkins"]),
        ("unknown", ["Mr Jenkins", "Mrs Jenkins", "Dr Jenkins"], []),
    ],
)
def test_derived_title_forms_follow_a_known_gender(gender, present, absent) -> None:
    texts = {v.text for v in name_variants("Sarah Jenkins", (), gender)}
    assert set(present) <= texts
    assert not set(absent) & texts


def test_a_title_written_in_an_alias_always_counts() -> None:
    variants = {v.text: v for v in name_variants("Sam Jenkins", ["Mr Jenkins"], "female")}
    assert variants["Mr Jenkins"].explicit


def test_written_forms_are_told_from_derived_ones() -> None:
    variants = {v.text: v.explicit for v in name_variants("Margaret O'Neill", ["Mrs O'Neill"])}
    assert variants["Margaret O'Neill"] and variants["Mrs O'Neill"]
    assert not variants["Margaret"] and not variants["Dr O'Neill"]
