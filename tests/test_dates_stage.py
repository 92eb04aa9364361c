"""The dates stage on hand-built documents (no model): precision, grammar, context, offsets."""

from __future__ import annotations

from pathlib import Path

import pytest

from redactor.case import Case
from redactor.changes import apply_to_text
from redactor.detect.dates import find_day_precise_dates
from redactor.model import Block, Change, Document, Entity, join_blocks
from redactor.options import RunOptions
from redactor.stages import StageContext
from redactor.stages import dates as dates_stage


def document(*texts: str | tuple[str, str]) -> Document:
    """Blocks from plain strings (`body/pN`) or (block id, text) pairs."""
    blocks = []
    for index, item in enumerate(texts):
        block_id, text = item if isinstance(item, tuple) else (f"body/p{index}", item)
        blocks.append(Block(id=block_id, text=text, location=block_id))
    return Document(path=Path("draft.docx"), kind="docx", blocks=join_blocks(blocks))


def propose(doc: Document, case: Case | None = None, kept: list[Entity] | None = None,
            **options: str) -> list[Change]:
    ctx = StageContext(document=doc, entities=[], case=case or Case(),
                       options=RunOptions(use_model=False, **options), kept=kept or [])
    return dates_stage.propose(ctx)


def redact(*texts: str | tuple[str, str], case: Case | None = None, **options: str) -> list[str]:
    """Run the stage and apply its changes; the blocks' texts afterwards."""
    doc = document(*texts)
    changes = propose(doc, case, **options)
    return [apply_to_text(b.text, [c for c in changes if c.block_id == b.id])
            for b in doc.blocks]


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("day", "On 14 March 2019 she moved; 3-7 April 2019 away; 22 May 2019."),
        ("month", "In March 2019 she moved; April 2019 away; May 2019."),
        ("part-of-month", "In mid-March 2019 she moved; early April 2019 away; late May 2019."),
        ("year", "In 2019 she moved; 2019 away; 2019."),
    ],
)
def test_each_precision(precision: str, expected: str) -> None:
    text = "On 14 March 2019 she moved; 3-7 April 2019 away; 22 May 2019."
    assert redact(text, date_precision=precision) == [expected]


@pytest.mark.parametrize(
    ("day", "part"), [("1", "early"), ("10", "early"), ("11", "mid-"), ("20", "mid-"),
                      ("21", "late"), ("31", "late")],
)
def test_part_of_month_boundaries(day: str, part: str) -> None:
    [out] = redact(f"Seen {day} March 2019.", date_precision="part-of-month")
    assert out == f"Seen {part}{'' if part.endswith('-') else ' '}March 2019."


def test_precision_comes_from_the_case_file_unless_the_run_says_otherwise(make_case) -> None:
    case = make_case({"dates": {"precision": "year", "dob_precision": "month"}})
    text = "Seen 14 March 2019; DOB: 02/05/1984."
    assert redact(text, case=case) == ["Seen 2019; DOB: May 1984."]
    assert redact(text, case=case, date_precision="month", dob_precision="day") == [
        "Seen March 2019; DOB: 02/05/1984."]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("DOB: 02/05/1984", "DOB: 1984"),
        ("D.O.B. 2 May 1984", "D.O.B. 1984"),
        ("Date of birth: 02/05/1984.", "Date of birth: 1984."),
        ("He was born on 2 May 1984.", "He was born in 1984."),
        ("He was born 2nd May 1984.", "He was born in 1984."),
    ],
)
def test_dates_of_birth_default_to_year(before: str, after: str) -> None:
    assert redact(before) == [after]
    assert redact(before, date_precision="day") == [after]  # its own setting


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("On 14 March 2019 she left.", "In March 2019 she left."),
        ("She left on 14 March 2019.", "She left in March 2019."),
        ("On Tuesday 14th March 2019, she left.", "In March 2019, she left."),
        ("He called at 22:15 on 14 March 2019.", "He called in March 2019."),
        ("14 March 2019 at 22:15: police called.", "March 2019: police called."),
        ("She stayed between 3 and 7 March 2019.", "She stayed in March 2019."),
        ("She stayed from 3 March to 7 April 2019.", "She stayed from March to April 2019."),
        ("She stayed 3 March to 7 April 2019.", "She stayed March to April 2019."),
        ("Between 3 March and 7 April 2019 she hid.", "Between March and April 2019 she hid."),
        ("From 20 December 2018 to 4 January 2019.", "From December 2018 to January 2019."),
        ("Seen on 14 March 2019 and 2 April 2019.", "Seen in March 2019 and April 2019."),
        ("“On 14 March 2019 I left,” she said.", "“In March 2019 I left,” she said."),
        ("3.2 On 14 March 2019 she left.", "3.2 In March 2019 she left."),
        ("3.4 At 22:15 on 14 March 2019 he hit her.", "3.4 In March 2019 he hit her."),
        ("She saw him Tuesday the 14th.", "She saw him that month."),
        ("See page 4, 14 March 2019.", "See page 4, March 2019."),
        ("The MARAC on 4 April 2019 (Thursday) met.", "The MARAC in April 2019 met."),
        ("In the early hours of 15 March 2019 he hit her.", "In March 2019 he hit her."),
        ("From the 3rd to the 7th she was away.", "That month she was away."),
        ("On the 14th and 15th she stayed away.", "That month she stayed away."),
        ("Between 14:00 and 16:00 on 3 April 2019 she rang.", "In April 2019 she rang."),
        ("On 3 April 2019 between 14:00 and 16:00 she rang.", "In April 2019 she rang."),
        ("He rang at 22.15 on 3 April 2019.", "He rang in April 2019."),
        ("He rang at 9 a.m. on 3 April 2019.", "He rang in April 2019."),
        ("He rang at 2215hrs on 3 April 2019.", "He rang in April 2019."),
        ("Reviewed at para 4.14 on 5 March 2020.", "Reviewed at para 4.14 in March 2020."),
        ("On 3 April 2019 at 10:00 on 4 April 2019 too.", "In April 2019 in April 2019 too."),
        ("In the week commencing 4 March 2019 she hid.", "In March 2019 she hid."),
        ("w/c 04/03/2019", "March 2019"),
    ],
)
def test_grammar(before: str, after: str) -> None:
    assert redact(before) == [after]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("She stayed between 3 and 7 March 2019.", "She stayed in early March 2019."),
        ("She stayed between 3 and 17 March 2019.", "She stayed between early and mid-March 2019."),
        ("She stayed 3-27 March 2019.", "She stayed early to late March 2019."),
        ("She stayed 3 March to 7 April 2019.", "She stayed early March to early April 2019."),
    ],
)
def test_ranges_at_part_of_month(before: str, after: str) -> None:
    assert redact(before, date_precision="part-of-month") == [after]


