"""End to end on text input, no model: the walking skeleton's contract."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.cli import main

CASE = """\
area: Safer Northshire Partnership
people:
  - name: Sarah Jenkins
    aliases: [Mrs Jenkins]
    role: victim
    gender: female
    pseudonym: Anna Price
  - name: Mark Taylor
    role: perpetrator
redact: [Beech Hill Primary School]
"""

DRAFT = ("Sarah Jenkins met Mark Taylor.\r\n\r\n"
         "Mrs Jenkins's car was seen at Beech Hill Primary School.\n")


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    draft = tmp_path / "draft.txt"
    draft.write_bytes(DRAFT.encode())
    case = tmp_path / "case.yaml"
    case.write_text(CASE)
    return draft, case


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_redact_text_end_to_end(files, tmp_path: Path) -> None:
    draft, case = files
    result = run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / "out"),
                 "--no-model")
    assert result.exit_code == 0, result.output
    output = (tmp_path / "out" / "draft.redacted.txt").read_bytes().decode()
    changes = [json.loads(line) for line in
               (tmp_path / "out-CONFIDENTIAL" / "draft.audit.jsonl").read_text().splitlines()[1:-1]]
    perpetrator = next(c["after"] for c in changes if c["before"] == "Mark Taylor")
    assert perpetrator and "Mark" not in perpetrator and "Taylor" not in perpetrator
    assert output == (f"Anna Price met {perpetrator}.\r\n\r\n"
                      "Mrs Price's car was seen at [redacted].\n")
    assert draft.read_bytes() == DRAFT.encode()  # input untouched
    audit = tmp_path / "out-CONFIDENTIAL" / "draft.audit.jsonl"
    assert audit.stat().st_mode & 0o777 == 0o600
    records = [json.loads(line) for line in audit.read_text().splitlines()]
    assert records[0]["type"] == "header" and records[-1]["type"] == "footer"
    assert records[-1]["check"]["result"] == "pass"
    assert [(c["before"], c["after"]) for c in changes] == [
        ("Sarah Jenkins", "Anna Price"), ("Mark Taylor", perpetrator),
        ("Mrs Jenkins", "Mrs Price"), ("Beech Hill Primary School", "[redacted]")]
    assert all(c["reason"] and c["rule"] and c["stage"] for c in changes)


def test_same_input_gives_byte_identical_output(files, tmp_path: Path) -> None:
    draft, case = files
    for out in ("a", "b"):
        assert run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / out),
                   "--no-model").exit_code == 0
    assert ((tmp_path / "a" / "draft.redacted.txt").read_bytes()
            == (tmp_path / "b" / "draft.redacted.txt").read_bytes())


def test_existing_output_is_not_overwritten_without_force(files, tmp_path: Path) -> None:
    draft, case = files
    args = ("redact", str(draft), "--case", str(case), "--out", str(tmp_path), "--no-model")
    assert run(*args).exit_code == 0
    second = run(*args)
    assert second.exit_code == 2
    assert "output exists already" in second.output
    assert run(*args, "--force").exit_code == 0


def test_bad_case_file_stops_before_writing(files, tmp_path: Path) -> None:
    draft, case = files
    case.write_text("people:\n  - name: X Y\n    role: villain\n")
    result = run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert "line 3: role must be one of" in result.output
    assert not (tmp_path / "out" / "draft.redacted.txt").exists()


def test_each_change_records_a_little_context_for_reviewers(files, tmp_path: Path) -> None:
    draft, case = files
    run("redact", str(draft), "--case", str(case), "--no-model")  # without --out: beside it
    lines = (tmp_path / "draft.audit.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    first = next(r for r in records if r["type"] == "change" and r["before"] == "Sarah Jenkins")
    assert first["detail"]["context"] == "[[Sarah Jenkins]] met Mark Taylor."


def test_confidential_files_never_sit_in_the_publish_folder(files, tmp_path: Path) -> None:
    draft, case = files
    result = run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / "pub"),
                 "--no-model")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "pub").iterdir()) == [
        "draft.manifest.json", "draft.redacted.txt"]
    secret = tmp_path / "pub-CONFIDENTIAL"
    assert sorted(p.name for p in secret.iterdir()) == ["draft.audit.jsonl"]
    assert f"audit logs (CONFIDENTIAL, never publish): {secret}" in result.output
    chosen = run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / "pub2"),
                 "--confidential", str(tmp_path / "panel"), "--no-model")
    assert chosen.exit_code == 0
    assert (tmp_path / "panel" / "draft.audit.jsonl").is_file()
    inside = run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / "pub3"),
                 "--confidential", str(tmp_path / "pub3" / "logs"), "--no-model")
    assert inside.exit_code == 2
    assert "must not be inside the publish folder" in inside.output
    assert not (tmp_path / "pub3" / "draft.redacted.txt").exists()


def test_the_audit_log_records_the_pseudonym_generator_version(files, tmp_path: Path) -> None:
    draft, case = files
    assert run("redact", str(draft), "--case", str(case), "--out", str(tmp_path / "out"),
               "--no-model").exit_code == 0
    audit = tmp_path / "out-CONFIDENTIAL" / "draft.audit.jsonl"
    header, *_, footer = [json.loads(line) for line in audit.read_text().splitlines()]
    assert header["case"]["pseudonym_generator"] == 1  # the file has no key: version 1
    assert footer["case"] == header["case"]
    assert run("audit", "verify", str(audit)).exit_code == 0
