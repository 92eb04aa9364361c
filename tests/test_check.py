"""The pre-publication check (`redactor.checks`): each check finds what it should, where.

Documents are built here (DOCX with `tests/docx_builder.py`, PDF with reportlab, text by
hand); the check reads them back with its own reader, never with `redactor.io`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from docx_builder import (
    DocxParts,
    build_docx,
    commented,
    deleted,
    docx_with_text_everywhere,
    inserted,
    p,
    r,
    table,
)

from redactor.case import Case
from redactor.checks import CheckReport, check_file, check_report
from redactor.checks.config import CheckConfigError, load_config, parse_config
from redactor.detect.engine import Detector
from redactor.errors import InputError
from redactor.model import Finding
from redactor.options import RunOptions
from tests.pdf_builder import write_raw_pdf

CASE = {
    "area": "Safer Northshire Partnership",
    "people": [
        {"name": "Sarah Jenkins", "aliases": ["Sally"], "role": "victim", "gender": "female",
         "pseudonym": "Anna Price"},
        {"name": "Will Hartley", "role": "friend", "gender": "male"},
        {"name": "Mark Taylor", "role": "perpetrator", "gender": "male"},
    ],
    "keep": ["Dr Helen Morris"],
    "redact": ["Beech Hill Primary School"],
}

PAGE_BREAK = '<w:br w:type="page"/>'
APPENDED = "word/document.xml#p13"  # a paragraph added after `clean_body()`


def title_page() -> list[str]:
    """A title page as the Home Office template asks, then a page break."""
    return [
        p("Safer Northshire Partnership", style="Title"),
        p("Domestic Homicide Review into the death of Anna Price"),
        p("Date of death: March 2019"),
        p("Independent Chair and author: Dr Helen Morris"),
        p("Report completed: June 2020", r(inner=PAGE_BREAK)),
    ]


def clean_body() -> list[str]:
    return [
        *title_page(),
        p("1. Confidentiality", style="Heading1"),
        p("The family chose the pseudonym Anna Price; it is used throughout."),
        p("2. The Review Panel", style="Heading1"),
        table([["Name", "Agency"], ["Dr Helen Morris", "Independent"]]),
        p("Anna Price met a new partner in the spring of 2018. In March 2019 she died."),
    ]


def write_docx(tmp_path: Path, parts: DocxParts, name: str = "report.docx",
               extra: dict[str, bytes] | None = None) -> Path:
    data = build_docx(parts)
    if extra:
        buffer = io.BytesIO(data)
        with zipfile.ZipFile(buffer, "a") as archive:
            for entry, content in extra.items():
                archive.writestr(entry, content)
        data = buffer.getvalue()
    path = tmp_path / name
    path.write_bytes(data)
    return path


PATTERNS_ONLY = Detector(RunOptions(use_model=False))  # cheap: its engine is built on first use


def run(path: Path, case: Case | None) -> CheckReport:
    """Every check but the model's (PII by patterns only), as `redactor check --no-model`."""
    return check_report(path, case, use_model=False, detector=PATTERNS_ONLY)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


@pytest.fixture
def case(make_case) -> Case:
    return make_case(CASE)


# --- A clean document -----------------------------------------------------------------------


def test_a_clean_docx_has_no_findings(tmp_path: Path, case: Case) -> None:
    report = run(write_docx(tmp_path, DocxParts(body=clean_body())), case)
    assert report.findings == []
    assert report.publishable


def test_check_file_is_the_pipeline_entry_point(tmp_path: Path, case: Case) -> None:
    body = [*clean_body(), p("Sarah rang 07700 900123 about her son.")]
    findings = check_file(write_docx(tmp_path, DocxParts(body=body)), case, use_model=False)
    # The quick self-check: no identifier search (PII) and no child genders without a model.
    assert [(f.code, f.location) for f in findings] == [("LEAK001", APPENDED)]
    report = check_report(tmp_path / "report.docx", case, use_model=False)
    assert set(report.skipped) == {"PII", "CHILD"}


# --- 1. LEAK: a known name planted in each part of a DOCX -----------------------------------

NAME = "Sarah Jenkins"
EMAIL = "sarah.jenkins@example.org"

