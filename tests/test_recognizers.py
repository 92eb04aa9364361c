"""Recognizers: every example in patterns/recognizers.yaml, the file's checks, UK identifiers.

Identifier tests run detection without the model (patterns and Presidio's recognizers only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.case import Case
from redactor.detect import Detector
from redactor.errors import RedactorError
from redactor.model import Block, Document
from redactor.options import RunOptions
from redactor.recognizers import (
    OfflineEmailRecognizer,
    PatternSpec,
    load_recognizer_config,
    pattern_matches,
)

CONFIG = load_recognizer_config()
EXAMPLES = [(spec, example) for spec in CONFIG.patterns for example in spec.examples]


@pytest.mark.parametrize(("spec", "example"), EXAMPLES,
                         ids=[f"{s.rule_id}:{e.text[:30]}" for s, e in EXAMPLES])
def test_pattern_example(spec: PatternSpec, example) -> None:
    found = pattern_matches(spec, example.text)
    if example.expected is None:
        assert found == []
    else:
        assert example.expected in found


@pytest.mark.parametrize("spec", CONFIG.patterns, ids=[s.rule_id for s in CONFIG.patterns])
def test_every_pattern_has_examples_both_ways(spec: PatternSpec) -> None:
    assert any(e.expected for e in spec.examples), "no 'match' example"
    assert any(e.expected is None for e in spec.examples), "no 'no_match' example"


VALID_ENTRY = """
recognizers:
  - name: demo
    supported_entity: DEMO
    patterns:
      - {name: demo.digits.v1, regex: '\\d+', score: 0.5}
"""


@pytest.mark.parametrize(("text", "message"), [
    ("recognizers: [", "not valid YAML"),
    ("other: 1", "'recognizers' list"),
    (VALID_ENTRY.replace("supported_entity", "colour: red\n    supported_entity"),
     "unknown keys"),
    (VALID_ENTRY.replace("demo.digits.v1", "Demo digits"), "versioned rule id"),
    (VALID_ENTRY.replace("score: 0.5", "score: 2"), "needs a score"),
    (VALID_ENTRY.replace("'\\d+'", "'(unclosed'"), "bad regex"),
    (VALID_ENTRY.replace("    supported_entity: DEMO\n", ""), "'supported_entity' is missing"),
    (VALID_ENTRY.replace("    patterns:", "    context: [number, no]\n    patterns:"),
     "'context' must be a list of words"),
    (VALID_ENTRY + "      - {name: demo.digits.v1, regex: 'x', score: 0.5}\n", "used twice"),
])
def test_a_bad_recognizers_file_stops_the_run(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "recognizers.yaml"
    path.write_text(text)
    with pytest.raises(RedactorError, match=message):
        load_recognizer_config(path)


def test_a_valid_recognizers_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "recognizers.yaml"
    path.write_text(VALID_ENTRY)
    config = load_recognizer_config(path)
    assert [p.rule_id for p in config.patterns] == ["demo.digits.v1"]
    assert "examples" not in str(config.recognizers)


@pytest.mark.parametrize(("email", "valid"), [
    ("sarah.j@example.co.uk", True),
    ("someone@example.org", True),
    ("someone@localhost.invalidtld", False),
])
def test_email_domain_check_is_offline(no_network: None, email: str, valid: bool) -> None:
    assert OfflineEmailRecognizer().validate_result(email) is valid


def find(text: str) -> list[tuple[str, str]]:
    """(label, text) of every finding in one block, without the model."""
    document = Document(Path("t.txt"), "text", [Block("text/p0", text, "line 1")], source=text)
    detection = Detector(RunOptions(use_model=False)).detect(document, Case())
    return [(e.label, e.text) for e in detection.entities]


@pytest.mark.parametrize(("text", "label", "expected"), [
    ("NHS number 943 476 5919.", "UK_NHS", "943 476 5919"),
    ("NHS number 9434765919.", "UK_NHS", "9434765919"),
    ("NI number JT 48 21 93 B.", "UK_NINO", "JT 48 21 93 B"),
    ("NINO AB123456C on file", "UK_NINO", "AB123456C"),
    ("mobile 07700 900123", "PHONE_NUMBER", "07700 900123"),
    ("phone +44 (0)7700 900877", "PHONE_NUMBER", "+44 (0)7700 900877"),
    ("landline 01632 960001", "PHONE_NUMBER", "01632 960001"),
    ("tel. 0113 496 0321", "PHONE_NUMBER", "0113 496 0321"),
    ("call 020 7946 0018 now", "PHONE_NUMBER", "020 7946 0018"),
    ("address NN4 7QT", "UK_POSTCODE", "NN4 7QT"),
    ("postcode SW1A 1AA", "UK_POSTCODE", "SW1A 1AA"),
    ("vehicle registration NX19 KPT", "UK_VEHICLE_REGISTRATION", "NX19 KPT"),
    ("crime reference CR/123456/21", "UK_CRIME_REFERENCE", "CR/123456/21"),
    ("occurrence number NPC/19/045512", "UK_CRIME_REFERENCE", "NPC/19/045512"),
    ("She lived at 14 Larkspur Close, Hadley.", "STREET_ADDRESS", "14 Larkspur Close, Hadley"),
    ("email judith.langley@example.org", "EMAIL_ADDRESS", "judith.langley@example.org"),
    ("DOB: 11/09/1946", "DATE_OF_BIRTH", "11/09/1946"),
    ("She attended Beech Hill Primary School.", "INSTITUTION", "Beech Hill Primary School"),
])
def test_uk_identifier_found(text: str, label: str, expected: str) -> None:
    assert (label, expected) in find(text)


@pytest.mark.parametrize(("text", "label"), [
    ("NHS number 943 476 5918.", "UK_NHS"),  # checksum fails
    ("NI number QQ 12 34 56 C.", "UK_NINO"),  # QQ is not an allocated prefix
    ("NI number AB 12 34 56 E.", "UK_NINO"),  # suffix must be A-D
    ("on 12/03/2021 at 10:15", "PHONE_NUMBER"),
    ("in 2019 there were 14 incidents", "PHONE_NUMBER"),
    ("the postcode was not known", "UK_POSTCODE"),
    ("on 12/03/2021 police attended", "UK_CRIME_REFERENCE"),
    ("14 people lived in the road", "STREET_ADDRESS"),
    ("email someone at example dot org", "EMAIL_ADDRESS"),
    ("born in 1985", "DATE_OF_BIRTH"),
    ("the primary school nurse", "INSTITUTION"),
])
def test_not_an_identifier(text: str, label: str) -> None:
    assert label not in [found_label for found_label, _ in find(text)]
