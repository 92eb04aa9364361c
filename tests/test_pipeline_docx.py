"""End to end on DOCX through the CLI: review copy, check of the output, and nothing left."""

import json
import zipfile
from pathlib import Path

from click.testing import CliRunner

from redactor.cli import main
from tests.docx_builder import DocxParts, build_docx, p, r

CASE = """\
people:
  - {id: P1, name: Sarah Jenkins, role: victim, gender: female, pseudonym: Anna Price}
"""


def make_draft(tmp_path: Path) -> tuple[Path, Path]:
    draft = tmp_path / "draft.docx"
    draft.write_bytes(build_docx(DocxParts(
        body=[p(r("On 14 March 2019 "), r("Sarah", bold=True), r(" Jenkins was seen."))],
        headers={"default": [p(r("Review into the death of Sarah Jenkins"))]},
    )))
    case = tmp_path / "case.yaml"
    case.write_text(CASE)
    return draft, case


def test_review_copy_has_tracked_changes_and_is_confidential(tmp_path: Path) -> None:
    draft, case = make_draft(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case), "--out",
                                       str(out), "--no-model", "--review-copy"])
    assert result.exit_code == 0, result.output + result.stderr
    secret = tmp_path / "out-CONFIDENTIAL"  # confidential files kept apart from the publishable
    assert sorted(p.name for p in out.iterdir()) == ["draft.manifest.json", "draft.redacted.docx"]
    review = secret / "draft.review.docx"
    assert review.stat().st_mode & 0o777 == 0o600
    footer = json.loads((secret / "draft.audit.jsonl").read_text().splitlines()[-1])
    assert footer["review_copy"]["path"] == str(review)  # the log names the confidential copy
    with zipfile.ZipFile(review) as package:
        body = package.read("word/document.xml").decode()
    assert body.count("<w:del ") == body.count("<w:ins ") >= 2  # the name and the date
    assert "Sarah" in body  # the review copy keeps the original, as deleted text

    published = out / "draft.redacted.docx"
    with zipfile.ZipFile(published) as package:
        everything = " ".join(package.read(n).decode("utf-8", "replace")
                              for n in package.namelist())
    for original in ("Sarah", "Jenkins", "14 March"):
        assert original not in everything

    checked = CliRunner().invoke(main, ["check", str(review), "--case", str(case)])
    assert checked.exit_code == 1  # a review copy is never publishable


def test_audit_footer_records_the_self_check(tmp_path: Path) -> None:
    draft, case = make_draft(tmp_path)
    CliRunner().invoke(main, ["redact", str(draft), "--case", str(case), "--out",
                              str(tmp_path / "pub"), "--no-model", "--confidential",
                              str(tmp_path / "secret")])
    footer = json.loads((tmp_path / "secret" / "draft.audit.jsonl").read_text().splitlines()[-1])
    assert footer["check"]["result"] == "pass"
    assert footer["check"]["errors"] == 0


def test_review_copy_is_named_and_refused_clearly_for_text(tmp_path: Path) -> None:
    draft, case = make_draft(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("Sarah Jenkins was seen.\n")
    result = CliRunner().invoke(main, ["redact", str(draft), str(text), "--case", str(case),
                                       "--out", str(tmp_path / "out"), "--no-model",
                                       "--review-copy", "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    review = tmp_path / "out-CONFIDENTIAL" / "draft.review.docx"
    assert f"review copy (confidential): {review}" in result.output
    assert "no review copy for" in result.stderr and "notes.txt" in result.stderr
    assert not (tmp_path / "out" / "notes.review.docx").exists()
