"""`init-case`: people found in drafts, roles guessed, pseudonyms proposed, never overwritten."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from redactor.case import Case, load_case
from redactor.case.forms import name_parts_lower, split_possessive
from redactor.case.init import build_case, init_case
from redactor.cli import main
from redactor.detect.engine import Detection
from redactor.io import read_document
from redactor.model import Document, Entity
from tests.conftest import CORPUS

DRAFT = """\
Author: Judith Langley, Independent Chair.

1.1 This review examines the death of Sarah Jenkins, aged 34. Sarah lived with her partner \
Mark Taylor and their son Tom, aged 6.

1.2 Mark Taylor was arrested at the scene. Mr Taylor told officers he had been at work.

1.3 A neighbour, Gary Holt, heard shouting. Mr Holt called the police.

1.4 PC Ravi Patel attended. The GP, Dr Amir Shah, had seen Sarah in May.

1.5 Sarah's sister, Linda Jenkins, said Sarah was frightened. She said Tom loved school.
Sarah had told her mother that she wanted to leave.
"""

NAMES = ("Judith Langley", "Sarah Jenkins", "Sarah", "Mark Taylor", "Mr Taylor", "Tom",
         "Gary Holt", "Mr Holt", "PC Ravi Patel", "Dr Amir Shah", "Linda Jenkins")


class FakeDetector:
    """Finds the given names wherever they occur, as model detection would (no model)."""

    def __init__(self, names: tuple[str, ...] = NAMES) -> None:
        self.pattern = re.compile("|".join(
            rf"\b{re.escape(n)}\b" for n in sorted(names, key=len, reverse=True)))

    def detect(self, document: Document, case: Case) -> Detection:
        entities = [
            Entity(block.id, m.start(), m.end(), "PERSON", m.group(0), 0.85, "SpacyRecognizer",
                   flagged=True)
            for block in document.blocks for m in self.pattern.finditer(block.text)
        ]
        return Detection(entities=entities)


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text(DRAFT, encoding="utf-8")
    return path


def people_by_name(case: Case) -> dict[str, object]:
    return {p.name: p for p in case.people}


@pytest.mark.parametrize(
    ("name", "role", "gender", "age", "job"),
    [
        ("Sarah Jenkins", "victim", "female", 34, None),
        ("Mark Taylor", "perpetrator", "male", None, None),
        ("Tom", "child", "male", 6, None),
        ("Gary Holt", "neighbour", "male", None, None),
        ("Ravi Patel", "professional", "unknown", None, "Police Officer"),
        ("Amir Shah", "professional", "unknown", None, "GP"),
        ("Linda Jenkins", "family", "female", None, None),
    ],
)
def test_people_and_their_roles_are_guessed_from_context(
    draft: Path, name: str, role: str, gender: str, age: int | None, job: str | None
) -> None:
    person = people_by_name(build_case([draft], FakeDetector()))[name]
    assert (person.role, person.gender, person.age, person.job) == (role, gender, age, job)


def test_variants_of_one_person_are_grouped_with_their_aliases(draft: Path) -> None:
    case = build_case([draft], FakeDetector())
    people = people_by_name(case)
    assert people["Mark Taylor"].aliases == ["Mr Taylor"]
    assert people["Sarah Jenkins"].aliases == ["Sarah"]
    assert people["Ravi Patel"].title == "PC"
    assert len(case.people) == 7
    assert [p.id for p in case.people] == [f"P{n}" for n in range(1, 8)]
    assert case.people[0].name == "Sarah Jenkins"  # the victim first


def test_panel_members_are_kept_not_pseudonymised(draft: Path) -> None:
    case = build_case([draft], FakeDetector())
    assert case.keep == ["Judith Langley"]
    assert "Judith Langley" not in people_by_name(case)


def test_every_person_gets_a_proposed_pseudonym_that_is_no_real_name(draft: Path) -> None:
    case = build_case([draft], FakeDetector())
    real = set().union(*(name_parts_lower(n) for n in NAMES))
    for person in case.people:
        assert person.pseudonym and person.pseudonym_generated
        assert not set(person.pseudonym.lower().split()) & real
    assert people_by_name(case)["Ravi Patel"].pseudonym == "Police Officer 1"
    assert people_by_name(case)["Amir Shah"].pseudonym == "GP 1"


def test_the_case_file_is_written_and_is_the_same_every_time(draft: Path, tmp_path: Path
                                                            ) -> None:
    init_case([draft], tmp_path / "a.yaml", FakeDetector())
    init_case([draft], tmp_path / "b.yaml", FakeDetector())
    assert (tmp_path / "a.yaml").read_bytes() == (tmp_path / "b.yaml").read_bytes()
    assert (tmp_path / "a.yaml").stat().st_mode & 0o777 == 0o600
    loaded = people_by_name(load_case(tmp_path / "a.yaml"))
    assert len(loaded) == 7
    assert (loaded["Ravi Patel"].job, loaded["Ravi Patel"].pseudonym_generated) == (
        "Police Officer", True)


def test_the_written_case_file_is_accepted_by_redact(draft: Path, tmp_path: Path) -> None:
    init_case([draft], tmp_path / "case.yaml", FakeDetector())
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(tmp_path / "case.yaml"),
                                       "--out", str(tmp_path / "out"), "--no-model"])
    assert result.exit_code == 0, result.output
    redacted = (tmp_path / "out" / "draft.redacted.txt").read_text(encoding="utf-8")
    for gone in ("Sarah", "Jenkins", "Mark", "Taylor", "Tom", "Holt", "Patel", "Shah"):
        assert not re.search(rf"\b{gone}\b", redacted), gone
    assert "Judith Langley" in redacted


def test_an_existing_case_file_is_never_overwritten(draft: Path, tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    target.write_text("people: []\n")
    result = CliRunner().invoke(main, ["init-case", str(draft), "--out", str(target)])
    assert result.exit_code == 2
    assert "exists already" in result.output and "never overwrites" in result.output
    assert target.read_text() == "people: []\n"


def test_a_bad_draft_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init-case", str(tmp_path / "missing.docx"),
                                       "--out", str(tmp_path / "case.yaml")])
    assert result.exit_code == 2
    assert "file not found" in result.output
    assert not (tmp_path / "case.yaml").exists()


def gold_recall(case: Case, gold_files: list[Path]) -> tuple[int, int, list[str]]:
    """Gold people (listed and unlisted) whose fullest mention is a name or alias of a person."""
    written = {split_possessive(form)[0].lower()
               for p in case.people for form in (p.name, *p.aliases,
                                                  *([f"{p.title} {p.name}"] if p.title else []))}
    wanted: dict[str, str] = {}
    for gold_file in gold_files:
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        for entry in [*gold.get("people", []), *gold.get("unlisted_people", [])]:
            key = entry.get("id") or entry["name"]
            fullest = max(entry["mentions"], key=lambda m: (len(m.split()), m.istitle()))
            if len(fullest) >= len(wanted.get(key, "")):
                wanted[key] = fullest
    missed = [m for m in wanted.values() if split_possessive(m)[0].lower() not in written]
    return len(wanted) - len(missed), len(wanted), missed


def gold_mentions(gold_files: list[Path]) -> set[str]:
    """Every written form of every gold person (listed or not)."""
    mentions: set[str] = set()
    for gold_file in gold_files:
        gold = yaml.safe_load(gold_file.read_text(encoding="utf-8"))
        for entry in [*gold.get("people", []), *gold.get("unlisted_people", [])]:
            mentions.update(entry["mentions"])
    return mentions


@pytest.mark.model
@pytest.mark.parametrize(
    ("area", "drafts"),
    [
        ("northshire", ["overview.docx", "executive_summary.pdf"]),
        ("eastvale", ["summary.md"]),
    ],
)
def test_init_case_on_the_corpus_finds_the_gold_people(tmp_path: Path, area: str,
                                                       drafts: list[str]) -> None:
    folder = CORPUS / area
    paths = [folder / d for d in drafts]
    if not all(p.exists() for p in paths):
        pytest.skip(f"corpus/{area} is not there yet")
    out = tmp_path / "case.yaml"
    result = CliRunner().invoke(main, ["init-case", *map(str, paths), "--out", str(out)])
    assert result.exit_code == 0, result.output
    case = load_case(out)
    found, total, missed = gold_recall(case, sorted(folder.glob("*.gold.yaml")))
    assert found / total >= 0.9, missed
    redacted = CliRunner().invoke(main, ["redact", *map(str, paths), "--case", str(out),
                                         "--out", str(tmp_path / "out"), "--accept-changes"])
    assert redacted.exit_code == 0, redacted.output
    mentions = gold_mentions(sorted(folder.glob("*.gold.yaml")))
    for output in sorted((tmp_path / "out").glob("*.redacted.*")):
        text = read_document(output).text
        left = [m for m in mentions if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", text)]
        assert not left, f"{output.name}: {left}"


STARTS_RIGHT = """\
Safer Northshire Partnership
Domestic Homicide Review
Author: Judith Langley, Independent Chair

