"""Detection: merge policy, redundant findings, flags, the shared engine, `redactor detect`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.case import Case
from redactor.cli import main
from redactor.detect.engine import NO_MODEL, Detector, engine_for
from redactor.detect.filters import (
    common_words_guess,
    drop_covered,
    drop_places_in_dates,
    in_short_cell,
    in_title_case_line,
    names_in_lists,
    plausible,
    reread_organisation,
    trim_line_run_on,
)
from redactor.detect.merge import merge
from redactor.model import Block, Document, Entity
from redactor.options import DEFAULT_MODEL, RunOptions


def ent(start: int, end: int, label: str = "PERSON", source: str = "SpacyRecognizer",
        score: float = 0.85, block: str = "b") -> Entity:
    return Entity(block, start, end, label, "x" * (end - start), score, source)


LISTED = ent(10, 20, source="case-file", score=1.0)
KEEP = ent(40, 45, "KEEP", source="case-file", score=1.0)


@pytest.mark.parametrize(("found", "survives"), [
    (ent(0, 5), True),  # no overlap
    (ent(10, 20), False),  # the same span: the case file wins
    (ent(8, 22), False),  # a wider model PERSON never replaces a listed mention
    (ent(15, 25, "LOCATION"), False),  # partial overlap
    (ent(5, 30, "STREET_ADDRESS", "street-address.numbered.v1"), True),  # contains it
    (ent(10, 20, "STREET_ADDRESS", "street-address.numbered.v1"), False),  # equal: listed
    (ent(45, 50, "LOCATION"), True),  # next to a keep term
    (ent(10, 20, block="other"), True),  # another block
])
def test_merge_case_file_wins_and_keep_terms_stay(found: Entity, survives: bool) -> None:
    merged = merge([LISTED], [found], [KEEP])
    assert LISTED in merged
    assert (found in merged) is survives


def test_merge_drops_a_listed_mention_inside_a_keep_term() -> None:
    listed = ent(41, 44, source="case-file")
    assert merge([listed], [], [KEEP]) == []


@pytest.mark.parametrize(("findings", "expected"), [
    # the model's DATE_TIME inside a phone number pattern goes
    ([ent(0, 12, "PHONE_NUMBER", "uk-phone.mobile.v1"), ent(0, 12, "DATE_TIME")],
     [("PHONE_NUMBER", 0, 12)]),
    # an ORGANIZATION equal to an INSTITUTION pattern goes, whatever the scores
    ([ent(0, 9, "ORGANIZATION", score=0.85), ent(0, 9, "INSTITUTION", "institution.school.v1",
                                                  score=0.6)],
     [("INSTITUTION", 0, 9)]),
    # a URL inside an email address goes
    ([ent(0, 20, "EMAIL_ADDRESS", "OfflineEmailRecognizer"), ent(8, 20, "URL", "UrlRecognizer")],
     [("EMAIL_ADDRESS", 0, 20)]),
    # same label nested: the wider stays
    ([ent(0, 12, "PHONE_NUMBER", "PhoneRecognizer"), ent(4, 12, "PHONE_NUMBER",
                                                          "uk-phone.mobile.v1")],
     [("PHONE_NUMBER", 0, 12)]),
    # a pattern inside a model finding stays (stages settle it)
    ([ent(0, 17, "PERSON"), ent(10, 17, "UK_POSTCODE", "UkPostcodeRecognizer")],
     [("PERSON", 0, 17), ("UK_POSTCODE", 10, 17)]),
    # overlapping, neither covering: both stay
    ([ent(0, 10, "LOCATION"), ent(5, 15, "STREET_ADDRESS", "street-address.numbered.v1")],
     [("LOCATION", 0, 10), ("STREET_ADDRESS", 5, 15)]),
])
def test_drop_covered(findings: list[Entity], expected: list[tuple[str, int, int]]) -> None:
    assert [(e.label, e.start, e.end) for e in drop_covered(findings)] == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Northshire County Council", None),  # an agency: not reported
    ("CAFCASS", None),  # an acronym: not reported
    ("Derby", ("LOCATION", True)),  # no organisation word: a place to review
    ("Sarah Elahi", ("PERSON", True)),  # starts with a given name
])
def test_model_organisations_are_reread(text: str, expected) -> None:
    model_org = Entity("b", 0, len(text), "ORGANIZATION", text, 0.85, "SpacyRecognizer")
    reread = reread_organisation(model_org, engine_for(NO_MODEL))
    assert (reread and (reread.label, reread.flagged)) == expected


@pytest.mark.parametrize(("text", "span", "short"), [
    ("| Name | Role | Agency |", "Role", True),
    ("## 4. Agency Contact", "Contact", True),
    ("She told the Role panel about it in a long sentence with many words.", "Role", False),
])
def test_in_short_cell(text: str, span: str, short: bool) -> None:
    start = text.index(span)
    assert in_short_cell(text, start, start + len(span)) is short


@pytest.mark.parametrize(("text", "span", "title"), [
    ("4. Involvement of Family, Friends and Neighbours", "Family", True),
    ("Summary | Lessons to be Learnt | Good Practice", "Lessons", True),
    ("4. Involvement of family, friends and neighbours", "family", False),  # sentence case
    ("Rose went to Leeds with Sam, her friend of many years, to stay with Ann.", "Leeds",
     False),
])
def test_in_title_case_line(text: str, span: str, title: bool) -> None:
    start = text.index(span)
    assert in_title_case_line(text, start, start + len(span)) is title


@pytest.mark.model
@pytest.mark.parametrize(("text", "label", "dropped"), [
    ("Date", "ORGANIZATION", True),  # a table header the model called ORG
    ("Contact", "LOCATION", True),
    ("Adult Safeguarding", "ORGANIZATION", True),
    ("Northtown", "LOCATION", False),  # not a dictionary word
])
def test_dictionary_words_in_short_cells_are_dropped(text: str, label: str,
                                                      dropped: bool) -> None:
    guess = Entity("b", 0, len(text), label, text, 0.85, "SpacyRecognizer")
    reread = reread_organisation(guess, engine_for(DEFAULT_MODEL), short_cell=True)
    assert (reread is None) is dropped


@pytest.mark.model
@pytest.mark.parametrize(("text", "label", "dropped"), [
    ("Independent Chair", "ORGANIZATION", True),  # several dictionary words
    ("National Insurance", "ORGANIZATION", True),
    ("Date", "ORGANIZATION", False),  # one word in a sentence: reviewed as a place
    ("Contact", "LOCATION", False),
])
def test_dictionary_phrases_the_model_called_org_are_dropped(text: str, label: str,
                                                             dropped: bool) -> None:
    guess = Entity("b", 0, len(text), label, text, 0.85, "SpacyRecognizer")
    reread = reread_organisation(guess, engine_for(DEFAULT_MODEL))
    assert (reread is None) is dropped


@pytest.mark.parametrize(("text", "span", "ok"), [
    ("property Normal.dotm here", "Normal.do", False),  # ends inside a word
    ("see www.example.org now", "www.example.org", True),
])
def test_pattern_matches_cutting_words_are_implausible(text: str, span: str, ok: bool) -> None:
    start = text.index(span)
    finding = Entity("b", start, start + len(span), "URL", span, 0.5, "UrlRecognizer")
    assert plausible(finding, text) is ok


def test_day_precise_dates_are_reported_without_the_model() -> None:
    detection = Detector(RunOptions(use_model=False)).detect(
        document("On 1 November 1998 she called."), Case())
    assert [(e.label, e.text) for e in detection.entities] == [("DATE_TIME", "1 November 1998")]


@pytest.mark.parametrize(("findings", "kept"), [
    ([ent(0, 10, "DATE_TIME"), ent(0, 5, "LOCATION", "place.after-residence.v1")],
     ["DATE_TIME"]),
    ([ent(0, 10, "DATE_TIME"), ent(11, 15, "LOCATION")], ["DATE_TIME", "LOCATION"]),
])
def test_places_overlapping_dates_are_dropped(findings: list[Entity], kept: list[str]) -> None:
    assert [e.label for e in drop_places_in_dates(findings)] == kept


LIST = "Resul Sadak, Nihat Osal, Mehmet Temelkuran and Erdal Güler went to Leeds."


def at(name: str) -> tuple[int, int]:
    return LIST.index(name), LIST.index(name) + len(name)



@pytest.mark.parametrize(("people", "others", "expected"), [
    # two names found: the other items of the list are names too (flagged)
    ([at("Resul Sadak"), at("Erdal Güler")], [], ["Nihat Osal", "Mehmet Temelkuran"]),
    # one name is not enough to call it a list of people
    ([at("Resul Sadak")], [], []),
    # an item another finding explains is left alone
    ([at("Resul Sadak"), at("Erdal Güler")], [(*at("Nihat Osal"), "LOCATION")],
     ["Mehmet Temelkuran"]),
])
def test_names_in_lists(people, others, expected) -> None:
    block = Block("b", LIST, "line 1")
    found = [Entity("b", s, e, "PERSON", LIST[s:e], 0.85, "SpacyRecognizer") for s, e in people]
    found += [Entity("b", s, e, label, LIST[s:e], 0.85, "SpacyRecognizer")
              for s, e, label in others]
    added = names_in_lists(block, found, frozenset({"police"}))
    assert [e.text for e in added] == expected
    assert all(e.flagged and e.source == "name.list.v1" for e in added)


ROLES = ("Mr J. Crow, Counsel, Ms K. Hale, Agent, Mr P. Ross, Advisers, Nana and Grandad. "
         "Her Mum, and Mr T. Dunn.")


@pytest.mark.parametrize(("item", "added"), [
    ("Mr P. Ross", True),  # a name between two found names
    ("Counsel", False),  # role words only: an office, not a person
    ("Advisers", False),
    ("Agent", False),
    ("Nana", False),
    ("Grandad. Her Mum", False),  # relation and stop words
])
def test_names_in_lists_skip_role_words(item: str, added: bool) -> None:
    block = Block("b", ROLES, "line 1")
    found = [Entity("b", ROLES.index(n), ROLES.index(n) + len(n), "PERSON", n, 0.85,
                    "SpacyRecognizer") for n in ("Mr J. Crow", "Ms K. Hale", "Mr T. Dunn")]
    texts = [e.text for e in names_in_lists(block, found, frozenset({"police"}))]
    assert (item in texts) is added


@pytest.mark.model
@pytest.mark.parametrize(("text", "span", "label", "dropped"), [
    # no proper noun, only dictionary or stop words: the model's guess is no name
    ("6.4 Specialist services. Rose was never referred to a refuge.", "Specialist",
     "ORGANIZATION", True),
    ("1.1 This Domestic Homicide Review examines the contact.", "This", "ORGANIZATION", True),
    ("The court held, inter alia, that the delay was too long.", "inter alia", "LOCATION",
     True),  # no capitalised word
    # a relation or role word alone is no person and no place
    ("She did not want to visit Nana any more.", "Nana", "ORGANIZATION", True),
    ("The application was sent to the Registrar.", "Registrar", "LOCATION", True),
    ("The Counsel for the Government replied.", "Counsel", "PERSON", True),
    # a heading or table cell: dictionary words (by lemma too) even if tagged proper nouns
    ("4. Involvement of Family, Friends and Neighbours", "Involvement of Family",
     "ORGANIZATION", True),
    ("16. Lessons to be Learnt", "Learnt", "LOCATION", True),
    ("Clinical Commissioning Group | Designated Nurse | Panel Member", "Designated Nurse",
     "LOCATION", True),
    ("5. Contact with Rose", "Rose", "PERSON", False),  # a given name stays
    ("5. Events in Northtown", "Northtown", "LOCATION", False),  # not a dictionary word
    # names and places stay, dictionary words or not
    ("They moved to Derby in 2015 and Bath in 2017.", "Derby", "LOCATION", False),
    ("Rustem Bayar said that he was at home.", "Rustem Bayar", "PERSON", False),
    ("Mrs Smith told the officer what happened.", "Mrs Smith", "PERSON", False),
    ("The day he left, Resul went to Northtown.", "Northtown", "LOCATION", False),
])
def test_model_guesses_of_common_words_are_dropped(text: str, span: str, label: str,
                                                   dropped: bool) -> None:
    engine = engine_for(DEFAULT_MODEL)
    start = text.index(span)
    guess = Entity("b", start, start + len(span), label, span, 0.85, "SpacyRecognizer")
    assert common_words_guess(guess, engine.nlp(text), engine) is dropped


def test_a_pattern_finding_is_never_a_common_words_guess() -> None:
    engine = engine_for(NO_MODEL)
    text = "Counsel"
    found = Entity("b", 0, 7, "LOCATION", text, 0.6, "place.after-residence.v1")
    assert common_words_guess(found, engine.nlp(text), engine) is False


@pytest.mark.model
@pytest.mark.parametrize(("text", "left"), [
    ("Alan Wetherby\nReport", "Alan Wetherby"),  # ran on to the next line's first word
    ("Summary\nAlan Wetherby", "Alan Wetherby"),
    ("Alan\nWetherby", "Alan\nWetherby"),  # a name wrapped over two lines stays whole
    ("Rose\nSmith", "Rose\nSmith"),  # every line is dictionary words: unchanged
])
def test_model_guesses_running_over_a_line_break_are_cut(text: str, left: str) -> None:
    guess = Entity("b", 10, 10 + len(text), "PERSON", text, 0.85, "SpacyRecognizer")
    trimmed = trim_line_run_on(guess, engine_for(DEFAULT_MODEL))
    assert trimmed.text == left
    assert trimmed.start == 10 + text.index(left) and trimmed.end == trimmed.start + len(left)


def document(*texts: str) -> Document:
    blocks, offset = [], 0
    for number, text in enumerate(texts):
        blocks.append(Block(f"text/p{number}", text, f"line {number}", offset=offset))
        offset += len(text) + 2
    return Document(Path("d.txt"), "text", blocks, source="\n\n".join(texts))


def test_without_the_model_only_patterns_and_the_case_file_are_used(make_case) -> None:
    case = make_case({"people": [{"name": "Sarah Jenkins", "role": "victim"}]})
    detection = Detector(RunOptions(use_model=False)).detect(
        document("Sarah Jenkins and Mark Taylor, 07700 900123."), case)
    assert [(e.label, e.text, e.source) for e in detection.entities] == [
        ("PERSON", "Sarah Jenkins", "case-file"),
        ("PHONE_NUMBER", "07700 900123", "uk-phone.mobile.v1")]
    assert detection.parses == {}


@pytest.mark.parametrize(("text", "flagged"), [
    ("Her phone number is 07700 900123.", False),  # pattern, good score
    ("It was NN4 7QT.", True),  # a postcode without context scores 0.1
])
def test_low_scores_are_flagged(text: str, flagged: bool) -> None:
    detection = Detector(RunOptions(use_model=False)).detect(document(text), Case())
    (finding,) = detection.entities
    assert finding.flagged is flagged


@pytest.mark.model
def test_model_findings_parses_and_flags(make_case) -> None:
    case = make_case({"people": [{"name": "Sarah Jenkins", "role": "victim"}],
                      "keep": ["Northshire Police"]})
    doc = document("Sarah Jenkins met Mark Taylor in Leeds on 12 March 2021.",
                   "Northshire Police attended 14 Elm Road, Leeds.")
    detection = Detector().detect(doc, case)
    found = {(e.label, e.text): e for e in detection.entities}
    assert not found[("PERSON", "Sarah Jenkins")].flagged  # listed
    assert found[("PERSON", "Mark Taylor")].flagged  # nobody listed him
    assert ("DATE_TIME", "12 March 2021") in found
    assert ("LOCATION", "Leeds") not in found  # a city: public life, kept
    assert ("KEEP", "Leeds") in {(k.label, k.text) for k in detection.kept}
    assert ("STREET_ADDRESS", "14 Elm Road, Leeds") in found  # an address still goes
    assert not any("Northshire" in text for _, text in found)  # keep term
    assert [d.text for d in detection.parses.values()] == [b.text for b in doc.blocks]


@pytest.mark.model
def test_one_engine_per_model_on_the_shared_pipeline() -> None:
    from redactor.detect.nlp import load_nlp

    engine = engine_for(DEFAULT_MODEL)
    assert engine is engine_for(DEFAULT_MODEL)
    assert engine.nlp is load_nlp(DEFAULT_MODEL)
    assert engine.analyzer.nlp_engine.get_nlp("en") is engine.nlp
    names = {r.name for r in engine.analyzer.registry.recognizers}
    assert {"NhsRecognizer", "UkNinoRecognizer", "UkPostcodeRecognizer",
            "UkVehicleRegistrationRecognizer", "UkPassportRecognizer",
            "UkDrivingLicenceRecognizer", "PhoneRecognizer", "OfflineEmailRecognizer",
            "UrlRecognizer", "IpRecognizer", "SpacyRecognizer", "uk-phone",
            "street-address", "institution"} <= names
    assert "EmailRecognizer" not in names  # its TLD check could download


@pytest.mark.model
def test_a_person_with_a_digit_is_not_a_model_person() -> None:
    detection = Detector().detect(document("Northtown NT1 2AB was where she lived."), Case())
    assert not [e for e in detection.entities if e.label == "PERSON" and "2AB" in e.text]


DRAFT = ("Sarah Jenkins lived at 14 Elm Grove Road, Northtown.\r\n\r\n"
         "Her phone was 07700 900123 and email sarah.j@example.co.uk.\n")


@pytest.mark.model
def test_detect_command_offsets_point_into_the_input_text(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(DRAFT.encode())
    missing = tmp_path / "missing.txt"
    result = CliRunner().invoke(main, ["detect", str(missing), str(draft)])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "missing.txt" in result.stderr
    (line,) = result.stdout.splitlines()
    record = json.loads(line)
    assert record["input"] == str(draft)
    text = draft.read_bytes().decode("utf-8")
    assert record["spans"]
    for span in record["spans"]:
        assert text[span["start"]:span["end"]] == span["text"]
        assert set(span) == {"start", "end", "label", "text", "score", "source", "flagged"}
    labels = {span["label"] for span in record["spans"]}
    assert {"PERSON", "STREET_ADDRESS", "PHONE_NUMBER", "EMAIL_ADDRESS"} <= labels


CORPUS_DRAFTS = sorted(p for p in (Path(__file__).resolve().parent.parent / "corpus").glob("*/*")
                       if p.suffix in (".docx", ".pdf", ".md", ".txt") and p.name != "README.md")


@pytest.mark.model
@pytest.mark.skipif(not CORPUS_DRAFTS, reason="no corpus drafts yet")
def test_detect_command_offsets_point_into_every_format(tmp_path: Path) -> None:
    from redactor.io import read_document

    result = CliRunner().invoke(main, ["detect", "--accept-changes",
                                       *(str(p) for p in CORPUS_DRAFTS)])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["input"] for r in records] == [str(p) for p in CORPUS_DRAFTS]
    for path, record in zip(CORPUS_DRAFTS, records, strict=True):
        text = read_document(path, RunOptions(accept_changes=True)).text
        assert record["spans"], path
        assert all(text[s["start"]:s["end"]] == s["text"] for s in record["spans"]), path


@pytest.mark.model
def test_detect_command_uses_the_case_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(DRAFT.encode())
    case = tmp_path / "case.yaml"
    case.write_text("people:\n  - {name: Sarah Jenkins, role: victim}\n")
    result = CliRunner().invoke(main, ["detect", str(draft), "--case", str(case)])
    assert result.exit_code == 0, result.output
    spans = json.loads(result.stdout)["spans"]
    sarah = next(s for s in spans if s["text"] == "Sarah Jenkins")
    assert (sarah["source"], sarah["flagged"]) == ("case-file", False)


def test_detect_command_bad_case_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("text")
    result = CliRunner().invoke(main, ["detect", str(draft), "--case",
                                       str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("found", "kept", "left"), [
    ((0, 9), [(0, 4)], "Holt"),  # keep "Gary" in "Gary Holt": the surname is still found
    ((0, 9), [(5, 9)], "Gary"),
    ((0, 9), [(0, 9)], None),  # all kept
    ((3, 9), [(0, 5)], "Holt"),  # reaches into a keep term from the right
    ((0, 6), [(0, 4)], None),  # what is left ("H") is not a word
])
def test_a_finding_is_trimmed_to_stay_outside_keep_terms(found, kept, left) -> None:
    text = "Gary Holt"
    entity = Entity("b", found[0], found[1], "PERSON", text[found[0]:found[1]], 0.8,
                    "SpacyRecognizer")
    keeps = [Entity("b", s, e, "KEEP", text[s:e], 1.0, "case-file") for s, e in kept]
    merged = merge([], [entity], keeps)
    assert [e.text for e in merged] == ([left] if left else [])
    assert all(e.flagged for e in merged)


@pytest.mark.parametrize(("text", "kept", "left"), [
    ("the Children Act 1989", "Children Act 1989", None),  # a stop word is left: dropped
    ("This Domestic Homicide Review", "Domestic Homicide Review", None),
    ("Gary Holt reported", "Gary Holt", None),  # lower case only
    ("Review Panel Gary Holt", "Review Panel Gary", "Holt"),  # a capitalised word stays
])
def test_what_is_left_outside_a_keep_term_must_be_a_name_word(text, kept, left) -> None:
    entity = Entity("b", 0, len(text), "ORGANIZATION", text, 0.8, "SpacyRecognizer")
    start = text.index(kept)
    keep = Entity("b", start, start + len(kept), "KEEP", kept, 1.0, "case-file")
    assert [e.text for e in merge([], [entity], [keep])] == ([left] if left else [])


@pytest.mark.parametrize(("text", "kept", "left"), [
    ("Uncle Jamie", (6, 11), None),  # a relation word beside a kept pseudonym is no name
    ("Dr Jamie", (3, 8), None),
    ("Nana Jamie", (5, 10), None),
    ("Jamie Holt", (0, 5), "Holt"),
])
def test_relation_and_title_words_left_beside_a_keep_term_are_dropped(text, kept, left) -> None:
    entity = Entity("b", 0, len(text), "PERSON", text, 0.8, "SpacyRecognizer")
    keep = Entity("b", kept[0], kept[1], "KEEP", text[kept[0]:kept[1]], 1.0, "case-file")
    assert [e.text for e in merge([], [entity], [keep])] == ([left] if left else [])
