from pathlib import Path

import pytest

from redactor.case import load_case, save_case
from redactor.errors import CaseFileError

GOOD = """\
area: Safer Northshire Partnership
people:
  - name: Sarah Jenkins
    aliases: [Sally, Mrs Jenkins, S.J.]
    role: victim
    gender: female
    age: 34
    pseudonym: Anna
keep: [Dr Helen Morris, Northshire Police]
redact: [Beech Hill Primary School]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "case.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_from_the_brief_is_accepted(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, GOOD))
    assert case.area == "Safer Northshire Partnership"
    person = case.people[0]
    assert (person.id, person.name, person.role, person.age, person.pseudonym) == (
        "P1", "Sarah Jenkins", "victim", 34, "Anna")
    assert person.aliases == ["Sally", "Mrs Jenkins", "S.J."]
    assert case.keep == ["Dr Helen Morris", "Northshire Police"]
    assert case.redact == ["Beech Hill Primary School"]
    assert case.sha256 and len(case.sha256) == 64


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("people:\n  - name: A B\n    role: villain\n", "line 2: role must be one of"),
        ("people:\n  - aliases: [x]\n", "line 2: every person needs a 'name'"),
        ("peple: []\n", "line 1: unknown key 'peple'"),
        ("people:\n  - name: A B\n    age: ten\n", "line 2: age must be a whole number"),
        ("people: [\n", "invalid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
        ("dates: {precision: week}\n", "dates.precision must be one of"),
        ("people:\n  - {name: A B, id: X}\n  - {name: C D, id: X}\n", "duplicate person id"),
    ],
)
def test_malformed_case_files_name_the_line_and_problem(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(CaseFileError) as caught:
        load_case(write(tmp_path, text))
    assert message in str(caught.value)
    assert str(tmp_path / "case.yaml") in str(caught.value)


def test_missing_case_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="case file not found"):
        load_case(tmp_path / "nope.yaml")


def test_save_then_load_round_trips_and_is_owner_only(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, GOOD))
    out = tmp_path / "saved.yaml"
    save_case(case, out)
    again = load_case(out)
    assert again.people == case.people
    assert (again.keep, again.redact, again.area) == (case.keep, case.redact, case.area)
    assert out.stat().st_mode & 0o777 == 0o600
