"""`redactor check` as a gate the CSP can trust (issue 14): no false alarm on what a correct
document holds, the publication manifest, confidential files in a publish folder, and one
check behind `redact`'s self-check and `redactor check`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_builder import DocxParts, complex_field, p, simple_field, table

from redactor.case import Case
from redactor.checks import check_report, publication_files
from redactor.checks.config import load_config
from redactor.checks.content import _uncertain_name
from redactor.checks.manifest import find_manifest, load_manifest, manifest_path
from redactor.checks.read import inspect_file
from redactor.cli import main
from redactor.errors import InputError
from redactor.model import Entity
from tests.test_check import CASE, PATTERNS_ONLY, clean_body, write_docx


@pytest.fixture
def case(make_case) -> Case:
    return make_case(CASE)


def run(path: Path, case: Case | None, **kwargs: object) -> list[tuple[str, str]]:
    report = check_report(path, case, use_model=False, detector=PATTERNS_ONLY, **kwargs)
    return [(f.code, f.severity) for f in report.findings]


# --- Read as a reader sees it ---------------------------------------------------------------


def test_a_page_number_field_reads_as_its_result(tmp_path: Path) -> None:
    footer = [p("Page ", complex_field(" PAGE ", "3"), " of ",
                complex_field(" NUMPAGES \\* Arabic ", "12")),
              p(simple_field("FILENAME", "overview.docx"))]
    path = write_docx(tmp_path, DocxParts(body=clean_body(), footers={"default": footer}))
    units = {u.location: u.text for u in inspect_file(path, load_config()).units}
    assert units["word/footer1.xml#p0"] == "Page 3 of 12"
    assert units["word/footer1.xml#p0@instr"] == " PAGE   NUMPAGES \\* Arabic "


def test_an_organisation_in_a_document_property_names_no_one(tmp_path: Path,
                                                             case: Case) -> None:
    parts = DocxParts(body=clean_body(),
                      core={"dc:creator": "Safer Northshire Community Safety Partnership",
                            "cp:lastModifiedBy": "Kirsty Moffat"},
                      app={"Manager": "DHR Independent Chair"})
    found = [f for f in check_report(write_docx(tmp_path, parts), case, use_model=False).findings
             if f.code == "HIDDEN004"]
    assert [f.location for f in found] == ["docProps/core.xml#lastModifiedBy"]


def test_pdf_table_cells_on_one_line_are_not_read_as_one(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "summary.pdf"
    drawing = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    drawing.setFont("Helvetica", 10)
    for y, cells in ((700, ("2", "March 2019", "Police")), (680, ("12", "June 2020", "GP"))):
        for x, cell in zip((72, 100, 200), cells, strict=True):
            drawing.drawString(x, y, cell)
    drawing.drawString(72, 640, "On 14 March 2019 she left.")
    drawing.save()
    text = next(u.text for u in inspect_file(path, load_config()).units if u.page == 1)
    assert text.splitlines() == ["2 | March 2019 | Police", "12 | June 2020 | GP",
                                 "On 14 March 2019 she left."]
    assert [c for c in run(path, None) if c[0].startswith("DATE")] == [("DATE001", "error")]


# --- Errors only when certain ---------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Her family are White British.", [("LEAK004", "warning")]),
    ("Young people's services were not involved.", [("LEAK004", "warning")]),
    ("White's van was outside.", [("LEAK001", "error")]),  # a possessive: the person
    ("Mrs White left early.", [("LEAK001", "error")]),  # another form: the person
    ("Later White told police she was afraid.", [("LEAK001", "error")]),  # a person's verb
    ("She rang her sister, Young, that night.", [("LEAK001", "error")]),  # a relation word
])
def test_a_surname_that_is_an_ordinary_word_alone_is_a_warning(
        tmp_path: Path, make_case, sentence: str, expected: list[tuple[str, str]]) -> None:
    case = make_case({**CASE, "people": [*CASE["people"], {
        "name": "Lucy White", "role": "family", "gender": "female"}]})
    case.people[-1].aliases = ["Lucy Young"]
    path = write_docx(tmp_path, DocxParts(body=[*clean_body(), p(sentence)]))
    assert [c for c in run(path, case) if c[0].startswith("LEAK")] == expected


@pytest.mark.parametrize(("sentence", "expected"), [
    ("National Domestic Abuse Helpline: 0808 2000 247.", []),  # a helpline's: public life
    ("Enquiries: community.safety@northshire.gov.uk.", [("PII005", "warning")]),
    ("She wrote to karen.dunmore@northshire.gov.uk.", [("PII002", "error")]),  # a person's
    ("She rang him on 07700 900123.", [("PII002", "error")]),
    ("Northshire DHR Ref: NDHR/2024/01.", [("PII005", "warning")]),  # the review's own
])
def test_a_service_number_or_mailbox_is_a_warning(tmp_path: Path, case: Case, sentence: str,
                                                  expected: list[tuple[str, str]]) -> None:
    path = write_docx(tmp_path, DocxParts(body=[*clean_body(), p(sentence)]))
    assert [c for c in run(path, case) if c[0].startswith("PII")] == expected


@pytest.mark.parametrize(("text", "source", "known", "why"), [
    ("Karen Dunmore", "SpacyRecognizer", True, ""),  # a full name the case file does not list
    ("Karen Dunmore", "SpacyRecognizer", False, "language model alone"),
    ("Mr Dunmore", "name.titled.v1", True, ""),
    ("DCI Dunmore", "name.titled.v1", True, "professional title"),
    ("Dunmore", "name.context.v1", True, "single word"),
    ("Ford Transit", "name.context.v1", True, "no common given name"),
    ("Anna Dunmore", "name.given.v1", True, "begins with the pseudonym 'Anna'"),
    ("Anna Jenkins", "name.given.v1", True, ""),  # a real surname: not the pseudonym's name
])
def test_why_an_unlisted_name_is_uncertain(text: str, source: str, known: bool,
                                           why: str) -> None:
    entity = Entity("b0", 0, len(text), "PERSON", text, 0.85, source)
    found = _uncertain_name(entity, frozenset({"sarah", "jenkins"}), known, True,
                            load_config(), frozenset({"anna"}))
    assert (why in found) if why else found == ""


def test_a_day_is_never_the_tail_of_a_longer_number(tmp_path: Path, case: Case) -> None:
    body = [*clean_body(), p("6.2 March 2019: police attended."),
            table([["1", "March 2019"], ["2", "June 2019"]]),
            p("Drafts: March 2024 February 2024."), p("3\tMarch 2019\tPolice"),
            p("On 14 March 2019 she left.")]
    dates = [c for c in run(write_docx(tmp_path, DocxParts(body=body)), case)
             if c[0].startswith("DATE")]
    assert dates == [("DATE001", "error")]


# --- The manifest ---------------------------------------------------------------------------


def test_redact_writes_a_manifest_with_no_original_name(tmp_path: Path, make_case) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Sarah Jenkins met Mark Taylor in 2018. Dr Helen Morris chaired the "
                     "review. Sarah called 07700 900123.\n", encoding="utf-8")
    case_file = tmp_path / "case.yaml"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case_file),
                                       "--out", str(out), "--no-model"])
    assert result.exit_code == 0, result.output
    manifest_file = out / "draft.manifest.json"
    assert manifest_file == manifest_path(out / "draft.redacted.txt")
    text = manifest_file.read_text(encoding="utf-8")
    for original in ("Sarah", "Jenkins", "Taylor", "Sally", "female", "male"):
        assert original not in text
    manifest = load_manifest(manifest_file)
    assert manifest.document == "draft.redacted.txt"
    assert {"pseudonym": "Anna Price", "role": "victim"} in manifest.people
    assert "[phone number]" in manifest.placeholders
    assert manifest.kept == ["Dr Helen Morris"]
    assert manifest.tool_version
    audit = (out.parent / f"{out.name}-CONFIDENTIAL" / "draft.audit.jsonl").read_text(
        encoding="utf-8")
    assert "draft.manifest.json" in audit
    # found beside the output, it makes the pseudonyms known without the case file
    assert find_manifest(out / "draft.redacted.txt") == manifest_file


def test_the_manifest_makes_pseudonyms_and_panel_members_known(tmp_path: Path) -> None:
    body = [*clean_body(), p("Mr Stephen Ellison, her brother, spoke to the panel.")]
    path = write_docx(tmp_path, DocxParts(body=body), name="report.redacted.docx")
    manifest_file = manifest_path(path)
    manifest_file.write_text(json.dumps({
        "format": "redactor publication manifest", "format_version": 1,
        "people": [{"pseudonym": "Stephen Ellison", "role": "family"}],
        "pseudonym_forms": ["Mr Ellison"], "role_labels": [], "placeholders": [],
        "kept": ["Dr Helen Morris"]}), encoding="utf-8")
    manifest = load_manifest(manifest_file)
    assert [c for c in run(path, None, manifest=manifest) if c[0].startswith("PII")] == []


def test_a_file_that_is_not_a_manifest_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "x.manifest.json"
    bad.write_text('{"people": []}', encoding="utf-8")
    with pytest.raises(InputError, match="not a manifest"):
        load_manifest(bad)


# --- Confidential files in a publish folder -------------------------------------------------


def test_a_folder_with_confidential_files_fails(tmp_path: Path, case: Case) -> None:
    folder = tmp_path / "published"
    (folder / "sub").mkdir(parents=True)
    write_docx(folder, DocxParts(body=clean_body()), name="overview.redacted.docx")
    for name in ("overview.audit.jsonl", "sub/overview.review.docx", "case.yaml",
                 "overview.audit.html"):
        (folder / name).write_text("x", encoding="utf-8")
    (folder / "overview.manifest.json").write_text(
        '{"format": "redactor publication manifest"}', encoding="utf-8")  # not confidential
    files, confidential = publication_files([folder])
    assert files == [folder / "overview.redacted.docx"]
    assert sorted((r.path.name, r.findings[0].code, r.findings[0].severity)
                  for r in confidential) == [
        ("case.yaml", "HIDDEN009", "error"), ("overview.audit.html", "HIDDEN009", "error"),
        ("overview.audit.jsonl", "HIDDEN009", "error"),
        ("overview.review.docx", "HIDDEN009", "error")]
    result = CliRunner().invoke(main, ["check", str(folder), "--no-model"])
    assert result.exit_code == 1
    assert "an audit log in the publication folder" in result.output


def test_a_folder_check_reads_every_suffix_redact_writes(tmp_path: Path) -> None:
    from redactor.io import FORMATS

    for suffix in FORMATS:  # ".markdown" drafts give ".redacted.markdown" outputs
        (tmp_path / f"x{suffix}").write_text("x", encoding="utf-8")
    files, _ = publication_files([tmp_path])
    assert sorted(f.suffix for f in files) == sorted(FORMATS)


def test_an_empty_folder_is_an_input_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(tmp_path), "--no-model"])
    assert result.exit_code == 2
    assert "no DOCX, PDF, text or Markdown file in this folder" in result.output


# --- One check, two callers -----------------------------------------------------------------


def test_the_self_check_says_which_checks_it_skipped(tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("Sarah Jenkins moved in 2018.\n", encoding="utf-8")
    case_file = tmp_path / "case.yaml"
    case_file.write_text(json.dumps(CASE), encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case_file),
                                       "--out", str(tmp_path), "--no-model"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in
               (tmp_path.parent / f"{tmp_path.name}-CONFIDENTIAL" / "draft.audit.jsonl")
               .read_text(encoding="utf-8").splitlines()]
    check = next(r["check"] for r in records if "check" in r)
    assert set(check["skipped"]) == {"PII", "CHILD"}
    assert check["result"] == "pass"
    quick = check_report(tmp_path / "draft.redacted.txt", Case(), use_model=False)
    assert quick.publishable


@pytest.mark.model
def test_a_gendered_word_inside_field_vocabulary_is_no_child(tmp_path: Path) -> None:
    """"the Ending Violence Against Women and Girls strategy" names no child (the check
    raised CHILD001 on the statutory guidance itself)."""
    final = tmp_path / "final.txt"
    final.write_text("The review took account of the Ending Violence Against Women and Girls "
                     "strategy.\n\nThe girls were at school.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(final)])
    assert "'Girls'" not in result.output
    assert "'girls'" in result.output  # a child's word elsewhere is still asked about
