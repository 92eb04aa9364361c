"""The only writer of the audit log: JSON Lines, one header, one line per change, one footer.

Every line carries `prev`, the sha256 of the previous line as written, so an edited, removed
or reordered line breaks the chain (`redactor audit verify`). The log holds the original
identifiers: it is written owner-only and says so in its header.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from redactor import __version__
from redactor.atomic import atomic_write_bytes
from redactor.model import Change

AUDIT_FORMAT = "redactor-audit/1"
CONFIDENTIAL_NOTICE = (
    "CONFIDENTIAL: this log contains the original names and identifiers removed from the "
    "document. Keep it with the review's confidential papers; never publish it."
)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def change_record(change: Change, seq: int) -> dict[str, Any]:
    """The audit line for one change (without `prev`, added when written)."""
    record: dict[str, Any] = {
        "type": "change",
        "seq": seq,
        "block": change.block_id,
        "location": change.location,
        "start": change.start,
        "end": change.end,
        "before": change.before,
        "after": change.after,
        "stage": change.stage,
        "rule": change.rule,
        "reason": change.reason,
        "status": change.status,
        "person": change.person,
        "score": change.score,
        "flagged": change.flagged,
    }
    if change.detail:
        record["detail"] = change.detail
    return record


@dataclass
class AuditLog:
    """Collects one run's header, changes and footer, then writes them in one go."""

    header: dict[str, Any]
    changes: list[Change] = field(default_factory=list)
    footer: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def start(
        cls,
        *,
        input_path: Path,
        input_sha256: str,
        case_path: Path | None,
        case_sha256: str | None,
        model: dict[str, Any],
        options: dict[str, Any],
        inventory: dict[str, int],
        pseudonym_generator: int | None = None,
    ) -> AuditLog:
        header = {
            "type": "header",
            "format": AUDIT_FORMAT,
            "confidential": CONFIDENTIAL_NOTICE,
            "tool": {"name": "redactor", "version": __version__},
            "model": model,
            "input": {"path": str(input_path), "sha256": input_sha256},
            "case": {"path": str(case_path) if case_path else None, "sha256": case_sha256,
                     **({"pseudonym_generator": pseudonym_generator}
                        if pseudonym_generator is not None else {})},
            "options": options,
            "inventory": inventory,
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        return cls(header=header)

    def add(self, changes: Iterable[Change]) -> None:
        self.changes.extend(changes)

    def finish(self, *, output_path: Path, output_sha256: str, **extra: Any) -> None:
        counts = Counter(change.status for change in self.changes)
        self.footer = {
            "type": "footer",
            "output": {"path": str(output_path), "sha256": output_sha256},
            "input": self.header["input"],
            "case": self.header["case"],
            "counts": dict(sorted(counts.items())),
            "flagged": sum(1 for change in self.changes if change.flagged),
            **extra,
        }

    def lines(self) -> list[str]:
        """The log as text lines, hash-chained."""
        records = [self.header]
        records += [change_record(c, i) for i, c in enumerate(self.changes, start=1)]
        records.append(self.footer or {"type": "footer"})
        return chain(records)

    def to_bytes(self) -> bytes:
        return ("\n".join(self.lines()) + "\n").encode("utf-8")

    def write(self, path: Path) -> None:
        atomic_write_bytes(path, self.to_bytes(), mode=0o600)


def dump_line(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def chain(records: Iterable[dict[str, Any]]) -> list[str]:
    """Serialise records one per line, each with `prev` = sha256 of the line before."""
    lines: list[str] = []
    previous: str | None = None
    for record in records:
        line = dump_line({**record, "prev": previous})
        lines.append(line)
        previous = sha256_text(line)
    return lines


def read_log(path: Path) -> list[dict[str, Any]]:
    """All records of a log, in order (no verification)."""
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
