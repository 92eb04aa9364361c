from pathlib import Path

import pytest

from redactor.case import load_case, parse_case, save_case
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
        ("people:\n  - name: Ann Bell\n    role: villain\n", "line 3: role must be one of"),
        ("people:\n  - aliases: [x]\n", "line 2: every person needs a 'name'"),
        ("peple: []\n", "line 1: unknown key 'peple'"),
        ("people:\n  - name: Ann Bell\n    age: ten\n", "line 3: age must be a whole number"),
        ("people:\n  - name: Ann Bell\n    gender: female\n    rol: victim\n",
         "line 4: unknown key 'rol' for a person (did you mean 'role'?)"),
        ("people: [\n", "a quote or bracket opened and never closed"),
        ("people:\n  - name: Ann Bell\n     role: victim\n", "line 3"),
        ("people:\n  - name: Ann Bell\n   role: victim\n",
         "line 3, column 4: this line is indented differently"),
        ("- just\n- a list\n", "must be a mapping"),
        ("dates: {precision: week}\n", "dates.precision must be one of"),
        ("people:\n  - {name: Ann Bell, id: X}\n  - {name: Cy Dunn, id: X}\n",
         "duplicate person id"),
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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        # the hostile case of issue 18: a person "The" with aliases "and", "of", "her"
        ("people:\n  - name: The\n    aliases: [and, of, her]\n",
         "line 2: name 'The' of 'The' is a common English word"),
        ("people:\n  - name: Sarah Jenkins\n    aliases:\n      - Sally\n      - her\n",
         "line 5: alias 'her' of 'Sarah Jenkins' is a common English word"),
        ("people:\n  - name: Sarah Jenkins\n    aliases: [S]\n", "'S' of 'Sarah Jenkins' is a "
         "single letter"),
        ("people:\n  - name: Sarah Jenkins\n    aliases: [Jo]\n", "shorter than three"),
        ("people:\n  - name: Sarah Jenkins\n    aliases: [Mum]\n", "common English word"),
        ("redact:\n  - Beech Hill Primary School\n  - school\n",
         "line 3: redact term 'school' is a common English word"),
        ("redact: [The Home]\n", "made only of common English words"),
    ],
)
def test_common_words_and_tiny_terms_are_refused_with_their_line(
    tmp_path: Path, text: str, message: str
) -> None:
    with pytest.raises(CaseFileError) as caught:
        load_case(write(tmp_path, text))
    assert message in str(caught.value)
    assert "allow_common" in str(caught.value)


def test_names_that_are_words_initials_and_acronyms_are_accepted(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, (
        "people:\n  - name: Grace Hope\n    aliases: [Will, S.J., D.M., Mrs Brown]\n"
        "redact: [NHS Trust 4, Beech Hill Primary School]\n")))
    assert case.people[0].aliases == ["Will", "S.J.", "D.M.", "Mrs Brown"]


def test_the_chair_can_insist_on_a_common_word(tmp_path: Path) -> None:
    case = load_case(write(tmp_path, (
        "people:\n  - name: Sarah Jenkins\n    aliases: [Mum]\n    allow_common: true\n"
        "redact: [school]\nallow_common: [School]\n")))
    assert case.people[0].aliases == ["Mum"]
    assert case.redact == ["school"]
    out = tmp_path / "again.yaml"
    save_case(case, out)
    assert load_case(out).people[0].allow_common


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        prev = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [{','.join(['*' + prev] * 9)}]")
    lines.append("people: *i")
    path = write(tmp_path, "\n".join(lines) + "\n")
    with pytest.raises(CaseFileError, match="more than 20 YAML aliases"):
        load_case(path)


def test_a_huge_case_file_is_refused_before_parsing(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "keep:\n" + "  - Northshire Police\n" * 60_000)
    with pytest.raises(CaseFileError, match="larger than 1,000,000 bytes.*REDACTOR_MAX_CASE_BYTES"):
        load_case(path)
    monkeypatch.setenv("REDACTOR_MAX_CASE_BYTES", "5000000")
    assert len(load_case(path).keep) == 60_000


def test_a_fifo_case_file_is_refused_not_waited_on(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    with pytest.raises(CaseFileError, match="not a regular file"):
        load_case(fifo)


CHAIRS = """\
# Case file for the Marsh review. Chair: J. Langley.
area: Safer Northshire Partnership   # the CSP
people:
  - id: P1
    name: Rose O'Neill
    role: victim
    gender: female
    pseudonym: Anna            # chosen by the family
  - id: P2
    name: Daniel Marsh
    aliases: [Danny, Mr Marsh]
    role: perpetrator
    gender: male
keep:
  # the review panel stays named
  - Judith Langley
  # agencies
  - Northshire Police
dates: {precision: month, dob_precision: year}
"""


def test_saving_keeps_the_chairs_comments_order_and_layout(tmp_path: Path) -> None:
    path = write(tmp_path, CHAIRS)
    case = load_case(path)
    assert save_case(case, path) is False  # nothing changed: nothing written, no backup
    assert path.read_text() == CHAIRS and not (tmp_path / "case.yaml.bak").exists()

    case.person("P2").pseudonym = "Kevin Hart"
    case.person("P2").pseudonym_generated = True
    case.keep.append("Hadley")
    assert save_case(case, path) is True
    text = path.read_text()
    assert (tmp_path / "case.yaml.bak").read_text() == CHAIRS  # the previous version
    for line in CHAIRS.splitlines():
        if line.startswith("#") or "#" in line or line.startswith("  - "):
            assert line in text, line  # every comment and list line kept as written
    assert "    aliases: [Danny, Mr Marsh]\n" in text
    assert "    pseudonym: Kevin Hart\n    pseudonym_generated: true\n" in text
    assert text.index("Northshire Police") < text.index("Hadley") < text.index("dates:")
    again = load_case(path)
    assert again.person("P2").pseudonym == "Kevin Hart" and again.keep[-1] == "Hadley"


# --- versioned pseudonym generation (issue 19) ------------------------------------------------


def test_a_case_file_without_a_generator_version_is_version_1() -> None:
    from redactor.case.file import UNVERSIONED_PSEUDONYM_GENERATOR

    assert UNVERSIONED_PSEUDONYM_GENERATOR == 1
    assert parse_case({"people": [{"name": "Sarah Jenkins"}]}).pseudonym_generator == 1


def test_every_generator_version_the_case_file_accepts_has_a_generator() -> None:
    from redactor.case.file import CURRENT_PSEUDONYM_GENERATOR, PSEUDONYM_GENERATORS
    from redactor.case.pseudonyms import GENERATORS

    assert tuple(sorted(GENERATORS)) == PSEUDONYM_GENERATORS
    assert CURRENT_PSEUDONYM_GENERATOR in GENERATORS


@pytest.mark.parametrize("version", [2, 0, "1", True, None])
def test_an_unknown_generator_version_stops_the_run(version: object) -> None:
    with pytest.raises(CaseFileError, match="pseudonym_generator"):
        parse_case({"pseudonym_generator": version})


def test_the_generator_version_is_saved_with_generated_pseudonyms(tmp_path: Path) -> None:
    from redactor.case.pseudonyms import assign_pseudonyms

    path = tmp_path / "case.yaml"
    path.write_text("people:\n  - name: Sarah Jenkins\n    role: victim\n")
    case = load_case(path)
    assert "pseudonym_generator" not in case.to_yaml()  # nothing generated yet
    assign_pseudonyms(case)
    save_case(case, path)
    assert "pseudonym_generator: 1\n" in path.read_text()
    assert load_case(path).person("P1").pseudonym == case.person("P1").pseudonym
