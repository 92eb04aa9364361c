"""The one place that decides which proposed changes apply, and applies them to text.

Stages only propose. Overlapping proposals are settled by a named policy; text edits are
applied right to left so earlier offsets stay valid (as Presidio's TextReplaceBuilder does).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from redactor.model import Change


def prefer_wider_then_earlier_stage(
    changes: Sequence[Change], stage_order: Sequence[str]
) -> list[Change]:
    """Settle overlaps within each block: the wider span wins; on a tie, the earlier stage.

    Losing changes get status "skipped" and a note of what they lost to; the list returned
    holds every change (winners keep their status) in document order.
    """
    rank = {name: i for i, name in enumerate(stage_order)}
    by_block: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        by_block[change.block_id].append(change)
    settled: list[Change] = []
    for block_changes in by_block.values():
        candidates = sorted(
            (c for c in block_changes if c.status != "skipped"),
            key=lambda c: (-(c.end - c.start), rank.get(c.stage, len(rank)), c.start),
        )
        taken: list[Change] = []
        for change in candidates:
            if not is_applicable(change):
                taken.append(change)
                continue
            rival = next((t for t in taken if is_applicable(t) and _overlaps(t, change)), None)
            if rival is not None:
                change.status = "skipped"
                change.detail["overlapped_by"] = f"{rival.stage}:{rival.rule}"
            taken.append(change)
        settled.extend(block_changes)
    return sorted(settled, key=lambda c: (c.block_id, c.start, c.end))


def is_applicable(change: Change) -> bool:
    """True for changes that edit text (as opposed to skipped, kept or flag-only ones)."""
    return change.status in ("applied", "redacted-by-review") and change.before != change.after


def _overlaps(a: Change, b: Change) -> bool:
    if a.start == a.end or b.start == b.end:
        return a.start < b.end and b.start < a.end if a.start != b.start else True
    return a.start < b.end and b.start < a.end


def apply_to_text(text: str, changes: Iterable[Change]) -> str:
    """Apply non-overlapping changes to one block's text, right to left."""
    for change in sorted(changes, key=lambda c: c.start, reverse=True):
        if text[change.start:change.end] != change.before:
            raise ValueError(
                f"change {change.rule} at {change.block_id}[{change.start}:{change.end}] "
                f"expected {change.before!r} but found {text[change.start:change.end]!r}"
            )
        text = text[: change.start] + change.after + text[change.end :]
    return text


def applicable_by_block(changes: Iterable[Change]) -> dict[str, list[Change]]:
    """The changes to apply, grouped by block id, each list in document order."""
    grouped: dict[str, list[Change]] = defaultdict(list)
    for change in changes:
        if is_applicable(change) and change.block_id:
            grouped[change.block_id].append(change)
    return {k: sorted(v, key=lambda c: c.start) for k, v in grouped.items()}