def test_the_14th_takes_its_month_from_earlier_blocks() -> None:
    assert redact("Police attended on 2 March 2019.", "On Tuesday 14th she left.",
                  "By the 20th of that month she had returned.") == [
        "Police attended in March 2019.", "In March she left.",
        "By that month she had returned."]


@pytest.mark.parametrize(
    ("precision", "expected"),
    [
        ("month", "In March 2019 she left. In March she was away."),
        ("part-of-month", "In early March 2019 she left. In early to mid-March she was away."),
        ("year", "In 2019 she left. In 2019 she was away."),
    ],
)
def test_a_range_of_bare_days_takes_the_context_month(precision: str, expected: str) -> None:
    text = "On 2 March 2019 she left. Between the 3rd and the 17th she was away."
    assert redact(text, date_precision=precision) == [expected]


def test_month_and_year_mentions_give_context_too() -> None:
    assert redact("In June 2020 the MARAC met.", "On the 9th she was discharged.") == [
        "In June 2020 the MARAC met.", "In June she was discharged."]


def test_the_14th_with_no_context_becomes_that_month_and_is_flagged() -> None:
    doc = document("On the 14th she left.")
    [change] = propose(doc)
    assert (change.after, change.flagged) == ("That month", True)


CHRONOLOGY = [
    ("body/t0/r0c0/p0", "Date"), ("body/t0/r0c1/p0", "Event"),
    ("body/t0/r1c0/p0", "14/03/2019"), ("body/t0/r1c1/p0", "GP appointment at 09:30."),
    ("body/t0/r2c0/p0", "Tuesday 2 April 2019"),
    ("body/t0/r2c1/p0", "Police called at 22:15 on the 2nd; again on Friday 5th."),
    ("body/t0/r3c0/p0", "3-7 May 2019"), ("body/t0/r3c1/p0", "Stayed with her sister."),
    ("body/t0/r4c0/p0", "2019-06-21"), ("body/t0/r4c1/p0", "MARAC (Care Act 2014 duty)."),
    ("body/t0/r5c0/p0", "30.07.2019"), ("body/t0/r5c1/p0", "Aged 34, she moved for 14 days."),
]


def test_chronology_table_keeps_month_and_year_and_no_day() -> None:
    out = dict(zip([b for b, _ in CHRONOLOGY], redact(*CHRONOLOGY), strict=True))
    assert [out[f"body/t0/r{r}c0/p0"] for r in range(6)] == [
        "Date", "March 2019", "April 2019", "May 2019", "June 2019", "July 2019"]
    assert out["body/t0/r2c1/p0"] == "Police called in April; again in April."
    assert out["body/t0/r4c1/p0"] == "MARAC (Care Act 2014 duty)."
    assert out["body/t0/r5c1/p0"] == "Aged 34, she moved for 14 days."
    assert not any(find_day_precise_dates(text) for text in out.values())


@pytest.mark.parametrize(
    "text",
    [
        "In 2019 she moved.",
        "In March 2019 she moved.",
        "The Care Act 2014 applies.",
        "She was aged 34.",
        "He stayed 14 days.",
        "At 22:15 she rang 999.",
        "See section 4.2 and paragraph 3.14.",
        "She owed £1,450.50.",
        "He drank 14 units a week.",
        "Version 3.1.4 of the policy.",
        "She lived on the 14th floor.",
        "6.2 March 2019: police attended.",
        "12.3 June 2020 (agency contact).",
        "March 2024 February 2024",
        "Drafts 2024 March 2025.",
    ],
)
def test_leaves_other_numbers_alone(text: str) -> None:
    assert redact(text) == [text]


