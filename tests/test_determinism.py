"""Same input + same case file -> byte-identical outputs, across processes, hash seeds
and --jobs (a warmed-up, forked worker writes what a fresh process writes)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CORPUS


@pytest.mark.model
def test_outputs_do_not_depend_on_the_process_or_hash_seed(tmp_path: Path) -> None:
    drafts = [CORPUS / "eastvale" / "summary.md", CORPUS / "northshire" / "overview.docx"]
    outputs = []
    # --jobs 2: workers forked from a parent that warmed the whole pipeline up first
    for seed, jobs in (("1", "1"), ("2", "1"), ("3", "2")):
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-m", "redactor", "redact", *map(str, drafts), "--out", str(out),
             "--accept-changes", "--jobs", jobs],
            check=False, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.redacted.*"))})
    assert sorted(outputs[0]) == ["overview.redacted.docx", "summary.redacted.md"]
    assert outputs[0] == outputs[1] == outputs[2]
