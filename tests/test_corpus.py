"""The bundled corpus: files present, gold consistent with the documents, redaction leaves
no person's mention behind (case-file people without the model; everyone with it) and every
keep term in place, and the build script reproduces the committed files."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from benchmarks.corpus import output_text
from redactor.case import load_case
from redactor.detect.engine import Detector
from redactor.io import read_document
from redactor.options import RunOptions
from redactor.pipeline import redact_file
from tests.conftest import CORPUS, load_script

GOLD_FILES = {
    "northshire/overview.gold.yaml": "northshire/overview.docx",
    "northshire/executive_summary.gold.yaml": "northshire/executive_summary.pdf",
    "eastvale/summary.gold.yaml": "eastvale/summary.md",
    "westmere/draft.gold.yaml": "westmere/draft.txt",
}
GOLD_IDS = [pytest.param(gold, id=Path(doc).name) for gold, doc in GOLD_FILES.items()]
NO_MODEL = RunOptions(use_model=False, accept_changes=True)


def load_gold(gold_name: str) -> dict[str, Any]:
    return yaml.safe_load((CORPUS / gold_name).read_text(encoding="utf-8"))


def normalise(text: str) -> str:
    """A line break in the source counts as a space (wrapped Markdown and PDF lines)."""
    return re.sub(r"\s+", " ", text)


def gold_strings(gold: dict[str, Any]) -> list[str]:
    """Every string the gold file says the document contains."""
    strings: list[str] = []
    for person in gold["people"] + gold.get("unlisted_people", []):
        strings += person["mentions"]
    strings += [item["text"] for item in gold["identifiers"]]
    strings += [item["text"] for item in gold["dates"]]
    strings += gold.get("month_year_only", [])
    for child in gold.get("children", []):
        strings += child["contexts"]
    strings += gold.get("not_children", [])
    strings += gold["keep"]
    for value in gold.get("parts", {}).values():
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, list):
            strings += value
        else:
            strings += list(value.values())
    return strings


def test_corpus_has_the_documented_layout() -> None:
    expected = {"README.md", "build_corpus.py", "northshire/case.yaml", "eastvale/case.yaml",
                *GOLD_FILES, *GOLD_FILES.values()}
    present = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*") if p.is_file()}
    assert expected <= present
    assert set(str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.gold.yaml")) == set(GOLD_FILES)


@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_gold_names_its_document_and_case_file(gold_name: str) -> None:
    gold = load_gold(gold_name)
    folder = (CORPUS / gold_name).parent
    assert folder / gold["document"] == CORPUS / GOLD_FILES[gold_name]
    case = load_case(folder / gold["case"])
    case_ids = {person.id for person in case.people}
    assert {person["id"] for person in gold["people"]} <= case_ids
    children = {person.id for person in case.people if person.is_child}
    assert {child["id"] for child in gold.get("children", [])} <= children
    listed_names = {person.name for person in case.people}
    assert not {p["name"] for p in gold.get("unlisted_people", [])} & listed_names
    assert case.area in gold["keep"]


@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_every_gold_string_occurs_in_the_extracted_text(gold_name: str) -> None:
    """What the reader extracts (with tracked changes accepted), plus what it scrubbed."""
    document = read_document(CORPUS / GOLD_FILES[gold_name], NO_MODEL)
    text = normalise("\n\n".join([document.text, *(c.before for c in document.scrubbed)]))
    missing = [s for s in gold_strings(load_gold(gold_name)) if normalise(s) not in text]
    assert missing == []


@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_children_gendered_words_and_contexts_agree(gold_name: str) -> None:
    """Each gendered word is shown in some context, and each context shows one."""
    for child in load_gold(gold_name).get("children", []):
        words = [set(re.findall(r"\w+", context)) for context in child["contexts"]]
        assert all(any(g in found for found in words) for g in child["gendered"]), child["id"]
        assert all(found & set(child["gendered"]) for found in words), child["id"]


def nhs_checksum_ok(number: str) -> bool:
    digits = [int(c) for c in number if c.isdigit()]
    check = 11 - sum(d * (10 - i) for i, d in enumerate(digits[:9])) % 11
    return len(digits) == 10 and check != 10 and (check % 11) == digits[9]


@pytest.mark.parametrize(("number", "valid"), [("485 777 3457", True), ("485 777 3458", False),
                                               ("943 476 5919", True), ("123", False)])
def test_nhs_checksum_helper(number: str, valid: bool) -> None:
    assert nhs_checksum_ok(number) is valid


@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_gold_nhs_numbers_pass_the_mod_11_check(gold_name: str) -> None:
    numbers = [i["text"] for i in load_gold(gold_name)["identifiers"] if i["type"] == "UK_NHS"]
    assert all(nhs_checksum_ok(n) for n in numbers)


def test_pdf_summary_header_footer_and_table_cells_are_blocks() -> None:
    gold = load_gold("northshire/executive_summary.gold.yaml")
    document = read_document(CORPUS / "northshire/executive_summary.pdf")
    first_page = [b for b in document.blocks if b.page == 1]
    assert document.inventory["pages"] == 2
    assert (first_page[0].id, first_page[0].text) == ("page1/p1", gold["parts"]["header"])
    assert first_page[-1].text == gold["parts"]["footer"]
    assert len([b for b in document.blocks if b.text == gold["parts"]["header"]]) == 2
    cells = [b.text for b in document.blocks if "/t1/" in b.id]
    assert all(any(text in cell for cell in cells) for text in gold["parts"]["table"])


@pytest.fixture(scope="module")
def redacted(tmp_path_factory: pytest.TempPathFactory):
    """`redacted(gold_name, use_model)` -> the output's text (each document redacted once)."""
    cache: dict[tuple[str, bool], str] = {}

    def run(gold_name: str, use_model: bool) -> str:
        if (gold_name, use_model) not in cache:
            gold = load_gold(gold_name)
            folder = (CORPUS / gold_name).parent
            options = RunOptions(use_model=use_model, accept_changes=True)
            result = redact_file(folder / gold["document"], tmp_path_factory.mktemp("out"),
                                 load_case(folder / gold["case"]), options, Detector(options))
            cache[gold_name, use_model] = normalise(output_text(result.output))
        return cache[gold_name, use_model]

    return run


