import pytest

from redactor.names import name_variants, render_pseudonym


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
    ],
)
def test_pseudonym_is_rendered_in_the_form_of_the_mention(
    pseudonym: str, form: str, original: str, expected: str
) -> None:
    assert render_pseudonym(pseudonym, form, original) == expected
