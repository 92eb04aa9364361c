"""Messages a chair can act on, and counts that agree between commands (no model)."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from redactor.cli import main

CASE = """\
people:
  - name: Sarah Jenkins
    aliases: [Mrs Jenkins]
    role: victim
    gender: female
    pseudonym: Anna Price
  - name: Mark Taylor
    role: perpetrator
    gender: male
"""
DRAFT = ("Sarah Jenkins met Mark Taylor on 14 March 2019. Mrs Jenkins called 07700 900123.\n\n"
         "Mark said Sarah was out. She lived at NN4 7QT.\n")


def setup(tmp_path: Path) -> tuple[Path, Path]:
    draft, case = tmp_path / "draft.txt", tmp_path / "case.yaml"
    draft.write_text(DRAFT)
    case.write_text(CASE)
    return draft, case


def test_redact_and_audit_show_agree_on_the_number_of_changes(tmp_path: Path) -> None:
    draft, case = setup(tmp_path)
    result = CliRunner().invoke(main, ["redact", str(draft), "--case", str(case), "--out",
                                       str(tmp_path / "pub"), "--no-model"])
    assert result.exit_code in (0, 1), result.output
    row = next(line for line in result.output.splitlines() if line.startswith(str(draft)))
    redact_count = int(row.split()[2])
    shown = CliRunner().invoke(main, ["audit", "show",
                                      str(tmp_path / "pub-CONFIDENTIAL" / "draft.audit.jsonl")])
    assert shown.exit_code == 0
    count = re.search(r"^Changes: (\d+) made in the output", shown.output, re.M)
    assert count and int(count.group(1)) == redact_count > 0


def test_verify_with_the_wrong_output_blames_the_file_not_the_log(tmp_path: Path) -> None:
    draft, case = setup(tmp_path)
    CliRunner().invoke(main, ["redact", str(draft), "--case", str(case), "--out",
                              str(tmp_path / "pub"), "--no-model"])
    log = tmp_path / "pub-CONFIDENTIAL" / "draft.audit.jsonl"
    other = tmp_path / "other.txt"
    other.write_text("not the output\n")
    result = CliRunner().invoke(main, ["audit", "verify", str(log), "--output", str(other)])
    assert result.exit_code == 1
    assert "the log is intact, but" in result.stderr and "NOT intact" not in result.stderr
    good = CliRunner().invoke(main, ["audit", "verify", str(log), "--output",
                                     str(tmp_path / "pub" / "draft.redacted.txt")])
    assert good.exit_code == 0 and "intact" in good.output


def test_the_status_table_says_not_run_for_an_input_that_failed(tmp_path: Path) -> None:
    draft, case = setup(tmp_path)
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    result = CliRunner().invoke(main, ["redact", str(draft), str(empty), "--case", str(case),
                                       "--out", str(tmp_path / "pub"), "--no-model",
                                       "--jobs", "1"])
    assert result.exit_code == 2
    row = next(line for line in result.output.splitlines() if line.startswith(str(empty)))
    assert "not run" in row and "failed" not in row


def test_progress_moves_after_each_phase_of_each_file(tmp_path: Path) -> None:
    from redactor.batch import Job, run_batch
    from redactor.case import load_case
    from redactor.options import RunOptions

    draft, case_path = setup(tmp_path)
    second = tmp_path / "second.txt"
    second.write_text(DRAFT * 20)
    case = load_case(case_path)
    out = tmp_path / "pub"
    out.mkdir()
    jobs = [Job(0, draft, "c", out), Job(1, second, "c", out)]
    seen: list[tuple[int, int, str]] = []
    results = run_batch(jobs, {"c": case}, RunOptions(use_model=False), workers=1,
                        on_progress=lambda done, total, label: seen.append((done, total, label)))
    assert all(not r.error for r in results)
    done = [d for d, _, _ in seen]
    total = seen[0][1]
    assert total == draft.stat().st_size + second.stat().st_size
    assert done == sorted(done) and done[-1] == total  # moves forward, ends full
    assert len(set(done)) == 5  # 0, then after each file's analysis and each file's writing
    assert seen[0][2].startswith("reading and analysing draft.txt, second.txt")
    assert any(label == "wrote second.txt" for *_, label in seen)


def test_the_redact_command_starts_before_the_model_libraries_load() -> None:
    """The first thing a chair sees comes at once: spaCy and the pipeline load after it."""
    import subprocess
    import sys

    code = ("import sys; from redactor.cli import main; import redactor.cli.redact; "
            "print(sorted(m for m in ('spacy', 'presidio_analyzer', 'redactor.pipeline') "
            "if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