def surviving(text: str, people: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(person, mention) for each gold mention still in `text` as a whole word."""
    found = []
    for person in people:
        for mention in person["mentions"]:
            pattern = r"(?<!\w)" + r"\s+".join(map(re.escape, mention.split())) + r"(?!\w)"
            found += [(person.get("id", person.get("name")), m.group(0))
                      for m in re.finditer(pattern, text)]
    return found


@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_no_case_file_person_mention_survives_redaction(
    gold_name: str, redacted, no_network: None
) -> None:
    text = redacted(gold_name, use_model=False)
    assert len(text) > 1000  # the output holds the document, not an empty shell
    assert surviving(text, load_gold(gold_name)["people"]) == []


@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_keep_terms_survive_redaction(gold_name: str, redacted, no_network: None) -> None:
    text = redacted(gold_name, use_model=False)
    assert [k for k in load_gold(gold_name)["keep"] if normalise(k) not in text] == []


@pytest.mark.model
@pytest.mark.parametrize("gold_name", GOLD_IDS)
def test_with_the_model_no_person_survives_listed_or_not(
    gold_name: str, redacted, no_network: None
) -> None:
    gold = load_gold(gold_name)
    text = redacted(gold_name, use_model=True)
    assert surviving(text, gold["people"] + gold["unlisted_people"]) == []
    assert [k for k in gold["keep"] if normalise(k) not in text] == []


def test_build_script_reproduces_the_committed_files(tmp_path: Path) -> None:
    build = load_script("build_corpus", CORPUS / "build_corpus.py")
    build.build_overview(tmp_path / "overview.docx")
    build.build_summary(tmp_path / "executive_summary.pdf")
    for name in ("overview.docx", "executive_summary.pdf"):
        assert (tmp_path / name).read_bytes() == (CORPUS / "northshire" / name).read_bytes(), (
            f"corpus/northshire/{name} is stale: run python corpus/build_corpus.py")