# place planted -> (planted text, e-mail, location pattern, words in the message)
LEAK_PLACES = [
    ("body", NAME, EMAIL, r"word/document\.xml#p\d+$", "in the body"),
    ("nested table", NAME, EMAIL, r"word/document\.xml#p\d+$", "in the body"),
    ("header default", NAME, EMAIL, r"word/header1\.xml#p0$", "in a header"),
    ("header first", NAME, EMAIL, r"word/header1\.xml#p0$", "in a header"),
    ("header even", NAME, EMAIL, r"word/header1\.xml#p0$", "in a header"),
    ("footer", NAME, EMAIL, r"word/footer1\.xml#p0$", "in a footer"),
    ("footnote", NAME, EMAIL, r"word/footnotes\.xml#p\d+$", "in a footnote"),
    ("endnote", NAME, EMAIL, r"word/endnotes\.xml#p\d+$", "in an endnote"),
    ("comment", NAME, EMAIL, r"word/comments\.xml#p0$", "in a comment"),
    ("comment", NAME, EMAIL, r"word/comments\.xml#comment0@author$", "attribute author"),
    ("text box", NAME, EMAIL, r"word/document\.xml#p\d+$", "in a text box in the body"),
    ("content control", NAME, EMAIL, r"word/document\.xml#p\d+$", "in the body"),
    ("inline content control", NAME, EMAIL, r"word/document\.xml#p\d+$", "in the body"),
    ("hyperlink text", NAME, EMAIL, r"word/document\.xml#p\d+$", "in the body"),
    ("mailto target", "nobody", EMAIL, r"word/_rels/document\.xml\.rels#rIdMail$",
     "in a link target"),
    ("field result", NAME, "x@example.org", r"word/document\.xml#p\d+$", "in the body"),
    ("field instruction", "nobody", EMAIL, r"word/document\.xml#p\d+@instr$", "(field code)"),
    ("simple field instruction", NAME, EMAIL, r"word/document\.xml#p\d+@instr$",
     "attribute instr"),
    ("alt text", NAME, EMAIL, r"word/document\.xml#p\d+@descr$", "attribute descr of docPr"),
    ("alt text", NAME, EMAIL, r"word/document\.xml#p\d+@title$", "attribute title of cNvPr"),
    ("core properties", NAME, EMAIL, r"docProps/core\.xml#title$", "document properties"),
    ("core properties", NAME, EMAIL, r"docProps/core\.xml#creator$", "document properties"),
    ("app properties", NAME, EMAIL, r"docProps/app\.xml#Manager$", "document properties"),
    ("custom properties", NAME, EMAIL, r"docProps/custom\.xml#Victim$", "document properties"),
    ("hidden text", NAME, EMAIL, r"word/document\.xml#p\d+$", "(hidden text)"),
    ("tracked insertion", NAME, EMAIL, r"word/document\.xml#p\d+$",
     "(inserted text of a tracked change)"),
    ("tracked deletion", NAME, EMAIL, r"word/document\.xml#p\d+$",
     "(deleted text of a tracked change)"),
    ("custom xml", NAME, EMAIL, r"customXml/item1\.xml#note$", "in custom XML data"),
    ("glossary", NAME, EMAIL, r"word/glossary/document\.xml#p\d+$", "in the glossary"),
]


@pytest.mark.parametrize(("place", "text", "email", "location", "where"), LEAK_PLACES,
                         ids=[f"{c[0]}:{c[4]}" for c in LEAK_PLACES])
def test_a_known_name_is_found_in_every_part(tmp_path: Path, case: Case, place: str,
                                             text: str, email: str, location: str,
                                             where: str) -> None:
    parts = docx_with_text_everywhere(text, email=email, places=(place,))
    report = run(write_docx(tmp_path, parts), case)
    leaks = [f for f in report.findings if f.code == "LEAK001"]
    assert any(re.match(location, f.location) and where in f.message for f in leaks), \
        "\n".join(f"{f.location}: {f.message}" for f in leaks)
    assert all("P1 (victim)" in f.message for f in leaks)


DIAGRAM = ('<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram"'
           ' xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt>'
           '<dgm:t><a:p><a:r><a:t>Sarah Jenkins, 14 March 2019</a:t></a:r></a:p></dgm:t>'
           '</dgm:pt></dgm:ptLst></dgm:dataModel>')
MATHS = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
         '<m:r><m:t>Sarah Jenkins</m:t></m:r></m:oMath>')


def test_drawing_and_maths_text_is_read(tmp_path: Path, case: Case) -> None:
    path = write_docx(tmp_path, DocxParts(body=[*clean_body(), p("Sum: ", MATHS)]),
                      extra={"word/diagrams/data1.xml": DIAGRAM.encode()})
    found = [(f.code, f.location) for f in run(path, case).findings]
    assert found == [("LEAK001", APPENDED), ("LEAK001", "word/diagrams/data1.xml#t"),
                     ("DATE001", "word/diagrams/data1.xml#t")]


def test_a_name_in_a_part_name_is_found(tmp_path: Path, case: Case) -> None:
    path = write_docx(tmp_path, DocxParts(body=clean_body()),
                      extra={"word/media/sarah_jenkins.png": b"\x89PNG"})
    found = [(f.code, f.location) for f in run(path, case).findings]
    assert found == [("LEAK001", "word/media/sarah_jenkins.png"),
                     ("HIDDEN006", "word/media/sarah_jenkins.png")]