1.1 This review examines the death of Rose O'Neill, a resident of Hadley. Rose lived with \
her partner Daniel Marsh. Mrs O'Neill was known to the Hadley Health Visiting Service.

1.2 Rose's mother, Margaret O'Neill, said Rose was loyal. Northshire Police and HMP \
Northshire shared records with Larkfield Surgery and Beech Hill Primary School.

1.3 Daniel Marsh was arrested in Hadley. The Safer Northshire Partnership commissioned it.
"""

STARTS_NAMES = ("Judith Langley", "Rose O'Neill", "Rose", "Hadley", "Daniel Marsh",
                "Mrs O'Neill", "Margaret O'Neill")


def test_init_case_starts_right(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text(STARTS_RIGHT, encoding="utf-8")
    out = tmp_path / "case.yaml"
    case = init_case([path], out, FakeDetector(STARTS_NAMES))
    assert case.area == "Safer Northshire Partnership"
    names = {p.name for p in case.people}
    assert "Judith Langley" in case.keep and "Judith Langley" not in names  # the chair
    assert "Hadley" in case.keep and "Hadley" not in names  # a place, not a person
    for agency in ("Northshire Police", "HMP Northshire", "Hadley Health Visiting Service"):
        assert agency in case.keep
    assert not any("Surgery" in k or "School" in k for k in case.keep)  # those identify
    # "Mrs O'Neill" fits Rose and Margaret: given to neither, and marked for the chair
    assert all("Mrs O'Neill" not in p.aliases for p in case.people)
    text = out.read_text()
    assert "# check: \"Mrs O'Neill\" in the drafts may be any of" in text
    assert "  - Hadley  # check: a place, not a person, as in 'a resident of Hadley'" in text
    again = load_case(out)  # the comments leave a valid case file
    assert again.area == case.area and again.keep == case.keep


def test_a_pseudonym_the_draft_says_the_family_chose_is_used_not_a_person(tmp_path: Path
                                                                          ) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("1.1 This review examines the death of IRENE PELLOW.\n\n"
                    "1.2 Irene Pellow, aged 79, was killed at home. The family asked that "
                    "Irene be called Edith in the published report.\n")
    case = build_case([path], FakeDetector(("IRENE PELLOW", "Irene Pellow", "Irene", "Edith")))
    [irene] = case.people
    assert irene.name == "Irene Pellow"  # not the heading's capitals
    assert (irene.pseudonym, irene.pseudonym_generated) == ("Edith", False)


def test_an_alias_the_draft_states_is_given_with_its_evidence(tmp_path: Path) -> None:
    path = tmp_path / "draft.txt"
    path.write_text("4.2 Kieran Pellow, known to his friends as Kez, lived with Irene Pellow.\n\n"
                    "4.3 Kez said little. Irene Pellow was his grandmother.\n")
    case = build_case([path], FakeDetector(("Kieran Pellow", "Kez", "Irene Pellow")))
    [kieran] = [p for p in case.people if p.name == "Kieran Pellow"]
    assert "Kez" in kieran.aliases
    assert "Kez" not in {p.name for p in case.people}
