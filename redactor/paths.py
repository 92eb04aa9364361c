"""Where the data files live: `patterns/` beside the package (source or editable install)."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path


@cache
def patterns_dir() -> Path:
    """The `patterns/` folder; `REDACTOR_PATTERNS` overrides it. Fails loudly when missing."""
    override = os.environ.get("REDACTOR_PATTERNS")
    candidates = [Path(override)] if override else []
    candidates.append(Path(__file__).resolve().parent.parent / "patterns")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(
        "redactor's patterns/ folder was not found; install from a source checkout "
        "(pip install -e .) or set REDACTOR_PATTERNS"
    )


def pattern_file(name: str) -> Path:
    """A file under `patterns/`, which must exist."""
    path = patterns_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"missing data file patterns/{name}")
    return path


def read_word_list(name: str) -> list[str]:
    """A one-entry-per-line list under `patterns/`; `#` starts a comment, blanks are skipped."""
    words = []
    for line in pattern_file(name).read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            words.append(entry)
    return words
