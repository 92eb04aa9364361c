"""The child-gender benchmark (benchmarks/gender.py) as a threshold check."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.conftest import ROOT, load_script

REQUIRED = (
    "She took her daughter to school, where she was seen by the school nurse.",
    "He told his sister that their father had hit him.",
)


@pytest.fixture(scope="module")
def benchmark() -> ModuleType:
    return load_script("gender_benchmark", ROOT / "benchmarks" / "gender.py")


def test_corpus_is_large_enough_and_has_the_required_sentences(benchmark) -> None:
    items = benchmark.load_items()
    assert len(items) >= 80
    texts = {item.text for item in items}
    assert all(sentence in texts for sentence in REQUIRED)
    assert any("adult" in item.id or "required-adult-son" in item.id for item in items)
    assert any("twins" in item.id for item in items)


def test_doubtful_marks_point_at_gendered_words(benchmark) -> None:
    for item in benchmark.load_items():
        gold = benchmark.gold_references(item)
        for start, end in item.doubtful:
            text = item.text[start:end].lower()
            assert any(s <= start < e for s, e in gold) or text in ("was", "is", "has"), item.id


@pytest.mark.model
def test_benchmark_meets_its_thresholds(benchmark) -> None:
    items = benchmark.load_items()
    cautious = benchmark.run(items).counts()
    aggressive = benchmark.run(items, aggressive=True).counts()
    assert cautious["neutralised"] >= benchmark.TARGETS["neutralised"]
    assert cautious["adult_changed"] <= benchmark.TARGETS["adult_changed"]
    assert cautious["agreement"] >= benchmark.TARGETS["agreement"]
    assert aggressive["neutralised"] >= benchmark.TARGETS["neutralised"]
    assert aggressive["agreement"] >= benchmark.TARGETS["agreement"]


@pytest.mark.model
def test_long_paragraphs_meet_the_dev_thresholds(benchmark) -> None:
    """The dev set of long, crowded paragraphs (corpus/gender_long): a regression guard a
    little below what the resolver reaches there (the blind set is measured, not tested)."""
    items = benchmark.load_items(benchmark.SETS["long"])
    assert len(items) >= 15
    assert all(120 <= len(item.text.split()) <= 300 for item in items)
    cautious = benchmark.run(items).counts()
    assert cautious["neutralised"] >= 0.90
    assert cautious["adult_changed"] <= 0.01
    assert cautious["child_covered"] >= 0.99
    # an adult reading with a child of that gender nearly as salient is asked, not settled
    # (issue 15: every child reference left must be flagged): more flags than before (7.2);
    # an adult guessed from topic with a child earlier in the paragraph is asked too (20.7 ->
    # 28.1; the ceiling was 22); a pronoun continuing an asked one in its sentence ("She said
    # she did") is asked too (fifth session: 28.1 -> 29.1; the ceiling was 29)
    assert cautious["flags_per_1000_words"] <= 30
    aggressive = benchmark.run(items, aggressive=True).counts()
    assert aggressive["neutralised"] >= 0.98


def test_misses_name_each_reference_got_wrong(benchmark) -> None:
    item = benchmark.Item("x/1", None, "She said he was late.", "She said they were late.",
                          "She said they were late.", [])
    outcome = benchmark.Outcome(item=item, output=item.text, changes=[],
                                gold={(0, 3): "adult", (9, 11): "child"}, changed=set(),
                                flagged=set())
    report = benchmark.Report(outcomes=[outcome])
    lines = benchmark.misses(report).splitlines()
    assert lines[0] == "x/1: 'he' gold child, left: resolved to an adult"
    assert len(lines) == 2  # the line and its context; the adult "She" is right