def test_every_place_of_a_fully_planted_docx_is_reported(tmp_path: Path, case: Case) -> None:
    parts = docx_with_text_everywhere(NAME, email=EMAIL)
    locations = {f.location.split("#")[0] for f in run(write_docx(tmp_path, parts), case).findings
                 if f.code == "LEAK001"}
    assert locations >= {
        "word/document.xml", "word/header1.xml", "word/header2.xml", "word/header3.xml",
        "word/footer1.xml", "word/footnotes.xml", "word/endnotes.xml", "word/comments.xml",
        "word/people.xml", "word/_rels/document.xml.rels", "docProps/core.xml",
        "docProps/app.xml", "docProps/custom.xml", "customXml/item1.xml",
        "word/glossary/document.xml",
    }


@pytest.mark.parametrize(("sentence", "leaked"), [
    ("Sarah Jenkins was seen.", ["Sarah Jenkins"]),
    ("SARAH JENKINS was seen.", ["SARAH JENKINS"]),
    ("Mrs Jenkins was seen.", ["Mrs Jenkins"]),
    ("Sally was seen.", ["Sally"]),
    ("Sarah\u2019s sister was seen.", ["Sarah"]),
    ("Will came round.", ["Will"]),
    ("She said she will come round.", []),  # a name that is a word, in lower case
    ("Anna Price was seen.", []),  # the pseudonym
    ("Mrs Price was seen.", []),  # a form of the pseudonym
    ("Dr Helen Morris chaired the panel.", []),  # a keep term
    ("Sarah-Louise was seen.", []),  # another name that merely starts the same
    ("Her son went to Beech Hill Primary School.", ["Beech Hill Primary School"]),
])
def test_known_names_and_redact_terms_but_not_pseudonyms_or_keep_terms(
        tmp_path: Path, case: Case, sentence: str, leaked: list[str]) -> None:
    report = run(write_docx(tmp_path, DocxParts(body=[*clean_body(), p(sentence)])), case)
    found = [f.message.split("' ")[0].strip("'\"") for f in report.findings
             if f.code.startswith("LEAK")]
    assert found == leaked


@pytest.mark.parametrize(("sentence", "code"), [
    ("Marram was seen.", "LEAK001"),
    ("The marram was seen.", "LEAK003"),  # a person detection added, in lower case
])
def test_lower_case_names_of_people_detection_added_are_warnings(
        tmp_path: Path, make_case, sentence: str, code: str) -> None:
    case = make_case({**CASE, "people": [*CASE["people"], {"name": "Marram", "new": True}]})
    report = run(write_docx(tmp_path, DocxParts(body=[*clean_body(), p(sentence)])), case)
    assert codes(report.findings) == [code]


def test_a_common_word_detection_took_for_a_name_is_not_searched_for(
        tmp_path: Path, make_case) -> None:
    """A guess ("Findings") is not spread: only plausible name forms are (issue 13)."""
    case = make_case({**CASE, "people": [*CASE["people"], {"name": "Findings", "new": True}]})
    report = run(write_docx(tmp_path, DocxParts(body=[*clean_body(),
                                                      p("Key Findings were shared.")])), case)
    assert codes(report.findings) == []


def test_a_redact_term_has_its_own_code(tmp_path: Path, case: Case) -> None:
    report = run(write_docx(tmp_path, DocxParts(
        body=[*clean_body(), p("He went to Beech Hill Primary School.")])), case)
    assert codes(report.findings) == ["LEAK002"]


def test_without_a_case_file_known_names_are_skipped_and_the_rest_runs(tmp_path: Path) -> None:
    body = [*clean_body(), p("Sarah Jenkins rang 07700 900123 on 14 March 2019.")]
    report = run(write_docx(tmp_path, DocxParts(body=body)), None)
    assert "LEAK" in report.skipped
    assert sorted(set(codes(report.findings))) == ["DATE001", "PII002"]


# --- 2. PII: identifiers nobody listed ---------------------------------------------------------


@pytest.mark.parametrize(("sentence", "code", "message"), [
    ("Her number was 07700 900123.", "PII002", "'07700 900123' looks like a phone number"),
    ("She wrote to jo.bloggs@example.org often.", "PII002",
     "'jo.bloggs@example.org' looks like an email address"),
    ("She lived at 14 Larkspur Close for years.", "PII002",
     "'14 Larkspur Close' looks like an address"),
    ("Her NHS number is 485 777 3457.", "PII002", "'485 777 3457' looks like an NHS number"),
    ("She was registered at Larkfield Surgery.", "PII003",  # a named place: a warning
     "'Larkfield Surgery' may be a named institution"),
])
def test_unlisted_identifiers_are_found(tmp_path: Path, case: Case, sentence: str, code: str,
                                        message: str) -> None:
    report = run(write_docx(tmp_path, DocxParts(body=[*clean_body(), p(sentence)])), case)
    [finding] = [f for f in report.findings if f.code.startswith("PII")]
    assert (finding.code, finding.location) == (code, APPENDED)
    assert finding.message.startswith(message)


