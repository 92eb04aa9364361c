import random

import pytest

from redactor.spans import SpanIndex


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [(0, 5, False), (5, 10, True), (9, 10, True), (10, 12, True), (11, 14, False), (12, 15, True),
     (15, 20, True), (3, 30, True), (20, 21, True), (25, 30, False), (11, 11, False)],
)
def test_overlap_questions(start: int, end: int, expected: bool) -> None:
    index = SpanIndex([("b", 8, 11), ("b", 14, 24), ("other", 0, 100)])
    assert index.overlaps("b", start, end) is expected


def test_agrees_with_a_linear_scan_on_random_nested_spans() -> None:
    rng = random.Random(7)
    spans = [("b", s, s + rng.randint(1, 30)) for s in (rng.randint(0, 500) for _ in range(80))]
    index = SpanIndex(spans)
    for _ in range(2000):
        start = rng.randint(0, 540)
        end = start + rng.randint(1, 20)
        linear = any(s < end and start < e for _, s, e in spans)
        assert index.overlaps("b", start, end) is linear


def test_unknown_block_overlaps_nothing() -> None:
    assert not SpanIndex().overlaps("b", 0, 10)
