import pytest

from redactor.casematch import CaseMatcher


@pytest.fixture
def matcher(make_case):
    return CaseMatcher(make_case({
        "area": "Safer Northshire Partnership",
        "people": [
            {"name": "Sarah Jenkins", "aliases": ["S.J."], "pseudonym": "Anna"},
            {"name": "Will Jenkins", "role": "child"},
        ],
        "keep": ["Northshire Police"],
        "redact": ["Beech Hill Primary School"],
    }))


def texts(matcher: CaseMatcher, text: str, label: str | None = None) -> list[str]:
    return [e.text for e in matcher.find("b", text) if label in (None, e.label)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sarah Jenkins was seen.", ["Sarah Jenkins"]),
        ("SARAH JENKINS was seen.", ["SARAH JENKINS"]),
        ("Sarah's phone", ["Sarah"]),
        ("Sarah\u2019s phone", ["Sarah"]),
        ("Mrs  Jenkins said", ["Mrs  Jenkins"]),
        ("told S.J. that", ["S.J."]),
        ("Will said he will go", ["Will"]),  # lower-case 'will' is a word, not the name
        ("Sarahs and Jenkinsons", []),  # word boundaries
        ("Smith-Jenkins family", []),  # part of another hyphenated name
    ],
)
def test_people_are_found_at_word_boundaries(matcher, text: str, expected: list[str]) -> None:
    assert texts(matcher, text, "PERSON") == expected


def test_mentions_carry_person_and_form(matcher) -> None:
    [mention] = matcher.find("body/p0", "Mrs Jenkins arrived")
    assert (mention.person_id, mention.form, mention.source) == ("P1", "title_last", "case-file")


def test_keep_and_redact_terms(matcher) -> None:
    text = ("Northshire Police visited Beech Hill Primary School for the "
            "Safer Northshire Partnership")
    assert texts(matcher, text, "KEEP") == ["Northshire Police", "Safer Northshire Partnership"]
    assert texts(matcher, text, "REDACT_TERM") == ["Beech Hill Primary School"]