@pytest.mark.model
def test_an_unlisted_person_found_by_the_model_alone(tmp_path: Path, case: Case) -> None:
    """A full name the case file does not list is an error; without a case file the model's
    guess only asks for a look (it may be a named panel member)."""
    body = [*clean_body(), p("Anna Price told her friend Kelly Dunn about the threats.")]
    path = write_docx(tmp_path, DocxParts(body=body))
    with_case = [f for f in check_report(path, case, use_model=True).findings
                 if f.code.startswith("PII")]
    assert [(f.code, f.message.split(" looks")[0]) for f in with_case] == [
        ("PII001", "'Kelly Dunn'")]
    alone = [f for f in check_report(path, None, use_model=True).findings
             if f.code.startswith("PII") and "Kelly" in f.message]
    assert [f.code for f in alone] == ["PII004"]
    assert "language model alone" in alone[0].message and alone[0].severity == "warning"


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "code", "why"), [
    ("Her neighbour Mr Kelvin Dunmore called the police.", "PII001", ""),
    ("The chair, Dr Kelvin Dunmore, thanked the panel.", "PII004", "professional title"),
    ("Police stopped him driving a Ford Transit van.", "", ""),
    ("Anna Foster told her GP about the threats.", "", ""),  # 'Anna' is the pseudonym
])
def test_an_unlisted_name_is_an_error_only_when_certain(tmp_path: Path, case: Case,
                                                        sentence: str, code: str,
                                                        why: str) -> None:
    body = [*clean_body(), p(sentence)]
    report = check_report(write_docx(tmp_path, DocxParts(body=body)), case, use_model=True)
    persons = [f for f in report.findings if f.code.startswith("PII")]
    expected = [code] if code == "PII001" else []
    assert [f.code for f in persons if f.severity == "error"] == expected, \
        [f.message for f in persons]
    assert all(why in f.message for f in persons if f.code == code)


# --- 3. DATE ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "code", "date"), [
    ("On 14 March 2019 she left.", "DATE001", "14 March 2019"),
    ("On Thursday 14 March 2019 she left.", "DATE001", "Thursday 14 March 2019"),
    ("On 14/03/2019 she left.", "DATE001", "14/03/2019"),
    ("On the 14th she left.", "DATE002", "the 14th"),  # unsure: a warning
])
def test_day_precise_dates(tmp_path: Path, case: Case, sentence: str, code: str,
                           date: str) -> None:
    report = run(write_docx(tmp_path, DocxParts(body=[*clean_body(), p(sentence)])), case)
    [finding] = [f for f in report.findings if f.code.startswith("DATE")]
    assert (finding.code, finding.message.split(" is ")[0].split(" may ")[0]) == \
        (code, repr(date))


def test_a_date_in_a_footnote_is_located_there(tmp_path: Path, case: Case) -> None:
    parts = DocxParts(body=clean_body(), footnotes={1: [p("Seen on 2 April 2019.")]})
    [finding] = run(write_docx(tmp_path, parts), case).findings
    assert (finding.code, finding.location) == ("DATE001", "word/footnotes.xml#p2")
    assert "in a footnote" in finding.message


# --- 4. CHILD -----------------------------------------------------------------------------------


@pytest.mark.model
def test_a_childs_gender_is_found(tmp_path: Path, make_case) -> None:
    case = make_case({**CASE, "people": [*CASE["people"], {
        "name": "Jacob Reeves", "role": "child", "gender": "male", "age": 8,
        "pseudonym": "Sam"}]})
    body = [*clean_body(), p("Sam, aged 8, was at school. He told his teacher.")]
    report = check_report(write_docx(tmp_path, DocxParts(body=body)), case, use_model=True)
    found = [f.message.split(" reveals")[0] for f in report.findings if f.code == "CHILD001"]
    assert found == ["'He'", "'his'"]


@pytest.mark.model
@pytest.mark.parametrize(("sentence", "found"), [
    # The adult's pseudonym links "son" and "his" to the perpetrator (46), not a child.
    ("Her son, Paul Simpson, lived with her. He was later found guilty.", []),
    ("PAUL SIMPSON moved back into his mother's house after losing his job.", []),
    ("Her son Dale, aged 8, said he was scared.", ["'son'", "'he'"]),
])
def test_a_redacted_file_is_read_with_pseudonyms_linked_to_people(
        tmp_path: Path, make_case, sentence: str, found: list[str]) -> None:
    case = make_case({**CASE, "people": [
        {"name": "Sarah Jenkins", "role": "victim", "gender": "female", "age": 70,
         "pseudonym": "Mary"},
        {"name": "Stephen Jenkins", "role": "perpetrator", "gender": "male", "age": 46,
         "pseudonym": "Paul Simpson"},
        {"name": "Alison Reeves", "role": "family", "gender": "female", "pseudonym": "Kirsty"},
        {"name": "Jacob Reeves", "role": "child", "gender": "male", "age": 8,
         "pseudonym": "Dale"},
    ]})
    body = [*clean_body(), p("Mary was 70."), p(sentence)]
    report = check_report(write_docx(tmp_path, DocxParts(body=body)), case, use_model=True)
    assert [f.message.split(" reveals")[0] for f in report.findings
            if f.code == "CHILD001"] == found


