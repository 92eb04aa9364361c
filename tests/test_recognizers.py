"""Recognizers: every example in patterns/recognizers.yaml, the file's checks, UK identifiers.

Identifier tests run detection without the model (patterns and Presidio's recognizers only).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.case import Case
from redactor.detect.engine import Detector
from redactor.detect.recognizers import (
    OfflineEmailRecognizer,
    PatternSpec,
    load_presidio_config,
    load_recognizer_config,
    pattern_matches,
    presidio_recognizers,
)
from redactor.errors import RedactorError
from redactor.model import Block, Document
from redactor.options import RunOptions

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


PRESIDIO_ENTRY = """
supported_languages: [en]
recognizers:
  - name: PhoneRecognizer
    type: predefined
    supported_regions: [GB]
    supported_languages:
      - language: en
        context: [phone]
"""


@pytest.mark.parametrize(("text", "message"), [
    ("recognizers: [", "not valid YAML"),
    ("supported_languages: [en]", "'recognizers' list"),
    (PRESIDIO_ENTRY.replace("supported_languages: [en]\n", ""), "must be \\[en\\]"),
    (PRESIDIO_ENTRY.replace("PhoneRecognizer", "PhoneRecogniser"), "not a recognizer"),
    (PRESIDIO_ENTRY.replace("PhoneRecognizer", "Pattern"), "not a recognizer"),
    (PRESIDIO_ENTRY.replace("type: predefined", "type: custom"), "'type' must be"),
    (PRESIDIO_ENTRY.replace("supported_regions", "regions"), "unknown keys \\['regions'\\]"),
    (PRESIDIO_ENTRY.replace("language: en", "language: es"), "English only"),
    (PRESIDIO_ENTRY.replace("[phone]", "[phone, no]"), "'context' must be a list of words"),
])
def test_a_bad_presidio_recognizers_file_stops_the_run(tmp_path: Path, text: str,
                                                       message: str) -> None:
    path = tmp_path / "presidio_recognizers.yaml"
    path.write_text(text)
    with pytest.raises(RedactorError, match=message):
        load_presidio_config(path)


def test_presidio_recognizers_are_built_as_the_file_says() -> None:
    built = presidio_recognizers()
    listed = [spec.name for spec in load_presidio_config()]
    assert [type(r).__name__ for r in built] == [
        "OfflineEmailRecognizer" if name == "EmailRecognizer" else name
        for name in listed if name != "SpacyRecognizer"]  # no model: no SpacyRecognizer
    phone = next(r for r in built if type(r).__name__ == "PhoneRecognizer")
    assert phone.supported_regions == ["GB"] and "telephone" in phone.context
    with_model = presidio_recognizers(["PERSON"])
    assert with_model[-1].supported_entities == ["PERSON"]


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
    # labelled: a number with a wrong check digit is a typing slip, still the patient's
    ("NHS number 943 476 5918.", "UK_NHS", "943 476 5918"),
])
def test_uk_identifier_found(text: str, label: str, expected: str) -> None:
    assert (label, expected) in find(text)


@pytest.mark.parametrize(("text", "label"), [
    ("Invoice 943 476 5918.", "UK_NHS"),  # checksum fails and nothing says NHS
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


GATED_EXAMPLES = [(spec, example) for spec, example in EXAMPLES
                  if example.expected and spec.entity in CONFIG.entity_requires]


@pytest.mark.parametrize(("spec", "example"), GATED_EXAMPLES,
                         ids=[f"{s.rule_id}:{e.text[:30]}" for s, e in GATED_EXAMPLES])
def test_every_match_example_passes_its_labels_gate(spec: PatternSpec, example) -> None:
    import regex

    from redactor.detect.recognizers import REGEX_FLAGS

    gate = regex.compile(CONFIG.entity_requires[spec.entity], REGEX_FLAGS)
    assert gate.search(example.text), f"{spec.rule_id} can match where its gate says no"


def test_gates_only_name_labels_the_model_cannot_give() -> None:
    assert CONFIG.entity_requires, "no gates configured"
    assert not set(CONFIG.entity_requires) & set(CONFIG.model_entities.values())


@pytest.mark.parametrize(("text", "message"), [
    (VALID_ENTRY + "entity_requires: {DEMO: '(unclosed'}\n", "DEMO has a bad regex"),
    (VALID_ENTRY + "model_entities: {PERSON: PERSON}\nentity_requires: {PERSON: 'x'}\n",
     "PERSON is also a model label"),
])
def test_a_bad_gate_stops_the_run(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "recognizers.yaml"
    path.write_text(text)
    with pytest.raises(RedactorError, match=message):
        load_recognizer_config(path)


GATE_TEXTS = [
    "NHS number 943 476 5919, NI number JT 48 21 93 B, mobile 07700 900123, NX19 KPT.",
    "See www.example.org or judith.langley@example.org; server 192.168.0.1 and fe80::1.",
    "HTTPS://EXAMPLE.CO.UK/a?b=1, nhs.uk, ::1, ::ffff:192.0.2.128, 10.0.0.1/24 and "
    "2001:0db8:85a3:0000:0000:8a2e:0370:7334 at 14.03.2019; e.g. i.e. 1.1 and 2.3.4",
    "Smith v Jones [2019] EWCA Civ 12, plot no. 165 and case 12/3456; crime ref CR/123456/21.",
    "She lived at 14 Larkspur Close, Hadley, near Beech Hill Primary School and the Red Lion "
    "Inn; DOB: 11/09/1946; she worked for Northshire Haulage Limited.",
    "A paragraph with no numbers, addresses or institutions at all, about Sarah and Hadley.",
]


def _described(results: list) -> list[tuple]:
    return sorted((r.entity_type, r.start, r.end, round(r.score, 6),
                   r.recognition_metadata.get("recognizer_name"),
                   getattr(r.analysis_explanation, "pattern_name", None),
                   getattr(r.analysis_explanation, "score_context_improvement", None))
                  for r in results)


@pytest.mark.parametrize("use_model", [False, pytest.param(True, marks=pytest.mark.model)])
def test_lean_analysis_finds_what_presidio_finds(use_model: bool) -> None:
    """Gates, lazy NLP artifacts and skipped context enhancement change no finding: on
    identifier-dense text and every corpus draft, `Engine.analyze` gives what Presidio's own
    AnalyzerEngine gives with every label, eager artifacts and full context enhancement."""
    from presidio_analyzer import AnalyzerEngine

    from redactor.detect.engine import MIN_SCORE, parse_blocks
    from redactor.io import read_document

    engine = Detector(RunOptions(use_model=use_model)).engine
    reference = AnalyzerEngine(registry=engine.analyzer.registry, nlp_engine=engine.nlp_engine,
                               supported_languages=["en"])
    corpus = Path(__file__).resolve().parent.parent / "corpus"
    texts = list(GATE_TEXTS)
    accept = RunOptions(accept_changes=True)
    for draft in ("northshire/overview.docx", "northshire/executive_summary.pdf",
                  "eastvale/summary.md", "westmere/draft.txt"):
        texts += [block.text for block in read_document(corpus / draft, accept).blocks]
    skipped = found = 0
    for doc in parse_blocks(engine.nlp, texts):
        expected = reference.analyze(
            text=doc.text, language="en", return_decision_process=True,
            nlp_artifacts=engine.nlp_engine._doc_to_nlp_artifact(doc, "en"),
            score_threshold=MIN_SCORE)
        assert _described(engine.analyze(doc)) == _described(expected), doc.text[:80]
        skipped += len(engine.entities) - len(engine.entities_for(doc.text))
        found += len(expected)
    assert skipped > 0 and found > 100
