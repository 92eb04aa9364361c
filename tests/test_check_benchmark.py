"""The check benchmark (benchmarks/check.py) as a threshold check (issue 14): a gate the CSP
can trust raises no error on a correct document, catches every seeded leak, fails every
unredacted draft, and agrees with `redact`'s self-check."""

from __future__ import annotations

from types import ModuleType
from typing import Any

import pytest

from tests.conftest import ROOT, load_script


@pytest.fixture(scope="module")
def benchmark() -> ModuleType:
    return load_script("check_benchmark", ROOT / "benchmarks" / "check.py")


@pytest.fixture(scope="module")
def numbers(benchmark: ModuleType) -> dict[str, Any]:
    return benchmark.run(use_model=True, end_to_end=True)


def test_the_set_has_what_the_issue_asks_for(benchmark: ModuleType) -> None:
    docs = benchmark.documents()
    assert {d.name.rsplit(".", 1)[1] for d in docs if d.expect is None} == {"docx", "pdf", "txt"}
    assert {d.expect for d in docs if d.expect} >= {"LEAK001", "DATE001", "CHILD001",
                                                   "HIDDEN004", "FORM001"}


@pytest.mark.model
def test_no_false_error_on_a_correct_document(numbers: dict[str, Any]) -> None:
    false = [f"{r.name} [{r.mode}]: {e}" for r in numbers["results"] if r.expect is None
             for e in r.errors]
    assert numbers["false_errors"] == 0, false


@pytest.mark.model
def test_every_seeded_leak_is_caught_with_its_code(numbers: dict[str, Any]) -> None:
    missed = [f"{r.name}: {r.seed} ({r.expect}); got {r.errors}" for r in numbers["results"]
              if r.expect is not None and r.required and not r.caught]
    assert numbers["seeded_caught"] == numbers["seeded"] >= 8, missed


@pytest.mark.model
def test_every_corpus_draft_fails(numbers: dict[str, Any]) -> None:
    assert numbers["corpus_failing"] == numbers["corpus_drafts"] == 4


@pytest.mark.model
def test_the_self_check_and_the_check_agree(numbers: dict[str, Any]) -> None:
    assert numbers["gates_disagree"] == 0