@pytest.mark.model
def test_a_word_that_may_mean_a_child_or_an_adult_is_a_warning(tmp_path: Path,
                                                               make_case) -> None:
    case = make_case({**CASE, "people": [*CASE["people"], {
        "name": "Jacob Reeves", "role": "child", "gender": "male", "age": 8, "pseudonym": "Sam"},
        {"name": "Mark Reeves", "role": "family", "gender": "male", "age": 40,
         "pseudonym": "Tom"}]})
    body = [*clean_body(), p("Sam, aged 8, and Tom were at home when he shouted.")]
    report = check_report(write_docx(tmp_path, DocxParts(body=body)), case, use_model=True)
    children = [(f.code, f.severity) for f in report.findings if f.code.startswith("CHILD")]
    assert children == [("CHILD002", "warning")]


def test_without_the_model_the_child_check_says_it_was_skipped(tmp_path: Path,
                                                               case: Case) -> None:
    report = run(write_docx(tmp_path, DocxParts(body=clean_body())), case)
    assert "CHILD" in report.skipped


# --- 5. HIDDEN ----------------------------------------------------------------------------------


def test_comments_are_reported_with_their_author(tmp_path: Path, case: Case) -> None:
    parts = DocxParts(body=clean_body(), comments={0: [p("Check this.")]},
                      comment_author="Cath Chair")
    report = run(write_docx(tmp_path, parts), case)
    [finding] = [f for f in report.findings if f.code == "HIDDEN001"]
    assert finding.location == "word/comments.xml#comment0"
    assert "'Cath Chair'" in finding.message


@pytest.mark.parametrize(("fragment", "kind"), [
    (inserted("new words", author="Ed Itor"), "insertion"),
    (deleted("old words", author="Ed Itor"), "deletion"),
])
def test_tracked_changes_are_reported(tmp_path: Path, case: Case, fragment: str,
                                      kind: str) -> None:
    body = [*clean_body(), p("Text with ", fragment, ".")]
    [finding] = run(write_docx(tmp_path, DocxParts(body=body)), case).findings
    assert (finding.code, finding.location, finding.severity) == \
        ("HIDDEN002", APPENDED, "error")
    assert f"tracked {kind} by 'Ed Itor'" in finding.message


def test_hidden_text_is_reported(tmp_path: Path, case: Case) -> None:
    body = [*clean_body(), p("Visible.", r(" secret words", hidden=True))]
    [finding] = run(write_docx(tmp_path, DocxParts(body=body)), case).findings
    assert (finding.code, finding.location) == ("HIDDEN003", APPENDED)
    assert "'secret words'" in finding.message


HIDING_STYLES = (
    '<w:style w:type="character" w:styleId="Secret"><w:name w:val="Secret"/>'
    '<w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="SecretChild"><w:name w:val="Secret child"/>'
    '<w:basedOn w:val="Secret"/></w:style>'
    '<w:style w:type="paragraph" w:styleId="SecretPara"><w:name w:val="Secret para"/>'
    '<w:rPr><w:vanish/></w:rPr></w:style>'
    '<w:style w:type="character" w:styleId="Shown"><w:name w:val="Shown"/>'
    '<w:rPr><w:vanish w:val="0"/></w:rPr></w:style>'
)


@pytest.mark.parametrize(("paragraph", "hidden"), [
    (p("Visible.", r(" secret words", style="Secret")), True),
    (p("Visible.", r(" secret words", style="SecretChild")), True),
    (p("secret words", style="SecretPara"), True),
    (p("Visible.", r(" secret words", style="Shown")), False),
])
def test_text_hidden_by_a_style_is_reported(tmp_path: Path, case: Case, paragraph: str,
                                            hidden: bool) -> None:
    parts = DocxParts(body=[*clean_body(), paragraph], styles=HIDING_STYLES)
    found = [(f.code, f.location) for f in run(write_docx(tmp_path, parts), case).findings]
    assert found == ([("HIDDEN003", APPENDED)] if hidden else [])


@pytest.mark.parametrize(("core", "app", "expected"), [
    ({"dc:creator": "Cath Chair"}, {}, ["docProps/core.xml#creator"]),
    ({"cp:lastModifiedBy": "Ed Itor"}, {}, ["docProps/core.xml#lastModifiedBy"]),
    ({}, {"Manager": "Pat Manager"}, ["docProps/app.xml#Manager"]),
    ({"dc:creator": "redactor", "cp:lastModifiedBy": "Author"}, {}, []),  # not people
    ({}, {"Company": "Northshire County Council"}, []),  # an organisation
])
def test_document_properties_naming_a_person(tmp_path: Path, case: Case, core: dict,
                                             app: dict, expected: list[str]) -> None:
    parts = DocxParts(body=clean_body(), core=core, app=app)
    report = run(write_docx(tmp_path, parts), case)
    assert [f.location for f in report.findings if f.code == "HIDDEN004"] == expected


