"""The README is executable truth: its quick start and its chair's workflow are run here,
command by command, on the bundled drafts, checking each step's exit code and files."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from redactor.case import load_case
from redactor.cli import main
from tests.conftest import CORPUS

README = Path(__file__).resolve().parent.parent / "README.md"


def section_commands(title: str) -> list[str]:
    """The shell commands of the first ```sh block under the README heading `title`."""
    text = README.read_text(encoding="utf-8")
    section = text.split(f"## {title}\n", 1)[1].split("\n## ", 1)[0]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, f"no sh block under '{title}'"
    return [line for line in block.group(1).splitlines() if line.strip()]


def run_line(line: str, stdin: str = "") -> list[tuple[str, int, str]]:
    """Run one README line: `cd`, `redactor …` (in process) and other shell commands;
    returns (command, exit code, output) for each `&&` part."""
    done = []
    for part in (p.strip() for p in line.split("&&")):
        if part.startswith("cd "):
            os.chdir(part[3:].strip())
            done.append((part, 0, ""))
        elif part.startswith("redactor "):
            result = CliRunner().invoke(main, shlex.split(part)[1:], input=stdin)
            done.append((part, result.exit_code, result.output + result.stderr))
        else:
            completed = subprocess.run(part, shell=True, capture_output=True, text=True,
                                       check=False)
            done.append((part, completed.returncode, completed.stdout + completed.stderr))
    return done


@pytest.fixture
def checkout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder standing for a fresh clone: the bundled corpus, nothing else."""
    shutil.copytree(CORPUS / "northshire", tmp_path / "corpus" / "northshire")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.model
def test_the_quick_start_redacts_the_bundled_draft(checkout: Path) -> None:
    [line] = section_commands("Quick start")[:1]
    redact = line.split("&&")[-1].strip()  # the install steps are the test's own setup
    [(_, code, output)] = run_line(redact)
    assert code == 0, output
    assert sorted(p.name for p in (checkout / "out").iterdir()) == ["overview.manifest.json",
                                                                 "overview.redacted.docx"]
    assert sorted(p.name for p in (checkout / "out-CONFIDENTIAL").iterdir()) == [
        "overview.audit.jsonl"]


@pytest.mark.model
def test_the_chairs_workflow_runs_as_written(checkout: Path) -> None:
    lines = section_commands("A chair's workflow")
    assert [line.split()[0] for line in lines] == [
        "mkdir", "redactor", "cp", "redactor", "redactor", "redactor", "redactor"]
    steps = iter(lines)

    assert all(code == 0 for _, code, _ in run_line(next(steps)))
    try_dir = checkout / "try"
    assert Path.cwd() == try_dir

    [(_, code, output)] = run_line(next(steps))  # init-case
    assert code == 0, output
    proposed = load_case(try_dir / "case.yaml")
    assert proposed.people and all(p.pseudonym for p in proposed.people)

    assert run_line(next(steps))[0][1] == 0  # the chair's edits (the corrected case file)

    # review: accept the first item (a postcode the pattern is not sure of), then quit
    [(_, code, output)] = run_line(next(steps), stdin="a\nq\n")
    assert code == 1, output  # items left for later
    assert "1 decided this session" in output
    assert "Proposed: 'NN4 7QT' -> '[postcode]'" in output
    assert "NN4 7QT" in (try_dir / "case.yaml").read_text(encoding="utf-8")  # saved at once

    [(_, code, output)] = run_line(next(steps))  # redact
    assert code == 0, output
    published, secret = try_dir / "published", try_dir / "published-CONFIDENTIAL"
    assert sorted(p.name for p in published.iterdir()) == [
        "executive_summary.manifest.json", "executive_summary.redacted.docx",
        "overview.manifest.json", "overview.redacted.docx"]
    assert sorted(p.name for p in secret.iterdir()) == [
        "executive_summary.audit.jsonl", "overview.audit.jsonl", "overview.review.docx"]
    assert all(p.pseudonym for p in load_case(try_dir / "case.yaml").people)

    [(_, code, output)] = run_line(next(steps))  # audit export
    assert code == 0, output
    assert (secret / "overview.audit.html").is_file()
    assert sorted(p.name for p in published.iterdir()) == [
        "executive_summary.manifest.json", "executive_summary.redacted.docx",
        "overview.manifest.json", "overview.redacted.docx"]

    [(_, code, output)] = run_line(next(steps))  # check
    assert code == 0, output
