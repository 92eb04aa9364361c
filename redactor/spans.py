"""A small index of character spans per block, for "does this overlap anything?" questions.

Stages and detection ask it for every finding; a linear scan over all spans made that
quadratic in the length of the document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from itertools import accumulate


class SpanIndex:
    """Spans `(block_id, start, end)`; `overlaps` answers in O(log n) per block."""

    def __init__(self, spans: Iterable[tuple[str, int, int]] = ()) -> None:
        by_block: dict[str, list[tuple[int, int]]] = defaultdict(list)
        for block_id, start, end in spans:
            by_block[block_id].append((start, end))
        self._starts: dict[str, list[int]] = {}
        self._max_end: dict[str, list[int]] = {}
        for block_id, block_spans in by_block.items():
            block_spans.sort()
            self._starts[block_id] = [start for start, _ in block_spans]
            self._max_end[block_id] = list(accumulate((end for _, end in block_spans), max))

    def overlaps(self, block_id: str, start: int, end: int) -> bool:
        """True if a span of the block shares a character with [start, end).

        An empty query span counts as overlapping a span that strictly contains it.
        """
        starts = self._starts.get(block_id)
        if not starts:
            return False
        last = bisect_left(starts, max(end, start + 1)) - 1  # spans starting before `end`
        return last >= 0 and self._max_end[block_id][last] > start

    def covers(self, block_id: str, start: int, end: int) -> bool:
        """True if one span of the block contains all of [start, end)."""
        starts = self._starts.get(block_id)
        if not starts:
            return False
        last = bisect_right(starts, start) - 1  # spans starting at or before `start`
        return last >= 0 and self._max_end[block_id][last] >= end