def test_images_are_warnings_embedded_objects_errors(tmp_path: Path, case: Case) -> None:
    parts = DocxParts(body=clean_body(), images={"rIdImage": b"\x89PNG"}, thumbnail=True)
    path = write_docx(tmp_path, parts)
    report = run(path, case)
    assert [(f.code, f.location, f.severity) for f in report.findings] == [
        ("HIDDEN006", "docProps/thumbnail.png", "warning"),
        ("HIDDEN006", "word/media/image1.png", "warning"),
    ]
    assert report.publishable  # warnings alone do not stop publication

    path = write_docx(tmp_path, parts, extra={"word/embeddings/oleObject1.bin": b"\0" * 8})
    report = run(path, case)
    assert ("HIDDEN005", "word/embeddings/oleObject1.bin", "error") in [
        (f.code, f.location, f.severity) for f in report.findings]
    assert not report.publishable  # an embedded document may hold the unredacted draft


REVIEW_COMMENT = {0: [p("flagged: please check")]}


@pytest.mark.parametrize(("name", "body", "comments", "reason"), [
    ("report.review.docx", [], {}, "named *.review.docx"),
    ("report.docx", [p(inserted("Anna", author="redactor"))], {}, "author 'redactor'"),
    ("report.docx", [p(commented("Anna", 0))], REVIEW_COMMENT, "comments by author 'redactor'"),
])
def test_a_review_copy_fails(tmp_path: Path, case: Case, name: str, body: list[str],
                             comments: dict[int, list[str]], reason: str) -> None:
    parts = DocxParts(body=[*clean_body(), *body], comments=comments, comment_author="redactor")
    path = write_docx(tmp_path, parts, name=name)
    [finding] = [f for f in run(path, case).findings if f.code == "HIDDEN007"]
    assert reason in finding.message
    assert finding.severity == "error"


def test_custom_xml_data_is_a_warning(tmp_path: Path, case: Case) -> None:
    parts = DocxParts(body=clean_body(), custom_xml="case reference 42")
    [finding] = run(write_docx(tmp_path, parts), case).findings
    assert (finding.code, finding.location, finding.severity) == \
        ("HIDDEN008", "customXml/item1.xml", "warning")


# --- 6. TEMPLATE --------------------------------------------------------------------------------


@pytest.mark.parametrize(("dropped", "expected"), [
    (0, "the Community Safety Partnership"),
    (1, "the victim's pseudonym"),
    (2, "the month and year of death"),
    (3, "the author"),
    (4, "the date the report was completed"),
])
def test_a_missing_title_page_item_is_a_warning_naming_it(tmp_path: Path, case: Case,
                                                          dropped: int, expected: str) -> None:
    body = clean_body()
    body[dropped] = p("Draft", r(inner=PAGE_BREAK)) if dropped == 4 else p("Draft")
    [finding] = run(write_docx(tmp_path, DocxParts(body=body)), case).findings
    assert (finding.code, finding.location, finding.severity) == \
        ("TEMPLATE001", "title-page", "warning")
    assert expected in finding.message


def test_the_title_page_ends_at_the_first_page_break(tmp_path: Path, case: Case) -> None:
    body = [p("Draft", r(inner=PAGE_BREAK)), *clean_body()]
    found = [f.message for f in run(write_docx(tmp_path, DocxParts(body=body)), case).findings]
    assert len(found) == len(load_config().title_page)


@pytest.mark.parametrize(("line", "found"), [
    ("Domestic Homicide Review into the death of Anna Price", True),
    ("Domestic Homicide Review: Anna Price", False),
])
def test_the_victim_without_a_case_file_is_found_by_the_title_wording(
        tmp_path: Path, line: str, found: bool) -> None:
    body = clean_body()
    body[1] = p(line)
    report = run(write_docx(tmp_path, DocxParts(body=body)), None)
    assert ["the victim's pseudonym" in f.message for f in report.findings] == \
        ([] if found else [True])


@pytest.mark.parametrize(("dropped", "section"), [
    ((3, 4), "the review panel members"),
    ((4,), "the review panel members"),  # a heading with nobody listed under it
    ((1, 2), "the pseudonyms used"),
])
def test_missing_sections_are_warnings_naming_them(tmp_path: Path, case: Case,
                                                   dropped: tuple[int, int],
                                                   section: str) -> None:
    body = [b for index, b in enumerate(clean_body()[5:]) if index + 1 not in dropped]
    body = [*title_page(), *body]
    [finding] = run(write_docx(tmp_path, DocxParts(body=body)), case).findings
    assert (finding.code, finding.location) == ("TEMPLATE002", "document")
    assert section in finding.message


# --- 7. FORM ------------------------------------------------------------------------------------

