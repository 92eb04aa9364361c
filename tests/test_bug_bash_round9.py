"""Regressions from the ninth round: real DHR prose names researchers without a year, cites
authors with their initials and writes officers with their collar numbers. Each test is one
defect, run through the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_bug_bash_round8 import proposed_people, redact

CASE = """\
people:
  - {name: Joanne Fothergill-Brown, aliases: [Joanne], role: victim, gender: female,
     pseudonym: Anna}
  - {name: Gary Hoskin, aliases: [Gary], role: perpetrator, gender: male, pseudonym: Ian}
"""


@pytest.mark.model
@pytest.mark.parametrize("sentence", [
    "Evan Stark's concept of coercive control was first set out in 2007.",
    "The review considered Herman's work on trauma.",
    "The panel read the research by Walby and Towers on the cost of abuse.",
    "Dr Amanda Robinson's work on MARACs shows their value.",
    "Professor Jane Monckton-Smith's eight-stage homicide timeline is relevant here.",
])
def test_a_researcher_named_in_the_words_of_scholarship_stays(tmp_path: Path,
                                                             sentence: str) -> None:
    """A researcher with no year beside the name was given a pseudonym ("Sasha Foster's
    concept of coercive control"): a false sentence in a published report."""
    assert redact(tmp_path, f"Joanne had told nobody. {sentence}", CASE) == (
        f"Anna had told nobody. {sentence}")


@pytest.mark.model
def test_a_listed_person_in_the_words_of_scholarship_is_still_replaced(tmp_path: Path
                                                                      ) -> None:
    """The frame keeps researchers, never the case file's people."""
    out = redact(tmp_path, "Gary's research on the internet was found on his laptop.", CASE)
    assert out == "Ian's research on the internet was found on his laptop."


@pytest.mark.model
def test_a_cited_authors_initial_stays(tmp_path: Path) -> None:
    """"Mullane, F. (2017)" became "Mullane, Robin (2017)": the initial was taken for an
    unlisted person's."""
    text = "Joanne was not asked; see Mullane, F. (2017) and Stark, E. 2007 on this."
    assert redact(tmp_path, text, CASE) == text.replace("Joanne", "Anna")


@pytest.mark.model
@pytest.mark.parametrize(("text", "expected"), [
    ("PC 1234 Ellis attended. PC Ellis left.", "Police Officer 1 attended. Police Officer 1 left."),
    ("DS 2210 Tom Owen spoke to Gary.", "Police Officer 1 spoke to Ian."),
])
def test_a_collar_number_goes_with_the_officers_name(tmp_path: Path, text: str,
                                                     expected: str) -> None:
    """"PC 1234 Ellis" read "PC [collar number] Police Officer 1": the rank twice."""
    assert redact(tmp_path, text, CASE) == expected


@pytest.mark.model
def test_init_case_reads_an_age_after_an_apposed_name(tmp_path: Path) -> None:
    """"Their son, Liam Hoskin, was 9." was proposed with "no age in the drafts"."""
    people = proposed_people(tmp_path, "Joanne Hoskin was killed by her husband, Gary Hoskin. "
                                       "Their son, Liam Hoskin, was 9. Liam lives with his aunt.")
    assert people["Liam Hoskin"]["age"] == 9
    assert people["Liam Hoskin"]["role"] == "child"
