"""The whole workflow on the bundled corpus: redact with --update-case, then the CSP's check
passes every output and fails every draft (the check does not trust the redaction)."""

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.case import load_case
from redactor.cli import main
from tests.conftest import CORPUS

DRAFTS = {"northshire": ["overview.docx", "executive_summary.pdf"],
          "eastvale": ["summary.md"], "westmere": ["draft.txt"]}


@pytest.fixture(scope="module")
def redacted(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workflow")
    for case in DRAFTS:
        shutil.copytree(CORPUS / case, root / case)
    result = CliRunner().invoke(main, ["redact", str(root), "--out", str(root / "out"),
                                       "--accept-changes", "--update-case", "--jobs", "1"])
    assert result.exit_code == 0, result.output + result.stderr
    return root


@pytest.mark.model
def test_update_case_records_every_pseudonym(redacted: Path) -> None:
    for case in DRAFTS:
        people = load_case(redacted / case / "case.yaml").people
        assert people and all(person.pseudonym for person in people)
        original = load_case(CORPUS / case / "case.yaml").people
        assert [p.id for p in people][:len(original)] == [p.id for p in original]


@pytest.mark.model
@pytest.mark.parametrize(("case", "draft"), [(c, d) for c, ds in DRAFTS.items() for d in ds])
def test_the_check_passes_outputs_and_fails_drafts(redacted: Path, case: str,
                                                   draft: str) -> None:
    case_file = str(redacted / case / "case.yaml")
    stem = Path(draft).stem
    [output] = (redacted / "out" / case).glob(f"{stem}.redacted.*")  # place kept below --out
    passed = CliRunner().invoke(main, ["check", str(output), "--case", case_file])
    assert passed.exit_code == 0, passed.output
    failed = CliRunner().invoke(main, ["check", str(CORPUS / case / draft), "--case", case_file])
    assert failed.exit_code == 1
