"""Every label the analyzer can give has a policy (issue 19): a placeholder, a stage, or an
explicit keep. A recognizer added for a new label without one stops the run at start-up;
never does `redact` leave such a finding in the output with a passing self-check."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from redactor.model import Entity
from redactor.paths import patterns_dir
from redactor.stages.identifiers import UNMAPPED, load_placeholders

SORT_CODE = """
  - name: uk-sort-code
    supported_language: en
    supported_entity: UK_SORT_CODE
    patterns:
      - name: uk-sort-code.dashed.v1
        regex: '(?<!\\d)\\d{2}-\\d{2}-\\d{2}(?!\\d)'
        score: 0.6
        examples:
          match: ["20-45-77"]
          no_match: ["2045-77"]
"""


def test_every_label_of_the_engine_has_a_policy() -> None:
    from redactor.detect.engine import NO_MODEL, engine_for

    assert load_placeholders().unmapped(engine_for(NO_MODEL).entities) == []


def test_a_label_without_policy_is_named() -> None:
    assert load_placeholders().unmapped(["PHONE_NUMBER", "UK_SORT_CODE", "ORGANIZATION"]) == [
        "UK_SORT_CODE"]


def test_an_unmapped_finding_at_run_time_is_never_left_as_it_is() -> None:
    entity = Entity("b", 0, 8, "UK_SORT_CODE", "20-45-77", 0.6, "uk-sort-code.dashed.v1")
    assert load_placeholders().for_entity(entity) == UNMAPPED


def test_a_recognizer_for_a_new_label_without_a_placeholder_stops_the_run(
        tmp_path: Path) -> None:
    patterns = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), patterns)
    recognizers = patterns / "recognizers.yaml"
    recognizers.write_text(recognizers.read_text().replace("\nrecognizers:\n",
                                                           "\nrecognizers:\n" + SORT_CODE, 1))
    draft = tmp_path / "draft.txt"
    draft.write_text("Her sort code was 20-45-77.\n")
    run = subprocess.run(
        [sys.executable, "-c", "from redactor.cli import main; main()", "redact", str(draft),
         "--out", str(tmp_path),
         "--no-model"], capture_output=True, text=True, timeout=300,
        env={**os.environ, "REDACTOR_PATTERNS": str(patterns)})
    assert run.returncode == 2, run.stdout + run.stderr
    assert "UK_SORT_CODE" in run.stderr and "placeholders.yaml" in run.stderr
    assert not list(tmp_path.glob("draft.redacted*"))


def test_a_predefined_presidio_recognizer_without_a_placeholder_stops_the_run(
        tmp_path: Path) -> None:
    """Presidio's own recognizers are data too (patterns/presidio_recognizers.yaml): the
    label policy covers them."""
    patterns = tmp_path / "patterns"
    shutil.copytree(patterns_dir(), patterns)
    listed = patterns / "presidio_recognizers.yaml"
    listed.write_text(listed.read_text() + "\n  - name: UsBankRecognizer\n    type: predefined\n")
    draft = tmp_path / "draft.txt"
    draft.write_text("Her account number was 945500161.\n")
    run = subprocess.run(
        [sys.executable, "-c", "from redactor.cli import main; main()", "redact", str(draft),
         "--out", str(tmp_path), "--no-model"], capture_output=True, text=True, timeout=300,
        env={**os.environ, "REDACTOR_PATTERNS": str(patterns)})
    assert run.returncode == 2, run.stdout + run.stderr
    assert "US_BANK_NUMBER" in run.stderr and "placeholders.yaml" in run.stderr
    assert not list(tmp_path.glob("draft.redacted*"))