FORM_ROWS = [
    ["", "Victim", "Perpetrator"],
    ["Gender", "Female", "Male"],
    ["Age", "34", "36"],
    ["Ethnicity", "White British", "White British"],
    ["Date of homicide", "March 2019", ""],
    ["Place of homicide", "Home", ""],
    ["Method of killing", "Strangulation", ""],
]


@pytest.mark.parametrize(("block", "is_form"), [
    (table(FORM_ROWS), True),
    ("".join(p(f"{row[0]}: {row[1]}") for row in FORM_ROWS[1:]), True),
    (table([["Victim gender", "Female"], ["Perpetrator gender", "Male"],
            ["Victim's age", "34"], ["Date of death", "March 2019"],
            ["Location of homicide", "Home"], ["Cause of death", "Stab wounds"]]), True),
    # A family table (relationship, age, ethnicity) is not the form.
    (table([["Pseudonym", "Relationship to victim", "Age", "Ethnicity", "Gender"],
            ["Anna Price", "Victim", "34", "White British", "Female"]]), False),
    # A chronology (date, location) is not the form either.
    (table([["Date", "Location", "Agency", "Event"], ["March 2019", "Home", "Police", "Visit"]]),
     False),
])
def test_the_data_collection_form_fails(tmp_path: Path, case: Case, block: str,
                                        is_form: bool) -> None:
    body = [*clean_body(), p("Appendix", style="Heading1"), block]
    report = run(write_docx(tmp_path, DocxParts(body=body)), case)
    forms = [f for f in report.findings if f.code == "FORM001"]
    assert len(forms) == (1 if is_form else 0), [f.message for f in report.findings]
    if is_form:
        assert forms[0].severity == "error"
        assert forms[0].location.startswith("word/document.xml#p")


def test_the_data_collection_form_in_markdown_and_pdf(tmp_path: Path, case: Case) -> None:
    markdown = tmp_path / "summary.md"
    rows = "\n".join("| " + " | ".join(row) + " |" for row in FORM_ROWS)
    markdown.write_text(f"# Appendix\n\n{rows}\n", encoding="utf-8")
    pdf = make_pdf(tmp_path / "summary.pdf", [[" ".join(row) for row in FORM_ROWS]])
    assert [(f.code, f.location) for f in run(markdown, case).findings
            if f.code == "FORM001"] == [("FORM001", "4:1")]
    assert [(f.code, f.location) for f in run(pdf, case).findings
            if f.code == "FORM001"] == [("FORM001", "page1/line2")]


# --- PDF and text --------------------------------------------------------------------------------


def make_pdf(path: Path, pages: list[list[str]], author: str = "") -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setAuthor(author)
    for lines in pages:
        for number, line in enumerate(lines):
            pdf.drawString(72, 770 - 16 * number, line)
        pdf.showPage()
    pdf.save()
    return path


def test_pdf_text_and_metadata(tmp_path: Path, case: Case) -> None:
    path = make_pdf(tmp_path / "summary.pdf", [
        ["Safer Northshire Partnership", "Review into the death of Anna Price, died March 2019",
         "Author: Dr Helen Morris. Completed June 2020."],
        ["The Review Panel", "Name Agency", "Dr Helen Morris Independent",
         "Pseudonyms: the family chose Anna Price.", "Mrs Jenkins was seen on 14 March 2019."],
    ], author="Cath Chair")
    report = run(path, case)
    assert [(f.code, f.location) for f in report.findings] == [
        ("LEAK001", "page2/line5"), ("DATE001", "page2/line5"),
        ("HIDDEN004", "metadata#Author"),
    ]


def test_pdf_comments_and_link_targets(tmp_path: Path, case: Case) -> None:
    from reportlab.pdfbase.pdfdoc import PDFString
    from reportlab.pdfgen import canvas

    path = tmp_path / "annotated.pdf"
    pdf = canvas.Canvas(str(path), invariant=1)
    pdf.drawString(72, 700, "Nothing to see in the text.")
    pdf.textAnnotation("Ask Sally about this", Rect=(72, 600, 200, 650),
                       T=PDFString("Cath Chair"))
    pdf.linkURL("mailto:sarah.jenkins@example.org", (72, 500, 200, 520))
    pdf.showPage()
    pdf.save()
    found = [(f.code, f.location) for f in run(path, case).findings
             if not f.code.startswith("TEMPLATE")]
    assert found == [("LEAK001", "page1/annotation0"), ("LEAK001", "page1/annotation1"),
                     ("LEAK001", "page1/annotation1"), ("PII002", "page1/annotation1"),
                     ("HIDDEN001", "page1/annotation0")]


XMP = """<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
 xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
 <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"
  xmlns:xmp="http://ns.adobe.com/xap/1.0/">
 <dc:creator><rdf:Seq><rdf:li>Cath Chair</rdf:li></rdf:Seq></dc:creator>
 <dc:title><rdf:Alt><rdf:li xml:lang="x-default">Review of Sarah Jenkins</rdf:li></rdf:Alt>
 </dc:title><xmp:CreatorTool>Microsoft Word</xmp:CreatorTool>
 </rdf:Description></rdf:RDF></x:xmpmeta>"""


