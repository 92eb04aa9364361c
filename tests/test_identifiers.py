"""The identifiers stage: placeholders by rule and label, the keep/replace policy, and the
corpus drafts' UK identifiers gone from the redacted output."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from redactor.case import Case, load_case
from redactor.detect.engine import Detector
from redactor.io import read_document
from redactor.model import Block, Document, Entity
from redactor.options import RunOptions
from redactor.pipeline import redact_file
from redactor.stages import StageContext, identifiers

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


def entity(label: str, text: str, source: str, *, score: float = 0.9,
           flagged: bool = False) -> Entity:
    return Entity("body/p0", 0, len(text), label, text, score, source, flagged=flagged)


def propose(*entities: Entity, options: RunOptions | None = None):
    document = Document(Path("d.docx"), "docx", [Block("body/p0", "x", "paragraph 1")])
    ctx = StageContext(document=document, entities=list(entities), case=Case(),
                       options=options or RunOptions())
    return identifiers.propose(ctx)


@pytest.mark.parametrize(("found", "placeholder", "rule"), [
    (entity("PHONE_NUMBER", "07700 900123", "uk-phone.mobile.v1"), "[phone number]",
     "uk-phone.mobile.v1"),
    (entity("PHONE_NUMBER", "07700 900123", "PhoneRecognizer"), "[phone number]",
     "presidio.PhoneRecognizer.v1"),
    (entity("UK_NHS", "943 476 5919", "NhsRecognizer"), "[NHS number]",
     "presidio.NhsRecognizer.v1"),
    (entity("UK_NINO", "JT 48 21 93 B", "UkNinoRecognizer"), "[National Insurance number]",
     "presidio.UkNinoRecognizer.v1"),
    (entity("UK_POSTCODE", "NN4 7QT", "UkPostcodeRecognizer"), "[postcode]",
     "presidio.UkPostcodeRecognizer.v1"),
    (entity("EMAIL_ADDRESS", "a@example.org", "OfflineEmailRecognizer"), "[email address]",
     "presidio.OfflineEmailRecognizer.v1"),
    (entity("STREET_ADDRESS", "14 Elm Road", "street-address.numbered.v1"), "[address]",
     "street-address.numbered.v1"),
    (entity("STREET_ADDRESS", "Acacia Avenue", "street-address.named-street.v1"), "[street]",
     "street-address.named-street.v1"),
    (entity("INSTITUTION", "Oak Primary School", "institution.school.v1"), "[school]",
     "institution.school.v1"),
    (entity("INSTITUTION", "Elm Surgery", "institution.gp-surgery.v1"), "[GP surgery]",
     "institution.gp-surgery.v1"),
    (entity("UK_CRIME_REFERENCE", "CR/1234/21", "crime-reference.slashed.v1"),
     "[crime reference]", "crime-reference.slashed.v1"),
    (entity("LOCATION", "Hadley", "SpacyRecognizer"), "[location]",
     "presidio.SpacyRecognizer.v1"),
    (entity("LOCATION", "Stoke-on-Trent", "place.hyphenated.v1"), "[location]",
     "place.hyphenated.v1"),
    (entity("CASE_REFERENCE", "36110/97", "case-reference.numbered.v1"), "[case reference]",
     "case-reference.numbered.v1"),
])
def test_identifier_replaced_by_placeholder(found: Entity, placeholder: str, rule: str) -> None:
    (change,) = propose(found)
    assert (change.before, change.after, change.rule, change.stage) == (
        found.text, placeholder, rule, "identifiers")
    assert found.source in change.reason and "score 0.90" in change.reason
    assert change.status == "applied"


@pytest.mark.parametrize("found", [
    entity("PERSON", "Sarah", "SpacyRecognizer"),  # pseudonyms stage
    entity("DATE_TIME", "12 March 2021", "SpacyRecognizer"),  # dates stage
    entity("DATE_OF_BIRTH", "11/09/1946", "date-of-birth.after-keyword.v1"),  # dates stage
    entity("REDACT_TERM", "Oak School", "case-file"),
    entity("KEEP", "MARAC", "case-file"),
    entity("ORGANIZATION", "Northshire Police", "SpacyRecognizer"),  # agencies stay
    entity("NRP", "Polish", "SpacyRecognizer"),
    entity("LOCATION", "Poland", "SpacyRecognizer"),  # countries stay
    entity("LOCATION", "the United Kingdom", "SpacyRecognizer"),
    entity("LOCATION", "Cyprus", "place.country.v1"),  # keep_rules
])
def test_left_unchanged_by_policy(found: Entity) -> None:
    assert propose(found) == []


def test_a_place_in_the_csp_name_stays(make_case) -> None:
    document = Document(Path("d.docx"), "docx", [Block("body/p0", "x", "paragraph 1")])
    found = [entity("LOCATION", "Northshire", "place.shire.v1"),
             entity("LOCATION", "Northtown", "SpacyRecognizer")]
    ctx = StageContext(document=document, entities=found, options=RunOptions(),
                       case=make_case({"area": "Safer Northshire Partnership"}))
    assert [c.before for c in identifiers.propose(ctx)] == ["Northtown"]


def test_a_flagged_finding_is_replaced_and_marked() -> None:
    (change,) = propose(entity("UK_POSTCODE", "NN4 7QT", "UkPostcodeRecognizer", score=0.1,
                               flagged=True))
    assert change.flagged and change.status == "applied" and "flagged" in change.reason


def test_a_flagged_finding_is_only_flagged_when_flagged_findings_are_not_redacted() -> None:
    (change,) = propose(entity("UK_POSTCODE", "NN4 7QT", "UkPostcodeRecognizer", score=0.1,
                               flagged=True), options=RunOptions(redact_flagged=False))
    assert change.status == "flagged"


# The corpus: each UK identifier type in a gold file is in the draft and not in the output.

def corpus_identifiers() -> list[tuple[Path, str, str]]:
    cases = []
    for gold_path in sorted(CORPUS.glob("*/*.gold.yaml")):
        gold = yaml.safe_load(gold_path.read_text())
        for item in gold.get("identifiers", []):
            if item["type"] != "REDACT_TERM":
                cases.append((gold_path, item["type"], item["text"]))
    return cases


CORPUS_IDENTIFIERS = corpus_identifiers()
IDENTIFIER_TYPES = sorted({kind for _, kind, _ in CORPUS_IDENTIFIERS})


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def redacted_corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, tuple[str, str]]:
    """gold path -> (draft text, redacted text), redacted with the model."""
    options = RunOptions(accept_changes=True, force=True)
    detector = Detector(options)
    texts = {}
    for gold_path in sorted({g for g, _, _ in CORPUS_IDENTIFIERS}):
        gold = yaml.safe_load(gold_path.read_text())
        draft = gold_path.parent / gold["document"]
        case = load_case(gold_path.parent / gold.get("case", "case.yaml"))
        out = tmp_path_factory.mktemp(gold_path.parent.name)
        result = redact_file(draft, out, case, options, detector)
        assert result.output is not None
        texts[gold_path] = (_flat(read_document(draft, options).text),
                            _flat(read_document(result.output, options).text))
    return texts


@pytest.mark.model
@pytest.mark.skipif(not CORPUS_IDENTIFIERS, reason="the corpus has no gold identifiers yet")
@pytest.mark.parametrize("kind", IDENTIFIER_TYPES)
def test_corpus_identifiers_of_each_type_are_redacted(kind: str, redacted_corpus) -> None:
    cases = [(g, text) for g, k, text in CORPUS_IDENTIFIERS if k == kind]
    for gold_path, text in cases:
        draft, redacted = redacted_corpus[gold_path]
        assert _flat(text) in draft, f"{gold_path.name}: {text!r} not in the draft"
        assert _flat(text) not in redacted, f"{gold_path.name}: {text!r} survived"