def test_never_changes_a_keep_span() -> None:
    text = "The Domestic Abuse Act 2021 (commenced 29 April 2021) applied from 1 May 2021."
    start = text.index("(commenced")
    kept = [Entity("body/p0", start, text.index(")") + 1, "KEEP", "", 1.0, "keep")]
    changes = propose(document(text), kept=kept)
    assert [c.before for c in changes] == ["1 May 2021"]


def test_changes_carry_rule_reason_offsets_and_parsed_date() -> None:
    text = "Seen on 14/3/19 and on 2 April 2019 at 10:00."
    changes = propose(document(text))
    assert [(c.before, c.after, c.rule, c.flagged) for c in changes] == [
        ("on 14/3/19", "in March 2019", "date.dmy-numeric-short.v1", True),
        ("on 2 April 2019 at 10:00", "in April 2019", "date.dmy-long.v1", False),
    ]
    for change in changes:
        assert text[change.start:change.end] == change.before
        assert change.stage == "dates"
        assert change.reason == "day-precise date reduced to month precision"
        assert change.location == "body/p0"
    assert changes[0].detail == {"parsed": "2019-03-14", "precision": "month", "lead": "lead.on.v1"}
    assert changes[1].detail["time_dropped"] is True
    assert apply_to_text(text, changes) == "Seen in March 2019 and in April 2019."


@pytest.mark.parametrize(("redact_flagged", "status"), [(True, "applied"), (False, "flagged")])
def test_unsure_dates_are_reduced_unless_flagged_ones_are_kept_for_review(
    redact_flagged: bool, status: str
) -> None:
    doc = document("Seen on 14/3/19 and on 14/03/2019.")
    ctx = StageContext(document=doc, entities=[], case=Case(),
                       options=RunOptions(use_model=False, redact_flagged=redact_flagged))
    changes = dates_stage.propose(ctx)
    assert [(c.flagged, c.status) for c in changes] == [(True, status), (False, "applied")]


def test_detections_date_of_birth_findings_mark_a_date_of_birth() -> None:
    text = "Mr X (12 March 1980) was interviewed on 2 May 2019."
    doc = document(text)
    start = text.index("12 March")
    birth = Entity("body/p0", start, start + len("12 March 1980"), "DATE_OF_BIRTH",
                   "12 March 1980", 0.8, "date-of-birth.after-keyword.v1")
    ctx = StageContext(document=doc, entities=[birth], case=Case(), options=RunOptions())
    changes = dates_stage.propose(ctx)
    assert apply_to_text(text, changes) == "Mr X (1980) was interviewed in May 2019."
    assert changes[0].reason == "date of birth reduced to year precision"


def test_a_birthday_with_no_year_keeps_only_the_month() -> None:
    assert redact("She was born on 2 May.") == ["She was born in May."]


def test_day_precision_proposes_nothing() -> None:
    assert propose(document("On 14 March 2019 she left."), date_precision="day") == []


# ---- the corpus: every gold day-precise date is gone, its month and year remain -----------

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
GOLD_FILES = sorted(CORPUS.glob("*/*.gold.yaml"))


def _output_text(path: Path) -> str:
    """The redacted output's words, whitespace collapsed (a line break counts as a space)."""
    if path.suffix == ".docx":
        import docx

        word = docx.Document(str(path))
        texts = [p.text for p in word.paragraphs]
        texts += [p.text for table in word.tables for row in table.rows for cell in row.cells
                  for p in cell.paragraphs]
        text = "\n".join(texts)
    else:
        text = path.read_text(encoding="utf-8")
    return " ".join(text.split())


@pytest.mark.parametrize("gold_path", GOLD_FILES, ids=[p.parent.name + "/" + p.stem
                                                       for p in GOLD_FILES])
def test_corpus_drafts_lose_every_day_and_keep_month_and_year(gold_path: Path,
                                                              tmp_path: Path) -> None:
    import yaml

    from redactor.case import load_case
    from redactor.detect.engine import Detector
    from redactor.pipeline import redact_file

    gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
    draft = gold_path.parent / gold["document"]
    case = load_case(gold_path.parent / gold.get("case", "case.yaml"))
    result = redact_file(draft, tmp_path, case, RunOptions(use_model=False, accept_changes=True),
                         Detector(RunOptions(use_model=False)))
    assert result.output is not None
    out = _output_text(result.output)
    assert gold["dates"]
    for item in gold["dates"]:
        assert " ".join(item["text"].split()) not in out, item
        remains = item["month_year"].split()[-1] if item.get("dob") else item["month_year"]
        assert remains in out, item
    for month_year in gold.get("month_year_only", []):
        assert month_year in out
    assert [m.text for m in find_day_precise_dates(out)] == []


def test_the_corpus_is_there() -> None:
    assert {p.parent.name for p in GOLD_FILES} >= {"northshire", "eastvale"}