def pdf_with_xmp(path: Path, text: str, xmp: str) -> Path:
    """A one-page PDF whose catalog has an XMP metadata stream (as Word's "Save as PDF")."""
    content = f"BT /F1 12 Tf 72 700 Td ({text}) Tj ET".encode()
    metadata = xmp.encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /Metadata 5 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(metadata)
        + metadata + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return write_raw_pdf(path, objects)


def test_pdf_xmp_metadata(tmp_path: Path, case: Case) -> None:
    path = pdf_with_xmp(tmp_path / "saved-from-word.pdf", "Nothing to see.", XMP)
    found = [(f.code, f.location) for f in run(path, case).findings
             if not f.code.startswith("TEMPLATE")]
    assert found == [("LEAK001", "xmp#title"), ("HIDDEN004", "xmp#creator")]


def test_text_locations_are_line_and_column(tmp_path: Path, case: Case) -> None:
    path = tmp_path / "summary.md"
    path.write_text("# Safer Northshire Partnership\n\nInto the death of Anna Price (March "
                    "2019).\nAuthor: Dr Helen Morris; completed June 2020.\n\n"
                    "## The Review Panel\n\nPseudonyms are used.\nSally and\nMark Taylor met.\n",
                    encoding="utf-8")
    report = run(path, case)
    assert [(f.code, f.location) for f in report.findings] == [
        ("LEAK001", "9:1"), ("LEAK001", "10:1")]


# --- Unreadable files and bad data ----------------------------------------------------------------


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("missing.docx", None, "file not found"),
    ("empty.docx", b"", "the file is empty"),
    ("encrypted.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "password-protected"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "damaged zip"),
    ("fake.pdf", b"hello", "no %PDF header"),
    ("latin1.txt", "caf\xe9".encode("latin-1"), "not UTF-8"),
    ("report.odt", b"PK\x03\x04", "unsupported file type"),
])
def test_an_unreadable_file_raises_input_error_with_the_reason(
        tmp_path: Path, name: str, content: bytes | None, reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=re.escape(reason)):
        run(path, None)


def test_a_password_protected_pdf_is_named_as_such(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    path = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(path), encrypt="secret")
    pdf.drawString(72, 700, "Locked text.")
    pdf.showPage()
    pdf.save()
    with pytest.raises(InputError, match="password-protected"):
        run(path, None)


def test_a_docx_with_a_broken_part_names_the_part(tmp_path: Path) -> None:
    path = write_docx(tmp_path, DocxParts(body=clean_body()),
                      extra={"word/footer9.xml": b"<w:ftr><unclosed>"})
    with pytest.raises(InputError, match=r"part word/footer9\.xml cannot be read"):
        run(path, None)


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d.pop("codes"), "missing key 'codes'"),
    (lambda d: d["codes"].update(X1={"severity": "fatal", "message": "m"}), "codes.X1"),
    (lambda d: d["sections"][0]["patterns"].append("(unclosed"), "bad pattern"),
])
def test_a_bad_check_yaml_stops_the_run(change, message: str) -> None:
    import yaml

    from redactor.paths import pattern_file

    data = yaml.safe_load(pattern_file("check.yaml").read_text(encoding="utf-8"))
    change(data)
    with pytest.raises(CheckConfigError, match=re.escape(message)):
        parse_config(data)


def test_every_code_used_is_in_check_yaml() -> None:
    package = Path(__file__).parent.parent / "redactor" / "checks"
    source = "".join(path.read_text(encoding="utf-8") for path in package.glob("*.py"))
    used = set(re.findall(r'"([A-Z]+\d{3})"', source))
    assert used and used <= set(load_config().codes)


@pytest.mark.model
def test_pronouns_with_no_antecedent_are_asked_about_once_per_paragraph(
        tmp_path: Path, make_case) -> None:
    """A judge's remarks about the victim ("she ... her ... she") with a girl in the case file
    gave a warning at every pronoun (23 in one real report); now one per paragraph, saying how
    many more there are."""
    case = make_case({**CASE, "people": [
        {"name": "Sarah Jenkins", "role": "victim", "pseudonym": "Adult T"},
        {"name": "Lily Reeves", "role": "child", "gender": "female", "age": 6,
         "pseudonym": "Sam"}]})
    body = [*clean_body()[:-1], p("The judge described the victim, Adult T:"),
            p("'... she was a well-respected businesswoman. Her family had tried to help her, "
              "and she had told her doctor.'")]
    report = check_report(write_docx(tmp_path, DocxParts(body=body)), case, use_model=True)
    children = [f for f in report.findings if f.code.startswith("CHILD")]
    assert [f.code for f in children] == ["CHILD002"]
    assert "(and 4 more pronouns with none in this paragraph)" in children[0].message
