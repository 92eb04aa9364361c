"""Regressions from an end-to-end bug bash on real public DHR prose with invented names
(the drafts nobody on the team wrote): each test is one defect it found, run through the
CLI as a chair would."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.cli import main

CASE = """\
area: Exeter Community Safety Partnership
people:
  - {name: Lauren Pengelly, role: victim, gender: female, age: 32, pseudonym: Tigre}
  - {name: Jason Tremayne, role: perpetrator, gender: male, age: 36, pseudonym: Canada}
dates: {precision: month, dob_precision: year}
"""


def redact(tmp_path: Path, text: str, case: str = CASE) -> str:
    """The publishable text of one draft, after a run that must pass its own check."""
    draft = tmp_path / "draft.txt"
    draft.write_text(text + "\n", encoding="utf-8")
    case_file = tmp_path / "case.yaml"
    case_file.write_text(case, encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case_file),
                                       "--out", str(tmp_path / "out")],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return (tmp_path / "out" / "draft.redacted.txt").read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.model
def test_a_curly_apostrophe_keeps_the_listed_persons_pseudonym(tmp_path: Path) -> None:
    """Word's ’ (U+2019): "Jason’s Dad" was taken by the model as an unlisted person (the
    perpetrator's name left, "Dad" lost) and "Lauren’s" became a new person who took over
    every "Lauren" of the case file."""
    text = ("Lauren’s GP referred her in May. Jason’s Probation Officer visited. Jason’s Dad "
            "was there. Lauren’s Mum called the police. Later, Lauren’s Instagram account "
            "was deleted.")
    assert redact(tmp_path, text) == (
        "Tigre’s GP referred her in May. Canada’s Probation Officer visited. Canada’s Dad "
        "was there. Tigre’s Mum called the police. Later, Tigre’s Instagram account "
        "was deleted.")


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    # the model's "A. Jason" took the number's last letter and the listed "Jason": the number
    # was left whole and the perpetrator given a second, generated name
    ("Her number was JK 12 34 56 A. Jason denied it.",
     "Her number was [National Insurance number]. Canada denied it."),
    # Presidio's phone pattern took the opening bracket
    ("Lauren's phone (07845 112233) was seized.", "Tigre's phone ([phone number]) was seized."),
])
def test_a_guess_does_not_eat_an_identifier_and_a_bracket_stays(tmp_path: Path, text: str,
                                                                  expected: str) -> None:
    assert redact(tmp_path, text) == expected


@pytest.mark.model
def test_a_list_of_names_ends_at_the_full_stop(tmp_path: Path) -> None:
    """The list rule's last item ran over the full stop ("Anna Jones. She"), so "She" was
    replaced with the name and the next sentence said someone else went home."""
    output = redact(tmp_path, "Lauren met Paul Smith, Kim Lee and Anna Jones. She went home.")
    assert output.startswith("Tigre met ") and output.endswith(". She went home.")
    assert not {"Paul", "Kim", "Anna", "Jones"} & set(output.replace(",", " ").split())


@pytest.mark.model
def test_a_family_named_by_its_surname_in_the_plural_is_pseudonymised(tmp_path: Path) -> None:
    """"The Tremaynes" left the perpetrator's real surname in the report."""
    output = redact(tmp_path, "The Tremaynes left Exeter in 2016. The Pengellys stayed.")
    assert output == "The Canadas left Exeter in 2016. The Tigres stayed."
