"""The corpus benchmark (benchmarks/corpus.py) as a threshold check: what must hold on every
corpus draft with gold, end to end, without the model and (marked `model`) with it."""

from __future__ import annotations

import re

import pytest

from tests.conftest import ROOT, load_script

benchmark = load_script("corpus_benchmark", ROOT / "benchmarks" / "corpus.py")
DRAFTS = benchmark.discover()
NAMES = [draft.name for draft in DRAFTS]
@pytest.fixture(scope="module")
def without_model() -> dict[str, object]:
    return {m.name: m for m in benchmark.run(use_model=False, drafts=DRAFTS)}


@pytest.fixture(scope="module")
def with_model() -> dict[str, object]:
    return {m.name: m for m in benchmark.run(use_model=True, drafts=DRAFTS)}


def test_every_corpus_folder_with_gold_is_measured() -> None:
    assert {"eastvale/summary.md", "northshire/overview.docx",
            "northshire/executive_summary.pdf", "westmere/draft.txt"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_every_gold_string_occurs_in_its_draft(name: str) -> None:
    """The gold itself (tests/test_corpus.py checks only the drafts it lists by name)."""
    from redactor.io import read_document
    from redactor.options import RunOptions

    draft = DRAFTS[NAMES.index(name)]
    document = read_document(draft.path, RunOptions(use_model=False, accept_changes=True))
    text = benchmark.normalise("\n\n".join([document.text,
                                            *(c.before for c in document.scrubbed)]))
    gold = draft.gold
    strings = [m for p in gold["people"] + gold.get("unlisted_people", []) for m in p["mentions"]]
    strings += [i["text"] for i in gold["identifiers"]] + [d["text"] for d in gold["dates"]]
    strings += [c for child in gold.get("children", []) for c in child["contexts"]]
    strings += gold.get("not_children", []) + gold["keep"]
    assert [s for s in strings if benchmark.normalise(s) not in text] == []
    for child in gold.get("children", []):
        for context in child["contexts"]:
            assert set(re.findall(r"\w+", context)) & set(child["gendered"]), context


def test_word_matching_respects_case_and_word_boundaries() -> None:
    text = "Will said he will go. Willow and O'Neill's Will's"
    found = benchmark.spans(text, [("P", "Will"), ("P", "Will's")])
    assert [text[s:e] for _, s, e in found] == ["Will", "Will's"]
    assert benchmark.spans("Karen\nSmith-Jones", [("P", "Karen Smith-Jones")]) != []


@pytest.mark.parametrize("name", NAMES)
def test_without_the_model_no_listed_person_is_left(name: str, without_model) -> None:
    measure = without_model[name]
    assert measure.error is None
    assert measure.listed.count == 0, measure.listed.examples


@pytest.mark.parametrize("name", NAMES)
def test_without_the_model_no_day_precise_date_is_left(name: str, without_model) -> None:
    measure = without_model[name]
    assert measure.dates.count == 0, measure.dates.examples


@pytest.mark.parametrize("name", NAMES)
def test_without_the_model_no_keep_term_is_lost(name: str, without_model) -> None:
    measure = without_model[name]
    assert measure.keep_lost.count == 0, measure.keep_lost.examples


@pytest.mark.parametrize("name", NAMES)
def test_without_the_model_the_check_points_at_every_name_and_date(
    name: str, without_model
) -> None:
    recall = without_model[name].recall
    assert recall["LEAK"].count == recall["LEAK"].total, recall["LEAK"].examples
    assert recall["DATE"].count == recall["DATE"].total, recall["DATE"].examples


@pytest.mark.model
@pytest.mark.parametrize("name", NAMES)
def test_with_the_model_no_unlisted_person_is_left(name: str, with_model) -> None:
    measure = with_model[name]
    assert measure.error is None
    assert measure.unlisted.count == 0, measure.unlisted.examples


@pytest.mark.model
@pytest.mark.parametrize("name", NAMES)
def test_with_the_model_no_identifier_is_left(name: str, with_model) -> None:
    left = with_model[name].identifiers_total
    assert left.count == 0, left.examples


@pytest.mark.model
@pytest.mark.parametrize("name", NAMES)
def test_with_the_model_every_output_passes_its_self_check(name: str, with_model) -> None:
    assert with_model[name].self_check.startswith("pass"), with_model[name].self_check


@pytest.mark.model
def test_with_the_model_every_change_is_to_a_gold_item(with_model) -> None:
    """Over-redaction: each applied change is to a gold person, identifier, date or child's
    word."""
    unmatched = {name: m.unmatched.examples for name, m in with_model.items()
                 if m.unmatched.count}
    assert unmatched == {}
