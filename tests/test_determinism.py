"""Same input + same case file -> byte-identical outputs, across processes and hash seeds."""

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
    for seed in ("1", "2"):
        out = tmp_path / seed
        subprocess.run(
            [sys.executable, "-m", "redactor", "redact", *map(str, drafts), "--out", str(out),
             "--accept-changes", "--jobs", "1"],
            check=False, capture_output=True, env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append({p.name: p.read_bytes() for p in sorted(out.glob("*.redacted.*"))})
    assert sorted(outputs[0]) == ["overview.redacted.docx", "summary.redacted.md"]
    assert outputs[0] == outputs[1]
