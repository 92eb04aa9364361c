"""`redactor check FILE... [--case CASE] [--format text|json]`: output, exit codes, corpus."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from conftest import CORPUS
from docx_builder import DocxParts, build_docx, p, r, table

from redactor.cli import main

CASE_YAML = """\
area: Safer Northshire Partnership
people:
  - {name: Sarah Jenkins, role: victim, gender: female, pseudonym: Anna Price}
  - {name: Mark Taylor, role: perpetrator, gender: male}
keep: [Dr Helen Morris]
redact: [Beech Hill Primary School]
"""

TITLE_PAGE = [
    p("Safer Northshire Partnership", style="Title"),
    p("Domestic Homicide Review into the death of Anna Price"),
    p("Date of death: March 2019"),
    p("Independent Chair and author: Dr Helen Morris"),
    p("Report completed: June 2020", r(inner='<w:br w:type="page"/>')),
]
CLEAN = [
    *TITLE_PAGE,
    p("Confidentiality", style="Heading1"),
    p("The family chose the pseudonym Anna Price."),
    p("The Review Panel", style="Heading1"),
    table([["Name", "Agency"], ["Dr Helen Morris", "Independent"]]),
]
LINE = re.compile(r"^(?P<file>[^:]+):(?P<location>[^ ]+): (?P<code>[A-Z]+\d{3})"
                  r"(?P<warning> \(warning\))? (?P<message>.+)$")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(main, ["check", *args], catch_exceptions=False)


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    """A case file, a clean report, a leaking one, and one with only warnings."""
    made = {"case": tmp_path / "case.yaml"}
    made["case"].write_text(CASE_YAML, encoding="utf-8")
    for name, body in {
        "clean": CLEAN,
        "leaky": [*CLEAN, p("Mark Taylor rang her on 14 March 2019.")],
        "warnings": CLEAN[5:],  # no title page
    }.items():
        made[name] = tmp_path / f"{name}.docx"
        made[name].write_bytes(build_docx(DocxParts(body=body)))
    return made


def test_a_clean_file_exits_0_with_a_summary(files: dict[str, Path]) -> None:
    result = invoke(str(files["clean"]), "--case", str(files["case"]), "--no-model")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "1 file(s) checked: 0 error(s), 0 warning(s); publishable; skipped: PII (model "
        "switched off: patterns only, person names not searched for); CHILD (model switched "
        "off)"]


def test_findings_are_one_line_each_and_exit_1(files: dict[str, Path]) -> None:
    result = invoke(str(files["leaky"]), "--case", str(files["case"]), "--no-model")
    assert result.exit_code == 1
    *lines, summary = result.stdout.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert [(m["file"], m["location"], m["code"]) for m in parsed if m] == [
        (str(files["leaky"]), "word/document.xml#p12", "LEAK001"),
        (str(files["leaky"]), "word/document.xml#p12", "DATE001"),
    ]
    assert summary.startswith("1 file(s) checked: 2 error(s), 0 warning(s); not publishable")


def test_warnings_alone_are_printed_and_exit_0(files: dict[str, Path]) -> None:
    result = invoke(str(files["warnings"]), "--case", str(files["case"]), "--no-model")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()[:-1]
    assert lines and all(LINE.match(line)["warning"] for line in lines)  # type: ignore[index]
    assert all(":title-page: TEMPLATE001 (warning)" in line for line in lines)


def test_json_format(files: dict[str, Path]) -> None:
    result = invoke(str(files["leaky"]), str(files["clean"]), "--case", str(files["case"]),
                    "--no-model", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert [f["code"] for f in report["findings"]] == ["LEAK001", "DATE001"]
    assert set(report["findings"][0]) == {"file", "location", "code", "message", "severity"}
    assert [(f["file"], f["publishable"]) for f in report["files"]] == [
        (str(files["leaky"]), False), (str(files["clean"]), True)]
    assert report["summary"] == {"files": 2, "errors": 2, "warnings": 0, "unreadable": 0,
                                 "publishable": False}


def test_without_a_case_file_the_summary_says_names_were_not_checked(
        files: dict[str, Path]) -> None:
    result = invoke(str(files["leaky"]), "--no-model")
    assert result.exit_code == 1  # the date is still found
    summary = result.stdout.splitlines()[-1]
    assert "skipped: LEAK (no case file, so known names were not searched for)" in summary
    assert "LEAK001" not in result.stdout


@pytest.mark.parametrize(("name", "content", "reason"), [
    ("missing.docx", None, "file not found"),
    ("broken.docx", b"PK\x03\x04 broken", "damaged zip"),
    ("notes.odt", b"text", "unsupported file type .odt"),
])
def test_an_unreadable_file_exits_2_with_one_line_naming_it(
        tmp_path: Path, files: dict[str, Path], name: str, content: bytes | None,
        reason: str) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = invoke(str(path), str(files["clean"]), "--no-model")
    assert result.exit_code == 2
    [error] = result.stderr.splitlines()
    assert error.startswith(f"redactor: error: {path}: ") and reason in error
    assert "1 file(s) checked" in result.stdout  # the readable file was still checked


def test_a_missing_model_exits_2_at_once(files: dict[str, Path]) -> None:
    result = invoke(str(files["clean"]), str(files["leaky"]), "--model", "en_no_such_model")
    assert result.exit_code == 2
    [error] = result.stderr.splitlines()
    assert error.startswith("redactor: error: ") and "'en_no_such_model'" in error
    assert result.stdout == ""


def test_a_bad_case_file_exits_2(tmp_path: Path, files: dict[str, Path]) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("people: [{role: victim}]\n", encoding="utf-8")
    result = invoke(str(files["clean"]), "--case", str(bad), "--no-model")
    assert result.exit_code == 2
    assert str(bad) in result.stderr


def test_check_makes_no_network_calls(files: dict[str, Path], no_network: None) -> None:
    result = invoke(str(files["leaky"]), "--case", str(files["case"]), "--no-model")
    assert result.exit_code == 1


# --- The corpus: every unredacted draft fails, and every gold identifier is reported --------

GOLD = sorted(CORPUS.glob("*/*.gold.yaml"))


def finding_texts(report: dict) -> list[tuple[str, str]]:
    """(code family, the quoted text a finding starts with), lower case, spaces collapsed."""
    found = []
    for finding in report["findings"]:
        quoted = re.match(r"""^(['"])(.*?)\1 """, finding["message"])
        if quoted:
            family = finding["code"].rstrip("0123456789")
            found.append((family, " ".join(quoted[2].split()).lower()))
    return found


def gold_items(gold: dict) -> list[tuple[tuple[str, ...], str]]:
    """(code families that may report it, text) for every gold identifier."""
    return [
        *((("LEAK",), m) for person in gold.get("people", []) for m in person["mentions"]),
        *((("PII",), m) for person in gold.get("unlisted_people", [])
          for m in person["mentions"]),
        *((("PII", "LEAK"), i["text"]) for i in gold.get("identifiers", [])),
        *((("DATE",), d["text"]) for d in gold.get("dates", [])),
        *((("CHILD",), g) for child in gold.get("children", [])
          for g in child.get("gendered", [])),
    ]


def reported(found: list[tuple[str, str]], families: tuple[str, ...], text: str) -> bool:
    """A finding of one of `families` whose text overlaps `text` ("7 Quarry Lane" for the
    gold "7 Quarry Lane, Eastvale"; "23 July" for "06:40 on 23 July")."""
    wanted = " ".join(text.split()).lower()
    return any(family in families and (seen in wanted or wanted in seen)
               for family, seen in found)


@pytest.mark.model
@pytest.mark.parametrize("gold_path", GOLD, ids=[g.parent.name + "/" + g.stem for g in GOLD])
def test_every_unredacted_corpus_draft_fails_and_every_gold_identifier_is_reported(
        gold_path: Path) -> None:
    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    draft, case = gold_path.parent / gold["document"], gold_path.parent / gold["case"]
    result = invoke(str(draft), "--case", str(case), "--format", "json")
    assert result.exit_code == 1
    found = finding_texts(json.loads(result.stdout))
    missed = [text for families, text in gold_items(gold) if not reported(found, families, text)]
    assert missed == []


def test_the_corpus_is_there() -> None:
    assert len(GOLD) >= 3  # the corpus test above must not pass by having nothing to check


@pytest.mark.model
def test_the_docx_parts_of_the_corpus_overview_are_located() -> None:
    draft = CORPUS / "northshire" / "overview.docx"
    result = invoke(str(draft), "--case", str(draft.parent / "case.yaml"), "--format", "json")
    leaks = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "LEAK001"]
    parts = {f["location"].split("#")[0] for f in leaks}
    assert parts >= {"word/document.xml", "word/header1.xml", "word/comments.xml",
                     "word/footnotes.xml", "docProps/core.xml"}
    assert any("(deleted text of a tracked change)" in f["message"] for f in leaks)
    in_text_boxes = [f for f in leaks if "in a text box" in f["message"]
                     and f["message"].startswith("'Chloe'")]
    assert len(in_text_boxes) == 2  # the DrawingML text box and its VML fallback copy
