"""Regressions from a bug bash on Word drafts written from real DHR prose (North East
Lincolnshire, Birmingham, Southampton, Epping Forest, Lancashire): each test is one defect it
found, run through the CLI on a DOCX."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.cli import main
from tests.docx_builder import DocxParts, build_docx, p, table

CASE = """\
people:
  - {name: Susan Clarke, role: victim, gender: female, age: 71, pseudonym: Gemma Wells}
  - {name: Ellie Clarke, aliases: [Ellie], role: child, gender: female, age: 12}
  - {name: Mark Clarke, role: family, gender: male, age: 46, pseudonym: Geoffrey Wells}
  - {name: Jack Clarke, aliases: [Jack], role: child, gender: male, age: 15}
  - {name: Brenda Fairclough, role: neighbour, gender: female}
  - {name: Janet Marsden, role: family, gender: female}
"""


def redact(tmp_path: Path, parts: DocxParts, case: str = CASE) -> tuple[int, str, Path]:
    """Exit code, output and the redacted DOCX of one Word draft."""
    draft = tmp_path / "draft.docx"
    draft.write_bytes(build_docx(parts))
    (tmp_path / "case.yaml").write_text(case, encoding="utf-8")
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(tmp_path / "case.yaml"),
                                       "--out", str(tmp_path / "out")], catch_exceptions=False)
    return result.exit_code, result.output, tmp_path / "out" / "draft.redacted.docx"


def part(docx: Path, name: str) -> str:
    with zipfile.ZipFile(docx) as archive:
        return archive.read(name).decode("utf-8")


@pytest.mark.model
def test_a_colour_attribute_is_not_a_persons_initials(tmp_path: Path) -> None:
    """Word's default styles hold themeShade="BF": with Brenda Fairclough ("BF") in the case
    file, check gave 18 LEAK001 errors and redact failed its own check."""
    style = ('<w:style w:type="paragraph" w:styleId="Shaded"><w:name w:val="Shaded"/><w:rPr>'
             '<w:color w:val="000000" w:themeColor="text1" w:themeShade="BF"/></w:rPr>'
             '</w:style>')
    code, output, _ = redact(tmp_path, DocxParts(body=[p("Brenda Fairclough saw Susan.")],
                                                 styles=style))
    assert code == 0, output


@pytest.mark.model
def test_the_manager_property_is_cleared(tmp_path: Path) -> None:
    """A name in the Manager property became the pseudonym, which check then called a
    person (HIDDEN004), so redact failed its own output."""
    code, output, docx = redact(tmp_path, DocxParts(body=[p("Janet Marsden spoke to us.")],
                                                    app={"Manager": "Janet Marsden"}))
    assert code == 0, output
    assert "<Manager></Manager>" in part(docx, "docProps/app.xml") or \
        "<Manager/>" in part(docx, "docProps/app.xml")


@pytest.mark.model
def test_a_kin_word_before_an_owner_in_brackets_is_neutralised(tmp_path: Path) -> None:
    """A names table: "Granddaughter (Mark's daughter)" became "Granddaughter (Geoffrey's
    child)": the model took "Granddaughter" for a name, and "Grandson (Mark's" for Mark."""
    rows = [["Name", "Relationship", "Age"],
            ["Ellie Clarke", "Granddaughter (Mark's daughter)", "12"],
            ["Jack Clarke", "Grandson (Mark's son)", "15"]]
    code, output, docx = redact(tmp_path, DocxParts(body=[
        p("Susan Clarke was 71. Her grandchildren often stayed with her."), table(rows)]))
    body = part(docx, "word/document.xml")
    assert "Granddaughter" not in body and "daughter" not in body
    assert "Grandchild (Geoffrey" in body
    audit = (tmp_path / "out-CONFIDENTIAL" / "draft.audit.jsonl").read_text(encoding="utf-8")
    assert '"before":"Grandson"' in audit  # neutralised, or asked about: never silent


@pytest.mark.model
def test_an_identifier_found_once_is_removed_wherever_it_recurs(tmp_path: Path) -> None:
    """A reference found beside "reference" in the body stayed in the keywords property,
    where no word said what it was."""
    code, output, docx = redact(tmp_path, DocxParts(
        body=[p("The review, reference NELDHR/2022/03, concerns Susan Clarke.")],
        core={"cp:keywords": "NELDHR/2022/03"}, custom={"CaseReference": "NELDHR/2022/03"}))
    assert code == 0, output
    for name in ("word/document.xml", "docProps/core.xml", "docProps/custom.xml"):
        assert "NELDHR" not in part(docx, name), name


@pytest.mark.model
def test_check_without_a_case_file_asks_rather_than_fails_on_a_guessed_pronoun(
        tmp_path: Path) -> None:
    """The manifest gives no one's sex: "He was later found unfit to plead", of the
    perpetrator, was "resolved to a child" (a neutralised "Grandchild (Geoffrey's child)" in
    the names table), an error the CSP could not clear. Without a case file it is asked."""
    rows = [["Name", "Relationship", "Age"], ["Susan Clarke", "Victim", "71"],
            ["Graham Clarke", "Husband of Susan; perpetrator", "74"],
            ["Mark Clarke", "Son of Susan and Graham", "46"],
            ["Ellie Clarke", "Granddaughter (Mark's daughter)", "12"],
            ["Jack Clarke", "Grandson (Mark's son)", "15"]]
    body = [table(rows), p("1.2 Susan died in June 2017 at the couple's bungalow. Graham "
                           "Clarke called 999 and told the operator \"I have hurt my wife\"."),
            p("1.3 Graham was charged with her murder. He was later found unfit to plead and a "
              "jury at Chelmsford Crown Court found in February 2018 that he did the act.")]
    case = CASE + "  - {name: Graham Clarke, role: perpetrator, gender: male, age: 74}\n"
    code, output, docx = redact(tmp_path, DocxParts(body=body), case)
    assert code == 0, output
    report = CliRunner().invoke(main, ["check", str(docx)]).output
    assert "pseudonyms only" in report  # the manifest beside it was read
    assert "CHILD001" not in report, report
